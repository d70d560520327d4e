// Releases (docs/releases.md): a ticket kind of the desk's own that groups
// changes (one release at a time), with stage dates, a deployment window on
// the change calendar, readiness computed from its changes, a go/no-go
// decision that readiness gates unless a reason overrides it, and notes
// rendered as knowledge articles are.  Refusals are checked to change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf } from './lib.mjs';

let s, admin, agent, eu;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
});
after(async () => { await s.cleanup(); });

const W0 = '2031-06-06T20:00:00Z';
const W1 = '2031-06-06T23:00:00Z';
const release = async (body = {}) => {
  const r = await agent('POST', '/api/v1/releases', { body: { title: 'Shop 2.4', release_version: '2.4.0', window_start: W0, window_end: W1, ...body } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};
const get = async (number) => (await agent('GET', `/api/v1/releases/${number}`)).json;
const act = (number, action, body = {}) => agent('POST', `/api/v1/releases/${number}/${action}`, { body });
// a standard change, scheduled (pre-approved: counts as authorised)
const change = async (body = {}, schedule = true) => {
  const c = await agent('POST', '/api/v1/changes', { body: {
    title: 'Deploy shop build', type: 'standard', implementation_plan: 'deploy', backout_plan: 'roll back',
    planned_start: W0, planned_end: W1, ...body } });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  if (schedule) assert.equal((await agent('POST', `/api/v1/changes/${c.json.number}/schedule`, { body: {} })).status, 200);
  return c.json.number;
};
const link = (number, changes) => agent('POST', `/api/v1/releases/${number}/changes`, { body: { changes } });

test('a release is raised with its version, type, stage dates and window; bad input is refused; end users reach none', async () => {
  const r = await release({ release_type: 'major', build_planned: '2031-06-01T09:00:00Z', test_planned: '2031-06-03T09:00:00Z',
    deploy_planned: W0, release_notes: '# Shop 2.4\n\n- faster checkout' });
  assert.match(r.number, /^RLS\d{7}$/);
  assert.equal(r.kind, 'release');
  assert.equal(r.state, 'planned');
  assert.equal(r.release_version, '2.4.0');
  assert.equal(r.release_type, 'major');
  assert.equal(r.build_planned, '2031-06-01T09:00:00Z');
  assert.equal(r.test_planned, '2031-06-03T09:00:00Z');
  assert.equal(r.deploy_planned, W0);
  assert.equal(r.window_start, W0);
  assert.equal(r.window_end, W1);
  assert.equal(r.build_actual, null);
  assert.equal(r.go_decision, null);
  assert.deepEqual(r.allowed_actions, ['build', 'cancel']);
  assert.equal((await release({ release_version: '2.4.1' })).release_type, 'minor', 'minor by default');

  const bad = await agent('POST', '/api/v1/releases', { body: { title: 'x', release_type: 'huge', window_start: W1, window_end: W0 } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['release_type', 'release_version', 'window_end']);
  const onChange = await agent('POST', '/api/v1/changes', { body: { title: 'x', release_version: '1' } });
  assert.deepEqual(fieldsOf(onChange), ['release_version'], 'changes have no release fields');
  const cur = await get(r.number);
  const cleared = await agent('PATCH', `/api/v1/releases/${r.number}`, { body: { release_version: null }, headers: { 'if-match': String(cur.version) } });
  assert.deepEqual(fieldsOf(cleared), ['release_version']);
  assert.equal((await get(r.number)).version, cur.version, 'nothing changed');
  const moved = await agent('PATCH', `/api/v1/releases/${r.number}`, { body: { release_version: '2.4.0-rc2', test_planned: '2031-06-04T09:00:00Z' }, headers: { 'if-match': String(cur.version) } });
  assert.equal(moved.status, 200, JSON.stringify(moved.json));
  assert.equal(moved.json.release_version, '2.4.0-rc2');
  assert.equal(moved.json.test_planned, '2031-06-04T09:00:00Z');
  const history = (await agent('GET', `/api/v1/releases/${r.number}/history`)).json.items;
  assert.deepEqual(history.at(-1).changes.release_version, { from: '2.4.0', to: '2.4.0-rc2' });

  assert.equal((await eu('GET', `/api/v1/releases/${r.number}`)).status, 403);
  assert.equal((await eu('GET', '/api/v1/releases')).status, 403);
  assert.equal((await eu('POST', '/api/v1/releases', { body: { title: 'x', release_version: '1' } })).status, 403);
});

test('changes are grouped, one release at a time; the change shows its release and the release its changes', async () => {
  const r = await release();
  const other = await release({ release_version: '9.9' });
  const a = await change();
  const b = await change();
  const linked = await link(r.number, [a, b]);
  assert.equal(linked.status, 200, JSON.stringify(linked.json));
  assert.equal(linked.json.number, r.number);
  const listed = (await agent('GET', `/api/v1/releases/${r.number}/changes`)).json.items.map((x) => x.number);
  assert.deepEqual(listed, [a, b]);
  assert.equal((await agent('GET', `/api/v1/changes/${a}`)).json.release, r.number);

  // refusals: already in one (here or elsewhere), no such change, twice in a list, a canceled change
  const again = await link(other.number, [a]);
  assert.equal(again.status, 409);
  assert.equal(again.json.type, 'urn:steward:problem:already-linked');
  assert.equal((await link(r.number, [b])).status, 409);
  const missing = await link(other.number, ['CHG9999999', a]);
  assert.equal(missing.status, 422);
  assert.deepEqual(fieldsOf(missing), ['changes[0]']);
  const unknown = await link(other.number, ['CHG9999999']);
  assert.equal(unknown.status, 422);
  assert.deepEqual(fieldsOf(unknown), ['changes[0]']);
  const c = await change({}, false);
  const twice = await link(other.number, [c, c]);
  assert.deepEqual(fieldsOf(twice), ['changes[1]']);
  const empty = await link(other.number, []);
  assert.deepEqual(fieldsOf(empty), ['changes']);
  assert.equal((await agent('POST', `/api/v1/changes/${c}/cancel`, { body: {} })).status, 200);
  assert.equal((await link(other.number, [c])).status, 409);
  assert.deepEqual((await agent('GET', `/api/v1/releases/${other.number}/changes`)).json.items, [], 'nothing was linked');

  // taken out, it may join another
  assert.equal((await agent('DELETE', `/api/v1/releases/${r.number}/changes/${a}`)).status, 204);
  assert.equal((await agent('GET', `/api/v1/changes/${a}`)).json.release, null);
  assert.equal((await agent('DELETE', `/api/v1/releases/${r.number}/changes/${a}`)).status, 404);
  assert.equal((await link(other.number, [a])).status, 200);
  const changeHistory = (await agent('GET', `/api/v1/changes/${a}/history`)).json.items.filter((h) => h.action.startsWith('release_'));
  assert.deepEqual(changeHistory.map((h) => [h.action, h.changes.release]),
    [['release_link', { from: null, to: r.number }], ['release_unlink', { from: r.number, to: null }], ['release_link', { from: null, to: other.number }]]);
  assert.equal((await eu('GET', `/api/v1/releases/${r.number}/changes`)).status, 403);
});

test('readiness: every change authorised, tests recorded, a back-out plan; go is refused until ready unless a reason overrides', async () => {
  const r = await release();
  let ready = (await agent('GET', `/api/v1/releases/${r.number}/readiness`)).json;
  assert.deepEqual(ready, { ready: false, changes: [], missing: ['the release groups no changes'] });

  const a = await change();
  const unscheduled = await change({ backout_plan: null }, false);
  assert.equal((await link(r.number, [a, unscheduled])).status, 200);
  ready = (await agent('GET', `/api/v1/releases/${r.number}/readiness`)).json;
  assert.equal(ready.ready, false);
  assert.deepEqual(ready.changes.map((x) => [x.number, x.authorised, x.tests_recorded, x.backout_plan]),
    [[a, true, false, true], [unscheduled, false, false, false]]);
  assert.deepEqual(ready.missing, [`${a} has no test results`, `${unscheduled} is not authorised (new)`,
    `${unscheduled} has no test results`, `${unscheduled} has no back-out plan`]);

  // the stages: build, then test, each stamping its actual date
  const built = await act(r.number, 'build');
  assert.equal(built.json.state, 'building');
  assert.ok(built.json.build_actual);
  assert.equal((await act(r.number, 'go')).status, 409, 'go only from testing');
  const tested = await act(r.number, 'test');
  assert.equal(tested.json.state, 'testing');
  assert.ok(tested.json.test_actual);

  // not ready: go refused, naming what is missing, nothing changed
  const was = await get(r.number);
  const refused = await act(r.number, 'go');
  assert.equal(refused.status, 409);
  assert.equal(refused.json.type, 'urn:steward:problem:not-ready');
  assert.match(refused.json.detail, /has no test results/);
  assert.equal((await get(r.number)).version, was.version);

  // no-go needs a reason and sends it back to building
  const bare = await act(r.number, 'no_go');
  assert.equal(bare.status, 422);
  assert.deepEqual(fieldsOf(bare), ['reason']);
  const nogo = await act(r.number, 'no_go', { reason: 'tests not run' });
  assert.equal(nogo.json.state, 'building');
  assert.equal(nogo.json.go_decision, 'no_go');
  assert.equal(nogo.json.go_reason, 'tests not run');
  await act(r.number, 'test');

  // made ready: the unscheduled one leaves, the other records its tests
  assert.equal((await agent('DELETE', `/api/v1/releases/${r.number}/changes/${unscheduled}`)).status, 204);
  const cur = (await agent('GET', `/api/v1/changes/${a}`)).json;
  assert.equal((await agent('PATCH', `/api/v1/changes/${a}`, { body: { test_results: 'all green' }, headers: { 'if-match': String(cur.version) } })).status, 200);
  ready = (await agent('GET', `/api/v1/releases/${r.number}/readiness`)).json;
  assert.deepEqual(ready, { ready: true, changes: [{ number: a, title: 'Deploy shop build', state: 'scheduled', authorised: true, tests_recorded: true, backout_plan: true }], missing: [] });
  const go = await act(r.number, 'go');
  assert.equal(go.status, 200, JSON.stringify(go.json));
  assert.equal(go.json.state, 'deploying');
  assert.equal(go.json.go_decision, 'go');
  assert.equal(go.json.go_reason, null);
  assert.ok(go.json.deploy_actual);
  assert.equal((await act(r.number, 'close')).json.state, 'closed');
  assert.equal((await link(r.number, [await change()])).status, 409, 'a closed release takes no changes');

  // an override: go with a reason while not ready
  const o = await release({ release_version: '3.0' });
  await act(o.number, 'build');
  await act(o.number, 'test');
  const forced = await act(o.number, 'go', { reason: 'security fix, CAB agreed by phone' });
  assert.equal(forced.status, 200);
  assert.equal(forced.json.go_decision, 'go');
  assert.equal(forced.json.go_reason, 'security fix, CAB agreed by phone');
  const h = (await agent('GET', `/api/v1/releases/${o.number}/history`)).json.items.at(-1);
  assert.equal(h.changes.reason.to, 'security fix, CAB agreed by phone');
});

test('release notes are rendered like knowledge articles (safe HTML)', async () => {
  const r = await release({ release_notes: '# Shop 2.4\n\n- faster **checkout**\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))' });
  const n = (await agent('GET', `/api/v1/releases/${r.number}/notes`)).json;
  assert.equal(n.markdown, r.release_notes);
  assert.match(n.html, /<h1>Shop 2.4<\/h1>/);
  assert.match(n.html, /<strong>checkout<\/strong>/);
  assert.doesNotMatch(n.html, /<script>/);
  assert.doesNotMatch(n.html, /javascript:/);
  const empty = (await agent('GET', `/api/v1/releases/${(await release()).number}/notes`)).json;
  assert.deepEqual(empty, { markdown: '', html: '' });
  assert.equal((await agent('GET', '/api/v1/releases/RLS9999999/notes')).status, 404);
});

test('the change calendar shows releases by their deployment window; canceled ones leave it', async () => {
  const r = await release({ title: 'Calendar release', release_version: '5.0', window_start: '2031-07-01T20:00:00Z', window_end: '2031-07-01T22:00:00Z' });
  const cal = async () => (await agent('GET', '/api/v1/changes/calendar?from=2031-07-01T00:00:00Z&to=2031-07-02T00:00:00Z')).json.items.filter((e) => e.kind === 'release');
  let events = await cal();
  assert.equal(events.length, 1);
  assert.equal(events[0].source, r.number);
  assert.equal(events[0].summary, `Release ${r.number} 5.0: Calendar release`);
  assert.equal(events[0].start, '2031-07-01T20:00:00Z');
  assert.equal(events[0].end, '2031-07-01T22:00:00Z');
  assert.equal(events[0].status, 'confirmed');
  // a service filter keeps releases whose changes touch it
  const svc = await admin('POST', '/api/v1/services', { body: { name: 'Release shop', criticality: 2 } });
  assert.equal(svc.status, 201, JSON.stringify(svc.json));
  const byService = async () => (await agent('GET', '/api/v1/changes/calendar?from=2031-07-01T00:00:00Z&to=2031-07-02T00:00:00Z&service=Release%20shop')).json.items.filter((e) => e.kind === 'release');
  assert.deepEqual(await byService(), []);
  await link(r.number, [await change({ affected_services: [svc.json.id] })]);
  assert.deepEqual((await byService()).map((e) => e.source), [r.number]);
  assert.equal((await act(r.number, 'cancel')).status, 200);
  events = await cal();
  assert.deepEqual(events, []);
});
