// Mail and live updates: the choice of mail on the profile page, the
// unsubscribe page a mail links to, and the header's live count.
import assert from 'node:assert/strict';

// api calls the JSON API from outside the browser, as another client would.
async function api(origin, method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(origin + path, { method, headers, body: JSON.stringify(body) });
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${await r.clone().text()}`);
  return r.json();
}

export default async function (p, { slug, owner, joiner, password }) {
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

    // A booking request made elsewhere reaches the founder's open page:
    // the header's count changes without a reload.
    const origin = new URL(page.url()).origin;
    const ownerToken = (await api(origin, 'POST', '/api/v1/tokens', { email: owner, password })).token;
    const joinerToken = (await api(origin, 'POST', '/api/v1/tokens', { email: joiner, password })).token;
    const projector = await api(origin, 'POST', `/api/v1/communities/${slug}/resources`,
      { title: 'Projector', kind: 'equipment', bookable: true, approval: 'request' }, ownerToken);
    const before = await page.locator('header .badge').textContent();
    const start = new Date(Date.now() + 48 * 3600 * 1000);
    start.setUTCHours(10, 0, 0, 0);
    const end = new Date(start.getTime() + 3600 * 1000);
    await api(origin, 'POST', `/api/v1/resources/${projector.id}/bookings`,
      { starts_at: start.toISOString(), ends_at: end.toISOString(), purpose: 'Film night' }, joinerToken);
    await page.waitForFunction((b) => document.querySelector('header .badge').textContent !== b, before);
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
