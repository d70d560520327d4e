// The fast ingestion path (issue #16, docs/events.md "Accepted, then
// processed"): POST /api/v1/events with "Prefer: respond-async" and every
// Alertmanager payload are answered 202 once the payload is committed
// unprocessed, and the ingestion worker processes them in order.  What is
// checked: the 202 and what it carries, that processing follows, the
// order per dedup key, that repeats and retries stay idempotent, that
// bad input is refused before anything is written (whatever Prefer says),
// that a server stopped (kill -9) with payloads still waiting processes
// each exactly once after its restart, that a process with
// ingest_drain=false accepts and leaves them for another, and that two
// processes draining one inbox process each payload once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startTwin, as, api, until, sleep, fieldsOf } from './lib.mjs';

let s, admin, agent;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  for (const name of ['ing-db', 'ing-web']) {
    const r = await agent('POST', '/api/v1/cis', { body: { name, class: 'server', attributes: { hostname: name } } });
    assert.equal(r.status, 201, r.text);
  }
});
after(async () => { await s.cleanup(); });

async function source(name, extra = {}) {
  const r = await admin('POST', '/api/v1/event-sources', { body: { name, ...extra } });
  assert.equal(r.status, 201, r.text);
  return r.json.token;
}
const ASYNC = { prefer: 'respond-async' };
const send = (token, body, { prefer } = {}, srv = s) =>
  api(srv, 'POST', '/api/v1/events', { token, body, headers: prefer ? { prefer } : {} });
