// Outgoing webhooks: admins alone keep them (checked input, refused whole,
// a secret sealed and never answered); a ticket event queues one delivery
// per active webhook that names it, which the sender POSTs to a real HTTP
// receiver on loopback with the documented headers, body and an HMAC-SHA256
// signature that verifies; a refusal is retried with backoff and given up
// after the configured attempts (non-2xx, a redirect, a closed port), the
// error kept; a work note reaches only a webhook subscribed to work notes;
// an inactive webhook gets nothing; a ping is delivered on demand.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHmac } from 'node:crypto';
import { startServer, as, api, fieldsOf, fingerprint, sleep, sqlOn, until as waitFor } from './lib.mjs';

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const until = (what, fn, ms = 15000) => waitFor(what, fn, ms);
// the signature covers the delivery's id and the time of the request with the body (docs/notifications.md#webhooks)
const sign = (secret, q) => 'sha256=' + createHmac('sha256', secret)
  .update(`${q.headers['x-steward-delivery']}.${q.headers['x-steward-timestamp']}.`).update(q.raw).digest('hex');

let s, admin, agent1, eu1;
before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }],
    settings: { STEWARD_MAIL_KEY: 'ab'.repeat(32), STEWARD_WEBHOOK_INTERVAL: '1s', STEWARD_WEBHOOK_RETRY: '1s',
      STEWARD_WEBHOOK_ATTEMPTS: '3', STEWARD_PUBLIC_URL: 'https://desk.example.com' },
  });
  admin = as(s, 'admin');
  agent1 = as(s, 'agent1');
  eu1 = as(s, 'eu1');
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1'] } })).status, 201);
});
after(async () => { await s.cleanup(); });

