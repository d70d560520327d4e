// Ad hoc reports (issue #21, docs/reports.md): GET /api/v1/reports/<kind>/breakdown
// counts the tickets raised in a period, filtered as the list filters
// them, by any field of the kind (or a custom field) and by interval, with
// mean times to respond and resolve; JSON or CSV.  Checked number by
// number on a small data set, then bad input and who may read it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib.mjs';

let s, admin, agent, eu;
const today = new Date().toISOString().slice(0, 10);
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Network', members: ['agent1'] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1'] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/custom-fields', { body: { kind: 'incident', name: 'site', label: 'Site', type: 'choice', choices: ['London', 'Leeds'] } })).status, 201);
  const raise = async (body) => {
    const r = await agent('POST', '/api/v1/incidents', { body: { title: 'breakdown', ...body } });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return r.json.number;
  };
  const net1 = await raise({ impact: 1, urgency: 1, assignment_group: 'Network', custom: { site: 'London' } });
  await raise({ impact: 1, urgency: 1, assignment_group: 'Network', custom: { site: 'Leeds' } });
  await raise({ impact: 3, urgency: 3, assignment_group: 'Network', custom: { site: 'London' } });
  const desk = await raise({ impact: 3, urgency: 3, assignment_group: 'Desk' });
  await raise({ impact: 3, urgency: 3 });
  for (const n of [net1, desk]) {
    const r = await agent('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'done' } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
});
after(async () => { await s.cleanup(); });

const breakdown = (q, who = agent) => who('GET', `/api/v1/reports/incidents/breakdown?${q}`);

test('counted by group: largest first, no group last, with open, resolved and mean times', async () => {
  const r = await breakdown('group_by=assignment_group');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.kind, 'incident');
  assert.equal(r.json.group_by, 'assignment_group');
  assert.equal(r.json.interval, null);
  assert.equal(r.json.to, today);
  assert.equal(r.json.total, 5);
  assert.equal(r.json.truncated, false);
  assert.deepEqual(r.json.rows.map((x) => [x.period, x.key, x.count, x.open, x.resolved]), [
    [r.json.from, 'Network', 3, 2, 1],
    [r.json.from, 'Desk', 1, 0, 1],
    [r.json.from, null, 1, 1, 0],
  ]);
  const net = r.json.rows[0];
  assert.ok(Number.isInteger(net.mttr) && net.mttr >= 0 && net.mttr < 120, `mttr ${net.mttr}`);
  assert.equal(r.json.rows[2].mttr, null, 'nothing resolved: no mean');
});

test('any field, custom fields, the list filters, and intervals', async () => {
  const prio = await breakdown('group_by=priority');
  assert.equal((await breakdown('group_by=ci_name')).json.rows[0].key, null, 'no CI named');
  assert.deepEqual(prio.json.rows.map((x) => [x.key, x.count]), [['5', 3], ['1', 2]]);
  const site = await breakdown('group_by=custom.site');
  assert.deepEqual(site.json.rows.map((x) => [x.key, x.count]), [['London', 2], [null, 2], ['Leeds', 1]], 'none last among equals');
  const filtered = await breakdown('group_by=custom.site&assignment_group=Network&priority=1');
  assert.deepEqual(filtered.json.rows.map((x) => [x.key, x.count]), [['Leeds', 1], ['London', 1]]);
  assert.equal(filtered.json.total, 2);
  const open = await breakdown('open=true');
  assert.deepEqual(open.json.rows.map((x) => [x.key, x.count]), [[null, 3]], 'no group_by: one row');
  const daily = await breakdown(`interval=day&from=${today}&to=${today}&group_by=state`);
  assert.equal(daily.json.interval, 'day');
  assert.ok(daily.json.rows.every((x) => x.period === today));
  assert.deepEqual(daily.json.rows.map((x) => [x.key, x.count]), [['new', 3], ['resolved', 2]]);
  const monthly = await breakdown('interval=month');
  assert.deepEqual(monthly.json.rows.map((x) => x.period), [`${today.slice(0, 8)}01`]);
  const weekly = await breakdown('interval=week');
  assert.equal(new Date(`${weekly.json.rows[0].period}T00:00:00Z`).getUTCDay(), 1, 'weeks start on Monday');
  const past = await breakdown('from=2020-01-01&to=2020-01-31');
  assert.equal(past.json.total, 0);
  assert.deepEqual(past.json.rows, []);
});

test('CSV with the same rows', async () => {
  const r = await breakdown('group_by=assignment_group&format=csv');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(r.headers.get('content-disposition'), /incidents-breakdown\.csv/);
  const lines = r.text.trim().split('\r\n');
  assert.equal(lines[0], 'period,assignment_group,count,open,resolved,reopened,major,mtta_seconds,mttr_seconds');
  assert.equal(lines.length, 4);
  assert.match(lines[1], /^\d{4}-\d{2}-\d{2},Network,3,2,1,0,0,\d*,\d+$/);
  assert.match(lines[3], /^\d{4}-\d{2}-\d{2},,1,1,0,0,0,\d*,$/);
});

test('bad input is a 400 naming the parameter; end users may not read it', async () => {
  for (const [q, field] of [['group_by=title', 'group_by'], ['group_by=custom.nope', 'group_by'], ['group_by=watchers', 'group_by'],
    ['interval=year', 'interval'], ['format=xml', 'format'], ['from=2026-13-01', 'from'], ['tz=Mars/Base', 'tz'],
    ['from=2020-01-01&to=2021-06-01', 'from'], ['bogus=1', 'bogus'], ['priority=9', 'priority']]) {
    const r = await breakdown(q);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.ok(JSON.stringify(r.json).includes(field), `${q} names ${field}: ${r.text}`);
  }
  assert.equal((await breakdown('group_by=state', eu)).status, 403);
  assert.equal((await breakdown('group_by=state', admin)).status, 200);
});
