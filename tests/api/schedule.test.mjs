// The change schedule (issue #14, docs/schedule.md): blackout and
// maintenance windows with recurrence, the check a change runs against
// them, the change calendar, and iCalendar feeds behind revocable tokens,
// parsed with a real iCalendar library (Debian's python3-icalendar) and
// checked across DST changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as, fieldsOf, api } from './lib.mjs';

let s, admin, agent, agent2, eu;
let email, ci;
before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }, { login: 'eu1', role: 'end_user' }],
  });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  agent2 = as(s, 'agent2');
  eu = as(s, 'eu1');
  const c = await agent('POST', '/api/v1/cis', { body: { name: 'mx1', class: 'server', attributes: { hostname: 'mx1' } } });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  ci = c.json.id;
  const r = await admin('POST', '/api/v1/services', { body: { name: 'Email', criticality: 2, cis: [ci] } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  email = r.json;
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Payroll', criticality: 3 } })).status, 201);
});
after(async () => { await s.cleanup(); });

// A feed parsed by python3-icalendar: its events as plain values.
const PY = `
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.read())
out = {"name": str(cal.get("X-WR-CALNAME")), "events": []}
for e in cal.walk("VEVENT"):
    out["events"].append({
        "uid": str(e.get("UID")), "sequence": int(e.get("SEQUENCE")), "status": str(e.get("STATUS")),
        "summary": str(e.get("SUMMARY")), "description": str(e.get("DESCRIPTION", "")),
        "start": e.decoded("DTSTART").isoformat(), "end": e.decoded("DTEND").isoformat(),
        "stamp": e.decoded("DTSTAMP").isoformat()})
print(json.dumps(out))
`;
const parseIcal = (text) => JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY], { input: text }).toString());

const window = async (body, who = admin) => {
  const r = await who('POST', '/api/v1/change-windows', { body });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};

test('windows are created, read and changed by admins; agents read them; end users see none', async () => {
  const w = await window({
    name: 'Month-end freeze', kind: 'blackout', description: 'Finance closes the books', timezone: 'Europe/London',
    start: '2026-12-31T18:00', duration: 360, recurrence: 'freq=monthly;bymonthday=-1',
  });
  assert.deepEqual(w, {
    name: 'Month-end freeze', kind: 'blackout', description: 'Finance closes the books', timezone: 'Europe/London',
    start: '2026-12-31T18:00', duration: 360, recurrence: 'FREQ=MONTHLY;BYMONTHDAY=-1', allow_override: false,
    active: true, sequence: 0, services: [], created_at: w.created_at, updated_at: w.updated_at,
  });
  const m = await window({
    name: 'Email maintenance', kind: 'maintenance', timezone: 'Europe/London', start: '2027-01-02T22:00',
    duration: 240, recurrence: 'FREQ=WEEKLY;BYDAY=SA', services: ['Email'],
  });
  assert.deepEqual(m.services, ['Email']);
  assert.equal(m.description, '');

  const got = await agent('GET', '/api/v1/change-windows/Email%20maintenance');
  assert.equal(got.status, 200);
  assert.equal(got.json.recurrence, 'FREQ=WEEKLY;BYDAY=SA');
  const list = await agent('GET', '/api/v1/change-windows');
  assert.deepEqual(list.json.items.map((x) => x.name), ['Email maintenance', 'Month-end freeze']);

  const p = await admin('PATCH', '/api/v1/change-windows/Month-end%20freeze', { body: { allow_override: true } });
  assert.equal(p.status, 200, JSON.stringify(p.json));
  assert.equal(p.json.allow_override, true);
  assert.equal(p.json.sequence, 1, 'every update bumps the sequence');
  assert.equal(p.json.recurrence, 'FREQ=MONTHLY;BYMONTHDAY=-1');

  assert.equal((await agent('POST', '/api/v1/change-windows', { body: { name: 'x', kind: 'blackout', start: '2027-01-01T00:00', duration: 5 } })).status, 403);
  assert.equal((await agent('PATCH', '/api/v1/change-windows/Month-end%20freeze', { body: { active: false } })).status, 403);
  assert.equal((await eu('GET', '/api/v1/change-windows')).status, 403);
  assert.equal((await eu('GET', '/api/v1/changes/calendar?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z')).status, 403);
  assert.equal((await agent('GET', '/api/v1/change-windows/nothing')).status, 404);

  const hist = await admin('GET', '/api/v1/change-windows/Month-end%20freeze');
  assert.equal(hist.json.allow_override, true);
});

