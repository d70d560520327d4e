// The web UI in a real browser (Debian's Chromium driven by
// playwright-core, headless) against a real `steward serve`:
//   - an end user raises an incident from the portal (phone-sized too);
//   - an agent finds it in the unassigned queue with the keyboard, assigns
//     it, adds a work note and a public reply and resolves it;
//   - two agents edit one incident at once: the stale save shows what the
//     other changed instead of overwriting it;
//   - the end user sees the reply but not the work note, and confirms;
//   - an admin changes an SLA policy;
//   - the queues' filters, saved views, the service, CMDB, dashboard,
//     notification and admin pages show what the API holds;
//   - the knowledge base: an agent writes an article with the server's
//     preview, a manager publishes it, the next version's diff; search
//     with highlights and the known-error list; in the portal an end user
//     reads and rates an article, and a suggestion while typing a new
//     incident solves the problem without raising it.
// Screenshots of each page go to tests/out/browser/; any console error,
// page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer, api, PASSWORD, ADMIN_PASSWORD } from '../api/lib.mjs';

const require = createRequire(new URL('../../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');
const OUT = join(process.cwd(), 'tests/out/browser');
const CHROMIUM = process.env.STEWARD_CHROMIUM || '/usr/bin/chromium';

let s, browser, base;
const problems = [];
// Failed loads a test provokes on purpose (a stale save, a refused value):
// Chromium logs every 4xx answer as a console error.  Only these pass.
const expectedLoads = [{ status: 401, path: '/api/v1/me' }];
const expectLoad = (status, path) => expectedLoads.push({ status, path });
// Polls in node (page.waitForFunction would need eval, which our CSP forbids).
async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const listHas = (page, s) => page.textContent('[data-list]').then((t) => t.includes(s), () => false);
const admin = () => ({ token: s.token('admin') });
async function call(method, path, body) {
  const r = await api(s, method, path, { ...admin(), body });
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  return r.json;
}

before(async () => {
  mkdirSync(OUT, { recursive: true });
  s = await startServer({
    users: [
      { login: 'agent1', role: 'agent', name: 'Alex Agent' },
      { login: 'agent2', role: 'agent', name: 'Bo Agent' },
      { login: 'eu1', role: 'end_user', name: 'Eve User' },
      { login: 'boss', role: 'manager', name: 'Mo Manager' },
    ],
  });
  base = s.url;
  await call('POST', '/api/v1/groups', { name: 'Service desk', members: ['agent1', 'agent2'] });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
});
after(async () => {
  await browser?.close();
  await s?.cleanup();
});

async function as(login, { viewport = { width: 1280, height: 860 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url || '';
    const expected = expectedLoads.some((e) => m.text().includes(`status of ${e.status}`) && new URL(url, base).pathname === e.path);
    if (!expected) problems.push(`${login}: ${m.text()} ${url}`);
  });
  page.on('pageerror', (e) => problems.push(`${login}: ${e.message}`));
  await page.goto(base + '/');
  await page.fill('#login', login);
  // the login page names itself in one top-level heading (accessibility)
  assert.deepEqual(await page.locator('h1').allTextContents(), ['Log in to Steward']);
  await page.fill('#password', login === 'admin' ? ADMIN_PASSWORD : PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-me]');
  return page;
}
// Every page we photograph is also checked for form fields without an
// accessible name (a label, aria-label or being inside a label).
const unlabelled = [];
async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  const fields = await page.locator('input:not([type=hidden]), select, textarea').evaluateAll((els) => els
    .filter((el) => !el.getAttribute('aria-label') && !el.closest('label') && !(el.id && document.querySelector(`label[for="${el.id}"]`)))
    .map((el) => `${el.tagName.toLowerCase()}#${el.id || '?'}[${el.name || el.type || ''}]`));
  for (const f of fields) unlabelled.push(`${name}: ${f}`);
}
const text = async (page, sel) => (await page.textContent(sel)).trim();

let number;
test('an end user raises an incident from the portal', async () => {
  const page = await as('eu1');
  assert.equal(await text(page, '[data-me]'), 'Eve User');
  assert.equal(await page.locator('text=Admin').count(), 0, 'an end user is offered the admin pages');
  await shot(page, '01-my-requests');
  await page.click('text=Raise an incident');
  await page.fill('#title', 'Monitor flickers');
  await page.fill('#description', 'Since this morning the screen flickers every few seconds.');
  await shot(page, '02-raise');
  await page.click('text=Raise it');
  await page.waitForSelector('[data-number]');
  number = await text(page, '[data-number]');
  assert.match(number, /^INC\d{7}$/);
  assert.equal(await text(page, '[data-state]'), 'new');
  await page.context().close();
});

