// Threads and direct messages: start a thread, one about an organization,
// reply, edit, pin it as an announcement; with JavaScript, a post made
// elsewhere appears on the open thread; write to Irina, block and unblock;
// write to her again, picked by name.
import assert from 'node:assert/strict';

// api calls the JSON API from outside the browser, as another client would.
async function api(origin, method, path, body, token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(origin + path, { method, headers, body: JSON.stringify(body) });
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${await r.clone().text()}`);
  return r.json();
}

export default async function (p, { slug, joiner, password }) {
  const page = p.page;

  await p.load(`/c/${slug}/threads`, 'threads');
  await p.submit(`main a.button[href="/c/${slug}/threads/new"]`, 'thread-new');
  await p.fill({ '#f-title': 'Choir on Thursdays', '#f-body': 'Who would sing with us? **All welcome**, @IrinaPetrova too.' });
  await p.submit('main form button[type=submit]', 'thread');
  assert.match(await page.locator('main .post-body strong').first().textContent(), /All welcome/);

  // Pin it: it becomes an announcement on the community's home.
  await p.submit('main form[action$="/pin"] button', 'thread-pinned');
  await p.load(`/c/${slug}`, 'community-announcement');
  assert.match(await page.locator('main .talk').textContent(), /Choir on Thursdays/);

  // A thread about the library, from its page.
  await p.load(`/c/${slug}/organizations`, 'organizations-for-thread');
  await p.submit('main .card h2 a >> text=Cwm Tawel Library', 'organization-talk');
  await p.submit('main .talk a.button', 'thread-new-about');
  await p.fill({ '#f-title': 'Makerspace hours', '#f-body': 'Could the makerspace open on Saturdays?' });
  await p.submit('main form button[type=submit]', 'thread-about');

  // Reply to the first post, then correct the reply.
  await p.submit('main .post .actions a >> text=Reply', 'thread-reply-form');
  await p.fill({ '#f-body': 'I can open it from ten.' });
  await p.submit('main form[action$="' + new URL(page.url()).pathname + '"] button[type=submit]', 'thread-replied');
  assert.match(await page.locator('main').textContent(), /in reply to Carys Morgan/);
  await p.submit('main .post:last-child .actions a >> text=Edit', 'post-edit');
  await page.fill('main textarea[id^="edit-"]', 'I can open it from half past nine.');
  // With JavaScript, the thread page follows the thread's stream.
  const streamed = p.js ? page.waitForResponse((r) => r.url().includes('/stream?since=')) : null;
  await p.submit('main form[action$="/edit"] button[type=submit]', 'post-edited');
  assert.match(await page.locator('main').textContent(), /half past nine/);
  if (streamed) {
    const r = await streamed;
    assert.equal(r.status(), 200);
    assert.match(r.headers()['content-type'], /^text\/event-stream/);
    // Irina posts through the API, as another client would: her post
    // appears on the open page without a reload.
    const origin = new URL(page.url()).origin;
    const threadID = new URL(page.url()).pathname.split('/').pop();
    const token = (await api(origin, 'POST', '/api/v1/tokens', { email: joiner, password })).token;
    await page.evaluate(() => { window.notReloaded = true; });
    await api(origin, 'POST', `/api/v1/threads/${threadID}/posts`, { body: 'I will bring the **soldering irons**.' }, token);
    await page.waitForFunction(() => document.querySelector('#posts').textContent.includes('soldering irons'));
    assert.ok(await page.evaluate(() => window.notReloaded), 'the page was reloaded');
    assert.match(await page.locator('#posts .post:last-child .post-body strong').textContent(), /soldering irons/);
  }

  // A direct message to Irina from her page; block and unblock her.
  await p.load(`/c/${slug}/members`, 'members-for-message');
  await p.submit('main table a >> text=Irina Petrova', 'member-for-message');
  await p.submit('main a.button[href^="/messages/new"]', 'message-new');
  await p.fill({ '#f-body': 'Thank you for joining! The choir meets on Thursdays.' });
  await p.submit('main form button[type=submit]', 'conversation');
  assert.match(await page.locator('main .posts').textContent(), /choir meets/);
  await p.submit('main form[action$="/block"] button', 'messages-blocked');
  assert.match(await page.locator('main').textContent(), /Irina Petrova/);
  await p.submit('main form[action$="/unblock"] button', 'messages');

  // Write to someone by name, from the messages page: no address, no link.
  await p.load('/messages/new', 'message-pick');
  await p.fill({ '#f-to_name_1': 'Irina Petrova', '#f-body': 'See you on Thursday.' });
  await p.submit('main form button[type=submit]', 'conversation-picked');
  assert.match(await page.locator('main .posts').textContent(), /See you on Thursday/);
  // The list shows each conversation's last message.
  await p.load('/messages', 'messages-last');
  assert.match(await page.locator('main .cards').textContent(), /You: See you on Thursday/);
}
