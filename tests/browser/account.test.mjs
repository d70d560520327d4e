// Your account page (#/account): an end user makes an API token from the
// browser (the secret shown once), sees when it was last used, and
// revokes it.  Screenshot 47-account-tokens in tests/out/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api } from '../api/lib.mjs';
import { harness, until } from './harness.mjs';

const h = harness();
before(async () => {
  await h.start({ users: [{ login: 'eu1', role: 'end_user', name: 'Eve User' }] });
});
after(() => h.stop());

test('an end user makes an API token, sees it used, and revokes it', async () => {
  const page = await h.as('eu1');
  await page.click('[data-me]');
  await page.waitForSelector('[data-tokens]');
  await until(async () => /no API tokens/.test(await page.textContent('[data-tokens]')), 'the empty list');
  await page.fill('#t-name', 'backup script');
  await page.fill('#t-days', '30');
  await page.click('button:has-text("Make a token")');
  await page.waitForSelector('[data-secret] input');
  const secret = await page.inputValue('[data-secret] input');
  assert.match(secret, /^stw_/);
  const row = page.locator('[data-token]');
  await until(async () => (await row.count()) === 1, 'the new row');
  assert.match(await row.textContent(), /backup script.*never/);

  assert.equal((await api(h.s, 'GET', '/api/v1/me', { token: secret })).json.login, 'eu1');
  await page.reload();
  await page.waitForSelector('[data-token]');
  await until(async () => !/never.*never/.test(await page.locator('[data-token]').textContent()), 'last used shown');
  assert.equal(await page.locator('[data-secret]').count(), 0, 'the secret is not shown again');
  await h.shot(page, '47-account-tokens');

  await page.click('button[aria-label="Revoke backup script"]');
  await until(async () => (await page.locator('[data-token]').count()) === 0, 'the row gone');
  assert.equal((await api(h.s, 'GET', '/api/v1/me', { token: secret })).status, 401);
  await page.context().close();
});
