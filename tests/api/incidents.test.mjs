// Incidents: create, priority matrix, get, list filters, sort, pagination,
// PATCH with optimistic locking, actions through the lifecycle, comments
// and work notes, history, watchers and links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, as, fieldsOf, settled } from './lib.mjs';

let s, admin, agent, agent2, eu;
before(async () => {
  s = await startServer({ users: [
    { login: 'agent1', role: 'agent' },
    { login: 'agent2', role: 'agent' },
    { login: 'outsider', role: 'agent' },
    { login: 'eu1', role: 'end_user' },
    { login: 'eu2', role: 'end_user' },
  ] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  agent2 = as(s, 'agent2');
  eu = as(s, 'eu1');
  const g = await admin('POST', '/api/v1/groups', { body: { name: 'Network', manager: 'agent1', members: ['agent1', 'agent2'] } });
  assert.equal(g.status, 201);
});
after(async () => { await s.cleanup(); });

test('create answers 201 with Location, number and derived priority', async () => {
  const r = await agent('POST', '/api/v1/incidents', { body: {
    title: 'VPN down', description: 'All remote staff', impact: 1, urgency: 2, category: 'network',
    requester: 'eu1', assignment_group: 'Network', assignee: 'agent2', watchers: ['eu2'],
  } });
  assert.equal(r.status, 201);
  assert.match(r.json.number, /^INC\d{7}$/);
  assert.equal(r.headers.get('location'), `/api/v1/incidents/${r.json.number}`);
  assert.equal(r.headers.get('etag'), '"1"');
  const j = r.json;
  assert.equal(j.kind, 'incident');
  assert.equal(j.state, 'new');
  assert.equal(j.priority, 2);
  assert.equal(j.requester, 'eu1');
  assert.equal(j.assignment_group, 'Network');
  assert.equal(j.assignee, 'agent2');
  assert.deepEqual(j.watchers, ['eu2']);
  assert.equal(j.category, 'network');
  assert.equal(j.version, 1);
  assert.match(j.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(j.resolved_at, null);
  assert.deepEqual(j.allowed_actions, ['start', 'hold', 'resolve', 'cancel']);
  const got = await agent('GET', `/api/v1/incidents/${j.number}`);
  assert.equal(got.status, 200);
  assert.deepEqual(settled(got.json), settled(j));
});

test('priority follows the impact x urgency matrix in all nine cells', async () => {
  const want = { '1,1': 1, '1,2': 2, '1,3': 3, '2,1': 2, '2,2': 3, '2,3': 4, '3,1': 3, '3,2': 4, '3,3': 5 };
  for (const [key, p] of Object.entries(want)) {
    const [impact, urgency] = key.split(',').map(Number);
    const r = await agent('POST', '/api/v1/incidents', { body: { title: `matrix ${key}`, impact, urgency } });
    assert.equal(r.status, 201);
    assert.equal(r.json.priority, p, `impact ${impact} urgency ${urgency}`);
  }
  const d = await agent('POST', '/api/v1/incidents', { body: { title: 'defaults' } });
  assert.equal(d.json.impact, 3);
  assert.equal(d.json.urgency, 3);
  assert.equal(d.json.priority, 5);
  assert.equal(d.json.description, '');
});

test('validation reports every bad field together and writes nothing', async () => {
  const before_ = await agent('GET', '/api/v1/incidents?limit=200');
  const r = await agent('POST', '/api/v1/incidents', { body: { title: '', impact: 7, urgency: 'high', colour: 'red' } });
  assert.equal(r.status, 422);
  assert.equal(r.json.type, 'urn:steward:problem:validation');
  assert.deepEqual(fieldsOf(r), ['colour', 'impact', 'urgency']);
  const r2 = await agent('POST', '/api/v1/incidents', { body: { title: '', impact: 7 } });
  assert.equal(r2.status, 422);
  assert.deepEqual(fieldsOf(r2), ['impact']);
  const r3 = await agent('POST', '/api/v1/incidents', { body: { description: 'no title' } });
  assert.equal(r3.status, 422);
  assert.deepEqual(fieldsOf(r3), ['title']);
  const r4 = await agent('POST', '/api/v1/incidents', { body: { title: 'x', assignment_group: 'Nope', assignee: 'ghost', watchers: ['eu1', 'ghost2'] } });
  assert.equal(r4.status, 422);
  assert.equal(r4.json.type, 'urn:steward:problem:reference');
  assert.deepEqual(fieldsOf(r4), ['assignee', 'assignment_group', 'watchers[1]']);
  const r5 = await agent('POST', '/api/v1/incidents', { body: { title: 'x', assignment_group: 'Network', assignee: 'outsider' } });
  assert.equal(r5.status, 422);
  assert.deepEqual(fieldsOf(r5), ['assignee']);
  assert.match(r5.json.errors[0].detail, /not a member/);
  const r6 = await agent('POST', '/api/v1/incidents', { body: { title: 'x', assignee: 'eu2' } });
  assert.equal(r6.status, 422, 'an end user cannot be an assignee');
  const after_ = await agent('GET', '/api/v1/incidents?limit=200');
  assert.equal(after_.json.items.length, before_.json.items.length);
});

test('PATCH needs If-Match, increments the version, and refuses stale versions', async () => {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: 'Patch me', impact: 3, urgency: 3 } });
  const n = c.json.number;
  const missing = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'x' } });
  assert.equal(missing.status, 428);
  const ok = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'Patched', impact: 1 }, headers: { 'if-match': '"1"' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.version, 2);
  assert.equal(ok.json.title, 'Patched');
  assert.equal(ok.json.priority, 3);
  assert.equal(ok.headers.get('etag'), '"2"');
  const stale = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'Lost update' }, headers: { 'if-match': '1' } });
  assert.equal(stale.status, 412);
  assert.equal(stale.json.type, 'urn:steward:problem:stale-version');
  const unknown = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'y', state: 'closed' }, headers: { 'if-match': '2' } });
  assert.equal(unknown.status, 422);
  assert.deepEqual(fieldsOf(unknown), ['state']);
  const bad = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'y' }, headers: { 'if-match': 'abc' } });
  assert.equal(bad.status, 400);
  const now = await agent('GET', `/api/v1/incidents/${n}`);
  assert.equal(now.json.title, 'Patched');
  assert.equal(now.json.version, 2);
  const assign = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { assignment_group: 'Network', assignee: 'agent1' }, headers: { 'if-match': '2' } });
  assert.equal(assign.status, 200);
  assert.equal(assign.json.assignee, 'agent1');
  const clear = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { assignee: null, category: null }, headers: { 'if-match': '3' } });
  assert.equal(clear.status, 200);
  assert.equal(clear.json.assignee, null);
  assert.equal(clear.json.assignment_group, 'Network');
  const nf = await agent('PATCH', '/api/v1/incidents/INC9999999', { body: { title: 'z' }, headers: { 'if-match': '1' } });
  assert.equal(nf.status, 404);
});

