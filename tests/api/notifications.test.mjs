// Notifications: rules turn ticket events into in-app messages and emails,
// rendered from editable templates; email goes through a durable outbox to
// a real SMTP server on loopback (Debian's python3-aiosmtpd), with retries,
// a give-up after the configured attempts, and nothing lost or sent twice
// across a restart.  Work notes never reach an end user.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startServer, as, fieldsOf, fingerprint, api } from './lib.mjs';

const SINK = fileURLToPath(new URL('../support/smtp_sink.py', import.meta.url));

function startSink(args = []) {
  return new Promise((resolve, reject) => {
    const proc = spawn('/usr/bin/python3', [SINK, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const sink = { proc, messages: [] };
    const lines = createInterface({ input: proc.stdout });
    lines.on('line', (line) => {
      const j = JSON.parse(line);
      if (j.port) { sink.port = j.port; resolve(sink); } else sink.messages.push(j);
    });
    proc.on('error', reject);
    proc.on('exit', (code) => { if (!sink.port) reject(new Error(`smtp sink exited ${code}`)); });
    sink.stop = () => new Promise((done) => { proc.on('exit', done); proc.stdin.end(); });
  });
}

let sink, s, admin, agent1, agent2, eu1, eu2;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}
const header = (data, name) => (data.match(new RegExp(`^${name}: (.*)$`, 'mi')) || [])[1]?.trim();
const mailsTo = (addr) => sink.messages.filter((m) => m.to.includes(addr));
const inbox = async (who, q = '') => (await who('GET', `/api/v1/me/notifications${q}`)).json;

before(async () => {
  sink = await startSink(['--fail-first', '2', '--reject', 'bounce@example.com']);
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }, { login: 'eu1', role: 'end_user' },
      { login: 'eu2', role: 'end_user' }, { login: 'boss', role: 'manager' }, { login: 'bounce', role: 'agent' },
      { login: 'mim1', role: 'agent' }, { login: 'quick1', role: 'end_user' }, { login: 'cust', role: 'end_user' }],
    settings: {
      STEWARD_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, STEWARD_SMTP_TLS: 'no', STEWARD_MAILER_INTERVAL: '1s',
      STEWARD_MAIL_RETRY: '1s', STEWARD_MAIL_MAX_ATTEMPTS: '4', STEWARD_SCHEDULER_INTERVAL: '1s',
      STEWARD_PUBLIC_URL: 'https://desk.example.com',
    },
  });
  admin = as(s, 'admin');
  agent1 = as(s, 'agent1');
  agent2 = as(s, 'agent2');
  eu1 = as(s, 'eu1');
  eu2 = as(s, 'eu2');
  // an end user may be in a group: they still hear only of their own tickets
  for (const [name, members, manager] of [['Desk', ['agent1', 'agent2', 'cust'], 'boss'], ['MIM', ['mim1'], null],
    ['Bouncy', ['bounce'], null], ['Quick', ['quick1'], null]]) {
    assert.equal((await admin('POST', '/api/v1/groups', { body: { name, members, manager } })).status, 201);
  }
});
after(async () => {
  await s.cleanup();
  await sink.stop();
});

let n; // the incident most tests work on

