// Test harness: each test file starts its own steward on a fresh database
// (SQLite file or a new PostgreSQL database in the throwaway cluster) and
// talks HTTP to it.  Nothing here is mocked.  Only node built-ins (Node 18+).
//
//   const s = await startServer({ users: [{ login: 'agent1', role: 'agent' }] });
//   s.url, s.dbUrl, s.log (the server's stderr so far), s.token(login)
//   s.stop()     SIGTERM, await exit, resolve to the exit code (database kept)
//   s.start()    serve the same database again (s.restart() = stop + start)
//   s.cleanup()  stop, drop the database, remove the temp dir; throws if the
//                server did not exit 0 (use it in after())
//   addUser(s, { login, role, name?, email?, password? })   via the CLI
//   api(s, method, path, { token, cookie, csrf, body, raw|rawBody, contentType, headers })
//     -> { status, headers, json, text, bytes }   (an event stream is not read:
//        its status and headers come back, text empty, and it is closed)
//   login(s, login, password) -> { cookie, csrf, body, setCookie }
//
// Every server's log is also written to $STEWARD_TEST_LOG_DIR (when set, as
// scripts/api-tests.sh does) so a failed run can be read afterwards.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

export const BIN = process.env.STEWARD_BIN || join(process.cwd(), 'build/steward');
export const BACKEND = process.env.STEWARD_TEST_BACKEND || 'sqlite';
const PG_BASE = process.env.STEWARD_TEST_PG_BASE;
export const ADMIN_PASSWORD = 'admin-password-1';
export const PASSWORD = 'password-1234';

const LOG_DIR = process.env.STEWARD_TEST_LOG_DIR;
// how long a server may take to say "listening", and to exit after SIGTERM
const START_TIMEOUT_MS = 20000;
const STOP_TIMEOUT_MS = 20000;

const env = { ...process.env, STEWARD_PASSWORD_COST: 'min' };

// Servers still running when this test file's process exits are killed, so a
// test that dies before its after() cannot leave a steward behind.
const live = new Set();
process.on('exit', () => { for (const p of live) { try { p.kill('SIGKILL'); } catch { /* gone */ } } });

let serial = 0;
function saveLog(server) {
  if (!LOG_DIR || !server.log) return;
  try {
    mkdirSync(LOG_DIR, { recursive: true });
    const file = basename(process.argv[1] || 'server').replace(/\.m?js$/, '');
    server.logFile ||= join(LOG_DIR, `${file}-${process.pid}-${++serial}.log`);
    writeFileSync(server.logFile, server.log);
  } catch { /* diagnostics only */ }
}

// The last lines of the server's log, for assertion messages.
export function logTail(server, lines = 40) {
  return (server.log || '').trimEnd().split('\n').slice(-lines).join('\n');
}

