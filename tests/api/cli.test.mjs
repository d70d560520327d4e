// The command line: settings precedence, accounts, tokens, demo data,
// idempotent init, and (SQLite) online backup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, BACKEND, freshDatabase, cli, api } from './lib.mjs';

let dir, db;
const env = { ...process.env, STEWARD_PASSWORD_COST: 'min' };
const run = (args, extraEnv = {}) => spawnSync(BIN, args, { encoding: 'utf8', env: { ...env, ...extraEnv } });

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'steward-cli-'));
  db = freshDatabase(dir);
});
after(() => {
  db.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('init creates the schema and an admin with a generated password, once', () => {
  const r = run(['init', '--db', db.url]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /schema: version 0 -> \d+/);
  const m = r.stdout.match(/password '([A-Za-z0-9]{20})'/);
  assert.ok(m, r.stdout);
  const again = run(['init', '--db', db.url]);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /admin account exists/);
  assert.doesNotMatch(again.stdout, /password '/);
  const mig = run(['migrate', '--db', db.url]);
  assert.equal(mig.status, 0);
  assert.match(mig.stdout, /0 migrations applied/);
});

test('user add, list, disable and passwd', () => {
  const add = run(['user', 'add', '--db', db.url, '--login', 'cli.user', '--name', 'Cli User', '--email', 'c@example.com', '--role', 'agent']);
  assert.equal(add.status, 0, add.stderr);
  assert.match(add.stdout, /user 'cli.user' added with role agent; password '[A-Za-z0-9]{20}'/);
  const bad = run(['user', 'add', '--db', db.url, '--login', 'Bad!', '--name', 'x', '--email', 'nope', '--role', 'god']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /login: /);
  assert.match(bad.stderr, /email: /);
  assert.match(bad.stderr, /role: /);
  const list = run(['user', 'list', '--db', db.url]);
  assert.match(list.stdout, /^cli\.user\s+agent\s+yes\s+Cli User <c@example\.com>$/m);
  assert.match(list.stdout, /^admin\s+admin\s+yes/m);
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'a-new-password\n');
  assert.equal(run(['user', 'passwd', 'cli.user', '--db', db.url, '--password-file', pw]).status, 0);
  const dis = run(['user', 'disable', 'cli.user', '--db', db.url]);
  assert.equal(dis.status, 0);
  assert.match(run(['user', 'list', '--db', db.url]).stdout, /^cli\.user\s+agent\s+no/m);
  const nf = run(['user', 'disable', 'ghost', '--db', db.url]);
  assert.equal(nf.status, 1);
  assert.match(nf.stderr, /no user 'ghost'/);
  assert.equal(run(['user', 'frob', '--db', db.url]).status, 2);
  assert.equal(run(['user', 'list', '--db', db.url, '--bogus']).status, 2);
});

test('token create prints a token once', () => {
  const t = run(['token', 'create', '--db', db.url, '--user', 'admin', '--name', 'ci']);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout.trim(), /^stw_[A-Za-z0-9_-]{43}$/);
  const nf = run(['token', 'create', '--db', db.url, '--user', 'ghost', '--name', 'x']);
  assert.equal(nf.status, 1);
  assert.equal(run(['token', 'create', '--db', db.url]).status, 2);
});

test('settings: flags beat environment beat the config file', () => {
  const conf = join(dir, 'steward.conf');
  writeFileSync(conf, `# test config\ndb = sqlite:${join(dir, 'from-file.db')}\nlog_level = warn\n`);
  // config file only
  let r = run(['migrate', '--config', conf]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, 'from-file.db')));
  // environment beats the file
  r = run(['migrate', '--config', conf], { STEWARD_DB: `sqlite:${join(dir, 'from-env.db')}` });
  assert.equal(r.status, 0);
  assert.ok(existsSync(join(dir, 'from-env.db')));
  // a flag beats both
  r = run(['migrate', '--config', conf, '--db', `sqlite:${join(dir, 'from-flag.db')}`], { STEWARD_DB: `sqlite:${join(dir, 'nope.db')}` });
  assert.equal(r.status, 0);
  assert.ok(existsSync(join(dir, 'from-flag.db')));
  assert.ok(!existsSync(join(dir, 'nope.db')));
  writeFileSync(join(dir, 'bad.conf'), 'colour = blue\n');
  r = run(['migrate', '--config', join(dir, 'bad.conf')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown setting 'colour'/);
  r = run(['serve', '--db', db.url, '--listen', 'nowhere']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /ADDRESS:PORT/);
});

