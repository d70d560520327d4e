// The email channel (docs/email.md): `steward mail-in` fed real .eml
// files as an MTA's pipe would, against the server's database.  New mail
// becomes an incident of its sender, a reply a comment on the ticket it
// answers (by our Message-IDs or the subject tag), an agent's marked reply
// a work note, CC'd users watchers; automatic and bulk mail is kept and
// ignored; the same message twice changes nothing; a SIGKILL during intake
// loses nothing and duplicates nothing; the corpus of hostile messages
// never crashes nor half-creates; and a full round trip through the SMTP
// sink: Steward mails a notification, the user answers it, the answer is a
// comment on the right ticket.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { BIN, startServer, as, verify } from './lib.mjs';

const CORPUS = fileURLToPath(new URL('../mail/', import.meta.url));
const SINK = fileURLToPath(new URL('../support/smtp_sink.py', import.meta.url));
const DOVECOT = fileURLToPath(new URL('../support/dovecot.sh', import.meta.url));
let imap; // the throwaway Dovecot: { dir, port, tlsPort }
const MAIL_KEY = 'ab'.repeat(32);
// no per-sender rate here (the suite sends many messages as ann); its own test sets one
const env = { ...process.env, STEWARD_PASSWORD_COST: 'min', STEWARD_MAIL_KEY: MAIL_KEY, STEWARD_MAIL_SENDER_LIMIT: '0' };

let s, sink, admin, agent, ann;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function startSink() {
  return new Promise((resolve, reject) => {
    const proc = spawn('/usr/bin/python3', [SINK], { stdio: ['pipe', 'pipe', 'inherit'] });
    const sk = { proc, messages: [] };
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const j = JSON.parse(line);
      if (j.port) { sk.port = j.port; resolve(sk); } else sk.messages.push(j);
    });
    proc.on('error', reject);
    sk.stop = () => new Promise((done) => { proc.on('exit', done); proc.stdin.end(); });
  });
}

// One message through `steward mail-in`: its exit status and JSON line.
function mailIn(message, args = [], extraEnv = {}) {
  const r = spawnSync(BIN, ['mail-in', '--db', s.dbUrl, ...args], { input: message, env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 60000 });
  let out = null;
  try { out = JSON.parse(r.stdout); } catch { /* none */ }
  return { status: r.status, out, stderr: r.stderr };
}

