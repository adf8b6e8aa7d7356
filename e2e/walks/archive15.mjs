// The archive walk (issue 15, item 9): the founder edits and removes a
// need of an initiative, and archives a projector
// she no longer lends, an organization that closed and an initiative
// nobody carries — each through a confirmation page that works without
// JavaScript — sees the notice on its page and that it left the
// directory, and restores them. The room booked by the main walk cannot
// be archived: the refusal lists the booking still to come.
import assert from 'node:assert/strict';

async function archive(p, slug, what, name) {
  const page = p.page;
  await p.submit('main a[href$="/archive"]', `archive15-${what}-confirm`);
  assert.match(await page.locator('main h1').textContent(), new RegExp(name));
  await page.click('main form#archive details summary');
  await p.submit('main form#archive details button', `archive15-${what}-archived`);
  assert.match(await page.locator('.flash').first().textContent(), /Archived/);
  assert.match(await page.locator('main .archived').textContent(), /archived on/);
}

async function restore(p, what) {
  await p.submit('main .archived form[action$="/restore"] button', `archive15-${what}-restored`);
  assert.match(await p.page.locator('.flash').first().textContent(), /Restored/);
}

export default async function (p, { slug }) {
  const page = p.page;

  // A resource with nothing booked: archived, gone from the directory, restored.
  await p.load(`/c/${slug}/resources/new`, 'archive15-resource-new');
  await p.fill({ '#f-title': 'Old projector', '#f-description': 'Lent for talks.' });
  await page.selectOption('#f-kind', 'equipment');
  await p.submit('main form button[type=submit]', 'archive15-resource');
  const projector = new URL(page.url()).pathname;
  await archive(p, slug, 'resource', 'Old projector');
  await p.load(`/c/${slug}/resources?q=projector`, 'archive15-resources');
  // Other walks share a projector of their own; this one's must be gone.
  assert.equal(await page.locator('#results .card', { hasText: 'Old projector' }).count(), 0, 'the archived projector left the directory');
  await p.load(projector, 'archive15-resource-again');
  await restore(p, 'resource');

  // The room has a booking to come: archiving it is refused with the list.
  await p.load(`/c/${slug}/resources?q=room`, 'archive15-rooms');
  await p.submit('main #results .card h2 a >> text=Community room', 'archive15-room');
  await p.submit('main a[href$="/archive"]', 'archive15-room-confirm');
  await page.click('main form#archive details summary');
  await p.submit('main form#archive details button', 'archive15-room-refused');
  assert.ok(await page.locator('main form#archive .error li').count() >= 1, 'the bookings to come are listed');

  // An organization that closed.
  await p.load(`/c/${slug}/organizations/new`, 'archive15-organization-new');
  await p.fill({ '#f-name': 'Valley Bakery', '#f-description': 'Bread classes on Saturdays.' });
  await page.check('#f-sector-business');
  await p.submit('main form button[type=submit]', 'archive15-organization');
  const bakery = new URL(page.url()).pathname;
  await archive(p, slug, 'organization', 'Valley Bakery');
  await p.load(`/c/${slug}/organizations?q=bakery`, 'archive15-organizations');
  assert.equal(await page.locator('#results .card', { hasText: 'Valley Bakery' }).count(), 0, 'the archived bakery left the directory');
  await p.load(bakery, 'archive15-organization-again');
  await restore(p, 'organization');

  // An initiative nobody carries any more.
  await p.load(`/c/${slug}/initiatives/new`, 'archive15-initiative-new');
  await p.fill({ '#f-title': 'Seed swap', '#f-summary': 'Swapping seeds each spring.' });
  await p.submit('main form button[type=submit]', 'archive15-initiative');
  const seeds = new URL(page.url()).pathname;

  // Its team states a need, edits it, then removes it (nobody offered: it goes).
  await page.selectOption('#f-kind', 'materials');
  await p.fill({ '#f-description': 'Paper envelopes' });
  await p.submit(`main form[action$="/needs"] button[type=submit]`, 'archive15-need-added');
  await p.submit('main section.need a[href$="/edit"]', 'archive15-need-edit');
  await p.fill({ '#f-description': 'Paper envelopes, a hundred', '#f-quantity': '100' });
  await p.submit('main form[action$="/edit"] button[type=submit]', 'archive15-need-saved');
  assert.match(await page.locator('main section.need h3').textContent(), /a hundred/);
  await p.submit('main section.need a[href$="/edit"]', 'archive15-need-edit-again');
  await page.click('#remove-need details summary');
  await p.submit('#remove-need details button', 'archive15-need-removed');
  assert.match(await page.locator('.flash').first().textContent(), /deleted/);
  assert.equal(await page.locator('main section.need').count(), 0, 'the need is gone');

  await p.load(seeds, 'archive15-initiative-again');
  await archive(p, slug, 'initiative', 'Seed swap');
  await restore(p, 'initiative');
}
