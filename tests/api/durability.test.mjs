// Crash durability: concurrent writers, the server killed with SIGKILL at
// random moments, restarted; every write that was acknowledged with a 2xx
// must be there afterwards, with its audit rows, and the database must pass
// `steward verify` (integrity, audit completeness, gap-free numbering).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, verify } from './lib.mjs';

const ROUNDS = 10;
const WRITERS = 8;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test(`${ROUNDS} SIGKILLs under concurrent writes lose nothing acknowledged`, async () => {
  const srv = await startServer({ users: [{ login: 'w', role: 'agent' }] });
  try {
    const token = srv.token('w');
    const incidents = new Set();
    const comments = [];
    const statuses = {};
    for (let round = 0; round < ROUNDS; round++) {
      let stop = false;
      const writer = async (w) => {
        let i = 0;
        while (!stop) {
          try {
            const r = await api(srv, 'POST', '/api/v1/incidents', { token, body: { title: `round ${round} writer ${w} #${i++}` } });
            statuses[r.status] = (statuses[r.status] || 0) + 1;
            if (r.status !== 201) continue;
            incidents.add(r.json.number);
            const body = `note ${round}.${w}.${i}`;
            const c = await api(srv, 'POST', `/api/v1/incidents/${r.json.number}/comments`, { token, body: { body } });
            statuses[c.status] = (statuses[c.status] || 0) + 1;
            if (c.status === 201) comments.push([r.json.number, body]);
          } catch {
            // the server died under this request: not acknowledged, nothing promised
            if (stop) return;
            await sleep(5);
          }
        }
      };
      const running = Array.from({ length: WRITERS }, (_, w) => writer(w));
      // kill at a random moment, once the round has had a few writes
      // acknowledged (a loaded machine can take longer to get there)
      const start = incidents.size;
      await sleep(80 + Math.floor(Math.random() * 250));
      for (let waited = 0; incidents.size < start + 5 && waited < 5000; waited += 20) await sleep(20);
      await srv.kill9();
      stop = true;
      await Promise.all(running);
      await srv.start();
    }
    assert.ok(incidents.size >= ROUNDS * 5, `only ${incidents.size} acknowledged creates`);
    for (const code of Object.keys(statuses)) assert.ok(Number(code) < 500, `server answered ${code}: ${JSON.stringify(statuses)}`);

    const seen = new Set();
    let cursor = null;
    do {
      const r = await api(srv, 'GET', `/api/v1/incidents?limit=200&sort=created_at${cursor ? `&cursor=${cursor}` : ''}`, { token });
      assert.equal(r.status, 200);
      for (const it of r.json.items) seen.add(it.number);
      cursor = r.json.next_cursor;
    } while (cursor);
    for (const n of incidents) assert.ok(seen.has(n), `${n} was acknowledged but is gone`);

    const byTicket = new Map();
    for (const [n, body] of comments) byTicket.set(n, [...(byTicket.get(n) || []), body]);
    for (const [n, bodies] of byTicket) {
      const r = await api(srv, 'GET', `/api/v1/incidents/${n}/comments`, { token });
      const have = new Set(r.json.items.map((c) => c.body));
      for (const b of bodies) assert.ok(have.has(b), `comment "${b}" on ${n} was acknowledged but is gone`);
      const h = await api(srv, 'GET', `/api/v1/incidents/${n}/history`, { token });
      const actions = h.json.items.map((e) => e.action);
      assert.equal(actions[0], 'create', n);
      assert.ok(actions.filter((a) => a === 'comment').length >= bodies.length, `${n} lacks comment audit rows`);
    }
    await srv.stop();
    const v = verify(srv);
    assert.equal(v.ok, true, JSON.stringify(v));
    assert.equal(v.integrity, 'ok');
    assert.equal(v.tickets_without_create_audit, 0);
    assert.equal(v.comments_without_audit, 0);
    assert.equal(v.counter_gaps, 0);
    assert.equal(v.tickets_without_search, 0);
    assert.ok(v.rows.tickets >= incidents.size);
  } finally {
    await srv.cleanup();
  }
});
