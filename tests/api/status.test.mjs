// The public status page (issue #16, docs/status-page.md): public services
// under public names, their status derived from open incidents (major,
// outage, any) and implementing changes or overridden by an agent with a
// public message, public updates on incidents, 90 days of uptime from the
// availability computation, maintenance ahead, an Atom feed read with a
// real feed parser (Debian's python3-feedparser), the page's own strict
// CSP and cache headers, and isolation: nothing that is not public — no
// service's or CI's own name, no person, no work note, no internal field
// name — appears in the page, its JSON or its feed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, as, api, fieldsOf } from './lib.mjs';

let s, admin, agent, eu;
let inc; // an incident on the public Email service
const anon = (path) => api(s, 'GET', path);
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  const c = await agent('POST', '/api/v1/cis', { body: { name: 'exch-db-01', class: 'server', attributes: { hostname: 'exch-db-01' } } });
  assert.equal(c.status, 201, c.text);
  for (const [name, cis] of [['Exchange-Cluster-7', [c.json.id]], ['Secret Payroll', []], ['intranet-web', []]]) {
    assert.equal((await admin('POST', '/api/v1/services', { body: { name, criticality: 2, cis } })).status, 201);
  }
});
after(async () => { await s.cleanup(); });

const status = async () => {
  const r = await anon('/api/v1/status');
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const email = async () => (await status()).services.find((x) => x.name === 'Email');

test('admins make services public under a public name; agents keep their status; anyone reads the page', async () => {
  assert.equal((await agent('POST', '/api/v1/status-services', { body: { name: 'Email', service: 'Exchange-Cluster-7' } })).status, 403);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/status-services', { body: { name: 'Email', service: 'Nope' } })), ['service']);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/status-services', { body: { name: 'Email', service: 'Exchange-Cluster-7', override: 'broken' } })), ['override']);
  const r = await admin('POST', '/api/v1/status-services', { body: { name: 'Email', service: 'Exchange-Cluster-7', position: 1 } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual({ name: r.json.name, service: r.json.service, override: r.json.override, message: r.json.message }, { name: 'Email', service: 'Exchange-Cluster-7', override: null, message: '' });
  assert.equal((await admin('POST', '/api/v1/status-services', { body: { name: 'Intranet', service: 'intranet-web', position: 2 } })).status, 201);
  assert.equal((await eu('GET', '/api/v1/status-services')).status, 403);
  const st = await status();
  assert.equal(st.status, 'operational');
  assert.deepEqual(st.services.map((x) => x.name), ['Email', 'Intranet']);
  const e = st.services[0];
  assert.deepEqual({ status: e.status, overridden: e.overridden, uptime: e.uptime, days: e.days.length, last: e.days.at(-1) },
    { status: 'operational', overridden: false, uptime: 100000, days: 90, last: 100000 });
  assert.deepEqual(st.incidents, []);
});

test('status derives from open incidents; an agent overrides it with a public message', async () => {
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'exch-db-01 page corruption', requester: 'eu1', service: 'Exchange-Cluster-7', ci: (await agent('GET', '/api/v1/cis?q=exch')).json.items[0].id } });
  assert.equal(r.status, 201, r.text);
  inc = r.json.number;
  await agent('POST', `/api/v1/incidents/${inc}/comments`, { body: { body: 'INTERNAL-NOTE-XYZ restore from tape', internal: true } });
  assert.equal((await email()).status, 'degraded_performance');
  assert.equal((await agent('POST', `/api/v1/incidents/${inc}/major`, { body: { reason: 'all mail down' } })).status, 200);
  assert.equal((await email()).status, 'major_outage');
  assert.equal((await status()).status, 'major_outage');
  assert.equal((await agent('DELETE', `/api/v1/incidents/${inc}/major`)).status, 200);
  const cur = (await agent('GET', `/api/v1/incidents/${inc}`)).json;
  const p = await agent('PATCH', `/api/v1/incidents/${inc}`, { body: { outage_start: new Date(Date.now() - 600e3).toISOString() }, headers: { 'if-match': String(cur.version) } });
  assert.equal(p.status, 200, p.text);
  assert.equal((await email()).status, 'partial_outage');
  // the override wins, with its message; agents may not change what is public
  const o = await agent('PATCH', '/api/v1/status-services/Email', { body: { override: 'degraded_performance', message: 'Mail is slow; we are on it.' } });
  assert.equal(o.status, 200, o.text);
  let e = await email();
  assert.deepEqual({ status: e.status, overridden: e.overridden, message: e.message }, { status: 'degraded_performance', overridden: true, message: 'Mail is slow; we are on it.' });
  assert.equal((await agent('PATCH', '/api/v1/status-services/Email', { body: { active: false } })).status, 403);
  assert.equal((await agent('PATCH', '/api/v1/status-services/Email', { body: { override: null } })).status, 200);
  e = await email();
  assert.deepEqual({ status: e.status, overridden: e.overridden }, { status: 'partial_outage', overridden: false });
});

