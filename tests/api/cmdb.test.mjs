// The CMDB and the service portfolio: CI classes with typed attributes
// (inherited, validated on every write, errors naming the attribute),
// CIs, typed directed relationships (no duplicates, no self-links),
// objectives and services, and impact analysis through several levels and
// a cycle, with paths and a depth limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, fingerprint } from './lib.mjs';

let s, admin, agent, boss, eu;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'boss', role: 'manager' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  boss = as(s, 'boss');
  eu = as(s, 'eu1');
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Infra', members: ['agent1'] } })).status, 201);
});
after(async () => { await s.cleanup(); });

const ci = async (body, who = agent) => {
  const r = await who('POST', '/api/v1/cis', { body });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};
const relate = async (from, type, to) => {
  const r = await agent('POST', `/api/v1/cis/${from}/relations`, { body: { type, to } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};

test('default classes ship with init, in a hierarchy, with inherited attribute definitions', async () => {
  const r = await agent('GET', '/api/v1/ci-classes');
  assert.deepEqual(r.json.items.map((c) => [c.name, c.parent]), [
    ['application', 'software'], ['cloud_resource', null], ['database', 'software'], ['hardware', null],
    ['network_device', 'hardware'], ['server', 'hardware'], ['software', null]]);
  const server = (await agent('GET', '/api/v1/ci-classes/server')).json;
  assert.deepEqual(server.attributes.map((a) => [a.name, a.type, a.required, a.unique]), [
    ['hostname', 'string', true, true], ['cpu_count', 'int', false, false], ['memory_gb', 'int', false, false],
    ['os', 'string', false, false], ['virtual', 'bool', false, false]]);
  const db = (await agent('GET', '/api/v1/ci-classes/database')).json;
  assert.deepEqual(db.attributes.find((a) => a.name === 'host'), { name: 'host', type: 'reference', required: false, unique: false, ref_class: 'server' });
  assert.deepEqual(db.attributes.find((a) => a.name === 'engine').choices, ['postgresql', 'mysql', 'mariadb', 'oracle', 'sqlserver', 'sqlite', 'other']);
  assert.equal((await eu('GET', '/api/v1/ci-classes')).status, 403);
});

test('admins define classes; definitions are validated', async () => {
  const r = await admin('POST', '/api/v1/ci-classes', { body: { name: 'storage_array', parent: 'hardware', description: 'SAN and NAS',
    attributes: [{ name: 'capacity_tb', type: 'int', required: true }, { name: 'tier', type: 'enum', choices: ['gold', 'silver'] },
      { name: 'managed_by', type: 'reference', ref_class: 'server' }] } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.equal(r.json.parent, 'hardware');
  assert.deepEqual(r.json.attributes.map((a) => a.name), ['capacity_tb', 'tier', 'managed_by']);
  const before_ = fingerprint(s);
  const bad = await admin('POST', '/api/v1/ci-classes', { body: { name: 'x', parent: 'hardware', attributes: [
    { name: 'serial_number', type: 'string' }, { name: 'Bad Name', type: 'string' }, { name: 'e', type: 'enum' },
    { name: 'r', type: 'reference' }, { name: 'f', type: 'float' }, { name: 'u', type: 'bool', unique: true }, { type: 'int' }] } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['attributes[0]', 'attributes[1]', 'attributes[2]', 'attributes[3]', 'attributes[4].type', 'attributes[5]', 'attributes[6]']);
  assert.equal((await admin('POST', '/api/v1/ci-classes', { body: { name: 'Not Valid' } })).status, 422);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/ci-classes', { body: { name: 'y', parent: 'nope' } })), ['parent']);
  assert.equal((await admin('POST', '/api/v1/ci-classes', { body: { name: 'server' } })).status, 409);
  assert.equal((await agent('POST', '/api/v1/ci-classes', { body: { name: 'z' } })).status, 403);
  assert.equal(fingerprint(s), before_);
  const upd = await admin('PATCH', '/api/v1/ci-classes/storage_array', { body: { description: 'Storage',
    attributes: [{ name: 'capacity_tb', type: 'int', required: true }, { name: 'tier', type: 'enum', choices: ['gold', 'silver', 'bronze'] }] } });
  assert.equal(upd.status, 200);
  assert.deepEqual(upd.json.attributes.find((a) => a.name === 'tier').choices, ['gold', 'silver', 'bronze']);
  assert.deepEqual(fieldsOf(await admin('PATCH', '/api/v1/ci-classes/storage_array', { body: { parent: 'software' } })), ['parent']);
});

let web1, web2, db1, app, lb;
test('CIs are validated against their class and its ancestors; errors name the attribute', async () => {
  web1 = await ci({ name: 'web-01', class: 'server', environment: 'production', location: 'DC1', support_group: 'Infra', owner: 'agent1',
    external_id: 'cmdb-web-01', attributes: { hostname: 'web-01.example.com', cpu_count: 8, virtual: true, serial_number: 'SN-1', purchased_on: '2025-02-28' } });
  assert.equal(web1.status, 'in_service');
  assert.deepEqual(web1.attributes, { cpu_count: 8, hostname: 'web-01.example.com', purchased_on: '2025-02-28', serial_number: 'SN-1', virtual: true });
  assert.equal(web1.version, 1);
  web2 = await ci({ name: 'web-02', class: 'server', attributes: { hostname: 'web-02.example.com' } });
  db1 = await ci({ name: 'pg-main', class: 'database', attributes: { engine: 'postgresql', host: web2.id, version: '16' } });
  assert.equal(db1.attributes.host, web2.id);
  app = await ci({ name: 'shop-app', class: 'application', attributes: { url: 'https://shop.example.com' } });
  lb = await ci({ name: 'lb-01', class: 'network_device', attributes: { role: 'load_balancer' } });
  const before_ = fingerprint(s);
  const bad = async (body, fields, status = 422) => {
    const r = await agent('POST', '/api/v1/cis', { body });
    assert.equal(r.status, status, JSON.stringify(body));
    assert.deepEqual(fieldsOf(r), fields, JSON.stringify(r.json));
  };
  await bad({ name: 'x', class: 'server', attributes: {} }, ['attributes.hostname']);
  await bad({ name: 'x', class: 'server', attributes: { hostname: 'h', cpu_count: 'eight', virtual: 'yes', purchased_on: '2025-02-30', colour: 'red' } },
    ['attributes.colour', 'attributes.cpu_count', 'attributes.purchased_on', 'attributes.virtual']);
  await bad({ name: 'x', class: 'database', attributes: { engine: 'mongo', host: db1.id } }, ['attributes.engine', 'attributes.host']);
  await bad({ name: 'x', class: 'database', attributes: { engine: 'mysql', host: 999999 } }, ['attributes.host']);
  await bad({ name: 'x', class: 'server', attributes: { hostname: 'web-01.example.com' } }, ['attributes.hostname'], 409);
  await bad({ name: 'x', class: 'server', attributes: { hostname: 'h2', serial_number: 'SN-1' } }, ['attributes.serial_number'], 409);
  await bad({ name: 'x', class: 'starship' }, ['class']);
  await bad({ class: 'server', status: 'broken', owner: 'ghost', support_group: 'Nope' }, ['name', 'status']);
  await bad({ name: 'x', class: 'server', attributes: { hostname: 'h3' }, owner: 'ghost', support_group: 'Nope' }, ['owner', 'support_group']);
  await bad({ name: 'x', class: 'server', attributes: { hostname: { nested: 1 } } }, ['attributes.hostname']);
  await bad({ name: 'x', class: 'server', attributes: { hostname: 'h4' }, external_id: 'cmdb-web-01' }, [], 409);
  assert.equal(fingerprint(s), before_, 'refused CIs change nothing');
  assert.equal((await eu('POST', '/api/v1/cis', { body: { name: 'x', class: 'server', attributes: { hostname: 'h5' } } })).status, 403);
});

test('CIs are updated with merged attributes, optimistic locking and history', async () => {
  const r = await agent('PATCH', `/api/v1/cis/${web1.id}`, { body: { status: 'maintenance', attributes: { cpu_count: 16, virtual: null } }, headers: { 'If-Match': '1' } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.version, 2);
  assert.equal(r.json.status, 'maintenance');
  assert.deepEqual(r.json.attributes, { cpu_count: 16, hostname: 'web-01.example.com', purchased_on: '2025-02-28', serial_number: 'SN-1' });
  const stale = await agent('PATCH', `/api/v1/cis/${web1.id}`, { body: { location: 'DC2' }, headers: { 'If-Match': '1' } });
  assert.equal(stale.status, 412);
  assert.deepEqual(fieldsOf(await agent('PATCH', `/api/v1/cis/${web1.id}`, { body: { attributes: { hostname: null } } })), ['attributes.hostname']);
  // a unique value is freed when it changes
  assert.equal((await agent('PATCH', `/api/v1/cis/${web1.id}`, { body: { attributes: { serial_number: 'SN-9' } } })).status, 200);
  assert.equal((await ci({ name: 'web-03', class: 'server', attributes: { hostname: 'web-03', serial_number: 'SN-1' } })).attributes.serial_number, 'SN-1');
  assert.equal((await agent('GET', `/api/v1/cis/${web1.id}`)).json.version, 3);
  const list = await agent('GET', '/api/v1/cis?class=hardware&limit=2');
  assert.deepEqual(list.json.items.map((c) => c.name), ['web-01', 'web-02'], 'a class includes its subclasses');
  const next = await agent('GET', `/api/v1/cis?class=hardware&limit=2&cursor=${encodeURIComponent(list.json.next_cursor)}`);
  assert.deepEqual(next.json.items.map((c) => c.name), ['lb-01', 'web-03']);
  assert.deepEqual((await agent('GET', '/api/v1/cis?q=PG-')).json.items.map((c) => c.name), ['pg-main']);
  assert.equal((await agent('GET', '/api/v1/cis?status=broken')).status, 400);
  assert.equal((await agent('GET', '/api/v1/cis/999999')).status, 404);
  assert.equal((await agent('GET', '/api/v1/cis/abc')).status, 404);
});

let shop, payments, sales;
test('relationships are typed and directed, without duplicates or self-links', async () => {
  await relate(app.id, 'runs_on', web1.id);
  await relate(app.id, 'runs_on', web2.id);
  await relate(app.id, 'depends_on', db1.id);
  await relate(db1.id, 'hosted_on', web2.id);
  await relate(lb.id, 'connects_to', app.id);
  const before_ = fingerprint(s);
  const dup = await agent('POST', `/api/v1/cis/${app.id}/relations`, { body: { type: 'runs_on', to: web1.id } });
  assert.equal(dup.status, 409);
  assert.deepEqual(fieldsOf(await agent('POST', `/api/v1/cis/${app.id}/relations`, { body: { type: 'runs_on', to: app.id } })), ['to']);
  assert.deepEqual(fieldsOf(await agent('POST', `/api/v1/cis/${app.id}/relations`, { body: { type: 'likes', to: web1.id } })), ['type']);
  assert.deepEqual(fieldsOf(await agent('POST', `/api/v1/cis/${app.id}/relations`, { body: { type: 'runs_on', to: 999999 } })), ['to']);
  assert.equal((await agent('POST', '/api/v1/cis/999999/relations', { body: { type: 'runs_on', to: web1.id } })).status, 404);
  assert.equal(fingerprint(s), before_);
  const rels = (await agent('GET', `/api/v1/cis/${app.id}/relations`)).json.items;
  assert.deepEqual(rels.map((x) => [x.from.name, x.type, x.to.name]), [
    ['shop-app', 'runs_on', 'web-01'], ['shop-app', 'runs_on', 'web-02'], ['shop-app', 'depends_on', 'pg-main'], ['lb-01', 'connects_to', 'shop-app']]);
});

test('objectives and services: managers write, everyone reads; references validated', async () => {
  const o = await boss('POST', '/api/v1/objectives', { body: { name: 'Online sales', measure: 'checkout availability', target: '>= 99.9 %', owner: 'boss' } });
  assert.equal(o.status, 201, JSON.stringify(o.json));
  assert.equal((await agent('POST', '/api/v1/objectives', { body: { name: 'x' } })).status, 403);
  payments = (await boss('POST', '/api/v1/services', { body: { name: 'Payments', kind: 'technical', criticality: 1, cis: [db1.id] } })).json;
  const r = await boss('POST', '/api/v1/services', { body: {
    name: 'Web shop', kind: 'business', status: 'live', criticality: 1, owner: 'boss', support_group: 'Infra',
    description: 'Where customers buy', objectives: ['Online sales'], depends_on: ['Payments'], cis: [app.id, lb.id],
    annual_cost: 120000, cost_centre: 'CC-42', risk: 'high', risk_notes: 'single region', availability_target: 99.9,
    sla_policy: 'P1 critical', links: ['https://wiki.example.com/shop'] } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  shop = r.json;
  assert.deepEqual([shop.objectives, shop.depends_on, shop.cis, shop.availability_target, shop.annual_cost, shop.sla_policy],
    [['Online sales'], ['Payments'], [app.id, lb.id], 99.9, 120000, 'P1 critical']);
  const before_ = fingerprint(s);
  const bad = await boss('POST', '/api/v1/services', { body: { name: 'Bad', kind: 'magic', criticality: 5, risk: 'meh',
    availability_target: 99.999, links: ['ftp://x'] } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['availability_target']);
  const bad2 = await boss('POST', '/api/v1/services', { body: { name: 'Bad', kind: 'magic', criticality: 5, risk: 'meh', links: ['ftp://x'] } });
  assert.deepEqual(fieldsOf(bad2), ['criticality', 'kind', 'links[0]', 'risk']);
  const refs = await boss('POST', '/api/v1/services', { body: { name: 'Bad', criticality: 2, objectives: ['Nope'], depends_on: ['Nope'], cis: [999999], sla_policy: 'Nope' } });
  assert.deepEqual(fieldsOf(refs), ['cis[0]', 'depends_on[0]', 'objectives[0]', 'sla_policy']);
  assert.equal((await boss('POST', '/api/v1/services', { body: { name: 'Web shop', criticality: 2 } })).status, 409);
  assert.equal(fingerprint(s), before_);
  const self = await boss('PATCH', `/api/v1/services/${shop.id}`, { body: { depends_on: ['Web shop'] } });
  assert.deepEqual(fieldsOf(self), ['depends_on[0]']);
  sales = (await boss('POST', '/api/v1/services', { body: { name: 'Sales reporting', criticality: 3, depends_on: ['Web shop'], status: 'pipeline' } })).json;
  assert.equal((await eu('GET', `/api/v1/services/${shop.id}`)).json.name, 'Web shop');
  assert.deepEqual((await eu('GET', '/api/v1/services?status=live')).json.items.map((x) => x.name), ['Payments', 'Web shop']);
  assert.deepEqual((await eu('GET', '/api/v1/services?objective=Online%20sales')).json.items.map((x) => x.name), ['Web shop']);
  assert.deepEqual((await eu('GET', '/api/v1/services?owner=boss')).json.items.map((x) => x.name), ['Web shop']);
  assert.equal((await eu('GET', '/api/v1/services?status=gone')).status, 400);
  assert.equal((await eu('POST', '/api/v1/services', { body: { name: 'x', criticality: 1 } })).status, 403);
});

test('impact analysis walks up through CIs and services to objectives, with paths and depths', async () => {
  const r = await agent('GET', `/api/v1/cis/${web2.id}/impact`);
  assert.equal(r.status, 200);
  const seen = r.json.items.map((x) => [x.kind, x.name, x.depth]);
  assert.deepEqual(seen, [
    ['ci', 'pg-main', 1], ['ci', 'shop-app', 1], ['ci', 'lb-01', 2], ['service', 'Payments', 2], ['service', 'Web shop', 2],
    ['service', 'Sales reporting', 3], ['objective', 'Online sales', 3]]);
  const obj = r.json.items.find((x) => x.kind === 'objective');
  assert.deepEqual(obj.path.map((p) => [p.name, p.relation ?? null]),
    [['web-02', null], ['shop-app', 'runs_on'], ['Web shop', 'depends_on'], ['Online sales', 'serves']]);
  assert.equal(r.json.truncated, false);
  const shallow = await agent('GET', `/api/v1/cis/${web2.id}/impact?depth=1`);
  assert.deepEqual(shallow.json.items.map((x) => x.name), ['pg-main', 'shop-app']);
  assert.equal((await agent('GET', `/api/v1/cis/${web2.id}/impact?depth=0`)).status, 400);
  assert.equal((await agent('GET', `/api/v1/cis/${web2.id}/impact?depth=51`)).status, 400);
  assert.equal((await eu('GET', `/api/v1/cis/${web2.id}/impact`)).status, 403);
});

test('a cycle does not loop: each thing is reached once', async () => {
  // web-02 -> (hosted) pg-main -> ... ; close a cycle: web-02 depends_on shop-app, which runs_on web-02
  await relate(web2.id, 'depends_on', app.id);
  const r = await agent('GET', `/api/v1/cis/${app.id}/impact?depth=50`);
  assert.equal(r.status, 200);
  const names = r.json.items.map((x) => x.name);
  assert.equal(new Set(names).size, names.length, 'no duplicates');
  assert.ok(names.includes('web-02') && names.includes('Web shop'));
  assert.ok(!names.includes('shop-app'), 'the start is not its own dependant');
  const down = await agent('GET', `/api/v1/services/${shop.id}/dependencies`);
  assert.equal(down.status, 200);
  assert.deepEqual(down.json.items.map((x) => [x.kind, x.name, x.depth]), [
    ['service', 'Payments', 1], ['ci', 'shop-app', 1], ['ci', 'lb-01', 1], ['ci', 'pg-main', 2],
    ['ci', 'web-01', 2], ['ci', 'web-02', 2]]);
  assert.deepEqual(down.json.items.find((x) => x.name === 'web-02').path.map((p) => p.name), ['Web shop', 'shop-app', 'web-02']);
});

test('incidents name a service and a CI (validated); agents see the services the CI reaches', async () => {
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'shop is slow', requester: 'eu1', service: 'Web shop', ci: web2.id } });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.equal(r.json.service, 'Web shop');
  assert.equal(r.json.ci, web2.id);
  assert.equal(r.json.ci_name, 'web-02');
  const theirs = (await eu('GET', `/api/v1/incidents/${r.json.number}`)).json;
  assert.deepEqual([theirs.service, theirs.ci, theirs.impacted_services], ['Web shop', undefined, undefined], 'the CMDB is not for the caller');
  const seen = (await agent('GET', `/api/v1/incidents/${r.json.number}`)).json;
  assert.deepEqual(seen.impacted_services, ['Payments', 'Web shop', 'Sales reporting']);
  const before_ = fingerprint(s);
  const bad = await agent('POST', '/api/v1/incidents', { body: { title: 'x', service: 'Nope', ci: 999999 } });
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['ci', 'service']);
  assert.deepEqual(fieldsOf(await agent('POST', '/api/v1/incidents', { body: { title: 'x', ci: 'web-02' } })), ['ci']);
  assert.deepEqual(fieldsOf(await eu('POST', '/api/v1/incidents', { body: { title: 'x', service: 'Nope' } })), ['service']);
  assert.equal(fingerprint(s), before_);
  const clear = await agent('PATCH', `/api/v1/incidents/${r.json.number}`, { body: { ci: null, service: null }, headers: { 'If-Match': String(seen.version) } });
  assert.equal(clear.status, 200);
  assert.deepEqual([clear.json.service, clear.json.ci, clear.json.impacted_services], [null, null, []]);
  const h = (await agent('GET', `/api/v1/incidents/${r.json.number}/history`)).json.items.find((e) => e.action === 'update');
  assert.deepEqual(h.changes.service, { from: 'Web shop', to: null });
  assert.deepEqual(h.changes.ci, { from: 'web-02', to: null });
});

test('deleting a relationship is audited and changes the impact', async () => {
  const rels = (await agent('GET', `/api/v1/cis/${lb.id}/relations`)).json.items;
  assert.equal((await agent('DELETE', `/api/v1/relations/${rels[0].id}`)).status, 204);
  assert.equal((await agent('DELETE', `/api/v1/relations/${rels[0].id}`)).status, 404);
  const r = await agent('GET', `/api/v1/cis/${app.id}/impact`);
  assert.ok(!r.json.items.some((x) => x.name === 'lb-01'));
});

test('SLA policies and assignment rules can match the service and the CI', async () => {
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Shop team', members: ['agent1'] } })).status, 201);
  const p = await admin('POST', '/api/v1/sla-policies', { body: { name: 'Shop', position: 1, match_service: 'Web shop', calendar: '24x7', resolution_seconds: 7200 } });
  assert.equal(p.status, 201, JSON.stringify(p.json));
  assert.equal(p.json.match_service, 'Web shop');
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/sla-policies', { body: { name: 'x', match_service: 'Nope', calendar: '24x7', resolution_seconds: 1 } })), ['match_service']);
  const rule = await admin('POST', '/api/v1/assignment-rules', { body: { name: 'shop incidents', position: 1, match_service: 'Web shop', assignment_group: 'Shop team' } });
  assert.equal(rule.status, 201, JSON.stringify(rule.json));
  const byCi = await admin('POST', '/api/v1/assignment-rules', { body: { name: 'lb incidents', position: 0, match_ci: lb.id, assignment_group: 'Infra' } });
  assert.equal(byCi.status, 201);
  assert.equal(byCi.json.match_ci, lb.id);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/assignment-rules', { body: { name: 'y', match_ci: 999999, match_service: 'Nope', assignment_group: 'Infra' } })), ['match_ci', 'match_service']);
  const a = await eu('POST', '/api/v1/incidents', { body: { title: 'cannot pay', service: 'Web shop' } });
  assert.equal(a.json.assignment_group, 'Shop team');
  const sa = (await agent('GET', `/api/v1/incidents/${a.json.number}`)).json;
  assert.deepEqual(sa.sla.map((k) => [k.metric, k.policy, k.target]), [['resolution', 'Shop', 7200]]);
  const b = await agent('POST', '/api/v1/incidents', { body: { title: 'lb flapping', service: 'Web shop', ci: lb.id } });
  assert.equal(b.json.assignment_group, 'Infra', 'the earlier rule wins');
  // moving an incident off the service re-chooses its SLA policy
  const moved = await agent('PATCH', `/api/v1/incidents/${a.json.number}`, { body: { service: null }, headers: { 'If-Match': String(sa.version) } });
  assert.equal(moved.status, 200);
  assert.deepEqual(moved.json.sla.map((k) => k.policy), ['P5 planning', 'P5 planning']);
});

test('availability over a period from the incidents that record outages', async () => {
  const iso = (t) => new Date(t * 1000).toISOString().replace('.000', '');
  const now = Math.floor(Date.now() / 1000);
  const from = now - 10000, to = now - 1000; // a 9000-second period in the past
  const db = await ci({ name: 'pay-db', class: 'application' });
  const outage = async (start, end, onCi = false) => {
    const r = await agent('POST', '/api/v1/incidents', { body: { title: 'outage', service: 'Payments', outage_start: iso(start), outage_end: end ? iso(end) : null, ...(onCi ? { ci: db.id } : {}) } });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    return r.json;
  };
  await outage(from - 500, from + 100, true); // 100 s inside
  await outage(from + 50, from + 400); // overlaps: adds 300 s
  await outage(to - 200, null, true); // ongoing: 200 s inside the period
  assert.equal((await boss('PATCH', `/api/v1/services/${payments.id}`, { body: { availability_target: 99.5 } })).status, 200);
  const r = await agent('GET', `/api/v1/services/${payments.id}/availability?from=${iso(from)}&to=${iso(to)}`);
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.period_seconds, 9000);
  assert.equal(r.json.downtime_seconds, 600);
  assert.equal(r.json.availability, 93.333);
  assert.equal(r.json.target, 99.5);
  assert.equal(r.json.met, false);
  assert.equal(r.json.outages.length, 3);
  assert.equal(r.json.outages[0].seconds, 100);
  // two downtimes (the first two outages overlap): the means over them
  assert.deepEqual([r.json.failures, r.json.mtrs_seconds, r.json.mtbf_seconds, r.json.mtbsi_seconds], [2, 300, 4200, 4500]);
  // the CI's own, from the incidents naming it: 100 s and 200 s
  const onCi = await agent('GET', `/api/v1/cis/${db.id}/availability?from=${iso(from)}&to=${iso(to)}`);
  assert.equal(onCi.status, 200, JSON.stringify(onCi.json));
  assert.deepEqual([onCi.json.downtime_seconds, onCi.json.failures, onCi.json.mtrs_seconds, onCi.json.target, onCi.json.met],
    [300, 2, 150, null, true]);
  assert.equal((await eu('GET', `/api/v1/cis/${db.id}/availability`)).status, 403);
  assert.equal((await agent('GET', '/api/v1/cis/999999/availability')).status, 404);
  const clean = await agent('GET', `/api/v1/services/${shop.id}/availability?from=${iso(from)}&to=${iso(to)}`);
  assert.deepEqual([clean.json.availability, clean.json.met, clean.json.outages, clean.json.failures, clean.json.mtbf_seconds], [100, true, [], 0, null]);
  assert.equal((await agent('GET', `/api/v1/services/${payments.id}/availability?from=${iso(to)}&to=${iso(from)}`)).status, 400);
  assert.equal((await agent('GET', `/api/v1/services/${payments.id}/availability?from=yesterday`)).status, 400);
  assert.equal((await eu('GET', `/api/v1/services/${payments.id}/availability`)).status, 403);
  const bad = await agent('POST', '/api/v1/incidents', { body: { title: 'x', outage_start: iso(to), outage_end: iso(from) } });
  assert.deepEqual(fieldsOf(bad), ['outage_end']);
  assert.equal((await eu('POST', '/api/v1/incidents', { body: { title: 'x', outage_start: iso(to) } })).status, 403);
});

test('import: CSV or JSON, upsert by external id, every bad row reported, atomic refuses all', async () => {
  const csv = (body, q = '') => agent('POST', `/api/v1/import/cis${q}`, { raw: body, contentType: 'text/csv' });
  const r = await csv('external_id,name,class,status,hostname,cpu_count,virtual\r\n'
    + 'imp-1,imp-web-1,server,in_service,imp-1.example.com,4,true\r\n'
    + 'imp-2,"imp, web 2",server,,imp-2.example.com,eight,\r\n'
    + 'imp-3,imp-db,database,,,,\r\n'
    + ',no-id,server,,x.example.com,,\r\n'
    + 'imp-4,imp-web-4,server,,imp-4.example.com,2,false\r\n');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual({ ...r.json, errors: undefined }, { rows: 5, created: 2, updated: 0, unchanged: 0, failed: 3, atomic: false, committed: true, errors: undefined, errors_truncated: false, stopped: null });
  assert.deepEqual(r.json.errors.map((e) => [e.row, e.field]), [[2, 'attributes.cpu_count'], [3, 'attributes.engine'], [4, 'external_id']]);
  const again = await csv('external_id,name,cpu_count\nimp-1,imp-web-1 renamed,6\n');
  assert.deepEqual([again.json.created, again.json.updated, again.json.failed], [0, 1, 0]);
  const one = (await agent('GET', '/api/v1/cis?q=imp-web-1')).json.items[0];
  assert.deepEqual([one.name, one.attributes.cpu_count, one.attributes.virtual], ['imp-web-1 renamed', 6, true]);
  // atomic: one bad row and nothing is written
  const before_ = fingerprint(s);
  const atomic = await csv('external_id,name,class,hostname\nimp-5,ok,server,imp-5.example.com\nimp-6,bad,starship,x\n', '?atomic=true');
  // a 2xx means committed: the refusal is a 422 naming the bad row's field, with the whole report beside it
  assert.equal(atomic.status, 422, atomic.text);
  assert.equal(atomic.json.type, 'urn:steward:problem:validation');
  assert.equal(atomic.json.detail, 'nothing was written: 1 of 2 rows failed (atomic)');
  assert.deepEqual(atomic.json.errors.map((e) => e.field), ['rows[1].class']);
  assert.deepEqual([atomic.json.report.created, atomic.json.report.failed, atomic.json.report.committed], [1, 1, false]);
  assert.deepEqual(atomic.json.report.errors.map((e) => [e.row, e.field]), [[2, 'class']]);
  const atomicJson = await agent('POST', '/api/v1/import/cis?atomic=true', { body: [
    { external_id: 'imp-5', name: 'ok', class: 'server', hostname: 'imp-5.example.com' }, 'not an object'] });
  assert.equal(atomicJson.status, 422, atomicJson.text);
  assert.deepEqual(atomicJson.json.errors.map((e) => e.field), ['rows[1]']);
  assert.equal(fingerprint(s), before_, 'an atomic import with a bad row writes nothing');
  const ok = await csv('external_id,name,class,hostname\nimp-5,ok,server,imp-5.example.com\n', '?atomic=true');
  assert.deepEqual([ok.json.created, ok.json.committed], [1, true]);
  // JSON arrays with typed values
  const j = await agent('POST', '/api/v1/import/cis', { body: [
    { external_id: 'imp-7', name: 'imp-db', class: 'database', engine: 'postgresql', host: one.id },
    { external_id: 'imp-8', name: 'x', class: 'server', hostname: 'imp-8', cpu_count: 'many' },
    'not an object'] });
  assert.deepEqual([j.json.created, j.json.failed], [1, 2]);
  assert.deepEqual(j.json.errors.map((e) => e.row), [2, 3]);
  // relations by external id, or #id
  const rel = await agent('POST', '/api/v1/import/relations', { raw: `from,type,to\nimp-7,hosted_on,imp-1\nimp-7,hosted_on,imp-1\n#${app.id},depends_on,imp-7\nghost,runs_on,imp-1\nimp-7,loves,imp-1\n`, contentType: 'text/csv' });
  assert.deepEqual([rel.json.created, rel.json.unchanged, rel.json.failed], [2, 1, 2]);
  assert.deepEqual(rel.json.errors.map((e) => [e.row, e.field]), [[4, 'from'], [5, 'type']]);
  // malformed input stops with 400/422 and, atomic, leaves nothing
  assert.equal((await csv('external_id,name\n"unclosed,x\n')).status, 422, 'nothing read: the input is refused');
  const half = await csv('external_id,name\nimp-1,imp-web-1 renamed\n"unclosed,x\n');
  assert.deepEqual([half.status, half.json.unchanged], [200, 1]);
  assert.match(half.json.stopped, /record 3: a quoted field is not closed/);
  assert.equal((await agent('POST', '/api/v1/import/cis', { raw: 'a,b', contentType: 'text/plain' })).status, 415);
  assert.equal((await agent('POST', '/api/v1/import/things', { raw: 'a', contentType: 'text/csv' })).status, 404);
  assert.equal((await eu('POST', '/api/v1/import/cis', { raw: 'a', contentType: 'text/csv' })).status, 403);
});

test('export: CSV and JSON for CIs, relations and services; an export imports back unchanged', async () => {
  const ex = await agent('GET', '/api/v1/export/cis?format=csv');
  assert.equal(ex.status, 200);
  assert.match(ex.headers.get('content-type'), /^text\/csv/);
  const lines = ex.text.trim().split('\r\n');
  assert.match(lines[0], /^id,external_id,name,class,status,environment,location,owner,support_group,/);
  assert.ok(lines.some((l) => l.includes('"imp, web 2"') === false && l.startsWith(`${web1.id},cmdb-web-01,web-01,server`)));
  const before_ = fingerprint(s);
  const back = await agent('POST', '/api/v1/import/cis', { raw: ex.text, contentType: 'text/csv' });
  assert.equal(back.status, 200, back.text);
  // rows are matched on external_id: CIs made without one are reported, not duplicated
  const withId = lines.slice(1).filter((l) => l.split(',')[1] !== '').length;
  assert.deepEqual([back.json.created, back.json.updated, back.json.unchanged, back.json.failed], [0, 0, withId, lines.length - 1 - withId],
    'what is already there is unchanged');
  assert.ok(back.json.errors.every((e) => e.field === 'external_id'));
  const after_ = JSON.parse(fingerprint(s));
  assert.equal(after_.rows.cis, JSON.parse(before_).rows.cis, 'no CI was added');
  const json = await agent('GET', '/api/v1/export/cis?format=json');
  assert.ok(json.json.some((c) => c.external_id === 'imp-7' && c.engine === 'postgresql'));
  const rels = await agent('GET', '/api/v1/export/relations');
  assert.match(rels.text, /^from,type,to\r\n/);
  assert.match(rels.text, /imp-7,hosted_on,imp-1/);
  const svc = await agent('GET', '/api/v1/export/services?format=json');
  assert.deepEqual(svc.json.find((x) => x.name === 'Web shop').objectives, ['Online sales']);
  assert.equal((await agent('GET', '/api/v1/export/cis?format=xml')).status, 400);
  assert.equal((await agent('GET', '/api/v1/export/people')).status, 404);
  assert.equal((await eu('GET', '/api/v1/export/cis')).status, 403);
});

test('an incident on a critical service gets at least the priority the criticality_priority setting says', async () => {
  const t = await startServer({ users: [{ login: 'a1', role: 'agent' }], settings: { STEWARD_CRITICALITY_PRIORITY: '1:2,2:3' } });
  try {
    const a = as(t, 'a1');
    const adm = as(t, 'admin');
    for (const [name, criticality] of [['Core banking', 1], ['Intranet', 3]]) {
      assert.equal((await adm('POST', '/api/v1/services', { body: { name, criticality } })).status, 201);
    }
    const hi = (await a('POST', '/api/v1/incidents', { body: { title: 'slow', service: 'Core banking' } })).json;
    assert.equal(hi.priority, 2, 'P5 from the matrix, raised to P2');
    assert.equal(hi.priority_reason, "raised for 'Core banking' (criticality 1)");
    const lo = (await a('POST', '/api/v1/incidents', { body: { title: 'slow', service: 'Intranet' } })).json;
    assert.deepEqual([lo.priority, lo.priority_reason], [5, null]);
    const urgent = (await a('POST', '/api/v1/incidents', { body: { title: 'down', service: 'Core banking', impact: 1, urgency: 1 } })).json;
    assert.equal(urgent.priority, 1, 'a higher priority stays');
    const hand = (await a('POST', '/api/v1/incidents', { body: { title: 'x', service: 'Core banking', priority: 4, priority_reason: 'known issue' } })).json;
    assert.equal(hand.priority, 4, 'a manual override wins');
    const moved = await a('PATCH', `/api/v1/incidents/${lo.number}`, { body: { service: 'Core banking' }, headers: { 'If-Match': String(lo.version) } });
    assert.equal(moved.json.priority, 2);
    const back = await a('PATCH', `/api/v1/incidents/${lo.number}`, { body: { service: null }, headers: { 'If-Match': String(moved.json.version) } });
    assert.deepEqual([back.json.priority, back.json.priority_reason], [5, null]);
    // every priority change is in the history with what set it
    const hist = (await a('GET', `/api/v1/incidents/${lo.number}/history`)).json.items;
    assert.deepEqual(hist.filter((e) => e.changes.priority).map((e) => [e.changes.priority.from ?? null, e.changes.priority.to, e.changes.priority_basis?.to]), [
      [0, 5, 'the priority matrix: impact 3, urgency 3'],
      [5, 2, "the service floor: 'Core banking' (criticality 1) raises it to 2"],
      [2, 5, 'the priority matrix: impact 3, urgency 3'],
    ]);
    const byHand = await a('PATCH', `/api/v1/incidents/${lo.number}`, { body: { priority: 3, priority_reason: 'the CFO asked' }, headers: { 'If-Match': String(back.json.version) } });
    assert.equal(byHand.status, 200);
    const last = (await a('GET', `/api/v1/incidents/${lo.number}/history`)).json.items.filter((e) => e.changes.priority).at(-1);
    assert.deepEqual([last.changes.priority, last.changes.priority_basis], [{ from: 5, to: 3 }, { to: 'set by hand: the CFO asked' }]);
  } finally {
    await t.cleanup();
  }
});

test('review fixes: malformed and interrupted imports, the CMDB hidden from end users, stored values re-checked', async () => {
  // a body that is not JSON: 400, and the server is still there
  const broken = await agent('POST', '/api/v1/import/cis', { raw: '[', contentType: 'application/json' });
  assert.equal(broken.status, 400);
  assert.equal((await agent('GET', '/healthz')).status, 200);
  // an atomic import that stops half way leaves nothing; without atomic the rows before the stop stay
  const before_ = fingerprint(s);
  const stopAtomic = await agent('POST', '/api/v1/import/cis?atomic=true', { raw: 'external_id,name,class\nrv-1,one,application\nrv-2,"broken', contentType: 'text/csv' });
  assert.equal(stopAtomic.status, 422);
  assert.equal(fingerprint(s), before_);
  const stop = await agent('POST', '/api/v1/import/cis', { raw: 'external_id,name,class\nrv-1,one,application\nrv-2,"broken', contentType: 'text/csv' });
  assert.equal(stop.status, 200);
  assert.equal(stop.json.created, 1);
  assert.match(stop.json.stopped, /not closed/);
  // the same rows again change nothing
  const same = await agent('POST', '/api/v1/import/cis', { raw: 'external_id,name,class\nrv-1,one,application\n', contentType: 'text/csv' });
  assert.deepEqual([same.json.updated, same.json.unchanged], [0, 1]);
  const rv1 = (await agent('GET', '/api/v1/cis?q=one')).json.items.find((x) => x.external_id === 'rv-1');
  assert.equal(rv1.version, 1, 'no version bump for a no-op import');
  // external ids may not look like #ids; attribute names may not shadow CI fields
  assert.deepEqual(fieldsOf(await agent('POST', '/api/v1/cis', { body: { name: 'x', class: 'application', external_id: '#2' } })), ['external_id']);
  assert.deepEqual(fieldsOf(await admin('POST', '/api/v1/ci-classes', { body: { name: 'rack', attributes: [{ name: 'status', type: 'string' }] } })), ['attributes[0]']);
  // stored values are checked against the class again when it changes
  assert.equal((await admin('POST', '/api/v1/ci-classes', { body: { name: 'appliance', attributes: [{ name: 'cpu_count', type: 'string' }] } })).status, 201);
  const ap = await ci({ name: 'box', class: 'appliance', attributes: { cpu_count: 'many' } });
  const moved = await agent('PATCH', `/api/v1/cis/${ap.id}`, { body: { class: 'server', attributes: { hostname: 'box.example.com' } } });
  assert.equal(moved.status, 422);
  assert.deepEqual(fieldsOf(moved), ['attributes.cpu_count']);
  // end users neither set nor see CIs on incidents
  assert.equal((await eu('POST', '/api/v1/incidents', { body: { title: 'x', ci: web1.id } })).status, 403);
  const mine = await agent('POST', '/api/v1/incidents', { body: { title: 'on a CI', requester: 'eu1', ci: web1.id } });
  const seen = (await eu('GET', `/api/v1/incidents/${mine.json.number}`)).json;
  assert.equal(seen.ci, undefined);
  assert.equal(seen.ci_name, undefined);
  assert.equal((await eu('GET', '/api/v1/incidents')).json.items.find((x) => x.number === mine.json.number).ci_name, undefined);
  assert.equal(mine.json.ci, web1.id);
});

test('impact of a hub: hundreds of dependants over two levels, each reached once with its own path', async () => {
  // more nodes than the walk first makes room for, so its arrays grow mid-walk and every path must survive that
  const n = 300;
  let cis = 'external_id,name,class\nhub-0,hub,application\n';
  let rels = 'from,type,to\n';
  for (let i = 1; i <= n; i++) {
    cis += `hub-a${i},hub-a${i},application\nhub-b${i},hub-b${i},application\n`;
    rels += `hub-a${i},depends_on,hub-0\nhub-b${i},runs_on,hub-a${i}\n`;
  }
  const c = await agent('POST', '/api/v1/import/cis', { raw: cis, contentType: 'text/csv' });
  assert.deepEqual([c.status, c.json.created, c.json.failed], [200, 2 * n + 1, 0]);
  const rl = await agent('POST', '/api/v1/import/relations', { raw: rels, contentType: 'text/csv' });
  assert.deepEqual([rl.json.created, rl.json.failed], [2 * n, 0]);
  const hub = (await agent('GET', '/api/v1/cis?q=hub&limit=1')).json.items.find((k) => k.name === 'hub');
  const r = await agent('GET', `/api/v1/cis/${hub.id}/impact?depth=3`);
  assert.equal(r.status, 200);
  assert.equal(r.json.truncated, false);
  assert.equal(r.json.items.length, 2 * n);
  const names = r.json.items.map((x) => x.name);
  assert.equal(new Set(names).size, 2 * n, 'each CI once');
  for (const x of r.json.items) {
    const i = x.name.slice(5);
    if (x.name.startsWith('hub-a')) {
      assert.equal(x.depth, 1);
      assert.deepEqual(x.path.map((p) => [p.name, p.relation]), [['hub', undefined], [x.name, 'depends_on']]);
    } else {
      assert.equal(x.depth, 2);
      assert.deepEqual(x.path.map((p) => [p.name, p.relation]), [['hub', undefined], [`hub-a${i}`, 'depends_on'], [x.name, 'runs_on']]);
    }
  }
});

test('a retired CI is read-only: edits, links and imports are refused until it is reactivated, which its history records', async () => {
  const old = await ci({ name: 'old-mail', class: 'server', external_id: 'ret-1', attributes: { hostname: 'old-mail' } });
  const peer = await ci({ name: 'old-mail-peer', class: 'application' });
  const link = await relate(peer.id, 'runs_on', old.id);
  const retired = await agent('PATCH', `/api/v1/cis/${old.id}`, { body: { status: 'retired' } });
  assert.equal(retired.status, 200);
  const was = retired.json;
  const refused = [
    await agent('PATCH', `/api/v1/cis/${old.id}`, { body: { location: 'DC9' } }),
    await agent('PATCH', `/api/v1/cis/${old.id}`, { body: { status: 'retired', name: 'renamed' } }),
    await agent('POST', `/api/v1/cis/${peer.id}/relations`, { body: { type: 'depends_on', to: old.id } }),
    await agent('POST', `/api/v1/cis/${old.id}/relations`, { body: { type: 'depends_on', to: peer.id } }),
    await agent('DELETE', `/api/v1/relations/${link.id}`),
  ];
  for (const r of refused) {
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.type, 'urn:steward:problem:retired');
    assert.match(r.json.detail, /old-mail\) is retired and read-only: reactivate it first/);
  }
  const now = (await agent('GET', `/api/v1/cis/${old.id}`)).json;
  assert.equal(now.version, was.version, 'nothing changed');
  assert.equal(now.location, was.location);
  assert.equal((await agent('GET', `/api/v1/cis/${old.id}/relations`)).json.items.length, 1);
  const imp = await agent('POST', '/api/v1/import/cis', { raw: 'external_id,name,class,location\nret-1,old-mail,server,DC9\n', contentType: 'text/csv' });
  assert.equal(imp.status, 200, imp.text);
  assert.match(JSON.stringify(imp.json.errors), /retired/, 'the import refuses the row');
  assert.equal((await agent('GET', `/api/v1/cis/${old.id}`)).json.location, was.location);

  // reactivated in the same write as an edit: allowed, and in the history
  const back = await agent('PATCH', `/api/v1/cis/${old.id}`, { body: { status: 'in_service', location: 'DC9' } });
  assert.equal(back.status, 200, back.text);
  assert.deepEqual([back.json.status, back.json.location], ['in_service', 'DC9']);
  const hist = (await agent('GET', `/api/v1/cis/${old.id}/history`)).json.items;
  assert.deepEqual(hist.filter((e) => e.changes.status?.from).map((e) => [e.changes.status.from, e.changes.status.to]),
    [['in_service', 'retired'], ['retired', 'in_service']]);
  assert.equal((await agent('DELETE', `/api/v1/relations/${link.id}`)).status, 204);
});