// A loopback HTTP receiver that records every request (method, url, headers,
// raw body, its JSON, arrival time); answer(request, i) gives the i-th
// request's status, or [status, headers] (200 by default).
function receiver(answer = () => 200) {
  const rx = { requests: [] };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let json;
      try { json = JSON.parse(raw.toString('utf8')); } catch { /* kept raw */ }
      const q = { method: req.method, url: req.url, headers: req.headers, raw, json, at: Date.now() };
      const [status, headers = {}] = [].concat(answer(q, rx.requests.length));
      rx.requests.push(q);
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(status < 300 ? 'ok' : 'no');
    });
  });
  rx.stop = () => new Promise((done) => { server.closeAllConnections(); server.close(done); });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => { rx.url = `http://127.0.0.1:${server.address().port}`; resolve(rx); });
  });
}
// A loopback port nothing listens on.
async function closedPort() {
  const srv = http.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

async function create(body) {
  const r = await admin('POST', '/api/v1/webhooks', { body });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
// Each test turns its webhooks off at its end, so later tests' events do not reach them.
async function retire(...names) {
  for (const name of names) assert.equal((await admin('PATCH', `/api/v1/webhooks/${name}`, { body: { active: false } })).status, 200);
}
async function deliveries(name, q = '') {
  const r = await admin('GET', `/api/v1/webhooks/${name}/deliveries${q}`);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}
async function incident(title) {
  const r = await agent1('POST', '/api/v1/incidents', { body: { title, requester: 'eu1', assignment_group: 'Desk', assignee: 'agent1' } });
  assert.equal(r.status, 201, r.text);
  return r.json.number;
}

test('admins create, read and change webhooks; bad input is refused whole and writes nothing; the secret is never answered', async () => {
  const secret = 'sixteen-chars-ok';
  const good = { name: 'zulu', url: 'https://hooks.example.com/steward', events: ['created', 'resolved'] };
  const names = async () => (await admin('GET', '/api/v1/webhooks')).json.items.map((w) => w.name);
  const before_ = fingerprint(s);
  for (const [body, fields] of [
    [{}, ['events', 'name', 'url']],
    [{ ...good, url: 'ftp://x' }, ['url']],
    [{ ...good, url: 'http://exa mple.com/' }, ['url']],
    [{ ...good, url: 'http://example.com/\r\nX-Evil: 1' }, ['url']],
    [{ ...good, url: `https://example.com/${'a'.repeat(2000)}` }, ['url']],
    [{ ...good, events: [] }, ['events']],
    [{ ...good, events: ['nope'] }, ['events[0]']],
    [{ ...good, events: ['created', 'created'] }, ['events[1]']],
    [{ ...good, secret: 'short' }, ['secret']],
    [{ ...good, secret: 'x'.repeat(257) }, ['secret']],
    [{ ...good, name: '' }, ['name']],
    [{ ...good, name: 'n'.repeat(201), description: 'd'.repeat(501) }, ['description', 'name']],
    [{ ...good, active: 'yes' }, ['active']],
    // every bad field at once
    [{ ...good, url: 'ftp://x', events: ['created', 'gossip'], secret: 'short' }, ['events[1]', 'secret', 'url']],
  ]) {
    const r = await admin('POST', '/api/v1/webhooks', { body });
    assert.equal(r.status, 422, `${JSON.stringify(body).slice(0, 120)}: ${r.text.slice(0, 200)}`);
    assert.equal(r.json.type, 'urn:steward:problem:validation');
    assert.deepEqual(fieldsOf(r), fields, JSON.stringify(body).slice(0, 120));
  }
  assert.deepEqual(await names(), []);
  assert.equal(fingerprint(s), before_, 'a refused webhook changed the database');

  const r = await admin('POST', '/api/v1/webhooks', { body: { ...good, description: 'Chat ops', secret } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('location'), '/api/v1/webhooks/zulu');
  assert.deepEqual(r.json, { name: 'zulu', description: 'Chat ops', url: good.url, events: ['created', 'resolved'], has_secret: true,
    active: true, created_at: r.json.created_at, updated_at: r.json.updated_at });
  assert.match(r.json.created_at, RFC3339);
  assert.match(r.json.updated_at, RFC3339);
  assert.deepEqual((await admin('GET', '/api/v1/webhooks/zulu')).json, r.json);
  const taken = fingerprint(s);
  const dup = await admin('POST', '/api/v1/webhooks', { body: { ...good, url: 'https://other.example.com/' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.json.type, 'urn:steward:problem:duplicate');
  assert.equal(fingerprint(s), taken);
  assert.equal((await admin('GET', '/api/v1/webhooks/zulu')).json.url, good.url, 'the first keeps its URL');
  assert.equal((await create({ name: 'alpha', url: 'http://127.0.0.1:9/', events: ['major'], active: false })).has_secret, false);
  assert.deepEqual(await names(), ['alpha', 'zulu'], 'ordered by name');
  assert.equal((await admin('GET', '/api/v1/webhooks/nope')).status, 404);

  // PATCH: any subset but the name; a bad value changes nothing
  const p = await admin('PATCH', '/api/v1/webhooks/zulu', { body: { events: ['commented', 'work_note'], secret: null, description: 'changed' } });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual([p.json.name, p.json.url, p.json.events, p.json.has_secret, p.json.description, p.json.active],
    ['zulu', good.url, ['commented', 'work_note'], false, 'changed', true]);
  const kept = fingerprint(s);
  const badUrl = await admin('PATCH', '/api/v1/webhooks/zulu', { body: { url: 'gopher://x', active: false } });
  assert.equal(badUrl.status, 422);
  assert.deepEqual(fieldsOf(badUrl), ['url']);
  assert.deepEqual(fieldsOf(await admin('PATCH', '/api/v1/webhooks/zulu', { body: { name: 'renamed' } })), ['name']);
  assert.equal(fingerprint(s), kept);
  assert.deepEqual((await admin('GET', '/api/v1/webhooks/zulu')).json, p.json);
  assert.equal((await admin('PATCH', '/api/v1/webhooks/zulu', { body: { secret: 'another-long-secret' } })).json.has_secret, true);

  const h = await admin('GET', '/api/v1/webhooks/zulu/history');
  assert.equal(h.status, 200, h.text);
  assert.deepEqual([h.json.items[0].action, h.json.items[0].actor], ['create', 'admin']);
  assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'update', 'update']);
  assert.deepEqual(h.json.items[0].changes.events, { from: null, to: 'created, resolved' }, 'events by name in history');
  for (const what of ['/api/v1/webhooks', '/api/v1/webhooks/zulu', '/api/v1/webhooks/zulu/history']) {
    const text = (await admin('GET', what)).text;
    assert.ok(!text.includes(secret) && !text.includes('another-long-secret'), `the secret is answered by ${what}`);
  }
  await retire('zulu');
});

test('only admins reach webhooks: agents and end users are refused and change nothing', async () => {
  await create({ name: 'guarded', url: 'http://127.0.0.1:9/', events: ['major'] });
  const before_ = fingerprint(s);
  const body = { name: 'sneaky', url: 'https://hooks.example.com/', events: ['created'] };
  const routes = [['GET', '/api/v1/webhooks'], ['POST', '/api/v1/webhooks', body], ['GET', '/api/v1/webhooks/guarded'],
    ['PATCH', '/api/v1/webhooks/guarded', { active: false }], ['GET', '/api/v1/webhooks/guarded/deliveries'],
    ['POST', '/api/v1/webhooks/guarded/ping']];
  for (const [who, call] of [['agent1', agent1], ['eu1', eu1]]) {
    for (const [m, path, b] of routes) assert.equal((await call(m, path, b ? { body: b } : {})).status, 403, `${who}: ${m} ${path}`);
  }
  assert.equal((await eu1('GET', '/api/v1/webhooks/guarded/history')).status, 403);
  assert.equal((await api(s, 'GET', '/api/v1/webhooks')).status, 401);
  assert.equal(fingerprint(s), before_);
  assert.equal((await admin('GET', '/api/v1/webhooks/guarded')).json.active, true);
  assert.deepEqual(await deliveries('guarded'), [], 'no ping was queued');
  await retire('guarded');
});

test('an incident\'s events reach the receiver signed, with the documented body, and are recorded as sent', async () => {
  const rx = await receiver();
  const secret = 'topsecret-0123456789';
  await create({ name: 'main', url: `${rx.url}/hooks/steward?src=test`, events: ['created', 'commented', 'resolved'], secret });
  const n = await incident('Printer on fire');
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'Looking into it' } })).status, 201);
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'Replaced the fuser' } })).status, 200);
  const list = await until('three sent deliveries', async () => {
    const d = await deliveries('main');
    return d.length === 3 && d.every((x) => x.state === 'sent') && d;
  });
  assert.deepEqual(list.map((d) => d.event), ['resolved', 'commented', 'created'], 'newest first');
  for (const d of list) {
    assert.ok(Number.isInteger(d.id), `id ${d.id}`);
    assert.deepEqual(d, { id: d.id, event: d.event, ticket: n, state: 'sent', attempts: 1, response_status: 200, last_error: null,
      created_at: d.created_at, next_attempt_at: null, sent_at: d.sent_at });
    assert.match(d.created_at, RFC3339);
    assert.match(d.sent_at, RFC3339);
  }
  assert.equal(rx.requests.length, 3, 'one request per delivery');
  const t = (await agent1('GET', `/api/v1/incidents/${n}`)).json;
  const detail = { commented: 'Looking into it', resolved: 'Replaced the fuser' };
  for (const d of list) {
    const q = rx.requests.find((x) => x.headers['x-steward-delivery'] === String(d.id));
    assert.ok(q, `no request carries delivery ${d.id}`);
    assert.equal(q.method, 'POST');
    assert.equal(q.url, '/hooks/steward?src=test');
    assert.match(q.headers['content-type'], /^application\/json(;|$)/);
    assert.match(q.headers['user-agent'], /^Steward/);
    assert.equal(q.headers['x-steward-event'], d.event);
    assert.equal(q.headers['x-steward-signature'], sign(secret, q), 'HMAC-SHA256 of id.timestamp.body with the secret');
    assert.ok(Math.abs(Number(q.headers['x-steward-timestamp']) * 1000 - q.at) < 5000, 'the timestamp is the request\'s');
    assert.ok(!q.raw.toString('utf8').includes(secret));
    const b = q.json;
    assert.deepEqual(Object.keys(b).sort(), ['actor', 'at', 'detail', 'detail_truncated', 'event', 'ticket']);
    assert.equal(b.detail_truncated, false);
    assert.deepEqual([b.event, b.actor], [d.event, 'agent1']);
    assert.match(b.at, RFC3339);
    if (detail[d.event]) assert.equal(b.detail, detail[d.event], d.event);
    else assert.ok(b.detail === null || typeof b.detail === 'string', `created detail ${b.detail}`);
    const { state, url, ...ticket } = b.ticket;
    assert.deepEqual(ticket, { number: n, kind: 'incident', title: 'Printer on fire', priority: t.priority, requester: 'eu1',
      assignee: 'agent1', assignment_group: 'Desk' });
    assert.equal(typeof state, 'string');
    if (d.event === 'resolved') assert.equal(state, 'resolved');
    assert.match(url, new RegExp(`^https://desk\\.example\\.com/.*${n}$`), 'a link into the web UI');
  }
  // pages, newest first
  const p1 = await admin('GET', '/api/v1/webhooks/main/deliveries?limit=1');
  assert.deepEqual(p1.json.items.map((d) => d.id), [list[0].id]);
  const p2 = await admin('GET', `/api/v1/webhooks/main/deliveries?limit=1&cursor=${encodeURIComponent(p1.json.next_cursor)}`);
  assert.deepEqual(p2.json.items.map((d) => d.id), [list[1].id]);
  await retire('main');
  await rx.stop();
});