test('the portal works on a phone-sized screen', async () => {
  const page = await as('eu1', { viewport: { width: 390, height: 844 } });
  await page.waitForSelector(`text=${number}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  await shot(page, '01b-my-requests-phone');
  await page.context().close();
});

test('an agent takes it from the unassigned queue with the keyboard, notes, replies and resolves', async () => {
  // Two more unassigned incidents, older, so that j/k have somewhere to go.
  await call('POST', '/api/v1/incidents', { title: 'Printer jams', requester: 'eu1' });
  await call('POST', '/api/v1/incidents', { title: 'Wi-Fi drops', requester: 'eu1', impact: 2, urgency: 2 });
  const page = await as('agent1');
  await page.waitForSelector(`text=${number}`);
  // Each queue shows its count, and the unassigned queue's is what it lists.
  await page.waitForSelector('[data-count=unassigned]');
  assert.equal(await text(page, '[data-count=unassigned]'), String(await page.locator('[data-list] tbody tr').count()));
  assert.equal(await text(page, '[data-count=unassigned]'), '3');
  assert.equal(await text(page, '[data-count=mine]'), '0');
  await shot(page, '03-unassigned-queue');
  // "/" focuses the search; j/k move the selection; Enter opens.
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
  await page.locator('#search').blur();
  const rows = await page.locator('[data-list] tbody tr').allTextContents();
  const at = rows.findIndex((r) => r.includes(number));
  assert.ok(at >= 0, `${number} is not in the queue: ${rows}`);
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  for (let i = 0; i < at; i++) await page.keyboard.press('j');
  assert.match(await page.textContent('tr[aria-selected=true]'), new RegExp(number));
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-number]');
  assert.equal(await text(page, '[data-number]'), number);
  // the desk sees how it came in: the end user raised it in the portal
  assert.equal(await text(page, '[data-channel]'), 'portal');
  // "a" assigns it to me, "c" goes to the comment box.
  await page.keyboard.press('a');
  await page.waitForSelector('[data-assignee]:has-text("agent1")');
  await page.keyboard.press('c');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'comment');
  await page.check('text=Internal work note');
  await page.fill('#comment', 'Cable looks loose; INTERNAL ONLY.');
  await page.click('text=Add work note');
  await page.waitForSelector('text=Cable looks loose; INTERNAL ONLY.');
  await page.fill('#comment', 'We are sending a new cable today.');
  await page.click('text=Send reply');
  await page.waitForSelector('text=We are sending a new cable today.');
  assert.equal(await page.locator('.comment.internal').count(), 1);
  // The timeline shows the assignment from the field history.
  assert.ok(await page.locator('[data-event=update]').count() >= 1, 'no field history in the timeline');
  await shot(page, '04-incident-agent');
  await page.context().close();
});

test('a stale save shows what someone else changed instead of overwriting it', async () => {
  const one = await as('agent1');
  const two = await as('agent2');
  for (const p of [one, two]) {
    await p.goto(`${base}/#/incidents/${number}`);
    await p.waitForSelector('[data-number]');
    await p.click('text=Edit');
  }
  await two.fill('#e-title', 'Monitor flickers (cable)');
  await two.click('text=Save changes');
  await two.waitForSelector('h2:has-text("Monitor flickers (cable)")');
  await one.selectOption('#e-urgency', '1');
  expectLoad(412, `/api/v1/incidents/${number}`);
  await one.click('text=Save changes');
  await one.waitForSelector('[data-conflict]');
  const conflict = await one.textContent('[data-conflict]');
  assert.match(conflict, /title: Monitor flickers → Monitor flickers \(cable\)/);
  await shot(one, '05-edit-conflict');
  await one.click('text=Apply my changes on top');
  // [data-priority] is on the page all along: wait for the save to close the form
  await one.waitForSelector('form.edit', { state: 'detached' });
  const now = (await api(s, 'GET', `/api/v1/incidents/${number}`, admin())).json;
  assert.equal(now.title, 'Monitor flickers (cable)', 'the other agent\'s title was overwritten');
  assert.equal(now.urgency, 1);
  await one.context().close();
  await two.context().close();
});

