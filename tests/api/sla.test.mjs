// SLA policies, business calendars and the clocks on incidents: targets
// from the first matching policy, measured on its calendar; clocks pause on
// hold awaiting the caller, stop at resolution (and the response clock at
// the first response), restart on reopen, follow a change of priority; the
// scheduler marks warnings and breaches once and runs escalation rules;
// resolved incidents close after the confirmation period; end users may
// reopen only within the reopen window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startTwin, as, fieldsOf, fingerprint } from './lib.mjs';

let s, admin, agent, eu, vip;
before(async () => {
  s = await startServer({
    users: [{ login: 'desk1', role: 'agent' }, { login: 'eu1', role: 'end_user' }, { login: 'vip1', role: 'end_user' },
      { login: 'fast1', role: 'end_user' }, { login: 'hol1', role: 'end_user' }, { login: 'boss', role: 'manager' }],
    settings: { STEWARD_SCHEDULER_INTERVAL: '1s', STEWARD_REOPEN_WINDOW: '3s', STEWARD_AUTO_CLOSE_AFTER: '0s' },
  });
  admin = as(s, 'admin');
  agent = as(s, 'desk1');
  eu = as(s, 'eu1');
  vip = as(s, 'vip1');
  for (const [name, members, manager] of [['Desk', ['desk1'], 'boss'], ['Tier2', ['desk1'], null], ['VIP', ['vip1'], null],
    ['Fast', ['fast1'], null], ['Holiday', ['hol1'], null]]) {
    const g = await admin('POST', '/api/v1/groups', { body: { name, members, manager } });
    assert.equal(g.status, 201, JSON.stringify(g.json));
  }
});
after(async () => { await s.cleanup(); });

