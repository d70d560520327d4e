// Changes (issue #14): a ticket kind of the desk's own, with three types
// that take different paths through the states, authorisation by change
// managers (managers and admins) where the approval engine will run, what
// each state needs (plans, planned times, the post-implementation review),
// change tasks that gate the end of implementation, and incidents caused
// by a change.  Every refusal is checked to have changed nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, verify } from './lib.mjs';

let s, admin, agent, manager, eu;
before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'cm1', role: 'manager' }, { login: 'eu1', role: 'end_user' }],
  });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  manager = as(s, 'cm1');
  eu = as(s, 'eu1');
  await admin('POST', '/api/v1/groups', { body: { name: 'Network', members: ['agent1'] } });
});
after(async () => { await s.cleanup(); });

const T0 = Date.parse('2031-03-01T22:00:00Z');
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const plans = {
  implementation_plan: 'swap the core switch in rack 4',
  backout_plan: 'put the old switch back',
  test_plan: 'ping every VLAN gateway',
};
const times = { planned_start: iso(T0), planned_end: iso(T0 + 2 * 3600e3) };

const raise = async (body) => {
  const r = await agent('POST', '/api/v1/changes', { body: { title: 'Replace core switch', ...body } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};
const get = async (number) => (await agent('GET', `/api/v1/changes/${number}`)).json;
const act = (who, number, action, body = {}) => who('POST', `/api/v1/changes/${number}/${action}`, { body });
const patch = async (number, body, who = agent) => {
  const cur = await get(number);
  return who('PATCH', `/api/v1/changes/${number}`, { body, headers: { 'if-match': String(cur.version) } });
};
// the change as it is, for "nothing changed" checks
const same = async (number, was) => {
  const now = await get(number);
  assert.equal(now.version, was.version, 'a refused request changes nothing');
  assert.equal(now.state, was.state);
};

test('a normal change: assess, ask for authorisation with its plans, authorised by a change manager, implemented, reviewed, closed', async () => {
  const c = await raise({ type: 'normal', justification: 'the old switch is out of support', change_owner: 'agent1', assignment_group: 'Network' });
  assert.match(c.number, /^CHG\d{7}$/);
  assert.equal(c.kind, 'change');
  assert.equal(c.type, 'normal');
  assert.equal(c.state, 'new');
  assert.equal(c.change_owner, 'agent1');
  assert.equal(c.justification, 'the old switch is out of support');
  assert.equal(c.planned_start, null);
  assert.deepEqual(c.affected_cis, []);
  assert.deepEqual(c.affected_services, []);
  assert.equal(c.caused_incident_count, 0);
  assert.deepEqual(c.allowed_actions, ['assess', 'cancel']);

  assert.equal((await act(agent, c.number, 'assess')).json.state, 'assess');
  const early = await act(agent, c.number, 'submit');
  assert.equal(early.status, 422);
  assert.deepEqual(fieldsOf(early), ['backout_plan', 'implementation_plan', 'planned_end', 'planned_start', 'test_plan']);
  const assessed = await get(c.number);
  assert.equal(assessed.state, 'assess');

  // the planned end may not come before the start: 422 naming it, nothing written
  const backwards = await patch(c.number, { planned_start: iso(T0), planned_end: iso(T0 - 60e3) });
  assert.equal(backwards.status, 422);
  assert.deepEqual(fieldsOf(backwards), ['planned_end']);
  await same(c.number, assessed);
  assert.equal((await get(c.number)).planned_start, null);

  const filled = await patch(c.number, { ...plans, ...times, outage_expected: true, outage_minutes: 15, risk: 'medium', risk_reason: 'CAB view' });
  assert.equal(filled.status, 200, JSON.stringify(filled.json));
  assert.equal(filled.json.planned_start, iso(T0));
  assert.equal(filled.json.planned_end, iso(T0 + 2 * 3600e3));
  assert.equal(filled.json.outage_minutes, 15);
  assert.equal(filled.json.outage_expected, true);
  assert.equal((await act(agent, c.number, 'submit')).json.state, 'authorise');

  // only a change manager authorises; an agent sees no such action
  const waiting = await get(c.number);
  assert.deepEqual(waiting.allowed_actions, ['cancel']);
  assert.deepEqual((await manager('GET', `/api/v1/changes/${c.number}`)).json.allowed_actions, ['authorise', 'reject', 'cancel']);
  const notCm = await act(agent, c.number, 'authorise');
  assert.equal(notCm.status, 403);
  await same(c.number, waiting);
  const ok = await act(manager, c.number, 'authorise');
  assert.equal(ok.status, 200);
  assert.equal(ok.json.state, 'scheduled');

  const started = await act(agent, c.number, 'implement');
  assert.equal(started.json.state, 'implement');
  assert.ok(started.json.actual_start, 'implement stamps the actual start');
  const noCode = await act(agent, c.number, 'complete', {});
  assert.equal(noCode.status, 422);
  assert.deepEqual(fieldsOf(noCode), ['resolution_code', 'resolution_notes']);
  const done = await act(agent, c.number, 'complete', { resolution_code: 'successful', resolution_notes: 'swapped, all VLANs answer' });
  assert.equal(done.json.state, 'review');
  assert.equal(done.json.resolution_code, 'successful');
  assert.ok(done.json.actual_end);
  const closed = await act(agent, c.number, 'close');
  assert.equal(closed.status, 200, JSON.stringify(closed.json));
  assert.equal(closed.json.state, 'closed');
  assert.ok(closed.json.closed_at);

  const h = (await agent('GET', `/api/v1/changes/${c.number}/history`)).json.items;
  assert.ok(h.some((e) => e.actor === 'cm1' && JSON.stringify(e).includes('"authorise"')), JSON.stringify(h));
});

test('a standard change skips assessment and authorisation: scheduled straight away once it has its plan and times', async () => {
  const c = await raise({ type: 'standard', title: 'Add a VLAN' });
  assert.deepEqual(c.allowed_actions, ['schedule', 'cancel']);
  const assess = await act(agent, c.number, 'assess');
  assert.equal(assess.status, 409);
  assert.equal(assess.json.type.endsWith('illegal-transition'), true, JSON.stringify(assess.json));
  assert.deepEqual(assess.json.allowed, ['schedule', 'cancel']);
  await same(c.number, c);
  const early = await act(agent, c.number, 'schedule');
  assert.equal(early.status, 422);
  assert.deepEqual(fieldsOf(early), ['implementation_plan', 'planned_end', 'planned_start']);
  await same(c.number, c);
  await patch(c.number, { implementation_plan: 'add VLAN 42 on the access switches', ...times });
  assert.equal((await act(agent, c.number, 'schedule')).json.state, 'scheduled');
  assert.equal((await act(agent, c.number, 'implement')).json.state, 'implement');
  assert.equal((await act(agent, c.number, 'complete', { resolution_code: 'successful', resolution_notes: 'done' })).json.state, 'review');
  assert.equal((await act(agent, c.number, 'close')).json.state, 'closed');
});

test('an emergency change is authorised before its record is complete, but must be completed, and reviewed, before it closes', async () => {
  const c = await raise({ type: 'emergency', title: 'Patch the VPN gateway now' });
  assert.deepEqual(c.allowed_actions, ['expedite', 'cancel']);
  assert.equal((await act(agent, c.number, 'submit')).status, 409);
  assert.equal((await act(agent, c.number, 'expedite')).json.state, 'authorise');
  assert.equal((await act(admin, c.number, 'authorise')).json.state, 'scheduled', 'admins authorise too');
  assert.equal((await act(agent, c.number, 'implement')).json.state, 'implement');
  assert.equal((await act(agent, c.number, 'complete', { resolution_code: 'successful', resolution_notes: 'patched' })).json.state, 'review');
  const inReview = await get(c.number);
  const early = await act(agent, c.number, 'close');
  assert.equal(early.status, 422);
  assert.deepEqual(fieldsOf(early), ['backout_plan', 'implementation_plan', 'pir', 'test_plan']);
  await same(c.number, inReview);
  await patch(c.number, { ...plans, pir: 'went well; the emergency board met in ten minutes' });
  const closed = await act(agent, c.number, 'close');
  assert.equal(closed.json.state, 'closed');
  assert.equal(closed.json.pir, 'went well; the emergency board met in ten minutes');
});

test('a change is rejected with a reason, canceled before work starts, and its type is fixed', async () => {
  const c = await raise({ type: 'normal', ...plans, ...times });
  await act(agent, c.number, 'assess');
  await act(agent, c.number, 'submit');
  const waiting = await get(c.number);
  const noReason = await act(manager, c.number, 'reject');
  assert.equal(noReason.status, 422);
  assert.deepEqual(fieldsOf(noReason), ['reason']);
  await same(c.number, waiting);
  const rej = await act(manager, c.number, 'reject', { reason: 'collides with the data centre move' });
  assert.equal(rej.json.state, 'rejected');
  assert.deepEqual(rej.json.allowed_actions, []);
  assert.equal((await act(agent, c.number, 'implement')).status, 409);

  const d = await raise({ type: 'normal' });
  const retype = await patch(d.number, { type: 'standard' });
  assert.equal(retype.status, 422);
  assert.deepEqual(fieldsOf(retype), ['type']);
  await same(d.number, d);
  const bad = await agent('POST', '/api/v1/changes', { body: { title: 'x', type: 'urgent', risk: 'extreme', outage_minutes: 5 } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['outage_minutes', 'risk', 'type'], 'minutes without an expected outage, and two values off their lists');
  const range = await agent('POST', '/api/v1/changes', { body: { title: 'x', outage_expected: true, outage_minutes: -1 } });
  assert.deepEqual(fieldsOf(range), ['outage_minutes']);
  assert.equal((await act(agent, d.number, 'cancel', { reason: 'not needed' })).json.state, 'canceled');
});

test('failed, backed-out and high-risk changes need their review before they close', async () => {
  for (const [code, extra] of [['failed', {}], ['backed_out', {}], ['successful', { risk: 'high', risk_reason: 'core network' }]]) {
    const c = await raise({ type: 'standard', implementation_plan: 'do it', ...times, ...extra });
    await act(agent, c.number, 'schedule');
    await act(agent, c.number, 'implement');
    const r = await act(agent, c.number, 'complete', { resolution_code: code, resolution_notes: 'as it went' });
    assert.equal(r.json.state, 'review');
    const early = await act(agent, c.number, 'close');
    assert.equal(early.status, 422, `${code} ${JSON.stringify(extra)}`);
    assert.deepEqual(fieldsOf(early), ['pir']);
    await patch(c.number, { pir: 'what we learnt' });
    assert.equal((await act(agent, c.number, 'close')).json.state, 'closed');
  }
  // a low-risk successful one closes without
  const c = await raise({ type: 'standard', implementation_plan: 'do it', ...times, risk: 'low', risk_reason: 'done weekly' });
  await act(agent, c.number, 'schedule');
  await act(agent, c.number, 'implement');
  await act(agent, c.number, 'complete', { resolution_code: 'successful_with_issues', resolution_notes: 'one port flapped' });
  assert.equal((await act(agent, c.number, 'close')).json.state, 'closed');
});

test('change tasks: ordered, added to open changes only, and the change cannot leave implementation while any is open', async () => {
  const c = await raise({ type: 'standard', implementation_plan: 'three steps', ...times });
  const t1 = await agent('POST', `/api/v1/changes/${c.number}/tasks`, { body: { title: 'Drain traffic', assignment_group: 'Network' } });
  assert.equal(t1.status, 201, JSON.stringify(t1.json));
  assert.match(t1.json.number, /^CTASK\d{7}$/);
  assert.equal(t1.json.kind, 'change_task');
  assert.equal(t1.json.change, c.number);
  assert.equal(t1.json.task_order, 10);
  assert.equal(t1.json.assignment_group, 'Network');
  const t2 = (await agent('POST', `/api/v1/changes/${c.number}/tasks`, { body: { title: 'Verify' } })).json;
  assert.equal(t2.task_order, 20);
  const t0 = (await agent('POST', `/api/v1/changes/${c.number}/tasks`, { body: { title: 'Announce', task_order: 5 } })).json;
  const list = (await agent('GET', `/api/v1/changes/${c.number}/tasks`)).json.items;
  assert.deepEqual(list.map((t) => t.number), [t0.number, t1.json.number, t2.number]);
  // the change is the path's; a task is not moved to another change
  const named = await agent('POST', `/api/v1/changes/${c.number}/tasks`, { body: { title: 'x', change: 'CHG0000001' } });
  assert.equal(named.status, 422);
  assert.deepEqual(fieldsOf(named), ['change']);
  const direct = await agent('POST', '/api/v1/change-tasks', { body: { title: 'orphan' } });
  assert.equal(direct.status, 422);
  assert.deepEqual(fieldsOf(direct), ['change']);
  const move = await agent('PATCH', `/api/v1/change-tasks/${t2.number}`, { body: { change: 'CHG0000001' }, headers: { 'if-match': String(t2.version) } });
  assert.equal(move.status, 422);
  assert.equal((await agent('GET', `/api/v1/changes/${c.number}/tasks`)).json.items.length, 3, 'nothing added');

  await act(agent, c.number, 'schedule');
  await act(agent, c.number, 'implement');
  const implementing = await get(c.number);
  const blocked = await act(agent, c.number, 'complete', { resolution_code: 'successful', resolution_notes: 'done' });
  assert.equal(blocked.status, 409);
  assert.ok(blocked.json.type.endsWith('open-tasks'), JSON.stringify(blocked.json));
  for (const t of [t0, t1.json, t2]) assert.ok(blocked.json.detail.includes(t.number), blocked.json.detail);
  await same(c.number, implementing);
  await agent('POST', `/api/v1/change-tasks/${t0.number}/complete`, { body: {} });
  assert.equal((await agent('POST', `/api/v1/change-tasks/${t1.json.number}/start`, { body: {} })).json.state, 'in_progress');
  await agent('POST', `/api/v1/change-tasks/${t1.json.number}/complete`, { body: {} });
  const one = await act(agent, c.number, 'complete', { resolution_code: 'successful', resolution_notes: 'done' });
  assert.equal(one.status, 409);
  assert.ok(one.json.detail.includes(t2.number) && !one.json.detail.includes(t1.json.number), one.json.detail);
  await agent('POST', `/api/v1/change-tasks/${t2.number}/cancel`, { body: {} });
  assert.equal((await act(agent, c.number, 'complete', { resolution_code: 'successful', resolution_notes: 'done' })).json.state, 'review');
  await act(agent, c.number, 'close');
  const late = await agent('POST', `/api/v1/changes/${c.number}/tasks`, { body: { title: 'Too late' } });
  assert.equal(late.status, 409);
  assert.equal((await agent('GET', `/api/v1/changes/${c.number}/tasks`)).json.items.length, 3);
});

test('changes name the services and CIs they affect; incidents name the change that caused them', async () => {
  const svc = (await admin('POST', '/api/v1/services', { body: { name: 'VPN', criticality: 2 } })).json;
  const cls = await admin('POST', '/api/v1/ci-classes', { body: { name: 'switch' } });
  assert.ok(cls.status === 201, JSON.stringify(cls.json));
  const ci = (await agent('POST', '/api/v1/cis', { body: { name: 'sw-core-4', class: 'switch' } })).json;
  const c = await raise({ type: 'normal', affected_services: [svc.id], affected_cis: [ci.id] });
  assert.deepEqual(c.affected_services, [svc.id]);
  assert.deepEqual(c.affected_cis, [ci.id]);
  const bad = await patch(c.number, { affected_services: [svc.id, 999999], affected_cis: [888888] });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['affected_cis[0]', 'affected_services[1]']);
  const still = await get(c.number);
  assert.deepEqual(still.affected_services, [svc.id]);
  assert.equal(still.version, c.version);

  const inc = (await eu('POST', '/api/v1/incidents', { body: { title: 'VPN drops', impact: 2, urgency: 2 } })).json;
  const wrong = await agent('PATCH', `/api/v1/incidents/${inc.number}`, { body: { caused_by: inc.number }, headers: { 'if-match': String(inc.version) } });
  assert.equal(wrong.status, 422);
  assert.deepEqual(fieldsOf(wrong), ['caused_by']);
  const byEu = await eu('PATCH', `/api/v1/incidents/${inc.number}`, { body: { caused_by: c.number }, headers: { 'if-match': String(inc.version) } });
  assert.equal(byEu.status, 403);
  const linked = await agent('PATCH', `/api/v1/incidents/${inc.number}`, { body: { caused_by: c.number }, headers: { 'if-match': String(inc.version) } });
  assert.equal(linked.status, 200, JSON.stringify(linked.json));
  assert.equal(linked.json.caused_by, c.number);
  assert.equal((await eu('GET', `/api/v1/incidents/${inc.number}`)).json.caused_by, undefined, 'the desk\'s link, not the requester\'s');
  assert.equal((await get(c.number)).caused_incident_count, 1);
  const caused = (await agent('GET', `/api/v1/changes/${c.number}/incidents`)).json.items;
  assert.deepEqual(caused.map((i) => i.number), [inc.number]);
  const problemsField = await agent('POST', '/api/v1/incidents', { body: { title: 'x', type: 'normal' } });
  assert.equal(problemsField.status, 422);
  assert.deepEqual(fieldsOf(problemsField), ['type']);
});

test('changes are the desk\'s: an end user reaches none by any path', async () => {
  const c = await raise({ type: 'normal' });
  for (const [m, p] of [['GET', '/api/v1/changes'], ['GET', `/api/v1/changes/${c.number}`], ['POST', '/api/v1/changes'],
    ['GET', `/api/v1/changes/${c.number}/tasks`], ['GET', `/api/v1/changes/${c.number}/incidents`], ['GET', '/api/v1/change-tasks']]) {
    const r = await eu(m, p, m === 'POST' ? { body: { title: 'x' } } : {});
    assert.equal(r.status, 403, `${m} ${p}`);
  }
  assert.equal((await agent('GET', '/api/v1/changes/CHG9999999/tasks')).status, 404);
  assert.equal((await agent('GET', '/api/v1/changes/CHG9999999/incidents')).status, 404);
  const v = verify(s);
  assert.equal(v.ok, true, JSON.stringify(v));
});

test('standard change templates: admins keep the catalogue, agents raise standard changes from it', async () => {
  const svc = (await admin('POST', '/api/v1/services', { body: { name: 'Wi-Fi', criticality: 3 } })).json;
  const ci = (await admin('POST', '/api/v1/cis', { body: { name: 'ap-lobby', class: 'application' } })).json;
  const body = {
    name: 'Add a VLAN', description: 'a new VLAN on the access layer', implementation_plan: 'add it on every access switch',
    backout_plan: 'remove it', test_plan: 'DHCP lease on it', services: ['Wi-Fi'], cis: [ci.id], risk: 'low',
  };
  assert.equal((await agent('POST', '/api/v1/change-templates', { body })).status, 403, 'admins write the catalogue');
  const bad = await admin('POST', '/api/v1/change-templates', { body: { name: 'Broken', services: ['No such'], cis: [999999], risk: 'odd' } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['implementation_plan', 'risk']);
  const refs = await admin('POST', '/api/v1/change-templates', { body: { ...body, name: 'Broken', services: ['No such'], cis: [999999] } });
  assert.equal(refs.status, 422);
  assert.deepEqual(fieldsOf(refs), ['cis[0]', 'services[0]']);
  assert.equal((await agent('GET', '/api/v1/change-templates/Broken')).status, 404, 'nothing written');
  const made = await admin('POST', '/api/v1/change-templates', { body });
  assert.equal(made.status, 201, JSON.stringify(made.json));
  assert.deepEqual(made.json.services, ['Wi-Fi']);
  assert.deepEqual(made.json.cis, [ci.id]);
  assert.equal(made.json.active, true);
  const list = (await agent('GET', '/api/v1/change-templates')).json.items;
  assert.ok(list.some((t) => t.name === 'Add a VLAN'));

  const c = await agent('POST', '/api/v1/changes', { body: { template: 'Add a VLAN', planned_start: times.planned_start, planned_end: times.planned_end } });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  assert.equal(c.json.type, 'standard');
  assert.equal(c.json.title, 'Add a VLAN');
  assert.equal(c.json.implementation_plan, 'add it on every access switch');
  assert.equal(c.json.backout_plan, 'remove it');
  assert.equal(c.json.risk, 'low');
  assert.deepEqual(c.json.affected_services, [svc.id]);
  assert.deepEqual(c.json.affected_cis, [ci.id]);
  assert.deepEqual(c.json.allowed_actions, ['schedule', 'cancel']);
  assert.equal((await act(agent, c.json.number, 'schedule')).json.state, 'scheduled', 'pre-approved: no authorisation');
  // what the caller gives wins; a template only raises standard changes
  const own = await agent('POST', '/api/v1/changes', { body: { template: 'Add a VLAN', title: 'VLAN 42 for the lab', affected_cis: [] } });
  assert.equal(own.json.title, 'VLAN 42 for the lab');
  assert.deepEqual(own.json.affected_cis, []);
  const normal = await agent('POST', '/api/v1/changes', { body: { template: 'Add a VLAN', type: 'normal' } });
  assert.equal(normal.status, 422);
  assert.deepEqual(fieldsOf(normal), ['type']);
  const off = await admin('PATCH', '/api/v1/change-templates/Add a VLAN', { body: { active: false } });
  assert.equal(off.status, 200);
  const count = (await agent('GET', '/api/v1/changes?limit=200')).json.items.length;
  const gone = await agent('POST', '/api/v1/changes', { body: { template: 'Add a VLAN' } });
  assert.equal(gone.status, 422);
  assert.deepEqual(fieldsOf(gone), ['template']);
  assert.equal((await agent('GET', '/api/v1/changes?limit=200')).json.items.length, count, 'nothing raised');
  const h = (await admin('GET', '/api/v1/change-templates/Add a VLAN')).json;
  assert.equal(h.active, false);
});

test('closing the change a problem\'s fix names as successful resolves the problem, and its incidents follow', async () => {
  const run = async (code) => {
    const c = await raise({ type: 'standard', implementation_plan: 'patch the relay', ...times, pir: 'p' });
    const inc = (await eu('POST', '/api/v1/incidents', { body: { title: `Mail bounces ${code}`, impact: 2, urgency: 2 } })).json;
    const p = (await agent('POST', '/api/v1/problems', { body: { title: `Relay drops mail ${code}`, incidents: [inc.number] } })).json;
    const fixed = await agent('PATCH', `/api/v1/problems/${p.number}`, { body: { fix: c.number }, headers: { 'if-match': String(p.version) } });
    assert.equal(fixed.status, 200, JSON.stringify(fixed.json));
    assert.equal(fixed.json.fix, c.number);
    await act(agent, c.number, 'schedule');
    await act(agent, c.number, 'implement');
    await act(agent, c.number, 'complete', { resolution_code: code, resolution_notes: 'as it went' });
    assert.equal((await act(agent, c.number, 'close')).json.state, 'closed');
    return { problem: (await agent('GET', `/api/v1/problems/${p.number}`)).json, incident: (await agent('GET', `/api/v1/incidents/${inc.number}`)).json };
  };
  const ok = await run('successful');
  assert.equal(ok.problem.state, 'resolved');
  assert.equal(ok.problem.resolution_code, 'permanent_fix');
  assert.match(ok.problem.resolution_notes, /^Fixed by CHG\d{7}/);
  assert.equal(ok.incident.state, 'resolved', 'the problem\'s incidents follow');
  const failed = await run('failed');
  assert.equal(failed.problem.state, 'new', 'a failed change fixes nothing');
  assert.notEqual(failed.incident.state, 'resolved');
});

test('the change report gives the success rate of closed changes and the share of emergencies raised', async () => {
  const all = (await agent('GET', '/api/v1/changes?limit=200')).json.items;
  const closed = all.filter((c) => c.state === 'closed');
  const codes = ['successful', 'successful_with_issues', 'failed', 'backed_out'];
  const by = Object.fromEntries(codes.map((k) => [k, closed.filter((c) => c.resolution_code === k).length]));
  const r = await agent('GET', '/api/v1/reports/changes');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const f = r.json.changes;
  assert.equal(f.closed, closed.length);
  assert.deepEqual(f.by_close_code, by);
  assert.ok(by.failed > 0 && by.backed_out > 0 && by.successful > 0, 'the earlier tests closed changes of each code');
  assert.equal(f.success_rate, Math.round(((by.successful + by.successful_with_issues) * 1000) / closed.length) / 1000);
  assert.equal(f.created, all.length);
  const emergencies = all.filter((c) => c.type === 'emergency').length;
  assert.ok(emergencies > 0);
  assert.equal(f.emergency, emergencies);
  assert.equal(f.emergency_share, Math.round((emergencies * 1000) / all.length) / 1000);
  // other kinds' reports carry no change figures; an empty period divides nothing
  assert.equal((await agent('GET', '/api/v1/reports/problems')).json.changes, undefined);
  const empty = (await agent('GET', '/api/v1/reports/changes?from=2020-01-01&to=2020-01-31')).json.changes;
  assert.deepEqual([empty.closed, empty.success_rate, empty.created, empty.emergency_share], [0, null, 0, null]);
  assert.equal((await eu('GET', '/api/v1/reports/changes')).status, 403);
});

test('conflicts: other changes overlapping on the same CI, a neighbour CI or the same assignee, and major incidents on the services', async () => {
  const ci = async (name) => (await admin('POST', '/api/v1/cis', { body: { name, class: 'application' } })).json.id;
  const [a, b, d, far] = [await ci('cf-a'), await ci('cf-b'), await ci('cf-d'), await ci('cf-far')];
  // a depends on b, b on d: b is one step from a, d two
  assert.equal((await admin('POST', `/api/v1/cis/${a}/relations`, { body: { to: b, type: 'depends_on' } })).status, 201);
  assert.equal((await admin('POST', `/api/v1/cis/${b}/relations`, { body: { to: d, type: 'depends_on' } })).status, 201);
  const svc = (await admin('POST', '/api/v1/services', { body: { name: 'Conflict shop', criticality: 2 } })).json;
  const W = Date.parse('2032-05-01T20:00:00Z');
  const at = (h0, h1) => ({ planned_start: iso(W + h0 * 3600e3), planned_end: iso(W + h1 * 3600e3) });
  const mine = await raise({ type: 'normal', title: 'cf mine', affected_cis: [a], affected_services: [svc.id], ...at(0, 2) });
  const same = await raise({ type: 'normal', title: 'cf same CI', affected_cis: [a], ...at(1, 3) });
  const near = await raise({ type: 'normal', title: 'cf neighbour', affected_cis: [b], ...at(-1, 1) });
  const two = await raise({ type: 'normal', title: 'cf two steps', affected_cis: [d], ...at(0, 1) });
  await raise({ type: 'normal', title: 'cf later', affected_cis: [a], ...at(2, 4) }); // touches the end: no overlap
  const person = await raise({ type: 'normal', title: 'cf same assignee', affected_cis: [far], assignment_group: 'Network', assignee: 'agent1', ...at(1, 2) });
  const gone = await raise({ type: 'normal', title: 'cf canceled', affected_cis: [a], ...at(0, 2) });
  await act(agent, gone.number, 'cancel');
  const inc = (await agent('POST', '/api/v1/incidents', { body: { title: 'Conflict shop down', service: 'Conflict shop' } })).json;
  assert.equal((await agent('POST', `/api/v1/incidents/${inc.number}/major`, { body: { reason: 'down' } })).status, 200);

  const found = async (q = '') => {
    const r = await agent('GET', `/api/v1/changes/${mine.number}/conflicts${q}`);
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return r.json.items.map((x) => `${x.number}:${x.reason}`).sort();
  };
  assert.deepEqual(await found(), [`${inc.number}:major_incident`, `${near.number}:neighbour_ci`, `${same.number}:same_ci`].sort());
  assert.deepEqual(await found('?depth=0'), [`${inc.number}:major_incident`, `${same.number}:same_ci`].sort());
  assert.deepEqual(await found('?depth=2'),
    [`${inc.number}:major_incident`, `${near.number}:neighbour_ci`, `${same.number}:same_ci`, `${two.number}:neighbour_ci`].sort());
  // the same assignee: mine assigned to agent1 too
  const cur = await get(mine.number);
  assert.equal((await agent('PATCH', `/api/v1/changes/${mine.number}`, { body: { assignment_group: 'Network', assignee: 'agent1' }, headers: { 'if-match': String(cur.version) } })).status, 200);
  assert.ok((await found()).includes(`${person.number}:same_assignee`));
  const one = (await agent('GET', `/api/v1/changes/${mine.number}/conflicts`)).json.items.find((x) => x.reason === 'same_ci');
  assert.deepEqual([one.kind, one.title, one.ci, one.planned_start], ['change', 'cf same CI', a, iso(W + 3600e3)]);
  const bad = await agent('GET', `/api/v1/changes/${mine.number}/conflicts?depth=9`);
  assert.equal(bad.status, 400);
  assert.equal((await eu('GET', `/api/v1/changes/${mine.number}/conflicts`)).status, 403);
});

test('CI updates planned on a change are applied when it is implemented, in the same transaction', async () => {
  const cls = await admin('POST', '/api/v1/ci-classes', { body: { name: 'cu_appliance', attributes: [{ name: 'firmware', type: 'string' }, { name: 'ports', type: 'int' }] } });
  assert.equal(cls.status, 201, JSON.stringify(cls.json));
  const box = (await admin('POST', '/api/v1/cis', { body: { name: 'cu-box', class: 'cu_appliance', status: 'in_service', attributes: { firmware: '9.1' } } })).json;
  const peer = (await admin('POST', '/api/v1/cis', { body: { name: 'cu-peer', class: 'application' } })).json;
  const c = await raise({ type: 'standard', implementation_plan: 'flash it', ...times, affected_cis: [box.id] });
  const plan = (body) => agent('POST', `/api/v1/changes/${c.number}/ci-updates`, { body });
  // every refusal names its field, and plans nothing
  assert.deepEqual(fieldsOf(await plan({ ci: box.id })), ['ci']);
  assert.deepEqual(fieldsOf(await plan({ ci: box.id, status: 'melted' })), ['status']);
  assert.deepEqual(fieldsOf(await plan({ ci: box.id, attribute: 'colour', value: 'red' })), ['attribute']);
  assert.deepEqual(fieldsOf(await plan({ ci: box.id, attribute: 'firmware' })), ['attribute']);
  assert.deepEqual(fieldsOf(await plan({ ci: box.id, relation: 'loves', to: peer.id })), ['relation']);
  assert.deepEqual(fieldsOf(await plan({ ci: 999999, status: 'retired' })), ['ci']);
  assert.deepEqual((await agent('GET', `/api/v1/changes/${c.number}/ci-updates`)).json.items, []);
  for (const body of [{ ci: box.id, attribute: 'firmware', value: '9.1.3' }, { ci: box.id, attribute: 'ports', value: '48' },
    { ci: box.id, status: 'maintenance' }, { ci: box.id, relation: 'depends_on', to: peer.id }]) {
    const r = await plan(body);
    assert.equal(r.status, 201, JSON.stringify(r.json));
    assert.equal(r.json.applied_at, null);
  }
  assert.equal((await agent('GET', `/api/v1/cis/${box.id}`)).json.attributes.firmware, '9.1', 'nothing applied while planned');
  await act(agent, c.number, 'schedule');
  const done = await act(agent, c.number, 'implement');
  assert.equal(done.status, 200, JSON.stringify(done.json));
  const after = (await agent('GET', `/api/v1/cis/${box.id}`)).json;
  assert.equal(after.attributes.firmware, '9.1.3');
  assert.equal(after.attributes.ports, 48);
  assert.equal(after.status, 'maintenance');
  const rels = (await agent('GET', `/api/v1/cis/${box.id}/relations`)).json.items;
  assert.ok(rels.some((x) => x.type === 'depends_on' && x.to.id === peer.id), JSON.stringify(rels));
  const applied = (await agent('GET', `/api/v1/changes/${c.number}/ci-updates`)).json.items;
  assert.equal(applied.length, 4);
  assert.ok(applied.every((u) => u.applied_at));
  const late = await plan({ ci: box.id, status: 'retired' });
  assert.equal(late.status, 409, 'planned before implementation only');

  // an update the CMDB refuses when it is applied refuses the implementation: nothing changes
  const d = await raise({ type: 'standard', implementation_plan: 'relate', ...times });
  assert.equal((await agent('POST', `/api/v1/changes/${d.number}/ci-updates`, { body: { ci: box.id, relation: 'depends_on', to: peer.id } })).status, 201);
  await act(agent, d.number, 'schedule');
  const before = await get(d.number);
  const refused = await act(agent, d.number, 'implement');
  assert.equal(refused.status, 409, JSON.stringify(refused.json));
  await same(d.number, before);
  assert.equal((await get(d.number)).actual_start, null);
  assert.equal((await agent('GET', `/api/v1/changes/${d.number}/ci-updates`)).json.items[0].applied_at, null);
});

test('authorisation by the approval engine: the matching policy\'s steps decide, their outcome authorises or rejects; with no policy a change manager does it by hand', async () => {
  const policy = await admin('POST', '/api/v1/approval-policies', { body: {
    name: 'CAB for very high risk', kind: 'change', match_type: 'normal', match_risk: 'very_high',
    steps: [{ rule: 'all', users: ['agent1', 'cm1'] }] } });
  assert.equal(policy.status, 201, JSON.stringify(policy.json));
  const submitted = async (risk) => {
    const c = await raise({ type: 'normal', risk, risk_reason: 'set by the CAB', ...plans, ...times });
    assert.equal((await act(agent, c.number, 'assess')).status, 200);
    assert.equal((await act(agent, c.number, 'submit')).status, 200);
    return c.number;
  };
  const pendingFor = async (who, number) => (await who('GET', '/api/v1/approvals')).json.items.filter((a) => a.ticket === number);
  try {
    // approved: every step of the policy, then authorise runs
    const n = await submitted('very_high');
    const reqs = (await agent('GET', `/api/v1/changes/${n}/approvals`)).json.items;
    assert.equal(reqs.length, 1);
    assert.equal(reqs[0].policy, 'CAB for very high risk');
    assert.equal(reqs[0].state, 'pending');
    const [mine] = await pendingFor(agent, n);
    assert.equal((await agent('POST', `/api/v1/approvals/${mine.id}/approve`, { body: { comment: 'looks safe' } })).status, 200);
    assert.equal((await get(n)).state, 'authorise', 'rule all: one approval of two is not enough');
    const [theirs] = await pendingFor(manager, n);
    assert.equal((await manager('POST', `/api/v1/approvals/${theirs.id}/approve`, { body: {} })).status, 200);
    const done = await get(n);
    assert.equal(done.state, 'scheduled', 'the last approval ran authorise');
    assert.equal((await agent('GET', `/api/v1/changes/${n}/approvals`)).json.items[0].state, 'approved');

    // rejected: one no under rule all ends it, and reject runs
    const m = await submitted('very_high');
    const [ask] = await pendingFor(agent, m);
    assert.equal((await agent('POST', `/api/v1/approvals/${ask.id}/reject`, { body: { comment: 'no back-out tested' } })).status, 200);
    assert.equal((await get(m)).state, 'rejected');

    // no policy applies: it waits for a change manager
    const k = await submitted('low');
    assert.equal((await get(k)).state, 'authorise');
    assert.deepEqual((await agent('GET', `/api/v1/changes/${k}/approvals`)).json.items, []);
    assert.equal((await act(agent, k, 'authorise')).status, 403, 'an agent does not authorise by hand');
    assert.equal((await act(manager, k, 'authorise')).status, 200);
    assert.equal((await get(k)).state, 'scheduled');
  } finally {
    const p = (await admin('GET', `/api/v1/approval-policies/${encodeURIComponent('CAB for very high risk')}`)).json;
    await admin('PATCH', `/api/v1/approval-policies/${encodeURIComponent('CAB for very high risk')}`, { body: { active: false }, headers: { 'if-match': String(p.version) } });
  }
});

test('the schedule: a blackout refuses scheduling (an emergency, or a window that allows it, goes ahead with a reason), shows in conflicts, and changes are in the calendar', async () => {
  const svc = (await admin('POST', '/api/v1/services', { body: { name: 'Freeze shop', criticality: 2 } })).json;
  const window = async (body) => {
    const r = await admin('POST', '/api/v1/change-windows', { body: { timezone: 'UTC', services: ['Freeze shop'], ...body } });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  };
  await window({ name: 'Year-end freeze', kind: 'blackout', start: '2033-12-20T00:00', duration: 3 * 1440 });
  await window({ name: 'Freeze shop nights', kind: 'maintenance', start: '2033-12-01T01:00', duration: 120, recurrence: 'FREQ=DAILY' });
  const Y = Date.parse('2033-12-21T10:00:00Z');
  const inFreeze = { planned_start: iso(Y), planned_end: iso(Y + 3600e3) };
  const toAuthorise = async (type, title) => {
    const c = await raise({ type, title, affected_services: [svc.id], ...plans, ...inFreeze });
    if (type === 'normal') {
      await act(agent, c.number, 'assess');
      assert.equal((await act(agent, c.number, 'submit')).json.state, 'authorise');
    } else {
      assert.equal((await act(agent, c.number, 'expedite')).json.state, 'authorise');
    }
    return get(c.number);
  };

  // a normal change in a firm blackout: refused with or without a reason, nothing changed
  const normal = await toAuthorise('normal', 'sched normal');
  for (const body of [{}, { reason: 'the business agreed' }]) {
    const r = await act(manager, normal.number, 'authorise', body);
    assert.equal(r.status, 409, JSON.stringify(r.json));
    assert.equal(r.json.type, 'urn:steward:problem:blackout');
    assert.match(r.json.detail, /falls in the blackout window 'Year-end freeze'$/);
    await same(normal.number, normal);
  }
  // conflicts name the blackout occurrence and the maintenance warning (10:00 is outside the nightly window)
  const cf = (await agent('GET', `/api/v1/changes/${normal.number}/conflicts`)).json.items.filter((x) => x.kind === 'window');
  assert.deepEqual(cf.map((x) => [x.number, x.reason, x.planned_start, x.planned_end]), [
    ['Year-end freeze', 'blackout', '2033-12-20T00:00:00Z', '2033-12-23T00:00:00Z'],
    ['Freeze shop', 'outside_maintenance', null, null],
  ]);

  // an emergency change goes ahead in the same blackout only with a reason
  const em = await toAuthorise('emergency', 'sched emergency');
  const bare = await act(manager, em.number, 'authorise');
  assert.equal(bare.status, 409);
  assert.match(bare.json.detail, /it may go ahead when the action gives a reason/);
  await same(em.number, em);
  assert.equal((await act(manager, em.number, 'authorise', { reason: 'the payment gateway is down' })).json.state, 'scheduled');

  // a blackout that allows overrides lets a normal change through with a reason
  assert.equal((await admin('PATCH', '/api/v1/change-windows/Year-end%20freeze', { body: { allow_override: true } })).status, 200);
  assert.equal((await act(manager, normal.number, 'authorise')).status, 409, 'still not without a reason');
  assert.equal((await act(manager, normal.number, 'authorise', { reason: 'the business agreed' })).json.state, 'scheduled');

  // a change outside any blackout is scheduled without a word
  const later = await toAuthorise('normal', 'sched after the freeze');
  const after = Date.parse('2033-12-24T01:30:00Z');
  assert.equal((await patch(later.number, { planned_start: iso(after), planned_end: iso(after + 1800e3) })).status, 200);
  assert.equal((await act(manager, later.number, 'authorise')).json.state, 'scheduled');
  const canceled = await raise({ type: 'normal', title: 'sched canceled', affected_services: [svc.id], ...inFreeze });
  await act(agent, canceled.number, 'cancel');
  const waiting = await raise({ type: 'normal', title: 'sched waiting', affected_services: [svc.id], ...inFreeze });

  // the calendar: window occurrences and the changes, tentative until authorised, canceled ones left out
  const cal = await agent('GET', `/api/v1/changes/calendar?from=2033-12-19T00:00:00Z&to=2033-12-25T00:00:00Z&service=Freeze%20shop`);
  assert.equal(cal.status, 200, JSON.stringify(cal.json));
  const changes = cal.json.items.filter((e) => e.kind === 'change');
  assert.deepEqual(changes.map((e) => [e.source, e.status, e.start, e.end]).sort(), [
    [normal.number, 'confirmed', iso(Y), iso(Y + 3600e3)],
    [em.number, 'confirmed', iso(Y), iso(Y + 3600e3)],
    [waiting.number, 'tentative', iso(Y), iso(Y + 3600e3)],
    [later.number, 'confirmed', iso(after), iso(after + 1800e3)],
  ].sort());
  const one = changes.find((e) => e.source === em.number);
  assert.equal(one.uid, `change-${em.number}@steward`);
  assert.equal(one.summary, `${em.number}: sched emergency`);
  assert.match(one.url, new RegExp(`/#/changes/${em.number}$`));
  assert.ok(cal.json.items.some((e) => e.kind === 'blackout' && e.source === 'Year-end freeze'));
  const other = await agent('GET', '/api/v1/changes/calendar?from=2033-12-19T00:00:00Z&to=2033-12-25T00:00:00Z&service=Conflict%20shop');
  assert.deepEqual(other.json.items.filter((e) => e.kind === 'change'), [], 'another service\'s calendar has none of them');
});
