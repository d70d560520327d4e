// What a browser test file needs around its tests: a real `steward serve`
// (tests/api/lib.mjs), Debian's Chromium driven by playwright-core
// (headless), a logged-in page per user, screenshots under
// tests/out/browser/, and the checks every page gets — console errors,
// page errors and CSP violations are collected, and so are form fields
// without an accessible name; the file's last tests assert both lists are
// empty.
//
//   const h = harness();
//   before(() => h.start({ users: [...] }));  after(() => h.stop());
//   const page = await h.as('agent1');  await h.shot(page, '20-name');
//   h.expectLoad(412, '/api/v1/…')   a 4xx the test provokes on purpose
//   test('no console errors…', () => assert.deepEqual(h.problems, []));
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, api, PASSWORD, ADMIN_PASSWORD } from '../api/lib.mjs';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');
export const OUT = join(process.cwd(), 'tests/out/browser');
const CHROMIUM = process.env.STEWARD_CHROMIUM || '/usr/bin/chromium';

// Polls in node (page.waitForFunction would need eval, which our CSP forbids).
export async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const text = async (page, sel) => (await page.textContent(sel)).trim();

export function harness() {
  const h = {
    s: null, base: null, browser: null,
    problems: [], // console errors, page errors, CSP violations
    unlabelled: [], // form fields without an accessible name, per screenshot
    // Chromium logs every 4xx answer as a console error; only these pass.
    expectedLoads: [{ status: 401, path: '/api/v1/me' }],
  };
  h.expectLoad = (status, path) => h.expectedLoads.push({ status, path });
  h.start = async (options) => {
    mkdirSync(OUT, { recursive: true });
    h.s = await startServer(options);
    h.base = h.s.url;
    h.browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  };
  h.stop = async () => {
    await h.browser?.close();
    await h.s?.cleanup();
  };
  // The API as a user (admin by default), failing the test on an error.
  h.call = async (method, path, body, login = 'admin') => {
    const r = await api(h.s, method, path, { token: h.s.token(login), body });
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return r.json;
  };
  // A new browser context logged in as login.
  h.as = async (login, { viewport = { width: 1280, height: 860 }, colorScheme = 'light' } = {}) => {
    const context = await h.browser.newContext({ viewport, colorScheme });
    const page = await context.newPage();
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
      (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      const url = m.location().url || '';
      const expected = h.expectedLoads.some((e) => m.text().includes(`status of ${e.status}`) && new URL(url, h.base).pathname === e.path);
      if (!expected) h.problems.push(`${login}: ${m.text()} ${url}`);
    });
    page.on('pageerror', (e) => h.problems.push(`${login}: ${e.message}`));
    await page.goto(h.base + '/');
    await page.fill('#login', login);
    await page.fill('#password', login === 'admin' ? ADMIN_PASSWORD : PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-me]');
    return page;
  };
  // A full-page screenshot, and the page's form fields checked for a name.
  h.shot = async (page, name) => {
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    const fields = await page.locator('input:not([type=hidden]), select, textarea').evaluateAll((els) => els
      .filter((el) => !el.getAttribute('aria-label') && !el.closest('label') && !(el.id && document.querySelector(`label[for="${el.id}"]`)))
      .map((el) => `${el.tagName.toLowerCase()}#${el.id || '?'}[${el.name || el.type || ''}]`));
    for (const f of fields) h.unlabelled.push(`${name}: ${f}`);
  };
  return h;
}
