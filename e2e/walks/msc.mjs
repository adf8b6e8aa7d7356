// Most Significant Change: open a cycle (first without a title), tell a
// story for a person without an account (first without why it matters),
// collect an anonymous one, let Irina tell her own; form two panels,
// move the cycle to selection, choose at level 1 (first without reasons)
// and at level 2 with a dissent; read the story with both panels'
// reasons (and printed), the analysis with its counts, and Irina's feedback; close the
// cycle. Starts and ends signed in as the founder.
import assert from 'node:assert/strict';

async function signInAs(p, email, password, label) {
  await p.submit('header form[action="/signout"] button', `${label}-out`);
  await p.load('/signin', `${label}-signin`);
  await p.fill({ '#f-email': email, '#f-password': password });
  await p.submit('main form button[type=submit]', `${label}-in`);
}

export default async function (p, { slug, owner, joiner, password }) {
  const page = p.page;
  await p.load(`/c/${slug}/msc`, 'msc-none');
  await p.submit(`main a.button[href="/c/${slug}/msc/new"]`, 'msc-new');
  await p.submit('main form button[type=submit]', 'msc-new-refused');
  assert.ok(await page.locator('#f-title-error').isVisible(), 'the missing title is shown beside its field');
  await p.fill({ '#f-title': 'A year of change', '#f-from': '2025-01-01' });
  await p.submit('main form button[type=submit]', 'msc-cycle');
  const cycle = new URL(page.url()).pathname;
  assert.match(cycle, /\/msc\/[^/]+$/);

  // Gwilym has no account: the founder collects his story.
  await p.submit(`main a.button[href="${cycle}/tell"]`, 'msc-tell');
  await page.check('#f-teller_kind-person');
  await p.fill({ '#f-teller_name': 'Gwilym Price', '#f-title': 'Dysgu Cymraeg', '#f-story': 'Bob nos Fercher rydw i\'n dysgu Cymraeg yn Neuadd y Glowyr.' });
  await page.selectOption('#f-language', 'cy');
  await page.selectOption('#f-domain', 'learning');
  await p.submit('main form button[type=submit]', 'msc-tell-refused');
  assert.ok(await page.locator('#f-why-error').isVisible(), 'why it matters is asked for beside its field');
  await p.fill({ '#f-why': 'Mae fy iaith yn fyw eto.' });
  await p.submit('main form button[type=submit]', 'msc-story');
  assert.match(await page.locator('main').textContent(), /Gwilym Price/);

  // An anonymous story, collected by the founder.
  await p.load(`${cycle}/tell`, 'msc-tell-anonymous');
  await page.check('#f-teller_kind-anonymous');
  await page.check('#f-consent-publish');
  await page.selectOption('#f-domain', 'participation');
  await p.fill({ '#f-title': 'Out of the house again', '#f-story': 'I walk every Wednesday now.', '#f-why': 'I have friends again.' });
  await page.selectOption('#f-language', 'en');
  await p.submit('main form button[type=submit]', 'msc-story-anonymous');

  // Irina tells her own.
  await signInAs(p, joiner, password, 'msc-irina');
  await p.load(`${cycle}/tell`, 'msc-tell-irina');
  await page.selectOption('#f-domain', 'work');
  await p.fill({ '#f-title': 'Работа благодаря клубу', '#f-story': 'Разговорный клуб помог мне найти работу.', '#f-why': 'Теперь я помогаю сама.' });
  await page.selectOption('#f-language', 'ru');
  await p.submit('main form button[type=submit]', 'msc-story-irina');
  // She changes her story's title while the cycle collects.
  await p.submit('main a[href$="/edit"]', 'msc-story-edit');
  await p.fill({ '#f-title': 'Работа благодаря разговорному клубу' });
  await p.submit('main form button[type=submit]', 'msc-story-edited');
  assert.match(await page.locator('h1').textContent(), /разговорному клубу/);
  await signInAs(p, owner, password, 'msc-owner');

  // The founder changes the cycle's title.
  await p.load(`${cycle}/edit`, 'msc-cycle-edit');
  await p.fill({ '#f-title': 'A year of change in the valley' });
  await p.submit('main form button[type=submit]', 'msc-cycle-edited');
  assert.match(await page.locator('h1').textContent(), /in the valley/);

  // Two panels: the founder and Irina at level 1, the founder at level 2.
  await p.load(cycle, 'msc-cycle-panels');
  await p.fill({ '#f-name': 'Hall panel', '#f-level': '1' });
  await page.check('main form[action$="/panels"] input[name=member_ids] + label >> text=Carys Morgan');
  await page.check('main form[action$="/panels"] input[name=member_ids] + label >> text=Irina Petrova');
  await p.submit('main form[action$="/panels"] button[type=submit]', 'msc-panel-1');
  const panel1 = new URL(page.url()).pathname;
  await p.load(cycle, 'msc-cycle-panel-2');
  await p.fill({ '#f-name': 'Community panel', '#f-level': '2' });
  await page.check('main form[action$="/panels"] input[name=member_ids] + label >> text=Carys Morgan');
  await p.submit('main form[action$="/panels"] button[type=submit]', 'msc-panel-2');
  const panel2 = new URL(page.url()).pathname;
  await p.load(cycle, 'msc-cycle-advance');
  await p.submit('main form[action$="/advance"] button', 'msc-selecting');

  // Level 1 chooses in learning: without reasons it is refused.
  const learning = 'main form:has(input[name=domain][value=learning])';
  await p.load(panel1, 'msc-panel-select');
  await page.check(`${learning} input[name=story_id]`);
  await p.submit(`${learning} button[type=submit]`, 'msc-select-refused');
  assert.ok(await page.locator('main .error').first().isVisible(), 'the missing reasons are named');
  await page.check(`${learning} input[name=story_id]`);
  await p.fill({ [`${learning} textarea[name=reasons]`]: 'The language and the man both came back to life.' });
  await p.submit(`${learning} button[type=submit]`, 'msc-selected-1');
  assert.match(await page.locator('main').textContent(), /came back to life/);

  // Level 2 chooses from what level 1 put forward, with a dissent.
  await p.load(panel2, 'msc-panel-2-select');
  await page.check(`${learning} input[name=story_id]`);
  await page.check(`${learning} input[name=method][value=vote]`);
  await p.fill({ [`${learning} input[name=votes_for]`]: '1', [`${learning} textarea[name=reasons]`]: 'It joins the oldest and the newest people of the valley.',
    [`${learning} textarea[name=dissent]`]: 'We should wait a year to see whether it lasts.' });
  await p.submit(`${learning} button[type=submit]`, 'msc-selected-2');
  await p.load(cycle, 'msc-cycle-selections');
  await p.submit('main a[href*="/stories/"] >> text=Dysgu Cymraeg', 'msc-story-selected');
  assert.match(await page.locator('main').textContent(), /oldest and the newest.*wait a year/s);
  // Printed, the story is its text and the panels' reasons: no menu, no
  // buttons.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav.community').isVisible(), false, 'the menu does not print');
  assert.equal(await page.locator('main button').first().isVisible(), false, 'no button prints');
  assert.match(await page.locator('main').innerText(), /Bob nos Fercher.*oldest and the newest/s, 'the story and the reasons print');
  await page.emulateMedia({ media: 'screen' });

  // The analysis: three stories, counted by domain and language.
  await p.load(`${cycle}/stories`, 'msc-stories');
  assert.match(await page.locator('main').textContent(), /3 stories/);
  await page.selectOption('#f-selected', 'no');
  await p.submit('main form.filters button[type=submit]', 'msc-stories-unselected');
  assert.equal(await page.locator('main ul.cards > li').count(), 2);

  // Irina, on the first panel, hears the community panel's reasons.
  await signInAs(p, joiner, password, 'msc-feedback');
  await p.load('/me/notifications', 'msc-notifications');
  assert.match(await page.locator('main').textContent(), /oldest and the newest/);
  await signInAs(p, owner, password, 'msc-back');
  await p.load(cycle, 'msc-cycle-close');
  await p.submit('main form[action$="/advance"] button', 'msc-closed');
  assert.match(await page.locator('main').textContent(), /closed/);
  await p.load(`/c/${slug}/msc`, 'msc-chosen');
  assert.match(await page.locator('main .msc-selected').textContent(), /Dysgu Cymraeg.*oldest and the newest/s);
}
