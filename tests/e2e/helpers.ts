// Shared helpers for the Bluelamp browser tests.
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { authenticator } from 'otplib';
import fs from 'fs';
import os from 'os';
import path from 'path';

export { expect };

export const DEMO_PASSWORD = 'bluelamp-demo-2026';
export const NEW_PASSWORD = 'orchard-lantern-42';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export type Role = {
  label: string;
  email: string;
  org: string;
  caption: string;
  nav: string[];
  /** Text only this kind of home shows. */
  homeText?: string;
};

/** Demo accounts seeded by `serve --demo`. buyer@essex.police.uk and evaluator@kent.police.uk
 * are kept out of this list: no-js.spec.ts uses the evaluator for a wrong password. */
export const ROLES: Record<string, Role> = {
  nationalAdmin: {
    label: 'national admin',
    email: 'admin@npto.example',
    org: 'National Police Technology Office',
    caption: 'National body',
    nav: ['Home', 'Find services', 'Frameworks', 'Projects', 'Procurements', 'Reviews', 'Applications', 'Spend', 'Suppliers', 'Forces', 'Users', 'Audit log', 'Notifications', 'Your account'],
  },
  nationalMember: {
    label: 'national member',
    email: 'analyst@npto.example',
    org: 'National Police Technology Office',
    caption: 'National body',
    nav: ['Home', 'Find services', 'Frameworks', 'Projects', 'Procurements', 'Reviews', 'Applications', 'Spend', 'Suppliers', 'Forces', 'Audit log', 'Notifications', 'Your account'],
  },
  forceAdmin: {
    label: 'force admin',
    email: 'admin@kent.police.uk',
    org: 'Kent Police',
    caption: 'Police force',
    nav: ['Home', 'Find services', 'Frameworks', 'Projects', 'Procurements', 'Spend', 'Users', 'Notifications', 'Your account'],
  },
  forceMember: {
    label: 'force member',
    email: 'buyer@kent.police.uk',
    org: 'Kent Police',
    caption: 'Police force',
    nav: ['Home', 'Find services', 'Frameworks', 'Projects', 'Procurements', 'Spend', 'Notifications', 'Your account'],
  },
  pendingSupplier: {
    label: 'pending supplier',
    email: 'admin@juniper-forensics.example',
    org: 'Juniper Forensics Ltd',
    caption: 'Supplier',
    nav: ['Home', 'Find services', 'Frameworks', 'Notifications', 'Your account'],
    homeText: 'waiting for the national body',
  },
  approvedSupplier: {
    label: 'approved supplier',
    email: 'admin@beacon-analytics.example',
    org: 'Beacon Analytics Ltd',
    caption: 'Supplier',
    nav: ['Home', 'Find services', 'Frameworks', 'Opportunities', 'Your services', 'Users', 'Notifications', 'Your account'],
    homeText: 'approved Bluelamp supplier',
  },
};

// ---------------------------------------------------------------------------------------------
// Unique client addresses and names

let addressCounter = Math.floor(Math.random() * 4000);

/** A client address no other test (in this run) uses, sent as X-Forwarded-For: the server
 * counts failed sign-ins per address, so tests must not share one. */
