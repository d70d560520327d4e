// What service requests still lacked (issue #15, docs/requests.md):
// conditional approval steps (a step applies only when the item's cost is
// above an amount, a variable has a value, has this value or one matching
// a pattern), evaluated when the request is submitted and recorded on the
// request's approval (which steps applied and why); attachment variables
// checked against the upload (the caller's, within the variable's size
// limit, of a type it takes).  Every refusal changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf } from './lib.mjs';

let s, admin, agent, eu, eu2;
const ok = async (p, status) => { const x = await p; assert.equal(x.status, status, JSON.stringify(x.json)); return x.json; };
before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'boss', role: 'end_user' }, { login: 'cfo', role: 'end_user' },
      { login: 'sec', role: 'end_user' }, { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' }],
  });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  eu2 = as(s, 'eu2');
  await ok(admin('POST', '/api/v1/approval-policies', { body: {
    name: 'Hardware', kind: 'request', active: false, steps: [
      { rule: 'any', users: ['boss'] },
      { rule: 'any', users: ['cfo'], when_cost_above: 1000 },
      { rule: 'any', users: ['sec'], when_variable: 'access', when_value: 'admin' },
      { rule: 'any', users: ['sec'], when_variable: 'extras', when_value: 'vpn' },
      { rule: 'any', users: ['cfo'], when_variable: 'cost_centre', when_pattern: '9[0-9]+' },
      { rule: 'any', users: ['boss'], when_variable: 'note' },
    ] } }), 201);
  await ok(admin('POST', '/api/v1/approval-policies', { body: {
    name: 'Only when costly', kind: 'request', active: false, steps: [{ rule: 'any', users: ['cfo'], when_cost_above: 500 }] } }), 201);
  const form = [
    { name: 'access', type: 'choice', label: 'Access', options: ['user', 'admin'] },
    { name: 'extras', type: 'multi_choice', label: 'Extras', options: ['dock', 'vpn'] },
    { name: 'cost_centre', type: 'text', label: 'Cost centre' },
    { name: 'note', type: 'text', label: 'Note' },
  ];
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Cheap', short_description: 'x', cost: 300, approval_policy: 'Hardware', variables: form } }), 201);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Dear', short_description: 'x', cost: 2400, approval_policy: 'Hardware', variables: form } }), 201);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Mouse', short_description: 'x', cost: 20, approval_policy: 'Only when costly' } }), 201);
});
after(async () => { await s.cleanup(); });

const order = async (item, variables, who = eu) => ok(who('POST', `/api/v1/catalog-items/${item}/order`, { body: { variables } }), 201);
const approvalOf = async (number) => (await agent('GET', `/api/v1/requests/${number}/approvals`)).json.items[0];
const taken = (a) => a.policy_steps.map((p) => [p.position, p.step, p.reason]);
const approvers = (a) => a.steps.map((st) => st.approvals.map((x) => x.approver).join(','));

test('a cost condition: the step applies only above the amount, and the request says why', async () => {
  const cheap = await order('Cheap', {});
  let a = await approvalOf(cheap.number);
  assert.equal(a.step_count, 1);
  assert.deepEqual(approvers(a), ['boss']);
  assert.deepEqual(taken(a), [
    [1, 1, 'no condition'],
    [2, null, 'cost 300 is not above 1000'],
    [3, null, 'access has no value'],
    [4, null, 'extras has no value'],
    [5, null, 'cost_centre has no value'],
    [6, null, 'note has no value'],
  ]);
  const dear = await order('Dear', {});
  a = await approvalOf(dear.number);
  assert.equal(a.step_count, 2);
  assert.deepEqual(approvers(a), ['boss', 'cfo']);
  assert.deepEqual(a.policy_steps[1], { position: 2, step: 2, reason: 'cost 2400 is above 1000' });
  // the audit of the request names the choices too
  const h = (await agent('GET', `/api/v1/requests/${dear.number}/history`)).json.items;
  const asked = h.find((e) => e.action === 'approval_requested');
  assert.match(asked.changes.detail.to, /step 2 taken: cost 2400 is above 1000; step 3 left out: access has no value/);
});

