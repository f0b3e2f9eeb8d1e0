// Spend, part 2, end to end on the demo's national picture: the national body edits a rule
// (JavaScript off), previews the money it moves, saves it, and the dashboard's legacy money
// moves by exactly that amount; a force user overrides an unclassified payment and sees its
// dashboard change; it opens an aggregation opportunity (a supplier's, then a function's) and
// starts a shared procurement; the replacement planner. axe on every new page; the dashboards read with JavaScript off.
import { test, expect, signIn, newActor, successBanner, expectNoA11yViolations } from './helpers';
import type { Page } from '@playwright/test';

const off = { javaScriptDisabled: true };

/** "£1,234.56" (or "-£1,234.56") in pence. */
function pence(text: string): number {
  const m = text.match(/(-?)£([\d,]+)\.(\d\d)/);
  if (!m) throw new Error(`no money in “${text}”`);
  const value = Number(m[2].replace(/,/g, '')) * 100 + Number(m[3]);
  return m[1] === '-' ? -value : value;
}

/** The legacy maintenance money over every year, from the dashboard's "All years" row. */
async function legacyAllYears(page: Page): Promise<number> {
  const row = page.locator('table tr').filter({ hasText: 'All years' }).first();
  await expect(row).toBeVisible();
  return pence(await row.locator('td').first().innerText());
}

test('a rule change moves the dashboard by its preview; a force overrides and starts a shared procurement', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);

  // The national body, JavaScript off.
  const national = await newActor(browser, baseURL, { javaScriptEnabled: false });
  const n = national.page;
  await signIn(n, 'admin@npto.example');
  await n.goto('/spend/dashboard');
  await expect(n.getByRole('heading', { level: 1 })).toHaveText('Technology spend');
  await expect(n.locator('svg.bl-chart title')).toContainText('Legacy share of technology spend');
  await expect(n.getByRole('heading', { name: 'Forces by legacy share' })).toBeVisible();
  await expectNoA11yViolations(n, 'national dashboard', off);
  const before = await legacyAllYears(n);

  // New technology by function, and the function filter.
  await expect(n.getByRole('heading', { name: 'New technology by function' })).toBeVisible();
  const records = n.locator('table tr').filter({ hasText: 'Records management' }).first();
  const recordsNew = pence(await records.locator('td').nth(1).innerText());
  expect(recordsNew).toBeGreaterThan(0);
  await n.getByLabel('Function').selectOption({ label: 'Records management' });
  await n.getByRole('button', { name: 'Show figures' }).click();
  await expect(n.locator('.govuk-inset-text').first()).toContainText('not split by function');
  await expectNoA11yViolations(n, 'dashboard for one function', off);
  await n.goto('/spend/dashboard');

  // By quarter, then the CSV of the figures.
  await n.getByLabel('Show the figures by').selectOption('quarter');
  await n.getByRole('button', { name: 'Show figures' }).click();
  await expect(n.locator('table').first()).toContainText('Q1 (Apr to Jun)');
  const csv = await n.request.get('/spend/dashboard.csv?table=time');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('Legacy share (%)');

  await n.goto('/spend/rules');
  await expectNoA11yViolations(n, 'classification rules', off);
  await n.getByRole('button', { name: 'Add a rule' }).click();
  await expectNoA11yViolations(n, 'add a rule', off);
  // Nothing filled in: every message.
  await n.getByRole('button', { name: 'Preview the change' }).click();
  await expect(n.locator('.govuk-error-summary')).toContainText('Enter a name for the rule');
  await expectNoA11yViolations(n, 'add a rule with errors', off);
  await n.getByLabel('Name').fill('Managed service charges');
  await n.getByLabel('Legacy maintenance (run)').check();
  await n.getByLabel('Description contains').fill('managed service');
  await n.getByLabel('Place in the order').fill('1');
  await n.getByRole('button', { name: 'Preview the change' }).click();
  await expect(n.getByRole('heading', { level: 1 })).toHaveText('Check what the new rule moves');
  await expectNoA11yViolations(n, 'rule preview', off);
  const summary = await n.locator('#preview-summary').innerText();
  expect(summary).toContain('Legacy maintenance goes up by');
  const moved = pence(summary);
  expect(moved).toBeGreaterThan(0);
  await n.getByRole('button', { name: 'Save and reclassify' }).click();
  await expect(successBanner(n)).toContainText('legacy maintenance went up by');
  await expect(n.locator('table')).toContainText('Managed service charges');

  await n.goto('/spend/dashboard');
  expect(await legacyAllYears(n)).toBe(before + moved);

  await n.goto('/spend/planner');
  await expect(n.getByRole('heading', { level: 1 })).toHaveText('Replacement planner');
  await expectNoA11yViolations(n, 'replacement planner', off);
  await national.context.close();

  // A force user: its own dashboard, its unclassified queue, an override.
  const force = await newActor(browser, baseURL, { javaScriptEnabled: true });
  const k = force.page;
  await signIn(k, 'buyer@kent.police.uk');
  await k.getByRole('link', { name: 'Spend', exact: true }).click();
  await expect(k.locator('.govuk-caption-l')).toHaveText('Kent Police');
  await expect(k.getByRole('heading', { name: 'Beside your region and every force' })).toBeVisible();
  await expectNoA11yViolations(k, 'force dashboard');
  const kentBefore = await legacyAllYears(k);
  await k.getByRole('link', { name: "Your force's unclassified payments" }).click();
  await expect(k.getByRole('heading', { level: 1 })).toHaveText('Unclassified payments');
  await expectNoA11yViolations(k, 'unclassified payments');
  const first = k.locator('#payments tbody tr').first();
  const amount = pence(await first.locator('td.govuk-table__cell--numeric').innerText());
  await first.locator('input[type=checkbox]').check();
  await k.getByLabel('Legacy maintenance', { exact: true }).check();
  await k.getByLabel('Why').fill('Support for the legacy control room, under its maintenance contract');
  await k.getByRole('button', { name: 'Change their class' }).click();
  await expect(successBanner(k)).toContainText('1 payments are now legacy maintenance');
  await k.goto('/spend/dashboard');
  expect(await legacyAllYears(k)).toBe(kentBefore + amount);

  // Where Kent pays a supplier separately with other forces: start a shared procurement.
  await k.goto('/spend/opportunities');
  await expectNoA11yViolations(k, 'aggregation opportunities');
  await k.locator('form:has(input[name=supplier]) button', { hasText: /^Start a shared procurement with these forces for/ }).first().click();
  await expect(successBanner(k)).toContainText('A draft shared procurement is started');
  await expect(k.getByLabel('Title')).toHaveValue(/^Joint buying: /);

  // Or a function several forces pay for separately, whoever supplies it.
  await k.goto('/spend/opportunities');
  await expect(k.getByRole('heading', { name: /^Functions paid for separately in / })).toBeVisible();
  await k.locator('form:has(input[name=function]) button').first().click();
  await expect(successBanner(k)).toContainText('A draft shared procurement is started');
  await expect(k.getByLabel('Title')).toHaveValue(/^Joint buying: .+ for \d+ forces$/);
  await force.context.close();
});
