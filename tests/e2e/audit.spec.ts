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

/** The Action column shows a readable name: the one the action filter's option shows. */
async function actionLabel(page: Page, code: string): Promise<string> {
  const label = (await page.locator(`#action option[value="${code}"]`).innerText()).trim();
  expect(label.length, `label of action ${code}`).toBeGreaterThan(0);
  return label;
}

function actionCell(row: ReturnType<typeof eventRows>) {
  return row.locator('td').nth(3);
}

test('the audit log shows failed sign-ins and approvals, filters them and downloads CSV', async ({
  page,
  browser,
  baseURL,
  clientAddress,
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
    await expect(other.page).toHaveURL(/\/register\/check-email$/);
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
  const failedLabel = await actionLabel(page, 'user.sign_in_failed');
  await expect(page.locator('#action')).toHaveValue('user.sign_in_failed');
  await expect(page.locator('#user')).toHaveValue(user.email);
  await expect(eventRows(page)).toHaveCount(1);
  await expect(actionCell(eventRows(page).first())).toHaveText(failedLabel);
  await expect(eventRows(page).first()).toContainText(user.email);
  await expect(eventRows(page).first()).toContainText('Kent Police');
  await expectNoA11yViolations(page, 'audit log filtered');

  // Every row of an action filter has that action.
  await applyFilters(page, { action: 'user.sign_in_failed' });
  const failedCount = await eventRows(page).count();
  expect(failedCount).toBeGreaterThanOrEqual(1);
  for (const text of await eventRows(page).locator('td:nth-child(4)').allInnerTexts()) {
    expect(text.trim()).toBe(failedLabel);
  }
  await expect(eventRows(page).filter({ hasText: user.email })).toHaveCount(1);

  // The approval of the new supplier: done by the national admin, naming the supplier.
  await applyFilters(page, { action: 'supplier.approved' });
  const approvedLabel = await actionLabel(page, 'supplier.approved');
  const approval = eventRows(page).filter({ hasText: vendor.company });
  await expect(approval).toHaveCount(1);
  await expect(actionCell(approval)).toHaveText(approvedLabel);
  await expect(approval).toContainText(ROLES.nationalAdmin.email);
  await expect(approval).toContainText(`organisation ${supplierId}`);
  for (const text of await eventRows(page).locator('td:nth-child(4)').allInnerTexts()) {
    expect(text.trim()).toBe(approvedLabel);
  }

  // Filtered by the new supplier's organisation: events by its people (the application) and
  // events about it (the national body's approval), and nothing else.
  await applyFilters(page, { organisation: vendor.company });
  const registeredLabel = await actionLabel(page, 'supplier.registered');
  await expect(eventRows(page).first()).toBeVisible();
  await expect(eventRows(page).filter({ hasText: registeredLabel })).toHaveCount(1);
  await expect(eventRows(page).filter({ hasText: approvedLabel })).toHaveCount(1);
  for (const row of await eventRows(page).all()) {
    const org = (await row.locator('td:nth-child(3)').innerText()).trim();
    const object = (await row.locator('td:nth-child(5)').innerText()).trim();
    expect(org === vendor.company || object.includes(vendor.company), `${org} / ${object}`).toBe(true);
  }

  // Sign-ins record the client address (here from X-Forwarded-For, unique to this test).
  await applyFilters(page, { user: ROLES.nationalAdmin.email, action: 'user.signed_in' });
  const exactAddress = new RegExp(`address: ${clientAddress.replace(/\./g, '\\.')}(?!\\d)`);
  await expect(eventRows(page).filter({ hasText: exactAddress })).toHaveCount(1);

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
