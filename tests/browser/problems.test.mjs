// Problems in a real browser (Debian's Chromium, headless) against a real
// `steward serve`:
//   - an agent raises a problem from an incident, and the incident page
//     names it;
//   - the problem queue filters by state, priority and assignee, searches,
//     and opens a problem with the keyboard;
//   - on the problem page the agent records the root cause analysis, takes
//     the problem through its lifecycle, links incidents, publishes the
//     workaround to them, declares it major, resolves it (a refusal naming
//     the open incidents first), writes the review and closes it;
//   - two agents edit one problem at once: the stale save shows the other's
//     change instead of overwriting it;
//   - the candidates view raises a problem from a group in one click;
//   - an admin keeps the cause categories;
//   - an end user's portal shows nothing of problems, and the API refuses
//     them /api/v1/problems (403).
// Screenshots go to tests/out/browser/ (20-… to 27-…); any console error,
// page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../api/lib.mjs';
import { harness, until, text } from './harness.mjs';

const h = harness();
const rows = (page, sel = '[data-list] tbody tr') => page.locator(sel).allTextContents();
const numbers = async (page) => (await rows(page)).map((r) => r.match(/PRB\d{7}/)[0]);
const settled = (page) => until(async () => (await page.locator('main [aria-busy]').count()) === 0, 'the list to load');

before(async () => {
  await h.start({
    users: [
      { login: 'agent1', role: 'agent', name: 'Alex Agent' },
      { login: 'agent2', role: 'agent', name: 'Bo Agent' },
      { login: 'eu1', role: 'end_user', name: 'Eve User' },
    ],
  });
  await h.call('POST', '/api/v1/groups', { name: 'Service desk', members: ['agent1', 'agent2'] });
});
after(() => h.stop());

const incident = (title, extra = {}) => h.call('POST', '/api/v1/incidents', { title, impact: 2, urgency: 2, ...extra }, 'eu1');

