// Event management (issue #16, docs/events.md): event sources and their
// tokens, the generic event API and Alertmanager's payload, deduplication,
// mapping rules, correlation through the CMDB, the storm limit, flapping,
// suppression by an implementing change and a maintenance window,
// auto-resolve after the quiet period, what agents do with alerts, and
// the bad input a monitoring system can send.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, api, cli, fieldsOf, fingerprint } from './lib.mjs';

let s, admin, agent, eu;
const ci = {};
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }],
    settings: { STEWARD_SCHEDULER_INTERVAL: '1s' } });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  for (const [name, ext] of [['db1', 'db1.example'], ['app1', null], ['web1', null], ['lonely', null], ['mx1', null], ['cache1', null], ['chg1', null]]) {
    const body = { name, class: 'server', attributes: { hostname: name } };
    if (ext) body.external_id = ext;
    const r = await agent('POST', '/api/v1/cis', { body });
    assert.equal(r.status, 201, r.text);
    ci[name] = r.json.id;
  }
  // app1 depends on db1, web1 on app1: one database outage, one incident
  assert.equal((await agent('POST', `/api/v1/cis/${ci.app1}/relations`, { body: { type: 'depends_on', to: ci.db1 } })).status, 201);
  assert.equal((await agent('POST', `/api/v1/cis/${ci.web1}/relations`, { body: { type: 'depends_on', to: ci.app1 } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Shop', criticality: 2, cis: [ci.web1] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Mail', criticality: 3, cis: [ci.mx1] } })).status, 201);
});
after(async () => { await s.cleanup(); });

async function source(name, extra = {}) {
  const r = await admin('POST', '/api/v1/event-sources', { body: { name, ...extra } });
  assert.equal(r.status, 201, r.text);
  assert.match(r.json.token, /^sws_/);
  return r.json.token;
}
const send = (token, body) => api(s, 'POST', '/api/v1/events', { token, body });
const alerts = async (q = '') => (await agent('GET', `/api/v1/alerts${q}`)).json.items;
const incident = async (n) => (await agent('GET', `/api/v1/incidents/${n}`)).json;

test('event sources: admins register them, the token is shown once and works only while active', async () => {
  const r = await admin('POST', '/api/v1/event-sources', { body: { name: 'nagios', quiet_seconds: 60 } });
  assert.equal(r.status, 201);
  assert.equal(r.json.owner, 'admin');
  assert.equal(r.json.ci_label, 'instance');
  assert.equal(r.json.quiet_seconds, 60);
  const token = r.json.token;
  const got = await agent('GET', '/api/v1/event-sources/nagios');
  assert.equal(got.status, 200);
  assert.equal(got.json.token, undefined);
  assert.equal((await eu('GET', '/api/v1/event-sources')).status, 403);
  assert.equal((await agent('POST', '/api/v1/event-sources', { body: { name: 'x' } })).status, 403);
  assert.equal((await admin('POST', '/api/v1/event-sources', { body: { name: 'nagios' } })).status, 409);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/event-sources', { body: { name: 'y', storm_per_minute: 0 } })), ['storm_per_minute']);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/event-sources', { body: { name: 'y', ci_label: 'bad label' } })), ['ci_label']);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/event-sources', { body: { name: 'y', service: 'Nope' } })), ['service']);
  const ok = await send(token, { check: 'ping', resource: 'lonely', severity: 'info' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.source, 'nagios');
  // a user's API token is not a source token, nor is a made-up one
  assert.equal((await send(s.token('admin'), { check: 'ping', severity: 'info' })).status, 401);
  assert.equal((await send('sws_nope', { check: 'ping', severity: 'info' })).status, 401);
  assert.equal((await api(s, 'POST', '/api/v1/events', { body: { check: 'ping', severity: 'info' } })).status, 401);
  // rotation: the old token stops working
  const rot = await admin('PATCH', '/api/v1/event-sources/nagios', { body: { rotate_token: true } });
  assert.equal(rot.status, 200);
  assert.notEqual(rot.json.token, token);
  assert.equal((await send(token, { check: 'ping', resource: 'lonely', severity: 'info' })).status, 401);
  assert.equal((await send(rot.json.token, { check: 'ping', resource: 'lonely', severity: 'info' })).status, 200);
  assert.equal((await admin('PATCH', '/api/v1/event-sources/nagios', { body: { active: false } })).status, 200);
  assert.equal((await send(rot.json.token, { check: 'ping', resource: 'lonely', severity: 'info' })).status, 401);
  const hist = await admin('GET', '/api/v1/alerts?source=nagios');
  assert.equal(hist.json.items.length, 1);
  assert.equal(hist.json.items[0].count, 2);
});

