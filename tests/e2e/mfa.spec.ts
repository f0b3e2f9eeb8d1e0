// Multi-factor authentication: a new national admin's first sign-in sets up an authenticator
// app (codes made by otplib, as a phone would), then signs in with a code, then with a
// recovery code.
import {
  test,
  expect,
  ROLES,
  DEMO_PASSWORD,
  NEW_PASSWORD,
  unique,
  signIn,
  signOut,
  submitSignIn,
  enrolAuthenticator,
  nextCode,
  rememberedSecret,
  linkFromMailbox,
  newActor,
  errorSummary,
  successBanner,
  expectNoA11yViolations,
} from './helpers';

test('a new national admin sets up an app, then signs in with a code and a recovery code', async ({
  page,
  browser,
  baseURL,
}) => {
  const email = `e2e-admin-${unique()}@npto.example`;
  const name = `E2E National Admin ${unique()}`;

  // The national body invites a colleague as an administrator; the link goes by mail.
  const inviter = await newActor(browser, baseURL);
  try {
    await signIn(inviter.page, ROLES.nationalAdmin.email, DEMO_PASSWORD);
    await inviter.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Users' }).click();
    await inviter.page.getByRole('link', { name: 'Invite a user' }).click();
    await inviter.page.locator('#name').fill(name);
    await inviter.page.locator('#email').fill(email);
    await inviter.page.locator('#admin').check();
    await inviter.page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(successBanner(inviter.page)).toContainText(`Invitation emailed to ${email}`);
    await expect(inviter.page.locator('main')).not.toContainText('/invitation/');
  } finally {
    await inviter.context.close();
  }

  // They choose a password from the mailed link: a password alone does not sign them in.
  await page.goto(await linkFromMailbox(page, email, '/invitation/'));
  await page.locator('#password').fill(NEW_PASSWORD);
  await page.locator('#confirm_password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/sign-in\/authenticator$/);
  await expectNoA11yViolations(page, 'set up an authenticator app');
  await page.goto('/admin/suppliers');
  await expect(page).toHaveURL(/\/sign-in\?next=/);

  // A wrong code is refused with the GOV.UK error summary; the right one sets the app up.
  await page.goto('/sign-in/authenticator');
  await page.locator('#code').fill('000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(errorSummary(page)).toContainText('The code is not correct');
  await expectNoA11yViolations(page, 'set up an authenticator app, wrong code');
  const recovery = await enrolAuthenticator(page, email);
  await expectNoA11yViolations(page, 'recovery codes');
  await page.getByRole('link', { name: 'I have saved my recovery codes' }).click();
  await expect(page.locator('.bl-account-bar__who')).toContainText(name);
  await signOut(page);

  // Next time: password, then a code from the app.
  await submitSignIn(page, email, NEW_PASSWORD);
  await expect(page).toHaveURL(/\/sign-in\/code$/);
  await expectNoA11yViolations(page, 'enter your sign-in code');
  await page.locator('#code').fill(await nextCode(email, rememberedSecret(email)!));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.bl-account-bar__who')).toContainText(name);
  await page.goto('/admin/suppliers');
  await expect(page.locator('h1')).toContainText('Supplier');
  await signOut(page);

  // Without the phone: a recovery code, once.
  await submitSignIn(page, email, NEW_PASSWORD);
  await page.locator('#code').fill(recovery[0]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('.bl-account-bar__who')).toContainText(name);
  await page.goto('/account');
  await expect(page.locator('main')).toContainText('9 of 10 recovery codes left');
  await signOut(page);
  await submitSignIn(page, email, NEW_PASSWORD);
  await page.locator('#code').fill(recovery[0]);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(errorSummary(page)).toContainText('The code is not correct');
  await expectNoA11yViolations(page, 'enter your sign-in code, wrong code');
});
