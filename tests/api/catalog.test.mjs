// The service catalogue (issue #15, docs/requests.md): catalogue items as a
// record resource, their forms in versions, conditions, the check of a
// submission against a form, fulfilment plans with dependencies (a cycle is
// refused), bundles, and who may see and order what.  Every refusal is
// checked to change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf } from './lib.mjs';

let s, admin, agent, eu, eu2;
before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' }],
  });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  eu2 = as(s, 'eu2');
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Desktop', members: ['agent1'] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Finance', members: ['eu2'] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Workplace', criticality: 3 } })).status, 201);
});
after(async () => { await s.cleanup(); });

const LAPTOP_FORM = [
  { name: 'model', type: 'choice', label: 'Model', required: true, options: ['standard', 'developer'], default: 'standard' },
  { name: 'ram', type: 'number', label: 'RAM (GB)', min: 8, max: 64, when: 'show', when_variable: 'model', when_value: 'developer' },
  { name: 'reason', type: 'long_text', label: 'Why', when: 'require', when_variable: 'model', when_value: 'developer' },
  { name: 'asset_tag', type: 'text', label: 'Old asset tag', pattern: 'AT-[0-9]{4}', help: 'On the sticker' },
  { name: 'extras', type: 'multi_choice', label: 'Extras', options: ['dock', 'monitor', 'headset'] },
  { name: 'needed_by', type: 'date', label: 'Needed by' },
  { name: 'urgent', type: 'boolean', label: 'Urgent' },
  { name: 'for_whom', type: 'user', label: 'For' },
];

const item = async (body, who = admin) => {
  const r = await who('POST', '/api/v1/catalog-items', { body });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
};
const get = async (name, who = admin) => (await who('GET', `/api/v1/catalog-items/${encodeURIComponent(name)}`)).json;

test('items are created with their form as version 1, read back whole, and described in safe HTML', async () => {
  const it = await item({
    name: 'Laptop', service: 'Workplace', category: 'hardware/computers', short_description: 'A new laptop',
    description: 'Pick a **model**. [bad](javascript:alert(1))', icon: 'laptop', price: '1200 EUR', delivery_days: 5,
    variables: LAPTOP_FORM,
  });
  assert.equal(it.name, 'Laptop');
  assert.equal(it.service, 'Workplace');
  assert.equal(it.category, 'hardware/computers');
  assert.equal(it.form_version, 1);
  assert.equal(it.active, true);
  assert.equal(it.delivery_days, 5);
  assert.equal(it.cost, 0);
  assert.equal(it.price, '1200 EUR');
  assert.deepEqual(it.order_groups, []);
  assert.deepEqual(it.bundle, []);
  assert.deepEqual(it.plan, []);
  assert.equal(it.variables.length, 8);
  assert.deepEqual(it.variables[1], {
    name: 'ram', type: 'number', label: 'RAM (GB)', required: false, default: null, help: null, pattern: null,
    min: 8, max: 64, options: [], ci_class: null, when: 'show', when_variable: 'model', when_value: 'developer',
    max_size: null, content_types: [],
  });
  assert.match(it.description_html, /<strong>model<\/strong>/);
  assert.doesNotMatch(it.description_html, /javascript:/);
  const again = await get('Laptop', eu);
  assert.deepEqual(again.variables, it.variables);
});

test('form definitions are checked field by field and nothing is written', async () => {
  const r = await admin('POST', '/api/v1/catalog-items', {
    body: {
      name: 'Broken', short_description: 'x',
      variables: [
        { name: 'Bad Name', type: 'text', label: 'x' },
        { name: 'c', type: 'choice', label: 'c' },
        { name: 'n', type: 'number', label: 'n', min: 5, max: 1 },
        { name: 't', type: 'text', label: 't', pattern: '(a)\\1' },
        { name: 'b', type: 'boolean', label: 'b', default: 'maybe' },
        { name: 'w', type: 'text', label: 'w', when: 'show', when_variable: 'later', when_value: 'x' },
        { name: 'later', type: 'text', label: 'l', options: ['x'] },
      ],
    },
  });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), [
    'variables[0].name', 'variables[1].options', 'variables[2].max', 'variables[3].pattern', 'variables[4].default',
    'variables[5].when_variable', 'variables[6].options',
  ]);
  // what does not decode (an unknown type or member) is refused at the first gate
  const d = await admin('POST', '/api/v1/catalog-items', {
    body: { name: 'Broken', short_description: 'x', variables: [{ name: 'q', type: 'sometimes', label: 'q', colour: 1 }] },
  });
  assert.equal(d.status, 422);
  assert.deepEqual(fieldsOf(d), ['variables[0].colour', 'variables[0].type']);
  assert.equal((await admin('GET', '/api/v1/catalog-items/Broken')).status, 404);
});

