// The catalogue end to end: a supplier applies to a framework, the national body approves the
// lot, the supplier lists a service (one field wrong first), the national body returns it with
// a comment, the supplier fixes it, it is published, the supplier edits it, the national body
// sees the diff and approves, the framework goes live, a buyer sees the new version; then a
// suspension answers 410. The listing and its review are tried again with JavaScript off.
import { test, expect, ROLES, signIn, newActor, errorSummary, successBanner, expectNoA11yViolations } from './helpers';
import type { Page } from '@playwright/test';

const HARBOUR = 'admin@harbour-digital.example';

async function fillDeclaration(page: Page) {
  const radios = page.locator('main .govuk-radios');
  const n = await radios.count();
  for (let i = 0; i < n; i++) {
    // Answer "No" everywhere and give details anyway: details are never refused.
    await radios.nth(i).getByLabel('No').check();
  }
  const details = page.locator('main textarea');
  for (let i = 0; i < (await details.count()); i++) {
    await details.nth(i).fill('Our compliance statement is on our website.');
  }
}

/** Fills every section of a new listing from its task list; the price is wrong at first. */
async function fillListing(page: Page, name: string, js: boolean) {
  await page.getByRole('link', { name: 'About the service', exact: true }).click();
  await expectNoA11yViolations(page, 'listing: about the service', { javaScriptDisabled: !js });
  await page.locator('#name').fill(name);
  await page.locator('#summary').fill('Case files built once, checked against the CPS standard and shared securely.');
  await page.locator('#features').fill('Builds the case file from RMS records\nChecks files against the CPS standard');
  await page.locator('#benefits').fill('Fewer files returned by the CPS');
  await page.locator('input[name="categories"]').first().check();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(successBanner(page)).toContainText('About the service');

  await page.getByRole('link', { name: 'Pricing', exact: true }).click();
  await page.getByLabel('Minimum price (£)').fill('four pounds');
  await page.getByLabel('Price per').selectOption('user');
  await page.getByLabel('How often').selectOption('month');
  await page.locator('#vat_included-1').check();
  await page.locator('#free_trial-1').check();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(errorSummary(page)).toContainText('Minimum price');
  await expectNoA11yViolations(page, 'listing: pricing with an error', { javaScriptDisabled: !js });
  await expect(page.getByLabel('Minimum price (£)')).toHaveValue('four pounds');
  await page.getByLabel('Minimum price (£)').fill('6.50');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(successBanner(page)).toContainText('Pricing');

  await page.getByRole('link', { name: 'Documents', exact: true }).click();
  await page.getByLabel('Service definition').fill('https://harbour.example/definition.pdf');
  await page.getByLabel('Terms and conditions').fill('https://harbour.example/terms.pdf');
  await page.getByLabel('Pricing document').fill('https://harbour.example/pricing.pdf');
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await page.getByRole('link', { name: 'Security and assurance', exact: true }).click();
  await page.getByLabel('UK', { exact: true }).check();
  await page.getByLabel('Security Check (SC)').check();
  await page.getByLabel('NPPV level 2').check();
  await page.getByLabel('Cyber Essentials Plus').check();
  await page.getByLabel('Police National Network (PNN)').check();
  await expectNoA11yViolations(page, 'listing: assurance', { javaScriptDisabled: !js });
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await page.getByRole('link', { name: 'Police facts and interoperability', exact: true }).click();
  await page.getByLabel('Police National Computer (PNC)').check();
  await page.getByLabel('Case preparation').check();
  await page.locator('#open_api-1').check();
  await page.getByLabel('CSV').check();
  await page.getByLabel('How buyers get their data out at the end of the contract').fill('Every case file exports as CSV and PDF.');
  await expectNoA11yViolations(page, 'listing: police facts', { javaScriptDisabled: !js });
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.locator('main')).toContainText('You have completed 5 of 5 sections');
  await expectNoA11yViolations(page, 'listing: task list', { javaScriptDisabled: !js });
}

async function review(page: Page, name: string, decision: 'Publish' | 'Return with comments', comment = '') {
  await page.goto('/admin/reviews');
  await expectNoA11yViolations(page, 'review queue');
  await page.getByRole('link', { name }).click();
  if (comment) {
    await page.getByLabel('Comments for the supplier').fill(comment);
  }
  await page.getByRole('button', { name: decision }).click();
  await expect(page).toHaveURL(/\/admin\/reviews$/);
}

