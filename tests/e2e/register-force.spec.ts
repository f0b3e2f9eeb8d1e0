// Force staff registration: the confirmation mail, allowed and refused email domains.
import {
  test,
  expect,
  newForceUser,
  fillForceRegistration,
  errorSummary,
  successBanner,
  linkFromMailbox,
  expectHome,
  navLabels,
  expectNoA11yViolations,
  signOut,
  signIn,
} from './helpers';

test.describe('force registration', () => {
  test('register, read the confirmation mail, confirm, sign in', async ({ page }) => {
    await page.goto('/register');
    await expectNoA11yViolations(page, 'register choice');
    await page.getByRole('link', { name: /force/i }).first().click();
    await expect(page).toHaveURL(/\/register\/force$/);
    await expectNoA11yViolations(page, 'register force');

    const user = newForceUser('met.police.uk');
    await fillForceRegistration(page, user);
    await page.getByRole('button', { name: 'Create account' }).click();

    // Not signed in yet: the address must be proven first.
    await expect(page).toHaveURL(/\/register\/check-email$/);
    await expect(page.locator('h1')).toHaveText('Check your email');
    await expect(page.locator('main')).toContainText(user.email);
    await expect(page.locator('.bl-account-bar__who')).toHaveCount(0);
    await expectNoA11yViolations(page, 'check your email');

    // The mail, in the demo mailbox: its link opens a page whose button confirms.
    const confirm = await linkFromMailbox(page, user.email, '/confirm/');
    await expect(page.locator('.govuk-summary-card').filter({ hasText: user.email }).first()).toContainText(
      'Confirm your email address',
    );
    await expectNoA11yViolations(page, 'demo mailbox');
    await page.goto(confirm);
    await expectNoA11yViolations(page, 'confirm email');
    await page.getByRole('button', { name: 'Confirm email address' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(successBanner(page)).toContainText('Your email address is confirmed');

    // The link works once.
    await page.goto(confirm);
    await page.getByRole('button', { name: 'Confirm email address' }).click();
    await expect(page.locator('h1')).toHaveText('This link cannot be used');

    await signIn(page, user.email, user.password);
    await expectHome(page, 'Metropolitan Police Service', 'Police force');
    expect(await navLabels(page)).toEqual(['Home', 'Find services', 'Frameworks', 'Projects', 'Procurements', 'Spend', 'Notifications', 'Your account']);
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