const alertsOf = async (src, srv = s) => {
  const items = [];
  let cursor = null;
  do {
    const r = await api(srv, 'GET', `/api/v1/alerts?source=${src}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token: srv.token('agent1') });
    assert.equal(r.status, 200, r.text);
    items.push(...r.json.items);
    cursor = r.json.next_cursor;
  } while (cursor);
  return items;
};
async function metric(name, srv = s) {
  const r = await api(srv, 'GET', '/metrics');
  const line = r.text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `no ${name} in /metrics`);
  return Number(line.split(' ')[1]);
}

test('Prefer: respond-async is answered 202 once accepted; the worker then processes it', async () => {
  const token = await source('async1');
  const before_ = await metric('steward_ingest_accepted_total');
  const r = await send(token, { check: 'DbDown', resource: 'ing-db', severity: 'critical', dedup_key: 'db-down' }, ASYNC);
  assert.equal(r.status, 202, r.text);
  assert.equal(r.headers.get('preference-applied'), 'respond-async');
  assert.deepEqual(Object.keys(r.json).sort(), ['payload', 'received', 'source']);
  assert.equal(r.json.source, 'async1');
  assert.equal(r.json.received, 1);
  assert.ok(Number.isInteger(r.json.payload) && r.json.payload > 0);
  assert.equal(await metric('steward_ingest_accepted_total'), before_ + 1);
  // processed as the synchronous path would have: the alert on its CI, an incident
  const [a] = await until('the accepted event to be processed', async () => {
    const l = await alertsOf('async1');
    return l.length && l[0].incident ? l : null;
  });
  assert.deepEqual({ key: a.dedup_key, ci: a.ci, state: a.state, count: a.count }, { key: 'db-down', ci: 'ing-db', state: 'firing', count: 1 });
  const inc = await agent('GET', `/api/v1/incidents/${a.incident}`);
  assert.equal(inc.json.channel, 'event');
  // the payload ids go on: a synchronous one after it has the next
  const sync = await send(token, { check: 'Other', severity: 'info', dedup_key: 'other' });
  assert.equal(sync.status, 200, sync.text);
  assert.equal(sync.headers.get('preference-applied'), null);
  assert.ok(sync.json.payload > r.json.payload);
  assert.equal(sync.json.created, 1);
});

test('Prefer values: only respond-async (any case, among others, with parameters) selects the fast path', async () => {
  const token = await source('prefer1');
  for (const [prefer, status] of [
    ['respond-async', 202], ['RESPOND-ASYNC', 202], ['return=minimal, respond-async', 202], ['respond-async; x=1, wait=5', 202],
    [' respond-async ', 202], ['wait=10,respond-async', 202],
    ['return=minimal', 200], ['respond-asynchronous', 200], ['respond', 200], ['', 200], [',,;=', 200], ['x=respond-async', 200],
  ]) {
    const r = await send(token, { check: `p-${status}`, severity: 'info', dedup_key: `p-${prefer}` }, { prefer });
    assert.equal(r.status, status, `Prefer: ${JSON.stringify(prefer)}: ${r.text}`);
    assert.equal(r.headers.get('preference-applied'), status === 202 ? 'respond-async' : null, prefer);
  }
  await until('every event processed', async () => (await alertsOf('prefer1')).length === 12);
});

test('Alertmanager payloads are always accepted (202), then processed', async () => {
  const token = await source('am1');
  const body = { version: '4', status: 'firing', receiver: 'steward', groupKey: 'g', alerts: [
    { status: 'firing', labels: { alertname: 'WebDown', instance: 'ing-web:9100', severity: 'major' }, annotations: { summary: 'web down' },
      startsAt: '2026-01-01T10:00:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'fw1' },
    { status: 'firing', labels: { alertname: 'Noise', severity: 'info' }, fingerprint: 'fn1' }] };
  const r = await api(s, 'POST', '/api/v1/events/alertmanager', { token, body });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.headers.get('preference-applied'), null);
  assert.deepEqual({ source: r.json.source, received: r.json.received }, { source: 'am1', received: 2 });
  const l = await until('both alerts', async () => { const x = await alertsOf('am1'); return x.length === 2 ? x : null; });
  const web = l.find((x) => x.dedup_key === 'fw1');
  assert.deepEqual({ ci: web.ci, summary: web.summary, severity: web.severity }, { ci: 'ing-web', summary: 'web down', severity: 'major' });
  // Alertmanager's retry of the same notification: counted, nothing new
  const again = await api(s, 'POST', '/api/v1/events/alertmanager', { token, body });
  assert.equal(again.status, 202);
  await until('the retry counted', async () => (await alertsOf('am1')).every((x) => x.count === 2));
  const after_ = await alertsOf('am1');
  assert.equal(after_.length, 2);
  assert.equal(after_.find((x) => x.dedup_key === 'fw1').incident, web.incident);
});

test('order per dedup key is kept, and repeats are idempotent, across many concurrent senders', async () => {
  const token = await source('order1', { flap_changes: 100, correlate_minutes: 0 });
  const t0 = Date.parse('2026-02-01T00:00:00Z');
  // one key's life in order, sent one after the other (each accepted before the next goes)
  const life = [];
  for (let i = 0; i < 6; i++) {
    const state = i % 2 ? 'resolved' : 'firing';
    life.push({ check: 'Flip', severity: 'minor', dedup_key: 'flip', state, time: new Date(t0 + i * 60e3).toISOString() });
  }
  for (const ev of life) assert.equal((await send(token, ev, ASYNC)).status, 202);
  // and 120 distinct keys from 8 concurrent senders, each event sent twice
  const keys = Array.from({ length: 120 }, (_, i) => `k${i}`);
  let next = 0;
  const sender = async () => {
    while (next < keys.length) {
      const k = keys[next++];
      const ev = { check: 'Many', severity: 'warning', dedup_key: k, time: new Date(t0).toISOString() };
      for (let n = 0; n < 2; n++) {
        const r = await send(token, ev, ASYNC);
        assert.equal(r.status, 202, r.text);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, sender));
  const l = await until('all 121 alerts, each counted twice', async () => {
    const x = await alertsOf('order1');
    return x.length === 121 && x.filter((a) => a.dedup_key !== 'flip').every((a) => a.count === 2) ? x : null;
  });
  const flip = l.find((a) => a.dedup_key === 'flip');
  assert.equal(flip.state, 'resolved'); // the last of its life
  assert.equal(flip.count, 6);
  assert.equal(flip.changes, 5);
  const h = await agent('GET', `/api/v1/alerts/${flip.id}/history`);
  assert.deepEqual(h.json.items.map((x) => x.action), ['create', 'resolved', 'firing', 'resolved', 'firing', 'resolved']);
  for (const a of l.filter((x) => x.dedup_key !== 'flip')) assert.equal(a.count, 2, a.dedup_key);
});

test('bad input is refused before anything is written, whatever Prefer says', async () => {
  const token = await source('bad1');
  const accepted = await metric('steward_ingest_accepted_total');
  const post = (path, raw, headers, ct, tok) => api(s, 'POST', path, { token: tok || undefined, raw, contentType: ct, headers });
  for (const prefer of ['respond-async', 'return=minimal, respond-async']) {
    for (const [name, path, raw, status, fields, ct, tok] of [
      ['malformed JSON', '/api/v1/events', '{"check":', 400],
      ['truncated Alertmanager', '/api/v1/events/alertmanager', '{"version":"4","alerts":[{"status":"firing"', 400],
      ['wrong version', '/api/v1/events/alertmanager', JSON.stringify({ version: '3', alerts: [] }), 400, ['version']],
      ['a bad severity', '/api/v1/events', JSON.stringify({ check: 'x', severity: 'loud' }), 400, ['severity']],
      ['an unknown member', '/api/v1/events', JSON.stringify({ check: 'x', severity: 'info', nope: 1 }), 400, ['nope']],
      ['an empty batch', '/api/v1/events', '[]', 400, ['body']],
      ['a bad time in a batch', '/api/v1/events', JSON.stringify([{ check: 'x', severity: 'info' }, { check: 'y', severity: 'info', time: 'soon' }]), 400, ['[1].time']],
      ['too many events', '/api/v1/events', JSON.stringify(Array.from({ length: 1001 }, () => ({ check: 'x', severity: 'info' }))), 413],
      ['a query string', '/api/v1/events?x=1', JSON.stringify({ check: 'x', severity: 'info' }), 400],
      ['wrong media type', '/api/v1/events', JSON.stringify({ check: 'x', severity: 'info' }), 415, null, 'text/plain'],
      ['no token', '/api/v1/events', JSON.stringify({ check: 'x', severity: 'info' }), 401, null, 'application/json', ''],
      ['a user token', '/api/v1/events/alertmanager', JSON.stringify({ version: '4', alerts: [] }), 401, null, 'application/json', s.token('admin')],
    ]) {
      const r = await post(path, raw, { prefer }, ct || 'application/json', tok === undefined ? token : tok);
      assert.equal(r.status, status, `${prefer}: ${name}: ${r.text.slice(0, 200)}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json', name);
      assert.equal(r.headers.get('preference-applied'), null, name);
      if (fields) assert.deepEqual(fieldsOf(r), fields, name);
    }
  }
  await sleep(300);
  assert.equal(await metric('steward_ingest_accepted_total'), accepted, 'a refused payload was accepted');
  assert.equal((await alertsOf('bad1')).length, 0);
});

