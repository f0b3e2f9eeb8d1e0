import { test, expect, ROLES, signIn, newActor, unique } from './helpers';

test('screenshots', async ({ browser, baseURL }) => {
  const { page } = await newActor(browser, baseURL);
  await page.setViewportSize({ width: 1100, height: 900 });
  await signIn(page, ROLES.forceMember.email);
  await page.goto('/spend/imports');
  await page.screenshot({ path: '/tmp/shots/imports.png', fullPage: true });
  await page.getByRole('link', { name: 'Upload a spend file' }).click();
  await page.screenshot({ path: '/tmp/shots/upload.png', fullPage: true });
  const tag = unique();
  const text = 'Kent Police - payments over £500, April 2024\r\nDate Paid,Vendor Name,Amount,Details,Our Ref\r\n' +
    `02/04/2024,Microsoft Ltd,"£1,234.56",Licences ${tag},R1\r\n31/02/2024,Acme Ltd,100.00,Bad date ${tag},R4\r\n05/04/2024,Acme Ltd,one thousand,Bad amount ${tag},R5\r\n`;
  await page.getByLabel('The file').setInputFiles({ name: 'kent-april.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'latin1') });
  await page.getByRole('button', { name: 'Upload and check the columns' }).click();
  await page.screenshot({ path: '/tmp/shots/mapping.png', fullPage: true });
  await page.getByRole('button', { name: 'Start the import' }).click();
  await expect(page.getByRole('heading', { name: 'Import report' })).toBeVisible({ timeout: 20000 });
  await page.screenshot({ path: '/tmp/shots/report.png', fullPage: true });
  const admin = await newActor(browser, baseURL);
  await admin.page.setViewportSize({ width: 1100, height: 900 });
  await signIn(admin.page, ROLES.nationalAdmin.email);
  await admin.page.goto('/spend/buyers');
  await admin.page.screenshot({ path: '/tmp/shots/buyers.png', fullPage: true });
  await admin.page.goto('/spend/suppliers?q=microsoft');
  await admin.page.screenshot({ path: '/tmp/shots/suppliers.png', fullPage: true });
  await admin.page.locator('main table a').first().click();
  await admin.page.screenshot({ path: '/tmp/shots/supplier.png', fullPage: true });
  await admin.page.goto('/spend/imports');
  await admin.page.locator('main table a').first().click();
  await admin.page.screenshot({ path: '/tmp/shots/report-national.png', fullPage: true });
});
