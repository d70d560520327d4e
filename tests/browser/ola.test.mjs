// OLA clocks on the incident page in a real browser (Debian's Chromium,
// headless) against a real `steward serve` (docs/sla.md#ola-clocks): an
// incident that went from one OLA group to another shows, in its SLA
// panel beside the SLA's clocks, the first group's clock handed over
// (missed) and the second group's running, each with its group and
// agreement; the agent gives the missed OLA clock its breach reason.
// Screenshot: tests/out/browser/90-incident-ola-clocks.png; any console
// error, page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, text } from './harness.mjs';
import { api } from '../api/lib.mjs';

const h = harness();
let inc;

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }, { login: 'boss', role: 'manager', name: 'Bo Boss' }] });
  await h.call('POST', '/api/v1/groups', { name: 'Network', members: ['agent1'] });
  await h.call('POST', '/api/v1/groups', { name: 'Servers', members: ['agent1'] });
  await h.call('POST', '/api/v1/agreements', { name: 'Servers OLA', type: 'ola', status: 'active', group: 'Servers' }, 'boss');
  await h.call('POST', '/api/v1/sla-policies', { name: 'Servers fix', position: 1, calendar: '24x7', resolution_seconds: 2, agreement: 'Servers OLA' });
  await h.call('POST', '/api/v1/agreements', { name: 'Network OLA', type: 'ola', status: 'active', group: 'Network' }, 'boss');
  await h.call('POST', '/api/v1/sla-policies', { name: 'Network fix', position: 2, calendar: '24x7', resolution_seconds: 14400, agreement: 'Network OLA' });
  inc = await h.call('POST', '/api/v1/incidents', { title: 'VPN drops every hour', assignment_group: 'Servers' }, 'agent1');
  // whole seconds: 3.5 s is over the 2 s target whatever the boundaries
  await new Promise((r) => setTimeout(r, 3500));
  const r = await api(h.s, 'PATCH', `/api/v1/incidents/${inc.number}`, { token: h.s.token('agent1'), body: { assignment_group: 'Network' }, headers: { 'If-Match': String(inc.version) } });
  assert.equal(r.status, 200, r.text);
});
after(() => h.stop());

test("the incident's SLA panel shows each group's OLA clock; the missed one takes a breach reason", async () => {
  const clocks = (await h.call('GET', `/api/v1/incidents/${inc.number}`, undefined, 'agent1')).sla.filter((k) => k.metric === 'ola');
  assert.deepEqual(clocks.map((k) => [k.group, k.state, k.handed_over, k.breached]), [['Servers', 'stopped', true, true], ['Network', 'running', false, false]]);
  const [servers, network] = clocks;
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/incidents/${inc.number}`);
  await page.waitForSelector(`[data-sla="ola-${network.id}"]`);
  assert.match(await text(page, `[data-sla-clock="ola-${servers.id}"]`), /OLA · Servers\s*handed over, missed/);
  assert.match(await text(page, `[data-sla-clock="ola-${servers.id}"]`), /Servers OLA v1/);
  assert.match(await text(page, `[data-sla-clock="ola-${network.id}"]`), /OLA · Network\s*\d+h \d+m left|OLA · Network\s*[34]h/);
  assert.match(await text(page, `[data-sla-agreement="ola-${network.id}"]`), /Network OLA v1/);
  assert.equal(await page.locator(`[data-breach-reason="ola-${network.id}"]`).count(), 0, 'a clock within its target takes no reason');
  await page.selectOption(`[data-breach-reason="ola-${servers.id}"]`, 'misrouted');
  await until(async () => {
    const i = await h.call('GET', `/api/v1/incidents/${inc.number}`, undefined, 'agent1');
    return i.sla.find((k) => k.id === servers.id).breach_reason === 'misrouted';
  }, 'the reason saved');
  await until(async () => (await page.inputValue(`[data-breach-reason="ola-${servers.id}"]`)) === 'misrouted', 'the reason shown');
  await h.shot(page, '90-incident-ola-clocks');
  await page.context().close();
});
