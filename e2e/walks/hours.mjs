// Volunteer hours: log time (first with a mistake), record a volunteer
// day, confirm hours as the person they were given to, ask a question as
// an organization's admin, and read the totals and a person's hours.
// Then badges: define one (first with a rule that can never fire), award
// it to Irina, open its credential page, check it on the verification
// page, see a tampered copy refused, revoke it and see it refused too.
// Last the time bank: turn it on with a lower limit, see a transfer past
// it refused beside its field, and transfer time to Irina; then an
// alliance with a neighbouring time bank, proposed, accepted, a transfer
// across, ended.
// Starts and ends signed in as the founder, the Library's admin.
import assert from 'node:assert/strict';

async function signInAs(p, email, password, label) {
  await p.submit('header form[action="/signout"] button', `${label}-out`);
  await p.load('/signin', `${label}-signin`);
  await p.fill({ '#f-email': email, '#f-password': password });
  await p.submit('main form button[type=submit]', `${label}-in`);
}

export default async function (p, { slug, owner, joiner, password }) {
  const page = p.page;
  await p.load(`/c/${slug}/hours`, 'hours-none');
  await p.submit(`main a.button[href="/c/${slug}/hours/new"]`, 'hours-new');

  // Zero hours are refused beside the field; then the lift is logged.
  await page.selectOption('#f-target', { label: 'Irina Petrova' });
  await p.fill({ '#f-duration': '0', '#f-what': 'A lift to the station' });
  await p.submit('main form button[type=submit]', 'hours-refused');
  assert.ok(await page.locator('#f-duration-error').isVisible(), 'the duration problem is shown beside it');
  await p.fill({ '#f-duration': '1:30' });
  await p.submit('main form button[type=submit]', 'hours-logged');
  assert.match(await page.locator('main .hours-entries').textContent(), /1\.5 h.*waiting for confirmation/s);

  // A volunteer day for the Library, with Irina; the founder's own waits.
  await p.load(`/c/${slug}/hours/day`, 'hours-day');
  await page.selectOption('#f-target', { label: 'Cwm Tawel Library' });
  await p.fill({ '#f-duration': '5', '#f-what': 'Book sale and shelf tidying' });
  await page.selectOption('#f-theme', 'culture');
  await page.check('main input[name=user_ids] + label >> text=Irina Petrova');
  await page.check('main input[name=user_ids] + label >> text=Carys Morgan');
  await p.submit('main form button[type=submit]', 'hours-day-recorded');
  assert.match(await page.locator('main .hours-figures').textContent(), /5\.0\s*confirmed hours/);
  await p.load(`/c/${slug}/hours/mine`, 'hours-mine');
  assert.equal(await page.locator('main .hours-entries > li').count(), 2);

  // Irina confirms the lift given to her, and logs time for the Library.
  await signInAs(p, joiner, password, 'hours-irina');
  await p.load(`/c/${slug}/hours/to-confirm`, 'hours-to-confirm');
  await p.submit('main form.decide button[value=confirm]', 'hours-confirmed');
  assert.match(await page.locator('main').textContent(), /Nothing waits for you/);
  await p.load(`/c/${slug}/hours/new`, 'hours-new-irina');
  await page.selectOption('#f-target', { label: 'Cwm Tawel Library' });
  await p.fill({ '#f-duration': '2', '#f-what': 'Digital skills drop-in' });
  await p.submit('main form button[type=submit]', 'hours-logged-irina');

  // The founder, the Library's admin, asks about it; then reads the totals.
  await signInAs(p, owner, password, 'hours-owner');
  await p.load(`/c/${slug}/hours/to-confirm`, 'hours-to-confirm-owner');
  await p.fill({ 'main form.decide textarea[name=question]': 'Was that the Tuesday drop-in?' });
  await p.submit('main form.decide button[value=ask]', 'hours-asked');
  await p.load(`/c/${slug}/hours`, 'hours-totals');
  assert.match(await page.locator('main .hours-figures').textContent(), /6\.5\s*confirmed hours/);
  await p.submit('main table.hours a >> text=Irina Petrova', 'hours-person');
  assert.match(await page.locator('main .hours-entries').textContent(), /Book sale/);

  // Badges.
  await p.load(`/c/${slug}/achievements`, 'badges-none');
  await p.fill({ '#f-name': 'Library helper', '#f-description': 'Helps at the library', '#f-criteria': 'Gave a day to the library' });
  await page.selectOption('#f-rule', 'hours');
  await p.fill({ '#f-rule_n': '0' });
  await p.submit('main form[action$="/achievements"] button[type=submit]', 'badge-refused');
  assert.ok(await page.locator('#f-rule_n-error').isVisible(), 'the rule that can never fire is refused beside its field');
  await page.selectOption('#f-rule', '');
  await p.fill({ '#f-rule_n': '' });
  await p.submit('main form[action$="/achievements"] button[type=submit]', 'badge');
  await page.selectOption('#f-user_id', { label: 'Irina Petrova' });
  await p.fill({ '#f-evidence': 'The book sale and shelf tidying day' });
  await p.submit('main form[action$="/awards"] button[type=submit]', 'badge-awarded');
  await p.submit('main .hours-entries a[href*="/credentials/"]', 'credential');
  const check = await page.locator('main a.button[href*="/verify?credential="]').getAttribute('href');
  await p.submit('main a.button[href*="/verify?credential="]', 'verified');
  assert.match(await page.locator('main .verify-ok').textContent(), /Valid/);
  const token = new URL(check, 'http://x').searchParams.get('credential');
  const [h, body, sig] = token.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
  claims.name = 'Library director';
  const tampered = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), sig].join('.');
  await p.load(`/c/${slug}/verify?credential=${tampered}`, 'verify-tampered');
  assert.match(await page.locator('main .verify-bad').textContent(), /forged or changed/);
  await p.load(`/c/${slug}/badges/mine`, 'badges-mine');
  await p.load(`/c/${slug}/achievements`, 'badges');
  await p.submit('main .card h2 a', 'badge-again');
  await p.submit('main form[action$="/revoke"] button', 'badge-revoked');
  await p.load(check, 'verify-revoked');
  assert.match(await page.locator('main .verify-bad').textContent(), /revoked/);

  // The time bank.
  await p.load(`/c/${slug}/timebank`, 'timebank-off');
  await page.check('#f-enabled');
  await p.fill({ '#f-min_hours': '-2' });
  await p.submit('main form[action$="/timebank/settings"] button[type=submit]', 'timebank-on');
  await page.selectOption('#f-to', { label: 'Irina Petrova' });
  await p.fill({ '#f-duration': '3', '#f-note': 'Tidying the shelves' });
  await page.selectOption('#f-category', 'household');
  await p.submit('main form[action$="/timebank/transfers"] button[type=submit]', 'transfer-refused');
  assert.ok(await page.locator('#f-duration-error').isVisible(), 'the transfer past the limit is refused beside its field');
  await p.fill({ '#f-duration': '1:30' });
  await p.submit('main form[action$="/timebank/transfers"] button[type=submit]', 'transferred');
  assert.match(await page.locator('main table.hours').textContent(), /to Irina Petrova.*−1\.5/s);

  // An alliance with a neighbouring time bank: start the neighbours'
  // community, turn its time bank on, propose the alliance from here,
  // accept it there, transfer time across to Irina (the founder belongs to
  // both, so may choose her), and end it.
  const other = `${slug}-nb`;
  await p.load('/communities/new', 'alliance-community-new');
  await p.fill({ '#f-name': `Neighbours of ${slug}`, '#f-slug': other, '#f-description': 'The next valley.' });
  await page.selectOption('#f-languages', 'en');
  await page.selectOption('#f-time_zone', 'Europe/London');
  await p.submit('main form button[type=submit]', 'alliance-community');
  await p.load(`/c/${other}/timebank`, 'alliance-other-off');
  await page.check('#f-enabled');
  await p.submit('main form[action$="/timebank/settings"] button[type=submit]', 'alliance-other-on');
  await p.load(`/c/${slug}/timebank`, 'alliance-home');
  await p.fill({ '#f-partner': slug });
  await p.submit('main form[action$="/timebank/alliances"] button[type=submit]', 'alliance-itself');
  assert.ok(await page.locator('#f-partner-error').isVisible(), 'an alliance with itself is refused beside the field');
  await p.fill({ '#f-partner': other, '#f-alliance_note': 'Neighbours helping neighbours' });
  await p.submit('main form[action$="/timebank/alliances"] button[type=submit]', 'alliance-proposed');
  const id = new URL(page.url()).pathname.split('/').pop();
  await p.load(`/c/${other}/timebank/alliances/${id}`, 'alliance-there');
  await p.submit('main form[action$="/accept"] button[type=submit]', 'alliance-accepted');
  await page.selectOption('#f-to', { label: 'Irina Petrova' });
  await p.fill({ '#f-duration': '1', '#f-note': 'A lift over the hill' });
  await p.submit('main form[action$="/transfers"] button[type=submit]', 'alliance-transferred');
  // These books are the neighbours': Irina, whose profile is not public,
  // is named there only as a member of the other community.
  const books = await page.locator('main table.hours').textContent();
  assert.match(books, /a member of/);
  assert.doesNotMatch(books, /Irina Petrova/);
  await p.load(`/c/${slug}/timebank/alliances/${id}`, 'alliance-home-side');
  assert.match(await page.locator('main .hours-figures').textContent(), /-1/);
  await p.submit('main form[action$="/end"] button[type=submit]', 'alliance-ended');
}
