// The running totals of the open SLA clocks (issue #18, migration 46,
// docs/sla.md#running-totals-of-the-open-clocks): the queues' "breaching
// soon" and the dashboard's breached and warning now are read from hour
// rows plus the clocks of one hour.  Checked here against a direct count
// over the clocks in SQL (the statements they replaced) after starts,
// warnings, breaches, pauses, resumes, re-targets and resolves, with
// clocks due in an earlier hour, in the current one and in the next —
// placed there by rewriting them in the database, which is also the
// corruption `steward verify` must see and `--repair` must mend.  A ticket
// write moves the totals by one net delta of all the clocks it changed
// (repo_clocks.c): checked with requests that move several clocks of one
// ticket at once, one that moves the clocks of three tickets, and the
// scheduler's mark followed by an escalation in one transaction.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, cli, verify, until, sleep, sqlOn } from './lib.mjs';

let s, admin, agent, boss;
const inc = {};

const sql = (q) => sqlOn(s, q);

async function create(key, body) {
  const r = await agent('POST', '/api/v1/incidents', { body: { title: `clocks ${key}`, requester: 'eu1', ...body } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  inc[key] = r.json.number;
}
async function act(key, action, body = {}) {
  const r = await agent('POST', `/api/v1/incidents/${inc[key]}/${action}`, { body });
  assert.equal(r.status, 200, `${action} ${key}: ${JSON.stringify(r.json)}`);
}
// The scheduler may write the ticket between the read and the PATCH (a
// one-second OLA breached and escalated), so a stale version is read again.
async function patch(key, body) {
  for (let attempt = 0; ; attempt++) {
    const cur = (await agent('GET', `/api/v1/incidents/${inc[key]}`)).json;
    const r = await agent('PATCH', `/api/v1/incidents/${inc[key]}`, { body, headers: { 'if-match': String(cur.version) } });
    if (r.status === 412 && attempt < 5) continue;
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return;
  }
}

// What the totals must answer, counted clock by clock as before them.
function direct(now) {
  const over = '(k.breached_at IS NOT NULL OR k.elapsed_seconds > k.target_seconds)';
  const breached = `(${over} OR (k.state = 'running' AND k.due_at < ${now}))`;
  const breaching = Number(sql(`SELECT COUNT(DISTINCT k.ticket_id) FROM ticket_slas k JOIN tickets t ON t.id = k.ticket_id
    WHERE t.kind = 'incident' AND k.state = 'running' AND k.due_at <= ${now + 3600}`));
  const sla = {};
  for (const m of ['response', 'resolution']) sla[m] = [0, 0];
  const rows = sql(`SELECT k.metric, SUM(CASE WHEN ${breached} THEN 1 ELSE 0 END),
    SUM(CASE WHEN ${breached} THEN 0 WHEN k.warned_at IS NOT NULL OR (k.state = 'running' AND k.warn_at <= ${now}) THEN 1 ELSE 0 END)
    FROM ticket_slas k JOIN tickets t ON t.id = k.ticket_id
    WHERE k.state IN ('running', 'paused') AND t.kind = 'incident' GROUP BY k.metric`);
  for (const line of rows.split('\n').filter(Boolean)) {
    const [m, b, w] = line.split('|');
    if (sla[m]) sla[m] = [Number(b), Number(w)];
  }
  return { breaching, sla };
}

// The counts, the queue's length and the dashboard against the direct count.
// Clocks warn and breach as time passes, and the three reads happen after
// the recount: when the recount at the end of the reads differs from the
// one at their start, a clock crossed a threshold between them, and the
// reads are taken again (the figures only move with time between writes).
async function check(what) {
  for (let attempt = 1; ; attempt++) {
    const want = direct(Math.floor(Date.now() / 1000));
    const counts = (await agent('GET', '/api/v1/incidents/counts')).json;
    const queue = (await agent('GET', '/api/v1/incidents?breaching=true&limit=200')).json.items.length;
    const rep = (await agent('GET', '/api/v1/reports/incidents')).json;
    if (attempt < 5 && JSON.stringify(direct(Math.floor(Date.now() / 1000) + 1)) !== JSON.stringify(want)) {
      await sleep(300);
      continue;
    }
    const got = { breaching: counts.breaching_soon, sla: {} };
    for (const m of ['response', 'resolution']) got.sla[m] = [rep.sla[m].breached_now, rep.sla[m].warning_now];
    assert.deepEqual(got, want, `${what}: the totals against a recount`);
    assert.equal(queue, counts.breaching_soon, `${what}: the count is the queue's length`);
    return got;
  }
}

before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }, { login: 'boss', role: 'manager' }],
    // warnings at 1 % of a target; a pass (marks, then the fold) every second
    settings: { STEWARD_SLA_WARN_PERCENT: '1', STEWARD_SCHEDULER_INTERVAL: '1s' },
  });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  boss = as(s, 'boss');
  for (const body of [
    { name: 'Now', position: 0, match_priority: 1, calendar: '24x7', response_seconds: 1, resolution_seconds: 2 },
    { name: 'Soon', position: 0, match_priority: 2, calendar: '24x7', response_seconds: 300, resolution_seconds: 300 },
    { name: 'Later', position: 1, calendar: '24x7', response_seconds: 1000000, resolution_seconds: 1000000 },
  ]) {
    const r = await admin('POST', '/api/v1/sla-policies', { body });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  }
});
after(async () => { await s.cleanup(); });

