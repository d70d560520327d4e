// HTTP conformance (issue #12): HEAD on every GET route, OPTIONS, the Allow
// header, Expect: 100-continue with a body over the limit, reals, conditional
// GET (If-None-Match, the web UI's ETags) and gzip.  These speak
// HTTP through node:http and raw sockets rather than fetch, which adds
// headers of its own (Accept-Encoding) and hides interim responses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { gunzipSync } from 'node:zlib';
import { startServer, as, api, settled } from './lib.mjs';

let s, admin, token;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }] });
  admin = as(s, 'admin');
  token = s.token('admin');
  const r = await admin('POST', '/api/v1/incidents', { body: { title: 'conformance', description: 'x'.repeat(3000) } });
  assert.equal(r.status, 201);
});
after(async () => { await s.cleanup(); });

// One request over node:http: nothing is added to the headers given (no
// Accept-Encoding); an event stream resolves with its head and is closed.
function request(server, method, path, headers = {}, body) {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      if ((res.headers['content-type'] || '').startsWith('text/event-stream') && method === 'GET') {
        res.destroy();
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.alloc(0) });
        return;
      }
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// Send bytes on a fresh socket and collect what comes back until the server
// closes or `quietMs` pass without more.
function exchange(server, text, { quietMs = 1500 } = {}) {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let got = '';
    let closed = false;
    let timer;
    const done = () => { clearTimeout(timer); sock.destroy(); resolve({ text: got, closed }); };
    const arm = () => { clearTimeout(timer); timer = setTimeout(done, quietMs); };
    sock.on('connect', () => { sock.write(text); arm(); });
    sock.on('data', (d) => { got += d.toString('latin1'); arm(); });
    sock.on('end', () => { closed = true; done(); });
    sock.on('error', (e) => (got ? done() : reject(e)));
  });
}

const auth = () => ({ authorization: `Bearer ${token}` });
const IGNORED = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);
const headersOf = (r) => Object.fromEntries(Object.entries(r.headers).filter(([k]) => !IGNORED.has(k)));

async function getPaths() {
  const doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
  return Object.entries(doc.paths).filter(([, ops]) => ops.get).map(([p]) => p
    .replace('{number}', 'INC0000001').replace('{login}', 'agent1').replace('{name}', '24x7')
    .replace('{id}', '1').replace('{file}', 'app.js').replace('{kind}', 'cis').replace('{event}', 'created'));
}

test('HEAD answers every GET route with the GET header fields and no content', async () => {
  const paths = await getPaths();
  assert.ok(paths.length > 40, `${paths.length} GET routes`);
  for (const path of paths) {
    let get, head;
    // a few answers move with the clock (SLA elapsed) or count requests
    // (/metrics): ask again when the two were not the same moment
    for (let attempt = 0; attempt < 3; attempt++) {
      get = await request(s, 'GET', path, auth());
      head = await request(s, 'HEAD', path, auth());
      if (get.headers['content-length'] === head.headers['content-length']) break;
    }
    assert.equal(head.status, get.status, `HEAD ${path}`);
    assert.equal(head.body.length, 0, `HEAD ${path} has no content`);
    if (get.headers['content-type'] !== 'text/event-stream') {
      assert.ok(Number(head.headers['content-length']) > 0, `HEAD ${path}: Content-Length`);
      if (get.status === 200) assert.equal(Number(get.headers['content-length']), get.body.length, `GET ${path}`);
    }
    if (get.headers['content-type'] === 'text/event-stream') {
      // a stream has no length; its HEAD ends with the connection instead
      // of a last chunk (RFC 9112 6.1: Transfer-Encoding is optional there)
      assert.equal(get.headers['transfer-encoding'], 'chunked');
      delete get.headers['transfer-encoding'];
      assert.equal(head.headers['content-length'], undefined);
    }
    if (path === '/metrics') { // the HEAD itself was counted
      delete get.headers['content-length'];
      delete head.headers['content-length'];
    }
    assert.deepEqual(headersOf(head), headersOf(get), `HEAD ${path}: header fields`);
  }
  const ev = await request(s, 'HEAD', '/api/v1/events', auth());
  assert.equal(ev.status, 200);
  assert.equal(ev.headers['content-type'], 'text/event-stream');
  // HEAD needs what GET needs
  assert.equal((await request(s, 'HEAD', '/api/v1/me')).status, 401);
  assert.equal((await request(s, 'HEAD', '/api/v1/users', { authorization: `Bearer ${s.token('agent1')}` })).status, 200);
  assert.equal((await request(s, 'HEAD', '/api/v1/nope', auth())).status, 404);
});

