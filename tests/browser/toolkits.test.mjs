// The admin's Toolkits page in a real browser (Debian's Chromium,
// headless) against a real `steward serve` started with an empty
// configuration (--no-toolkit):
//   - the admin finds the page from Administration, runs a dry run of
//     itil-starter and sees what would be added before anything changes
//     (the API shows no templates yet);
//   - Apply applies that bundle, and the report says what was added;
//   - after a local edit, the dry run reports it "kept, changed locally";
//     ticking "overwrite" and running the dry run again shows it forced,
//     and Apply puts the toolkit's version back.
// Screenshots: tests/out/browser/60-… to 63-…; any console error, page
// error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, text } from './harness.mjs';

const h = harness();
before(async () => { await h.start({ settings: { STEWARD_TIMEZONE: 'Europe/Paris' } }); });
after(() => h.stop());

const templates = async () => (await h.call('GET', '/api/v1/templates')).items.map((t) => t.name).sort();

test('an admin previews itil-starter as a dry run, applies it, and keeps or overwrites a local change', async () => {
  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin`);
  await page.click('[data-admin-toolkits]');
  await page.waitForSelector('[data-toolkit-list]');
  assert.match(await page.textContent('[data-toolkit-list]'), /ITIL starter/);
  await page.click('[data-preview="itil-starter"]');
  await page.waitForSelector('[data-toolkit-report="dry-run"]');
  assert.match(await text(page, '[data-counts]'), /^\d+ added, \d+ updated, \d+ unchanged/); // updated: defaults nobody set (empty plans, survey settings)
  assert.ok(await page.locator('[data-toolkit-items] tr[data-key="itil-starter.incident-template.service-outage"][data-outcome="added"]').count());
  assert.deepEqual(await templates(), [], 'a dry run changes nothing');
  await h.shot(page, '60-toolkit-dry-run');

  await page.click('[data-apply]');
  await page.waitForSelector('[data-toolkit-report="applied"]');
  assert.match(await page.textContent('[data-toolkit-items] tr[data-key="itil-starter.incident-template.service-outage"]'), /added/);
  assert.deepEqual(await templates(), ['Cannot sign in', 'Degraded performance', 'Hardware fault', 'Service outage', 'Suspected security incident']);
  // the schema's own business-hours calendar (UTC) is not the starter's (the installation's zone): kept
  assert.equal(await page.getAttribute('[data-toolkit-items] tr[data-key="itil-starter.calendar.business-hours"]', 'data-outcome'), 'kept_exists');
  assert.equal((await h.call('GET', '/api/v1/calendars/Business%20hours')).timezone, 'UTC');
  await h.shot(page, '61-toolkit-applied');

  await h.call('PATCH', '/api/v1/templates/Service%20outage', { impact: 2 });
  await page.click('[data-preview="itil-starter"]');
  await page.waitForSelector('[data-toolkit-report="dry-run"]');
  const row = '[data-toolkit-items] tr[data-key="itil-starter.incident-template.service-outage"]';
  assert.equal(await page.getAttribute(row, 'data-outcome'), 'kept_changed_locally');
  assert.match(await page.textContent(row), /kept, changed locally/);
  await h.shot(page, '62-toolkit-kept-locally');
  await page.check(`${row} [data-force]`);
  await page.click('button:has-text("Dry run again")');
  await until(async () => (await page.getAttribute(row, 'data-outcome')) === 'updated', 'the forced dry run');
  assert.match(await page.textContent(row), /will be updated \(forced\)/);
  assert.equal((await h.call('GET', '/api/v1/templates/Service%20outage')).impact, 2, 'still a dry run');
  await page.click('[data-apply]');
  await page.waitForSelector('[data-toolkit-report="applied"]');
  assert.equal((await h.call('GET', '/api/v1/templates/Service%20outage')).impact, 1);
  await h.shot(page, '63-toolkit-forced');
  assert.deepEqual(h.problems, []);
  assert.deepEqual(h.unlabelled, []);
});
