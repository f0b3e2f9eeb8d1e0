// Spend imports end to end, as a force's buyer does it: upload a Windows-1252 CSV with a title
// line above its header, check the guessed columns and fix one, read the report (two rows
// rejected, each with its line and reason), upload the same file again and find every payment
// already there. Once with JavaScript and once without; axe on every page. Then the national
// body's pages: buyer names and suppliers.
import { test, expect, ROLES, signIn, newActor, errorSummary, unique, expectNoA11yViolations } from './helpers';
import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

/** A force file as Excel on Windows writes it; `tag` keeps each run's payments its own. */
function kentFile(tag: string): Buffer {
  const text =
    'Kent Police - payments over £500, April 2024\r\n' +
    'Date Paid,Vendor Name,Amount,Details,Our Ref\r\n' +
    `02/04/2024,Microsoft Ltd,"£1,234.56",Licences ${tag},R1\r\n` +
    `03/04/2024,MICROSOFT LIMITED, 5616.65 ,Support ${tag},R2\r\n` +
    `04/04/2024,Café Systems Ltd,(123.45),Credit note ${tag},R3\r\n` +
    `31/02/2024,Acme Ltd,100.00,Bad date ${tag},R4\r\n` +
    `05/04/2024,Acme Ltd,one thousand,Bad amount ${tag},R5\r\n` +
    `06/04/2024,Acme Ltd,734.9,Hardware ${tag},R6\r\n`;
  // latin1 writes £ and é as the single bytes Windows-1252 uses for them.
  return Buffer.from(text, 'latin1');
}

async function upload(page: Page, file: Buffer, js: boolean) {
  await page.goto('/spend/imports');
  await expectNoA11yViolations(page, 'spend imports', { javaScriptDisabled: !js });
  await page.getByRole('link', { name: 'Upload a spend file' }).click();
  await expectNoA11yViolations(page, 'upload a spend file', { javaScriptDisabled: !js });
  await page.getByLabel('The file').setInputFiles({ name: 'kent-april.csv', mimeType: 'text/csv', buffer: file });
  await page.getByRole('button', { name: 'Upload and check the columns' }).click();
  await expect(page.getByRole('heading', { name: 'Check the columns' })).toBeVisible();
}

async function waitForReport(page: Page) {
  // With JavaScript the island reloads the page when the import ends; without it, the page
  // refreshes itself.
  await expect(page.getByRole('heading', { name: 'Import report' })).toBeVisible({ timeout: 20_000 });
}

for (const js of [true, false]) {
  test(`a force imports its spend file and the same file again is all duplicates (${js ? 'with' : 'without'} JavaScript)`, async ({
    browser,
    baseURL,
  }) => {
    const { context, page } = await newActor(browser, baseURL, { javaScriptEnabled: js });
    await signIn(page, ROLES.forceMember.email);
    const tag = unique();
    await upload(page, kentFile(tag), js);
    await expectNoA11yViolations(page, 'check the columns', { javaScriptDisabled: !js });
    const main = page.locator('main');
    await expect(main).toContainText('Windows-1252');
    await expect(main).toContainText('Kent Police - payments over £500, April 2024');
    await expect(main).toContainText('Café Systems Ltd');
    // The guess, checked: the payment date, supplier and amount found; the details column is
    // chosen by hand.
    await expect(page.getByLabel('What the column “Date Paid” holds')).toHaveValue('payment_date');
    await expect(page.getByLabel('What the column “Vendor Name” holds')).toHaveValue('supplier');
    await expect(page.getByLabel('What the column “Amount” holds')).toHaveValue('amount');
    // A mistake first: the amount chosen twice is refused, the choices kept.
    await page.getByLabel('What the column “Details” holds').selectOption('amount');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await expect(errorSummary(page)).toContainText('already chosen for another column');
    await expectNoA11yViolations(page, 'check the columns, with an error', { javaScriptDisabled: !js });
    await page.getByLabel('What the column “Details” holds').selectOption('description');
    await page.getByLabel('What the column “Our Ref” holds').selectOption('transaction_number');
    await page.getByRole('button', { name: 'Start the import' }).click();
    await waitForReport(page);
    await expectNoA11yViolations(page, 'import report', { javaScriptDisabled: !js });
    const rows = page.locator('main table').first();
    await expect(rows.getByRole('row', { name: /^Imported/ })).toContainText('4');
    await expect(rows.getByRole('row', { name: /^Imported/ })).toContainText('£7,462.66');
    await expect(rows.getByRole('row', { name: /^Rejected/ })).toContainText('2');
    await expect(rows.getByRole('row', { name: /^Read/ })).toContainText('6');
    const rejected = page.getByRole('table').filter({ hasText: 'The row as the file had it' });
    await expect(rejected.getByRole('row', { name: /^6 / })).toContainText('Payment date: “31/02/2024” is not a real date');
    await expect(rejected.getByRole('row', { name: /^7 / })).toContainText('Amount: “one thousand” is not an amount');

    // The same file again: the columns remembered, every payment already there.
    await upload(page, kentFile(tag), js);
    await expect(page.getByLabel('What the column “Our Ref” holds')).toHaveValue('transaction_number');
    await expect(main).toContainText("chosen as for this publisher's last file");
    await page.getByRole('button', { name: 'Start the import' }).click();
    await waitForReport(page);
    await expect(rows.getByRole('row', { name: /^Imported/ })).toContainText('0');
    await expect(rows.getByRole('row', { name: /^Already imported/ })).toContainText('4');
    await context.close();
  });
}

