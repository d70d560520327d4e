// Incident management beyond the lifecycle: the configurable priority
// matrix, manual priority overrides with a reason, major incidents,
// parent/child incidents resolved together, and first-response time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib.mjs';

let s, admin, agent, eu;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  await admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1'] } });
});
after(async () => { await s.cleanup(); });

const fields = (r) => (r.json.errors || []).map((e) => e.field).sort();

test('the priority matrix is configurable and drives new priorities', async () => {
  const d = await agent('GET', '/api/v1/priority-matrix');
  assert.deepEqual(d.json.matrix, [[1, 2, 3], [2, 3, 4], [3, 4, 5]]);
  const old = (await agent('POST', '/api/v1/incidents', { body: { title: 'before', impact: 2, urgency: 2 } })).json;
  assert.equal(old.priority, 3);
  const bad = await admin('PUT', '/api/v1/priority-matrix', { body: { matrix: [[1, 2, 3], [2, 0, 4], [3, 4]] } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad), ['matrix[1][1]', 'matrix[2]']);
  const put = await admin('PUT', '/api/v1/priority-matrix', { body: { matrix: [[1, 1, 2], [1, 2, 3], [2, 3, 4]] } });
  assert.equal(put.status, 200);
  assert.deepEqual(put.json.matrix, [[1, 1, 2], [1, 2, 3], [2, 3, 4]]);
  const now = (await agent('POST', '/api/v1/incidents', { body: { title: 'after', impact: 2, urgency: 2 } })).json;
  assert.equal(now.priority, 2, 'new incidents use the new matrix');
  assert.equal((await agent('GET', `/api/v1/incidents/${old.number}`)).json.priority, 3, 'existing ones keep theirs');
  const re = await agent('PATCH', `/api/v1/incidents/${old.number}`, { body: { urgency: 1 }, headers: { 'if-match': String(old.version) } });
  assert.equal(re.json.priority, 1, 'a change of urgency re-derives from the current matrix');
  await admin('PUT', '/api/v1/priority-matrix', { body: { matrix: [[1, 2, 3], [2, 3, 4], [3, 4, 5]] } });
});

test('history writes instants as RFC 3339, as the rest of the API does (issue #21)', async () => {
  const c = (await agent('POST', '/api/v1/incidents', { body: { title: 'when' } })).json;
  const p = await agent('PATCH', `/api/v1/incidents/${c.number}`, { body: { outage_start: '2026-11-30T10:00:00Z' }, headers: { 'if-match': '1' } });
  assert.equal(p.status, 200);
  const h = await agent('GET', `/api/v1/incidents/${c.number}/history`);
  const res = h.json.items.find((e) => e.changes && e.changes.outage_start);
  assert.deepEqual(res.changes.outage_start, { from: null, to: '2026-11-30T10:00:00Z' });
});

