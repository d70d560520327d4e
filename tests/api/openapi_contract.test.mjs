// The OpenAPI document held against the server it describes.  Every GET
// operation the document declares is called as an admin, an agent and an
// end user, its path parameters filled with records that exist (the demo
// organisation, plus what the setup adds so that the optional parts of
// answers are there too), lists followed page by page through
// next_cursor.  Each answer's status must be declared for the operation,
// its media type declared for that status, and a JSON body must validate
// against the declared schema (ajv, from tests/openapi/package.json): a
// success against the operation's schema, an error against Problem.  The
// schemas are closed (additionalProperties: false) and list what is
// required, so a field the server sends that the document does not
// declare, or a required one it leaves out, fails here.  The setup's own
// writes are held to the document the same way, and so is the event
// stream, event by event.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, api, as, cli, sqlOn, ADMIN_PASSWORD } from './lib.mjs';

const require = createRequire(new URL('../openapi/package.json', import.meta.url));
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const LOGINS = { admin: 'admin', agent: 'sam.desk', end_user: 'jdoe' }; // the last two from `steward demo`
const ROLES = Object.keys(LOGINS);
const PAGE = 2; // lists are read this many items at a time, to page through them
const PAGES_MAX = 4;

let s, doc, ajv, call;
const validators = new Map();
const seen = new Map(); // "GET /template" -> { role: [statuses] }
const paged = new Set(); // templates whose page 2 was read
const fixtures = {}; // records the setup made: preferred values for path parameters
const instances = new Set(); // components an answer held an instance of