test('the national body maps buyer names and sees the suppliers', async ({ page }) => {
  await signIn(page, ROLES.nationalAdmin.email);
  await page.goto('/spend/imports');
  await page.getByRole('link', { name: 'Buyer names in framework files' }).click();
  await expect(page.getByRole('heading', { name: 'Buyer names' })).toBeVisible();
  await expectNoA11yViolations(page, 'buyer names');
  await page.goto('/spend/suppliers');
  await expect(page.getByRole('heading', { name: 'Suppliers in the spend' })).toBeVisible();
  await expectNoA11yViolations(page, 'suppliers in the spend');
  await page.getByLabel('Supplier name').fill('microsoft');
  await page.getByRole('button', { name: 'Search' }).click();
  const first = page.locator('main table a').first();
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/microsoft/i);
  await expect(page.locator('main')).toContainText('MICROSOFT LIMITED');
  await expectNoA11yViolations(page, 'a supplier in the spend');
});

test('a force keeps its systems register and sees the duplication map', async ({ page }) => {
  await signIn(page, ROLES.forceMember.email);
  await page.goto('/spend/imports');
  await page.getByRole('link', { name: 'Systems register' }).click();
  await expect(page.getByRole('heading', { name: 'Systems register' })).toBeVisible();
  await expect(page.locator('main')).toContainText('Kent Police');
  await expectNoA11yViolations(page, 'systems register');
  await page.getByRole('link', { name: 'Add a system' }).click();
  await expectNoA11yViolations(page, 'add a system');
  const name = `Body Worn Video ${unique()}`;
  await page.getByLabel('System name').fill(name);
  await page.getByLabel('What it does').selectOption('Digital evidence');
  await page.getByLabel('Supplier', { exact: true }).fill('Axon');
  await page.getByLabel('Annual maintenance cost in pounds (optional)').fill('a lot');
  await page.getByLabel('Status').selectOption('current');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(errorSummary(page)).toContainText('Annual maintenance cost must be an amount in pounds');
  await expect(page.getByLabel('System name')).toHaveValue(name);
  await expectNoA11yViolations(page, 'add a system, with an error');
  await page.getByLabel('Annual maintenance cost in pounds (optional)').fill('48,250.00');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('£48,250.00');
  // The register downloads as CSV.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the register (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^systems-register-\d+\.csv$/);
  expect(readFileSync(await download.path(), 'utf8')).toContain(name);
  await page.getByRole('link', { name: 'The national duplication map' }).click();
  await expect(page.getByRole('heading', { name: 'Duplication map' })).toBeVisible();
  await expect(page.locator('main')).toContainText('Records management');
  await expectNoA11yViolations(page, 'duplication map');
});
