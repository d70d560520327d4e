// The configuration snapshot (issue #19, core/kernel/cfgsnap.c): a create
// reads the priority matrix, SLA policies, calendars, assignment rules,
// mandatory fields and the category count from memory, kept while the
// configuration version (migration 45) is unchanged.  Each test first lets
// both servers — two `steward serve` on one database, as a scale-out
// deployment runs them — build their snapshot with a create, then changes
// the configuration through one of them and checks that the next create on
// each uses the change.  Without the version check every one of these fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startTwin, as, api } from './lib.mjs';

let s, twin, admin, admin2, eu, eu2;
before(async () => {
  s = await startServer({ users: [
    { login: 'net1', role: 'agent' }, { login: 'net2', role: 'agent' }, { login: 'desk1', role: 'agent' },
  ] });
  twin = await startTwin(s);
  admin = as(s, 'admin');
  eu = as(s, 'desk1'); // an agent sees the clocks and the assignee in the answer
  // the same callers on the second server
  const on = (srv, login) => (method, path, opts = {}) => api(srv, method, path, { token: s.token(login), ...opts });
  admin2 = on(twin, 'admin');
  eu2 = on(twin, 'desk1');
  for (const [name, members] of [['Network', ['net1', 'net2']], ['Desk', ['desk1']]]) {
    assert.equal((await admin('POST', '/api/v1/groups', { body: { name, members } })).status, 201);
  }
});
after(async () => {
  await twin.stop();
  await s.cleanup();
});

const raise = async (who, body) => {
  const r = await who('POST', '/api/v1/incidents', { body });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};
const both = async (body) => [await raise(eu, body), await raise(eu2, body)];
const fieldsOf = (r) => (r.json.errors || []).map((e) => e.field).sort();

test('a change to the priority matrix reaches the next create on either server', async () => {
  const m = (await admin('GET', '/api/v1/priority-matrix')).json.matrix;
  const was = m[0][0];
  assert.deepEqual((await both({ title: 'matrix a', impact: 1, urgency: 1 })).map((t) => t.priority), [was, was]);
  const to = was === 5 ? 4 : 5;
  m[0][0] = to;
  assert.equal((await admin('PUT', '/api/v1/priority-matrix', { body: { matrix: m } })).status, 200);
  assert.deepEqual((await both({ title: 'matrix b', impact: 1, urgency: 1 })).map((t) => t.priority), [to, to]);
  // and back, through the other server
  m[0][0] = was;
  assert.equal((await admin2('PUT', '/api/v1/priority-matrix', { body: { matrix: m } })).status, 200);
  assert.deepEqual((await both({ title: 'matrix c', impact: 1, urgency: 1 })).map((t) => t.priority), [was, was]);
});

test('an SLA policy created, changed and switched off applies from the next create', async () => {
  const target = (t) => t.sla.filter((k) => k.metric === 'resolution').map((k) => [k.policy, k.target]);
  const before_ = await both({ title: 'sla a', impact: 3, urgency: 3 });
  assert.ok(before_.every((t) => !target(t).some(([p]) => p === 'snapshot')));
  const p = await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'snapshot', position: 0, match_priority: before_[0].priority, calendar: '24x7', resolution_seconds: 1234 } });
  assert.equal(p.status, 201, JSON.stringify(p.json));
  assert.deepEqual((await both({ title: 'sla b', impact: 3, urgency: 3 })).map(target), [[['snapshot', 1234]], [['snapshot', 1234]]]);
  assert.equal((await admin2('PATCH', '/api/v1/sla-policies/snapshot', { body: { resolution_seconds: 4321 } })).status, 200);
  assert.deepEqual((await both({ title: 'sla c', impact: 3, urgency: 3 })).map(target), [[['snapshot', 4321]], [['snapshot', 4321]]]);
  assert.equal((await admin('PATCH', '/api/v1/sla-policies/snapshot', { body: { active: false } })).status, 200);
  assert.ok((await both({ title: 'sla d', impact: 3, urgency: 3 })).every((t) => !target(t).some(([x]) => x === 'snapshot')));
});

