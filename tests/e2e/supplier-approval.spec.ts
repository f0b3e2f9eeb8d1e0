// A supplier applies, the national body approves (or must give a reason to reject).
import {
  test,
  expect,
  ROLES,
  newVendor,
  fillSupplierRegistration,
  successBanner,
  errorSummary,
  expectHome,
  navLabels,
  signIn,
  signOut,
  confirmFromMailbox,
  newActor,
  supplierIdByName,
  expectNoA11yViolations,
} from './helpers';
import type { Page } from '@playwright/test';

async function applyAsSupplier(page: Page) {
  const vendor = newVendor();
  await page.goto('/register');
  await page.getByRole('link', { name: /supplier/i }).first().click();
  await expect(page).toHaveURL(/\/register\/supplier$/);
  await expectNoA11yViolations(page, 'register supplier');
  await fillSupplierRegistration(page, vendor);
  await page.getByRole('button', { name: 'Send application' }).click();
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await confirmFromMailbox(page, vendor.email);
  // The supplier's admin sets up an authenticator app at the first sign-in.
  await signIn(page, vendor.email, vendor.password);
  await expectHome(page, vendor.company, 'Supplier');
  await expect(page.locator('main')).toContainText('waiting for the national body');
  expect(await navLabels(page)).toEqual(['Home', 'Find services', 'Frameworks', 'Notifications', 'Your account']);
  await expectNoA11yViolations(page, 'pending supplier home');
  return vendor;
}

test.describe('supplier applications', () => {
  test('a new supplier is approved by the national body and then sees the approved home', async ({
    page,
    browser,
    baseURL,
  }) => {
    const vendor = await applyAsSupplier(page);
    await signOut(page);

    // The national admin, in a separate browser context with its own client address.
    const admin = await newActor(browser, baseURL);
    try {
      await signIn(admin.page, ROLES.nationalAdmin.email);
      await admin.page.goto('/admin/suppliers?status=pending');
      await expect(admin.page.getByRole('link', { name: vendor.company, exact: true })).toBeVisible();
      await expectNoA11yViolations(admin.page, 'suppliers, pending');

      const id = await supplierIdByName(admin.page, vendor.company);
      await admin.page.goto(`/admin/suppliers/${id}`);
      await expect(admin.page.locator('main')).toContainText(vendor.company);
      await expect(admin.page.locator('main')).toContainText(vendor.number);
      await expect(admin.page.locator('main')).toContainText(vendor.email);
      await expectNoA11yViolations(admin.page, 'supplier page');

      await admin.page.locator('#decision').check();
      await admin.page.getByRole('button', { name: 'Save decision' }).click();
      await expect(successBanner(admin.page)).toContainText('Supplier approved');
      await expectNoA11yViolations(admin.page, 'supplier page after approval');

      await admin.page.goto('/admin/suppliers?status=active');
      await expect(admin.page.getByRole('link', { name: vendor.company, exact: true })).toBeVisible();
      await admin.page.goto('/admin/suppliers?status=pending');
      await expect(admin.page.getByRole('link', { name: vendor.company, exact: true })).toHaveCount(0);
    } finally {
      await admin.context.close();
    }

    // The supplier signs in again and is now approved.
    await signIn(page, vendor.email, vendor.password);
    await expectHome(page, vendor.company, 'Supplier');
    await expect(page.locator('main')).toContainText('approved Bluelamp supplier');
    await expect(page.locator('main')).not.toContainText('waiting for the national body');
    expect(await navLabels(page)).toEqual(['Home', 'Find services', 'Frameworks', 'Opportunities', 'Your services', 'Users', 'Notifications', 'Your account']);
    await expectNoA11yViolations(page, 'approved supplier home');
  });

  test('rejecting without a reason is refused with an error', async ({ page, browser, baseURL }) => {
    const vendor = await applyAsSupplier(page);

    const admin = await newActor(browser, baseURL);
    try {
      await signIn(admin.page, ROLES.nationalAdmin.email);
      const id = await supplierIdByName(admin.page, vendor.company);
      await admin.page.goto(`/admin/suppliers/${id}`);
      await admin.page.locator('#decision-1').check();
      await admin.page.locator('#reason').fill('');
      await admin.page.getByRole('button', { name: 'Save decision' }).click();

      await expect(errorSummary(admin.page)).toContainText('There is a problem');
      await expect(errorSummary(admin.page)).toContainText('Enter the reason for rejecting');
      await expect(admin.page.locator('.govuk-error-message')).toContainText('Enter the reason for rejecting');
      await expect(successBanner(admin.page)).toHaveCount(0);
      await expectNoA11yViolations(admin.page, 'supplier page with error');

      // Still pending.
      await admin.page.goto('/admin/suppliers?status=pending');
      await expect(admin.page.getByRole('link', { name: vendor.company, exact: true })).toBeVisible();
    } finally {
      await admin.context.close();
    }

    // And the supplier still waits.
    await page.goto('/');
    await expect(page.locator('main')).toContainText('waiting for the national body');
  });
});
