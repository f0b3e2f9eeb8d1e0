// Force staff registration: allowed and refused email domains.
import {
  test,
  expect,
  newForceUser,
  fillForceRegistration,
  errorSummary,
  successBanner,
  expectHome,
  navLabels,
  expectNoA11yViolations,
  signOut,
  signIn,
} from './helpers';

test.describe('force registration', () => {
  test('an address on a force domain creates an account and signs in', async ({ page }) => {
    await page.goto('/register');
    await expectNoA11yViolations(page, 'register choice');
    await page.getByRole('link', { name: /force/i }).first().click();
    await expect(page).toHaveURL(/\/register\/force$/);
    await expectNoA11yViolations(page, 'register force');

    const user = newForceUser('met.police.uk');
    await fillForceRegistration(page, user);
    await page.getByRole('button', { name: 'Create account' }).click();

    await expectHome(page, 'Metropolitan Police Service', 'Police force');
    await expect(successBanner(page)).toContainText(`Welcome to Bluelamp, ${user.name}`);
    expect(await navLabels(page)).toEqual(['Home', 'Your account']);
    await expect(page.locator('.bl-account-bar__who')).toContainText(user.name);
    await expectNoA11yViolations(page, 'home after registration');

    // The new account works for signing in again.
    await signOut(page);
    await signIn(page, user.email, user.password);
    await expectHome(page, 'Metropolitan Police Service', 'Police force');
  });

  test('an address on a domain of no force is refused and what was typed is kept', async ({ page }) => {
    await page.goto('/register/force');
    const user = newForceUser('gmail.com');
    await fillForceRegistration(page, user);
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL(/\/register\/force$/);
    await expect(errorSummary(page)).toBeVisible();
    await expect(errorSummary(page)).toContainText('There is a problem');
    await expect(errorSummary(page)).toContainText('is not an email domain of any force');
    await expect(page.locator('.govuk-error-message')).toContainText(['is not an email domain of any force']);
    // The summary links to the field in error.
    await expect(errorSummary(page).locator('a[href="#email"]')).toBeVisible();
    await expect(page.locator('#name')).toHaveValue(user.name);
    await expect(page.locator('#email')).toHaveValue(user.email);
    await expect(page.locator('.bl-account-bar__who')).toHaveCount(0);
    await expectNoA11yViolations(page, 'register force with errors');
  });
});
