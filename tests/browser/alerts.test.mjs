// Alerts in a real browser (Debian's Chromium, headless) against a real
// `steward serve` (docs/events.md): an agent reads the alerts monitoring
// sent, opens one, acknowledges it and raises an incident from it; an
// admin finds event sources, mapping rules and the status page's services
// on the admin pages; the public status page renders under its own CSP.
// Screenshots go to tests/out/browser/ (40-… to 43-…); any console error,
// page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../api/lib.mjs';
import { harness, until, text } from './harness.mjs';

const h = harness();
let token;

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }] });
  await h.call('POST', '/api/v1/cis', { name: 'db1', class: 'server', attributes: { hostname: 'db1' } });
  await h.call('POST', '/api/v1/services', { name: 'Email', criticality: 2 });
  token = (await h.call('POST', '/api/v1/event-sources', { name: 'prometheus' })).token;
  await h.call('POST', '/api/v1/status-services', { name: 'Email', service: 'Email' });
  const r = await api(h.s, 'POST', '/api/v1/events', { token, body: [
    { check: 'DiskAlmostFull', resource: 'db1', severity: 'warning', message: '/var 85 % full', labels: { team: 'dba' } },
    { check: 'CpuHot', severity: 'info', message: 'cpu at 90 %' }] });
  assert.equal(r.status, 200, r.text);
});
after(() => h.stop());

test('an agent reads alerts, acknowledges one and raises an incident from it', async () => {
  const page = await h.as('agent1');
  await page.click('header >> text=Alerts');
  await page.waitForSelector('[data-list=alerts]');
  const list = await text(page, '[data-list=alerts]');
  assert.match(list, /DiskAlmostFull/);
  assert.match(list, /db1/);
  await h.shot(page, '40-alerts');
  await page.click('text=DiskAlmostFull');
  await page.waitForSelector('[data-alert-page]');
  assert.match(await text(page, '[data-labels]'), /team\s*dba/);
  await page.click('button:has-text("Acknowledge")');
  await until(async () => /Alex Agent|agent1/.test(await text(page, '[data-alert-page]')), 'the acknowledgement');
  await page.click('button:has-text("Raise an incident")');
  await until(async () => /INC\d+/.test(await text(page, '[data-incident]')), 'the incident');
  await until(async () => /raise/.test(await text(page, '[data-timeline]')), 'the timeline');
  await h.shot(page, '41-alert');
  const [a] = (await h.call('GET', '/api/v1/alerts?source=prometheus', undefined, 'agent1')).items.filter((x) => x.name === 'DiskAlmostFull');
  assert.equal(a.acknowledged_by, 'agent1');
  assert.match(a.incident, /^INC/);
  await page.context().close();
});

test('an admin keeps event sources, mapping rules and public services on the admin pages', async () => {
  const page = await h.as('admin');
  for (const [path, name] of [['event-sources', 'prometheus'], ['status-services', 'Email']]) {
    await page.goto(`${h.base}/#/admin/${path}`);
    await page.waitForSelector(`[data-admin-list=${path}]`);
    assert.match(await text(page, `[data-admin-list=${path}]`), new RegExp(name));
  }
  await page.goto(`${h.base}/#/admin/alert-rules`);
  await page.waitForSelector('text=None yet.'); // no rules: an empty list
  await page.click('a.button:has-text("New")');
  await page.waitForSelector('#f-name');
  await page.fill('#f-name', 'Databases');
  await page.fill('#f-match_label', 'team');
  await page.fill('#f-match_value', 'dba');
  await page.selectOption('#f-action', 'record');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-admin-list=alert-rules] >> text=Databases');
  await h.shot(page, '42-admin-alert-rules');
  const rule = await h.call('GET', '/api/v1/alert-rules/Databases');
  assert.deepEqual([rule.match_label, rule.match_value, rule.action], ['team', 'dba', 'record']);
  await page.context().close();
});

test('the public status page renders with its stylesheet under its own policy', async () => {
  const context = await h.browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => { if (m.type() === 'error') violations.push(m.text()); });
  await page.goto(`${h.base}/status`);
  await page.waitForSelector('.services');
  assert.match(await text(page, '.services'), /Email/);
  assert.equal(await page.locator('.bars i').count(), 90);
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector('.overall')).backgroundColor);
  assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'status.css applies');
  await h.shot(page, '43-status-page');
  assert.deepEqual(violations, []);
  await context.close();
});

test('nothing went wrong in the browser', () => {
  assert.deepEqual(h.problems, []);
});
