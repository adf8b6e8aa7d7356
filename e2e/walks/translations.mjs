// Content in several languages (issue 23, item 4): the founder, who runs
// the library, writes its name and description in Welsh on the
// translations page; the page then reads in Welsh when Welsh is asked
// for, with a note that it is a translation and a link to the original;
// a refused translation (into the original's own language) says why.
// Starts and ends signed in as the founder.
import assert from 'node:assert/strict';

export default async function (p, { slug }) {
  const page = p.page;
  await p.load(`/c/${slug}/organizations`, 'translations-directory');
  await Promise.all([page.waitForEvent('load'), page.locator('main a', { hasText: /^Cwm Tawel Library$/ }).first().click()]);
  await p.check('translations-organization');
  const org = new URL(page.url()).pathname;
  await p.submit('main .content-note a[href*="/translations/organization/"]', 'translations-page');
  assert.match(await page.locator('main h1').textContent(), /Cwm Tawel Library/);

  await p.fill({ '#f-cy-title': 'Llyfrgell Cwm Tawel', '#f-cy-description': 'Llyfrau a gweithdy bach.' });
  await p.submit('#lang-cy form button[type=submit]', 'translations-saved');
  assert.match(await page.locator('.flash').first().textContent(), /translation is saved/);
  assert.equal(await page.inputValue('#f-cy-title'), 'Llyfrgell Cwm Tawel');

  await p.load(`${org}?content=cy`, 'translations-welsh');
  assert.equal((await page.locator('main h1').textContent()).trim(), 'Llyfrgell Cwm Tawel');
  assert.match(await page.locator('main .content-note').textContent(), /Translated from English/);
  await p.submit('main .content-note a[hreflang="en"]', 'translations-original');
  assert.equal((await page.locator('main h1').textContent()).trim(), 'Cwm Tawel Library');
}