test('firing opens one incident on the CI, repeats deduplicate, a dependent CI correlates', async () => {
  const token = await source('prom', { quiet_seconds: 2 });
  const fire = { check: 'PostgresDown', resource: 'db1.example:9187', severity: 'critical', message: 'db1 is down', dedup_key: 'pg-db1', time: '2026-01-01T10:00:00Z' };
  const a = await send(token, fire);
  assert.equal(a.status, 200, a.text);
  assert.deepEqual({ created: a.json.created, incidents: a.json.incidents }, { created: 1, incidents: 1 });
  const again = await send(token, fire);
  assert.deepEqual({ created: again.json.created, unchanged: again.json.unchanged, incidents: again.json.incidents }, { created: 0, unchanged: 1, incidents: 0 });
  const [al] = await alerts('?source=prom');
  assert.equal(al.count, 2);
  assert.equal(al.ci, 'db1');
  assert.equal(al.state, 'firing');
  assert.equal(al.severity, 'critical');
  assert.match(al.incident, /^INC/);
  const inc = await incident(al.incident);
  assert.equal(inc.ci, ci.db1);
  assert.equal(inc.impact, 1);
  assert.equal(inc.channel, 'event');
  // web1 depends on app1, which depends on db1: the same incident
  const b = await send(token, { check: 'HttpErrors', resource: 'web1', severity: 'major', dedup_key: 'web1-5xx' });
  assert.deepEqual({ incidents: b.json.incidents, attached: b.json.attached }, { incidents: 0, attached: 1 });
  const web = (await alerts('?source=prom')).find((x) => x.dedup_key === 'web1-5xx');
  assert.equal(web.incident, al.incident);
  // a CI with no relation opens its own
  const c = await send(token, { check: 'DiskFull', resource: 'lonely', severity: 'major', dedup_key: 'lonely-disk' });
  assert.equal(c.json.incidents, 1);
  const lone = (await alerts('?source=prom')).find((x) => x.dedup_key === 'lonely-disk');
  assert.notEqual(lone.incident, al.incident);
  // resolve both on the first incident: after the quiet period it is resolved alert_cleared
  await send(token, { ...fire, state: 'resolved', time: '2026-01-01T10:05:00Z' });
  assert.equal((await incident(al.incident)).state, 'new');
  await send(token, { check: 'HttpErrors', resource: 'web1', severity: 'major', dedup_key: 'web1-5xx', state: 'resolved' });
  let state;
  for (let i = 0; i < 40 && state !== 'resolved'; i++) {
    await new Promise((res) => setTimeout(res, 250));
    state = (await incident(al.incident)).state;
  }
  const done = await incident(al.incident);
  assert.equal(done.state, 'resolved');
  assert.equal(done.resolution_code, 'alert_cleared');
  assert.equal((await incident(lone.incident)).state, 'new');
  // the timeline
  const tl = await agent('GET', `/api/v1/alerts/${al.id}/history`);
  assert.equal(tl.status, 200);
  assert.deepEqual(tl.json.items.map((h) => h.action), ['create', 'resolved']);
});

