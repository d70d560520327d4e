// The change schedule in a real browser (Debian's Chromium, headless)
// against a real `steward serve`:
//   - an admin keeps change windows on the admin pages, and creates one
//     through the form drawn from the OpenAPI document;
//   - an agent's change calendar shows a month with the days of a
//     month-end blackout and of a weekly maintenance window shaded, a week
//     with the events' times, filters by service, and subscribes to an
//     iCalendar feed whose address answers text/calendar; a busy day
//     shows its first few and "+N more", which opens the day's view;
//   - an end user has no calendar.
// Screenshots go to tests/out/browser/ (30-… to 34-…); any console error,
// page error or CSP violation fails the run.  The browser runs in UTC, so
// the times shown are UTC.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../api/lib.mjs';
import { harness, until, text } from './harness.mjs';

const h = harness();
let chg;

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }, { login: 'eu1', role: 'end_user', name: 'Eve User' }] });
  const email = await h.call('POST', '/api/v1/services', { name: 'Email', criticality: 2 });
  await h.call('POST', '/api/v1/services', { name: 'Payroll', criticality: 3 });
  await h.call('POST', '/api/v1/change-windows', { name: 'Month-end freeze', kind: 'blackout', timezone: 'Europe/London', start: '2027-01-31T18:00', duration: 360, recurrence: 'FREQ=MONTHLY;BYMONTHDAY=-1', description: 'Finance closes the books' });
  await h.call('POST', '/api/v1/change-windows', { name: 'Email maintenance', kind: 'maintenance', timezone: 'Europe/London', start: '2027-01-02T22:00', duration: 240, recurrence: 'FREQ=WEEKLY;BYDAY=SA', services: ['Email'] });
  chg = await h.call('POST', '/api/v1/changes', { title: 'Move the mail relay', type: 'normal', affected_services: [email.id], planned_start: '2027-03-10T14:00:00Z', planned_end: '2027-03-10T16:00:00Z' });
  // a busy day: more changes than a month's day shows
  for (let i = 0; i < 5; i++) {
    await h.call('POST', '/api/v1/changes', { title: `Patch node ${i + 1}`, type: 'standard', affected_services: [email.id],
      planned_start: `2027-03-17T${String(9 + i).padStart(2, '0')}:00:00Z`, planned_end: `2027-03-17T${String(9 + i).padStart(2, '0')}:30:00Z` });
  }
});
after(() => h.stop());