let raised;
test('an agent raises a problem from an incident, and the incident names it', async () => {
  const inc = await incident('Scanner on floor 2 offline');
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/incidents/${inc.number}`);
  await page.click('[data-raise-problem]');
  await page.waitForSelector('[data-number]:has-text("PRB")');
  raised = await text(page, '[data-number]');
  assert.match(raised, /^PRB\d{7}$/);
  assert.match(await page.textContent('h2'), /Scanner on floor 2 offline/);
  assert.equal(await text(page, '[data-incident-count]'), '1');
  assert.match(await page.textContent('[data-incident-list]'), new RegExp(inc.number));
  await page.click(`[data-incident-list] a:has-text("${inc.number}")`);
  await page.waitForSelector('[data-problem]');
  assert.equal(await text(page, '[data-problem]'), raised);
  await h.shot(page, '20-incident-with-problem');
  await page.click('[data-problem]');
  await page.waitForSelector(`[data-number]:has-text("${raised}")`);
  await page.context().close();
});

test('the problem queue filters, searches and opens a problem with the keyboard', async () => {
  const mail = await h.call('POST', '/api/v1/problems', { title: 'Mail queue stalls every night', impact: 1, urgency: 2, assignment_group: 'Service desk', assignee: 'agent1' }, 'agent1');
  const disk = await h.call('POST', '/api/v1/problems', { title: 'Log disk fills on app servers', impact: 3, urgency: 3, root_cause: 'log rotation disabled', workaround: 'delete old logs' }, 'agent2');
  await h.call('POST', `/api/v1/problems/${disk.number}/mark_known_error`, {}, 'agent2');
  await h.call('POST', '/api/v1/problems', { title: 'Badge readers reboot at random', impact: 2, urgency: 2 }, 'agent2');
  const page = await h.as('agent1');
  await page.click('header >> text=Problems');
  await page.waitForSelector('[data-list]');
  await settled(page);
  const open = (await api(h.s, 'GET', '/api/v1/problems?open=true&limit=200', { token: h.s.token('agent1') })).json.items.map((p) => p.number);
  assert.deepEqual((await numbers(page)).sort(), open.sort());
  assert.equal(open.length, 4);
  await h.shot(page, '21-problem-queue');
  // state, priority and assignee filters, each in the address
  await page.selectOption('[aria-label=State]', 'known_error');
  await until(async () => JSON.stringify(await numbers(page)) === JSON.stringify([disk.number]), 'the state filter');
  await page.selectOption('[aria-label=State]', '');
  await page.selectOption('[aria-label=Priority]', '2');
  await until(async () => JSON.stringify(await numbers(page)) === JSON.stringify([mail.number]), 'the priority filter');
  assert.match(page.url(), /priority=2/);
  await page.selectOption('[aria-label=Priority]', '');
  await page.selectOption('[aria-label=Assignee]', 'agent1');
  await until(async () => JSON.stringify(await numbers(page)) === JSON.stringify([mail.number]), 'the assignee filter');
  await page.selectOption('[aria-label=Assignee]', 'none');
  await until(async () => !(await numbers(page)).includes(mail.number) && (await numbers(page)).length === 3, 'the unassigned filter');
  await page.selectOption('[aria-label=Assignee]', '');
  // the queues: known errors
  await page.click('[data-queue=known]');
  await until(async () => JSON.stringify(await numbers(page)) === JSON.stringify([disk.number]), 'the known errors queue');
  await page.click('[data-queue=open]');
  // "/" searches; j and Enter open
  await until(async () => (await numbers(page)).length === 4, 'the open queue');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'problem-search');
  await page.keyboard.type('badge');
  await page.keyboard.press('Enter');
  await until(async () => (await rows(page)).length === 1 && (await rows(page))[0].includes('Badge readers'), 'the text search');
  await h.shot(page, '22-problem-queue-search');
  await page.locator('#problem-search').blur();
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-number]');
  assert.match(await page.textContent('h2'), /Badge readers reboot at random/);
  await page.context().close();
});

test('the problem page: root cause analysis, lifecycle, incidents, workaround, major review', async () => {
  const a = await incident('VPN drops every few minutes');
  const b = await incident('VPN drops again after lunch');
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/problems/new`);
  await page.fill('#p-title', 'VPN concentrator drops sessions');
  await page.fill('#p-symptoms', 'Tunnels drop every five minutes.');
  await page.selectOption('#p-assignment_group', 'Service desk');
  await page.selectOption('#p-assignee', 'agent1');
  await page.click('text=Raise the problem');
  await page.waitForSelector('[data-number]');
  const number = await text(page, '[data-number]');
  assert.equal(await text(page, '[data-state]'), 'new');
  assert.equal(await text(page, '[data-field=symptoms]'), 'Tunnels drop every five minutes.');
  // link the incidents
  await page.fill('[aria-label="Incident numbers"]', `${a.number}, ${b.number}`);
  await page.click('text=Link incidents');
  await page.waitForSelector(`[data-incident-list] >> text=${b.number}`);
  await until(async () => (await text(page, '[data-incident-count]')) === '2', 'the incident count');
  // the lifecycle: what each state needs is asked for by the server
  await page.click('[data-action=investigate]');
  await page.waitForSelector('[data-state]:has-text("under investigation")');
  await page.click('text=Edit');
  await page.fill('#p-root_cause', 'IKE rekey every 300 s drops UDP clients.');
  await page.selectOption('#p-cause_category', 'software_defect');
  await page.fill('#p-workaround', 'Use the TCP 443 profile.');
  await page.click('text=Save changes');
  await page.waitForSelector('form.edit', { state: 'detached' });
  assert.equal(await text(page, '[data-field=cause_category]'), 'Software defect', 'the form closes on the saved problem');
  await page.click('[data-action=identify_root_cause]');
  await page.waitForSelector('[data-state]:has-text("root cause known")');
  await page.click('[data-action=mark_known_error]');
  await page.waitForSelector('[data-state]:has-text("known error")');
  // publishing the workaround leaves a work note on each open incident
  await page.click('text=Publish workaround');
  await page.waitForSelector('[data-published]:has-text("Published")');
  const notes = (await api(h.s, 'GET', `/api/v1/incidents/${a.number}/comments`, { token: h.s.token('agent1') })).json.items;
  assert.ok(notes.some((c) => c.internal && c.body.includes('Use the TCP 443 profile.')), JSON.stringify(notes));
  await page.fill('#comment', 'Vendor case 44120 opened.');
  await page.check('text=Internal work note');
  await page.click('text=Add work note');
  await page.waitForSelector('.comment.internal >> text=Vendor case 44120 opened.');
  await h.shot(page, '23-problem-known-error');
  // major, then resolved: first refused while its incidents are open
  await page.click('text=Declare major');
  await page.fill('#p-major', 'All remote staff affected');
  await page.click('text=Declare major problem');
  await page.waitForSelector('[data-major]');
  await page.click('[data-action=resolve]');
  await page.selectOption('#p-code', 'permanent_fix');
  await page.fill('#p-notes', 'Firmware 9.1.3 installed.');
  await page.uncheck('[data-resolve-incidents]');
  h.expectLoad(409, `/api/v1/problems/${number}/resolve`);
  await page.click('form[aria-label="Resolve the problem"] >> button[type=submit]');
  await page.waitForSelector('main [role=alert]');
  const refusal = await page.textContent('main [role=alert]');
  assert.ok(refusal.includes(a.number) && refusal.includes(b.number), refusal);
  assert.equal(await text(page, '[data-state]'), 'known error', 'the refusal changed nothing');
  await page.check('[data-resolve-incidents]');
  await page.click('form[aria-label="Resolve the problem"] >> button[type=submit]');
  await page.waitForSelector('[data-state]:has-text("resolved")');
  assert.match(await page.textContent('[data-resolution]'), /permanent fix/);
  await until(async () => (await rows(page, '[data-incident-list] tbody tr')).every((r) => r.includes('resolved')), 'the incidents to be resolved');
  const inc = (await api(h.s, 'GET', `/api/v1/incidents/${b.number}`, { token: h.s.token('agent1') })).json;
  assert.equal(inc.resolution_code, 'problem_resolved');
  // a major problem closes only with its review
  h.expectLoad(422, `/api/v1/problems/${number}/close`);
  await page.click('[data-action=close]');
  await page.waitForSelector('main [role=alert]:has-text("review_went_well")');
  assert.equal(await text(page, '[data-state]'), 'resolved');
  await page.click('text=Write the review');
  await page.fill('#p-review_went_well', 'The workaround reached every incident at once.');
  await page.fill('#p-review_went_wrong', 'The firmware notice was missed.');
  await page.fill('#p-review_actions', 'Subscribe the network team to vendor notices.');
  await page.click('[data-review] >> text=Save changes');
  await page.waitForSelector('[data-field=review_actions]:has-text("Subscribe")');
  await page.click('[data-action=close]');
  await page.waitForSelector('[data-state]:has-text("closed")');
  await h.shot(page, '24-problem-closed-major');
  const history = (await api(h.s, 'GET', `/api/v1/problems/${number}/history`, { token: h.s.token('agent1') })).json.items;
  assert.ok(history.some((e) => e.changes && e.changes.root_cause), 'the root cause is in the history');
  await until(async () => (await page.locator('[data-event=transition]').count()) === 5, 'the five transitions in the timeline');
  await page.context().close();
});