test.describe('catalogue', () => {
  test('a supplier applies, lists and edits a service through review; a buyer sees it; a suspension is 410', async ({
    page,
    browser,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const admin = await newActor(browser, baseURL);
    const buyer = await newActor(browser, baseURL);
    try {
      // The supplier applies to the open framework for one lot.
      await signIn(page, HARBOUR);
      await page.getByRole('link', { name: 'Frameworks', exact: true }).click();
      await expectNoA11yViolations(page, 'frameworks');
      await page.getByRole('link', { name: 'Police Cloud 2' }).click();
      await expectNoA11yViolations(page, 'framework page');
      await page.getByRole('link', { name: 'Apply', exact: true }).click();
      await page.getByRole('button', { name: 'Submit application' }).click();
      await expect(errorSummary(page)).toContainText('Answer question 1');
      await expectNoA11yViolations(page, 'application with errors');
      await fillDeclaration(page);
      await page.getByLabel('Cloud software').check();
      await page.getByRole('button', { name: 'Submit application' }).click();
      await expect(successBanner(page)).toContainText('Application submitted');

      // The national body approves the lot.
      await signIn(admin.page, ROLES.nationalAdmin.email);
      await admin.page.getByRole('link', { name: 'Applications', exact: true }).click();
      await admin.page.getByRole('link', { name: 'Harbour Digital Ltd' }).click();
      await expectNoA11yViolations(admin.page, 'decide an application');
      await admin.page.getByLabel('Approve').check();
      await admin.page.getByRole('button', { name: 'Save decisions' }).click();
      await expect(successBanner(admin.page)).toContainText('Decisions saved');

      // The supplier sees the decision and lists a service.
      await page.reload();
      await expect(page.locator('main')).toContainText('Approved');
      await page.getByRole('link', { name: 'Your services' }).click();
      await expectNoA11yViolations(page, 'supplier dashboard');
      await page.getByRole('link', { name: 'Add a service' }).click();
      await page.getByLabel('Police Cloud 2: Cloud software').check();
      await page.getByRole('button', { name: 'Start the listing' }).click();
      const name = `Harbour Case Builder ${Date.now().toString(36)}`;
      await fillListing(page, name, true);
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await expect(successBanner(page)).toContainText('Submitted for review');
      const manageUrl = page.url();

      // The national body returns it with a comment.
      await review(admin.page, name, 'Return with comments', 'Say which RMS products it reads from.');

      // The supplier fixes it and submits again.
      await page.reload();
      await expect(page.locator('main')).toContainText('Say which RMS products it reads from.');
      await page.getByRole('link', { name: 'About the service', exact: true }).click();
      await page.locator('#features').fill('Builds the case file from Niche and Athena records\nChecks files against the CPS standard');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await review(admin.page, name, 'Publish');

      // The supplier edits the published service: a new version, reviewed with its diff.
      await page.goto(manageUrl);
      await page.getByRole('button', { name: 'Edit this service' }).click();
      await page.getByRole('link', { name: 'Pricing', exact: true }).click();
      await page.getByLabel('Minimum price (£)').fill('5.75');
      await page.getByRole('button', { name: 'Save and continue' }).click();
      await page.getByRole('button', { name: 'Submit for review' }).click();
      await admin.page.goto('/admin/reviews');
      await admin.page.getByRole('link', { name }).click();
      await expect(admin.page.locator('.bl-diff')).toContainText('£6.50 a user a month');
      await expect(admin.page.locator('.bl-diff')).toContainText('£5.75 a user a month');
      await expectNoA11yViolations(admin.page, 'review with a diff');
      await admin.page.getByRole('button', { name: 'Publish' }).click();

      // The national body makes the framework live; a buyer sees the new version.
      await admin.page.goto('/frameworks');
      await admin.page.getByRole('link', { name: 'Police Cloud 2' }).click();
      await admin.page.getByRole('link', { name: /Change its name/ }).click();
      await expectNoA11yViolations(admin.page, 'edit framework');
      await admin.page.getByRole('button', { name: 'Make it “Live” today' }).click();
      await expect(successBanner(admin.page)).toContainText('Live');

      const serviceUrl = manageUrl.replace(/\/manage$/, '');
      await signIn(buyer.page, ROLES.forceMember.email);
      const shown = await buyer.page.goto(serviceUrl);
      expect(shown?.status()).toBe(200);
      await expect(buyer.page.locator('h1')).toHaveText(name);
      await expect(buyer.page.locator('main')).toContainText('£5.75 a user a month');
      await expect(buyer.page.locator('main')).toContainText('Police National Computer (PNC)');
      await expectNoA11yViolations(buyer.page, 'service page');

      // Versions are kept, with who and when.
      await page.goto(`${manageUrl.replace(/\/manage$/, '')}/versions`);
      await expect(page.locator('main')).toContainText('Version 2');
      await expect(page.locator('main')).toContainText('Version 1');
      await expectNoA11yViolations(page, 'versions');

      // A suspension: the buyer gets 410 and a notice.
      await admin.page.goto(manageUrl);
      await admin.page.getByLabel('Reason').fill('Certificate lapsed');
      await admin.page.getByRole('button', { name: 'Suspend' }).click();
      await expect(successBanner(admin.page)).toContainText('suspended');
      const gone = await buyer.page.goto(serviceUrl);
      expect(gone?.status()).toBe(410);
      await expect(buyer.page.locator('main')).toContainText('Certificate lapsed');
      await expectNoA11yViolations(buyer.page, 'a suspended service');
    } finally {
      await admin.context.close();
      await buyer.context.close();
    }
  });

  test('listing and review work with JavaScript off', async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const supplier = await newActor(browser, baseURL, { javaScriptEnabled: false });
    const admin = await newActor(browser, baseURL, { javaScriptEnabled: false });
    try {
      await signIn(supplier.page, ROLES.approvedSupplier.email);
      await supplier.page.goto('/supplier/services/new');
      await supplier.page.getByLabel('Police Cloud 1: Cloud software').check();
      await supplier.page.getByRole('button', { name: 'Start the listing' }).click();
      const name = `Beacon No Script ${Date.now().toString(36)}`;
      await fillListing(supplier.page, name, false);
      await supplier.page.getByRole('button', { name: 'Submit for review' }).click();
      await expect(successBanner(supplier.page)).toContainText('Submitted for review');

      await signIn(admin.page, ROLES.nationalMember.email);
      await admin.page.goto('/admin/reviews');
      await admin.page.getByRole('link', { name }).click();
      await expectNoA11yViolations(admin.page, 'review, no JavaScript', { javaScriptDisabled: true });
      await admin.page.getByRole('button', { name: 'Publish' }).click();
      await expect(successBanner(admin.page)).toContainText('Published');
      const url = supplier.page.url().replace(/\/manage$/, '');
      const shown = await admin.page.goto(url);
      expect(shown?.status()).toBe(200);
      await expect(admin.page.locator('h1')).toHaveText(name);
    } finally {
      await supplier.context.close();
      await admin.context.close();
    }
  });
});
