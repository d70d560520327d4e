// What end users may see and do: only their own (or watched) tickets,
// never a work note, by any path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, api, login, PASSWORD, settled } from './lib.mjs';

let s, agent, eu1, eu2, watcher;
let mine, theirs, watched;
const SECRET = 'WORKNOTE-SECRET-7f3a';

before(async () => {
  s = await startServer({ users: [
    { login: 'agent1', role: 'agent' },
    { login: 'eu1', role: 'end_user' },
    { login: 'eu2', role: 'end_user' },
    { login: 'eu3', role: 'end_user' },
  ] });
  agent = as(s, 'agent1');
  eu1 = as(s, 'eu1');
  eu2 = as(s, 'eu2');
  watcher = as(s, 'eu3');
  mine = (await eu1('POST', '/api/v1/incidents', { body: { title: 'eu1 laptop broken', description: 'screen flickers' } })).json;
  theirs = (await eu2('POST', '/api/v1/incidents', { body: { title: 'eu2 private matter', description: 'payroll question' } })).json;
  watched = (await agent('POST', '/api/v1/incidents', { body: { title: 'watched by eu3', requester: 'eu2', watchers: ['eu3'] } })).json;
  for (const t of [mine, theirs, watched]) {
    const r = await agent('POST', `/api/v1/incidents/${t.number}/comments`, { body: { body: `${SECRET} on ${t.number}`, internal: true } });
    assert.equal(r.status, 201);
    const p = await agent('POST', `/api/v1/incidents/${t.number}/comments`, { body: { body: `public reply on ${t.number}` } });
    assert.equal(p.status, 201);
  }
});
after(async () => { await s.cleanup(); });

test('end users raise incidents for themselves only', async () => {
  assert.equal(mine.requester, 'eu1');
  const other = await eu1('POST', '/api/v1/incidents', { body: { title: 'for someone else', requester: 'eu2' } });
  assert.equal(other.status, 403);
  const self = await eu1('POST', '/api/v1/incidents', { body: { title: 'for me', requester: 'eu1' } });
  assert.equal(self.status, 201);
  const routed = await eu1('POST', '/api/v1/incidents', { body: { title: 'route it', assignee: 'agent1' } });
  assert.equal(routed.status, 403);
  const grouped = await eu1('POST', '/api/v1/incidents', { body: { title: 'route it', assignment_group: 'x' } });
  assert.equal(grouped.status, 403);
});

test('another user\'s incident is not found through any path', async () => {
  const n = theirs.number;
  for (const path of [`/api/v1/incidents/${n}`, `/api/v1/incidents/${n}/comments`, `/api/v1/incidents/${n}/history`,
    `/api/v1/incidents/${n}/attachments`, `/api/v1/incidents/${n}/links`]) {
    const r = await eu1('GET', path);
    assert.equal(r.status, 404, path);
    assert.ok(!r.text.includes('payroll'), path);
  }
  const c = await eu1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'let me in' } });
  assert.equal(c.status, 404);
  const list = await eu1('GET', '/api/v1/incidents?limit=200');
  assert.ok(list.json.items.every((x) => x.requester === 'eu1'), 'list only shows own incidents');
  const search = await eu1('GET', '/api/v1/incidents?text=payroll');
  assert.deepEqual(search.json.items, []);
  const byRequester = await eu1('GET', '/api/v1/incidents?requester=eu2');
  assert.deepEqual(byRequester.json.items, []);
});

