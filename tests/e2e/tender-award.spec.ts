// Evaluation to contracts, on the demo's "Digital evidence sharing platform" (bids opened, both
// evaluators assigned), with five people: two evaluators score every bid (JavaScript off), the
// lead moderates and awards (JavaScript off), two bidders read their assessment summaries and
// one challenges (JavaScript on), the lead dismisses the challenge, the clock moves past the
// standstill, the lead confirms, and three contracts appear in the national register and its
// CSV download. axe on every new page. Runs last: it moves the demo's clock on.
import {
  test,
  expect,
  signIn,
  newActor,
  successBanner,
  errorSummary,
  expectNoA11yViolations,
} from './helpers';
import type { Browser, Page } from '@playwright/test';

const TITLE = 'Digital evidence sharing platform';
const SUPPLIERS = ['Cobalt Records Systems Ltd', 'Ironbridge Software plc', 'Beacon Analytics Ltd'];

async function person(browser: Browser, baseURL: string | undefined, js: boolean, email: string) {
  const actor = await newActor(browser, baseURL, { javaScriptEnabled: js });
  await signIn(actor.page, email);
  return actor;
}

async function moveClock(page: Page, hours: number) {
  await page.goto('/dev/clock');
  await page.getByLabel('Hours to move on').fill(String(hours));
  await page.getByRole('button', { name: 'Move the clock on' }).click();
  await expect(successBanner(page)).toContainText('The clock has moved on');
}