test('kill -9 with payloads waiting: after the restart each is processed exactly once', async () => {
  // a server that only accepts (ingest_drain=false): every accepted payload is still waiting when it is killed
  const srv = await startServer({ users: [{ login: 'agent1', role: 'agent' }], settings: { STEWARD_INGEST_DRAIN: 'false' } });
  try {
    const r0 = await api(srv, 'POST', '/api/v1/event-sources', { token: srv.token('admin'), body: { name: 'crash', storm_per_minute: 1000, correlate_minutes: 0 } });
    assert.equal(r0.status, 201, r0.text);
    const token = r0.json.token;
    const acked = [];
    let next = 0;
    const sender = async () => {
      for (let i = next++; i < 200; i = next++) {
        const r = await send(token, { check: `Crash${i}`, severity: i % 4 ? 'info' : 'major', dedup_key: `c${i}` }, ASYNC, srv);
        assert.equal(r.status, 202, r.text);
        acked.push(i);
      }
    };
    await Promise.all(Array.from({ length: 8 }, sender));
    assert.equal(await metric('steward_ingest_pending', srv), 200);
    assert.equal((await alertsOf('crash', srv)).length, 0, 'processed by a server that does not drain');
    await srv.kill9();
    // the same database, draining now
    srv.env.STEWARD_INGEST_DRAIN = 'true';
    await srv.start();
    const l = await until('every accepted event processed', async () => {
      const x = await alertsOf('crash', srv);
      return x.length >= 200 ? x : null;
    }, 60000);
    assert.equal(l.length, 200);
    for (const a of l) assert.equal(a.count, 1, `${a.dedup_key} processed ${a.count} times`);
    assert.deepEqual(new Set(l.map((a) => a.dedup_key)), new Set(acked.map((i) => `c${i}`)));
    const majors = l.filter((a) => a.severity === 'major');
    assert.equal(majors.length, 50);
    assert.ok(majors.every((a) => a.incident), 'a major alert without its incident');
    assert.equal(new Set(majors.map((a) => a.incident)).size, 50);
    await until('nothing pending', async () => (await metric('steward_ingest_pending', srv)) === 0);
    // a kill in the middle of processing: again nothing lost, nothing twice
    const more = [];
    for (let i = 0; i < 300; i++) more.push({ check: `Mid${i}`, severity: 'info', dedup_key: `m${i}` });
    for (let i = 0; i < 300; i += 10) assert.equal((await send(token, more.slice(i, i + 10), ASYNC, srv)).status, 202);
    await srv.kill9();
    await srv.start();
    const all = await until('the 300 after the second kill', async () => {
      const x = await alertsOf('crash', srv);
      return x.filter((a) => a.dedup_key.startsWith('m')).length >= 300 ? x : null;
    }, 60000);
    assert.equal(all.length, 500);
    for (const a of all) assert.equal(a.count, 1, `${a.dedup_key} processed ${a.count} times`);
  } finally {
    await srv.cleanup();
  }
});