test('breaching soon and breached/warning now equal a recount through a ticket\'s life, across hours', async () => {
  // breached in seconds (P1), warned in seconds and due within the hour
  // (P2), far away (P3); one of each is put on hold later
  await create('breach', { impact: 1, urgency: 1 });
  await create('hold', { impact: 1, urgency: 1 });
  await create('warn', { impact: 1, urgency: 2 });
  await create('far', { impact: 1, urgency: 3 });
  await create('past', { impact: 1, urgency: 3 });
  await create('this', { impact: 1, urgency: 3 });
  await create('next', { impact: 1, urgency: 3 });
  await sleep(3200);
  const first = await check('started');
  assert.ok(first.sla.resolution[0] >= 2, JSON.stringify(first));
  assert.ok(first.sla.resolution[1] >= 1, JSON.stringify(first));

  // Put three far clocks in an earlier hour, at the start of this one and
  // at the start of the next (within "soon": now + 1 h is past it): each
  // read then takes a different path (the hour rows, the current hour's
  // clocks).  Written behind the server's back, the totals no longer agree.
  const now = Math.floor(Date.now() / 1000);
  const hour = Math.floor(now / 3600) * 3600;
  const move = (key, due) => sql(`UPDATE ticket_slas SET due_at = ${due}, warn_at = ${due - 10}
    WHERE state = 'running' AND ticket_id = (SELECT id FROM tickets WHERE number = '${inc[key]}')`);
  move('past', hour - 3600 - 5);
  move('this', hour + 1);
  move('next', Math.floor((now + 3600) / 3600) * 3600 + 1);
  const bad = cli(['verify', '--db', s.dbUrl, '--json'], { allowFail: true });
  assert.equal(bad.status, 1, 'verify fails');
  let v = JSON.parse(bad.stdout);
  assert.ok(v.totals_clock_diff > 0, JSON.stringify(v));
  assert.equal(v.ok, false);
  cli(['verify', '--db', s.dbUrl, '--repair']);
  v = verify(s);
  assert.equal(v.totals_clock_diff, 0);
  assert.equal(v.ok, true, JSON.stringify(v));
  const moved = await check('moved across hours, repaired');
  assert.ok(moved.breaching >= 5, JSON.stringify(moved));

  await act('hold', 'hold', { reason: 'awaiting_caller' });
  await check('paused');
  await act('past', 'hold', { reason: 'awaiting_caller' });
  await check('paused after its due hour');
  await act('past', 'start');
  await check('resumed');
  await act('breach', 'resolve', { resolution_code: 'fixed', resolution_notes: 'late' });
  await check('resolved');
  await act('breach', 'reopen');
  await check('reopened');
  await patch('far', { urgency: 1 }); // P1: re-targeted to 2 s
  await check('re-targeted');
  await sleep(2500);
  await check('re-targeted and breached');
  await act('this', 'cancel');
  await check('canceled');
  assert.equal(verify(s).totals_clock_diff, 0);

  // the scheduler's passes fold the deltas into the totals: same answers
  await until('the deltas folded', () => sql('SELECT COUNT(*) FROM clock_deltas') === '0');
  await check('folded');
  v = verify(s);
  assert.equal(v.totals_clock_diff, 0);
  assert.equal(v.ok, true);
  assert.ok(Number(sql("SELECT COUNT(*) FROM clock_totals WHERE n = 0")) === 0, 'no rows of nothing kept');
});