test('variable conditions: a value, a multi-choice that includes it, a pattern, any value', async () => {
  const req = await order('Cheap', { access: 'admin', extras: ['dock', 'vpn'], cost_centre: '9123', note: 'asap' });
  const a = await approvalOf(req.number);
  assert.deepEqual(taken(a), [
    [1, 1, 'no condition'],
    [2, null, 'cost 300 is not above 1000'],
    [3, 2, 'access is admin'],
    [4, 3, 'extras includes vpn'],
    [5, 4, 'cost_centre matches 9[0-9]+'],
    [6, 5, 'note has a value'],
  ]);
  assert.deepEqual(approvers(a), ['boss', 'sec', 'sec', 'cfo', 'boss']);
  // a pattern matches the whole value; a value is compared exactly
  const other = await order('Cheap', { access: 'user', extras: ['dock'], cost_centre: '19123' });
  assert.deepEqual(taken(await approvalOf(other.number)).slice(2, 5), [
    [3, null, 'access is not admin'], [4, null, 'extras does not include vpn'], [5, null, 'cost_centre does not match 9[0-9]+']]);
});

test('the steps, taken in order, approve the request; a request none of whose steps applies is approved at once', async () => {
  const req = await order('Dear', {});
  for (const who of ['boss', 'cfo']) {
    const inbox = (await as(s, who)('GET', '/api/v1/approvals')).json.items.find((x) => x.ticket === req.number);
    assert.ok(inbox, `${who} is asked`);
    await ok(as(s, who)('POST', `/api/v1/approvals/${inbox.id}/approve`, { body: {} }), 200);
  }
  // approved: no plan, so fulfilment starts and waits for the desk
  assert.equal((await eu('GET', `/api/v1/requests/${req.number}`)).json.state, 'in_fulfilment');
  assert.equal((await approvalOf(req.number)).state, 'approved');
  const mouse = await order('Mouse', {});
  // no tasks: approved, fulfilment starts and the request waits for the desk
  assert.equal(mouse.state, 'in_fulfilment');
  const a = await approvalOf(mouse.number);
  assert.equal(a.state, 'approved');
  assert.equal(a.step_count, 0);
  assert.deepEqual(a.steps, []);
  assert.deepEqual(taken(a), [[1, null, 'cost 20 is not above 500']]);
  await ok(admin('PATCH', '/api/v1/catalog-items/Mouse', { body: { cost: 900 } }), 200);
  const dearer = await order('Mouse', {});
  assert.equal(dearer.state, 'awaiting_approval');
  assert.deepEqual(taken(await approvalOf(dearer.number)), [[1, 1, 'cost 900 is above 500']]);
});