test('the lifecycle runs through actions with their required fields', async () => {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: 'Lifecycle', requester: 'eu1' } });
  const n = c.json.number;
  const path = (a) => `/api/v1/incidents/${n}/${a}`;
  let r = await agent('POST', path('hold'), { body: {} });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['reason']);
  r = await agent('POST', path('hold'), { body: { reason: 'awaiting_caller' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.state, 'on_hold');
  assert.equal(r.json.hold_reason, 'awaiting_caller');
  assert.deepEqual(r.json.allowed_actions, ['start', 'resolve']);
  r = await agent('POST', path('cancel'));
  assert.equal(r.status, 409);
  assert.equal(r.json.type, 'urn:steward:problem:illegal-transition');
  assert.deepEqual(r.json.allowed, ['start', 'resolve']);
  r = await agent('POST', path('start'));
  assert.equal(r.status, 200);
  assert.equal(r.json.state, 'in_progress');
  assert.equal(r.json.hold_reason, null);
  r = await agent('POST', path('resolve'), { body: { resolution_code: 'magic' } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['resolution_code', 'resolution_notes']);
  r = await agent('POST', path('resolve'), { body: { resolution_code: 'fixed', resolution_notes: 'Rebooted the concentrator' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.state, 'resolved');
  assert.ok(r.json.resolved_at);
  r = await agent('POST', path('reopen'), { body: { reason: 'still broken' } });
  assert.equal(r.json.state, 'in_progress');
  assert.equal(r.json.reopen_count, 1);
  assert.equal(r.json.resolved_at, null);
  r = await agent('POST', path('resolve'), { body: { resolution_code: 'workaround', resolution_notes: 'Use the backup VPN' }, headers: { 'if-match': '1' } });
  assert.equal(r.status, 412, 'a stale If-Match on an action is refused');
  r = await agent('POST', path('resolve'), { body: { resolution_code: 'workaround', resolution_notes: 'Use the backup VPN' } });
  assert.equal(r.status, 200);
  r = await agent('POST', path('close'));
  assert.equal(r.json.state, 'closed');
  assert.ok(r.json.closed_at);
  assert.deepEqual(r.json.allowed_actions, []);
  r = await agent('POST', path('reopen'));
  assert.equal(r.status, 409);
  assert.deepEqual(r.json.allowed, []);
  r = await agent('POST', path('explode'));
  assert.equal(r.status, 404);
  const h = await agent('GET', `/api/v1/incidents/${n}/history`);
  const actions = h.json.items.map((e) => e.action);
  assert.deepEqual(actions, ['create', 'sla_start', 'transition', 'transition', 'transition', 'transition', 'transition', 'transition']);
  const hold = h.json.items[2];
  assert.equal(hold.actor, 'agent1');
  assert.deepEqual(hold.changes.state, { from: 'new', to: 'on_hold' });
  assert.deepEqual(hold.changes.action, { to: 'hold' });
});

test('cancel from new', async () => {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: 'Cancel me' } });
  const r = await agent('POST', `/api/v1/incidents/${c.json.number}/cancel`, { body: { reason: 'raised by mistake' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.state, 'canceled');
});

test('comments and work notes, and the history of every change', async () => {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: 'Talk about it', requester: 'eu1' } });
  const n = c.json.number;
  const pub = await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'We are on it' } });
  assert.equal(pub.status, 201);
  assert.equal(pub.json.internal, false);
  assert.equal(pub.json.author, 'agent1');
  const note = await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'Suspect the firewall', internal: true } });
  assert.equal(note.status, 201);
  assert.equal(note.json.internal, true);
  const empty = await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: '' } });
  assert.equal(empty.status, 422);
  const list = await agent('GET', `/api/v1/incidents/${n}/comments`);
  assert.deepEqual(list.json.items.map((x) => [x.body, x.internal]), [['We are on it', false], ['Suspect the firewall', true]]);
  const upd = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { urgency: 1 }, headers: { 'if-match': String(c.json.version + 2) } });
  assert.equal(upd.status, 200, 'comments bump the version');
  const h = await agent('GET', `/api/v1/incidents/${n}/history`);
  assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'sla_start', 'comment', 'work_note', 'update', 'sla_policy']);
  assert.deepEqual(h.json.items[4].changes.urgency, { from: 3, to: 1 });
  assert.deepEqual(h.json.items[4].changes.priority, { from: 5, to: 3 });
  assert.equal(h.json.items[4].actor, 'agent1');
});

