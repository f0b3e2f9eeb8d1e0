import { defineConfig } from '@playwright/test';
import path from 'path';

const PORT = Number(process.env.E2E_PORT ?? 3199);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  // Two cores: one browser at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e-results.json' }]],
  outputDir: '../../test-results/e2e-artifacts',
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    launchOptions: {
      // Playwright's own browser download does not work here: use Debian's Chromium.
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `bash ${JSON.stringify(path.join(__dirname, 'serve.sh'))}`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: {
      E2E_PORT: String(PORT),
      BLUELAMP_BIN: process.env.BLUELAMP_BIN ?? '/root/.cache/bluelamp-target/release/bluelamp',
      BLUELAMP_LOG: process.env.BLUELAMP_LOG ?? 'error',
    },
  },
});
