// The improvement register (issue #18): a ticket kind (IMP) anyone may
// propose (end users from the portal as an idea), managers approve or
// reject; its plan beside the ticket (benefits, cost, review, outcome, the
// seven steps, services, linked problems and changes shown at both ends,
// KPIs with baseline, current value and target).  The KPI engine lands on
// another branch: until then no value is available and the answer says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, fingerprint } from './lib.mjs';

let s, admin, agent, boss, eu;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'boss', role: 'manager' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin'); agent = as(s, 'agent1'); boss = as(s, 'boss'); eu = as(s, 'eu1');
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Mail', criticality: 2 } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'VPN', criticality: 3 } })).status, 201);
});
after(async () => { await s.cleanup(); });

let imp, prb, chg;
test('an end user proposes an idea from the portal; managers approve, agents may not', async () => {
  const c = await eu('POST', '/api/v1/improvements', { body: { title: 'Self-service password reset', description: 'Half our calls are resets' } });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  imp = c.json.number;
  assert.match(imp, /^IMP\d{7}$/);
  assert.equal(c.json.kind, 'improvement');
  assert.equal(c.json.state, 'idea');
  assert.equal(c.json.requester, 'eu1');
  assert.equal((await eu('GET', `/api/v1/improvements/${imp}`)).status, 200, 'the proposer reads their idea');
  assert.equal((await eu('POST', `/api/v1/improvements/${imp}/approve`, { body: {} })).status, 403);
  const a = await agent('POST', `/api/v1/improvements/${imp}/approve`, { body: {} });
  assert.equal(a.status, 403);
  assert.match(a.json.detail, /only managers may approve/);
  assert.equal((await agent('GET', `/api/v1/improvements/${imp}`)).json.state, 'idea');
  const view = (await agent('GET', `/api/v1/improvements/${imp}`)).json;
  assert.ok(!view.allowed_actions.includes('approve'), view.allowed_actions.join());
});

test('the plan: texts, the seven steps, services, linked problems and changes, KPIs', async () => {
  prb = (await agent('POST', '/api/v1/problems', { body: { title: 'Password resets flood the desk' } })).json.number;
  chg = (await agent('POST', '/api/v1/changes', { body: { title: 'Deploy reset portal', type: 'normal' } })).json.number;
  assert.ok(prb && chg);
  const empty = await eu('GET', `/api/v1/improvements/${imp}/plan`);
  assert.equal(empty.status, 200);
  assert.equal(empty.json.vision, null);
  assert.deepEqual(empty.json.kpis, []);
  assert.equal(empty.json.updated_at, null);
  assert.equal((await eu('PATCH', `/api/v1/improvements/${imp}/plan`, { body: { vision: 'x' } })).status, 403);
  const p = await agent('PATCH', `/api/v1/improvements/${imp}/plan`, { body: {
    benefits: 'fewer calls', cost: '2 weeks of one developer', vision: 'nobody waits for a reset',
    current_state: '400 reset calls a month', target_state: 'under 50', plan: 'a portal with MFA',
    review_at: '2027-03-01T00:00:00Z', services: ['Mail', 'VPN'], problems: [prb], changes: [chg],
    kpis: [{ name: 'change_success_rate', target: 0.95 }, { name: 'incident_count', target: 1.5 }],
  } });
  assert.equal(p.status, 200, JSON.stringify(p.json));
  assert.equal(p.json.vision, 'nobody waits for a reset');
  assert.equal(p.json.review_at, '2027-03-01T00:00:00Z');
  assert.deepEqual(p.json.services, ['Mail', 'VPN']);
  assert.deepEqual(p.json.problems, [prb]);
  assert.deepEqual(p.json.changes, [chg]);
  // its requester reads the plan without the desk's own records: the problems and changes, and the KPIs
  // (their catalogue and values are for agents)
  const theirs = await eu('GET', `/api/v1/improvements/${imp}/plan`);
  assert.equal(theirs.status, 200);
  assert.deepEqual([theirs.json.problems, theirs.json.changes, theirs.json.kpis, theirs.json.services],
    [[], [], [], ['Mail', 'VPN']]);
  assert.equal(theirs.json.vision, 'nobody waits for a reset');
  // the current value is the KPI over the last 30 days (docs/improvements.md): no change has been
  // completed, so no success rate; the incidents raised are a count, always there
  const incidents = (await agent('GET', '/api/v1/kpis/incident_count')).json.value;
  assert.deepEqual(p.json.kpis.map((k) => [k.name, k.target, k.baseline, k.current, k.available]),
    [['change_success_rate', 0.95, null, null, false], ['incident_count', 1.5, null, incidents, true]]);
  // both ends show the link
  assert.deepEqual((await agent('GET', `/api/v1/problems/${prb}/improvements`)).json.items.map((x) => x.number), [imp]);
  assert.deepEqual((await agent('GET', `/api/v1/changes/${chg}/improvements`)).json.items.map((x) => x.number), [imp]);
  // changing the changes keeps the problems
  const p2 = await agent('PATCH', `/api/v1/improvements/${imp}/plan`, { body: { changes: [] } });
  assert.deepEqual(p2.json.problems, [prb]);
  assert.deepEqual(p2.json.changes, []);
  assert.deepEqual((await agent('GET', `/api/v1/changes/${chg}/improvements`)).json.items, []);
  assert.equal(p2.json.benefits, 'fewer calls', 'what is not given is kept');
  const h = (await agent('GET', `/api/v1/improvements/${imp}/history`)).json.items.map((x) => x.action);
  assert.ok(h.includes('improvement_plan'), h.join());
});

