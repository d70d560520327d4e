// What is the desk's own never reaches an end user, by the paths a review
// found open: the history of their ticket does not show the agent-only
// fields (the problem behind it, the change that caused it, its CI) nor
// links to the desk's own kinds; a problem naming them as its requester
// sends them nothing; a reviewer's note on an article is not shown with
// its versions; the SLA filter of the list is the desk's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fingerprint, sqlOn } from './lib.mjs';

let s, admin, agent, boss, eu;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'boss', role: 'manager' },
    { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin'); agent = as(s, 'agent1'); boss = as(s, 'boss'); eu = as(s, 'eu1');
});
after(async () => { await s.cleanup(); });

const keysOf = (rows) => rows.flatMap((r) => Object.keys(r.changes));

test('an end user\'s history shows no agent-only field and no link to a problem or change; the desk\'s shows them', async () => {
  const inc = (await eu('POST', '/api/v1/incidents', { body: { title: 'Printer broken' } })).json;
  const prb = (await agent('POST', '/api/v1/problems', { body: { title: 'Secret root cause' } })).json.number;
  const chg = await agent('POST', '/api/v1/changes', { body: { title: 'Replace the print server', type: 'normal' } });
  assert.equal(chg.status, 201, chg.text);
  let p = await agent('PATCH', `/api/v1/incidents/${inc.number}`, { body: { problem: prb }, headers: { 'if-match': String(inc.version) } });
  assert.equal(p.status, 200, p.text);
  p = await agent('PATCH', `/api/v1/incidents/${inc.number}`, { body: { caused_by: chg.json.number, urgency: 2 }, headers: { 'if-match': String(p.json.version) } });
  assert.equal(p.status, 200, p.text);
  assert.equal((await agent('POST', `/api/v1/incidents/${inc.number}/links`, { body: { kind: 'relates_to', target: prb } })).status, 201);
  const other = (await eu('POST', '/api/v1/incidents', { body: { title: 'Also the scanner' } })).json.number;
  assert.equal((await agent('POST', `/api/v1/incidents/${inc.number}/links`, { body: { kind: 'relates_to', target: other } })).status, 201);

  const desk = (await agent('GET', `/api/v1/incidents/${inc.number}/history`)).json.items;
  assert.ok(keysOf(desk).includes('problem') && keysOf(desk).includes('caused_by'), JSON.stringify(desk));
  assert.deepEqual(desk.filter((r) => r.action === 'link').map((r) => r.changes.target.to), [prb, other]);

  const mine = await eu('GET', `/api/v1/incidents/${inc.number}/history`);
  assert.equal(mine.status, 200);
  const text = JSON.stringify(mine.json);
  for (const secret of [prb, chg.json.number, '"problem"', '"caused_by"']) assert.ok(!text.includes(secret), `${secret} in ${text}`);
  // the row that changed urgency too is kept, without the hidden field; the row that set only the problem is gone
  const updates = mine.json.items.filter((r) => r.action === 'update');
  assert.deepEqual(updates.map((r) => Object.keys(r.changes).sort()), [['priority', 'priority_basis', 'urgency']]);
  assert.deepEqual(mine.json.items.filter((r) => r.action === 'link').map((r) => r.changes.target.to), [other]);

  // a link row written before such rows were internal is left out all the same
  sqlOn(s, "UPDATE audit SET internal = 0 WHERE action = 'link'");
  const old = (await eu('GET', `/api/v1/incidents/${inc.number}/history`)).json.items;
  assert.deepEqual(old.filter((r) => r.action === 'link').map((r) => r.changes.target.to), [other]);

  // the links: the requester sees the one to their other incident only
  assert.deepEqual((await eu('GET', `/api/v1/incidents/${inc.number}/links`)).json.items.map((l) => l.target), [other]);
  assert.deepEqual((await agent('GET', `/api/v1/incidents/${inc.number}/links`)).json.items.map((l) => l.target), [prb, other]);
});

test('a problem naming an end user as its requester sends them nothing', async () => {
  const before_ = (await eu('GET', '/api/v1/me/notifications')).json.items.length;
  const prb = await agent('POST', '/api/v1/problems', { body: { title: 'Named on a problem', requester: 'eu1' } });
  assert.equal(prb.status, 201, prb.text);
  assert.equal((await agent('POST', `/api/v1/problems/${prb.json.number}/comments`, { body: { body: 'vendor X is to blame' } })).status, 201);
  // an incident of theirs still notifies them: the rule is live
  const inc = (await eu('POST', '/api/v1/incidents', { body: { title: 'Mouse' } })).json.number;
  assert.equal((await agent('POST', `/api/v1/incidents/${inc}/comments`, { body: { body: 'on it' } })).status, 201);
  const items = (await eu('GET', '/api/v1/me/notifications')).json.items;
  assert.ok(items.some((n) => n.ticket === inc), 'the incident\'s reply reached them');
  assert.ok(!items.some((n) => n.ticket === prb.json.number || (n.body || '').includes('vendor X')), JSON.stringify(items));
  assert.ok(items.length > before_);
  const outbox = (await admin('GET', '/api/v1/outbox?limit=200')).json.items;
  assert.ok(!outbox.some((m) => m.ticket === prb.json.number && m.to === 'eu1@example.com'));
});

test('a reviewer\'s note is not shown to end users with the versions of a published article', async () => {
  const a = await agent('POST', '/api/v1/articles', { body: { title: 'Reset your password', summary: 'how to', body: 'Go to the portal.', audience: 'everyone' } });
  assert.equal(a.status, 201, a.text);
  const n = a.json.number;
  assert.equal((await agent('POST', `/api/v1/articles/${n}/submit`)).status, 200);
  assert.equal((await boss('POST', `/api/v1/articles/${n}/reject`, { body: { reason: 'REVIEW-NOTE: the wording blames users' } })).status, 200);
  assert.equal((await boss('POST', `/api/v1/articles/${n}/publish`)).status, 200);
  const theirs = await eu('GET', `/api/v1/articles/${n}/versions`);
  assert.equal(theirs.status, 200);
  assert.equal(theirs.json.items.length, 1);
  assert.equal(theirs.json.items[0].note, null);
  const one = await eu('GET', `/api/v1/articles/${n}/versions/1`);
  assert.equal(one.status, 200);
  assert.equal(one.json.note, null);
  assert.match((await agent('GET', `/api/v1/articles/${n}/versions`)).json.items[0].note, /REVIEW-NOTE/);
});

test('the SLA filter is the desk\'s: an end user asking gets 400 and nothing changes', async () => {
  const fp = fingerprint(s);
  const r = await eu('GET', '/api/v1/incidents?breaching=true');
  assert.equal(r.status, 400);
  assert.equal(r.json.errors[0].field, 'breaching');
  assert.equal(fingerprint(s), fp);
  assert.equal((await agent('GET', '/api/v1/incidents?breaching=true')).status, 200);
});
