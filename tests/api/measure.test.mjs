// What issue #18 could not measure before (docs/kpis.md, docs/surveys.md):
// when a problem first reached root_cause_known and known_error (stamped
// in the transition, kept through a reopen) and the two KPIs read from
// them; the knowledge deflection rate from the end users' self-service
// sessions (agents' reads note nothing); and the CSAT report's local days
// in a named zone (a DST day is 23 hours; an unknown zone is a 400 that
// changes nothing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fingerprint } from './lib.mjs';

let s, admin, agent, boss, eu1, eu2;
const today = new Date().toISOString().slice(0, 10);

before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'boss', role: 'manager' },
    { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' }] });
  admin = as(s, 'admin'); agent = as(s, 'agent1'); boss = as(s, 'boss'); eu1 = as(s, 'eu1'); eu2 = as(s, 'eu2');
});
after(async () => { await s.cleanup(); });

const kpi = (name, q = '') => agent('GET', `/api/v1/kpis/${name}?from=${today}&to=${today}&tz=UTC${q}`);
async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.json;
}

test('a problem is stamped when it first reaches root_cause_known and known_error; the KPIs average from raising', async () => {
  const p = await ok(await agent('POST', '/api/v1/problems', { body: { title: 'disk fills up' } }), 201);
  assert.equal(p.root_cause_at, null);
  assert.equal(p.known_error_at, null);
  await ok(await agent('POST', `/api/v1/problems/${p.number}/investigate`));
  const w = await ok(await agent('GET', `/api/v1/problems/${p.number}`));
  await ok(await agent('PATCH', `/api/v1/problems/${p.number}`, { body: { root_cause: 'log rotation off' }, headers: { 'if-match': String(w.version) } }));
  const rc = await ok(await agent('POST', `/api/v1/problems/${p.number}/identify_root_cause`));
  assert.ok(rc.root_cause_at, 'stamped');
  assert.equal(rc.known_error_at, null);
  const w2 = await ok(await agent('GET', `/api/v1/problems/${p.number}`));
  await ok(await agent('PATCH', `/api/v1/problems/${p.number}`, { body: { workaround: 'delete old logs' }, headers: { 'if-match': String(w2.version) } }));
  const ke = await ok(await agent('POST', `/api/v1/problems/${p.number}/mark_known_error`));
  assert.equal(ke.root_cause_at, rc.root_cause_at, 'the first time is kept');
  assert.ok(ke.known_error_at >= rc.root_cause_at);
  // resolved, reopened and back to known error: the first stamps stay
  await ok(await agent('POST', `/api/v1/problems/${p.number}/resolve`, { body: { resolution_code: 'permanent_fix', resolution_notes: 'rotated' } }));
  await ok(await agent('POST', `/api/v1/problems/${p.number}/reopen`));
  const again = await ok(await agent('POST', `/api/v1/problems/${p.number}/mark_known_error`));
  assert.equal(again.known_error_at, ke.known_error_at);
  assert.equal(again.root_cause_at, rc.root_cause_at);

  // straight from new to known_error: both stamped at once
  const q = await ok(await agent('POST', '/api/v1/problems', { body: { title: 'printer jams', root_cause: 'worn roller', workaround: 'tray 2' } }), 201);
  const qk = await ok(await agent('POST', `/api/v1/problems/${q.number}/mark_known_error`));
  assert.ok(qk.known_error_at);
  assert.equal(qk.root_cause_at, qk.known_error_at);

  const secs = (at, from) => (Date.parse(at) - Date.parse(from)) / 1000;
  const root = await ok(await kpi('problem_time_to_root_cause'));
  assert.equal(root.denominator, 2);
  assert.equal(root.numerator, secs(rc.root_cause_at, p.created_at) + secs(qk.root_cause_at, q.created_at));
  const known = await ok(await kpi('problem_time_to_known_error'));
  assert.equal(known.denominator, 2);
  assert.equal(known.numerator, secs(ke.known_error_at, p.created_at) + secs(qk.known_error_at, q.created_at));
  // filters apply as to the other problem KPIs: a priority neither has
  const other = p.priority === 5 ? 1 : 5;
  if (q.priority !== other) assert.equal((await ok(await kpi('problem_time_to_root_cause', `&priority=${other}`))).denominator, 0);
  const names = (await ok(await agent('GET', '/api/v1/kpis'))).items.map((k) => k.name);
  for (const n of ['problem_time_to_root_cause', 'problem_time_to_known_error', 'problem_time_to_workaround', 'knowledge_deflection_rate']) assert.ok(names.includes(n), n);
});