test('public updates appear on the page and in the feed; other services\' do not', async () => {
  for (const [phase, body] of [['investigating', 'We are investigating slow email.'], ['identified', 'A storage fault was found.']]) {
    const u = await agent('POST', `/api/v1/incidents/${inc}/status-updates`, { body: { phase, body, ...(phase === 'investigating' ? { title: 'Email delays' } : {}) } });
    assert.equal(u.status, 201, u.text);
    assert.deepEqual({ service: u.json.service, title: u.json.title, phase: u.json.phase }, { service: 'Email', title: 'Email delays', phase });
  }
  assert.deepEqual(fieldsOf(await agent('POST', `/api/v1/incidents/${inc}/status-updates`, { body: { phase: 'panicking', body: '' } })), ['body', 'phase']);
  assert.equal((await eu('POST', `/api/v1/incidents/${inc}/status-updates`, { body: { phase: 'monitoring', body: 'x' } })).status, 403);
  const secret = await agent('POST', '/api/v1/incidents', { body: { title: 'payroll run failed', service: 'Secret Payroll' } });
  assert.equal((await agent('POST', `/api/v1/incidents/${secret.json.number}/status-updates`, { body: { phase: 'investigating', title: 'PAYROLL-UPDATE', body: 'PAYROLL-UPDATE body' } })).status, 201);
  const st = await status();
  assert.equal(st.incidents.length, 1);
  const [i] = st.incidents;
  assert.deepEqual({ service: i.service, title: i.title, phase: i.phase, bodies: i.updates.map((x) => x.body) },
    { service: 'Email', title: 'Email delays', phase: 'identified', bodies: ['A storage fault was found.', 'We are investigating slow email.'] });
  const list = await agent('GET', `/api/v1/incidents/${inc}/status-updates`);
  assert.deepEqual(list.json.items.map((x) => x.phase), ['investigating', 'identified']);
  // the feed, read by a real parser
  const f = await anon('/status/feed.atom');
  assert.equal(f.status, 200);
  assert.match(f.headers.get('content-type'), /^application\/atom\+xml/);
  const parsed = JSON.parse(execFileSync('/usr/bin/python3', ['-c', `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.read())
print(json.dumps({"bozo": d.bozo, "version": d.version, "title": d.feed.get("title"),
  "entries": [{"id": e.id, "title": e.title, "summary": e.get("summary"), "updated": e.get("updated")} for e in d.entries]}))
`], { input: f.text, encoding: 'utf8' }));
  assert.equal(parsed.bozo, false, JSON.stringify(parsed));
  assert.equal(parsed.version, 'atom10');
  assert.equal(parsed.title, 'Service status');
  assert.deepEqual(parsed.entries.map((e) => [e.title, e.summary]), [
    ['Email: Email delays (Identified)', 'A storage fault was found.'],
    ['Email: Email delays (Investigating)', 'We are investigating slow email.']]);
  assert.ok(parsed.entries.every((e) => /^urn:steward:status:update:\d+$/.test(e.id) && e.updated));
});

