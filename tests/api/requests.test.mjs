// Service requests (issue #15, docs/requests.md): ordering a catalogue item
// raises a request keeping its form version and answers, approval runs
// through the approval engine by the item's policy (or at once without
// one), approval makes the tasks of the item's plan (and a bundle's
// members'), a task opens when the tasks it depends on are done (parallel
// branches open together), the request is fulfilled when every task is
// done or not needed; end users see their own requests and never a task.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf } from './lib.mjs';

let s, admin, agent, boss, eu, eu2;
before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'boss', role: 'end_user' }, { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' }],
  });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  boss = as(s, 'boss');
  eu = as(s, 'eu1');
  eu2 = as(s, 'eu2');
  const ok = async (p, r) => { const x = await p; assert.equal(x.status, r, JSON.stringify(x.json)); return x.json; };
  await ok(admin('POST', '/api/v1/groups', { body: { name: 'Desktop', members: ['agent1'] } }), 201);
  await ok(admin('POST', '/api/v1/approval-policies', { body: { name: 'Manager approves', kind: 'request', active: false, steps: [{ rule: 'any', users: ['boss'] }] } }), 201);
  await ok(admin('POST', '/api/v1/catalog-items', { body: {
    name: 'Laptop', short_description: 'A laptop', approval_policy: 'Manager approves',
    variables: [
      { name: 'model', type: 'choice', label: 'Model', required: true, options: ['standard', 'developer'] },
      { name: 'ram', type: 'number', label: 'RAM', min: 8, max: 64, when: 'show', when_variable: 'model', when_value: 'developer' },
      { name: 'note', type: 'text', label: 'Note' },
    ] } }), 201);
  // a diamond: order and accounts in parallel, image after order, deliver after image and accounts
  await ok(admin('PUT', '/api/v1/catalog-items/Laptop/plan', { body: { tasks: [
    { key: 'order', title: 'Order the laptop', group: 'Desktop', variables: ['model', 'ram'] },
    { key: 'accounts', title: 'Create accounts', group: 'Desktop' },
    { key: 'image', title: 'Install the image', depends_on: ['order'], instructions: 'gold image', variables: ['model'] },
    { key: 'deliver', title: 'Deliver', depends_on: ['image', 'accounts'] },
  ] } }), 200);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Password reset', short_description: 'Reset a password' } }), 201);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Badge', short_description: 'A badge' } }), 201);
  await ok(admin('PUT', '/api/v1/catalog-items/Badge/plan', { body: { tasks: [{ key: 'print', title: 'Print the badge' }] } }), 200);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'New starter', short_description: 'Everything', bundle: ['Badge', 'Password reset'] } }), 201);
});
after(async () => { await s.cleanup(); });

const order = async (item, body, who = eu, status = 201) => {
  const r = await who('POST', `/api/v1/catalog-items/${encodeURIComponent(item)}/order`, { body });
  assert.equal(r.status, status, JSON.stringify(r.json));
  return r.json;
};
const tasksOf = async (number, who = agent) => (await who('GET', `/api/v1/requests/${number}/order`)).json.tasks;
const byKey = (tasks) => Object.fromEntries(tasks.map((t) => [t.key, t]));

test('ordering an item raises a request awaiting its policy\'s approval; the order keeps the form version and answers', async () => {
  const req = await order('Laptop', { variables: { model: 'developer', ram: 32, note: 'fast please' } });
  assert.match(req.number, /^REQ\d{7}$/);
  assert.equal(req.state, 'awaiting_approval');
  assert.equal(req.requester, 'eu1');
  assert.equal(req.title, 'Laptop');
  assert.match(req.description, /RAM: 32/);
  const o = (await eu('GET', `/api/v1/requests/${req.number}/order`)).json;
  assert.deepEqual({ ...o, answers: o.answers.map((a) => [a.name, a.value]) }, {
    item: 'Laptop', form_version: 1, requested_by: 'eu1', approval_policy: 'Manager approves',
    answers: [['model', 'developer'], ['ram', '32'], ['note', 'fast please']], tasks: [],
  });
  const ap = (await agent('GET', `/api/v1/requests/${req.number}/approvals`)).json.items;
  assert.equal(ap.length, 1);
  assert.equal(ap[0].policy, 'Manager approves');
  assert.equal(ap[0].steps[0].approvals[0].approver, 'boss');
  // the form changes: the request keeps version 1
  assert.equal((await admin('PATCH', '/api/v1/catalog-items/Laptop', { body: { variables: [
    { name: 'model', type: 'choice', label: 'Model', required: true, options: ['standard', 'developer', 'gaming'] },
    { name: 'ram', type: 'number', label: 'RAM', min: 8, max: 64, when: 'show', when_variable: 'model', when_value: 'developer' },
    { name: 'note', type: 'text', label: 'Note' },
  ] } })).json.form_version, 2);
  assert.equal((await eu('GET', `/api/v1/requests/${req.number}/order`)).json.form_version, 1);
  const req2 = await order('Laptop', { variables: { model: 'gaming' } });
  assert.equal((await eu('GET', `/api/v1/requests/${req2.number}/order`)).json.form_version, 2);
});