test('mapping rules: labels to a CI and service, severity to impact, ignore and record', async () => {
  const token = await source('zabbix');
  const bad = await admin('POST', '/api/v1/alert-rules', { body: { name: 'r0', action: 'create', ci: 999999 } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['ci']);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/alert-rules', { body: { name: 'r0', action: 'explode', min_severity: 'huge' } })), ['action', 'min_severity']);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/alert-rules', { body: { name: 'r0', action: 'create', source: 'nope', service: 'Nope' } })), ['service', 'source']);
  assert.equal((await admin('GET', '/api/v1/alert-rules/r0')).status, 404);
  const r1 = await admin('POST', '/api/v1/alert-rules', { body: { name: 'mail', position: 1, source: 'zabbix', match_label: 'team', match_value: 'mail', ci_label: 'host', service: 'Mail', action: 'create', impact: 3, urgency: 3 } });
  assert.equal(r1.status, 201, r1.text);
  assert.equal(r1.json.min_severity, 'info');
  assert.equal((await admin('POST', '/api/v1/alert-rules', { body: { name: 'noise', position: 2, match_label: 'noise', action: 'ignore' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/alert-rules', { body: { name: 'cache', position: 3, match_label: 'component', match_value: 'cache', ci: ci.cache1, action: 'record', min_severity: 'major' } })).status, 201);
  const m = await send(token, { check: 'QueueHigh', severity: 'critical', labels: { team: 'mail', host: 'mx1' } });
  assert.equal(m.json.incidents, 1);
  const [a] = await alerts('?source=zabbix');
  assert.deepEqual({ rule: a.rule, ci: a.ci, service: a.service, action: a.action }, { rule: 'mail', ci: 'mx1', service: 'Mail', action: 'create' });
  const inc = await incident(a.incident);
  assert.deepEqual([inc.impact, inc.urgency], [3, 3]);
  const n = await send(token, [{ check: 'Chatter', severity: 'critical', labels: { noise: 'yes' } },
    { check: 'CacheSlow', severity: 'critical', dedup_key: 'cache-slow', labels: { component: 'cache' } }]);
  assert.deepEqual({ received: n.json.received, created: n.json.created, incidents: n.json.incidents }, { received: 2, created: 1, incidents: 0 });
  const cache = (await alerts('?source=zabbix')).find((x) => x.dedup_key === 'cache-slow');
  assert.deepEqual({ action: cache.action, ci: cache.ci, incident: cache.incident }, { action: 'record', ci: 'cache1', incident: null });
  // agents raise one by hand, unlink and link it again
  const raised = await agent('POST', `/api/v1/alerts/${cache.id}/incident`);
  assert.equal(raised.status, 200, raised.text);
  assert.match(raised.json.incident, /^INC/);
  assert.equal((await agent('POST', `/api/v1/alerts/${cache.id}/incident`)).status, 409);
  const un = await agent('DELETE', `/api/v1/alerts/${cache.id}/link`);
  assert.equal(un.json.incident, null);
  assert.equal((await agent('DELETE', `/api/v1/alerts/${cache.id}/link`)).status, 409);
  assert.deepEqual(fieldsOf(await agent('POST', `/api/v1/alerts/${cache.id}/link`, { body: { incident: 'INC9999999' } })), ['incident']);
  const li = await agent('POST', `/api/v1/alerts/${cache.id}/link`, { body: { incident: raised.json.incident } });
  assert.equal(li.json.incident, raised.json.incident);
  const ack = await agent('POST', `/api/v1/alerts/${cache.id}/acknowledge`);
  assert.equal(ack.json.acknowledged_by, 'agent1');
  assert.equal((await eu('GET', '/api/v1/alerts')).status, 403);
  assert.equal((await agent('GET', '/api/v1/alerts/999999')).status, 404);
  const onInc = await agent('GET', `/api/v1/alerts?incident=${raised.json.incident}`);
  assert.deepEqual(onInc.json.items.map((x) => x.id), [cache.id]);
});

test('storm protection: beyond the limit per minute, alerts go to one storm incident', async () => {
  const token = await source('storm', { storm_per_minute: 2, correlate_minutes: 0 });
  const names = [];
  for (let i = 0; i < 5; i++) names.push({ check: `Down${i}`, severity: 'critical', dedup_key: `s${i}` });
  const r = await send(token, names);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.incidents, 3); // two, then the storm incident
  const list = await alerts('?source=storm');
  const storm = list.filter((a) => a.suppressed === 'storm');
  assert.equal(storm.length, 3);
  assert.equal(new Set(storm.map((a) => a.incident)).size, 1);
  assert.match((await incident(storm[0].incident)).title, /Alert storm from storm/);
});

test('flapping: an alert that changes state too often is marked and opens nothing new', async () => {
  const token = await source('flappy', { flap_changes: 3, flap_minutes: 10, quiet_seconds: 1 });
  for (const state of ['firing', 'resolved', 'firing', 'resolved', 'firing']) {
    const r = await send(token, { check: 'Flaky', resource: 'lonely', severity: 'minor', dedup_key: 'flap', state, time: new Date().toISOString() });
    assert.equal(r.status, 200, r.text);
  }
  const [a] = await alerts('?source=flappy');
  assert.equal(a.flapping, true);
  assert.equal(a.changes >= 3, true);
  // its incident is not resolved while it flaps
  await send(token, { check: 'Flaky', resource: 'lonely', severity: 'minor', dedup_key: 'flap', state: 'resolved' });
  await new Promise((res) => setTimeout(res, 2500));
  if (a.incident) assert.notEqual((await incident(a.incident)).state, 'resolved');
});

test('maintenance: an implementing change or an open maintenance window records alerts without incidents', async () => {
  const token = await source('maint');
  const now = new Date();
  const start = new Date(now.getTime() - 3600e3).toISOString().slice(0, 16);
  const w = await admin('POST', '/api/v1/change-windows', { body: { name: 'Mail maintenance', kind: 'maintenance', timezone: 'UTC', start, duration: 180, services: ['Mail'] } });
  assert.equal(w.status, 201, w.text);
  const r = await send(token, { check: 'SmtpDown', resource: 'mx1', severity: 'critical', dedup_key: 'smtp' });
  assert.equal(r.json.incidents, 0);
  const [a] = await alerts('?source=maint');
  assert.equal(a.suppressed, 'maintenance');
  assert.equal(a.incident, null);
  assert.equal(a.service, 'Mail');
  // an emergency change implementing on chg1: its alerts are recorded, no incident; once it is done, they open one
  const c = await agent('POST', '/api/v1/changes', { body: { title: 'Swap chg1 disks', type: 'emergency', ci: ci.chg1 } });
  assert.equal(c.status, 201, c.text);
  for (const [who, action] of [[agent, 'expedite'], [admin, 'authorise'], [agent, 'implement']]) {
    const r = await who('POST', `/api/v1/changes/${c.json.number}/${action}`, { body: {} });
    assert.equal(r.status, 200, `${action}: ${r.text}`);
  }
  const during = await send(token, { check: 'DiskGone', resource: 'chg1', severity: 'critical', dedup_key: 'chg1-disk' });
  assert.equal(during.json.incidents, 0);
  const held = (await alerts('?source=maint')).find((x) => x.dedup_key === 'chg1-disk');
  assert.deepEqual({ suppressed: held.suppressed, incident: held.incident, ci: held.ci }, { suppressed: 'change', incident: null, ci: 'chg1' });
  const done = await agent('POST', `/api/v1/changes/${c.json.number}/complete`, { body: { resolution_code: 'failed', resolution_notes: 'disks still bad' } });
  assert.equal(done.status, 200, done.text);
  await send(token, { check: 'DiskGone', resource: 'chg1', severity: 'critical', dedup_key: 'chg1-disk', state: 'resolved' });
  const after_ = await send(token, { check: 'DiskGone', resource: 'chg1', severity: 'critical', dedup_key: 'chg1-disk', time: new Date(Date.now() + 1000).toISOString() });
  assert.equal(after_.json.incidents, 1);
});

test('bad input: malformed, wrong version, too many alerts, hostile labels; nothing stored', async () => {
  const token = await source('hostile');
  const before = fingerprint(s);
  const am = (body, raw) => api(s, 'POST', '/api/v1/events/alertmanager', { token, body, raw, contentType: raw ? 'application/json' : undefined });
  assert.equal((await am(undefined, '{"version":"4","alerts":[')).status, 400);
  const v = await am({ version: '3', alerts: [] });
  assert.equal(v.status, 400);
  assert.deepEqual(fieldsOf(v), ['version']);
  assert.equal(v.json.type.endsWith('bad-payload'), true);
  const st = await am({ version: '4', alerts: [{ status: 'burning', labels: {} }] });
  assert.deepEqual(fieldsOf(st), ['alerts[0].status']);
  const many = { version: '4', alerts: Array.from({ length: 10000 }, (_, i) => ({ status: 'firing', labels: { alertname: 'x' }, fingerprint: `f${i}` })) };
  assert.equal((await am(many)).status, 413);
  assert.equal((await send(token, [])).status, 400);
  assert.deepEqual(fieldsOf(await send(token, { check: 'x', severity: 'loud', extra: 1 })), ['extra', 'severity']);
  assert.deepEqual(fieldsOf(await send(token, { severity: 'info' })), ['check']);
  assert.deepEqual(fieldsOf(await send(token, { check: 'x', severity: 'info', labels: { 'bad name': 'v' } })), ['labels']);
  assert.deepEqual(fieldsOf(await send(token, { check: 'x', severity: 'info', time: 'yesterday' })), ['time']);
  assert.deepEqual(fingerprint(s), before);
  // control characters become spaces, a 100 KB value is cut to 1024 characters
  const ok = await send(token, { check: 'x', severity: 'info', dedup_key: 'long', labels: { note: 'a\u0001b', big: 'v'.repeat(100000) } });
  assert.equal(ok.status, 200, ok.text);
  const [a] = await alerts('?source=hostile');
  assert.equal(a.labels.note, 'a b');
  assert.equal(a.labels.big.length, 1024);
});

test('steward event send: the generic event from the command line, as its source', async () => {
  await source('cron');
  assert.equal((await agent('POST', '/api/v1/cis', { body: { name: 'backup1', class: 'server', attributes: { hostname: 'backup1' } } })).status, 201);
  const out = cli(['event', 'send', '--db', s.dbUrl, '--source', 'cron', '--check', 'Backup', '--severity', 'major', '--resource', 'backup1',
    '--message', 'backup failed', 'team=ops']);
  assert.match(out, /received 1, created 1, updated 0, unchanged 0, incidents opened 1/);
  const [a] = await alerts('?source=cron');
  assert.deepEqual({ name: a.name, severity: a.severity, ci: a.ci, summary: a.summary, labels: a.labels },
    { name: 'Backup', severity: 'major', ci: 'backup1', summary: 'backup failed', labels: { team: 'ops' } });
  const again = cli(['event', 'send', '--db', s.dbUrl, '--source', 'cron', '--check', 'Backup', '--severity', 'major', '--resource', 'backup1']);
  assert.match(again, /unchanged 1/);
  const bad = cli(['event', 'send', '--db', s.dbUrl, '--source', 'cron', '--check', 'Backup', '--severity', 'loud'], { allowFail: true });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /severity: must be one of critical, major, minor, warning, info/);
  assert.equal(cli(['event', 'send', '--db', s.dbUrl, '--source', 'nope', '--check', 'x', '--severity', 'info'], { allowFail: true }).status, 1);
  assert.equal(cli(['event', 'send', '--db', s.dbUrl, '--source', 'cron', '--check', 'x', '--severity', 'info', 'stray'], { allowFail: true }).status, 2);
  assert.equal((await alerts('?source=cron'))[0].count, 2);
});
