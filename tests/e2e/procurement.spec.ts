// A shared procurement, end to end, with four kinds of people: the lead force raises it and
// opens it; two other forces join (one changes its demand); the lead publishes; a supplier asks
// a question, the lead answers, another supplier sees the answer without the asker; two
// suppliers bid (one revises); the clock moves past the deadline; a late bid is refused; the
// lead reads the bids. Once with JavaScript on, once off; axe on every new page.
import {
  test,
  expect,
  signIn,
  signOut,
  unique,
  newActor,
  newForceUser,
  registerForceUser,
  successBanner,
  errorSummary,
  expectNoA11yViolations,
} from './helpers';
import type { Browser, Page } from '@playwright/test';

/** The server's date (UK), from the demo clock page: deadlines are typed relative to it. */
async function serverDate(page: Page): Promise<{ d: number; m: number; y: number }> {
  await page.goto('/dev/clock');
  const text = (await page.locator('main').textContent()) ?? '';
  const m = text.match(/now (\d+) (\w{3}) (\d{4})/);
  expect(m, `the server's time on ${text}`).toBeTruthy();
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return { d: Number(m![1]), m: months.indexOf(m![2]) + 1, y: Number(m![3]) };
}

function plus(base: { d: number; m: number; y: number }, days: number) {
  const t = new Date(Date.UTC(base.y, base.m - 1, base.d + days));
  return { d: t.getUTCDate(), m: t.getUTCMonth() + 1, y: t.getUTCFullYear() };
}

async function moveClock(page: Page, hours: number) {
  await page.goto('/dev/clock');
  await page.getByLabel('Hours to move on').fill(String(hours));
  await page.getByRole('button', { name: 'Move the clock on' }).click();
  await expect(successBanner(page)).toContainText('The clock has moved on');
}

async function asPerson(browser: Browser, baseURL: string | undefined, js: boolean, email: string) {
  const actor = await newActor(browser, baseURL, { javaScriptEnabled: js });
  await signIn(actor.page, email);
  return actor;
}

