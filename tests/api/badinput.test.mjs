// The bad-input catalogue: for every write route, every kind of hostile or
// broken input gets its documented 4xx (with the field path where there is
// one) and the database is unchanged afterwards, checked with
// `steward verify`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, api, fingerprint, verify, fieldsOf } from './lib.mjs';

let s, admin, agent, token, incident, resolved, category, ciId, objectiveId, serviceId, problem, problemDone;
let draftKb, reviewKb, publishedKb; // knowledge articles in each state
let approvalId; // an approval pending for the admin
let change, changeTask, release; // a normal change waiting for authorisation, and a task of it; a release
let sourceToken, alertId; // an event source's token, and an alert it sent
let improvement; // an idea in the improvement register
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  token = s.token('admin');
  await admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1'] } });
  incident = (await agent('POST', '/api/v1/incidents', { body: { title: 'target', requester: 'eu1' } })).json.number;
  resolved = (await agent('POST', '/api/v1/incidents', { body: { title: 'resolved target' } })).json.number;
  await agent('POST', `/api/v1/incidents/${resolved}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'x' } });
  await agent('PATCH', `/api/v1/incidents/${incident}`, { body: { title: 'target v2' }, headers: { 'if-match': '1' } });
  problem = (await agent('POST', '/api/v1/problems', { body: { title: 'problem target' } })).json.number;
  problemDone = (await agent('POST', '/api/v1/problems', { body: { title: 'resolved problem' } })).json.number;
  await agent('POST', `/api/v1/problems/${problemDone}/resolve`, { body: { resolution_code: 'permanent_fix', resolution_notes: 'x' } });
  category = (await admin('POST', '/api/v1/categories', { body: { name: 'network' } })).json.id;
  ciId = (await admin('POST', '/api/v1/cis', { body: { name: 'app', class: 'application' } })).json.id;
  objectiveId = (await admin('POST', '/api/v1/objectives', { body: { name: 'Sales' } })).json.id;
  serviceId = (await admin('POST', '/api/v1/services', { body: { name: 'Shop', criticality: 2 } })).json.id;
  assert.equal((await admin('POST', '/api/v1/templates', { body: { name: 'VPN down', title: 'VPN down' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/custom-fields', { body: { kind: 'incident', name: 'asset_tag', label: 'Asset tag', type: 'text' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/assignment-rules', { body: { name: 'never', assignment_group: 'Desk', match_keywords: ['zzzz-never'] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/escalation-rules', { body: { name: 'esc', event: 'breach', action: 'notify_manager', match_priority: 5 } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/catalog-items', { body: { name: 'Laptop', short_description: 'A laptop', variables: [{ name: 'model', type: 'choice', label: 'Model', options: ['a', 'b'] }] } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/mailboxes', { body: { name: 'Inbox', imap_url: 'imap://127.0.0.1:1143' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/webhooks', { body: { name: 'Hook', url: 'http://127.0.0.1:9/hook', events: ['major'], active: false } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/agreements', { body: { name: 'Gold', type: 'sla' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/article-templates', { body: { name: 'How-to', body: '## Steps' } })).status, 201);
  const src = await admin('POST', '/api/v1/event-sources', { body: { name: 'prom' } });
  sourceToken = src.json.token;
  assert.equal((await admin('POST', '/api/v1/alert-rules', { body: { name: 'quiet', action: 'record' } })).status, 201);
  assert.equal((await api(s, 'POST', '/api/v1/events', { token: sourceToken, body: { check: 'Up', severity: 'info' } })).status, 200);
  alertId = (await admin('GET', '/api/v1/alerts')).json.items[0].id;
  assert.equal((await admin('POST', '/api/v1/status-services', { body: { name: 'Public shop', service: 'Shop' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/change-windows', { body: { name: 'Freeze', kind: 'blackout', start: '2030-01-31T00:00', duration: 60, recurrence: 'FREQ=MONTHLY;BYMONTHDAY=-1' } })).status, 201);
  const kb = async (state) => {
    const n = (await agent('POST', '/api/v1/articles', { body: { title: `kb ${state}`, audience: 'everyone' } })).json.number;
    if (state !== 'draft') assert.equal((await agent('POST', `/api/v1/articles/${n}/submit`)).status, 200);
    if (state === 'published') assert.equal((await admin('POST', `/api/v1/articles/${n}/publish`)).status, 200);
    return n;
  };
  assert.equal((await admin('POST', '/api/v1/approval-policies', { body: { name: 'cab', kind: 'problem', active: false, steps: [{ rule: 'any', users: ['admin'] }] } })).status, 201);
  const asked = await agent('POST', `/api/v1/incidents/${resolved}/approvals`, { body: { users: ['admin'], rule: 'any' } });
  assert.equal(asked.status, 201, asked.text);
  approvalId = asked.json.steps[0].approvals[0].id;
  change = (await agent('POST', '/api/v1/changes', { body: { title: 'change target', type: 'normal', implementation_plan: 'i', backout_plan: 'b',
    test_plan: 't', planned_start: '2031-01-01T00:00:00Z', planned_end: '2031-01-01T01:00:00Z' } })).json.number;
  assert.equal((await admin('POST', '/api/v1/change-templates', { body: { name: 'Add a VLAN', implementation_plan: 'p' } })).status, 201);
  changeTask = (await agent('POST', `/api/v1/changes/${change}/tasks`, { body: { title: 'task target' } })).json.number;
  assert.equal((await agent('POST', `/api/v1/changes/${change}/assess`)).status, 200);
  assert.equal((await agent('POST', `/api/v1/changes/${change}/submit`)).status, 200);
  release = (await agent('POST', '/api/v1/releases', { body: { title: 'release target', release_version: '1.0' } })).json.number;
  improvement = (await agent('POST', '/api/v1/improvements', { body: { title: 'improvement target' } })).json.number;
  draftKb = await kb('draft');
  reviewKb = await kb('in_review');
  publishedKb = await kb('published');
});
after(async () => { await s.cleanup(); });

// route -> a string field, required fields (sent {}), whether a body is
// optional; `early` lists the required fields the request decoder itself
// reports alongside type errors (the rest are domain rules checked after).
const ROUTES = [
  { m: 'POST', p: () => '/api/v1/users', str: 'name', required: ['email', 'login', 'name', 'password', 'role'] },
  { m: 'PATCH', p: () => '/api/v1/users/eu1', str: 'name', required: [] },
  { m: 'POST', p: () => '/api/v1/groups', str: 'name', required: ['name'] },
  { m: 'PATCH', p: () => '/api/v1/groups/Desk', str: 'description', required: [] },
  { m: 'POST', p: () => '/api/v1/incidents', str: 'title', required: ['title'] },
  { m: 'PATCH', p: () => `/api/v1/incidents/${incident}`, str: 'title', required: [], ifMatch: '2' },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/hold`, str: 'reason', required: ['reason'], optional: true },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/resolve`, str: 'resolution_notes', required: ['resolution_code', 'resolution_notes'], optional: true },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/start`, str: 'reason', required: [], optional: true, conflictOk: true },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/cancel`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/incidents/${resolved}/reopen`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/incidents/${resolved}/close`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/major`, str: 'reason', required: ['reason'], early: ['reason'] },
  // the matrix is not a string: a string there is itself a wrong type
  { m: 'PUT', p: () => '/api/v1/priority-matrix', str: 'matrix', required: ['matrix'], early: ['matrix'], notString: true },
  { m: 'POST', p: () => '/api/v1/assignment-rules', str: 'name', required: ['assignment_group', 'name'] },
  { m: 'PATCH', p: () => '/api/v1/assignment-rules/never', str: 'match_category', required: [] },
  { m: 'POST', p: () => '/api/v1/categories', str: 'name', required: ['name'] },
  { m: 'PATCH', p: () => `/api/v1/categories/${category}`, str: 'parent', required: ['active'] },
  { m: 'POST', p: () => '/api/v1/templates', str: 'title', required: ['name', 'title'] },
  { m: 'PATCH', p: () => '/api/v1/templates/VPN down', str: 'title', required: [] },
  { m: 'POST', p: () => '/api/v1/custom-fields', str: 'label', required: ['kind', 'label', 'name', 'type'] },
  { m: 'PATCH', p: () => '/api/v1/custom-fields/incident/asset_tag', str: 'label', required: [] },
  { m: 'POST', p: () => '/api/v1/mandatory-fields', str: 'field', required: ['field', 'kind', 'state'], early: ['field', 'kind', 'state'] },
  { m: 'POST', p: () => '/api/v1/calendars', str: 'hours', required: ['hours', 'name'] },
  { m: 'PATCH', p: () => '/api/v1/calendars/Business hours', str: 'timezone', required: [] },
  { m: 'POST', p: () => '/api/v1/sla-policies', str: 'calendar', required: ['calendar', 'name', 'resolution_seconds'] },
  { m: 'PATCH', p: () => '/api/v1/sla-policies/P5 planning', str: 'calendar', required: [] },
  { m: 'POST', p: () => '/api/v1/escalation-rules', str: 'event', required: ['action', 'event', 'name'] },
  { m: 'PATCH', p: () => '/api/v1/escalation-rules/esc', str: 'match_metric', required: [] },
  { m: 'POST', p: () => '/api/v1/notification-rules', str: 'name', required: ['channels', 'event', 'name'] },
  { m: 'PATCH', p: () => '/api/v1/notification-rules/Assignment', str: 'group', required: [] },
  { m: 'POST', p: () => '/api/v1/ci-classes', str: 'description', required: ['name'] },
  { m: 'PATCH', p: () => '/api/v1/ci-classes/software', str: 'description', required: [] },
  { m: 'POST', p: () => '/api/v1/cis', str: 'name', required: ['class', 'name'] },
  { m: 'PATCH', p: () => `/api/v1/cis/${ciId}`, str: 'location', required: [] },
  { m: 'POST', p: () => `/api/v1/cis/${ciId}/relations`, str: 'type', required: ['to', 'type'], early: ['to', 'type'] },
  { m: 'POST', p: () => '/api/v1/objectives', str: 'measure', required: ['name'] },
  { m: 'PATCH', p: () => `/api/v1/objectives/${objectiveId}`, str: 'target', required: [] },
  { m: 'POST', p: () => '/api/v1/services', str: 'description', required: ['criticality', 'name'] },
  { m: 'PATCH', p: () => `/api/v1/services/${serviceId}`, str: 'description', required: [] },
  { m: 'PUT', p: () => '/api/v1/notification-templates/created', str: 'subject', required: ['body', 'subject'], early: ['body', 'subject'] },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/comments`, str: 'body', required: ['body'], early: ['body'] },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/watchers`, str: 'login', required: ['login'], early: ['login'] },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/links`, str: 'target', required: ['kind', 'target'] },
  { m: 'POST', p: () => '/api/v1/problems', str: 'title', required: ['title'] },
  { m: 'PATCH', p: () => `/api/v1/problems/${problem}`, str: 'workaround', required: [], ifMatch: '1' },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/investigate`, str: 'reason', required: [], optional: true, conflictOk: true },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/identify_root_cause`, str: 'reason', required: [], optional: true, conflictOk: true },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/mark_known_error`, str: 'reason', required: [], optional: true, conflictOk: true },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/resolve`, str: 'resolution_notes', required: ['resolution_code', 'resolution_notes'], optional: true },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/cancel`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/problems/${problemDone}/reopen`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/problems/${problemDone}/close`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/major`, str: 'reason', required: ['reason'], early: ['reason'] },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/comments`, str: 'body', required: ['body'], early: ['body'] },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/watchers`, str: 'login', required: ['login'], early: ['login'] },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/links`, str: 'target', required: ['kind', 'target'] },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/incidents`, str: 'incidents', required: ['incidents'], notString: true, strings: true },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/workaround`, str: 'workaround', required: ['workaround'], optional: true },
  { m: 'POST', p: () => '/api/v1/changes', str: 'title', required: ['title'] },
  { m: 'PATCH', p: () => `/api/v1/changes/${change}`, str: 'backout_plan', required: [], ifMatch: '1' },
  { m: 'POST', p: () => `/api/v1/changes/${change}/authorise`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/changes/${change}/reject`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/changes/${change}/complete`, str: 'resolution_notes', required: ['resolution_code', 'resolution_notes'], optional: true },
  { m: 'POST', p: () => `/api/v1/changes/${change}/tasks`, str: 'title', required: ['title'] },
  { m: 'POST', p: () => `/api/v1/changes/${change}/ci-updates`, str: 'status', required: ['ci'] },
  { m: 'PATCH', p: () => `/api/v1/change-tasks/${changeTask}`, str: 'description', required: [], ifMatch: '1' },
  { m: 'POST', p: () => `/api/v1/change-tasks/${changeTask}/complete`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => '/api/v1/change-templates', str: 'description', required: ['implementation_plan', 'name'] },
  { m: 'PATCH', p: () => '/api/v1/change-templates/Add a VLAN', str: 'test_plan', required: [] },
  { m: 'POST', p: () => '/api/v1/cause-categories', str: 'label', required: ['label', 'name'] },
  { m: 'PATCH', p: () => '/api/v1/cause-categories/capacity', str: 'label', required: [] },
  { m: 'POST', p: () => '/api/v1/auth/login', str: 'login', required: ['login', 'password'], early: ['login', 'password'], anonymous: true },
  { m: 'POST', p: () => '/api/v1/approval-policies', str: 'kind', required: ['kind', 'name', 'steps'] },
  { m: 'PATCH', p: () => '/api/v1/approval-policies/cab', str: 'match_category', required: [] },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/approvals`, str: 'rule', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/approvals`, str: 'policy', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/approvals/${approvalId}/approve`, str: 'comment', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/approvals/${approvalId}/reject`, str: 'comment', required: ['comment'], optional: true },
  { m: 'PUT', p: () => '/api/v1/me/delegation', str: 'delegate', required: ['delegate', 'ends_at'] },
  { m: 'POST', p: () => '/api/v1/articles', str: 'title', required: ['title'] },
  { m: 'PATCH', p: () => `/api/v1/articles/${draftKb}`, str: 'summary', required: [], ifMatch: '1' },
  { m: 'POST', p: () => `/api/v1/articles/${draftKb}/submit`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/articles/${draftKb}/publish`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/articles/${reviewKb}/reject`, str: 'reason', required: ['reason'], optional: true },
  { m: 'POST', p: () => `/api/v1/articles/${publishedKb}/retire`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => `/api/v1/articles/${publishedKb}/revise`, str: 'reason', required: [], optional: true },
  { m: 'POST', p: () => '/api/v1/articles/preview', str: 'body', required: ['body'], early: ['body'] },
  { m: 'POST', p: () => `/api/v1/articles/${publishedKb}/ratings`, str: 'comment', required: ['helpful'], early: ['helpful'] },
  { m: 'POST', p: () => `/api/v1/articles/${publishedKb}/links`, str: 'ticket', required: ['ticket'], early: ['ticket'] },
  { m: 'POST', p: () => '/api/v1/change-windows', str: 'recurrence', required: ['duration', 'kind', 'name', 'start'] },
  { m: 'PATCH', p: () => '/api/v1/change-windows/Freeze', str: 'recurrence', required: [] },
  { m: 'POST', p: () => '/api/v1/me/feeds', str: 'name', required: ['name'], early: ['name'] },
  { m: 'POST', p: () => '/api/v1/me/tokens', str: 'name', required: ['name'], early: ['name'] },
  { m: 'POST', p: () => '/api/v1/catalog-items', str: 'short_description', required: ['name', 'short_description'] },
  { m: 'PATCH', p: () => '/api/v1/catalog-items/Laptop', str: 'price', required: [] },
  { m: 'PUT', p: () => '/api/v1/catalog-items/Laptop/plan', str: 'tasks', notString: true, strings: true, required: ['tasks'] },
  { m: 'POST', p: () => '/api/v1/catalog-items/Laptop/check', str: 'variables', notString: true, required: [], optional: true },
  { m: 'POST', p: () => '/api/v1/catalog-items/Laptop/order', str: 'requested_for', required: [], optional: true },
  { m: 'POST', p: () => '/api/v1/requests', str: 'title', required: ['title'] },
  { m: 'POST', p: () => '/api/v1/tasks', str: 'title', required: ['title'] },
  { m: 'POST', p: () => '/api/v1/mailboxes', str: 'description', required: ['name'] },
  { m: 'POST', p: () => '/api/v1/agreements', str: 'customer', required: ['name', 'type'] },
  { m: 'PATCH', p: () => '/api/v1/agreements/Gold', str: 'description', required: [] },
  { m: 'POST', p: () => '/api/v1/breach-reasons', str: 'label', required: ['label', 'name'] },
  { m: 'PATCH', p: () => '/api/v1/breach-reasons/other', str: 'label', required: [] },
  { m: 'POST', p: () => '/api/v1/article-templates', str: 'body', required: ['name'] },
  { m: 'PATCH', p: () => '/api/v1/article-templates/How-to', str: 'description', required: [] },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/sla/resolution/breach-reason`, str: 'reason', required: ['reason'] },
  { m: 'POST', p: () => `/api/v1/problems/${problem}/sla/resolution/breach-reason`, str: 'reason', required: ['reason'] },
  { m: 'POST', p: () => `/api/v1/changes/${change}/sla/ola/breach-reason`, str: 'reason', required: ['reason'] },
  { m: 'PATCH', p: () => '/api/v1/mailboxes/Inbox', str: 'description', required: [] },
  // outgoing webhooks (docs/notifications.md#webhooks)
  { m: 'POST', p: () => '/api/v1/webhooks', str: 'description', required: ['events', 'name', 'url'] },
  { m: 'PATCH', p: () => '/api/v1/webhooks/Hook', str: 'description', required: [] },
  { m: 'POST', p: () => '/api/v1/event-sources', str: 'ci_label', required: ['name'] },
  { m: 'PATCH', p: () => '/api/v1/event-sources/prom', str: 'ci_label', required: [] },
  { m: 'POST', p: () => '/api/v1/alert-rules', str: 'match_label', required: ['action', 'name'] },
  { m: 'PATCH', p: () => '/api/v1/alert-rules/quiet', str: 'match_label', required: [] },
  { m: 'POST', p: () => `/api/v1/alerts/${alertId}/link`, str: 'incident', required: ['incident'], early: ['incident'] },
  { m: 'POST', p: () => '/api/v1/status-services', str: 'message', required: ['name', 'service'] },
  { m: 'PATCH', p: () => '/api/v1/status-services/Public%20shop', str: 'message', required: [] },
  { m: 'POST', p: () => `/api/v1/incidents/${incident}/status-updates`, str: 'body', required: ['body', 'phase'], early: ['body', 'phase'] },
  { m: 'POST', p: () => '/api/v1/releases', str: 'title', required: ['title'] },
  { m: 'PATCH', p: () => `/api/v1/releases/${release}`, str: 'release_notes', required: [], ifMatch: '1' },
  { m: 'POST', p: () => `/api/v1/releases/${release}/changes`, str: 'changes', required: ['changes'], strings: true, notString: true },
  // a KPI's target is three numbers: a string is the wrong type (docs/kpis.md)
  { m: 'PUT', p: () => '/api/v1/kpis/incident_mttr/target', str: 'target', required: ['amber', 'red', 'target'], early: ['amber', 'red', 'target'], notString: true, number: true },
  // the risk settings are all integers: a string there is itself a wrong type
  { m: 'PATCH', p: () => '/api/v1/risk-settings', str: 'weight_type', required: [], notString: true },
  // satisfaction surveys and the improvement register (docs/surveys.md, docs/improvements.md)
  { m: 'PATCH', p: () => '/api/v1/survey-settings/incident', str: 'enabled', required: [], notString: true },
  { m: 'POST', p: () => `/api/v1/surveys/${resolved}`, str: 'comment', required: ['rating'], early: ['rating'] },
  { m: 'POST', p: () => '/api/v1/improvements', str: 'title', required: ['title'] },
  { m: 'PATCH', p: () => `/api/v1/improvements/${improvement}/plan`, str: 'vision', required: [] },
];

// The ingestion routes speak the senders' formats (docs/events.md): a
// payload that is not one is 400 (bad-payload, with the paths at fault),
// one over the bounds 413, and nothing of any is stored.
test('POST /api/v1/events/alertmanager and /api/v1/events refuse what is not a payload, changing nothing', async () => {
  const before_ = fingerprint(s);
  const post = (path, raw, contentType = 'application/json', tok = sourceToken, headers = {}) => api(s, 'POST', path, { token: tok || undefined, raw, contentType, headers });
  const j = (o) => JSON.stringify(o);
  const many = (n) => Array.from({ length: n }, (_, i) => ({ status: 'firing', labels: { alertname: 'x' }, fingerprint: `f${i}` }));
  for (const [path, good] of [['/api/v1/events/alertmanager', { version: '4', alerts: [] }], ['/api/v1/events', { check: 'x', severity: 'info' }]]) {
    const cases = [
      ['malformed JSON', '{"version": "4",', 400],
      ['duplicate keys', '{"version":"4","version":"4","alerts":[]}', 400],
      ['invalid UTF-8', Buffer.concat([Buffer.from('{"check":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('","severity":"info"}')]), 400],
      ['NUL byte', '{"check":"a\\u0000b","severity":"info"}', 400],
      ['deep nesting', `{"labels":${'['.repeat(40)}${']'.repeat(40)}}`, 400],
      ['a string', '"hello"', 400],
      ['wrong content type', j(good), 415, 'text/plain'],
      ['oversized body', j({ pad: 'x'.repeat(4 * 1024 * 1024 + 10) }), 413],
      ['no token', j(good), 401, 'application/json', null],
      ['a user token', j(good), 401, 'application/json', s.token('admin')],
    ];
    // the same refusals when the sender asks to be answered before processing
    // (Prefer: respond-async, docs/events.md): validation comes before the 202
    for (const prefer of [undefined, 'respond-async']) {
      for (const [name, raw, status, ct, tok] of cases) {
        const r = await post(path, raw, ct, tok === undefined ? sourceToken : tok || '', prefer ? { prefer } : {});
        assert.equal(r.status, status, `${path} ${name} (Prefer: ${prefer}): ${r.status} ${r.text.slice(0, 200)}`);
        assert.equal(r.headers.get('content-type'), 'application/problem+json', name);
        assert.equal(r.headers.get('preference-applied'), null, name);
      }
    }
  }
  const am = (o) => post('/api/v1/events/alertmanager', j(o));
  for (const [body, status, fields] of [
    [{ alerts: [] }, 400, ['version']],
    [{ version: '5', alerts: [] }, 400, ['version']],
    [{ version: '4' }, 400, ['alerts']],
    [{ version: '4', alerts: [{ status: 'firing' }] }, 400, ['alerts[0].labels']],
    [{ version: '4', alerts: [{ status: 'firing', labels: { a: 1 } }] }, 400, ['alerts[0].labels[0]']],
    [{ version: '4', alerts: [{ status: 'firing', labels: {}, startsAt: 'soon' }] }, 400, ['alerts[0].startsAt']],
    [{ version: '4', alerts: [1] }, 400, ['alerts[0]']],
    [{ version: '4', alerts: many(1001) }, 413, null],
  ]) {
    const r = await am(body);
    assert.equal(r.status, status, `${j(body).slice(0, 80)}: ${r.text.slice(0, 200)}`);
    if (fields) assert.deepEqual(r.json.errors.map((e) => e.field).sort(), fields);
  }
  const ev = (o, prefer) => post('/api/v1/events', j(o), 'application/json', sourceToken, prefer ? { prefer } : {});
  for (const prefer of [undefined, 'respond-async']) {
    for (const [body, fields] of [
      [{ severity: 'info' }, ['check']],
      [{ check: 'x', severity: 'info', zz: 1 }, ['zz']],
      [{ check: 'x', severity: 'info', state: 'gone' }, ['state']],
      [[{ check: 'x', severity: 'info' }, { check: 'y' }], ['[1].severity']],
      [[], ['body']],
    ]) {
      const r = await ev(body, prefer);
      assert.equal(r.status, 400, `${j(body)} (Prefer: ${prefer})`);
      assert.deepEqual(r.json.errors.map((e) => e.field).sort(), fields, j(body));
    }
    assert.equal((await ev(Array.from({ length: 1001 }, () => ({ check: 'x', severity: 'info' })), prefer)).status, 413);
  }
  assert.equal(fingerprint(s), before_, 'a refused payload changed the database');
});

// A toolkit bundle (docs/toolkit.md) is a document, not a record: its
// problems are named by their place in it (sections.<section>[i].<field>),
// every one reported together, and nothing of a refused bundle is applied,
// dry run or not.
test('POST /api/v1/toolkits/apply refuses a bundle with problems, naming each, changing nothing', async () => {
  const before_ = fingerprint(s);
  const j = (o) => JSON.stringify(o);
  const b = (sections, extra = {}) => ({ format: 'steward-toolkit/1', name: 'bad', version: 1, sections, ...extra });
  const cal = (extra = {}) => ({ key: 'cal', version: 1, name: 'Bad cal', hours: '24x7', timezone: 'UTC', ...extra });
  for (const [name, raw, status, fields] of [
    ['malformed JSON', '{"format":', 400, null],
    ['an array', '[1]', 400, null],
    ['duplicate members', '{"name":"a","name":"b"}', 400, null],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), 400, null],
    ['NUL byte', '{"name":"a\\u0000b"}', 400, null],
    ['deep nesting', `{"sections":${'['.repeat(40)}${']'.repeat(40)}}`, 400, null],
    ['wrong content type', { raw: j(b({})), contentType: 'text/plain' }, 415, null],
    ['empty body', '', 400, null],
    ['missing members', '{}', 422, ['format', 'name', 'sections', 'version']],
    ['unknown members', j(b({ calendars: [cal({ colour: 'red' })] }, { author: 'x' })), 422, ['author', 'sections.calendars[0].colour']],
    ['unknown section', j(b({ kpis: [] })), 422, ['sections.kpis']],
    ['a key twice', j(b({ calendars: [cal(), cal({ name: 'Other' })] })), 422, ['sections.calendars[1]']],
    ['wrong types', j(b({ calendars: [cal({ key: 7, version: 'one', hours: 5 })] })), 422,
      ['sections.calendars[0].hours', 'sections.calendars[0].key', 'sections.calendars[0].version']],
    ['an item not an object', j(b({ calendars: ['x'] })), 422, ['sections.calendars[0]']],
    ['a reference to nothing', j(b({ sla_policies: [{ key: 'p', version: 1, name: 'p', calendar: 'Nowhere', match_kind: 'incident', response_seconds: 60, resolution_seconds: 600 }] })),
      422, ['sections.sla_policies[0].calendar']],
    ['a condition on an unknown variable', j(b({ catalog_items: [{ key: 'f', version: 1, name: 'F', short_description: 'f',
      variables: [{ name: 'a', label: 'A', type: 'text', when: 'show', when_variable: 'ghost', when_value: 'x' }] }] })),
    422, ['sections.catalog_items[0].variables[0].when_variable']],
    ['an invalid zone', j(b({ calendars: [cal({ timezone: 'Atlantis/Capital' })] })), 422, ['sections.calendars[0].timezone']],
    ['oversized body', j({ pad: 'x'.repeat(9 * 1024 * 1024) }), 413, null],
  ]) {
    for (const q of ['', '?dry_run=true']) {
      const opts = typeof raw === 'object' && !Buffer.isBuffer(raw) ? { ...raw } : { raw, contentType: 'application/json' };
      const r = await api(s, 'POST', `/api/v1/toolkits/apply${q}`, { token, ...opts });
      assert.equal(r.status, status, `${name}${q}: ${r.status} ${r.text.slice(0, 300)}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json', name);
      if (fields) assert.deepEqual(r.json.errors.map((e) => e.field).sort(), fields, name);
    }
  }
  for (const [path, status] of [['/api/v1/toolkits/itil-starter/apply?dry_run=perhaps', 400], ['/api/v1/toolkits/itil-starter/apply?colour=red', 400],
    ['/api/v1/toolkits/nope/apply', 404], ['/api/v1/toolkits/itil-starter/apply?force=', 400]]) {
    const r = await admin('POST', path);
    assert.equal(r.status, status, `${path}: ${r.text}`);
  }
  assert.equal(fingerprint(s), before_, 'a refused bundle changed the database');
});

