// Approvals in a real browser (Debian's Chromium, headless) against a real
// `steward serve`:
//   - an agent asks for approval on an incident from its page (two
//     approvers, all must approve);
//   - an approver approves from the inbox in one click, the other rejects
//     with a comment (the refusal without one shows the server's reason);
//     the incident's approvals panel shows each decision;
//   - a delegation is set from the inbox and the delegate decides on the
//     approver's behalf;
//   - an admin keeps approval policies on the admin page, and a problem's
//     page asks with the matching policy.
// Screenshots go to tests/out/browser/ (40-… to 45-…); any console error,
// page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, text } from './harness.mjs';

const h = harness();

before(async () => {
  await h.start({
    users: [
      { login: 'agent1', role: 'agent', name: 'Alex Agent' },
      { login: 'ann', role: 'agent', name: 'Ann Approver' },
      { login: 'ben', role: 'agent', name: 'Ben Approver' },
      { login: 'eu1', role: 'end_user', name: 'Eve User' },
    ],
  });
  // nobody has a delegation at first: its GET answers 404 (docs/approvals.md)
  h.expectLoad(404, '/api/v1/me/delegation');
  h.expectLoad(422, '/api/v1/approvals/1/reject');
  h.expectLoad(422, '/api/v1/approvals/2/reject');
});
after(() => h.stop());

let number;
test('an agent asks for approval from the incident page', async () => {
  number = (await h.call('POST', '/api/v1/incidents', { title: 'New laptop for the finance lead', impact: 3, urgency: 3 }, 'eu1')).number;
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/incidents/${number}`);
  await page.click('[data-approvals] [data-ask]');
  await page.fill('#ap-users', 'ann, ben');
  await page.selectOption('#ap-rule', 'all');
  await h.shot(page, '40-ask-for-approval');
  await page.click('form[aria-label="Ask for approval"] button[type=submit]');
  await page.waitForSelector('[data-request][data-state="pending"]');
  assert.equal(await page.locator('[data-approver="ann"][data-approval-state="pending"]').count(), 1);
  assert.equal(await page.locator('[data-approver="ben"][data-approval-state="pending"]').count(), 1);
  await page.context().close();
});

test('approvers decide from their inbox: approve in one click, reject with a comment', async () => {
  const ann = await h.as('ann');
  await ann.click('a[href="#/approvals"]');
  await ann.waitForSelector('[data-inbox] [data-approval]');
  assert.match(await ann.textContent('[data-inbox]'), new RegExp(number));
  assert.match(await ann.textContent('[data-inbox]'), /New laptop for the finance lead/);
  await h.shot(ann, '41-approvals-inbox');
  await ann.click('[data-inbox] [data-approve]');
  await ann.waitForSelector('[data-decided]');
  await ann.waitForSelector('[data-empty]');
  await ann.context().close();

  const ben = await h.as('ben');
  await ben.goto(`${h.base}/#/approvals`);
  await ben.waitForSelector('[data-inbox] [data-reject]');
  await ben.click('[data-inbox] [data-reject]');
  await ben.waitForSelector('[data-inbox] .error');
  assert.match(await ben.textContent('[data-inbox] .error'), /comment: is required to reject/);
  await ben.fill('[data-inbox] textarea', 'Wait for the new budget year');
  await ben.click('[data-inbox] [data-reject]');
  await ben.waitForSelector('[data-decided]');
  await ben.goto(`${h.base}/#/incidents/${number}`);
  await ben.waitForSelector('[data-request][data-state="rejected"]');
  assert.equal(await ben.locator('[data-approver="ann"][data-approval-state="approved"]').count(), 1);
  assert.equal(await ben.locator('[data-approver="ben"][data-approval-state="rejected"]').count(), 1);
  assert.match(await ben.textContent('[data-approvals]'), /Wait for the new budget year/);
  await h.shot(ben, '42-incident-approvals-panel');
  await ben.context().close();
});

test('a delegate decides for an approver who is away', async () => {
  const n = (await h.call('POST', '/api/v1/incidents', { title: 'Access to the payroll share', impact: 3, urgency: 3 }, 'eu1')).number;
  await h.call('POST', `/api/v1/incidents/${n}/approvals`, { users: ['ann'], rule: 'any' }, 'agent1');
  const ann = await h.as('ann');
  await ann.goto(`${h.base}/#/approvals`);
  await ann.waitForSelector('[data-delegation] form');
  await ann.fill('#d-who', 'ben');
  await ann.fill('#d-until', new Date(Date.now() + 7 * 86400e3).toISOString().slice(0, 10));
  await ann.click('[data-delegation] button[type=submit]');
  await ann.waitForSelector('[data-delegate]');
  assert.match(await text(ann, '[data-delegate]'), /^ben decides your approvals/);
  await h.shot(ann, '43-delegation');
  await ann.context().close();

  const ben = await h.as('ben');
  await ben.goto(`${h.base}/#/approvals`);
  await ben.waitForSelector('[data-on-behalf]');
  assert.match(await text(ben, '[data-on-behalf]'), /for ann/);
  await ben.fill('[data-inbox] textarea', 'Covering for Ann');
  await ben.click('[data-inbox] [data-approve]');
  await ben.waitForSelector('[data-decided]');
  await ben.goto(`${h.base}/#/incidents/${n}`);
  await ben.waitForSelector('[data-request][data-state="approved"]');
  assert.match(await ben.textContent('[data-approver="ann"]'), /by ben/);
  await ben.context().close();
});

test('an admin keeps approval policies; a problem asks with the matching one', async () => {
  const admin = await h.as('admin');
  await admin.goto(`${h.base}/#/admin/approval-policies`);
  await admin.waitForSelector('main h2');
  await h.call('POST', '/api/v1/approval-policies', {
    name: 'Problems need Ann', kind: 'problem', steps: [{ rule: 'any', users: ['ann'] }, { rule: 'all', users: ['ben'] }],
  });
  await admin.reload();
  await until(async () => (await admin.textContent('main')).includes('Problems need Ann'), 'the policy in the list');
  assert.match(await admin.textContent('main'), /any of ann; then all of ben/, 'its steps in words');
  await h.shot(admin, '44-admin-approval-policies');
  await admin.context().close();

  const p = (await h.call('POST', '/api/v1/problems', { title: 'Disk fills every night' }, 'agent1')).number;
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/problems/${p}`);
  await page.click('[data-approvals] [data-ask]');
  await page.click('text=Use the matching policy');
  await page.waitForSelector('[data-request][data-state="pending"]');
  assert.equal(await page.locator('[data-step="2"][data-step-state="waiting"]').count(), 1);
  assert.match(await page.textContent('[data-approvals]'), /policy Problems need Ann/);
  await h.shot(page, '45-problem-approvals');
  await page.context().close();
});

test('no console errors and no CSP violations', () => {
  assert.deepEqual(h.problems, []);
});

test('every form field on every page has an accessible name', () => {
  assert.deepEqual(h.unlabelled, []);
});