test('a watcher sees the ticket; end users never see work notes', async () => {
  const w = await watcher('GET', `/api/v1/incidents/${watched.number}`);
  assert.equal(w.status, 200);
  const wl = await watcher('GET', '/api/v1/incidents');
  assert.deepEqual(wl.json.items.map((x) => x.number), [watched.number]);
  for (const [who, t] of [[eu1, mine], [watcher, watched]]) {
    for (const path of [`/api/v1/incidents/${t.number}`, `/api/v1/incidents/${t.number}/comments`,
      `/api/v1/incidents/${t.number}/history`, '/api/v1/incidents', `/api/v1/incidents?text=${SECRET}`]) {
      const r = await who('GET', path);
      assert.equal(r.status, 200, path);
      assert.ok(!r.text.includes(SECRET), `work note leaked through ${path}`);
    }
    const comments = await who('GET', `/api/v1/incidents/${t.number}/comments`);
    assert.deepEqual(comments.json.items.map((c) => c.body), [`public reply on ${t.number}`]);
    const history = await who('GET', `/api/v1/incidents/${t.number}/history`);
    assert.ok(history.json.items.every((e) => e.action !== 'work_note'));
    assert.ok(history.json.items.some((e) => e.action === 'comment'));
  }
  // the agent does see them
  const ag = await agent('GET', `/api/v1/incidents/${mine.number}/comments`);
  assert.ok(ag.text.includes(SECRET));
  // cookie sessions get the same treatment as tokens
  const sess = await login(s, 'eu1', PASSWORD);
  const viaCookie = await api(s, 'GET', `/api/v1/incidents/${mine.number}/history`, { cookie: sess.cookie });
  assert.equal(viaCookie.status, 200);
  assert.ok(!viaCookie.text.includes(SECRET));
});

test('end users cannot write agent things', async () => {
  const n = mine.number;
  const patch = await eu1('PATCH', `/api/v1/incidents/${n}`, { body: { title: 'mine now' }, headers: { 'if-match': '1' } });
  assert.equal(patch.status, 403);
  const note = await eu1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'sneaky', internal: true } });
  assert.equal(note.status, 403);
  for (const action of ['start', 'resolve', 'cancel']) {
    const r = await eu1('POST', `/api/v1/incidents/${n}/${action}`, { body: {} });
    assert.equal(r.status, 403, action);
  }
  const link = await eu1('POST', `/api/v1/incidents/${n}/links`, { body: { kind: 'relates_to', target: theirs.number } });
  assert.equal(link.status, 403);
  const watchOther = await eu1('POST', `/api/v1/incidents/${n}/watchers`, { body: { login: 'eu2' } });
  assert.equal(watchOther.status, 403);
  const users = await eu1('GET', '/api/v1/users');
  assert.equal(users.status, 403);
  const groups = await eu1('GET', '/api/v1/groups');
  assert.equal(groups.status, 403);
  const other = await eu1('GET', '/api/v1/users/eu2');
  assert.equal(other.status, 403);
  const self = await eu1('GET', '/api/v1/users/eu1');
  assert.equal(self.status, 200);
  const pub = await eu1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'any news?' } });
  assert.equal(pub.status, 201);
  const after_ = await agent('GET', `/api/v1/incidents/${n}`);
  assert.equal(after_.json.title, 'eu1 laptop broken');
});