test('a submission is checked against the form: conditions, types, options, bounds and patterns', async () => {
  const check = (variables, who = eu) => who('POST', '/api/v1/catalog-items/Laptop/check', { body: { variables } });
  let r = await check({});
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.answers, [{ name: 'model', label: 'Model', type: 'choice', value: 'standard' }]);
  assert.equal(r.json.form_version, 1);

  r = await check({ model: 'developer', ram: 32, reason: 'builds', extras: ['dock', 'monitor'], urgent: true, for_whom: 'eu2' });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(r.json.answers.map((a) => [a.name, a.value]), [
    ['model', 'developer'], ['ram', '32'], ['reason', 'builds'], ['extras', 'dock, monitor'], ['urgent', 'true'], ['for_whom', 'eu2'],
  ]);

  // undeclared: 400 naming each
  r = await check({ model: 'standard', colour: 'red', size: 1 });
  assert.equal(r.status, 400);
  assert.deepEqual(fieldsOf(r), ['variables.colour', 'variables.size']);

  // hidden with a value; required under a condition; bounds; options; pattern; types; a user that does not exist
  r = await check({ model: 'standard', ram: 16 });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['variables.ram']);
  assert.match(r.json.errors[0].detail, /hidden/);
  r = await check({ model: 'developer', ram: 128 });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['variables.ram', 'variables.reason']);
  r = await check({ model: 'gaming', extras: ['dock', 'jetpack'], asset_tag: 'AT-12', needed_by: '2026-02-30', urgent: 'yes' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['variables.asset_tag', 'variables.extras', 'variables.model', 'variables.needed_by', 'variables.urgent']);
  r = await check({ for_whom: 'nobody' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['variables.for_whom']);
  r = await check({ asset_tag: 'AT-1234', needed_by: '2026-12-24' });
  assert.equal(r.status, 200, JSON.stringify(r.json));
});

test('changing the form makes a new version; older versions stay readable; the same form makes none', async () => {
  const form = [...LAPTOP_FORM, { name: 'colour', type: 'choice', label: 'Colour', options: ['black', 'silver'] }];
  let r = await admin('PATCH', '/api/v1/catalog-items/Laptop', { body: { variables: form } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.form_version, 2);
  assert.equal(r.json.variables.length, 9);
  r = await admin('PATCH', '/api/v1/catalog-items/Laptop', { body: { variables: form, price: '1100 EUR' } });
  assert.equal(r.json.form_version, 2);
  assert.equal(r.json.price, '1100 EUR');
  r = await eu('GET', '/api/v1/catalog-items/Laptop/form?version=1');
  assert.equal(r.status, 200);
  assert.equal(r.json.version, 1);
  assert.equal(r.json.variables.length, 8);
  r = await eu('GET', '/api/v1/catalog-items/Laptop/form');
  assert.equal(r.json.version, 2);
  assert.equal(r.json.variables[8].name, 'colour');
  assert.equal((await eu('GET', '/api/v1/catalog-items/Laptop/form?version=3')).status, 404);
  assert.equal((await eu('GET', '/api/v1/catalog-items/Laptop/form?version=x')).status, 400);
  r = await eu('POST', '/api/v1/catalog-items/Laptop/check', { body: { variables: { colour: 'silver' } } });
  assert.equal(r.status, 200);
  assert.equal(r.json.form_version, 2);
});

test('fulfilment plans: tasks with dependencies; cycles, unknown keys, groups and variables are refused', async () => {
  const before = await get('Laptop');
  const bad = async (tasks, fields) => {
    const r = await admin('PUT', '/api/v1/catalog-items/Laptop/plan', { body: { tasks } });
    assert.equal(r.status, 422, JSON.stringify(r.json));
    assert.deepEqual(fieldsOf(r), fields);
    assert.deepEqual((await get('Laptop')).plan, before.plan);
  };
  await bad([
    { key: 'a', title: 'A', depends_on: ['c'] },
    { key: 'b', title: 'B', depends_on: ['a'] },
    { key: 'c', title: 'C', depends_on: ['b'] },
  ], ['tasks[0].depends_on']);
  await bad([{ key: 'a', title: 'A', depends_on: ['a', 'zz'] }], ['tasks[0].depends_on[0]', 'tasks[0].depends_on[1]']);
  await bad([{ key: 'a', title: 'A' }, { key: 'a', title: '' }], ['tasks[1].key', 'tasks[1].title']);
  await bad([{ key: 'a', title: 'A', group: 'Nobody', variables: ['model', 'nope'] }], ['tasks[0].group', 'tasks[0].variables[1]']);
  const cyc = await admin('PUT', '/api/v1/catalog-items/Laptop/plan', {
    body: { tasks: [{ key: 'x', title: 'X', depends_on: ['y'] }, { key: 'y', title: 'Y', depends_on: ['x'] }] },
  });
  assert.match(cyc.json.errors[0].detail, /cycle: x -> y -> x/);

  const r = await admin('PUT', '/api/v1/catalog-items/Laptop/plan', {
    body: {
      tasks: [
        { key: 'order', title: 'Order the laptop', group: 'Desktop', variables: ['model', 'ram'] },
        { key: 'image', title: 'Install the image', group: 'Desktop', depends_on: ['order'], instructions: 'Use the gold image' },
        { key: 'account', title: 'Create the accounts', group: 'Desktop' },
        { key: 'deliver', title: 'Deliver', depends_on: ['image', 'account'] },
      ],
    },
  });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.plan.length, 4);
  assert.deepEqual(r.json.plan[1], {
    key: 'image', title: 'Install the image', group: 'Desktop', instructions: 'Use the gold image', variables: [], depends_on: ['order'],
  });
  assert.deepEqual(r.json.plan[3].depends_on, ['image', 'account']);
  assert.equal((await get('Laptop', agent)).plan.length, 4);
  assert.deepEqual((await get('Laptop', eu)).plan, [], 'end users never see the plan');
  // a form that drops a variable the plan shows is refused
  const drop = await admin('PATCH', '/api/v1/catalog-items/Laptop', { body: { variables: LAPTOP_FORM.filter((v) => v.name !== 'ram' && v.name !== 'reason') } });
  assert.equal(drop.status, 422);
  assert.deepEqual(fieldsOf(drop), ['variables']);
  assert.equal((await get('Laptop')).form_version, 2);
  // only admins
  assert.equal((await agent('PUT', '/api/v1/catalog-items/Laptop/plan', { body: { tasks: [] } })).status, 403);
});