test('an admin keeps change windows on the admin pages', async () => {
  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin/change-windows`);
  await page.waitForSelector('[data-admin-list=change-windows]');
  const list = await page.textContent('[data-admin-list=change-windows]');
  assert.match(list, /Month-end freeze/);
  assert.match(list, /FREQ=WEEKLY;BYDAY=SA/);
  await page.click('a.button:has-text("New")');
  await page.waitForSelector('#f-name');
  await page.fill('#f-name', 'Network patch evening');
  await page.selectOption('#f-kind', 'maintenance');
  await page.fill('#f-start', '2027-01-05T19:00');
  await page.fill('#f-duration', '240');
  await page.fill('#f-recurrence', 'FREQ=MONTHLY;BYDAY=1TU');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-admin-list=change-windows] >> text=Network patch evening');
  await h.shot(page, '30-admin-change-windows');
  const w = await h.call('GET', '/api/v1/change-windows/Network%20patch%20evening');
  assert.equal(w.recurrence, 'FREQ=MONTHLY;BYDAY=1TU');
  assert.equal(w.kind, 'maintenance');
  await page.context().close();
});

const shaded = async (page, day) => (await page.getAttribute(`[data-day="${day}"]`, 'class')).split(' ');

test('an agent reads the change calendar by month and week, filters it, and subscribes to a feed', async () => {
  const page = await h.as('agent1');
  await page.click('header >> text=Calendar');
  await page.waitForSelector('[data-calendar=month]');
  await page.goto(`${h.base}/#/calendar?view=month&at=2027-03-01`);
  await until(async () => (await page.locator('[data-calendar=month] [data-day="2027-03-31"]').count()) === 1, 'March 2027');
  await until(async () => (await page.locator('[data-event]').count()) > 0, 'the events');
  assert.match(await text(page, '[data-calendar-title]'), /2027/);
  assert.ok((await shaded(page, '2027-03-31')).includes('blackout'), 'month-end is shaded as a blackout');
  assert.ok((await shaded(page, '2027-03-06')).includes('maintenance'), 'a Saturday is shaded as maintenance');
  assert.ok(!(await shaded(page, '2027-03-10')).includes('maintenance'), 'a Wednesday is not');
  assert.match(await page.textContent('[data-day="2027-03-31"]'), /17:00–23:00 Blackout: Month-end freeze/);
  // a change planned on Email: a link to its page, tentative until authorised
  assert.equal(await page.getAttribute('[data-day="2027-03-10"] .event.change a', 'href'), `#/changes/${chg.number}`);
  assert.match(await page.textContent('[data-day="2027-03-10"]'), /14:00–16:00 CHG\d{7}: Move the mail relay/);
  assert.ok((await page.getAttribute('[data-day="2027-03-10"] .event.change', 'class')).includes('tentative'));
  await h.shot(page, '31-change-calendar-month');

  // a busy day shows its first three and links to the rest: the day's view lists them all
  assert.equal(await page.locator('[data-day="2027-03-17"] [data-event]').count(), 3);
  assert.match(await page.textContent('[data-day="2027-03-17"]'), /09:00–09:30 CHG\d{7}: Patch node 1.*11:00–11:30 CHG\d{7}: Patch node 3/s);
  assert.equal((await text(page, '[data-more="2027-03-17"]')).trim(), '+2 more');
  await page.click('[data-more="2027-03-17"]');
  await page.waitForSelector('[data-calendar=day]');
  await until(async () => (await page.locator('[data-calendar=day] [data-event]').count()) === 5, 'the whole day');
  assert.match(await page.textContent('[data-calendar=day]'), /13:00–13:30 CHG\d{7}: Patch node 5/);
  assert.equal(await page.locator('[data-more]').count(), 0);
  assert.equal(await page.locator('[data-load-more]').count(), 0, 'one page holds the day');
  await h.shot(page, '34-change-calendar-day');

  // the week of the spring change: 22:00 GMT before it, 21:00 UTC after it
  await page.goto(`${h.base}/#/calendar?view=week&at=2027-03-22`);
  await page.waitForSelector('[data-calendar=week]');
  await until(async () => /Maintenance/.test(await page.textContent('[data-day="2027-03-27"]')), 'the week');
  assert.match(await page.textContent('[data-day="2027-03-27"]'), /22:00–… Maintenance: Email maintenance/);
  await page.click('[data-next]');
  await until(async () => (await page.locator('[data-day="2027-04-03"]').count()) === 1, 'the next week');
  await until(async () => /21:00–… Maintenance/.test(await page.textContent('[data-day="2027-04-03"]')), 'the next week\'s events');
  await h.shot(page, '32-change-calendar-week');

  // Payroll has no maintenance window: only the global blackout holds for it
  await page.goto(`${h.base}/#/calendar?view=month&at=2027-03-01`);
  await page.waitForSelector('[data-day="2027-03-06"]');
  await page.selectOption('[aria-label=Service]', 'Payroll');
  await until(async () => page.url().includes('service=Payroll'), 'the filter in the address');
  await until(async () => (await page.locator('[data-event]').count()) > 0 && !(await shaded(page, '2027-03-06')).includes('maintenance'), 'the filtered month');
  assert.ok((await shaded(page, '2027-03-31')).includes('blackout'));

  await page.click('[data-subscribe]');
  await page.waitForSelector('[data-feed-url]');
  const url = await page.inputValue('[data-feed-url]');
  assert.match(url, /\/api\/v1\/feeds\/stf_[A-Za-z0-9_-]+$/);
  const feed = await api(h.s, 'GET', new URL(url).pathname);
  assert.equal(feed.status, 200);
  assert.equal(feed.headers.get('content-type'), 'text/calendar; charset=utf-8');
  assert.match(feed.text, /SUMMARY:Blackout: Month-end freeze/);
  await h.shot(page, '33-change-calendar-subscribe');
  await page.context().close();
});

test('an end user has no calendar', async () => {
  const page = await h.as('eu1');
  assert.equal(await page.locator('header >> text=Calendar').count(), 0);
  await page.goto(`${h.base}/#/calendar`);
  await page.waitForSelector('text=There is no such page.');
  await page.context().close();
  assert.equal((await api(h.s, 'GET', '/api/v1/changes/calendar?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z', { token: h.s.token('eu1') })).status, 403);
});

test('nothing went wrong in the browser', () => {
  assert.deepEqual(h.problems, []);
});
