// What end users may see and do: only their own (or watched) tickets,
// never a work note, by any path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, api, login, PASSWORD } from './lib.mjs';

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
