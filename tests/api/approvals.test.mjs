// The approval engine (issue #14's approvals; #15 reuses it), proven on the
// kinds that exist (incidents and problems): approval policies validated and
// matched, ad hoc requests, the rules any / all / N of M, steps in order,
// rejection ending a request, the inbox, refusals that change nothing,
// delegation, notifications and the scheduler's reminders.  The kind hook
// (a kind entering its approval state) is proven with a test kind in
// tests/unit/test_store.c.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, fingerprint } from './lib.mjs';

let s, admin, a1, a2, a3, a4, eu;
before(async () => {
  s = await startServer({
    users: [
      { login: 'a1', role: 'agent' }, { login: 'a2', role: 'agent' }, { login: 'a3', role: 'agent' },
      { login: 'a4', role: 'agent' }, { login: 'eu1', role: 'end_user' },
    ],
    settings: { STEWARD_SCHEDULER_INTERVAL: '1s', STEWARD_APPROVAL_REMIND_AFTER: '3s' },
  });
  admin = as(s, 'admin');
  a1 = as(s, 'a1');
  a2 = as(s, 'a2');
  a3 = as(s, 'a3');
  a4 = as(s, 'a4');
  eu = as(s, 'eu1');
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'CAB', members: ['a3', 'a4'] } })).status, 201);
});
after(async () => { await s.cleanup(); });

