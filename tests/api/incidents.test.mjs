// Incidents: create, priority matrix, get, list filters, sort, pagination,
// PATCH with optimistic locking, actions through the lifecycle, comments
// and work notes, history, watchers and links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, as, fieldsOf } from './lib.mjs';

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
  assert.deepEqual(got.json, j);
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
  assert.deepEqual(actions, ['create', 'transition', 'transition', 'transition', 'transition', 'transition', 'transition']);
  const hold = h.json.items[1];
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
  assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'comment', 'work_note', 'update']);
  assert.deepEqual(h.json.items[3].changes.urgency, { from: 3, to: 1 });
  assert.deepEqual(h.json.items[3].changes.priority, { from: 5, to: 3 });
  assert.equal(h.json.items[3].actor, 'agent1');
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
  assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'watch', 'unwatch', 'link']);
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
  assert.equal((await agent('GET', '/api/v1/incidents?text=%25')).status, 200);
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
  ]) {
    const r = await agent('GET', `/api/v1/incidents?${qs}`);
    assert.equal(r.status, 400, qs);
    assert.deepEqual(fieldsOf(r), [field], qs);
  }
});