test('the agent resolves it', async () => {
  const page = await as('agent1');
  await page.goto(`${base}/#/incidents/${number}`);
  await page.click('[data-action=resolve]');
  await page.fill('#notes', 'Replaced the display cable.');
  await page.click('form >> text=Resolve');
  await page.waitForSelector('[data-state]:has-text("resolved")');
  await page.context().close();
});

test('the end user sees the reply, never the work note, and confirms', async () => {
  const page = await as('eu1');
  await page.click(`text=${number}`);
  await page.waitForSelector('text=We are sending a new cable today.');
  assert.equal(await page.locator('text=INTERNAL ONLY').count(), 0, 'a work note reached the end user');
  assert.equal(await page.locator('.comment.internal').count(), 0);
  assert.equal(await page.locator('text=Edit').count(), 0, 'an end user is offered the edit form');
  assert.match(await page.textContent('main'), /Replaced the display cable\./);
  // The end user adds a screenshot; it is listed for them and downloadable.
  await page.setInputFiles('#upload', { name: 'flicker.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
  await page.waitForSelector('a:has-text("flicker.png")');
  const href = await page.getAttribute('a:has-text("flicker.png")', 'href');
  assert.match(href, /^\/api\/v1\/attachments\/\d+$/);
  await shot(page, '06-incident-end-user');
  await page.click('[data-action=close]');
  await page.waitForSelector('[data-state]:has-text("closed")');
  // Notifications reached the requester's inbox.
  await page.click('[aria-label^=Notifications]');
  await page.waitForSelector('.notifications li');
  assert.match(await page.textContent('.notifications'), new RegExp(number));
  await shot(page, '07-notifications');
  await page.context().close();
});

test('an admin changes an SLA policy', async () => {
  const page = await as('admin');
  await page.click('text=Admin');
  await page.waitForSelector('text=SLA policies');
  await shot(page, '08-admin');
  await page.click('text=SLA policies');
  await page.waitForSelector('[data-admin-list=sla-policies]');
  assert.match(await page.textContent('[data-admin-list=sla-policies]'), /P3 moderate/);
  await shot(page, '09-admin-sla-policies');
  await page.click('a:has-text("P3 moderate")');
  await page.waitForSelector('#f-resolution_seconds');
  assert.equal(await page.inputValue('#f-resolution_seconds'), '86400');
  // fields naming another record suggest the existing ones
  await until(async () => (await page.locator('#f-calendar-options option').count()) >= 2, 'the calendar suggestions');
  const calendars = await page.locator('#f-calendar-options option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(calendars.includes('Business hours') && calendars.includes('24x7'), String(calendars));
  await page.fill('#f-resolution_seconds', '7200');
  assert.equal(await text(page, '[data-duration=resolution_seconds]'), '= 2h 00m');
  await page.uncheck('#f-active');
  await page.check('#f-active');
  await shot(page, '10-admin-sla-policy-edit');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-saved]');
  const policy = (await api(s, 'GET', '/api/v1/sla-policies/P3%20moderate', admin())).json;
  assert.equal(policy.resolution_seconds, 7200);
  assert.equal(policy.response_seconds, 14400, 'a field the admin did not touch changed');
  // A refused value shows the server's field error and changes nothing.
  await page.fill('#f-response_seconds', '40000000');
  expectLoad(422, '/api/v1/sla-policies/P3%20moderate');
  await page.click('button[type=submit]');
  await page.waitForSelector('[role=alert]');
  assert.match(await page.textContent('[role=alert]'), /response_seconds/);
  assert.equal((await api(s, 'GET', '/api/v1/sla-policies/P3%20moderate', admin())).json.response_seconds, 14400);
  await page.click('text=← SLA policies');
  await page.waitForSelector('[data-admin-list=sla-policies]');
  assert.match(await page.textContent('[data-admin-list=sla-policies] tr:has-text("P3 moderate")'), /2h 00m/);
  await page.goto(`${base}/#/admin/priority-matrix`);
  await page.waitForSelector('text=Impact \\ urgency');
  await shot(page, '11-admin-priority-matrix');
  await page.context().close();
});

test('queues filter, sort and keep saved views', async () => {
  const page = await as('agent1');
  await page.click('[data-queue=all]');
  await page.waitForSelector('[data-list]');
  await page.selectOption('[aria-label=Priority]', '3');
  await until(async () => !(await listHas(page, 'Printer jams')), 'the priority filter');
  assert.match(await page.textContent('[data-list]'), /Wi-Fi drops/);
  await page.click('text=Save view');
  await page.fill('[aria-label="View name"]', 'Moderate ones');
  await page.click('.filters >> text=Save');
  await page.click('[data-queue=all]');
  await page.waitForSelector('text=Printer jams');
  await page.click('.views >> text=Moderate ones');
  await until(async () => !(await listHas(page, 'Printer jams')), 'the saved view');
  assert.match(await page.textContent('[data-list]'), /Wi-Fi drops/);
  assert.match(page.url(), /priority=3/);
  await page.selectOption('[aria-label=Priority]', '');
  await until(() => listHas(page, 'Printer jams'), 'the filter to clear');
  await page.fill('#search', 'printer');
  await page.click('.filters >> text=Search');
  await until(async () => !(await listHas(page, 'Wi-Fi drops')), 'the text search');
  assert.match(await page.textContent('[data-list]'), /Printer jams/);
  await shot(page, '12-queue-filtered');
  await page.context().close();
});

test('service and CMDB pages show the portfolio, the dependency graph and impact', async () => {
  await call('POST', '/api/v1/objectives', { name: 'Online sales', measure: 'availability', target: '99.9 %' });
  const db = await call('POST', '/api/v1/cis', { name: 'db-01', class: 'server', status: 'in_service', attributes: { hostname: 'db-01.example.org' } });
  const app = await call('POST', '/api/v1/cis', { name: 'shop-app', class: 'software', status: 'in_service' });
  await call('POST', `/api/v1/cis/${app.id}/relations`, { type: 'runs_on', to: db.id });
  await call('POST', '/api/v1/services', { name: 'Payments', kind: 'technical', status: 'live', criticality: 2, cis: [app.id] });
  const shop = await call('POST', '/api/v1/services', {
    name: 'Web shop', kind: 'business', status: 'live', criticality: 1, objectives: ['Online sales'],
    depends_on: ['Payments'], availability_target: 99.9, description: 'Where customers buy.',
  });
  const page = await as('agent1');
  await page.click('text=Services');
  await page.waitForSelector('text=Web shop');
  await shot(page, '13-services');
  await page.click('text=Web shop');
  await page.waitForSelector('[data-service]');
  await page.waitForSelector('svg.graph [data-node="Payments"]');
  assert.equal(await page.locator('svg.graph [data-node="shop-app"]').count(), 1);
  await page.waitForSelector('[data-availability]');
  assert.match(await page.textContent('[data-availability]'), /100\.000 %/);
  assert.match(await page.textContent('main'), /Online sales/);
  await shot(page, '14-service');
  await page.click('text=CMDB');
  await page.waitForSelector('text=db-01');
  await shot(page, '15-cis');
  await page.click('text=db-01');
  await page.waitForSelector('[data-impact]');
  const impact = await page.textContent('[data-impact]');
  assert.match(impact, /Payments/);
  assert.match(impact, /Web shop/);
  assert.match(impact, /Online sales/);
  await shot(page, '16-ci');
  assert.ok(shop.id > 0);
  // More CIs than a page: the list says so and loads the rest.
  let rows = 'external_id,name,class,status\r\n';
  for (let i = 0; i < 120; i++) rows += `bulk-${i},bulk-app-${String(i).padStart(3, '0')},software,planned\r\n`;
  const imported = await api(s, 'POST', '/api/v1/import/cis', { ...admin(), raw: rows, contentType: 'text/csv' });
  assert.equal(imported.json.created, 120, imported.text);
  await page.goto(`${base}/#/cis?q=bulk-app`);
  await page.waitForSelector('text=Load more');
  assert.equal(await page.locator('[data-list] tbody tr').count(), 100);
  await page.click('text=Load more');
  await until(async () => (await page.locator('[data-list] tbody tr').count()) === 120, 'the second page of CIs');
  assert.equal(await page.locator('text=Load more').count(), 0);
  await page.context().close();
});

test('the dashboard shows open work, SLA figures, a chart and the oldest open', async () => {
  const page = await as('agent1');
  await page.click('text=Dashboard');
  await page.waitForSelector('[data-kpi=open]');
  const report = (await api(s, 'GET', '/api/v1/reports/incidents', admin())).json;
  assert.equal(await text(page, '[data-kpi=open]'), String(report.open.total));
  assert.ok(report.open.total >= 2);
  await page.waitForSelector('[data-chart] canvas');
  assert.match(await page.textContent('[data-chart]'), /created/);
  const oldest = await page.locator('[data-oldest] tbody tr').allTextContents();
  assert.deepEqual(oldest.map((r) => r.match(/INC\d{7}/)[0]), report.oldest_open.map((t) => t.number));
  assert.match(await page.textContent('main'), /Open by priority/);
  // the breakdown of the same days: by group, then by priority, and its CSV
  const rep = report;
  const breakdown = async (q) => (await api(s, 'GET', `/api/v1/reports/incidents/breakdown?from=${rep.from}&to=${rep.to}&tz=${encodeURIComponent(rep.tz)}&${q}`, admin())).json;
  const byGroup = await breakdown('group_by=assignment_group');
  await page.waitForSelector('[data-breakdown-rows] tbody tr');
  const rows = async () => (await page.locator('[data-breakdown-rows] tbody tr').allTextContents());
  assert.equal((await rows()).length, byGroup.rows.length);
  assert.ok((await rows())[0].startsWith(`${byGroup.rows[0].key ?? 'none'}${byGroup.rows[0].count}`), (await rows())[0]);
  await page.selectOption('[aria-label="Group by"]', 'priority');
  const byPriority = await breakdown('group_by=priority');
  await until(async () => (await rows()).length === byPriority.rows.length && (await rows())[0].startsWith(`${byPriority.rows[0].key}${byPriority.rows[0].count}`), 'the breakdown by priority');
  assert.match(await page.getAttribute('[data-csv]', 'href'), /group_by=priority.*format=csv$/);
  // SLA compliance of the same days, by policy
  const sla = (await api(s, 'GET', `/api/v1/reports/incidents/sla?from=${rep.from}&to=${rep.to}&tz=${encodeURIComponent(rep.tz)}`, admin())).json;
  await page.waitForSelector('[data-compliance] p, [data-compliance-rows]');
  assert.equal(await page.locator('[data-compliance-rows] tbody tr').count(), sla.rows.length);
  assert.match(await page.getAttribute('[data-breaches-csv]', 'href'), /list=breaches$/);
  await shot(page, '18-dashboard');
  // Queue counts follow: the agent's own work now includes nothing open.
  await page.click('text=Queues');
  await page.waitForSelector('[data-count=all]');
  assert.equal(await text(page, '[data-count=all]'), String(report.open.total));
  await page.context().close();
});

test('pages follow changes made elsewhere without a reload', async () => {
  const page = await as('agent1');
  await page.waitForSelector('[data-list], [data-empty]');
  // A new incident appears in the unassigned queue, and its count goes up.
  const before = Number(await text(page, '[data-count=unassigned]'));
  const created = await call('POST', '/api/v1/incidents', { title: 'Live: badge reader offline', requester: 'eu1' });
  await page.waitForSelector(`text=${created.number}`, { timeout: 10000 });
  await until(async () => Number(await text(page, '[data-count=unassigned]')) === before + 1, 'the count to follow');
  // On the incident page, someone else's reply shows up with a notice.
  await page.click(`text=${created.number}`);
  await page.waitForSelector('[data-number]');
  await api(s, 'POST', `/api/v1/incidents/${created.number}/comments`, { token: s.token('agent2'), body: { body: 'On my way with a spare reader.' } });
  await page.waitForSelector('text=On my way with a spare reader.', { timeout: 10000 });
  await page.waitForSelector('[data-notice]');
  // An end user's page hears of their own ticket, never of a work note.
  const eu = await as('eu1');
  await eu.click(`text=${created.number}`);
  await eu.waitForSelector('[data-number]');
  await api(s, 'POST', `/api/v1/incidents/${created.number}/comments`, { token: s.token('agent2'), body: { body: 'LIVE-INTERNAL: check the PoE switch', internal: true } });
  await api(s, 'POST', `/api/v1/incidents/${created.number}/comments`, { token: s.token('agent2'), body: { body: 'Fixed, please try your badge.' } });
  await eu.waitForSelector('text=Fixed, please try your badge.', { timeout: 10000 });
  assert.equal(await eu.locator('text=LIVE-INTERNAL').count(), 0);
  await page.waitForSelector('text=LIVE-INTERNAL: check the PoE switch', { timeout: 10000 });
  await shot(page, '19-live-update');
  await eu.context().close();
  await page.context().close();
});

test('every queue loads and lists as many incidents as its count says', async () => {
  // one incident whose response clock (P1: 15 minutes) is due within the hour
  const urgent = await call('POST', '/api/v1/incidents', { title: 'Queues: core switch down', impact: 1, urgency: 1, requester: 'eu1' });
  const page = await as('agent1');
  await page.waitForSelector('[data-count=all]');
  const token = s.token('agent1');
  const queries = { mine: 'assignee=agent1&open=true', groups: 'my_groups=true&open=true', unassigned: 'assignee=none&open=true',
    breaching: 'breaching=true&open=true', major: 'major=true&open=true', all: 'open=true' };
  for (const [q, query] of Object.entries(queries)) {
    const want = (await api(s, 'GET', `/api/v1/incidents?limit=200&${query}`, { token })).json.items.map((t) => t.number);
    if (q === 'breaching') assert.ok(want.includes(urgent.number));
    await page.click(`[data-queue=${q}]`);
    const rows = () => page.locator('[data-list] tbody tr').allTextContents().then((r) => r.map((x) => x.match(/INC\d{7}/)[0]));
    await until(async () => new URL(page.url()).hash.includes(`queue=${q}`) && (await page.locator('main [aria-busy]').count()) === 0
      && JSON.stringify((await rows()).sort()) === JSON.stringify([...want].sort()), `the ${q} queue to list ${want.join(', ')}`);
    assert.equal(await page.locator('main [role=alert]').count(), 0, `${q}: ${await page.textContent('main')}`);
    assert.equal(await text(page, `[data-count=${q}]`), String(want.length), `the ${q} count`);
  }
  await page.context().close();
});

test('an admin edits a user without setting a password, and lists the categories', async () => {
  await call('POST', '/api/v1/users', { login: 'agent3', name: 'Cy Agent', email: 'agent3@example.com', role: 'agent', password: PASSWORD });
  const page = await as('admin');
  await page.goto(`${base}/#/admin/users/agent3`);
  await page.waitForSelector('#f-name');
  assert.equal(await page.inputValue('#f-password'), '');
  await page.fill('#f-name', 'Cy B. Agent');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-saved], main [role=alert]');
  assert.equal(await page.locator('main [role=alert]').count(), 0, await page.textContent('main'));
  assert.equal((await api(s, 'GET', '/api/v1/users/agent3', admin())).json.name, 'Cy B. Agent');
  await page.goto(`${base}/#/admin/categories`);
  await page.waitForSelector('[data-admin-list=categories], [data-empty], main [role=alert]');
  assert.equal(await page.locator('main [role=alert]').count(), 0, await page.textContent('main'));
  await page.context().close();
});

test('the dashboard asks for the days of the user\'s own calendar', async () => {
  // UTC+14 and UTC-12: at any hour, at least one of them is not on UTC's date
  for (const [login, tz] of [['east', 'Etc/GMT-14'], ['west', 'Etc/GMT+12']]) {
    await call('POST', '/api/v1/users', { login, name: login, email: `${login}@example.com`, role: 'agent', timezone: tz, password: PASSWORD });
    const page = await as(login);
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/reports/incidents?'));
    await page.click('text=Dashboard');
    const url = new URL((await asked).url());
    await page.waitForSelector('[data-kpi=open]');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date());
    assert.equal(url.searchParams.get('tz'), tz);
    assert.equal(url.searchParams.get('to'), today, `${login}: today in ${tz}`);
    assert.equal(url.searchParams.get('from'), new Date(Date.parse(`${today}T00:00:00Z`) - 13 * 86400000).toISOString().slice(0, 10));
    await page.context().close();
  }
});

