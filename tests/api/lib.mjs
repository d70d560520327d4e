// Test harness: each test file starts its own steward on a fresh database
// (SQLite file or a new PostgreSQL database in the throwaway cluster) and
// talks HTTP to it.  Nothing here is mocked.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const BIN = process.env.STEWARD_BIN || join(process.cwd(), 'build/steward');
export const BACKEND = process.env.STEWARD_TEST_BACKEND || 'sqlite';
const PG_BASE = process.env.STEWARD_TEST_PG_BASE;
export const ADMIN_PASSWORD = 'admin-password-1';
export const PASSWORD = 'password-1234';

const env = { ...process.env, STEWARD_PASSWORD_COST: 'min' };

export function cli(args, { allowFail = false } = {}) {
  try {
    return execFileSync(BIN, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (allowFail) return { status: e.status, stdout: e.stdout, stderr: e.stderr };
    throw new Error(`steward ${args.join(' ')} failed (${e.status}): ${e.stderr}`);
  }
}

function psql(sql) {
  execFileSync('psql', [`${PG_BASE}/postgres`, '-qAtc', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
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

export async function startServer({ users = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'steward-api-'));
  const db = freshDatabase(dir);
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, ADMIN_PASSWORD + '\n');
  cli(['init', '--db', db.url, '--admin-password-file', pwFile]);
  const userPw = join(dir, 'userpw');
  writeFileSync(userPw, PASSWORD + '\n');
  for (const u of users) {
    cli(['user', 'add', '--db', db.url, '--login', u.login, '--name', u.name || u.login,
      '--email', `${u.login}@example.com`, '--role', u.role, '--password-file', userPw]);
  }
  const server = { dir, dbUrl: db.url, tokens: {} };
  server.start = () => launch(server);
  server.stop = async () => {
    const code = await halt(server);
    return code;
  };
  server.restart = async () => { await halt(server); await launch(server); };
  // crash: SIGKILL, no chance to finish anything
  server.kill9 = () => new Promise((resolve) => {
    const proc = server.proc;
    if (!proc || proc.exitCode !== null) { server.proc = null; return resolve(); }
    proc.on('exit', () => { server.proc = null; resolve(); });
    proc.kill('SIGKILL');
  });
  server.cleanup = async () => {
    const code = server.proc ? await halt(server) : 0;
    db.drop();
    rmSync(dir, { recursive: true, force: true });
    // a non-zero exit at shutdown is a failure (LeakSanitizer reports use it too)
    if (code !== 0) throw new Error(`steward serve exited ${code} at shutdown:\n${server.log.slice(-4000)}`);
  };
  server.token = (login) => {
    if (!server.tokens[login]) {
      server.tokens[login] = cli(['token', 'create', '--db', db.url, '--user', login, '--name', 'test']).trim();
    }
    return server.tokens[login];
  };
  await launch(server);
  return server;
}

function launch(server) {
  return new Promise((resolve, reject) => {
    const proc = spawn(BIN, ['serve', '--db', server.dbUrl, '--listen', '127.0.0.1:0', '--threads', '4'],
      { env, stdio: ['ignore', 'ignore', 'pipe'] });
    server.proc = proc;
    server.log = '';
    let resolved = false;
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk) => {
      server.log += chunk;
      if (!resolved) {
        for (const line of server.log.split('\n')) {
          try {
            const j = JSON.parse(line);
            if (j.msg === 'listening') {
              resolved = true;
              server.url = `http://127.0.0.1:${j.port}`;
              resolve(server);
            }
          } catch { /* partial line */ }
        }
      }
    });
    proc.on('exit', (code) => {
      server.exitCode = code;
      if (!resolved) reject(new Error(`steward serve exited ${code}: ${server.log}`));
    });
  });
}

function halt(server) {
  return new Promise((resolve) => {
    const proc = server.proc;
    if (!proc || proc.exitCode !== null) { server.proc = null; return resolve(proc ? proc.exitCode : 0); }
    proc.on('exit', (code) => { server.proc = null; resolve(code); });
    proc.kill('SIGTERM');
  });
}

// HTTP helper.  auth: {token} | {cookie, csrf} | undefined
export async function api(server, method, path, { token, cookie, csrf, body, raw, headers = {}, contentType } = {}) {
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
  const res = await fetch(server.url + path, { method, headers: h, body: payload });
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
