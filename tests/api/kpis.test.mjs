// KPIs (issue #18, docs/kpis.md): the catalogue, a KPI's series and the
// period's value with its status against the target, targets set by
// admins (audited), CSV, bad input; and the running totals behind them
// equal a full recount after a randomised workload of creates, updates,
// transitions and reassignments (steward verify reports them clean); a
// series by day, week and month in four zones, read from the day totals
// and the hours around local midnights, equals a recount of the tickets
// spread over half a year with its clock changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, verify, cli, sqlOn } from './lib.mjs';

let s, admin, agent, eu;
const today = new Date().toISOString().slice(0, 10);
const resolveBody = { resolution_code: 'fixed', resolution_notes: 'done' };

before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  for (const name of ['Network', 'Desk']) {
    assert.equal((await admin('POST', '/api/v1/groups', { body: { name, members: ['agent1', 'agent2'] } })).status, 201);
  }
});
after(async () => { await s.cleanup(); });

async function raise(body = {}) {
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'kpi', requester: 'eu1', ...body } });
  assert.equal(r.status, 201, r.text);
  return r.json;
}
async function act(n, action, body) {
  const r = await agent('POST', `/api/v1/incidents/${n}/${action}`, body ? { body } : {});
  assert.equal(r.status, 200, `${action} ${n}: ${r.text}`);
  return r.json;
}
const kpi = (name, q = '', who = agent) => who('GET', `/api/v1/kpis/${name}?from=${today}&to=${today}&tz=UTC${q}`);

test('the catalogue: every KPI with its definition, unit, direction and target; agents and up only', async () => {
  const r = await agent('GET', '/api/v1/kpis');
  assert.equal(r.status, 200);
  const names = r.json.items.map((k) => k.name);
  for (const n of ['incident_mtta', 'incident_mttr', 'incident_first_contact_rate', 'incident_reopen_rate', 'incident_sla_response',
    'incident_sla_resolution', 'incident_backlog', 'incident_backlog_age', 'incident_major', 'incident_count',
    'request_fulfilment_time', 'request_approval_time', 'request_sla_resolution', 'problem_time_to_known_error',
    'problem_incidents_per_problem', 'problem_recurring_incidents', 'change_success_rate', 'change_emergency_share',
    'change_caused_incidents', 'change_lead_time', 'knowledge_reuse_rate', 'knowledge_past_review', 'service_availability',
    'service_downtime']) assert.ok(names.includes(n), n);
  const mttr = r.json.items.find((k) => k.name === 'incident_mttr');
  assert.equal(mttr.unit, 'seconds');
  assert.equal(mttr.direction, 'lower_better');
  assert.deepEqual(mttr.target, { target: 28800, amber: 86400, red: 259200 });
  assert.equal(mttr.target_set, false);
  assert.match(mttr.definition, /resolved in the interval/);
  assert.equal((await eu('GET', '/api/v1/kpis')).status, 403);
  assert.equal((await eu('GET', '/api/v1/kpis/incident_mttr')).status, 403);
});

