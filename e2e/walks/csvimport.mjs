// CSV import: the founder (an editor) uploads a spreadsheet of
// organizations separated by semicolons, sees the dry run's columns and
// rows (one refused), maps an extra column, and applies it skipping the
// refused row; then a small file of activities (a dry run, then applied
// skipping a refused row), and takes the members' export. Starts and ends
// signed in as the founder.
import assert from 'node:assert/strict';

export default async function (p, { slug }) {
  const page = p.page;
  const name = `Walk Library ${Date.now()}`;
  await p.load(`/c/${slug}/import`, 'csvimport-upload');
  await page.selectOption('#f-kind', 'organizations');
  await page.setInputFiles('#f-file', { name: 'organizations.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`\ufeffName;Sector;Town;Notes\n${name};culture;Leeds;"Books;\nand rooms"\nBroken club;nonsense;;\n`) });
  await p.submit('main form[enctype] button[type=submit]', 'csvimport-preview');
  const rows = await page.locator('main table').textContent();
  assert.match(rows, /will be created/);
  assert.match(rows, /refused/);
  assert.equal(await page.locator('#f-col2').inputValue(), 'city');
  assert.equal(await page.locator('#f-col3').inputValue(), '');

  // The unmapped "Notes" column becomes the description.
  await page.selectOption('#f-col3', 'description');
  await p.submit('main form[method=get] button[type=submit]', 'csvimport-remapped');
  assert.equal(await page.locator('#f-col3').inputValue(), 'description');

  await page.check('#f-mode-skip');
  await p.submit('main form[method=post] button[type=submit]', 'csvimport-applied');
  assert.match(await page.locator('body').textContent(), /The import is written/);
  await p.load(`/c/${slug}/organizations`, 'csvimport-organizations');
  assert.equal(await page.locator('main a[href$="/export/organizations.csv"]').count(), 1);

  // Activities: one row is created, one refused for its price.
  const day = new Date(Date.now() + 3 * 86400e3).toISOString().slice(0, 10);
  await p.load(`/c/${slug}/import`, 'csvimport-upload-activities');
  await page.selectOption('#f-kind', 'activities');
  await page.setInputFiles('#f-file', { name: 'activities.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`Title,Starts,Ends,Online URL,Cost\nWalk Welsh ${Date.now()},${day} 18:00,${day} 19:00,https://meet.example.org/w,\n` +
      `Walk Choir,${day} 18:00,${day} 19:00,https://meet.example.org/c,lots\n`) });
  await p.submit('main form[enctype] button[type=submit]', 'csvimport-preview-activities');
  const acts = await page.locator('main table').textContent();
  assert.match(acts, /will be created/);
  assert.match(acts, /refused/);
  await page.check('#f-mode-skip');
  await p.submit('main form[method=post] button[type=submit]', 'csvimport-applied-activities');
  assert.match(await page.locator('body').textContent(), /The import is written/);

  // The members' export: names as the directory shows them, no address of a member.
  const res = await page.request.get(new URL(`/c/${slug}/export/members.csv`, page.url()).href);
  assert.equal(res.status(), 200);
  assert.match(await res.text(), /^email,name,role,organization,status/);
}
