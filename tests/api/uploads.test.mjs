// Uploads made before the request exists (issue #15,
// docs/requests.md#uploads-before-the-request): the portal uploads an
// attachment variable's file first (checked against the variable's size
// limit and types, kept for its uploader for a day), the order names it
// ("upload:<id>") and the request is raised with the file attached in the
// same transaction.  Another user's upload, an unknown, used or expired
// one, or one over the variable's limits is a 400 naming
// variables.<name>, and nothing is written; the scheduler removes
// expired uploads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startTwin, as, api, fingerprint, fieldsOf, until } from './lib.mjs';

let s, admin, agent, eu, eu2;
const ok = async (p, status) => { const x = await p; assert.equal(x.status, status, JSON.stringify(x.json)); return x.json; };
const png = (n) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(n, 1)]);
const upload = (who, item, variable, bytes, filename = 'photo.png') =>
  who('POST', `/api/v1/catalog-items/${encodeURIComponent(item)}/uploads?variable=${variable}&filename=${filename}`,
    { raw: bytes, contentType: 'application/octet-stream' });
const order = (who, variables, item = 'Badge') => who('POST', `/api/v1/catalog-items/${item}/order`, { body: { variables } });

before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' }] });
  admin = as(s, 'admin'); agent = as(s, 'agent1'); eu = as(s, 'eu1'); eu2 = as(s, 'eu2');
  await ok(admin('POST', '/api/v1/groups', { body: { name: 'Staff', members: ['agent1'] } }), 201);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Badge', short_description: 'A badge', variables: [
    { name: 'photo', type: 'attachment', label: 'Photo', max_size: 64, content_types: ['image/*'], required: true },
    { name: 'note', type: 'text', label: 'Note' }] } }), 201);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Two sides', short_description: 'x', variables: [
    { name: 'front', type: 'attachment', label: 'Front' }, { name: 'back', type: 'attachment', label: 'Back' }] } }), 201);
  await ok(admin('POST', '/api/v1/catalog-items', { body: { name: 'Secret', short_description: 'x', order_groups: ['Staff'],
    variables: [{ name: 'photo', type: 'attachment', label: 'Photo' }] } }), 201);
});
after(async () => { await s.cleanup(); });

test('an upload is checked against its variable before anything is kept', async () => {
  const fp = fingerprint(s);
  let r = await upload(eu, 'Badge', 'photo', png(100));
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['file']);
  assert.match(r.json.errors[0].detail, /108 bytes, over the limit of 64/);
  r = await upload(eu, 'Badge', 'photo', Buffer.from('plain words'), 'a.txt');
  assert.equal(r.status, 422);
  assert.match(r.json.errors[0].detail, /a\.txt is text\/plain.*, not a type the variable takes/);
  r = await upload(eu, 'Badge', 'note', png(10));
  assert.equal(r.status, 400, 'not an attachment variable');
  assert.deepEqual(fieldsOf(r), ['variable']);
  r = await upload(eu, 'Badge', 'nosuch', png(10));
  assert.equal(r.status, 400);
  r = await eu('POST', '/api/v1/catalog-items/Badge/uploads?filename=a.png', { raw: png(10), contentType: 'image/png' });
  assert.equal(r.status, 400, 'the variable is required');
  assert.equal((await upload(eu, 'Secret', 'photo', png(10))).status, 404, 'an item the caller may not order');
  assert.equal((await upload(eu, 'Nothing', 'photo', png(10))).status, 404);
  assert.equal(fingerprint(s), fp, 'nothing kept');
});

test('the order names the upload and raises the request with the file attached, in one transaction; the upload is then used', async () => {
  const up = await ok(upload(eu, 'Badge', 'photo', png(10)), 201);
  assert.equal(up.ref, `upload:${up.id}`);
  assert.equal(up.content_type, 'image/png');
  assert.equal(up.size, 18);
  assert.equal(up.created_by, 'eu1');
  assert.equal(Date.parse(up.expires_at) - Date.parse(up.created_at), 86400 * 1000);
  // the check takes it as ordering will
  const c = await ok(eu('POST', '/api/v1/catalog-items/Badge/check', { body: { variables: { photo: up.ref } } }), 200);
  assert.deepEqual(c.answers.map((a) => [a.name, a.value]), [['photo', up.ref]]);

  const req = await ok(order(eu, { photo: up.ref, note: 'smile' }), 201);
  assert.match(req.description, /Photo: photo\.png/);
  const files = await ok(eu('GET', `/api/v1/requests/${req.number}/attachments`), 200);
  assert.equal(files.items.length, 1);
  assert.deepEqual([files.items[0].filename, files.items[0].sha256, files.items[0].size], ['photo.png', up.sha256, 18]);
  const o = await ok(eu('GET', `/api/v1/requests/${req.number}/order`), 200);
  assert.equal(o.answers.find((a) => a.name === 'photo').value, String(files.items[0].id), 'the answer names the attachment');
  const dl = await eu('GET', `/api/v1/attachments/${files.items[0].id}`);
  assert.equal(dl.status, 200);
  assert.deepEqual(dl.bytes, png(10));
  const hist = await ok(agent('GET', `/api/v1/requests/${req.number}/history`), 200);
  assert.ok(hist.items.some((h) => h.action === 'attach'), 'audited as an upload on the request');

  // used: naming it again is refused, nothing written
  const fp = fingerprint(s);
  const r = await order(eu, { photo: up.ref });
  assert.equal(r.status, 400);
  assert.deepEqual(fieldsOf(r), ['variables.photo']);
  assert.match(r.json.errors[0].detail, /no upload \d+ of yours/);
  assert.equal(fingerprint(s), fp);
});