test('demo loads an organisation that the API serves', async () => {
  const d = run(['demo', '--db', db.url]);
  assert.equal(d.status, 0, d.stderr);
  assert.match(d.stdout, /demo loaded: 12 users .* 4 groups, 17 categories, 4 templates, 7 services, 15 CIs, 30 incidents, 4 problems, 6 changes, 2 releases, 2 approval requests, 7 articles, 3 change windows, 4 catalogue items, 2 requests, 1 event sources, 3 alerts, 2 public services, 4 survey answers, 2 improvements, 3 agreements/);
  assert.match(run(['demo', '--db', db.url]).stdout, /already loaded/);
  const token = cli(['token', 'create', '--db', db.url, '--user', 'sam.desk', '--name', 't']).trim();
  const s = await startServerOn(db.url);
  try {
    const list = await api(s, 'GET', '/api/v1/incidents?limit=200', { token });
    assert.equal(list.json.items.length, 30 + 1, 'the demo incidents and the one its web-01 alert opened');
    const alerts = await api(s, 'GET', '/api/v1/alerts', { token });
    assert.deepEqual(alerts.json.items.map((a) => [a.name, a.state, a.ci, a.action, Boolean(a.incident)]).sort(),
      [['DiskAlmostFull', 'firing', 'db-prd-01', 'record', false], ['HighRequestLatency', 'firing', 'web-01', 'create', true],
        ['NodeDown', 'resolved', 'web-02', 'create', false]]);
    const st = await api(s, 'GET', '/api/v1/status');
    assert.deepEqual(st.json.services.map((x) => x.name), ['Online shop', 'Email']);
    const states = new Set(list.json.items.map((i) => i.state));
    for (const st of ['new', 'in_progress', 'on_hold', 'resolved', 'closed', 'canceled']) assert.ok(states.has(st), st);
    const eu = cli(['token', 'create', '--db', db.url, '--user', 'jdoe', '--name', 't']).trim();
    const mine = await api(s, 'GET', '/api/v1/incidents?limit=200', { token: eu });
    assert.ok(mine.json.items.length > 0 && mine.json.items.every((i) => i.requester === 'jdoe'));
    const notes = await api(s, 'GET', `/api/v1/incidents/${mine.json.items[0].number}/comments`, { token: eu });
    assert.ok(notes.json.items.every((c) => !c.internal));
    const cats = await api(s, 'GET', '/api/v1/categories', { token: eu });
    assert.ok(cats.json.items.some((c) => c.path === 'network/vpn'));
    const tpl = await api(s, 'POST', '/api/v1/incidents', { token: eu, body: { template: 'Password reset' } });
    assert.equal(tpl.status, 201);
    assert.equal(tpl.json.category, 'access/password');
    assert.equal(tpl.json.assignment_group, 'Service Desk');
    // The portfolio: a CI's impact reaches the business objectives, and
    // the checkout outage shows in the web shop's availability.
    const db01 = (await api(s, 'GET', '/api/v1/cis?q=db-prd-01', { token })).json.items[0];
    const impact = (await api(s, 'GET', `/api/v1/cis/${db01.id}/impact?depth=6`, { token })).json.items;
    const reached = impact.filter((n) => n.kind !== 'ci').map((n) => n.name);
    for (const name of ['Database platform', 'Web shop', 'ERP and invoicing', 'HR portal', 'Online sales']) assert.ok(reached.includes(name), name);
    const listed = (await api(s, 'GET', '/api/v1/services?limit=200', { token })).json.items.find((x) => x.name === 'Web shop');
    const shop = (await api(s, 'GET', `/api/v1/services/${listed.id}`, { token })).json;
    assert.deepEqual([shop.objectives, [...shop.depends_on].sort(), shop.sla_policy], [['Online sales'], ['Database platform', 'Network'], 'P1 critical']);
    const avail = (await api(s, 'GET', `/api/v1/services/${shop.id}/availability`, { token })).json;
    assert.equal(avail.downtime_seconds, 7200);
    assert.equal(avail.met, false);
    const vpn = list.json.items.find((i) => i.title === 'VPN drops every few minutes');
    assert.deepEqual([vpn.service, typeof vpn.ci], ['Remote access (VPN)', 'number']);
    // Problems raised from the incidents: a known error whose workaround
    // reached its open incident, one under investigation, a resolved
    // major one with its review, a new one.
    const problems = (await api(s, 'GET', '/api/v1/problems?limit=200', { token })).json.items;
    assert.deepEqual(problems.map((p) => p.state).sort(), ['known_error', 'new', 'resolved', 'under_investigation']);
    const known = (await api(s, 'GET', `/api/v1/problems/${problems.find((p) => p.state === 'known_error').number}`, { token })).json;
    assert.ok(known.workaround_published_at && known.root_cause && known.cause_category);
    assert.equal(known.incident_count, 2);
    assert.equal(known.service, 'Remote access (VPN)', 'taken from the incidents');
    assert.equal((await api(s, 'GET', `/api/v1/incidents/${vpn.number}`, { token })).json.problem, known.number);
    const note = (await api(s, 'GET', `/api/v1/incidents/${vpn.number}/comments`, { token })).json.items.find((c) => c.internal && c.body.includes(known.number));
    assert.ok(note, 'the published workaround is a work note on the open incident');
    const major = problems.find((p) => p.state === 'resolved');
    assert.equal(major.major, true);
    assert.ok(major.review_went_well && major.review_went_wrong && major.review_actions);
    const euProblems = await api(s, 'GET', '/api/v1/problems', { token: eu });
    assert.equal(euProblems.status, 403);
    // changes of each type in several states, a template, tasks, and the
    // failed change that caused the checkout incident
    const changes = (await api(s, 'GET', '/api/v1/changes?limit=200', { token })).json.items;
    assert.deepEqual(changes.map((c) => `${c.type}:${c.state}:${c.resolution_code}`).sort(), [
      'emergency:closed:successful', 'normal:authorise:null', 'normal:closed:failed', 'normal:implement:null', 'normal:new:null',
      'standard:closed:successful']);
    const implementing = changes.find((c) => c.state === 'implement');
    const tasks = (await api(s, 'GET', `/api/v1/changes/${implementing.number}/tasks`, { token })).json.items;
    assert.deepEqual(tasks.map((t) => t.state), ['done', 'done', 'open']);
    const failed = changes.find((c) => c.resolution_code === 'failed');
    const caused = (await api(s, 'GET', `/api/v1/changes/${failed.number}/incidents`, { token })).json.items;
    assert.deepEqual(caused.map((i) => i.title), ['Website checkout returns 502']);
    assert.ok((await api(s, 'GET', `/api/v1/changes/${failed.number}`, { token })).json.pir);
    const catalogue = (await api(s, 'GET', '/api/v1/change-templates', { token })).json.items;
    // the demo builds on the starter init applied: its own template beside the starter's standard changes
    assert.deepEqual(catalogue.map((t) => t.name).sort(), ['Add or change a DNS record', 'Monthly operating system patching',
      'Renew a TLS certificate', "Replace a user's workstation", 'Restart an application service']);
  } finally {
    await s.stopNow();
  }
});

