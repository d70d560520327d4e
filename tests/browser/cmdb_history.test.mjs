// A CI's and a service's page in a real browser (Debian's Chromium,
// headless) against a real `steward serve`: both show their incidents (the
// open ones, then the recent others) and their change history — fields
// from/to, a relationship made at either end, the CIs a service gained and
// lost.  An end user's service page shows neither.  Screenshots go to
// tests/out/browser/ (50-… and 51-…); any console error, page error or CSP
// violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until } from './harness.mjs';

const h = harness();

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }, { login: 'boss', role: 'manager' },
    { login: 'eu1', role: 'end_user', name: 'Eve User' }] });
  await h.call('POST', '/api/v1/groups', { name: 'Service desk', members: ['agent1'] });
});
after(() => h.stop());

test('CI and service pages show their incidents and their history', async () => {
  const app = await h.call('POST', '/api/v1/cis', { name: 'billing-app', class: 'application', environment: 'test',
    attributes: { url: 'https://old.example.org' } });
  await new Promise((r) => setTimeout(r, 2100)); // the as-of view below picks a second between the two writes
  const between = new Date(Date.now() - 1000);
  const db = await h.call('POST', '/api/v1/cis', { name: 'billing-db', class: 'application' });
  const old = await h.call('POST', '/api/v1/cis', { name: 'billing-old', class: 'application' });
  await h.call('PATCH', `/api/v1/cis/${app.id}`, { environment: 'production', attributes: { url: 'https://billing.example.org' } });
  await h.call('POST', `/api/v1/cis/${app.id}/relations`, { type: 'depends_on', to: db.id });
  const svc = await h.call('POST', '/api/v1/services', { name: 'Billing', criticality: 2, cis: [app.id, old.id] }, 'boss');
  await h.call('PATCH', `/api/v1/services/${svc.id}`, { cis: [app.id, db.id] }, 'boss');
  const raise = (title) => h.call('POST', '/api/v1/incidents', { title, service: 'Billing', ci: app.id, assignment_group: 'Service desk' }, 'agent1');
  const done = await raise('Invoices not sent');
  await h.call('POST', `/api/v1/incidents/${done.number}/resolve`, { resolution_code: 'fixed', resolution_notes: 'queue restarted' }, 'agent1');
  const open = await raise('Billing run failed');

  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/cis/${app.id}`);
  await page.waitForSelector('[data-incidents] [data-list=open]');
  assert.deepEqual(await page.locator('[data-list=open] [data-incident]').evaluateAll((rs) => rs.map((r) => r.dataset.incident)), [open.number]);
  assert.deepEqual(await page.locator('[data-list=recent] [data-incident]').evaluateAll((rs) => rs.map((r) => r.dataset.incident)), [done.number]);
  await page.waitForSelector('[data-history] [data-event=relate]');
  const ciHistory = await page.textContent('[data-history]');
  assert.match(ciHistory, /environment: test → production/);
  assert.match(ciHistory, /billing-app depends on billing-db/);
  // the CI as it was between its creation and its change
  const local = new Date(between.getTime() - between.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
  await page.fill('#as-of', local);
  await page.click('[data-as-of] button[type=submit]');
  await page.waitForSelector('[data-as-of-view]');
  const asOf = await page.textContent('[data-as-of-view]');
  assert.match(asOf, /Environmenttest/);
  assert.match(asOf, /https:\/\/old\.example\.org/);
  assert.match(asOf, /Version1 /);
  await h.shot(page, '50-ci-incidents-history');

  // the other end of the relationship has it in its history too
  await page.goto(`${h.base}/#/cis/${db.id}`);
  await page.waitForSelector('[data-history] [data-event=relate]');
  assert.match(await page.textContent('[data-history]'), /billing-app depends on billing-db/);

  await page.goto(`${h.base}/#/services/${svc.id}`);
  await page.waitForSelector('[data-service]');
  await page.waitForSelector('[data-incidents] [data-list=open]');
  assert.equal(await page.textContent('[data-open-count]'), '1');
  await page.waitForSelector('[data-history] [data-event=update]');
  const svcHistory = await page.textContent('[data-history]');
  assert.match(svcHistory, /cis \+ billing-db/);
  assert.match(svcHistory, /cis − billing-old/);
  await page.click(`[data-list=open] a:has-text("${open.number}")`);
  await until(async () => (await page.textContent('main')).includes('Billing run failed'), 'the incident to open');
  await page.goto(`${h.base}/#/services/${svc.id}`);
  await page.waitForSelector('[data-history]');
  await h.shot(page, '51-service-incidents-history');
  await page.context().close();

  // an end user reads the service, not its incidents or history
  const eu = await h.as('eu1');
  await eu.goto(`${h.base}/#/services/${svc.id}`);
  await eu.waitForSelector('[data-service]');
  assert.equal(await eu.locator('[data-incidents]').count(), 0);
  assert.equal(await eu.locator('[data-history]').count(), 0);
  await eu.context().close();
  assert.deepEqual(h.problems, []);
  assert.deepEqual(h.unlabelled, []);
});