test('a delivery refused once is retried and then sent', async () => {
  const rx = await receiver((q, i) => (i === 0 ? 500 : 200));
  await create({ name: 'flaky', url: `${rx.url}/flaky`, events: ['created'] });
  const n = await incident('flaky receiver');
  const [d] = await until('the retried delivery', async () => {
    const x = await deliveries('flaky');
    return x.length === 1 && x[0].state === 'sent' && x;
  });
  assert.deepEqual([d.event, d.ticket, d.attempts, d.response_status, d.next_attempt_at], ['created', n, 2, 200, null]);
  assert.deepEqual(rx.requests.map((q) => q.headers['x-steward-delivery']), [String(d.id), String(d.id)], 'the same delivery, twice');
  await retire('flaky');
  await rx.stop();
});

test('a delivery that keeps failing is given up after the configured attempts, with the error kept', async () => {
  const rx = await receiver((q) => (q.url === '/moved' ? [307, { location: '/elsewhere' }] : 500));
  await create({ name: 'down', url: `${rx.url}/down`, events: ['created'] });
  await create({ name: 'moved', url: `${rx.url}/moved`, events: ['created'] });
  await create({ name: 'closed', url: `http://127.0.0.1:${await closedPort()}/hook`, events: ['created'] });
  const n = await incident('nobody takes this');
  const failed = {};
  for (const name of ['down', 'moved', 'closed']) {
    [failed[name]] = await until(`${name} given up`, async () => {
      const x = await deliveries(name, '?state=failed');
      return x.length === 1 && x;
    });
    assert.deepEqual([failed[name].ticket, failed[name].attempts, failed[name].next_attempt_at, failed[name].sent_at], [n, 3, null, null], name);
    assert.deepEqual(await deliveries(name, '?state=pending'), [], name);
    assert.deepEqual(await deliveries(name, '?state=sent'), [], name);
  }
  assert.equal(failed.down.response_status, 500);
  assert.match(failed.down.last_error, /500/);
  assert.equal(failed.moved.response_status, 307);
  assert.match(failed.moved.last_error, /307/);
  assert.equal(failed.closed.response_status, null);
  assert.match(failed.closed.last_error, /connect|refused/i);
  await sleep(2500); // given up: nothing more is sent
  const at = (path) => rx.requests.filter((q) => q.url === path);
  assert.deepEqual([at('/down').length, at('/moved').length, at('/elsewhere').length], [3, 3, 0], 'three attempts each; a redirect is not followed');
  assert.ok(at('/down')[2].at - at('/down')[0].at >= 1000, 'attempts are spaced out, not a burst');
  assert.deepEqual((await deliveries('down', '?state=sending')), []);
  assert.equal((await admin('GET', '/api/v1/webhooks/down/deliveries?state=lost')).status, 400);
  await retire('down', 'moved', 'closed');
  await rx.stop();
});

