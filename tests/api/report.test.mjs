// The incident report (GET /api/v1/reports/incidents) and the queue
// counts (GET /api/v1/incidents/counts), checked number by number on a
// small known data set: open work by state, priority and group; SLA clocks
// met, breached, breached and warning now; daily created/resolved in a
// time zone whose date differs from UTC's, with zero days; the oldest open
// incidents; mean times to respond and resolve; each caller's queues, and
// nothing about other people's tickets for end users.  Then bad input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf } from './lib.mjs';

let s, admin, agent1, agent2, boss, eu1, eu2;
const inc = {};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (iso) => Date.parse(iso) / 1000;
const day = (epochSeconds) => new Date(epochSeconds * 1000).toISOString().slice(0, 10);
const DAY = 86400;

async function create(key, body) {
  const r = await agent1('POST', '/api/v1/incidents', { body: { title: `report ${key}`, ...body } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  inc[key] = r.json.number;
}
async function act(key, action, body = {}, who = agent1) {
  const r = await who('POST', `/api/v1/incidents/${inc[key]}/${action}`, { body });
  assert.equal(r.status, 200, `${action} ${key}: ${JSON.stringify(r.json)}`);
  return r.json;
}
const report = (who, query = '') => who('GET', `/api/v1/reports/incidents${query}`);

before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }, { login: 'boss', role: 'manager' },
      { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' }],
    // warnings at 1 % of a target, so that a 300 s target warns after 3 s
    settings: { STEWARD_SLA_WARN_PERCENT: '1' },
  });
  admin = as(s, 'admin');
  agent1 = as(s, 'agent1');
  agent2 = as(s, 'agent2');
  boss = as(s, 'boss');
  eu1 = as(s, 'eu1');
  eu2 = as(s, 'eu2');
  for (const [name, members] of [['Desk', ['agent1', 'boss']], ['Net', ['agent2']]]) {
    assert.equal((await admin('POST', '/api/v1/groups', { body: { name, members } })).status, 201);
  }
  // known clocks: P1 breaches in seconds, P2 warns in seconds and is due
  // within the hour, everything else is far away
  for (const body of [
    { name: 'R1', position: 0, match_priority: 1, calendar: '24x7', response_seconds: 1, resolution_seconds: 2 },
    { name: 'R2', position: 0, match_priority: 2, calendar: '24x7', response_seconds: 300, resolution_seconds: 300 },
    { name: 'Rest', position: 1, calendar: '24x7', response_seconds: 1000000, resolution_seconds: 1000000 },
  ]) {
    const r = await admin('POST', '/api/v1/sla-policies', { body });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  }
  // I1 P1 Desk, unassigned, open: both clocks breach
  await create('I1', { impact: 1, urgency: 1, requester: 'eu1', assignment_group: 'Desk' });
  // I2 P1 assigned (the response is given at once), resolved late
  await create('I2', { impact: 1, urgency: 1, requester: 'eu2', assignment_group: 'Desk', assignee: 'agent1' });
  // I3 P2 Net, assigned, in progress: its resolution clock warns
  await create('I3', { impact: 1, urgency: 2, requester: 'eu2', assignment_group: 'Net', assignee: 'agent2' });
  await sleep(3200);
  await act('I2', 'resolve', { resolution_code: 'fixed', resolution_notes: 'late' });
  await act('I3', 'start', {}, agent2);
  // I4 P3, no group, unassigned, major
  await create('I4', { impact: 1, urgency: 3, requester: 'eu1' });
  await act('I4', 'major', { reason: 'many users' });
  // I5 P5 Desk, agent1's, on hold
  await create('I5', { requester: 'eu1', assignment_group: 'Desk', assignee: 'agent1' });
  await act('I5', 'hold', { reason: 'awaiting_vendor' });
  // I6 P4 Net, resolved at once (no first response); I7 canceled
  await create('I6', { impact: 2, urgency: 3, requester: 'eu2', assignment_group: 'Net' });
  await act('I6', 'resolve', { resolution_code: 'fixed', resolution_notes: 'quick' });
  await create('I7', { requester: 'eu1', assignment_group: 'Desk' });
  await act('I7', 'cancel');
  // eu2 watches eu1's I1: watching is not requesting
  assert.equal((await agent1('POST', `/api/v1/incidents/${inc.I1}/watchers`, { body: { login: 'eu2' } })).status, 204);
});
after(async () => { await s.cleanup(); });

