// GET /api/v1/events: live ticket changes as Server-Sent Events.  A stream
// sees other people's changes, resumes with Last-Event-ID without losing or
// repeating anything, shows an end user only their own tickets and never a
// work note, is refused beyond the configured number of streams, and does
// not take a request thread: normal requests go on with more streams open
// than the server has threads.  Shutdown ends open streams promptly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, startTwin, as, api, BACKEND } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Open a stream and parse it as it arrives: st.events [{id, event, data}],
// st.ids (every id: field seen, events and heartbeats), st.status, st.close().
function openStream(server, { token, headers = {}, query = '' } = {}) {
  const ctrl = new AbortController();
  const h = { accept: 'text/event-stream', ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  const st = { events: [], ids: [], closed: false, close: () => ctrl.abort() };
  st.ready = fetch(`${server.url}/api/v1/events${query}`, { headers: h, signal: ctrl.signal }).then(async (res) => {
    st.status = res.status;
    st.headers = res.headers;
    if (res.status !== 200) {
      st.text = await res.text();
      st.closed = true;
      return st;
    }
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev = { event: 'message', data: null, id: null };
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) continue;
              const [k, ...rest] = line.split(': ');
              const v = rest.join(': ');
              if (k === 'id') { ev.id = Number(v); st.ids.push(ev.id); st.lastId = ev.id; }
              if (k === 'event') ev.event = v;
              if (k === 'data') ev.data = JSON.parse(v);
            }
            if (ev.data !== null) st.events.push(ev);
          }
        }
      } catch { /* aborted */ }
      st.closed = true;
    })();
    return st;
  });
  return st;
}

