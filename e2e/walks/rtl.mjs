// Right to left: a handful of the main pages in Arabic (chosen by the
// address, ?lang=ar), in every pass — axe at desktop width, the phone's
// 360 px with its checks for clipping and sideways scrolling, and without
// JavaScript. Each page is dir="rtl"; the month starts on Saturday, the
// first day of the week where Arabic is spoken (CLDR); the layout
// mirrors: the main column's text starts at its right edge.
// Starts and ends signed in as the founder.
import assert from 'node:assert/strict';

export default async function (p, { slug }) {
  const page = p.page;
  for (const [path, label] of [
    [`/c/${slug}`, 'rtl-community'],
    [`/c/${slug}/organizations`, 'rtl-directory'],
    [`/c/${slug}/resources`, 'rtl-resources'],
    [`/c/${slug}/activities`, 'rtl-activities'],
    [`/c/${slug}/activities/month`, 'rtl-month'],
    [`/c/${slug}/members`, 'rtl-members'],
    [`/c/${slug}/record`, 'rtl-record'],
    ['/me', 'rtl-me'],
  ]) {
    await p.load(`${path}?lang=ar`, label);
    assert.equal(await page.getAttribute('html', 'lang'), 'ar', `${path} is in Arabic`);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl', `${path} reads right to left`);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('main')).direction), 'rtl');
  }
  // The month's first column is Saturday (السبت).
  await p.load(`/c/${slug}/activities/month?lang=ar`, 'rtl-month-first-day');
  if (await page.locator('table.month thead th').first().isVisible()) {
    assert.equal((await page.locator('table.month thead th').first().textContent()).trim(), 'السبت');
  }
  // The layout mirrors: the heading's words start at the main column's
  // right edge, not its left.
  const side = await page.evaluate(() => {
    const h1 = document.querySelector('main h1');
    const range = document.createRange();
    range.selectNodeContents(h1);
    const text = range.getBoundingClientRect();
    const box = h1.getBoundingClientRect();
    return { left: text.left - box.left, right: box.right - text.right };
  });
  assert.ok(side.right < side.left, `the heading sits on the right (${JSON.stringify(side)})`);
  // Back to a page without ?lang=, so the walks after this one go on in
  // the reader's own language.
  await p.load(`/c/${slug}`, 'rtl-done');
  assert.notEqual(await page.getAttribute('html', 'dir'), 'rtl');
}
