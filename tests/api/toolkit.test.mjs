// Toolkits (issue #20): the built-in itil-starter applied to an empty
// database, applied again (nothing changes), after local edits (kept and
// reported, unless forced), a dry run (changes nothing), export -> apply on
// a fresh database (the same configuration, compared by export), hostile
// bundles refused with every problem named and nothing changed; and the
// CLI: init applies the starter (unless --no-toolkit), toolkit list, show,
// apply FILE, export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, as, api, fieldsOf, verify, BIN, freshDatabase } from './lib.mjs';

const ZONE = 'Europe/Berlin';
let s, admin, agent, starter;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }], settings: { STEWARD_TIMEZONE: ZONE } });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  starter = (await admin('GET', '/api/v1/toolkits/itil-starter')).json;
});
after(async () => { await s.cleanup(); });

const exportOf = async (who = admin) => {
  const r = await who('GET', '/api/v1/toolkit-export');
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const applyBundle = (bundle, query = '') => admin('POST', `/api/v1/toolkits/apply${query}`, { body: bundle });
const itemCount = (b) => Object.values(b.sections).reduce((n, a) => n + a.length, 0);
const byKey = (rep, key) => rep.items.find((i) => i.key === key);
const clone = (x) => JSON.parse(JSON.stringify(x));

test('the built-in toolkits are listed and shown to admins only', async () => {
  const list = await admin('GET', '/api/v1/toolkits');
  assert.equal(list.status, 200);
  const it = list.json.items.find((t) => t.name === 'itil-starter');
  assert.ok(it, JSON.stringify(list.json));
  assert.equal(it.title, 'ITIL starter');
  assert.equal(it.items, itemCount(starter));
  assert.ok(it.items >= 30, `${it.items} items`);
  assert.equal(starter.format, 'steward-toolkit/1');
  assert.equal((await agent('GET', '/api/v1/toolkits')).status, 403);
  assert.equal((await agent('GET', '/api/v1/toolkit-export')).status, 403);
  assert.equal((await admin('GET', '/api/v1/toolkits/nope')).status, 404);
});

test('a dry run reports what would change and changes nothing', async () => {
  const before = await exportOf();
  const rows = verify(s).rows;
  const r = await admin('POST', '/api/v1/toolkits/itil-starter/apply?dry_run=true');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dry_run, true);
  assert.equal(r.json.applied, false);
  assert.ok(r.json.counts.added >= 20, JSON.stringify(r.json.counts));
  assert.equal(byKey(r.json, 'itil-starter.incident-template.service-outage').outcome, 'added');
  // the seeded 24x7 calendar is the starter's, member for member: adopted
  assert.equal(byKey(r.json, 'itil-starter.calendar.24x7').outcome, 'unchanged');
  // the seeded business-hours calendar is in UTC, the starter's in the installation's zone
  assert.equal(byKey(r.json, 'itil-starter.calendar.business-hours').outcome, 'kept_exists');
  assert.deepEqual(await exportOf(), before);
  assert.deepEqual(verify(s).rows, rows);
  assert.equal((await admin('GET', '/api/v1/templates')).json.items.length, 0);
});

