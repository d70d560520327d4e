// The session and token policy (issue #21, docs/security.md): sessions end
// after an idle time and at the end of their lifetime; API tokens a user
// makes from a browser session may expire and show when they were last
// used; an account may expire; login throttling is per login and client
// address (behind a trusted proxy, the address X-Forwarded-For names), with
// a wait that doubles with each attempt, so nobody locks an account out
// from elsewhere.  A few short sleeps: the policy is about time passing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, fieldsOf, PASSWORD } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let s;
before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }, { login: 'temp', role: 'agent' }, { login: 'target', role: 'end_user' }],
    settings: { STEWARD_SESSION_IDLE_TIMEOUT: '3s', STEWARD_SESSION_LIFETIME: '8s', STEWARD_TRUSTED_PROXY: '127.0.0.1' },
  });
});
after(async () => { await s.cleanup(); });

const me = (session) => api(s, 'GET', '/api/v1/me', { cookie: session.cookie });
const from = (address, who, password) =>
  api(s, 'POST', '/api/v1/auth/login', { body: { login: who, password }, headers: { 'x-forwarded-for': `10.9.9.9, ${address}` } });

test('a session ends after the idle time without a request, and at the end of its lifetime however busy', async () => {
  const idle = await login(s, 'agent1', PASSWORD);
  assert.match(idle.setCookie, /Max-Age=8(;|$)/, 'the cookie lives as long as the session');
  assert.equal((await me(idle)).status, 200);
  await sleep(4600);
  assert.equal((await me(idle)).status, 401, 'unused for the idle time');

  // busy: a request every second keeps it past the idle time, until its lifetime ends it
  const born = Date.now();
  const busy = await login(s, 'agent1', PASSWORD);
  let ended = 0;
  while (!ended && Date.now() < born + 15000) {
    await sleep(1000);
    if ((await me(busy)).status === 401) ended = Date.now() - born;
  }
  // lifetime 8 s counted in whole seconds from the login: it ends 7 to 9 s in (load permitting)
  assert.ok(ended >= 6900 && ended < 11000, `a busy session ended ${ended} ms after login`);
});

test('API tokens: made from a browser session, used, listed with when last used, expiring, revoked', async () => {
  const sess = await login(s, 'eu1', PASSWORD);
  const opts = (body) => ({ cookie: sess.cookie, csrf: sess.csrf, body });
  const made = await api(s, 'POST', '/api/v1/me/tokens', opts({ name: 'laptop script', expires_at: iso(Date.now() + 3600e3) }));
  assert.equal(made.status, 201, made.text);
  assert.match(made.json.token, /^stw_[A-Za-z0-9_-]{43}$/);
  assert.equal(made.headers.get('location'), `/api/v1/me/tokens/${made.json.id}`);
  assert.equal(made.json.last_used_at, null);
  const forever = await api(s, 'POST', '/api/v1/me/tokens', opts({ name: 'forever' }));
  assert.equal(forever.json.expires_at, null);

  assert.equal((await api(s, 'GET', '/api/v1/me', { token: made.json.token })).json.login, 'eu1');
  const list = await api(s, 'GET', '/api/v1/me/tokens', { cookie: sess.cookie });
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((t) => t.name), ['forever', 'laptop script'], 'newest first');
  const used = list.json.items[1];
  assert.ok(Math.abs(Date.parse(used.last_used_at) - Date.now()) < 60e3, JSON.stringify(used));
  assert.equal(used.expires_at, made.json.expires_at);
  assert.equal(list.json.items[0].last_used_at, null);
  assert.equal(JSON.stringify(list.json).includes(made.json.token), false, 'the secret is shown once');

  // a token cannot mint tokens; bad input changes nothing
  const byToken = await api(s, 'POST', '/api/v1/me/tokens', { token: made.json.token, body: { name: 'child' } });
  assert.equal(byToken.status, 403);
  const past = await api(s, 'POST', '/api/v1/me/tokens', opts({ name: 'late', expires_at: iso(Date.now() - 1000) }));
  assert.equal(past.status, 422);
  assert.deepEqual(fieldsOf(past), ['expires_at']);
  assert.equal((await api(s, 'POST', '/api/v1/me/tokens', opts({ name: '' }))).status, 422);
  const unknown = await api(s, 'POST', '/api/v1/me/tokens', opts({ name: 'x', scope: 'all' }));
  assert.equal(unknown.status, 422);
  assert.deepEqual(fieldsOf(unknown), ['scope']);
  assert.equal((await api(s, 'GET', '/api/v1/me/tokens', { cookie: sess.cookie })).json.items.length, 2);

  // a token that expires stops working then
  const soon = await api(s, 'POST', '/api/v1/me/tokens', opts({ name: 'soon', expires_at: iso(Date.now() + 1500) }));
  assert.equal((await api(s, 'GET', '/api/v1/me', { token: soon.json.token })).status, 200);
  await sleep(2000);
  assert.equal((await api(s, 'GET', '/api/v1/me', { token: soon.json.token })).status, 401);

  // revoked by its owner only
  const again = await login(s, 'eu1', PASSWORD);
  const agent = await login(s, 'agent1', PASSWORD);
  const theirs = await api(s, 'DELETE', `/api/v1/me/tokens/${made.json.id}`, { cookie: agent.cookie, csrf: agent.csrf });
  assert.equal(theirs.status, 404, 'another user\'s token is not yours to revoke');
  assert.equal((await api(s, 'GET', '/api/v1/me', { token: made.json.token })).status, 200);
  assert.equal((await api(s, 'DELETE', `/api/v1/me/tokens/${made.json.id}`, { cookie: again.cookie, csrf: again.csrf })).status, 204);
  assert.equal((await api(s, 'GET', '/api/v1/me', { token: made.json.token })).status, 401);
  assert.equal((await api(s, 'DELETE', `/api/v1/me/tokens/${made.json.id}`, { cookie: again.cookie, csrf: again.csrf })).status, 404);
});

