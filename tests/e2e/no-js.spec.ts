// Everything works without JavaScript: plain HTML forms.
import {
  test,
  expect,
  newForceUser,
  newVendor,
  fillSupplierRegistration,
  fillForceRegistration,
  submitSignIn,
  secondStep,
  confirmFromMailbox,
  signIn,
  errorSummary,
  successBanner,
  expectHome,
  signOut,
  expectNoA11yViolations,
} from './helpers';

test.use({ javaScriptEnabled: false });

test.describe('without JavaScript', () => {
  test('sign in: a wrong password shows the error, then the right one signs in', async ({ page }) => {
    const email = 'evaluator@kent.police.uk';
    await page.goto('/sign-in');
    await expect(page.locator('button.govuk-password-input__toggle')).toBeHidden();

    const wrong = await submitSignIn(page, email, 'not-the-password-at-all');
    expect([200, 422]).toContain(wrong.status());
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(errorSummary(page)).toContainText('There is a problem');
    await expect(errorSummary(page)).toContainText('Enter a correct email address and password');
    await expect(page.locator('#email')).toHaveValue(email);
    await expect(page.locator('#password')).toHaveValue('');
    await expect(page.locator('button.govuk-password-input__toggle')).toBeHidden();
    await expectNoA11yViolations(page, 'sign-in error without JavaScript', { javaScriptDisabled: true });

    await submitSignIn(page, email, 'bluelamp-demo-2026');
    await expectHome(page, 'Kent Police', 'Police force');
    await expectNoA11yViolations(page, 'home without JavaScript', { javaScriptDisabled: true });

    await signOut(page);
    await page.goto('/');
    await expect(page.locator('h1')).toContainText('Buy police technology together');
  });

  test('force registration works and errors keep what was typed', async ({ page }) => {
    await page.goto('/register/force');
    await expect(page.locator('button.govuk-password-input__toggle')).toHaveCount(2);
    for (const toggle of await page.locator('button.govuk-password-input__toggle').all()) {
      await expect(toggle).toBeHidden();
    }

    const refused = newForceUser('gmail.com');
    await fillForceRegistration(page, refused);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(errorSummary(page)).toContainText('is not an email domain of any force');
    await expect(page.locator('#name')).toHaveValue(refused.name);
    await expect(page.locator('#email')).toHaveValue(refused.email);
    await expectNoA11yViolations(page, 'register force with errors, no JavaScript', { javaScriptDisabled: true });

    const user = newForceUser('met.police.uk', 'e2e-nojs');
    await fillForceRegistration(page, user);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/register\/check-email$/);
    await expectNoA11yViolations(page, 'check your email, no JavaScript', { javaScriptDisabled: true });
    await confirmFromMailbox(page, user.email);
    await signIn(page, user.email, user.password);
    await expectHome(page, 'Metropolitan Police Service', 'Police force');
  });

  test('a supplier can apply without JavaScript', async ({ page }) => {
    const vendor = newVendor();
    await page.goto('/register/supplier');
    await fillSupplierRegistration(page, vendor);
    await page.getByRole('button', { name: 'Send application' }).click();
    await expect(page).toHaveURL(/\/register\/check-email$/);
    await confirmFromMailbox(page, vendor.email);
    // A supplier's admin sets up an authenticator app at the first sign-in, without JavaScript.
    await submitSignIn(page, vendor.email, vendor.password);
    await expect(page).toHaveURL(/\/sign-in\/authenticator$/);
    await expectNoA11yViolations(page, 'set up an authenticator app, no JavaScript', { javaScriptDisabled: true });
    await secondStep(page, vendor.email);
    await expectHome(page, vendor.company, 'Supplier');
  });
});