test('apply to an empty configuration, then again: nothing changes the second time', async () => {
  const audit0 = verify(s).rows.audit;
  // the schema seeds P1-P5 (migration 6); the starter's are the same targets under its SLA agreement:
  // taken over by force, as steward init does (an untouched seed is otherwise kept as it exists)
  const seeds = [1, 2, 3, 4, 5].map((p) => `itil-starter.sla.incident-p${p}`).join(',');
  const r = await admin('POST', `/api/v1/toolkits/itil-starter/apply?force=itil-starter.calendar.business-hours,${seeds}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.applied, true);
  assert.equal(r.json.counts.failed, 0);
  assert.equal(r.json.counts.added + r.json.counts.updated + r.json.counts.unchanged, itemCount(starter), JSON.stringify(r.json.items.filter((i) => !['added', 'updated', 'unchanged'].includes(i.outcome))));
  const cal = await admin('GET', '/api/v1/calendars/Business%20hours');
  assert.equal(cal.json.timezone, ZONE, '"local" is the installation zone');
  assert.equal(cal.json.hours, 'mon-fri 09:00-17:00');
  const tpl = await agent('GET', '/api/v1/templates/Service%20outage');
  assert.equal(tpl.status, 200);
  assert.equal(tpl.json.impact, 1);
  assert.equal(tpl.json.urgency, 1);
  const sla = await agent('GET', '/api/v1/sla-policies/Service%20request');
  assert.equal(sla.json.calendar, 'Business hours');
  assert.equal(sla.json.match_kind, 'request');
  const item = await agent('GET', '/api/v1/catalog-items/Joiner');
  assert.equal(item.status, 200);
  assert.ok(item.json.variables.some((v) => v.name === 'laptop_model' && v.when === 'show' && v.when_variable === 'needs_laptop'));
  const reasons = (await agent('GET', '/api/v1/breach-reasons')).json.items.map((x) => x.name);
  assert.ok(reasons.includes('major_incident') && reasons.includes('third_party'), reasons.join());
  // an audit row per item added or updated (the toolkit's), beside the record's own
  const written = r.json.counts.added + r.json.counts.updated;
  assert.ok(written >= 20);
  assert.ok(verify(s).rows.audit >= audit0 + 2 * written, `${audit0} -> ${verify(s).rows.audit}`);

  const first = await exportOf();
  const again = await admin('POST', '/api/v1/toolkits/itil-starter/apply');
  assert.equal(again.status, 200);
  assert.equal(again.json.counts.unchanged, itemCount(starter), JSON.stringify(again.json.counts));
  assert.equal(again.json.counts.added + again.json.counts.updated, 0);
  assert.deepEqual(await exportOf(), first);
});

test('local edits are kept and reported, unless forced; a new version updates what nobody touched', async () => {
  const edit = await admin('PATCH', '/api/v1/templates/Service%20outage', { body: { impact: 2 } });
  assert.equal(edit.status, 200, edit.text);
  const v2 = clone(starter);
  for (const t of v2.sections.incident_templates) {
    t.version = 2;
    t.description += '\nBusiness impact: ';
  }
  const r = await applyBundle(v2);
  assert.equal(r.status, 200, r.text);
  const kept = byKey(r.json, 'itil-starter.incident-template.service-outage');
  assert.equal(kept.outcome, 'kept_changed_locally');
  assert.equal(kept.applied_version, 1);
  assert.equal(byKey(r.json, 'itil-starter.incident-template.hardware-fault').outcome, 'updated');
  let tpl = (await agent('GET', '/api/v1/templates/Service%20outage')).json;
  assert.equal(tpl.impact, 2, 'the local edit stays');
  assert.doesNotMatch(tpl.description, /Business impact/);
  assert.match((await agent('GET', '/api/v1/templates/Hardware%20fault')).json.description, /Business impact: $/);

  const again = await applyBundle(v2);
  assert.equal(byKey(again.json, 'itil-starter.incident-template.service-outage').outcome, 'kept_changed_locally');
  assert.equal(byKey(again.json, 'itil-starter.incident-template.hardware-fault').outcome, 'unchanged');

  const forced = await applyBundle(v2, '?force=itil-starter.incident-template.service-outage');
  assert.equal(forced.status, 200);
  const f = byKey(forced.json, 'itil-starter.incident-template.service-outage');
  assert.equal(f.outcome, 'updated');
  assert.equal(f.forced, true);
  tpl = (await agent('GET', '/api/v1/templates/Service%20outage')).json;
  assert.equal(tpl.impact, 1);
  assert.match(tpl.description, /Business impact: $/);
});

test('notification templates: the wording of every event is an item, updated by a new version', async () => {
  const events = (await admin('GET', '/api/v1/notification-templates')).json.items.map((t) => t.event).sort();
  assert.deepEqual(starter.sections.notification_templates.map((t) => t.name).sort(), events);
  const v2 = clone(starter);
  const resolved = v2.sections.notification_templates.find((t) => t.name === 'resolved');
  resolved.version = 2;
  resolved.subject = '[{{number}}] Resolved: {{title}} (reply to reopen)';
  const r = await applyBundle(v2);
  assert.equal(r.status, 200, r.text);
  assert.equal(byKey(r.json, resolved.key).outcome, 'updated');
  // the starter's incident templates are version 1, and version 2 was applied above: kept
  assert.equal(byKey(r.json, 'itil-starter.incident-template.hardware-fault').outcome, 'kept_newer');
  const now = (await admin('GET', '/api/v1/notification-templates')).json.items.find((t) => t.event === 'resolved');
  assert.equal(now.subject, resolved.subject);
  assert.equal((await exportOf()).sections.notification_templates.find((t) => t.name === 'resolved').subject, resolved.subject);
});

test('export, then apply on a fresh database: the same configuration', async () => {
  // an agreement with its parties as text travels too (one naming services or groups needs them there)
  assert.equal((await admin('POST', '/api/v1/agreements', { body: { name: 'Shop SLA', type: 'sla', customer: 'Web shop', target_compliance: 97 } })).status, 201);
  const exported = await exportOf();
  // by name; what is not set is left out of an export
  assert.deepEqual(exported.sections.agreements.map((x) => [x.key, x.name, x.type, x.customer ?? x.group]), [
    ['itil-starter.agreement.network-ola', 'Network OLA', 'ola', 'Network'],
    ['itil-starter.agreement.service-desk-sla', 'Service desk SLA', 'sla', 'All users'],
    ['agreements.shop-sla', 'Shop SLA', 'sla', 'Web shop']]);
  assert.deepEqual(exported.sections.sla_policies.filter((p) => p.agreement === 'Network OLA').map((p) => p.name),
    ['Network OLA: P1', 'Network OLA: P2', 'Network OLA: P3', 'Network OLA: P4', 'Network OLA: P5']);
  assert.ok(exported.sections.assignment_rules.some((x) => x.name === 'Network faults to Network' && x.assignment_group === 'Network'));
  assert.ok(exported.sections.incident_templates.some((t) => t.key === 'itil-starter.incident-template.service-outage' && t.version === 2));
  // the sections added later travel too: the tree, groups (no people), plans, article templates, settings
  for (const sec of ['categories', 'groups', 'fulfilment_plans', 'article_templates', 'risk_settings', 'kpi_targets', 'survey_settings']) {
    assert.ok(exported.sections[sec]?.length, sec);
  }
  assert.ok(exported.sections.groups.every((g) => !('members' in g) && !('manager' in g)));
  assert.ok(exported.sections.fulfilment_plans.find((p) => p.name === 'Joiner').tasks.length === 3);
  assert.match(exported.sections.article_templates.find((t) => t.name === 'Known error').body, /## Workaround/);
  const t = await startServer({ settings: { STEWARD_TIMEZONE: 'Asia/Tokyo' } });
  try {
    const a2 = as(t, 'admin');
    const r = await a2('POST', '/api/v1/toolkits/apply?force=*', { body: exported });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.counts.failed, 0);
    const back = (await a2('GET', '/api/v1/toolkit-export')).json;
    assert.deepEqual(back, exported);
    const twice = await a2('POST', '/api/v1/toolkits/apply', { body: exported });
    assert.equal(twice.json.counts.unchanged, itemCount(exported), JSON.stringify(twice.json.counts));
  } finally {
    await t.cleanup();
  }
});

// A minimal valid bundle with one item per section given.
const bundle = (sections, extra = {}) => ({ format: 'steward-toolkit/1', name: 'hostile', version: 1, sections, ...extra });

test('a bundle with problems is refused with each problem named, and nothing changes', async () => {
  const before = await exportOf();
  const rows = verify(s).rows;
  const cases = [
    [bundle({ calendars: [{ key: 'c1', version: 1, name: 'c1', hours: '24x7', colour: 'red' }] }, { author: 'x' }),
      422, ['author', 'sections.calendars[0].colour']],
    [bundle({ calendars: [{ key: 'dup', version: 1, name: 'd1', hours: '24x7', timezone: 'UTC' },
      { key: 'dup', version: 1, name: 'd2', hours: '24x7', timezone: 'UTC' }] }), 422, ['sections.calendars[1]']],
    [bundle({ sla_policies: [{ key: 'p1', version: 1, name: 'ref', calendar: 'No such calendar', match_kind: 'incident', response_seconds: 60, resolution_seconds: 600 }] }),
      422, ['sections.sla_policies[0].calendar']],
    [bundle({ catalog_items: [{ key: 'f1', version: 1, name: 'Form', short_description: 'x', variables: [
      { name: 'a', label: 'A', type: 'text', when: 'show', when_variable: 'nope', when_value: 'x' }] }] }),
      422, ['sections.catalog_items[0].variables[0].when_variable']],
    [bundle({ calendars: [{ key: 'z1', version: 1, name: 'zone', hours: '24x7', timezone: 'Mars/Olympus' }] }),
      422, ['sections.calendars[0].timezone']],
    [bundle({ nonsense: [] }), 422, ['sections.nonsense']],
    [bundle({ calendars: [{ key: 'Bad Key!', version: 0, name: 'k' }] }), 422, ['sections.calendars[0].key', 'sections.calendars[0].version']],
    [{ name: 'x' }, 422, ['format', 'sections', 'version']],
    [bundle({ notification_templates: [{ key: 'n1', version: 1, name: 'no_such_event', subject: 's', body: 'b' },
      { key: 'n2', version: 1, name: 'resolved', subject: '{{nonsense}}', body: 'b' }] }),
    422, ['sections.notification_templates[0].name', 'sections.notification_templates[1].subject']],
  ];
  for (const [b, status, fields] of cases) {
    const r = await applyBundle(b);
    assert.equal(r.status, status, `${JSON.stringify(b)}: ${r.text}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    for (const f of fields) assert.ok(fieldsOf(r).includes(f), `${f} in ${JSON.stringify(fieldsOf(r))}`);
    const dry = await applyBundle(b, '?dry_run=true');
    assert.equal(dry.status, status);
  }
  // one good item beside a bad one: the good one is not applied either
  const mixed = await applyBundle(bundle({
    calendars: [{ key: 'good', version: 1, name: 'Good calendar', hours: '24x7', timezone: 'UTC' }],
    sla_policies: [{ key: 'bad', version: 1, name: 'Bad', calendar: 'Missing', match_kind: 'incident', response_seconds: 60, resolution_seconds: 600 }],
  }));
  assert.equal(mixed.status, 422);
  assert.deepEqual(fieldsOf(mixed), ['sections.sla_policies[0].calendar']);
  assert.equal((await admin('GET', '/api/v1/calendars/Good%20calendar')).status, 404);
  // invalid UTF-8, not JSON, and too large
  const bad = Buffer.concat([Buffer.from('{"format":"steward-toolkit/1","name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","version":1,"sections":{}}')]);
  assert.equal((await admin('POST', '/api/v1/toolkits/apply', { raw: bad, contentType: 'application/json' })).status, 400);
  assert.equal((await admin('POST', '/api/v1/toolkits/apply', { raw: '{"a":', contentType: 'application/json' })).status, 400);
  const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
  const large = await api(s, 'POST', '/api/v1/toolkits/apply', { token: s.token('admin'), raw: big, contentType: 'application/json' }).catch((e) => ({ status: 413, e }));
  assert.equal(large.status, 413);
  assert.equal((await admin('POST', '/api/v1/toolkits/apply?dry_run=maybe', { body: bundle({}) })).status, 400);
  assert.deepEqual(await exportOf(), before);
  assert.deepEqual(verify(s).rows, rows);
});