test('watchers and links', async () => {
  const a = await agent('POST', '/api/v1/incidents', { body: { title: 'Parent' } });
  const b = await agent('POST', '/api/v1/incidents', { body: { title: 'Child' } });
  let r = await agent('POST', `/api/v1/incidents/${a.json.number}/watchers`, { body: { login: 'eu2' } });
  assert.equal(r.status, 204);
  r = await agent('GET', `/api/v1/incidents/${a.json.number}`);
  assert.deepEqual(r.json.watchers, ['eu2']);
  r = await agent('POST', `/api/v1/incidents/${a.json.number}/watchers`, { body: { login: 'ghost' } });
  assert.equal(r.status, 422);
  r = await agent('DELETE', `/api/v1/incidents/${a.json.number}/watchers/eu2`);
  assert.equal(r.status, 204);
  r = await agent('GET', `/api/v1/incidents/${a.json.number}`);
  assert.deepEqual(r.json.watchers, []);
  r = await agent('POST', `/api/v1/incidents/${a.json.number}/links`, { body: { kind: 'parent_of', target: b.json.number } });
  assert.equal(r.status, 201);
  assert.equal(r.json.target, b.json.number);
  r = await agent('POST', `/api/v1/incidents/${a.json.number}/links`, { body: { kind: 'parent_of', target: b.json.number } });
  assert.equal(r.status, 409);
  r = await agent('POST', `/api/v1/incidents/${a.json.number}/links`, { body: { kind: 'loves', target: a.json.number } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['kind', 'target']);
  r = await agent('POST', `/api/v1/incidents/${a.json.number}/links`, { body: { kind: 'relates_to', target: 'INC9999999' } });
  assert.equal(r.status, 422);
  r = await agent('GET', `/api/v1/incidents/${a.json.number}/links`);
  assert.deepEqual(r.json.items.map((l) => [l.kind, l.target]), [['parent_of', b.json.number]]);
  const h = await agent('GET', `/api/v1/incidents/${a.json.number}/history`);
  assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'sla_start', 'watch', 'unwatch', 'link']);
});