test('90 days of uptime per day from the outages incidents record', async () => {
  const day0 = Math.floor(Date.now() / 86400e3) * 86400e3;
  const start = day0 - 2 * 86400e3 + 6 * 3600e3; // two days ago, 06:00 to 18:00 UTC
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'old outage', service: 'Exchange-Cluster-7',
    outage_start: new Date(start).toISOString(), outage_end: new Date(start + 12 * 3600e3).toISOString() } });
  assert.equal(r.status, 201, r.text);
  await agent('POST', `/api/v1/incidents/${r.json.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'ok' } });
  const e = await email();
  assert.equal(e.days[87], 50000);
  assert.equal(e.days[86], 100000);
  assert.ok(e.uptime < 99500 && e.uptime > 99000, `uptime ${e.uptime}`);
});

test('maintenance ahead from scheduled changes with an expected outage, under maintenance while they run', async () => {
  const from = new Date(Date.now() + 3 * 86400e3), to = new Date(from.getTime() + 2 * 3600e3);
  const c = await agent('POST', '/api/v1/changes', { body: { title: 'Upgrade intranet-web', type: 'emergency', service: 'intranet-web',
    outage_expected: true, planned_start: from.toISOString(), planned_end: to.toISOString() } });
  assert.equal(c.status, 201, c.text);
  assert.equal((await agent('POST', `/api/v1/changes/${c.json.number}/expedite`, { body: {} })).status, 200);
  assert.equal((await admin('POST', `/api/v1/changes/${c.json.number}/authorise`, { body: {} })).json.state, 'scheduled');
  const st = await status();
  assert.deepEqual(st.maintenance, [{ service: 'Intranet', start: from.toISOString().replace(/\.\d+Z$/, 'Z'), end: to.toISOString().replace(/\.\d+Z$/, 'Z') }]);
  assert.equal((await agent('POST', `/api/v1/changes/${c.json.number}/implement`, { body: {} })).status, 200);
  const after_ = await status();
  assert.equal(after_.services.find((x) => x.name === 'Intranet').status, 'under_maintenance');
  assert.deepEqual(after_.maintenance, []);
});

test('the page: HTML without script, its own strict CSP, cacheable; nothing that is not public anywhere', async () => {
  const page = await anon('/status');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  assert.equal(page.headers.get('content-security-policy'), "default-src 'none'; style-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  assert.equal(page.headers.get('cache-control'), 'public, max-age=30');
  assert.equal((await anon('/api/v1/status')).headers.get('cache-control'), 'public, max-age=30');
  assert.ok(!/<script/i.test(page.text));
  assert.ok(page.text.includes('Email') && page.text.includes('Email delays') && page.text.includes('A storage fault was found.'));
  assert.equal((page.text.match(/<i class="/g) || []).length, 2 * 90);
  assert.equal((await anon('/app/status.css')).status, 200);
  assert.equal((await anon('/status?x=1')).status, 400);
  const texts = { page: page.text, json: (await anon('/api/v1/status')).text, feed: (await anon('/status/feed.atom')).text };
  const hidden = ['Exchange-Cluster-7', 'Secret Payroll', 'intranet-web', 'exch-db-01', 'INTERNAL-NOTE-XYZ', 'PAYROLL-UPDATE', 'page corruption',
    'Upgrade intranet', 'agent1', 'eu1', 'admin', inc, '"number"', 'assignee', 'requester', 'assignment_group', 'priority', 'work_note',
    '"internal"', '"ci"', 'ci_id', 'impact', 'urgency', 'resolution', 'outage_start', 'ticket_id', 'author'];
  for (const [where, text] of Object.entries(texts)) {
    for (const h of hidden) {
      if (where === 'feed' && h === 'author') continue; // Atom's <author> element: "Service desk"
      assert.ok(!text.includes(h), `${where} shows ${h}`);
    }
  }
  assert.ok(texts.feed.includes('<author><name>Service desk</name></author>'));
});