test('ingest_drain=false accepts and leaves the processing to a process that drains', async () => {
  const token = await source('twin1');
  const front = await startTwin(s, { STEWARD_INGEST_DRAIN: 'false' });
  try {
    const r = await send(token, { check: 'Front', severity: 'info', dedup_key: 'front' }, ASYNC, front);
    assert.equal(r.status, 202, r.text);
    // the first server's worker looks every second for payloads others accepted
    const [a] = await until('the event the other process accepted', async () => {
      const l = await alertsOf('twin1');
      return l.length ? l : null;
    });
    assert.equal(a.dedup_key, 'front');
  } finally {
    await front.stop();
  }
});

test('two processes draining one inbox process each payload once', async () => {
  const token = await source('twin2', { storm_per_minute: 1000, correlate_minutes: 0 });
  const other = await startTwin(s, {});
  try {
    let next = 0;
    const sender = async (n) => {
      for (let i = next++; i < 240; i = next++) {
        const r = await send(token, { check: `Both${i}`, severity: i % 6 ? 'info' : 'major', dedup_key: `b${i}` }, ASYNC, n % 2 ? other : s);
        assert.equal(r.status, 202, r.text);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, n) => sender(n)));
    const l = await until('all 240 processed', async () => {
      const x = await alertsOf('twin2');
      return x.length >= 240 ? x : null;
    }, 60000);
    assert.equal(l.length, 240);
    for (const a of l) assert.equal(a.count, 1, `${a.dedup_key} processed ${a.count} times`);
    const majors = l.filter((a) => a.severity === 'major');
    assert.equal(majors.length, 40);
    assert.equal(new Set(majors.map((a) => a.incident)).size, 40, 'an incident opened twice, or not at all');
  } finally {
    await other.stop();
  }
});