const secs = (iso) => Date.parse(iso) / 1000;
const clock = (inc, metric) => inc.sla.find((k) => k.metric === metric);
const get = async (n) => (await agent('GET', `/api/v1/incidents/${n}`)).json;
const act = async (n, action, body = {}) => {
  const r = await agent('POST', `/api/v1/incidents/${n}/${action}`, { body });
  assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.json)}`);
  return r.json;
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

test('steward init ships a 24x7 and a business-hours calendar and one policy per priority', async () => {
  const cals = await agent('GET', '/api/v1/calendars');
  assert.deepEqual(cals.json.items.map((c) => [c.name, c.timezone, c.hours]),
    [['24x7', 'UTC', '24x7'], ['Business hours', 'UTC', 'mon-fri 09:00-17:00']]);
  const pols = await agent('GET', '/api/v1/sla-policies');
  assert.deepEqual(pols.json.items.map((p) => [p.name, p.match_priority, p.calendar, p.response_seconds, p.resolution_seconds]), [
    ['P1 critical', 1, '24x7', 900, 14400], ['P2 high', 2, '24x7', 1800, 28800],
    ['P3 moderate', 3, 'Business hours', 14400, 86400], ['P4 low', 4, 'Business hours', 28800, 144000],
    ['P5 planning', 5, 'Business hours', 57600, 288000]]);
  assert.equal((await eu('GET', '/api/v1/sla-policies')).status, 403);
  assert.equal((await eu('GET', '/api/v1/calendars')).status, 403);
});

test('a new incident gets the clocks of the first matching policy; end users do not see them', async () => {
  const r = await eu('POST', '/api/v1/incidents', { body: { title: 'all down', impact: 1, urgency: 1 } });
  assert.equal(r.status, 201);
  assert.equal(r.json.sla, undefined, 'no SLA data for the caller');
  const inc = await get(r.json.number);
  const created = secs(inc.created_at);
  assert.deepEqual(inc.sla.map((k) => [k.metric, k.policy, k.calendar, k.target, k.state, k.paused, k.breached]), [
    ['response', 'P1 critical', '24x7', 900, 'running', false, false],
    ['resolution', 'P1 critical', '24x7', 14400, 'running', false, false]]);
  assert.equal(secs(clock(inc, 'response').due_at), created + 900);
  assert.equal(secs(clock(inc, 'resolution').due_at), created + 14400);
  const k = clock(inc, 'response');
  assert.ok(k.elapsed >= 0 && k.elapsed <= 2, `elapsed ${k.elapsed}`);
  assert.equal(k.remaining, 900 - k.elapsed);
  assert.equal((await eu('GET', `/api/v1/incidents/${r.json.number}`)).json.sla, undefined);
  const list = await agent('GET', '/api/v1/incidents');
  assert.equal(list.json.items[0].sla, undefined, 'lists stay lean');
});

test('clocks pause on hold awaiting the caller, stop at the first response and at resolution, restart on reopen', async () => {
  const n = (await eu('POST', '/api/v1/incidents', { body: { title: 'slow', impact: 2, urgency: 1 } })).json.number;
  let inc = await act(n, 'hold', { reason: 'awaiting_vendor' });
  assert.equal(clock(inc, 'response').state, 'running', 'waiting for a vendor does not stop the clock');
  inc = await act(n, 'start');
  inc = await act(n, 'hold', { reason: 'awaiting_caller' });
  for (const m of ['response', 'resolution']) {
    assert.equal(clock(inc, m).state, 'paused', m);
    assert.equal(clock(inc, m).paused, true);
    assert.equal(clock(inc, m).due_at, null, 'a paused clock has no due time');
  }
  const banked = clock(inc, 'resolution').elapsed;
  await sleep(1100);
  inc = await get(n);
  assert.equal(clock(inc, 'resolution').elapsed, banked, 'no time passes while paused');
  inc = await act(n, 'start');
  const now = Date.now() / 1000;
  const res = clock(inc, 'resolution');
  assert.equal(res.state, 'running');
  assert.ok(Math.abs(secs(res.due_at) - (now + 28800 - res.elapsed)) <= 2, 'due again, less what was used');
  const reply = await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'On it.' } });
  assert.equal(reply.status, 201);
  inc = await get(n);
  assert.equal(clock(inc, 'response').state, 'stopped', 'the first public reply stops the response clock');
  assert.equal(clock(inc, 'resolution').state, 'running');
  inc = await act(n, 'resolve', { resolution_code: 'fixed', resolution_notes: 'ok' });
  assert.equal(clock(inc, 'resolution').state, 'stopped');
  const atResolve = clock(inc, 'resolution').elapsed;
  await sleep(1100);
  inc = await act(n, 'reopen', { reason: 'still slow' });
  assert.equal(clock(inc, 'resolution').state, 'running');
  assert.ok(clock(inc, 'resolution').elapsed >= atResolve && clock(inc, 'resolution').elapsed <= atResolve + 1,
    'elapsed time survives the restart, the time resolved does not count');
  assert.equal(clock(inc, 'response').state, 'stopped', 'the response was given already');
});

test('a change of priority moves the clocks to the new policy, keeping elapsed time, and is audited', async () => {
  const n = (await eu('POST', '/api/v1/incidents', { body: { title: 'minor', impact: 3, urgency: 3 } })).json.number;
  let inc = await get(n);
  assert.equal(clock(inc, 'resolution').policy, 'P5 planning');
  assert.equal(clock(inc, 'resolution').calendar, 'Business hours');
  const r = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { impact: 1, urgency: 1 }, headers: { 'If-Match': String(inc.version) } });
  assert.equal(r.status, 200);
  inc = r.json;
  assert.equal(inc.priority, 1);
  assert.deepEqual(inc.sla.map((k) => [k.metric, k.policy, k.calendar, k.target]),
    [['response', 'P1 critical', '24x7', 900], ['resolution', 'P1 critical', '24x7', 14400]]);
  const due = secs(clock(inc, 'response').due_at);
  assert.ok(Math.abs(due - (Date.now() / 1000 + 900 - clock(inc, 'response').elapsed)) <= 2);
  const h = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items;
  assert.deepEqual(h.filter((e) => e.action === 'sla_policy').map((e) => [e.changes.policy, e.changes.response_seconds, e.changes.resolution_seconds]),
    [[{ from: 'P5 planning', to: 'P1 critical' }, { to: 900 }, { to: 14400 }]]);
  const eh = (await eu('GET', `/api/v1/incidents/${n}/history`)).json.items;
  assert.ok(!eh.some((e) => e.action.startsWith('sla')), 'SLA bookkeeping is not shown to the caller');
});

test('policies: conditions on the requester\'s group; validation; a policy switched off no longer applies', async () => {
  const p = await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'VIP', position: 1, match_group: 'VIP', calendar: '24x7', resolution_seconds: 3600 } });
  assert.equal(p.status, 201, JSON.stringify(p.json));
  assert.equal(p.headers.get('location'), '/api/v1/sla-policies/VIP');
  assert.deepEqual([p.json.match_group, p.json.response_seconds, p.json.match_kind, p.json.active], ['VIP', null, null, true]);
  const n = (await vip('POST', '/api/v1/incidents', { body: { title: 'printer' } })).json.number;
  assert.deepEqual((await get(n)).sla.map((k) => [k.metric, k.policy, k.target]), [['resolution', 'VIP', 3600]]);
  const before_ = fingerprint(s);
  const bad = async (body, fields, status = 422) => {
    const r = await admin('POST', '/api/v1/sla-policies', { body });
    assert.equal(r.status, status, JSON.stringify(body));
    if (fields) assert.deepEqual(fieldsOf(r), fields);
  };
  await bad({ name: 'x' }, ['calendar', 'resolution_seconds']);
  await bad({ name: 'x', calendar: 'nope', response_seconds: 60 }, ['calendar']);
  await bad({ name: 'x', calendar: '24x7' }, ['resolution_seconds']);
  await bad({ name: 'x', calendar: '24x7', response_seconds: -1 }, ['response_seconds']);
  await bad({ name: 'x', calendar: '24x7', response_seconds: 60, match_priority: 9, match_kind: 'gremlin', position: -5 },
    ['match_kind', 'match_priority', 'position']);
  await bad({ name: 'x', calendar: '24x7', response_seconds: 60, match_group: 'Nope' }, ['match_group']);
  await bad({ name: 'VIP', calendar: '24x7', response_seconds: 60 }, null, 409);
  assert.equal(fingerprint(s), before_);
  assert.equal((await agent('POST', '/api/v1/sla-policies', { body: { name: 'y', calendar: '24x7', response_seconds: 1 } })).status, 403);
  assert.deepEqual(fieldsOf(await admin('PATCH', '/api/v1/sla-policies/VIP', { body: { name: 'other' } })), ['name']);
  const off = await admin('PATCH', '/api/v1/sla-policies/VIP', { body: { active: false } });
  assert.equal(off.status, 200);
  assert.equal(off.json.active, false);
  const m = (await vip('POST', '/api/v1/incidents', { body: { title: 'printer again' } })).json.number;
  assert.equal(clock(await get(m), 'resolution').policy, 'P5 planning');
  const p1 = await admin('PATCH', '/api/v1/sla-policies/P1 critical', { body: { active: false } });
  assert.equal(p1.status, 200);
  const none = (await eu('POST', '/api/v1/incidents', { body: { title: 'no policy', impact: 1, urgency: 1 } })).json.number;
  assert.deepEqual((await get(none)).sla, [], 'no policy matches: no clocks');
  assert.equal((await admin('PATCH', '/api/v1/sla-policies/P1 critical', { body: { active: true } })).status, 200);
});

test('calendars: validated; holidays and hours move due times, also of running clocks', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  const before_ = fingerprint(s);
  const bad = async (body, fields, status = 422) => {
    const r = await admin('POST', '/api/v1/calendars', { body });
    assert.equal(r.status, status, JSON.stringify(body));
    if (fields) assert.deepEqual(fieldsOf(r), fields);
  };
  await bad({ name: 'x', timezone: 'Mars/Olympus', hours: '24x7' }, ['timezone']);
  await bad({ name: 'x', timezone: '../../etc/passwd', hours: '24x7' }, ['timezone']);
  await bad({ name: 'x', hours: 'mon-fri 25:00-26:00' }, ['hours']);
  await bad({ name: 'x', hours: 'someday 09:00-17:00' }, ['hours']);
  await bad({ name: 'x' }, ['hours']);
  await bad({ name: 'x', hours: '24x7', holidays: ['2026-02-30', 'xmas'] }, ['holidays[0]', 'holidays[1]']);
  await bad({ name: '24x7', hours: '24x7' }, null, 409);
  assert.equal(fingerprint(s), before_);
  const c = await admin('POST', '/api/v1/calendars', { body: {
    name: 'Every day but holidays', timezone: 'UTC', hours: 'mon-sun 00:00-24:00', holidays: [tomorrow, today, today] } });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  assert.deepEqual(c.json.holidays, [today, tomorrow], 'sorted, without duplicates');
  const london = await admin('POST', '/api/v1/calendars', { body: { name: 'London office', timezone: 'Europe/London', hours: 'mon-fri 09:00-17:30' } });
  assert.equal(london.status, 201);
  assert.equal((await agent('GET', '/api/v1/calendars/London office')).json.timezone, 'Europe/London');
  assert.equal((await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'Holiday', position: 2, match_group: 'Holiday', calendar: 'Every day but holidays', resolution_seconds: 3600 } })).status, 201);
  const n = (await as(s, 'hol1')('POST', '/api/v1/incidents', { body: { title: 'on a holiday' } })).json.number;
  let k = clock(await get(n), 'resolution');
  const dayAfter = Date.parse(`${tomorrow}T00:00:00Z`) / 1000 + 86400;
  assert.equal(secs(k.due_at), dayAfter + 3600, 'no business time today or tomorrow');
  assert.equal(k.elapsed, 0);
  const upd = await admin('PATCH', '/api/v1/calendars/Every day but holidays', { body: { holidays: [] } });
  assert.equal(upd.status, 200);
  k = clock(await get(n), 'resolution');
  assert.ok(Math.abs(secs(k.due_at) - (Date.now() / 1000 + 3600)) <= 2, 'the running clock was rescheduled');
  assert.deepEqual(fieldsOf(await admin('PATCH', '/api/v1/calendars/London office', { body: { hours: '' } })), ['hours']);
  assert.deepEqual(fieldsOf(await admin('PATCH', '/api/v1/calendars/London office', { body: { name: 'Paris' } })), ['name']);
  assert.equal((await agent('PATCH', '/api/v1/calendars/London office', { body: { hours: '24x7' } })).status, 403);
  assert.equal((await admin('PATCH', '/api/v1/calendars/Nowhere', { body: { hours: '24x7' } })).status, 404);
});

test('the scheduler marks warnings and breaches once and runs escalation rules', async () => {
  assert.equal((await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'Fast', position: 0, match_group: 'Fast', calendar: '24x7', response_seconds: 6, resolution_seconds: 3 } })).status, 201);
  const rules = [
    { name: 'tell the manager', event: 'warning', action: 'notify_manager' },
    { name: 'raise on response breach', position: 1, event: 'breach', match_metric: 'response', action: 'raise_priority' },
    { name: 'to tier 2', position: 2, event: 'breach', match_metric: 'resolution', action: 'reassign', group: 'Tier2' },
  ];
  for (const body of rules) {
    const r = await admin('POST', '/api/v1/escalation-rules', { body });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  }
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/escalation-rules', { body: { name: 'x', event: 'later', action: 'reassign' } })),
    ['event', 'group']);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/escalation-rules', { body: { name: 'x', event: 'breach', action: 'shout', match_metric: 'speed' } })),
    ['action', 'match_metric']);
  // a matching rule's place and priority are checked by the record engine, as for every such kind
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/escalation-rules', { body: {
    name: 'x', event: 'breach', action: 'notify_manager', position: 1000001, match_priority: -1 } })), ['match_priority', 'position']);
  assert.deepEqual((await agent('GET', '/api/v1/escalation-rules')).json.items.map((r) => r.name),
    ['tell the manager', 'raise on response breach', 'to tier 2']);
  const created = await as(s, 'fast1')('POST', '/api/v1/incidents', { body: { title: 'urgent', impact: 3, urgency: 3 } });
  const n = created.json.number;
  assert.equal(created.json.priority, 5);
  const r = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { assignment_group: 'Desk', assignee: 'desk1' }, headers: { 'If-Match': '1' } });
  assert.equal(r.status, 200);
  // assigning is the first response: the response clock stops before it can breach
  assert.equal(clock(r.json, 'response').state, 'stopped');
  const inc = await until('the resolution breach', async () => {
    const x = await get(n);
    return clock(x, 'resolution').breached_at ? x : null;
  });
  assert.equal(clock(inc, 'resolution').breached, true);
  assert.ok(clock(inc, 'resolution').warned_at, 'the warning came first');
  assert.equal(clock(inc, 'response').breached_at, null);
  assert.equal(inc.assignment_group, 'Tier2');
  assert.equal(inc.assignee, null, 'reassigning clears the assignee');
  assert.equal(inc.priority, 5, 'no response breach, no raise');
  const h = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items;
  const seen = h.filter((e) => e.action.startsWith('sla_') || e.action === 'escalation' || e.action === 'escalate')
    .map((e) => [e.action, e.actor, e.changes.metric?.to ?? e.changes.rule?.to ?? e.changes.assignment_group?.to ?? e.changes.policy?.to]);
  assert.deepEqual(seen, [
    ['sla_start', 'fast1', 'Fast'],
    ['sla_warning', null, 'resolution'], ['escalation', null, 'tell the manager'],
    ['sla_breach', null, 'resolution'], ['escalate', null, 'Tier2'], ['escalation', null, 'to tier 2']]);
  const manager = h.find((e) => e.action === 'escalation' && e.changes.rule.to === 'tell the manager');
  assert.equal(manager.changes.manager.to, 'boss');

  // a response breach raises the priority
  const m = (await as(s, 'fast1')('POST', '/api/v1/incidents', { body: { title: 'ignored', impact: 3, urgency: 3 } })).json.number;
  const raised = await until('the response breach', async () => {
    const x = await get(m);
    return clock(x, 'response').breached_at ? x : null;
  });
  assert.equal(raised.priority, 4);
  // the requester sees the new priority, not the rule or the SLA behind it
  const mine = (await as(s, 'fast1')('GET', `/api/v1/incidents/${m}`)).json;
  assert.equal(mine.priority, 4);
  assert.equal(mine.priority_reason, 'raised by the service desk');
  const theirs = (await as(s, 'fast1')('GET', `/api/v1/incidents/${m}/history`)).json.items;
  assert.ok(!theirs.some((e) => /^(sla_|escalat)/.test(e.action)), JSON.stringify(theirs.map((e) => e.action)));
  assert.ok(!JSON.stringify(theirs).includes('raise on response breach'));
  // the desk's history says which rule raised it, and the create what set it first
  const desk = (await agent('GET', `/api/v1/incidents/${m}/history`)).json.items;
  const bases = desk.filter((e) => e.changes.priority).map((e) => [e.action, e.changes.priority.to, e.changes.priority_basis?.to]);
  assert.deepEqual(bases, [
    ['create', 5, 'the priority matrix: impact 3, urgency 3'],
    ['escalate', 4, "escalated by 'raise on response breach': response SLA breach"],
  ]);

  // once, across restarts
  const count = async () => (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items
    .filter((e) => e.action.startsWith('sla_') || e.action.startsWith('escalat')).length;
  const before_ = await count();
  await s.restart();
  await sleep(2500);
  assert.equal(await count(), before_, 'nothing is marked or escalated twice');
});

test('two servers on one database: each warning, breach and escalation happens once', async () => {
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Twins', members: ['eu1'] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'Twin', position: 0, match_group: 'Twins', calendar: '24x7', resolution_seconds: 2 } })).status, 201);
  const twin = await startTwin(s, { STEWARD_SCHEDULER_INTERVAL: '1s' });
  try {
    const numbers = [];
    for (let i = 0; i < 20; i++) numbers.push((await eu('POST', '/api/v1/incidents', { body: { title: `twin ${i}` } })).json.number);
    for (const num of numbers) {
      await until(`the breach of ${num}`, async () => clock(await get(num), 'resolution').breached_at);
    }
    await sleep(2500); // both schedulers have had more passes
    for (const num of numbers) {
      const h = (await agent('GET', `/api/v1/incidents/${num}/history`)).json.items;
      const count = (action) => h.filter((e) => e.action === action).length;
      assert.deepEqual([count('sla_warning'), count('sla_breach'), count('escalate')], [1, 1, 1], num);
      assert.equal((await get(num)).assignment_group, 'Tier2');
    }
  } finally {
    assert.equal(await twin.stop(), 0);
  }
});

test('end users may reopen only within the reopen window; agents any time', async () => {
  const n = (await eu('POST', '/api/v1/incidents', { body: { title: 'window' } })).json.number;
  await act(n, 'resolve', { resolution_code: 'fixed', resolution_notes: 'ok' });
  const soon = await eu('POST', `/api/v1/incidents/${n}/reopen`, { body: {} });
  assert.equal(soon.status, 200);
  await act(n, 'resolve', { resolution_code: 'fixed', resolution_notes: 'ok again' });
  await sleep(4000);
  const before_ = fingerprint(s);
  const late = await eu('POST', `/api/v1/incidents/${n}/reopen`, { body: {} });
  assert.equal(late.status, 409);
  assert.equal(late.json.type, 'urn:steward:problem:reopen-window');
  assert.match(late.json.detail, /resolved more than 3 seconds ago/, 'the real window, not "0 days" (issue #21)');
  assert.equal(fingerprint(s), before_);
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/reopen`, { body: {} })).status, 200);
});