function cases(route) {
  const j = (o) => JSON.stringify(o);
  const early = route.early || [];
  const plus = (...f) => [...new Set([...f, ...early.filter((x) => !f.includes(x) && x !== route.str), ...f])].sort();
  const list = [
    ['malformed JSON', '{"title": "x",', 400, null],
    ['an array', '[1, 2, 3]', 400, null],
    ['duplicate keys', `{"${route.str}":"a","${route.str}":"b"}`, 400, null],
    ['unknown field', j({ zz_unknown: 1, [route.str]: 'x' }), 422, route.notString ? plus('zz_unknown', route.str) : plus('zz_unknown')],
    ['wrong type', j({ [route.str]: route.number ? 'x' : 12345 }), 422, plus(route.str)],
    // a list of strings takes the array: its element is then refused for what it names
    ['array where a string goes', j({ [route.str]: ['x'] }), 422, plus(route.strings ? `${route.str}[0]` : route.str)],
    ['over-long string', j({ [route.str]: 'x'.repeat(200001) }), 422, plus(route.str)],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`{"${route.str}":"`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]), 400, null],
    ['NUL byte', `{"${route.str}":"a\\u0000b"}`, 400, null],
    ['deep nesting', `{"${route.str}":${'['.repeat(40)}${']'.repeat(40)}}`, 400, null],
    ['huge number', `{"${route.str}":123456789012345678901234567890}`, 400, null],
    ['wrong content type', { raw: j({ [route.str]: 'x' }), contentType: 'text/plain' }, 415, null],
    ['form encoding', { raw: `${route.str}=x`, contentType: 'application/x-www-form-urlencoded' }, 415, null],
    ['oversized body', j({ [route.str]: 'x'.repeat(300 * 1024) }), 413, null],
  ];
  if (route.required.length) list.push(['missing required fields', '{}', 422, route.required]);
  if (!route.optional) list.push(['empty body', '', 400, null]);
  return list;
}

