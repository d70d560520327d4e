// Changes in a real browser (Debian's Chromium, headless) against a real
// `steward serve`:
//   - an agent raises a normal change, assesses it and asks for
//     authorisation; the agent has no Authorise button, a change manager
//     has, and authorises it;
//   - the agent adds tasks, implements, is refused completion while tasks
//     are open (the refusal names them), finishes the tasks, completes with
//     a close code and closes the change;
//   - the standard change catalogue raises a pre-approved change in two
//     clicks;
//   - an end user sees nothing of changes.
// Screenshots go to tests/out/browser/ (30-… to 34-…); any console error,
// page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, text } from './harness.mjs';

const h = harness();

before(async () => {
  await h.start({
    users: [
      { login: 'agent1', role: 'agent', name: 'Alex Agent' },
      { login: 'cm1', role: 'manager', name: 'Carla Manager' },
      { login: 'eu1', role: 'end_user', name: 'Eve User' },
    ],
  });
  await h.call('POST', '/api/v1/groups', { name: 'Network', members: ['agent1'] });
  await h.call('POST', '/api/v1/change-templates', {
    name: 'Add a VLAN', description: 'A new VLAN on the access switches', implementation_plan: 'Add the VLAN on every access switch',
    backout_plan: 'Remove it', test_plan: 'Get a DHCP lease on it', risk: 'low',
  });
});
after(() => {
  assert.deepEqual(h.problems, [], 'no console errors, page errors or CSP violations');
  assert.deepEqual(h.unlabelled, [], 'every form field has a name');
  return h.stop();
});

const state = (page, want) => until(async () => (await text(page, '[data-state]')) === want, `state ${want}`);

let number;
test('an agent raises a normal change and asks for authorisation; only a change manager authorises it', async () => {
  const page = await h.as('agent1');
  await page.click('nav a:has-text("Changes")');
  await page.click('a:has-text("New change")');
  await page.selectOption('#c-type', 'normal');
  await page.fill('#c-title', 'Replace the core switch');
  await page.fill('#c-justification', 'The old switch is out of support');
  await page.fill('#c-start', '2031-03-01T22:00');
  await page.fill('#c-end', '2031-03-02T00:00');
  await page.fill('#c-implementation_plan', 'Swap the switch in rack 4');
  await page.fill('#c-backout_plan', 'Put the old switch back');
  await page.fill('#c-test_plan', 'Ping every VLAN gateway');
  await h.shot(page, '30-change-new');
  await page.click('button:has-text("Raise the change")');
  await page.waitForSelector('[data-number]:has-text("CHG")');
  number = await text(page, '[data-number]');
  assert.match(number, /^CHG\d{7}$/);
  assert.equal(await text(page, '[data-type]'), 'normal');
  assert.match(await page.textContent('[data-conflicts]'), /No conflicts/);
  await page.click('[data-action="assess"]');
  await state(page, 'assess');
  await page.click('[data-action="submit"]');
  await state(page, 'authorise');
  await page.waitForSelector('[data-awaiting]');
  assert.equal(await page.locator('[data-action="authorise"]').count(), 0, 'an agent cannot authorise');
  await h.shot(page, '31-change-awaiting-authorisation');

  const cm = await h.as('cm1');
  await cm.goto(`${h.base}/#/changes/${number}`);
  await cm.click('[data-action="authorise"]');
  await state(cm, 'scheduled');
  await cm.context().close();
  await page.context().close();
});

test('tasks gate the end of implementation; the change completes with a close code and closes', async () => {
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/changes/${number}`);
  for (const title of ['Drain traffic', 'Swap the switch']) {
    await page.fill('#task-title', title);
    await page.click('button:has-text("Add task")');
    await until(async () => (await page.locator('[data-task]').count()) > 0 && (await page.textContent('[data-tasks]')).includes(title), title);
  }
  await page.click('[data-action="implement"]');
  await state(page, 'implement');
  assert.notEqual(await text(page, '[data-actual]'), '— – —', 'the actual start is stamped');
  h.expectLoad(409, `/api/v1/changes/${number}/complete`);
  await page.click('[data-action="complete"]');
  await page.fill('#x-notes', 'Swapped; all VLANs answer');
  await page.click('form[aria-label="Complete the change"] button[type=submit]');
  await page.waitForSelector('[role=alert]:has-text("open task")');
  await h.shot(page, '32-change-open-tasks');
  assert.equal(await text(page, '[data-state]'), 'implement');
  for (let i = 0; i < 2; i++) {
    await page.locator('[data-task] [data-task-action="complete"]').first().click();
    await until(async () => (await page.locator('[data-task-state]:has-text("done")').count()) === i + 1, `task ${i + 1} done`);
  }
  // the refused form stays open, as it was filled in
  assert.equal(await page.inputValue('#x-notes'), 'Swapped; all VLANs answer');
  await page.click('form[aria-label="Complete the change"] button[type=submit]');
  await state(page, 'review');
  assert.equal(await text(page, '[data-close-code]'), 'successful');
  await page.click('[data-action="close"]');
  await state(page, 'closed');
  await h.shot(page, '33-change-closed');
  await page.context().close();
});

test('the standard change catalogue raises a pre-approved change in two clicks', async () => {
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/changes`);
  await page.click('a:has-text("Standard changes")');
  await page.waitForSelector('[data-template="Add a VLAN"]');
  await h.shot(page, '34-change-catalogue');
  await page.click('[data-template="Add a VLAN"] a:has-text("Raise")');
  await page.click('button:has-text("Raise the change")');
  await page.waitForSelector('[data-type]:has-text("standard")');
  assert.match(await page.textContent('h2'), /Add a VLAN/);
  assert.equal(await text(page, '[data-field="implementation_plan"]'), 'Add the VLAN on every access switch');
  assert.deepEqual(await page.locator('[data-actions] [data-action]').evaluateAll((b) => b.map((x) => x.dataset.action)), ['schedule', 'cancel']);
  await page.context().close();
});

test('an end user sees nothing of changes', async () => {
  const page = await h.as('eu1');
  assert.equal(await page.locator('nav a:has-text("Changes")').count(), 0);
  await page.goto(`${h.base}/#/changes`);
  await page.waitForSelector('text=There is no such page.');
  await page.context().close();
});