test('CLI: init applies the starter (unless --no-toolkit); list, show, apply FILE, dry run, export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'steward-toolkit-'));
  const db = freshDatabase(dir);
  const env = { ...process.env, STEWARD_PASSWORD_COST: 'min', STEWARD_TIMEZONE: ZONE };
  const run = (...args) => spawnSync(BIN, [...args, '--db', db.url], { encoding: 'utf8', env });
  try {
    const init = run('init');
    assert.equal(init.status, 0, init.stderr);
    assert.match(init.stdout, /toolkit itil-starter: added \d+, updated \d+, unchanged \d+, kept \(changed locally\) 0, kept \(exists\) 0/);
    const list = run('toolkit', 'list');
    assert.match(list.stdout, /^itil-starter\s+version 1\s+\d+ items\s+ITIL starter$/m);
    const show = run('toolkit', 'show', 'itil-starter');
    assert.deepEqual(JSON.parse(show.stdout), starter);
    const again = run('toolkit', 'apply', 'itil-starter');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`added 0, updated 0, unchanged ${itemCount(starter)}, kept \\(changed locally\\) 0, kept \\(exists\\) 0`));
    const file = join(dir, 'out.json');
    assert.equal(run('toolkit', 'export', file).status, 0);
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(exported.sections.calendars.find((c) => c.name === 'Business hours').timezone, ZONE);
    // a changed copy: a dry run reports, changes nothing
    exported.sections.incident_templates[0].version = 9;
    exported.sections.incident_templates[0].title = 'Changed by file';
    writeFileSync(file, JSON.stringify(exported));
    const dry = run('toolkit', 'apply', file, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^updated\s+incident_templates/m);
    assert.match(dry.stdout, /dry run, nothing changed/);
    assert.equal(run('toolkit', 'export', join(dir, 'after.json')).status, 0);
    assert.notEqual(JSON.parse(readFileSync(join(dir, 'after.json'), 'utf8')).sections.incident_templates[0].title, 'Changed by file');
    const real = run('toolkit', 'apply', file);
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stdout, /added 0, updated 1,/);
    // a broken file: refused, each problem named, exit 1
    writeFileSync(file, JSON.stringify(bundle({ calendars: [{ key: 'x', version: 1, name: 'x', hours: '24x7', timezone: 'Nowhere/Land' }] })));
    const broken = run('toolkit', 'apply', file);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /sections\.calendars\[0\]\.timezone/);
    writeFileSync(file, Buffer.from([0x7b, 0xff, 0x7d]));
    assert.equal(run('toolkit', 'apply', file).status, 1);
    assert.equal(run('toolkit', 'apply', join(dir, 'missing.json')).status, 1);
    assert.equal(run('toolkit', 'frobnicate').status, 2);

    mkdirSync(join(dir, 'x'));
    const bare = freshDatabase(join(dir, 'x'));
    if (bare.url !== db.url) {
      const runBare = (...args) => spawnSync(BIN, [...args, '--db', bare.url], { encoding: 'utf8', env });
      const i2 = runBare('init', '--no-toolkit');
      assert.equal(i2.status, 0, i2.stderr);
      assert.doesNotMatch(i2.stdout, /toolkit/);
      const dry2 = runBare('toolkit', 'apply', 'itil-starter', '--dry-run');
      assert.match(dry2.stdout, /^added\s+incident_templates\s+Service outage/m);
      bare.drop();
    }
  } finally {
    db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
