// The audit log records the journeys: failed sign-ins, approvals; filters and CSV download.
import {
  test,
  expect,
  ROLES,
  newActor,
  newForceUser,
  newVendor,
  registerForceUser,
  fillSupplierRegistration,
  submitSignIn,
  signIn,
  supplierIdByName,
  successBanner,
  errorSummary,
  expectNoA11yViolations,
} from './helpers';
import type { Page } from '@playwright/test';

async function applyFilters(page: Page, filters: { organisation?: string; user?: string; action?: string }) {
  await page.goto('/admin/audit');
  if (filters.organisation) await page.locator('#organisation').selectOption({ label: filters.organisation });
  if (filters.user) await page.locator('#user').fill(filters.user);
  if (filters.action) await page.locator('#action').selectOption(filters.action);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?/);
}

function eventRows(page: Page) {
  return page.locator('main table tbody tr');
}

test('the audit log shows failed sign-ins and approvals, filters them and downloads CSV', async ({
  page,
  browser,
  baseURL,
}) => {
  // Events of our own: a failed sign-in on a new account, and a new supplier approved.
  const user = newForceUser('kent.police.uk', 'e2e-audit');
  const vendor = newVendor();
  const other = await newActor(browser, baseURL);
  try {
    await registerForceUser(other.page, user);
    await other.context.clearCookies();
    await submitSignIn(other.page, user.email, 'not-the-right-password-1');
    await expect(errorSummary(other.page)).toContainText('Enter a correct email address and password');

    await other.page.goto('/register/supplier');
    await fillSupplierRegistration(other.page, vendor);
    await other.page.getByRole('button', { name: 'Send application' }).click();
    await expect(successBanner(other.page)).toContainText(`Application sent for ${vendor.company}`);
  } finally {
    await other.context.close();
  }

  await signIn(page, ROLES.nationalAdmin.email);
  const supplierId = await supplierIdByName(page, vendor.company);
  await page.goto(`/admin/suppliers/${supplierId}`);
  await page.locator('#decision').check();
  await page.getByRole('button', { name: 'Save decision' }).click();
  await expect(successBanner(page)).toContainText('Supplier approved');

  // Unfiltered, newest first: our own approval is there.
  await page.goto('/admin/audit');
  await expect(page.locator('h1')).toHaveText('Audit log');
  await expect(eventRows(page).first()).toBeVisible();
  await expectNoA11yViolations(page, 'audit log');

  // Failed sign-ins of the new account.
  await applyFilters(page, { user: user.email, action: 'user.sign_in_failed' });
  await expect(page.locator('#action')).toHaveValue('user.sign_in_failed');
  await expect(page.locator('#user')).toHaveValue(user.email);
  await expect(eventRows(page)).toHaveCount(1);
  await expect(eventRows(page).first()).toContainText('user.sign_in_failed');
  await expect(eventRows(page).first()).toContainText(user.email);
  await expectNoA11yViolations(page, 'audit log filtered');

  // Every row of an action filter has that action.
  await applyFilters(page, { action: 'user.sign_in_failed' });
  const failedCount = await eventRows(page).count();
  expect(failedCount).toBeGreaterThanOrEqual(1);
  for (const text of await eventRows(page).allInnerTexts()) {
    expect(text).toContain('user.sign_in_failed');
    expect(text).not.toContain('user.signed_in\t');
  }

  // The approval of the new supplier.
  await applyFilters(page, { organisation: vendor.company, action: 'supplier.approved' });
  await expect(eventRows(page)).toHaveCount(1);
  await expect(eventRows(page).first()).toContainText('supplier.approved');
  await expect(eventRows(page).first()).toContainText(ROLES.nationalAdmin.email);

  // The same filter's registration event is not shown under supplier.approved, but is under
  // supplier.registered.
  await applyFilters(page, { organisation: vendor.company, action: 'supplier.registered' });
  await expect(eventRows(page)).toHaveCount(1);
  await expect(eventRows(page).first()).toContainText('supplier.registered');

  // CSV of the filtered events.
  await applyFilters(page, { user: user.email, action: 'user.sign_in_failed' });
  const link = page.getByRole('link', { name: /Download as CSV/ });
  const href = await link.getAttribute('href');
  expect(href).toMatch(/^\/admin\/audit\.csv\?/);
  expect(href).toContain('action=user.sign_in_failed');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
  const body = await csv.text();
  const lines = body.trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^id,occurred_at_utc/);
  expect(lines.length).toBe(2);
  expect(lines[1]).toContain('user.sign_in_failed');
  expect(lines[1]).toContain(user.email);

  // The link downloads a file in the browser too.
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
});
