// Agreements (issue #21, docs/sla.md#agreements): SLAs, OLAs and
// underpinning contracts as records with history; the policies they own
// take part in choosing a ticket's policy only while the agreement is an
// active SLA in its validity, and a ticket's clocks keep the agreement and
// version they were measured under; an OLA whose resolution target cannot
// support an SLA's is flagged; review dates are told to owners once.
// Refused requests change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, fingerprint, sleep, until } from './lib.mjs';

let s, admin, boss, agent, agent2, eu;
let quick, slow; // a clock met and one breached (the report test)

before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }, { login: 'boss', role: 'manager' },
      { login: 'eu1', role: 'end_user' }],
    settings: { STEWARD_SCHEDULER_INTERVAL: '1s' },
  });
  admin = as(s, 'admin');
  boss = as(s, 'boss');
  agent = as(s, 'agent1');
  agent2 = as(s, 'agent2');
  eu = as(s, 'eu1');
  for (const name of ['Payroll', 'Email']) assert.equal((await admin('POST', '/api/v1/services', { body: { name, criticality: 3 } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1', 'agent2'] } })).status, 201);
});
after(async () => { await s.cleanup(); });

const created = async (body, who = boss) => {
  const r = await who('POST', '/api/v1/agreements', { body });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};
const enc = encodeURIComponent;

test('agreements are created and changed by managers and admins, read by agents, with history', async () => {
  const a = await created({
    name: 'Payroll Gold', type: 'sla', description: 'Payroll for Finance', customer: 'Finance department',
    owner: 'agent2', valid_from: '2026-01-01', valid_to: '2027-12-31', review_date: '2027-06-30',
    document_url: 'https://docs.example.com/sla/payroll.pdf', target_compliance: 98, amber_percent: 95,
    services: ['Payroll', 'Email'],
  });
  assert.deepEqual(a, {
    name: 'Payroll Gold', type: 'sla', status: 'draft', description: 'Payroll for Finance', customer: 'Finance department',
    group: null, supplier: null, owner: 'agent2', valid_from: '2026-01-01', valid_to: '2027-12-31', review_date: '2027-06-30',
    document_url: 'https://docs.example.com/sla/payroll.pdf', version: 1, target_compliance: 98, amber_percent: 95,
    services: ['Email', 'Payroll'], policies: [], ola_flagged: false, ola_conflicts: [],
    created_at: a.created_at, updated_at: a.updated_at,
  });
  const got = await agent('GET', `/api/v1/agreements/${enc('Payroll Gold')}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.json, a);
  const p = await admin('PATCH', `/api/v1/agreements/${enc('Payroll Gold')}`, { body: { status: 'active', services: ['Payroll'] } });
  assert.equal(p.status, 200, JSON.stringify(p.json));
  assert.equal(p.json.status, 'active');
  assert.equal(p.json.version, 2);
  assert.deepEqual(p.json.services, ['Payroll']);
  const list = await agent('GET', '/api/v1/agreements');
  assert.deepEqual(list.json.items.map((x) => [x.name, x.version]), [['Payroll Gold', 2]]);

  assert.equal((await agent('POST', '/api/v1/agreements', { body: { name: 'x', type: 'sla' } })).status, 403);
  assert.equal((await agent('PATCH', `/api/v1/agreements/${enc('Payroll Gold')}`, { body: { status: 'retired' } })).status, 403);
  assert.equal((await eu('GET', '/api/v1/agreements')).status, 403);
  assert.equal((await agent('GET', '/api/v1/agreements/nothing')).status, 404);
  assert.equal((await boss('POST', '/api/v1/agreements', { body: { name: 'Payroll Gold', type: 'ola' } })).status, 409);

  const h = await agent('GET', `/api/v1/agreements/${enc('Payroll Gold')}/history`);
  assert.equal(h.status, 200);
  assert.deepEqual(h.json.items.map((e) => [e.action, e.actor]), [['create', 'boss'], ['update', 'admin']]);
  const upd = h.json.items[1].changes;
  assert.deepEqual(upd.status, { from: 'draft', to: 'active' });
  assert.deepEqual(upd.version, { from: 1, to: 2 });
  assert.deepEqual(upd.services, { added: [], removed: ['Email'] });
  assert.equal((await eu('GET', `/api/v1/agreements/${enc('Payroll Gold')}/history`)).status, 403);
});

test('bad agreements are refused with every field named, and change nothing', async () => {
  const before = fingerprint(s);
  const bad = await boss('POST', '/api/v1/agreements', { body: {
    name: 'Bad', type: 'sl', status: 'live', valid_from: '2026-02-30', review_date: 'soon', document_url: 'javascript:alert(1)',
    target_compliance: 101, amber_percent: -1, services: ['Nope', 'Nope'], group: 'Nobody', owner: 'eu1' } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['amber_percent', 'document_url', 'review_date', 'status', 'target_compliance', 'type', 'valid_from']);
  const refs = await boss('POST', '/api/v1/agreements', { body: { name: 'Bad', type: 'sla', services: ['Nope'], group: 'Nobody', owner: 'eu1' } });
  assert.equal(refs.status, 422);
  assert.deepEqual(fieldsOf(refs), ['group', 'owner', 'services[0]']);
  const order = await boss('POST', '/api/v1/agreements', { body: { name: 'Bad', type: 'sla', valid_from: '2027-01-01', valid_to: '2026-01-01', target_compliance: 90, amber_percent: 90 } });
  assert.deepEqual(fieldsOf(order), ['amber_percent', 'valid_to']);
  const uc = await boss('POST', '/api/v1/agreements', { body: { name: 'Bad', type: 'uc' } });
  assert.deepEqual(fieldsOf(uc), ['supplier']);
  assert.deepEqual(fieldsOf(await boss('POST', '/api/v1/agreements', { body: { type: 'sla' } })), ['name']);
  assert.deepEqual(fieldsOf(await boss('POST', '/api/v1/agreements', { body: { name: 'Bad' } })), ['type']);
  assert.deepEqual(fieldsOf(await boss('POST', '/api/v1/agreements', { body: { name: 'Bad', type: 'sla', extra: 1 } })), ['extra']);
  assert.deepEqual(fieldsOf(await boss('PATCH', `/api/v1/agreements/${enc('Payroll Gold')}`, { body: { name: 'Renamed' } })), ['name']);
  assert.equal(fingerprint(s), before);
});

test('a policy of an agreement applies only while the agreement is an active SLA; clocks keep the agreement and version', async () => {
  await created({ name: 'Email Silver', type: 'sla', customer: 'Everyone', services: ['Email'] });
  const pol = await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'Email silver', position: 5, match_service: 'Email', calendar: '24x7', resolution_seconds: 3600, agreement: 'Email Silver' } });
  assert.equal(pol.status, 201, JSON.stringify(pol.json));
  assert.equal(pol.json.agreement, 'Email Silver');
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'x', calendar: '24x7', resolution_seconds: 1, agreement: 'No such' } })), ['agreement']);
  const clocksOf = async (body) => {
    const n = (await agent('POST', '/api/v1/incidents', { body: { title: 'mail', requester: 'eu1', service: 'Email', impact: 3, urgency: 3, ...body } })).json.number;
    return (await agent('GET', `/api/v1/incidents/${n}`)).json.sla.find((k) => k.metric === 'resolution');
  };
  // draft: the agreement's policy waits; the others apply as before
  let k = await clocksOf();
  assert.notEqual(k.policy, 'Email silver');
  assert.equal(k.agreement, null);
  assert.equal(k.agreement_version, null);
  assert.equal((await boss('PATCH', `/api/v1/agreements/${enc('Email Silver')}`, { body: { status: 'active' } })).json.version, 2);
  k = await clocksOf();
  assert.equal(k.policy, 'Email silver');
  assert.equal(k.target, 3600);
  assert.equal(k.agreement, 'Email Silver');
  assert.equal(k.agreement_version, 2);
  const got = (await agent('GET', `/api/v1/agreements/${enc('Email Silver')}`)).json;
  assert.deepEqual(got.policies, ['Email silver']);
  // outside its validity it waits again
  await boss('PATCH', `/api/v1/agreements/${enc('Email Silver')}`, { body: { valid_to: '2020-12-31', valid_from: '2020-01-01' } });
  k = await clocksOf();
  assert.notEqual(k.policy, 'Email silver');
  await boss('PATCH', `/api/v1/agreements/${enc('Email Silver')}`, { body: { valid_to: null, valid_from: null } });
  k = await clocksOf();
  assert.equal(k.policy, 'Email silver');
  assert.equal(k.agreement_version, 4);
});

test('an OLA never measures tickets itself, and is flagged when its target cannot support an SLA', async () => {
  await created({ name: 'Desk OLA', type: 'ola', group: 'Desk', status: 'active' });
  const pol = await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'Desk OLA all', position: 1, match_kind: 'incident', calendar: '24x7', resolution_seconds: 7200, agreement: 'Desk OLA' } });
  assert.equal(pol.status, 201, JSON.stringify(pol.json));
  // placed first and matching everything, yet an OLA's policy starts no clock
  const n = (await agent('POST', '/api/v1/incidents', { body: { title: 'printer', requester: 'eu1', impact: 3, urgency: 3 } })).json.number;
  const clocks = (await agent('GET', `/api/v1/incidents/${n}`)).json.sla;
  assert.ok(clocks.length > 0);
  assert.ok(clocks.every((c) => c.policy !== 'Desk OLA all' && c.agreement === null), JSON.stringify(clocks));
  // 2 h is longer than the active SLA policy Email silver's 1 h
  let ola = (await agent('GET', `/api/v1/agreements/${enc('Desk OLA')}`)).json;
  assert.equal(ola.group, 'Desk');
  assert.equal(ola.ola_flagged, true);
  assert.deepEqual(ola.ola_conflicts, ["OLA policy 'Desk OLA all' resolves in 7200 s, longer than SLA policy 'Email silver' of 'Email Silver' (3600 s)"]);
  const listed = (await agent('GET', '/api/v1/agreements')).json.items.find((x) => x.name === 'Desk OLA');
  assert.equal(listed.ola_flagged, true);
  assert.equal((await admin('PATCH', `/api/v1/sla-policies/${enc('Desk OLA all')}`, { body: { resolution_seconds: 1800 } })).status, 200);
  ola = (await agent('GET', `/api/v1/agreements/${enc('Desk OLA')}`)).json;
  assert.equal(ola.ola_flagged, false);
  assert.deepEqual(ola.ola_conflicts, []);
  // an SLA is never flagged
  assert.equal((await agent('GET', `/api/v1/agreements/${enc('Email Silver')}`)).json.ola_flagged, false);
});

test('a review date that has come is told to the owner once, and again for a new date', async () => {
  await created({ name: 'Print UC', type: 'uc', supplier: 'PrintCo Ltd', owner: 'agent2', review_date: '2020-01-31' });
  const inbox = async () => (await agent2('GET', '/api/v1/me/notifications')).json.items.filter((x) => x.event === 'agreement_review');
  const notes = await until('the review notification', async () => ((await inbox()).length ? inbox() : null));
  assert.equal(notes.length, 1);
  assert.equal(notes[0].ticket, null);
  assert.match(notes[0].subject, /Print UC/);
  assert.match(notes[0].body, /2020-01-31/);
  assert.match(notes[0].body, /#\/agreements\/Print UC/);
  assert.deepEqual((await agent('GET', '/api/v1/me/notifications')).json.items.filter((x) => x.event === 'agreement_review'), []);
  await sleep(2500); // more scheduler passes: no second message for the same date
  assert.equal((await inbox()).length, 1);
  const h = (await agent('GET', `/api/v1/agreements/${enc('Print UC')}/history`)).json.items;
  assert.deepEqual(h.map((e) => e.action), ['create', 'review_due']);
  assert.deepEqual(h[1].changes.review_date, { to: '2020-01-31' });
  assert.equal((await boss('PATCH', `/api/v1/agreements/${enc('Print UC')}`, { body: { review_date: '2021-01-31' } })).status, 200);
  await until('the second review notification', async () => (await inbox()).length === 2);
  await sleep(1500);
  assert.equal((await inbox()).length, 2);
  // a future date is not told
  await created({ name: 'Later', type: 'sla', owner: 'agent2', review_date: '2999-01-01' });
  await sleep(1500);
  assert.equal((await inbox()).length, 2);
});

test('SLA compliance by agreement: red, amber or green against its target, the trend, the breaches, CSV', async () => {
  await created({ name: 'Fast SLA', type: 'sla', status: 'active', target_compliance: 90, amber_percent: 50 });
  assert.equal((await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'Fast', position: 1, match_service: 'Payroll', calendar: '24x7', resolution_seconds: 2, agreement: 'Fast SLA' } })).status, 201);
  const raise = async (title) => (await agent('POST', '/api/v1/incidents', { body: { title, requester: 'eu1', service: 'Payroll' } })).json.number;
  const resolve = async (n) => assert.equal((await agent('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'ok' } })).status, 200);
  quick = await raise('payroll quick');
  slow = await raise('payroll slow');
  await resolve(quick);
  await sleep(3200);
  await resolve(slow);
  const today = new Date().toISOString().slice(0, 10);
  const report = (q) => agent('GET', `/api/v1/reports/incidents/sla?from=${today}&to=${today}&tz=UTC&${q}`);
  const fast = (r) => r.json.rows.find((x) => x.key === 'Fast SLA' && x.metric === 'resolution');
  let r = await report('by=agreement');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.by, 'agreement');
  assert.deepEqual(fast(r), { key: 'Fast SLA', metric: 'resolution', met: 1, breached: 1, compliance: 0.5, target_compliance: 90, rag: 'amber' });
  assert.ok(r.json.rows.filter((x) => x.key === null).every((x) => x.rag === null && x.target_compliance === null));
  assert.deepEqual(r.json.breaches.filter((b) => b.agreement === 'Fast SLA').map((b) => b.number), [slow]);
  await boss('PATCH', `/api/v1/agreements/${enc('Fast SLA')}`, { body: { amber_percent: 60 } });
  assert.equal(fast(await report('by=agreement')).rag, 'red');
  await boss('PATCH', `/api/v1/agreements/${enc('Fast SLA')}`, { body: { target_compliance: 50, amber_percent: 40 } });
  assert.equal(fast(await report('by=agreement')).rag, 'green');
  // by another dimension there is no target
  assert.ok((await report('by=service')).json.rows.every((x) => x.rag === null));

  r = await report('by=agreement&trend=day');
  assert.equal(r.json.trend, 'day');
  assert.deepEqual(r.json.periods.filter((x) => x.key === 'Fast SLA').map((x) => [x.period, x.met, x.breached, x.rag]), [[today, 1, 1, 'green']]);
  r = await report('by=agreement&trend=month');
  assert.deepEqual(r.json.periods.filter((x) => x.key === 'Fast SLA').map((x) => x.period), [today]);
  assert.equal((await report('by=agreement')).json.periods, null);

  const csv = await report('by=agreement&format=csv');
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'agreement,metric,met,breached,compliance,target_compliance,rag,group');
  assert.ok(lines.includes('Fast SLA,resolution,1,1,0.500,50,green,'), csv.text);
  const t = (await report('by=agreement&trend=week&format=csv&list=trend')).text.trim().split('\r\n');
  assert.equal(t[0], 'period,agreement,metric,met,breached,compliance,target_compliance,rag,group');
  assert.ok(t.some((l) => /^\d{4}-\d{2}-\d{2},Fast SLA,resolution,1,1,0\.500,50,green,$/.test(l)), t.join('\n'));
  const b = (await report('format=csv&list=breaches')).text.trim().split('\r\n');
  assert.ok(b.some((l) => l.startsWith(`${slow},payroll slow,resolution,Fast,`) && l.endsWith(',Fast SLA,')), b.join('\n'));

  for (const [q, field] of [['trend=year', 'trend'], ['by=agreements', 'by'], ['format=csv&list=trend', 'trend'], ['list=trends', 'list']]) {
    const x = await report(q);
    assert.equal(x.status, 400, `${q}: ${x.text}`);
    assert.ok(JSON.stringify(x.json).includes(field), `${q} names ${field}`);
  }
});

test('agents explain a breached clock with a breach reason: audited, on the clock, in the breach list and CSV', async () => {
  const path = (n, m = 'resolution') => `/api/v1/incidents/${n}/sla/${m}/breach-reason`;
  const reasons = await agent('GET', '/api/v1/breach-reasons');
  assert.deepEqual(reasons.json.items.map((x) => x.name), ['third_party', 'misrouted', 'workload', 'caller_unavailable', 'other']);
  const before = fingerprint(s);
  assert.equal((await agent('POST', path(quick), { body: { reason: 'workload' } })).status, 409);
  assert.deepEqual(fieldsOf(await agent('POST', path(slow), { body: { reason: 'bad_luck' } })), ['reason']);
  assert.equal((await agent('POST', path(slow, 'reply'), { body: { reason: 'workload' } })).status, 404);
  assert.equal((await agent('POST', path(slow, 'response'), { body: { reason: 'workload' } })).status, 404); // Fast has no response target
  assert.equal((await eu('POST', path(slow), { body: { reason: 'workload' } })).status, 403);
  assert.equal((await agent('POST', '/api/v1/incidents/INC9999999/sla/resolution/breach-reason', { body: { reason: 'workload' } })).status, 404);
  assert.equal(fingerprint(s), before);

  const r = await agent('POST', path(slow), { body: { reason: 'third_party' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.metric, 'resolution');
  assert.equal(r.json.breach_reason, 'third_party');
  assert.equal(r.json.agreement, 'Fast SLA');
  assert.equal(r.json.breached, true);
  const inc = (await agent('GET', `/api/v1/incidents/${slow}`)).json;
  assert.equal(inc.sla.find((k) => k.metric === 'resolution').breach_reason, 'third_party');
  const h = (await agent('GET', `/api/v1/incidents/${slow}/history`)).json.items.filter((e) => e.action === 'sla_breach_reason');
  assert.deepEqual(h.map((e) => [e.actor, e.changes.breach_reason]), [['agent1', { from: null, to: 'third_party' }]]);
  assert.deepEqual((await eu('GET', `/api/v1/incidents/${slow}/history`)).json.items.filter((e) => e.action === 'sla_breach_reason'), []);

  const today = new Date().toISOString().slice(0, 10);
  const report = (q) => agent('GET', `/api/v1/reports/incidents/sla?from=${today}&to=${today}&tz=UTC&${q}`);
  assert.deepEqual((await report('')).json.breaches.filter((b) => b.number === slow).map((b) => b.breach_reason), ['third_party']);
  const csv = (await report('format=csv&list=breaches')).text.trim().split('\r\n');
  assert.ok(csv.some((l) => l.startsWith(`${slow},`) && l.endsWith(',Fast SLA,third_party')), csv.join('\n'));

  // admins keep the list: a new reason, an old one switched off
  assert.equal((await admin('POST', '/api/v1/breach-reasons', { body: { name: 'vendor_outage', label: 'Vendor outage', position: 6 } })).status, 201);
  assert.equal((await agent('POST', '/api/v1/breach-reasons', { body: { name: 'nope', label: 'Nope' } })).status, 403);
  assert.equal((await admin('PATCH', '/api/v1/breach-reasons/workload', { body: { active: false } })).status, 200);
  assert.deepEqual(fieldsOf(await agent('POST', path(slow), { body: { reason: 'workload' } })), ['reason']);
  assert.equal((await agent('POST', path(slow), { body: { reason: 'vendor_outage' } })).json.breach_reason, 'vendor_outage');
  assert.equal((await agent('POST', path(slow), { body: { reason: null } })).json.breach_reason, null);
  const bh = (await agent('GET', '/api/v1/breach-reasons/workload/history')).json.items;
  assert.deepEqual(bh.map((e) => e.action), ['update']);
});

test("a service's availability against its agreed hours, with planned maintenance left out", async () => {
  const billing = (await admin('POST', '/api/v1/services', { body: { name: 'Billing', criticality: 2 } })).json;
  const avail = async (q = '') => {
    const r = await agent('GET', `/api/v1/services/${billing.id}/availability?from=2026-11-02T00:00:00Z&to=2026-11-09T00:00:00Z${q}`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  // no agreed hours yet: all time counts
  assert.equal((await avail('&hours=agreed')).service_hours, null);
  await created({ name: 'Billing SLA', type: 'sla', status: 'active', services: ['Billing'] });
  assert.equal((await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'Billing P', position: 3, match_service: 'Billing', calendar: 'Business hours', resolution_seconds: 3600, agreement: 'Billing SLA' } })).status, 201);
  // down Monday 16:00-20:00 UTC: one hour of it within mon-fri 09:00-17:00
  assert.equal((await agent('POST', '/api/v1/incidents', { body: { title: 'billing down', service: 'Billing',
    outage_start: '2026-11-02T16:00:00Z', outage_end: '2026-11-02T20:00:00Z' } })).status, 201);
  // planned maintenance 16:30-17:30 the same day
  assert.equal((await admin('POST', '/api/v1/change-windows', { body: { name: 'Billing patch', kind: 'maintenance', timezone: 'UTC',
    start: '2026-11-02T16:30', duration: 60, services: ['Billing'] } })).status, 201);
  const pick = (a) => [a.period_seconds, a.downtime_seconds, a.service_hours, a.maintenance_excluded, a.maintenance_seconds];
  assert.deepEqual(pick(await avail()), [604800, 14400, null, false, 0]);
  const agreed = await avail('&hours=agreed');
  assert.deepEqual(pick(agreed), [144000, 3600, 'Business hours', false, 0]);
  assert.equal(agreed.availability, 97.5);
  assert.deepEqual(pick(await avail('&hours=agreed&maintenance=exclude')), [142200, 1800, 'Business hours', true, 1800]);
  assert.deepEqual(pick(await avail('&maintenance=exclude')), [601200, 10800, null, true, 3600]);
  for (const [q, field] of [['&hours=office', 'hours'], ['&maintenance=skip', 'maintenance']]) {
    const r = await agent('GET', `/api/v1/services/${billing.id}/availability?from=2026-11-02T00:00:00Z${q}`);
    assert.equal(r.status, 400, q);
    assert.ok(JSON.stringify(r.json).includes(field), `${q} names ${field}`);
  }
});