test('list filters, sorting and cursor pagination', async () => {
  // a private batch, told apart by a unique word in the title
  const tag = 'zebra' + Date.now();
  const made = [];
  for (let i = 0; i < 7; i++) {
    const r = await agent2('POST', '/api/v1/incidents', { body: {
      title: `${tag} item ${i}`, impact: (i % 3) + 1, urgency: 1, requester: i < 3 ? 'eu2' : 'eu1',
      assignment_group: i % 2 ? 'Network' : null, assignee: i === 6 ? 'agent2' : null,
    } });
    assert.equal(r.status, 201);
    made.push(r.json);
  }
  await agent2('POST', `/api/v1/incidents/${made[0].number}/start`);
  const q = (qs) => agent('GET', `/api/v1/incidents?text=${tag}&${qs}`);
  const nums = (r) => r.json.items.map((x) => x.number);
  assert.equal((await q('')).json.items.length, 7);
  assert.deepEqual(nums(await q('state=in_progress')), [made[0].number]);
  assert.deepEqual(nums(await q('requester=eu2&sort=created_at')), made.slice(0, 3).map((x) => x.number));
  assert.deepEqual(nums(await q('assignee=agent2')), [made[6].number]);
  assert.equal((await q('assignee=none')).json.items.length, 6);
  assert.deepEqual(nums(await q('assignment_group=Network&sort=created_at')), [1, 3, 5].map((i) => made[i].number));
  assert.deepEqual(nums(await q('priority=1&sort=created_at')), [0, 3, 6].map((i) => made[i].number));
  assert.equal((await agent('GET', `/api/v1/incidents?text=${tag.toUpperCase()}`)).json.items.length, 7, 'text is case-insensitive');
  assert.equal((await agent('GET', '/api/v1/incidents?text=%25')).status, 400, 'a search needs a word');
  // sort by priority ascending: 1,1,1,2,2,3,3 with ties broken by id
  const byPrio = await q('sort=priority');
  assert.deepEqual(byPrio.json.items.map((x) => x.priority), [1, 1, 1, 2, 2, 3, 3]);
  const byPrioDesc = await q('sort=-priority');
  assert.deepEqual(byPrioDesc.json.items.map((x) => x.priority), [3, 3, 2, 2, 1, 1, 1]);
  // walk every page of 2 in each sort order: no duplicates, no gaps
  for (const sort of ['created_at', '-created_at', 'updated_at', '-updated_at', 'priority', '-priority']) {
    const seen = [];
    let cursor = null;
    let pages = 0;
    do {
      const r = await q(`limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200);
      assert.ok(r.json.items.length <= 2);
      seen.push(...nums(r));
      cursor = r.json.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 4, sort);
    assert.deepEqual([...seen].sort(), made.map((x) => x.number).sort(), sort);
  }
});

test('a cursor only works for the list and order that issued it', async () => {
  const page = await agent('GET', '/api/v1/incidents?limit=1&sort=priority');
  assert.ok(page.json.next_cursor);
  const same = await agent('GET', `/api/v1/incidents?limit=1&sort=priority&cursor=${page.json.next_cursor}`);
  assert.equal(same.status, 200);
  const other = await agent('GET', `/api/v1/incidents?limit=1&sort=-created_at&cursor=${page.json.next_cursor}`);
  assert.equal(other.status, 400);
  const users = await agent('GET', `/api/v1/users?cursor=${page.json.next_cursor}`);
  assert.equal(users.status, 400);
});

test('bad query parameters are 400 with the parameter named', async () => {
  for (const [qs, field] of [
    ['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=-1', 'limit'], ['limit=abc', 'limit'],
    ['limit=99999999999999999999', 'limit'], ['cursor=!!!', 'cursor'], ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['sort=title', 'sort'], ['priority=6', 'priority'], ['state=sleeping', 'state'], ['colour=red', 'colour'],
    ['priority=1&priority=2', 'priority'], ['limit=5&state=new&limit=5', 'limit'],
  ]) {
    const r = await agent('GET', `/api/v1/incidents?${qs}`);
    assert.equal(r.status, 400, qs);
    assert.deepEqual(fieldsOf(r), [field], qs);
  }
});

// Beyond the first cut.  Assumptions where docs/api.md is silent:
// - allowed_actions and a 409's `allowed` list actions in the order of the
//   action table (start, hold, resolve, reopen, close, cancel).
// - Ties in a sort key are broken by creation order, in the direction of the
//   sort (so -created_at lists the newest first even within one second).
// - Timestamps have whole-second resolution, so the updated_at sort test
//   waits a little over a second before touching a ticket.
// - `text` matches a literal substring: % and _ are not wildcards.
const ACTIONS = ['start', 'hold', 'resolve', 'reopen', 'close', 'cancel'];
const ACTION_BODY = {
  start: {}, hold: { reason: 'awaiting_vendor' }, resolve: { resolution_code: 'fixed', resolution_notes: 'patched' },
  reopen: { reason: 'again' }, close: {}, cancel: { reason: 'not needed' },
};
const MACHINE = {
  new: { start: 'in_progress', hold: 'on_hold', resolve: 'resolved', cancel: 'canceled' },
  in_progress: { hold: 'on_hold', resolve: 'resolved', cancel: 'canceled' },
  on_hold: { start: 'in_progress', resolve: 'resolved' },
  resolved: { reopen: 'in_progress', close: 'closed' },
  closed: {},
  canceled: {},
};
const REACH = { new: [], in_progress: ['start'], on_hold: ['hold'], resolved: ['resolve'], closed: ['resolve', 'close'], canceled: ['cancel'] };
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function incidentIn(state, extra = {}) {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: `machine ${state}`, requester: 'eu1', ...extra } });
  assert.equal(c.status, 201);
  for (const a of REACH[state]) {
    const r = await agent('POST', `/api/v1/incidents/${c.json.number}/${a}`, { body: ACTION_BODY[a] });
    assert.equal(r.status, 200, `${a} on the way to ${state}: ${r.text}`);
  }
  return (await agent('GET', `/api/v1/incidents/${c.json.number}`)).json;
}

test('the state machine: every action from every state', async () => {
  for (const [from, moves] of Object.entries(MACHINE)) {
    const allowed = ACTIONS.filter((a) => a in moves);
    for (const action of ACTIONS) {
      const t = await incidentIn(from);
      assert.equal(t.state, from);
      assert.deepEqual(t.allowed_actions, allowed, `allowed_actions in ${from}`);
      const r = await agent('POST', `/api/v1/incidents/${t.number}/${action}`, { body: ACTION_BODY[action] });
      const now = (await agent('GET', `/api/v1/incidents/${t.number}`)).json;
      if (moves[action]) {
        assert.equal(r.status, 200, `${action} from ${from}: ${r.text}`);
        assert.equal(r.json.state, moves[action], `${action} from ${from}`);
        assert.equal(r.json.version, t.version + 1, `${action} from ${from} bumps the version`);
        assert.equal(r.headers.get('etag'), `"${r.json.version}"`);
        assert.deepEqual(settled(now), settled(r.json), 'the action answer is what GET shows');
      } else {
        assert.equal(r.status, 409, `${action} from ${from}: ${r.text}`);
        assert.equal(r.json.type, 'urn:steward:problem:illegal-transition');
        assert.deepEqual(r.json.allowed, allowed, `allowed after ${action} from ${from}`);
        assert.deepEqual(settled(now), settled(t), `a refused ${action} from ${from} changed nothing`);
      }
    }
  }
});

test('actions set and clear their fields', async () => {
  const held = await incidentIn('on_hold');
  assert.equal(held.hold_reason, 'awaiting_vendor');
  const res = await incidentIn('resolved');
  assert.equal(res.resolution_code, 'fixed');
  assert.equal(res.resolution_notes, 'patched');
  assert.match(res.resolved_at, RFC3339);
  assert.equal(res.closed_at, null);
  const closed = await incidentIn('closed');
  assert.match(closed.closed_at, RFC3339);
  assert.match(closed.resolved_at, RFC3339);
  for (const reason of ['awaiting_caller', 'awaiting_change', 'awaiting_vendor']) {
    const t = await incidentIn('new');
    const r = await agent('POST', `/api/v1/incidents/${t.number}/hold`, { body: { reason } });
    assert.equal(r.json.hold_reason, reason);
  }
  for (const code of ['fixed', 'workaround', 'not_reproducible', 'duplicate', 'user_error', 'other']) {
    const t = await incidentIn('in_progress');
    const r = await agent('POST', `/api/v1/incidents/${t.number}/resolve`, { body: { resolution_code: code, resolution_notes: `via ${code}` } });
    assert.equal(r.status, 200, code);
    assert.equal(r.json.resolution_code, code);
  }
  const t = await incidentIn('new');
  const badReason = await agent('POST', `/api/v1/incidents/${t.number}/hold`, { body: { reason: 'lunch' } });
  assert.equal(badReason.status, 422);
  assert.deepEqual(fieldsOf(badReason), ['reason']);
  const noNotes = await agent('POST', `/api/v1/incidents/${t.number}/resolve`, { body: { resolution_code: 'fixed' } });
  assert.equal(noNotes.status, 422);
  assert.deepEqual(fieldsOf(noNotes), ['resolution_notes']);
  const noBody = await agent('POST', `/api/v1/incidents/${t.number}/resolve`);
  assert.equal(noBody.status, 422);
  assert.deepEqual(fieldsOf(noBody), ['resolution_code', 'resolution_notes']);
  const unchanged = (await agent('GET', `/api/v1/incidents/${t.number}`)).json;
  assert.deepEqual(settled(unchanged), settled(t)); // SLA clocks tick meanwhile (slow under ASan)
  // reopen twice counts twice
  const twice = await incidentIn('resolved');
  let r = await agent('POST', `/api/v1/incidents/${twice.number}/reopen`);
  assert.equal(r.json.reopen_count, 1);
  r = await agent('POST', `/api/v1/incidents/${twice.number}/resolve`, { body: ACTION_BODY.resolve });
  r = await agent('POST', `/api/v1/incidents/${twice.number}/reopen`);
  assert.equal(r.status, 200);
  assert.equal(r.json.reopen_count, 2);
});

test('GET answers the ETag; unknown numbers are not-found problems', async () => {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: 'etag' } });
  const n = c.json.number;
  let g = await agent('GET', `/api/v1/incidents/${n}`);
  assert.equal(g.headers.get('etag'), '"1"');
  assert.equal(g.json.version, 1);
  await agent('PATCH', `/api/v1/incidents/${n}`, { body: { description: 'more' }, headers: { 'if-match': g.headers.get('etag') } });
  g = await agent('GET', `/api/v1/incidents/${n}`);
  assert.equal(g.headers.get('etag'), '"2"');
  assert.equal(g.json.version, 2);
  for (const bad of ['INC9999999', 'INC0', 'REQ0000001', 'inc0000001']) {
    const r = await agent('GET', `/api/v1/incidents/${bad}`);
    assert.equal(r.status, 404, bad);
    assert.equal(r.json.type, 'urn:steward:problem:not-found');
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
  }
});

test('text with control characters, quotes, backslashes, emoji and U+2028 comes back as it was sent', async () => {
  let controls = '';
  for (let c = 1; c < 0x20; c++) controls += String.fromCharCode(c);
  const title = `q" b\\ s/ <a&b> é € 😀 \u2028 \u2029 \ufffd \u007f ${controls} end`;
  const description = `${title}\n${title}`;
  const c = await agent('POST', '/api/v1/incidents', { body: { title, description, requester: 'eu1', watchers: ['eu2'] } });
  assert.equal(c.status, 201);
  const n = c.json.number;
  const p = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { description: `${description} 🙂` }, headers: { 'if-match': '"1"' } });
  assert.equal(p.status, 200);
  assert.equal(p.headers.get('etag'), '"2"');
  const got = await agent('GET', `/api/v1/incidents/${n}`);
  const mine = await eu('GET', `/api/v1/incidents/${n}`);
  const list = await eu('GET', '/api/v1/incidents?limit=200');
  const item = list.json.items.find((x) => x.number === n);
  assert.ok(item, 'listed for its requester');
  for (const [what, j] of [['POST', c.json], ['PATCH', p.json], ['agent GET', got.json], ['end user GET', mine.json], ['list', item]]) {
    assert.equal(j.title, title, what);
    assert.equal(j.description, what === 'POST' ? description : `${description} 🙂`, what);
  }
  // the CMDB and SLA members are for agents
  for (const k of ['ci', 'ci_name', 'sla', 'impacted_services']) {
    assert.ok(k in got.json, `agent sees ${k}`);
    assert.ok(!(k in mine.json), `end user does not see ${k}`);
  }
  assert.ok(!('sla' in item) && !('impacted_services' in item), 'a list item has no SLA clocks');
  for (const r of [c, p, got, mine, list]) {
    assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(r.bytes), 'the body is UTF-8');
    assert.ok(!/[\u0000-\u001f]/.test(r.text), 'no raw control character in the body');
    // escaped as jansson escapes them: the short forms, else \u00XX in upper case
    for (const esc of ['\\"', '\\\\', '\\b', '\\t', '\\n', '\\f', '\\r', '\\u0001', '\\u000B', '\\u001F']) {
      assert.ok(r.text.includes(esc), `${esc} in the body`);
    }
  }
});