before(async () => {
  // mail to a port where nothing listens: the outbox fills, with failed attempts
  s = await startServer({ settings: { STEWARD_SMTP_URL: 'smtp://127.0.0.1:9', STEWARD_SMTP_TLS: 'no', STEWARD_MAILER_INTERVAL: '1s' } });
  cli(['demo', '--db', s.dbUrl]);
  call = Object.fromEntries(ROLES.map((r) => [r, as(s, LOGINS[r])]));
  const r = await api(s, 'GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  doc = r.json;
  ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  await setup();
});
after(async () => { await s.cleanup(); });

// ---- the document --------------------------------------------------------

const escape = (seg) => encodeURIComponent(String(seg).replace(/~/g, '~0').replace(/\//g, '~1'));
const pointer = (...segs) => segs.map((x) => `/${escape(x)}`).join('');

// The component a $ref names, or the object itself.
function deref(o) {
  while (o && o.$ref) o = o.$ref.slice(2).split('/').reduce((a, k) => a[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  return o;
}

// Note which components value holds instances of (after it validated).
function mark(schema, value) {
  if (!schema || value === null || typeof value !== 'object') return;
  if (schema.$ref) {
    instances.add(schema.$ref.split('/').pop());
    mark(deref(schema), value);
  } else if (Array.isArray(value)) {
    for (const v of value) mark(schema.items, v);
  } else {
    for (const [k, v] of Object.entries(value)) mark(schema.properties?.[k] ?? schema.additionalProperties, v);
  }
}

function validatorAt(ptr) {
  if (!validators.has(ptr)) validators.set(ptr, ajv.compile({ $ref: `openapi.json#${ptr}` }));
  return validators.get(ptr);
}

// The path template of the document that serves path ("/api/v1/incidents/counts"
// before "/api/v1/incidents/{number}", as the router matches).
function templateOf(method, path) {
  const candidates = Object.keys(doc.paths)
    .filter((t) => doc.paths[t][method.toLowerCase()])
    .filter((t) => new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`).test(path))
    .sort((a, b) => (a.match(/\{/g) || []).length - (b.match(/\{/g) || []).length);
  assert.ok(candidates.length, `${method} ${path}: not in the document`);
  return candidates[0];
}

// Does answer res of method path agree with the document?  Records what was seen.
function conforms(role, method, path, res) {
  const where = `${role}: ${method} ${path} -> ${res.status}`;
  const template = templateOf(method, path.split('?')[0]);
  const key = `${method} ${template}`;
  if (!seen.has(key)) seen.set(key, {});
  (seen.get(key)[role] ||= []).push(res.status);
  const op = doc.paths[template][method.toLowerCase()];
  const status = String(res.status);
  // a 5xx would match "default", but nothing here should make the server fail
  assert.ok(res.status < 500, `${where}: ${res.text.slice(0, 300)}`);
  assert.ok(op.responses[status], `${where}: status not declared (${Object.keys(op.responses)}): ${res.text.slice(0, 300)}`);
  const declared = op.responses[status];
  const response = deref(declared);
  const type = (res.headers.get('content-type') || '').split(';')[0].trim();
  if (!response.content) {
    assert.equal(res.bytes.length, 0, `${where}: a body where none is declared`);
    return;
  }
  const media = response.content[type] ? type : response.content['*/*'] ? '*/*' : null;
  assert.ok(media, `${where}: ${type || 'no media type'} is not declared (${Object.keys(response.content)})`);
  // a page (the survey links') tells its refusals as a page; everything else as a problem
  const isPage = Object.values(op.responses).some((r) => String(r.description) === 'OK' && deref(r).content?.['text/html']);
  if (res.status >= 400 && !(isPage && type === 'text/html')) assert.equal(type, 'application/problem+json', `${where}: an error that is not a problem`);
  if (type !== 'application/json' && type !== 'application/problem+json') return;
  assert.notEqual(res.json, undefined, `${where}: not JSON`);
  const base = declared.$ref ? declared.$ref.slice(1) : pointer('paths', template, method.toLowerCase(), 'responses', status);
  const v = validatorAt(`${base}${pointer('content', media, 'schema')}`);
  assert.ok(v(res.json), `${where}: the body does not match the document:\n${ajv.errorsText(v.errors, { separator: '\n' })}\n${res.text.slice(0, 600)}`);
  mark(response.content[media].schema, res.json);
}

// A request whose answer is held to the document; resolves to the answer.
// role may also be a function that makes the request (another kind of caller).
async function checked(role, method, path, opts) {
  const res = await (typeof role === 'function' ? role : call[role])(method, path, opts);
  conforms(typeof role === 'function' ? 'cookie' : role, method, path, res);
  return res;
}

// ---- the data ------------------------------------------------------------

// Everything an answer can carry, made through the API on top of the demo.
async function setup() {
  const admin = (m, p, o) => checked('admin', m, p, o);
  const agent = (m, p, o) => checked('agent', m, p, o);
  const eu = (m, p, o) => checked('end_user', m, p, o);
  const ok = (res, status) => { assert.equal(res.status, status, res.text); return res.json; };

  const service = (await admin('GET', '/api/v1/services')).json.items[0];
  const [ci1, ci2] = (await admin('GET', '/api/v1/cis?limit=2')).json.items;
  const rel = await admin('POST', `/api/v1/cis/${ci1.id}/relations`, { body: { type: 'depends_on', to: ci2.id } });
  assert.ok([201, 409].includes(rel.status), rel.text);
  const objective = ok(await admin('POST', '/api/v1/objectives', { body: { name: 'Keep mail flowing', owner: 'maria.manager', measure: 'uptime', target: '99.9 %' } }), 201);
  ok(await admin('PATCH', `/api/v1/services/${service.id}`, { body: { objectives: [objective.name], cis: [ci1.id], links: ['https://wiki.example.com/mail'], risk: 'high', availability_target: 99.9, annual_cost: 1200, cost_centre: 'IT-01' } }), 200);

  const parent = ok(await agent('POST', '/api/v1/incidents', { body: { title: 'Mail down for everyone', requester: 'jdoe' } }), 201);
  ok(await agent('POST', `/api/v1/incidents/${parent.number}/major`, { body: { reason: 'all of mail' } }), 200);
  const full = ok(await agent('POST', '/api/v1/incidents', { body: {
    title: 'Mail slow in Leeds', description: 'since nine', requester: 'jdoe', assignment_group: 'Service Desk', assignee: 'sam.desk',
    watchers: ['lee.desk'], service: service.name, ci: ci1.id, parent: parent.number, category: 'email',
    outage_start: '2026-11-30T10:00:00Z', outage_end: '2026-11-30T11:00:00Z', priority: 2, priority_reason: 'VIP',
    custom: { site: 'Leeds', users_affected: 4 } } }), 201);
  ok(await agent('POST', `/api/v1/incidents/${full.number}/hold`, { body: { reason: 'awaiting_vendor' } }), 200);
  ok(await eu('POST', `/api/v1/incidents/${full.number}/comments`, { body: { body: 'still slow' } }), 201);
  ok(await agent('POST', `/api/v1/incidents/${full.number}/comments`, { body: { body: 'vendor ticket 42', internal: true } }), 201);
  const file = ok(await agent('POST', `/api/v1/incidents/${full.number}/attachments?filename=trace.txt`, { raw: Buffer.from('trace\n'), contentType: 'text/plain' }), 201);
  ok(await agent('POST', `/api/v1/incidents/${full.number}/links`, { body: { kind: 'relates_to', target: parent.number } }), 201);
  const resolved = ok(await agent('POST', '/api/v1/incidents', { body: { title: 'Printer jam', requester: 'jdoe', category: 'hardware' } }), 201);
  ok(await agent('POST', `/api/v1/incidents/${resolved.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'cleared' } }), 200);

  ok(await admin('POST', '/api/v1/mandatory-fields', { body: { kind: 'incident', state: 'resolved', field: 'category' } }), 201);
  ok(await admin('POST', '/api/v1/escalation-rules', { body: { name: 'Breach to manager', event: 'breach', action: 'notify_manager', match_metric: 'resolution', match_priority: 1 } }), 201);
  ok(await admin('POST', '/api/v1/assignment-rules', { body: { name: 'Mail to desk', match_keywords: ['mail'], match_category: 'email', match_priority: 2, assignment_group: 'Service Desk', assign: 'round_robin', match_service: service.name, match_ci: ci1.id } }), 201);
  ok(await admin('POST', '/api/v1/calendars', { body: { name: 'UK office', timezone: 'Europe/London', hours: 'mon-fri 09:00-17:00', holidays: ['2026-12-25'] } }), 201);
  // agreements: an SLA owning the policy below, and an OLA that cannot support it (flagged)
  ok(await admin('POST', '/api/v1/agreements', { body: { name: 'Mail SLA', type: 'sla', status: 'active', description: 'mail for everyone', customer: 'Everyone',
    owner: 'sam.desk', valid_from: '2026-01-01', valid_to: '2030-12-31', review_date: '2029-06-30', document_url: 'https://docs.example.com/mail-sla',
    target_compliance: 97, amber_percent: 92, services: [service.name] } }), 201);
  ok(await admin('POST', '/api/v1/agreements', { body: { name: 'Desk OLA', type: 'ola', status: 'active', group: 'Service Desk' } }), 201);
  ok(await admin('POST', '/api/v1/sla-policies', { body: { name: 'Desk OLA P2', calendar: 'UK office', match_priority: 2, position: 2, resolution_seconds: 36000, agreement: 'Desk OLA' } }), 201);
  ok(await admin('POST', '/api/v1/sla-policies', { body: { name: 'P2 office', calendar: 'UK office', match_kind: 'incident', match_priority: 2, match_group: 'Service Desk', match_service: service.name, position: 1, response_seconds: 3600, resolution_seconds: 28800, agreement: 'Mail SLA' } }), 201);
  ok(await admin('POST', '/api/v1/notification-rules', { body: { name: 'Mail on comments', event: 'commented', recipients: ['requester', 'watchers'], channels: ['in_app', 'email'], active: true } }), 201);
  ok(await agent('POST', `/api/v1/incidents/${full.number}/comments`, { body: { body: 'the vendor is on it' } }), 201);

  // problems: one raised from incidents, with every field of its own; three
  // alike incidents unlinked, for a candidate
  const jam = [];
  for (let i = 0; i < 3; i++) jam.push(ok(await agent('POST', '/api/v1/incidents', { body: { title: `Scanner ${i} offline`, requester: 'jdoe', ci: ci2.id } }), 201).number);
  const linked = ok(await agent('POST', '/api/v1/incidents', { body: { title: 'Mail bounces', requester: 'jdoe' } }), 201);
  const problem = ok(await agent('POST', '/api/v1/problems', { body: {
    title: 'Mail relay drops messages', symptoms: 'bounces', root_cause: 'relay queue full', cause_category: 'capacity',
    assignment_group: 'Service Desk', incidents: [linked.number], service: service.name, ci: ci1.id,
    review_went_well: 'w', review_went_wrong: 'x', review_actions: 'y' } }), 201);
  ok(await agent('POST', `/api/v1/problems/${problem.number}/workaround`, { body: { workaround: 'flush the queue' } }), 200);
  ok(await agent('POST', `/api/v1/problems/${problem.number}/major`, { body: { reason: 'mail for everyone' } }), 200);
  ok(await admin('POST', '/api/v1/cause-categories', { body: { name: 'supplier', label: 'Supplier', position: 9 } }), 201);
  assert.equal(jam.length, 3);
  // a change with every field of its own, a task, and an incident it caused
  const change = ok(await agent('POST', '/api/v1/changes', { body: {
    title: 'Upgrade the mail relay', type: 'normal', justification: 'end of support', change_owner: 'sam.desk', assignment_group: 'Service Desk',
    planned_start: '2031-01-01T22:00:00Z', planned_end: '2031-01-01T23:00:00Z', implementation_plan: 'i', backout_plan: 'b', test_plan: 't',
    test_results: 'r', communication_plan: 'c', outage_expected: true, outage_minutes: 30, risk: 'medium', risk_reason: 'r', pir: 'p',
    affected_services: [service.id], affected_cis: [ci1.id], service: service.name, ci: ci1.id } }), 201);
  ok(await admin('POST', '/api/v1/article-templates', { body: { name: 'Troubleshooting', description: 'For the desk', kind: 'troubleshooting',
    audience: 'agents', category: 'network/vpn', body: '## Symptoms\n\n## Diagnosis\n', position: 2 } }), 201);
  ok(await admin('POST', '/api/v1/change-templates', { body: { name: 'Renew a certificate', description: 'd', category: 'email', implementation_plan: 'i',
    backout_plan: 'b', test_plan: 't', services: [service.name], cis: [ci1.id], risk: 'low' } }), 201);
  // a second change in the same window on the same CI: a conflict of each
  ok(await agent('POST', '/api/v1/changes', { body: { title: 'Patch the relay host', affected_cis: [ci1.id],
    planned_start: '2031-01-01T22:30:00Z', planned_end: '2031-01-01T23:30:00Z' } }), 201);
  ok(await agent('POST', `/api/v1/changes/${change.number}/ci-updates`, { body: { ci: ci1.id, status: 'maintenance' } }), 201);
  const changeTask = ok(await agent('POST', `/api/v1/changes/${change.number}/tasks`, { body: { title: 'Drain the relay', assignment_group: 'Service Desk' } }), 201);
  // a release with every field of its own, grouping the change, decided on
  const rls = ok(await agent('POST', '/api/v1/releases', { body: { title: 'Mail 2.0', release_version: '2.0.0', release_type: 'major',
    build_planned: '2030-12-20T09:00:00Z', test_planned: '2030-12-27T09:00:00Z', deploy_planned: '2031-01-01T22:00:00Z',
    window_start: '2031-01-01T22:00:00Z', window_end: '2031-01-01T23:00:00Z', release_notes: '# Mail 2.0\n\n- new relay' } }), 201);
  ok(await agent('POST', `/api/v1/releases/${rls.number}/changes`, { body: { changes: [change.number] } }), 200);
  for (const a of ['build', 'test']) ok(await agent('POST', `/api/v1/releases/${rls.number}/${a}`, { body: {} }), 200);
  ok(await agent('POST', `/api/v1/releases/${rls.number}/no_go`, { body: { reason: 'tests failed' } }), 200);
  ok(await agent('PATCH', `/api/v1/incidents/${linked.number}`, { body: { caused_by: change.number }, headers: { 'if-match': String((await agent('GET', `/api/v1/incidents/${linked.number}`)).json.version) } }), 200);
  // a knowledge article with everything an answer can carry: attachment,
  // owner, review date, problem, a reviewer's note, a published version and
  // a draft on top of it, a rating, a ticket link, a deflection
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('image')]);
  let kb = ok(await agent('POST', '/api/v1/articles', { body: {
    title: 'Mail slow in Leeds: what to try', summary: 'Check the mail service first', body: '## Steps\n\n1. Restart Outlook',
    kind: 'troubleshooting', audience: 'everyone', services: [service.name], categories: ['email'], keywords: ['mail', 'slow'],
    owner: 'sam.desk', review_by: '2020-01-01', problem: parent.number } }), 201);
  const kbFile = ok(await agent('POST', `/api/v1/articles/${kb.number}/attachments?filename=diagram.png`, { raw: png, contentType: 'image/png' }), 201);
  ok(await agent('POST', `/api/v1/articles/${kb.number}/submit`), 200);
  ok(await admin('POST', `/api/v1/articles/${kb.number}/reject`, { body: { reason: 'add the diagram' } }), 200);
  kb = ok(await admin('POST', `/api/v1/articles/${kb.number}/publish`), 200);
  ok(await agent('PATCH', `/api/v1/articles/${kb.number}`, { body: { body: `## Steps\n\n1. Restart Outlook\n2. Look at the diagram\n\n![diagram](/api/v1/articles/${kb.number}/attachments/${kbFile.id})` }, headers: { 'if-match': String(kb.revision) } }), 200);
  ok(await eu('POST', `/api/v1/articles/${kb.number}/ratings`, { body: { helpful: true, comment: 'worked' } }), 201);
  ok(await agent('POST', `/api/v1/articles/${kb.number}/links`, { body: { ticket: full.number } }), 201);
  assert.equal((await eu('POST', `/api/v1/articles/${kb.number}/deflect`)).status, 204);
  ok(await agent('POST', '/api/v1/articles/preview', { body: { body: '**x**', article: kb.number } }), 200);
  VARIANTS['/api/v1/articles'].push(`?ticket=${full.number}`);

  // approvals: a policy with every condition, a request decided in part
  // (a comment, a delegate's decision) and one still pending; a delegation
  ok(await admin('POST', '/api/v1/approval-policies', { body: {
    name: 'Major problems to the desk', kind: 'problem', position: 1, match_priority: 1, match_service: service.name, match_category: 'email',
    steps: [{ rule: 'any', users: ['sam.desk'] }, { rule: 'n_of_m', required: 1, groups: ['Service Desk'], service_owner: true }] } }), 201);
  const asked = ok(await agent('POST', `/api/v1/incidents/${full.number}/approvals`, { body: { users: ['jdoe', 'sam.desk', 'lee.desk'], rule: 'all' } }), 201);
  const byLogin = Object.fromEntries(asked.steps[0].approvals.map((x) => [x.approver, x.id]));
  ok(await eu('POST', `/api/v1/approvals/${byLogin.jdoe}/approve`, { body: { comment: 'yes please' } }), 200);
  ok(await checked(as(s, 'lee.desk'), 'PUT', '/api/v1/me/delegation', { body: { delegate: 'sam.desk', ends_at: new Date(Date.now() + 30 * 86400e3).toISOString() } }), 200);
  ok(await admin('PUT', '/api/v1/me/delegation', { body: { delegate: 'sam.desk', ends_at: new Date(Date.now() + 30 * 86400e3).toISOString() } }), 200);
  ok(await agent('POST', `/api/v1/problems/${problem.number}/approvals`, { body: { users: ['sam.desk'], rule: 'any' } }), 201);
  // the change schedule: a window for a service, and a feed of it
  ok(await admin('POST', '/api/v1/change-windows', { body: { name: 'Mail patching', kind: 'maintenance', description: 'second Sunday', timezone: 'Europe/London',
    start: '2027-01-10T02:00', duration: 120, recurrence: 'FREQ=MONTHLY;BYDAY=2SU', allow_override: false, services: [service.name] } }), 201);
  const feed = ok(await admin('POST', '/api/v1/me/feeds', { body: { name: 'contract', scope: 'service', service: service.name } }), 201);
  ok(await admin('POST', '/api/v1/me/feeds', { body: { name: 'mine' } }), 201);
  // the email channel: a mailbox, and a message taken in through it so its status has counts
  ok(await admin('POST', '/api/v1/mailboxes', { body: { name: 'support', description: 'the desk\'s inbox', imap_url: 'imaps://127.0.0.1:1',
    imap_user: 'desk', folder: 'INBOX', processed_folder: 'Done', category: 'Email', unknown_sender: 'create' } }), 201);
  // an outgoing webhook (to a port nothing listens on: its deliveries stay pending) and a ping, so it has one
  ok(await admin('POST', '/api/v1/webhooks', { body: { name: 'contract-hook', description: 'chat-ops', url: 'http://127.0.0.1:9/hook',
    events: ['created', 'resolved'] } }), 201);
  ok(await admin('POST', '/api/v1/webhooks/contract-hook/ping'), 202);
  VARIANTS['/api/v1/change-windows/check'] = [`?from=2027-01-10T02:30:00Z&to=2027-01-10T03:00:00Z&service=${encodeURIComponent(service.name)}`,
    '?from=2027-01-31T20:00:00Z&to=2027-01-31T21:00:00Z'];
  VARIANTS['/api/v1/changes/calendar'] = ['?from=2027-01-01T00:00:00Z&to=2027-03-01T00:00:00Z', `?from=2027-01-01T00:00:00Z&to=2027-03-01T00:00:00Z&ci=${ci1.id}`];

  // the service catalogue: an item with a conditional form in two versions and a plan, a bundle, a retired item
  // a policy of conditional steps none of which applies to the order below: approved at once, the choices recorded
  ok(await admin('POST', '/api/v1/approval-policies', { body: { name: 'Big spend', kind: 'request', active: false, steps: [
    { rule: 'any', users: ['sam.desk'], when_cost_above: 5000 }, { rule: 'any', users: ['sam.desk'], when_variable: 'model', when_value: 'c' },
    { rule: 'any', users: ['sam.desk'], when_variable: 'model', when_pattern: 'z.*' }] } }), 201);
  ok(await admin('POST', '/api/v1/catalog-items', { body: { name: 'Tablet', service: service.name, category: 'hardware', short_description: 'A tablet',
    description: '**Fast**', icon: 'laptop', price: '900 EUR', cost: 900, approval_policy: 'Big spend', delivery_days: 3, variables: [
      { name: 'model', type: 'choice', label: 'Model', required: true, options: ['a', 'b'], default: 'a', help: 'pick one' },
      { name: 'ram', type: 'number', label: 'RAM', min: 8, max: 64, when: 'show', when_variable: 'model', when_value: 'b' },
      { name: 'tag', type: 'text', label: 'Tag', pattern: 'T-[0-9]+' }] } }), 201);
  ok(await admin('PATCH', '/api/v1/catalog-items/Tablet', { body: { variables: [{ name: 'model', type: 'choice', label: 'Model', options: ['a', 'b', 'c'] }, { name: 'ram', type: 'number', label: 'RAM', min: 8, max: 64, when: 'show', when_variable: 'model', when_value: 'b' },
    { name: 'photo', type: 'attachment', label: 'Photo', max_size: 100000, content_types: ['image/png', 'image/*'] }] } }), 200);
  ok(await admin('PUT', '/api/v1/catalog-items/Tablet/plan', { body: { tasks: [{ key: 'buy', title: 'Buy', group: 'Service Desk', variables: ['model'] }, { key: 'ship', title: 'Ship', depends_on: ['buy'], instructions: 'by courier' }] } }), 200);
  ok(await admin('POST', '/api/v1/catalog-items', { body: { name: 'Badge', short_description: 'A badge', active: false } }), 201);
  ok(await admin('POST', '/api/v1/catalog-items', { body: { name: 'Starter', short_description: 'New starter', bundle: ['Tablet', 'Badge'], order_groups: ['Service Desk'] } }), 201);
  ok(await eu('POST', '/api/v1/catalog-items/Tablet/check', { body: { variables: { model: 'b', ram: 16 } } }), 200);
  // a request ordered from it (no step of its policy applies: approved at once), with its tasks, one done
  const request = ok(await eu('POST', '/api/v1/catalog-items/Tablet/order', { body: { variables: { model: 'b', ram: 16 } } }), 201);
  const requestTasks = ok(await agent('GET', `/api/v1/requests/${request.number}/order`), 200).tasks;
  ok(await agent('POST', `/api/v1/tasks/${requestTasks[0].number}/complete`), 200);
  // toolkits: a dry run of the starter on top of the demo (its report), changing nothing
  const dry = ok(await admin('POST', '/api/v1/toolkits/itil-starter/apply?dry_run=true'), 200);
  assert.equal(dry.applied, false);
  VARIANTS['/api/v1/catalog-items'] = ['?text=tab', '?category=hardware', '?retired=true'];
  VARIANTS['/api/v1/catalog-items/{name}/form'] = ['?version=1'];
  // event management: a source, a rule with every optional part, alerts that opened an incident, were recorded,
  // resolved and acknowledged, and an Alertmanager notification
  const src = ok(await admin('POST', '/api/v1/event-sources', { body: { name: 'contract-prom', service: service.name, quiet_seconds: 3600 } }), 201);
  ok(await admin('POST', '/api/v1/alert-rules', { body: { name: 'contract-rule', position: 1, source: 'contract-prom', match_label: 'team', match_value: 'mail',
    min_severity: 'major', ci_label: 'host', ci: ci1.id, service: service.name, action: 'create', impact: 2, urgency: 2 } }), 201);
  ok(await admin('POST', '/api/v1/alert-rules', { body: { name: 'contract-record', position: 2, action: 'record' } }), 201);
  const source = (m, p, o) => api(s, m, p, { ...o, token: src.token });
  ok(await checked(source, 'POST', '/api/v1/events', { body: { check: 'QueueHigh', severity: 'critical', labels: { team: 'mail', host: 'x' }, message: 'queue high' } }), 200);
  ok(await checked(source, 'POST', '/api/v1/events', { body: [{ check: 'DiskFull', severity: 'warning', dedup_key: 'disk' },
    { check: 'QueueHigh', severity: 'critical', labels: { team: 'mail', host: 'x' }, state: 'resolved' }] }), 200);
  ok(await checked(source, 'POST', '/api/v1/events/alertmanager', { body: { version: '4', status: 'firing', alerts: [{ status: 'firing',
    labels: { alertname: 'HostDown', instance: 'nowhere:9100', severity: 'minor' }, annotations: { summary: 'down' },
    startsAt: '2026-01-01T10:00:00.5Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'c0ffee' }] } }), 202);
  ok(await checked(source, 'POST', '/api/v1/events', { body: { check: 'Later', severity: 'info' }, headers: { prefer: 'respond-async' } }), 202);
  const contractAlerts = ok(await admin('GET', '/api/v1/alerts?source=contract-prom'), 200).items;
  // the status page: a public service with an override and message, public updates on an incident of it
  ok(await admin('POST', '/api/v1/services', { body: { name: 'Contract public', criticality: 3 } }), 201);
  ok(await admin('POST', '/api/v1/status-services', { body: { name: 'Public contract', service: 'Contract public', position: 3 } }), 201);
  ok(await agent('PATCH', '/api/v1/status-services/Public%20contract', { body: { override: 'degraded_performance', message: 'Slow mail' } }), 200);
  ok(await agent('POST', `/api/v1/incidents/${full.number}/status-updates`, { body: { phase: 'investigating', title: 'Mail delays', body: 'Looking into it' } }), 201);
  ok(await agent('POST', `/api/v1/incidents/${full.number}/status-updates`, { body: { phase: 'identified', body: 'Found it' } }), 201);
  ok(await agent('POST', `/api/v1/alerts/${contractAlerts[0].id}/acknowledge`), 200);

  ok(await admin('POST', '/api/v1/import/cis', { raw: Buffer.from('external_id,name,class\nct-1,contract-ci,application\nct-2,,application\n'), contentType: 'text/csv' }), 200);
  ok(await admin('POST', '/api/v1/import/cis', { body: [{ external_id: 'ct-3', name: 'contract-ci-3', class: 'application' }] }), 200);
  // an atomic import refused: the problem carries the report
  const refused = await admin('POST', '/api/v1/import/cis?atomic=true', { raw: Buffer.from('external_id,name,class\nct-4,,application\n'), contentType: 'text/csv' });
  ok(refused, 422);
  assert.equal(refused.json.report.committed, false);

  // a browser's session: the login answer, and /me with its CSRF token
  const anon = (m, p, o) => api(s, m, p, o);
  const login = ok(await checked(anon, 'POST', '/api/v1/auth/login', { body: { login: 'jdoe', password: 'steward-demo' } }), 200);
  const me = await checked(anon, 'GET', '/api/v1/me', { cookie: (await api(s, 'POST', '/api/v1/auth/login', { body: { login: 'admin', password: ADMIN_PASSWORD } })).headers.get('set-cookie').split(';')[0] });
  assert.equal(typeof login.csrf_token, 'string');
  assert.equal(typeof me.json.csrf_token, 'string');

  // satisfaction surveys: the demo's answers (some with comments), one not answered, and a rating link: only the
  // email carries one (the in-app copy links to the ticket), and mail goes nowhere here, so from the queued row
  ok(await admin('PATCH', '/api/v1/survey-settings/improvement', { body: { enabled: true } }), 200);
  const commented = ok(await admin('GET', '/api/v1/surveys/comments'), 200).items.map((x) => x.ticket);
  const surveyMail = sqlOn(s, "SELECT body FROM notifications WHERE event = 'survey' AND channel = 'email' ORDER BY id DESC LIMIT 1");
  const surveyPage = surveyMail.match(/(\/survey\/[A-Z]+\d+\/al_[A-Za-z0-9_-]{43})/)[1];
  // an upload made before its order (docs/requests.md#uploads-before-the-request)
  ok(await admin('POST', '/api/v1/catalog-items', { body: { name: 'Contract upload', short_description: 'x', variables: [{ name: 'file', type: 'attachment', label: 'File' }] } }), 201);
  ok(await checked('end_user', 'POST', '/api/v1/catalog-items/Contract%20upload/uploads?variable=file&filename=a.txt', { raw: Buffer.from('hi'), contentType: 'text/plain' }), 201);
  // an approval link: the admin is asked to approve an incident; the link is in the admin's queued email
  const apInc = ok(await agent('POST', '/api/v1/incidents', { body: { title: 'contract approval' } }), 201);
  ok(await agent('POST', `/api/v1/incidents/${apInc.number}/approvals`, { body: { users: ['admin'], rule: 'any' } }), 201);
  const apMail = ok(await admin('GET', '/api/v1/outbox?limit=50'), 200).items.find((x) => x.event === 'approval_requested' && x.ticket === apInc.number);
  const approvalPage = apMail.body.match(/(\/approval\/\d+\/al_[A-Za-z0-9_-]{43})/)[1];
  // the improvement register: the demo's two, and a plan linked to the setup's problem and change
  const imp = ok(await eu('POST', '/api/v1/improvements', { body: { title: 'Contract idea' } }), 201);
  ok(await agent('PATCH', `/api/v1/improvements/${imp.number}/plan`, { body: { vision: 'v', problems: [problem.number], changes: [change.number],
    services: [service.name], review_at: '2027-01-01T00:00:00Z', kpis: [{ name: 'incident_mttr', target: 2.5 }] } }), 200);

  Object.assign(fixtures, {
    '/api/v1/surveys': [...commented, resolved.number],
    surveyPage,
    approvalPage,
    '/api/v1/improvements': [imp.number],
    '/api/v1/incidents': [full.number, parent.number, resolved.number, linked.number],
    '/api/v1/problems': [problem.number],
    '/api/v1/changes': [change.number],
    '/api/v1/change-tasks': [changeTask.number],
    '/api/v1/releases': [rls.number],
    '/api/v1/change-templates': ['Renew a certificate'],
    '/api/v1/article-templates': ['Troubleshooting'],
    '/api/v1/cause-categories': ['supplier'],
    '/api/v1/cis': [ci1.id],
    '/api/v1/services': [service.id],
    '/api/v1/objectives': [objective.id],
    '/api/v1/calendars': ['UK office'],
    '/api/v1/sla-policies': ['P2 office'],
    '/api/v1/agreements': ['Mail SLA', 'Desk OLA'],
    '/api/v1/breach-reasons': ['third_party'],
    '/api/v1/escalation-rules': ['Breach to manager'],
    '/api/v1/approval-policies': ['Major problems to the desk'],
    '/api/v1/assignment-rules': ['Mail to desk'],
    '/api/v1/users': ['jdoe', 'sam.desk'],
    '/api/v1/attachments': [file.id],
    '/api/v1/articles': [kb.number],
    kbFile: kbFile.id,
    feed: feed.url,
    '/api/v1/change-windows': ['Mail patching'],
    '/api/v1/catalog-items': ['Tablet', 'Starter'],
    '/api/v1/requests': [request.number],
    '/api/v1/tasks': requestTasks.map((t) => t.number),
    '/api/v1/mailboxes': ['support'],
    '/api/v1/webhooks': ['contract-hook'],
    '/api/v1/alerts': contractAlerts.map((a) => a.id),
    '/api/v1/event-sources': ['contract-prom'],
    '/api/v1/alert-rules': ['contract-rule'],
    '/api/v1/status-services': ['Public contract'],
    '/api/v1/toolkits': ['itil-starter'],
  });
}

// ---- which requests ------------------------------------------------------

// The items of a list as role sees them (none when role may not list them).
async function items(role, path) {
  const r = await call[role]('GET', path);
  return r.status === 200 && Array.isArray(r.json?.items) ? r.json.items : [];
}

// Paths that fill template's parameters for role: the setup's records
// first, then the first and last a list shows role (or an admin, when role
// may not list them), and one that does not exist.
async function paths(template, role) {
  if (!template.includes('{')) return [template];
  const special = {
    '/app/{file}': () => ['/app/app.js', '/app/app.css', '/app/nope.js'],
    '/api/v1/export/{kind}': () => ['/api/v1/export/cis', '/api/v1/export/relations', '/api/v1/export/services', '/api/v1/export/incidents', '/api/v1/export/problems', '/api/v1/export/nope'],
    '/api/v1/feeds/{token}': () => [fixtures.feed, '/api/v1/feeds/stf_nope'],
    '/survey/{number}/{token}': () => [fixtures.surveyPage, `${fixtures.surveyPage.replace(/al_.*/, '')}al_nope`],
    // the admin's own link (others get a page saying it is not theirs), one never issued, and junk
    '/approval/{id}/{token}': () => [fixtures.approvalPage, `/approval/1/al_${'A'.repeat(43)}`, '/approval/999999/al_nope'],
    '/api/v1/attachments/{id}': () => [...fixtures['/api/v1/attachments'].map((id) => `/api/v1/attachments/${id}`), '/api/v1/attachments/999999'],
    // a published version 1 and a draft version 2 on top of it
    '/api/v1/articles/{number}/versions/{a}/diff/{b}': () => fixtures['/api/v1/articles'].flatMap((n) => [
      `/api/v1/articles/${n}/versions/1/diff/2`, `/api/v1/articles/${n}/versions/2/diff/1`, `/api/v1/articles/${n}/versions/1/diff/9`]),
    '/api/v1/articles/{number}/attachments/{id}': () => fixtures['/api/v1/articles'].flatMap((n) => [
      `/api/v1/articles/${n}/attachments/${fixtures.kbFile}`, `/api/v1/articles/${n}/attachments/999999`]),
  }[template];
  if (special) return special();
  const collection = template.slice(0, template.indexOf('/{'));
  let list = await items(role, collection);
  if (!list.length) list = await items('admin', collection);
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const fill = (value) => template.replace(/\{(\w+)\}/g, (_, p) => encodeURIComponent(typeof value === 'object' ? value[p] : value));
  const out = [];
  if (names.length === 1) for (const v of fixtures[collection] || []) out.push(fill(v));
  for (const item of [list[0], list.at(-1)].filter(Boolean)) {
    for (const p of names) assert.ok(item[p] !== undefined, `${collection} items carry no ${p}, for ${template}`);
    out.push(fill(item));
  }
  assert.ok(out.length, `nothing to fill ${template} with`);
  out.push(fill(Object.fromEntries(names.map((p) => [p, p === 'id' ? 999999 : 'nope-0']))));
  return [...new Set(out)];
}

// Query strings worth a call of their own: filters that change what the
// answer carries.
const VARIANTS = {
  '/api/v1/incidents': ['?archived=true', '?major=true', '?text=mail', '?my_groups=true'],
  '/api/v1/export/{kind}': ['?format=json'],
  '/api/v1/me/notifications': ['?unread=true'],
  '/api/v1/reports/incidents': ['?from=2026-11-01&to=2026-12-31&tz=Europe/London'],
  '/api/v1/reports/incidents/breakdown': ['?group_by=assignment_group&interval=week', '?group_by=state&format=json'],
  '/api/v1/reports/incidents/sla': ['?by=assignment_group', '?by=priority&from=2026-01-01&to=2026-12-31'],
  '/api/v1/kpis/{name}': ['?interval=week&from=2026-01-01&to=2026-03-31&tz=Europe/London', '?priority=1&format=json'],
  '/api/v1/services/{id}/availability': ['?from=2026-11-01T00:00:00Z&to=2026-12-31T00:00:00Z'],
  '/api/v1/cis/{id}/impact': ['?depth=3'],
  '/api/v1/cis/{id}': [`?as_of=${new Date(Date.now() + 86400000).toISOString().slice(0, 19)}Z`, '?as_of=2000-01-01T00:00:00Z'],
  '/api/v1/cis/{id}/incidents': ['?open=true'],
  '/api/v1/services/{id}/incidents': ['?open=true'],
  '/api/v1/custom-fields': ['?kind=incident'],
  '/api/v1/articles': ['?text=mail', '?stale=true&owner=me', '?kind=troubleshooting&service=Email'],
  '/api/v1/articles/suggest': ['?text=outlook%20is%20slow%20again'],
  '/api/v1/known-errors': ['?text=mail'],
  '/api/v1/toolkit-export': ['?name=contract-copy'],
  '/api/v1/surveys/report': ['?by=agent', '?by=week&from=2026-01-01&to=2027-12-31', '?by=service&kind=incident'],
  '/api/v1/surveys/comments': ['?group=Service%20Desk'],
};

// Call path as role, and when it is a page of a list that takes limit,
// the pages after it too.
async function walk(role, template, path) {
  const op = doc.paths[template].get;
  const takes = new Set((op.parameters || []).map((p) => p.name));
  if (!takes.has('limit')) {
    await checked(role, 'GET', path);
    return;
  }
  const sep = path.includes('?') ? '&' : '?';
  let res = await checked(role, 'GET', `${path}${sep}limit=${PAGE}`);
  for (let page = 2; page <= PAGES_MAX && res.status === 200 && res.json.next_cursor; page++) {
    res = await checked(role, 'GET', `${path}${sep}limit=${PAGE}&cursor=${encodeURIComponent(res.json.next_cursor)}`);
    paged.add(template);
  }
}

// ---- the tests -----------------------------------------------------------

// The components an answer may hold: those a response's schema leads to.
function responseComponents() {
  const found = new Set();
  const refs = (x) => {
    if (!x || typeof x !== 'object') return;
    if (typeof x.$ref === 'string' && x.$ref.startsWith('#/components/schemas/')) {
      const name = x.$ref.split('/').pop();
      if (found.has(name)) return;
      found.add(name);
      refs(doc.components.schemas[name]);
    }
    for (const v of Object.values(x)) refs(v);
  };
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) for (const r of Object.values(op.responses)) for (const m of Object.values(deref(r).content || {})) refs(m.schema);
  }
  return found;
}

test('every object the answers describe is closed and says what is required', () => {
  const open = [];
  const visit = (schema, at) => {
    if (!schema || typeof schema !== 'object') return;
    if (schema.$ref) return; // checked where it is defined
    const types = [].concat(schema.type || []);
    if (schema.properties) {
      if (schema.additionalProperties !== false) open.push(`${at}: additionalProperties is not false`);
      if (!Array.isArray(schema.required)) open.push(`${at}: no required list`);
      for (const [k, v] of Object.entries(schema.properties)) visit(v, `${at}.${k}`);
    } else if (types.includes('object') && !('additionalProperties' in schema)) {
      open.push(`${at}: an object that does not say what it holds`);
    }
    if (typeof schema.additionalProperties === 'object') visit(schema.additionalProperties, `${at}{}`);
    if (schema.items) visit(schema.items, `${at}[]`);
    for (const k of ['oneOf', 'anyOf', 'allOf']) (schema[k] || []).forEach((x, i) => visit(x, `${at}.${k}[${i}]`));
  };
  // the answers' schemas, then every component they lead to (not the
  // request bodies: those are closed where the server refuses unknown members)
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) {
      for (const r of Object.values(op.responses)) for (const m of Object.values(deref(r).content || {})) visit(m.schema, `${op.operationId}`);
    }
  }
  const components = responseComponents();
  for (const name of components) visit(doc.components.schemas[name], name);
  assert.ok(components.has('Incident') && components.has('Problem') && components.has('TicketEvent'));
  assert.deepEqual(open, []);
});

test('every request body the document describes is closed, as the server refuses unknown members', () => {
  const open = [];
  const visit = (schema, at, done = new Set()) => {
    // another system's format (Alertmanager's webhook): what Steward does not read is passed over, on purpose
    if (!schema || typeof schema !== 'object' || schema['x-sender-format']) return;
    if (schema.$ref) {
      if (!done.has(schema.$ref)) visit(deref(schema), schema.$ref.split('/').pop(), done.add(schema.$ref));
      return;
    }
    if (schema.properties) {
      if (schema.additionalProperties !== false) open.push(at);
      for (const [k, v] of Object.entries(schema.properties)) visit(v, `${at}.${k}`, done);
    }
    if (schema.items) visit(schema.items, `${at}[]`, done);
  };
  for (const ops of Object.values(doc.paths)) {
    for (const op of Object.values(ops)) for (const m of Object.values(op.requestBody?.content || {})) visit(m.schema, op.operationId);
  }
  assert.deepEqual(open, []);
});

test('operationIds are unique', () => {
  const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
  assert.ok(ids.every(Boolean));
  assert.equal(new Set(ids).size, ids.length);
});

test('every GET operation, as each role, answers as the document says', async () => {
  const templates = Object.keys(doc.paths).filter((t) => doc.paths[t].get && t !== '/api/v1/events');
  for (const template of templates) {
    for (const role of ROLES) {
      for (const path of await paths(template, role)) {
        await walk(role, template, path);
        for (const q of VARIANTS[template] || []) await walk(role, template, path + q);
      }
    }
  }
  for (const template of templates) {
    const got = seen.get(`GET ${template}`) || {};
    for (const role of ROLES) assert.ok(got[role], `GET ${template} was not called as ${role}`);
    assert.ok(got.admin.some((x) => x < 300), `GET ${template} never succeeded for an admin: ${got.admin}`);
  }
  for (const list of ['/api/v1/incidents', '/api/v1/users', '/api/v1/cis', '/api/v1/services', '/api/v1/groups']) {
    assert.ok(paged.has(list), `page 2 of ${list} was not read`);
  }
});

test('the event stream sends what the document declares', async () => {
  const op = doc.paths['/api/v1/events'].get;
  const stream = deref(op.responses['200']).content['text/event-stream'].schema;
  const item = validatorAt(`${stream.$ref.slice(1)}${pointer('items')}`);
  const branches = deref(stream).items.oneOf;
  for (const role of ROLES) {
    // an id the server never issued (a reset), then a change made now (a ticket event)
    const ctrl = new AbortController();
    const res = await fetch(`${s.url}/api/v1/events?since=999999999`, { headers: { authorization: `Bearer ${s.token(LOGINS[role])}` }, signal: ctrl.signal });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let text = '';
    const events = () => text.split('\n\n').slice(0, -1).map((block) => {
      const ev = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const i = line.indexOf(': ');
        const [k, v] = [line.slice(0, i), line.slice(i + 2)];
        if (k === 'data') ev.data = v;
        else if (k === 'retry') ev.retry = Number(v);
        else ev[k] = v;
      }
      return ev;
    }).filter((ev) => ev.data !== undefined);
    const number = fixtures['/api/v1/incidents'][0];
    assert.equal((await call.agent('POST', `/api/v1/incidents/${number}/comments`, { body: { body: `for the ${role}'s stream` } })).status, 201);
    const deadline = Date.now() + 10000;
    while (!events().some((e) => e.event === 'ticket') && Date.now() < deadline) {
      const timer = new Promise((done) => setTimeout(done, 500, { value: undefined }));
      const { value, done } = await Promise.race([reader.read(), timer]);
      if (done) break;
      if (value) text += dec.decode(value, { stream: true });
    }
    ctrl.abort();
    const got = events();
    assert.ok(got.some((e) => e.event === 'reset'), `${role}: no reset event:\n${text}`);
    assert.ok(got.some((e) => e.event === 'ticket'), `${role}: no ticket event:\n${text}`);
    for (const ev of got) {
      assert.ok(item(ev), `${role}: event ${JSON.stringify(ev)}:\n${ajv.errorsText(item.errors)}`);
      const branch = branches.find((b) => b.properties.event.const === ev.event);
      const data = validatorAt(branch.properties.data.contentSchema.$ref.slice(1));
      assert.ok(data(JSON.parse(ev.data)), `${role}: ${ev.event} data ${ev.data}:\n${ajv.errorsText(data.errors)}`);
      mark(stream, [ev]);
      mark(branch.properties.data.contentSchema, JSON.parse(ev.data));
    }
  }
});

test('the answers above held an instance of every component an answer can hold', () => {
  const unseen = [...responseComponents()].filter((name) => !instances.has(name));
  assert.deepEqual(unseen, [], 'components no answer held: the setup should make data that shows them');
});
