// Services and CIs as both ends of their links (issue #21): a service's
// SLA policy takes part in policy selection; the service list shows each
// service's real objectives, dependencies and CIs; a service's change log
// names the CIs (and objectives and services) added and removed; the
// history of CIs and of the named records; the incidents of a CI and of a
// service.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib.mjs';

let s, admin, agent, boss, eu;
before(async () => {
  s = await startServer({ users: ['agent1:agent', 'boss:manager', 'eu1:end_user'].map((u) => {
    const [login, role] = u.split(':');
    return { login, role };
  }) });
  [admin, agent, boss, eu] = ['admin', 'agent1', 'boss', 'eu1'].map((login) => as(s, login));
});
after(async () => { await s.cleanup(); });

const ok = async (res, status = 200) => {
  const r = await res;
  assert.equal(r.status, status, JSON.stringify(r.json));
  return r.json;
};
const ci = (name) => ok(agent('POST', '/api/v1/cis', { body: { name, class: 'application' } }), 201);
const policies = (inc) => inc.sla.map((k) => [k.metric, k.policy]);
const incident = async (body) => {
  const r = await ok(agent('POST', '/api/v1/incidents', { body }), 201);
  return ok(agent('GET', `/api/v1/incidents/${r.number}`));
};

test('a service\'s SLA policy applies to its tickets at every priority, before the ordered policies', async () => {
  await ok(boss('POST', '/api/v1/services', { body: { name: 'Trading', criticality: 1, sla_policy: 'P1 critical' } }), 201);
  const canteen = await ok(boss('POST', '/api/v1/services', { body: { name: 'Canteen', criticality: 4 } }), 201);
  const p5 = await incident({ title: 'slow quotes', impact: 3, urgency: 3, service: 'Trading' });
  assert.equal(p5.priority, 5);
  assert.deepEqual(policies(p5), [['response', 'P1 critical'], ['resolution', 'P1 critical']]);
  const plain = await incident({ title: 'cold soup', impact: 3, urgency: 3, service: 'Canteen' });
  assert.deepEqual(policies(plain), [['response', 'P5 planning'], ['resolution', 'P5 planning']]);

  // A policy placed first that names no service does not beat the
  // service's policy (it still applies elsewhere).
  await ok(admin('POST', '/api/v1/sla-policies', { body: { name: 'All P5', position: 0, match_priority: 5,
    calendar: '24x7', resolution_seconds: 3600 } }), 201);
  const general = await incident({ title: 'stale prices', impact: 3, urgency: 3, service: 'Trading' });
  assert.deepEqual(policies(general), [['response', 'P1 critical'], ['resolution', 'P1 critical']]);
  assert.deepEqual(policies(await incident({ title: 'cold tea', impact: 3, urgency: 3, service: 'Canteen' })),
    [['resolution', 'All P5']]);
  await ok(admin('PATCH', '/api/v1/sla-policies/All P5', { body: { active: false } }));

  // A policy that names the service refines its agreement, wherever it is placed.
  await ok(admin('POST', '/api/v1/sla-policies', { body: { name: 'Trading P5', position: 50, match_service: 'Trading',
    match_priority: 5, calendar: '24x7', resolution_seconds: 7200 } }), 201);
  const refined = await incident({ title: 'slow charts', impact: 3, urgency: 3, service: 'Trading' });
  assert.deepEqual(policies(refined), [['resolution', 'Trading P5']]);
  const p1 = await incident({ title: 'no trading', impact: 1, urgency: 1, service: 'Trading' });
  assert.deepEqual(policies(p1), [['response', 'P1 critical'], ['resolution', 'P1 critical']]);
  await ok(admin('PATCH', '/api/v1/sla-policies/Trading P5', { body: { active: false } }));

  // The service's policy switched off: the ordered policies decide again.
  await ok(admin('PATCH', '/api/v1/sla-policies/P1 critical', { body: { active: false } }));
  const off = await incident({ title: 'no ticks', impact: 3, urgency: 3, service: 'Trading' });
  assert.deepEqual(policies(off), [['response', 'P5 planning'], ['resolution', 'P5 planning']]);
  await ok(admin('PATCH', '/api/v1/sla-policies/P1 critical', { body: { active: true } }));

  // Moving a ticket to the service re-targets its clocks to the service's policy.
  const moved = await ok(agent('PATCH', `/api/v1/incidents/${plain.number}`, { body: { service: 'Trading' },
    headers: { 'If-Match': String(plain.version) } }));
  assert.deepEqual(policies(moved), [['response', 'P1 critical'], ['resolution', 'P1 critical']]);
  // A policy for another kind is not the service's for this one.
  await ok(admin('POST', '/api/v1/sla-policies', { body: { name: 'Problems only', match_kind: 'problem', calendar: '24x7',
    resolution_seconds: 600 } }), 201);
  await ok(boss('PATCH', `/api/v1/services/${canteen.id}`, { body: { sla_policy: 'Problems only' } }));
  const other = await incident({ title: 'no forks', impact: 3, urgency: 3, service: 'Canteen' });
  assert.deepEqual(policies(other), [['response', 'P5 planning'], ['resolution', 'P5 planning']]);
});