export function cli(args, { allowFail = false } = {}) {
  try {
    return execFileSync(BIN, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  } catch (e) {
    if (allowFail) return { status: e.status, stdout: e.stdout, stderr: e.stderr };
    throw new Error(`steward ${args.join(' ')} failed (${e.status}): ${e.stderr}`);
  }
}

function psql(sql) {
  if (!PG_BASE) throw new Error('STEWARD_TEST_BACKEND=pg needs STEWARD_TEST_PG_BASE (run scripts/api-tests.sh pg BINARY)');
  execFileSync('psql', [`${PG_BASE}/postgres`, '-qAtc', sql], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
}

// One SQL statement run on a server's database by its own client (psql or
// sqlite3), for a test that must reach past the API (rows as an older
// version wrote them, a count to compare); its output, trimmed.
export function sqlOn(server, q) {
  const out = BACKEND === 'pg'
    ? execFileSync('psql', [server.dbUrl, '-qAtc', q], { encoding: 'utf8' })
    : execFileSync('sqlite3', ['-cmd', '.timeout 10000', server.dbUrl.replace(/^sqlite:/, ''), q], { encoding: 'utf8' });
  return out.trim();
}

// A fresh, empty database URL (not initialised).
export function freshDatabase(dir) {
  if (BACKEND === 'pg') {
    const name = 't_' + randomBytes(6).toString('hex');
    psql(`CREATE DATABASE ${name}`);
    return { url: `${PG_BASE}/${name}`, drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  return { url: `sqlite:${join(dir, 'steward.db')}`, drop: () => {} };
}

// Add an account through the CLI (works while the server runs).
export function addUser(server, { login, role, name, email, password = PASSWORD }) {
  const pwFile = join(server.dir, `pw-${login}`);
  writeFileSync(pwFile, password + '\n');
  cli(['user', 'add', '--db', server.dbUrl, '--login', login, '--name', name || login,
    '--email', email || `${login}@example.com`, '--role', role, '--password-file', pwFile]);
}

// A second `steward serve` on the same database (as a scale-out
// deployment runs several), sharing the first one's tokens.
export async function startTwin(server, settings = {}) {
  const twin = { dir: server.dir, tokens: server.tokens, log: '', dbUrl: server.dbUrl, env: { ...server.env, ...settings } };
  twin.stop = () => halt(twin);
  twin.token = server.token;
  await launch(twin);
  return twin;
}

// settings: extra STEWARD_* environment for `steward serve` (e.g. a short
// scheduler interval).
export async function startServer({ users = [], settings = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-api-'));
  const server = { dir, tokens: {}, log: '', env: { ...env, ...settings } };
  let db;
  server.start = () => launch(server);
  server.stop = async () => {
    const code = await halt(server);
    saveLog(server);
    return code;
  };
  server.restart = async () => { await server.stop(); await launch(server); };
  // crash: SIGKILL, no chance to finish anything
  server.kill9 = async () => {
    const proc = server.proc;
    server.proc = null;
    if (!proc) return;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await server.exited;
  };
  server.cleanup = async () => {
    const code = server.proc ? await halt(server) : 0;
    saveLog(server);
    db.drop();
    rmSync(dir, { recursive: true, force: true });
    // a non-zero exit at shutdown is a failure (LeakSanitizer reports use it too)
    if (code !== 0) throw new Error(`steward serve exited ${code} at shutdown:\n${server.log.slice(-4000)}`);
  };
  server.token = (login) => {
    if (!server.tokens[login]) {
      server.tokens[login] = cli(['token', 'create', '--db', server.dbUrl, '--user', login, '--name', 'test']).trim();
    }
    return server.tokens[login];
  };
  try {
    db = freshDatabase(dir);
    server.dbUrl = db.url;
    const pwFile = join(dir, 'pw');
    writeFileSync(pwFile, ADMIN_PASSWORD + '\n');
    // an empty configuration: the suites create what they test (toolkit.test.mjs
    // tests the one init gives by default)
    cli(['init', '--db', db.url, '--admin-password-file', pwFile, '--no-toolkit']);
    for (const u of users) addUser(server, u);
    await launch(server);
  } catch (e) {
    // leave nothing behind when the server cannot be brought up
    if (server.proc) await halt(server);
    saveLog(server);
    try { db?.drop(); } catch { /* best effort */ }
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return server;
}

// Start `steward serve` on the server's database; resolves once the
// "listening" log line names the port.  The log accumulates across restarts.
function launch(server) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['serve', '--db', server.dbUrl, '--listen', '127.0.0.1:0', '--threads', '4'],
      { env: server.env || env, stdio: ['ignore', 'ignore', 'pipe'] });
    server.proc = proc;
    server.exited = new Promise((done) => proc.on('exit', (code, signal) => done(code ?? signal)));
    live.add(proc);
    const from = server.log.length;
    let resolved = false;
    const timer = setTimeout(() => {
      if (resolved) return;
      resolved = true;
      proc.kill('SIGKILL');
      reject(new Error(`steward serve did not log "listening" within ${START_TIMEOUT_MS} ms:\n${server.log.slice(from)}`));
    }, START_TIMEOUT_MS);
    proc.on('error', (e) => {
      if (resolved) return;
      resolved = true;
      clearTimeout(timer);
      reject(new Error(`cannot run ${BIN}: ${e.message}`));
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      server.log += chunk;
      if (resolved) return;
      for (const line of server.log.slice(from).split('\n')) {
        let j;
        try { j = JSON.parse(line); } catch { continue; /* partial or not JSON */ }
        if (j && j.msg === 'listening' && Number.isInteger(j.port)) {
          resolved = true;
          clearTimeout(timer);
          server.url = `http://127.0.0.1:${j.port}`;
          resolve(server);
          return;
        }
      }
    });
    proc.on('exit', (code, signal) => {
      live.delete(proc);
      server.exitCode = code ?? signal;
      if (!resolved) {
        resolved = true;
        clearTimeout(timer);
        reject(new Error(`steward serve exited ${code ?? signal} before listening:\n${server.log.slice(from)}`));
      }
    });
  });
}

// SIGTERM and wait for the exit; resolves to the exit code (or the signal
// name).  A server that does not stop in time is killed and reported.
async function halt(server) {
  const proc = server.proc;
  server.proc = null;
  if (!proc) return 0;
  if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
  let timer;
  const late = new Promise((done) => { timer = setTimeout(() => done('timeout'), STOP_TIMEOUT_MS); });
  const code = await Promise.race([server.exited, late]);
  clearTimeout(timer);
  if (code === 'timeout') {
    proc.kill('SIGKILL');
    await server.exited;
    server.log += `\n[test harness] no exit within ${STOP_TIMEOUT_MS} ms of SIGTERM; killed\n`;
    return `no exit within ${STOP_TIMEOUT_MS} ms of SIGTERM`;
  }
  return code;
}

// HTTP helper.  auth: {token} | {cookie, csrf} | undefined
export async function api(server, method, path, { token, cookie, csrf, body, raw, rawBody, headers = {}, contentType } = {}) {
  if (raw === undefined) raw = rawBody;
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (cookie) h.cookie = cookie;
  if (csrf) h['x-csrf-token'] = csrf;
  let payload;
  if (raw !== undefined) {
    payload = raw;
    if (contentType) h['content-type'] = contentType;
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] = contentType || 'application/json';
  }
  const ctrl = new AbortController();
  const res = await fetch(server.url + path, { method, headers: h, body: payload, signal: ctrl.signal });
  if ((res.headers.get('content-type') || '').startsWith('text/event-stream')) {
    ctrl.abort(); // it never ends
    return { status: res.status, headers: res.headers, json: undefined, text: '', bytes: Buffer.alloc(0) };
  }
  const buf = Buffer.from(await res.arrayBuffer());
  const text = buf.toString('utf8');
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, json, text, bytes: buf };
}