test('bad plans are refused whole and change nothing', async () => {
  const fp = fingerprint(s);
  const odd = await agent('PATCH', `/api/v1/improvements/${imp}/plan`, { body: { kpis: [{ name: 'incident_mttr', target: 1.234 }] } });
  assert.equal(odd.status, 422);
  assert.deepEqual(fieldsOf(odd), ['kpis[0].target']);
  const bad = await agent('PATCH', `/api/v1/improvements/${imp}/plan`, { body: {
    services: ['Nowhere'], problems: [chg], kpis: [{ name: '', target: 1 }, { name: 'incident_mttr', target: 1 }, { name: 'incident_mttr', target: 2 }],
  } });
  assert.equal(bad.status, 422, JSON.stringify(bad.json));
  assert.deepEqual(fieldsOf(bad), ['kpis[0].name', 'kpis[2].name', 'problems[0]', 'services[0]']);
  // a KPI must be one of the catalogue's
  const unknown = await agent('PATCH', `/api/v1/improvements/${imp}/plan`, { body: { kpis: [{ name: 'reset_calls_per_month', target: 50 }] } });
  assert.equal(unknown.status, 422);
  assert.deepEqual(fieldsOf(unknown), ['kpis[0].name']);
  assert.equal((await agent('PATCH', `/api/v1/improvements/${imp}/plan`, { body: { kpis: [{ name: 'x' }] } })).status, 422);
  assert.equal((await agent('PATCH', `/api/v1/improvements/${imp}/plan`, { body: { nosuch: 1 } })).status, 422);
  assert.equal((await agent('PATCH', '/api/v1/improvements/IMP9999999/plan', { body: { vision: 'x' } })).status, 404);
  assert.equal((await agent('GET', `/api/v1/problems/${imp}/improvements`)).status, 404);
  assert.equal(fingerprint(s), fp);
});

test('approval: the baseline is captured then (a KPI with nothing to measure: left null), then in progress and done', async () => {
  const a = await boss('POST', `/api/v1/improvements/${imp}/approve`, { body: {} });
  assert.equal(a.status, 200, JSON.stringify(a.json));
  assert.equal(a.json.state, 'approved');
  const plan = (await boss('GET', `/api/v1/improvements/${imp}/plan`)).json;
  const incidents = (await agent('GET', '/api/v1/kpis/incident_count')).json.value;
  assert.deepEqual(plan.kpis.map((k) => [k.name, k.baseline, k.available]), [['change_success_rate', null, false], ['incident_count', incidents, true]]);
  assert.equal(plan.kpis[0].baseline_at, null);
  assert.match(plan.kpis[1].baseline_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal((await agent('POST', `/api/v1/improvements/${imp}/start`, { body: {} })).json.state, 'in_progress');
  assert.equal((await agent('POST', `/api/v1/improvements/${imp}/reject`, { body: {} })).status, 409);
  const done = await agent('POST', `/api/v1/improvements/${imp}/complete`, { body: {} });
  assert.equal(done.json.state, 'done');
  const out = await agent('PATCH', `/api/v1/improvements/${imp}/plan`, { body: { outcome: 'resets down to 60 a month', check_result: 'almost', momentum: 'review quarterly' } });
  assert.equal(out.status, 200);
  assert.equal(out.json.outcome, 'resets down to 60 a month');
  const idea = (await eu('POST', '/api/v1/improvements', { body: { title: 'Coffee machine on floor 3' } })).json.number;
  assert.equal((await boss('POST', `/api/v1/improvements/${idea}/reject`, { body: {} })).json.state, 'rejected');
  const list = (await agent('GET', '/api/v1/improvements')).json.items.map((x) => [x.number, x.state]);
  assert.deepEqual(list.sort(), [[imp, 'done'], [idea, 'rejected']].sort());
  assert.equal((await eu('GET', '/api/v1/improvements')).json.items.length, 2, 'the proposer sees their own');
});