test('412 names the current version; 428 is precondition-required; matching If-Match on an action works', async () => {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: 'locking' } });
  const n = c.json.number;
  await agent('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'locking 2' }, headers: { 'if-match': '1' } });
  const before_ = (await agent('GET', `/api/v1/incidents/${n}`)).json;
  const stale = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'lost' }, headers: { 'if-match': '"1"' } });
  assert.equal(stale.status, 412);
  assert.equal(stale.json.type, 'urn:steward:problem:stale-version');
  assert.equal(stale.json.current_version, 2);
  const missing = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'lost' } });
  assert.equal(missing.status, 428);
  assert.equal(missing.json.type, 'urn:steward:problem:precondition-required');
  assert.deepEqual(settled((await agent('GET', `/api/v1/incidents/${n}`)).json), settled(before_), 'refused PATCHes changed nothing');
  const staleAction = await agent('POST', `/api/v1/incidents/${n}/start`, { headers: { 'if-match': '1' } });
  assert.equal(staleAction.status, 412);
  assert.equal(staleAction.json.current_version, 2);
  const start = await agent('POST', `/api/v1/incidents/${n}/start`, { headers: { 'if-match': '"2"' } });
  assert.equal(start.status, 200);
  assert.equal(start.json.version, 3);
});

test('PATCH checks references and group membership, and changes nothing when it refuses', async () => {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: 'route me', assignment_group: 'Network', assignee: 'agent1' } });
  const n = c.json.number;
  const before_ = c.json;
  const cases = [
    [{ assignee: 'outsider' }, 422, ['assignee']],
    [{ assignee: 'eu1' }, 422, ['assignee']],
    [{ assignee: 'ghost' }, 422, ['assignee']],
    [{ assignment_group: 'Nope' }, 422, ['assignment_group']],
    [{ title: '' }, 422, ['title']],
    [{ title: 'ok', impact: 0 }, 422, ['impact']],
    [{ title: 'ok', urgency: '1' }, 422, ['urgency']],
    [{ state: 'closed' }, 422, ['state']],
    [{ priority: 1 }, 422, ['priority_reason']],
    [{ number: 'INC0000999' }, 422, ['number']],
    [{ requester: 'eu2' }, 422, ['requester']],
  ];
  for (const [body, status, fields] of cases) {
    const r = await agent('PATCH', `/api/v1/incidents/${n}`, { body, headers: { 'if-match': '1' } });
    assert.equal(r.status, status, JSON.stringify(body));
    assert.deepEqual(fieldsOf(r), fields, JSON.stringify(body));
  }
  assert.deepEqual(settled((await agent('GET', `/api/v1/incidents/${n}`)).json), settled(before_));
  const h = await agent('GET', `/api/v1/incidents/${n}/history`);
  assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'sla_start']);
  // moving the group while keeping an assignee who is not in the new one
  await admin('POST', '/api/v1/groups', { body: { name: 'Apps', members: ['agent2'] } });
  const move = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { assignment_group: 'Apps' }, headers: { 'if-match': '1' } });
  assert.equal(move.status, 422, 'agent1 is not in Apps');
  assert.deepEqual(fieldsOf(move), ['assignee']);
  const both = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { assignment_group: 'Apps', assignee: 'agent2' }, headers: { 'if-match': '1' } });
  assert.equal(both.status, 200);
  assert.equal(both.json.assignee, 'agent2');
  const cleared = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { assignment_group: null, assignee: null, category: null }, headers: { 'if-match': '2' } });
  assert.equal(cleared.status, 200);
  assert.equal(cleared.json.assignment_group, null);
  assert.equal(cleared.json.assignee, null);
});

