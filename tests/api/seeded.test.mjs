// What `steward init` seeds through the migrations (calendars, SLA
// policies, notification rules and templates, CI classes) carries real
// timestamps, like every record created through the API (issue #12: they
// were null).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib.mjs';

let s, admin;
const started = Date.now();
before(async () => {
  s = await startServer();
  admin = as(s, 'admin');
});
after(async () => { await s.cleanup(); });

const SEEDED = [
  ['/api/v1/calendars', 'name', ['24x7', 'Business hours']],
  ['/api/v1/sla-policies', 'name', ['P1 critical', 'P5 planning']],
  ['/api/v1/notification-rules', 'name', ['Assignment', 'Escalation']],
  ['/api/v1/notification-templates', 'event', ['created', 'sla_breach']],
  ['/api/v1/ci-classes', 'name', ['hardware', 'server', 'database']],
];

test('every seeded record has its timestamps as RFC 3339 strings from when the database was set up', async () => {
  let checked = 0;
  for (const [path, key, expected] of SEEDED) {
    const r = await admin('GET', path);
    assert.equal(r.status, 200, path);
    const names = r.json.items.map((x) => x[key]);
    for (const e of expected) assert.ok(names.includes(e), `${path}: ${e} is seeded`);
    for (const item of r.json.items) {
      const stamps = Object.keys(item).filter((k) => k === 'created_at' || k === 'updated_at');
      assert.ok(stamps.includes('updated_at'), `${path} ${item[key]}: has updated_at`);
      for (const k of stamps) {
        assert.equal(typeof item[k], 'string', `${path} ${item[key]}: ${k} is ${JSON.stringify(item[k])}`);
        assert.match(item[k], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        const t = Date.parse(item[k]);
        assert.ok(t >= started - 600000 && t <= Date.now() + 5000, `${path} ${item[key]}: ${k} ${item[k]} is not when init ran`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 40, `${checked} timestamps checked`);
  const one = await admin('GET', '/api/v1/calendars/24x7');
  assert.equal(typeof one.json.created_at, 'string');
  assert.equal(typeof one.json.updated_at, 'string');
});
