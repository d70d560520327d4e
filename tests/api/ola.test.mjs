// OLA clocks (issue #21, docs/sla.md#ola-clocks): while a ticket is
// assigned to a group an active OLA covers, a clock of the OLA's policy
// measures the group beside the SLA's clocks — started when the group gets
// the ticket, paused as the SLA's are, stopped at resolution, handed over
// (met or breached) when the ticket goes to another group, a new one when
// it comes back; warned and breached by the scheduler; reported per
// agreement and group.  Breach reasons on every kind with clocks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, until } from './lib.mjs';

let s, admin, boss, agent, eu;
const enc = encodeURIComponent;

before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }, { login: 'boss', role: 'manager' },
      { login: 'eu1', role: 'end_user' }],
    settings: { STEWARD_SCHEDULER_INTERVAL: '1s' },
  });
  admin = as(s, 'admin');
  boss = as(s, 'boss');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  for (const [name, members] of [['Network', ['agent1']], ['Servers', ['agent2']], ['Facilities', ['agent2']]])
    assert.equal((await admin('POST', '/api/v1/groups', { body: { name, members } })).status, 201);
  const ola = async (name, group, policy, seconds, extra = {}) => {
    const a = await boss('POST', '/api/v1/agreements', { body: { name, type: 'ola', status: 'active', group, target_compliance: 90, amber_percent: 50, ...extra } });
    assert.equal(a.status, 201, a.text);
    const p = await admin('POST', '/api/v1/sla-policies', { body: { name: policy, position: 1, calendar: '24x7', resolution_seconds: seconds, agreement: name } });
    assert.equal(p.status, 201, p.text);
  };
  await ola('Network OLA', 'Network', 'Network fix', 3600);
  await ola('Servers OLA', 'Servers', 'Servers fix', 2);
  // a draft OLA runs no clock
  await ola('Facilities OLA', 'Facilities', 'Facilities fix', 3600, { status: 'draft' });
});
after(async () => { await s.cleanup(); });