test('a rule outside the subset, a bad start, zone, duration or service is refused and nothing is written', async () => {
  const before = (await agent('GET', '/api/v1/change-windows')).json.items.length;
  const base = { name: 'Bad', kind: 'blackout', timezone: 'UTC', start: '2027-01-01T00:00', duration: 60 };
  const cases = [
    [{ recurrence: 'FREQ=YEARLY' }, 'recurrence', /FREQ=YEARLY is not supported: FREQ must be DAILY, WEEKLY or MONTHLY/],
    [{ recurrence: 'FREQ=MONTHLY;BYSETPOS=-1' }, 'recurrence', /BYSETPOS is not supported \(supported: FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL\)/],
    [{ recurrence: 'FREQ=WEEKLY;BYDAY=-1FR' }, 'recurrence', /need FREQ=MONTHLY/],
    [{ recurrence: 'FREQ=DAILY;COUNT=3;UNTIL=20270101' }, 'recurrence', /COUNT and UNTIL/],
    [{ start: '2027-02-30T00:00' }, 'start', /YYYY-MM-DDTHH:MM/],
    [{ start: '2027-01-01T00:00Z' }, 'start', /must be a local date and time/],
    [{ timezone: 'Mars/Olympus' }, 'timezone', /unknown time zone 'Mars\/Olympus'/],
    [{ duration: 0 }, 'duration', /./],
    [{ kind: 'freeze' }, 'kind', /must be one of blackout, maintenance/],
    [{ services: ['Nope'] }, 'services[0]', /no service 'Nope'/],
    [{ services: ['Email', 'Email'] }, 'services[1]', /listed twice/],
    [{ colour: 'red' }, 'colour', /./],
  ];
  for (const [extra, field, detail] of cases) {
    const r = await admin('POST', '/api/v1/change-windows', { body: { ...base, ...extra } });
    assert.equal(r.status, 422, `${JSON.stringify(extra)}: ${r.status} ${JSON.stringify(r.json)}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(fieldsOf(r), [field], JSON.stringify(r.json));
    assert.match(r.json.errors[0].detail, detail);
  }
  const missing = await admin('POST', '/api/v1/change-windows', { body: { name: 'Bad' } });
  assert.deepEqual(fieldsOf(missing).sort(), ['duration', 'kind', 'start']);
  const dup = await admin('POST', '/api/v1/change-windows', { body: { ...base, name: 'Month-end freeze' } });
  assert.equal(dup.status, 409);
  const patch = await admin('PATCH', '/api/v1/change-windows/Month-end%20freeze', { body: { recurrence: 'FREQ=HOURLY', description: 'changed' } });
  assert.equal(patch.status, 422);
  const w = (await agent('GET', '/api/v1/change-windows/Month-end%20freeze')).json;
  assert.equal(w.description, 'Finance closes the books', 'a refused change writes nothing');
  assert.equal(w.sequence, 1);
  assert.equal((await agent('GET', '/api/v1/change-windows')).json.items.length, before);
});

test('the check names the blackout occurrences a span overlaps and warns outside maintenance windows', async () => {
  const chk = (q) => agent('GET', `/api/v1/change-windows/check?${q}`);
  // 2027-01-31 18:00 GMT to 2027-02-01 00:00: the January month-end occurrence
  let r = await chk('from=2027-01-31T20:00:00Z&to=2027-01-31T21:00:00Z');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.blackouts, [{ window: 'Month-end freeze', start: '2027-01-31T18:00:00Z', end: '2027-02-01T00:00:00Z', allow_override: true }]);
  assert.equal(r.json.outside_maintenance, false, 'no global maintenance window: nothing to be outside of');
  assert.deepEqual(r.json.uncovered, []);
  // March month-end is in BST: 18:00 local is 17:00 UTC
  r = await chk('from=2027-03-31T17:30:00Z&to=2027-03-31T17:45:00Z&service=Email');
  assert.deepEqual(r.json.blackouts.map((b) => [b.start, b.end]), [['2027-03-31T17:00:00Z', '2027-03-31T23:00:00Z']]);
  assert.equal(r.json.outside_maintenance, true);
  assert.deepEqual(r.json.uncovered, ['Email']);
  // Saturday 2027-01-09 22:00 GMT for 4h holds 23:00-01:00; a global blackout is not in the way
  r = await chk('from=2027-01-09T23:00:00Z&to=2027-01-10T01:00:00Z&service=Email');
  assert.deepEqual(r.json.blackouts, []);
  assert.equal(r.json.outside_maintenance, false);
  // after the spring change the window starts at 21:00 UTC
  r = await chk('from=2027-04-03T21:00:00Z&to=2027-04-04T01:00:00Z&service=Email');
  assert.equal(r.json.outside_maintenance, false);
  r = await chk('from=2027-04-03T20:59:00Z&to=2027-04-03T22:00:00Z&service=Email');
  assert.equal(r.json.outside_maintenance, true, 'a minute before the window opens is outside it');
  // a service without windows of its own and no global ones: no warning
  r = await chk('from=2027-01-05T10:00:00Z&to=2027-01-05T11:00:00Z&service=Payroll,Email');
  assert.deepEqual(r.json.uncovered, ['Email']);

  for (const [q, field] of [
    ['to=2027-01-01T00:00:00Z', 'from'],
    ['from=yesterday&to=2027-01-01T00:00:00Z', 'from'],
    ['from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z', 'to'],
    ['from=2027-01-01T00:00:00Z&to=2028-03-01T00:00:00Z', 'to'],
    ['from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z&service=Nope', 'service'],
  ]) {
    const bad = await chk(q);
    assert.equal(bad.status, 400, `${q}: ${JSON.stringify(bad.json)}`);
    assert.deepEqual(fieldsOf(bad), [field]);
  }
  assert.equal((await chk('from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z&colour=red')).status, 400);
  assert.equal((await eu('GET', '/api/v1/change-windows/check?from=2027-01-01T00:00:00Z&to=2027-01-02T00:00:00Z')).status, 403);
});

test('the calendar lists window occurrences in UTC across the DST change, filtered by service and CI', async () => {
  const cal = (q) => agent('GET', `/api/v1/changes/calendar?${q}`);
  const r = await cal('from=2027-03-20T00:00:00Z&to=2027-04-05T00:00:00Z');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.truncated, false);
  assert.deepEqual(r.json.items.map((e) => [e.kind, e.start, e.end]), [
    ['maintenance', '2027-03-20T22:00:00Z', '2027-03-21T02:00:00Z'],
    ['maintenance', '2027-03-27T22:00:00Z', '2027-03-28T02:00:00Z'], // 4 h of elapsed time over the change
    ['blackout', '2027-03-31T17:00:00Z', '2027-03-31T23:00:00Z'], // 18:00 BST
    ['maintenance', '2027-04-03T21:00:00Z', '2027-04-04T01:00:00Z'], // 22:00 BST
  ]);
  const first = r.json.items[0];
  assert.equal(first.summary, 'Maintenance: Email maintenance');
  assert.equal(first.source, 'Email maintenance');
  assert.equal(first.status, 'confirmed');
  assert.match(first.uid, /^window-\d+-20270320@steward$/);

  const payroll = await cal('from=2027-03-20T00:00:00Z&to=2027-04-05T00:00:00Z&service=Payroll');
  assert.deepEqual(payroll.json.items.map((e) => e.kind), ['blackout'], 'only the global window holds for Payroll');
  const byCi = await cal(`from=2027-03-20T00:00:00Z&to=2027-04-05T00:00:00Z&ci=${ci}`);
  assert.equal(byCi.json.items.length, 4, 'the CI is in Email: its maintenance window holds for it');
  assert.equal((await cal('from=2027-03-20T00:00:00Z&to=2027-04-05T00:00:00Z&ci=999999')).status, 400);
  assert.equal((await cal('from=2027-03-20T00:00:00Z&to=2028-04-25T00:00:00Z')).status, 400);
  assert.equal((await cal('from=2027-03-20T00:00:00Z')).status, 400);
});

test('iCalendar feeds: parsed by a real library, DST-correct, stable UIDs with SEQUENCE, cancellations, revocation', async () => {
  // a window in New York across its spring change (2027-03-14)
  // a description long enough to be folded, with characters of two, three and four octets
  const description = `Patch; reboot, then check\nthe queue, \\ then: ${'größe Ω €😀 '.repeat(12)}`;
  await window({ name: 'NY patching', kind: 'maintenance', timezone: 'America/New_York', start: '2027-03-12T02:30', duration: 60, recurrence: 'FREQ=DAILY;COUNT=4', description });
  const c = await agent('POST', '/api/v1/me/feeds', { body: { name: 'my phone' } });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  assert.match(c.json.token, /^stf_[A-Za-z0-9_-]{43}$/);
  assert.equal(c.json.url, `/api/v1/feeds/${c.json.token}`);
  assert.equal(c.json.scope, 'user');
  assert.equal(c.json.revoked_at, null);

  const feed = await api(s, 'GET', c.json.url);
  assert.equal(feed.status, 200);
  assert.equal(feed.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const text = feed.text;
  assert.ok(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'));
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `a line of ${Buffer.byteLength(line)} octets`);
  assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
  const cal = parseIcal(text);
  assert.equal(cal.name, 'Steward change schedule (agent1)');
  const ny = cal.events.filter((e) => e.summary === 'Maintenance: NY patching');
  // 02:30 EST on the 12th and 13th; on the 14th 02:30 does not exist (03:00 EDT); EDT after
  assert.deepEqual(ny.map((e) => [e.start, e.end]), [
    ['2027-03-12T07:30:00+00:00', '2027-03-12T08:30:00+00:00'],
    ['2027-03-13T07:30:00+00:00', '2027-03-13T08:30:00+00:00'],
    ['2027-03-14T07:00:00+00:00', '2027-03-14T08:00:00+00:00'],
    ['2027-03-15T06:30:00+00:00', '2027-03-15T07:30:00+00:00'],
  ]);
  assert.equal(ny[0].description, description, 'text escaped, folded and read back');
  assert.ok(text.split('\r\n').some((l) => l.startsWith(' ')), 'long lines are folded');
  assert.ok(!/\uFFFD/.test(text), 'no fold splits a character');
  assert.ok(ny.every((e) => e.sequence === 0 && e.status === 'CONFIRMED'));
  const london = cal.events.filter((e) => e.summary === 'Maintenance: Email maintenance').map((e) => e.start);
  assert.ok(london.includes('2027-03-27T22:00:00+00:00') && london.includes('2027-04-03T21:00:00+00:00'));

  // an update keeps the UIDs and bumps SEQUENCE; deactivating cancels
  assert.equal((await admin('PATCH', '/api/v1/change-windows/NY%20patching', { body: { duration: 90 } })).status, 200);
  let again = parseIcal((await api(s, 'GET', c.json.url)).text).events.filter((e) => e.summary === 'Maintenance: NY patching');
  assert.deepEqual(again.map((e) => e.uid), ny.map((e) => e.uid));
  assert.ok(again.every((e) => e.sequence === 1));
  assert.equal(again[2].end, '2027-03-14T08:30:00+00:00');
  assert.equal((await admin('PATCH', '/api/v1/change-windows/NY%20patching', { body: { active: false } })).status, 200);
  again = parseIcal((await api(s, 'GET', c.json.url)).text).events.filter((e) => e.summary === 'Maintenance: NY patching');
  assert.deepEqual(again.map((e) => [e.uid, e.status, e.sequence]), ny.map((e) => [e.uid, 'CANCELLED', 2]));
  const calNow = await agent('GET', '/api/v1/changes/calendar?from=2027-03-10T00:00:00Z&to=2027-03-20T00:00:00Z');
  assert.ok(!calNow.json.items.some((e) => e.source === 'NY patching'), 'the calendar leaves inactive windows out');

  // a service's feed holds only what holds for the service
  const sv = await agent('POST', '/api/v1/me/feeds', { body: { name: 'payroll', scope: 'service', service: 'Payroll' } });
  assert.equal(sv.status, 201, JSON.stringify(sv.json));
  assert.equal(sv.json.service, 'Payroll');
  const pcal = parseIcal((await api(s, 'GET', sv.json.url)).text);
  assert.equal(pcal.name, 'Steward change schedule: Payroll');
  // the global windows (the cancelled NY one too), never Email's
  assert.deepEqual([...new Set(pcal.events.map((e) => e.summary))].sort(), ['Blackout: Month-end freeze', 'Maintenance: NY patching']);

  // tokens: listed (no secret), revoked by their owner only; a wrong or revoked token is a bare 404
  const mine = await agent('GET', '/api/v1/me/feeds');
  assert.deepEqual(mine.json.items.map((t) => t.name), ['payroll', 'my phone']);
  assert.ok(mine.json.items.every((t) => !('token' in t)));
  assert.equal((await agent2('GET', '/api/v1/me/feeds')).json.items.length, 0);
  assert.equal((await agent2('DELETE', `/api/v1/me/feeds/${c.json.id}`)).status, 404, 'not theirs');
  assert.equal((await api(s, 'GET', c.json.url)).status, 200);
  assert.equal((await agent('DELETE', `/api/v1/me/feeds/${c.json.id}`)).status, 204);
  assert.equal((await agent('DELETE', `/api/v1/me/feeds/${c.json.id}`)).status, 404, 'already revoked');
  for (const path of [c.json.url, `/api/v1/feeds/${c.json.token.slice(0, -1)}x`, '/api/v1/feeds/stf_nothing', '/api/v1/feeds/x']) {
    const r = await api(s, 'GET', path);
    assert.equal(r.status, 404, path);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.equal(r.json.detail, 'no feed');
  }
  assert.ok((await agent('GET', '/api/v1/me/feeds')).json.items.find((t) => t.id === c.json.id).revoked_at);
  assert.ok(!s.log.includes(c.json.token) && !s.log.includes(sv.json.token), 'a feed token in the request log');
  assert.match(s.log, /"path":"\/api\/v1\/feeds\/\{token\}"/);
  assert.equal((await api(s, 'GET', sv.json.url)).status, 200, 'the other token still works');

  // bad input
  const bad = [
    [{}, ['name']],
    [{ name: 'x', scope: 'team' }, ['scope']],
    [{ name: 'x', scope: 'service' }, ['service']],
    [{ name: 'x', scope: 'service', service: 'Nope' }, ['service']],
    [{ name: 'x', service: 'Payroll' }, ['service']],
  ];
  for (const [body, fields] of bad) {
    const r = await agent('POST', '/api/v1/me/feeds', { body });
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.deepEqual(fieldsOf(r), fields);
  }
  assert.equal((await agent('GET', '/api/v1/me/feeds')).json.items.length, 2, 'nothing refused was written');
  assert.equal((await eu('POST', '/api/v1/me/feeds', { body: { name: 'x' } })).status, 403);

  // at most 50 live tokens each
  const made = [];
  for (let i = 0; i < 50; i++) made.push((await agent2('POST', '/api/v1/me/feeds', { body: { name: `t${i}` } })).status);
  assert.deepEqual([...new Set(made)], [201]);
  const over = await agent2('POST', '/api/v1/me/feeds', { body: { name: 'one too many' } });
  assert.equal(over.status, 409);
  assert.match(over.json.type, /limit$/);
  const first = (await agent2('GET', '/api/v1/me/feeds')).json.items.at(-1);
  assert.equal((await agent2('DELETE', `/api/v1/me/feeds/${first.id}`)).status, 204);
  assert.equal((await agent2('POST', '/api/v1/me/feeds', { body: { name: 'after a revoke' } })).status, 201);
});

// A span with more events than a page or a day shows (issue #14: a month
// of 100 000 changes holds thousands): 40 changes on one service, three
// at each start (ties broken by uid), each over a midnight, a daily
// maintenance window of that service and the global month-end blackout,
// across the spring change in London.
test('a busy span pages to its end without loss or duplicates, and a per-day cap counts every day', async () => {
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Bulk', criticality: 3 } })).status, 201);
  const bulk = (await agent('GET', '/api/v1/services?limit=200')).json.items.find((x) => x.name === 'Bulk');
  await window({ name: 'Bulk nightly', kind: 'maintenance', timezone: 'Europe/London', start: '2035-03-20T01:00', duration: 30,
    recurrence: 'FREQ=DAILY;COUNT=20', services: ['Bulk'] });
  const made = [];
  for (let i = 0; i < 40; i++) {
    const start = Date.UTC(2035, 2, 20, 22, 30) + Math.floor(i / 3) * 86400e3;
    const r = await agent('POST', '/api/v1/changes', { body: { title: `bulk ${i}`, type: 'normal', affected_services: [bulk.id],
      planned_start: new Date(start).toISOString(), planned_end: new Date(start + 2 * 3600e3).toISOString() } });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    made.push(r.json.number);
  }
  const span = 'from=2035-03-20T00:00:00Z&to=2035-04-05T00:00:00Z&service=Bulk';
  const cal = async (q) => {
    const r = await agent('GET', `/api/v1/changes/calendar?${span}${q}`);
    assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.json)}`);
    return r.json;
  };
  // a small span reads as before: everything, no next page
  const whole = await cal('');
  assert.equal(whole.truncated, false);
  assert.equal(whole.next_cursor, null);
  assert.equal(whole.days, undefined, 'days only with per_day');
  const kinds = {};
  for (const e of whole.items) kinds[e.kind] = (kinds[e.kind] || 0) + 1;
  assert.deepEqual(kinds, { change: 40, maintenance: 16, blackout: 1 });
  assert.deepEqual(whole.items.filter((e) => e.kind === 'change').map((e) => e.source).sort(), [...made].sort());
  const order = (a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
  assert.deepEqual(whole.items, [...whole.items].sort(order), 'by start, then uid');

  // pages of 7 (ties split across pages too): the same events, once each, in the same order
  const paged = [];
  let cursor = null, pages = 0;
  do {
    const p = await cal(`&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.ok(p.items.length <= 7);
    assert.equal(p.truncated, p.next_cursor !== null, 'truncated says a page follows');
    paged.push(...p.items);
    cursor = p.next_cursor;
    pages++;
  } while (cursor && pages < 50);
  assert.equal(pages, Math.ceil(whole.items.length / 7));
  assert.deepEqual(paged.map((e) => e.uid), whole.items.map((e) => e.uid));
  assert.deepEqual(paged, whole.items);
  const exact = await cal(`&limit=${whole.items.length}`);
  assert.equal(exact.next_cursor, null, 'a page that holds the rest has no next');

  // two a day in London's days: every day counted, each showing the first two (windows always)
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });
  const from = Date.parse('2035-03-20T00:00:00Z'), to = Date.parse('2035-04-05T00:00:00Z');
  const daysOf = (e) => {
    const a = Math.max(Date.parse(e.start), from), end = Date.parse(e.end);
    const b = Math.min(end > Date.parse(e.start) ? end - 1000 : Date.parse(e.start), to - 1000);
    const out = new Set();
    for (let t = a; t <= b; t += 3600e3) out.add(day.format(t));
    out.add(day.format(b));
    return [...out];
  };
  const capped = await cal('&per_day=2&tz=Europe/London');
  assert.equal(capped.next_cursor, null);
  assert.equal(capped.truncated, false);
  const dates = [];
  for (let t = from; t < to; t += 3600e3) if (!dates.includes(day.format(t))) dates.push(day.format(t));
  assert.deepEqual(capped.days.map((d) => d.date), dates, 'each local day of the span, the first from 20 March');
  const shownUids = new Set(capped.items.map((e) => e.uid));
  for (const e of capped.items) assert.ok(whole.items.some((w) => w.uid === e.uid));
  assert.deepEqual(capped.items, [...capped.items].sort(order));
  let capHit = false;
  for (const d of capped.days) {
    const all = whole.items.filter((e) => daysOf(e).includes(d.date));
    const shown = capped.items.filter((e) => daysOf(e).includes(d.date));
    assert.equal(d.count, all.length, `${d.date}: every event counted`);
    assert.equal(d.shown, shown.length, `${d.date}: shown is what the answer holds`);
    // the first two of the day's changes are there, and every window
    const first2 = all.filter((e) => e.kind === 'change').slice(0, 2).map((e) => e.uid);
    for (const u of first2) assert.ok(shownUids.has(u), `${d.date}: ${u} shown`);
    for (const e of all.filter((x) => x.kind !== 'change')) assert.ok(shownUids.has(e.uid), `${d.date}: window shown`);
    if (all.filter((e) => e.kind === 'change').length > 2) capHit = true;
  }
  assert.ok(capHit, 'some day has more changes than it shows');
  assert.ok(capped.items.length < whole.items.length);
  const utc = await cal('&per_day=100');
  assert.equal(utc.items.length, whole.items.length, 'a cap above every day shows everything');
  assert.equal(utc.days.length, 16, 'UTC days by default');

  // refused: each names its parameter
  for (const [q, field] of [['&limit=0', 'limit'], ['&limit=5001', 'limit'], ['&limit=x', 'limit'], ['&cursor=!!', 'cursor'],
    ['&cursor=Li4vLi4v', 'cursor'], ['&per_day=0', 'per_day'], ['&per_day=101', 'per_day'], ['&per_day=2&limit=5', 'per_day'],
    ['&per_day=2&cursor=abc', 'per_day'], ['&tz=Europe/London', 'tz'], ['&per_day=2&tz=Mars/Olympus', 'tz'],
    ['&per_day=2&tz=../../etc/passwd', 'tz']]) {
    const r = await agent('GET', `/api/v1/changes/calendar?${span}${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.deepEqual(fieldsOf(r), [field], q);
  }
  const other = (await agent('GET', '/api/v1/incidents?limit=1')).json.next_cursor;
  if (other) assert.equal((await agent('GET', `/api/v1/changes/calendar?${span}&cursor=${encodeURIComponent(other)}`)).status, 400);
  assert.equal((await eu('GET', `/api/v1/changes/calendar?${span}&per_day=2`)).status, 403);
  assert.equal((await eu('GET', `/api/v1/changes/calendar?${span}&limit=2`)).status, 403);
});
