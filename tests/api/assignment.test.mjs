// Assignment rules: evaluated in order when an incident arrives without a
// group; conditions on category, priority and keywords; round robin and
// least-open-work assignee selection; audited; admin-managed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib.mjs';

let s, admin, agent, eu;
before(async () => {
  s = await startServer({ users: [
    { login: 'net1', role: 'agent' }, { login: 'net2', role: 'agent' }, { login: 'net3', role: 'agent' },
    { login: 'desk1', role: 'agent' }, { login: 'eu1', role: 'end_user' }, { login: 'netuser', role: 'end_user' },
  ] });
  admin = as(s, 'admin');
  agent = as(s, 'desk1');
  eu = as(s, 'eu1');
  for (const [name, members] of [['Network', ['net1', 'net2', 'net3', 'netuser']], ['Desk', ['desk1']], ['Security', ['desk1']]]) {
    const g = await admin('POST', '/api/v1/groups', { body: { name, members } });
    assert.equal(g.status, 201);
  }
});
after(async () => { await s.cleanup(); });

const fields = (r) => (r.json.errors || []).map((e) => e.field).sort();
const raise = async (body, who = eu) => (await who('POST', '/api/v1/incidents', { body })).json;

test('rules are managed by admins and validated', async () => {
  const r = await admin('POST', '/api/v1/assignment-rules', { body: {
    name: 'network words', position: 10, match_keywords: ['vpn', 'Wi-Fi', 'firewall'], assignment_group: 'Network', assign: 'round_robin' } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('location'), '/api/v1/assignment-rules/network words');
  assert.deepEqual(r.json.match_keywords, ['vpn', 'Wi-Fi', 'firewall']);
  assert.equal(r.json.assign, 'round_robin');
  assert.equal(r.json.active, true);
  assert.equal(r.json.match_priority, null);
  const bad = await admin('POST', '/api/v1/assignment-rules', { body: {
    name: '', position: -1, match_priority: 9, assign: 'random', match_keywords: ['ok', ''], assignment_group: 'Nope' } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fields(bad), ['assign', 'match_keywords[1]', 'match_priority', 'name', 'position']);
  const ref = await admin('POST', '/api/v1/assignment-rules', { body: { name: 'x', assignment_group: 'Nope' } });
  assert.equal(ref.status, 422);
  assert.deepEqual(fields(ref), ['assignment_group']);
  const dup = await admin('POST', '/api/v1/assignment-rules', { body: { name: 'network words', assignment_group: 'Desk' } });
  assert.equal(dup.status, 409);
  assert.equal((await agent('POST', '/api/v1/assignment-rules', { body: { name: 'y', assignment_group: 'Desk' } })).status, 403);
  assert.equal((await agent('GET', '/api/v1/assignment-rules')).status, 200);
  assert.equal((await eu('GET', '/api/v1/assignment-rules')).status, 403);
  const more = [
    { name: 'p1 to security', position: 5, match_priority: 1, assignment_group: 'Security' },
    { name: 'hardware', position: 20, match_category: 'hardware', assignment_group: 'Desk', assign: 'least_open' },
    { name: 'catch all', position: 1000, assignment_group: 'Desk' },
  ];
  for (const body of more) assert.equal((await admin('POST', '/api/v1/assignment-rules', { body })).status, 201);
  const list = await agent('GET', '/api/v1/assignment-rules');
  assert.deepEqual(list.json.items.map((x) => x.name), ['p1 to security', 'network words', 'hardware', 'catch all']);
});

test('the first matching rule routes a new incident, and says so in the history', async () => {
  const vpn = await raise({ title: 'My VPN keeps dropping' });
  assert.equal(vpn.assignment_group, 'Network');
  assert.ok(['net1', 'net2', 'net3'].includes(vpn.assignee));
  const h = await agent('GET', `/api/v1/incidents/${vpn.number}/history`);
  assert.deepEqual(h.json.items[0].changes.assignment_rule, { to: 'network words' });
  assert.deepEqual(h.json.items[0].changes.assignment_group, { from: null, to: 'Network' });
  // the rules are the desk's: the requester's history shows where the ticket went, not which rule sent it
  const mine = await eu('GET', `/api/v1/incidents/${vpn.number}/history`);
  assert.equal(mine.json.items[0].changes.assignment_rule, undefined);
  assert.deepEqual(mine.json.items[0].changes.assignment_group, { from: null, to: 'Network' });
  const wifi = await raise({ title: 'slow', description: 'the WI-FI in room 4 is slow' });
  assert.equal(wifi.assignment_group, 'Network', 'keywords match the description, ignoring case');
  const p1 = await raise({ title: 'VPN down for the whole company', impact: 1, urgency: 1 });
  assert.equal(p1.assignment_group, 'Security', 'the earlier rule wins');
  assert.equal(p1.assignee, null, 'that rule does not pick an assignee');
  const other = await raise({ title: 'printer jam' });
  assert.equal(other.assignment_group, 'Desk');
  assert.equal(other.assignee, null);
  const explicit = await raise({ title: 'VPN again', assignment_group: 'Desk' }, agent);
  assert.equal(explicit.assignment_group, 'Desk', 'a group given by the caller is kept');
  const h2 = await agent('GET', `/api/v1/incidents/${explicit.number}/history`);
  assert.equal(h2.json.items[0].changes.assignment_rule, undefined);
});

test('round robin cycles through the group\'s active agents only', async () => {
  const got = [];
  for (let i = 0; i < 6; i++) got.push((await raise({ title: `firewall blocks ${i}` })).assignee);
  const members = ['net1', 'net2', 'net3'];
  for (let i = 0; i < 6; i++) assert.ok(members.includes(got[i]), got[i]);
  for (let i = 1; i < 6; i++) assert.equal(members.indexOf(got[i]), (members.indexOf(got[i - 1]) + 1) % 3, JSON.stringify(got));
  assert.ok(!got.includes('netuser'), 'end users in the group are never assignees');
  await admin('PATCH', '/api/v1/users/net2', { body: { active: false } });
  const next = [];
  for (let i = 0; i < 4; i++) next.push((await raise({ title: `vpn ${i}` })).assignee);
  assert.ok(!next.includes('net2'), 'disabled agents are skipped');
  await admin('PATCH', '/api/v1/users/net2', { body: { active: true } });
});

test('least open work picks the agent with the fewest open incidents', async () => {
  await admin('POST', '/api/v1/groups', { body: { name: 'Hardware', members: ['net1', 'net3'] } });
  await admin('PATCH', '/api/v1/assignment-rules/hardware', { body: { assignment_group: 'Hardware' } });
  const open = async (login) => (await agent('GET', `/api/v1/incidents?assignee=${login}&limit=200`)).json.items
    .filter((x) => !['resolved', 'closed', 'canceled'].includes(x.state)).length;
  for (let i = 0; i < 4; i++) {
    const before_ = { net1: await open('net1'), net3: await open('net3') };
    const t = await raise({ title: `broken screen ${i}`, category: 'hardware' });
    assert.equal(t.assignment_group, 'Hardware');
    const want = before_.net1 <= before_.net3 ? 'net1' : 'net3';
    assert.equal(t.assignee, want, JSON.stringify(before_));
  }
});

test('inactive rules are skipped; changes are audited', async () => {
  const off = await admin('PATCH', '/api/v1/assignment-rules/network words', { body: { active: false } });
  assert.equal(off.status, 200);
  assert.equal(off.json.active, false);
  const t = await raise({ title: 'vpn is fine now?' });
  assert.equal(t.assignment_group, 'Desk');
  const rename = await admin('PATCH', '/api/v1/assignment-rules/network words', { body: { name: 'other' } });
  assert.equal(rename.status, 422);
  const nf = await admin('PATCH', '/api/v1/assignment-rules/ghost', { body: { active: true } });
  assert.equal(nf.status, 404);
});