test('import and export from the command line: progress-free summary, row errors, exit status', () => {
  const file = join(dir, 'cis.csv');
  writeFileSync(file, 'external_id,name,class,hostname,cpu_count\ncli-1,cli-web,server,cli-1.example.com,2\ncli-2,bad,server,,x\n');
  const r = run(['import', 'cis', file, '--db', db.url]);
  assert.equal(r.status, 1, 'a failed row makes the exit status 1');
  assert.match(r.stdout, /cis: 2 rows, 1 created, 0 updated, 0 unchanged, 1 failed/);
  assert.match(r.stderr, /row 2, attributes\.cpu_count: must be an integer/);
  assert.match(r.stderr, /row 2, attributes\.hostname: is required/);
  const atomic = run(['import', 'cis', file, '--atomic', '--db', db.url]);
  assert.match(atomic.stdout, /nothing was written: --atomic/);
  const out = join(dir, 'export.csv');
  assert.equal(run(['export', 'cis', '--output', out, '--db', db.url]).status, 0);
  const exported = readFileSync(out, 'utf8');
  assert.match(exported, /cli-1,cli-web,server,in_service/);
  const again = run(['import', 'cis', out, '--db', db.url]);
  assert.match(again.stdout, /0 updated, 1 unchanged/, 'the same rows again change nothing');
  assert.equal(run(['import', 'gadgets', file, '--db', db.url]).status, 2);
  assert.equal(run(['export', 'cis', '--format', 'xml', '--db', db.url]).status, 2);
});

