// The GOV.UK password input's Show/Hide button (a hydrated island).
import { test, expect, expectNoA11yViolations } from './helpers';

test('the Show button appears with JavaScript and reveals and hides the password', async ({ page }) => {
  await page.goto('/sign-in');
  const input = page.locator('#password');
  const toggle = page.locator('button.govuk-password-input__toggle[aria-controls="password"]');
  await expect(toggle).toBeVisible();
  await expect(toggle).toHaveText('Show');
  await expect(toggle).toHaveAttribute('aria-label', 'Show password');
  await expect(input).toHaveAttribute('type', 'password');

  await input.fill('secret-typed-here');
  await toggle.click();
  await expect(input).toHaveAttribute('type', 'text');
  await expect(toggle).toHaveText('Hide');
  await expect(toggle).toHaveAttribute('aria-label', 'Hide password');
  await expect(input).toHaveValue('secret-typed-here');
  await expectNoA11yViolations(page, 'sign-in with password shown');

  await toggle.click();
  await expect(input).toHaveAttribute('type', 'password');
  await expect(toggle).toHaveText('Show');
  await expect(input).toHaveValue('secret-typed-here');
});

test('each password field on the registration form has its own working toggle', async ({ page }) => {
  await page.goto('/register/force');
  for (const id of ['password', 'confirm_password']) {
    const toggle = page.locator(`button.govuk-password-input__toggle[aria-controls="${id}"]`);
    await expect(toggle).toBeVisible();
    await toggle.click();
    await expect(page.locator(`#${id}`)).toHaveAttribute('type', 'text');
  }
  // Toggling one does not toggle the other.
  await page.locator('button.govuk-password-input__toggle[aria-controls="password"]').click();
  await expect(page.locator('#password')).toHaveAttribute('type', 'password');
  await expect(page.locator('#confirm_password')).toHaveAttribute('type', 'text');
});
