// CSV import: the founder (an editor) uploads a spreadsheet of
// organizations separated by semicolons, sees the dry run's columns and
// rows (one refused), maps an extra column, and applies it skipping the
// refused row. Starts and ends signed in as the founder.
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
}
