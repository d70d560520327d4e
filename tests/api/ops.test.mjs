// Operations: health, metrics, the OpenAPI document covering every route,
// graceful shutdown, and refusal to serve an uninitialised database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as, api, BIN, freshDatabase } from './lib.mjs';

let s, agent;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }] });
  agent = as(s, 'agent1');
});
after(async () => { await s.cleanup(); });

test('healthz answers with the database state', async () => {
  const r = await api(s, 'GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok', database: 'ok' });
});

test('the root page is the web UI shell: external module script only, under the strict CSP', async () => {
  const r = await api(s, 'GET', '/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.match(r.text, /<script type="module" src="\/app\/app.js"><\/script>/);
  assert.doesNotMatch(r.text, /<script>|<style|\sstyle=|\son[a-z]+=/);
  assert.match(r.headers.get('content-security-policy'), /script-src 'self'/);
  const js = await api(s, 'GET', '/app/app.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  const vendor = await api(s, 'GET', '/app/vendor.js');
  assert.equal(vendor.status, 200);
  assert.match(vendor.text, /export/);
  for (const bad of ['/app/nope.js', '/app/..%2Fsteward.db', '/app/index.html']) {
    const r2 = await api(s, 'GET', bad);
    assert.equal(r2.status, 404, bad);
  }
});

test('metrics count requests by route and status', async () => {
  await agent('GET', '/api/v1/incidents');
  await agent('GET', '/api/v1/incidents/INC0000404');
  const r = await api(s, 'GET', '/metrics');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.match(r.text, /steward_http_requests_total\{route="\/api\/v1\/incidents",method="GET",status="200"\} [1-9]/);
  assert.match(r.text, /steward_http_requests_total\{route="\/api\/v1\/incidents\/\{number\}",method="GET",status="404"\} 1/);
  assert.match(r.text, /steward_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/);
  assert.match(r.text, /steward_http_open_connections \d+/);
  assert.match(r.text, /steward_db_errors_total \d+/);
});

test('the OpenAPI document lists every route the server serves', async () => {
  const r = await api(s, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  const doc = r.json;
  assert.match(doc.openapi, /^3\.1\./);
  // the route table is the source: every pattern in src/api/routes.c is documented
  const src = readFileSync(join(process.cwd(), 'src/api/routes.c'), 'utf8');
  const inc = '/api/v1/incidents/{number}';
  const routes = [...src.matchAll(/\{"(GET|POST|PATCH|DELETE)", (INC "([^"]*)"|INC|"([^"]+)")/g)]
    .map((m) => [m[1], m[2] === 'INC' ? inc : m[3] !== undefined ? inc + m[3] : m[4]]);
  assert.ok(routes.length >= 30, `found ${routes.length} routes`);
  for (const [method, path] of routes) {
    assert.ok(doc.paths[path], `path ${path} missing`);
    assert.ok(doc.paths[path][method.toLowerCase()], `${method} ${path} missing`);
  }
  // and every documented operation exists on the server (not 404)
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      const concrete = path.replace('{number}', 'INC0000001').replace('{login}', 'agent1').replace('{name}', 'x').replace('{id}', '1');
      const res = await api(s, method.toUpperCase(), concrete, {});
      assert.notEqual(res.status, 405, `${method} ${path}`);
    }
  }
  // the tests in this directory only use documented paths
  const used = new Set();
  for (const f of readdirSync(join(process.cwd(), 'tests/api')).filter((x) => x.endsWith('.test.mjs'))) {
    for (const m of readFileSync(join(process.cwd(), 'tests/api', f), 'utf8').matchAll(/'(\/api\/v1\/[a-z/.]+)/g)) used.add(m[1].replace(/\/$/, ''));
  }
  const deliberatelyUnknown = new Set(['/api/v1/nope', '/api/v1/tickets']);
  for (const p of used) {
    if (deliberatelyUnknown.has(p)) continue;
    const known = Object.keys(doc.paths).some((d) => d === p || d.startsWith(p + '/') || p.startsWith(d.split('{')[0]));
    assert.ok(known, `tests use undocumented ${p}`);
  }
  assert.ok(doc.components.schemas.Incident);
  assert.ok(doc.components.schemas.Problem);
});

test('SIGTERM drains in-flight requests; every 2xx survives a restart', async () => {
  const srv = await startServer({ users: [{ login: 'w', role: 'agent' }] });
  try {
    const token = srv.token('w');
    const sends = Array.from({ length: 30 }, (_, i) => api(srv, 'POST', '/api/v1/incidents', { token, body: { title: `drain ${i}` } })
      .catch((e) => ({ status: 0, error: e })));
    await new Promise((r) => setTimeout(r, 5));
    const code = await srv.stop();
    assert.equal(code, 0, srv.log);
    const results = await Promise.all(sends);
    const ok = results.filter((r) => r.status === 201).map((r) => r.json.number);
    assert.ok(results.every((r) => r.status === 201 || r.status === 0), JSON.stringify(results.map((r) => r.status)));
    assert.match(srv.log, /"msg":"shutting down"/);
    await srv.start();
    const list = await api(srv, 'GET', '/api/v1/incidents?limit=200', { token });
    const have = new Set(list.json.items.map((x) => x.number));
    for (const n of ok) assert.ok(have.has(n), `${n} acknowledged but lost`);
  } finally {
    await srv.cleanup();
  }
});

// A command's exit status and output, without blocking the event loop: a
// blocked loop leaves the other tests' keep-alive connections idle past the
// server's deadline, to be reused just as the server closes them.
function run(args, timeout = 10000) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeout);
    p.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

test('serve refuses an uninitialised database and names the fix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-empty-'));
  const db = freshDatabase(dir);
  try {
    const r = await run(['serve', '--db', db.url, '--listen', '127.0.0.1:0']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /steward (init|migrate)/);
    const v = await run(['version']);
    assert.match(v.stdout, /^steward \d+\.\d+\.\d+/);
    const help = await run(['serve', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--listen/);
    const bad = await run(['frobnicate']);
    assert.equal(bad.status, 2);
  } finally {
    db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});

// Every operation the test files use, spelled out (the scan above only sees
// single-quoted literals): each must be in the OpenAPI document.
const USED = [
  'GET /', 'GET /healthz', 'GET /metrics', 'GET /api/v1/openapi.json',
  'POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'GET /api/v1/me',
  'POST /api/v1/users', 'GET /api/v1/users', 'GET /api/v1/users/{login}', 'PATCH /api/v1/users/{login}',
  'GET /api/v1/users/{login}/history',
  'POST /api/v1/groups', 'GET /api/v1/groups', 'GET /api/v1/groups/{name}', 'PATCH /api/v1/groups/{name}',
  'GET /api/v1/groups/{name}/history',
  'POST /api/v1/incidents', 'GET /api/v1/incidents', 'GET /api/v1/incidents/{number}', 'PATCH /api/v1/incidents/{number}',
  ...['start', 'hold', 'resolve', 'reopen', 'close', 'cancel'].map((a) => `POST /api/v1/incidents/{number}/${a}`),
  'POST /api/v1/incidents/{number}/comments', 'GET /api/v1/incidents/{number}/comments',
  'GET /api/v1/incidents/{number}/history',
  'POST /api/v1/incidents/{number}/watchers', 'DELETE /api/v1/incidents/{number}/watchers/{login}',
  'POST /api/v1/incidents/{number}/attachments', 'GET /api/v1/incidents/{number}/attachments',
  'GET /api/v1/attachments/{id}',
  'POST /api/v1/incidents/{number}/links', 'GET /api/v1/incidents/{number}/links',
];

test('openapi.json is OpenAPI 3.1 and documents every operation the tests use', async () => {
  const r = await api(s, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const doc = JSON.parse(r.text);
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  assert.equal(typeof doc.info.title, 'string');
  assert.equal(typeof doc.info.version, 'string');
  const missing = USED.filter((op) => {
    const [method, path] = op.split(' ');
    return !(doc.paths[path] && doc.paths[path][method.toLowerCase()]);
  });
  assert.deepEqual(missing, [], 'operations missing from openapi.json');
  // path parameters are declared where the path has them
  for (const [path, ops] of Object.entries(doc.paths)) {
    const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    if (!names.length) continue;
    for (const [method, op] of Object.entries(ops)) {
      const declared = [...(ops.parameters || []), ...(op.parameters || [])].filter((p) => p.in === 'path').map((p) => p.name);
      for (const n of names) assert.ok(declared.includes(n), `${method.toUpperCase()} ${path}: path parameter ${n} undeclared`);
    }
  }
});

test('healthz and metrics are plain and unauthenticated; metrics count what happened', async () => {
  const h = await api(s, 'GET', '/healthz');
  assert.equal(h.status, 200);
  assert.equal(h.json.status, 'ok');
  const counter = (text) => {
    const m = text.match(/^steward_http_requests_total\{route="\/api\/v1\/me",method="GET",status="401"\} (\d+)$/m);
    return m ? Number(m[1]) : 0;
  };
  const before_ = counter((await api(s, 'GET', '/metrics')).text);
  for (let i = 0; i < 3; i++) assert.equal((await api(s, 'GET', '/api/v1/me')).status, 401);
  const m = await api(s, 'GET', '/metrics');
  assert.equal(counter(m.text), before_ + 3);
  assert.match(m.text, /^# TYPE steward_http_requests_total counter$/m);
  assert.match(m.text, /^# TYPE steward_http_request_duration_seconds histogram$/m);
  assert.match(m.text, /^steward_http_request_duration_seconds_count(\{[^}]*\})? \d+$/m);
  assert.match(m.text, /^steward_http_request_duration_seconds_sum(\{[^}]*\})? [0-9.e+-]+$/m);
  assert.doesNotMatch(m.text, /stw_|password|steward_session=/);
});

test('openapi.json declares If-Match exactly where the server reads it', async () => {
  const doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
  const declared = {};
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const p = (op.parameters || []).find((x) => x.in === 'header' && x.name === 'If-Match');
      if (p) declared[`${method.toUpperCase()} ${path}`] = p.required;
    }
  }
  const inc = '/api/v1/incidents/{number}', prb = '/api/v1/problems/{number}', kb = '/api/v1/articles/{number}';
  assert.deepEqual(declared, {
    [`PATCH ${inc}`]: true,
    [`POST ${inc}/start`]: false, [`POST ${inc}/hold`]: false, [`POST ${inc}/resolve`]: false,
    [`POST ${inc}/reopen`]: false, [`POST ${inc}/close`]: false, [`POST ${inc}/cancel`]: false,
    [`POST ${inc}/major`]: false, [`DELETE ${inc}/major`]: false,
    [`PATCH ${prb}`]: true,
    [`POST ${prb}/investigate`]: false, [`POST ${prb}/identify_root_cause`]: false, [`POST ${prb}/mark_known_error`]: false,
    [`POST ${prb}/resolve`]: false, [`POST ${prb}/reopen`]: false, [`POST ${prb}/close`]: false, [`POST ${prb}/cancel`]: false,
    [`POST ${prb}/major`]: false, [`DELETE ${prb}/major`]: false, [`POST ${prb}/workaround`]: false,
    'PATCH /api/v1/cis/{id}': false,
    [`PATCH ${kb}`]: true,
    [`POST ${kb}/submit`]: false, [`POST ${kb}/publish`]: false, [`POST ${kb}/reject`]: false,
    [`POST ${kb}/retire`]: false, [`POST ${kb}/revise`]: false,
    'PATCH /api/v1/changes/{number}': true,
    ...Object.fromEntries(['assess', 'submit', 'expedite', 'authorise', 'reject', 'schedule', 'implement', 'complete', 'close', 'cancel']
      .map((a) => [`POST /api/v1/changes/{number}/${a}`, false])),
    'PATCH /api/v1/change-tasks/{number}': true,
    ...Object.fromEntries(['start', 'complete', 'cancel'].map((a) => [`POST /api/v1/change-tasks/{number}/${a}`, false])),
    'PATCH /api/v1/requests/{number}': true,
    ...Object.fromEntries(['submit', 'approve', 'reject', 'start', 'fulfil', 'close', 'cancel'].map((a) => [`POST /api/v1/requests/{number}/${a}`, false])),
    'PATCH /api/v1/tasks/{number}': true,
    ...Object.fromEntries(['open', 'start', 'complete', 'not_needed'].map((a) => [`POST /api/v1/tasks/{number}/${a}`, false])),
    'PATCH /api/v1/releases/{number}': true,
    ...Object.fromEntries(['build', 'test', 'go', 'no_go', 'close', 'cancel'].map((a) => [`POST /api/v1/releases/{number}/${a}`, false])),
    'PATCH /api/v1/improvements/{number}': true,
    ...Object.fromEntries(['approve', 'reject', 'start', 'complete', 'abandon'].map((a) => [`POST /api/v1/improvements/{number}/${a}`, false])),
  });
  // Required: refused without it.  Optional: a stale one is refused, none is fine.
  const n = (await agent('POST', '/api/v1/incidents', { body: { title: 'If-Match probe' } })).json.number;
  const noIfMatch = await agent('PATCH', `/api/v1/incidents/${n}`, { body: { urgency: 2 } });
  assert.ok([412, 428].includes(noIfMatch.status), `PATCH without If-Match: ${noIfMatch.status}`);
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/start`, { headers: { 'If-Match': '"99"' } })).status, 412);
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/start`)).status, 200);
  const ci = (await agent('POST', '/api/v1/cis', { body: { name: 'ifm-probe', class: 'software' } })).json;
  assert.equal((await agent('PATCH', `/api/v1/cis/${ci.id}`, { body: { location: 'x' }, headers: { 'If-Match': '"99"' } })).status, 412);
  assert.equal((await agent('PATCH', `/api/v1/cis/${ci.id}`, { body: { location: 'y' } })).status, 200);
  // Not declared: not read (a configuration PATCH takes no version).
  const admin = { token: s.token('admin') };
  const r = await api(s, 'PATCH', '/api/v1/sla-policies/P5%20planning', { ...admin, body: { position: 55 } });
  assert.equal(r.status, 200);
});
