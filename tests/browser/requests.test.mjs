// Service requests in a real browser (Debian's Chromium, headless) against
// a real `steward serve`:
//   - an end user on a phone-width screen browses the catalogue by
//     category, searches it, opens an item, sees a variable appear when
//     its condition holds, gets the server's error on the field it names,
//     orders, and follows the request's progress;
//   - an agent works the task queue: a task page shows the variables the
//     task may see; completing the first task opens the next, and the last
//     fulfils the request;
//   - an admin finds the catalogue among the admin pages, builds a form
//     with a live preview (a variable added, moved, made conditional; a
//     refused pattern shown on its field) and edits the plan (a cycle the
//     server refuses shown on its field; a parallel task added), and the
//     portal draws the new form at phone width.
// Screenshots go to tests/out/browser/ (40-… to 44c-…); any console error,
// page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, text } from './harness.mjs';

const h = harness();

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }, { login: 'eu1', role: 'end_user', name: 'Eve User' }] });
  await h.call('POST', '/api/v1/groups', { name: 'Desktop', members: ['agent1'] });
  await h.call('POST', '/api/v1/catalog-items', {
    name: 'Laptop', category: 'hardware', short_description: 'A new laptop', description: 'Pick a **model**.', price: '1,200 EUR', delivery_days: 5,
    variables: [
      { name: 'model', type: 'choice', label: 'Model', required: true, options: ['standard', 'developer'] },
      { name: 'ram', type: 'number', label: 'Memory (GB)', min: 16, max: 64, when: 'show', when_variable: 'model', when_value: 'developer' },
      { name: 'reason', type: 'long_text', label: 'Why the developer model', when: 'require', when_variable: 'model', when_value: 'developer' },
      { name: 'extras', type: 'multi_choice', label: 'Accessories', options: ['dock', 'monitor'] },
    ],
  });
  await h.call('PUT', '/api/v1/catalog-items/Laptop/plan', { tasks: [
    { key: 'order', title: 'Order the laptop', group: 'Desktop', variables: ['model', 'ram'] },
    { key: 'deliver', title: 'Deliver the laptop', group: 'Desktop', depends_on: ['order'] },
  ] });
  // a delivery target for requests and the Desktop team's OLA on its tasks: their clocks show to agents
  await h.call('POST', '/api/v1/sla-policies', { name: 'Request delivery', match_kind: 'request', calendar: '24x7', position: 1, resolution_seconds: 432000 });
  await h.call('POST', '/api/v1/sla-policies', { name: 'Desktop OLA', match_kind: 'task', match_group: 'Desktop', calendar: '24x7', position: 2, response_seconds: 1800, resolution_seconds: 28800 });
  await h.call('POST', '/api/v1/catalog-items', { name: 'Password reset', category: 'access', short_description: 'Reset a password' });
  h.expectLoad(422, '/api/v1/catalog-items/Laptop/order');
  h.expectLoad(422, '/api/v1/catalog-items/Laptop');
  h.expectLoad(422, '/api/v1/catalog-items/Laptop/plan');
});
after(() => h.stop());

let number;

test('an end user on a phone orders from the catalogue, with the server\'s errors on the fields', async () => {
  const page = await h.as('eu1', { viewport: { width: 390, height: 844 } });
  await page.click('header a[href="#/catalog"]');
  await page.waitForSelector('[data-catalogue]');
  assert.equal(await page.locator('[data-category]').count(), 2);
  await h.shot(page, '40-portal-catalogue-phone');
  await page.fill('#cat-q', 'lap');
  await page.click('button:has-text("Search")');
  await until(async () => (await page.locator('[data-item]').count()) === 1, 'the search');
  await page.click('[data-item=Laptop] a');
  await page.waitForSelector('[data-order-form]');
  assert.equal(await page.locator('#v-ram').count(), 0, 'RAM is hidden for the standard model');
  await page.selectOption('#v-model', 'developer');
  await page.waitForSelector('#v-ram');
  await page.fill('#v-ram', '32');
  await page.check('[data-var=extras] >> text=dock');
  await page.click('[data-order]');
  await page.waitForSelector('[data-field-error=reason]');
  assert.match(await text(page, '[data-field-error=reason]'), /required/);
  await h.shot(page, '41-portal-form-error-phone');
  await page.fill('#v-reason', 'Builds take an hour');
  await page.click('[data-order]');
  await page.waitForSelector('[data-answers]');
  number = (await text(page, 'h2')).split(' ')[0];
  assert.match(number, /^REQ\d{7}$/);
  assert.equal(await text(page, '[data-answer=ram]'), '32');
  assert.equal(await text(page, '[data-answer=extras]'), 'dock');
  assert.equal(await text(page, '[data-state]'), 'Being fulfilled');
  assert.equal(await text(page, '[data-task=order] [data-task-state]'), 'Open');
  assert.equal(await text(page, '[data-task=deliver] [data-task-state]'), 'Waiting for other tasks');
  await h.shot(page, '42-portal-request-phone');
  await page.click('header a[href="#/requests"]');
  await page.waitForSelector(`[data-req-row=${number}]`);
  await page.context().close();
});

