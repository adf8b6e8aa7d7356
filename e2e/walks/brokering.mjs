// Brokering: the founder posts an offer (first with a place but no
// coordinates, which is refused) and a request; Irina asks for a
// projector, sees the founder's offer among the matches with its reasons
// and acts on it in one step; the founder, told, marks the offer
// fulfilled. Starts and ends signed in as the founder.
import assert from 'node:assert/strict';

export default async function (p, { slug, owner, joiner, password }) {
  const page = p.page;
  const signInAs = async (email, label) => {
    await p.submit('header form[action="/signout"] button', `brokering-signed-out-${label}`);
    await p.load('/signin', `brokering-signin-${label}`);
    await p.fill({ '#f-email': email, '#f-password': password });
    await p.submit('main form button[type=submit]', `brokering-signed-in-${label}`);
  };

  await p.load(`/c/${slug}/offers`, 'intents-none');
  await p.submit(`main a.button[href="/c/${slug}/offers/new?direction=offer"]`, 'intent-new');
  await p.fill({ '#f-title': '<b>A projector</b> for film nights', '#f-themes': 'cinema, culture', '#f-place': 'The library' });
  await page.selectOption('#f-kind', 'equipment');
  await p.submit('main form[action$="/offers/new"] button[type=submit]', 'intent-refused');
  assert.match(await page.locator('#f-latitude-error').textContent(), /latitude/);
  await p.fill({ '#f-latitude': '51.744', '#f-longitude': '-3.778' });
  await page.check('#f-visibility-public');
  await p.submit('main form[action$="/offers/new"] button[type=submit]', 'intent');
  assert.equal(await page.locator('main h1').textContent(), '<b>A projector</b> for film nights');
  const offer = new URL(page.url()).pathname;

  await p.load(`/c/${slug}/offers/new?direction=request`, 'intent-new-request');
  await p.fill({ '#f-title': 'A van for Saturday', '#f-quantity': '1' });
  await page.check('#f-online');
  await p.submit('main form[action$="/offers/new"] button[type=submit]', 'intent-request');
  // The request is changed on its own form, with the same checks.
  await p.submit('main a.button[href$="/edit"]', 'intent-edit');
  await p.fill({ '#f-title': 'A van for Saturday morning', '#f-quantity': '1000000' });
  await p.submit('main form[action$="/edit"] button[type=submit]', 'intent-edit-refused');
  assert.ok(await page.locator('#f-quantity-error').count());
  await p.fill({ '#f-quantity': '1' });
  await p.submit('main form[action$="/edit"] button[type=submit]', 'intent-edited');
  assert.equal(await page.locator('main h1').textContent(), 'A van for Saturday morning');

  // Irina asks for a projector; the founder's offer is suggested, with why.
  await signInAs(joiner, 'irina');
  await p.load(`/c/${slug}/offers/new?direction=request`, 'intent-new-irina');
  await p.fill({ '#f-title': 'Projectors for a film club' });
  await page.selectOption('#f-kind', 'equipment');
  await p.submit('main form[action$="/offers/new"] button[type=submit]', 'intent-irina');
  await p.submit('main a.button[href*="/matches/intent/"]', 'matches');
  const irinaMatches = new URL(page.url()).pathname;
  assert.match(await page.locator('main .card').first().textContent(), /A projector/);
  assert.match(await page.locator('main .reasons').first().textContent(), /projector/);
  await p.submit('main .card form[action$="/act"] button', 'match-acted');
  assert.equal(new URL(page.url()).pathname, offer);

  // The founder hears of it, lists the offers, and marks hers fulfilled.
  await signInAs(owner, 'founder');
  // As a learning champion she brokers by hand: a second projector of
  // hers is suggested to Irina, with a note.
  await p.load(`/c/${slug}/offers/new?direction=offer`, 'intent-new-second');
  await p.fill({ '#f-title': 'A second projector', '#f-themes': 'cinema' });
  await page.selectOption('#f-kind', 'equipment');
  await page.check('#f-online');
  await p.submit('main form[action$="/offers/new"] button[type=submit]', 'intent-second');
  await p.load(irinaMatches, 'matches-champion');
  const card = page.locator('main .card', { hasText: 'A second projector' });
  await card.locator('details summary').click();
  await card.locator('input[name=note]').fill('It is free on Fridays');
  await p.submit('main .card:has-text("A second projector") form[action$="/suggest"] button[type=submit]', 'match-suggested');
  assert.equal(new URL(page.url()).pathname, irinaMatches);
  await p.load(`/c/${slug}/offers?direction=offer`, 'intents-offers');
  assert.equal(await page.locator('main .card').count(), 2); // the projector and the second one
  await p.submit(`main a[href="/c/${slug}/overview"]`, 'overview');
  assert.match(await page.locator('main').textContent(), /Learning requests with no teacher or place/);
  await p.load(offer, 'intent-again');
  assert.match(await page.locator('main').textContent(), /Irina/);
  // An answered offer can be settled by a time-bank transfer; the one who
  // received pays, so the founder, who gave, has nothing to settle here.
  await p.submit(`main a[href="${offer.replace('/offers/', '/intents/')}/settle"]`, 'intent-settle');
  await p.load(offer, 'intent-again-settled');
  await p.submit('main form[action$="/fulfil"] button[type=submit]', 'intent-fulfilled');
  assert.match(await page.locator('main p.meta').first().textContent(), /Fulfilled/);

  // One search across kinds finds Irina's request (the offer is fulfilled).
  await p.load(`/c/${slug}/offers`, 'intents-for-search');
  await p.submit(`main a[href="/c/${slug}/search"]`, 'search');
  await p.fill({ '#f-q': 'projector' });
  await p.submit('main form[role=search] button[type=submit]', 'search-results');
  assert.match(await page.locator('main .cards').textContent(), /Projectors for a film club/);

  // The personal home: what waits, the week, matches for the open request.
  await p.load('/', 'home-mine');
  assert.match(await page.locator('main .mine').textContent(), /A van for Saturday/);
}