test('comments have their documented shape; history records every change with actor and values', async () => {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: 'Audit me', requester: 'eu1' } });
  const n = c.json.number;
  const pub = await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'public words', internal: false } });
  assert.deepEqual(Object.keys(pub.json).sort(), ['author', 'body', 'created_at', 'id', 'internal']);
  assert.match(pub.json.created_at, RFC3339);
  await agent2('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'private words', internal: true } });
  await eu('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'from the requester' } });
  const v = (await agent('GET', `/api/v1/incidents/${n}`)).json.version;
  await agent2('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'Audited', impact: 1, assignment_group: 'Network', assignee: 'agent2' }, headers: { 'if-match': String(v) } });
  await agent('POST', `/api/v1/incidents/${n}/hold`, { body: { reason: 'awaiting_caller' } });
  await agent('POST', `/api/v1/incidents/${n}/watchers`, { body: { login: 'eu2' } });
  await agent('DELETE', `/api/v1/incidents/${n}/watchers/eu2`);
  const comments = await agent('GET', `/api/v1/incidents/${n}/comments`);
  assert.deepEqual(comments.json.items.map((x) => [x.author, x.internal, x.body]),
    [['agent1', false, 'public words'], ['agent2', true, 'private words'], ['eu1', false, 'from the requester']]);
  const h = await agent('GET', `/api/v1/incidents/${n}/history`);
  const items = h.json.items;
  assert.deepEqual(items.map((e) => [e.action, e.actor]), [
    ['create', 'agent1'], ['sla_start', 'agent1'], ['comment', 'agent1'], ['work_note', 'agent2'], ['comment', 'eu1'],
    ['update', 'agent2'], ['sla_policy', 'agent2'], ['transition', 'agent1'], ['watch', 'agent1'], ['unwatch', 'agent1']]);
  for (const e of items) {
    assert.match(e.at, RFC3339);
    assert.equal(typeof e.changes, 'object');
  }
  assert.deepEqual(items[5].changes.title, { from: 'Audit me', to: 'Audited' });
  assert.deepEqual(items[5].changes.impact, { from: 3, to: 1 });
  assert.deepEqual(items[5].changes.assignment_group, { from: null, to: 'Network' });
  assert.deepEqual(items[5].changes.assignee, { from: null, to: 'agent2' });
  assert.deepEqual(items[6].changes.policy, { from: 'P5 planning', to: 'P3 moderate' });
  assert.deepEqual(items[7].changes.state, { from: 'new', to: 'on_hold' });
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].at <= items[i].at, 'oldest first');
});

