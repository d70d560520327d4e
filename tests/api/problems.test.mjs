// Problems (issue #13): a ticket kind of the desk's own.  The lifecycle and
// the fields a state needs, incidents linked from both ends, a problem
// raised from incidents, the workaround published to them, the resolution
// that reaches them (or a clear refusal), the review a major problem needs,
// candidates found in recent incidents, cause categories, and that an end
// user never sees a problem by any path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, verify } from './lib.mjs';

let s, admin, agent, agent2, eu;
before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }, { login: 'eu1', role: 'end_user' }],
  });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  agent2 = as(s, 'agent2');
  eu = as(s, 'eu1');
  await admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1', 'agent2'] } });
});
after(async () => { await s.cleanup(); });

const incident = async (body) => {
  const r = await eu('POST', '/api/v1/incidents', { body: { impact: 2, urgency: 2, ...body } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};
const act = (who, number, action, body = {}) => who('POST', `/api/v1/problems/${number}/${action}`, { body });

test('a problem moves through its lifecycle, each state asking for what it needs', async () => {
  const c = await agent('POST', '/api/v1/problems', {
    body: { title: 'Mail queue stalls every night', impact: 1, urgency: 2, symptoms: 'mail is late after 02:00', cause_category: 'capacity' },
  });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  const p = c.json;
  assert.match(p.number, /^PRB\d{7}$/);
  assert.equal(p.kind, 'problem');
  assert.equal(p.state, 'new');
  assert.equal(p.priority, 2);
  assert.equal(p.symptoms, 'mail is late after 02:00');
  assert.equal(p.cause_category, 'capacity');
  assert.equal(p.root_cause, null);
  assert.equal(p.incident_count, 0);
  assert.equal(c.headers.get('location'), `/api/v1/problems/${p.number}`);
  assert.deepEqual(p.allowed_actions, ['investigate', 'identify_root_cause', 'mark_known_error', 'resolve', 'cancel']);

  assert.equal((await act(agent, p.number, 'investigate')).json.state, 'under_investigation');
  const early = await act(agent, p.number, 'identify_root_cause');
  assert.equal(early.status, 422);
  assert.deepEqual(fieldsOf(early), ['root_cause']);
  const cur = (await agent('GET', `/api/v1/problems/${p.number}`)).json;
  assert.equal(cur.state, 'under_investigation', 'a refused action changes nothing');
  const rc = await agent('PATCH', `/api/v1/problems/${p.number}`, {
    body: { root_cause: 'the nightly backup saturates the disk the queue sits on' }, headers: { 'if-match': String(cur.version) },
  });
  assert.equal(rc.status, 200);
  assert.equal((await act(agent, p.number, 'identify_root_cause')).json.state, 'root_cause_known');
  const noWork = await act(agent, p.number, 'mark_known_error');
  assert.deepEqual(fieldsOf(noWork), ['workaround']);
  const w = (await agent('GET', `/api/v1/problems/${p.number}`)).json;
  await agent('PATCH', `/api/v1/problems/${p.number}`, { body: { workaround: 'restart the queue at 03:00' }, headers: { 'if-match': String(w.version) } });
  const ke = await act(agent, p.number, 'mark_known_error');
  assert.equal(ke.json.state, 'known_error');
  // a known error is in the known-error database, and stays in step with the problem
  const kedb = async () => (await agent('GET', '/api/v1/known-errors?limit=200')).json.items.find((a) => a.problem === p.number);
  const article = await kedb();
  assert.ok(article, 'a known-error article for the problem');
  assert.equal(article.kind, 'known_error');
  const first = (await agent('GET', `/api/v1/articles/${article.number}`)).json;
  assert.ok(JSON.stringify(first).includes('restart the queue at 03:00'), 'with the workaround');
  await agent('PATCH', `/api/v1/problems/${p.number}`, { body: { workaround: 'move the backup to 05:00' }, headers: { 'if-match': String(ke.json.version) } });
  const again = (await agent('GET', `/api/v1/articles/${article.number}`)).json;
  assert.ok(JSON.stringify(again).includes('move the backup to 05:00'), 'the new workaround');
  assert.equal((await kedb()).number, article.number, 'the same article, a new version');
  const res = await act(agent, p.number, 'resolve', { resolution_code: 'permanent_fix', resolution_notes: 'backup moved to its own disk' });
  assert.equal(res.json.state, 'resolved');
  assert.equal(res.json.resolution_code, 'permanent_fix');
  const badCode = await act(agent, p.number, 'reopen');
  assert.equal(badCode.json.state, 'under_investigation');
  await act(agent, p.number, 'resolve', { resolution_code: 'permanent_fix', resolution_notes: 'again' });
  assert.equal((await act(agent, p.number, 'close')).json.state, 'closed');
  const h = await agent('GET', `/api/v1/problems/${p.number}/history`);
  assert.ok(h.json.items.some((e) => e.changes && e.changes.root_cause), 'the root cause is in the history');
});

test('fields of problems are refused elsewhere, and values are checked', async () => {
  const i = await incident({ title: 'printer' });
  const r = await agent('PATCH', `/api/v1/incidents/${i.number}`, { body: { root_cause: 'x' }, headers: { 'if-match': String(i.version) } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['root_cause']);
  const cat = await agent('POST', '/api/v1/problems', { body: { title: 'x', cause_category: 'gremlins' } });
  assert.equal(cat.status, 422);
  assert.deepEqual(fieldsOf(cat), ['cause_category']);
  const fix = await agent('POST', '/api/v1/problems', { body: { title: 'x', fix: i.number } });
  assert.deepEqual(fieldsOf(fix), ['fix'], 'a fix is a change, not an incident');
  const code = await agent('POST', '/api/v1/problems', { body: { title: 'x' } });
  const bad = await act(agent, code.json.number, 'resolve', { resolution_code: 'fixed', resolution_notes: 'n' });
  assert.deepEqual(fieldsOf(bad), ['resolution_code'], 'problems have their own resolution codes');
});

test('incidents are linked to a problem from both ends, once', async () => {
  const a = await incident({ title: 'VPN drops' });
  const b = await incident({ title: 'VPN drops again' });
  const p = (await agent('POST', '/api/v1/problems', { body: { title: 'VPN concentrator flaps' } })).json;
  const l = await agent('POST', `/api/v1/problems/${p.number}/incidents`, { body: { incidents: [a.number, b.number] } });
  assert.equal(l.status, 200, JSON.stringify(l.json));
  assert.equal(l.json.incident_count, 2);
  const list = await agent('GET', `/api/v1/problems/${p.number}/incidents`);
  assert.deepEqual(list.json.items.map((x) => x.number), [a.number, b.number]);
  const one = (await agent('GET', `/api/v1/incidents/${a.number}`)).json;
  assert.equal(one.problem, p.number, 'the incident names its problem');
  const twice = await agent('POST', `/api/v1/problems/${p.number}/incidents`, { body: { incidents: [a.number] } });
  assert.equal(twice.status, 409);
  assert.equal(twice.json.type.endsWith('already-linked'), true);
  const missing = await agent('POST', `/api/v1/problems/${p.number}/incidents`, { body: { incidents: ['INC9999999'] } });
  assert.equal(missing.status, 422);
  assert.deepEqual(fieldsOf(missing), ['incidents[0]']);
  // the end user sees the incident but never the problem
  const mine = (await eu('GET', `/api/v1/incidents/${a.number}`)).json;
  assert.equal('problem' in mine, false);
  const hist = await eu('GET', `/api/v1/incidents/${a.number}/history`);
  assert.equal(JSON.stringify(hist.json).includes(p.number), false, 'nor in the history');
  // unlinked from the problem; linked again from the incident
  assert.equal((await agent('DELETE', `/api/v1/problems/${p.number}/incidents/${a.number}`)).status, 204);
  const cur = (await agent('GET', `/api/v1/incidents/${a.number}`)).json;
  assert.equal(cur.problem, null);
  const back = await agent('PATCH', `/api/v1/incidents/${a.number}`, { body: { problem: p.number }, headers: { 'if-match': String(cur.version) } });
  assert.equal(back.status, 200);
  assert.equal(back.json.problem, p.number);
  const notProblem = await agent('PATCH', `/api/v1/incidents/${b.number}`, { body: { problem: a.number }, headers: { 'if-match': String((await agent('GET', `/api/v1/incidents/${b.number}`)).json.version) } });
  assert.deepEqual(fieldsOf(notProblem), ['problem']);
  assert.equal((await agent('GET', `/api/v1/problems/${p.number}`)).json.incident_count, 2);
});

test('a problem raised from incidents takes what they share and links them', async () => {
  const svc = await admin('POST', '/api/v1/services', { body: { name: 'Email', criticality: 2 } });
  assert.equal(svc.status, 201, JSON.stringify(svc.json));
  const a = await agent('POST', '/api/v1/incidents', { body: { title: 'mailbox full', service: 'Email', category: 'Software' } });
  assert.equal(a.status, 201, JSON.stringify(a.json));
  const b = await agent('POST', '/api/v1/incidents', { body: { title: 'mailbox full', service: 'Email' } });
  const p = await agent('POST', '/api/v1/problems', { body: { title: 'Mailbox quota too small', incidents: [a.json.number, b.json.number] } });
  assert.equal(p.status, 201, JSON.stringify(p.json));
  assert.equal(p.json.service, 'Email');
  assert.equal(p.json.category, 'Software');
  assert.equal(p.json.incident_count, 2);
  const linked = await agent('POST', '/api/v1/problems', { body: { title: 'again', incidents: [a.json.number] } });
  assert.equal(linked.status, 409, 'an incident has one problem');
  const count = (await agent('GET', '/api/v1/problems?text=again')).json.items.length;
  assert.equal(count, 0, 'nothing was written');
  const dup = await agent('POST', '/api/v1/problems', { body: { title: 'dup', incidents: [b.json.number, b.json.number] } });
  assert.equal(dup.status, 409);
});

test('a published workaround reaches the open incidents as a work note', async () => {
  const a = await incident({ title: 'scanner offline' });
  const done = await incident({ title: 'scanner offline too' });
  const d = (await agent('GET', `/api/v1/incidents/${done.number}`)).json;
  await agent('POST', `/api/v1/incidents/${done.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'ok' } });
  const p = (await agent('POST', '/api/v1/problems', { body: { title: 'scanner firmware', incidents: [a.number, done.number] } })).json;
  const none = await agent('POST', `/api/v1/problems/${p.number}/workaround`, { body: {} });
  assert.equal(none.status, 422);
  assert.deepEqual(fieldsOf(none), ['workaround']);
  const pub = await agent('POST', `/api/v1/problems/${p.number}/workaround`, { body: { workaround: 'power-cycle the scanner' } });
  assert.equal(pub.status, 200, JSON.stringify(pub.json));
  assert.equal(pub.json.workaround, 'power-cycle the scanner');
  assert.ok(pub.json.workaround_published_at);
  const notes = await agent('GET', `/api/v1/incidents/${a.number}/comments`);
  const note = notes.json.items.find((x) => x.internal && x.body.includes('power-cycle the scanner'));
  assert.ok(note, 'a work note on the open incident');
  assert.ok(note.body.includes(p.number));
  const closed = await agent('GET', `/api/v1/incidents/${done.number}/comments`);
  assert.equal(closed.json.items.some((x) => x.body.includes('power-cycle')), false, 'not on a resolved one');
  const euSees = await eu('GET', `/api/v1/incidents/${a.number}/comments`);
  assert.equal(euSees.json.items.some((x) => x.body.includes('power-cycle')), false, 'work notes stay internal');
  assert.ok(d.version);
});

test('resolving a problem resolves its open incidents, or refuses naming them', async () => {
  const a = await incident({ title: 'disk full' });
  const b = await incident({ title: 'disk full again' });
  const p = (await agent('POST', '/api/v1/problems', { body: { title: 'log rotation broken', incidents: [a.number, b.number] } })).json;
  const refuse = await act(agent, p.number, 'resolve', { resolution_code: 'permanent_fix', resolution_notes: 'rotation fixed', resolve_incidents: false });
  assert.equal(refuse.status, 409);
  assert.ok(refuse.json.detail.includes(a.number) && refuse.json.detail.includes(b.number), refuse.json.detail);
  assert.equal((await agent('GET', `/api/v1/problems/${p.number}`)).json.state, 'new', 'nothing changed');
  const ok = await act(agent, p.number, 'resolve', { resolution_code: 'permanent_fix', resolution_notes: 'rotation fixed' });
  assert.equal(ok.status, 200);
  for (const i of [a, b]) {
    const cur = (await agent('GET', `/api/v1/incidents/${i.number}`)).json;
    assert.equal(cur.state, 'resolved');
    assert.equal(cur.resolution_code, 'problem_resolved');
    const notes = (await agent('GET', `/api/v1/incidents/${i.number}/comments`)).json.items;
    assert.ok(notes.some((x) => x.internal && x.body.includes(p.number) && x.body.includes('rotation fixed')), 'a work note says why');
    const h = await agent('GET', `/api/v1/incidents/${i.number}/history`);
    assert.ok(h.json.items.some((e) => e.action === 'work_note' && e.changes.body.to.includes(p.number)), 'so does the history');
    // the requester sees it resolved, and nothing of the problem, by any path
    const seen = JSON.stringify([
      (await eu('GET', `/api/v1/incidents/${i.number}`)).json,
      (await eu('GET', `/api/v1/incidents/${i.number}/comments`)).json,
      (await eu('GET', `/api/v1/incidents/${i.number}/history`)).json,
      (await eu('GET', '/api/v1/me/notifications')).json,
    ]);
    assert.equal(seen.includes(p.number), false, seen.slice(0, 400));
    assert.equal(seen.includes('rotation fixed'), false);
  }
});

test('a major problem is reviewed before it closes', async () => {
  const p = (await agent('POST', '/api/v1/problems', { body: { title: 'datacentre power' } })).json;
  const m = await agent('POST', `/api/v1/problems/${p.number}/major`, { body: { reason: 'two sites down' } });
  assert.equal(m.status, 200, JSON.stringify(m.json));
  assert.equal(m.json.major, true);
  await act(agent, p.number, 'resolve', { resolution_code: 'permanent_fix', resolution_notes: 'UPS replaced' });
  const no = await act(agent, p.number, 'close');
  assert.equal(no.status, 422);
  assert.deepEqual(fieldsOf(no), ['review_actions', 'review_went_well', 'review_went_wrong']);
  const cur = (await agent('GET', `/api/v1/problems/${p.number}`)).json;
  assert.equal(cur.state, 'resolved');
  await agent('PATCH', `/api/v1/problems/${p.number}`, {
    body: { review_went_well: 'failover worked', review_went_wrong: 'UPS alarms ignored', review_actions: 'alarm to the desk' },
    headers: { 'if-match': String(cur.version) },
  });
  assert.equal((await act(agent, p.number, 'close')).json.state, 'closed');
});

test('a problem names the CIs it affects and those that contributed, checked and in its history', async () => {
  const a = (await admin('POST', '/api/v1/cis', { body: { name: 'mail-relay-1', class: 'application' } })).json.id;
  const b = (await admin('POST', '/api/v1/cis', { body: { name: 'mail-relay-2', class: 'application' } })).json.id;
  const disk = (await admin('POST', '/api/v1/cis', { body: { name: 'san-7', class: 'application' } })).json.id;
  const c = await agent('POST', '/api/v1/problems', { body: { title: 'relays drop mail', affected_cis: [b, a, a], contributing_cis: [disk] } });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  assert.deepEqual(c.json.affected_cis, [a, b].sort((x, y) => x - y), 'a set, by id');
  assert.deepEqual(c.json.contributing_cis, [disk]);
  const bad = await agent('PATCH', `/api/v1/problems/${c.json.number}`, { body: { affected_cis: [a, 999999], contributing_cis: [999998] }, headers: { 'if-match': String(c.json.version) } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['affected_cis[1]', 'contributing_cis[0]']);
  const zero = await agent('PATCH', `/api/v1/problems/${c.json.number}`, { body: { contributing_cis: [0, 'x'] }, headers: { 'if-match': String(c.json.version) } });
  assert.deepEqual(fieldsOf(zero), ['contributing_cis[0]', 'contributing_cis[1]']);
  const cur = (await agent('GET', `/api/v1/problems/${c.json.number}`)).json;
  assert.deepEqual(cur.affected_cis, c.json.affected_cis, 'nothing changed');
  const up = await agent('PATCH', `/api/v1/problems/${c.json.number}`, { body: { affected_cis: [a] }, headers: { 'if-match': String(cur.version) } });
  assert.equal(up.status, 200);
  assert.deepEqual(up.json.affected_cis, [a]);
  const h = await agent('GET', `/api/v1/problems/${c.json.number}/history`);
  const change = h.json.items.findLast((e) => e.changes && e.changes.affected_cis);
  assert.deepEqual(change.changes.affected_cis, { from: [a, b].sort((x, y) => x - y).join(','), to: String(a) });
  const inc = await incident({ title: 'x' });
  const no = await agent('PATCH', `/api/v1/incidents/${inc.number}`, { body: { affected_cis: [a] }, headers: { 'if-match': String(inc.version) } });
  assert.deepEqual(fieldsOf(no), ['affected_cis']);
});

test('candidates: recent unlinked incidents that share a CI, a service and category, or a title', async () => {
  for (let i = 0; i < 3; i++) await incident({ title: `Printer ${i + 10} jammed!` });
  await incident({ title: 'printer jammed' });
  const c = await agent('GET', '/api/v1/problems/candidates?window=30d&min=3');
  assert.equal(c.status, 200, JSON.stringify(c.json));
  const g = c.json.items.find((x) => x.basis === 'title' && x.title_key === 'printer jammed');
  assert.ok(g, JSON.stringify(c.json.items));
  assert.equal(g.count, 4);
  assert.equal(g.incidents.length, 4);
  const p = await agent('POST', '/api/v1/problems', { body: { title: 'Printer jams', incidents: g.incidents } });
  assert.equal(p.status, 201);
  const again = await agent('GET', '/api/v1/problems/candidates?window=30d&min=3');
  assert.equal(again.json.items.some((x) => x.title_key === 'printer jammed'), false, 'linked incidents are no candidates');
  for (const q of ['window=0d', 'window=30x', 'min=1', 'min=5000', 'window=400d']) {
    const bad = await agent('GET', `/api/v1/problems/candidates?${q}`);
    assert.equal(bad.status, 400, q);
  }
});

test('problems have their queue counts and their report, as every kind', async () => {
  const mine = await agent('POST', '/api/v1/problems', { body: { title: 'counted', assignment_group: 'Desk', assignee: 'agent1' } });
  assert.equal(mine.status, 201, JSON.stringify(mine.json));
  await agent('POST', `/api/v1/problems/${mine.json.number}/major`, { body: { reason: 'big' } });
  const c = await agent('GET', '/api/v1/problems/counts');
  assert.equal(c.status, 200);
  assert.ok(c.json.all_open >= 1 && c.json.mine >= 1 && c.json.major >= 1, JSON.stringify(c.json));
  const incidents = (await agent('GET', '/api/v1/incidents/counts')).json;
  assert.notEqual(incidents.all_open, c.json.all_open, 'counted per kind');
  const r = await agent('GET', '/api/v1/reports/problems');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(Object.keys(r.json.open.by_state), ['new', 'under_investigation', 'root_cause_known', 'known_error']);
  assert.equal(r.json.open.total, Object.values(r.json.open.by_state).reduce((a, b) => a + b, 0));
  assert.ok(r.json.oldest_open.every((t) => t.number.startsWith('PRB')));
  assert.ok(r.json.resolved >= 1, 'problems resolved in the period');
  assert.ok(r.json.mttr_seconds !== null);
  const inc = (await agent('GET', '/api/v1/reports/incidents')).json;
  assert.deepEqual(Object.keys(inc.open.by_state), ['new', 'in_progress', 'on_hold'], 'the incident report as before');
});

test('cause categories are a list admins keep', async () => {
  const l = await agent('GET', '/api/v1/cause-categories');
  assert.deepEqual(l.json.items.map((x) => x.name), ['hardware_failure', 'software_defect', 'capacity', 'change_induced', 'human_error', 'third_party']);
  assert.equal((await agent('POST', '/api/v1/cause-categories', { body: { name: 'x', label: 'X' } })).status, 403);
  const c = await admin('POST', '/api/v1/cause-categories', { body: { name: 'security', label: 'Security incident', position: 7 } });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  assert.equal((await admin('POST', '/api/v1/cause-categories', { body: { name: 'security', label: 'again' } })).status, 409);
  const bad = await admin('POST', '/api/v1/cause-categories', { body: { name: 'Bad Name', label: '' } });
  assert.deepEqual(fieldsOf(bad), ['label', 'name']);
  const off = await admin('PATCH', '/api/v1/cause-categories/security', { body: { active: false } });
  assert.equal(off.json.active, false);
  const use = await agent('POST', '/api/v1/problems', { body: { title: 't', cause_category: 'security' } });
  assert.deepEqual(fieldsOf(use), ['cause_category'], 'an inactive category is not offered');
});

test('an end user never sees a problem, by any path', async () => {
  const p = (await agent('POST', '/api/v1/problems', { body: { title: 'secret root cause', watchers: ['agent2'] } })).json;
  for (const [m, path] of [
    ['GET', '/api/v1/problems'], ['GET', `/api/v1/problems/${p.number}`], ['GET', `/api/v1/problems/${p.number}/history`],
    ['GET', `/api/v1/problems/${p.number}/comments`], ['GET', `/api/v1/problems/${p.number}/incidents`],
    ['GET', '/api/v1/problems/candidates'], ['GET', '/api/v1/cause-categories'],
    ['POST', '/api/v1/problems'],
  ]) {
    const r = await eu(m, path, m === 'POST' ? { body: { title: 'mine' } } : {});
    assert.ok(r.status === 403 || r.status === 404, `${m} ${path}: ${r.status}`);
  }
  const file = await agent('POST', `/api/v1/problems/${p.number}/attachments?filename=rca.txt`, { raw: Buffer.from('why'), contentType: 'text/plain' });
  assert.equal(file.status, 201);
  assert.equal((await eu('GET', `/api/v1/attachments/${file.json.id}`)).status, 404, 'nor its attachments');
  const watch = await agent('POST', `/api/v1/problems/${p.number}/watchers`, { body: { login: 'eu1' } });
  assert.equal(watch.status, 422, 'an end user cannot be made to watch one');
  const search = await eu('GET', '/api/v1/incidents?text=secret');
  assert.equal(search.json.items.length, 0);
  const v = verify(s);
  assert.equal(v.ok, true);
});