test('a work note reaches only a webhook subscribed to work notes', async () => {
  const rx = await receiver();
  await create({ name: 'public', url: `${rx.url}/public`, events: ['created', 'commented'] });
  await create({ name: 'notes', url: `${rx.url}/notes`, events: ['work_note'] });
  const n = await incident('note privacy');
  const note = 'SECRET-NOTE the root password is hunter2';
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: note, internal: true } })).status, 201);
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'We are on it.' } })).status, 201);
  const got = await until('the work note', () => rx.requests.find((q) => q.url === '/notes'));
  assert.equal(got.headers['x-steward-event'], 'work_note');
  assert.deepEqual([got.json.event, got.json.detail, got.json.actor, got.json.ticket.number], ['work_note', note, 'agent1', n]);
  await until('the public comment', () => rx.requests.some((q) => q.url === '/public' && q.json?.event === 'commented'));
  await sleep(1500); // the sender has had its chance to send anything else
  const pub = rx.requests.filter((q) => q.url === '/public');
  assert.deepEqual(pub.map((q) => q.json.event).sort(), ['commented', 'created']);
  for (const q of pub) assert.ok(!q.raw.toString('utf8').includes('SECRET-NOTE'), `work note sent as ${q.json.event}`);
  assert.equal(pub.find((q) => q.json.event === 'commented').json.detail, 'We are on it.');
  assert.deepEqual((await deliveries('public')).map((d) => d.event), ['commented', 'created']);
  assert.deepEqual((await deliveries('notes')).map((d) => d.event), ['work_note']);
  assert.equal(rx.requests.filter((q) => q.url === '/notes').length, 1);
  await retire('public', 'notes');
  await rx.stop();
});

