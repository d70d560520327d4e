// Attachments: upload as a raw body, type sniffed from the bytes, sha256,
// download as an attachment, size limit, visibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, as, api } from './lib.mjs';

let s, agent, eu1, eu2, incident;
before(async () => {
  s = await startServer({ users: [
    { login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' },
  ] });
  agent = as(s, 'agent1');
  eu1 = as(s, 'eu1');
  eu2 = as(s, 'eu2');
  incident = (await eu1('POST', '/api/v1/incidents', { body: { title: 'with files' } })).json;
});
after(async () => { await s.cleanup(); });

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake image bytes \x00\x01')]);

function upload(who, name, bytes, contentType = 'application/octet-stream') {
  return who('POST', `/api/v1/incidents/${incident.number}/attachments?filename=${encodeURIComponent(name)}`,
    { raw: bytes, contentType });
}

test('upload sniffs the type and hashes the bytes; download returns them', async () => {
  const r = await upload(eu1, 'screen.png', PNG, 'text/html');
  assert.equal(r.status, 201);
  assert.equal(r.json.content_type, 'image/png', 'the client\'s content type is ignored');
  assert.equal(r.json.sha256, createHash('sha256').update(PNG).digest('hex'));
  assert.equal(r.json.size, PNG.length);
  assert.equal(r.json.filename, 'screen.png');
  assert.equal(r.json.created_by, 'eu1');
  const d = await agent('GET', `/api/v1/attachments/${r.json.id}`);
  assert.equal(d.status, 200);
  assert.ok(d.bytes.equals(PNG));
  assert.equal(d.headers.get('content-type'), 'image/png');
  assert.equal(d.headers.get('content-disposition'), 'attachment; filename="screen.png"');
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  const text = await upload(agent, 'notes.txt', Buffer.from('line one\nline two\n'));
  assert.equal(text.json.content_type, 'text/plain; charset=utf-8');
  const html = await upload(agent, 'evil.html', Buffer.from('<script>alert(1)</script>'), 'text/html');
  assert.equal(html.json.content_type, 'text/plain; charset=utf-8', 'HTML is never served as HTML');
  const list = await eu1('GET', `/api/v1/incidents/${incident.number}/attachments`);
  assert.deepEqual(list.json.items.map((a) => a.filename), ['screen.png', 'notes.txt', 'evil.html']);
  const h = await agent('GET', `/api/v1/incidents/${incident.number}/history`);
  assert.deepEqual(h.json.items.filter((e) => e.action === 'attach').map((e) => e.changes.filename.to),
    ['screen.png', 'notes.txt', 'evil.html']);
});

test('file names are cleaned; hostile names never reach a path', async () => {
  const r = await upload(agent, '../../etc/passwd', Buffer.from('x'));
  assert.equal(r.status, 201);
  assert.equal(r.json.filename, 'passwd');
  const q = await upload(agent, 'a"b\r\n.txt', Buffer.from('x'));
  assert.equal(q.json.filename, 'ab.txt');
  const dots = await upload(agent, '..', Buffer.from('x'));
  assert.equal(dots.status, 422);
  assert.deepEqual(dots.json.errors.map((e) => e.field), ['filename']);
  const none = await agent('POST', `/api/v1/incidents/${incident.number}/attachments`, { raw: Buffer.from('x'), contentType: 'application/octet-stream' });
  assert.equal(none.status, 422);
});

test('size limit and visibility', async () => {
  const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
  const r = await upload(agent, 'big.bin', big);
  assert.equal(r.status, 413);
  const ok = await upload(agent, 'exact.bin', Buffer.alloc(10 * 1024 * 1024, 0x42));
  assert.equal(ok.status, 201);
  assert.equal(ok.json.size, 10 * 1024 * 1024);
  const first = (await eu1('GET', `/api/v1/incidents/${incident.number}/attachments`)).json.items[0];
  const denied = await eu2('GET', `/api/v1/attachments/${first.id}`);
  assert.equal(denied.status, 404);
  const up = await upload(eu2, 'x.txt', Buffer.from('x'));
  assert.equal(up.status, 404);
  assert.equal((await agent('GET', '/api/v1/attachments/999999')).status, 404);
  assert.equal((await agent('GET', '/api/v1/attachments/abc')).status, 404);
  assert.equal((await api(s, 'GET', `/api/v1/attachments/${first.id}`)).status, 401);
});

// Beyond the first cut: the listed shape, byte-exact round trips of binary
// data, and refused uploads leaving nothing behind.
test('listed attachments have the documented shape and binary survives the round trip', async () => {
  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) & 0xff));
  const r = await upload(agent, 'blob.bin', bytes);
  assert.equal(r.status, 201);
  assert.deepEqual(Object.keys(r.json).sort(), ['content_type', 'created_at', 'created_by', 'filename', 'id', 'sha256', 'size']);
  assert.match(r.json.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal(r.json.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(r.json.content_type, 'application/octet-stream');
  const d = await eu1('GET', `/api/v1/attachments/${r.json.id}`);
  assert.equal(d.status, 200);
  assert.ok(d.bytes.equals(bytes), 'downloaded bytes differ');
  assert.match(d.headers.get('content-disposition'), /^attachment;/);
  assert.equal(d.headers.get('content-length'), String(bytes.length));
  const list = await agent('GET', `/api/v1/incidents/${incident.number}/attachments`);
  const item = list.json.items.find((a) => a.id === r.json.id);
  assert.deepEqual(item, r.json);
  const count = list.json.items.length;
  const big = await upload(agent, 'too-big.bin', Buffer.alloc(10 * 1024 * 1024 + 1));
  assert.equal(big.status, 413);
  assert.equal(big.json.type, 'urn:steward:problem:too-large');
  const bad = await upload(agent, '..', Buffer.from('x'));
  assert.equal(bad.status, 422);
  const after_ = await agent('GET', `/api/v1/incidents/${incident.number}/attachments`);
  assert.equal(after_.json.items.length, count, 'refused uploads left nothing');
  const nf = await agent('POST', '/api/v1/incidents/INC9999999/attachments?filename=x.txt', { raw: Buffer.from('x'), contentType: 'text/plain' });
  assert.equal(nf.status, 404);
});
