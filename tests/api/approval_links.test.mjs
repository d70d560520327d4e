// Approvals decided from the link in their email (issue #15,
// docs/requests.md#approval-links): each approver's approval_requested
// email carries a single-use, expiring link bound to their approval; the
// page needs the approver's own session (none: the login, which comes
// back), shows what is asked and takes the decision through the engine,
// consuming the link in the decision's transaction.  Reused, tampered,
// another approval's, another person's, expired links and approvals
// decided already are refused with a page and record nothing; the form
// post needs the session's CSRF token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startTwin, as, api, login, fingerprint, until, startSmtpSink, PASSWORD } from './lib.mjs';

const bodyOf = (data) => data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
const LINK = /https:\/\/desk\.example\.com(\/approval\/([0-9]+)\/(al_[A-Za-z0-9_-]{43}))/;

let sink, s, admin, agent, eu, boss, ann;
const ok = async (p, status) => { const x = await p; assert.equal(x.status, status, JSON.stringify(x.json)); return x.json; };
before(async () => {
  sink = await startSmtpSink();
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }, { login: 'boss', role: 'end_user' },
      { login: 'ann', role: 'end_user' }],
    settings: { STEWARD_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, STEWARD_SMTP_TLS: 'no', STEWARD_MAILER_INTERVAL: '1s',
      STEWARD_PUBLIC_URL: 'https://desk.example.com' },
  });
  admin = as(s, 'admin'); agent = as(s, 'agent1'); eu = as(s, 'eu1'); boss = as(s, 'boss'); ann = as(s, 'ann');
  await ok(admin('POST', '/api/v1/approval-policies', { body: { name: 'Laptops', kind: 'request', active: false,
    steps: [{ rule: 'all', users: ['boss', 'ann'] }] } }), 201);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Laptop', short_description: 'A laptop', cost: 1200,
    price: '1200 EUR', approval_policy: 'Laptops',
    variables: [{ name: 'model', type: 'choice', label: 'Model', options: ['standard', 'developer'], required: true },
      { name: 'why', type: 'text', label: 'Why <b>now</b>' }] } }), 201);
});
after(async () => { await s.cleanup(); await sink.stop(); });

// the link in the approval email to addr about number
async function linkOf(addr, number) {
  const m = await until(`the approval email to ${addr} for ${number}`,
    () => sink.messages.find((x) => x.to.includes(addr) && bodyOf(x.data).includes(number) && LINK.test(bodyOf(x.data))));
  const [, path, id, token] = bodyOf(m.data).match(LINK);
  return { path, id: Number(id), token };
}
const page = (path, session, opts = {}) => api(s, opts.method || 'GET', path, { cookie: session && session.cookie, ...opts });
const form = (fields) => new URLSearchParams(fields).toString();
const post = (path, session, fields) => api(s, 'POST', path, { cookie: session && session.cookie, raw: form(fields),
  contentType: 'application/x-www-form-urlencoded' });
const approvalsOf = async (number) => (await agent('GET', `/api/v1/requests/${number}/approvals`)).json.items[0].steps[0].approvals;

