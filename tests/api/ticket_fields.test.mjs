// What the engine records on every ticket for reports: the channel it came
// in by, the category when it was opened and when it was closed, and how
// many times it passed from one group to another; each can be filtered on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, api, login, PASSWORD } from './lib.mjs';

let s, agent, eu;

before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  const admin = as(s, 'admin');
  for (const name of ['Desk', 'Network', 'Servers']) {
    assert.equal((await admin('POST', '/api/v1/groups', { body: { name, members: ['agent1'] } })).status, 201);
  }
  for (const name of ['hardware', 'network']) {
    assert.equal((await admin('POST', '/api/v1/categories', { body: { name } })).status, 201);
  }
});
after(async () => { await s.cleanup(); });

const patch = async (n, body) => {
  const v = (await agent('GET', `/api/v1/incidents/${n}`)).json.version;
  const r = await agent('PATCH', `/api/v1/incidents/${n}`, { headers: { 'If-Match': `"${v}"` }, body });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

test('the channel: the portal, the API, or what the desk says', async () => {
  const portal = await login(s, 'eu1', PASSWORD);
  const viaPortal = await api(s, 'POST', '/api/v1/incidents', { ...portal, body: { title: 'From the portal' } });
  assert.equal(viaPortal.status, 201, viaPortal.text);
  assert.equal(viaPortal.json.channel, 'portal');
  const desk = await login(s, 'agent1', PASSWORD);
  const viaDesk = await api(s, 'POST', '/api/v1/incidents', { ...desk, body: { title: 'Typed in by the desk' } });
  assert.equal(viaDesk.json.channel, 'agent');
  assert.equal((await agent('POST', '/api/v1/incidents', { body: { title: 'From a script' } })).json.channel, 'api');
  const phoned = await agent('POST', '/api/v1/incidents', { body: { title: 'Phoned in', channel: 'phone' } });
  assert.equal(phoned.json.channel, 'phone');
  // checked, and the desk's to set
  const bad = await agent('POST', '/api/v1/incidents', { body: { title: 'x', channel: 'pigeon' } });
  assert.equal(bad.status, 422);
  assert.match(bad.json.errors[0].detail, /one of portal, agent, phone, email, event, api/);
  assert.equal((await eu('POST', '/api/v1/incidents', { body: { title: 'x', channel: 'phone' } })).status, 403);
  const list = (await agent('GET', '/api/v1/incidents?channel=phone')).json.items;
  assert.deepEqual(list.map((i) => i.number), [phoned.json.number]);
  // an agent corrects it, and history says so
  const fixed = await patch(phoned.json.number, { channel: 'email' });
  assert.equal(fixed.channel, 'email');
  const h = (await agent('GET', `/api/v1/incidents/${phoned.json.number}/history`)).json.items;
  assert.deepEqual(h.find((e) => e.action === 'update').changes.channel, { from: 'phone', to: 'email' });
});

test('the category when opened is kept; the one when closed is recorded, and cleared by a reopen', async () => {
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'Cable cut', category: 'hardware' } });
  const n = r.json.number;
  assert.equal(r.json.opening_category, 'hardware');
  assert.equal(r.json.closing_category, null);
  await patch(n, { category: 'network' });
  let t = (await agent('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'spliced' } })).json;
  assert.equal(t.opening_category, 'hardware');
  assert.equal(t.closing_category, 'network');
  const closedNetwork = (await agent('GET', '/api/v1/incidents?closing_category=network')).json.items;
  assert.deepEqual(closedNetwork.map((i) => i.number), [n]);
  t = (await agent('POST', `/api/v1/incidents/${n}/reopen`, { body: {} })).json;
  assert.equal(t.closing_category, null);
  assert.equal(t.opening_category, 'hardware');
  t = (await agent('POST', `/api/v1/incidents/${n}/cancel`, { body: {} })).json;
  assert.equal(t.closing_category, 'network');
});

test('hops count passes from one group to another, not the first assignment', async () => {
  const n = (await agent('POST', '/api/v1/incidents', { body: { title: 'Bounced around' } })).json.number;
  assert.equal((await agent('GET', `/api/v1/incidents/${n}`)).json.reassignment_count, 0);
  assert.equal((await patch(n, { assignment_group: 'Desk' })).reassignment_count, 0);
  assert.equal((await patch(n, { assignment_group: 'Network' })).reassignment_count, 1);
  assert.equal((await patch(n, { title: 'Bounced around again' })).reassignment_count, 1);
  assert.equal((await patch(n, { assignment_group: 'Servers', assignee: 'agent1' })).reassignment_count, 2);
  assert.equal((await patch(n, { assignment_group: null })).reassignment_count, 2);
  const h = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items;
  assert.deepEqual(h.filter((e) => e.changes.reassignment_count).map((e) => e.changes.reassignment_count.to), [1, 2]);
});