test('seven tabs share one event stream and all stay live', async () => {
  // A browser allows six connections to one HTTP/1.1 server: a stream per
  // tab would starve the seventh.  One tab holds the stream for all.
  const first = await as('agent1');
  const tabs = [first];
  for (let i = 1; i < 7; i++) {
    const p = await first.context().newPage();
    p.on('pageerror', (e) => problems.push(`tab ${i}: ${e.message}`));
    await p.goto(base + '/');
    await p.waitForSelector('[data-list], [data-empty]', { timeout: 10000 });
    tabs.push(p);
  }
  const created = await call('POST', '/api/v1/incidents', { title: 'Live in every tab', requester: 'eu1' });
  for (const p of tabs) await p.waitForSelector(`text=${created.number}`, { timeout: 10000 });
  // Closing the tab that holds the stream hands it to another.
  for (const p of tabs.slice(0, 3)) await p.close();
  const again = await call('POST', '/api/v1/incidents', { title: 'Still live after tabs closed', requester: 'eu1' });
  for (const p of tabs.slice(3)) await p.waitForSelector(`text=${again.number}`, { timeout: 10000 });
  await first.context().close();
});

test('an admin defines a field; an agent fills it in on an incident', async () => {
  const page = await as('admin');
  await page.goto(`${base}/#/admin/custom-fields/new`);
  await page.waitForSelector('#f-name');
  await page.fill('#f-kind', 'incident');
  await page.fill('#f-name', 'site');
  await page.fill('#f-label', 'Site');
  await page.selectOption('#f-type', 'choice');
  await page.fill('#f-choices', 'London\nLeeds');
  await shot(page, '18-admin-custom-field');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-admin-list=custom-fields]');
  assert.match(await page.textContent('[data-admin-list=custom-fields]'), /London, Leeds/);
  // edited through its two-part name
  await page.click('[data-admin-list=custom-fields] a');
  await page.waitForSelector('#f-label');
  await page.fill('#f-label', 'Office');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-saved]');
  assert.equal((await api(s, 'GET', '/api/v1/custom-fields/incident/site', admin())).json.label, 'Office');
  await page.context().close();

  const created = await call('POST', '/api/v1/incidents', { title: 'Door badge reader dead', requester: 'eu1' });
  const agent = await as('agent1');
  await agent.goto(`${base}/#/incidents/${created.number}`);
  await agent.waitForSelector('[data-number]');
  await agent.click('text=Edit');
  await agent.waitForSelector('#c-site');
  await agent.selectOption('#c-site', 'Leeds');
  await agent.click('text=Save changes');
  await agent.waitForSelector('[data-custom=site]');
  assert.equal(await text(agent, '[data-custom=site]'), 'Leeds');
  assert.equal((await api(s, 'GET', `/api/v1/incidents/${created.number}`, admin())).json.custom.site, 'Leeds');
  await shot(agent, '19-incident-custom-field');
  await agent.context().close();
});

