const { chromium } = require('@playwright/test');
(async () => {
  const base = 'http://127.0.0.1:3300';
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  const [who, ...paths] = process.argv.slice(2);
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(base + '/sign-in');
  await page.fill('#email', who);
  await page.fill('#password', 'bluelamp-demo-2026');
  await page.click('button[type=submit]');
  for (const p of paths) {
    const r = await page.goto(base + p);
    const name = '/tmp/shots/' + p.replace(/[^a-z0-9]+/gi, '_') + '_' + who.split('@')[0] + '.png';
    await page.screenshot({ path: name, fullPage: true });
    console.log(r.status(), name);
  }
  await browser.close();
})();