let seq = 0;
function message({ from = 'Ann Example <ann@example.com>', to = 'help@steward.test', cc, subject, body, headers = {}, id }) {
  const lines = [`From: ${from}`, `To: ${to}`];
  if (cc) lines.push(`Cc: ${cc}`);
  lines.push(`Subject: ${subject}`, `Message-ID: <${id || `t${++seq}-${Date.now()}@example.com`}>`,
    'Date: Thu, 3 Dec 2026 10:00:00 +0000', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8');
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return lines.join('\r\n') + '\r\n\r\n' + body.replace(/\n/g, '\r\n') + '\r\n';
}

const incidents = async () => (await admin('GET', '/api/v1/incidents?limit=200')).json.items;
const comments = async (who, n) => (await who('GET', `/api/v1/incidents/${n}/comments`)).json.items;

before(async () => {
  sink = await startSink();
  env.STEWARD_SMTP_URL = `smtp://127.0.0.1:${sink.port}`; // mail-in reads the server's settings: its mail is queued too
  const dir = mkdtempSync(join(tmpdir(), 'steward-imap-'));
  const ports = spawnSync(DOVECOT, ['start', dir], { encoding: 'utf8' });
  assert.equal(ports.status, 0, ports.stderr);
  const [port, tlsPort] = ports.stdout.trim().split(' ').map(Number);
  imap = { dir, port, tlsPort };
  s = await startServer({
    users: [{ login: 'ann', role: 'end_user' }, { login: 'bob', role: 'end_user' }, { login: 'agent', role: 'agent' },
      { login: 'eve', role: 'end_user' }],
    settings: { STEWARD_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, STEWARD_SMTP_TLS: 'no', STEWARD_MAILER_INTERVAL: '1s',
      STEWARD_MAIL_KEY: MAIL_KEY, STEWARD_MAIL_POLL_INTERVAL: '1s', STEWARD_MAIL_SENDER_LIMIT: '0', STEWARD_IMAP_CA_FILE: join(imap.dir, 'ca.pem') },
  });
  admin = as(s, 'admin');
  agent = as(s, 'agent');
  ann = as(s, 'ann');
});
after(async () => {
  await s.cleanup();
  await sink.stop();
  spawnSync(DOVECOT, ['stop', imap.dir]);
  rmSync(imap.dir, { recursive: true, force: true });
});

// A message delivered into the test mailbox by dovecot-lda, as an MTA does.
function deliver(raw) {
  const r = spawnSync(DOVECOT, ['deliver', imap.dir], { input: raw, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}
// The UIDs an IMAP search finds in a folder (curl, not Steward).
function imapSearch(folder, criteria) {
  const r = spawnSync('curl', ['-s', '--user', 'desk:desk-pass', `imap://127.0.0.1:${imap.port}/${folder}`, '-X', `UID SEARCH ${criteria}`], { encoding: 'utf8' });
  return (r.stdout.match(/\* SEARCH(.*)/)?.[1] || '').trim().split(/\s+/).filter(Boolean).map(Number);
}
async function until(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

test('new mail from a user is an incident they requested, on the email channel, CC\'d users watching', async () => {
  const r = mailIn(message({ cc: 'Bob <BOB@example.com>, Stranger <nobody@elsewhere.test>', subject: 'Printer on floor 3 is jammed',
    body: 'Hello,\n\nthe printer jams on every page.\n\nAnn\n-- \nAnn Example | Finance' }));
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.out.verdict, 'new');
  assert.match(r.out.ticket, /^INC\d{7}$/);
  const t = (await ann('GET', `/api/v1/incidents/${r.out.ticket}`)).json;
  assert.equal(t.title, 'Printer on floor 3 is jammed');
  assert.equal(t.description, 'Hello,\n\nthe printer jams on every page.\n\nAnn', 'the signature is trimmed');
  assert.equal(t.requester, 'ann');
  assert.equal(t.channel, 'email');
  assert.deepEqual(t.watchers, ['bob']);
  // the whole message is kept beside the trimmed text
  const at = (await ann('GET', `/api/v1/incidents/${r.out.ticket}/attachments`)).json.items;
  assert.deepEqual(at.map((a) => a.filename), ['message.eml']);
});

test('a reply threads by our Message-IDs, else by the subject tag; quotes are trimmed', async () => {
  const n = mailIn(message({ subject: 'VPN drops', body: 'It drops.' })).out.ticket;
  const before_ = (await comments(ann, n)).length;
  let r = mailIn(message({ subject: 'Re: something else entirely', body: 'Still dropping.\n\nOn Thu, 3 Dec 2026, Steward wrote:\n> old text',
    headers: { 'In-Reply-To': '<notification-999@steward>', References: `<${n}@steward> <notification-999@steward>` } }));
  assert.equal(r.out.verdict, 'reply');
  assert.equal(r.out.ticket, n);
  r = mailIn(message({ subject: `RE: [${n}] VPN drops`, body: 'And again.\n\n-----Original Message-----\nFrom: Steward' }));
  assert.equal(r.out.verdict, 'reply');
  assert.equal(r.out.ticket, n);
  const cs = await comments(ann, n);
  assert.deepEqual(cs.slice(before_).map((c) => [c.author, c.body, c.internal]),
    [['ann', 'Still dropping.', false], ['ann', 'And again.', false]]);
  assert.equal((await incidents()).filter((t) => t.title.includes('something else')).length, 0);
});

test('an agent\'s marked reply is a work note the requester never sees; someone else\'s ticket is not theirs to answer', async () => {
  const n = mailIn(message({ subject: 'Laptop fan loud', body: 'Loud.' })).out.ticket;
  const r = mailIn(message({ from: 'agent@example.com', subject: `Re: [${n}] Laptop fan loud`, body: '#note\nVendor says the fan is worn.' }));
  assert.equal(r.out.verdict, 'note');
  const internal = (await comments(agent, n)).filter((c) => c.internal);
  assert.deepEqual(internal.map((c) => [c.author, c.body]), [['agent', 'Vendor says the fan is worn.']]);
  assert.ok(!(await comments(ann, n)).some((c) => c.body.includes('worn')));
  // an agent's reply without the marker is public
  assert.equal(mailIn(message({ from: 'agent@example.com', subject: `Re: [${n}] x`, body: 'We ordered a fan.' })).out.verdict, 'reply');
  // eve may not see ann's ticket: her "reply" raises her own incident instead of leaking into ann's
  const e = mailIn(message({ from: 'eve@example.com', subject: `Re: [${n}] Laptop fan loud`, body: 'me too' }));
  assert.equal(e.out.verdict, 'new');
  assert.notEqual(e.out.ticket, n);
  assert.ok(!(await comments(agent, n)).some((c) => c.body === 'me too'));
});

test('an agent\'s reply to a work note\'s message is a work note, marker or not; nothing it quotes is attached for the requester', async () => {
  const n = mailIn(message({ subject: 'Badge reader dead', body: 'Cannot get in.' })).out.ticket;
  const t = (await admin('GET', `/api/v1/incidents/${n}`)).json;
  assert.equal((await admin('PATCH', `/api/v1/incidents/${n}`, { body: { assignee: 'agent' }, headers: { 'if-match': String(t.version) } })).status, 200);
  assert.equal((await admin('POST', '/api/v1/notification-rules', { body: {
    name: 'Notes to the assignee', event: 'work_note', recipients: ['assignee'], channels: ['email'] } })).status, 201);
  assert.equal((await admin('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'NOTE-SECRET: the vendor is on notice', internal: true } })).status, 201);
  const note = (await admin('GET', '/api/v1/outbox?limit=200')).json.items.find((m) => m.event === 'work_note' && m.ticket === n);
  assert.ok(note, 'the work note was queued to the assignee');
  const r = mailIn(message({ from: 'agent@example.com', subject: `Re: [${n}] Work note`,
    body: 'Agreed, chase them.\n\nOn Thu, 3 Dec 2026, Steward wrote:\n> NOTE-SECRET: the vendor is on notice',
    headers: { 'In-Reply-To': `<notification-${note.id}@steward>`, References: `<${n}@steward> <notification-${note.id}@steward>` } }));
  assert.equal(r.out.verdict, 'note');
  assert.ok((await comments(agent, n)).some((c) => c.internal && c.body === 'Agreed, chase them.'));
  assert.ok(!(await comments(ann, n)).some((c) => c.body.includes('chase')));
  // an agent's public reply that quotes something: the comment is public, the whole message is not attached
  const pub = mailIn(message({ from: 'agent@example.com', subject: `Re: [${n}] Badge reader dead`,
    body: 'A technician comes at noon.\n\nOn Thu, 3 Dec 2026, Steward wrote:\n> NOTE-SECRET: quoted from elsewhere' }));
  assert.equal(pub.out.verdict, 'reply');
  const files = (await ann('GET', `/api/v1/incidents/${n}/attachments`)).json.items;
  assert.deepEqual(files.map((f) => f.filename), []);
  // a customer's reply that quotes: attached whole, as before
  const theirs = mailIn(message({ subject: `Re: [${n}] Badge reader dead`, body: 'Thanks.\n\nOn Thu, 3 Dec 2026, Steward wrote:\n> A technician comes at noon.' }));
  assert.equal(theirs.out.verdict, 'reply');
  assert.deepEqual((await ann('GET', `/api/v1/incidents/${n}/attachments`)).json.items.map((f) => f.filename), ['message.eml']);
});

test('the same message twice creates nothing new; automatic, bulk and unknown senders are kept, not acted on', async () => {
  const m = message({ subject: 'Once only', body: 'Only once please.' });
  const first = mailIn(m);
  assert.equal(first.out.verdict, 'new');
  const count = (await incidents()).length;
  const again = mailIn(m);
  assert.equal(again.status, 0);
  assert.equal(again.out.verdict, 'duplicate');
  assert.equal(again.out.ticket, first.out.ticket);
  assert.equal(again.out.message, first.out.message);
  // an MTA's redelivery with one more Received line is the same message (its Message-ID)
  assert.equal(mailIn('Received: from mx2.example.com\r\n' + m).out.verdict, 'duplicate');
  for (const [headers, why] of [[{ 'Auto-Submitted': 'auto-replied' }, /Auto-Submitted/], [{ Precedence: 'bulk' }, /bulk/]]) {
    const r = mailIn(message({ subject: `[${first.out.ticket}] Out of office`, body: 'Away.', headers }));
    assert.equal(r.status, 0);
    assert.equal(r.out.verdict, 'ignore');
    assert.match(r.out.reason, why);
  }
  const u = mailIn(message({ from: 'stranger@elsewhere.test', subject: 'Hi', body: 'Who am I?' }));
  assert.equal(u.status, 0, 'refused by default, not bounced');
  assert.equal(u.out.verdict, 'refused');
  assert.match(u.out.reason, /stranger@elsewhere\.test' is not a user/);
  assert.equal((await incidents()).length, count, 'nothing was raised');
  assert.equal((await comments(ann, first.out.ticket)).length, 0);
});

test('the corpus of real-world-shaped and hostile messages: each stored, processed or refused, never a crash or a half-made ticket', async () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml')).sort();
  assert.ok(files.length >= 15);
  const want = {
    'mail_auto_reply.eml': 'ignore', 'mail_bulk_list.eml': 'ignore', 'mail_bounce_dsn.eml': 'bounce',
    'mail_outlook_html_only.eml': 'refused', 'mail_winmail_tnef.eml': 'refused', 'mail_apple_inline_image.eml': 'refused',
  };
  for (const f of files) {
    // the corpus is from example.org: make its senders ours
    const raw = readFileSync(join(CORPUS, f), 'latin1').replace(/@example\.org/gi, '@example.com');
    const r = mailIn(Buffer.from(raw, 'latin1'));
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
    assert.ok(r.out, `${f}: no report`);
    if (want[f]) assert.equal(r.out.verdict, want[f], f);
    else assert.ok(['new', 'reply', 'note'].includes(r.out.verdict), `${f}: ${JSON.stringify(r.out)}`);
    if (r.out.ticket) assert.equal((await admin('GET', `/api/v1/incidents/${r.out.ticket}`)).status, 200);
  }
  // a message over the size limit: stored (its head) and refused
  const big = message({ subject: 'Huge', body: 'x' }) + 'A'.repeat(26 * 1024 * 1024);
  const r = mailIn(big);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.out.verdict, 'refused');
  assert.match(r.out.reason, /over the limit/);
  assert.equal(verify(s).ok, true);
});

test('a thousand attachments: the first fifty kept, the rest counted in the ticket', async () => {
  const raw = readFileSync(join(CORPUS, 'mail_thousand_parts.eml'), 'latin1').replace(/ann@example\.org/g, 'ann@example.com')
    .replace('<thousand@example.org>', '<thousand-2@example.org>');
  const r = mailIn(Buffer.from(raw, 'latin1'));
  assert.equal(r.out.verdict, 'new');
  const t = (await ann('GET', `/api/v1/incidents/${r.out.ticket}`)).json;
  assert.match(t.description, /^Body before a thousand attachments\.\n\n\(950 attachments over the limits were not kept; the message is\.\)$/);
  const at = (await ann('GET', `/api/v1/incidents/${r.out.ticket}/attachments`)).json.items;
  assert.equal(at.length, 50);
  assert.equal(at[0].filename, 'p0.txt');
});

test('exit 75 when storage is unavailable (the MTA keeps the message), 67 for an unknown mailbox is not given', () => {
  const r = spawnSync(BIN, ['mail-in', '--db', 'sqlite:/nonexistent/dir/x.db'], { input: message({ subject: 'x', body: 'y' }), env, encoding: 'utf8' });
  assert.equal(r.status, 75);
  const m = spawnSync(BIN, ['mail-in', '--db', s.dbUrl, '--mailbox', 'no-such-box'], { input: message({ subject: 'x', body: 'y' }), env, encoding: 'utf8' });
  assert.equal(m.status, 75, 'an unknown mailbox is a configuration error: deliver again later');
  assert.match(m.stderr, /no mailbox 'no-such-box'/);
});

test('SIGKILL during intake loses nothing and duplicates nothing', async () => {
  // a message with attachments, so intake takes a while
  const att = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
  const raw = ['From: ann@example.com', 'To: help@steward.test', 'Subject: Killed in flight', 'Message-ID: <killed-1@example.com>',
    'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="k"', '', '--k', 'Content-Type: text/plain', '', 'Body.',
    '--k', 'Content-Type: application/octet-stream; name="a.bin"', 'Content-Transfer-Encoding: base64', '', att,
    '--k', 'Content-Type: application/octet-stream; name="b.bin"', 'Content-Transfer-Encoding: base64', '', att, '--k--', ''].join('\r\n');
  for (const delay of [5, 40, 80, 120, 200]) {
    const p = spawn(BIN, ['mail-in', '--db', s.dbUrl], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise((r) => p.on('exit', r));
    p.stdin.on('error', () => {});
    p.stdin.end(raw);
    await sleep(delay);
    p.kill('SIGKILL');
    await exited;
  }
  // the MTA delivers again until it is told 0
  const r = mailIn(raw);
  assert.equal(r.status, 0);
  assert.ok(['new', 'duplicate'].includes(r.out.verdict));
  const again = mailIn(raw);
  assert.equal(again.out.verdict, 'duplicate');
  const made = (await incidents()).filter((t) => t.title === 'Killed in flight');
  assert.equal(made.length, 1, 'exactly one incident');
  const at = (await ann('GET', `/api/v1/incidents/${made[0].number}/attachments`)).json.items;
  assert.deepEqual(at.map((a) => a.filename).sort(), ['a.bin', 'b.bin']);
  assert.equal(verify(s).ok, true);
});

test('round trip: Steward mails a notification, the user replies to it, the reply is a comment on that ticket', async () => {
  assert.equal((await admin('POST', '/api/v1/notification-rules', { body: {
    name: 'Tell requesters', event: 'commented', recipients: ['requester'], channels: ['email'] } })).status, 201);
  const n = mailIn(message({ subject: 'Round trip', body: 'Start.' })).out.ticket;
  const other = mailIn(message({ subject: 'Another one', body: 'Noise.' })).out.ticket;
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'Please restart it.' } })).status, 201);
  let mail;
  for (let i = 0; i < 100 && !mail; i++) {
    mail = sink.messages.find((m) => m.to.includes('ann@example.com') && m.data.includes(`X-Steward-Ticket: ${n}`));
    if (!mail) await sleep(200);
  }
  assert.ok(mail, 'the notification was mailed');
  const header = (name) => (mail.data.match(new RegExp(`^${name}: (.*)$`, 'mi')) || [])[1]?.trim();
  // the reply a mail client writes: no tag kept in the subject, only the headers thread it
  const reply = message({ subject: 'Re: your request', body: `Restarted, works now.\n\nOn Thu, Steward wrote:\n> Please restart it.`,
    headers: { 'In-Reply-To': header('Message-ID'), References: `${header('References')} ${header('Message-ID')}` } });
  const r = mailIn(reply);
  assert.equal(r.out.verdict, 'reply');
  assert.equal(r.out.ticket, n);
  const cs = await comments(ann, n);
  assert.deepEqual(cs.at(-1).body, 'Restarted, works now.');
  assert.equal(cs.at(-1).author, 'ann');
  assert.equal((await comments(ann, other)).length, 0);
  // the same notification bounces: the outbox marks it failed
  const sent = async () => (await admin('GET', '/api/v1/outbox?state=sent')).json.items;
  const nid = Number(header('Message-ID').match(/notification-(\d+)@/)[1]);
  for (let i = 0; i < 50 && !(await sent()).some((x) => x.id === nid); i++) await sleep(200);
  const dsn = ['From: MAILER-DAEMON@mx.example.com', 'To: steward@localhost', 'Subject: Undelivered Mail Returned to Sender',
    'Message-ID: <dsn-1@mx.example.com>', 'MIME-Version: 1.0', 'Content-Type: multipart/report; report-type=delivery-status; boundary="b"', '',
    '--b', 'Content-Type: text/plain', '', 'Could not deliver.', '--b', 'Content-Type: text/rfc822-headers', '',
    `Message-ID: ${header('Message-ID')}`, `Subject: [${n}] x`, '', '--b--', ''].join('\r\n');
  const b = mailIn(dsn);
  assert.equal(b.out.verdict, 'bounce');
  assert.match(b.out.reason, new RegExp(`notification ${nid} marked failed`));
  const failed = (await admin('GET', '/api/v1/outbox?state=failed')).json.items;
  assert.ok(failed.some((x) => x.id === nid && /^bounced: /.test(x.last_error)), JSON.stringify(failed));
});

test('a ticket raised from mail is acknowledged to its sender by the mail_received template; a reply to that mail threads, and raises no second acknowledgement', async () => {
  const n = mailIn(message({ subject: 'Printer on fire', body: 'Smoke on floor 2.' })).out.ticket;
  const acks = () => sink.messages.filter((m) => m.to.includes('ann@example.com') && m.data.includes(`X-Steward-Ticket: ${n}`)
    && /Subject: \[[A-Z]+\d+\] We received your message: Printer on fire/.test(m.data));
  const ack = await until('the acknowledgement', () => acks()[0]);
  assert.match(ack.data, new RegExp(`We have recorded it as ${n} "Printer on fire"`));
  assert.match(ack.data, /^Auto-Submitted: auto-generated/mi, 'an automatic mail: a mail loop stops at it');
  const header = (name) => (ack.data.match(new RegExp(`^${name}: (.*)$`, 'mi')) || [])[1]?.trim();
  const r = mailIn(message({ subject: 'Re: We received your message', body: 'It is out now.',
    headers: { 'In-Reply-To': header('Message-ID'), References: `${header('References')} ${header('Message-ID')}` } }));
  assert.deepEqual([r.out.verdict, r.out.ticket], ['reply', n]);
  // the agent's public reply is mailed (the rule of the round trip test or not): wait for the outbox to drain, then count
  await until('the outbox drained', async () => (await admin('GET', '/api/v1/outbox?state=pending')).json.items.length === 0);
  assert.equal(acks().length, 1, 'one acknowledgement, for the new ticket only');
  // admins can reword it like any template
  const t = (await admin('GET', '/api/v1/notification-templates')).json.items.find((x) => x.event === 'mail_received');
  assert.match(t.subject, /We received your message/);
});

test('a sender over mail_sender_limit messages an hour is kept and ignored, with the reason; nothing is raised', async () => {
  for (const [login, email] of [['rate', 'Rate@Example.com'], ['calm', 'calm@example.com']])
    assert.equal((await admin('POST', '/api/v1/users', { body: { login, name: login, email, role: 'end_user', password: 'long-enough-pw' } })).status, 201);
  const limited = { STEWARD_MAIL_SENDER_LIMIT: '2' };
  const before = (await incidents()).length;
  const outs = [1, 2, 3].map((i) => mailIn(message({ from: 'rate@example.com', subject: `Flood ${i}`, body: 'x' }), [], limited));
  assert.deepEqual(outs.map((o) => [o.status, o.out.verdict]), [[0, 'new'], [0, 'new'], [0, 'ignore']]);
  assert.equal(outs[2].out.reason, 'sender over the limit of 2 messages an hour');
  assert.ok(!outs[2].out.ticket, 'no ticket');
  assert.equal((await incidents()).length, before + 2);
  // the address is matched in any case; another sender is not held back by this one
  assert.equal(mailIn(message({ from: 'RATE@example.COM', subject: 'Flood 4', body: 'x' }), [], limited).out.verdict, 'ignore');
  assert.equal(mailIn(message({ from: 'calm@example.com', subject: 'Not a flood', body: 'x' }), [], limited).out.verdict, 'new');
  // without a limit it is acted on again
  assert.equal(mailIn(message({ from: 'rate@example.com', subject: 'Flood 5', body: 'x' }), [], { STEWARD_MAIL_SENDER_LIMIT: '0' }).out.verdict, 'new');
  await verify(s);
});

test('mailboxes: admins keep them, the password is sealed and never shown, mail-in follows their defaults and policy', async () => {
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Mail desk', members: ['agent'] } })).status, 201);
  // no IMAP URL: mail comes only through mail-in (the poller leaves it alone)
  const r = await admin('POST', '/api/v1/mailboxes', { body: { name: 'support', imap_url: '', imap_user: 'desk',
    password: 's3cret-pass', folder: 'INBOX', processed_folder: 'Done', category: 'Email', group: 'Mail desk', unknown_sender: 'create' } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.deepEqual(r.json, { name: 'support', description: '', imap_url: '', imap_user: 'desk', has_password: true,
    folder: 'INBOX', processed_folder: 'Done', kind: 'incident', category: 'Email', group: 'Mail desk', unknown_sender: 'create',
    active: true, created_at: r.json.created_at, updated_at: r.json.updated_at });
  assert.ok(!JSON.stringify((await admin('GET', '/api/v1/mailboxes')).json).includes('s3cret'));
  assert.equal((await agent('GET', '/api/v1/mailboxes')).status, 403, 'credentials: admins only');
  // an unknown sender becomes an end user and the requester of an incident in the mailbox's group and category
  const m = mailIn(message({ from: 'New Person <new.person@example.net>', subject: 'First contact', body: 'Hello desk.' }), ['--mailbox', 'support']);
  assert.equal(m.out?.verdict, 'new', JSON.stringify(m));
  const t = (await admin('GET', `/api/v1/incidents/${m.out.ticket}`)).json;
  assert.deepEqual([t.requester, t.assignment_group, t.category, t.channel], ['new.person', 'Mail desk', 'Email', 'email']);
  const u = (await admin('GET', '/api/v1/users/new.person')).json;
  assert.deepEqual([u.role, u.email, u.name], ['end_user', 'new.person@example.net', 'New Person']);
  // bounce policy: the MTA is told "unknown user" (67), and the message is kept as refused
  assert.equal((await admin('PATCH', '/api/v1/mailboxes/support', { body: { unknown_sender: 'bounce', password: null } })).json.has_password, false);
  const b = mailIn(message({ from: 'ghost@example.net', subject: 'Boo', body: 'x' }), ['--mailbox', 'support']);
  assert.equal(b.status, 67);
  assert.equal(b.out.verdict, 'refused');
  // a message longer than a description holds is cut (the whole of it attached), not refused
  const long = mailIn(message({ from: 'Long Writer <long.writer@example.net>', subject: 'Long', body: 'é'.repeat(150000) }), ['--mailbox', 'support']);
  assert.equal(long.status, 67, 'the policy is bounce now');
  assert.equal((await admin('PATCH', '/api/v1/mailboxes/support', { body: { unknown_sender: 'create' } })).status, 200);
  const long2 = mailIn(message({ from: 'Long Writer <long.writer@example.net>', subject: 'Long', body: 'é'.repeat(150000), id: 'long-2@example.net' }), ['--mailbox', 'support']);
  assert.equal(long2.out?.verdict, 'new', JSON.stringify(long2));
  const lt = (await admin('GET', `/api/v1/incidents/${long2.out.ticket}`)).json;
  assert.equal([...lt.description].length, 100000);
  assert.deepEqual((await admin('GET', `/api/v1/incidents/${long2.out.ticket}/attachments`)).json.items.map((a) => a.filename), ['message.eml']);
  assert.equal((await admin('PATCH', '/api/v1/mailboxes/support', { body: { unknown_sender: 'bounce' } })).status, 200);
  const st = await admin('GET', '/api/v1/mailboxes/support/status');
  assert.equal(st.status, 200);
  assert.deepEqual(st.json, { name: 'support', active: true, last_poll_at: null, last_error: null, messages: 4,
    counts: { new: 2, reply: 0, note: 0, ignore: 0, bounce: 0, refused: 2 } });
  // bad input changes nothing
  for (const [body, field] of [[{ imap_url: 'http://x' }, 'imap_url'], [{ unknown_sender: 'maybe' }, 'unknown_sender'],
    [{ kind: 'change-task' }, 'kind'], [{ group: 'No such' }, 'group'], [{ folder: 'a\r\nb' }, 'folder']]) {
    const x = await admin('PATCH', '/api/v1/mailboxes/support', { body });
    assert.equal(x.status, 422, JSON.stringify(body));
    assert.ok(x.json.errors.some((e) => e.field === field), JSON.stringify(x.json));
  }
  assert.equal((await admin('GET', '/api/v1/mailboxes/support')).json.unknown_sender, 'bounce');
  assert.equal((await admin('GET', '/api/v1/mailboxes/nope/status')).status, 404);
});

test('IMAP polling of a real Dovecot, plain and TLS: messages become tickets, then are moved or flagged, never deleted', async () => {
  const byTitle = async (title) => (await incidents()).find((t) => t.title === title);
  // plain IMAP, moved to the processed folder after commit
  assert.equal((await admin('POST', '/api/v1/mailboxes', { body: { name: 'imap-plain', imap_url: `imap://127.0.0.1:${imap.port}`,
    imap_user: 'desk', password: 'desk-pass', folder: 'INBOX', processed_folder: 'Done' } })).status, 201);
  deliver(message({ subject: 'Polled over IMAP', body: 'Hello from the mail server.', id: 'imap-plain-1@example.com' }));
  const t = await until('the polled ticket', () => byTitle('Polled over IMAP'));
  assert.equal(t.requester, 'ann');
  assert.equal(t.channel, 'email');
  await until('the message moved', () => imapSearch('Done', 'ALL').length === 1 && imapSearch('INBOX', 'ALL').length === 0);
  const st = (await admin('GET', '/api/v1/mailboxes/imap-plain/status')).json;
  assert.equal(st.last_error, null);
  assert.ok(st.last_poll_at);
  assert.equal(st.counts.new, 1);
  // the same message delivered again: taken, moved, nothing new made
  deliver(message({ subject: 'Polled over IMAP', body: 'Hello from the mail server.', id: 'imap-plain-1@example.com' }));
  await until('the redelivery moved', () => imapSearch('Done', 'ALL').length === 2);
  assert.equal((await incidents()).filter((x) => x.title === 'Polled over IMAP').length, 1);
  assert.equal((await admin('PATCH', '/api/v1/mailboxes/imap-plain', { body: { active: false } })).status, 200);

  // IMAPS with the throwaway certificate, flagged in place
  assert.equal((await admin('POST', '/api/v1/mailboxes', { body: { name: 'imap-tls', imap_url: `imaps://127.0.0.1:${imap.tlsPort}`,
    imap_user: 'desk', password: 'desk-pass', folder: 'INBOX', processed_folder: '' } })).status, 201);
  deliver(message({ subject: 'Polled over IMAPS', body: 'Over TLS.', id: 'imap-tls-1@example.com' }));
  await until('the TLS ticket', () => byTitle('Polled over IMAPS'));
  await until('the message flagged', () => imapSearch('INBOX', 'KEYWORD $StewardDone').length === 1);
  assert.equal(imapSearch('INBOX', 'ALL').length, 1, 'flagged, not deleted');
  assert.equal((await admin('PATCH', '/api/v1/mailboxes/imap-tls', { body: { active: false } })).status, 200);

  // a wrong password: the status says so, and nothing is taken
  assert.equal((await admin('POST', '/api/v1/mailboxes', { body: { name: 'imap-bad', imap_url: `imap://127.0.0.1:${imap.port}`,
    imap_user: 'desk', password: 'wrong', processed_folder: 'Done' } })).status, 201);
  deliver(message({ subject: 'Never taken', body: 'x', id: 'imap-bad-1@example.com' }));
  const bad = await until('the error', async () => (await admin('GET', '/api/v1/mailboxes/imap-bad/status')).json.last_error);
  assert.match(bad, /imap: /);
  assert.equal(await byTitle('Never taken'), undefined);
  assert.equal((await admin('PATCH', '/api/v1/mailboxes/imap-bad', { body: { active: false } })).status, 200);
});

test('unregistered requester: a stranger\'s mail raises a ticket for the built-in account with their address as its contact; mail reaches them, their replies thread, nobody else\'s do', async () => {
  assert.equal((await admin('POST', '/api/v1/mailboxes', { body: { name: 'walkin', unknown_sender: 'unregistered' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/notification-rules', { body: {
    name: 'Tell walk-ins', event: 'commented', recipients: ['requester'], channels: ['email'] } })).status, 201);
  const walk = 'walk.in@example.org';
  const m = mailIn(message({ from: `Walk In <${walk}>`, subject: 'No account here', body: 'My screen is dark.' }), ['--mailbox', 'walkin']);
  assert.deepEqual([m.status, m.out?.verdict], [0, 'new'], JSON.stringify(m));
  const n = m.out.ticket;
  const t = (await agent('GET', `/api/v1/incidents/${n}`)).json;
  assert.deepEqual([t.requester, t.contact_email, t.contact_name, t.channel], ['unregistered', walk, 'Walk In', 'email']);
  assert.equal((await admin('GET', '/api/v1/users/walk.in')).status, 404, 'no account was made');
  // the acknowledgement goes to the address
  const mailsTo = (addr) => sink.messages.filter((x) => x.to.includes(addr) && x.data.includes(`X-Steward-Ticket: ${n}`));
  const ack = await until('the acknowledgement', () => mailsTo(walk).find((x) => /We received your message/.test(x.data)));
  // a public reply reaches them, a work note never does
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'Is it plugged in?' } })).status, 201);
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'Secret: user seems confused', internal: true } })).status, 201);
  await until('the reply mailed', () => mailsTo(walk).find((x) => x.data.includes('Is it plugged in?')));
  await until('the outbox drained', async () => (await admin('GET', '/api/v1/outbox?state=pending')).json.items.length === 0);
  assert.ok(!mailsTo(walk).some((x) => x.data.includes('Secret: user seems confused')), 'a work note is not mailed to the requester');
  // their answer to our mail is a comment of the ticket
  const header = (name) => (ack.data.match(new RegExp(`^${name}: (.*)$`, 'mi')) || [])[1]?.trim();
  const r = mailIn(message({ from: walk, subject: 'Re: We received your message', body: 'It is plugged in.',
    headers: { 'In-Reply-To': header('Message-ID'), References: `${header('References')} ${header('Message-ID')}` } }), ['--mailbox', 'walkin']);
  assert.deepEqual([r.out.verdict, r.out.ticket], ['reply', n]);
  const cs = await comments(agent, n);
  assert.deepEqual([cs.at(-1).author, cs.at(-1).body], ['unregistered', 'It is plugged in.']);
  // another stranger naming the ticket gets a ticket of their own, not a say on this one
  const o = mailIn(message({ from: 'Other <other@example.org>', subject: `Re: [${n}] me too`, body: 'Mine too.' }), ['--mailbox', 'walkin']);
  assert.equal(o.out.verdict, 'new');
  assert.notEqual(o.out.ticket, n);
  assert.equal((await agent('GET', `/api/v1/incidents/${o.out.ticket}`)).json.contact_email, 'other@example.org');
  assert.equal((await comments(agent, n)).length, 3);
  // nobody can become the account: it would read every stranger's ticket
  for (const [body, field] of [[{ active: true }, 'active'], [{ password: 'long-enough-pw' }, 'password'], [{ role: 'agent' }, 'role'],
    [{ email: 'desk-owned@example.org' }, 'email']]) {
    const x = await admin('PATCH', '/api/v1/users/unregistered', { body });
    assert.equal(x.status, 422, JSON.stringify(body));
    assert.ok(x.json.errors.some((e) => e.field === field), JSON.stringify(x.json));
  }
  const u = (await admin('GET', '/api/v1/users/unregistered')).json;
  assert.deepEqual([u.active, u.role], [false, 'end_user']);
  // end users see none of it, and its contact is the desk's to know
  assert.equal((await ann('GET', `/api/v1/incidents/${n}`)).status, 404);
  await verify(s);
});