let kbNumber;
test('an agent writes an article with a preview; a manager publishes it; a new version shows its diff', async () => {
  const page = await as('agent1');
  await page.click('a.tab:has-text("Knowledge")');
  await page.waitForSelector('[data-new-article]');
  await shot(page, '20-kb-empty');
  await page.click('[data-new-article]');
  await page.fill('#kb-t', 'Fix a jammed floor printer');
  await page.fill('#kb-s', 'When the printer reports a jam but the tray is empty');
  await page.fill('#kb-b', '## Steps\n\n1. Pull out **tray 2**\n2. Press the green flap\n\n<script>alert(1)</script>\n\n[evil](javascript:alert(2)) [guide](https://example.com)');
  await page.selectOption('#kb-a', 'everyone');
  await page.fill('#kb-kw', 'printer, jam');
  await page.click('[data-preview-tab]');
  await page.waitForSelector('[data-preview] strong');
  assert.equal(await page.locator('[data-preview] script').count(), 0, 'raw HTML is never a script');
  assert.equal(await page.locator('[data-preview] a[href^="javascript"]').count(), 0);
  assert.equal(await page.locator('[data-preview] a[href="https://example.com"]').count(), 1);
  await shot(page, '21-kb-editor-preview');
  await page.click('text=Save draft');
  await page.waitForSelector('[data-body]');
  kbNumber = await text(page, '[data-number]');
  assert.match(kbNumber, /^KB\d{7}$/);
  assert.equal(await page.locator('[data-body] script').count(), 0);
  await page.click('[data-kb-action=submit]');
  await until(async () => (await text(page, '[data-kb-state]')) === 'in review', 'the article in review');
  await shot(page, '22-kb-article-in-review');
  await page.context().close();

  const boss = await as('boss');
  await boss.goto(`${base}/#/kb/${kbNumber}`);
  await boss.waitForSelector('[data-kb-action=publish]');
  await boss.click('[data-kb-action=publish]');
  await until(async () => (await text(boss, '[data-kb-state]')) === 'published', 'the article published');
  await boss.context().close();

  const again = await as('agent1');
  await again.goto(`${base}/#/kb/${kbNumber}`);
  await again.waitForSelector('[data-edit]');
  await again.click('[data-edit]');
  await again.waitForSelector('[data-new-version]');
  await again.fill('#kb-b', '## Steps\n\n1. Pull out **tray 2**\n2. Press the green flap down once\n3. Wait for the restart');
  await again.click('text=Save');
  await again.waitForSelector('[data-pending]');
  assert.match(await text(again, '[data-pending]'), /version 2 draft/);
  await again.click('[data-diff]');
  await again.waitForSelector('[data-diff-part=Body] .insert');
  assert.match(await text(again, '[data-diff-part=Body] .insert'), /Press the green flap down once/);
  assert.match(await text(again, '[data-diff-part=Body] .delete'), /Press the green flap/);
  await shot(again, '23-kb-diff');
  await again.context().close();
});