export function uniqueAddress(): string {
  addressCounter += 1;
  const a = (process.pid % 200) + 20;
  return `10.${a}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

/** A short string unique to this call, for email addresses and organisation names. */
export function unique(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** An 8-digit Companies House number unlikely to clash with another test's. */
export function uniqueCompanyNumber(): string {
  return String(10_000_000 + Math.floor(Math.random() * 89_999_999));
}

type Fixtures = { clientAddress: string };

/** `test` with a fresh X-Forwarded-For address for every test's browser context. */
export const test = base.extend<Fixtures>({
  clientAddress: async ({}, use) => {
    await use(uniqueAddress());
  },
  extraHTTPHeaders: async ({ extraHTTPHeaders, clientAddress }, use) => {
    await use({ ...(extraHTTPHeaders ?? {}), 'X-Forwarded-For': clientAddress });
  },
});

/** A second, separate person in the same test: own cookies and own client address. */
export async function newActor(
  browser: Browser,
  baseURL: string | undefined,
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page; address: string }> {
  const address = uniqueAddress();
  const context = await browser.newContext({
    baseURL,
    extraHTTPHeaders: { 'X-Forwarded-For': address },
    ...options,
  });
  const page = await context.newPage();
  return { context, page, address };
}

// ---------------------------------------------------------------------------------------------
// Accessibility

/** Runs axe (WCAG 2.0/2.1/2.2 A and AA) on the page and asserts there are no violations.
 * A soft assertion: the journey goes on, and the test still fails, listing every violation.
 * axe is a script, so for a page in a context with JavaScript disabled pass
 * `{ javaScriptDisabled: true }`: the page's HTML, without its scripts, is then checked in a
 * JavaScript-enabled page of the same origin (so the same CSS applies). */
export async function expectNoA11yViolations(
  page: Page,
  what?: string,
  options: { javaScriptDisabled?: boolean } = {},
): Promise<void> {
  const where = what ? `${what} (${page.url()})` : page.url();
  let results;
  if (options.javaScriptDisabled) {
    results = await analyzeSnapshot(page);
  } else {
    results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  }
  const summary = results.violations.map(
    (v) =>
      `${v.id} [${v.impact ?? 'n/a'}] ${v.help} on ${where}\n` +
      v.nodes
        .map(
          (n) =>
            `    at ${n.target.join(' ')}\n      ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`,
        )
        .join('\n') +
      `\n    see ${v.helpUrl}`,
  );
  if (summary.length > 0) {
    console.log(`Accessibility violations on ${where}:\n${summary.join('\n')}`);
  }
  expect.soft(summary, `axe found accessibility violations on ${where}`).toEqual([]);
}

async function analyzeSnapshot(page: Page) {
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, '')
    .replace(/<link\b[^>]*rel="(?:modulepreload|preload)"[^>]*>/gi, '');
  const origin = new URL(page.url()).origin;
  const snapshotUrl = `${origin}/__e2e_axe_snapshot__`;
  const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
  try {
    const copy = await context.newPage();
    await copy.route(snapshotUrl, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    );
    await copy.goto(snapshotUrl);
    await copy.waitForLoadState('load');
    return await new AxeBuilder({ page: copy }).withTags(AXE_TAGS).analyze();
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Page helpers

/** Submits the sign-in form and returns the response of the POST. */
export async function submitSignIn(page: Page, email: string, password: string) {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/sign-in')) {
    await page.goto('/sign-in');
  }
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in'),
    page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  ]);
  await page.waitForLoadState('domcontentloaded');
  return response;
}

// ---------------------------------------------------------------------------------------------
// Authenticator codes (otplib), as the person's phone would make them

/** What the "phone" knows: each account's authenticator key and the last time step it used
 * (the server accepts a step only once). A file, cleared by global-setup.ts, so it outlives a
 * worker restart within one run. */
const TOTP_FILE = path.join(os.tmpdir(), `bluelamp-e2e-totp-${process.env.E2E_PORT ?? 3199}.json`);
type TotpState = Record<string, { secret: string; lastStep: number }>;

function loadTotp(): TotpState {
  try {
    return JSON.parse(fs.readFileSync(TOTP_FILE, 'utf8')) as TotpState;
  } catch {
    return {};
  }
}

function saveTotp(email: string, secret: string, step: number): void {
  const state = loadTotp();
  state[email] = { secret, lastStep: step };
  fs.writeFileSync(TOTP_FILE, JSON.stringify(state));
}

export function rememberedSecret(email: string): string | undefined {
  return loadTotp()[email]?.secret;
}

/** A code for a step the account has not used yet. The server accepts one step either side of
 * its own now; a code for the step before ours could be refused if the server's clock crosses
 * into the next step first, so codes are for now or the step after: two sign-ins fit in a
 * 30-second step, and a third waits for the clock. */
export async function nextCode(email: string, secret: string): Promise<string> {
  const last = loadTotp()[email]?.lastStep ?? 0;
  for (;;) {
    const current = Math.floor(Date.now() / 30_000);
    const step = Math.max(current, last + 1);
    if (step <= current + 1) {
      saveTotp(email, secret, step);
      return authenticator.clone({ epoch: step * 30_000 }).generate(secret);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Sets up an authenticator app on the page the server sent the person to, and returns the
 * recovery codes it shows once. */
export async function enrolAuthenticator(page: Page, email: string): Promise<string[]> {
  await expect(page.locator('h1')).toHaveText('Set up an authenticator app');
  await expect(page.locator('.bl-qr svg')).toBeVisible();
  const secret = (await page.locator('[data-secret]').getAttribute('data-secret'))!;
  await page.locator('#code').fill(await nextCode(email, secret));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/account\/recovery-codes$/);
  const codes = await page.locator('.bl-recovery-codes code').allInnerTexts();
  expect(codes).toHaveLength(10);
  return codes;
}

/** The second step after a right password, for accounts that have or need an authenticator. */
export async function secondStep(page: Page, email: string): Promise<void> {
  const where = new URL(page.url()).pathname;
  if (where === '/sign-in/authenticator') {
    await enrolAuthenticator(page, email);
    await page.getByRole('link', { name: 'I have saved my recovery codes' }).click();
  } else if (where === '/sign-in/code') {
    const secret = rememberedSecret(email);
    expect(secret, `no authenticator key remembered for ${email}`).toBeTruthy();
    await page.locator('#code').fill(await nextCode(email, secret!));
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}

/** Signs in (with the second step when the account has one) and waits until the browser has
 * left the sign-in pages. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await submitSignIn(page, email, password);
  await secondStep(page, email);
  await expect(page, `signing in as ${email}`).not.toHaveURL(/\/sign-in/);
  await expect(signedInBar(page)).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

export function signedInBar(page: Page) {
  return page.locator('.bl-account-bar__who');
}

/** The labels of the service navigation, in order. */
export async function navLabels(page: Page): Promise<string[]> {
  const links = page.locator('.govuk-service-navigation__list a.govuk-service-navigation__link');
  return (await links.allInnerTexts()).map((t) => t.trim());
}

export function errorSummary(page: Page) {
  return page.locator('.govuk-error-summary');
}

export function successBanner(page: Page) {
  return page.locator('.govuk-notification-banner--success');
}

export async function expectHome(page: Page, org: string, caption: string): Promise<void> {
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('h1')).toHaveText(`${org}’s home`);
  await expect(page.locator('main .govuk-caption-l').first()).toHaveText(caption);
}

export type ForceUser = { name: string; email: string; password: string };

/** A new force user on an allowed domain (Metropolitan Police Service by default). */
export function newForceUser(domain = 'met.police.uk', prefix = 'e2e'): ForceUser {
  const id = unique();
  return { name: `E2E Officer ${id}`, email: `${prefix}-${id}@${domain}`, password: NEW_PASSWORD };
}

export async function fillForceRegistration(page: Page, user: ForceUser): Promise<void> {
  await page.locator('#name').fill(user.name);
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(user.password);
  await page.locator('#confirm_password').fill(user.password);
}

/** The newest link mailed to `email` whose path starts with `prefix`, read from the demo
 * mailbox (the app's outbox when no mail server is set up). */
export async function linkFromMailbox(page: Page, email: string, prefix: string): Promise<string> {
  await page.goto('/dev/mailbox');
  const card = page.locator('.govuk-summary-card').filter({ hasText: email }).first();
  const href = await card.locator(`a[href*="${prefix}"]`).first().getAttribute('href');
  expect(href, `a ${prefix} link mailed to ${email}`).toBeTruthy();
  return new URL(href!).pathname;
}

/** Follows the confirmation link mailed to `email`: lands on the sign-in page. */
export async function confirmFromMailbox(page: Page, email: string): Promise<void> {
  await page.goto(await linkFromMailbox(page, email, '/confirm/'));
  await page.getByRole('button', { name: 'Confirm email address' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(successBanner(page)).toContainText('Your email address is confirmed');
}

/** Registers a force user through /register/force, confirms the address from the mailbox and
 * signs in: leaves the page signed in on the home page. */
export async function registerForceUser(page: Page, user: ForceUser): Promise<void> {
  await page.goto('/register/force');
  await fillForceRegistration(page, user);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/register\/check-email$/);
  await expect(page.locator('main')).toContainText(user.email);
  await confirmFromMailbox(page, user.email);
  await signIn(page, user.email, user.password);
  await expect(page).toHaveURL(/\/$/);
}

export type Vendor = {
  company: string;
  number: string;
  size: 'sme' | 'large';
  phone: string;
  name: string;
  email: string;
  password: string;
};

export function newVendor(): Vendor {
  const id = unique();
  return {
    company: `E2E Vendor ${id} Ltd`,
    number: uniqueCompanyNumber(),
    size: 'sme',
    phone: '01632 960123',
    name: `Vendor Admin ${id}`,
    email: `admin-${id}@vendor-${id}.example`,
    password: NEW_PASSWORD,
  };
}

export async function fillSupplierRegistration(page: Page, v: Vendor): Promise<void> {
  await page.locator('#company_name').fill(v.company);
  await page.locator('#companies_house_number').fill(v.number);
  await page.locator(v.size === 'sme' ? '#supplier_size' : '#supplier_size-1').check();
  await page.locator('#contact_phone').fill(v.phone);
  await page.locator('#name').fill(v.name);
  await page.locator('#email').fill(v.email);
  await page.locator('#password').fill(v.password);
  await page.locator('#confirm_password').fill(v.password);
}

/** The id of the supplier organisation called `company`, from the national admin's list. */
export async function supplierIdByName(page: Page, company: string): Promise<number> {
  await page.goto('/admin/suppliers');
  const link = page.getByRole('link', { name: company, exact: true });
  await expect(link).toHaveCount(1);
  const href = await link.getAttribute('href');
  const m = href?.match(/^\/admin\/suppliers\/(\d+)$/);
  expect(m, `supplier link for ${company}: ${href}`).toBeTruthy();
  return Number(m![1]);
}