test('the service list shows each service\'s objectives, dependencies and CIs, as a single read does', async () => {
  const a = await ci('ledger-db');
  const b = await ci('ledger-app');
  await ok(boss('POST', '/api/v1/objectives', { body: { name: 'Close the books' } }), 201);
  await ok(boss('POST', '/api/v1/objectives', { body: { name: 'Pay suppliers' } }), 201);
  const ledger = await ok(boss('POST', '/api/v1/services', { body: { name: 'Ledger', criticality: 2,
    objectives: ['Close the books', 'Pay suppliers'], cis: [b.id, a.id] } }), 201);
  const pay = await ok(boss('POST', '/api/v1/services', { body: { name: 'Payables', criticality: 2,
    objectives: ['Pay suppliers'], depends_on: ['Ledger', 'Trading'], cis: [a.id] } }), 201);
  const list = await ok(eu('GET', '/api/v1/services'));
  for (const id of [ledger.id, pay.id]) {
    const one = await ok(eu('GET', `/api/v1/services/${id}`));
    const item = list.items.find((x) => x.id === id);
    assert.deepEqual([item.objectives, item.depends_on, item.cis], [one.objectives, one.depends_on, one.cis]);
  }
  const item = list.items.find((x) => x.id === pay.id);
  assert.deepEqual([item.objectives, item.depends_on, item.cis], [['Pay suppliers'], ['Trading', 'Ledger'], [a.id]]);
  assert.deepEqual(list.items.find((x) => x.name === 'Canteen').cis, []);
  // Filters and pages keep each service's own links.
  const page1 = await ok(eu('GET', '/api/v1/services?objective=Pay%20suppliers&limit=1'));
  assert.deepEqual(page1.items.map((x) => [x.name, x.cis]), [['Ledger', [a.id, b.id]]]);
  const page2 = await ok(eu('GET', `/api/v1/services?objective=Pay%20suppliers&limit=1&cursor=${page1.next_cursor}`));
  assert.deepEqual(page2.items.map((x) => [x.name, x.depends_on]), [['Payables', ['Trading', 'Ledger']]]);
});

test('a service\'s change log names the CIs, objectives and services added and removed', async () => {
  const x = await ci('gw-1');
  const y = await ci('gw-2');
  const z = await ci('gw-3');
  const svc = await ok(boss('POST', '/api/v1/services', { body: { name: 'Gateway', criticality: 2, cis: [x.id, y.id],
    objectives: ['Pay suppliers'] } }), 201);
  await ok(boss('PATCH', `/api/v1/services/${svc.id}`, { body: { cis: [y.id, z.id], objectives: ['Close the books'],
    depends_on: ['Ledger'] } }));
  const h = await ok(agent('GET', `/api/v1/services/${svc.id}/history`));
  assert.deepEqual(h.items.map((e) => e.action), ['create', 'update']);
  assert.deepEqual(h.items[0].changes.cis, { added: [{ id: x.id, name: 'gw-1' }, { id: y.id, name: 'gw-2' }], removed: [] });
  assert.deepEqual(h.items[1].changes.cis, { added: [{ id: z.id, name: 'gw-3' }], removed: [{ id: x.id, name: 'gw-1' }] });
  assert.deepEqual(h.items[1].changes.objectives, { added: ['Close the books'], removed: ['Pay suppliers'] });
  assert.deepEqual(h.items[1].changes.depends_on, { added: ['Ledger'], removed: [] });
  // The same list again changes nothing and says nothing about the links.
  await ok(boss('PATCH', `/api/v1/services/${svc.id}`, { body: { cis: [z.id, y.id] } }));
  const again = (await ok(agent('GET', `/api/v1/services/${svc.id}/history`))).items;
  assert.equal(again.length, 3);
  assert.equal(again[2].changes.cis, undefined);
});