test('incident KPIs counted exactly: backlog, first-contact and reopen rates, major incidents, by filter', async () => {
  const before_ = (await kpi('incident_backlog')).json.value;
  const a = await raise({ assignment_group: 'Network', impact: 1, urgency: 1 });
  const b = await raise({ assignment_group: 'Network' });
  const c = await raise({ assignment_group: 'Desk' });
  const d = await raise({ assignment_group: 'Desk' });
  await act(a.number, 'resolve', resolveBody);
  // b is reassigned before it is resolved: not a first-contact resolution
  const p = await agent('PATCH', `/api/v1/incidents/${b.number}`, { body: { assignment_group: 'Desk' }, headers: { 'if-match': String(b.version) } });
  assert.equal(p.status, 200, p.text);
  await act(b.number, 'resolve', resolveBody);
  // c is resolved, reopened and resolved again: reopened
  await act(c.number, 'resolve', resolveBody);
  await act(c.number, 'reopen');
  await act(c.number, 'resolve', resolveBody);
  await act(d.number, 'major', { reason: 'outage' });

  const backlog = await kpi('incident_backlog');
  assert.equal(backlog.status, 200);
  assert.equal(backlog.json.value, before_ + 1);
  assert.deepEqual(backlog.json.points, [], 'a figure of the present has no series');
  const fcr = (await kpi('incident_first_contact_rate')).json;
  assert.equal(fcr.denominator, 3);
  assert.equal(fcr.numerator, 1);
  assert.ok(Math.abs(fcr.value - 1 / 3) < 1e-9);
  assert.equal(fcr.status, 'red', 'a third is worse than where red begins (0.5)');
  assert.equal(fcr.points.length, 1);
  assert.equal(fcr.points[0].period, today);
  const reopen = (await kpi('incident_reopen_rate')).json;
  assert.deepEqual([reopen.numerator, reopen.denominator], [1, 3]);
  assert.equal((await kpi('incident_major')).json.value, 1);
  // by group: Network has a (raised there) and no longer b (moved to Desk)
  const net = (await kpi('incident_first_contact_rate', '&group=Network')).json;
  assert.deepEqual([net.numerator, net.denominator, net.filters.group], [1, 1, 'Network']);
  assert.equal(net.status, 'green');
  const p1 = (await kpi('incident_count', '&priority=1')).json;
  assert.equal(p1.value, 1);
  const mttr = (await kpi('incident_mttr')).json;
  assert.equal(mttr.denominator, 3);
  assert.ok(mttr.value >= 0 && mttr.value < 600, `${mttr.value}`);
  assert.equal(mttr.status, 'green');
  // the dashboard and the queue counts read the same totals
  const counts = (await agent('GET', '/api/v1/incidents/counts')).json;
  assert.equal(counts.all_open, backlog.json.value);
  assert.equal(counts.major, 1);
  const report = (await agent('GET', `/api/v1/reports/incidents?from=${today}&to=${today}&tz=UTC`)).json;
  assert.equal(report.open.total, backlog.json.value);
  assert.equal(report.resolved, 3);
  assert.equal(report.daily[0].resolved, 3);
});