test('search highlights what was found; the known-error list', async () => {
  await call('POST', '/api/v1/articles', { title: 'Printer driver crashes after the update', kind: 'known_error', audience: 'agents',
    body: '## Symptoms\n\nThe printer queue stops and the driver crashes.\n\n## Workaround\n\nRoll back the driver.' })
    .then((a) => call('POST', `/api/v1/articles/${a.number}/publish`));
  const page = await as('agent1');
  await page.goto(`${base}/#/kb?text=printer`);
  await page.waitForSelector('.kb-results mark');
  assert.ok((await page.locator('.kb-results mark').count()) >= 2);
  await shot(page, '24-kb-search');
  await page.click('a.tab:has-text("Known errors")');
  await page.waitForSelector('h2:has-text("Known errors")');
  await until(async () => (await page.locator('[data-article]').count()) === 1, 'the one known error');
  assert.match(await text(page, '[data-article]'), /driver crashes/);
  await shot(page, '25-kb-known-errors');
  await page.context().close();
});

test('the portal: an end user reads and rates an article; a suggestion solves a problem without an incident', async () => {
  const page = await as('eu1');
  await page.click('a.tab:has-text("Knowledge")');
  await page.fill('#kb-search', 'jammed printer');
  await page.click('button:has-text("Search")');
  await page.waitForSelector(`[data-article=${kbNumber}]`);
  assert.equal(await page.locator('text=driver crashes').count(), 0, 'an agents-only article reaches no end user');
  await shot(page, '26-portal-kb-search');
  await page.click(`[data-article=${kbNumber}] a`);
  await page.waitForSelector('[data-helpful]');
  assert.match(await text(page, '[data-body]'), /Press the green flap$/m, 'readers see the published version, not the draft');
  await page.click('[data-helpful]');
  await page.waitForSelector('[data-notice]');
  await shot(page, '27-portal-article');
  const mine = async () => (await api(s, 'GET', '/api/v1/incidents?limit=200', { token: s.token('eu1') })).json.items.length;
  const before_ = await mine();
  await page.click('a.tab:has-text("My requests")');
  await page.click('text=Raise an incident');
  await page.fill('#title', 'The printer says jam but there is no paper stuck');
  await page.waitForSelector(`[data-suggestion=${kbNumber}]`);
  await shot(page, '28-portal-suggestions');
  await page.click(`[data-solved=${kbNumber}]`);
  await page.waitForSelector('[data-deflected]');
  await shot(page, '29-portal-deflected');
  assert.equal(await mine(), before_, 'no incident was raised');
  const a = (await api(s, 'GET', `/api/v1/articles/${kbNumber}`, admin())).json;
  assert.equal(a.deflections, 1);
  assert.equal(a.helpful, 1);
  await page.context().close();
});