let number, bossLink, annLink, bossSession, annSession;
test('each approver is emailed a link of their own; without a session it sends the browser to the login and back', async () => {
  number = (await ok(eu('POST', '/api/v1/catalog-items/Laptop/order', { body: { variables: { model: 'developer', why: 'build <script>' } } }), 201)).number;
  bossLink = await linkOf('boss@example.com', number);
  annLink = await linkOf('ann@example.com', number);
  assert.notEqual(bossLink.token, annLink.token);
  const ids = Object.fromEntries((await approvalsOf(number)).map((a) => [a.approver, a.id]));
  assert.equal(bossLink.id, ids.boss);
  assert.equal(annLink.id, ids.ann);
  // the in-app message keeps the inbox link: the token is only in the email
  const inApp = await boss('GET', '/api/v1/me/notifications?limit=10');
  const mine = inApp.json.items.find((n) => n.ticket === number);
  assert.ok(mine, 'an in-app notification');
  assert.doesNotMatch(JSON.stringify(mine), /\/approval\/[0-9]+\/al_/);
  assert.match(mine.body, /#\/approvals/);

  const anon = await fetch(s.url + bossLink.path, { redirect: 'manual' });
  assert.equal(anon.status, 303);
  assert.equal(anon.headers.get('location'), `/#/login?next=${bossLink.path}`);
  // only a token of the shape issued is sent on to the login page: anything else is a page, not a redirect
  for (const bad of [bossLink.path.replace(/al_.*/, 'al_%0d%0aSet-Cookie:%20x=1'), bossLink.path.replace(/al_.*/, 'al_short'),
    bossLink.path + 'x', bossLink.path.replace(/al_/, 'zz_')]) {
    const r = await fetch(s.url + bad, { redirect: 'manual' });
    assert.equal(r.status, 400, bad);
    assert.equal(r.headers.get('location'), null, bad);
    assert.equal(r.headers.get('set-cookie'), null, bad);
  }
  const doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
  assert.ok(doc.paths['/approval/{id}/{token}'].get.responses['303'], 'the document says so');
});

test('the page shows what is asked, for the approver only, with a CSRF-protected form; nothing is recorded by reading it', async () => {
  bossSession = await login(s, 'boss', PASSWORD);
  annSession = await login(s, 'ann', PASSWORD);
  const fp = fingerprint(s);
  const p = await page(bossLink.path, bossSession);
  assert.equal(p.status, 200, p.text);
  assert.match(p.headers.get('content-type'), /^text\/html/);
  assert.match(p.headers.get('content-security-policy'), /default-src 'none'/);
  assert.doesNotMatch(p.text, /<script/i);
  assert.match(p.text, new RegExp(`<strong data-ticket>${number}</strong> “Laptop”`));
  assert.match(p.text, /<dt>Cost<\/dt><dd>1200<\/dd>/);
  assert.match(p.text, /<dt>Model<\/dt><dd>developer<\/dd>/);
  assert.match(p.text, /<dt>Why &lt;b&gt;now&lt;\/b&gt;<\/dt><dd>build &lt;script&gt;<\/dd>/, 'escaped');
  assert.match(p.text, /<dt>Requested for<\/dt><dd>eu1<\/dd>/);
  assert.match(p.text, /<dt>Step<\/dt><dd>1 of 1 \(all approvers\)<\/dd>/);
  assert.doesNotMatch(p.text, /Description/, 'an end user approver is not shown the ticket text');
  assert.match(p.text, new RegExp(`<input type="hidden" name="csrf" value="${bossSession.csrf}">`));
  assert.match(p.text, new RegExp(`action="${bossLink.path}"`));

  // another approver's session: refused, whoever asks
  const other = await page(bossLink.path, annSession);
  assert.equal(other.status, 403);
  assert.match(other.text, /data-reason="link-wrong-user"/);
  // tampered token; a real token beside another approval's id
  const t = bossLink.token;
  const tampered = await page(`/approval/${bossLink.id}/${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`, bossSession);
  assert.equal(tampered.status, 400);
  assert.match(tampered.text, /data-reason="link-tampered"/);
  const wrong = await page(`/approval/${annLink.id}/${bossLink.token}`, bossSession);
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /data-reason="link-wrong-record"/);
  assert.equal((await page(`/approval/x/${bossLink.token}`, bossSession)).status, 400);
  assert.equal(fingerprint(s), fp, 'reading and refusals record nothing');
});

