// Continual service improvement in a real browser (Debian's Chromium,
// headless) against a real `steward serve`:
//   - an end user answers the survey on their resolved incident;
//   - the survey page an email links to works with JavaScript off: one
//     click records the rating, the comment form posts without a script;
//   - an end user suggests an improvement from the portal;
//   - an agent fills in the plan (the seven steps, a KPI), a manager
//     approves, the KPI shows baseline -> current -> target;
//   - a manager reads the CSAT report.
// Screenshots go to tests/out/browser/ (90-… to 96-…); any console error,
// page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, text } from './harness.mjs';
import { sqlOn } from '../api/lib.mjs';

const h = harness();
let mine, emailed;

async function resolvedFor(requester, title) {
  const n = (await h.call('POST', '/api/v1/incidents', { title, requester, assignment_group: 'Desk', assignee: 'agent1' }, 'agent1')).number;
  await h.call('POST', `/api/v1/incidents/${n}/resolve`, { resolution_code: 'fixed', resolution_notes: 'Replaced the toner' }, 'agent1');
  return n;
}

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }, { login: 'boss', role: 'manager', name: 'Maria Manager' },
    { login: 'eu1', role: 'end_user', name: 'Erin User' }, { login: 'eu2', role: 'end_user', name: 'Eli User' }],
  // mail is queued (only the email carries a survey's links) and goes nowhere
  settings: { STEWARD_SMTP_URL: 'smtp://127.0.0.1:9', STEWARD_SMTP_TLS: 'no' } });
  await h.call('POST', '/api/v1/groups', { name: 'Desk', members: ['agent1'], manager: 'boss' });
  mine = await resolvedFor('eu1', 'Printer prints blank pages');
  emailed = await resolvedFor('eu2', 'Laptop will not charge');
});
after(() => {
  assert.deepEqual(h.problems, [], 'no console errors, page errors or CSP violations');
  assert.deepEqual(h.unlabelled, [], 'every form field has a name');
  return h.stop();
});

test('the requester answers the survey on their resolved incident', async () => {
  const page = await h.as('eu1');
  await page.goto(`${h.base}/#/incidents/${mine}`);
  await page.waitForSelector('[data-survey]');
  await h.shot(page, '90-survey-portal');
  await page.check('input[name="rating"][value="4"]');
  await page.fill('#survey-comment', 'Quick and friendly');
  await page.click('button:has-text("Send feedback")');
  await page.waitForSelector('[data-survey][data-answered]');
  assert.equal(await text(page, '[data-rating]'), '4 of 5');
  const v = await h.call('GET', `/api/v1/surveys/${mine}`, undefined, 'eu1');
  assert.equal(v.rating, 4);
  assert.equal(v.comment, 'Quick and friendly');
  assert.equal(v.channel, 'portal');
});

test('the page an email links to works without JavaScript: opening it records nothing, one click rates, the comment form posts', async () => {
  const body = sqlOn(h.s, `SELECT n.body FROM notifications n JOIN tickets t ON t.id = n.ticket_id WHERE t.number = '${emailed}' AND n.event = 'survey' AND n.channel = 'email'`);
  const link = body.match(/(\/survey\/[A-Z]+\d+\/al_[A-Za-z0-9_-]{43})/)[1];
  const context = await h.browser.newContext({ javaScriptEnabled: false, viewport: { width: 800, height: 700 } });
  const page = await context.newPage();
  // the used link's 409 is the test's own doing
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 409')) h.problems.push(`no-js: ${m.text()}`); });
  // the email's "2" link: a page asking for the click, nothing recorded yet
  await page.goto(`${h.base}${link}?rating=2`);
  assert.match(await text(page, 'h1'), /How did we do/);
  await h.shot(page, '91-survey-email-choice');
  assert.equal((await h.call('GET', `/api/v1/surveys/${emailed}`, undefined, 'eu2')).rating, null);
  await page.click('button.survey-send');
  await page.waitForSelector('.survey-recorded');
  assert.match(await text(page, '.survey-recorded'), new RegExp(`Your rating of 2 for ${emailed}`));
  await h.shot(page, '92-survey-email-rated');
  await page.fill('#comment', 'It took a week');
  await page.click('button:has-text("Send comment")');
  await page.waitForSelector('.survey-recorded');
  assert.match(await text(page, '.survey-recorded'), /Your comment on/);
  const v = await h.call('GET', `/api/v1/surveys/${emailed}`, undefined, 'eu2');
  assert.equal(v.rating, 2);
  assert.equal(v.comment, 'It took a week');
  // the same link again: a clear page, nothing recorded
  await page.goto(`${h.base}${link}?rating=5`);
  assert.match(await text(page, 'h1'), /already been used/);
  await h.shot(page, '93-survey-email-used');
  assert.equal((await h.call('GET', `/api/v1/surveys/${emailed}`, undefined, 'eu2')).rating, 2);
  await context.close();
});