test('a manual priority override needs a reason, is audited, and yields to a new impact or urgency', async () => {
  const c = (await agent('POST', '/api/v1/incidents', { body: { title: 'override me', impact: 3, urgency: 3 } })).json;
  assert.equal(c.priority, 5);
  assert.equal(c.priority_reason, null);
  const no = await agent('PATCH', `/api/v1/incidents/${c.number}`, { body: { priority: 1 }, headers: { 'if-match': '1' } });
  assert.equal(no.status, 422);
  assert.deepEqual(fields(no), ['priority_reason']);
  const lone = await agent('PATCH', `/api/v1/incidents/${c.number}`, { body: { priority_reason: 'why' }, headers: { 'if-match': '1' } });
  assert.deepEqual(fields(lone), ['priority_reason']);
  const range = await agent('PATCH', `/api/v1/incidents/${c.number}`, { body: { priority: 6, priority_reason: 'x' }, headers: { 'if-match': '1' } });
  assert.deepEqual(fields(range), ['priority']);
  const ok = await agent('PATCH', `/api/v1/incidents/${c.number}`, { body: { priority: 1, priority_reason: 'CEO cannot email' }, headers: { 'if-match': '1' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.priority, 1);
  assert.equal(ok.json.priority_reason, 'CEO cannot email');
  const h = await agent('GET', `/api/v1/incidents/${c.number}/history`);
  const upd = h.json.items.findLast((e) => e.action === 'update');
  assert.deepEqual(upd.changes.priority, { from: 5, to: 1 });
  assert.deepEqual(upd.changes.priority_reason, { from: null, to: 'CEO cannot email' });
  const title = await agent('PATCH', `/api/v1/incidents/${c.number}`, { body: { title: 'still overridden' }, headers: { 'if-match': '2' } });
  assert.equal(title.json.priority, 1, 'other edits keep the override');
  const back = await agent('PATCH', `/api/v1/incidents/${c.number}`, { body: { urgency: 2 }, headers: { 'if-match': '3' } });
  assert.equal(back.json.priority, 4);
  assert.equal(back.json.priority_reason, null);
  const atCreate = await agent('POST', '/api/v1/incidents', { body: { title: 'born urgent', priority: 2, priority_reason: 'VIP' } });
  assert.equal(atCreate.json.priority, 2);
  const euTry = await eu('POST', '/api/v1/incidents', { body: { title: 'me first', priority: 1, priority_reason: 'please' } });
  assert.equal(euTry.status, 403);
});

test('major incidents are declared with a reason, listed apart and downgraded', async () => {
  const c = (await agent('POST', '/api/v1/incidents', { body: { title: 'Email down for everyone', impact: 1, urgency: 1 } })).json;
  const plain = (await agent('POST', '/api/v1/incidents', { body: { title: 'just one user' } })).json;
  const none = await agent('POST', `/api/v1/incidents/${c.number}/major`, { body: {} });
  assert.equal(none.status, 422);
  assert.deepEqual(fields(none), ['reason']);
  const m = await agent('POST', `/api/v1/incidents/${c.number}/major`, { body: { reason: 'all staff affected' } });
  assert.equal(m.status, 200);
  assert.equal(m.json.major, true);
  assert.equal(m.json.major_reason, 'all staff affected');
  const again = await agent('POST', `/api/v1/incidents/${c.number}/major`, { body: { reason: 'again' } });
  assert.equal(again.status, 409);
  const majors = await agent('GET', '/api/v1/incidents?major=true');
  assert.deepEqual(majors.json.items.map((x) => x.number), [c.number]);
  const all = await agent('GET', '/api/v1/incidents?major=false&limit=200');
  assert.ok(all.json.items.some((x) => x.number === plain.number));
  assert.equal((await agent('GET', '/api/v1/incidents?major=maybe')).status, 400);
  const euTry = await eu('POST', `/api/v1/incidents/${c.number}/major`, { body: { reason: 'x' } });
  assert.equal(euTry.status, 403);
  const down = await agent('DELETE', `/api/v1/incidents/${c.number}/major`);
  assert.equal(down.status, 200);
  assert.equal(down.json.major, false);
  assert.equal(down.json.major_reason, null);
  assert.deepEqual((await agent('GET', '/api/v1/incidents?major=true')).json.items, []);
  const h = await agent('GET', `/api/v1/incidents/${c.number}/history`);
  assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'sla_start', 'major', 'major_cleared']);
  assert.deepEqual(h.json.items[2].changes.major, { from: 'false', to: 'true' });
});