test('the form post: CSRF, a missing comment to reject and another person change nothing; the decision goes through the engine once', async () => {
  const fp = fingerprint(s);
  let r = await post(bossLink.path, bossSession, { decision: 'approve' });
  assert.equal(r.status, 403, 'no CSRF token');
  assert.match(r.text, /data-reason="csrf"/);
  r = await post(bossLink.path, bossSession, { decision: 'approve', csrf: annSession.csrf });
  assert.equal(r.status, 403, 'another session\'s CSRF token');
  r = await post(bossLink.path, bossSession, { decision: 'reject', csrf: bossSession.csrf });
  assert.equal(r.status, 422);
  assert.match(r.text, /required to reject/);
  assert.match(r.text, new RegExp(`href="${bossLink.path}"`), 'the link is offered again');
  r = await post(bossLink.path, bossSession, { decision: 'maybe', csrf: bossSession.csrf });
  assert.equal(r.status, 400);
  r = await post(bossLink.path, bossSession, { decision: 'approve', csrf: bossSession.csrf, extra: '1' });
  assert.equal(r.status, 400);
  r = await post(bossLink.path, annSession, { decision: 'approve', csrf: annSession.csrf });
  assert.equal(r.status, 403);
  assert.match(r.text, /data-reason="link-wrong-user"/);
  r = await post(bossLink.path, null, { decision: 'approve' });
  assert.equal(r.status, 401, 'no session');
  assert.equal(fingerprint(s), fp, 'nothing recorded');

  r = await post(bossLink.path, bossSession, { decision: 'approve', comment: 'fine by me', csrf: bossSession.csrf });
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /data-decision="approved"/);
  assert.match(r.text, new RegExp(`href="/#/requests/${number}"`));
  const mine = (await approvalsOf(number)).find((a) => a.approver === 'boss');
  assert.equal(mine.state, 'approved');
  assert.equal(mine.decided_by, 'boss');
  assert.equal(mine.comment, 'fine by me');
  const hist = await agent('GET', `/api/v1/requests/${number}/history`);
  assert.ok(hist.json.items.some((h) => h.action === 'approval' && JSON.stringify(h.changes).includes('fine by me')), 'audited as every decision');

  // used up: both the page and the post say so, and record nothing
  const fp2 = fingerprint(s);
  r = await post(bossLink.path, bossSession, { decision: 'reject', comment: 'changed my mind', csrf: bossSession.csrf });
  assert.equal(r.status, 409);
  assert.match(r.text, /data-reason="link-used"/);
  r = await page(bossLink.path, bossSession);
  assert.equal(r.status, 409);
  assert.match(r.text, /data-reason="link-used"/);
  assert.equal(fingerprint(s), fp2);
});

test('an approval decided in the portal meanwhile: its link records nothing and stays unused; the last approval moves the request on', async () => {
  await ok(ann('POST', `/api/v1/approvals/${annLink.id}/reject`, { body: { comment: 'no budget' } }), 200);
  const fp = fingerprint(s);
  let r = await page(annLink.path, annSession);
  assert.equal(r.status, 409);
  assert.match(r.text, /data-reason="approval-decided"/);
  r = await post(annLink.path, annSession, { decision: 'approve', csrf: annSession.csrf });
  assert.equal(r.status, 409);
  assert.match(r.text, /data-reason="approval-decided"/);
  assert.equal(fingerprint(s), fp);
  assert.equal((await agent('GET', `/api/v1/requests/${number}`)).json.state, 'rejected');

  // a second order: ann decides by link (the rejection's comment); the request ends rejected through the engine
  const n2 = (await ok(eu('POST', '/api/v1/catalog-items/Laptop/order', { body: { variables: { model: 'standard' } } }), 201)).number;
  const l2 = await linkOf('ann@example.com', n2);
  r = await post(l2.path, annSession, { decision: 'reject', comment: 'not this quarter', csrf: annSession.csrf });
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /data-decision="rejected"/);
  assert.equal((await agent('GET', `/api/v1/requests/${n2}`)).json.state, 'rejected');
  // an API token works as the session (no CSRF: a bearer is not sent by a browser)
  const n3 = (await ok(eu('POST', '/api/v1/catalog-items/Laptop/order', { body: { variables: { model: 'standard' } } }), 201)).number;
  const l3 = await linkOf('boss@example.com', n3);
  r = await api(s, 'POST', l3.path, { token: s.token('boss'), raw: form({ decision: 'approve' }), contentType: 'application/x-www-form-urlencoded' });
  assert.equal(r.status, 200, r.text);
});

