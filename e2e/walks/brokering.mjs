// Brokering: post an offer (first with a place but no coordinates, which
// is refused), read it, post a request, filter the list, mark the offer
// fulfilled. Starts and ends signed in as the founder.
import assert from 'node:assert/strict';

export default async function (p, { slug }) {
  const page = p.page;
  await p.load(`/c/${slug}/offers`, 'intents-none');
  await p.submit(`main a.button[href="/c/${slug}/offers/new?direction=offer"]`, 'intent-new');

  await p.fill({ '#f-title': '<b>A projector</b> for film nights', '#f-themes': 'cinema, culture', '#f-place': 'The library' });
  await page.selectOption('#f-kind', 'equipment');
  await p.submit('main form[action$="/offers/new"] button[type=submit]', 'intent-refused');
  assert.match(await page.locator('main .error.summary').textContent(), /./);
  assert.match(await page.locator('#f-latitude-error').textContent(), /latitude/);
  await p.fill({ '#f-latitude': '51.744', '#f-longitude': '-3.778' });
  await page.check('#f-visibility-public');
  await p.submit('main form[action$="/offers/new"] button[type=submit]', 'intent');
  assert.equal(await page.locator('main h1').textContent(), '<b>A projector</b> for film nights');
  const path = new URL(page.url()).pathname;

  await p.load(`/c/${slug}/offers/new?direction=request`, 'intent-new-request');
  await p.fill({ '#f-title': 'A van for Saturday', '#f-quantity': '1' });
  await page.check('#f-online');
  await p.submit('main form[action$="/offers/new"] button[type=submit]', 'intent-request');

  await p.load(`/c/${slug}/offers?direction=offer`, 'intents-offers');
  assert.equal(await page.locator('main .card').count(), 1);

  await p.load(path, 'intent-again');
  await p.submit('main form[action$="/fulfil"] button[type=submit]', 'intent-fulfilled');
  assert.match(await page.locator('main p.meta').first().textContent(), /Fulfilled/);
}
