// The KPI page in a real browser (Debian's Chromium, headless) against a
// real `steward serve` (docs/kpis.md):
//   - an agent opens KPIs: a chart per incident KPI with its target line
//     and bands, the period's value and status, a CSV link; a filter by
//     group redraws them; the backlog counts what is open;
//   - an admin's target turns a KPI's status red;
//   - the service scorecard shows each service's availability, incidents
//     and changes.
// Screenshots go to tests/out/browser/ (kpi-1-… to kpi-3-…); any console
// error, page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, text } from './harness.mjs';

const h = harness();

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }] });
  await h.call('POST', '/api/v1/groups', { name: 'Network', members: ['agent1'] });
  await h.call('POST', '/api/v1/services', { name: 'Mail', criticality: 2 });
  for (let i = 0; i < 4; i++) {
    const n = (await h.call('POST', '/api/v1/incidents', { title: `kpi ${i}`, assignment_group: 'Network', service: 'Mail' }, 'agent1')).number;
    if (i < 3) await h.call('POST', `/api/v1/incidents/${n}/resolve`, { resolution_code: 'fixed', resolution_notes: 'done' }, 'agent1');
  }
});
after(() => {
  assert.deepEqual(h.problems, [], 'no console errors, page errors or CSP violations');
  assert.deepEqual(h.unlabelled, [], 'every form field has a name');
  return h.stop();
});

test('the KPI page draws a chart per KPI with its value, status and target, filtered', async () => {
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/kpis`);
  await page.waitForSelector('[data-kpi="incident_mttr"] [data-kpi-chart] canvas');
  assert.equal(await text(page, '[data-kpi="incident_backlog"] [data-value]'), '1');
  assert.equal(await page.getAttribute('[data-kpi="incident_first_contact_rate"] [data-status]', 'data-status'), 'green');
  assert.equal(await text(page, '[data-kpi="incident_first_contact_rate"] [data-value]'), '100.0 %');
  const csv = await page.getAttribute('[data-kpi="incident_mttr"] a[download]', 'href');
  assert.match(csv, /^\/api\/v1\/kpis\/incident_mttr\?.*format=csv$/);
  await h.shot(page, 'kpi-1-incidents');
  await page.selectOption('select[aria-label="Group"]', 'Network');
  await page.waitForSelector('[data-kpi="incident_count"] [data-kpi-chart] canvas');
  assert.equal(await text(page, '[data-kpi="incident_count"] [data-value]'), '4');
});

test('an admin target turns the status red; the scorecard lists services', async () => {
  await h.call('PUT', '/api/v1/kpis/incident_count/target', { target: 0, amber: 1, red: 2 });
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/kpis`);
  await page.waitForSelector('[data-kpi="incident_count"] [data-status]');
  assert.equal(await page.getAttribute('[data-kpi="incident_count"] [data-status]', 'data-status'), 'red');
  await page.waitForSelector('[data-scorecard] tbody tr');
  const row = await text(page, '[data-scorecard] tbody tr');
  assert.match(row, /Mail/);
  assert.match(row, /100\.00? %/);
  await h.shot(page, 'kpi-2-scorecard');
  await page.selectOption('select[aria-label="Area"]', 'changes');
  await page.waitForSelector('[data-kpi="change_success_rate"]');
  await h.shot(page, 'kpi-3-changes');
});
