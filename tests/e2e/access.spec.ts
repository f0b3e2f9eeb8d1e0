// Pages refused to the wrong role, sign-in redirects for anonymous visitors, unknown pages.
import { test, expect, ROLES, signIn, secondStep, expectNoA11yViolations } from './helpers';

test.describe('refused pages', () => {
  test('a force member opening the audit log gets the 403 page', async ({ page }) => {
    await signIn(page, ROLES.forceMember.email);
    for (const path of ['/admin/audit', '/admin/audit.csv', '/admin/suppliers', '/admin/forces']) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.locator('h1'), path).toHaveText('You do not have permission to see this page');
      await expect(page.locator('table'), path).toHaveCount(0);
    }
    await page.goto('/admin/audit');
    await expectNoA11yViolations(page, '403 page');
  });

  test('a force admin may not see another organisation’s users', async ({ page }) => {
    await signIn(page, ROLES.forceAdmin.email);
    // Its own users page (linked from its home page) is allowed; a neighbouring id is not.
    await page.goto('/');
    const own = page.locator('a[href^="/organisations/"][href$="/users"]').first();
    const href = (await own.getAttribute('href'))!;
    const ownId = Number(href.split('/')[2]);
    const ownResponse = await page.goto(href);
    expect(ownResponse?.status()).toBe(200);
    const otherResponse = await page.goto(`/organisations/${ownId === 1 ? 2 : ownId - 1}/users`);
    expect(otherResponse?.status()).toBe(403);
    await expect(page.locator('h1')).toHaveText('You do not have permission to see this page');
  });

  test('an anonymous visitor to the audit log is sent to sign in, and back after', async ({ page }) => {
    await page.goto('/admin/audit');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fadmin%2Faudit$/);
    await expect(page.locator('h1')).toHaveText('Sign in to Bluelamp');
    await expectNoA11yViolations(page, 'sign-in page with next');

    await page.locator('#email').fill(ROLES.nationalAdmin.email);
    await page.locator('#password').fill('bluelamp-demo-2026');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    // The second step (an authenticator code, or setting one up) keeps where they were going.
    await expect(page).toHaveURL(/\/sign-in\/(code|authenticator)$/);
    await secondStep(page, ROLES.nationalAdmin.email);
    await expect(page).toHaveURL(/\/admin\/audit$/);
    await expect(page.locator('h1')).toHaveText('Audit log');
  });

  test('an unknown address shows the 404 page', async ({ page }) => {
    const response = await page.goto('/no-such-page-here');
    expect(response?.status()).toBe(404);
    await expect(page.locator('h1')).toHaveText('Page not found');
    await expectNoA11yViolations(page, '404 page (anonymous)');

    await signIn(page, ROLES.forceMember.email);
    const signedIn = await page.goto('/admin/suppliers/999999/nothing');
    expect(signedIn?.status()).toBe(404);
    await expect(page.locator('h1')).toHaveText('Page not found');
    await expectNoA11yViolations(page, '404 page (signed in)');
  });
});
