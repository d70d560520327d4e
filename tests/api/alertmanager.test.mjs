// Event management against a real Alertmanager (Debian's
// prometheus-alertmanager, on loopback) with Steward as its webhook
// receiver (docs/events.md): firing opens exactly one incident on the
// mapped CI, Alertmanager's repeats deduplicate, alerts on CIs that depend
// on it correlate into the same incident, a restart of Steward in the
// middle loses no alert (Alertmanager retries; Steward is idempotent per
// fingerprint and state), and resolution resolves the incident after the
// quiet period.  Alerts are pushed to Alertmanager through its own API, as
// Prometheus pushes them, and then by a real Prometheus (Debian's
// prometheus) with a rule that fires and, once its rule file is changed
// and reloaded, stops.  A relay in this test stands at a fixed port
// between Alertmanager and Steward, since Steward listens on a new port
// after its restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as } from './lib.mjs';

const AM_BIN = process.env.ALERTMANAGER_BIN || '/usr/bin/prometheus-alertmanager';
const PROM_BIN = process.env.PROMETHEUS_BIN || '/usr/bin/prometheus';
let s, admin, agent, am, amUrl, relay, dir, token, prom;
const ci = {};
let deliveries = 0, refused = 0;

const sleep = (ms) => new Promise((res) => setTimeout(res, ms));
async function waitFor(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}\n${am?.log?.slice(-1500) || ''}\n${prom?.log?.slice(-2500) || ''}`);
}
function freePort() {
  return new Promise((res) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => res(port)); });
  });
}

before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }], settings: { STEWARD_SCHEDULER_INTERVAL: '1s' } });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  for (const [name, ext] of [['db1', 'db1.example'], ['app1', 'app1.example'], ['web1', 'web1.example']]) {
    const r = await agent('POST', '/api/v1/cis', { body: { name, class: 'server', external_id: ext, attributes: { hostname: name } } });
    assert.equal(r.status, 201, r.text);
    ci[name] = r.json.id;
  }
  assert.equal((await agent('POST', `/api/v1/cis/${ci.app1}/relations`, { body: { type: 'depends_on', to: ci.db1 } })).status, 201);
  assert.equal((await agent('POST', `/api/v1/cis/${ci.web1}/relations`, { body: { type: 'depends_on', to: ci.app1 } })).status, 201);
  const src = await admin('POST', '/api/v1/event-sources', { body: { name: 'alertmanager', quiet_seconds: 3 } });
  assert.equal(src.status, 201, src.text);
  token = src.json.token;

  // the relay: Alertmanager's fixed address for whichever Steward runs now (503 while none does)
  relay = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      deliveries++;
      if (!s.proc) { refused++; res.writeHead(503).end(); return; }
      try {
        const r = await fetch(s.url + req.url, { method: req.method, headers: { 'content-type': req.headers['content-type'] || 'application/json', authorization: req.headers.authorization || '' }, body: Buffer.concat(chunks) });
        res.writeHead(r.status, { 'content-type': r.headers.get('content-type') || 'text/plain' }).end(Buffer.from(await r.arrayBuffer()));
      } catch { refused++; res.writeHead(503).end(); }
    });
  });
  await new Promise((res) => relay.listen(0, '127.0.0.1', res));
  const relayUrl = `http://127.0.0.1:${relay.address().port}/api/v1/events/alertmanager`;

  dir = mkdtempSync(join(tmpdir(), 'steward-am-'));
  writeFileSync(join(dir, 'am.yml'), `
route:
  receiver: steward
  group_by: ['alertname', 'instance']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 2s
receivers:
  - name: steward
    webhook_configs:
      - url: ${relayUrl}
        send_resolved: true
        http_config:
          authorization:
            type: Bearer
            credentials: ${token}
`);
  const port = await freePort();
  amUrl = `http://127.0.0.1:${port}`;
  const proc = spawn(AM_BIN, [`--config.file=${join(dir, 'am.yml')}`, `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=debug'], { stdio: ['ignore', 'ignore', 'pipe'] });
  am = { proc, log: '' };
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (c) => { am.log += c; });
  process.on('exit', () => { try { proc.kill('SIGKILL'); } catch { /* gone */ } });
  await waitFor('alertmanager to be ready', async () => {
    try { return (await fetch(`${amUrl}/-/ready`)).status === 200; } catch { return false; }
  });
});
after(async () => {
  if (prom?.proc && prom.proc.exitCode === null) { prom.proc.kill('SIGTERM'); await new Promise((res) => prom.proc.once('exit', res)); }
  if (am?.proc) { am.proc.kill('SIGTERM'); await new Promise((res) => am.proc.once('exit', res)); }
  relay?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await s.cleanup();
});

// Push alerts to Alertmanager as Prometheus does (its v2 API).
async function push(alerts) {
  const r = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) });
  assert.equal(r.status, 200, await r.text());
}
const hour = () => new Date(Date.now() + 3600e3).toISOString();
const firing = (alertname, instance) => ({ labels: { alertname, instance, job: 'node', severity: 'critical' },
  annotations: { summary: `${alertname} on ${instance}` }, startsAt: new Date(Date.now() - 1000).toISOString(), endsAt: hour() });
const mine = async () => (await agent('GET', '/api/v1/alerts?source=alertmanager&limit=100')).json.items;
const byName = async (name) => (await mine()).find((a) => a.name === name);

test('firing, repeats, correlation, a restart in the middle and resolution, through a real Alertmanager', async () => {
  // firing opens exactly one incident, on the CI its instance label names
  const db = firing('PostgresDown', 'db1.example:9187');
  await push([db]);
  const first = await waitFor('the first alert', async () => { const a = await byName('PostgresDown'); return a?.incident && a; });
  assert.equal(first.ci, 'db1');
  assert.equal(first.state, 'firing');
  assert.equal(first.severity, 'critical');
  assert.match(first.dedup_key, /^[0-9a-f]+$/); // Alertmanager's fingerprint
  const inc = (await agent('GET', `/api/v1/incidents/${first.incident}`)).json;
  assert.equal(inc.ci, ci.db1);
  assert.equal(inc.channel, 'event');
  // Alertmanager repeats the notification every repeat_interval: counted, deduplicated
  await push([db]);
  const repeated = await waitFor('a repeat', async () => { const a = await byName('PostgresDown'); return a.count >= 2 && a; });
  assert.equal(repeated.incident, first.incident);
  assert.equal(repeated.id, first.id);
  // a second alert on a CI that depends on db1 correlates into the same incident
  await push([db, firing('AppErrors', 'app1.example:8080')]);
  const app = await waitFor('the dependent alert', async () => { const a = await byName('AppErrors'); return a?.incident && a; });
  assert.equal(app.ci, 'app1');
  assert.equal(app.incident, first.incident);

  // Steward stops; an alert fires meanwhile; Alertmanager retries until Steward is back
  assert.equal(await s.stop(), 0);
  const before = refused;
  await push([db, firing('AppErrors', 'app1.example:8080'), firing('WebDown', 'web1.example:443')]);
  await waitFor('Alertmanager to try while Steward is down', async () => refused > before, 20000);
  await s.start();
  const web = await waitFor('the alert sent during the restart', async () => { const a = await byName('WebDown'); return a?.incident && a; }, 40000);
  assert.equal(web.ci, 'web1');
  assert.equal(web.incident, first.incident);
  const all = await mine();
  assert.deepEqual(new Set(all.map((a) => a.incident)), new Set([first.incident]), 'exactly one incident for the outage');
  assert.equal(all.length, 3);

  // everything resolves: after the quiet period the incident is resolved alert_cleared
  const now = new Date().toISOString();
  await push([{ ...db, endsAt: now }, { ...firing('AppErrors', 'app1.example:8080'), endsAt: now }, { ...firing('WebDown', 'web1.example:443'), endsAt: now }]);
  await waitFor('every alert resolved', async () => (await mine()).every((a) => a.state === 'resolved'));
  const done = await waitFor('the incident resolved', async () => {
    const i = (await agent('GET', `/api/v1/incidents/${first.incident}`)).json;
    return i.state === 'resolved' && i;
  });
  assert.equal(done.resolution_code, 'alert_cleared');
  assert.ok(deliveries >= 4, `Alertmanager delivered ${deliveries} notifications`);
});

// A rule that always fires (vector(1)), with the labels Steward maps.
const rules = (firing) => `
groups:
  - name: steward
    interval: 1s
    rules:
      - alert: CacheDown
        expr: vector(1)${firing ? '' : ' < 0'}
        labels:
          instance: cache1.example:6379
          severity: major
        annotations:
          summary: cache1 does not answer
`;

test('a real Prometheus: its rule fires, opens one incident on the mapped CI, stops, and the incident resolves', async () => {
  const c = await agent('POST', '/api/v1/cis', { body: { name: 'cache1', class: 'server', external_id: 'cache1.example', attributes: { hostname: 'cache1' } } });
  assert.equal(c.status, 201, c.text);
  const port = await freePort();
  writeFileSync(join(dir, 'rules.yml'), rules(true));
  writeFileSync(join(dir, 'prometheus.yml'), `
global:
  evaluation_interval: 1s
  scrape_interval: 1m
rule_files: [${join(dir, 'rules.yml')}]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['${amUrl.replace('http://', '')}']
`);
  const proc = spawn(PROM_BIN, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${port}`, '--rules.alert.resend-delay=1s' /* the first send may come before Alertmanager is known */], { stdio: ['ignore', 'ignore', 'pipe'] });
  prom = { proc, log: '' };
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { prom.log += d; });
  process.on('exit', () => { try { proc.kill('SIGKILL'); } catch { /* gone */ } });
  const fired = await waitFor("the rule's alert", async () => { const a = await byName('CacheDown'); return a?.incident && a; }, 60000);
  assert.equal(fired.ci, 'cache1');
  assert.equal(fired.severity, 'major');
  assert.equal(fired.summary, 'cache1 does not answer');
  const opened = (await mine()).filter((a) => a.name === 'CacheDown');
  assert.equal(opened.length, 1, 'one alert');
  const inc = (await agent('GET', `/api/v1/incidents/${fired.incident}`)).json;
  assert.equal(inc.ci, c.json.id);
  // the rule stops firing: Prometheus resolves the alert, Alertmanager says so, the incident resolves
  writeFileSync(join(dir, 'rules.yml'), rules(false));
  proc.kill('SIGHUP');
  await waitFor('the alert resolved', async () => (await byName('CacheDown'))?.state === 'resolved', 60000);
  const done = await waitFor('the incident resolved', async () => {
    const i = (await agent('GET', `/api/v1/incidents/${fired.incident}`)).json;
    return i.state === 'resolved' && i;
  });
  assert.equal(done.resolution_code, 'alert_cleared');
  proc.kill('SIGTERM');
  await new Promise((res) => proc.once('exit', res));
});