test('approval makes the plan\'s tasks; parallel branches open, a task waits for its dependencies; done and not needed fulfil the request', async () => {
  const req = await order('Laptop', { variables: { model: 'developer', ram: 16 } });
  assert.deepEqual(await tasksOf(req.number), []);
  const inbox = (await boss('GET', '/api/v1/approvals')).json.items.find((a) => a.ticket === req.number);
  assert.ok(inbox, 'the approver is asked');
  const d = await boss('POST', `/api/v1/approvals/${inbox.id}/approve`, { body: { comment: 'ok' } });
  assert.equal(d.status, 200, JSON.stringify(d.json));
  let r = (await eu('GET', `/api/v1/requests/${req.number}`)).json;
  assert.equal(r.state, 'in_fulfilment');
  let t = byKey(await tasksOf(req.number));
  assert.deepEqual(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.state])), { order: 'open', accounts: 'open', image: 'pending', deliver: 'pending' });
  assert.match(t.order.number, /^TASK\d{7}$/);
  assert.deepEqual(t.deliver.depends_on, ['image', 'accounts']);
  // the fulfiller sees the variables the task may see
  const w = (await agent('GET', `/api/v1/tasks/${t.order.number}/work`)).json;
  assert.equal(w.request, req.number);
  assert.deepEqual(w.variables.map((v) => [v.name, v.value]), [['model', 'developer'], ['ram', '16']]);
  assert.deepEqual((await agent('GET', `/api/v1/tasks/${t.image.number}/work`)).json.variables.map((v) => v.name), ['model']);
  assert.equal((await agent('GET', `/api/v1/tasks/${t.image.number}`)).json.assignment_group, null);
  assert.equal((await agent('GET', `/api/v1/tasks/${t.order.number}`)).json.assignment_group, 'Desktop');

  // a pending task cannot be opened or started by hand
  let x = await agent('POST', `/api/v1/tasks/${t.image.number}/open`);
  assert.equal(x.status, 409);
  x = await agent('POST', `/api/v1/tasks/${t.image.number}/start`);
  assert.equal(x.status, 409);
  // the request cannot be fulfilled while tasks are open
  x = await agent('POST', `/api/v1/requests/${req.number}/fulfil`);
  assert.equal(x.status, 409);
  assert.match(x.json.type, /tasks-open/);

  assert.equal((await agent('POST', `/api/v1/tasks/${t.order.number}/start`)).status, 200);
  assert.equal((await agent('POST', `/api/v1/tasks/${t.order.number}/complete`)).status, 200);
  t = byKey(await tasksOf(req.number));
  assert.equal(t.image.state, 'open');
  assert.equal(t.deliver.state, 'pending', 'deliver still waits for accounts');
  assert.equal((await agent('POST', `/api/v1/tasks/${t.image.number}/complete`)).status, 200);
  // not needed needs a reason
  x = await agent('POST', `/api/v1/tasks/${t.accounts.number}/not_needed`);
  assert.equal(x.status, 422);
  assert.deepEqual(fieldsOf(x), ['reason']);
  assert.equal((await agent('POST', `/api/v1/tasks/${t.accounts.number}/not_needed`, { body: { reason: 'has accounts' } })).status, 200);
  t = byKey(await tasksOf(req.number));
  assert.equal(t.accounts.state, 'not_needed');
  assert.equal(t.deliver.state, 'open');
  assert.equal((await eu('GET', `/api/v1/requests/${req.number}`)).json.state, 'in_fulfilment');
  assert.equal((await agent('POST', `/api/v1/tasks/${t.deliver.number}/complete`)).status, 200);
  r = (await eu('GET', `/api/v1/requests/${req.number}`)).json;
  assert.equal(r.state, 'fulfilled');
  assert.equal((await eu('POST', `/api/v1/requests/${req.number}/close`)).status, 200);
});