test('resolved incidents close by themselves after the confirmation period', async () => {
  const t = await startServer({ users: [{ login: 'a1', role: 'agent' }],
    settings: { STEWARD_SCHEDULER_INTERVAL: '1s', STEWARD_AUTO_CLOSE_AFTER: '2s' } });
  try {
    const a = as(t, 'a1');
    // a problem resolved first: no kind's auto-close, and it must not stop the pass for the incidents
    const p = (await a('POST', '/api/v1/problems', { body: { title: 'resolved, waits for its agent' } })).json.number;
    assert.equal((await a('POST', `/api/v1/problems/${p}/resolve`, { body: { resolution_code: 'permanent_fix', resolution_notes: 'x' } })).status, 200);
    await sleep(1100); // resolved a second before the incident: first in the pass's order
    const n = (await a('POST', '/api/v1/incidents', { body: { title: 'done soon' } })).json.number;
    const open = (await a('POST', '/api/v1/incidents', { body: { title: 'still open' } })).json.number;
    assert.equal((await a('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'x' } })).status, 200);
    const closed = await until('auto-close', async () => {
      const x = (await a('GET', `/api/v1/incidents/${n}`)).json;
      return x.state === 'closed' ? x : null;
    });
    assert.ok(closed.closed_at);
    const h = (await a('GET', `/api/v1/incidents/${n}/history`)).json.items.at(-1);
    assert.equal(h.actor, null, 'closed by the system');
    assert.equal(h.changes.state.to, 'closed');
    assert.equal((await a('GET', `/api/v1/incidents/${open}`)).json.state, 'new');
    assert.equal((await a('GET', `/api/v1/problems/${p}`)).json.state, 'resolved', 'problems do not close by themselves');
  } finally {
    await t.cleanup();
  }
});

test('a policy says which hold reasons pause its clocks; the kind\'s own otherwise', async () => {
  const n = (await eu('POST', '/api/v1/incidents', { body: { title: 'vendor case', impact: 3, urgency: 2 } })).json.number;
  const name = clock(await get(n), 'resolution').policy;
  const path = `/api/v1/sla-policies/${encodeURIComponent(name)}`;
  assert.deepEqual((await agent('GET', path)).json.pause_on, [], 'none listed: the kind\'s own');
  const bad = await admin('PATCH', path, { body: { pause_on: ['awaiting_vendor', 'sleeping', 'awaiting_vendor'] } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['pause_on', 'pause_on[1]']);
  assert.deepEqual((await agent('GET', path)).json.pause_on, [], 'nothing changed');
  const set = await admin('PATCH', path, { body: { pause_on: ['awaiting_vendor', 'awaiting_change'] } });
  assert.equal(set.status, 200, JSON.stringify(set.json));
  assert.deepEqual(set.json.pause_on, ['awaiting_vendor', 'awaiting_change']);
  let inc = await act(n, 'hold', { reason: 'awaiting_vendor' });
  assert.equal(clock(inc, 'resolution').state, 'paused', 'this policy pauses for the vendor');
  inc = await act(n, 'start');
  inc = await act(n, 'hold', { reason: 'awaiting_caller' });
  assert.equal(clock(inc, 'resolution').state, 'running', '... and not for the caller');
  inc = await act(n, 'start');
  assert.equal((await admin('PATCH', path, { body: { pause_on: [] } })).json.pause_on.length, 0);
  inc = await act(n, 'hold', { reason: 'awaiting_caller' });
  assert.equal(clock(inc, 'resolution').state, 'paused', 'back to the kind\'s own');
  await act(n, 'start');
});