test('child incidents hang off one parent and are resolved with it', async () => {
  const parent = (await agent('POST', '/api/v1/incidents', { body: { title: 'Outage: VPN concentrator' } })).json;
  const kids = [];
  for (let i = 0; i < 3; i++) {
    const k = await agent('POST', '/api/v1/incidents', { body: { title: `VPN down for user ${i}`, parent: parent.number, requester: 'eu1' } });
    assert.equal(k.status, 201);
    assert.equal(k.json.parent, parent.number);
    kids.push(k.json);
  }
  const p = await agent('GET', `/api/v1/incidents/${parent.number}`);
  assert.deepEqual(p.json.children, kids.map((k) => k.number));
  // one child was already dealt with, one is on hold
  await agent('POST', `/api/v1/incidents/${kids[0].number}/cancel`, { body: { reason: 'duplicate' } });
  await agent('POST', `/api/v1/incidents/${kids[1].number}/hold`, { body: { reason: 'awaiting_caller' } });
  // nesting and self-reference are refused
  const grand = await agent('POST', '/api/v1/incidents', { body: { title: 'grandchild', parent: kids[2].number } });
  assert.equal(grand.status, 422);
  assert.deepEqual(fields(grand), ['parent']);
  const self = await agent('PATCH', `/api/v1/incidents/${parent.number}`, { body: { parent: parent.number }, headers: { 'if-match': String(p.json.version) } });
  assert.equal(self.status, 422);
  const other = (await agent('POST', '/api/v1/incidents', { body: { title: 'other' } })).json;
  const adopt = await agent('PATCH', `/api/v1/incidents/${parent.number}`, { body: { parent: other.number }, headers: { 'if-match': String(p.json.version) } });
  assert.equal(adopt.status, 422, 'a parent with children cannot become a child');
  const ghost = await agent('POST', '/api/v1/incidents', { body: { title: 'orphan', parent: 'INC9999999' } });
  assert.equal(ghost.status, 422);
  const r = await agent('POST', `/api/v1/incidents/${parent.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'Replaced the PSU' } });
  assert.equal(r.status, 200);
  const states = [];
  for (const k of kids) states.push((await agent('GET', `/api/v1/incidents/${k.number}`)).json);
  assert.deepEqual(states.map((x) => x.state), ['canceled', 'resolved', 'resolved']);
  assert.equal(states[1].resolution_code, 'fixed');
  assert.equal(states[1].resolution_notes, `Resolved with ${parent.number}: Replaced the PSU`);
  assert.equal(states[1].hold_reason, null);
  const h = await agent('GET', `/api/v1/incidents/${kids[2].number}/history`);
  const last = h.json.items.at(-1);
  assert.equal(last.action, 'transition');
  assert.deepEqual(last.changes.via_parent, { to: parent.number });
  // the requester sees the parent's number but can still only open their own
  const mine = await eu('GET', `/api/v1/incidents/${kids[2].number}`);
  assert.equal(mine.json.parent, parent.number);
  assert.equal((await eu('GET', `/api/v1/incidents/${parent.number}`)).status, 404);
  const detach = await agent('PATCH', `/api/v1/incidents/${kids[2].number}`, { body: { parent: null }, headers: { 'if-match': String(states[2].version) } });
  assert.equal(detach.status, 200);
  assert.equal(detach.json.parent, null);
});

test('first response: a public reply or an assignment by an agent, nothing else', async () => {
  const a = (await eu('POST', '/api/v1/incidents', { body: { title: 'waiting for the desk' } })).json;
  assert.equal(a.first_response_at, null);
  await eu('POST', `/api/v1/incidents/${a.number}/comments`, { body: { body: 'any news?' } });
  await agent('POST', `/api/v1/incidents/${a.number}/comments`, { body: { body: 'internal musing', internal: true } });
  assert.equal((await agent('GET', `/api/v1/incidents/${a.number}`)).json.first_response_at, null);
  await agent('POST', `/api/v1/incidents/${a.number}/comments`, { body: { body: 'We are on it' } });
  const after1 = (await agent('GET', `/api/v1/incidents/${a.number}`)).json;
  assert.match(after1.first_response_at, /^\d{4}-\d\d-\d\dT/);
  await agent('POST', `/api/v1/incidents/${a.number}/comments`, { body: { body: 'second reply' } });
  assert.equal((await agent('GET', `/api/v1/incidents/${a.number}`)).json.first_response_at, after1.first_response_at, 'set once');
  const b = (await eu('POST', '/api/v1/incidents', { body: { title: 'assign me' } })).json;
  const assigned = await agent('PATCH', `/api/v1/incidents/${b.number}`, { body: { assignment_group: 'Desk', assignee: 'agent1' }, headers: { 'if-match': '1' } });
  assert.match(assigned.json.first_response_at, /^\d{4}-/);
  const h = await agent('GET', `/api/v1/incidents/${b.number}/history`);
  assert.ok(h.json.items.at(-1).changes.first_response_at);
  const c = (await agent('POST', '/api/v1/incidents', { body: { title: 'born assigned', assignment_group: 'Desk', assignee: 'agent1' } })).json;
  assert.match(c.first_response_at, /^\d{4}-/);
});
