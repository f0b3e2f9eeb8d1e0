// A buyer's fair search, end to end: finds services by keyword and two filters, compares three,
// saves the search into a project, narrows it to 30 or fewer, ends it, downloads both exports
// (contents checked), assesses, records an award, and finds the contract. With JavaScript on and
// off; axe on every new page.
import { test, expect, signIn, unique, successBanner, errorSummary, expectNoA11yViolations } from './helpers';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

async function found(page: Page): Promise<number> {
  const text = (await page.locator('#result-count').textContent()) ?? '';
  return Number(text.replace(/,/g, '').match(/\d+/)?.[0] ?? 'NaN');
}

/** The text cells of an xlsx (its shared strings), read with unzip. */
function xlsxText(path: string): string {
  return execFileSync('unzip', ['-p', path, 'xl/sharedStrings.xml']).toString('utf8');
}

async function journey(page: Page, js: boolean) {
  const opts = { javaScriptDisabled: !js };
  const project = `Custody records ${unique()}`;
  const reference = `KENT-${unique()}`;
  await signIn(page, 'buyer@kent.police.uk');

  // Keyword and two filters.
  await page.goto('/services');
  await page.getByLabel('Search by service name, supplier or what it does').fill('custody');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/q=custody/);
  if (js) await expect(page.locator('form#service-search[data-live="on"]')).toHaveCount(1);
  const broad = await found(page);

  // Compare three of the results (plain form posts that come back to the same search).
  for (let i = 0; i < 3; i++) {
    await page.locator('.bl-result').nth(i).getByRole('button', { name: /^Add to compare/ }).click();
    await expect(successBanner(page)).toContainText(`(${i + 1} of 4)`);
    await expect(page).toHaveURL(/\/services\?q=custody/);
  }
  await expect(page.locator('.bl-compare-bar')).toContainText('3 services chosen to compare');
  await expect(page.locator('.bl-result').first().getByRole('button', { name: /^Remove from compare/ })).toBeVisible();
  await page.locator('.bl-compare-bar').getByRole('link', { name: 'Compare services' }).click();
  await expect(page).toHaveURL(/\/compare$/);
  await expect(page.locator('.bl-compare thead th')).toHaveCount(3);
  await expect(page.locator('.bl-compare__row--differs').first()).toBeVisible();
  await expect(page.locator('.bl-compare__row--differs').first().locator('th')).toContainText('Differs');
  await expectNoA11yViolations(page, 'compare', opts);
  await page.getByRole('link', { name: /^Show only the \d+ rows that differ$/ }).click();
  const differing = await page.locator('.bl-compare tbody tr').count();
  expect(differing).toBe(await page.locator('.bl-compare__row--differs').count());
  await page.getByRole('link', { name: 'Back to your search' }).click();

  // Save the broad search into a new project.
  await page.goto('/services?q=custody');
  await page.getByRole('link', { name: 'Save this search to a project' }).click();
  await expect(page.getByRole('heading', { name: 'Save this search to a project' })).toBeVisible();
  await expectNoA11yViolations(page, 'save a search', opts);
  await page.getByRole('button', { name: 'Save search' }).click();
  await expect(errorSummary(page)).toContainText('Enter a name for the new project');
  await page.getByLabel('Name of the new project').fill(project);
  await page.getByRole('button', { name: 'Save search' }).click();
  await expect(page.getByRole('heading', { name: project })).toBeVisible();
  await expect(successBanner(page)).toContainText('saved to the project');
  await expect(page.locator('.govuk-task-list')).toBeVisible();
  await expectNoA11yViolations(page, 'project: searching', opts);

  // Narrow it to 30 or fewer with two filters, and save it again into the same project.
  await page.goto('/services?q=custody');
  await page.getByRole('checkbox', { name: /^UK or EEA \(\d+\)$/ }).check();
  await page.getByRole('checkbox', { name: /^Security Check \(SC\) \(\d+\)$/ }).check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/clearance=sc/);
  const narrowed = await found(page);
  expect(narrowed).toBeGreaterThan(0);
  expect(narrowed).toBeLessThanOrEqual(30);
  expect(narrowed).toBeLessThanOrEqual(broad);
  await page.getByRole('link', { name: 'Save this search to a project' }).click();
  await page.getByRole('radio', { name: project }).check();
  await page.getByRole('button', { name: 'Save search' }).click();
  await expect(page.getByRole('heading', { name: project })).toBeVisible();

  // End the search: the record is frozen.
  await page.getByRole('button', { name: 'End the search' }).click();
  await expect(successBanner(page)).toContainText('The search has ended');
  await expect(page.locator('#end-status')).toHaveText('Completed');
  const rows = page.locator('#record ~ table tbody tr');
  await expect(rows).toHaveCount(narrowed);
  const firstService = (await rows.first().locator('td').nth(1).textContent())!.trim();
  await expectNoA11yViolations(page, 'project: ended', opts);

  // Both downloads, their contents checked.
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the record (CSV)' }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/^search-record-\d+-custody-records-.*\.csv$/);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  expect(csvText).toContain(`Project,${project}`);
  expect(csvText).toContain('Search – Words,custody');
  expect(csvText).toContain('Search – Staff security clearance');
  expect(csvText).toContain('Ended by,Tom Fletcher');
  expect(csvText).toContain(firstService);
  expect(csvText.trim().split('\n').length).toBeGreaterThanOrEqual(narrowed + 8);
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the record (Excel)' }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const cells = xlsxText((await xlsx.path())!);
  expect(cells).toContain(project);
  expect(cells).toContain(firstService.replace(/&/g, '&amp;'));
  expect(cells).toContain('Price from (£)');

  // Assess, then record the award.
  await page.getByRole('link', { name: 'Assess the services' }).click();
  await expectNoA11yViolations(page, 'assessment', opts);
  await page.getByLabel('How you assessed the services').fill('Each met the custody need; the first cost least over three years.');
  await page.getByRole('button', { name: 'Save assessment' }).click();
  await expect(page.locator('#assess-status')).toHaveText('Completed');
  await page.getByRole('link', { name: 'Record the outcome' }).click();
  await page.getByRole('radio', { name: 'Awarded' }).check();
  await page.getByRole('radio', { name: firstService, exact: true }).check();
  await page.getByLabel('Contract value, in pounds').fill('one thousand');
  await page.getByRole('button', { name: 'Record outcome' }).click();
  await expect(errorSummary(page)).toContainText('The contract value must be an amount of money');
  await expect(errorSummary(page)).toContainText('Enter the start date');
  await expectNoA11yViolations(page, 'outcome with errors', opts);
  await page.getByLabel('Contract value, in pounds').fill('£48,000.00');
  const start = page.getByRole('group', { name: 'Start date' });
  await start.getByLabel('Day').fill('1');
  await start.getByLabel('Month').fill('4');
  await start.getByLabel('Year').fill('2027');
  const end = page.getByRole('group', { name: 'End date' });
  await end.getByLabel('Day').fill('31');
  await end.getByLabel('Month').fill('3');
  await end.getByLabel('Year').fill('2030');
  await page.getByLabel('Contract reference').fill(reference);
  await page.getByRole('button', { name: 'Record outcome' }).click();
  await expect(successBanner(page)).toContainText('contract added');
  await expect(page.locator('#outcome-status')).toHaveText('Completed');

  // The contract appears.
  await page.goto('/contracts');
  const row = page.locator('tr', { hasText: reference });
  await expect(row).toContainText(firstService);
  await expect(row).toContainText('£48,000.00');
  await expect(row).toContainText('1 April 2027 to 31 March 2030');
  await expectNoA11yViolations(page, 'contracts', opts);
  await page.goto('/projects');
  await expect(page.locator('tr', { hasText: project })).toContainText('Awarded');
  await expectNoA11yViolations(page, 'projects', opts);

  // Empty the basket for the next run.
  await page.goto('/compare');
  await page.getByRole('button', { name: 'Remove every service' }).click();
}

test.describe('projects: a fair search that ends in an award', () => {
  test('with JavaScript', async ({ page }) => {
    await journey(page, true);
  });

  test('without JavaScript', async ({ browser, baseURL, extraHTTPHeaders }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL, extraHTTPHeaders });
    const page = await context.newPage();
    await journey(page, false);
    await context.close();
  });

  test('another force cannot see the project', async ({ page, browser, baseURL }) => {
    await signIn(page, 'buyer@kent.police.uk');
    await page.goto('/projects');
    const href = await page.getByRole('link', { name: 'Digital evidence management 2027' }).getAttribute('href');
    const essex = await browser.newContext({ baseURL, extraHTTPHeaders: { 'X-Forwarded-For': `10.77.${Math.floor(Math.random() * 200)}.9` } });
    const other = await essex.newPage();
    await signIn(other, 'buyer@essex.police.uk');
    const r = await other.goto(href!);
    expect(r?.status()).toBe(403);
    await essex.close();
  });
});
