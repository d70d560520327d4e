// The computed risk of changes (docs/changes.md#risk): each factor moves
// the score by what the documented defaults say, the level follows the
// thresholds, an override needs a reason and is audited, approval policies
// select by the effective level, and the settings are validated.  Every
// refusal is checked to have changed nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf } from './lib.mjs';

let s, admin, agent, manager;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'cm1', role: 'manager' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  manager = as(s, 'cm1');
});
after(async () => { await s.cleanup(); });

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const FAR = Date.parse('2031-03-01T22:00:00Z');
const far = { planned_start: iso(FAR), planned_end: iso(FAR + 2 * 3600e3) };
const plans = { implementation_plan: 'do it', backout_plan: 'undo it', test_plan: 'check it' };

const raise = async (body) => {
  const r = await agent('POST', '/api/v1/changes', { body: { title: 'Risky business', ...body } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};
const get = async (number) => (await agent('GET', `/api/v1/changes/${number}`)).json;
const risk = async (number) => {
  const r = await agent('GET', `/api/v1/changes/${number}/risk`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json;
};
const points = (a) => Object.fromEntries(a.factors.map((f) => [f.factor, f.points]));
const patch = async (number, body, who = agent) => {
  const cur = await get(number);
  return who('PATCH', `/api/v1/changes/${number}`, { body, headers: { 'if-match': String(cur.version) } });
};
const act = (number, action, body = {}) => agent('POST', `/api/v1/changes/${number}/${action}`, { body });

test('the defaults: a standard change with its plans, far ahead, touching nothing scores 0; the answer lists every factor', async () => {
  const settings = (await agent('GET', '/api/v1/risk-settings')).json;
  assert.deepEqual(settings, {
    weight_services: 25, services_saturation: 12, weight_type: 15, weight_failure_rate: 15, weight_caused_incidents: 15,
    incidents_saturation: 5, weight_lead_time: 10, lead_time_hours: 72, weight_blackout: 20, weight_no_backout_plan: 10,
    weight_no_test_plan: 10, threshold_medium: 20, threshold_high: 40, threshold_very_high: 60,
  });
  const c = await raise({ type: 'standard', ...plans, ...far });
  assert.equal(c.risk_score, 0);
  assert.equal(c.risk, 'low');
  assert.equal(c.risk_computed, 'low');
  assert.equal(c.risk_reason, null);
  const a = await risk(c.number);
  assert.equal(a.score, 0);
  assert.equal(a.level, 'low');
  assert.equal(a.overridden, false);
  assert.deepEqual(a.thresholds, { medium: 20, high: 40, very_high: 60 });
  assert.deepEqual(a.factors.map((f) => f.factor),
    ['services', 'type', 'failure_rate', 'caused_incidents', 'lead_time', 'blackout', 'no_backout_plan', 'no_test_plan']);
  assert.deepEqual(a.factors.map((f) => f.weight), [25, 15, 15, 15, 10, 20, 10, 10]);
  assert.ok(a.factors.every((f) => f.points === 0), JSON.stringify(a.factors));
  assert.equal(a.factors[1].detail, 'a standard change');
});

test('type, plans and lead time each move the score as documented', async () => {
  const normal = await raise({ type: 'normal', ...plans, ...far });
  assert.equal(points(await risk(normal.number)).type, 7, 'normal: half the weight');
  assert.equal(normal.risk_score, 7);
  const emergency = await raise({ type: 'emergency', ...plans, ...far });
  assert.equal(points(await risk(emergency.number)).type, 15, 'emergency: the whole weight');

  // a missing back-out plan, then a missing test plan: 10 each
  let r = await patch(normal.number, { backout_plan: null });
  assert.equal(r.status, 200);
  assert.equal(r.json.risk_score, 17);
  r = await patch(normal.number, { test_plan: null });
  assert.equal(r.json.risk_score, 27);
  assert.equal(r.json.risk, 'medium', '27 reaches the medium threshold (20)');
  const a = await risk(normal.number);
  assert.deepEqual(points(a), { services: 0, type: 7, failure_rate: 0, caused_incidents: 0, lead_time: 0, blackout: 0, no_backout_plan: 10, no_test_plan: 10 });
  assert.equal(a.factors.find((f) => f.factor === 'no_test_plan').detail, 'no test plan');

  // lead time: a start 36 hours ahead scores about half of 10; one already due, all of it
  const soon = Date.now() + 36 * 3600e3;
  r = await patch(normal.number, { ...plans, planned_start: iso(soon), planned_end: iso(soon + 3600e3) });
  const lead = (await risk(normal.number)).factors.find((f) => f.factor === 'lead_time');
  assert.ok(lead.measure >= 35 && lead.measure <= 36, JSON.stringify(lead));
  assert.equal(lead.points, Math.trunc(10 * (72 - lead.measure) / 72));
  assert.equal(r.json.risk_score, 7 + lead.points);
  const past = Date.now() - 3600e3;
  r = await patch(normal.number, { planned_start: iso(past), planned_end: iso(past + 7200e3) });
  assert.equal(points(await risk(normal.number)).lead_time, 10);
  assert.equal(r.json.risk_score, 17);
});

test('services and objectives reached through the CMDB, earlier failures and the incidents they caused', async () => {
  const ci = (await agent('POST', '/api/v1/cis', { body: { name: 'risk-db-01', class: 'server', attributes: { hostname: 'risk-db-01' } } })).json;
  assert.ok(ci.id, JSON.stringify(ci));
  const obj = await manager('POST', '/api/v1/objectives', { body: { name: 'Sell online', owner: 'cm1' } });
  assert.equal(obj.status, 201, JSON.stringify(obj.json));
  const shop = await manager('POST', '/api/v1/services', { body: { name: 'Risk shop', criticality: 1, cis: [ci.id], objectives: ['Sell online'] } });
  assert.equal(shop.status, 201, JSON.stringify(shop.json));
  const portal = await manager('POST', '/api/v1/services', { body: { name: 'Risk portal', criticality: 3, depends_on: ['Risk shop'] } });
  assert.equal(portal.status, 201, JSON.stringify(portal.json));

  // the CI reaches the shop (criticality 1: 4 points), the portal depending on it (3: 2) and the objective (2): 8 of 12
  const c = await raise({ type: 'standard', ...plans, ...far, affected_cis: [ci.id] });
  let a = await risk(c.number);
  const svc = a.factors.find((f) => f.factor === 'services');
  assert.equal(svc.measure, 8);
  assert.equal(svc.points, Math.trunc(25 * 8 / 12));
  assert.equal(svc.detail, '2 services and 1 business objective reached');
  assert.equal(a.score, 16);

  // two earlier changes on the CI: one failed, one successful
  const done = async (code) => {
    const e = await raise({ type: 'standard', ...plans, ...far, affected_cis: [ci.id] });
    for (const step of ['schedule', 'implement']) assert.equal((await act(e.number, step)).status, 200);
    const r = await act(e.number, 'complete', { resolution_code: code, resolution_notes: 'as it went' });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return e.number;
  };
  const failed = await done('failed');
  await done('successful');
  // an incident caused by the failed one
  const inc = (await agent('POST', '/api/v1/incidents', { body: { title: 'DB slow after the change' } })).json;
  const incNow = (await agent('GET', `/api/v1/incidents/${inc.number}`)).json;
  const linked = await agent('PATCH', `/api/v1/incidents/${inc.number}`, { body: { caused_by: failed }, headers: { 'if-match': String(incNow.version) } });
  assert.equal(linked.status, 200, JSON.stringify(linked.json));

  // assessed again when the change is next written
  const r = await patch(c.number, { description: 'now with history' });
  assert.equal(r.status, 200);
  a = await risk(c.number);
  const f = Object.fromEntries(a.factors.map((x) => [x.factor, x]));
  assert.equal(f.failure_rate.measure, 500, 'permille');
  assert.equal(f.failure_rate.points, 7);
  assert.equal(f.failure_rate.detail, '1 of 2 earlier changes on its CIs failed or were backed out');
  assert.equal(f.caused_incidents.measure, 1);
  assert.equal(f.caused_incidents.points, 3);
  assert.equal(a.score, 16 + 7 + 3);
  assert.equal(r.json.risk_score, 26);
  assert.equal(r.json.risk, 'medium');
  // a change elsewhere is not touched by that history
  const other = await raise({ type: 'standard', ...plans, ...far });
  assert.equal(other.risk_score, 0);
});

test('a blackout over the planned window scores the blackout weight (the schedule\'s check)', async () => {
  const w = await admin('POST', '/api/v1/change-windows', { body: { name: 'Risk freeze', kind: 'blackout', timezone: 'UTC', start: '2031-09-01T00:00', duration: 2880 } });
  assert.equal(w.status, 201, JSON.stringify(w.json));
  // (other tests plan in March and May, outside it)
  const c = await raise({ type: 'normal', ...plans, planned_start: '2031-09-01T22:00:00Z', planned_end: '2031-09-01T23:00:00Z' });
  const f = (await risk(c.number)).factors.find((x) => x.factor === 'blackout');
  assert.equal(f.points, 20);
  assert.equal(f.measure, 1);
  assert.equal(f.detail, "in the blackout window 'Risk freeze'");
  assert.equal((await get(c.number)).risk_score, 27, 'normal 7 + blackout 20');
  const outside = await raise({ type: 'normal', ...plans, planned_start: '2031-05-01T22:00:00Z', planned_end: '2031-05-01T23:00:00Z' });
  const out = (await risk(outside.number)).factors.find((x) => x.factor === 'blackout');
  assert.equal(out.points, 0);
  assert.equal(out.detail, 'outside every blackout window');
  // a window on another service does not count
  await admin('POST', '/api/v1/services', { body: { name: 'Risk other', criticality: 4 } });
  const w2 = await admin('POST', '/api/v1/change-windows', { body: { name: 'Other freeze', kind: 'blackout', timezone: 'UTC', start: '2031-05-01T00:00', duration: 2880, services: ['Risk other'] } });
  assert.equal(w2.status, 201, JSON.stringify(w2.json));
  const r = await patch(outside.number, { description: 'again' });
  assert.equal(r.json.risk_score, 7);
});

test('an override needs a reason, is audited, survives later writes and is cleared with risk null', async () => {
  const c = await raise({ type: 'normal', ...plans, ...far });
  assert.equal(c.risk, 'low');
  const bare = await patch(c.number, { risk: 'very_high' });
  assert.equal(bare.status, 422);
  assert.deepEqual(fieldsOf(bare), ['risk_reason']);
  const blankReason = await patch(c.number, { risk: 'high', risk_reason: '' });
  assert.deepEqual(fieldsOf(blankReason), ['risk_reason']);
  const alone = await patch(c.number, { risk_reason: 'because' });
  assert.deepEqual(fieldsOf(alone), ['risk_reason']);
  const odd = await patch(c.number, { risk: 'extreme', risk_reason: 'because' });
  assert.deepEqual(fieldsOf(odd), ['risk']);
  const clearWithReason = await patch(c.number, { risk: null, risk_reason: 'because' });
  assert.deepEqual(fieldsOf(clearWithReason), ['risk_reason']);
  const still = await get(c.number);
  assert.equal(still.version, c.version, 'refusals change nothing');
  assert.equal(still.risk, 'low');

  let r = await patch(c.number, { risk: 'very_high', risk_reason: 'the vendor has no rollback for this firmware' });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.risk, 'very_high');
  assert.equal(r.json.risk_computed, 'low');
  assert.equal(r.json.risk_reason, 'the vendor has no rollback for this firmware');
  let a = await risk(c.number);
  assert.equal(a.overridden, true);
  assert.equal(a.level, 'very_high');
  assert.equal(a.computed, 'low');
  const history = (await agent('GET', `/api/v1/changes/${c.number}/history`)).json.items;
  const assessed = history.filter((h) => h.action === 'risk_assessed');
  const last = assessed[assessed.length - 1];
  assert.deepEqual(last.changes.risk, { from: 'low', to: 'very_high' });
  assert.deepEqual(last.changes.risk_reason, { from: null, to: 'the vendor has no rollback for this firmware' });

  // the score is made again, the override kept
  r = await patch(c.number, { test_plan: null });
  assert.equal(r.json.risk_score, 17);
  assert.equal(r.json.risk, 'very_high');
  assert.equal(r.json.risk_reason, 'the vendor has no rollback for this firmware');

  r = await patch(c.number, { risk: null });
  assert.equal(r.status, 200);
  assert.equal(r.json.risk, 'low');
  assert.equal(r.json.risk_reason, null);
  a = await risk(c.number);
  assert.equal(a.overridden, false);
});

test('approval policies select by the effective level: computed, or overridden', async () => {
  const p = await admin('POST', '/api/v1/approval-policies', { body: {
    name: 'Risk CAB', kind: 'change', match_type: 'normal', match_risk: 'medium', steps: [{ rule: 'any', users: ['cm1'] }] } });
  assert.equal(p.status, 201, JSON.stringify(p.json));
  const submitted = async (body) => {
    const c = await raise({ type: 'normal', ...plans, ...far, ...body });
    assert.equal((await act(c.number, 'assess')).status, 200);
    const r = await act(c.number, 'submit');
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return (await agent('GET', `/api/v1/changes/${c.number}/approvals`)).json.items;
  };
  assert.deepEqual(await submitted({}), [], 'low (7): no policy');
  // medium by the computed score: a test plan cannot be missing at submit, so weight the type up
  const setting = await admin('PATCH', '/api/v1/risk-settings', { body: { weight_type: 50 } });
  assert.equal(setting.status, 200, JSON.stringify(setting.json));
  const computed = await submitted({});
  assert.equal(computed.length, 1);
  assert.equal(computed[0].policy, 'Risk CAB');
  const back = await admin('PATCH', '/api/v1/risk-settings', { body: { weight_type: 15 } });
  assert.equal(back.json.weight_type, 15);
  const overridden = await submitted({ risk: 'medium', risk_reason: 'touches payroll' });
  assert.equal(overridden.length, 1);
  assert.equal(overridden[0].policy, 'Risk CAB');
  await admin('PATCH', '/api/v1/approval-policies/Risk%20CAB', { body: { active: false }, headers: { 'if-match': String(p.json.version) } });
});

test('settings: thresholds move levels; admins only; every bad value refused with nothing changed; audited', async () => {
  const c = await raise({ type: 'normal', ...plans, ...far });
  assert.equal(c.risk, 'low');
  assert.equal((await agent('PATCH', '/api/v1/risk-settings', { body: { threshold_medium: 5 } })).status, 403);
  assert.equal((await manager('PATCH', '/api/v1/risk-settings', { body: { threshold_medium: 5 } })).status, 403);
  const before = (await agent('GET', '/api/v1/risk-settings')).json;
  for (const [body, fields] of [
    [{ weight_type: -1 }, ['weight_type']],
    [{ weight_type: 1001 }, ['weight_type']],
    [{ services_saturation: 0 }, ['services_saturation']],
    [{ lead_time_hours: 9000 }, ['lead_time_hours']],
    [{ threshold_high: 10 }, ['threshold_high']],
    [{ threshold_medium: 40, threshold_high: 40 }, ['threshold_high']],
    [{ weight_type: '5' }, ['weight_type']],
    [{ nonsense: 1 }, ['nonsense']],
  ]) {
    const r = await admin('PATCH', '/api/v1/risk-settings', { body });
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.deepEqual(fieldsOf(r), fields, JSON.stringify(body));
  }
  assert.deepEqual((await agent('GET', '/api/v1/risk-settings')).json, before, 'nothing changed');

  const r = await admin('PATCH', '/api/v1/risk-settings', { body: { threshold_medium: 5, threshold_high: 6, threshold_very_high: 7 } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.threshold_high, 6);
  // the change is assessed again when next written: 7 points is very high now
  assert.equal((await patch(c.number, { description: 'again' })).json.risk, 'very_high');
  assert.deepEqual((await risk(c.number)).thresholds, { medium: 5, high: 6, very_high: 7 });
  await admin('PATCH', '/api/v1/risk-settings', { body: { threshold_very_high: 60, threshold_high: 40, threshold_medium: 20 } });
  assert.equal((await agent('GET', '/api/v1/risk-settings')).json.threshold_high, 40);
  assert.equal((await agent('GET', '/api/v1/changes/CHG9999999/risk')).status, 404);
});

test('the scheduler assesses open changes again once risk_reassess_after has passed: a moved setting reaches them unwritten, an override is kept, a closed change is left alone', async () => {
  const t = await startServer({ users: [{ login: 'agent2', role: 'agent' }],
    settings: { STEWARD_RISK_REASSESS_AFTER: '1s', STEWARD_SCHEDULER_INTERVAL: '1s' } });
  try {
    const a2 = as(t, 'agent2');
    const ad = as(t, 'admin');
    const make = async (body) => {
      const r = await a2('POST', '/api/v1/changes', { body: { title: 'Reassess me', type: 'normal', ...plans, ...far, ...body } });
      assert.equal(r.status, 201, JSON.stringify(r.json));
      return r.json;
    };
    const read = async (n) => (await a2('GET', `/api/v1/changes/${n}/risk`)).json;
    const open = await make({});
    const kept = await make({ risk: 'very_high', risk_reason: 'no rollback' });
    const gone = await make({});
    assert.equal((await a2('POST', `/api/v1/changes/${gone.number}/cancel`, { body: { reason: 'not needed' } })).status, 200);
    assert.deepEqual([open.risk_score, kept.risk_score, gone.risk_score], [7, 7, 7]);
    // the type's weight doubles: no change is written, yet the open ones are assessed again
    assert.equal((await ad('PATCH', '/api/v1/risk-settings', { body: { weight_type: 30 } })).status, 200);
    let now;
    for (let i = 0; i < 100 && (now = await read(open.number)).score !== 15; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(now.score, 15, 'normal: half of the new weight');
    // each change is assessed in its own transaction: the override may land a moment later
    let k;
    for (let i = 0; i < 100 && (k = await read(kept.number)).score !== 15; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual([k.score, k.level, k.overridden, k.reason], [15, 'very_high', true, 'no rollback']);
    assert.equal((await read(gone.number)).score, 7, 'a canceled change is history: not assessed again');
    const history = (await a2('GET', `/api/v1/changes/${open.number}/history`)).json.items;
    const last = history.filter((h) => h.action === 'risk_assessed').at(-1);
    assert.deepEqual(last.changes.risk_score, { from: 7, to: 15 });
    assert.equal((await a2('GET', `/api/v1/changes/${open.number}`)).json.version, open.version, 'the change itself was not written');
  } finally {
    await t.cleanup();
  }
});
