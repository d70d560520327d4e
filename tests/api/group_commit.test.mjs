// The group commit's figures on /metrics (docs/performance.md, issue #19):
// on SQLite, concurrent creates share COMMITs, and the histogram of their
// batch sizes agrees with the two counters it refines (count = COMMITs,
// sum = writers made durable); on PostgreSQL there is no group commit and
// every figure stays 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, BACKEND } from './lib.mjs';

const WRITERS = 8;
const EACH = 25;

function metric(text, name) {
  const line = text.split('\n').find((l) => l.startsWith(name + ' '));
  assert.ok(line, `${name} is on /metrics`);
  return Number(line.slice(name.length + 1));
}

test('the batch-size histogram of the group commit agrees with its counters', async () => {
  const srv = await startServer({ users: [{ login: 'w', role: 'agent' }] });
  try {
    const token = srv.token('w');
    const first = (await api(srv, 'GET', '/metrics')).text;
    const before = metric(first, 'steward_db_group_writes_total');
    let created = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < EACH; i++) {
          const r = await api(srv, 'POST', '/api/v1/incidents', { token, body: { title: `writer ${w} #${i}` } });
          assert.equal(r.status, 201);
          created++;
        }
      }),
    );
    const text = (await api(srv, 'GET', '/metrics')).text;
    const les = ['1', '2', '4', '8', '16', '32', '64', '+Inf'];
    const buckets = les.map((le) => metric(text, `steward_db_group_batch_size_bucket{le="${le}"}`));
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i] >= buckets[i - 1], `cumulative buckets: ${buckets}`);
    const count = metric(text, 'steward_db_group_batch_size_count');
    const sum = metric(text, 'steward_db_group_batch_size_sum');
    assert.equal(buckets.at(-1), count);
    assert.equal(buckets.at(-2), count, 'no COMMIT holds more than 64 writers');
    assert.equal(count, metric(text, 'steward_db_group_commits_total'));
    assert.equal(sum, metric(text, 'steward_db_group_writes_total'));
    if (BACKEND === 'pg') {
      assert.equal(count, 0);
      assert.equal(sum, 0);
    } else {
      // every acknowledged create was one writer of some COMMIT
      assert.ok(sum - before >= created, `${sum - before} writers made durable for ${created} creates`);
      assert.ok(count > 0 && count <= sum, `${count} COMMITs for ${sum} writers`);
    }
  } finally {
    await srv.cleanup();
  }
});