test('policies read back their conditions; bad conditions are refused field by field and nothing is written', async () => {
  const p = (await admin('GET', '/api/v1/approval-policies/Hardware')).json;
  assert.deepEqual(p.steps[1], { position: 2, rule: 'any', required: null, users: ['cfo'], groups: [], service_owner: false,
    when_cost_above: 1000, when_variable: null, when_value: null, when_pattern: null });
  assert.deepEqual(p.steps[4].when_pattern, '9[0-9]+');
  const before = (await admin('GET', '/api/v1/approval-policies')).json.items.length;
  let r = await admin('POST', '/api/v1/approval-policies', { body: { name: 'Bad', kind: 'request', steps: [
    { rule: 'any', users: ['boss'], when_cost_above: -1 },
    { rule: 'any', users: ['boss'], when_value: 'x' },
    { rule: 'any', users: ['boss'], when_variable: 'Bad Name' },
    { rule: 'any', users: ['boss'], when_variable: 'a', when_value: 'x', when_pattern: 'y' },
    { rule: 'any', users: ['boss'], when_variable: 'a', when_pattern: '(a)\\1' },
  ] } });
  assert.equal(r.status, 422, JSON.stringify(r.json));
  assert.deepEqual(fieldsOf(r), ['steps[0].when_cost_above']);
  r = await admin('POST', '/api/v1/approval-policies', { body: { name: 'Bad', kind: 'request', steps: [
    { rule: 'any', users: ['boss'], when_value: 'x' },
    { rule: 'any', users: ['boss'], when_variable: 'Bad Name' },
    { rule: 'any', users: ['boss'], when_variable: 'a', when_value: 'x', when_pattern: 'y' },
    { rule: 'any', users: ['boss'], when_variable: 'a', when_pattern: '(a)\\1' },
  ] } });
  assert.equal(r.status, 422, JSON.stringify(r.json));
  assert.deepEqual(fieldsOf(r), ['steps[0].when_variable', 'steps[1].when_variable', 'steps[2].when_pattern', 'steps[3].when_pattern']);
  // a kind without a cost or variables takes no conditional steps
  r = await admin('POST', '/api/v1/approval-policies', { body: { name: 'Bad', kind: 'incident', steps: [
    { rule: 'any', users: ['agent1'], when_cost_above: 10 }] } });
  assert.equal(r.status, 422, JSON.stringify(r.json));
  assert.deepEqual(fieldsOf(r), ['steps[0].when_cost_above']);
  assert.match(r.json.errors[0].detail, /incidents take no conditional steps/);
  assert.equal((await admin('GET', '/api/v1/approval-policies')).json.items.length, before);
  // an item's cost is checked, and shown
  r = await admin('PATCH', '/api/v1/catalog-items/Cheap', { body: { cost: -5 } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['cost']);
  assert.equal((await eu('GET', '/api/v1/catalog-items/Cheap')).json.cost, 300);
});

test('attachment variables: the caller\'s upload, within the variable\'s size limit, of a type it takes', async () => {
  const form = [
    { name: 'photo', type: 'attachment', label: 'Photo', max_size: 64, content_types: ['image/png', 'image/*'] },
    { name: 'doc', type: 'attachment', label: 'Document' },
  ];
  const it = await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Badge photo', short_description: 'x', variables: form } }), 201);
  assert.deepEqual([it.variables[0].max_size, it.variables[0].content_types], [64, ['image/png', 'image/*']]);
  assert.deepEqual([it.variables[1].max_size, it.variables[1].content_types], [null, []]);
  const inc = await ok(eu('POST', '/api/v1/incidents', { body: { title: 'files' } }), 201);
  const inc2 = await ok(eu2('POST', '/api/v1/incidents', { body: { title: 'files' } }), 201);
  const up = async (who, number, bytes) => ok(who('POST', `/api/v1/incidents/${number}/attachments?filename=f.bin`,
    { raw: bytes, contentType: 'application/octet-stream' }), 201);
  const png = (n) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(n, 1)]);
  const small = await up(eu, inc.number, png(10));
  const big = await up(eu, inc.number, png(100));
  const text = await up(eu, inc.number, Buffer.from('plain words'));
  const theirs = await up(eu2, inc2.number, png(10));
  assert.equal(small.content_type, 'image/png');
  const count = async () => (await agent('GET', '/api/v1/requests')).json.items.length;
  const n = await count();
  const check = (variables, who = eu) => who('POST', '/api/v1/catalog-items/Badge%20photo/check', { body: { variables } });
  let r = await check({ photo: big.id, doc: theirs.id });
  assert.equal(r.status, 422, JSON.stringify(r.json));
  assert.deepEqual(fieldsOf(r), ['variables.doc', 'variables.photo']);
  assert.match(r.json.errors.find((e) => e.field === 'variables.photo').detail, /108 bytes, over the limit of 64/);
  assert.match(r.json.errors.find((e) => e.field === 'variables.doc').detail, /no attachment \d+ that you uploaded/);
  r = await check({ photo: text.id });
  assert.equal(r.status, 422);
  assert.match(r.json.errors[0].detail, /not a type the variable takes/);
  r = await eu('POST', '/api/v1/catalog-items/Badge%20photo/order', { body: { variables: { photo: 999999 } } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['variables.photo']);
  assert.equal(await count(), n, 'nothing raised');
  r = await check({ photo: small.id, doc: text.id });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  // an agent may name any upload
  assert.equal((await check({ doc: theirs.id }, agent)).status, 200);
  // definitions: members only attachments take, well-formed types, a size within the upload limit
  r = await admin('POST', '/api/v1/catalog-items', { body: { name: 'Bad files', short_description: 'x', variables: [
    { name: 'a', type: 'text', label: 'a', max_size: 10 },
    { name: 'b', type: 'attachment', label: 'b', content_types: ['png', 'image/png', 'image/png'] },
  ] } });
  assert.equal(r.status, 422, JSON.stringify(r.json));
  assert.deepEqual(fieldsOf(r), ['variables[0].max_size', 'variables[1].content_types[0]', 'variables[1].content_types[2]']);
  r = await admin('POST', '/api/v1/catalog-items', { body: { name: 'Bad files', short_description: 'x', variables: [
    { name: 'b', type: 'attachment', label: 'b', max_size: 20 * 1024 * 1024 }] } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['variables[0].max_size']);
  assert.equal((await admin('GET', '/api/v1/catalog-items/Bad%20files')).status, 404);
});

test('requests and their tasks run their own clocks: a delivery target by kind request, an OLA by kind task and the team assigned', async () => {
  await ok(admin('POST', '/api/v1/groups', { body: { name: 'Desktop', members: ['agent1'] } }), 201);
  await ok(admin('POST', '/api/v1/sla-policies', { body: { name: 'Request delivery', match_kind: 'request', calendar: '24x7', position: 1, resolution_seconds: 432000 } }), 201);
  // a task's match_group is the group assigned to it (the team's OLA), not its requester's
  await ok(admin('POST', '/api/v1/sla-policies', { body: { name: 'Desktop OLA', match_kind: 'task', match_group: 'Desktop', calendar: '24x7', position: 2, response_seconds: 1800, resolution_seconds: 28800 } }), 201);
  await ok(admin('POST', '/api/v1/sla-policies', { body: { name: 'Task OLA', match_kind: 'task', calendar: '24x7', position: 3, response_seconds: 3600, resolution_seconds: 86400 } }), 201);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Kit', short_description: 'x' } }), 201);
  await ok(admin('PUT', '/api/v1/catalog-items/Kit/plan', { body: { tasks: [{ key: 'a', title: 'First', group: 'Desktop' }, { key: 'b', title: 'Then', depends_on: ['a'] }] } }), 200);
  const req = await order('Kit', {});
  const clocks = (t) => t.sla.map((k) => [k.metric, k.policy, k.target, k.state]);
  const r = (await agent('GET', `/api/v1/requests/${req.number}`)).json;
  assert.deepEqual(clocks(r), [['resolution', 'Request delivery', 432000, 'running']]);
  assert.equal((await eu('GET', `/api/v1/requests/${req.number}`)).json.sla, undefined, 'end users see no clocks');
  const tasks = (await agent('GET', `/api/v1/requests/${req.number}/order`)).json.tasks;
  const [a, b] = tasks.map((t) => t.number);
  assert.deepEqual(clocks((await agent('GET', `/api/v1/tasks/${a}`)).json),
    [['response', 'Desktop OLA', 1800, 'running'], ['resolution', 'Desktop OLA', 28800, 'running']]);
  assert.deepEqual(clocks((await agent('GET', `/api/v1/tasks/${b}`)).json),
    [['response', 'Task OLA', 3600, 'running'], ['resolution', 'Task OLA', 86400, 'running']]);
  await ok(agent('POST', `/api/v1/tasks/${a}/complete`), 200);
  assert.equal((await agent('GET', `/api/v1/tasks/${a}`)).json.sla.find((k) => k.metric === 'resolution').state, 'stopped');
  await ok(agent('POST', `/api/v1/tasks/${b}/complete`), 200);
  const done = (await agent('GET', `/api/v1/requests/${req.number}`)).json;
  assert.equal(done.state, 'fulfilled');
  assert.equal(done.sla[0].state, 'stopped', 'fulfilled stops the delivery clock');
});
