// What a page costs on a slow connection: the bytes a first and a repeat visit transfer, and
// the Core Web Vitals (LCP, CLS) under Chromium's network and CPU throttling. The figures are
// printed (one JSON line per measurement) as well as held to the budgets.
import { test, expect, DEMO_PASSWORD } from './helpers';
import type { BrowserContext, CDPSession, Page } from '@playwright/test';

/** First visit, everything included, compressed, headers too. */
const FIRST_VISIT_BUDGET = 120 * 1024;
/** Repeat visit: the HTML only, the stylesheet, script and wasm coming from the cache. */
const REPEAT_VISIT_BUDGET = 15 * 1024;
/** The stylesheet, compressed: only the GOV.UK components Bluelamp uses. */
const CSS_BUDGET = 20 * 1024;
const LCP_LIMIT_MS = 2500;
const CLS_LIMIT = 0.1;

/** Chromium DevTools' "Slow 3G" preset: 2 s round trips, 400 kbit/s each way. */
const SLOW_3G = {
  offline: false,
  latency: 2000,
  downloadThroughput: 50_000,
  uploadThroughput: 50_000,
};
/** Chromium DevTools' "Slow 4G" preset (once "Fast 3G"), the network Lighthouse's mobile
 * audit and its 2.5 s LCP threshold assume: 562.5 ms round trips, 1.44 Mbit/s down. */
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: 180_000,
  uploadThroughput: 84_375,
};
type Network = typeof SLOW_3G;

type Transfer = { url: string; bytes: number; cached: boolean };