test('assignment rules: a new rule, a changed group; the round robin moves across servers', async () => {
  const [a, b] = await both({ title: 'snapshot routing one' });
  assert.deepEqual([a.assignment_group, b.assignment_group], [null, null]);
  const r = await admin('POST', '/api/v1/assignment-rules', { body: {
    name: 'snapshot words', position: 1, match_keywords: ['snapshot routing'], assignment_group: 'Network', assign: 'round_robin' } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const got = [];
  for (let i = 0; i < 4; i++) got.push(await raise(i % 2 ? eu2 : eu, { title: `snapshot routing ${i}` }));
  assert.deepEqual(got.map((t) => t.assignment_group), ['Network', 'Network', 'Network', 'Network']);
  // each create, whichever server made it, takes the next agent
  assert.deepEqual(got.map((t) => t.assignee), ['net1', 'net2', 'net1', 'net2']);
  assert.equal((await admin2('PATCH', '/api/v1/assignment-rules/snapshot words', { body: { assignment_group: 'Desk', assign: 'none' } })).status, 200);
  assert.deepEqual((await both({ title: 'snapshot routing two' })).map((t) => [t.assignment_group, t.assignee]),
    [['Desk', null], ['Desk', null]]);
});

test('mandatory fields and the category tree apply from the next create', async () => {
  await both({ title: 'free category', category: 'anything' });
  const m = await admin('POST', '/api/v1/mandatory-fields', { body: { kind: 'incident', state: 'new', field: 'description' } });
  assert.equal(m.status, 201, JSON.stringify(m.json));
  for (const who of [eu, eu2]) {
    const r = await who('POST', '/api/v1/incidents', { body: { title: 'no description' } });
    assert.equal(r.status, 422);
    assert.deepEqual(fieldsOf(r), ['description']);
  }
  assert.equal((await admin2('DELETE', `/api/v1/mandatory-fields/${m.json.id}`)).status, 204);
  await both({ title: 'no description again' });
  // the first category makes the tree binding (the create reads the count)
  assert.equal((await admin2('POST', '/api/v1/categories', { body: { name: 'network' } })).status, 201);
  for (const who of [eu, eu2]) {
    const r = await who('POST', '/api/v1/incidents', { body: { title: 'x', category: 'anything' } });
    assert.equal(r.status, 422);
    assert.deepEqual(fieldsOf(r), ['category']);
  }
  assert.deepEqual((await both({ title: 'y', category: 'network' })).map((t) => t.category), ['network', 'network']);
});

test('a calendar\'s new hours reach the next clock', async () => {
  const cal = await admin('POST', '/api/v1/calendars', { body: { name: 'snapshot hours', timezone: 'UTC', hours: '24x7' } });
  assert.equal(cal.status, 201, JSON.stringify(cal.json));
  assert.equal((await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'snapshot calendar', position: 0, match_kind: 'incident', calendar: 'snapshot hours', resolution_seconds: 3600 } })).status, 201);
  const due = (t) => t.sla.find((k) => k.metric === 'resolution' && k.policy === 'snapshot calendar');
  const [a, b] = await both({ title: 'calendar a' });
  for (const t of [a, b]) {
    const k = due(t);
    assert.ok(k, JSON.stringify(t.sla));
    assert.ok(Math.abs(Date.parse(k.due_at) - Date.parse(t.created_at) - 3600e3) <= 2000, JSON.stringify(k));
  }
  // a calendar with no working time today or tomorrow: the clock is due later than an hour
  const day = new Date().getUTCDay();
  const names = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const hours = `${names[(day + 3) % 7]} 09:00-17:00`;
  assert.equal((await admin2('PATCH', '/api/v1/calendars/snapshot hours', { body: { hours } })).status, 200);
  for (const t of await both({ title: 'calendar b' })) {
    const k = due(t);
    assert.ok(Date.parse(k.due_at) - Date.parse(t.created_at) > 24 * 3600e3, JSON.stringify(k));
  }
  assert.equal((await admin('PATCH', '/api/v1/sla-policies/snapshot calendar', { body: { active: false } })).status, 200);
});

test('creates racing configuration changes: each gets one matrix or the other, none fails', async () => {
  // rebuilds on one thread while others read the snapshot being replaced
  // (the server runs four threads; the sanitizer build checks the lifetimes)
  const m = (await admin('GET', '/api/v1/priority-matrix')).json.matrix;
  const a = m[1][1], b = a === 5 ? 4 : 5;
  let flips = 0, stop = false;
  const flipper = (async () => {
    while (!stop && flips < 40) {
      m[1][1] = flips % 2 ? a : b;
      const who = flips % 2 ? admin2 : admin;
      assert.equal((await who('PUT', '/api/v1/priority-matrix', { body: { matrix: m } })).status, 200);
      flips++;
    }
  })();
  const seen = new Set();
  const worker = async (k) => {
    for (let i = 0; i < 15; i++) {
      const t = await raise(k % 2 ? eu2 : eu, { title: `race ${k}.${i}`, impact: 2, urgency: 2 });
      seen.add(t.priority);
    }
  };
  await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(worker));
  stop = true;
  await flipper;
  assert.ok(flips > 1, 'the matrix changed while creates ran');
  assert.deepEqual([...seen].filter((p) => p !== a && p !== b), []);
  // settled: the last matrix written is the one both servers use
  const last = (await admin('GET', '/api/v1/priority-matrix')).json.matrix[1][1];
  assert.deepEqual((await both({ title: 'race settled', impact: 2, urgency: 2 })).map((t) => t.priority), [last, last]);
  m[1][1] = a;
  assert.equal((await admin('PUT', '/api/v1/priority-matrix', { body: { matrix: m } })).status, 200);
});