test('an agent works the tasks; the last one fulfils the request', async () => {
  const page = await h.as('agent1');
  await page.click('header a[href="#/tasks"]');
  await page.waitForSelector('[data-task-queue]');
  assert.equal(await page.locator('[data-queue-task]').count(), 2);
  await page.goto(`${h.base}/#/requests/${number}`);
  await page.waitForSelector('[data-sla-panel]');
  assert.match(await text(page, '[data-sla-panel] [data-sla-clock]'), /resolution SLA/);
  await page.click('[data-task=order] a');
  await page.waitForSelector('[data-work]');
  assert.deepEqual(await page.locator('[data-sla-panel] [data-sla-clock]').allTextContents().then((a) => a.map((x) => (x.match(/^\w+ SLA/) || [x])[0])),
    ['response SLA', 'resolution SLA'], 'the team\'s clocks on the task');
  assert.equal(await text(page, '[data-work] [data-answer=model]'), 'developer');
  assert.equal(await page.locator('[data-work] [data-answer=reason]').count(), 0, 'the task sees only its variables');
  await h.shot(page, '43-agent-task');
  await page.click('[data-complete]');
  await until(async () => (await text(page, '[data-state]')) === 'Done', 'the task done');
  await page.goto(`${h.base}/#/requests/${number}`);
  await until(async () => (await page.locator('[data-task=deliver] a').count()) === 1, 'the request page');
  await page.click('[data-task=deliver] a');
  await page.waitForSelector('[data-complete]');
  await page.click('[data-complete]');
  await until(async () => (await text(page, '[data-state]')) === 'Done', 'the last task done');
  const r = await h.call('GET', `/api/v1/requests/${number}`);
  assert.equal(r.state, 'fulfilled');
  await page.context().close();
});

