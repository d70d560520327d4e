// Login, sessions, CSRF, bearer tokens, throttling, logout, security headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, startServer, startTwin, api, login, cli, addUser, ADMIN_PASSWORD, PASSWORD } from './lib.mjs';

let s;
before(async () => {
  s = await startServer({ users: [
    { login: 'agent1', role: 'agent' },
    { login: 'eu1', role: 'end_user' },
    { login: 'gone', role: 'end_user' },
    { login: 'victim', role: 'end_user' },
    { login: 'pwchange', role: 'agent' },
  ] });
});
after(async () => { await s.cleanup(); });

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function assertSecurityHeaders(r) {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) assert.equal(r.headers.get(k), v, k);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(r.headers.get('x-request-id'), /^[0-9a-f]{18}$/);
}

test('login sets a hardened session cookie and returns a CSRF token', async () => {
  const r = await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'admin', password: ADMIN_PASSWORD } });
  assert.equal(r.status, 200);
  assert.equal(r.json.user.login, 'admin');
  assert.equal(r.json.user.role, 'admin');
  assert.equal(r.json.user.password, undefined);
  assert.equal(typeof r.json.csrf_token, 'string');
  assert.ok(r.json.csrf_token.length >= 40);
  const set = r.headers.get('set-cookie');
  assert.match(set, /^steward_session=[A-Za-z0-9_-]{43};/);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  assert.match(set, /Path=\//);
  assert.doesNotMatch(set, /Secure/, 'served over http: no Secure (cookie_secure auto)');
  assertSecurityHeaders(r);
});

test('cookie_secure auto: Secure when the public address is https; false and true as said; anything else refused', async () => {
  const body = { login: 'admin', password: ADMIN_PASSWORD };
  for (const [settings, secure] of [[{ STEWARD_PUBLIC_URL: 'https://desk.example.com' }, true],
    [{ STEWARD_PUBLIC_URL: 'https://desk.example.com', STEWARD_COOKIE_SECURE: 'false' }, false],
    [{ STEWARD_COOKIE_SECURE: 'true' }, true]]) {
    const twin = await startTwin(s, settings);
    try {
      const r = await api(twin, 'POST', '/api/v1/auth/login', { body });
      assert.equal(r.status, 200);
      assert.equal(/; Secure/.test(r.headers.get('set-cookie')), secure, JSON.stringify(settings));
    } finally { await twin.stop(); }
  }
  const bad = spawnSync(BIN, ['serve', '--db', s.dbUrl, '--listen', '127.0.0.1:0'], { env: { ...process.env, ...s.env, STEWARD_COOKIE_SECURE: 'yes' }, encoding: 'utf8', timeout: 20000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /cookie_secure must be auto, true or false, not 'yes'/);
});

test('wrong password and unknown login give the same 401', async () => {
  const a = await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'agent1', password: 'nope-nope' } });
  const b = await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'nobody', password: 'nope-nope' } });
  for (const r of [a, b]) {
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.equal(r.json.type, 'urn:steward:problem:invalid-credentials');
    assert.equal(r.headers.get('set-cookie'), null);
  }
  assert.equal(a.json.detail, b.json.detail);
});

test('a disabled account cannot log in and its token stops working', async () => {
  const token = s.token('gone');
  assert.equal((await api(s, 'GET', '/api/v1/me', { token })).status, 200);
  cli(['user', 'disable', 'gone', '--db', s.dbUrl]);
  const r = await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'gone', password: PASSWORD } });
  assert.equal(r.status, 401);
  assert.equal(r.json.type, 'urn:steward:problem:invalid-credentials');
  assert.equal((await api(s, 'GET', '/api/v1/me', { token })).status, 401);
});

test('five failures throttle the account with Retry-After', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'victim', password: `bad-${i}-xx` } });
    assert.equal(r.status, 401);
  }
  const r = await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'victim', password: PASSWORD } });
  assert.equal(r.status, 429);
  assert.equal(r.json.type, 'urn:steward:problem:throttled');
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(retry > 0 && retry <= 300, `retry-after ${retry}`);
});