test('text matches words and word beginnings of title or description (search.test.mjs has the rest)', async () => {
  const tag = 'qx' + Date.now().toString(36);
  const inTitle = await agent('POST', '/api/v1/incidents', { body: { title: `Printer ${tag}Jam on floor 3` } });
  const inDesc = await agent('POST', '/api/v1/incidents', { body: { title: 'Something else', description: `The ${tag.toUpperCase()}-router blinks; 50%_off` } });
  const nums = async (text) => (await agent('GET', `/api/v1/incidents?limit=200&text=${encodeURIComponent(text)}`)).json.items.map((x) => x.number).sort();
  assert.deepEqual(await nums(tag), [inTitle.json.number, inDesc.json.number].sort(), 'word beginnings, across case');
  assert.deepEqual(await nums(`${tag}jam`), [inTitle.json.number], 'a whole word');
  assert.deepEqual(await nums(`${tag.toUpperCase()}-ROUTER`), [inDesc.json.number], 'two words, in the description');
  assert.deepEqual(await nums(`${tag.slice(1)}`), [], 'not the middle of a word');
  assert.deepEqual(await nums(`${tag} 50%_off`), [inDesc.json.number], '% and _ only separate words');
  for (const wild of ['%', '_']) {
    const r = await agent('GET', `/api/v1/incidents?limit=200&text=${encodeURIComponent(wild)}`);
    assert.equal(r.status, 400, 'no word to search for');
    assert.deepEqual(r.json.errors.map((e) => e.field), ['text']);
  }
  assert.deepEqual(await nums(`${tag}-nothing-like-it`), []);
});