test('an admin finds the catalogue among the admin pages', async () => {
  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin/catalog-items`);
  await page.waitForSelector('[data-admin-list=catalog-items]');
  assert.match(await page.textContent('[data-admin-list=catalog-items]'), /Password reset/);
  await h.shot(page, '44-admin-catalogue');
  await page.context().close();
});

test('an admin builds a form with a live preview and edits the plan; a cycle the server refuses is shown on its field', async () => {
  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin/catalog-items`);
  await page.waitForSelector('[data-admin-list=catalog-items]');
  await page.click('[data-admin-list=catalog-items] a:has-text("Laptop")');
  await page.waitForSelector('[data-form-builder]');
  assert.equal(await page.locator('[data-builder-var]').count(), 4);
  assert.equal(await page.locator('[data-plan-task]').count(), 2);
  // the preview is the portal's form: RAM appears once the developer model is picked
  assert.equal(await page.locator('[data-preview] #v-ram').count(), 0);
  await page.selectOption('[data-preview] #v-model', 'developer');
  await page.waitForSelector('[data-preview] #v-ram');
  // a new choice variable, required only for the developer model, moved up one place
  await page.click('[data-add-var]');
  await page.fill('#fb-4-name', 'os');
  await page.selectOption('#fb-4-type', 'choice');
  await page.fill('#fb-4-label', 'Operating system');
  await page.fill('#fb-4-options', 'linux\nwindows');
  await page.selectOption('#fb-4-when', 'require');
  await page.selectOption('#fb-4-when_variable', 'model');
  await page.fill('#fb-4-when_value', 'developer');
  await page.click('button[aria-label="Move os up"]');
  assert.equal(await page.inputValue('#fb-3-name'), 'os');
  await until(async () => (await page.locator('[data-preview] #v-os').count()) === 1, 'the new variable in the preview');
  assert.match(await text(page, '[data-preview] label[for=v-os]'), /Operating system \*/);
  // a validation pattern the server refuses is shown on its field
  await page.fill('#fb-2-pattern', '(a)\\1');
  await page.click('[data-save-item]');
  await page.waitForSelector('[data-error="variables[2].pattern"]');
  await h.shot(page, '44a-admin-form-builder');
  await page.fill('#fb-2-pattern', '');
  // a cycle in the plan: order after deliver, which is after order
  await page.check('[data-depends="0"] [data-dep=deliver]');
  await page.click('[data-save-item]');
  await page.waitForSelector('[data-error="tasks[0].depends_on"]');
  assert.match(await text(page, '[data-error="tasks[0].depends_on"]'), /makes a cycle: order -> deliver -> order/);
  await h.shot(page, '44b-admin-plan-cycle');
  // the item was saved (a new form version) before the plan was refused; the plan is unchanged
  let it = await h.call('GET', '/api/v1/catalog-items/Laptop');
  assert.equal(it.form_version, 2);
  assert.deepEqual(it.variables.map((v) => v.name), ['model', 'ram', 'reason', 'os', 'extras']);
  assert.deepEqual(it.variables[3], { name: 'os', type: 'choice', label: 'Operating system', required: false, default: null, help: null,
    pattern: null, min: null, max: null, options: ['linux', 'windows'], ci_class: null, when: 'require', when_variable: 'model',
    when_value: 'developer', max_size: null, content_types: [] });
  assert.deepEqual(it.plan.map((t) => t.depends_on), [[], ['order']]);
  // a third task, after both, in parallel branches
  await page.uncheck('[data-depends="0"] [data-dep=deliver]');
  await page.click('[data-add-task]');
  await page.fill('#pl-2-key', 'badge');
  await page.fill('#pl-2-title', 'Print a badge');
  await page.fill('#pl-2-group', 'Desktop');
  await page.click('[data-save-item]');
  await page.waitForSelector('[data-saved]');
  it = await h.call('GET', '/api/v1/catalog-items/Laptop');
  assert.deepEqual(it.plan.map((t) => [t.key, t.group, t.depends_on]), [['order', 'Desktop', []], ['deliver', 'Desktop', ['order']], ['badge', 'Desktop', []]]);
  // the portal draws the new form at phone width
  await page.context().close();
  const phone = await h.as('eu1', { viewport: { width: 390, height: 844 } });
  await phone.goto(`${h.base}/#/catalog/Laptop`);
  await phone.waitForSelector('[data-order-form]');
  await phone.selectOption('#v-model', 'developer');
  await phone.waitForSelector('#v-os');
  await h.shot(phone, '44c-portal-new-form-phone');
  await phone.context().close();
});

test('a request shows which of its policy\'s conditional steps applied, and why', async () => {
  await h.call('POST', '/api/v1/approval-policies', { name: 'Costly', kind: 'request', active: false, steps: [
    { rule: 'any', users: ['agent1'] }, { rule: 'any', users: ['admin'], when_cost_above: 100 }] });
  await h.call('POST', '/api/v1/catalog-items', { name: 'Mouse', category: 'hardware', short_description: 'A mouse', cost: 20, approval_policy: 'Costly' });
  const req = await h.call('POST', '/api/v1/catalog-items/Mouse/order', { variables: {} }, 'eu1');
  const page = await h.as('eu1', { viewport: { width: 390, height: 844 } });
  await page.goto(`${h.base}/#/requests/${req.number}`);
  await page.waitForSelector('[data-policy-steps]');
  assert.match(await text(page, '[data-policy-step="1"]'), /taken \(step 1\) — no condition/);
  assert.match(await text(page, '[data-policy-step="2"]'), /left out — cost 20 is not above 100/);
  await h.shot(page, '44d-portal-approval-why-phone');
  await page.context().close();
});

test('nothing went wrong in the browser', () => {
  assert.deepEqual(h.problems, []);
  assert.deepEqual(h.unlabelled, []);
});