test('cookie-authenticated writes need the CSRF token', async () => {
  const { cookie, csrf } = await login(s, 'agent1', PASSWORD);
  const body = { title: 'CSRF probe', impact: 3, urgency: 3 };
  const none = await api(s, 'POST', '/api/v1/incidents', { cookie, body });
  assert.equal(none.status, 403);
  assert.equal(none.json.type, 'urn:steward:problem:csrf');
  const wrong = await api(s, 'POST', '/api/v1/incidents', { cookie, csrf: csrf.slice(0, -2) + 'AA', body });
  assert.equal(wrong.status, 403);
  assert.equal(wrong.json.type, 'urn:steward:problem:csrf');
  const list = await api(s, 'GET', '/api/v1/incidents?text=CSRF%20probe', { cookie });
  assert.equal(list.status, 200);
  assert.equal(list.json.items.length, 0, 'rejected writes left nothing behind');
  const ok = await api(s, 'POST', '/api/v1/incidents', { cookie, csrf, body });
  assert.equal(ok.status, 201);
  assert.equal(ok.json.requester, 'agent1');
});

test('bearer tokens work without CSRF; bad tokens get 401', async () => {
  const token = s.token('agent1');
  const r = await api(s, 'POST', '/api/v1/incidents', { token, body: { title: 'via token' } });
  assert.equal(r.status, 201);
  const bad = await api(s, 'GET', '/api/v1/me', { token: 'stw_not-a-real-token' });
  assert.equal(bad.status, 401);
  assert.equal(bad.json.type, 'urn:steward:problem:unauthenticated');
  const malformed = await api(s, 'GET', '/api/v1/me', { headers: { authorization: 'Basic YWRtaW46eA==' } });
  assert.equal(malformed.status, 401);
  const anon = await api(s, 'GET', '/api/v1/incidents');
  assert.equal(anon.status, 401);
  assertSecurityHeaders(anon);
});

test('each login gets a new session; logout ends it', async () => {
  const a = await login(s, 'eu1', PASSWORD);
  const b = await login(s, 'eu1', PASSWORD);
  assert.notEqual(a.cookie, b.cookie);
  assert.notEqual(a.csrf, b.csrf);
  const me = await api(s, 'GET', '/api/v1/me', { cookie: a.cookie });
  assert.equal(me.status, 200);
  assert.equal(me.json.login, 'eu1');
  assert.equal(me.json.role, 'end_user');
  assert.deepEqual(me.json.groups, []);
  const noCsrf = await api(s, 'POST', '/api/v1/auth/logout', { cookie: a.cookie });
  assert.equal(noCsrf.status, 403);
  const out = await api(s, 'POST', '/api/v1/auth/logout', { cookie: a.cookie, csrf: a.csrf });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  assert.equal((await api(s, 'GET', '/api/v1/me', { cookie: a.cookie })).status, 401);
  assert.equal((await api(s, 'GET', '/api/v1/me', { cookie: b.cookie })).status, 200, 'other session lives on');
});

test('a password change ends the user\'s sessions', async () => {
  const sess = await login(s, 'pwchange', PASSWORD);
  const admin = s.token('admin');
  const r = await api(s, 'PATCH', '/api/v1/users/pwchange', { token: admin, body: { password: 'brand-new-password' } });
  assert.equal(r.status, 200);
  assert.equal((await api(s, 'GET', '/api/v1/me', { cookie: sess.cookie })).status, 401);
  await login(s, 'pwchange', 'brand-new-password');
});

test('security headers on every kind of response', async () => {
  const token = s.token('admin');
  const responses = [
    await api(s, 'GET', '/healthz'),
    await api(s, 'GET', '/metrics'),
    await api(s, 'GET', '/api/v1/openapi.json'),
    await api(s, 'GET', '/api/v1/me', { token }),
    await api(s, 'GET', '/api/v1/nope', { token }),
    await api(s, 'DELETE', '/api/v1/incidents', { token }),
    await api(s, 'POST', '/api/v1/incidents', { token, raw: 'x', contentType: 'text/plain' }),
  ];
  assert.deepEqual(responses.map((r) => r.status), [200, 200, 200, 200, 404, 405, 415]);
  for (const r of responses) assertSecurityHeaders(r);
  assert.equal(responses[5].headers.get('allow'), 'POST, GET, HEAD, OPTIONS');
});