test('405 names every method the path takes, HEAD and OPTIONS included', async () => {
  const r = await request(s, 'PUT', '/api/v1/incidents/INC0000001', auth());
  assert.equal(r.status, 405);
  assert.equal(r.headers.allow, 'GET, HEAD, PATCH, OPTIONS');
  const w = await request(s, 'GET', '/api/v1/incidents/INC0000001/watchers/agent1', auth());
  assert.equal(w.status, 405);
  assert.equal(w.headers.allow, 'DELETE, OPTIONS');
  const h = await request(s, 'HEAD', '/api/v1/incidents/INC0000001/watchers/agent1', auth());
  assert.equal(h.status, 405);
  assert.equal(h.body.length, 0);
});

test('OPTIONS: 204 with Allow on every known path, no CORS', async () => {
  for (const [path, allow] of [
    ['/api/v1/incidents', 'POST, GET, HEAD, OPTIONS'],
    ['/api/v1/incidents/INC0000001', 'GET, HEAD, PATCH, OPTIONS'],
    ['/api/v1/incidents/INC0000001/major', 'POST, DELETE, OPTIONS'],
    ['/healthz', 'GET, HEAD, OPTIONS'],
  ]) {
    // no credentials: what a path takes is not a secret, and a preflight has none
    const r = await request(s, 'OPTIONS', path, { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
    assert.equal(r.status, 204, path);
    assert.equal(r.headers.allow, allow, path);
    assert.equal(r.body.length, 0);
    assert.equal(r.headers['content-length'], undefined, '204 has no Content-Length');
    for (const k of Object.keys(r.headers)) assert.doesNotMatch(k, /^access-control-/, `${path}: ${k}`);
    assert.match(r.headers['content-security-policy'], /frame-ancestors 'none'/);
  }
  const star = await exchange(s, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(star.text, /^HTTP\/1\.1 204 /);
  assert.match(star.text, /\r\nAllow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n/);
  assert.equal((await request(s, 'OPTIONS', '/api/v1/nope')).status, 404);
});

test('Expect: 100-continue with a body over the limit is refused before the body is invited', async () => {
  const head = (len, extra = '') => `POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${len}\r\n${extra}\r\n`;
  const big = await exchange(s, head(256 * 1024 + 1, 'Expect: 100-continue\r\n'));
  assert.match(big.text, /^HTTP\/1\.1 413 /, 'no 100 Continue first');
  assert.doesNotMatch(big.text, /100 Continue/);
  assert.match(big.text, /"type":"urn:steward:problem:too-large"/);
  assert.ok(big.closed, 'the unread body ends the connection');
  // without Expect: answered at once too, not after reading 1 GB
  const huge = await exchange(s, head(1024 * 1024 * 1024));
  assert.match(huge.text, /^HTTP\/1\.1 413 /);
  assert.ok(huge.closed);
  // within the limit: invited, then read
  const body = JSON.stringify({ title: 'expect continue' });
  const ok = await new Promise((resolve, reject) => {
    const url = new URL(s.url);
    const sock = net.connect(Number(url.port), url.hostname);
    let got = '';
    sock.on('connect', () => sock.write(head(Buffer.byteLength(body), 'Expect: 100-continue\r\n')));
    sock.on('data', (d) => {
      got += d.toString();
      if (got === 'HTTP/1.1 100 Continue\r\n\r\n') sock.write(body);
      if (/\r\n\r\n\{.*\}$/s.test(got)) { sock.destroy(); resolve(got); }
    });
    sock.on('error', reject);
  });
  assert.match(ok, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
  // a body on a path that does not exist is not invited either
  const nf = await exchange(s, 'POST /api/v1/nope HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n');
  assert.match(nf.text, /^HTTP\/1\.1 404 /);
});

test('reals are written in their shortest exact form (99.9, not 99.900000000000006)', async () => {
  const targets = [99.9, 99.95, 99.99, 0.1, 100];
  for (const [i, t] of targets.entries()) {
    const r = await admin('POST', '/api/v1/services', { body: { name: `numbers ${i}`, criticality: 3, availability_target: t } });
    assert.equal(r.status, 201, r.text);
    const written = r.text.match(/"availability_target":([^,}]*)/)[1];
    assert.equal(written, Number.isInteger(t) ? `${t}.0` : String(t));
    const got = await admin('GET', `/api/v1/services/${r.json.id}`);
    assert.match(got.text, new RegExp(`"availability_target":${written.replace('.', '\\.')}[,}]`));
    assert.equal(got.json.availability_target, t);
    const avail = await admin('GET', `/api/v1/services/${r.json.id}/availability`);
    assert.equal(avail.status, 200, avail.text);
    assert.doesNotMatch(avail.text, /\d\.\d{15,}/, avail.text);
  }
  const list = await admin('GET', '/api/v1/services?limit=200');
  assert.match(list.text, /"availability_target":99\.9[,}]/);
  assert.doesNotMatch(list.text, /\d\.\d{15,}/);
});

const SECURITY = ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options'];

test('conditional GET: If-None-Match naming the current ETag answers 304 without content', async () => {
  const path = '/api/v1/incidents/INC0000001';
  const g = await request(s, 'GET', path, auth());
  assert.equal(g.status, 200);
  const etag = g.headers.etag;
  assert.match(etag, /^"\d+"$/);
  for (const inm of [etag, `W/${etag}`, `"999", ${etag}`, '*']) {
    for (const method of ['GET', 'HEAD']) {
      const r = await request(s, method, path, { ...auth(), 'if-none-match': inm });
      assert.equal(r.status, 304, `${method} If-None-Match: ${inm}`);
      assert.equal(r.body.length, 0);
      assert.equal(r.headers.etag, etag);
      assert.equal(r.headers['content-type'], undefined);
      // Content-Length, when sent, is the 200's (RFC 9110 8.6), never 0
      assert.equal(r.headers['content-length'], g.headers['content-length']);
      assert.equal(r.headers['cache-control'], 'no-store');
      for (const h of SECURITY) assert.ok(r.headers[h], `304 carries ${h}`);
    }
  }
  assert.equal((await request(s, 'GET', path, { ...auth(), 'if-none-match': '"999"' })).status, 200);
  assert.equal((await request(s, 'GET', path, { ...auth(), 'if-none-match': etag.slice(1, -1) })).status, 200, 'not an entity-tag');
  // a change: the old tag no longer matches
  const p = await admin('PATCH', path, { body: { description: 'changed' }, headers: { 'if-match': etag } });
  assert.equal(p.status, 200, p.text);
  const after = await request(s, 'GET', path, { ...auth(), 'if-none-match': etag });
  assert.equal(after.status, 200);
  assert.notEqual(after.headers.etag, etag);
  assert.equal((await request(s, 'GET', path, { ...auth(), 'if-none-match': after.headers.etag })).status, 304);
  // a CI sends its version as ETag too
  const ci = await admin('POST', '/api/v1/cis', { body: { name: 'etag-app', class: 'application' } });
  assert.equal(ci.status, 201, ci.text);
  const cg = await request(s, 'GET', `/api/v1/cis/${ci.json.id}`, auth());
  assert.ok(cg.headers.etag);
  assert.equal((await request(s, 'GET', `/api/v1/cis/${ci.json.id}`, { ...auth(), 'if-none-match': cg.headers.etag })).status, 304);
  const m = await api(s, 'GET', '/metrics');
  assert.match(m.text, /steward_http_requests_total\{route="\/api\/v1\/incidents\/\{number\}",method="GET",status="304"\} [1-9]/);
  // no ETag, no 304; and never without authorisation
  assert.equal((await request(s, 'GET', '/api/v1/incidents', { ...auth(), 'if-none-match': '*' })).status, 200);
  assert.equal((await request(s, 'GET', path, { 'if-none-match': etag })).status, 401);
});

test('web UI files: a strong ETag from their content, Cache-Control: no-cache, 304 when unchanged, CSP kept', async () => {
  const tags = new Set();
  for (const path of ['/', '/app/app.js', '/app/app.css', '/app/vendor.js', '/app/lib.js']) {
    const plain = await request(s, 'GET', path);
    assert.equal(plain.status, 200, path);
    assert.match(plain.headers.etag, /^"[0-9a-f]{32}"$/, path);
    assert.equal(plain.headers['cache-control'], 'no-cache', path);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.headers['content-security-policy'], /script-src 'self'; style-src 'self'/);
    assert.doesNotMatch(plain.headers['content-security-policy'], /unsafe/);
    for (const h of SECURITY) assert.ok(plain.headers[h], `${path}: ${h}`);
    tags.add(plain.headers.etag);
    const again = await request(s, 'GET', path, { 'if-none-match': plain.headers.etag });
    assert.equal(again.status, 304, path);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, plain.headers.etag);
    assert.equal(again.headers['cache-control'], 'no-cache');
    assert.match(again.headers['content-security-policy'], /frame-ancestors 'none'/);
    // the gzip copy is another representation, with a tag of its own
    const gz = await request(s, 'GET', path, { 'accept-encoding': 'gzip' });
    assert.equal(gz.status, 200);
    if (plain.body.length >= 1024) {
      assert.equal(gz.headers['content-encoding'], 'gzip', path);
      assert.ok(gz.body.length < plain.body.length);
      assert.deepEqual(gunzipSync(gz.body), plain.body, `${path}: gzip decodes to the file`);
      assert.equal(gz.headers.etag, plain.headers.etag.replace(/"$/, '-gzip"'));
      const gz304 = await request(s, 'GET', path, { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag });
      assert.equal(gz304.status, 304);
      const other = await request(s, 'GET', path, { 'accept-encoding': 'gzip', 'if-none-match': plain.headers.etag });
      assert.equal(other.status, 200, 'the identity tag does not validate the gzip copy');
    }
  }
  assert.equal(tags.size, 5, 'each file has its own tag');
  const missing = await request(s, 'GET', '/app/nope.js', { 'if-none-match': '*' });
  assert.equal(missing.status, 404);
});

test('gzip: JSON and text answers from 1 KiB are compressed for clients that take it, identity otherwise', async () => {
  const ae = (v) => ({ ...auth(), 'accept-encoding': v });
  for (const path of ['/api/v1/openapi.json', '/api/v1/ci-classes', '/api/v1/incidents?limit=50', '/api/v1/incidents/INC0000001', '/metrics']) {
    const plain = await request(s, 'GET', path, auth());
    const gz = await request(s, 'GET', path, ae('gzip, deflate'));
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined, `${path}: identity without Accept-Encoding`);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.ok(plain.body.length >= 1024, `${path} is ${plain.body.length} bytes`);
    assert.equal(gz.headers['content-encoding'], 'gzip', path);
    assert.equal(gz.headers.vary, 'Accept-Encoding');
    assert.equal(Number(gz.headers['content-length']), gz.body.length);
    assert.ok(gz.body.length < plain.body.length / 2, `${path}: ${gz.body.length} of ${plain.body.length}`);
    const text = gunzipSync(gz.body).toString('utf8');
    if (path === '/metrics') {
      assert.match(text, /^steward_http_requests_total/m);
    } else if (path.startsWith('/api/v1/incidents')) {
      const a = JSON.parse(text), b = JSON.parse(plain.body.toString('utf8'));
      if (a.items) assert.deepEqual(a.items.map(settled), b.items.map(settled));
      else assert.deepEqual(settled(a), settled(b));
      if (path.endsWith('INC0000001')) assert.equal(gz.headers.etag, plain.headers.etag, 'a record\'s ETag names its version');
    } else {
      assert.equal(text, plain.body.toString('utf8'), `${path}: the same JSON`);
    }
  }
  const path = '/api/v1/openapi.json';
  const gz = await request(s, 'GET', path, ae('gzip'));
  for (const v of ['gzip;q=0', 'identity', 'br', 'deflate', '']) {
    const r = await request(s, 'GET', path, ae(v));
    assert.equal(r.headers['content-encoding'], undefined, `Accept-Encoding: ${v}`);
    assert.ok(JSON.parse(r.body.toString('utf8')).openapi);
  }
  assert.equal((await request(s, 'GET', path, ae('*'))).headers['content-encoding'], 'gzip');
  assert.equal((await request(s, 'GET', path, ae('br;q=1, gzip;q=0.5'))).headers['content-encoding'], 'gzip');
  // HEAD announces the compressed length
  const head = await request(s, 'HEAD', path, ae('gzip'));
  assert.equal(head.headers['content-encoding'], 'gzip');
  assert.equal(head.headers['content-length'], gz.headers['content-length']);
  // small answers are not worth it, but still vary
  const small = await request(s, 'GET', '/healthz', ae('gzip'));
  assert.equal(small.headers['content-encoding'], undefined);
  assert.equal(small.headers.vary, 'Accept-Encoding');
});

test('gzip never touches attachments, exports or the event stream', async () => {
  const text = 'plain text attachment, compressible. '.repeat(200);
  const up = await admin('POST', '/api/v1/incidents/INC0000001/attachments?filename=notes.txt', { raw: Buffer.from(text), contentType: 'text/plain' });
  assert.equal(up.status, 201, up.text);
  const dl = await request(s, 'GET', `/api/v1/attachments/${up.json.id}`, { ...auth(), 'accept-encoding': 'gzip' });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers['content-encoding'], undefined);
  assert.equal(dl.body.toString('utf8'), text);
  for (const f of ['csv', 'json']) {
    const ex = await request(s, 'GET', `/api/v1/export/cis?format=${f}`, { ...auth(), 'accept-encoding': 'gzip' });
    assert.equal(ex.status, 200);
    assert.match(ex.headers['content-disposition'], /attachment/);
    assert.equal(ex.headers['content-encoding'], undefined, f);
  }
  const ev = await request(s, 'GET', '/api/v1/events', { ...auth(), 'accept-encoding': 'gzip' });
  assert.equal(ev.status, 200);
  assert.equal(ev.headers['content-type'], 'text/event-stream');
  assert.equal(ev.headers['content-encoding'], undefined);
});