test('demo --scale adds a bulk data set that verifies clean', async () => {
  const sub = join(dir, 'scale');
  mkdirSync(sub);
  const d = freshDatabase(sub);
  try {
    assert.equal(run(['init', '--db', d.url]).status, 0);
    const r = run(['demo', '--scale', '500', '--db', d.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /scale: 500 incidents, 2 problems, 50 changes, 50 CIs, 245 relationships, 50 services, 10 articles in/);
    const v = JSON.parse(cli(['verify', '--db', d.url, '--json']));
    assert.equal(v.ok, true, JSON.stringify(v));
    assert.equal(v.rows.tickets, 500 + 2 + 50 + 30 + 1 + 4 + 6 + 3 + 2 + 1 + 2 + 2, 'the scale set (incidents, problems, changes) and the demo, incidents (one opened by an alert), problems, changes and tasks, requests and their tasks, releases, improvements');
    assert.equal(v.rows.cis, 50 + 15, 'the scale set and the demo portfolio');
    assert.equal(v.rows.articles, 10 + 7 + 1, 'the scale set, the demo\'s knowledge base and its known-error problem\'s article');
    assert.equal(run(['demo', '--scale', 'lots', '--db', d.url]).status, 2);
    assert.equal(run(['demo', '--articles', '5', '--db', d.url]).status, 2, '--articles goes with --scale');
  } finally {
    d.drop();
  }
});

test('backup copies a live SQLite database (PostgreSQL points to pg_dump)', () => {
  const out = join(dir, 'backup.db');
  const r = run(['backup', out, '--db', db.url]);
  if (BACKEND === 'pg') {
    assert.equal(r.status, 1);
    assert.match(r.stderr, /pg_dump/);
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  const list = run(['user', 'list', '--db', `sqlite:${out}`]);
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, /^sam\.desk\s+agent/m);
  const again = run(['backup', out, '--db', db.url]);
  assert.equal(again.status, 1, 'an existing file is never overwritten');
});

// serve an existing database (not created by startServer)
async function startServerOn(url) {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const p = spawn(BIN, ['serve', '--db', url, '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    p.stderr.on('data', (c) => {
      log += c;
      const m = log.match(/"msg":"listening".*"port":(\d+)/);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, stopNow: () => new Promise((r) => { p.on('exit', r); p.kill('SIGTERM'); }) });
    });
    p.on('exit', (code) => reject(new Error(`serve exited ${code}: ${log}`)));
  });
}