test('an inactive webhook gets nothing until it is made active again', async () => {
  const rx = await receiver();
  await create({ name: 'sleeper', url: `${rx.url}/sleeper`, events: ['created'], active: false });
  await create({ name: 'awake', url: `${rx.url}/awake`, events: ['created'] });
  await incident('while asleep');
  await until('the active webhook\'s delivery', () => rx.requests.some((q) => q.url === '/awake'));
  await sleep(1500);
  assert.deepEqual(await deliveries('sleeper'), []);
  assert.deepEqual(rx.requests.map((q) => q.url), ['/awake']);
  const on = await admin('PATCH', '/api/v1/webhooks/sleeper', { body: { active: true } });
  assert.equal(on.status, 200, on.text);
  assert.equal(on.json.active, true);
  const n2 = await incident('after waking');
  const got = await until('the woken webhook\'s delivery', () => rx.requests.find((q) => q.url === '/sleeper'));
  assert.equal(got.json.ticket.number, n2, 'nothing from while it was inactive');
  assert.deepEqual((await deliveries('sleeper')).map((d) => d.ticket), [n2]);
  await retire('sleeper', 'awake');
  await rx.stop();
});

test('a ping is queued and delivered, signed, though the webhook subscribes to nothing named ping', async () => {
  const rx = await receiver();
  // the longest secret there is: 256 characters of four bytes each
  const secret = '\u{1F511}'.repeat(256);
  await create({ name: 'pinged', url: `${rx.url}/ping`, events: ['major'], secret });
  const p = await admin('POST', '/api/v1/webhooks/pinged/ping');
  assert.equal(p.status, 202, p.text);
  assert.ok(Number.isInteger(p.json.id), `id ${p.json.id}`);
  const q = await until('the ping', () => rx.requests[0]);
  assert.deepEqual([q.method, q.url, q.headers['x-steward-event'], q.headers['x-steward-delivery']], ['POST', '/ping', 'ping', String(p.json.id)]);
  assert.equal(q.headers['x-steward-signature'], sign(secret, q));
  assert.deepEqual(q.json, { event: 'ping', at: q.json.at, webhook: 'pinged', actor: 'admin' });
  assert.match(q.json.at, RFC3339);
  const [d] = await until('the ping recorded as sent', async () => {
    const x = await deliveries('pinged');
    return x.length === 1 && x[0].state === 'sent' && x;
  });
  assert.deepEqual([d.id, d.event, d.ticket, d.attempts, d.response_status], [p.json.id, 'ping', null, 1, 200]);
  assert.equal(rx.requests.length, 1);
  await retire('pinged');
  await rx.stop();
});