test('a new incident reaches its group in the app and by email, retried through temporary failures', async () => {
  const r = await agent1('POST', '/api/v1/incidents', { body: { title: 'Café printer jammed', requester: 'eu1', assignment_group: 'Desk' } });
  assert.equal(r.status, 201);
  n = r.json.number;
  const box = await inbox(agent2);
  assert.equal(box.unread, 1);
  assert.deepEqual(box.items.map((x) => [x.event, x.ticket]), [['created', n]]);
  assert.equal(box.items[0].subject, `[${n}] New incident: Café printer jammed`);
  assert.match(box.items[0].body, new RegExp(`agent1 logged ${n} "Café printer jammed"`));
  assert.match(box.items[0].body, new RegExp(`https://desk\\.example\\.com/#/incidents/${n}$`, 'm'), 'the link opens the web UI\'s page (the server serves only / for it)');
  assert.equal((await inbox(agent1)).items.length, 0, 'the actor is not told of their own act');
  assert.equal((await inbox(eu1)).items.length, 0, 'the created rule does not address the requester');
  assert.equal((await inbox(as(s, 'cust'))).items.length, 0, 'an end user in the group hears nothing of others\' tickets');
  // the sink refuses the first two deliveries with 451; the outbox retries
  const mail = await until('the email to agent2', () => mailsTo('agent2@example.com')[0]);
  assert.deepEqual(mail.to, ['agent2@example.com']);
  assert.equal(mail.from, 'steward@localhost');
  assert.equal(header(mail.data, 'Subject'), `=?UTF-8?B?${Buffer.from(`[${n}] New incident: Café printer jammed`).toString('base64')}?=`);
  assert.equal(header(mail.data, 'In-Reply-To'), `<${n}@steward>`);
  assert.equal(header(mail.data, 'X-Steward-Ticket'), n);
  assert.match(header(mail.data, 'Message-ID'), /^<notification-\d+@steward>$/);
  assert.match(mail.data, /Content-Type: text\/plain; charset=utf-8/);
  const sent = await until('the outbox to record it', async () => {
    const o = (await admin('GET', '/api/v1/outbox?state=sent')).json.items;
    return o.length ? o : null;
  });
  assert.equal(sent[0].to, 'agent2@example.com');
  assert.ok(sent[0].attempts >= 2 && sent[0].attempts <= 3, `attempts ${sent[0].attempts}`);
  assert.match(sent[0].last_error, /451/, 'the last temporary error is kept');
});

