// Alert -> incident latency on the fast path (make bench's
// alert-incident-async row; docs/performance.md "Event ingestion").
//
//   node bench/alert_latency.mjs URL SOURCE_TOKEN AGENT_TOKEN [RATE=100] [SECONDS=10]
//
// Sends RATE major events a second for SECONDS, each its own dedup key,
// with "Prefer: respond-async" (answered 202 before it is processed), and
// watches GET /api/v1/alerts every 20 ms, as an agent, for each alert to
// show its incident.  The latency of an event is from just before its
// request went to the first read that showed its incident: accept,
// commit, the ingestion worker's pass, the incident's creation, and up to
// one read interval.  Prints one JSON line: sent, accepted, with an
// incident, distinct incidents, p50/p99/max in ms.  Needs a source of its
// own whose storm limit is out of the way (make bench makes one with
// storm_per_minute 1000: RATE x SECONDS must stay under it, or the rest go
// to the storm incident).
const [url, source, agent, rateArg, secondsArg] = process.argv.slice(2);
if (!url || !source || !agent) {
  console.error('usage: node alert_latency.mjs URL SOURCE_TOKEN AGENT_TOKEN [RATE] [SECONDS]');
  process.exit(2);
}
const rate = Number(rateArg || 100);
const seconds = Number(secondsArg || 10);
const run = `lat${Date.now().toString(36)}`;
const sentAt = new Map(); // dedup key -> ms
const latency = new Map();
const incidents = new Set();
let accepted = 0;
let refused = 0;

async function send(i) {
  const key = `${run}-${i}`;
  sentAt.set(key, performance.now());
  const r = await fetch(`${url}/api/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${source}`, 'content-type': 'application/json', prefer: 'respond-async' },
    body: JSON.stringify({ check: `Latency ${i}`, severity: 'major', dedup_key: key, message: 'make bench' }),
  });
  await r.arrayBuffer();
  if (r.status === 202) accepted++;
  else refused++;
}

let watching = true;
async function watch() {
  while (watching) {
    const t = performance.now();
    const r = await fetch(`${url}/api/v1/alerts?limit=200`, { headers: { authorization: `Bearer ${agent}` } });
    const j = await r.json();
    for (const a of j.items || []) {
      if (a.incident && sentAt.has(a.dedup_key) && !latency.has(a.dedup_key)) {
        latency.set(a.dedup_key, t - sentAt.get(a.dedup_key));
        incidents.add(a.incident);
      }
    }
    const wait = 20 - (performance.now() - t);
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
  }
}

const watcher = watch();
const total = Math.round(rate * seconds);
const start = performance.now();
const inflight = [];
for (let i = 0; i < total; i++) {
  const due = start + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((res) => setTimeout(res, wait));
  inflight.push(send(i));
}
await Promise.all(inflight);
const deadline = performance.now() + 30000;
while (latency.size < accepted && performance.now() < deadline) await new Promise((res) => setTimeout(res, 50));
watching = false;
await watcher;
const v = [...latency.values()].sort((a, b) => a - b);
const q = (p) => (v.length ? v[Math.min(v.length - 1, Math.ceil((p / 100) * v.length) - 1)] : 0);
console.log(JSON.stringify({ sent: total, accepted, refused, with_incident: v.length, incidents: incidents.size, p50_ms: +q(50).toFixed(1), p99_ms: +q(99).toFixed(1), max_ms: +(v.at(-1) || 0).toFixed(1) }));
