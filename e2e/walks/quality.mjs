// Quality rounds: the founder (an editor, the Library's admin) opens a
// UNESCO round (first with a mistake), puts herself on the panel for the
// Library and Irina as a citizen, rates "governance" high (first with
// evidence from another site, refused beside the field); Irina rates it
// low; the founder closes the round and reads the results — the chart and
// the table by sector, and printed — then agrees an overdue action point for Irina and
// sees it stand out on the list and on the overview.
// Starts and ends signed in as the founder.
import assert from 'node:assert/strict';

async function signInAs(p, email, password, label) {
  await p.submit('header form[action="/signout"] button', `${label}-out`);
  await p.load('/signin', `${label}-signin`);
  await p.fill({ '#f-email': email, '#f-password': password });
  await p.submit('main form button[type=submit]', `${label}-in`);
}

export default async function (p, { slug, joiner, owner, password }) {
  const page = p.page;
  await p.load(`/c/${slug}/quality`, 'quality-none');
  await p.submit(`main a.button[href="/c/${slug}/quality/new"]`, 'quality-new');

  // A round without a title is refused beside the field.
  await p.fill({ '#f-period_start': '2030-01-01', '#f-period_end': '2030-12-31', '#f-method': 'An open evening in the library.' });
  await p.submit('main form button[type=submit]', 'quality-new-refused');
  assert.ok(await page.locator('#f-title-error').isVisible(), 'the missing title is shown beside its field');
  await p.fill({ '#f-title': 'Learning city check-up' });
  await p.submit('main form button[type=submit]', 'quality-round');
  const round = new URL(page.url()).pathname;
  assert.match(round, new RegExp(`^/c/${slug}/quality/[^/]+$`));

  // The panel: the founder for the Library, Irina as a citizen.
  const value = async (text) => page.locator('#f-choice option', { hasText: text }).first().getAttribute('value');
  await page.selectOption('#f-choice', await value('Cwm Tawel Library'));
  await p.submit('main form[action$="/panel"] button[type=submit]', 'quality-panel-founder');
  await page.selectOption('#f-choice', await value('Irina Petrova — '));
  await p.submit('main form[action$="/panel"] button[type=submit]', 'quality-panel-irina');
  assert.match(await page.locator('main ul.panel').textContent(), /Irina Petrova.*Citizens/s);

  // The founder rates governance: evidence from elsewhere is refused.
  const gov = 'main form#rate-unesco-governance';
  await page.check(`${gov} input[name=score][value="4"]`);
  await p.fill({ [`${gov} textarea[name=comment]`]: 'The council consults on every plan.', [`${gov} textarea[name=evidence]`]: 'https://example.org/minutes' });
  await p.submit(`${gov} button[type=submit]`, 'quality-rate-refused');
  assert.ok(await page.locator(`${gov} .error`).first().isVisible(), 'the outside link is refused beside the field');
  await page.check(`${gov} input[name=score][value="4"]`);
  await p.fill({ [`${gov} textarea[name=evidence]`]: `/c/${slug}/organizations` });
  await p.submit(`${gov} button[type=submit]`, 'quality-rated');
  assert.match(await page.locator(gov).textContent(), /You rated 4/);

  // Irina sees it differently.
  await signInAs(p, joiner, password, 'quality-irina');
  await p.load(round, 'quality-round-irina');
  await page.check(`${gov} input[name=score][value="1"]`);
  await p.fill({ [`${gov} textarea[name=comment]`]: 'We hear about decisions after they are made.' });
  await p.submit(`${gov} button[type=submit]`, 'quality-rated-irina');

  // The founder closes the round and reads the results.
  await signInAs(p, owner, password, 'quality-owner');
  await p.load(round, 'quality-round-owner');
  await p.submit(`main form[action="${round}/close"] button`, 'quality-results');
  assert.ok(await page.locator('main .quality-results svg[role=img]').isVisible(), 'the chart is drawn');
  assert.match(await page.locator('main table.quality-table').textContent(), /Governance and participation.*Culture.*Citizens/s);
  assert.match(await page.locator('main ul.ratings').textContent(), /after they are made/);
  // Every figure of the table links to its criterion's row (by sector).
  assert.ok(await page.locator('main table.quality-table a[href$="/results#result-unesco-governance-citizens"]').count() > 0,
    'the citizens\' mean links to its row');

  // Printed, the results are the chart and the table: no menu, no forms,
  // no links back.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav.community').isVisible(), false, 'the menu does not print');
  assert.equal(await page.locator('main p.row').first().isVisible(), false, 'the links back do not print');
  assert.ok(await page.locator('main .quality-results svg[role=img]').isVisible(), 'the chart prints');
  assert.ok(await page.locator('main table.quality-table').isVisible(), 'the table prints');
  await page.emulateMedia({ media: 'screen' });

  // An action point for Irina, due yesterday: it stands out.
  await p.load(round, 'quality-round-closed');
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  await p.fill({ '#f-text': 'Hold a council meeting in the evening at the library.', '#f-due': yesterday });
  await page.selectOption('#f-owner_id', { label: 'Irina Petrova' });
  await p.submit('main form[action$="/action-points"] button[type=submit]', 'quality-action-added');
  await p.load(`/c/${slug}/quality/action-points`, 'quality-action-points');
  assert.equal(await page.locator('main ul.action-points li.overdue').count(), 1);
  await p.load(`/c/${slug}/quality`, 'quality-list');
}