test('a CI\'s history: fields from/to, attributes, relationships at both ends, paged, RFC 3339 times', async () => {
  const app = await ok(agent('POST', '/api/v1/cis', { body: { name: 'crm-app', class: 'application', environment: 'test' } }), 201);
  const db = await ci('crm-db');
  await ok(agent('PATCH', `/api/v1/cis/${app.id}`, { body: { environment: 'production', status: 'maintenance' } }));
  const rel = await ok(agent('POST', `/api/v1/cis/${app.id}/relations`, { body: { type: 'depends_on', to: db.id } }), 201);
  assert.equal((await agent('DELETE', `/api/v1/relations/${rel.id}`)).status, 204);
  const h = await ok(agent('GET', `/api/v1/cis/${app.id}/history`));
  assert.deepEqual(h.items.map((e) => [e.action, e.actor]), [['create', 'agent1'], ['update', 'agent1'], ['relate', 'agent1'], ['unrelate', 'agent1']]);
  assert.deepEqual(h.items[1].changes.environment, { from: 'test', to: 'production' });
  assert.deepEqual(h.items[1].changes.status, { from: 'in_service', to: 'maintenance' });
  const link = { relation: { to: rel.id }, type: { to: 'depends_on' }, from: { to: app.id }, from_name: { to: 'crm-app' },
    to: { to: db.id }, to_name: { to: 'crm-db' } };
  assert.deepEqual(h.items[2].changes, link);
  assert.deepEqual(h.items[3].changes, link);
  for (const e of h.items) assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // The other end sees the relationship too.
  const other = await ok(agent('GET', `/api/v1/cis/${db.id}/history`));
  assert.deepEqual(other.items.map((e) => e.action), ['create', 'relate', 'unrelate']);
  assert.deepEqual(other.items[1].changes, link);
  // Pages.
  const p1 = await ok(agent('GET', `/api/v1/cis/${app.id}/history?limit=3`));
  assert.deepEqual(p1.items.map((e) => e.action), ['create', 'update', 'relate']);
  assert.ok(p1.next_cursor);
  const p2 = await ok(agent('GET', `/api/v1/cis/${app.id}/history?limit=3&cursor=${p1.next_cursor}`));
  assert.deepEqual(p2.items.map((e) => e.action), ['unrelate']);
  assert.equal(p2.next_cursor ?? null, null);
  // A cursor of another list, a CI that does not exist, and who may read.
  const svcPage = await ok(eu('GET', '/api/v1/services?limit=1'));
  assert.equal((await agent('GET', `/api/v1/cis/${app.id}/history?cursor=${svcPage.next_cursor}`)).status, 400);
  assert.equal((await agent('GET', '/api/v1/cis/999999/history')).status, 404);
  assert.equal((await agent('GET', '/api/v1/cis/abc/history')).status, 404);
  assert.equal((await agent('GET', `/api/v1/cis/${app.id}/history?limit=0`)).status, 400);
  assert.equal((await agent('GET', `/api/v1/cis/${app.id}/history?since=1`)).status, 400);
  assert.equal((await eu('GET', `/api/v1/cis/${app.id}/history`)).status, 403);
});

