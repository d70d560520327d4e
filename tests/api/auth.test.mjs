// Login, sessions, CSRF, bearer tokens, throttling, logout, security headers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, cli, ADMIN_PASSWORD, PASSWORD } from './lib.mjs';

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
  assertSecurityHeaders(r);
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
  assert.equal(responses[5].headers.get('allow'), 'POST, GET');
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
