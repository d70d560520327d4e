// The ticket record is described once (src/core/ticket/ticket_fields.c) and the
// OpenAPI components of every kind are generated from that description:
// here the document is held against real answers — single reads and list
// rows, as an agent and as an end user, with every optional part filled —
// so that neither can drift from the other.  Also: every input field the
// document declares is accepted, and history names only declared fields.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, api } from './lib.mjs';

let s, agent, eu, doc;

before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  const admin = as(s, 'admin');
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1'] } })).status, 201);
  doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
});
after(async () => { await s.cleanup(); });

// Does value fit schema (the subset the generated components use)?
function check(schema, value, path, errors) {
  if (schema.$ref) return check(doc.components.schemas[schema.$ref.split('/').pop()], value, path, errors);
  if ('const' in schema && value !== schema.const) errors.push(`${path}: ${JSON.stringify(value)} is not ${schema.const}`);
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} not in ${schema.enum}`);
  if (schema.type) {
    const types = [].concat(schema.type);
    const t = value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) errors.push(`${path}: ${t}, declared ${types}`);
    if (t === 'integer' && schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below minimum`);
    if (t === 'integer' && schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above maximum`);
    if (t === 'string' && schema.format === 'date-time' && Number.isNaN(Date.parse(value))) errors.push(`${path}: not a date-time`);
    if (t === 'array' && schema.items) value.forEach((v, i) => check(schema.items, v, `${path}[${i}]`, errors));
    if (t === 'object' && schema.properties) {
      for (const [k, v] of Object.entries(value)) {
        if (!(k in schema.properties)) errors.push(`${path}.${k}: sent but not declared`);
        else check(schema.properties[k], v, `${path}.${k}`, errors);
      }
    }
  }
  return errors;
}

test('every incident answer matches the generated Incident component, and a full one has every declared field', async () => {
  const schema = doc.components.schemas.Incident;
  assert.ok(schema, 'Incident component');
  assert.deepEqual(schema.properties.state.enum, ['new', 'in_progress', 'on_hold', 'resolved', 'closed', 'canceled']);
  assert.deepEqual(schema.properties.hold_reason.enum, ['awaiting_caller', 'awaiting_change', 'awaiting_vendor', null]);
  assert.equal(schema.properties.kind.const, 'incident');
  const svc = await as(s, 'admin')('POST', '/api/v1/services', { body: { name: 'Mail', criticality: 2 } });
  assert.equal(svc.status, 201);
  const ci = await agent('POST', '/api/v1/cis', { body: { name: 'mx1', class: 'application' } });
  assert.equal(ci.status, 201);
  const parent = (await agent('POST', '/api/v1/incidents', { body: { title: 'Mail down' } })).json.number;
  const r = await agent('POST', '/api/v1/incidents', { body: {
    title: 'Mail slow', requester: 'eu1', assignment_group: 'Desk', assignee: 'agent1', watchers: ['agent1'],
    service: 'Mail', ci: ci.json.id, parent, outage_start: '2026-11-30T10:00:00Z', outage_end: '2026-11-30T11:00:00Z',
    priority: 2, priority_reason: 'VIP' } });
  assert.equal(r.status, 201, r.text);
  const n = r.json.number;
  assert.equal((await agent('POST', `/api/v1/incidents/${parent}/major`, { body: { reason: 'all mail' } })).status, 200);
  assert.equal((await agent('POST', `/api/v1/incidents/${n}/hold`, { body: { reason: 'awaiting_vendor' } })).status, 200);
  const answers = {
    'agent single': (await agent('GET', `/api/v1/incidents/${n}`)).json,
    'agent parent': (await agent('GET', `/api/v1/incidents/${parent}`)).json,
    'end user single': (await eu('GET', `/api/v1/incidents/${n}`)).json,
  };
  for (const [who, list] of [['agent list', agent], ['end user list', eu]]) {
    const page = (await list('GET', '/api/v1/incidents')).json;
    assert.ok(page.items.length >= 1);
    page.items.forEach((item, i) => { answers[`${who}[${i}]`] = item; });
  }
  for (const [who, body] of Object.entries(answers)) assert.deepEqual(check(schema, body, who, []), []);
  const full = answers['agent single'];
  const missing = Object.keys(schema.properties).filter((k) => !(k in full) && k !== 'children');
  assert.deepEqual(missing, [], 'declared but not sent to an agent');
  assert.ok('children' in answers['agent parent']);
  for (const k of ['ci', 'ci_name', 'sla', 'impacted_services']) assert.ok(!(k in answers['end user single']), k);
  assert.ok(!('sla' in answers['agent list[0]']), 'SLA clocks are in single reads only');
});

test('the generated IncidentInput accepts exactly what the server decodes', async () => {
  const input = doc.components.schemas.IncidentInput;
  assert.equal(input.additionalProperties, false);
  for (const k of ['title', 'description', 'impact', 'urgency', 'category', 'requester', 'assignment_group',
    'assignee', 'watchers', 'priority', 'priority_reason', 'parent', 'template', 'service', 'ci', 'outage_start',
    'outage_end']) assert.ok(k in input.properties, k);
  const r = await agent('POST', '/api/v1/incidents', { body: { title: 'x', colour: 'red' } });
  assert.equal(r.status, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['colour']);
  // the incident routes name the generated components
  assert.equal(doc.paths['/api/v1/incidents'].post.requestBody.content['application/json'].schema.$ref,
    '#/components/schemas/IncidentInput');
  assert.equal(doc.paths['/api/v1/incidents/{number}'].get.responses['200'].content['application/json'].schema.$ref,
    '#/components/schemas/Incident');
});

test('history names only fields the component declares', async () => {
  const schema = doc.components.schemas.Incident;
  const n = (await agent('POST', '/api/v1/incidents', { body: { title: 'History', ci: null } })).json.number;
  let v = (await agent('GET', `/api/v1/incidents/${n}`)).json.version;
  const p = await agent('PATCH', `/api/v1/incidents/${n}`, { headers: { 'If-Match': `"${v}"` },
    body: { title: 'History 2', urgency: 1, assignment_group: 'Desk', assignee: 'agent1' } });
  assert.equal(p.status, 200, p.text);
  const h = (await agent('GET', `/api/v1/incidents/${n}/history`)).json.items;
  const extra = new Set(['assignment_rule', 'template', 'action', 'reason', 'via_parent', 'comment_id', 'body',
    'watcher', 'filename', 'size', 'sha256', 'kind', 'target', 'metric', 'policy', 'calendar', 'target_seconds', 'due_at',
    'elapsed_seconds', 'state_from', 'state_to', 'priority_basis' /* what set the priority (docs/incidents.md) */]);
  for (const e of h) {
    for (const k of Object.keys(e.changes || {})) {
      if (extra.has(k) || e.action.startsWith('sla_')) continue;
      assert.ok(k in schema.properties, `${e.action}: ${k} is not a field of Incident`);
    }
  }
  assert.ok(h.some((e) => e.action === 'update' && e.changes.title && e.changes.title.to === 'History 2'));
});