async function bid(page: Page, id: string, total: string, words: string, opts: { javaScriptDisabled: boolean }) {
  await page.goto(`/opportunities/${id}`);
  await page.getByRole('link', { name: /Start your bid|Change your bid/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoA11yViolations(page, 'bid form', opts);
  await page.getByLabel('Total price, in pounds').fill(total);
  for (const radio of await page.locator('input[type=radio][value=yes]').all()) await radio.check();
  await page.getByLabel(/^1: Quality/).fill(words);
  await page.getByRole('button', { name: /^Submit the (revised )?bid$/ }).click();
  await expect(page).toHaveURL(new RegExp(`/opportunities/${id}$`));
  await expect(successBanner(page)).toContainText('Receipt: SHA-256');
}

async function journey(browser: Browser, baseURL: string | undefined, page: Page, js: boolean) {
  const opts = { javaScriptDisabled: !js };
  const title = `Shared mobile devices ${unique()}`;

  // The lead raises a draft and fills it in.
  await signIn(page, 'buyer@kent.police.uk');
  const today = await serverDate(page);
  await page.goto('/procurements');
  await expectNoA11yViolations(page, 'procurements', opts);
  await page.getByRole('link', { name: 'Raise a procurement' }).click();
  await expectNoA11yViolations(page, 'raise', opts);
  await page.getByRole('button', { name: 'Start the draft' }).click();
  await expect(errorSummary(page)).toContainText('Enter a title');
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Start the draft' }).click();
  await expect(page).toHaveURL(/\/procurements\/\d+\/edit$/);
  const id = page.url().match(/procurements\/(\d+)/)![1];
  await page.getByLabel('Summary').fill('Phones and tablets for officers, bought once for the forces taking part.');
  await page.getByLabel('Description').fill('Devices, management and support for three years.');
  await page.getByLabel('Framework lot').selectOption({ label: 'Police Cloud 1: Cloud software' });
  await page.getByLabel('Essential requirements').fill('Managed through the national device management service\nSupported for three years');
  await page.locator('#criterion_1_kind').selectOption('price');
  await page.locator('#criterion_1_name').fill('Price');
  await page.locator('#criterion_1_weight').fill('60');
  await page.locator('#criterion_2_kind').selectOption('quality');
  await page.locator('#criterion_2_name').fill('Quality');
  await page.locator('#criterion_2_weight').fill('50');
  await page.locator('#criterion_2_scale').fill('0 to 4');
  await page.locator('#criterion_2_guidance').fill('4: every requirement met with evidence from policing');
  await page.getByLabel('Unit of quantity').fill('devices');
  await page.getByLabel('Quantity', { exact: true }).fill('500');
  const dates: [string, number][] = [
    ['join_deadline', 2],
    ['clarification_deadline', 8],
    ['bid_deadline', 14],
    ['evaluation_target', 20],
    ['award_target', 30],
  ];
  for (const [field, days] of dates) {
    const t = plus(today, days);
    await page.locator(`#${field}_day`).fill(String(t.d));
    await page.locator(`#${field}_month`).fill(String(t.m));
    await page.locator(`#${field}_year`).fill(String(t.y));
    await page.locator(`#${field}_time`).fill('12:00');
  }
  await expectNoA11yViolations(page, 'raising form', opts);
  await page.getByRole('button', { name: 'Save the draft' }).click();
  // Saved, with the weights still wrong: the task list says so.
  await expect(page).toHaveURL(new RegExp(`/procurements/${id}$`));
  await expect(page.locator('.govuk-task-list')).toContainText('Incomplete');
  await expectNoA11yViolations(page, 'draft task list', opts);
  await page.getByRole('link', { name: 'Evaluation criteria' }).click();
  await expect(page.locator('#criterion_2_weight')).toHaveValue('50');
  await page.locator('#criterion_2_weight').fill('40');
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await expect(successBanner(page)).toContainText('the draft is ready to open');
  await page.getByRole('button', { name: 'Open it to other forces' }).click();
  await expect(successBanner(page)).toContainText('every other force can now join');
  await expect(page.locator('main')).toContainText('Open to join');

  // Essex joins, then changes its demand.
  const essex = await asPerson(browser, baseURL, js, 'buyer@essex.police.uk');
  await essex.page.goto('/procurements');
  await essex.page.getByRole('link', { name: title }).click();
  await expectNoA11yViolations(essex.page, 'open to join', opts);
  await essex.page.getByRole('link', { name: 'Join with your force\'s demand' }).click();
  await expectNoA11yViolations(essex.page, 'join form', opts);
  await essex.page.getByLabel(/^Quantity/).fill('200');
  await essex.page.getByRole('button', { name: 'Save your force\'s demand' }).click();
  await expect(successBanner(essex.page)).toContainText('Your force has joined');
  await essex.page.getByRole('link', { name: 'Change your force\'s demand' }).click();
  await essex.page.getByLabel(/^Quantity/).fill('250');
  await essex.page.getByRole('button', { name: 'Save your force\'s demand' }).click();
  await expect(successBanner(essex.page)).toContainText('demand is changed');

  // Surrey (a new colleague there) joins too.
  const surrey = await newActor(browser, baseURL, { javaScriptEnabled: js });
  await registerForceUser(surrey.page, newForceUser('surrey.police.uk', 'e2e-proc'));
  await surrey.page.goto(`/procurements/${id}/join`);
  await surrey.page.getByLabel(/^Quantity/).fill('100');
  await surrey.page.getByRole('button', { name: 'Save your force\'s demand' }).click();
  await expect(successBanner(surrey.page)).toContainText('Your force has joined');

  // The lead sees who joined and the total; publishes after the join deadline.
  await page.goto(`/procurements/${id}`);
  await expect(page.locator('main')).toContainText('Demand: 3 forces, 850 devices');
  await expect(page.locator('main')).toContainText('Forces can join until');
  await moveClock(page, 60);
  await page.goto(`/procurements/${id}`);
  await page.getByRole('button', { name: 'Publish to suppliers' }).click();
  await expect(successBanner(page)).toContainText('Published to the lot');

  // Cobalt asks; the lead answers; Ironbridge sees the answer, not who asked.
  const cobalt = await asPerson(browser, baseURL, js, 'admin@cobalt-records-systems.example');
  await cobalt.page.goto('/opportunities');
  await expectNoA11yViolations(cobalt.page, 'opportunities', opts);
  await cobalt.page.getByRole('link', { name: title }).click();
  await expectNoA11yViolations(cobalt.page, 'opportunity', opts);
  const question = `Are accessories included? ${unique()}`;
  await cobalt.page.getByLabel('Ask a question').fill(question);
  await cobalt.page.getByRole('button', { name: 'Send the question' }).click();
  await expect(successBanner(cobalt.page)).toContainText('Your question was sent');

  await page.goto(`/procurements/${id}`);
  await expect(page.locator('#questions ~ .bl-question').first()).toContainText(question);
  await page.locator('.bl-question').filter({ hasText: question }).getByLabel('Your answer').fill('Yes: cases and chargers.');
  await page.locator('.bl-question').filter({ hasText: question }).getByRole('button', { name: 'Answer' }).click();
  await expect(successBanner(page)).toContainText('Answered');

  const ironbridge = await asPerson(browser, baseURL, js, 'admin@ironbridge-software.example');
  await ironbridge.page.goto(`/opportunities/${id}`);
  const answered = ironbridge.page.locator('.bl-question').filter({ hasText: question });
  await expect(answered).toContainText('Yes: cases and chargers.');
  await expect(answered).not.toContainText('Cobalt');
  await expect(answered.getByRole('heading')).toHaveText('Question');

  // Two bids, one revised. The lead sees only the count.
  await bid(cobalt.page, id, '410,000', 'Our devices are in use at six forces.', opts);
  await bid(ironbridge.page, id, '395,000', 'First thoughts.', opts);
  await bid(ironbridge.page, id, '389,500', 'Our revised approach, with a pilot at each force.', opts);
  await expect(ironbridge.page.locator('main')).toContainText('version 2');
  await page.goto(`/procurements/${id}`);
  await expect(page.locator('main')).toContainText('2 bids received');
  await expect(page.locator('main')).not.toContainText('389,500');
  await page.goto(`/procurements/${id}/bids`);
  await expect(page.locator('main')).toContainText('Bids are sealed until');

  // Past the deadline: a late bid is refused; the lead reads both bids.
  await moveClock(page, 300);
  const beacon = await asPerson(browser, baseURL, js, 'admin@beacon-analytics.example');
  await beacon.page.goto(`/opportunities/${id}`);
  await expect(beacon.page.locator('main')).toContainText('Bids closed');
  await expect(beacon.page.getByRole('link', { name: 'Start your bid' })).toHaveCount(0);
  await beacon.page.goto(`/opportunities/${id}/bid`);
  await beacon.page.getByLabel('Total price, in pounds').fill('1.00');
  await beacon.page.getByRole('button', { name: 'Submit the bid' }).click();
  await expect(beacon.page.locator('main')).toContainText('this one was not accepted');

  await page.goto(`/procurements/${id}`);
  await page.getByRole('link', { name: 'Read the bids' }).click();
  await expectNoA11yViolations(page, 'opened bids', opts);
  await expect(page.locator('main')).toContainText('Cobalt Records Systems Ltd');
  await expect(page.locator('main')).toContainText('Ironbridge Software plc');
  await expect(page.locator('main')).toContainText('£389,500.00');
  await expect(page.locator('main')).toContainText('Our revised approach');
  await expect(page.locator('main')).not.toContainText('First thoughts');

  // Everyone was told: the lead's inbox has the joins and the bids.
  await page.goto('/notifications');
  await expectNoA11yViolations(page, 'notifications', opts);
  await expect(page.locator('main')).toContainText('Essex Police joined');
  await expect(page.locator('main')).toContainText('has received its first bid');
  await signOut(page);
  for (const a of [essex, surrey, cobalt, ironbridge, beacon]) await a.context.close();
}

// Before the journeys: they move the clock past the demo's deadlines.
test('the amendment form, the tender period and the demo clock pass axe', async ({ page }) => {
  await signIn(page, 'buyer@kent.police.uk');
  await page.goto('/procurements');
  await page.getByRole('link', { name: 'Custody record system for the South East' }).first().click();
  await expectNoA11yViolations(page, 'a published procurement');
  await page.getByRole('link', { name: 'Amend the procurement' }).click();
  await expectNoA11yViolations(page, 'amendment form');
  await page.getByRole('button', { name: 'Publish the amendment' }).click();
  await expect(errorSummary(page)).toContainText('Say why the procurement is amended');
  await expectNoA11yViolations(page, 'amendment form with errors');
  await page.goto('/dev/clock');
  await expectNoA11yViolations(page, 'demo clock');
  await signOut(page);
  await signIn(page, 'admin@npto.example');
  await page.goto('/admin/tender-period');
  await expectNoA11yViolations(page, 'tender period');
  await page.getByLabel('Days').fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(errorSummary(page)).toContainText('from 1 to 90');
});

test.describe('a shared procurement', () => {
  test.setTimeout(240_000);
  test('raised, joined, published, questioned, bid for and opened (JavaScript on)', async ({ browser, baseURL, page }) => {
    await journey(browser, baseURL, page, true);
  });
});

test.describe('a shared procurement without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test.setTimeout(240_000);
  test('the same journey with JavaScript off', async ({ browser, baseURL, page }) => {
    await journey(browser, baseURL, page, false);
  });
});
