// The Learning Community Profile: the founder, an editor, opens the first
// version, writes a section with evidence, sees the draft's live figures,
// publishes it, comments, starts the action phase, opens a second version,
// changes the text and publishes it, reads what changed, prints a version
// (print stylesheet: no menus, forms or comments) and downloads it as
// Markdown. Starts and ends signed in as the founder.
import assert from 'node:assert/strict';

export default async function (p, { slug }) {
  const page = p.page;
  await p.load(`/c/${slug}/profile`, 'profile-none');
  await p.submit(`main form[action="/c/${slug}/profile/versions"] button`, 'profile-opened');
  assert.equal(new URL(page.url()).pathname, `/c/${slug}/profile/versions/1/edit`);

  await p.fill({ '#b-needs': 'Digital skills for **older residents**.\nEnglish for newcomers.' });
  await page.check('#section-needs input[value=organizations_by_sector]');
  await p.submit('#section-needs form button[type=submit]', 'profile-section-saved');
  assert.match(await page.locator('main .flash').textContent(), /Section saved/);

  await p.submit(`main a[href="/c/${slug}/profile/versions/1"]`, 'profile-draft');
  assert.match(await page.locator('main .notice').textContent(), /draft/);
  assert.match(await page.locator('#section-needs figure.evidence figcaption').textContent(), /Live figures/);

  await p.load(`/c/${slug}/profile/versions/1/edit`, 'profile-edit');
  await p.submit(`main form[action$="/profile/versions/1/publish"] button`, 'profile-published');
  assert.match(await page.locator('#section-needs figure.evidence figcaption').textContent(), /when this version was published/);
  assert.ok(await page.locator('#section-needs figure.evidence tfoot a[href$="/organizations"]').count(), 'the total links to the directory');

  await p.fill({ '#c-needs': 'Please add the Welsh classes for children.' });
  await p.submit('main form[action$="/versions/1/sections/needs/comments"] button', 'profile-commented');
  assert.match(await page.locator('main .profile-comments').first().textContent(), /Welsh classes/);

  await p.submit(`main form[action$="/profile/versions/1/phase"] button`, 'profile-action-phase');
  assert.match(await page.locator('main .profile-head').textContent(), /Action phase/);

  // The second version, copied from the first.
  await p.load(`/c/${slug}/profile`, 'profile-current');
  await p.submit(`main form[action="/c/${slug}/profile/versions"] button`, 'profile-opened-2');
  assert.match(await page.locator('#b-needs').inputValue(), /older residents/);
  await p.fill({ '#b-needs': 'Digital skills for **older residents**.\nEnglish for work, for newcomers.' });
  await p.submit('#section-needs form button[type=submit]', 'profile-section-saved-2');
  await p.submit(`main form[action$="/profile/versions/2/publish"] button`, 'profile-published-2');
  await p.submit(`main a[href="/c/${slug}/profile/versions/2/diff"]`, 'profile-diff');
  assert.match(await page.locator('main .diff ins').first().textContent(), /English for work/);
  assert.match(await page.locator('main .diff del').first().textContent(), /English for newcomers/);

  // Printed, a version is the document: no menus, forms or comments.
  await p.load(`/c/${slug}/profile/versions/1`, 'profile-version-1');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('nav.community').isVisible(), false, 'the menu does not print');
  assert.equal(await page.locator('main .profile-comments').first().isVisible(), false, 'comments do not print');
  assert.ok(await page.locator('#section-needs figure.evidence').isVisible(), 'the evidence prints');
  await page.emulateMedia({ media: 'screen' });

  // The Markdown export.
  const md = await page.request.get(new URL(`/c/${slug}/profile/versions/2.md`, page.url()).href);
  assert.equal(md.status(), 200);
  assert.match(await md.text(), /## What learning needs and interests do we have, and whose\?/);
}
