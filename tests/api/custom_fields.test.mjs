// Fields admins define per ticket kind at run time, and the fields a
// ticket must have filled in to be in a state: typed and checked values,
// history, list filters, search, category scope, and the answers and
// refusals for each, with nothing written by a refused request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fingerprint } from './lib.mjs';

let s, admin, agent, eu, ci;

before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  assert.equal((await admin('POST', '/api/v1/categories', { body: { name: 'hardware' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/categories', { body: { name: 'laptop', parent: 'hardware' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/categories', { body: { name: 'network' } })).status, 201);
  ci = (await admin('POST', '/api/v1/cis', { body: { name: 'lt-042', class: 'application' } })).json.id;
  const defs = [
    { name: 'asset_tag', label: 'Asset tag', type: 'text', category: 'hardware', position: 1 },
    { name: 'users_affected', label: 'Users affected', type: 'number', position: 2 },
    { name: 'noticed_on', label: 'Noticed on', type: 'date', position: 3 },
    { name: 'site', label: 'Site', type: 'choice', choices: ['London', 'Leeds'], position: 4 },
    { name: 'reported_for', label: 'Reported for', type: 'user', position: 5 },
    { name: 'device', label: 'Device', type: 'ci', position: 6 },
  ];
  for (const d of defs) {
    const r = await admin('POST', '/api/v1/custom-fields', { body: { kind: 'incident', ...d } });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('location'), `/api/v1/custom-fields/incident/${d.name}`);
  }
});
after(async () => { await s.cleanup(); });

test('definitions: created by admins, read by everyone in form order, checked', async () => {
  const list = (await eu('GET', '/api/v1/custom-fields?kind=incident')).json.items;
  assert.deepEqual(list.map((f) => f.name), ['asset_tag', 'users_affected', 'noticed_on', 'site', 'reported_for', 'device']);
  assert.deepEqual(list.find((f) => f.name === 'site').choices, ['London', 'Leeds']);
  const before_ = fingerprint(s);
  const bad = await admin('POST', '/api/v1/custom-fields', { body: { kind: 'unicorn', name: 'Bad Name', label: '', type: 'colour' } });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['kind', 'label', 'name', 'type']);
  const noChoices = await admin('POST', '/api/v1/custom-fields', { body: { kind: 'incident', name: 'x', label: 'X', type: 'choice' } });
  assert.deepEqual(noChoices.json.errors.map((e) => e.field), ['choices']);
  const dup = await admin('POST', '/api/v1/custom-fields', { body: { kind: 'incident', name: 'site', label: 'S', type: 'text' } });
  assert.equal(dup.status, 409);
  const retype = await admin('PATCH', '/api/v1/custom-fields/incident/site', { body: { type: 'text' } });
  assert.deepEqual(retype.json.errors.map((e) => e.field), ['type']);
  assert.equal((await agent('POST', '/api/v1/custom-fields', { body: { kind: 'incident', name: 'y', label: 'Y', type: 'text' } })).status, 403);
  assert.equal(fingerprint(s), before_, 'a refused definition changed the database');
});

test('values: typed, canonical, shown, in history; nulls clear them', async () => {
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'Laptop will not boot', category: 'hardware/laptop',
    custom: { asset_tag: 'LT-042', users_affected: 3, noticed_on: '2026-11-30', site: 'Leeds', reported_for: 'eu1', device: ci } } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.json.custom, { asset_tag: 'LT-042', users_affected: 3, noticed_on: '2026-11-30', site: 'Leeds', reported_for: 'eu1', device: ci });
  const n = r.json.number;
  // the same to an end user who requested nothing? no: not theirs; to the agent in a list
  const row = (await agent('GET', '/api/v1/incidents')).json.items.find((i) => i.number === n);
  assert.deepEqual(row.custom, r.json.custom);
  const v = r.json.version;
  const p = await agent('PATCH', `/api/v1/incidents/${n}`, { headers: { 'If-Match': `"${v}"` },
    body: { custom: { users_affected: 12.5, asset_tag: null } } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.custom.users_affected, 12.5);
  assert.ok(!('asset_tag' in p.json.custom));
  const h = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items.find((e) => e.action === 'update');
  assert.deepEqual(h.changes['custom.users_affected'], { from: '3', to: '12.5' });
  assert.deepEqual(h.changes['custom.asset_tag'], { from: 'LT-042', to: null });
});

test('bad values are refused field by field, and nothing is written', async () => {
  const before_ = fingerprint(s);
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'x', category: 'network',
    custom: { asset_tag: 'A1', users_affected: 'many', noticed_on: '2026-02-30', site: 'Paris', reported_for: 'nobody', device: 999999, colour: 'red' } } });
  assert.equal(r.status, 422);
  const byField = Object.fromEntries(r.json.errors.map((e) => [e.field, e.detail]));
  assert.deepEqual(Object.keys(byField).sort(), ['custom.asset_tag', 'custom.colour', 'custom.device', 'custom.noticed_on',
    'custom.reported_for', 'custom.site', 'custom.users_affected']);
  assert.match(byField['custom.asset_tag'], /applies only to category hardware/);
  assert.match(byField['custom.site'], /one of London, Leeds/);
  assert.match(byField['custom.colour'], /not a field of incidents/);
  assert.equal((await agent('POST', '/api/v1/incidents', { body: { title: 'x', custom: [1, 2] } })).status, 422);
  assert.equal(fingerprint(s), before_);
});

