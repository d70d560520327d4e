// The web UI in a real browser (Debian's Chromium driven by
// playwright-core, headless): an end user raises an incident; an agent
// finds it in the unassigned queue, assigns it, adds a work note and a
// public reply and resolves it; the end user sees the reply but not the
// work note and confirms.  Screenshots of each page go to tests/out/;
// any console error or CSP violation fails the test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, PASSWORD } from '../api/lib.mjs';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const OUT = join(process.cwd(), 'tests/out/browser');
const CHROMIUM = process.env.STEWARD_CHROMIUM || '/usr/bin/chromium';

let s, browser, base;
const problems = [];
before(async () => {
  mkdirSync(OUT, { recursive: true });
  s = await startServer({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }, { login: 'eu1', role: 'end_user', name: 'Eve User' }] });
  base = s.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});
after(async () => {
  await browser?.close();
  await s?.cleanup();
});

async function as(login) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  // The one expected failed load: the app asks who is logged in before
  // anyone is (401 on /api/v1/me).  Any other console error counts.
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const expected = /status of 401/.test(m.text()) && /\/api\/v1\/me$/.test(m.location().url || '');
    if (!expected) problems.push(`${login}: ${m.text()} ${m.location().url || ''}`);
  });
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  page.on('pageerror', (e) => problems.push(`${login}: ${e.message}`));
  await page.goto(base + '/');
  await page.fill('#login', login);
  await page.fill('#password', PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-me]');
  return page;
}
const shot = (page, name) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });

let number;
test('an end user raises an incident from the portal', async () => {
  const page = await as('eu1');
  assert.equal(await page.textContent('[data-me]'), 'Eve User');
  await shot(page, '01-my-requests');
  await page.click('text=Raise an incident');
  await page.fill('#title', 'Monitor flickers');
  await page.fill('#description', 'Since this morning the screen flickers every few seconds.');
  await shot(page, '02-raise');
  await page.click('text=Raise it');
  await page.waitForSelector('[data-number]');
  number = await page.textContent('[data-number]');
  assert.match(number, /^INC\d{7}$/);
  assert.equal(await page.textContent('[data-state]'), 'new');
  await page.context().close();
});

test('an agent takes it from the unassigned queue, notes, replies and resolves', async () => {
  const page = await as('agent1');
  await page.waitForSelector(`text=${number}`);
  await shot(page, '03-unassigned-queue');
  await page.click(`text=${number}`);
  await page.waitForSelector('[data-number]');
  await page.click('text=Assign to me');
  await page.waitForSelector('[data-assignee]:has-text("agent1")');
  await page.check('input[type=checkbox]');
  await page.fill('#comment', 'Cable looks loose; INTERNAL ONLY.');
  await page.click('text=Add work note');
  await page.waitForSelector('text=Cable looks loose; INTERNAL ONLY.');
  await page.fill('#comment', 'We are sending a new cable today.');
  await page.click('text=Send reply');
  await page.waitForSelector('text=We are sending a new cable today.');
  assert.equal(await page.locator('.comment.internal').count(), 1);
  await page.click('[data-action=resolve]');
  await page.fill('#notes', 'Replaced the display cable.');
  await page.click('form >> text=Resolve');
  await page.waitForSelector('[data-state]:has-text("resolved")');
  await shot(page, '04-incident-agent');
  await page.context().close();
});

test('the end user sees the reply, never the work note, and confirms', async () => {
  const page = await as('eu1');
  await page.click(`text=${number}`);
  await page.waitForSelector('text=We are sending a new cable today.');
  assert.equal(await page.locator('text=INTERNAL ONLY').count(), 0, 'a work note reached the end user');
  assert.equal(await page.locator('.comment.internal').count(), 0);
  assert.match(await page.textContent('main'), /Replaced the display cable\./);
  await shot(page, '05-incident-end-user');
  await page.click('[data-action=close]');
  await page.waitForSelector('[data-state]:has-text("closed")');
  await page.context().close();
});

test('no console errors and no CSP violations', () => {
  assert.deepEqual(problems, []);
});