test('a stale save on a problem shows what someone else changed instead of overwriting it', async () => {
  const p = await h.call('POST', '/api/v1/problems', { title: 'Printers lose their queue' }, 'agent1');
  const one = await h.as('agent1');
  const two = await h.as('agent2');
  for (const page of [one, two]) {
    await page.goto(`${h.base}/#/problems/${p.number}`);
    await page.waitForSelector('[data-number]');
    await page.click('text=Edit');
  }
  await two.fill('#p-title', 'Printers lose their queue after a reboot');
  await two.click('text=Save changes');
  await two.waitForSelector('h2:has-text("after a reboot")');
  await one.fill('#p-root_cause', 'The spooler starts before the network.');
  h.expectLoad(412, `/api/v1/problems/${p.number}`);
  await one.click('text=Save changes');
  await one.waitForSelector('[data-conflict]');
  assert.match(await one.textContent('[data-conflict]'), /title: Printers lose their queue → Printers lose their queue after a reboot/);
  await h.shot(one, '25-problem-edit-conflict');
  await one.click('text=Apply my changes on top');
  await one.waitForSelector('form.edit', { state: 'detached' });
  const now = (await api(h.s, 'GET', `/api/v1/problems/${p.number}`, { token: h.s.token('agent1') })).json;
  assert.equal(now.title, 'Printers lose their queue after a reboot', 'the other agent\'s title was overwritten');
  assert.equal(now.root_cause, 'The spooler starts before the network.');
  await one.context().close();
  await two.context().close();
});

