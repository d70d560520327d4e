// Knowledge article templates in a real browser (Debian's Chromium,
// headless) against a real `steward serve`:
//   - the admin applies the starter's three article templates (how-to,
//     troubleshooting, known error) and finds them under Administration,
//     where one is changed with the generic form;
//   - an agent writes a new article starting from "Troubleshooting": the
//     skeleton fills the body, the kind and audience follow the template,
//     and the saved draft is what the template made of it.
// Screenshots: tests/out/browser/68-… and 69-…; any console error, page
// error or CSP violation fails the run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { harness, until, text } from './harness.mjs';

const h = harness();
before(async () => { await h.start({ users: [{ login: 'agent1', role: 'agent' }] }); });
after(() => h.stop());

test('the admin keeps the article templates the starter brought', async () => {
  const starter = await h.call('GET', '/api/v1/toolkits/itil-starter');
  const only = { ...starter, sections: { categories: starter.sections.categories, article_templates: starter.sections.article_templates } };
  const r = await h.call('POST', '/api/v1/toolkits/apply', only);
  assert.equal(r.counts.added, starter.sections.categories.length + 3);

  const page = await h.as('admin');
  await page.goto(`${h.base}/#/admin`);
  await page.click('a:has-text("Knowledge article templates")');
  await page.waitForSelector('[data-admin-list=article-templates]');
  assert.match(await text(page, '[data-admin-list=article-templates]'), /How-to.*Troubleshooting.*Known error/s);
  await page.click('[data-admin-list=article-templates] a:has-text("Troubleshooting")');
  await page.waitForSelector('#f-description');
  await page.fill('#f-description', 'For the desk: symptoms, diagnosis, resolution and when to escalate.');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-saved]');
  assert.equal((await h.call('GET', '/api/v1/article-templates/Troubleshooting')).description,
    'For the desk: symptoms, diagnosis, resolution and when to escalate.');
  await page.goto(`${h.base}/#/admin/article-templates`);
  await page.waitForSelector('[data-admin-list=article-templates] >> text=symptoms, diagnosis');
  await h.shot(page, '68-article-templates-admin');
  await page.context().close();
});

test('an agent starts a new article from the troubleshooting template', async () => {
  const page = await h.as('agent1');
  await page.goto(`${h.base}/#/kb`);
  await page.waitForSelector('[data-new-article]');
  await page.click('[data-new-article]');
  await page.waitForSelector('[data-article-templates]');
  const offered = await page.locator('#kb-tpl option').allTextContents();
  assert.deepEqual(offered, ['— a blank article —', 'How-to', 'Troubleshooting', 'Known error']);
  await page.fill('#kb-t', 'VPN connects but no internal sites load');
  await page.selectOption('#kb-tpl', 'Troubleshooting');
  await until(async () => /## Symptoms/.test(await page.inputValue('#kb-b')), 'the skeleton in the body');
  assert.equal(await page.inputValue('#kb-k'), 'troubleshooting');
  assert.equal(await page.inputValue('#kb-a'), 'agents');
  assert.match(await text(page, '[data-template-note]'), /Fill in each heading/);
  const body = await page.inputValue('#kb-b');
  await page.fill('#kb-b', body.replace('## Symptoms\n\n', '## Symptoms\n\nThe VPN client says "Connected", but intranet pages time out.\n\n'));
  await page.fill('#kb-c', 'network/vpn');
  await h.shot(page, '69-article-from-template');
  await page.click('text=Save draft');
  await page.waitForSelector('[data-body]');
  const number = await text(page, '[data-number]');
  const a = await h.call('GET', `/api/v1/articles/${number}`, undefined, 'agent1');
  assert.equal(a.state, 'draft');
  const v = await h.call('GET', `/api/v1/articles/${number}/versions/1`, undefined, 'agent1');
  assert.equal(v.kind, 'troubleshooting');
  assert.deepEqual(v.categories, ['network/vpn']);
  assert.match(v.body, /^## Symptoms\n\nThe VPN client says "Connected"/);
  assert.match(v.body, /## Diagnosis[\s\S]*## Resolution[\s\S]*## Escalation/);
  assert.match(await text(page, '[data-body]'), /Diagnosis/);
  await page.context().close();
});

test('no console errors, page errors or CSP violations; every field has a name', () => {
  assert.deepEqual(h.problems, []);
  assert.deepEqual(h.unlabelled, []);
});
