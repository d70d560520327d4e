// Change risk and releases in a real browser (Debian's Chromium, headless)
// against a real `steward serve`:
//   - a change's page explains its computed risk factor by factor; the
//     agent overrides the level with a reason and the panel says so;
//   - an admin changes a risk threshold on the settings page;
//   - an agent raises a release, adds the change, sees it is not ready,
//     is refused go, and goes with a reason; the change page names the
//     release.
// Screenshots go to tests/out/browser/ (70-… to 74-…); any console error,
// page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, text } from './harness.mjs';

const h = harness();
let change;

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }] });
  change = (await h.call('POST', '/api/v1/changes', {
    title: 'Upgrade the VPN gateway', type: 'normal', implementation_plan: 'Upgrade the standby, fail over, upgrade the primary',
    planned_start: '2031-03-01T22:00:00Z', planned_end: '2031-03-02T00:00:00Z',
  }, 'agent1')).number;
});
after(() => {
  assert.deepEqual(h.problems, [], 'no console errors, page errors or CSP violations');
  assert.deepEqual(h.unlabelled, [], 'every form field has a name');
  return h.stop();
});

test('the change page explains the computed risk; an override needs a reason and shows', async () => {
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/changes/${change}`);
  await page.waitForSelector('[data-risk-factors] [data-factor="no_backout_plan"]');
  // normal (7) + no back-out plan (10) + no test plan (10) = 27: medium
  assert.equal(await text(page, '[data-risk-score]'), '27');
  assert.equal(await text(page, '[data-risk-level]'), 'medium');
  assert.equal(await text(page, '[data-factor="no_backout_plan"] [data-points]'), '10');
  assert.equal(await text(page, '[data-factor="type"] [data-points]'), '7');
  await h.shot(page, '70-change-risk');

  h.expectLoad(422, `/api/v1/changes/${change}`);
  await page.click('[data-edit-button]');
  await page.selectOption('#e-risk', 'high');
  await page.click('button:has-text("Save")');
  await page.waitForSelector('[role="alert"], .error');
  assert.match(await page.textContent('main'), /risk_reason|required/);
  await page.fill('#e-risk-reason', 'The vendor has no rollback for this firmware');
  await page.click('button:has-text("Save")');
  await page.waitForSelector('[data-risk-override]');
  assert.match(await text(page, '[data-risk-override]'), /Overridden from medium: The vendor has no rollback/);
  assert.equal(await text(page, '[data-risk-level]'), 'high');
  assert.equal(await text(page, '[data-risk]'), 'high');
  await h.shot(page, '71-change-risk-override');
});

test('an admin changes a threshold on the risk settings page', async () => {
  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin`);
  await page.click('a:has-text("Change risk")');
  await page.waitForSelector('[data-risk-settings]');
  assert.equal(await page.inputValue('#r-threshold_high'), '40');
  h.expectLoad(422, '/api/v1/risk-settings');
  await page.fill('#r-threshold_high', '10');
  await page.click('button:has-text("Save")');
  await page.waitForSelector('[role="alert"], .error');
  assert.match(await page.textContent('main'), /thresholds must rise/);
  await page.fill('#r-threshold_high', '45');
  await page.click('button:has-text("Save")');
  await page.waitForSelector('[data-saved]');
  await h.shot(page, '72-risk-settings');
  assert.equal((await h.call('GET', '/api/v1/risk-settings')).threshold_high, 45);
});

test('an agent raises a release, groups the change, is refused go while not ready and goes with a reason', async () => {
  const page = await h.as('agent1');
  await page.click('nav a:has-text("Releases")');
  await page.click('a:has-text("New release")');
  await page.fill('#r-title', 'VPN 9.1');
  await page.fill('#r-version', '9.1.3');
  await page.selectOption('#r-type', 'minor');
  await page.fill('#r-start', '2031-03-01T22:00');
  await page.fill('#r-end', '2031-03-02T00:00');
  await page.fill('#r-notes', '# VPN 9.1\n\n- fixes the **IKE rekey** drops');
  await page.click('button:has-text("Raise the release")');
  await page.waitForSelector('[data-number]:has-text("RLS")');
  const number = await text(page, '[data-number]');
  assert.match(number, /^RLS\d{7}$/);
  assert.match(await page.innerHTML('[data-notes]'), /<strong>IKE rekey<\/strong>/);

  await page.fill('#add-changes', change);
  await page.click('button:has-text("Add")');
  await page.waitForSelector(`[data-release-changes] [data-change="${change}"]`);
  await until(async () => (await text(page, '[data-ready]')) === 'not ready', 'not ready');
  assert.match(await page.textContent('[data-readiness]'), /is not authorised/);
  await h.shot(page, '73-release-not-ready');

  await page.click('[data-action="build"]');
  await until(async () => (await text(page, '[data-state]')) === 'building', 'building');
  await page.click('[data-action="test"]');
  await until(async () => (await text(page, '[data-state]')) === 'testing', 'testing');
  h.expectLoad(409, `/api/v1/releases/${number}/go`);
  await page.click('[data-action="go"]');
  await page.waitForSelector('#x-reason');
  assert.match(await page.textContent('main'), /is not ready/);
  await page.fill('#x-reason', 'Security fix; the CAB agreed by phone');
  await page.click('form button:has-text("Go")');
  await until(async () => (await text(page, '[data-state]')) === 'deploying', 'deploying');
  assert.match(await text(page, '[data-decision]'), /go \(Security fix; the CAB agreed by phone\)/);
  await h.shot(page, '74-release-go');

  await page.goto(`${h.base}/#/changes/${change}`);
  await until(async () => (await text(page, '[data-release]')) === number, 'the change names its release');
});