test('the server log has no secrets', async () => {
  const sess = await login(s, 'agent1', PASSWORD);
  await api(s, 'GET', '/api/v1/me', { cookie: sess.cookie });
  const token = s.token('agent1');
  await api(s, 'GET', '/api/v1/me', { token });
  assert.ok(!s.log.includes(PASSWORD), 'password in log');
  assert.ok(!s.log.includes(ADMIN_PASSWORD), 'admin password in log');
  assert.ok(!s.log.includes(sess.cookie.split('=')[1]), 'session id in log');
  assert.ok(!s.log.includes(sess.csrf), 'csrf token in log');
  assert.ok(!s.log.includes(token), 'api token in log');
  // every log line is JSON with the request fields
  const lines = s.log.trim().split('\n').map((l) => JSON.parse(l));
  const req = lines.find((l) => l.msg === 'request' && l.path === '/api/v1/me');
  assert.ok(req);
  for (const k of ['time', 'level', 'request_id', 'method', 'path', 'status', 'duration_us']) assert.ok(k in req, k);
});

// Beyond the first cut.  Assumptions where docs/api.md is silent:
// - Cache-Control: no-store is required on /api/v1/* responses of every
//   status (the doc says "API responses"); /healthz and /metrics are not
//   held to it.
// - Throttling counts failures per login name, known or not (otherwise the
//   sixth attempt would tell existing accounts from unknown ones), and does
//   not lock out other logins.
// - A CSRF token belongs to the session it was issued with.
// - Re-enabling an account lets it log in again.
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('API responses of every status are Cache-Control: no-store', async () => {
  const token = s.token('agent1');
  const rs = [
    await api(s, 'GET', '/api/v1/me', { token }),
    await api(s, 'GET', '/api/v1/incidents/INC9999999', { token }),
    await api(s, 'GET', '/api/v1/me'),
    await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'agent1', password: PASSWORD } }),
    await api(s, 'POST', '/api/v1/incidents', { token, raw: '{', contentType: 'application/json' }),
    await api(s, 'POST', '/api/v1/users', { token, body: { login: 'x' } }),
  ];
  assert.deepEqual(rs.map((r) => r.status), [200, 404, 401, 200, 400, 403]);
  for (const r of rs) {
    assert.match(r.headers.get('cache-control') || '', /no-store/, `status ${r.status}`);
    assertSecurityHeaders(r);
  }
  for (const [r, type] of [[rs[1], 'not-found'], [rs[2], 'unauthenticated'], [rs[4], 'bad-request'], [rs[5], 'forbidden']]) {
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.equal(r.json.type, `urn:steward:problem:${type}`);
    assert.equal(r.json.status, r.status);
    assert.equal(typeof r.json.title, 'string');
    assert.equal(typeof r.json.detail, 'string');
  }
  assert.match(rs[0].headers.get('content-type'), /^application\/json/);
});

test('each response has its own X-Request-Id, which the server logs', async () => {
  const token = s.token('agent1');
  const a = await api(s, 'GET', '/api/v1/incidents/INC7777777', { token });
  const b = await api(s, 'GET', '/api/v1/incidents/INC7777777', { token });
  const id = a.headers.get('x-request-id');
  assert.ok(id, 'X-Request-Id missing');
  assert.notEqual(b.headers.get('x-request-id'), id);
  let line;
  for (let i = 0; i < 100 && !line; i++) {
    line = s.log.split('\n').find((l) => l.includes(id));
    if (!line) await sleep(20);
  }
  assert.ok(line, `request id ${id} is not in the server log`);
  const j = JSON.parse(line);
  assert.equal(j.request_id, id);
  assert.equal(j.status, 404);
  assert.equal(j.method, 'GET');
});

test('the login answer carries the same user as /me', async () => {
  const sess = await login(s, 'agent1', PASSWORD);
  const me = await api(s, 'GET', '/api/v1/me', { cookie: sess.cookie });
  assert.equal(me.status, 200);
  const ME = ['login', 'name', 'email', 'timezone', 'role', 'active', 'groups'];
  const pick = (o) => Object.fromEntries(ME.map((k) => [k, o[k]]));
  for (const k of ME) assert.ok(k in me.json, k);
  assert.deepEqual(pick(sess.body.user), pick(me.json));
  assert.deepEqual(pick(me.json), { login: 'agent1', name: 'agent1', email: 'agent1@example.com', timezone: 'UTC', role: 'agent', active: true, groups: [] });
  assert.doesNotMatch(me.text, /password|hash|argon/i);
});