test('a public reply reaches requester and watchers; a work note never reaches an end user', async () => {
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/watchers`, { body: { login: 'eu2' } })).status, 204);
  // a rule that would send work notes to the requester is overruled
  assert.equal((await admin('POST', '/api/v1/notification-rules', { body: {
    name: 'Careless', event: 'work_note', recipients: ['requester', 'watchers'], channels: ['in_app', 'email'] } })).status, 201);
  const before_ = sink.messages.length;
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'SECRET-NOTE server password is hunter2', internal: true } })).status, 201);
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'We are replacing the roller.' } })).status, 201);
  for (const who of [eu1, eu2]) {
    const box = await inbox(who);
    assert.deepEqual(box.items.map((x) => x.event), ['commented']);
    assert.match(box.items[0].body, /We are replacing the roller\./);
  }
  const a2 = (await inbox(agent2)).items.map((x) => x.event);
  assert.deepEqual(a2, ['work_note', 'created'], 'the group hears of the work note');
  await until('the reply by email', () => mailsTo('eu1@example.com').length && mailsTo('eu2@example.com').length);
  await sleep(1500); // the mailer has had its chance to send anything else
  for (const m of sink.messages.slice(before_)) assert.ok(!m.data.includes('SECRET-NOTE'), `work note mailed to ${m.to}`);
  assert.equal(mailsTo('eu1@example.com').length, 1);
  const outbox = (await admin('GET', '/api/v1/outbox')).json.items;
  assert.ok(!outbox.some((o) => o.body.includes('SECRET-NOTE') && /^eu/.test(o.to)));
});

test('the inbox: newest first, unread count, mark one or all read, nobody else\'s', async () => {
  const box = await inbox(agent2);
  assert.ok(box.unread >= 2);
  const id = box.items[0].id;
  assert.equal((await agent2('POST', `/api/v1/me/notifications/${id}/read`)).status, 204);
  const after1 = await inbox(agent2);
  assert.equal(after1.unread, box.unread - 1);
  assert.ok(after1.items[0].read_at);
  assert.deepEqual((await inbox(agent2, '?unread=true')).items.map((x) => x.id), box.items.slice(1).map((x) => x.id));
  assert.equal((await eu1('POST', `/api/v1/me/notifications/${box.items[1].id}/read`)).status, 404, 'not yours');
  assert.equal((await agent2('POST', '/api/v1/me/notifications/999999/read')).status, 404);
  assert.equal((await agent2('POST', '/api/v1/me/notifications/read')).status, 204);
  assert.equal((await inbox(agent2)).unread, 0);
  const page = await agent2('GET', '/api/v1/me/notifications?limit=1');
  assert.equal(page.json.items.length, 1);
  const next = await agent2('GET', `/api/v1/me/notifications?limit=1&cursor=${encodeURIComponent(page.json.next_cursor)}`);
  assert.ok(next.json.items[0].id < page.json.items[0].id);
  assert.equal((await api(s, 'GET', '/api/v1/me/notifications')).status, 401);
  assert.equal((await agent2('GET', '/api/v1/me/notifications?unread=maybe')).status, 400);
});

test('email that cannot be delivered is given up after the configured attempts, with the error kept', async () => {
  const r = await agent1('POST', '/api/v1/incidents', { body: { title: 'for the bouncer', assignment_group: 'Bouncy' } });
  assert.equal(r.status, 201);
  const failed = await until('the give-up', async () => {
    const o = (await admin('GET', '/api/v1/outbox?state=failed')).json.items;
    return o.length ? o : null;
  });
  assert.equal(failed[0].to, 'bounce@example.com');
  assert.equal(failed[0].attempts, 4);
  assert.equal(failed[0].next_attempt_at, null);
  assert.match(failed[0].last_error, /550/);
  assert.equal(mailsTo('bounce@example.com').length, 0);
  assert.equal((await admin('GET', '/api/v1/outbox?state=lost')).status, 400);
  assert.equal((await agent1('GET', '/api/v1/outbox')).status, 403);
});

test('a mail server that is down is retried later; a restart loses nothing and sends nothing twice', async () => {
  await sink.stop();
  const port = sink.port;
  const old = sink.messages;
  const r = await agent1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'while the mail server is down' } });
  assert.equal(r.status, 201);
  // the mailer tries, fails to connect, and keeps the rows for later
  const waiting = await until('a failed attempt', async () => {
    const o = (await admin('GET', '/api/v1/outbox?state=pending')).json.items;
    return o.length === 2 && o.every((x) => x.attempts >= 1) ? o : null;
  });
  for (const o of waiting) assert.match(o.last_error, /connect|refused/i);
  await s.stop();
  sink = await startSink(['--port', String(port)]);
  sink.messages.unshift(...old);
  await s.start();
  await until('the queued replies', () => mailsTo('eu1@example.com').length === 2 && mailsTo('eu2@example.com').length === 2);
  await sleep(2500);
  const ids = sink.messages.map((m) => header(m.data, 'Message-ID'));
  assert.equal(new Set(ids).size, ids.length, 'no message was delivered twice');
  const outbox = (await admin('GET', '/api/v1/outbox?limit=200')).json.items;
  assert.equal(outbox.filter((o) => o.state === 'sent').length, sink.messages.length);
  assert.equal(outbox.filter((o) => o.state === 'pending' || o.state === 'sending').length, 0);
});

test('templates are editable and checked; the subject always carries the number', async () => {
  const bad = await admin('PUT', '/api/v1/notification-templates/commented', { body: { subject: 'x {{nope}}', body: '{{detail' } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['body', 'subject']);
  assert.equal((await admin('PUT', '/api/v1/notification-templates/gossip', { body: { subject: 'x', body: 'y' } })).status, 404);
  assert.equal((await agent1('PUT', '/api/v1/notification-templates/commented', { body: { subject: 'x', body: 'y' } })).status, 403);
  const ok = await admin('PUT', '/api/v1/notification-templates/commented', { body: { subject: 'Re: {{title}}', body: '{{actor}} says: {{detail}}' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.subject, 'Re: {{title}}');
  // one per event the API names (the rule input's enum)
  const events = (await agent1('GET', '/api/v1/openapi.json')).json.components.schemas.NotificationRuleInput.properties.event.enum;
  assert.ok(events.includes('mail_received') && events.includes('survey_low') && events.includes('agreement_review') && events.length >= 18);
  assert.deepEqual((await agent1('GET', '/api/v1/notification-templates')).json.items.map((x) => x.event).sort(), [...events].sort(), 'one per event');
  await agent1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'templated' } });
  const box = await inbox(eu1);
  assert.equal(box.items[0].subject, `[${n}] Re: Café printer jammed`);
  assert.equal(box.items[0].body, 'agent1 says: templated');
  // a long value is cut with an ellipsis, never refused
  assert.equal((await admin('PUT', '/api/v1/notification-templates/commented', { body: { subject: '{{detail}} {{detail}}', body: '{{detail}}' } })).status, 200);
  const long = 'é'.repeat(3000);
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/comments`, { body: { body: long } })).status, 201);
  const cut = (await inbox(eu1)).items[0];
  assert.ok(Buffer.byteLength(cut.subject) <= 900 + 20, `${Buffer.byteLength(cut.subject)} bytes`);
  assert.ok(cut.subject.endsWith('…'));
  assert.ok(!cut.subject.includes('\ufffd'), 'cut between characters, not inside one');
  assert.equal(cut.body, long);
});