test('a rejection ends the request; the requester cancels before fulfilment, not after', async () => {
  const req = await order('Laptop', { variables: { model: 'standard' } });
  const a = (await boss('GET', '/api/v1/approvals')).json.items.find((x) => x.ticket === req.number);
  assert.equal((await boss('POST', `/api/v1/approvals/${a.id}/reject`, { body: { comment: 'no budget' } })).status, 200);
  const r = (await eu('GET', `/api/v1/requests/${req.number}`)).json;
  assert.equal(r.state, 'rejected');
  assert.deepEqual(await tasksOf(req.number), []);

  const c = await order('Laptop', { variables: { model: 'standard' } });
  assert.equal((await eu('POST', `/api/v1/requests/${c.number}/cancel`)).status, 200);
  const after = (await agent('GET', `/api/v1/requests/${c.number}/approvals`)).json.items[0];
  assert.equal(after.state, 'canceled');
  // no policy: approved at once, tasks made, fulfilment running: too late to cancel
  const b = await order('Badge', {});
  assert.equal(b.state, 'in_fulfilment');
  assert.equal((await eu('POST', `/api/v1/requests/${b.number}/cancel`)).status, 409);
});

test('a bundle raises one request with the tasks of each member; an item without a plan waits for the desk', async () => {
  const b = await order('New starter', {});
  assert.equal(b.state, 'in_fulfilment');
  const tasks = await tasksOf(b.number);
  assert.deepEqual(tasks.map((t) => [t.item, t.key, t.state]), [['Badge', 'print', 'open']]);
  const p = await order('Password reset', {});
  assert.equal(p.state, 'in_fulfilment');
  assert.equal((await eu('POST', `/api/v1/requests/${p.number}/fulfil`)).status, 403);
  const f = await agent('POST', `/api/v1/requests/${p.number}/fulfil`);
  assert.equal(f.status, 200, JSON.stringify(f.json));
  assert.equal(f.json.state, 'fulfilled');
});

test('visibility: end users see their own requests and never a task; agents order on someone\'s behalf', async () => {
  const mine = await order('Badge', {});
  const tasks = await tasksOf(mine.number, eu);
  assert.equal(tasks.length, 1);
  const task = tasks[0].number;
  assert.equal((await eu('GET', `/api/v1/tasks/${task}`)).status, 403);
  assert.equal((await eu('GET', `/api/v1/tasks/${task}/comments`)).status, 403);
  assert.equal((await eu('GET', `/api/v1/tasks/${task}/work`)).status, 403);
  assert.equal((await agent('POST', `/api/v1/tasks/${task}/comments`, { body: { body: 'secret note', internal: true } })).status, 201);
  assert.equal((await eu2('GET', `/api/v1/requests/${mine.number}`)).status, 404);
  assert.equal((await eu2('GET', `/api/v1/requests/${mine.number}/order`)).status, 404);
  assert.ok(!(await eu2('GET', '/api/v1/requests')).json.items.some((r) => r.number === mine.number));
  const forEu2 = await order('Badge', { requested_for: 'eu2' }, agent);
  assert.equal(forEu2.requester, 'eu2');
  assert.equal((await eu2('GET', `/api/v1/requests/${forEu2.number}/order`)).json.requested_by, 'agent1');
  await order('Badge', { requested_for: 'eu2' }, eu, 403);
});

test('refusals change nothing: undeclared and invalid variables, retired items, requests and tasks not made by an order', async () => {
  const count = async () => (await agent('GET', '/api/v1/requests?limit=200')).json.items.length;
  const n = await count();
  let r = await order('Laptop', { variables: { model: 'standard', colour: 'red' } }, eu, 400);
  assert.deepEqual(fieldsOf({ json: r }), ['variables.colour']);
  r = await order('Laptop', { variables: { model: 'standard', ram: 16 } }, eu, 422);
  assert.deepEqual(fieldsOf({ json: r }), ['variables.ram']);
  r = await order('Laptop', { variables: {} }, eu, 422);
  assert.deepEqual(fieldsOf({ json: r }), ['variables.model']);
  assert.equal((await admin('PATCH', '/api/v1/catalog-items/Password%20reset', { body: { active: false } })).status, 200);
  assert.match((await order('Password reset', {}, agent, 403)).type, /retired/);
  await order('Password reset', {}, eu, 404); // end users no longer see a retired item
  await order('Nothing', {}, eu, 404);
  r = await eu('POST', '/api/v1/requests', { body: { title: 'by hand' } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['item']);
  r = await agent('POST', '/api/v1/tasks', { body: { title: 'by hand' } });
  assert.equal(r.status, 422);
  assert.equal(await count(), n);
});