test('a CSRF token only works with the session it came with', async () => {
  const a = await login(s, 'agent1', PASSWORD);
  const b = await login(s, 'eu1', PASSWORD);
  const r = await api(s, 'POST', '/api/v1/incidents', { cookie: a.cookie, csrf: b.csrf, body: { title: 'cross-session csrf' } });
  assert.equal(r.status, 403);
  assert.equal(r.json.type, 'urn:steward:problem:csrf');
  // every unsafe method needs it, not only POST
  const made = await api(s, 'POST', '/api/v1/incidents', { cookie: a.cookie, csrf: a.csrf, body: { title: 'csrf methods' } });
  assert.equal(made.status, 201);
  const n = made.json.number;
  const patch = await api(s, 'PATCH', `/api/v1/incidents/${n}`, { cookie: a.cookie, body: { title: 'no csrf' }, headers: { 'if-match': '1' } });
  assert.equal(patch.status, 403);
  assert.equal(patch.json.type, 'urn:steward:problem:csrf');
  const watch = await api(s, 'POST', `/api/v1/incidents/${n}/watchers`, { cookie: a.cookie, csrf: a.csrf, body: { login: 'eu1' } });
  assert.equal(watch.status, 204);
  const del = await api(s, 'DELETE', `/api/v1/incidents/${n}/watchers/eu1`, { cookie: a.cookie });
  assert.equal(del.status, 403);
  assert.equal(del.json.type, 'urn:steward:problem:csrf');
  const action = await api(s, 'POST', `/api/v1/incidents/${n}/start`, { cookie: a.cookie });
  assert.equal(action.status, 403);
  const now = await api(s, 'GET', `/api/v1/incidents/${n}`, { cookie: a.cookie });
  assert.equal(now.json.title, 'csrf methods');
  assert.equal(now.json.state, 'new');
  assert.deepEqual(now.json.watchers, ['eu1']);
  const ok = await api(s, 'PATCH', `/api/v1/incidents/${n}`, { cookie: a.cookie, csrf: a.csrf, body: { title: 'with csrf' }, headers: { 'if-match': String(now.json.version) } });
  assert.equal(ok.status, 200);
});

test('disabling an account over the API ends its sessions and tokens', async () => {
  addUser(s, { login: 'soon.gone', role: 'agent' });
  const sess = await login(s, 'soon.gone', PASSWORD);
  const token = s.token('soon.gone');
  assert.equal((await api(s, 'GET', '/api/v1/me', { cookie: sess.cookie })).status, 200);
  assert.equal((await api(s, 'GET', '/api/v1/me', { token })).status, 200);
  const admin = s.token('admin');
  const off = await api(s, 'PATCH', '/api/v1/users/soon.gone', { token: admin, body: { active: false } });
  assert.equal(off.status, 200);
  assert.equal(off.json.active, false);
  assert.equal((await api(s, 'GET', '/api/v1/me', { cookie: sess.cookie })).status, 401, 'session survived disabling');
  assert.equal((await api(s, 'GET', '/api/v1/me', { token })).status, 401, 'token survived disabling');
  const denied = await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'soon.gone', password: PASSWORD } });
  const wrong = await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'agent1', password: 'not-the-password' } });
  assert.equal(denied.status, 401);
  assert.deepEqual({ ...denied.json, request_id: undefined, instance: undefined },
    { ...wrong.json, request_id: undefined, instance: undefined }, 'a disabled account looks like a wrong password');
  const on = await api(s, 'PATCH', '/api/v1/users/soon.gone', { token: admin, body: { active: true } });
  assert.equal(on.status, 200);
  await login(s, 'soon.gone', PASSWORD);
});

test('throttling is per login, known or unknown, and refuses even the right password', async () => {
  addUser(s, { login: 'victim2', role: 'end_user' });
  for (const who of ['victim2', 'nobody-at-all']) {
    for (let i = 0; i < 5; i++) {
      const r = await api(s, 'POST', '/api/v1/auth/login', { body: { login: who, password: `wrong-${i}-pw` } });
      assert.equal(r.status, 401, `${who} attempt ${i + 1}`);
    }
    const r = await api(s, 'POST', '/api/v1/auth/login', { body: { login: who, password: who === 'victim2' ? PASSWORD : 'x-x-x-x-x' } });
    assert.equal(r.status, 429, who);
    assert.equal(r.json.type, 'urn:steward:problem:throttled');
    assert.equal(r.headers.get('set-cookie'), null);
    assert.match(r.headers.get('retry-after') || '', /^[1-9][0-9]*$/, 'Retry-After in whole seconds');
    assert.ok(Number(r.headers.get('retry-after')) <= 300);
  }
  // others are not locked out
  const other = await login(s, 'eu1', PASSWORD);
  assert.equal(other.body.user.login, 'eu1');
});