let idea;
test('an end user suggests an improvement from the portal', async () => {
  const page = await h.as('eu1');
  await page.click('nav a:has-text("Improvements")');
  await page.click('a:has-text("Suggest an improvement")');
  await page.fill('#i-title', 'Self-service password reset');
  await page.fill('#i-description', 'I call the desk every month for a reset.');
  await page.click('button:has-text("Suggest it")');
  await page.waitForSelector('[data-state]');
  assert.equal(await text(page, '[data-state]'), 'idea');
  idea = (await page.textContent('h2')).match(/IMP\d{7}/)[0];
  await h.shot(page, '94-improvement-suggested');
});

test('an agent writes the plan with the seven steps and a KPI; a manager approves', async () => {
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/improvements`);
  await page.waitForSelector(`[data-improvements] [data-number="${idea}"]`);
  await page.click(`a:has-text("${idea}")`);
  await page.click('[data-edit-plan]');
  await page.fill('#p-benefits', 'Hundreds fewer calls a month');
  await page.fill('#p-vision', 'Nobody waits for a password reset');
  await page.fill('#p-current_state', '400 reset calls a month');
  await page.fill('#p-target_state', 'Under 50');
  await page.click('button:has-text("Add a KPI")');
  await page.fill('#p-kpi-0', 'change_lead_time');
  await page.fill('#p-kpi-target-0', '50');
  await page.click('button:has-text("Save the plan")');
  await page.waitForSelector('[data-kpi="change_lead_time"]');
  assert.equal(await text(page, '[data-kpi="change_lead_time"] [data-target]'), '50');
  assert.equal(await text(page, '[data-kpi="change_lead_time"] [data-current]'), 'not available', 'no change yet: nothing to measure');
  assert.ok(!(await page.$('[data-action="approve"]')), 'agents are not offered approval');
  const boss = await h.as('boss');
  await boss.goto(`${h.base}/#/improvements/${idea}`);
  await boss.click('[data-action="approve"]');
  await until(async () => (await text(boss, '[data-state]')) === 'approved', 'approved');
  await h.shot(boss, '95-improvement-approved');
  const plan = await h.call('GET', `/api/v1/improvements/${idea}/plan`);
  assert.equal(plan.vision, 'Nobody waits for a password reset');
  assert.equal(plan.kpis[0].baseline, null);
});

test('a manager reads the CSAT report', async () => {
  const page = await h.as('boss');
  await page.click('nav a:has-text("CSAT")');
  await page.waitForSelector('[data-csat-report] tfoot [data-row="Total"]');
  assert.equal(await text(page, '[data-row="Total"] [data-response]'), '100%');
  assert.equal(await text(page, '[data-row="Total"] [data-csat]'), '50%');
  await page.waitForSelector('[data-csat-comments] [data-comment-of]');
  await h.shot(page, '96-csat-report');
});

test('the survey panel on a request: the requester answers from the portal, the desk sees the answer', async () => {
  await h.call('POST', '/api/v1/catalog-items', { name: 'Mouse', category: 'hardware', short_description: 'A mouse' });
  const req = await h.call('POST', '/api/v1/catalog-items/Mouse/order', { variables: {} }, 'eu1');
  await h.call('POST', `/api/v1/requests/${req.number}/fulfil`, {}, 'agent1');
  // the desk sees that the survey went out and waits
  const desk = await h.as('agent1');
  await desk.goto(`${h.base}/#/requests/${req.number}`);
  await desk.waitForSelector('[data-survey][data-desk] [data-awaited]');
  assert.match(await text(desk, '[data-awaited]'), /not answered yet/);
  // the requester answers on the portal's request page
  const page = await h.as('eu1');
  await page.goto(`${h.base}/#/requests/${req.number}`);
  await page.waitForSelector('form[data-survey]');
  await page.check('input[name="rating"][value="5"]');
  await page.fill('#survey-comment', 'Arrived the same day');
  await page.click('button:has-text("Send feedback")');
  await page.waitForSelector('[data-survey][data-answered]');
  assert.equal(await text(page, '[data-rating]'), '5 of 5');
  await h.shot(page, '97-survey-request-portal');
  const v = await h.call('GET', `/api/v1/surveys/${req.number}`, undefined, 'agent1');
  assert.deepEqual([v.kind, v.rating, v.comment, v.channel], ['request', 5, 'Arrived the same day', 'portal']);
  // and the desk sees the rating, the comment and when
  await desk.reload();
  await desk.waitForSelector('[data-survey][data-desk][data-answered]');
  assert.equal(await text(desk, '[data-survey] [data-rating]'), '5 of 5');
  assert.equal(await text(desk, '[data-survey-comment]'), 'Arrived the same day');
  assert.match(await text(desk, '[data-answered-at]'), /portal/);
  await h.shot(desk, '98-survey-request-desk');
});