const raise = async (body = {}) => {
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'link down', requester: 'eu1', impact: 3, urgency: 3, ...body } });
  assert.equal(r.status, 201, r.text);
  return r.json.number;
};
const get = async (n, kind = 'incidents') => (await agent('GET', `/api/v1/${kind}/${n}`)).json;
const olas = async (n, kind = 'incidents') => (await get(n, kind)).sla.filter((k) => k.metric === 'ola');
const reassign = async (n, group, kind = 'incidents') => {
  const t = await get(n, kind);
  const r = await agent('PATCH', `/api/v1/${kind}/${n}`, { body: { assignment_group: group, assignee: null }, headers: { 'If-Match': String(t.version) } });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('a ticket assigned to an OLA group runs an OLA clock beside the SLA clocks; none without one', async () => {
  const n = await raise({ assignment_group: 'Network' });
  const inc = await get(n);
  assert.deepEqual(inc.sla.map((k) => k.metric), ['response', 'resolution', 'ola']);
  const [k] = inc.sla.filter((x) => x.metric === 'ola');
  assert.equal(k.group, 'Network');
  assert.equal(k.policy, 'Network fix');
  assert.equal(k.agreement, 'Network OLA');
  assert.equal(k.agreement_version, 1);
  assert.equal(k.target, 3600);
  assert.equal(k.state, 'running');
  assert.equal(k.handed_over, false);
  assert.equal(typeof k.id, 'number');
  // the SLA's own clocks name no group
  assert.ok(inc.sla.filter((x) => x.metric !== 'ola').every((x) => x.group === null && x.handed_over === false));
  // OLA policies never start the SLA's clocks
  assert.ok(inc.sla.filter((x) => x.metric !== 'ola').every((x) => x.policy !== 'Network fix'));
  assert.deepEqual(await olas(await raise()), []);
  assert.deepEqual(await olas(await raise({ assignment_group: 'Facilities' })), []);
  const h = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items.find((e) => e.action === 'ola_start');
  assert.deepEqual([h.changes.group, h.changes.policy, h.changes.ola_seconds], [{ to: 'Network' }, { to: 'Network fix' }, { to: 3600 }]);
  assert.equal((await eu('GET', `/api/v1/incidents/${n}/history`)).json.items.some((e) => e.action === 'ola_start'), false);
  assert.equal((await eu('GET', `/api/v1/incidents/${n}`)).json.sla, undefined);
});

test('hand-over stops the clock (met within target), the new group gets its own, a breach is marked, coming back starts anew', async () => {
  const n = await raise({ assignment_group: 'Network' });
  const t = await get(n);
  const moved = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { assignment_group: 'Servers', assignee: 'agent2' }, headers: { 'If-Match': String(t.version) } });
  assert.equal(moved.status, 200, moved.text);
  let ks = await olas(n);
  assert.deepEqual(ks.map((k) => [k.group, k.state, k.handed_over, k.breached]), [['Network', 'stopped', true, false], ['Servers', 'running', false, false]]);
  const h = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items.find((e) => e.action === 'ola_handover');
  assert.deepEqual([h.changes.group, h.changes.outcome], [{ to: 'Network' }, { to: 'met' }]);
  // Servers has two seconds: the scheduler marks the breach like an SLA clock's
  ks = await until('the OLA breach', async () => {
    const x = (await olas(n)).find((k) => k.group === 'Servers');
    return x.breached_at ? [x] : null;
  });
  assert.equal(ks[0].breached, true);
  const marks = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items.filter((e) => e.action === 'sla_breach');
  assert.deepEqual(marks.map((e) => [e.changes.metric, e.changes.group]), [[{ to: 'ola' }, { to: 'Servers' }]]);
  // the SLA breach notification names the OLA and its group (the rule: the assignee)
  const told = await until('the breach notification', async () => (await as(s, 'agent2')('GET', '/api/v1/me/notifications')).json.items.find((x) => x.event === 'sla_breach' && x.ticket === n));
  assert.match(told.body, /The OLA \(Servers\) target of/);
  // on hold awaiting the caller it pauses as the SLA's clocks do
  const back = await reassign(n, 'Network');
  ks = await olas(n);
  assert.deepEqual(ks.map((k) => [k.group, k.state, k.handed_over]), [['Network', 'stopped', true], ['Servers', 'stopped', true], ['Network', 'running', false]]);
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/hold`, { body: { reason: 'awaiting_caller' }, headers: { 'If-Match': String(back.version) } })).status, 200);
  assert.equal((await olas(n))[2].state, 'paused');
  const held = await get(n);
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/start`, { body: {}, headers: { 'If-Match': String(held.version) } })).status, 200);
  assert.equal((await olas(n))[2].state, 'running');
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'ok' } })).status, 200);
  ks = await olas(n);
  assert.deepEqual(ks.map((k) => [k.group, k.state, k.handed_over, k.breached]), [['Network', 'stopped', true, false], ['Servers', 'stopped', true, true], ['Network', 'stopped', false, false]]);

  // the breach reason of an OLA clock: by its id ("ola": the latest)
  const servers = ks[1];
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/sla/ola/breach-reason`, { body: { reason: 'misrouted' } })).status, 409);
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/sla/999999/breach-reason`, { body: { reason: 'misrouted' } })).status, 404);
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/sla/0/breach-reason`, { body: { reason: 'misrouted' } })).status, 404);
  // nothing set (not a whole-database fingerprint: the scheduler marks other tickets' clocks meanwhile)
  assert.ok((await olas(n)).every((k) => k.breach_reason === null));
  assert.deepEqual((await agent('GET', `/api/v1/incidents/${n}/history`)).json.items.filter((e) => e.action === 'sla_breach_reason'), []);
  const r = await agent('POST', `/api/v1/incidents/${n}/sla/${servers.id}/breach-reason`, { body: { reason: 'misrouted' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.metric, r.json.group, r.json.breach_reason], ['ola', 'Servers', 'misrouted']);
  const e = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items.find((x) => x.action === 'sla_breach_reason');
  assert.deepEqual([e.changes.metric, e.changes.group, e.changes.breach_reason], [{ to: 'ola' }, { to: 'Servers' }, { from: null, to: 'misrouted' }]);

  // the SLA report by agreement: an OLA's compliance per group
  const today = new Date().toISOString().slice(0, 10);
  const rep = await agent('GET', `/api/v1/reports/incidents/sla?from=${today}&to=${today}&tz=UTC&by=agreement`);
  assert.equal(rep.status, 200, rep.text);
  const rows = rep.json.rows.filter((x) => x.metric === 'ola').map((x) => [x.key, x.group, x.met, x.breached, x.rag]);
  assert.deepEqual(rows.filter((x) => x[0] === 'Servers OLA'), [['Servers OLA', 'Servers', 0, 1, 'red']]);
  const net = rows.find((x) => x[0] === 'Network OLA');
  assert.deepEqual([net[1], net[3], net[4]], ['Network', 0, 'green']);
  assert.ok(net[2] >= 2, JSON.stringify(rows));
  assert.ok(rep.json.breaches.some((b) => b.number === n && b.metric === 'ola' && b.assignment_group === 'Servers' && b.breach_reason === 'misrouted'), JSON.stringify(rep.json.breaches));
  const csv = (await agent('GET', `/api/v1/reports/incidents/sla?from=${today}&to=${today}&tz=UTC&by=agreement&format=csv`)).text.trim().split('\r\n');
  assert.equal(csv[0], 'agreement,metric,met,breached,compliance,target_compliance,rag,group');
  assert.ok(csv.includes('Servers OLA,ola,0,1,0.000,90,red,Servers'), csv.join('\n'));
  const byGroup = await agent('GET', `/api/v1/reports/incidents/sla?from=${today}&to=${today}&tz=UTC&by=assignment_group`);
  assert.ok(byGroup.json.rows.some((x) => x.key === 'Servers' && x.metric === 'ola' && x.breached === 1), JSON.stringify(byGroup.json.rows));
});

test('OLA clocks and breach reasons on other kinds: problems', async () => {
  assert.equal((await admin('POST', '/api/v1/sla-policies', { body: { name: 'Problem quick', position: 1, match_kind: 'problem', calendar: '24x7', resolution_seconds: 1 } })).status, 201);
  const p = await agent('POST', '/api/v1/problems', { body: { title: 'Disk fills every night', impact: 2, urgency: 2, assignment_group: 'Network' } });
  assert.equal(p.status, 201, p.text);
  const n = p.json.number;
  const ks = await olas(n, 'problems');
  assert.deepEqual(ks.map((k) => [k.group, k.policy, k.state]), [['Network', 'Network fix', 'running']]);
  const path = (m) => `/api/v1/problems/${n}/sla/${m}/breach-reason`;
  await until('the problem breach', async () => (await get(n, 'problems')).sla.find((k) => k.metric === 'resolution')?.breached);
  assert.deepEqual(fieldsOf(await agent('POST', path('resolution'), { body: { reason: 'bad_luck' } })), ['reason']);
  assert.equal((await agent('POST', path('ola'), { body: { reason: 'workload' } })).status, 409);
  assert.equal((await agent('POST', path('reply'), { body: { reason: 'workload' } })).status, 404);
  assert.equal((await eu('POST', path('resolution'), { body: { reason: 'workload' } })).status, 403);
  // nothing was set (not a whole-database fingerprint: the scheduler may mark the OLA clock meanwhile)
  assert.ok((await get(n, 'problems')).sla.every((k) => k.breach_reason === null || k.breach_reason === undefined));
  assert.deepEqual((await agent('GET', `/api/v1/problems/${n}/history`)).json.items.filter((e) => e.action === 'sla_breach_reason'), []);
  const r = await agent('POST', path('resolution'), { body: { reason: 'workload' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.metric, r.json.policy, r.json.breach_reason], ['resolution', 'Problem quick', 'workload']);
  assert.equal((await get(n, 'problems')).sla.find((k) => k.metric === 'resolution').breach_reason, 'workload');
  const h = (await agent('GET', `/api/v1/problems/${n}/history`)).json.items.filter((e) => e.action === 'sla_breach_reason');
  assert.deepEqual(h.map((e) => e.changes.breach_reason), [{ from: null, to: 'workload' }]);
});

test('escalation rules take no ola metric (a rule without one applies to OLA clocks)', async () => {
  const r = await admin('POST', '/api/v1/escalation-rules', { body: { name: 'ola esc', position: 1, event: 'breach', match_metric: 'ola', action: 'raise_priority' } });
  assert.deepEqual(fieldsOf(r), ['match_metric']);
});

test('an OLA agreement whose group changes measures the new group from its next assignment', async () => {
  assert.equal((await boss('PATCH', `/api/v1/agreements/${enc('Network OLA')}`, { body: { status: 'retired' } })).status, 200);
  assert.deepEqual(await olas(await raise({ assignment_group: 'Network' })), []);
  assert.equal((await boss('PATCH', `/api/v1/agreements/${enc('Network OLA')}`, { body: { status: 'active' } })).status, 200);
  const ks = await olas(await raise({ assignment_group: 'Network' }));
  assert.deepEqual(ks.map((k) => [k.group, k.agreement_version]), [['Network', 3]]);
});

test("a service's availability leaves out the approved windows of changes that expected an outage and kept to them", async () => {
  const shop = (await admin('POST', '/api/v1/services', { body: { name: 'Shop', criticality: 2 } })).json;
  const avail = async (q = '') => {
    const r = await agent('GET', `/api/v1/services/${shop.id}/availability?from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z${q}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  // down 10:00-14:00 UTC
  assert.equal((await agent('POST', '/api/v1/incidents', { body: { title: 'shop down', service: 'Shop',
    outage_start: '2026-11-02T10:00:00Z', outage_end: '2026-11-02T14:00:00Z' } })).status, 201);
  const change = async (title, from, to, actualFrom, actualTo, outage = true, state = 'review') => {
    const c = await agent('POST', '/api/v1/changes', { body: { title, type: 'standard', service: 'Shop', implementation_plan: 'do it',
      outage_expected: outage, planned_start: `2026-11-02T${from}:00Z`, planned_end: `2026-11-02T${to}:00Z`,
      actual_start: `2026-11-02T${actualFrom}:00Z`, actual_end: `2026-11-02T${actualTo}:00Z` } });
    assert.equal(c.status, 201, c.text);
    for (const [a, body] of [['schedule'], ['implement'], ['complete', { resolution_code: 'successful', resolution_notes: 'ok' }]].slice(0, state === 'review' ? 3 : 1)) {
      const r = await agent('POST', `/api/v1/changes/${c.json.number}/${a}`, { body: body || {} });
      assert.equal(r.status, 200, `${a}: ${r.text}`);
    }
    return c.json.number;
  };
  // within its window 11:00-12:00: planned
  const kept = await change('Shop upgrade', '11:00', '12:00', '11:05', '11:50');
  // ran over its window, expected no outage, or not implemented yet: not planned
  await change('Shop patch', '13:00', '13:30', '13:00', '13:45');
  await change('Shop config', '10:00', '10:30', '10:00', '10:20', false);
  await change('Shop later', '12:00', '12:30', '12:00', '12:20', true, 'scheduled');
  const pick = (a) => [a.period_seconds, a.downtime_seconds, a.planned_downtime_seconds, a.maintenance_seconds, a.maintenance_excluded];
  const all = await avail();
  assert.deepEqual(pick(all), [86400, 14400, 0, 0, false]);
  assert.deepEqual(all.planned_changes, []);
  const ex = await avail('&maintenance=exclude');
  assert.deepEqual(pick(ex), [82800, 10800, 3600, 3600, true]);
  assert.deepEqual(ex.planned_changes, [{ change: kept, start: '2026-11-02T11:00:00Z', end: '2026-11-02T12:00:00Z' }]);
  assert.equal(ex.availability, 86.956);
  assert.equal(ex.mtrs_seconds, 10800);
});
