// The outgoing webhooks' admin page in a real browser (Debian's Chromium,
// headless) against a real `steward serve`: an admin creates a webhook
// through the form drawn from the OpenAPI document — its events one per
// line, the secret typed into a password field, sealed by the server and
// never shown again (the list says only that there is one) — and pings
// one from its page, which lists its deliveries; an agent has no such
// page.  Screenshots 42-admin-webhooks and 43-webhook-deliveries; any
// console error, page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness } from './harness.mjs';

const h = harness();

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }],
    settings: { STEWARD_MAIL_KEY: 'cd'.repeat(32), STEWARD_WEBHOOK_INTERVAL: '1h' } });
  await h.call('POST', '/api/v1/webhooks', { name: 'chat-ops', url: 'http://127.0.0.1:9/chat', events: ['major'] });
});
after(() => h.stop());

test('an admin keeps webhooks on the admin pages; the secret is never shown back', async () => {
  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin`);
  await page.click('text=Webhooks (outgoing)');
  await page.waitForSelector('[data-admin-list=webhooks]');
  assert.match(await page.textContent('[data-admin-list=webhooks]'), /chat-ops/);
  await page.click('a.button:has-text("New")');
  await page.waitForSelector('#f-name');
  await page.fill('#f-name', 'itsm-bridge');
  await page.fill('#f-url', 'https://bridge.example.com/steward');
  await page.fill('#f-events', 'created\nresolved');
  assert.equal(await page.getAttribute('#f-secret', 'type'), 'password');
  await page.fill('#f-secret', 'bridge-secret-0123456789');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-admin-list=webhooks] >> text=bridge.example.com');
  const list = await page.textContent('[data-admin-list=webhooks]');
  assert.ok(!list.includes('bridge-secret-0123456789'), 'the secret is not shown');
  await h.shot(page, '42-admin-webhooks');
  const w = await h.call('GET', '/api/v1/webhooks/itsm-bridge');
  assert.deepEqual([w.url, w.events, w.has_secret, w.active], ['https://bridge.example.com/steward', ['created', 'resolved'], true, true]);
  assert.equal(w.secret, undefined);
  await page.context().close();
});

test('a webhook\'s page lists its deliveries and sends a ping', async () => {
  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin/webhooks/chat-ops`);
  await page.waitForSelector('[data-deliveries] >> text=Nothing sent yet.');
  await page.click('[data-deliveries] button:has-text("Send a ping")');
  await page.waitForSelector('[data-pinged]');
  await page.waitForSelector('[data-deliveries] tr[data-delivery]');
  const row = await page.textContent('[data-deliveries] tr[data-delivery]');
  assert.match(row, /ping/);
  assert.match(row, /pending/, 'the sender runs hourly here: the ping waits');
  const [d] = (await h.call('GET', '/api/v1/webhooks/chat-ops/deliveries')).items;
  assert.deepEqual([d.event, d.state, d.ticket], ['ping', 'pending', null]);
  await h.shot(page, '43-webhook-deliveries');
  await page.context().close();
});

test('an agent has no webhooks page', async () => {
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/admin/webhooks`);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('[data-admin-list=webhooks]').count(), 0);
  await page.context().close();
});

test('nothing went wrong in the browser', () => {
  assert.deepEqual(h.problems, []);
});
