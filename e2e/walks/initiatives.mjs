// Initiatives: start one, move it on, state a need, pledge a space and
// accept the pledge with a booking, propose a partnership (first with a
// mistake), sign it, mark a commitment kept, read the history and the
// partnership network. Starts and ends signed in as the founder.
import assert from 'node:assert/strict';

function dayAhead(days) {
  return new Date(Date.now() + days * 86400 * 1000).toISOString().slice(0, 10);
}

// The next Monday at least two days ahead: the room opens on Mondays.
function nextMonday() {
  const d = new Date(Date.now() + 2 * 86400 * 1000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export default async function (p, { slug }) {
  const page = p.page;
  await p.load(`/c/${slug}/initiatives`, 'initiatives-none');
  await p.submit(`main a.button[href="/c/${slug}/initiatives/new"]`, 'initiative-new');

  // An editor adds a theme of the community's own.
  await p.fill({ '#f-name': 'heritage' });
  await p.submit('main form[action$="/themes"] button[type=submit]', 'theme-added');

  await p.fill({ '#f-title': 'Winter evenings at the hall', '#f-summary': 'Keep the hall warm and open three evenings a week.',
    '#f-description': 'Choir on **Tuesdays**, repair night on Saturdays.' });
  await page.check('#f-theme-culture');
  await page.check('#f-theme-heritage');
  await p.submit('main form[action$="/initiatives/new"] button[type=submit]', 'initiative');
  assert.match(await page.locator('main .markdown').innerHTML(), /<strong>Tuesdays<\/strong>/);
  const path = new URL(page.url()).pathname;
  await p.submit(`main a.button[href="${path}/edit"]`, 'initiative-edit');
  await p.fill({ '#f-summary': 'Keep the hall warm and open three evenings a week, all winter.' });
  await p.submit('main form button[type=submit]', 'initiative-saved');
  assert.match(await page.locator('main .lead').textContent(), /all winter/);

  await p.submit('main form[action$="/status"] button[value=seeking_partners]', 'seeking-partners');
  assert.match(await page.locator('main .istatus').first().textContent(), /Seeking partners/);

  await page.selectOption('#f-kind', 'space');
  await p.fill({ '#f-description': 'A warm room on Monday lunchtimes', '#f-quantity': '1' });
  await p.submit('main form[action$="/needs"] button[type=submit]', 'need-added');

  // The founder offers her own room, and the team accepts with a booking.
  await page.click('main details summary');
  await page.selectOption('main details select[name=resource_id]', { label: 'Community room (Carys Morgan)' });
  await page.fill('main details textarea[name=description]', 'Our community room, free.');
  await p.submit('main details button[type=submit]', 'pledged');
  await p.fill({ 'main form.decide input[name=day]': nextMonday(), 'main form.decide input[name=from]': '12:00', 'main form.decide input[name=to]': '13:00' });
  await p.submit('main form.decide button[value=accept]', 'pledge-accepted');
  assert.match(await page.locator('main .pledges').textContent(), /accepted · booked: confirmed/);

  // The partnership: a proposal without parties is refused, then made.
  await p.submit(`main a[href="${path}/partnership"]`, 'partnership-none');
  await p.fill({ '#f-review_on': dayAhead(120) });
  await p.submit('main form[action$="/partnership"] button[type=submit]', 'partnership-refused');
  assert.match(await page.locator('main .error.summary').textContent(), /at least one party/);
  await page.selectOption('#po-0', { label: 'Cwm Tawel Library (Culture)' });
  await p.fill({ '#pro-0': 'Hosts the evenings', '#pc-0': `${dayAhead(14)} Open the room three evenings a week\nLend the projector`,
    '#f-review_on': dayAhead(120) });
  await p.submit('main form[action$="/partnership"] button[type=submit]', 'partnership-proposed');
  assert.match(await page.locator('main .status').textContent(), /waiting for signatures/);
  // Signing asks once (a <details>, with or without JavaScript).
  await page.click('main form[action$="/signatures"] details.confirm > summary');
  await p.submit('main form[action$="/signatures"] button[type=submit]', 'partnership-signed');
  assert.match(await page.locator('main .status').textContent(), /signed by every party/);
  await page.selectOption('main form.mark select >> nth=0', 'kept');
  await page.fill('main form.mark input[name=comment] >> nth=0', 'Open since November.');
  await p.submit('main form.mark button >> nth=0', 'commitment-kept');
  assert.match(await page.locator('main table.commitments').textContent(), /Open since November/);

  await p.load(`${path}/history`, 'initiative-history');
  assert.match(await page.locator('main table').textContent(), /signed the partnership for/);
  await p.load(`/c/${slug}/partnerships`, 'partnership-network');
  assert.equal(await page.locator('main svg circle').count(), 1);
  await p.load(`/c/${slug}/initiatives?sector=culture&theme=heritage`, 'initiatives-filtered');
  assert.equal(await page.locator('main .card').count(), 1);
}