test('filters and search find tickets by their values', async () => {
  const a = (await agent('POST', '/api/v1/incidents', { body: { title: 'Printer offline', custom: { site: 'London', users_affected: 40 } } })).json.number;
  const b = (await agent('POST', '/api/v1/incidents', { body: { title: 'Printer jammed', custom: { site: 'Leeds' } } })).json.number;
  const london = (await agent('GET', '/api/v1/incidents?custom_field=site&custom_value=London')).json.items.map((i) => i.number);
  assert.deepEqual(london, [a]);
  const forty = (await agent('GET', '/api/v1/incidents?custom_field=users_affected&custom_value=40.0')).json.items.map((i) => i.number);
  assert.deepEqual(forty, [a], 'numbers compare as numbers');
  const leeds = (await agent('GET', '/api/v1/incidents?text=printer%20leeds')).json.items.map((i) => i.number);
  assert.deepEqual(leeds, [b], 'choice values are searched');
  for (const [q, field] of [['custom_field=site', 'custom_value'], ['custom_field=nope&custom_value=x', 'custom_field'],
    ['custom_field=users_affected&custom_value=lots', 'custom_value']]) {
    const r = await agent('GET', `/api/v1/incidents?${q}`);
    assert.equal(r.status, 400, q);
    assert.deepEqual(r.json.errors.map((e) => e.field), [field], q);
  }
});

test('mandatory fields: refused naming the field when entering the state, and while in it', async () => {
  assert.equal((await admin('POST', '/api/v1/mandatory-fields', { body: { kind: 'incident', state: 'resolved', field: 'custom.site' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/mandatory-fields', { body: { kind: 'incident', state: 'resolved', field: 'service' } })).status, 201);
  const bad = await admin('POST', '/api/v1/mandatory-fields', { body: { kind: 'incident', state: 'limbo', field: 'title' } });
  assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['field', 'state']);
  const missing = await admin('POST', '/api/v1/mandatory-fields', { body: { kind: 'incident', state: 'closed', field: 'custom.nope' } });
  assert.equal(missing.status, 422);
  assert.equal(missing.json.type, 'urn:steward:problem:reference');
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Print', criticality: 3 } })).status, 201);

  const n = (await agent('POST', '/api/v1/incidents', { body: { title: 'Toner low' } })).json.number;
  const before_ = fingerprint(s);
  const r = await agent('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'refilled' } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => [e.field, e.detail]),
    [['custom.site', 'is required when an incident is resolved'], ['service', 'is required when an incident is resolved']]);
  assert.equal(fingerprint(s), before_, 'a refused transition wrote something');
  const v = (await agent('GET', `/api/v1/incidents/${n}`)).json.version;
  assert.equal((await agent('PATCH', `/api/v1/incidents/${n}`, { headers: { 'If-Match': `"${v}"` }, body: { service: 'Print', custom: { site: 'Leeds' } } })).status, 200);
  const ok = await agent('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'refilled' } });
  assert.equal(ok.status, 200, ok.text);
  // clearing it while resolved is refused too
  const clear = await agent('PATCH', `/api/v1/incidents/${n}`, { headers: { 'If-Match': `"${ok.json.version}"` }, body: { custom: { site: null } } });
  assert.equal(clear.status, 422);
  assert.deepEqual(clear.json.errors.map((e) => e.field), ['custom.site']);
  // rules are listed, and removed
  const rules = (await agent('GET', '/api/v1/mandatory-fields?kind=incident')).json.items;
  assert.deepEqual(rules.map((m) => `${m.state}:${m.field}`), ['resolved:custom.site', 'resolved:service']);
  for (const m of rules) assert.equal((await admin('DELETE', `/api/v1/mandatory-fields/${m.id}`)).status, 204);
  assert.equal((await admin('DELETE', `/api/v1/mandatory-fields/${rules[0].id}`)).status, 404);
});

test('a field no longer active keeps its values but takes no new ones', async () => {
  const n = (await agent('POST', '/api/v1/incidents', { body: { title: 'Cable', custom: { noticed_on: '2026-12-01' } } })).json.number;
  assert.equal((await admin('PATCH', '/api/v1/custom-fields/incident/noticed_on', { body: { active: false } })).status, 200);
  assert.equal((await agent('GET', `/api/v1/incidents/${n}`)).json.custom.noticed_on, '2026-12-01');
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'x', custom: { noticed_on: '2026-12-02' } } });
  assert.equal(r.status, 422);
  assert.ok(!(await eu('GET', '/api/v1/custom-fields?kind=incident')).json.items.some((f) => f.name === 'noticed_on'));
  assert.ok((await agent('GET', '/api/v1/custom-fields?kind=incident')).json.items.some((f) => f.name === 'noticed_on'));
});