test('deflection: an end user reading the knowledge base and raising nothing within a day is deflected; agents count nothing', async () => {
  const c = await ok(await agent('POST', '/api/v1/articles', { body: { title: 'Reset your password', body: 'Use the self-service page.', audience: 'everyone' } }), 201);
  await ok(await boss('POST', `/api/v1/articles/${c.number}/publish`));
  const start = await ok(await kpi('knowledge_deflection_rate'));
  assert.equal(start.denominator, 0);
  assert.equal(start.value, null);
  // an agent's reads and searches are no self-service session
  await ok(await agent('GET', `/api/v1/articles/${c.number}`));
  await ok(await agent('GET', '/api/v1/articles?text=password'));
  assert.equal((await ok(await kpi('knowledge_deflection_rate'))).denominator, 0);
  // eu1 reads (twice: one session) and raises nothing: deflected
  await ok(await eu1('GET', `/api/v1/articles/${c.number}`));
  await ok(await eu1('GET', '/api/v1/articles?text=password'));
  let d = await ok(await kpi('knowledge_deflection_rate'));
  assert.deepEqual([d.numerator, d.denominator, d.value], [1, 1, 1]);
  // eu2 searches, then raises an incident: not deflected
  await ok(await eu2('GET', '/api/v1/articles?text=password'));
  await ok(await eu2('POST', '/api/v1/incidents', { body: { title: 'still locked out' } }), 201);
  d = await ok(await kpi('knowledge_deflection_rate'));
  assert.deepEqual([d.numerator, d.denominator, d.value], [1, 2, 0.5]);
  // a list without text is browsing, not a search
  const fp = fingerprint(s);
  await ok(await eu2('GET', '/api/v1/articles'));
  assert.equal(fingerprint(s), fp);
});

test('the CSAT report in a zone: local days, a DST day of 23 hours, the zone answered; an unknown zone is a 400', async () => {
  // a resolved incident's survey, sent now
  const i = await ok(await agent('POST', '/api/v1/incidents', { body: { title: 'csat', requester: 'eu1' } }), 201);
  await ok(await agent('POST', `/api/v1/incidents/${i.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'done' } }));
  await ok(await eu1('POST', `/api/v1/surveys/${i.number}`, { body: { rating: 4 } }));
  const sentAt = new Date(Date.parse((await ok(await eu1('GET', `/api/v1/surveys/${i.number}`))).sent_at));
  // the ticket says a survey was sent, to the desk and to the person asked
  assert.equal((await ok(await agent('GET', `/api/v1/incidents/${i.number}`))).surveyed, true);
  assert.equal((await ok(await eu1('GET', `/api/v1/incidents/${i.number}`))).surveyed, true);
  const open = await ok(await agent('POST', '/api/v1/incidents', { body: { title: 'not yet', requester: 'eu1' } }), 201);
  assert.equal(open.surveyed, false, 'none before resolution');
  for (const tz of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(sentAt);
    const r = await ok(await boss('GET', `/api/v1/surveys/report?by=day&tz=${encodeURIComponent(tz)}&from=${local}&to=${local}`));
    assert.equal(r.tz, tz);
    assert.deepEqual(r.rows.map((x) => x.key), [local], tz);
    assert.equal(r.rows[0].answered, 1);
    assert.equal(r.total.sent, 1);
  }
  // the day British clocks went forward is 23 hours long; the day they went back, 25
  const spring = await ok(await boss('GET', '/api/v1/surveys/report?by=day&tz=Europe/London&from=2026-03-29&to=2026-03-29'));
  assert.equal(spring.from, '2026-03-29T00:00:00Z');
  assert.equal(spring.to, '2026-03-29T23:00:00Z');
  const autumn = await ok(await boss('GET', '/api/v1/surveys/report?by=week&tz=Europe/London&from=2026-10-25&to=2026-10-25'));
  assert.equal(autumn.from, '2026-10-24T23:00:00Z');
  assert.equal(autumn.to, '2026-10-26T00:00:00Z');
  const ny = await ok(await boss('GET', '/api/v1/surveys/report?tz=America/New_York&from=2026-11-01&to=2026-11-01'));
  assert.equal(ny.from, '2026-11-01T04:00:00Z');
  assert.equal(ny.to, '2026-11-02T05:00:00Z');
  // the comments take the zone too
  assert.equal((await boss('GET', '/api/v1/surveys/comments?tz=Asia/Kolkata')).status, 200);
  const fp = fingerprint(s);
  for (const q of ['tz=Mars/Olympus', 'tz=', 'tz=' + 'A'.repeat(65), 'tz=UTC&from=2026-13-01', 'tz=UTC&by=year']) {
    const r = await boss('GET', `/api/v1/surveys/report?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
  }
  const bad = await boss('GET', '/api/v1/surveys/report?tz=Mars/Olympus');
  assert.match(JSON.stringify(bad.json), /tz/);
  assert.equal((await boss('GET', '/api/v1/surveys/comments?tz=Mars/Olympus')).status, 400);
  assert.equal(fingerprint(s), fp, 'nothing changed');
});