test('the requester may confirm (close) or reopen a resolved incident', async () => {
  const t = (await eu1('POST', '/api/v1/incidents', { body: { title: 'confirm me' } })).json;
  let r = await eu1('GET', `/api/v1/incidents/${t.number}`);
  assert.deepEqual(r.json.allowed_actions, []);
  await agent('POST', `/api/v1/incidents/${t.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'done' } });
  r = await eu1('GET', `/api/v1/incidents/${t.number}`);
  assert.deepEqual(r.json.allowed_actions, ['reopen', 'close']);
  const w = (await agent('POST', '/api/v1/incidents', { body: { title: 'watched only', requester: 'eu2', watchers: ['eu1'] } })).json;
  await agent('POST', `/api/v1/incidents/${w.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'done' } });
  const notMine = await eu1('POST', `/api/v1/incidents/${w.number}/close`);
  assert.equal(notMine.status, 403, 'a watcher cannot close');
  r = await eu1('POST', `/api/v1/incidents/${t.number}/reopen`, { body: { reason: 'still broken' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.state, 'in_progress');
  await agent('POST', `/api/v1/incidents/${t.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'really' } });
  r = await eu1('POST', `/api/v1/incidents/${t.number}/close`);
  assert.equal(r.status, 200);
  assert.equal(r.json.state, 'closed');
});

// Beyond the first cut.  Assumption where docs/api.md is silent: a filter
// can only narrow what an end user sees, never widen it, and an incident an
// end user may not see answers 404 to every action as well as every read.
test('filters and sorts never widen an end user\'s view', async () => {
  const visible = new Set([mine.number]);
  const all = await eu1('GET', '/api/v1/incidents?limit=200');
  for (const x of all.json.items) visible.add(x.number);
  for (const x of all.json.items) assert.ok(x.requester === 'eu1' || x.watchers.includes('eu1'), x.number);
  for (const qs of ['assignee=none', 'state=new', 'priority=5', 'requester=eu2', 'sort=priority', 'sort=-updated_at',
    'text=eu2', 'text=watched', `text=${encodeURIComponent('"pay*" OR roll')}`, 'text=public', 'limit=1']) {
    const r = await eu1('GET', `/api/v1/incidents?${qs}`);
    assert.equal(r.status, 200, qs);
    for (const x of r.json.items) assert.ok(visible.has(x.number), `${qs} showed ${x.number}`);
    assert.ok(!r.text.includes('payroll') && !r.text.includes(theirs.number), qs);
  }
  // walking every page by cursor stays inside the view too
  let cursor = null;
  const paged = [];
  do {
    const r = await eu1('GET', `/api/v1/incidents?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    paged.push(...r.json.items.map((x) => x.number));
    cursor = r.json.next_cursor;
  } while (cursor);
  assert.deepEqual(paged.sort(), all.json.items.map((x) => x.number).sort());
});

test('another user\'s incident answers 404 to every write as well', async () => {
  const r0 = await agent('POST', '/api/v1/incidents', { body: { title: 'eu2 resolved', requester: 'eu2' } });
  const n = r0.json.number;
  await agent('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'ok' } });
  const before_ = (await agent('GET', `/api/v1/incidents/${n}`)).json;
  for (const [method, path, opts] of [
    ['POST', `/api/v1/incidents/${n}/close`, {}],
    ['POST', `/api/v1/incidents/${n}/reopen`, { body: { reason: 'x' } }],
    ['POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'hello' } }],
    ['POST', `/api/v1/incidents/${n}/watchers`, { body: { login: 'eu1' } }],
    ['POST', `/api/v1/incidents/${n}/attachments?filename=a.txt`, { raw: Buffer.from('x'), contentType: 'text/plain' }],
  ]) {
    const r = await eu1(method, path, opts);
    assert.equal(r.status, 404, `${method} ${path}: ${r.status}`);
    assert.equal(r.json.type, 'urn:steward:problem:not-found');
  }
  assert.deepEqual(settled((await agent('GET', `/api/v1/incidents/${n}`)).json), settled(before_), 'nothing changed');
  const h = await agent('GET', `/api/v1/incidents/${n}/history`);
  assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'sla_start', 'transition']);
});

test('a watching end user comments publicly; end users cannot route or re-prioritise', async () => {
  const c = await watcher('POST', `/api/v1/incidents/${watched.number}/comments`, { body: { body: 'me too' } });
  assert.equal(c.status, 201);
  assert.equal(c.json.author, 'eu3');
  assert.equal(c.json.internal, false);
  const before_ = (await agent('GET', `/api/v1/incidents/${mine.number}`)).json;
  for (const body of [{ assignee: 'agent1' }, { assignment_group: 'x' }, { impact: 1 }, { urgency: 1 }]) {
    const r = await eu1('PATCH', `/api/v1/incidents/${mine.number}`, { body, headers: { 'if-match': String(before_.version) } });
    assert.equal(r.status, 403, JSON.stringify(body));
    assert.equal(r.json.type, 'urn:steward:problem:forbidden');
  }
  const note = await watcher('POST', `/api/v1/incidents/${watched.number}/comments`, { body: { body: 'sneaky', internal: true } });
  assert.equal(note.status, 403);
  assert.deepEqual(settled((await agent('GET', `/api/v1/incidents/${mine.number}`)).json), settled(before_));
  const forOther = await eu1('POST', '/api/v1/incidents', { body: { title: 'watchers for me', requester: 'eu1' } });
  assert.equal(forOther.status, 201);
  assert.equal(forOther.json.requester, 'eu1');
  assert.equal(forOther.json.assignee, null);
});