test('open incidents by state, priority and group; the oldest open ones', async () => {
  const r = await report(agent1);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.open, {
    total: 4,
    by_state: { new: 2, in_progress: 1, on_hold: 1 },
    by_priority: { 1: 1, 2: 1, 3: 1, 4: 0, 5: 1 },
    by_group: [{ group: 'Desk', count: 2 }, { group: 'Net', count: 1 }, { group: null, count: 1 }],
  });
  assert.deepEqual(r.json.oldest_open.map((t) => [t.number, t.title, t.state, t.priority, t.assignment_group, t.assignee]), [
    [inc.I1, 'report I1', 'new', 1, 'Desk', null],
    [inc.I3, 'report I3', 'in_progress', 2, 'Net', 'agent2'],
    [inc.I4, 'report I4', 'new', 3, null, null],
    [inc.I5, 'report I5', 'on_hold', 5, 'Desk', 'agent1'],
  ]);
  const first = (await agent1('GET', `/api/v1/incidents/${inc.I1}`)).json;
  assert.equal(r.json.oldest_open[0].created_at, first.created_at);
});

test('SLA clocks: met and breached within the period, breached and warning now', async () => {
  const r = await report(boss);
  assert.equal(r.status, 200);
  // response: stopped on I2, I3, I5 (assigned at creation) and I6
  // (resolved), all in time; I7 was canceled and does not count.
  // resolution: I2 late, I6 in time.  Open: I1's clocks are past due, I3's
  // resolution clock is past its warning share.
  assert.deepEqual(r.json.sla, {
    response: { met: 4, breached: 0, compliance: 1, breached_now: 1, warning_now: 0 },
    resolution: { met: 1, breached: 1, compliance: 0.5, breached_now: 1, warning_now: 1 },
  });
});

test('mean times to respond and resolve over the incidents resolved in the period', async () => {
  const i2 = (await agent1('GET', `/api/v1/incidents/${inc.I2}`)).json;
  const i6 = (await agent1('GET', `/api/v1/incidents/${inc.I6}`)).json;
  assert.equal(i6.first_response_at, null);
  const r = (await report(agent1)).json;
  assert.equal(r.resolved, 2);
  const sum = (secs(i2.resolved_at) - secs(i2.created_at)) + (secs(i6.resolved_at) - secs(i6.created_at));
  assert.equal(r.mttr_seconds, Math.floor((sum + 1) / 2));
  assert.ok(r.mttr_seconds >= 1);
  assert.equal(r.mtta_seconds, secs(i2.first_response_at) - secs(i2.created_at), 'only I2 had a response');
});

test('daily created and resolved per local day, zero days included', async () => {
  const now = Date.now() / 1000;
  const utcToday = day(now);
  // a zone whose date is not UTC's right now: 12 h behind before noon UTC, 14 h ahead after
  const behind = new Date().getUTCHours() < 12;
  const zone = behind ? 'Etc/GMT+12' : 'Etc/GMT-14';
  const localToday = day(now + (behind ? -12 : 14) * 3600);
  assert.notEqual(localToday, utcToday);
  const from = day(Math.min(secs(localToday + 'T00:00:00Z'), secs(utcToday + 'T00:00:00Z')) - DAY);
  const to = behind ? utcToday : localToday;
  const r = await report(agent1, `?from=${from}&to=${to}&tz=${encodeURIComponent(zone)}`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.tz, zone);
  assert.equal(r.json.from, from);
  assert.equal(r.json.to, to);
  const expected = [0, 1, 2].map((i) => {
    const date = day(secs(from + 'T00:00:00Z') + i * DAY);
    return date === localToday ? { date, created: 7, resolved: 2 } : { date, created: 0, resolved: 0 };
  });
  assert.deepEqual(r.json.daily, expected);
  assert.ok(r.json.daily.some((d) => d.date === utcToday && d.created === 0), 'the UTC date is empty in this zone');

  const u = await report(agent1, `?from=${day(now - DAY)}&to=${utcToday}&tz=UTC`);
  assert.deepEqual(u.json.daily, [
    { date: day(now - DAY), created: 0, resolved: 0 }, { date: utcToday, created: 7, resolved: 2 }]);
  // a period without today sees nothing, and no SLA results either
  const past = await report(agent1, '?from=2026-01-01&to=2026-01-03&tz=UTC');
  assert.deepEqual(past.json.daily.map((d) => [d.date, d.created, d.resolved]),
    [['2026-01-01', 0, 0], ['2026-01-02', 0, 0], ['2026-01-03', 0, 0]]);
  assert.deepEqual([past.json.sla.response.met, past.json.sla.resolution.compliance, past.json.resolved,
    past.json.mttr_seconds, past.json.mtta_seconds], [0, null, 0, null, null]);
  assert.equal(past.json.open.total, 4, 'open work is now, whatever the period');
});

