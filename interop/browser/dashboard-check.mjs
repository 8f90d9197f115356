// Drives the ops dashboard in Debian's headless Chromium for DashboardBrowserTest (devstack).
// env: DASHBOARD_URL (with #operator=… or #token=…), SCREENSHOT (path), CHROMIUM (default /usr/bin/chromium),
//      PROFILE_DIR (a fresh --user-data-dir).
// Protocol on stdout, one JSON object per line: {"phase":"loaded", ...reading} once the page shows data; then it
// waits for "changed <id>" on stdin and prints {"phase":"updated", ...reading} once that element's text differs
// from the first reading without a reload; finally {"phase":"done", consoleErrors, navigations, screenshot}.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const url = process.env.DASHBOARD_URL;
const screenshot = process.env.SCREENSHOT;
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

const browser = await chromium.launchPersistentContext(process.env.PROFILE_DIR, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 1100 },
});
const consoleErrors = [];
let navigations = 0;
try {
  const page = browser.pages()[0] || await browser.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
  page.on('requestfailed', (r) => consoleErrors.push('requestfailed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
  // Full document loads only (history.replaceState, which drops the credential from the address bar, is not one).
  page.on('load', () => { navigations++; });

  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => {
    const e = document.getElementById('events-applied');
    return e && e.textContent !== '–' && !document.getElementById('panels').hidden;
  }, null, { timeout: 60000 });
  // Present only while the page is not reloaded.
  await page.evaluate(() => { window.__sameDocument = 'yes'; });
  const read = () => page.evaluate(() => {
    const cells = {};
    document.querySelectorAll('tr[id]').forEach((tr) => {
      cells[tr.id] = Array.from(tr.cells).map((c) => c.textContent.trim());
    });
    const text = (id) => (document.getElementById(id) || {}).textContent;
    return {
      scope: text('scope'), eventsApplied: text('events-applied'), salesforceWrites: text('salesforce-writes'),
      upcoming: text('upcoming-count'), reviewOpen: text('review-open'), rows: cells,
      sameDocument: window.__sameDocument || null, fragmentKept: location.hash.length > 0,
    };
  });
  out({ phase: 'loaded', ...(await read()) });

  const { value } = await lines.next();
  const id = (value || '').replace(/^changed\s+/, '').trim();
  const before = await page.evaluate((i) => document.getElementById(i).textContent, id);
  await page.waitForFunction(([i, b]) => document.getElementById(i).textContent !== b, [id, before],
    { timeout: 90000, polling: 250 });
  out({ phase: 'updated', ...(await read()) });

  await page.screenshot({ path: screenshot, fullPage: true });
  out({ phase: 'done', consoleErrors, navigations, screenshot });
} catch (e) {
  out({ phase: 'failed', error: String(e && e.stack || e), consoleErrors });
  process.exitCode = 1;
} finally {
  await browser.close();
}
