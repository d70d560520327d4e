// SLA compliance reports (issue #21, docs/reports.md):
// GET /api/v1/reports/<kind>/sla counts the clocks stopped in a period, met
// or breached, by policy, service, group or priority, and lists the
// breaches; CSV of either.  A policy with a two-second resolution target
// gives a breach without waiting for the scheduler (a clock that stops
// over its target is breached).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let s, admin, agent, fast, eu;
const num = {};
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'fast1', role: 'end_user' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  fast = as(s, 'fast1');
  eu = as(s, 'eu1');
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Fast', members: ['fast1'] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1'] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Mail', criticality: 3 } })).status, 201);
  const p = await admin('POST', '/api/v1/sla-policies', { body: { name: 'Quick', position: 0, match_group: 'Fast', calendar: '24x7', response_seconds: 600, resolution_seconds: 2 } });
  assert.equal(p.status, 201, JSON.stringify(p.json));
  const raise = async (who, key, body) => {
    const r = await who('POST', '/api/v1/incidents', { body: { title: `sla ${key}`, impact: 3, urgency: 3, ...body } });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    num[key] = r.json.number;
  };
  const resolve = async (key) => {
    const r = await agent('POST', `/api/v1/incidents/${num[key]}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'ok' } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  };
  await raise(fast, 'quick', { service: 'Mail' });
  await raise(fast, 'slow', { service: 'Mail' });
  await raise(eu, 'other', {});
  await raise(fast, 'open', {});
  await resolve('quick');
  await resolve('other');
  await sleep(3200);
  await resolve('slow');
  for (const k of ['quick', 'slow']) {
    const cur = (await agent('GET', `/api/v1/incidents/${num[k]}`)).json;
    assert.equal((await agent('PATCH', `/api/v1/incidents/${num[k]}`, { body: { assignment_group: 'Desk' }, headers: { 'if-match': String(cur.version) } })).status, 200);
  }
});
after(async () => { await s.cleanup(); });

const report = (q, who = agent) => who('GET', `/api/v1/reports/incidents/sla?${q}`);
const rows = (r) => r.json.rows.map((x) => [x.key, x.metric, x.met, x.breached, x.compliance]);

test('compliance by policy: met and breached per metric, the open clock not yet counted', async () => {
  const r = await report('');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.by, 'policy');
  const quick = rows(r).filter((x) => x[0] === 'Quick');
  assert.deepEqual(quick, [['Quick', 'response', 2, 0, 1], ['Quick', 'resolution', 1, 1, 0.5]]);
  const other = rows(r).filter((x) => x[0] !== 'Quick');
  assert.ok(other.length >= 1 && other.every((x) => x[3] === 0 && x[2] === 1), JSON.stringify(other));
  assert.deepEqual(r.json.breaches.map((b) => [b.number, b.metric, b.policy, b.target_seconds, b.service]), [[num.slow, 'resolution', 'Quick', 2, 'Mail']]);
  const b = r.json.breaches[0];
  assert.ok(b.elapsed_seconds > 2, `elapsed ${b.elapsed_seconds}`);
  assert.equal(b.title, 'sla slow');
  assert.equal(r.json.breaches_truncated, false);
});

test('by service, group and priority', async () => {
  const svc = rows(await report('by=service'));
  assert.deepEqual(svc.filter((x) => x[0] === 'Mail'), [['Mail', 'response', 2, 0, 1], ['Mail', 'resolution', 1, 1, 0.5]]);
  assert.deepEqual(svc.at(-1).slice(0, 1), [null], 'no service last');
  const grp = rows(await report('by=assignment_group'));
  assert.deepEqual(grp.filter((x) => x[0] === 'Desk').map((x) => x.slice(1)), [['response', 2, 0, 1], ['resolution', 1, 1, 0.5]],
    'the group the tickets are in now');
  const prio = rows(await report('by=priority'));
  assert.deepEqual(prio.map((x) => x[0]), ['5', '5']);
  assert.deepEqual(prio.map((x) => [x[2] + x[3]]), [[3], [3]]);
  const past = await report('from=2020-01-01&to=2020-01-31');
  assert.deepEqual([past.json.rows, past.json.breaches], [[], []]);
});

test('CSV of the rows and of the breaches', async () => {
  const r = await report('by=service&format=csv');
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  const lines = r.text.trim().split('\r\n');
  assert.equal(lines[0], 'service,metric,met,breached,compliance');
  assert.ok(lines.includes('Mail,resolution,1,1,0.500'), r.text);
  const b = await report('format=csv&list=breaches');
  const bl = b.text.trim().split('\r\n');
  assert.equal(bl[0], 'number,title,metric,policy,priority,assignment_group,service,target_seconds,elapsed_seconds,breached_at,stopped_at,agreement,breach_reason');
  assert.equal(bl.length, 2);
  assert.match(bl[1], new RegExp(`^${num.slow},sla slow,resolution,Quick,5,Desk,Mail,2,\\d+,[^,]*,\\d{4}-`));
});

test('bad input is a 400 naming the parameter; end users may not read it', async () => {
  for (const [q, field] of [['by=colour', 'by'], ['format=xml', 'format'], ['list=all', 'list'], ['from=2026-02-30', 'from'], ['tz=Nowhere/Else', 'tz'], ['extra=1', 'extra']]) {
    const r = await report(q);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.ok(JSON.stringify(r.json).includes(field), `${q} names ${field}`);
  }
  assert.equal((await report('', eu)).status, 403);
});
