// Approval links and uploads before the request (issue #15) in a real
// browser (Debian's Chromium, headless) against a real `steward serve`:
//   - the approver opens the link from their approval email without a
//     session: the login, then back to the link's page (server-rendered,
//     no script, strict CSP), which shows what is asked; approving records
//     it; the same link again says it was used;
//   - an end user orders an item whose form takes a file: the portal
//     uploads it as it is chosen (a refused one shows the server's reason
//     on the field), then the order raises the request with it attached.
// Screenshots go to tests/out/browser/ (100-… to 106-…); any console
// error, page error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, text } from './harness.mjs';
import { startSmtpSink, PASSWORD } from '../api/lib.mjs';

const h = harness();
let sink, number;
const bodyOf = (data) => data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, x) => String.fromCharCode(parseInt(x, 16)));

before(async () => {
  sink = await startSmtpSink();
  await h.start({
    users: [{ login: 'agent1', role: 'agent', name: 'Alex Agent' }, { login: 'boss', role: 'end_user', name: 'Maria Manager' },
      { login: 'eu1', role: 'end_user', name: 'Erin User' }],
    settings: { STEWARD_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, STEWARD_SMTP_TLS: 'no', STEWARD_MAILER_INTERVAL: '1s' },
  });
  await h.call('POST', '/api/v1/approval-policies', { name: 'Hardware', kind: 'request', active: false, steps: [{ rule: 'any', users: ['boss'] }] });
  await h.call('POST', '/api/v1/catalog-items', { name: 'Laptop', short_description: 'A laptop for work', cost: 1200, price: '1200 EUR',
    approval_policy: 'Hardware', category: 'hardware',
    variables: [{ name: 'model', type: 'choice', label: 'Model', options: ['standard', 'developer'], required: true },
      { name: 'reason', type: 'text', label: 'Why do you need it?' }] });
  await h.call('POST', '/api/v1/catalog-items', { name: 'Badge', short_description: 'An office badge', category: 'access',
    variables: [{ name: 'photo', type: 'attachment', label: 'Photo', required: true, max_size: 2048, content_types: ['image/*'],
      help: 'A PNG or JPEG, at most 2 KiB' }] });
  number = (await h.call('POST', '/api/v1/catalog-items/Laptop/order', { variables: { model: 'developer', reason: 'Builds take an hour' } }, 'eu1')).number;
});
after(async () => {
  assert.deepEqual(h.problems, [], 'no console errors, page errors or CSP violations');
  assert.deepEqual(h.unlabelled, [], 'every form field has a name');
  await h.stop();
  await sink.stop();
});

test('the approver follows the email link: the login, then the page, then the decision', async () => {
  const mail = () => sink.messages.find((x) => x.to.includes('boss@example.com') && bodyOf(x.data).includes(number));
  await until(mail, 'the approval email');
  const m = mail();
  const link = bodyOf(m.data).match(/https?:\/\/[^/\s]+(\/approval\/[0-9]+\/al_[A-Za-z0-9_-]{43})/)[1];
  const context = await h.browser.newContext({ viewport: { width: 800, height: 760 } });
  const page = await context.newPage();
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  // no session yet (the app's /me is a 401); the used link's 409 is the test's own doing
  page.on('console', (x) => { if (x.type() === 'error' && !/status of (401|409)/.test(x.text())) h.problems.push(`link: ${x.text()}`); });
  page.on('pageerror', (e) => h.problems.push(`link: ${e.message}`));
  await page.goto(h.base + link);
  await page.waitForSelector('#login');
  assert.match(page.url(), /#\/login\?next=/);
  await page.fill('#login', 'boss');
  await page.fill('#password', PASSWORD);
  await h.shot(page, '100-approval-link-login');
  await page.click('button[type=submit]');
  await page.waitForSelector('form.approval-decision');
  assert.equal(new URL(page.url()).pathname, link);
  assert.match(await text(page, 'h1'), new RegExp(`Approve ${number}\\?`));
  assert.match(await text(page, 'dl.approval-facts'), /Model\s*developer/);
  assert.match(await text(page, 'dl.approval-facts'), /Cost\s*1200/);
  assert.equal(await page.locator('script').count(), 0, 'no script on the page');
  await h.shot(page, '101-approval-link-page');
  await page.fill('#comment', 'Fine, the builds matter');
  await page.click('button[value=approve]');
  await page.waitForSelector('[data-decision]');
  assert.match(await text(page, 'h1'), /Approved/);
  await h.shot(page, '102-approval-link-approved');
  const t = await h.call('GET', `/api/v1/requests/${number}`, undefined, 'agent1');
  assert.notEqual(t.state, 'awaiting_approval', 'the engine moved the request on');
  const a = (await h.call('GET', `/api/v1/requests/${number}/approvals`, undefined, 'agent1')).items[0].steps[0].approvals[0];
  assert.deepEqual([a.state, a.decided_by, a.comment], ['approved', 'boss', 'Fine, the builds matter']);
  // the same link again
  await page.goto(h.base + link);
  assert.match(await text(page, 'h1'), /already been used/);
  await h.shot(page, '103-approval-link-used');
  await context.close();
});

test('the portal uploads a file as it is chosen, then orders with it', async () => {
  h.expectLoad(422, '/api/v1/catalog-items/Badge/uploads');
  const page = await h.as('eu1', { viewport: { width: 390, height: 800 } });
  await page.goto(`${h.base}/#/catalog/Badge`);
  await page.waitForSelector('[data-order-form] #v-photo');
  // a file the server refuses: its reason on the field
  await page.setInputFiles('#v-photo', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
  await page.waitForSelector('[data-upload-error=photo]');
  assert.match(await text(page, '[data-upload-error=photo]'), /not a type the variable takes/);
  await h.shot(page, '104-portal-upload-refused');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);
  await page.setInputFiles('#v-photo', { name: 'me.png', mimeType: 'image/png', buffer: png });
  await page.waitForSelector('[data-uploaded=photo]');
  assert.match(await text(page, '[data-uploaded=photo]'), /me\.png \(48 bytes\)/);
  await h.shot(page, '105-portal-upload-ready');
  await page.click('[data-order]');
  await until(() => /#\/requests\/REQ/.test(page.url()), 'the request page');
  const req = decodeURIComponent(page.url().split('#/requests/')[1]);
  const files = await h.call('GET', `/api/v1/requests/${req}/attachments`, undefined, 'eu1');
  assert.deepEqual(files.items.map((f) => [f.filename, f.size, f.content_type]), [['me.png', 48, 'image/png']]);
  await page.waitForSelector('[data-req-state], main h2');
  await h.shot(page, '106-portal-upload-ordered');
});