test('switching a webhook off, sending it elsewhere or dropping an event cancels what it has not sent', async () => {
  // a server whose sender waits an hour between runs: what is queued stays pending until the test moves it
  const idle = await startServer({ users: [{ login: 'agent1', role: 'agent' }],
    settings: { STEWARD_WEBHOOK_INTERVAL: '1h' } });
  try {
    const a = as(idle, 'admin');
    const ag = as(idle, 'agent1');
    const byEvent = async (name) => Object.fromEntries((await a('GET', `/api/v1/webhooks/${name}/deliveries`)).json.items
      .map((d) => [d.event, [d.state, d.last_error]]));
    assert.equal((await a('POST', '/api/v1/webhooks', { body: { name: 'h', url: 'http://127.0.0.1:9/a',
      events: ['created', 'commented', 'work_note'] } })).status, 201);
    const n = (await ag('POST', '/api/v1/incidents', { body: { title: 'queued' } })).json.number;
    assert.equal((await ag('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'SECRET-NOTE', internal: true } })).status, 201);
    assert.equal((await ag('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'public' } })).status, 201);
    assert.deepEqual(await byEvent('h'), { created: ['pending', null], work_note: ['pending', null], commented: ['pending', null] });
    // naming no work note any more cancels that delivery, and only that one
    assert.equal((await a('PATCH', '/api/v1/webhooks/h', { body: { events: ['created', 'commented'] } })).status, 200);
    assert.deepEqual(await byEvent('h'), { created: ['pending', null], commented: ['pending', null],
      work_note: ['failed', 'canceled: the webhook no longer names its event'] });
    // what was queued for one URL never goes to another
    assert.equal((await a('PATCH', '/api/v1/webhooks/h', { body: { url: 'http://127.0.0.1:9/b' } })).status, 200);
    assert.deepEqual(await byEvent('h'), { created: ['failed', "canceled: the webhook's URL changed"],
      commented: ['failed', "canceled: the webhook's URL changed"], work_note: ['failed', 'canceled: the webhook no longer names its event'] });
    // switching it off cancels what came after
    assert.equal((await ag('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'later' } })).status, 201);
    assert.equal((await a('GET', '/api/v1/webhooks/h/deliveries?state=pending')).json.items.length, 1);
    assert.equal((await a('PATCH', '/api/v1/webhooks/h', { body: { active: false } })).status, 200);
    const rows = (await a('GET', '/api/v1/webhooks/h/deliveries')).json.items;
    assert.deepEqual([rows[0].event, rows[0].state, rows[0].last_error], ['commented', 'failed', 'canceled: the webhook was switched off']);
    assert.equal((await a('GET', '/api/v1/webhooks/h/deliveries?state=pending')).json.items.length, 0);
    // a canceled row keeps no body: the work note's text is gone from the outbox
    assert.equal(sqlOn(idle, "SELECT COUNT(*) FROM webhook_deliveries WHERE body LIKE '%SECRET-NOTE%'").trim(), '0');
  } finally {
    await idle.cleanup();
  }
});

test('a very long comment is cut in the body, never refused', async () => {
  const rx = await receiver();
  await create({ name: 'long', url: `${rx.url}/long`, events: ['commented'] });
  const n = await incident('long comment');
  const body = '\u00e9'.repeat(40000); // 80 000 bytes: more than the 64 KiB a body's detail keeps
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/comments`, { body: { body } })).status, 201);
  const q = await until('the long comment', () => rx.requests[0]);
  assert.equal(q.json.detail_truncated, true);
  assert.equal(q.json.detail, '\u00e9'.repeat(32768), 'cut at a character boundary at 64 KiB');
  await retire('long');
  await rx.stop();
});

test('a secret is refused when there is no mail key to seal it', async () => {
  const bare = await startServer();
  try {
    const a = as(bare, 'admin');
    const body = { name: 'sealed', url: 'https://hooks.example.com/x', events: ['created'] };
    const r = await a('POST', '/api/v1/webhooks', { body: { ...body, secret: 'a-long-enough-secret' } });
    assert.equal(r.status, 422, r.text);
    assert.deepEqual(fieldsOf(r), ['secret']);
    assert.deepEqual((await a('GET', '/api/v1/webhooks')).json.items, []);
    const ok = await a('POST', '/api/v1/webhooks', { body });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.json.has_secret, false);
  } finally {
    await bare.cleanup();
  }
});