/** An evaluator scores every bid assigned to them; the first sheet is sent incomplete once. */
async function evaluate(page: Page, scores: Record<string, [string, string]>, first: boolean) {
  const off = { javaScriptDisabled: true };
  for (const supplier of SUPPLIERS) {
    await page.goto('/procurements');
    const table = page.locator('#evaluate');
    await expect(table).toContainText(TITLE);
    if (first && supplier === SUPPLIERS[0]) await expectNoA11yViolations(page, 'bids to evaluate', off);
    await table.locator('tr').filter({ hasText: TITLE }).getByRole('link', { name: supplier }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Evaluate ${supplier}'s bid`);
    if (first && supplier === SUPPLIERS[0]) {
      await expectNoA11yViolations(page, 'score sheet', off);
      await page.getByLabel('No: I declare I have no conflict of interest').check();
      await page.getByRole('button', { name: 'Submit scores to the moderator' }).click();
      await expect(errorSummary(page)).toContainText('Say whether the bid meets every essential requirement');
      await expect(errorSummary(page)).toContainText('Score “Meeting the requirement”');
      await expectNoA11yViolations(page, 'score sheet with errors', off);
    }
    const [quality, social] = scores[supplier];
    await page.getByLabel('No: I declare I have no conflict of interest').check();
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByLabel(/^Your score for “Meeting the requirement”/).fill(quality);
    await page.getByLabel(/^Why this score for “Meeting the requirement”/).fill(`Evidence of live use (${supplier}).`);
    await page.getByLabel(/^Your score for “Social value”/).fill(social);
    await page.getByLabel(/^Why this score for “Social value”/).fill('Local apprenticeships, a carbon plan.');
    await page.getByRole('button', { name: 'Submit scores to the moderator' }).click();
    await expect(successBanner(page)).toContainText('Your scores are submitted to the moderator');
  }
}

test('two evaluators score, the lead moderates and awards, bidders read their summaries, contracts follow', async ({ browser, baseURL, page }) => {
  test.setTimeout(240_000);
  const off = { javaScriptDisabled: true };

  // The lead finds the procurement being evaluated, and who is evaluating.
  const lead = await person(browser, baseURL, false, 'buyer@kent.police.uk');
  await lead.page.goto('/procurements');
  await lead.page.getByRole('link', { name: TITLE }).first().click();
  const id = lead.page.url().match(/procurements\/(\d+)/)![1];
  await expect(lead.page.locator('.govuk-task-list')).toContainText('Evaluate the bids');
  await expectNoA11yViolations(lead.page, 'procurement being evaluated', off);
  await lead.page.getByRole('link', { name: 'Evaluate the bids' }).click();
  await expect(lead.page.getByRole('heading', { level: 1 })).toHaveText('Evaluation');
  await expect(lead.page.locator('main')).toContainText('Priya Shah (Kent Police)');
  await expect(lead.page.locator('main')).toContainText('Owen Clarke (Essex Police)');
  await expectNoA11yViolations(lead.page, 'evaluation board', off);
  await lead.page.getByRole('button', { name: 'Assign' }).click();
  await expect(errorSummary(lead.page)).toContainText('Choose an evaluator');

  // Two evaluators, each alone with their sheets.
  const kent = await person(browser, baseURL, false, 'evaluator@kent.police.uk');
  await evaluate(kent.page, {
    'Cobalt Records Systems Ltd': ['3', '2'],
    'Ironbridge Software plc': ['2', '3'],
    'Beacon Analytics Ltd': ['3', '3'],
  }, true);
  const essex = await person(browser, baseURL, false, 'evaluator@essex.police.uk');
  await evaluate(essex.page, {
    'Cobalt Records Systems Ltd': ['4', '2'],
    'Ironbridge Software plc': ['2', '2'],
    'Beacon Analytics Ltd': ['3', '2'],
  }, false);
  // Essex's evaluator never sees Kent's: the sheet they submitted shows their own scores only.
  await essex.page.goto('/procurements');
  await essex.page.locator('#evaluate tr').filter({ hasText: TITLE }).getByRole('link', { name: 'Cobalt Records Systems Ltd' }).click();
  await expect(essex.page.locator('main')).toContainText('4 on 0 to 4');
  await expect(essex.page.locator('main')).not.toContainText('Priya Shah');

  // The lead moderates: every evaluator's scores side by side, one agreed score each.
  await lead.page.goto(`/procurements/${id}/moderation`);
  await expect(lead.page.locator('main')).toContainText('Priya Shah: 3');
  await expect(lead.page.locator('main')).toContainText('Owen Clarke: 4');
  await expectNoA11yViolations(lead.page, 'moderation', off);
  const agreed: Record<string, [string, string]> = {
    'Cobalt Records Systems Ltd': ['4', '2'],
    'Ironbridge Software plc': ['2', '3'],
    'Beacon Analytics Ltd': ['3', '3'],
  };
  for (const supplier of SUPPLIERS) {
    const section = lead.page.locator('section').filter({ has: lead.page.getByRole('heading', { name: supplier }) });
    await section.getByLabel('Yes: score it').check();
    await section.getByLabel('Agreed score for “Meeting the requirement”').fill(agreed[supplier][0]);
    await section.getByLabel('Rationale for “Meeting the requirement”').fill(`Agreed for ${supplier}: evidence outweighed the timetable risk.`);
    await section.getByLabel('Agreed score for “Social value”').fill(agreed[supplier][1]);
    await section.getByLabel('Rationale for “Social value”').fill('Credible local skills commitments.');
    await section.getByRole('button', { name: `Save moderation of ${supplier}'s bid` }).click();
    await expect(successBanner(lead.page)).toContainText('The moderation is saved');
  }
  // The ranking, with its arithmetic; then the award.
  const ranking = lead.page.locator('#ranking');
  await expect(ranking).toContainText('£990,000.00 ÷ £1,150,000.00 × 40 = 34.43');
  await expectNoA11yViolations(lead.page, 'moderation with the ranking', off);
  await lead.page.getByRole('link', { name: 'Continue to award' }).click();
  await expectNoA11yViolations(lead.page, 'award', off);
  await lead.page.getByRole('button', { name: 'Award and start the standstill' }).click();
  await expect(errorSummary(lead.page)).toContainText('Enter the contract start date');
  await expectNoA11yViolations(lead.page, 'award with errors', off);
  for (const [field, d, m, y] of [['contract_start', '1', '4', '2027'], ['contract_end', '31', '3', '2030']]) {
    await lead.page.locator(`#${field}_day`).fill(d);
    await lead.page.locator(`#${field}_month`).fill(m);
    await lead.page.locator(`#${field}_year`).fill(y);
  }
  const winner = (await lead.page.locator('input[name=bid]:checked + label').innerText()).split(' (')[0];
  await lead.page.getByRole('button', { name: 'Award and start the standstill' }).click();
  await expect(successBanner(lead.page)).toContainText('the standstill has begun');
  await expect(lead.page.locator('.govuk-summary-list').first()).toContainText(winner);
  await expectNoA11yViolations(lead.page, 'award in standstill', off);

  // Two bidders read their summaries; the one that lost challenges.
  const loserName = SUPPLIERS.find((s) => s !== winner)!;
  const emails: Record<string, string> = {
    'Cobalt Records Systems Ltd': 'admin@cobalt-records-systems.example',
    'Ironbridge Software plc': 'admin@ironbridge-software.example',
    'Beacon Analytics Ltd': 'admin@beacon-analytics.example',
  };
  const won = await person(browser, baseURL, true, emails[winner]);
  await won.page.goto(`/opportunities/${id}`);
  await won.page.getByRole('link', { name: 'Read your assessment summary' }).click();
  await expect(won.page.locator('main')).toContainText('Your bid won');
  await expectNoA11yViolations(won.page, 'assessment summary (winner)');
  const lost = await person(browser, baseURL, true, emails[loserName]);
  await lost.page.goto(`/opportunities/${id}/assessment`);
  await expect(lost.page.locator('main')).toContainText(`The winning bid: ${winner}`);
  await expect(lost.page.locator('main')).toContainText(`Agreed for ${loserName}`);
  await expect(lost.page.locator('main')).toContainText(`Agreed for ${winner}`);
  const third = SUPPLIERS.find((s) => s !== winner && s !== loserName)!;
  await expect(lost.page.locator('main')).not.toContainText(third);
  await expectNoA11yViolations(lost.page, 'assessment summary');
  await lost.page.getByRole('button', { name: 'Challenge the award' }).click();
  await expect(errorSummary(lost.page)).toContainText('Give the grounds of your challenge');
  await lost.page.getByLabel('Your grounds').fill('Our price includes data migration; the winner’s does not.');
  await lost.page.getByRole('button', { name: 'Challenge the award' }).click();
  await expect(successBanner(lost.page)).toContainText('Your challenge is recorded');

  // The standstill passes; the challenge still holds the award until the lead decides.
  await moveClock(page, 20 * 24);
  await lead.page.goto(`/procurements/${id}/award`);
  await expect(lead.page.locator('main')).toContainText('Waiting for the lead\'s decision');
  await expect(lead.page.getByRole('button', { name: /Confirm the award/ })).toHaveCount(0);
  await lead.page.getByLabel('Dismissed: the award stands').check();
  await lead.page.getByLabel('Reasons for the decision').fill('Migration was priced by every bidder, as the specification asked.');
  await lead.page.getByRole('button', { name: 'Record the decision' }).click();
  await expect(successBanner(lead.page)).toContainText('The decision is recorded');
  await lead.page.getByRole('button', { name: 'Confirm the award and make the contracts' }).click();
  await expect(successBanner(lead.page)).toContainText('3 contracts are in the register');

  // The national register shows all three; its CSV has them.
  const national = await person(browser, baseURL, true, 'analyst@npto.example');
  await national.page.goto(`/contracts?supplier=&source=shared_procurement`);
  const rows = national.page.locator('tbody tr').filter({ hasText: TITLE });
  await expect(rows).toHaveCount(3);
  for (const force of ['Kent Police', 'Essex Police', 'Hampshire and Isle of Wight Constabulary']) {
    await expect(rows.filter({ hasText: force })).toHaveCount(1);
  }
  await expectNoA11yViolations(national.page, 'contract register');
  const csv = await national.page.request.get('/contracts.csv?source=shared_procurement');
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).split('\n').filter((l) => l.includes(TITLE));
  expect(lines).toHaveLength(3);
  expect(lines.every((l) => l.includes(winner))).toBeTruthy();
  await rows.first().getByRole('link').first().click();
  await expect(national.page.locator('main')).toContainText('How this force\'s share was worked out');
  await expectNoA11yViolations(national.page, 'a contract');

  // The losing bidder reads the decision on its challenge.
  await lost.page.goto(`/opportunities/${id}/assessment`);
  await expect(lost.page.locator('main')).toContainText('Migration was priced by every bidder');
  for (const a of [lead, kent, essex, won, lost, national]) await a.context.close();
});