test('the named records have the same history route: objectives, SLA policies, calendars, rules and categories', async () => {
  const obj = await ok(boss('POST', '/api/v1/objectives', { body: { name: 'Keep customers', target: '90%' } }), 201);
  await ok(boss('PATCH', `/api/v1/objectives/${obj.id}`, { body: { target: '95%' } }));
  const oh = await ok(agent('GET', `/api/v1/objectives/${obj.id}/history`));
  assert.deepEqual(oh.items.map((e) => e.action), ['create', 'update']);
  assert.equal((await eu('GET', `/api/v1/objectives/${obj.id}/history`)).status, 403, 'end users read the portfolio, not its history');
  assert.equal((await agent('GET', '/api/v1/objectives/999999/history')).status, 404);

  await ok(admin('PATCH', '/api/v1/sla-policies/P4 low', { body: { resolution_seconds: 150000 } }));
  const ph = await ok(agent('GET', `/api/v1/sla-policies/${encodeURIComponent('P4 low')}/history`));
  assert.deepEqual(ph.items.at(-1).changes.resolution_seconds, { from: 144000, to: 150000 });
  assert.equal((await agent('GET', '/api/v1/sla-policies/Nope/history')).status, 404);

  await ok(admin('PATCH', '/api/v1/calendars/24x7', { body: { timezone: 'Europe/London' } }));
  const ch = await ok(agent('GET', '/api/v1/calendars/24x7/history'));
  assert.deepEqual(ch.items.at(-1).changes.timezone, { from: 'UTC', to: 'Europe/London' });

  await ok(admin('POST', '/api/v1/groups', { body: { name: 'Infra', members: ['agent1'] } }), 201);
  await ok(admin('POST', '/api/v1/assignment-rules', { body: { name: 'to infra', match_keywords: ['disk'], assignment_group: 'Infra' } }), 201);
  await ok(admin('PATCH', '/api/v1/assignment-rules/to infra', { body: { active: false } }));
  const ah = await ok(agent('GET', `/api/v1/assignment-rules/${encodeURIComponent('to infra')}/history`));
  assert.deepEqual(ah.items.map((e) => [e.action, e.actor]), [['create', 'admin'], ['update', 'admin']]);
  assert.deepEqual(ah.items[1].changes.active, { from: 'true', to: 'false' });
  assert.equal((await eu('GET', `/api/v1/assignment-rules/${encodeURIComponent('to infra')}/history`)).status, 403);
  const cat = await ok(admin('POST', '/api/v1/categories', { body: { name: 'Hardware' } }), 201);
  await ok(admin('PATCH', `/api/v1/categories/${cat.id}`, { body: { active: false } }));
  const kh = await ok(agent('GET', `/api/v1/categories/${cat.id}/history`));
  assert.deepEqual(kh.items.map((e) => e.action), ['create', 'deactivate']);
  assert.equal((await agent('GET', '/api/v1/categories/999999/history')).status, 404);
  assert.equal((await eu('GET', `/api/v1/categories/${cat.id}/history`)).status, 403);
});