test('rules: admins manage them; a rule can address a fixed group, such as the major-incident team', async () => {
  const before_ = fingerprint(s);
  const cases = [
    [{ name: 'x', event: 'gossip', channels: ['in_app'], recipients: ['requester'] }, ['event']],
    [{ name: 'x', event: 'major', channels: ['pigeon'], recipients: ['everyone'] }, ['channels[0]', 'recipients[0]']],
    [{ name: 'x', event: 'major', channels: [], recipients: ['requester'] }, ['channels']],
    [{ name: 'x', event: 'major', channels: ['in_app'], recipients: [] }, ['recipients']],
    [{ name: 'x', event: 'major', channels: ['in_app'], group: 'Nope' }, ['group']],
    [{ name: 'x' }, ['channels', 'event']],
  ];
  for (const [body, fields] of cases) {
    const r = await admin('POST', '/api/v1/notification-rules', { body });
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.deepEqual(fieldsOf(r), fields, JSON.stringify(body));
  }
  assert.equal(fingerprint(s), before_);
  const r = await admin('POST', '/api/v1/notification-rules', { body: { name: 'MIM team', event: 'major', recipients: [], group: 'MIM', channels: ['in_app'] } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.deepEqual([r.json.group, r.json.recipients, r.json.channels], ['MIM', [], ['in_app']]);
  assert.equal((await agent1('POST', '/api/v1/notification-rules', { body: { name: 'y', event: 'major', group: 'MIM', channels: ['in_app'] } })).status, 403);
  assert.equal((await agent1('POST', `/api/v1/incidents/${n}/major`, { body: { reason: 'whole floor cannot print' } })).status, 200);
  const mim = await inbox(as(s, 'mim1'));
  assert.deepEqual(mim.items.map((x) => x.event), ['major']);
  assert.match(mim.items[0].body, /whole floor cannot print/);
  assert.equal((await inbox(as(s, 'boss'))).items.filter((x) => x.event === 'major').length, 1, 'the default rule: the group manager');
  const off = await admin('PATCH', '/api/v1/notification-rules/MIM team', { body: { active: false } });
  assert.equal(off.status, 200);
  assert.equal(off.json.active, false);
  assert.deepEqual(fieldsOf(await admin('PATCH', '/api/v1/notification-rules/MIM team', { body: { name: 'other' } })), ['name']);
  const list = (await agent1('GET', '/api/v1/notification-rules')).json.items;
  assert.ok(list.some((x) => x.name === 'MIM team' && !x.active));
});

test('SLA breaches reach the assignee and the group manager', async () => {
  assert.equal((await admin('POST', '/api/v1/sla-policies', { body: {
    name: 'Quick', position: 0, match_group: 'Quick', calendar: '24x7', resolution_seconds: 1 } })).status, 201);
  const r = await as(s, 'quick1')('POST', '/api/v1/incidents', { body: { title: 'quick one' } });
  const q = r.json.number;
  assert.equal((await agent1('PATCH', `/api/v1/incidents/${q}`, { body: { assignment_group: 'Desk', assignee: 'agent2' }, headers: { 'If-Match': '1' } })).status, 200);
  const breach = await until('the breach notice', async () => (await inbox(agent2)).items.find((x) => x.event === 'sla_breach' && x.ticket === q));
  assert.match(breach.body, /resolution target/);
  assert.ok((await inbox(as(s, 'boss'))).items.some((x) => x.event === 'sla_breach' && x.ticket === q));
  assert.ok(!(await inbox(as(s, 'quick1'))).items.some((x) => x.event.startsWith('sla')), 'not the caller');
  assert.ok(!(await inbox(as(s, 'cust'))).items.some((x) => x.ticket === q), 'not an end user in the group');
});
