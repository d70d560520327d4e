// Archiving: closed and canceled tickets older than archive_after leave the
// live lists, become read-only, and stay readable, searchable (with
// archived=true) and counted in reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fingerprint } from './lib.mjs';

let s, agent, eu;

before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }],
    settings: { STEWARD_ARCHIVE_AFTER: '1s', STEWARD_SCHEDULER_INTERVAL: '1s' },
  });
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
});
after(async () => { await s.cleanup(); });

async function until(fn, what, ms = 15000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('closed tickets are archived: out of the live lists, read-only, still readable and searchable', async () => {
  const make = async (title) => (await eu('POST', '/api/v1/incidents', { body: { title } })).json.number;
  const closed = await make('Keyboard sticky zebra');
  const canceled = await make('Mouse missing zebra');
  const open = await make('Screen dim zebra');
  assert.equal((await agent('POST', `/api/v1/incidents/${closed}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'cleaned' } })).status, 200);
  assert.equal((await eu('POST', `/api/v1/incidents/${closed}/close`, { body: {} })).status, 200);
  assert.equal((await agent('POST', `/api/v1/incidents/${canceled}/cancel`, { body: {} })).status, 200);
  await until(async () => (await agent('GET', `/api/v1/incidents/${closed}`)).json.archived
    && (await agent('GET', `/api/v1/incidents/${canceled}`)).json.archived, 'the scheduler to archive them');
  assert.equal((await agent('GET', `/api/v1/incidents/${open}`)).json.archived, false);

  const live = (await agent('GET', '/api/v1/incidents')).json.items.map((i) => i.number);
  assert.deepEqual(live, [open]);
  const archive = (await agent('GET', '/api/v1/incidents?archived=true')).json.items.map((i) => i.number).sort();
  assert.deepEqual(archive, [closed, canceled].sort());
  assert.deepEqual((await agent('GET', '/api/v1/incidents?text=zebra')).json.items.map((i) => i.number), [open]);
  assert.deepEqual((await agent('GET', '/api/v1/incidents?text=keyboard&archived=true')).json.items.map((i) => i.number), [closed]);
  // the requester still reads their own, in the archive
  assert.deepEqual((await eu('GET', '/api/v1/incidents?archived=true')).json.items.map((i) => i.number).sort(), [closed, canceled].sort());
  assert.equal((await eu('GET', `/api/v1/incidents/${closed}`)).status, 200);

  // read-only: every write is a 409 archived, and changes nothing
  const before_ = fingerprint(s);
  const v = (await agent('GET', `/api/v1/incidents/${closed}`)).json.version;
  const writes = [
    await agent('PATCH', `/api/v1/incidents/${closed}`, { headers: { 'If-Match': `"${v}"` }, body: { title: 'x' } }),
    await agent('POST', `/api/v1/incidents/${closed}/comments`, { body: { body: 'late' } }),
    await agent('POST', `/api/v1/incidents/${closed}/watchers`, { body: { login: 'agent1' } }),
    await agent('POST', `/api/v1/incidents/${closed}/links`, { body: { kind: 'relates_to', target: open } }),
    await agent('POST', `/api/v1/incidents/${closed}/attachments?filename=a.txt`, { raw: Buffer.from('x'), contentType: 'text/plain' }),
    await agent('POST', `/api/v1/incidents/${closed}/major`, { body: { reason: 'x' } }),
    await agent('POST', `/api/v1/incidents/${closed}/reopen`, { body: {} }),
  ];
  for (const r of writes) {
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.type, 'urn:steward:problem:archived');
  }
  assert.equal(fingerprint(s), before_);
  // history says when, and reports still count them
  const h = (await agent('GET', `/api/v1/incidents/${closed}/history`)).json.items;
  assert.deepEqual(h.at(-1).changes.archived, { from: 'false', to: 'true' });
  assert.equal(h.at(-1).action, 'archive');
  const today = new Date().toISOString().slice(0, 10);
  const rep = (await agent('GET', `/api/v1/reports/incidents?from=${today}&to=${today}&tz=UTC`)).json;
  assert.equal(rep.daily.at(-1).created, 3, 'archived incidents are counted in the report');
});