test('a CI and a service list their incidents, open ones and the most recent, newest first', async () => {
  const box = await ci('mail-box');
  const spare = await ci('mail-spare');
  const mail = await ok(boss('POST', '/api/v1/services', { body: { name: 'Mail', criticality: 2, cis: [box.id] } }), 201);
  const raise = async (title, extra = {}) => (await ok(agent('POST', '/api/v1/incidents', { body: { title, service: 'Mail', ci: box.id, ...extra } }), 201)).number;
  const a = await raise('mail slow');
  const b = await raise('mail down');
  const c = await raise('mail bounced');
  const other = (await ok(agent('POST', '/api/v1/incidents', { body: { title: 'spare disk', ci: spare.id } }), 201)).number;
  await ok(agent('POST', `/api/v1/incidents/${b}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'restarted' } }));

  const onCi = await ok(agent('GET', `/api/v1/cis/${box.id}/incidents`));
  assert.deepEqual(onCi.items.map((i) => i.number), [c, b, a]);
  assert.deepEqual(onCi.items.map((i) => i.state), ['new', 'resolved', 'new']);
  const open = await ok(agent('GET', `/api/v1/cis/${box.id}/incidents?open=true`));
  assert.deepEqual(open.items.map((i) => i.number), [c, a]);
  assert.deepEqual((await ok(agent('GET', `/api/v1/cis/${spare.id}/incidents`))).items.map((i) => i.number), [other]);
  const onSvc = await ok(agent('GET', `/api/v1/services/${mail.id}/incidents?open=true`));
  assert.deepEqual(onSvc.items.map((i) => [i.number, i.service]), [[c, 'Mail'], [a, 'Mail']]);
  // pages, newest first
  const p1 = await ok(agent('GET', `/api/v1/services/${mail.id}/incidents?limit=2`));
  assert.deepEqual(p1.items.map((i) => i.number), [c, b]);
  const p2 = await ok(agent('GET', `/api/v1/services/${mail.id}/incidents?limit=2&cursor=${encodeURIComponent(p1.next_cursor)}`));
  assert.deepEqual(p2.items.map((i) => i.number), [a]);
  assert.equal(p2.next_cursor ?? null, null);
  // a cursor of the CI's list is not the service's
  const c1 = await ok(agent('GET', `/api/v1/cis/${box.id}/incidents?limit=1`));
  assert.equal((await agent('GET', `/api/v1/services/${mail.id}/incidents?cursor=${encodeURIComponent(c1.next_cursor)}`)).status, 400);
  assert.equal((await agent('GET', `/api/v1/cis/${box.id}/incidents?open=maybe`)).status, 400);
  assert.equal((await agent('GET', '/api/v1/cis/999999/incidents')).status, 404);
  assert.equal((await agent('GET', '/api/v1/services/999999/incidents')).status, 404);
  assert.equal((await eu('GET', `/api/v1/services/${mail.id}/incidents`)).status, 403);
  assert.equal((await eu('GET', `/api/v1/cis/${box.id}/incidents`)).status, 403);
});

test('a CI as of a date: its fields and attributes as they were, from its history', async () => {
  const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const before_ = iso(Date.now() - 5000);
  const srv = await ok(agent('POST', '/api/v1/cis', { body: { name: 'hist-srv', class: 'server', environment: 'test',
    attributes: { hostname: 'hist-srv.example.org', cpu_count: 4, virtual: true, os: 'Debian 11' } } }), 201);
  await sleep(1100);
  const t1 = iso(Date.now());
  await sleep(1100);
  await ok(agent('PATCH', `/api/v1/cis/${srv.id}`, { body: { environment: 'production', status: 'maintenance',
    attributes: { cpu_count: 8, virtual: false, os: null, memory_gb: 32 } } }));
  const now = await ok(agent('GET', `/api/v1/cis/${srv.id}`));
  assert.deepEqual(now.attributes, { hostname: 'hist-srv.example.org', cpu_count: 8, virtual: false, memory_gb: 32 });

  const then = await ok(agent('GET', `/api/v1/cis/${srv.id}?as_of=${t1}`));
  assert.deepEqual([then.name, then.class, then.environment, then.status, then.version],
    ['hist-srv', 'server', 'test', 'in_service', 1]);
  assert.deepEqual(then.attributes, { hostname: 'hist-srv.example.org', cpu_count: 4, virtual: true, os: 'Debian 11' });
  assert.equal(then.updated_at, then.created_at);
  // as of now: the same as a plain read
  const same = await ok(agent('GET', `/api/v1/cis/${srv.id}?as_of=${iso(Date.now() + 1000)}`));
  assert.deepEqual({ ...same, attributes: undefined }, { ...now, attributes: undefined });
  assert.deepEqual(same.attributes, now.attributes);
  // before it existed, a bad time, a CI that is not there, and who may ask
  assert.equal((await agent('GET', `/api/v1/cis/${srv.id}?as_of=${before_}`)).status, 404);
  assert.equal((await agent('GET', `/api/v1/cis/${srv.id}?as_of=yesterday`)).status, 400);
  assert.equal((await agent('GET', `/api/v1/cis/${srv.id}?when=${t1}`)).status, 400);
  assert.equal((await agent('GET', `/api/v1/cis/999999?as_of=${t1}`)).status, 404);
  assert.equal((await eu('GET', `/api/v1/cis/${srv.id}?as_of=${t1}`)).status, 403);
});