test('the candidates view raises a problem from a group of incidents in one click', async () => {
  const made = [];
  for (const n of [10, 11, 12]) made.push((await incident(`Printer ${n} jammed!`)).number);
  const page = await h.as('agent2');
  await page.click('header >> text=Problems');
  await page.click('text=Candidates');
  await page.waitForSelector('[data-candidates]');
  const row = page.locator('[data-candidate=title]', { hasText: 'printer jammed' });
  assert.equal(await row.count(), 1, await page.textContent('main'));
  for (const n of made) assert.match(await row.textContent(), new RegExp(n));
  await h.shot(page, '26-problem-candidates');
  await row.locator('button').click();
  await page.waitForSelector('[data-number]');
  assert.match(await page.textContent('h2'), /Recurring: printer jammed/);
  assert.equal(await text(page, '[data-incident-count]'), '3');
  const problem = await text(page, '[data-number]');
  for (const n of made) assert.equal((await api(h.s, 'GET', `/api/v1/incidents/${n}`, { token: h.s.token('agent2') })).json.problem, problem);
  // linked incidents are no candidates any more
  await page.goto(`${h.base}/#/problems/candidates?window=30d&min=2`);
  await page.waitForSelector('[data-candidates], [data-empty]');
  assert.equal(await page.locator('[data-candidate=title]', { hasText: 'printer jammed' }).count(), 0);
  await page.context().close();
});

test('an admin keeps the cause categories', async () => {
  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin/cause-categories`);
  await page.waitForSelector('[data-admin-list=cause-categories]');
  assert.match(await page.textContent('[data-admin-list=cause-categories]'), /Software defect/);
  await page.click('a.button:has-text("New")');
  await page.waitForSelector('#f-name');
  await page.fill('#f-name', 'security');
  await page.fill('#f-label', 'Security incident');
  await page.fill('#f-position', '7');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-admin-list=cause-categories] >> text=Security incident');
  await h.shot(page, '27-admin-cause-categories');
  await page.context().close();
  const agent = await h.as('agent1');
  await agent.goto(`${h.base}/#/problems/${raised}`);
  await agent.click('text=Edit');
  await agent.selectOption('#p-cause_category', 'security');
  await agent.click('text=Save changes');
  await agent.waitForSelector('[data-field=cause_category]:has-text("Security incident")');
  await agent.context().close();
});

test('an end user\'s portal shows nothing of problems, and the API refuses them', async () => {
  const inc = await incident('Monitor flickers');
  await h.call('POST', '/api/v1/problems', { title: 'Docking stations flicker', incidents: [inc.number] }, 'agent1');
  const page = await h.as('eu1');
  const nav = await page.locator('header nav a').allTextContents();
  assert.deepEqual(nav.map((s) => s.trim()), ['My requests', 'Catalogue', 'Service requests', 'Approvals', 'Knowledge', 'Improvements'], `the portal offers ${nav}`);
  assert.equal(await page.locator('text=Problems').count(), 0);
  // their incident, linked to a problem, says nothing of it
  await page.click(`text=${inc.number}`);
  await page.waitForSelector('[data-number]');
  assert.equal(await page.locator('[data-incident-problem], [data-raise-problem]').count(), 0);
  assert.doesNotMatch(await page.textContent('main'), /PRB\d{7}|problem/i);
  // the problem pages are no pages for them, and ask the API nothing
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/problems')) asked.push(r.url()); });
  for (const hash of ['#/problems', `#/problems/${raised}`, '#/problems/candidates']) {
    await page.goto(`${h.base}/${hash}`);
    await page.waitForSelector('text=There is no such page');
  }
  assert.deepEqual(asked, []);
  // and the API answers 403 to their session
  h.expectLoad(403, '/api/v1/problems');
  const status = await page.evaluate(() => fetch('/api/v1/problems', { credentials: 'same-origin' }).then((r) => r.status));
  assert.equal(status, 403);
  await h.shot(page, '28-portal-no-problems');
  await page.context().close();
});

test('no console errors and no CSP violations', () => {
  assert.deepEqual(h.problems, []);
});

test('every form field on every page has an accessible name', () => {
  assert.deepEqual(h.unlabelled, []);
});