test('an expired link is refused and records nothing (a server whose links last a second)', async () => {
  const twin = await startTwin(s, { STEWARD_APPROVAL_LINK_TTL: '1s' });
  try {
    const eut = (m, p, o = {}) => api(twin, m, p, { token: s.token('eu1'), ...o });
    const n = (await ok(eut('POST', '/api/v1/catalog-items/Laptop/order', { body: { variables: { model: 'standard' } } }), 201)).number;
    const l = await linkOf('boss@example.com', n);
    await until('the link to expire', async () => (await page(l.path, bossSession)).status === 410, 10000);
    const fp = fingerprint(s);
    const r = await post(l.path, bossSession, { decision: 'approve', csrf: bossSession.csrf });
    assert.equal(r.status, 410);
    assert.match(r.text, /data-reason="link-expired"/);
    assert.equal(fingerprint(s), fp);
  } finally { await twin.stop(); }
});

test('a reminder brings the approver a fresh link of their own', async () => {
  // n3 (above) still waits for ann: a server that reminds after a second sends her one
  const n3 = (await agent('GET', '/api/v1/requests?limit=100')).json.items.map((t) => t.number).sort().at(-2);
  const first = await linkOf('ann@example.com', n3);
  const twin = await startTwin(s, { STEWARD_APPROVAL_REMIND_AFTER: '1s', STEWARD_SCHEDULER_INTERVAL: '1s' });
  try {
    const m = await until('the reminder to ann', () => sink.messages.find((x) => x.to.includes('ann@example.com')
      && /Reminder/.test(bodyOf(x.data)) && bodyOf(x.data).includes(n3) && LINK.test(bodyOf(x.data))), 15000);
    const [, path, id] = bodyOf(m.data).match(LINK);
    assert.equal(Number(id), first.id, 'the same approval');
    assert.notEqual(path, first.path, 'a new token');
    const r = await post(path, annSession, { decision: 'approve', csrf: annSession.csrf });
    assert.equal(r.status, 200, r.text);
    // the first link is now for an approval decided already
    const again = await page(first.path, annSession);
    assert.equal(again.status, 409);
    assert.match(again.text, /data-reason="approval-decided"/);
  } finally { await twin.stop(); }
});

test('the links are the engine\'s: an ad hoc approval of an incident, asked of an agent, decided from its link', async () => {
  const inc = (await ok(agent('POST', '/api/v1/incidents', { body: { title: 'Restart the mail relay', description: 'Needs a second opinion' } }), 201)).number;
  await ok(admin('POST', `/api/v1/incidents/${inc}/approvals`, { body: { users: ['agent1'], rule: 'any' } }), 201);
  const l = await linkOf('agent1@example.com', inc);
  const session = await login(s, 'agent1', PASSWORD);
  const p = await page(l.path, session);
  assert.equal(p.status, 200, p.text);
  assert.match(p.text, /You are asked to approve an incident/);
  assert.match(p.text, /Needs a second opinion/, 'an agent sees the ticket text');
  assert.doesNotMatch(p.text, /<dt>Cost<\/dt>/, 'an incident has no cost or answers');
  const r = await post(l.path, session, { decision: 'approve', comment: 'go ahead', csrf: session.csrf });
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, new RegExp(`href="/#/incidents/${inc}"`));
  const req = (await agent('GET', `/api/v1/incidents/${inc}/approvals`)).json.items[0];
  assert.equal(req.state, 'approved');
});