for (const route of ROUTES) {
  test(`${route.m} ${route.p().replace(/INC\d+|KB\d+|undefined/, '{number}')}`, async () => {
    const before_ = fingerprint(s);
    for (const [name, body, status, fields] of cases(route)) {
      const opts = typeof body === 'object' && !Buffer.isBuffer(body)
        ? { raw: body.raw, contentType: body.contentType }
        : { raw: body, contentType: 'application/json' };
      if (!route.anonymous) opts.token = token;
      if (route.ifMatch) opts.headers = { 'if-match': route.ifMatch };
      const r = await api(s, route.m, route.p(), opts);
      assert.equal(r.status, status, `${name}: ${r.status} ${r.text.slice(0, 300)}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json', name);
      assert.match(r.json.type, /^urn:steward:problem:/, name);
      if (fields) assert.deepEqual(r.json.errors.map((e) => e.field).sort(), fields, name);
    }
    assert.equal(fingerprint(s), before_, 'a refused request changed the database');
  });
}

test('stale versions and missing preconditions change nothing', async () => {
  const before_ = fingerprint(s);
  const stale = await agent('PATCH', `/api/v1/incidents/${incident}`, { body: { title: 'lost' }, headers: { 'if-match': '1' } });
  assert.equal(stale.status, 412);
  const staleAction = await agent('POST', `/api/v1/incidents/${incident}/start`, { headers: { 'if-match': '1' } });
  assert.equal(staleAction.status, 412);
  const missing = await agent('PATCH', `/api/v1/incidents/${incident}`, { body: { title: 'lost' } });
  assert.equal(missing.status, 428);
  const garbage = await agent('PATCH', `/api/v1/incidents/${incident}`, { body: { title: 'lost' }, headers: { 'if-match': '99999999999999999999999' } });
  assert.equal(garbage.status, 400);
  assert.equal(fingerprint(s), before_);
});

test('SQL metacharacters are data, never SQL', async () => {
  const before_ = fingerprint(s);
  const evil = "x'); DROP TABLE tickets; --";
  const checks = [
    await admin('POST', '/api/v1/users', { body: { login: evil, name: evil, email: 'e@example.com', role: 'agent', password: 'long-enough-pw' } }),
    await agent('POST', '/api/v1/incidents', { body: { title: 'x', requester: evil } }),
    await agent('POST', '/api/v1/incidents', { body: { title: 'x', assignment_group: evil } }),
    await agent('POST', `/api/v1/incidents/${incident}/links`, { body: { kind: 'relates_to', target: evil } }),
    await agent('POST', `/api/v1/incidents/${incident}/watchers`, { body: { login: evil } }),
  ];
  assert.deepEqual(checks.map((r) => r.status), [422, 422, 422, 422, 422]);
  for (const q of ['text', 'requester', 'assignee', 'assignment_group']) {
    const r = await agent('GET', `/api/v1/incidents?${q}=${encodeURIComponent(evil)}`);
    assert.equal(r.status, 200, q);
    assert.deepEqual(r.json.items, [], q);
  }
  const u = await agent('GET', `/api/v1/users?q=${encodeURIComponent("%' OR '1'='1")}`);
  assert.deepEqual(u.json.items, []);
  assert.equal(fingerprint(s), before_);
  // accepted as text where text is allowed, and stored exactly
  const ok = await agent('POST', '/api/v1/incidents', { body: { title: evil, description: 'Robert"); DROP TABLE students;--' } });
  assert.equal(ok.status, 201);
  assert.equal((await agent('GET', `/api/v1/incidents/${ok.json.number}`)).json.title, evil);
  assert.equal(verify(s).ok, true);
});

test('limits and cursors out of range on every list route', async () => {
  for (const path of ['/api/v1/incidents', '/api/v1/users', '/api/v1/groups', '/api/v1/articles', '/api/v1/articles?text=kb',
    '/api/v1/known-errors', '/api/v1/approvals']) {
    for (const [qs, field] of [['limit=-1', 'limit'], ['limit=0', 'limit'], ['limit=201', 'limit'],
      ['limit=18446744073709551617', 'limit'], ['limit=1e2', 'limit'], ['cursor=%00', 'cursor'],
      ['cursor=' + 'A'.repeat(300), 'cursor'], ['cursor=!!', 'cursor'], ['cursor=Li4vLi4v', 'cursor']]) {
      const r = await admin('GET', `${path}${path.includes('?') ? '&' : '?'}${qs}`);
      assert.equal(r.status, 400, `${path}?${qs}: ${r.text}`);
      assert.deepEqual(r.json.errors.map((e) => e.field), [field], `${path}?${qs}`);
    }
  }
});

test('the change calendar refuses a bad page, cursor, per-day cap or zone, naming it', async () => {
  const span = '/api/v1/changes/calendar?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z';
  const page = (await admin('GET', '/api/v1/incidents?limit=1')).json.next_cursor;
  for (const [qs, field] of [['limit=-1', 'limit'], ['limit=0', 'limit'], ['limit=5001', 'limit'], ['limit=1e2', 'limit'],
    ['cursor=%00', 'cursor'], ['cursor=' + 'A'.repeat(300), 'cursor'], ['cursor=!!', 'cursor'], ['cursor=Li4vLi4v', 'cursor'],
    [`cursor=${encodeURIComponent(page)}`, 'cursor'], ['per_day=0', 'per_day'], ['per_day=101', 'per_day'],
    ['per_day=x', 'per_day'], ['per_day=3&limit=10', 'per_day'], ['tz=UTC', 'tz'], ['per_day=3&tz=Nowhere/Town', 'tz'],
    ['per_day=3&tz=..%2F..%2Fetc%2Fpasswd', 'tz'], ['per_day=3&tz=%00', 'tz']]) {
    const r = await agent('GET', `${span}&${qs}`);
    assert.equal(r.status, 400, `${qs}: ${r.text}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(r.json.errors.map((e) => e.field), [field], qs);
  }
});

test('the CSAT report and comments refuse a bad zone or date, naming the parameter, changing nothing', async () => {
  const before_ = fingerprint(s);
  for (const path of ['/api/v1/surveys/report', '/api/v1/surveys/comments']) {
    for (const [qs, field] of [['tz=Mars/Olympus', 'tz'], ['tz=', 'tz'], ['tz=' + 'A'.repeat(65), 'tz'], ['tz=../../etc/passwd', 'tz'],
      ['tz=Europe/London&from=2026-02-30', 'from'], ['tz=Europe/London&to=yesterday', 'to'],
      ['tz=Europe/London&from=2026-12-31&to=2026-01-01', 'from']]) {
      const r = await admin('GET', `${path}?${qs}`);
      assert.equal(r.status, 400, `${path}?${qs}: ${r.text}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json');
      assert.deepEqual(r.json.errors.map((e) => e.field), [field], `${path}?${qs}`);
    }
  }
  assert.equal(fingerprint(s), before_);
});

test('history and linked-incident routes refuse hostile ids, names, limits, cursors and parameters, changing nothing', async () => {
  const before_ = fingerprint(s);
  const routes = [`/api/v1/cis/${ciId}/history`, `/api/v1/services/${serviceId}/history`, `/api/v1/objectives/${objectiveId}/history`,
    `/api/v1/categories/${category}/history`, '/api/v1/calendars/24x7/history', '/api/v1/sla-policies/P1%20critical/history',
    '/api/v1/assignment-rules/never/history', '/api/v1/escalation-rules/esc/history', `/api/v1/cis/${ciId}/incidents`,
    `/api/v1/services/${serviceId}/incidents`];
  for (const path of routes) {
    for (const [qs, field] of [['limit=-1', 'limit'], ['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=1e2', 'limit'],
      ['cursor=%00', 'cursor'], ['cursor=!!', 'cursor'], ['cursor=Li4vLi4v', 'cursor'], ['since=1', 'since']]) {
      const r = await admin('GET', `${path}?${qs}`);
      assert.equal(r.status, 400, `${path}?${qs}: ${r.text}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json');
      assert.deepEqual(r.json.errors.map((e) => e.field), [field], `${path}?${qs}`);
    }
  }
  // a cursor of another list is refused, not followed
  const page = (await admin('GET', '/api/v1/incidents?limit=1')).json.next_cursor;
  assert.equal((await admin('GET', `/api/v1/cis/${ciId}/history?cursor=${encodeURIComponent(page)}`)).status, 400);
  assert.equal((await admin('GET', `/api/v1/cis/${ciId}/incidents?cursor=${encodeURIComponent(page)}`)).status, 400);
  assert.equal((await admin('GET', `/api/v1/services/${serviceId}/incidents?open=1`)).status, 400);
  for (const at of ['yesterday', '2026-13-01T00:00:00Z', '2026-01-01', '%00', '9'.repeat(60), "2026-01-01T00:00:00Z'--"]) {
    const r = await admin('GET', `/api/v1/cis/${ciId}?as_of=${encodeURIComponent(at)}`);
    assert.equal(r.status, 400, `as_of=${at}`);
    assert.deepEqual(r.json.errors.map((e) => e.field), ['as_of'], `as_of=${at}`);
  }
  assert.equal((await admin('GET', `/api/v1/cis/${ciId}?as_of=2000-01-01T00:00:00Z`)).status, 404);
  for (const id of ['x', '0', '-1', '1e3', '99999999999999999999', '%00', "1'%20OR%20'1'='1"]) {
    for (const [kind, sub] of [['cis', 'history'], ['services', 'history'], ['objectives', 'history'], ['categories', 'history'],
      ['cis', 'incidents'], ['services', 'incidents']]) {
      const r = await admin('GET', `/api/v1/${kind}/${id}/${sub}`);
      assert.equal(r.status, 404, `${kind}/${id}: ${r.status}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json');
    }
  }
  for (const name of ["nope'; DROP TABLE audit; --", '%00', '..', 'x'.repeat(500)]) {
    for (const kind of ['calendars', 'sla-policies', 'assignment-rules', 'escalation-rules', 'notification-rules']) {
      const r = await admin('GET', `/api/v1/${kind}/${encodeURIComponent(name)}/history`);
      assert.ok([400, 404].includes(r.status), `${kind}/${name}: ${r.status}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json');
    }
  }
  assert.equal(fingerprint(s), before_);
  verify(s);
});

test('attachment names cannot traverse paths', async () => {
  const before_ = fingerprint(s);
  for (const name of ['..', '../', '/', '\\\\', '%2e%2e']) {
    const r = await agent('POST', `/api/v1/incidents/${incident}/attachments?filename=${encodeURIComponent(name)}`,
      { raw: Buffer.from('x'), contentType: 'application/octet-stream' });
    if (name === '%2e%2e') {
      assert.equal(r.status, 201);
      assert.equal(r.json.filename, '%2e%2e', 'stored literally, never decoded into a path');
      continue;
    }
    assert.equal(r.status, 422, name);
    assert.deepEqual(r.json.errors.map((e) => e.field), ['filename']);
  }
  const fp = JSON.parse(before_);
  const after_ = JSON.parse(fingerprint(s));
  assert.equal(after_.rows.attachments, fp.rows.attachments + 1);
});

test('the knowledge base refuses hostile paths, queries, names and bodies, changing nothing', async () => {
  const before_ = fingerprint(s);
  // versions and attachments named by what is not a number
  for (const v of ['x', '0', '-1', '1e3', '99999999999999999999', '%00', '1%2F2']) {
    for (const path of [`/api/v1/articles/${publishedKb}/versions/${v}`, `/api/v1/articles/${publishedKb}/versions/1/diff/${v}`,
      `/api/v1/articles/${publishedKb}/versions/${v}/diff/1`, `/api/v1/articles/${publishedKb}/attachments/${v}`]) {
      const r = await agent('GET', path);
      assert.ok([400, 404].includes(r.status), `${path}: ${r.status}`);
      assert.equal(r.headers.get('content-type'), 'application/problem+json');
    }
  }
  for (const n of ['KB9999999', "KB'; DROP TABLE articles; --", '..', 'INC0000001']) {
    const r = await agent('GET', `/api/v1/articles/${encodeURIComponent(n)}`);
    assert.equal(r.status, 404, n);
  }
  // the text of a search or a suggestion is words, never syntax
  for (const q of ['"', "x'); DROP TABLE articles; --", 'a OR b NOT c', 'NEAR(a b)', '*', 'title:x', '^x', 'x'.repeat(201)]) {
    for (const path of ['/api/v1/articles?text=', '/api/v1/articles/suggest?text=', '/api/v1/known-errors?text=']) {
      const r = await agent('GET', path + encodeURIComponent(q));
      assert.ok([200, 400].includes(r.status), `${path}${q}: ${r.status} ${r.text.slice(0, 200)}`);
    }
  }
  for (const qs of ['limit=0', 'limit=11', 'limit=x', 'text=a&text=b&zz=1', 'zz=1']) {
    const r = await agent('GET', `/api/v1/articles/suggest?text=kb&${qs}`);
    assert.equal(r.status, 400, qs);
  }
  // a body where none is taken; a deflection of what is not published
  const body = await agent('POST', `/api/v1/articles/${publishedKb}/deflect`, { body: { x: 1 } });
  assert.ok([400, 413, 415].includes(body.status), `deflect with a body: ${body.status}`);
  assert.equal((await agent('POST', `/api/v1/articles/${draftKb}/deflect`)).status, 409);
  // attachment names cannot traverse paths; an article's files are its own
  for (const name of ['..', '../', '/', '']) {
    const r = await agent('POST', `/api/v1/articles/${draftKb}/attachments?filename=${encodeURIComponent(name)}`,
      { raw: Buffer.from('x'), contentType: 'application/octet-stream' });
    assert.ok([400, 422].includes(r.status), `${name}: ${r.status}`);
  }
  const big = await agent('POST', `/api/v1/articles/${draftKb}/attachments?filename=big.bin`,
    { raw: Buffer.alloc(10 * 1024 * 1024 + 1), contentType: 'application/octet-stream' });
  assert.equal(big.status, 413);
  // linking twice is 409; linking what is not a ticket, 422
  assert.equal((await agent('POST', `/api/v1/articles/${publishedKb}/links`, { body: { ticket: "INC'; --" } })).status, 422);
  assert.equal(fingerprint(s), before_);
  assert.equal((await agent('POST', `/api/v1/articles/${publishedKb}/links`, { body: { ticket: incident } })).status, 201);
  const linked = fingerprint(s);
  assert.equal((await agent('POST', `/api/v1/articles/${publishedKb}/links`, { body: { ticket: incident } })).status, 409);
  assert.equal(fingerprint(s), linked);
  assert.equal(verify(s).ok, true);
});

test('the survey link pages refuse hostile tokens, ratings and form bodies with a page, changing nothing', async () => {
  const before_ = fingerprint(s);
  const form = (raw, contentType = 'application/x-www-form-urlencoded') => ({ raw, contentType });
  const cases = [
    ['GET', `/survey/${resolved}/al_${'A'.repeat(43)}?rating=5`, {}, 400, 'link-tampered'],
    ['GET', `/survey/${resolved}/x`, {}, 400, 'link-tampered'],
    ['GET', `/survey/${resolved}/al_${'A'.repeat(43)}?rating=five`, {}, 400, 'bad-request'],
    ['GET', `/survey/${resolved}/al_${'A'.repeat(43)}?rating=5&extra=1`, {}, 400, 'bad-request'],
    ['GET', `/survey/NOPE0000001/al_${'A'.repeat(43)}?rating=1`, {}, 400, 'link-tampered'],
    ['GET', `/survey/${resolved}/'%20OR%201=1--?rating=1`, {}, 400, 'link-tampered'],
    ['POST', `/survey/${resolved}/al_${'A'.repeat(43)}`, form('comment=hi'), 400, 'link-tampered'],
    ['POST', `/survey/${resolved}/al_${'A'.repeat(43)}`, form('comment=%ZZ'), 400, 'bad-request'],
    ['POST', `/survey/${resolved}/al_${'A'.repeat(43)}`, form('comment=%C3%28'), 400, 'bad-request'],
    ['POST', `/survey/${resolved}/al_${'A'.repeat(43)}`, form('comment=a%00b'), 400, 'bad-request'],
    ['POST', `/survey/${resolved}/al_${'A'.repeat(43)}`, form('other=1'), 400, 'bad-request'],
    ['POST', `/survey/${resolved}/al_${'A'.repeat(43)}`, form(`comment=${'x'.repeat(9000)}`), 400, 'bad-request'],
  ];
  for (const [m, path, opts, status, reason] of cases) {
    const r = await api(s, m, path, opts);
    assert.equal(r.status, status, `${m} ${path}: ${r.text.slice(0, 200)}`);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(r.text, new RegExp(`data-reason="${reason}"`), path);
    assert.match(r.text, /Nothing was recorded/);
  }
  const json = await api(s, 'POST', `/survey/${resolved}/al_${'A'.repeat(43)}`, { raw: '{"comment":"x"}', contentType: 'application/json' });
  assert.equal(json.status, 415);
  assert.equal(fingerprint(s), before_, 'a refused link changed the database');
});

test('conditional approval steps, costs and attachment variables refuse hostile values, changing nothing', async () => {
  // an attachment variable of at most 5 bytes, and an upload over it (set up before the fingerprint)
  assert.equal((await admin('POST', '/api/v1/catalog-items', { body: { name: 'Scan', short_description: 'A scan',
    variables: [{ name: 'scan', type: 'attachment', label: 'Scan', max_size: 5, content_types: ['image/*'] }] } })).status, 201);
  const big = await agent('POST', `/api/v1/incidents/${incident}/attachments?filename=big.txt`, { raw: Buffer.from('more than five bytes'), contentType: 'application/octet-stream' });
  assert.equal(big.status, 201);
  const before_ = fingerprint(s);
  const step = (extra) => ({ name: 'conditional', kind: 'request', steps: [{ rule: 'any', users: ['admin'], ...extra }] });
  const cases = [
    ['POST', '/api/v1/approval-policies', step({ when_cost_above: '100' }), 'steps[0].when_cost_above'],
    ['POST', '/api/v1/approval-policies', step({ when_cost_above: 1.5 }), 'steps[0].when_cost_above'],
    ['POST', '/api/v1/approval-policies', step({ when_cost_above: 1e13 }), 'steps[0].when_cost_above'],
    ['POST', '/api/v1/approval-policies', step({ when_variable: 5 }), 'steps[0].when_variable'],
    ['POST', '/api/v1/approval-policies', step({ when_variable: "x'; DROP TABLE tickets; --" }), 'steps[0].when_variable'],
    ['POST', '/api/v1/approval-policies', step({ when_variable: 'x', when_pattern: '(' }), 'steps[0].when_pattern'],
    ['POST', '/api/v1/approval-policies', step({ when_variable: 'x', when_pattern: '(a)\\1' }), 'steps[0].when_pattern'],
    ['POST', '/api/v1/approval-policies', step({ when_pattern: 'a' }), 'steps[0].when_variable'],
    ['POST', '/api/v1/approval-policies', { ...step({ when_cost_above: 5 }), kind: 'problem' }, 'steps[0].when_cost_above'],
    ['PATCH', '/api/v1/approval-policies/cab', { steps: [{ rule: 'any', users: ['admin'], when_variable: 'x' }] }, 'steps[0].when_variable'],
    ['PATCH', '/api/v1/catalog-items/Laptop', { cost: 'cheap' }, 'cost'],
    ['PATCH', '/api/v1/catalog-items/Laptop', { cost: -1 }, 'cost'],
    ['PATCH', '/api/v1/catalog-items/Laptop', { cost: 1e13 }, 'cost'],
    ['PATCH', '/api/v1/catalog-items/Laptop', { variables: [{ name: 'f', type: 'attachment', label: 'F', max_size: 0 }] }, 'variables[0].max_size'],
    ['PATCH', '/api/v1/catalog-items/Laptop', { variables: [{ name: 'f', type: 'attachment', label: 'F', max_size: 'big' }] }, 'variables[0].max_size'],
    ['PATCH', '/api/v1/catalog-items/Laptop', { variables: [{ name: 'f', type: 'attachment', label: 'F', content_types: ['../etc'] }] }, 'variables[0].content_types[0]'],
    ['PATCH', '/api/v1/catalog-items/Laptop', { variables: [{ name: 'f', type: 'text', label: 'F', content_types: ['image/png'] }] }, 'variables[0].content_types'],
    ['POST', '/api/v1/catalog-items/Scan/order', { variables: { scan: big.json.id } }, 'variables.scan'],
    ['POST', '/api/v1/catalog-items/Scan/order', { variables: { scan: 987654321 } }, 'variables.scan'],
    ['POST', '/api/v1/catalog-items/Scan/check', { variables: { scan: big.json.id } }, 'variables.scan'],
  ];
  for (const [m, path, body, field] of cases) {
    const r = await admin(m, path, { body });
    assert.ok(r.status === 400 || r.status === 422, `${m} ${path} ${JSON.stringify(body)}: ${r.status}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.ok(r.json.errors.some((e) => e.field === field), `${JSON.stringify(body)}: ${JSON.stringify(r.json.errors)}`);
  }
  assert.equal(fingerprint(s), before_);
  assert.equal(verify(s).ok, true);
});

test('approval link pages refuse hostile ids, tokens and form bodies with a page, changing nothing', async () => {
  const before_ = fingerprint(s);
  const form = (raw) => ({ raw, contentType: 'application/x-www-form-urlencoded' });
  const tok = `al_${'A'.repeat(43)}`;
  const cases = [
    ['GET', `/approval/1/${tok}`, {}, 400, 'link-tampered'],
    ['GET', `/approval/1/x`, {}, 400, 'link-tampered'],
    ['GET', `/approval/0/${tok}`, {}, 400, 'link-tampered'],
    ['GET', `/approval/-1/${tok}`, {}, 400, 'link-tampered'],
    ['GET', `/approval/99999999999999999999/${tok}`, {}, 400, 'link-tampered'],
    ['GET', `/approval/1'%20OR%201=1--/${tok}`, {}, 400, 'link-tampered'],
    ['POST', `/approval/1/${tok}`, form('decision=approve'), 400, 'link-tampered'],
    ['POST', `/approval/1/${tok}`, form('decision=maybe'), 400, 'decision'],
    ['POST', `/approval/1/${tok}`, form('decision=approve&other=1'), 400, 'form'],
    ['POST', `/approval/1/${tok}`, form('decision=reject&comment=%ZZ'), 400, 'comment'],
    ['POST', `/approval/1/${tok}`, form('decision=reject&comment=%C3%28'), 400, 'comment'],
    ['POST', `/approval/1/${tok}`, form(`decision=reject&comment=${'x'.repeat(9000)}`), 400, 'comment'],
  ];
  for (const [m, path, opts, status, reason] of cases) {
    const r = await admin(m, path, opts);
    assert.equal(r.status, status, `${m} ${path}: ${r.text.slice(0, 200)}`);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(r.text, new RegExp(`data-reason="${reason}"`), path);
    assert.match(r.text, /Nothing was recorded/);
  }
  const json = await admin('POST', `/approval/1/${tok}`, { raw: '{"decision":"approve"}', contentType: 'application/json' });
  assert.equal(json.status, 415);
  assert.equal(fingerprint(s), before_, 'a refused link changed the database');
});

test('uploads before the request refuse hostile queries and names, changing nothing', async () => {
  assert.equal((await admin('POST', '/api/v1/catalog-items', { body: { name: 'Form with a file', short_description: 'x',
    variables: [{ name: 'file', type: 'attachment', label: 'File', max_size: 5 }, { name: 'note', type: 'text', label: 'Note' }] } })).status, 201);
  const before_ = fingerprint(s);
  const up = (query, bytes = Buffer.from('hi')) => admin('POST', `/api/v1/catalog-items/Form%20with%20a%20file/uploads${query}`, { raw: bytes, contentType: 'application/octet-stream' });
  const cases = [
    ['', 400, ['filename', 'variable']],
    ['?variable=file', 400, ['filename']],
    ['?filename=a.txt', 400, ['variable']],
    ['?variable=file&filename=a.txt&extra=1', 400, null],
    ['?variable=note&filename=a.txt', 400, ['variable']],
    ["?variable=x'%3B%20DROP%20TABLE%20tickets%3B--&filename=a.txt", 400, ['variable']],
    ['?variable=file&filename=..', 422, ['filename']],
    [`?variable=${'v'.repeat(300)}&filename=a.txt`, 400, null],
  ];
  for (const [q, status, fields] of cases) {
    const r = await up(q);
    assert.equal(r.status, status, `${q}: ${r.text}`);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    if (fields) assert.deepEqual(fieldsOf(r), fields, q);
  }
  const big = await up('?variable=file&filename=a.txt', Buffer.from('more than five'));
  assert.equal(big.status, 422);
  assert.deepEqual(fieldsOf(big), ['file']);
  for (const bad of ['upload:', 'upload:-1', 'upload:1x', 'upload:99999999999999999999999', 'upload:9999999999999999999', 'upload:0', 'UPLOAD:1', ' upload:1']) {
    const r = await admin('POST', '/api/v1/catalog-items/Form%20with%20a%20file/order', { body: { variables: { file: bad } } });
    assert.ok(r.status === 400 || r.status === 422, `${bad}: ${r.status}`);
    assert.deepEqual(fieldsOf(r), ['variables.file'], bad);
  }
  assert.equal(fingerprint(s), before_);
});