/** Records LCP and CLS from the very start of the page (runs despite the page's CSP). */
function observeVitals() {
  const w = window as unknown as { __vitals: { lcp: number; cls: number } };
  w.__vitals = { lcp: 0, cls: 0 };
  new PerformanceObserver((list) => {
    const last = list.getEntries().at(-1);
    if (last) w.__vitals.lcp = last.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  // CLS: the largest session window (gaps under 1 s, windows under 5 s).
  let session = 0;
  let first = 0;
  let prev = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as unknown as { value: number; startTime: number; hadRecentInput: boolean }[]) {
      if (e.hadRecentInput) continue;
      if (session && e.startTime - prev < 1000 && e.startTime - first < 5000) session += e.value;
      else {
        session = e.value;
        first = e.startTime;
      }
      prev = e.startTime;
      w.__vitals.cls = Math.max(w.__vitals.cls, session);
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

/** Opens `path` in a new page of `context` (whose HTTP cache a repeat visit shares), with the
 * given network and 4x CPU throttling, and returns what crossed the wire and the vitals. */
async function visit(context: BrowserContext, path: string, network?: Network) {
  const page: Page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (network) {
    await cdp.send('Network.emulateNetworkConditions', network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  const transfers = new Map<string, Transfer>();
  let wasmLoaded!: () => void;
  const wasm = new Promise<void>((resolve) => (wasmLoaded = resolve));
  cdp.on('Network.requestWillBeSent', (e) =>
    transfers.set(e.requestId, { url: e.request.url, bytes: 0, cached: false }),
  );
  cdp.on('Network.requestServedFromCache', (e) => {
    const t = transfers.get(e.requestId);
    if (t) t.cached = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const t = transfers.get(e.requestId);
    if (t && (e.response.fromDiskCache || e.response.fromMemoryCache)) t.cached = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const t = transfers.get(e.requestId);
    if (!t) return;
    t.bytes = e.encodedDataLength;
    if (t.url.endsWith('.wasm')) wasmLoaded();
  });
  await page.addInitScript(observeVitals);
  await page.goto(path, { waitUntil: 'load' });
  // Islands fetch the script and wasm when the browser is idle: wait for them (or, on a
  // repeat visit, for the cache to answer).
  await Promise.race([wasm, page.waitForTimeout(network ? 30_000 : 5_000)]);
  await page.waitForTimeout(500);
  const vitals = await page.evaluate(
    () => (window as unknown as { __vitals: { lcp: number; cls: number } }).__vitals,
  );
  await cdp.detach();
  await page.close();
  const list = [...transfers.values()];
  const bytes = list.reduce((sum, t) => sum + (t.cached ? 0 : t.bytes), 0);
  const css = list.find((t) => t.url.endsWith('.css'));
  return { bytes, css: css && !css.cached ? css.bytes : 0, transfers: list, vitals };
}

async function signedInContext(context: BrowserContext) {
  // Signs in through the form post itself, so no page (and no asset) is loaded first.
  const r = await context.request.post('/sign-in', {
    // A force member: one step (admins have a second, with an authenticator app).
    form: { email: 'buyer@kent.police.uk', password: DEMO_PASSWORD, next: '/' },
    headers: { Origin: new URL(test.info().project.use.baseURL ?? '').origin },
    maxRedirects: 0,
  });
  expect(r.status()).toBe(303);
}

for (const [name, path, signedIn] of [
  ['the sign-in page', '/sign-in', false],
  ['a signed-in home page', '/', true],
] as const) {
  test.describe(name, () => {
    test('fits the page-weight budget on a first and a repeat visit', async ({ browser }) => {
      const context = await browser.newContext();
      if (signedIn) await signedInContext(context);
      const first = await visit(context, path);
      const repeat = await visit(context, path);
      console.log(JSON.stringify({ page: path, first: first.bytes, repeat: repeat.bytes, css: first.css }));
      expect(first.bytes, JSON.stringify(first.transfers)).toBeLessThanOrEqual(FIRST_VISIT_BUDGET);
      expect(first.css).toBeGreaterThan(0);
      expect(first.css).toBeLessThanOrEqual(CSS_BUDGET);
      // A repeat visit downloads only the page itself.
      const downloaded = repeat.transfers.filter((t) => !t.cached && t.bytes > 0).map((t) => new URL(t.url).pathname);
      expect(downloaded).toEqual([path]);
      expect(repeat.bytes).toBeLessThanOrEqual(REPEAT_VISIT_BUDGET);
      await context.close();
    });

    test('keeps LCP and CLS within the Core Web Vitals thresholds on a slow connection', async ({ browser }) => {
      test.setTimeout(120_000);
      const measured: Record<string, { lcp: number; cls: number }> = {};
      for (const [label, network] of [['slow4g', SLOW_4G], ['slow3g', SLOW_3G]] as const) {
        const context = await browser.newContext();
        if (signedIn) await signedInContext(context);
        measured[`${label}_first`] = (await visit(context, path, network)).vitals;
        measured[`${label}_repeat`] = (await visit(context, path, network)).vitals;
        await context.close();
      }
      console.log(JSON.stringify({ page: path, ...measured }));
      for (const v of Object.values(measured)) {
        expect(v.lcp).toBeGreaterThan(0);
        expect(v.cls).toBeLessThanOrEqual(CLS_LIMIT);
      }
      // Lighthouse's mobile network: the threshold exactly as Core Web Vitals define it.
      expect(measured.slow4g_first.lcp).toBeLessThanOrEqual(LCP_LIMIT_MS);
      expect(measured.slow4g_repeat.lcp).toBeLessThanOrEqual(LCP_LIMIT_MS);
      // Slow 3G: each round trip alone is 2 s, and nothing can be drawn before the page and
      // its stylesheet have arrived (two round trips on a first visit, one when the stylesheet
      // is cached), so 2.5 s is out of reach for any page with a stylesheet. What the page
      // itself adds on top of those round trips (its bytes at 400 kbit/s, parsing and drawing
      // on a 4x slower CPU) is held to the same 2.5 s.
      expect(measured.slow3g_first.lcp - 2 * SLOW_3G.latency).toBeLessThanOrEqual(LCP_LIMIT_MS);
      expect(measured.slow3g_repeat.lcp - SLOW_3G.latency).toBeLessThanOrEqual(LCP_LIMIT_MS);
    });
  });
}