test('another user\'s upload, an unknown one, or one over the variable\'s limits: 400 naming the variable, nothing written', async () => {
  const mine = await ok(upload(eu, 'Badge', 'photo', png(10)), 201);
  assert.equal((await upload(eu, 'Secret', 'photo', png(100))).status, 404, 'eu1 may not order Secret');
  const agentBig = await ok(upload(agent, 'Secret', 'photo', png(100)), 201); // no limits there
  const fp = fingerprint(s);
  let r = await order(eu2, { photo: mine.ref });
  assert.equal(r.status, 400);
  assert.deepEqual(fieldsOf(r), ['variables.photo']);
  r = await order(agent, { photo: mine.ref });
  assert.equal(r.status, 400, 'an agent neither: an upload is its uploader\'s');
  r = await order(eu, { photo: 'upload:999999' });
  assert.equal(r.status, 400);
  r = await order(agent, { photo: agentBig.ref });
  assert.equal(r.status, 400, 'over the limit of the variable it is named for');
  assert.match(r.json.errors[0].detail, /108 bytes, over the limit of 64/);
  r = await order(eu, { photo: 'upload:x' });
  assert.equal(r.status, 422, 'not an upload reference at all');
  r = await order(eu, { photo: 'upload:9999999999999999999' });
  assert.equal(r.status, 400, 'past the largest id');
  // one upload named by two variables: the second finds it moved, and the whole order is refused
  const two = await order(eu, { front: mine.ref, back: mine.ref }, 'Two%20sides');
  assert.equal(two.status, 400, JSON.stringify(two.json));
  assert.deepEqual(fieldsOf(two), ['variables.back']);
  assert.equal(fingerprint(s), fp);
  // still the owner's to use
  await ok(order(eu, { photo: mine.ref }), 201);
});

test('an expired upload is refused, and the scheduler removes it', async () => {
  const twin = await startTwin(s, { STEWARD_UPLOAD_TTL: '1s', STEWARD_SCHEDULER_INTERVAL: '1s' });
  try {
    const eut = (m, p, o = {}) => api(twin, m, p, { token: s.token('eu1'), ...o });
    const up = await ok(upload(eut, 'Badge', 'photo', png(10)), 201);
    // expired before the scheduler removes it, or removed: either way a 400 naming the variable
    const r = await until('the upload to expire', async () => {
      const x = await eu('POST', '/api/v1/catalog-items/Badge/check', { body: { variables: { photo: up.ref } } });
      return x.status === 400 && x;
    }, 10000);
    assert.deepEqual(fieldsOf(r), ['variables.photo']);
    assert.match(r.json.errors[0].detail, /has expired|no upload/);
    await until('the scheduler to remove it', async () => {
      const x = await eu('POST', '/api/v1/catalog-items/Badge/check', { body: { variables: { photo: up.ref } } });
      return x.status === 400 && /no upload/.test(x.json.errors[0].detail);
    }, 15000);
  } finally { await twin.stop(); }
});

test('a person may keep 20 uploads waiting for an order: the 21st is 429 and nothing is kept; another person is not held back', async () => {
  const t = await startServer({ users: [{ login: 'eu9', role: 'end_user' }, { login: 'eu8', role: 'end_user' }] });
  try {
    const ad = as(t, 'admin');
    await ok(ad('POST', '/api/v1/catalog-items', { body: { name: 'Badge', short_description: 'A badge', variables: [
      { name: 'photo', type: 'attachment', label: 'Photo', max_size: 64, content_types: ['image/*'] }] } }), 201);
    const me = as(t, 'eu9');
    for (let i = 0; i < 20; i++) await ok(upload(me, 'Badge', 'photo', png(10)), 201);
    const fp = fingerprint(t);
    const r = await upload(me, 'Badge', 'photo', png(10));
    assert.equal(r.status, 429, JSON.stringify(r.json));
    assert.match(r.json.detail, /20 uploads are waiting for an order already \(at most 20\)/);
    assert.equal(fingerprint(t), fp, 'nothing kept');
    await ok(upload(as(t, 'eu8'), 'Badge', 'photo', png(10)), 201);
  } finally {
    await t.cleanup();
  }
});
