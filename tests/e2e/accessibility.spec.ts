// axe (WCAG 2.2 AA) on every page, as the person who can see it.
import { test, expect, ROLES, signIn, expectNoA11yViolations } from './helpers';
import type { Page } from '@playwright/test';

async function check(page: Page, path: string, expectedStatus = 200) {
  const response = await page.goto(path);
  expect.soft(response?.status(), `status of ${path}`).toBe(expectedStatus);
  await expect(page.locator('h1')).toBeVisible();
  await expectNoA11yViolations(page, path);
}

/** The first link on the page whose href matches, as a path. */
async function firstHref(page: Page, pattern: RegExp): Promise<string> {
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const href = hrefs.find((h) => pattern.test(h));
  expect(href, `a link matching ${pattern} on ${page.url()}`).toBeTruthy();
  return href!;
}

test.describe('accessibility of every page', () => {
  test('catalogue pages', async ({ page }) => {
    // Everyone: frameworks, a lot, a service, a supplier.
    await check(page, '/frameworks');
    const framework = (await page.getByRole('link', { name: 'Police Cloud 1' }).getAttribute('href'))!;
    await check(page, framework);
    const lot = await firstHref(page, /^\/frameworks\/\d+\/lots\/\d+$/);
    await check(page, lot);
    const service = await firstHref(page, /^\/services\/\d+$/);
    await check(page, service);
    await check(page, await firstHref(page, /^\/suppliers\/\d+$/));

    // A supplier: the dashboard, starting a listing, copying from G-Cloud, a draft's sections.
    await signIn(page, ROLES.approvedSupplier.email);
    await check(page, '/supplier/services');
    const draft = await firstHref(page, /^\/services\/\d+\/manage$/);
    await check(page, '/supplier/services/new');
    await check(page, '/supplier/services/import');
    await page.getByRole('button', { name: 'Copy to drafts' }).click();
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
    await expectNoA11yViolations(page, 'copy from G-Cloud with an error');
    await check(page, draft);
    for (const section of ['about', 'pricing', 'documents', 'assurance', 'police']) {
      await check(page, `${draft}/${section}`);
    }
    await check(page, draft.replace(/\/manage$/, '/versions'));
  });

  test('national body catalogue pages', async ({ page }) => {
    await signIn(page, ROLES.nationalAdmin.email);
    await check(page, '/frameworks/new');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
    await expectNoA11yViolations(page, 'new framework, every field in error');
    await page.goto('/frameworks');
    const framework = await firstHref(page, /^\/frameworks\/\d+$/);
    await check(page, `${framework}/edit`);
    await check(page, `${framework}/declaration`);
    await page.goto(framework);
    await check(page, await firstHref(page, /^\/frameworks\/\d+\/lots\/\d+\/categories$/));
    await check(page, '/admin/catalogue-lists/national_system');
    await check(page, '/admin/catalogue-lists/legacy_function');
    await check(page, '/admin/applications');
    await check(page, await firstHref(page, /^\/admin\/applications\/\d+$/));
    await check(page, '/admin/reviews');
    const review = await firstHref(page, /^\/admin\/reviews\/\d+$/);
    await check(page, review);
    await page.getByRole('button', { name: 'Return with comments' }).click();
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
    await expectNoA11yViolations(page, 'return without comments');
    await check(page, review.replace('/admin/reviews/', '/services/') + '/manage');
  });

  test('anonymous pages', async ({ page }) => {
    for (const path of ['/', '/sign-in', '/register', '/register/force', '/register/supplier']) {
      await check(page, path);
    }
    await check(page, '/this-page-does-not-exist', 404);
  });

  test('anonymous pages with form errors', async ({ page }) => {
    await page.goto('/register/supplier');
    await page.getByRole('button', { name: 'Send application' }).click();
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
    await expectNoA11yViolations(page, 'register supplier, every field in error');

    await page.goto('/register/force');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
    await expectNoA11yViolations(page, 'register force, every field in error');
  });

  test('national admin pages', async ({ page }) => {
    await signIn(page, ROLES.nationalAdmin.email);
    await check(page, '/');
    await check(page, '/account');
    await check(page, '/account/password');

    await check(page, '/admin/suppliers');
    for (const status of ['pending', 'active', 'rejected']) {
      await check(page, `/admin/suppliers?status=${status}`);
    }
    await page.goto('/admin/suppliers');
    await check(page, await firstHref(page, /^\/admin\/suppliers\/\d+$/));

    await check(page, '/admin/forces');
    const force = await firstHref(page, /^\/admin\/forces\/\d+$/);
    await check(page, force);

    await check(page, '/admin/audit');
    await check(page, '/admin/audit?action=user.signed_in');

    await page.goto('/');
    const users = await firstHref(page, /^\/organisations\/\d+\/users$/);
    await check(page, users);
    await check(page, `${users}/invite`);
    await page.goto(users);
    await check(page, await firstHref(page, /^\/users\/\d+$/));
    await check(page, '/no/such/page', 404);
  });

  test('national admin forms with errors', async ({ page }) => {
    await signIn(page, ROLES.nationalAdmin.email);
    await page.goto('/account/password');
    await page.locator('#current_password').fill('not-my-password');
    await page.locator('#new_password').fill('short');
    await page.locator('#confirm_password').fill('different');
    await page.getByRole('button').filter({ hasText: /password/i }).last().click();
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
    await expectNoA11yViolations(page, 'change password with errors');

    await page.goto('/');
    const users = await firstHref(page, /^\/organisations\/\d+\/users$/);
    await page.goto(`${users}/invite`);
    await page.locator('main form button[type="submit"]').last().click();
    await expect(page.locator('.govuk-error-summary')).toBeVisible();
    await expectNoA11yViolations(page, 'invite with errors');
  });

  test('force admin pages', async ({ page }) => {
    await signIn(page, ROLES.forceAdmin.email);
    await check(page, '/');
    const users = await firstHref(page, /^\/organisations\/\d+\/users$/);
    await check(page, users);
    await check(page, `${users}/invite`);
    await page.goto(users);
    await check(page, await firstHref(page, /^\/users\/\d+$/));
    await check(page, '/account');
  });

  test('supplier pages', async ({ page }) => {
    await signIn(page, ROLES.approvedSupplier.email);
    await check(page, '/');
    await check(page, '/account');
    await check(page, '/account/password');
  });

  test('the 403 page', async ({ page }) => {
    await signIn(page, ROLES.forceMember.email);
    await check(page, '/admin/audit', 403);
    await expect(page.locator('h1')).toHaveText('You do not have permission to see this page');
    await check(page, '/admin/suppliers', 403);
  });
});