test('one request moving several clocks, or the clocks of several tickets, moves the totals by what changed', async () => {
  for (const name of ['Net', 'Srv'])
    assert.equal((await admin('POST', '/api/v1/groups', { body: { name, members: ['agent1'] } })).status, 201);
  // OLAs: the Net group's far away, the Srv group's breached in a second
  for (const [name, group, seconds] of [['Net OLA', 'Net', 1000000], ['Srv OLA', 'Srv', 1]]) {
    const a = await boss('POST', '/api/v1/agreements', { body: { name, type: 'ola', status: 'active', group } });
    assert.equal(a.status, 201, a.text);
    const p = await admin('POST', '/api/v1/sla-policies',
      { body: { name: `${group} fix`, position: 1, calendar: '24x7', resolution_seconds: seconds, agreement: name } });
    assert.equal(p.status, 201, p.text);
  }
  // a breach of a P5 ticket sends it to Net, in the scheduler's pass that marks it
  const rule = { name: 'P5 breach to Net', event: 'breach', match_priority: 5, action: 'reassign', group: 'Net' };
  assert.equal((await admin('POST', '/api/v1/escalation-rules', { body: rule })).status, 201);
  const same = async (what) => {
    await check(what);
    const v = verify(s);
    assert.equal(v.totals_clock_diff, 0, `${what}: verify`);
    assert.equal(v.ok, true, JSON.stringify(v));
  };
  const sla = async (key) => (await agent('GET', `/api/v1/incidents/${inc[key]}`)).json.sla
    .map((k) => `${k.metric}${k.group ? ` ${k.group}` : ''} ${k.state}${k.handed_over ? ' handed over' : ''}`);

  // three clocks started by one create (P5: "Later", and Net's OLA)
  await create('multi', { impact: 3, urgency: 3, assignment_group: 'Net' });
  assert.deepEqual(await sla('multi'), ['response running', 'resolution running', 'ola Net running']);
  await same('a create starting three clocks');
  // one PATCH: P2 re-targets both SLA clocks to "Soon", the OLA clock is
  // handed over and Srv's starts, the assignee stops the response clock
  await patch('multi', { impact: 1, urgency: 2, assignment_group: 'Srv', assignee: 'agent1' });
  assert.deepEqual(await sla('multi'),
    ['response stopped', 'resolution running', 'ola Net stopped handed over', 'ola Srv running']);
  await same('re-targeted, handed over, started and stopped in one request');
  await act('multi', 'hold', { reason: 'awaiting_caller' }); // the resolution and Srv's OLA clocks
  await same('two clocks paused in one request');
  await act('multi', 'start');
  await same('two clocks resumed in one request');
  await patch('multi', { impact: 3, urgency: 3, title: 'clocks multi, P5 again' });
  await same('re-targeted back');
  await patch('multi', { title: 'clocks multi, renamed' }); // moves no clock
  await same('a write that moves no clock');

  // a running clock removed and another re-targeted: P4's policy has no response target
  const p4 = { name: 'Resolve only', position: 0, match_priority: 4, calendar: '24x7', resolution_seconds: 1000000 };
  assert.equal((await admin('POST', '/api/v1/sla-policies', { body: p4 })).status, 201);
  await create('drop', { impact: 3, urgency: 3 });
  await patch('drop', { impact: 2, urgency: 3 });
  assert.deepEqual(await sla('drop'), ['resolution running']);
  await same('a running clock removed, another re-targeted, in one request');

  // a parent resolved with its two children: the clocks of three tickets in one request
  await create('kid1', { impact: 2, urgency: 2, parent: inc.multi });
  await create('kid2', { impact: 3, urgency: 2, parent: inc.multi, assignment_group: 'Net' });
  await same('children');
  await act('multi', 'resolve', { resolution_code: 'fixed', resolution_notes: 'all of them' });
  for (const key of ['multi', 'kid1', 'kid2'])
    assert.ok((await sla(key)).every((k) => k.includes('stopped')), `${key}: ${await sla(key)}`);
  await same('a parent and its children resolved in one request');

  // the scheduler marks the Srv OLA clock's breach and, in the same pass,
  // the rule hands the ticket to Net: a mark and a write of the same clocks
  await create('esc', { impact: 3, urgency: 3, assignment_group: 'Srv' });
  await until('the escalation', async () =>
    (await agent('GET', `/api/v1/incidents/${inc.esc}`)).json.assignment_group === 'Net');
  assert.deepEqual(await sla('esc'),
    ['response running', 'resolution running', 'ola Srv stopped handed over', 'ola Net running']);
  await same('marked and escalated by the scheduler');
  await until('the deltas folded', () => sql('SELECT COUNT(*) FROM clock_deltas') === '0');
  await same('folded');
});
