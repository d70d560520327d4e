// Bounded soak: many connections of mixed reads and writes against a real
// steward on loopback for a fixed time.  Passes when there was not one 5xx,
// not one failed connection (the server never fell over) and the server's
// memory stayed flat after warm-up.
//   node tests/soak/soak.mjs            (SOAK_SECONDS=120 SOAK_CONNECTIONS=256 by default)
// Run through `make soak` (and, briefly, by `make check`).
import { startServer, api } from '../api/lib.mjs';
import { readFileSync } from 'node:fs';

const SECONDS = Number(process.env.SOAK_SECONDS || 120);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS || 256);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssKiB(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) : 0;
}

// every simulated client comes from 127.0.0.1, as behind a reverse proxy:
// no per-address connection limit (docs/security.md)
const srv = await startServer({
  users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }],
  settings: { STEWARD_CONNECTIONS_PER_ADDRESS: '0' },
});
const agent = srv.token('agent1');
const eu = srv.token('eu1');
const seedNumbers = [];
for (let i = 0; i < 50; i++) {
  const r = await api(srv, 'POST', '/api/v1/incidents', { token: agent, body: { title: `seed ${i}`, requester: 'eu1', impact: 1 + (i % 3) } });
  seedNumbers.push(r.json.number);
}

const stats = { requests: 0, byStatus: {}, errors: 0, latencies: [] };
const samples = [];
const deadline = Date.now() + SECONDS * 1000;
let stop = false;

async function one(i) {
  const pick = Math.random();
  const n = seedNumbers[Math.floor(Math.random() * seedNumbers.length)];
  if (pick < 0.35) return api(srv, 'GET', `/api/v1/incidents/${n}`, { token: agent });
  if (pick < 0.55) return api(srv, 'GET', '/api/v1/incidents?limit=50&sort=-priority', { token: agent });
  if (pick < 0.62) return api(srv, 'GET', `/api/v1/incidents?text=seed%20${i % 50}`, { token: agent });
  if (pick < 0.70) return api(srv, 'GET', '/api/v1/incidents?limit=20', { token: eu });
  if (pick < 0.85) return api(srv, 'POST', '/api/v1/incidents', { token: agent, body: { title: `soak ${i}`, urgency: 2 } });
  if (pick < 0.95) return api(srv, 'POST', `/api/v1/incidents/${n}/comments`, { token: agent, body: { body: `soak comment ${i}`, internal: i % 2 === 0 } });
  return api(srv, 'GET', '/healthz');
}

async function worker(w) {
  let i = 0;
  while (!stop && Date.now() < deadline) {
    const t0 = performance.now();
    try {
      const r = await one(w * 1000000 + i++);
      stats.byStatus[r.status] = (stats.byStatus[r.status] || 0) + 1;
    } catch (e) {
      stats.errors++;
      if (stats.errors < 5) console.error('request failed:', e.cause?.code || e.message);
    }
    stats.requests++;
    if (stats.latencies.length < 200000) stats.latencies.push(performance.now() - t0);
  }
}

const sampler = (async () => {
  while (!stop && Date.now() < deadline) {
    samples.push({ t: Date.now(), rss: rssKiB(srv.proc.pid) });
    await sleep(Math.max(500, SECONDS * 1000 / 40));
  }
})();

const started = Date.now();
await Promise.all(Array.from({ length: CONNECTIONS }, (_, w) => worker(w)));
stop = true;
await sampler;
const elapsed = (Date.now() - started) / 1000;
const alive = srv.proc && srv.proc.exitCode === null;
const health = alive ? (await api(srv, 'GET', '/healthz')).status : 0;
const exitCode = await srv.stop();
await srv.cleanup();

const lat = stats.latencies.sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(1);
const warm = samples.filter((s) => s.t - started >= elapsed * 1000 * 0.25);
const early = warm.slice(0, Math.max(1, Math.floor(warm.length / 4)));
const late = warm.slice(-Math.max(1, Math.floor(warm.length / 4)));
const avg = (xs) => xs.reduce((a, s) => a + s.rss, 0) / xs.length;
const rssEarly = avg(early), rssLate = avg(late);
const growth = rssLate - rssEarly;
const fivexx = Object.entries(stats.byStatus).filter(([c]) => Number(c) >= 500).reduce((a, [, v]) => a + v, 0);

console.log(`soak: ${SECONDS}s, ${CONNECTIONS} connections, backend ${process.env.STEWARD_TEST_BACKEND || 'sqlite'}`);
console.log(`  requests ${stats.requests} (${(stats.requests / elapsed).toFixed(0)}/s), statuses ${JSON.stringify(stats.byStatus)}`);
console.log(`  latency ms p50 ${q(0.5)} p99 ${q(0.99)} max ${q(1)}`);
console.log(`  server RSS after warm-up ${(rssEarly / 1024).toFixed(1)} MiB -> end ${(rssLate / 1024).toFixed(1)} MiB (peak ${(Math.max(...samples.map((s) => s.rss)) / 1024).toFixed(1)} MiB)`);

const problems = [];
if (fivexx) problems.push(`${fivexx} responses were 5xx`);
if (stats.errors) problems.push(`${stats.errors} requests failed at the connection (crash or refusal)`);
if (!alive || health !== 200) problems.push('the server was not healthy at the end');
if (exitCode !== 0) problems.push(`the server exited ${exitCode} on SIGTERM`);
// flat memory: allow 25% or 24 MiB over the post-warm-up level, whichever is larger
if (growth > Math.max(rssEarly * 0.25, 24 * 1024)) problems.push(`memory grew by ${(growth / 1024).toFixed(1)} MiB`);
const unexpected = Object.keys(stats.byStatus).filter((c) => !['200', '201'].includes(c));
if (unexpected.length) problems.push(`unexpected statuses ${unexpected.join(', ')}`);
if (problems.length) {
  for (const p of problems) console.error(`soak: FAILED: ${p}`);
  console.log('soak: 0 passed, 1 failed');
  process.exit(1);
}
console.log('soak: 1 passed, 0 failed');
