// Sign in and out as each kind of user: own home page, exactly its own navigation.
import {
  test,
  expect,
  ROLES,
  signIn,
  signOut,
  navLabels,
  expectHome,
  expectNoA11yViolations,
  signedInBar,
} from './helpers';

test.describe('sign in and sign out', () => {
  for (const role of Object.values(ROLES)) {
    test(`as ${role.label} (${role.email})`, async ({ page }) => {
      await page.goto('/sign-in');
      await expect(page.locator('h1')).toHaveText('Sign in to Bluelamp');
      expect(await navLabels(page)).toEqual(['Find services', 'Frameworks', 'Sign in', 'Register']);
      await expectNoA11yViolations(page, 'sign-in page');

      await signIn(page, role.email);
      await expectHome(page, role.org, role.caption);
      expect(await navLabels(page)).toEqual(role.nav);
      await expect(signedInBar(page)).toContainText(`Signed in as`);
      await expect(signedInBar(page)).toContainText(role.org);
      if (role.homeText) {
        await expect(page.locator('main')).toContainText(role.homeText);
      }
      await expectNoA11yViolations(page, `${role.label} home`);

      // Every navigation link leads to a page that exists and that this person may see.
      for (const label of role.nav) {
        const link = page.locator('.govuk-service-navigation__list a', { hasText: label });
        const href = await link.getAttribute('href');
        const response = await page.request.get(href!);
        expect.soft(response.status(), `nav link "${label}" (${href}) for ${role.label}`).toBe(200);
      }

      await signOut(page);
      expect(await navLabels(page)).toEqual(['Find services', 'Frameworks', 'Sign in', 'Register']);
      await expect(signedInBar(page)).toHaveCount(0);

      await page.goto('/');
      await expect(page.locator('h1')).toContainText('Buy police technology together');
      await expect(page.locator('main').getByRole('link', { name: 'Sign in' }).or(
        page.locator('main').getByRole('button', { name: 'Sign in' }),
      )).toBeVisible();
      await expect(signedInBar(page)).toHaveCount(0);
      await expectNoA11yViolations(page, 'anonymous landing');

      // The old session is gone: a page that needs signing in sends the visitor to sign in.
      await page.goto('/account');
      await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount$/);
    });
  }
});