test('an agent sees the articles a ticket used and links a suggested one', async () => {
  const inc = await call('POST', '/api/v1/incidents', { title: 'Floor printer shows a jam with an empty tray', impact: 3, urgency: 3 });
  const page = await as('agent1');
  await page.goto(`${base}/#/incidents/${inc.number}`);
  await page.waitForSelector('[data-ticket-articles]');
  assert.equal(await page.locator('[data-used-article]').count(), 0, 'nothing linked yet');
  await page.waitForSelector(`[data-use-article=${kbNumber}]`);
  await page.click(`[data-use-article=${kbNumber}]`);
  await page.waitForSelector(`[data-used-article=${kbNumber}]`);
  await shot(page, '30-incident-knowledge-used');
  const used = (await api(s, 'GET', `/api/v1/articles?ticket=${inc.number}`, admin())).json.items.map((a) => a.number);
  assert.deepEqual(used, [kbNumber]);
  assert.equal((await api(s, 'GET', `/api/v1/articles/${kbNumber}`, admin())).json.linked_tickets, 1);
  await page.context().close();
});

test('dark theme', async () => {
  const page = await as('agent1', { colorScheme: 'dark' });
  await page.waitForSelector('[data-list], [data-empty]');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(20, 23, 29)');
  await shot(page, '17-dark');
  await page.context().close();
});

test('no console errors and no CSP violations', () => {
  assert.deepEqual(problems, []);
});

test('every form field on every page has an accessible name', () => {
  assert.deepEqual(unlabelled, []);
});
