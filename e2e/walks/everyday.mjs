// The everyday walk: the roles explained, a booking weeks ahead that the
// page jumps to, the folded menus on a phone, and an organizer editing a
// course they published, seeing who comes, writing to them and cancelling
// its later dates.
import assert from 'node:assert/strict';

// A Monday at least three weeks ahead: the room opens on Mondays (the
// activities walk's course there ends at 14:30).
function mondayAhead() {
  const d = new Date(Date.now() + 22 * 24 * 3600 * 1000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function inDays(n) {
  return new Date(Date.now() + n * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

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

  // From the members, the page that explains the roles.
  await p.load(`/c/${slug}/members`, 'everyday-members');
  await p.submit(`main a[href="/c/${slug}/roles"]`, 'everyday-roles');
  assert.match(await page.locator('main h1').textContent(), /Roles/);
  assert.ok(await page.locator('main section.role').count() >= 4, 'every role is explained');

  // Booking three weeks ahead shows that week, not this one.
  await p.load(`/c/${slug}/resources`, 'everyday-resources');
  await p.submit('main #results .card h2 a >> text=Community room', 'everyday-room');
  const day = mondayAhead();
  await p.fill({ '#f-day': day, '#f-from': '15:00', '#f-to': '16:00', '#f-purpose': 'Sewing circle' });
  await p.submit('#book ~ form button[type=submit]', 'everyday-booked-later');
  assert.match(await page.locator('.flash').first().textContent(), /confirmed/);
  assert.match(await page.locator('table.week').textContent(), /Sewing circle/, 'the week booked is shown');

  // On a phone the community's sections fold; they open without script.
  const summary = page.locator('nav.community details > summary');
  if (await summary.isVisible()) {
    await summary.click();
    assert.ok(await page.locator(`nav.community a[href="/c/${slug}/activities"]`).isVisible(), 'the sections open');
    await summary.click();
  }

  // An organizer edits a course after publishing it: a mistake first
  // (no places), then right, for every date; sees who comes; cancels the
  // later dates in one step.
  await p.load(`/c/${slug}/activities/new`, 'everyday-activity-new');
  await p.fill({ '#f-title': 'Knitting circle', '#f-day': inDays(9), '#f-from': '18:00', '#f-to': '19:00', '#f-count': '3',
    '#f-capacity': '4', '#f-online_url': 'https://meet.example.org/knit' });
  await page.check('#f-repeat-weekly');
  await p.submit('main form button[type=submit]', 'everyday-activity');
  await page.check('#f-series');
  await p.submit('main form[action*="/register"] button[type=submit]', 'everyday-activity-registered');
  await p.submit('main a[href$="/edit"]', 'everyday-activity-edit');
  await p.fill({ '#f-capacity': '0', '#f-title': 'Knitting and crochet circle', '#f-cost': '2', '#f-currency': 'GBP' });
  await page.check('#f-scope-all');
  await p.submit('main form button[type=submit]', 'everyday-activity-edit-errors');
  assert.ok(await page.locator('#f-capacity-error').isVisible(), 'no places is shown beside the field');
  await p.fill({ '#f-capacity': '6' });
  await p.submit('main form button[type=submit]', 'everyday-activity-edited');
  assert.match(await page.locator('main h1').textContent(), /Knitting and crochet circle/);
  assert.match(await page.locator('main').textContent(), /2\.00 GBP/);
  // The joiner registers too, from another client; the organizer writes
  // to everyone registered (however many) from the list of who comes.
  const origin = new URL(page.url()).origin;
  const activityID = new URL(page.url()).pathname.split('/')[4];
  const joinerToken = (await api(origin, 'POST', '/api/v1/tokens', { email: joiner, password })).token;
  await api(origin, 'POST', `/api/v1/activities/${activityID}/registrations`, {}, joinerToken);
  await p.submit('main a[href$="/people"]', 'everyday-activity-people');
  assert.equal(await page.locator('main table.people-list tbody tr').count(), 2, 'the organizer and the joiner, registered');
  assert.ok(await page.locator('main a[href$="/people.csv"]').count() === 1, 'a spreadsheet to download');
  await p.fill({ '#f-message': 'Bring needles and any wool you have.' });
  await p.submit('main form[action$="/announce"] button[type=submit]', 'everyday-activity-announced');
  assert.match(await page.locator('.flash').first().textContent(), /everyone registered/);
  await p.submit('main p.noprint a >> nth=0', 'everyday-activity-back');
  await page.click('#cancel-series ~ form details summary');
  await p.submit('#cancel-series ~ form details button', 'everyday-series-cancelled');
  assert.match(await page.locator('.flash').first().textContent(), /cancelled/);
}