async function until(what, fn, ms = 8000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const ticketEvents = (st, number) => st.events.filter((e) => e.event === 'ticket' && e.data.ticket === number);

let s, agent, agent2, eu1, eu2;
before(async () => {
  s = await startServer({ users: [
    { login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' },
    { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' },
  ] });
  agent = as(s, 'agent1');
  agent2 = as(s, 'agent2');
  eu1 = as(s, 'eu1');
  eu2 = as(s, 'eu2');
});
after(async () => { await s.cleanup(); });

async function incident(requester, title = 'live') {
  const r = await agent2('POST', '/api/v1/incidents', { body: { title, requester } });
  assert.equal(r.status, 201, r.text);
  return r.json.number;
}

test('unauthenticated: 401, and a bad Last-Event-ID or since: 400', async () => {
  const r = await api(s, 'GET', '/api/v1/events');
  assert.equal(r.status, 401);
  assert.equal(r.json.type, 'urn:steward:problem:unauthenticated');
  const bad = await openStream(s, { token: s.token('agent1'), headers: { 'last-event-id': 'x1' } });
  await bad.ready;
  assert.equal(bad.status, 400);
  const q = await openStream(s, { token: s.token('agent1'), query: '?since=-3' });
  await q.ready;
  assert.equal(q.status, 400);
  const u = await openStream(s, { token: s.token('agent1'), query: '?from=3' });
  await u.ready;
  assert.equal(u.status, 400);
});

test('a stream gets an event when another user changes a ticket', async () => {
  const st = openStream(s, { token: s.token('agent1') });
  await st.ready;
  assert.equal(st.status, 200);
  assert.match(st.headers.get('content-type'), /^text\/event-stream/);
  assert.equal(st.headers.get('cache-control'), 'no-store');
  await until('the first id', () => st.lastId !== undefined);
  try {
    const n = await incident('eu1', 'seen live');
    const created = await until('the created event', () => ticketEvents(st, n).find((e) => e.data.change === 'created'));
    assert.equal(created.data.kind, 'incident');
    assert.equal(created.data.version, 1);
    assert.equal(created.data.actor, 'agent2');
    assert.equal(created.data.state, 'new');
    assert.equal(typeof created.data.id, 'number');
    assert.ok(created.id > 0);
    const got = await agent2('GET', `/api/v1/incidents/${n}`);
    const patched = await agent2('PATCH', `/api/v1/incidents/${n}`, { body: { urgency: 1 }, headers: { 'if-match': String(got.json.version) } });
    assert.equal(patched.status, 200);
    await until('the updated event', () => ticketEvents(st, n).find((e) => e.data.change === 'updated' && e.data.version === patched.json.version));
    assert.equal((await agent2('POST', `/api/v1/incidents/${n}/start`)).status, 200);
    const started = await until('the state event', () => ticketEvents(st, n).find((e) => e.data.change === 'state'));
    assert.equal(started.data.state, 'in_progress');
    assert.equal((await agent2('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'on it' } })).status, 201);
    await until('the commented event', () => ticketEvents(st, n).find((e) => e.data.change === 'commented'));
    // agents get work notes, marked internal, without their text
    assert.equal((await agent2('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'NOTE-TEXT', internal: true } })).status, 201);
    const note = await until('the work note event', () => ticketEvents(st, n).find((e) => e.data.action === 'work_note'));
    assert.equal(note.data.internal, true);
    assert.equal(note.data.change, 'commented');
    const ids = st.events.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in id order');
    assert.equal(new Set(ids).size, ids.length, 'none twice');
  } finally {
    st.close();
  }
});

test('resuming with Last-Event-ID (or ?since=) gets the missed events exactly once', async () => {
  const token = s.token('agent1');
  const n = await incident('eu1', 'resume');
  const first = openStream(s, { token });
  await first.ready;
  await until('the first id', () => first.lastId !== undefined);
  assert.equal((await agent2('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'one' } })).status, 201);
  // the comment's event itself: under load the incident's own create event can arrive first
  await until('event one', () => ticketEvents(first, n).some((e) => e.data.action === 'comment'));
  first.close();
  const resumeFrom = first.lastId;
  // missed while disconnected
  for (const body of ['two', 'three', 'four']) {
    assert.equal((await agent2('POST', `/api/v1/incidents/${n}/comments`, { body: { body } })).status, 201);
  }
  const history = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items;
  assert.equal(history.filter((e) => e.action === 'comment').length, 4);

  const again = openStream(s, { token, headers: { 'last-event-id': String(resumeFrom) } });
  await again.ready;
  assert.equal(again.status, 200);
  await until('the three missed comments', () => ticketEvents(again, n).filter((e) => e.data.action === 'comment').length >= 3);
  await sleep(700); // a few more polls: nothing may come twice
  const comments = ticketEvents(again, n).filter((e) => e.data.action === 'comment');
  assert.equal(comments.length, 3, 'each missed comment once');
  assert.ok(again.events.every((e) => e.id > resumeFrom), 'nothing from before the resume point');
  const ids = again.events.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length);

  // the same through ?since= (how a page opened later resumes), from the middle
  const mid = comments[0].id;
  const viaQuery = openStream(s, { token, query: `?since=${mid}` });
  await viaQuery.ready;
  await until('the last two comments', () => ticketEvents(viaQuery, n).filter((e) => e.data.action === 'comment').length >= 2);
  await sleep(500);
  assert.deepEqual(ticketEvents(viaQuery, n).filter((e) => e.data.action === 'comment').map((e) => e.id), comments.slice(1).map((e) => e.id));
  // Last-Event-ID wins over the URL's since, as a reconnecting EventSource sends both
  const both = openStream(s, { token, query: '?since=0', headers: { 'last-event-id': String(comments[2].id) } });
  await both.ready;
  await sleep(500);
  assert.equal(ticketEvents(both, n).filter((e) => e.id <= comments[2].id).length, 0);
  // a cursor this database never issued: reset (reload), then live events
  const future = openStream(s, { token, headers: { 'last-event-id': '999999999' } });
  await future.ready;
  const reset = await until('a reset', () => future.events.find((e) => e.event === 'reset'));
  assert.equal(reset.data.since, -1);
  assert.equal((await agent2('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'five' } })).status, 201);
  await until('a live event after the reset', () => ticketEvents(future, n).some((e) => e.data.action === 'comment'));
  for (const st of [again, viaQuery, both, future]) st.close();
});

test('an end user gets events for their own tickets only, and none for work notes', async () => {
  const mine = openStream(s, { token: s.token('eu1') });
  const theirs = openStream(s, { token: s.token('eu2') });
  const desk = openStream(s, { token: s.token('agent1') });
  await Promise.all([mine.ready, theirs.ready, desk.ready]);
  try {
    const own = await incident('eu1', 'eu1 own');
    const other = await incident('eu2', 'eu2 own');
    // a problem is the desk's own record, even with eu1 named as its requester
    const prb = await agent2('POST', '/api/v1/problems', { body: { title: 'eu1 named on a problem', requester: 'eu1' } });
    assert.equal(prb.status, 201, prb.text);
    assert.equal((await agent2('POST', `/api/v1/problems/${prb.json.number}/comments`, { body: { body: 'vendor to blame' } })).status, 201);
    assert.equal((await agent2('POST', `/api/v1/incidents/${own}/comments`, { body: { body: 'SECRET-NOTE', internal: true } })).status, 201);
    // naming the problem behind it changes only an agent-only field: the desk hears of it, eu1 does not
    const cur = (await agent2('GET', `/api/v1/incidents/${own}`)).json;
    const linked = await agent2('PATCH', `/api/v1/incidents/${own}`, { body: { problem: prb.json.number }, headers: { 'if-match': String(cur.version) } });
    assert.equal(linked.status, 200, linked.text);
    assert.equal((await agent2('POST', `/api/v1/incidents/${other}/comments`, { body: { body: 'for eu2' } })).status, 201);
    assert.equal((await agent2('POST', `/api/v1/incidents/${own}/comments`, { body: { body: 'public reply' } })).status, 201);
    // the desk sees all of it; wait until it has the last change
    await until('the desk to see the reply', () => ticketEvents(desk, own).some((e) => e.data.action === 'comment'));
    await until('eu1 to see the reply', () => ticketEvents(mine, own).some((e) => e.data.action === 'comment'));
    await until('eu2 to see their comment', () => ticketEvents(theirs, other).some((e) => e.data.action === 'comment'));
    await sleep(600);
    assert.deepEqual(ticketEvents(mine, own).map((e) => e.data.action), ['create', 'comment']);
    assert.equal(ticketEvents(mine, other).length, 0, 'nothing about another person\'s ticket');
    assert.equal(ticketEvents(mine, prb.json.number).length, 0, 'nothing about a problem');
    assert.ok(ticketEvents(desk, prb.json.number).some((e) => e.data.action === 'comment'), 'the desk saw the problem');
    assert.deepEqual(ticketEvents(theirs, other).map((e) => e.data.action), ['create', 'comment']);
    assert.equal(ticketEvents(theirs, own).length, 0);
    for (const st of [mine, theirs]) {
      for (const e of st.events) {
        assert.ok(!('internal' in e.data), `an internal event reached an end user: ${JSON.stringify(e.data)}`);
        assert.ok(!['work_note', 'sla_start', 'sla_policy', 'escalation', 'escalate'].includes(e.data.action), e.data.action);
      }
    }
    // the desk got the work note and the internal SLA entries
    assert.ok(ticketEvents(desk, own).some((e) => e.data.action === 'work_note'));
    assert.ok(ticketEvents(desk, own).some((e) => e.data.action === 'update'), 'the desk heard of the problem named');
    // the work note's id is not an event id an end user saw
    const noteId = ticketEvents(desk, own).find((e) => e.data.action === 'work_note').id;
    assert.ok(!mine.events.some((e) => e.id === noteId));

    // watching a ticket makes its changes visible from then on
    assert.equal((await agent2('POST', `/api/v1/incidents/${other}/watchers`, { body: { login: 'eu1' } })).status, 204);
    assert.equal((await agent2('POST', `/api/v1/incidents/${other}/comments`, { body: { body: 'to the watchers' } })).status, 201);
    await until('eu1 to see a watched ticket', () => ticketEvents(mine, other).some((e) => e.data.action === 'comment'));
  } finally {
    for (const st of [mine, theirs, desk]) st.close();
  }
  // resuming from the start as an end user replays only what they may see
  const replay = openStream(s, { token: s.token('eu2'), query: '?since=0' });
  await replay.ready;
  await sleep(600);
  for (const e of replay.events.filter((x) => x.event === 'ticket')) {
    const r = await eu2('GET', `/api/v1/incidents/${e.data.ticket}`);
    assert.equal(r.status, 200, `eu2 got an event for ${e.data.ticket}, which they may not read`);
    assert.ok(!('internal' in e.data));
  }
  replay.close();
  assert.ok(eu1);
});

test('a second server on the same database streams changes made through the first', async () => {
  const twin = await startTwin(s);
  try {
    const st = openStream(twin, { token: s.token('agent1') });
    await st.ready;
    assert.equal(st.status, 200);
    await until('the first id', () => st.lastId !== undefined);
    const n = await incident('eu1', 'made elsewhere');
    await until('the event on the twin', () => ticketEvents(st, n).some((e) => e.data.change === 'created'));
    st.close();
  } finally {
    assert.equal(await twin.stop(), 0);
  }
});

// On PostgreSQL an audit id is taken at insert, so a transaction may commit
// an id lower than ones already read.  The poller waits at the gap: the
// late row is delivered, before the higher one; a rolled-back id does not
// hold the stream up for good.
test('PostgreSQL: an id committed late is delivered in order; a rolled-back one is passed', { skip: BACKEND !== 'pg' }, async () => {
  const st = openStream(s, { token: s.token('agent1') });
  await st.ready;
  await until('the first id', () => st.lastId !== undefined);
  const n = await incident('eu1', 'late commit');
  const tid = (await until('the created event', () => ticketEvents(st, n)[0])).data.id;
  const insert = (action) => `INSERT INTO audit (at, actor_id, entity, entity_id, action, internal, changes) VALUES (0, NULL, 'ticket', ${tid}, '${action}', 0, '{}')`;
  const psql = (sql) => {
    const p = spawn('psql', [s.dbUrl, '-qAtc', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += d; });
    return new Promise((done) => p.on('exit', (code) => done(code === 0 ? 0 : `psql ${code}: ${stderr}`)));
  };
  const late = psql(`BEGIN; ${insert('late_commit')}; SELECT pg_sleep(3); COMMIT;`);
  const undone = psql(`BEGIN; ${insert('rolled_back')}; SELECT pg_sleep(2); ROLLBACK;`);
  // both have taken their ids: their transactions hold an xid (on a loaded
  // machine psql may take a while to get there; a fixed wait was not enough)
  const holding = async () => {
    const p = spawn('psql', [s.dbUrl, '-qAtc', "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND query LIKE '%pg_sleep%' AND query NOT LIKE '%pg_stat_activity%'"]);
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    await new Promise((done) => p.on('exit', done));
    return Number(out.trim()) === 2;
  };
  await until('both transactions to hold their ids', holding);
  assert.equal((await agent2('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'after them' } })).status, 201);
  assert.equal(await late, 0);
  assert.equal(await undone, 0);
  await until('the comment', () => ticketEvents(st, n).some((e) => e.data.action === 'comment'));
  await sleep(600);
  const actions = ticketEvents(st, n).map((e) => e.data.action).filter((a) => a !== 'sla_start' && a !== 'sla_policy');
  assert.deepEqual(actions, ['create', 'late_commit', 'comment']);
  const ids = st.events.map((e) => e.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'in id order');
  st.close();
});

test('beyond event_streams: 503; streams do not hold request threads; shutdown ends them', async () => {
  // 4 request threads (lib.mjs), 6 streams allowed
  const small = await startServer({ users: [{ login: 'a1', role: 'agent' }], settings: { STEWARD_EVENT_STREAMS: '6' } });
  const streams = [];
  try {
    const token = small.token('a1');
    for (let i = 0; i < 6; i++) streams.push(openStream(small, { token }));
    await Promise.all(streams.map((st) => st.ready));
    assert.deepEqual(streams.map((st) => st.status), [200, 200, 200, 200, 200, 200]);
    const extra = openStream(small, { token });
    await extra.ready;
    assert.equal(extra.status, 503);
    assert.equal(JSON.parse(extra.text).type, 'urn:steward:problem:busy');
    assert.equal(extra.headers.get('retry-after'), '5');
    // with more streams than threads, ordinary requests are still answered at once
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) {
      const r = await api(small, 'GET', '/api/v1/me', { token });
      assert.equal(r.status, 200);
    }
    const made = await api(small, 'POST', '/api/v1/incidents', { token, body: { title: 'while streaming' } });
    assert.equal(made.status, 201);
    assert.ok(Date.now() - t0 < 3000, `requests took ${Date.now() - t0} ms`);
    await Promise.all(streams.map((st) => until('the event on every stream', () => ticketEvents(st, made.json.number).length > 0)));
    // SIGTERM with six open streams: they end, the server exits 0, promptly
    const t1 = Date.now();
    assert.equal(await small.stop(), 0);
    assert.ok(Date.now() - t1 < 5000, `shutdown took ${Date.now() - t1} ms`);
    await until('the streams to end', () => streams.every((st) => st.closed));
  } finally {
    for (const st of streams) st.close();
    await small.cleanup();
  }
});
