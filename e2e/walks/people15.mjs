// Reporting a person (issue 15, item 14): Irina, a member, reports the
// founder from the founder's member page — the form links the agreements
// it cites — and a second report says the first was counted already.
// Then she chooses her own time zone (item 11). Starts and ends signed in
// as the founder.
import assert from 'node:assert/strict';

export default async function (p, { slug, owner, joiner, password }) {
  const page = p.page;
  await p.submit('header form[action="/signout"] button', 'people15-signed-out');
  await p.load('/signin', 'people15-signin');
  await p.fill({ '#f-email': joiner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'people15-signed-in');

  await p.load(`/c/${slug}/members`, 'people15-members');
  await p.submit('main table a >> text=Carys Morgan', 'people15-member');
  const member = new URL(page.url()).pathname;
  await page.click('details.flag summary'); // <details> opens without JavaScript too
  assert.ok(await page.locator(`details.flag a[href="/c/${slug}/agreements"]`).count(), 'the form links the agreements');
  await page.fill('#f-flag-reason', 'Agreement 3: kept writing to me after I said no.');
  await p.submit('details.flag button[type=submit]', 'people15-reported');
  assert.equal(new URL(page.url()).pathname, member);
  assert.match(await page.locator('.flash').first().textContent(), /report/i);

  await page.click('details.flag summary');
  await page.fill('#f-flag-reason', 'Again.');
  await p.submit('details.flag button[type=submit]', 'people15-reported-again');
  assert.match(await page.locator('.flash').first().textContent(), /counted once/);

  // Her own time zone, chosen from a list; notifications then show the
  // time of day in it, not only the date.
  await p.load('/me', 'people15-me');
  await page.selectOption('#f-time_zone', 'Asia/Tokyo');
  await p.submit('main form[action="/me"] button[type=submit]', 'people15-me-saved');
  assert.equal(await page.locator('#f-time_zone').inputValue(), 'Asia/Tokyo');
  await p.load('/me/notifications', 'people15-notifications');
  const times = page.locator('main time');
  if (await times.count()) assert.match(await times.first().textContent(), /\d:\d\d/);

  await p.submit('header form[action="/signout"] button', 'people15-signed-out-2');
  await p.load('/signin', 'people15-signin-2');
  await p.fill({ '#f-email': owner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'people15-signed-in-2');
}
