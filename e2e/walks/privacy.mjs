// Privacy and one's data: choose who sees one's profile in a community,
// download one's data, and erase a throwaway account (first without the
// confirmation, then with it). Starts and ends signed in as the founder.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export default async function (p, { slug, owner, password }) {
  const page = p.page;
  await p.load('/me', 'profile-your-data');
  await p.submit('main a[href="/me/privacy"]', 'privacy');
  const choice = `main form[action="/c/${slug}/privacy"] button`;
  assert.match(await page.locator('main').textContent(), /only members of this community/);
  await p.submit(choice, 'privacy-public');
  assert.match(await page.locator('main').textContent(), /everyone can see your name/);
  await p.submit(choice, 'privacy-private');
  assert.match(await page.locator('main').textContent(), /only members of this community/);

  // The download, from the account page: one JSON document with the
  // founder's account in it.
  await p.load('/me', 'profile-export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('main a[href="/me/export"]')]);
  const doc = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(doc.format, 'commons-personal-data/1');
  assert.equal(doc.account[0].email, owner);
  assert.ok(doc.memberships.length >= 1, 'the export lists the memberships');

  // A throwaway account, erased.
  await p.submit('header form[action="/signout"] button', 'privacy-signed-out');
  const throwaway = `throwaway-${p.name}@example.org`;
  await p.load('/signup', 'privacy-signup');
  await p.fill({ '#f-name': 'Throwaway Tester', '#f-email': throwaway, '#f-password': password });
  await p.submit('main form button[type=submit]', 'privacy-signed-up');
  await p.load('/me/erase', 'erase');
  await p.fill({ '#f-password': password });
  await p.submit('main form[action="/me/erase"] button[type=submit]', 'erase-unconfirmed');
  assert.ok(await page.locator('#f-confirm-error').isVisible(), 'the confirmation is asked for beside its box');
  await page.check('#f-confirm');
  await p.fill({ '#f-password': password });
  await p.submit('main form[action="/me/erase"] button[type=submit]', 'erased');
  assert.match(await page.locator('.flash').first().textContent(), /erased/);
  // The account is gone: signing in with it fails.
  await p.load('/signin', 'erased-signin');
  await p.fill({ '#f-email': throwaway, '#f-password': password });
  await p.submit('main form button[type=submit]', 'erased-signin-refused');
  assert.ok(new URL(page.url()).pathname === '/signin', 'the erased account cannot sign in');

  await p.load('/signin', 'privacy-signin');
  await p.fill({ '#f-email': owner, '#f-password': password });
  await p.submit('main form button[type=submit]', 'privacy-signed-in');
}
