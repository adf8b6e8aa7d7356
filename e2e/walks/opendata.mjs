// Open data: the founder imports the community room's own calendar (a
// broken file first, then a good one) and sees the imported time blocking
// the room; an activity offers "add to my calendar". Starts and ends
// signed in as the founder.
import assert from 'node:assert/strict';

// An iCalendar file with CRLF line ends.
function calendar(lines) {
  return Buffer.from(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Library//Rooms//EN', ...lines, 'END:VCALENDAR', ''].join('\r\n'));
}

function stamp(days, hour) {
  const d = new Date(Date.now() + days * 86400 * 1000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
}

export default async function (p, { slug }) {
  const page = p.page;
  await p.load(`/c/${slug}/resources?q=room`, 'opendata-resources');
  await p.submit('main a:text-is("Community room")', 'opendata-room');
  await p.submit('main a[href$="/busy"]', 'busy-none');
  assert.match(await page.locator('main').textContent(), /Nothing imported/);

  // A time zone that does not exist is refused, beside the file field.
  await page.setInputFiles('#f-calendar', { name: 'broken.ics', mimeType: 'text/calendar',
    buffer: calendar(['BEGIN:VEVENT', 'UID:1', 'SUMMARY:Book club', 'DTSTART;TZID=Mars/Olympus:20300101T100000', 'END:VEVENT']) });
  await p.submit('main form[enctype] button[type=submit]', 'busy-refused');
  assert.match(await page.locator('#f-calendar-error').textContent(), /Mars\/Olympus/);

  await page.setInputFiles('#f-calendar', { name: 'library-rooms.ics', mimeType: 'text/calendar',
    buffer: calendar(['BEGIN:VEVENT', 'UID:2', 'SUMMARY:Private hire', `DTSTART:${stamp(20, 9)}`, `DTEND:${stamp(20, 12)}`, 'END:VEVENT']) });
  await p.submit('main form[enctype] button[type=submit]', 'busy-imported');
  assert.match(await page.locator('main').textContent(), /1 busy time from “library-rooms.ics”/);

  // Add to my calendar, on an activity's page (the activities walk offered
  // the course; run alone, this walk has none to open).
  await p.load(`/c/${slug}/activities`, 'opendata-activities');
  const course = page.locator('main a:text("Welsh for beginners")').first();
  if (await course.count()) {
    await p.submit(`main a[href="${await course.getAttribute('href')}"]`, 'opendata-activity');
    assert.equal(await page.locator('main a[href$="/event.ics"]').count(), 1);
    assert.equal(await page.locator('main a[href$="/series.ics"]').count(), 1);
  }

  // Each page has an address per language (?lang=ru), named in its head for
  // search engines; the reader's own choice is left as it was.
  await p.load(`/c/${slug}/resources?lang=ru`, 'opendata-resources-ru');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.match(await page.locator('link[rel=alternate][hreflang=en]').getAttribute('href'), /\/resources\?lang=en$/);
  assert.equal(await page.locator('link[rel=alternate][hreflang=x-default]').count(), 1);
  await p.load(`/c/${slug}/resources`, 'opendata-resources');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');

  // An organization's address in parts, and a contact kept for members.
  await p.load(`/c/${slug}/organizations/new`, 'opendata-organization-new');
  await p.fill({ '#f-name': 'Cwm Tawel Archive', '#f-address': 'Old Colliery Yard', '#f-city': 'Cwm Tawel',
    '#f-postal_code': 'SA10 9ZX', '#f-country': 'Wales', '#f-contact_name': 'Archive desk', '#f-contact_phone': '+44 1632 960 111' });
  await page.check('#f-sector-culture');
  await p.submit('main form button[type=submit]', 'opendata-organization-refused');
  assert.match(await page.locator('#f-country-error').textContent(), /two-letter/);
  await page.fill('#f-country', 'GB');
  await p.submit('main form button[type=submit]', 'opendata-organization');
  assert.match(await page.locator('main .address').textContent(), /SA10 9ZX Cwm Tawel\s+United Kingdom/);
  assert.match(await page.locator('main').textContent(), /Only the community’s members see this contact|Only the community's members see this contact/);

  // A resource's address in parts, the same fields; its edit form saved
  // unchanged keeps it.
  await p.load(`/c/${slug}/resources/new`, 'opendata-resource-new');
  await p.fill({ '#f-title': 'Archive reading room', '#f-address': 'Old Colliery Yard', '#f-city': 'Cwm Tawel',
    '#f-region': 'Swansea', '#f-postal_code': 'SA10 9ZX', '#f-country': 'gb' });
  await page.selectOption('#f-kind', 'space');
  await p.submit('main form button[type=submit]', 'opendata-resource');
  assert.match(await page.locator('main .address').textContent(), /SA10 9ZX Cwm Tawel\s+Swansea\s+United Kingdom/);
  await p.submit('main a.button[href$="/edit"]', 'opendata-resource-edit');
  assert.equal(await page.inputValue('#f-country'), 'GB');
  await p.submit('main form.stack button[type=submit]', 'opendata-resource-saved');
  assert.match(await page.locator('main .address').textContent(), /SA10 9ZX Cwm Tawel\s+Swansea\s+United Kingdom/);
}
