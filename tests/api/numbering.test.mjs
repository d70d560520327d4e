// Numbering under concurrency: no duplicates, no gaps from successful creates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib.mjs';

let s, agent;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }] });
  agent = as(s, 'agent1');
});
after(async () => { await s.cleanup(); });

test('forty concurrent creates get INC0000001..INC0000040 exactly once', async () => {
  const other = as(s, 'agent2');
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
    (i % 2 ? agent : other)('POST', '/api/v1/incidents', { body: { title: `concurrent ${i}` } })));
  assert.deepEqual(results.map((r) => r.status), Array(40).fill(201));
  const numbers = results.map((r) => r.json.number).sort();
  const want = Array.from({ length: 40 }, (_, i) => `INC${String(i + 1).padStart(7, '0')}`);
  assert.deepEqual(numbers, want);
  const list = await agent('GET', '/api/v1/incidents?limit=200');
  assert.equal(list.json.items.length, 40);
  // every create has exactly one audit row
  for (const n of [want[0], want[39]]) {
    const h = await agent('GET', `/api/v1/incidents/${n}/history`);
    assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'sla_start']);
  }
  // a failed create does not consume a number
  const bad = await agent('POST', '/api/v1/incidents', { body: { title: 'x', assignee: 'ghost' } });
  assert.equal(bad.status, 422);
  const next = await agent('POST', '/api/v1/incidents', { body: { title: 'next' } });
  assert.equal(next.json.number, 'INC0000041');
});

test('concurrent PATCHes with the same version: exactly one wins', async () => {
  const c = await agent('POST', '/api/v1/incidents', { body: { title: 'race' } });
  const n = c.json.number;
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
    agent('PATCH', `/api/v1/incidents/${n}`, { body: { title: `winner ${i}` }, headers: { 'if-match': '1' } })));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, ...Array(9).fill(412)]);
  const winner = results.find((r) => r.status === 200).json.title;
  const now = await agent('GET', `/api/v1/incidents/${n}`);
  assert.equal(now.json.title, winner);
  assert.equal(now.json.version, 2);
});

// docs/api.md: limit is 1-200, default 50.
test('lists default to 50 items and page on from there', async () => {
  let total = (await agent('GET', '/api/v1/incidents?limit=200')).json.items.length;
  for (; total < 53; total++) {
    const r = await agent('POST', '/api/v1/incidents', { body: { title: `filler ${total}` } });
    assert.equal(r.status, 201);
  }
  const first = await agent('GET', '/api/v1/incidents');
  assert.equal(first.json.items.length, 50);
  assert.equal(typeof first.json.next_cursor, 'string');
  const rest = await agent('GET', `/api/v1/incidents?cursor=${encodeURIComponent(first.json.next_cursor)}`);
  assert.equal(rest.json.items.length, total - 50);
  assert.equal(rest.json.next_cursor, null);
  const all = [...first.json.items, ...rest.json.items].map((x) => x.number);
  assert.equal(new Set(all).size, total);
  const max = await agent('GET', '/api/v1/incidents?limit=200');
  assert.deepEqual(max.json.items.map((x) => x.number), all);
  assert.equal(max.json.next_cursor, null);
  const numbers = all.slice().sort();
  assert.deepEqual(numbers, Array.from({ length: total }, (_, i) => `INC${String(i + 1).padStart(7, '0')}`), 'still no gaps');
});