test('an account that expires cannot log in after, and its sessions and tokens stop', async () => {
  const admin = s.token('admin');
  const past = await api(s, 'PATCH', '/api/v1/users/temp', { token: admin, body: { expires_at: iso(Date.now() - 60e3) } });
  assert.equal(past.status, 422);
  assert.deepEqual(fieldsOf(past), ['expires_at']);
  const at = iso(Date.now() + 2000);
  const set = await api(s, 'PATCH', '/api/v1/users/temp', { token: admin, body: { expires_at: at } });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.expires_at, at);
  const token = s.token('temp');
  const sess = await login(s, 'temp', PASSWORD);
  assert.equal((await api(s, 'GET', '/api/v1/me', { token })).json.expires_at, at);
  await sleep(Date.parse(at) - Date.now() + 600);
  assert.equal((await api(s, 'GET', '/api/v1/me', { token })).status, 401);
  assert.equal((await me(sess)).status, 401);
  const r = await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'temp', password: PASSWORD } });
  assert.equal(r.status, 401);
  assert.equal(r.json.type, 'urn:steward:problem:invalid-credentials', 'an expired account looks like a wrong password');
  // extended again by an admin: in again
  assert.equal((await api(s, 'PATCH', '/api/v1/users/temp', { token: admin, body: { expires_at: null } })).json.expires_at, null);
  assert.equal((await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'temp', password: PASSWORD } })).status, 200);
  const hist = await api(s, 'GET', '/api/v1/users/temp/history', { token: admin });
  const changed = hist.json.items.filter((h) => h.changes && h.changes.expires_at).map((h) => h.changes.expires_at);
  assert.deepEqual(changed, [{ from: null, to: at }, { from: at, to: null }], 'each change of the expiry is audited');
});

test('throttling is per login and address: the attacker\'s address waits longer with every attempt, the owner elsewhere logs in', async () => {
  const attacker = '203.0.113.5', owner = '198.51.100.20';
  for (let i = 0; i < 5; i++) assert.equal((await from(attacker, 'target', `guess-${i}-xx`)).status, 401);
  const waits = [];
  for (let i = 0; i < 3; i++) {
    const r = await from(attacker, 'target', PASSWORD);
    assert.equal(r.status, 429, 'even the right password waits');
    assert.equal(r.json.type, 'urn:steward:problem:throttled');
    waits.push(Number(r.headers.get('retry-after')));
  }
  assert.deepEqual(waits, [60, 120, 240]);
  const mine = await from(owner, 'target', PASSWORD);
  assert.equal(mine.status, 200, 'the owner at another address is not locked out');
  // without the trusted proxy in between, X-Forwarded-For is not believed (tested on a second server)
  const plain = await startServer({ users: [{ login: 'v', role: 'end_user' }] });
  try {
    for (let i = 0; i < 5; i++) {
      const r = await api(plain, 'POST', '/api/v1/auth/login', { body: { login: 'v', password: `g-${i}-xxxx` }, headers: { 'x-forwarded-for': `192.0.2.${i}` } });
      assert.equal(r.status, 401);
    }
    const r = await api(plain, 'POST', '/api/v1/auth/login', { body: { login: 'v', password: PASSWORD }, headers: { 'x-forwarded-for': '192.0.2.99' } });
    assert.equal(r.status, 429, 'a forged X-Forwarded-For changes nothing');
  } finally {
    await plain.cleanup();
  }
});