test('the default period is the 30 days to today in the caller\'s time zone', async () => {
  const r = (await report(agent1)).json;
  assert.equal(r.tz, 'UTC');
  assert.equal(r.daily.length, 30);
  assert.equal(r.to, day(Date.now() / 1000));
  assert.equal(r.daily[29].date, r.to);
  assert.equal(r.daily[0].date, r.from);
  const p = await admin('PATCH', '/api/v1/users/agent2', { body: { timezone: 'Etc/GMT-14' } });
  assert.equal(p.status, 200, JSON.stringify(p.json));
  const z = (await report(agent2)).json;
  assert.equal(z.tz, 'Etc/GMT-14');
  assert.equal(z.to, day(Date.now() / 1000 + 14 * 3600));
  const one = (await report(agent1, '?from=2024-01-01&to=2024-12-31')).json;
  assert.equal(one.daily.length, 366, 'a leap year is the longest period');
});

test('queue counts answer for the caller', async () => {
  const counts = async (who) => {
    const r = await who('GET', '/api/v1/incidents/counts');
    assert.equal(r.status, 200, JSON.stringify(r.json));
    return r.json;
  };
  // open: I1 Desk unassigned (breached), I3 Net agent2 (due within the
  // hour), I4 no group unassigned major, I5 Desk agent1
  const shared = { unassigned: 2, major: 1, breaching_soon: 2, all_open: 4, mine_requested: 0 };
  assert.deepEqual(await counts(agent1), { mine: 1, my_groups: 2, ...shared });
  assert.deepEqual(await counts(agent2), { mine: 1, my_groups: 1, ...shared });
  assert.deepEqual(await counts(boss), { mine: 0, my_groups: 2, ...shared });
  assert.deepEqual(await counts(admin), { mine: 0, my_groups: 0, ...shared });
  // end users: their own open requests and nothing else (I7 is canceled,
  // eu2's watch on I1 does not count)
  assert.deepEqual(await counts(eu1), { mine_requested: 3 });
  assert.deepEqual(await counts(eu2), { mine_requested: 1 });
});

test('end users get no report; bad periods are 400s naming every bad parameter', async () => {
  assert.equal((await report(eu1)).status, 403);
  assert.equal((await report(eu1, '?from=bad')).status, 403, 'the role is checked before the input');
  const bad = async (query, fields) => {
    const r = await report(agent1, query);
    assert.equal(r.status, 400, `${query}: ${r.text}`);
    assert.equal(r.json.type, 'urn:steward:problem:bad-request');
    assert.deepEqual(fieldsOf(r), fields, query);
  };
  await bad('?from=2026-02-30', ['from']);
  await bad('?from=2026-01-01&to=2026/01/31', ['to']);
  await bad('?from=26-01-01&to=2026-01-31', ['from']);
  await bad('?from=1969-12-31&to=1970-01-02', ['from']);
  await bad('?from=2026-02-01&to=2026-01-31', ['from']);
  await bad('?from=2024-01-01&to=2025-01-01', ['from']);
  await bad('?to=2026-01-01&tz=Mars%2FOlympus_Mons', ['tz']);
  await bad(`?tz=${encodeURIComponent('../../etc/passwd')}`, ['tz']);
  await bad('?from=x&to=y&tz=Nowhere', ['from', 'to', 'tz']);
  const unknown = await report(agent1, '?days=7');
  assert.equal(unknown.status, 400);
  assert.deepEqual(fieldsOf(unknown), ['days']);
  assert.equal((await report(agent1, `?tz=${'A'.repeat(300)}`)).status, 400);
  assert.equal((await agent1('GET', '/api/v1/incidents/counts?mine=1')).status, 400);
  assert.equal((await agent1('PATCH', '/api/v1/incidents/counts', { body: {}, headers: { 'if-match': '1' } })).status, 404,
    '"counts" is not an incident number');
});

test('the breaching soon count is the length of its queue, also when a breached incident waits on hold', async () => {
  const queue = async () => (await agent1('GET', '/api/v1/incidents?breaching=true&open=true&limit=200')).json.items.map((t) => t.number);
  const count = async () => (await agent1('GET', '/api/v1/incidents/counts')).json.breaching_soon;
  // P1 (R1: resolved within 2 s), assigned at once so its response is
  // given: only the resolution clock runs, and it goes past its target
  await create('I8', { impact: 1, urgency: 1, requester: 'eu1', assignment_group: 'Desk', assignee: 'agent1' });
  await sleep(2500);
  assert.ok((await queue()).includes(inc.I8));
  assert.equal(await count(), (await queue()).length);
  // on hold the clock pauses, over its target: not "breaching soon" (the
  // list says so), and the count must not say otherwise
  await act('I8', 'hold', { reason: 'awaiting_caller' });
  const sla = (await agent1('GET', `/api/v1/incidents/${inc.I8}`)).json.sla.find((k) => k.metric === 'resolution');
  assert.equal(sla.state, 'paused');
  assert.ok(!(await queue()).includes(inc.I8), 'a paused clock is not breaching');
  assert.equal(await count(), (await queue()).length, 'the tab count says what the queue lists');
});