const incident = async (title = 'Laptop for a new starter') => {
  const r = await eu('POST', '/api/v1/incidents', { body: { title, impact: 3, urgency: 3 } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.number;
};
const problem = async (body = {}) => {
  const r = await a1('POST', '/api/v1/problems', { body: { title: 'Disk fills every night', impact: 2, urgency: 2, ...body } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};
const ask = (who, path, number, body) => who('POST', `/api/v1/${path}/${number}/approvals`, { body });
const requests = async (who, path, number) => {
  const r = await who('GET', `/api/v1/${path}/${number}/approvals`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.items;
};
const mine = async (who, login, req) => req.steps.flatMap((st) => st.approvals).find((x) => x.approver === login);
const approve = (who, id, comment) => who('POST', `/api/v1/approvals/${id}/approve`, { body: comment ? { comment } : {} });
const reject = (who, id, comment) => who('POST', `/api/v1/approvals/${id}/reject`, { body: comment === undefined ? {} : { comment } });
const inboxOf = async (who) => {
  const r = await who('GET', '/api/v1/approvals');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.items;
};

test('approval policies are validated field by field and change nothing when refused', async () => {
  const before = fingerprint(s);
  const shape = await admin('POST', '/api/v1/approval-policies', {
    body: { name: 'Bad', kind: 'problem', match_priority: 9, steps: [{ rule: 'sometimes', users: [] }, { users: ['a1'], colour: 'red' }] },
  });
  assert.equal(shape.status, 422, JSON.stringify(shape.json));
  assert.deepEqual(fieldsOf(shape), ['match_priority', 'steps[0].rule', 'steps[1].colour']);
  const bad = await admin('POST', '/api/v1/approval-policies', {
    body: { name: 'Bad', kind: 'widget', steps: [{ rule: 'n_of_m', required: 3, users: ['a1', 'a2'] }, { users: ['a1'] }] },
  });
  assert.equal(bad.status, 422, JSON.stringify(bad.json));
  assert.deepEqual(fieldsOf(bad), ['kind', 'steps[0].required', 'steps[1].rule']);
  const unknown = await admin('POST', '/api/v1/approval-policies', {
    body: { name: 'Unknown', kind: 'problem', steps: [{ rule: 'any', users: ['ghost', 'a1', 'nobody'] }, { rule: 'all', groups: ['No such group'] }] },
  });
  assert.equal(unknown.status, 422, JSON.stringify(unknown.json));
  assert.deepEqual(fieldsOf(unknown), ['steps[0].users[0]', 'steps[0].users[2]', 'steps[1].groups[0]'], 'every unknown name, together');
  assert.match(unknown.json.errors.find((e) => e.field === 'steps[0].users[2]').detail, /nobody/);
  const empty = await admin('POST', '/api/v1/approval-policies', { body: { name: 'Empty', kind: 'problem', steps: [] } });
  assert.deepEqual(fieldsOf(empty), ['steps']);
  const nobody = await admin('POST', '/api/v1/approval-policies', { body: { name: 'Nobody', kind: 'problem', steps: [{ rule: 'any' }] } });
  assert.deepEqual(fieldsOf(nobody), ['steps[0].users']);
  const cab = await admin('POST', '/api/v1/approval-policies', {
    body: { name: 'Too many', kind: 'problem', steps: [{ rule: 'n_of_m', required: 3, groups: ['CAB'] }] },
  });
  assert.deepEqual(fieldsOf(cab), ['steps[0].required'], 'the CAB has two members');
  const type = await admin('POST', '/api/v1/approval-policies', {
    body: { name: 'Typed', kind: 'incident', match_type: 'normal', steps: [{ rule: 'any', users: ['a1'] }] },
  });
  assert.deepEqual(fieldsOf(type), ['match_type'], 'incidents declare no types');
  const agentWrite = await a1('POST', '/api/v1/approval-policies', { body: { name: 'Mine', kind: 'problem', steps: [{ rule: 'any', users: ['a1'] }] } });
  assert.equal(agentWrite.status, 403);
  assert.equal(fingerprint(s), before, 'nothing was written');
});

test('a policy is created, read, listed and changed; end users cannot read policies', async () => {
  const c = await admin('POST', '/api/v1/approval-policies', {
    body: {
      name: 'Major problems', kind: 'problem', position: 10, match_priority: 1,
      steps: [{ rule: 'any', users: ['a1'] }, { rule: 'all', groups: ['CAB'] }],
    },
  });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  assert.equal(c.json.kind, 'problem');
  assert.equal(c.json.match_priority, 1);
  const NO_CONDITION = { when_cost_above: null, when_variable: null, when_value: null, when_pattern: null };
  assert.deepEqual(c.json.steps, [
    { position: 1, rule: 'any', required: null, users: ['a1'], groups: [], service_owner: false, ...NO_CONDITION },
    { position: 2, rule: 'all', required: null, users: [], groups: ['CAB'], service_owner: false, ...NO_CONDITION },
  ]);
  const g = await a2('GET', '/api/v1/approval-policies/Major%20problems');
  assert.equal(g.status, 200);
  assert.deepEqual(g.json.steps, c.json.steps);
  const list = await a2('GET', '/api/v1/approval-policies');
  assert.deepEqual(list.json.items.map((p) => p.name), ['Major problems']);
  assert.equal((await eu('GET', '/api/v1/approval-policies')).status, 403);
  const p = await admin('PATCH', '/api/v1/approval-policies/Major%20problems', { body: { position: 5 } });
  assert.equal(p.status, 200, JSON.stringify(p.json));
  assert.equal(p.json.position, 5);
  assert.equal(p.json.steps.length, 2, 'a patch without steps keeps them');
  const h = await admin('GET', '/api/v1/approval-policies/Nope');
  assert.equal(h.status, 404);
});

test('rule any: the first approval approves the step, the others are no longer needed', async () => {
  const n = await incident();
  const r = await ask(a1, 'incidents', n, { users: ['a2', 'a3'], rule: 'any' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.equal(r.json.state, 'pending');
  assert.equal(r.json.policy, null);
  assert.equal(r.json.steps[0].required, 1);
  assert.deepEqual(r.json.steps[0].approvals.map((x) => [x.approver, x.state]), [['a2', 'pending'], ['a3', 'pending']]);
  const mine2 = await mine(a2, 'a2', r.json);
  const ok = await approve(a2, mine2.id, 'fine by me');
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.equal(ok.json.state, 'approved');
  assert.equal(ok.json.comment, 'fine by me');
  assert.equal(ok.json.decided_by, 'a2');
  assert.equal(ok.json.ticket, n);
  const [req] = await requests(a1, 'incidents', n);
  assert.equal(req.state, 'approved');
  assert.ok(req.decided_at);
  assert.deepEqual(req.steps[0].approvals.map((x) => [x.approver, x.state]), [['a2', 'approved'], ['a3', 'skipped']]);
  const late = await approve(a3, (await mine(a3, 'a3', req)).id);
  assert.equal(late.status, 409);
  assert.match(late.json.type, /approval-finished/);
  const hist = (await a1('GET', `/api/v1/incidents/${n}/history`)).json.items;
  const decided = hist.find((e) => e.action === 'approval');
  assert.equal(decided.actor, 'a2');
  assert.equal(decided.changes.decision.to, 'approved');
  assert.ok(hist.find((e) => e.action === 'approval_decided'), 'the request\'s end is audited');
});

test('rule all: every approver must approve; one rejection ends the request', async () => {
  const n = await incident();
  const r = (await ask(a1, 'incidents', n, { users: ['a2', 'a3'], rule: 'all' })).json;
  assert.equal(r.steps[0].required, 2);
  assert.equal((await approve(a2, (await mine(a2, 'a2', r)).id)).status, 200);
  assert.equal((await requests(a1, 'incidents', n))[0].state, 'pending', 'one of two is not all');
  assert.equal((await approve(a3, (await mine(a3, 'a3', r)).id)).status, 200);
  assert.equal((await requests(a1, 'incidents', n))[0].state, 'approved');

  const m = await incident();
  const q = (await ask(a1, 'incidents', m, { users: ['a2', 'a3'], rule: 'all' })).json;
  const no = await reject(a3, (await mine(a3, 'a3', q)).id, 'not in this quarter');
  assert.equal(no.status, 200, JSON.stringify(no.json));
  const [ended] = await requests(a1, 'incidents', m);
  assert.equal(ended.state, 'rejected');
  assert.equal(ended.steps[0].state, 'rejected');
  assert.deepEqual(ended.steps[0].approvals.map((x) => x.state), ['skipped', 'rejected']);
});

test('rule N of M: two of three; a rejection the others can still outvote leaves it pending', async () => {
  const n = await incident();
  const r = (await ask(a1, 'incidents', n, { users: ['a2', 'a3', 'a4'], rule: 'n_of_m', required: 2 })).json;
  assert.equal(r.steps[0].required, 2);
  assert.equal((await reject(a2, (await mine(a2, 'a2', r)).id, 'no budget')).status, 200);
  assert.equal((await requests(a1, 'incidents', n))[0].state, 'pending', 'two can still approve');
  assert.equal((await approve(a3, (await mine(a3, 'a3', r)).id)).status, 200);
  assert.equal((await requests(a1, 'incidents', n))[0].state, 'pending');
  assert.equal((await approve(a4, (await mine(a4, 'a4', r)).id)).status, 200);
  const [done] = await requests(a1, 'incidents', n);
  assert.equal(done.state, 'approved');

  const m = await incident();
  const q = (await ask(a1, 'incidents', m, { users: ['a2', 'a3', 'a4'], rule: 'n_of_m', required: 2 })).json;
  await reject(a2, (await mine(a2, 'a2', q)).id, 'no');
  await reject(a3, (await mine(a3, 'a3', q)).id, 'no');
  assert.equal((await requests(a1, 'incidents', m))[0].state, 'rejected', 'two of three can no longer approve');
});

test('decisions at the same moment on one request count each other (all of three, at once)', async () => {
  for (let round = 0; round < 3; round++) {
    const n = await incident(`Simultaneous ${round}`);
    const r = (await ask(a1, 'incidents', n, { users: ['a2', 'a3', 'a4'], rule: 'all' })).json;
    const ids = r.steps[0].approvals.map((x) => [x.approver, x.id]);
    const who = { a2, a3, a4 };
    const answers = await Promise.all(ids.map(([login, id]) => approve(who[login], id, 'yes')));
    assert.deepEqual(answers.map((x) => x.status), [200, 200, 200]);
    const [req] = await requests(a1, 'incidents', n);
    assert.equal(req.state, 'approved', 'the last of the three decisions saw the other two');
    assert.deepEqual(req.steps[0].approvals.map((x) => x.state), ['approved', 'approved', 'approved']);
  }
});

test('steps in order: step 2 is asked only once step 1 is approved; a rejection in step 2 ends it', async () => {
  const p = await problem({ impact: 1, urgency: 1 });
  assert.equal(p.priority, 1);
  const r = await ask(a2, 'problems', p.number, {});
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.equal(r.json.policy, 'Major problems', 'the matching policy');
  assert.equal(r.json.step_count, 2);
  assert.deepEqual(r.json.steps.map((st) => st.state), ['pending', 'waiting']);
  assert.deepEqual(r.json.steps[1].approvals.map((x) => [x.approver, x.state, x.via]), [['a3', 'waiting', 'group CAB'], ['a4', 'waiting', 'group CAB']]);
  const cab = await mine(a3, 'a3', r.json);
  assert.ok(!(await inboxOf(a3)).some((x) => x.id === cab.id), 'not asked yet');
  const early = await approve(a3, cab.id);
  assert.equal(early.status, 409);
  assert.match(early.json.type, /approval-waiting/);
  const again = await ask(a2, 'problems', p.number, {});
  assert.equal(again.status, 409, 'one pending request at a time');
  assert.match(again.json.type, /approval-pending/);

  assert.equal((await approve(a1, (await mine(a1, 'a1', r.json)).id)).status, 200);
  const box = await inboxOf(a3);
  const item = box.find((x) => x.id === cab.id);
  assert.ok(item, 'step 2 is asked now');
  assert.equal(item.ticket, p.number);
  assert.equal(item.ticket_kind, 'problem');
  assert.equal(item.ticket_title, 'Disk fills every night');
  assert.equal(item.ticket_path, 'problems');
  assert.equal(item.step, 2);
  assert.equal(item.rule, 'all');
  assert.equal(item.on_behalf, false);
  const note = (await a3('GET', '/api/v1/me/notifications')).json.items.find((x) => x.event === 'approval_requested' && x.ticket === p.number);
  assert.ok(note, 'the CAB member was told');
  assert.match(note.body, /#\/approvals/, 'with the link to decide');

  assert.equal((await approve(a3, cab.id)).status, 200);
  assert.equal((await reject(a4, (await mine(a4, 'a4', r.json)).id, 'the change window is closed')).status, 200);
  const [ended] = await requests(a1, 'problems', p.number);
  assert.equal(ended.state, 'rejected');
  assert.deepEqual(ended.steps.map((st) => st.state), ['approved', 'rejected']);
  const a4dec = ended.steps[1].approvals.find((x) => x.approver === 'a4');
  assert.equal(a4dec.comment, 'the change window is closed');
  assert.ok(a4dec.decided_at);
});

test('refusals change nothing: twice, a stranger, no comment to reject, bad input', async () => {
  const n = await incident();
  const r = (await ask(a1, 'incidents', n, { users: ['a2', 'a3'], rule: 'all' })).json;
  const id = (await mine(a2, 'a2', r)).id;
  const other = await incident('another');
  const before = fingerprint(s);
  const noComment = await reject(a2, id);
  assert.equal(noComment.status, 422);
  assert.deepEqual(fieldsOf(noComment), ['comment']);
  const stranger = await approve(a4, id);
  assert.equal(stranger.status, 404, 'not yours: not found, nothing leaked');
  assert.equal((await approve(eu, id)).status, 404);
  assert.equal((await approve(a2, 999999)).status, 404);
  assert.equal((await a2('POST', '/api/v1/approvals/abc/approve', { body: {} })).status, 404);
  const extra = await a2('POST', `/api/v1/approvals/${id}/approve`, { body: { comment: 'ok', vote: 'yes' } });
  assert.equal(extra.status, 422);
  const unknownUser = await ask(a1, 'incidents', other, { users: ['ghost'], rule: 'any' });
  assert.deepEqual(fieldsOf(unknownUser), ['users[0]']);
  const nm = await ask(a1, 'incidents', n, { users: ['a2'], rule: 'n_of_m', required: 2 });
  assert.deepEqual(fieldsOf(nm), ['required']);
  const noRule = await ask(a1, 'incidents', n, { users: ['a2'] });
  assert.deepEqual(fieldsOf(noRule), ['rule']);
  const noPolicy = await ask(a1, 'incidents', n, {});
  assert.equal(noPolicy.status, 422, 'no policy applies to incidents and none was named');
  assert.equal((await ask(eu, 'incidents', n, { users: ['a2'], rule: 'any' })).status, 403);
  assert.equal(fingerprint(s), before, 'nothing was written');
  assert.equal((await approve(a2, id, 'now')).status, 200);
  const twice = await approve(a2, id, 'again');
  assert.equal(twice.status, 409);
  assert.match(twice.json.type, /approval-decided/);
  const flip = await reject(a2, id, 'changed my mind');
  assert.equal(flip.status, 409);
});

test('end users: they decide what they are asked on tickets they may read, never approvals of problems', async () => {
  const n = await incident('Software for the team');
  const r = (await ask(a1, 'incidents', n, { users: ['eu1'], rule: 'any' })).json;
  const box = await inboxOf(eu);
  assert.deepEqual(box.map((x) => x.ticket), [n]);
  assert.equal((await eu('GET', `/api/v1/incidents/${n}/approvals`)).status, 200, 'their own incident');
  assert.equal((await approve(eu, (await mine(eu, 'eu1', r)).id, 'yes please')).status, 200);
  const p = await problem();
  assert.equal((await eu('GET', `/api/v1/problems/${p.number}/approvals`)).status, 403);
  const refused = await ask(a1, 'problems', p.number, { users: ['eu1'], rule: 'any' });
  assert.equal(refused.status, 422);
  assert.deepEqual(fieldsOf(refused), ['users[0]']);
  const viaGroup = await admin('POST', '/api/v1/groups', { body: { name: 'Mixed', members: ['eu1', 'a2'] } });
  assert.equal(viaGroup.status, 201);
  const g = await ask(a1, 'problems', p.number, { groups: ['Mixed'], rule: 'all' });
  assert.equal(g.status, 201, JSON.stringify(g.json));
  assert.deepEqual(g.json.steps[0].approvals.map((x) => x.approver), ['a2'], 'the end user in the group is not asked');
  assert.ok(!(await inboxOf(eu)).some((x) => x.ticket === p.number));
});

test('delegation: the delegate decides pending and new approvals while it runs; the decision records both', async () => {
  const bad = await a2('PUT', '/api/v1/me/delegation', { body: { delegate: 'eu1', ends_at: new Date(Date.now() + 86400e3).toISOString() } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['delegate']);
  const self = await a2('PUT', '/api/v1/me/delegation', { body: { delegate: 'a2', ends_at: new Date(Date.now() + 86400e3).toISOString() } });
  assert.deepEqual(fieldsOf(self), ['delegate']);
  const past = await a2('PUT', '/api/v1/me/delegation', { body: { delegate: 'a4', ends_at: '2020-01-01T00:00:00Z' } });
  assert.deepEqual(fieldsOf(past), ['ends_at']);
  assert.equal((await a2('GET', '/api/v1/me/delegation')).status, 404);

  const n = await incident('Access to the finance share');
  const r = (await ask(a1, 'incidents', n, { users: ['a2'], rule: 'any' })).json;
  const id = (await mine(a2, 'a2', r)).id;
  assert.equal((await approve(a4, id)).status, 404, 'no delegation yet');
  const d = await a2('PUT', '/api/v1/me/delegation', { body: { delegate: 'a4', ends_at: new Date(Date.now() + 86400e3).toISOString() } });
  assert.equal(d.status, 200, JSON.stringify(d.json));
  assert.equal(d.json.delegate, 'a4');
  assert.equal(d.json.active, true);
  assert.equal((await a2('GET', '/api/v1/me/delegation')).json.delegate, 'a4');
  const box = await inboxOf(a4);
  const item = box.find((x) => x.id === id);
  assert.ok(item, 'the pending approval reaches the delegate');
  assert.equal(item.on_behalf, true);
  assert.equal(item.approver, 'a2');
  const ok = await approve(a4, id, 'on behalf of a2');
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.equal(ok.json.approver, 'a2');
  assert.equal(ok.json.decided_by, 'a4');
  assert.equal(ok.json.on_behalf, true);
  const hist = (await a1('GET', `/api/v1/incidents/${n}/history`)).json.items.find((e) => e.action === 'approval');
  assert.equal(hist.actor, 'a4');
  assert.equal(hist.changes.approver.to, 'a2');
  assert.equal(hist.changes.delegate.to, 'a4');

  const m = await incident('Another share');
  const q = (await ask(a1, 'incidents', m, { users: ['a2'], rule: 'any' })).json;
  assert.ok((await inboxOf(a4)).some((x) => x.ticket === m), 'new approvals reach the delegate too');
  assert.equal((await a2('DELETE', '/api/v1/me/delegation')).status, 204);
  assert.equal((await a2('DELETE', '/api/v1/me/delegation')).status, 404);
  assert.ok(!(await inboxOf(a4)).some((x) => x.ticket === m), 'ended: gone from the delegate\'s inbox');
  assert.equal((await approve(a4, (await mine(a2, 'a2', q)).id)).status, 404);
});

test('reminders: the scheduler reminds an approver of an approval left pending, once per delay', async () => {
  const n = await incident('Reminder please');
  const r = (await ask(a1, 'incidents', n, { users: ['a3'], rule: 'any' })).json;
  const id = (await mine(a3, 'a3', r)).id;
  let reminded;
  for (let i = 0; i < 100 && !reminded; i++) {
    await new Promise((ok) => setTimeout(ok, 200));
    const [req] = await requests(a1, 'incidents', n);
    reminded = req.steps[0].approvals.find((x) => x.id === id).reminded_at;
  }
  assert.ok(reminded, 'reminded within the delay and a scheduler pass');
  const notes = (await a3('GET', '/api/v1/me/notifications')).json.items.filter((x) => x.event === 'approval_reminder' && x.ticket === n);
  assert.ok(notes.length >= 1);
  assert.match(notes[0].body, /#\/approvals/);
  const hist = (await a1('GET', `/api/v1/incidents/${n}/history`)).json.items;
  assert.ok(hist.some((e) => e.action === 'approval_reminder'), 'audited');
  assert.equal((await approve(a3, id)).status, 200);
  const decided = (await eu('GET', '/api/v1/me/notifications')).json.items.find((x) => x.event === 'approval_decided' && x.ticket === n);
  assert.ok(decided, 'the requester hears of the decision');
  assert.match(decided.subject, /approved/);
});
