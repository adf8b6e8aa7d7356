// The everyday walk: the roles explained, a booking weeks ahead that the
// page jumps to, and the folded menus on a phone.
import assert from 'node:assert/strict';

// A Monday at least three weeks ahead: the room opens on Mondays (the
// activities walk's course there ends at 14:30).
function mondayAhead() {
  const d = new Date(Date.now() + 22 * 24 * 3600 * 1000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export default async function (p, { slug }) {
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
}
