// The category tree and incident templates: admin-managed configuration
// that every user reads; incidents must use an active category once a tree
// exists; templates prefill what the caller leaves out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, fingerprint } from './lib.mjs';

let s, admin, agent, eu;
before(async () => {
  s = await startServer({ users: [{ login: 'desk1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'desk1');
  eu = as(s, 'eu1');
  for (const name of ['Network', 'Desk']) {
    assert.equal((await admin('POST', '/api/v1/groups', { body: { name, members: ['desk1'] } })).status, 201);
  }
});
after(async () => { await s.cleanup(); });

const raise = (body, who = eu) => who('POST', '/api/v1/incidents', { body });
const ids = {};

test('with no tree defined, a category is free text', async () => {
  const r = await raise({ title: 'before the tree', category: 'anything goes' });
  assert.equal(r.status, 201);
  assert.equal(r.json.category, 'anything goes');
  assert.deepEqual((await eu('GET', '/api/v1/categories')).json.items, []);
});

test('admins build the tree; paths join the names; bad names and parents are refused', async () => {
  for (const [parent, name] of [[null, 'network'], ['network', 'vpn'], ['network', 'wifi'], [null, 'hardware'],
    ['hardware', 'printer'], ['hardware/printer', 'toner'], ['hardware/printer/toner', 'black']]) {
    const r = await admin('POST', '/api/v1/categories', { body: { name, parent } });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    assert.equal(r.json.path, parent ? `${parent}/${name}` : name);
    assert.equal(r.json.parent, parent);
    assert.equal(r.json.active, true);
    assert.equal(r.headers.get('location'), `/api/v1/categories/${r.json.id}`);
    ids[r.json.path] = r.json.id;
  }
  const bad = async (body, status, field) => {
    const before = fingerprint(s);
    const r = await admin('POST', '/api/v1/categories', { body });
    assert.equal(r.status, status, JSON.stringify(body));
    if (field) assert.deepEqual(fieldsOf(r), [field]);
    assert.deepEqual(fingerprint(s), before, 'a refused category changes nothing');
    return r;
  };
  await bad({ name: 'a/b' }, 422, 'name');
  await bad({ name: '' }, 422, 'name');
  await bad({ name: ' padded' }, 422, 'name');
  await bad({ name: 'x'.repeat(61) }, 422, 'name');
  await bad({}, 422, 'name');
  await bad({ name: 'new', active: false }, 422, 'active');
  assert.equal((await bad({ name: 'x', parent: 'nope' }, 422, 'parent')).json.type, 'urn:steward:problem:reference');
  await bad({ name: 'grey', parent: 'hardware/printer/toner/black' }, 422, 'parent'); // four levels at most
  assert.equal((await bad({ name: 'vpn', parent: 'network' }, 409)).json.type, 'urn:steward:problem:duplicate');
  await bad({ name: 'x', colour: 'red' }, 422, 'colour');
  assert.equal((await agent('POST', '/api/v1/categories', { body: { name: 'x' } })).status, 403);
  assert.equal((await eu('POST', '/api/v1/categories', { body: { name: 'x' } })).status, 403);
});

test('everyone reads the tree in path order; deactivated categories are hidden from end users', async () => {
  const all = ['hardware', 'hardware/printer', 'hardware/printer/toner', 'hardware/printer/toner/black', 'network',
    'network/vpn', 'network/wifi'];
  assert.deepEqual((await agent('GET', '/api/v1/categories')).json.items.map((c) => c.path), all);
  const off = await admin('PATCH', `/api/v1/categories/${ids['network/wifi']}`, { body: { active: false } });
  assert.equal(off.status, 200);
  assert.equal(off.json.active, false);
  assert.equal(off.json.path, 'network/wifi');
  const paths = async (who, q = '') => (await who('GET', `/api/v1/categories${q}`)).json.items.map((c) => c.path);
  assert.deepEqual(await paths(agent), all, 'agents see inactive ones too');
  assert.deepEqual(await paths(agent, '?active=true'), all.filter((p) => p !== 'network/wifi'));
  assert.deepEqual(await paths(eu), all.filter((p) => p !== 'network/wifi'));
  const maybe = await eu('GET', '/api/v1/categories?active=maybe');
  assert.equal(maybe.status, 400);
  assert.deepEqual(fieldsOf(maybe), ['active']);
  assert.equal((await eu('GET', '/api/v1/categories?colour=red')).status, 400);
  const rename = await admin('PATCH', `/api/v1/categories/${ids.network}`, { body: { name: 'net' } });
  assert.equal(rename.status, 422);
  assert.deepEqual(fieldsOf(rename), ['name']);
  assert.deepEqual(fieldsOf(await admin('PATCH', `/api/v1/categories/${ids.network}`, { body: {} })), ['active']);
  assert.equal((await admin('PATCH', '/api/v1/categories/999999', { body: { active: true } })).status, 404);
  assert.equal((await admin('PATCH', '/api/v1/categories/abc', { body: { active: true } })).status, 404);
  assert.equal((await agent('PATCH', `/api/v1/categories/${ids.network}`, { body: { active: false } })).status, 403);
});

test('once a tree exists, an incident\'s category must be an active path with active ancestors', async () => {
  const ok = await raise({ title: 'vpn', category: 'network/vpn' });
  assert.equal(ok.status, 201);
  assert.equal(ok.json.category, 'network/vpn');
  for (const category of ['anything goes', 'network/wifi', 'Network/VPN']) {
    const before = fingerprint(s);
    const r = await raise({ title: 'x', category });
    assert.equal(r.status, 422, category);
    assert.deepEqual(fieldsOf(r), ['category']);
    assert.equal(r.json.type, 'urn:steward:problem:reference');
    assert.deepEqual(fingerprint(s), before);
  }
  // a parent switched off takes its subtree with it
  assert.equal((await admin('PATCH', `/api/v1/categories/${ids.hardware}`, { body: { active: false } })).status, 200);
  const deep = await raise({ title: 'toner', category: 'hardware/printer/toner' });
  assert.equal(deep.status, 422);
  assert.match(deep.json.errors[0].detail, /'hardware' is inactive/);
  assert.equal((await admin('PATCH', `/api/v1/categories/${ids.hardware}`, { body: { active: true } })).status, 200);
  assert.equal((await raise({ title: 'toner', category: 'hardware/printer/toner' })).status, 201);
  // the same rule on update; other fields' errors come together with it
  const upd = await agent('PATCH', `/api/v1/incidents/${ok.json.number}`, {
    body: { category: 'network/wifi', assignee: 'nobody' }, headers: { 'If-Match': String(ok.json.version) } });
  assert.equal(upd.status, 422);
  assert.deepEqual(fieldsOf(upd), ['assignee', 'category']);
  const clear = await agent('PATCH', `/api/v1/incidents/${ok.json.number}`, {
    body: { category: null }, headers: { 'If-Match': String(ok.json.version) } });
  assert.equal(clear.status, 200);
  assert.equal(clear.json.category, null);
});

test('templates: admins write them, validated like incidents; end users read the active ones', async () => {
  const r = await admin('POST', '/api/v1/templates', { body: {
    name: 'VPN down', title: 'VPN is not connecting', description: 'Client fails to connect.', impact: 2, urgency: 1,
    category: 'network/vpn', assignment_group: 'Network' } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.equal(r.headers.get('location'), '/api/v1/templates/VPN down');
  assert.deepEqual({ ...r.json, created_at: undefined, updated_at: undefined }, {
    name: 'VPN down', title: 'VPN is not connecting', description: 'Client fails to connect.', impact: 2, urgency: 1,
    category: 'network/vpn', assignment_group: 'Network', active: true, created_at: undefined, updated_at: undefined });
  const min = await admin('POST', '/api/v1/templates', { body: { name: 'Password reset', title: 'Password reset' } });
  assert.equal(min.status, 201);
  assert.equal(min.json.impact, 3);
  assert.equal(min.json.category, null);
  const before = fingerprint(s);
  const bad = await admin('POST', '/api/v1/templates', { body: { name: 'Broken', impact: 5, urgency: '1' } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['impact', 'urgency']);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/templates', { body: { name: 'Broken' } })), ['title']);
  const refs = await admin('POST', '/api/v1/templates', { body: {
    name: 'Broken', title: 't', category: 'network/wifi', assignment_group: 'Nope' } });
  assert.equal(refs.status, 422);
  assert.deepEqual(fieldsOf(refs), ['assignment_group', 'category']);
  assert.equal((await admin('POST', '/api/v1/templates', { body: { name: 'VPN down', title: 'again' } })).status, 409);
  assert.deepEqual(fingerprint(s), before);
  assert.equal((await agent('POST', '/api/v1/templates', { body: { name: 'x', title: 'x' } })).status, 403);
  assert.equal((await eu('PATCH', '/api/v1/templates/VPN down', { body: { title: 'x' } })).status, 403);
  const off = await admin('PATCH', '/api/v1/templates/Password reset', { body: { active: false, urgency: 1 } });
  assert.equal(off.status, 200);
  assert.equal(off.json.active, false);
  assert.equal(off.json.urgency, 1);
  assert.deepEqual(fieldsOf(await admin('PATCH', '/api/v1/templates/VPN down', { body: { name: 'renamed' } })), ['name']);
  assert.equal((await admin('PATCH', '/api/v1/templates/nope', { body: { title: 'x' } })).status, 404);
  assert.deepEqual((await eu('GET', '/api/v1/templates')).json.items.map((t) => t.name), ['VPN down']);
  assert.deepEqual((await agent('GET', '/api/v1/templates')).json.items.map((t) => t.name), ['Password reset', 'VPN down']);
  assert.equal((await eu('GET', '/api/v1/templates/Password reset')).status, 404);
  assert.equal((await agent('GET', '/api/v1/templates/Password reset')).status, 200);
  assert.equal((await eu('GET', '/api/v1/templates/VPN down')).json.title, 'VPN is not connecting');
});

test('an incident raised from a template takes its values; what the caller gives wins', async () => {
  const r = await raise({ template: 'VPN down' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.equal(r.json.title, 'VPN is not connecting');
  assert.equal(r.json.description, 'Client fails to connect.');
  assert.equal(r.json.category, 'network/vpn');
  assert.equal(r.json.assignment_group, 'Network', 'an end user may not route, but the template may');
  assert.equal(r.json.impact, 2);
  assert.equal(r.json.urgency, 1);
  assert.equal(r.json.priority, 2, 'priority from the matrix for impact 2 x urgency 1');
  const h = await agent('GET', `/api/v1/incidents/${r.json.number}/history`);
  assert.deepEqual(h.json.items[0].changes.template, { to: 'VPN down' });
  const own = await raise({ template: 'VPN down', title: 'VPN broken at home', urgency: 3 });
  assert.equal(own.json.title, 'VPN broken at home');
  assert.equal(own.json.urgency, 3);
  assert.equal(own.json.impact, 2);
  assert.equal(own.json.priority, 4);
  const routed = await raise({ template: 'VPN down', assignment_group: 'Desk' }, agent);
  assert.equal(routed.json.assignment_group, 'Desk');
  const before = fingerprint(s);
  for (const template of ['Password reset', 'nope']) {
    const bad = await raise({ template });
    assert.equal(bad.status, 422, template);
    assert.deepEqual(fieldsOf(bad), ['template']);
    assert.equal(bad.json.type, 'urn:steward:problem:reference');
  }
  assert.deepEqual(fieldsOf(await raise({ description: 'no title, no template' })), ['title']);
  assert.deepEqual(fieldsOf(await agent('PATCH', `/api/v1/incidents/${r.json.number}`, {
    body: { template: 'VPN down' }, headers: { 'If-Match': String(r.json.version) } })), ['template']);
  assert.deepEqual(fingerprint(s), before);
});