test('sort orders, and pages that add up to the unpaged list', async () => {
  const tag = 'srt' + Date.now().toString(36);
  const made = [];
  for (const [impact, urgency] of [[3, 3], [1, 1], [2, 2], [3, 1], [2, 3]]) {
    made.push((await agent('POST', '/api/v1/incidents', { body: { title: `${tag} ${impact}${urgency}`, impact, urgency } })).json);
  }
  const num = made.map((x) => x.number);
  const list = async (qs) => {
    const r = await agent('GET', `/api/v1/incidents?text=${tag}&${qs}`);
    assert.equal(r.status, 200, qs);
    return r;
  };
  const order = async (qs) => (await list(qs)).json.items.map((x) => x.number);
  assert.deepEqual(await order('sort=created_at'), num);
  assert.deepEqual(await order('sort=-created_at'), [...num].reverse());
  assert.deepEqual(await order(''), [...num].reverse(), 'the default is -created_at');
  // priorities: 5, 1, 3, 3, 4 -> ascending 1, 3 (older), 3, 4, 5
  assert.deepEqual(await order('sort=priority'), [num[1], num[2], num[3], num[4], num[0]]);
  assert.deepEqual(await order('sort=-priority'), [num[0], num[4], num[3], num[2], num[1]]);
  // touch the second one a second later: it becomes the most recently updated
  await sleep(1100);
  const p = await agent('PATCH', `/api/v1/incidents/${num[1]}`, { body: { description: 'touched' }, headers: { 'if-match': '1' } });
  assert.equal(p.status, 200);
  assert.ok(p.json.updated_at > made[1].updated_at);
  assert.deepEqual(await order('sort=updated_at'), [num[0], num[2], num[3], num[4], num[1]]);
  assert.deepEqual(await order('sort=-updated_at'), [num[1], num[4], num[3], num[2], num[0]]);
  for (const sort of ['created_at', '-created_at', 'updated_at', '-updated_at', 'priority', '-priority']) {
    const whole = await order(`sort=${sort}`);
    for (const limit of [1, 2, 5]) {
      const paged = [];
      let cursor = null;
      let pages = 0;
      do {
        const r = await list(`sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        assert.ok(r.json.items.length <= limit);
        assert.ok('next_cursor' in r.json);
        paged.push(...r.json.items.map((x) => x.number));
        cursor = r.json.next_cursor;
        if (cursor !== null) assert.equal(typeof cursor, 'string');
        pages++;
      } while (cursor !== null && pages < 20);
      assert.deepEqual(paged, whole, `sort=${sort} limit=${limit}`);
      assert.ok(pages <= Math.ceil(5 / limit) + 1, `sort=${sort} limit=${limit}: ${pages} pages`);
    }
  }
  const last = await list('limit=200');
  assert.equal(last.json.next_cursor, null, 'the last page says so with null');
});

test('open= keeps finished incidents out and breaching= finds running SLA clocks due within the hour', async () => {
  const tag = 'obr' + Date.now().toString(36);
  const mk = async (title, impact, urgency) => (await agent('POST', '/api/v1/incidents', { body: { title: `${tag} ${title}`, impact, urgency, requester: 'eu2' } })).json.number;
  const urgent = await mk('urgent', 1, 1); // P1: response due in 15 minutes, 24x7
  const calm = await mk('calm', 3, 3); // P5: due in business days
  const paused = await mk('paused', 1, 1);
  const done = await mk('done', 1, 1);
  assert.equal((await agent('POST', `/api/v1/incidents/${paused}/hold`, { body: { reason: 'awaiting_caller' } })).status, 200);
  assert.equal((await agent('POST', `/api/v1/incidents/${done}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'ok' } })).status, 200);
  const q = async (qs) => (await agent('GET', `/api/v1/incidents?text=${tag}&sort=created_at&${qs}`)).json.items.map((x) => x.number);
  assert.deepEqual(await q('open=true'), [urgent, calm, paused]);
  assert.deepEqual(await q('open=false'), [urgent, calm, paused, done], 'open=false does not filter');
  assert.deepEqual(await q('breaching=true'), [urgent], 'a paused clock, a stopped clock and a distant one are not breaching');
  assert.deepEqual(await q('breaching=true&open=true&priority=1&assignee=none'), [urgent]);
  assert.deepEqual(await q('breaching=true&priority=5'), []);
  // my_groups: assigned to any group the caller belongs to.
  const mineG = (await agent('POST', '/api/v1/incidents', { body: { title: `${tag} network`, requester: 'eu2', assignment_group: 'Network' } })).json.number;
  assert.deepEqual(await q('my_groups=true'), [mineG]);
  const outsider = as(s, 'outsider');
  assert.deepEqual((await outsider('GET', `/api/v1/incidents?text=${tag}&my_groups=true`)).json.items, [], 'not a member of Network');
  for (const bad of ['open=yes', 'breaching=1x', 'my_groups=maybe', 'open=true%00junk', 'priority=1%002', 'limit=5%00']) {
    const r = await agent('GET', `/api/v1/incidents?${bad}`);
    assert.equal(r.status, 400, bad);
    assert.equal(r.json.errors[0].field, bad.split('=')[0]);
  }
});

test('every list filter combines with the others', async () => {
  const tag = 'cmb' + Date.now().toString(36);
  const a = await agent('POST', '/api/v1/incidents', { body: { title: `${tag} a`, impact: 1, urgency: 1, requester: 'eu2', assignment_group: 'Network', assignee: 'agent1' } });
  const b = await agent('POST', '/api/v1/incidents', { body: { title: `${tag} b`, impact: 1, urgency: 1, requester: 'eu2', assignment_group: 'Network' } });
  await agent('POST', '/api/v1/incidents', { body: { title: `${tag} c`, impact: 3, urgency: 3, requester: 'eu2' } });
  await agent('POST', `/api/v1/incidents/${b.json.number}/start`);
  const q = async (qs) => (await agent('GET', `/api/v1/incidents?text=${tag}&${qs}`)).json.items.map((x) => x.number);
  assert.deepEqual(await q('requester=eu2&priority=1&assignee=none'), [b.json.number]);
  assert.deepEqual(await q('assignment_group=Network&state=new'), [a.json.number]);
  assert.deepEqual(await q('assignment_group=Network&state=in_progress&assignee=none'), [b.json.number]);
  assert.deepEqual(await q('assignee=agent1&priority=1&requester=eu2&state=new'), [a.json.number]);
  assert.deepEqual(await q('requester=eu1'), []);
  assert.deepEqual(await q('assignment_group=NoSuchGroup'), []);
  assert.deepEqual(await q('assignee=ghost'), []);
  for (const state of ['new', 'in_progress', 'on_hold', 'resolved', 'closed', 'canceled']) {
    const r = await agent('GET', `/api/v1/incidents?state=${state}&limit=200`);
    assert.equal(r.status, 200, state);
    assert.ok(r.json.items.every((x) => x.state === state), state);
  }
  for (let p = 1; p <= 5; p++) {
    const r = await agent('GET', `/api/v1/incidents?priority=${p}&limit=200`);
    assert.ok(r.json.items.every((x) => x.priority === p), `priority ${p}`);
  }
});