test('bundles name other items that are no bundles; who may order what; retired items', async () => {
  await item({ name: 'Badge', short_description: 'A building badge', category: 'facilities' });
  await item({ name: 'Payroll access', short_description: 'Access to payroll', category: 'access', order_groups: ['Finance'] });
  let r = await admin('POST', '/api/v1/catalog-items', { body: { name: 'Self', short_description: 'x', bundle: ['Self', 'Ghost'] } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['bundle[0]', 'bundle[1]']);
  const starter = await item({ name: 'New starter', short_description: 'Everything a new colleague needs', bundle: ['Laptop', 'Badge'] });
  assert.deepEqual(starter.bundle, ['Laptop', 'Badge']);
  r = await admin('POST', '/api/v1/catalog-items', { body: { name: 'Nested', short_description: 'x', bundle: ['New starter'] } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['bundle[0]']);
  r = await admin('POST', '/api/v1/catalog-items', { body: { name: 'G', short_description: 'x', order_groups: ['Nobody'], approval_policy: 'none here' } });
  assert.deepEqual(fieldsOf(r), ['approval_policy', 'order_groups[0]']);

  // eu1 is in no group: payroll access is not theirs to see or order
  const names = async (who, q = '') => (await who('GET', `/api/v1/catalog-items${q}`)).json.items.map((i) => i.name);
  // by category ('' first), then name
  assert.deepEqual(await names(eu), ['New starter', 'Badge', 'Laptop']);
  assert.deepEqual(await names(eu2), ['New starter', 'Payroll access', 'Badge', 'Laptop']);
  assert.equal((await eu('GET', '/api/v1/catalog-items/Payroll%20access')).status, 404);
  assert.equal((await eu('POST', '/api/v1/catalog-items/Payroll%20access/check', { body: { variables: {} } })).status, 404);
  assert.equal((await eu2('POST', '/api/v1/catalog-items/Payroll%20access/check', { body: {} })).status, 200);
  assert.deepEqual(await names(eu, '?text=LAP'), ['Laptop']);
  assert.deepEqual(await names(eu, '?category=hardware'), ['Laptop']);
  assert.deepEqual(await names(eu, '?category=hard'), []);

  // retired: agents see it with ?retired=true, end users not at all, nobody orders it
  r = await admin('PATCH', '/api/v1/catalog-items/Badge', { body: { active: false } });
  assert.equal(r.json.active, false);
  assert.deepEqual(await names(eu), ['New starter', 'Laptop']);
  assert.ok(!(await names(agent)).includes('Badge'));
  assert.ok((await names(agent, '?retired=true')).includes('Badge'));
  r = await agent('POST', '/api/v1/catalog-items/Badge/check', { body: {} });
  assert.equal(r.status, 403);
  assert.match(r.json.type, /retired/);
  assert.equal((await eu('GET', '/api/v1/catalog-items/Badge')).status, 404);

  // end users and agents do not write items
  assert.equal((await agent('POST', '/api/v1/catalog-items', { body: { name: 'X', short_description: 'x' } })).status, 403);
  assert.equal((await eu('PATCH', '/api/v1/catalog-items/Laptop', { body: { price: '0' } })).status, 403);
  assert.equal((await get('Laptop')).price, '1100 EUR');
});

test('history records item writes and plans', async () => {
  const r = await agent('GET', '/api/v1/catalog-items/Laptop/history');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const actions = r.json.items.map((e) => e.action);
  assert.equal(actions[0], 'create', JSON.stringify(actions));
  assert.ok(actions.includes('create'));
  assert.ok(actions.includes('plan'));
  assert.ok(actions.includes('update'));
});
