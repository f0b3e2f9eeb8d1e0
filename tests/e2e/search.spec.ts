// Catalogue search in the browser: words and two filters with their counts, removing a filter,
// the matched words marked, nothing found (with a spelling the catalogue knows), parameters that
// cannot be read (400), a service's number opening it, the JSON API beside the page; the same
// journey again with JavaScript off.
import { test, expect, errorSummary, expectNoA11yViolations } from './helpers';
import type { Page } from '@playwright/test';

/** "123 services found…" as a number. */
async function found(page: Page): Promise<number> {
  const text = (await page.locator('#result-count').textContent()) ?? '';
  return Number(text.replace(/,/g, '').match(/\d+/)?.[0] ?? 'NaN');
}

/** With JavaScript, waits until the live-filter island has taken the form over. */
async function ready(page: Page, js: boolean) {
  if (js) await expect(page.locator('form#service-search[data-live="on"]')).toHaveCount(1);
}

async function journey(page: Page, js: boolean) {
  const opts = { javaScriptDisabled: !js };
  await page.goto('/services');
  await ready(page, js);
  await expectNoA11yViolations(page, 'search: browse', opts);
  const everything = await found(page);
  expect(everything).toBeGreaterThan(30);
  await expect(page.locator('.bl-result')).toHaveCount(30);

  await page.getByLabel('Search by service name, supplier or what it does').fill('custody');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/q=custody/);
  const custody = await found(page);
  expect(custody).toBeGreaterThan(0);
  expect(custody).toBeLessThan(everything);
  await expect(page.locator('.bl-result mark').first()).toHaveText(/custody/i);

  await ready(page, js);
  // Two filters: each checkbox shows how many services it would give.
  const uk = page.getByRole('checkbox', { name: /^UK or EEA \(\d+\)$/ });
  const ukCount = Number((await uk.locator('xpath=..').textContent())!.match(/\((\d+)\)/)![1]);
  await uk.check();
  await page.getByRole('checkbox', { name: /^Security Check \(SC\) \(\d+\)$/ }).check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/location=uk_or_eea/);
  await expect(page).toHaveURL(/clearance=sc/);
  const narrowed = await found(page);
  expect(narrowed).toBeGreaterThan(0);
  expect(narrowed).toBeLessThanOrEqual(ukCount);
  await expectNoA11yViolations(page, 'search: words and two filters', opts);

  // Removing one filter gives the count its checkbox promised.
  await page.getByRole('link', { name: /^Remove Staff security clearance/ }).click();
  await expect(page).not.toHaveURL(/clearance=sc/);
  expect(await found(page)).toBe(ukCount);

  // Nothing found: a spelling the catalogue knows.
  await page.goto('/services?q=cusotdy');
  await ready(page, js);
  await expect(page.getByRole('heading', { name: 'No services match your search' })).toBeVisible();
  await expectNoA11yViolations(page, 'search: nothing found', opts);
  await page.getByRole('link', { name: 'custody', exact: true }).click();
  await expect(page).toHaveURL(/\?q=custody$/);
  expect(await found(page)).toBe(custody);

  // Parameters that cannot be read: a 400 page naming them, and a way on.
  const bad = await page.goto('/services?q=custody&page=0&price_from=cheap');
  expect(bad?.status()).toBe(400);
  await expect(errorSummary(page)).toContainText('The page must be a whole number');
  await expect(errorSummary(page)).toContainText('Enter the lowest price in pounds');
  await expect(page.locator('#price_from')).toHaveValue('cheap');
  await expectNoA11yViolations(page, 'search: parameters that cannot be read', opts);
  await page.getByRole('link', { name: 'Search without the values that could not be read' }).click();
  await expect(page).toHaveURL(/\?q=custody$/);
  expect(await found(page)).toBe(custody);

  // A service's number opens it.
  const href = await page.locator('.bl-result h2 a').first().getAttribute('href');
  const id = href!.split('/').pop()!;
  await page.goto(`/services?q=${id}`);
  await expect(page).toHaveURL(new RegExp(`/services/${id}$`));
}

test.describe('catalogue search', () => {
  test('a buyer finds services by words and filters, with counts', async ({ page }) => {
    await journey(page, true);
  });

  test('the same without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await journey(page, false);
    await context.close();
  });

  test('with JavaScript, filters redraw the results in place and the back button goes back', async ({ page }) => {
    await page.goto('/services?q=custody');
    await ready(page, true);
    const before = await found(page);
    // A mark on this window: a full page load would lose it.
    await page.evaluate(() => { (window as unknown as { stayed: boolean }).stayed = true; });
    await page.getByRole('checkbox', { name: /^UK or EEA \(\d+\)$/ }).check();
    await expect(page).toHaveURL(/q=custody&location=uk_or_eea$/);
    const uk = await found(page);
    expect(uk).toBeLessThanOrEqual(before);
    await page.getByRole('checkbox', { name: /^Security Check \(SC\)/ }).check();
    await expect(page).toHaveURL(/location=uk_or_eea&clearance=sc$/);
    expect(await found(page)).toBeLessThanOrEqual(uk);
    await expect(page.getByRole('checkbox', { name: /^Security Check \(SC\)/ })).toBeFocused();
    await expect(page).toHaveTitle(/^custody: Find services/);
    await page.goBack();
    await expect(page).toHaveURL(/q=custody&location=uk_or_eea$/);
    await expect(page.getByRole('checkbox', { name: /^Security Check \(SC\)/ })).not.toBeChecked();
    await expect.poll(() => found(page)).toBe(uk);
    await page.goBack();
    await expect(page).toHaveURL(/\?q=custody$/);
    await expect.poll(() => found(page)).toBe(before);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await expectNoA11yViolations(page, 'search: after live filtering');
  });

  test('the API answers the same search as JSON', async ({ page, request }) => {
    await page.goto('/services?q=custody&location=uk_or_eea');
    const onPage = await found(page);
    const r = await request.get('/api/v1/services?q=custody&location=uk_or_eea');
    expect(r.status()).toBe(200);
    const body = await r.json();
    expect(body.total).toBe(onPage);
    expect(body.facets.find((f: { key: string }) => f.key === 'location').values.find((v: { value: string }) => v.value === 'uk_or_eea').chosen).toBe(true);
    const one = await request.get(body.services[0].url);
    expect(one.status()).toBe(200);
    expect((await one.json()).name).toBe(body.services[0].name);
    const bad = await request.get('/api/v1/services?page=0');
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error).toContain('page');
  });
});