export async function login(server, loginName, password) {
  const r = await api(server, 'POST', '/api/v1/auth/login', { body: { login: loginName, password } });
  if (r.status !== 200) throw new Error(`login ${loginName}: ${r.status} ${r.text}`);
  const set = r.headers.get('set-cookie');
  const cookie = set.split(';')[0];
  return { cookie, csrf: r.json.csrf_token, body: r.json, setCookie: set };
}

// A caller bound to a token: call(method, path, opts)
export function as(server, loginName) {
  const token = server.token(loginName);
  return (method, path, opts = {}) => api(server, method, path, { token, ...opts });
}

// An incident as seen by an agent, without what moves by itself while
// time passes (the SLA clocks' elapsed and remaining seconds), for
// comparing two reads of an unchanged incident.
export function settled(incident) {
  if (!incident || !Array.isArray(incident.sla)) return incident;
  return { ...incident, sla: incident.sla.map(({ elapsed, remaining, ...k }) => k) };
}

export function fieldsOf(res) {
  return (res.json && res.json.errors || []).map((e) => e.field).sort();
}

// `steward verify --json` against the server's database (safe while it runs).
export function verify(server) {
  const out = cli(['verify', '--db', server.dbUrl, '--json']);
  return JSON.parse(out);
}

// What any accepted write changes: row counts (sessions aside, logins make
// them) and the sum of ticket versions.
export function fingerprint(server) {
  const v = verify(server);
  const { sessions, ...rows } = v.rows;
  return JSON.stringify({ rows, version_sum: v.version_sum, ok: v.ok });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// What fn gives once it gives something truthy (asked every 200 ms), or a
// failure naming what after ms.
export async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

// The SMTP test sink (tests/support/smtp_sink.py, Debian's python3-aiosmtpd)
// on a free loopback port: sink.port, sink.messages as they arrive,
// sink.stop().
export function startSmtpSink(args = []) {
  const script = fileURLToPath(new URL('../support/smtp_sink.py', import.meta.url));
  return new Promise((resolve, reject) => {
    const proc = spawn('/usr/bin/python3', [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const sink = { proc, messages: [] };
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const j = JSON.parse(line);
      if (j.port) { sink.port = j.port; resolve(sink); } else sink.messages.push(j);
    });
    proc.on('error', reject);
    proc.on('exit', (code) => { if (!sink.port) reject(new Error(`smtp sink exited ${code}`)); });
    sink.stop = () => new Promise((done) => { proc.on('exit', done); proc.stdin.end(); });
  });
}