test('a series by week and by month in a zone, and the period value over all of it', async () => {
  const r = await agent('GET', '/api/v1/kpis/incident_count?from=2026-01-01&to=2026-12-31&interval=month&tz=Europe/London');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.points.length, 12);
  assert.equal(r.json.points[2].period, '2026-03-01');
  // March in London: from midnight GMT to midnight BST
  assert.equal(r.json.points[2].start, '2026-03-01T00:00:00Z');
  assert.equal(r.json.points[2].end, '2026-03-31T23:00:00Z');
  const sum = r.json.points.reduce((n, p) => n + p.value, 0);
  assert.equal(r.json.value, sum);
  const w = await agent('GET', '/api/v1/kpis/incident_count?from=2026-11-04&to=2026-11-30&interval=week&tz=UTC');
  assert.deepEqual(w.json.points.map((p) => p.period), ['2026-11-04', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
});

test('CSV: format=csv or Accept: text/csv, one row per interval', async () => {
  const r = await kpi('incident_count', '&format=csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /kpi-incident_count\.csv/);
  const lines = r.text.trim().split('\r\n');
  assert.equal(lines[0], 'period,start,end,value,numerator,denominator,status');
  assert.equal(lines.length, 2);
  assert.ok(lines[1].startsWith(`${today},${today}T00:00:00Z,`));
  const h = await agent('GET', `/api/v1/kpis/incident_count?from=${today}&to=${today}&tz=UTC`, { headers: { accept: 'text/csv' } });
  assert.equal(h.text, r.text);
});

test('service KPIs need a service; availability from outages', async () => {
  const sv = await admin('POST', '/api/v1/services', { body: { name: 'Mail', criticality: 2 } });
  assert.equal(sv.status, 201, sv.text);
  const none = (await kpi('service_availability')).json;
  assert.equal(none.value, null);
  assert.equal(none.needs_service, true);
  const av = (await kpi('service_availability', '&service=Mail')).json;
  assert.equal(av.filters.service, 'Mail');
  assert.equal(av.value, 1, 'no outage: available all of the day so far');
  assert.equal((await kpi('service_downtime', '&service=Mail')).json.value, 0);
});

test('targets: admins set them (audited), they drive the status; bad ones change nothing', async () => {
  const rows = () => verify(s).rows.audit;
  const audit0 = rows();
  const bad = [
    [{ target: 0.8, amber: 0.9, red: 0.6 }, 422, ['amber']],
    [{ target: 1.5, amber: 0.9, red: 0.6 }, 422, ['target']],
    [{ target: 0.8, amber: 0.7 }, 422, ['red']],
    [{ target: 'high', amber: 0.7, red: 0.6 }, 422, ['target']],
    [{ target: -1, amber: 0.7, red: 0.6 }, 422, ['target']],
  ];
  for (const [body, status, fields] of bad) {
    const r = await admin('PUT', '/api/v1/kpis/incident_first_contact_rate/target', { body });
    assert.equal(r.status, status, JSON.stringify(body));
    assert.deepEqual(r.json.errors.map((e) => e.field).sort(), fields, JSON.stringify(body));
  }
  assert.equal((await admin('PUT', '/api/v1/kpis/nope/target', { body: { target: 1, amber: 1, red: 1 } })).status, 404);
  assert.equal((await agent('PUT', '/api/v1/kpis/incident_first_contact_rate/target', { body: { target: 0.3, amber: 0.2, red: 0.1 } })).status, 403);
  assert.equal(rows(), audit0, 'a refused target wrote something');
  assert.equal((await agent('GET', '/api/v1/kpis')).json.items.find((k) => k.name === 'incident_first_contact_rate').target_set, false);

  const ok = await admin('PUT', '/api/v1/kpis/incident_first_contact_rate/target', { body: { target: 0.3, amber: 0.25, red: 0.1 } });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json.target, { target: 0.3, amber: 0.25, red: 0.1 });
  assert.equal(ok.json.target_set, true);
  assert.equal(rows(), audit0 + 1);
  const fcr = (await kpi('incident_first_contact_rate')).json;
  assert.equal(fcr.status, 'green', 'a third is better than 0.25, where amber begins');
  const low = await admin('PUT', '/api/v1/kpis/incident_mttr/target', { body: { target: 0, amber: 0, red: 0 } });
  assert.equal(low.status, 200);
  assert.equal((await kpi('incident_mttr')).json.status, 'red');
});

test('bad query parameters are a 400 naming them; an unknown KPI is a 404', async () => {
  const cases = [
    ['?from=2026-02-01&to=2026-01-01', 'from'],
    ['?from=yesterday', 'from'],
    ['?to=2026-02-30', 'to'],
    ['?tz=Mars/Olympus', 'tz'],
    ['?interval=hour', 'interval'],
    ['?from=1990-01-01&to=2026-01-01&interval=day', 'interval'],
    ['?priority=9', 'priority'],
    ['?priority=1e0', 'priority'],
    ['?service=Nope', 'service'],
    ['?group=%27%3B%20DROP%20TABLE%20tickets%3B--', 'group'],
    ['?format=xml', 'format'],
    ['?zz=1', 'zz'],
    ['?tz=UTC&tz=Europe/Paris', 'tz'],
  ];
  for (const [q, field] of cases) {
    const r = await agent('GET', `/api/v1/kpis/incident_mttr${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.ok(r.json.errors.map((e) => e.field).includes(field), `${q}: ${r.text}`);
  }
  // 5 000 points is the most a series may have
  assert.equal((await agent('GET', '/api/v1/kpis/incident_count?from=2000-01-01&to=2013-09-08&interval=day&tz=UTC')).status, 200);
  assert.equal((await agent('GET', '/api/v1/kpis/incident_count?from=2000-01-01&to=2013-09-09&interval=day&tz=UTC')).status, 400);
  const r = await agent('GET', '/api/v1/kpis/no_such_kpi');
  assert.equal(r.status, 404);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
});

// A small deterministic generator, so that a failure can be replayed.
function rng(seed) {
  let x = seed;
  return (n) => { x = (x * 1103515245 + 12345) % 2147483648; return x % n; };
}

test('property: after a randomised workload the running totals equal a full recount', async () => {
  const rand = rng(20261203);
  const open = [];
  const done = [];
  const groups = ['Network', 'Desk', null];
  for (let i = 0; i < 60; i++) {
    const op = open.length < 3 ? 0 : rand(7);
    if (op === 0) {
      const g = groups[rand(3)];
      const t = await raise({ impact: 1 + rand(3), urgency: 1 + rand(3), ...(g ? { assignment_group: g } : {}) });
      open.push(t.number);
      continue;
    }
    const pick = (list) => list.splice(rand(list.length), 1)[0];
    if (op === 1 || op === 2) { // reassign, or change priority
      const n = open[rand(open.length)];
      const cur = (await agent('GET', `/api/v1/incidents/${n}`)).json;
      const body = op === 1 ? { assignment_group: groups[rand(2)], assignee: rand(2) ? 'agent1' : 'agent2' } : { impact: 1 + rand(3), urgency: 1 + rand(3) };
      const r = await agent('PATCH', `/api/v1/incidents/${n}`, { body, headers: { 'if-match': String(cur.version) } });
      assert.equal(r.status, 200, r.text);
    } else if (op === 3) {
      const n = open[rand(open.length)];
      const st = (await agent('GET', `/api/v1/incidents/${n}`)).json.state;
      if (st === 'new') await act(n, 'start');
      else if (st === 'in_progress') await act(n, 'hold', { reason: 'awaiting_caller' });
    } else if (op === 4) {
      const n = pick(open);
      await act(n, 'resolve', resolveBody);
      done.push(n);
    } else if (op === 5 && done.length) {
      const n = pick(done);
      if (rand(2)) { await act(n, 'reopen'); open.push(n); } else await act(n, 'close');
    } else if (op === 6) {
      const n = open[rand(open.length)];
      const cur = (await agent('GET', `/api/v1/incidents/${n}`)).json;
      if (!cur.major) await act(n, 'major', { reason: 'outage' });
      else {
        open.splice(open.indexOf(n), 1);
        if (cur.state === 'on_hold') await act(n, 'start');
        await act(n, 'cancel');
      }
    }
  }
  const v = verify(s);
  assert.equal(v.totals_open_diff, 0);
  assert.equal(v.totals_hour_diff, 0);
  assert.equal(v.totals_day_diff, 0);
  assert.equal(v.ok, true);
  // the queue count is the list's length
  const all = (await agent('GET', '/api/v1/incidents?open=true&limit=200')).json.items.length;
  assert.equal((await agent('GET', '/api/v1/incidents/counts')).json.all_open, all);
  // a rebuild changes nothing that was right
  cli(['verify', '--db', s.dbUrl, '--repair']);
  assert.equal(verify(s).ok, true);
});

const sql = (q) => sqlOn(s, q);

test('series by day, week and month in four zones equal a recount, across clock changes; the day totals checked and repaired', async () => {
  const rand = rng(20261204);
  const groups = ['Network', 'Desk', null];
  const made = [];
  for (let i = 0; i < 48; i++) {
    const g = groups[rand(3)];
    const t = await raise({ impact: 1 + rand(3), urgency: 1 + rand(3), ...(g ? { assignment_group: g } : {}) });
    if (rand(3)) await act(t.number, 'resolve', resolveBody);
    made.push(t.number);
  }
  // spread them from October 2025 to April 2026 (both clock changes in
  // Europe and America), a third within an hour of some zone's midnight
  const from = Date.UTC(2025, 9, 1) / 1000, span = 212 * 86400;
  const near = [0, 23 * 3600, 22 * 3600, 5 * 3600, 4 * 3600, 18 * 3600 + 1800];
  const moves = made.map((n, i) => {
    const day = from + rand(212) * 86400;
    const at = i % 3 === 0 ? day + near[rand(near.length)] + rand(7200) - 3600 : day + rand(86400);
    const took = 600 + rand(4 * 86400);
    return `UPDATE tickets SET created_at = ${at}, resolved_at = CASE WHEN resolved_at IS NULL THEN NULL ELSE ${at + took} END,`
      + ` first_response_at = CASE WHEN first_response_at IS NULL THEN NULL ELSE ${at + 60} END WHERE number = '${n}';`;
  });
  sql(moves.join(' '));
  const stale = cli(['verify', '--db', s.dbUrl, '--json'], { allowFail: true });
  assert.equal(stale.status, 1, 'the totals still hold the old times');
  assert.ok(JSON.parse(stale.stdout).totals_day_diff > 0);
  cli(['verify', '--db', s.dbUrl, '--repair']);
  assert.equal(verify(s).ok, true);
  const rows = sql("SELECT created_at, COALESCE(resolved_at, -1) FROM tickets WHERE kind = 'incident'")
    .split('\n').map((l) => l.split('|').map(Number));
  const hour = (t) => Math.floor(t / 3600);
  const within = (t, p) => t >= 0 && hour(t) >= hour(Date.parse(p.start) / 1000) && hour(t) < hour(Date.parse(p.end) / 1000);
  const recount = (name, p) => {
    if (name === 'incident_count') return [rows.filter(([c]) => within(c, p)).length, 1];
    const r = rows.filter(([, res]) => within(res, p));
    return [r.reduce((n, [c, res]) => n + res - c, 0), r.length];
  };
  const q = `from=2025-10-01&to=2026-04-30`;
  for (const tz of ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata']) {
    for (const interval of ['day', 'week', 'month']) {
      for (const name of ['incident_count', 'incident_mttr']) {
        const r = await agent('GET', `/api/v1/kpis/${name}?${q}&interval=${interval}&tz=${tz}`);
        assert.equal(r.status, 200, r.text);
        for (const p of r.json.points) {
          assert.deepEqual([p.numerator, p.denominator], recount(name, p), `${name} ${tz} ${interval} ${p.period}`);
        }
        const all = r.json.points.reduce((a, p) => [a[0] + p.numerator, a[1] + p.denominator], [0, 0]);
        assert.deepEqual([r.json.numerator, r.json.denominator], name === 'incident_count' ? [all[0], 1] : all);
      }
    }
  }
  // a day row corrupted: verify sees it, the series (read from it) shows
  // it, --repair mends it
  const [c] = rows.find(([t]) => t >= from && t < from + span);
  const day = Math.floor(c / 86400);
  sql(`UPDATE ticket_day_totals SET created = created + 5 WHERE kind = 'incident' AND bucket = ${day}`);
  const bad1 = cli(['verify', '--db', s.dbUrl, '--json'], { allowFail: true });
  assert.equal(bad1.status, 1, 'verify fails');
  const v = JSON.parse(bad1.stdout);
  assert.ok(v.totals_day_diff > 0);
  assert.equal(v.totals_hour_diff, 0);
  assert.equal(v.ok, false);
  const date = new Date(day * 86400000).toISOString().slice(0, 10);
  const bad = await agent('GET', `/api/v1/kpis/incident_count?from=${date}&to=${date}&tz=UTC`);
  const p = bad.json.points[0];
  assert.ok(p.numerator > recount('incident_count', p)[0]);
  cli(['verify', '--db', s.dbUrl, '--repair']);
  assert.equal(verify(s).ok, true);
  const good = await agent('GET', `/api/v1/kpis/incident_count?from=${date}&to=${date}&tz=UTC`);
  assert.equal(good.json.points[0].numerator, recount('incident_count', good.json.points[0])[0]);
});
