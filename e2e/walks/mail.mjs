// Mail and live updates: the choice of mail on the profile page, the
// unsubscribe page a mail links to, and the header's live count.
import assert from 'node:assert/strict';

export default async function (p) {
  const page = p.page;
  // With JavaScript, the header opens the notification stream.
  const streamed = p.js
    ? page.waitForResponse((r) => r.url().endsWith('/api/v1/notifications/stream'))
    : null;
  await p.load('/me', 'profile-mail');
  if (streamed) {
    const r = await streamed;
    assert.equal(r.status(), 200);
    assert.match(r.headers()['content-type'], /^text\/event-stream/);
  }
  assert.ok(await page.locator('#f-delivery-each').isChecked(), 'a mail for each notification is the default');

  await page.check('#f-delivery-weekly');
  await p.submit('form[action="/me/mail"] button[type=submit]', 'mail-weekly');
  assert.ok(await page.locator('#f-delivery-weekly').isChecked());

  // The link every mail carries: a question first, then done.
  const href = await page.getAttribute('main a[href^="/unsubscribe/"]', 'href');
  await p.load(href, 'unsubscribe');
  await p.submit('main form[action^="/unsubscribe/"] button', 'unsubscribed');
  assert.match(await page.locator('main').textContent(), /no more e-mail/);

  // Mail on again, as the founder had it.
  await p.load('/me', 'profile-mail-none');
  assert.ok(await page.locator('#f-delivery-none').isChecked());
  await page.check('#f-delivery-each');
  await p.submit('form[action="/me/mail"] button[type=submit]', 'mail-each');
}
