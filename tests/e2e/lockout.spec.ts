// Five failed sign-ins lock the account from that address, even for the right password; the
// owner, from their own address, still signs in: an attacker cannot lock them out.
import { test, expect, ROLES, signIn, newForceUser, newActor, registerForceUser, submitSignIn, errorSummary, expectNoA11yViolations } from './helpers';

test('5 failed sign-ins lock the account from that address, not from the owner’s', async ({
  page,
  browser,
  baseURL,
}) => {
  // An account of its own, so no other test is affected by the lock.
  const user = newForceUser('essex.police.uk', 'e2e-lock');
  const registrar = await newActor(browser, baseURL);
  try {
    await registerForceUser(registrar.page, user);
  } finally {
    await registrar.context.close();
  }

  await page.goto('/sign-in');
  for (let attempt = 1; attempt <= 4; attempt++) {
    const response = await submitSignIn(page, user.email, `wrong-password-${attempt}-xyz`);
    expect(response.status(), `failed attempt ${attempt}`).not.toBe(429);
    await expect(errorSummary(page)).toContainText('Enter a correct email address and password');
  }

  const fifth = await submitSignIn(page, user.email, 'wrong-password-5-xyz');
  await expect(page.locator('main')).toContainText('Too many failed sign-in attempts');
  expect(fifth.status()).toBe(429);

  // Now even the right password is refused, with HTTP 429.
  const right = await submitSignIn(page, user.email, user.password);
  expect(right.status()).toBe(429);
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.locator('main')).toContainText('Too many failed sign-in attempts');
  await expect(page.locator('.bl-account-bar__who')).toHaveCount(0);
  await expectNoA11yViolations(page, 'sign-in page when locked');

  // The lock is on this (account, address) pair: from another address the owner signs in.
  const owner = await newActor(browser, baseURL);
  try {
    await signIn(owner.page, user.email, user.password);
    await owner.page.goto('/account');
    await expect(owner.page.locator('h1')).toHaveText('Your account');
  } finally {
    await owner.context.close();
  }

  // The national body sees the lock-out in the audit log.
  const admin = await newActor(browser, baseURL);
  try {
    await signIn(admin.page, ROLES.nationalAdmin.email);
    await admin.page.goto(`/admin/audit?action=user.locked_out&user=${encodeURIComponent(user.email)}`);
    const label = (await admin.page.locator('#action option[value="user.locked_out"]').innerText()).trim();
    const rows = admin.page.locator('main table tbody tr');
    await expect(rows.first()).toBeVisible();
    await expect(rows.first()).toContainText(user.email);
    await expect(rows.first().locator('td').nth(3)).toHaveText(label);
    await admin.page.goto(`/admin/audit?action=user.sign_in_failed&user=${encodeURIComponent(user.email)}`);
    await expect(rows.filter({ hasText: user.email })).toHaveCount(5);
  } finally {
    await admin.context.close();
  }
});
