// Impact: define indicators (first with a mistake), enter a reported
// value, start an initiative whose partnership the Library signs, ask its
// party for a report, give the report, then read the impact report — its
// SVG charts with tables beside them, a number's evidence — and print it.
// Starts and ends signed in as the founder, an editor and the Library's
// admin.
import assert from 'node:assert/strict';

function dayAhead(days) {
  return new Date(Date.now() + days * 86400 * 1000).toISOString().slice(0, 10);
}

export default async function (p, { slug }) {
  const page = p.page;
  const year = new Date().getUTCFullYear();
  await p.load(`/c/${slug}/impact`, 'impact-none');
  await p.submit(`main a[href="/c/${slug}/impact/indicators"]`, 'indicators');

  // An indicator without a name is refused beside the field; then two.
  await p.fill({ '#f-unit': 'meals', '#f-baseline': '0', '#f-baseline_period': String(year - 1), '#f-target': '600' });
  await p.submit('main form[action$="/impact/indicators"] button[type=submit]', 'indicator-refused');
  assert.ok(await page.locator('#f-name-error').isVisible(), 'the missing name is shown beside its field');
  await p.fill({ '#f-name': 'Hot meals served' });
  await p.submit('main form[action$="/impact/indicators"] button[type=submit]', 'indicator-added');
  await p.fill({ '#f-name': 'Partnerships in force', '#f-unit': 'partnerships', '#f-baseline': '0', '#f-baseline_period': String(year - 1), '#f-target': '2' });
  await page.selectOption('#f-source', 'partnerships_active');
  await p.submit('main form[action$="/impact/indicators"] button[type=submit]', 'indicator-computed');
  // The reported indicator's page: a value entered, the target changed,
  // retired and measured again.
  await p.submit('main .impact-list a[href*="/impact/indicators/"] >> nth=0', 'indicator');
  await p.fill({ '#f-value': '120', '#f-value_source': 'Kitchen tally' });
  await p.submit('main form[action$="/values"] button[type=submit]', 'value-saved');
  assert.match(await page.locator('main table').textContent(), /120/);
  await p.fill({ '#f-target': '650' });
  await p.submit('main form#indicator-form button[type=submit]', 'indicator-saved');
  await p.submit('main form[action$="/retired"] button[type=submit]', 'indicator-retired');
  assert.equal(await page.locator('main form[action$="/values"]').count(), 0, 'a retired indicator takes no values');
  await p.submit('main form[action$="/retired"] button[type=submit]', 'indicator-restored');

  // An initiative and its partnership, signed by the Library.
  await p.load(`/c/${slug}/initiatives/new`, 'impact-initiative-new');
  await p.fill({ '#f-title': 'Repair nights', '#f-summary': 'Fix things together on Saturdays.', '#f-description': 'Bring what is broken.' });
  await page.check('#f-theme-culture');
  await p.submit('main form[action$="/initiatives/new"] button[type=submit]', 'impact-initiative');
  const path = new URL(page.url()).pathname;
  await p.load(`${path}/partnership`, 'impact-partnership');
  await page.selectOption('#po-0', { label: 'Cwm Tawel Library (Culture)' });
  await p.fill({ '#pro-0': 'Lends the tools', '#pc-0': `${dayAhead(14)} Lend the soldering station`, '#f-review_on': dayAhead(120) });
  await p.submit('main form[action$="/partnership"] button[type=submit]', 'impact-partnership-proposed');
  await page.click('main form[action$="/signatures"] details.confirm > summary');
  await p.submit('main form[action$="/signatures"] button[type=submit]', 'impact-partnership-signed');

  // The editor asks for the reports now; the Library's admin gives it.
  await p.load(`/c/${slug}/impact`, 'impact-partnerships');
  await p.submit('main form[action$="/reports"] button[type=submit]', 'reports-asked');
  await p.submit('main table a[href*="/partner-reports/"]', 'report');
  await page.check('main input[type=radio][value=kept]');
  await p.fill({ '#f-narrative': 'Twelve things fixed, **three** of them radios.', '#f-links': 'https://example.org/photos' });
  await p.submit('main form[action*="/partner-reports/"] button[type=submit]', 'report-given');
  assert.match(await page.locator('main').textContent(), /Lend the soldering station/);
  assert.match(await page.locator('main .markdown').innerHTML(), /<strong>three<\/strong>/);

  // The impact report: a chart per indicator, each with its table, and
  // every value linking to its evidence.
  await p.load(`/c/${slug}/impact?period=${year}`, 'impact');
  assert.ok(await page.locator('main svg[role=img]').count() >= 3, 'charts are drawn');
  assert.equal(await page.locator('main svg[role=img]').count(), await page.locator('main table.impact-table').count());
  assert.match(await page.locator('main .impact-facts').textContent(), /Reports given\s*1/);
  assert.match(await page.locator('main ul.impact-reports').textContent(), /Cwm Tawel Library/);
  assert.equal(await page.locator(`main a[href="/c/${slug}/impact/reports.csv?period=${year}"]`).count(), 1);
  // The computed indicator's first value: its evidence lists the
  // partnership the walk made.
  await p.submit('main table.impact-table:has(caption:has-text("Partnerships in force")) td a[href*="/impact/evidence/"] >> nth=0', 'evidence');
  assert.match(await page.locator('main table').textContent(), /Repair nights/);

  // Printed: the period form and the actions are gone, the charts stay.
  await p.load(`/c/${slug}/impact?period=${year}`, 'impact-print');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('main form.impact-period').isVisible(), false);
  assert.ok(await page.locator('main svg[role=img] >> nth=0').isVisible(), 'the charts print');
  await page.emulateMedia({ media: 'screen' });

  await p.load(`/c/${slug}/partner-reports`, 'reports');
}
