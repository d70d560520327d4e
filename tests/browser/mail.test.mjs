// The email channel's admin page in a real browser (Debian's Chromium,
// headless) against a real `steward serve`: an admin lists the mailboxes
// and creates one through the form drawn from the OpenAPI document, the
// password typed into a password field, sealed by the server and never
// shown again (the list says only that there is one).  Screenshot
// 40-admin-mailboxes, and a stranger's mail on the ticket page as the
// unregistered requester (41-unregistered-requester); any console error, page error or CSP violation
// fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { harness, text } from './harness.mjs';
import { BIN } from '../api/lib.mjs';

const h = harness();

before(async () => {
  await h.start({ users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }],
    settings: { STEWARD_MAIL_KEY: 'cd'.repeat(32), STEWARD_MAIL_POLL_INTERVAL: '0s' } });
  await h.call('POST', '/api/v1/groups', { name: 'Service Desk', members: ['agent1'] });
  await h.call('POST', '/api/v1/mailboxes', { name: 'pipe', description: 'Postfix pipe', unknown_sender: 'create' });
  await h.call('POST', '/api/v1/mailboxes', { name: 'walkin', description: 'The public address', unknown_sender: 'unregistered' });
});
after(() => h.stop());

test('an admin keeps mailboxes on the admin pages; the password is never shown back', async () => {
  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin`);
  await page.click('text=Mailboxes (the email channel)');
  await page.waitForSelector('[data-admin-list=mailboxes]');
  assert.match(await page.textContent('[data-admin-list=mailboxes]'), /pipe/);
  await page.click('a.button:has-text("New")');
  await page.waitForSelector('#f-name');
  await page.fill('#f-name', 'support');
  await page.fill('#f-imap_url', 'imaps://mail.example.com:993');
  await page.fill('#f-imap_user', 'support@example.com');
  assert.equal(await page.getAttribute('#f-password', 'type'), 'password');
  await page.fill('#f-password', 'Very-secret-1');
  await page.fill('#f-processed_folder', 'Done');
  await page.fill('#f-group', 'Service Desk');
  await page.selectOption('#f-unknown_sender', 'bounce');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-admin-list=mailboxes] >> text=support@example.com');
  const list = await page.textContent('[data-admin-list=mailboxes]');
  assert.ok(!list.includes('Very-secret-1'), 'the password is not shown');
  await h.shot(page, '40-admin-mailboxes');
  const m = await h.call('GET', '/api/v1/mailboxes/support');
  assert.deepEqual([m.imap_url, m.has_password, m.processed_folder, m.group, m.unknown_sender],
    ['imaps://mail.example.com:993', true, 'Done', 'Service Desk', 'bounce']);
  assert.equal(m.password, undefined);
  await page.context().close();
});

test('an agent has no mailboxes page', async () => {
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/admin/mailboxes`);
  await page.waitForTimeout(300);
  assert.equal(await page.locator('[data-admin-list=mailboxes]').count(), 0);
  await page.context().close();
});

test('a stranger\'s mail shows its sender as the unregistered requester on the ticket page', async () => {
  const message = ['From: Walk In <walk.in@example.org>', 'To: help@steward.test', 'Subject: Screen stays dark',
    'Message-ID: <walkin-1@example.org>', 'Date: Thu, 3 Dec 2026 10:00:00 +0000', 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8', '', 'Nothing on the screen since this morning.', ''].join('\r\n');
  const r = spawnSync(BIN, ['mail-in', '--db', h.s.dbUrl, '--mailbox', 'walkin'], { input: message, encoding: 'utf8',
    env: { ...process.env, STEWARD_PASSWORD_COST: 'min', STEWARD_MAIL_KEY: 'cd'.repeat(32) } });
  assert.equal(r.status, 0, r.stderr);
  const { verdict, ticket } = JSON.parse(r.stdout);
  assert.equal(verdict, 'new');
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/incidents/${ticket}`);
  await page.waitForSelector('[data-contact]');
  assert.equal(await text(page, '[data-contact]'), 'Walk In <walk.in@example.org>');
  assert.match(await page.textContent('main'), /\(unregistered\)/);
  await h.shot(page, '41-unregistered-requester');
  await page.context().close();
});
