// The authorisation matrix: every route x every kind of caller, with the
// status each must get.  A route served by the server (per its OpenAPI
// document) without a row here fails the test, so new routes cannot skip
// their access rules, and each status a route gives must be one its OpenAPI
// operation declares.  Then: nothing internal reaches an end user through
// any GET route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, api, cli, sqlOn } from './lib.mjs';

const ROLES = ['anonymous', 'end_user', 'other_end_user', 'agent_outside_group', 'agent', 'manager', 'admin'];
const LOGIN = {
  end_user: 'eu1', other_end_user: 'eu2', agent_outside_group: 'agent2', agent: 'agent1', manager: 'boss', admin: 'admin',
};
let s, callers, doc, seq = 0;

before(async () => {
  s = await startServer({ users: [
    { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' },
    { login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }, { login: 'boss', role: 'manager' },
  ], settings: { STEWARD_SMTP_URL: 'smtp://127.0.0.1:9', STEWARD_SMTP_TLS: 'no' } }); // mail queued, never sent
  callers = Object.fromEntries(ROLES.map((r) => [r, r === 'anonymous'
    ? (m, p, o = {}) => api(s, m, p, o)
    : as(s, LOGIN[r])]));
  const g = await callers.admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1', 'boss'] } });
  assert.equal(g.status, 201);
  doc = (await api(s, 'GET', '/api/v1/openapi.json')).json;
});
after(async () => { await s.cleanup(); });

// Fixtures made fresh for each call, so one caller's success cannot change
// what the next one sees.
async function incident(state = 'new') {
  const r = await callers.agent('POST', '/api/v1/incidents', { body: {
    title: `matrix ${++seq}`, requester: 'eu1', assignment_group: 'Desk', assignee: 'agent1' } });
  assert.equal(r.status, 201);
  const n = r.json.number;
  if (state === 'resolved') {
    const x = await callers.agent('POST', `/api/v1/incidents/${n}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'ok' } });
    assert.equal(x.status, 200);
  }
  return n;
}
async function problem(state = 'new') {
  const r = await callers.agent('POST', '/api/v1/problems', { body: { title: `matrix problem ${++seq}`, assignment_group: 'Desk' } });
  assert.equal(r.status, 201);
  const n = r.json.number;
  if (state === 'resolved') {
    const x = await callers.agent('POST', `/api/v1/problems/${n}/resolve`, { body: { resolution_code: 'permanent_fix', resolution_notes: 'ok' } });
    assert.equal(x.status, 200);
  }
  return n;
}
async function approvalPolicy() {
  const name = `ap ${++seq}`;
  const r = await callers.admin('POST', '/api/v1/approval-policies', { body: { name, kind: 'incident', active: false, steps: [{ rule: 'any', users: ['agent1'] }] } });
  assert.equal(r.status, 201, r.text);
  return name;
}
// A pending approval asked of the caller (of agent1 for anonymous callers).
async function approvalFor(role) {
  const n = await incident();
  const who = role === 'anonymous' ? 'agent1' : LOGIN[role];
  const r = await callers.agent('POST', `/api/v1/incidents/${n}/approvals`, { body: { users: [who], rule: 'any' } });
  assert.equal(r.status, 201, r.text);
  return r.json.steps[0].approvals[0].id;
}
// Someone each caller may delegate to (agents delegate to agents).
const DELEGATE = { anonymous: 'eu1', end_user: 'eu2', other_end_user: 'eu1', agent_outside_group: 'agent1', agent: 'agent2', manager: 'agent1', admin: 'agent1' };
async function delegation(role) {
  if (role === 'anonymous') return;
  const r = await callers[role]('PUT', '/api/v1/me/delegation', { body: { delegate: DELEGATE[role], ends_at: new Date(Date.now() + 86400e3).toISOString() } });
  assert.equal(r.status, 200, r.text);
}
// A change of type moved to state along its type's path (authorised by an admin).
async function change(state = 'new', type = 'normal') {
  const r = await callers.agent('POST', '/api/v1/changes', { body: {
    title: `matrix change ${++seq}`, type, assignment_group: 'Desk', implementation_plan: 'i', backout_plan: 'b', test_plan: 't',
    planned_start: '2031-01-01T00:00:00Z', planned_end: '2031-01-01T01:00:00Z' } });
  assert.equal(r.status, 201);
  const n = r.json.number;
  const steps = ['assess', 'submit', 'authorise', 'implement', 'complete'];
  const upto = { new: 0, assess: 1, authorise: 2, scheduled: 3, implement: 4, review: 5 }[state];
  for (const a of steps.slice(0, upto)) {
    const body = a === 'complete' ? { resolution_code: 'successful', resolution_notes: 'ok' } : {};
    const x = await callers[a === 'authorise' ? 'admin' : 'agent']('POST', `/api/v1/changes/${n}/${a}`, { body });
    assert.equal(x.status, 200, `${a}: ${x.text}`);
  }
  return n;
}
async function release(state = 'planned') {
  const r = await callers.agent('POST', '/api/v1/releases', { body: { title: `matrix release ${++seq}`, release_version: '1.0' } });
  assert.equal(r.status, 201);
  const steps = ['build', 'test', 'go'];
  const upto = { planned: 0, building: 1, testing: 2, deploying: 3 }[state];
  for (const a of steps.slice(0, upto)) {
    const x = await callers.agent('POST', `/api/v1/releases/${r.json.number}/${a}`, { body: a === 'go' ? { reason: 'matrix' } : {} });
    assert.equal(x.status, 200, `${a}: ${x.text}`);
  }
  return r.json.number;
}
async function changeTemplate() {
  const name = `tpl${++seq}`;
  assert.equal((await callers.admin('POST', '/api/v1/change-templates', { body: { name, implementation_plan: 'p' } })).status, 201);
  return name;
}
async function changeTask() {
  const r = await callers.agent('POST', `/api/v1/changes/${await change()}/tasks`, { body: { title: `matrix task ${++seq}` } });
  assert.equal(r.status, 201);
  return r.json.number;
}
// The routes every ticket kind of the desk's own gets beyond its actions:
// closed to end users, open to every agent.
function deskFamily(base, make, patchBody, createBody = { title: 'from the matrix' }) {
  const one = `${base}/{number}`, at = async () => `${base}/${await make()}`;
  const ok = (st) => [A, F, F, st, st, st, st];
  return [
    ['POST', base, async () => ({ path: base, body: createBody }), base.endsWith('change-tasks') || base.endsWith('/tasks') ? [A, F, F, 422, 422, 422, 422] : ok(201)],
    ['GET', base, async () => ({ path: base }), ok(200)],
    ['GET', `${base}/counts`, async () => ({ path: `${base}/counts` }), ok(200)],
    ['GET', `/api/v1/reports/${base.split('/').pop()}`, async () => ({ path: `/api/v1/reports/${base.split('/').pop()}` }), ok(200)],
    ['GET', `/api/v1/reports/${base.split('/').pop()}/breakdown`, async () => ({ path: `/api/v1/reports/${base.split('/').pop()}/breakdown?group_by=state` }), ok(200)],
    ['GET', `/api/v1/reports/${base.split('/').pop()}/sla`, async () => ({ path: `/api/v1/reports/${base.split('/').pop()}/sla` }), ok(200)],
    ['GET', one, async () => ({ path: await at() }), ok(200)],
    ['PATCH', one, async () => ({ path: await at(), body: patchBody, headers: { 'if-match': '1' } }), ok(200)],
    ['POST', `${one}/comments`, async () => ({ path: `${await at()}/comments`, body: { body: 'hello' } }), ok(201)],
    ['GET', `${one}/comments`, async () => ({ path: `${await at()}/comments` }), ok(200)],
    ['GET', `${one}/history`, async () => ({ path: `${await at()}/history` }), ok(200)],
    ['POST', `${one}/watchers`, async (role) => ({ path: `${await at()}/watchers`, body: { login: LOGIN[role] || 'agent2' } }), ok(204)],
    ['DELETE', `${one}/watchers/{login}`, async (role) => ({ path: `${await at()}/watchers/${LOGIN[role] || 'agent2'}` }), ok(204)],
    ['POST', `${one}/attachments`, async () => ({ path: `${await at()}/attachments?filename=f.txt`, raw: Buffer.from('x'), contentType: 'text/plain' }), ok(201)],
    ['GET', `${one}/attachments`, async () => ({ path: `${await at()}/attachments` }), ok(200)],
    ['POST', `${one}/links`, async () => ({ path: `${await at()}/links`, body: { kind: 'relates_to', target: await make() } }), ok(201)],
    ['GET', `${one}/links`, async () => ({ path: `${await at()}/links` }), ok(200)],
    // every kind's clocks take breach reasons: no such clock here (404) for those who may
    ['POST', `${one}/sla/{metric}/breach-reason`, async () => ({ path: `${await at()}/sla/999999999/breach-reason`, body: { reason: 'other' } }), ok(404)],
  ];
}
// Improvements: an idea of eu1's moved to state by the desk (a manager approves).
async function improvement(state = 'idea') {
  const r = await callers.end_user('POST', '/api/v1/improvements', { body: { title: `matrix idea ${++seq}` } });
  assert.equal(r.status, 201, r.text);
  const n = r.json.number;
  const steps = { approved: ['approve'], in_progress: ['approve', 'start'] }[state] || [];
  for (const a of steps) assert.equal((await callers.manager('POST', `/api/v1/improvements/${n}/${a}`, { body: {} })).status, 200);
  return n;
}
// Surveys: eu1's resolved incident; the link in the email queued to them
// (mail goes nowhere here: read from its row), and (rated) the comment
// form's link.
async function surveyLink(rated = false) {
  const n = await incident('resolved');
  const body = sqlOn(s, `SELECT n.body FROM notifications n JOIN tickets t ON t.id = n.ticket_id WHERE t.number = '${n}' AND n.event = 'survey' AND n.channel = 'email'`);
  const page = body.match(/(\/survey\/[A-Z]+\d+\/al_[A-Za-z0-9_-]{43})/)[1];
  if (!rated) return page;
  const r = await api(s, 'POST', page, { raw: 'rating=4', contentType: 'application/x-www-form-urlencoded' });
  assert.equal(r.status, 200, r.text);
  return r.text.match(/<form method="post" action="([^"]+)"/)[1];
}
async function attachment() {
  const n = await incident();
  const r = await callers.agent('POST', `/api/v1/incidents/${n}/attachments?filename=a.txt`, { raw: Buffer.from('hi'), contentType: 'text/plain' });
  return r.json.id;
}
async function ci() {
  const r = await callers.admin('POST', '/api/v1/cis', { body: { name: `ci ${++seq}`, class: 'application' } });
  assert.equal(r.status, 201);
  return r.json.id;
}
async function objective() {
  const r = await callers.admin('POST', '/api/v1/objectives', { body: { name: `obj ${++seq}` } });
  assert.equal(r.status, 201);
  return r.json.id;
}
async function changeWindow() {
  const name = `win ${++seq}`;
  const r = await callers.admin('POST', '/api/v1/change-windows', { body: { name, kind: 'maintenance', start: '2030-01-01T00:00', duration: 60, recurrence: 'FREQ=WEEKLY' } });
  assert.equal(r.status, 201);
  return name;
}
async function agreement() {
  const name = `agr ${++seq}`;
  const r = await callers.admin('POST', '/api/v1/agreements', { body: { name, type: 'sla' } });
  assert.equal(r.status, 201);
  return name;
}
// An API token of the caller's (of agent1 for the anonymous caller), made
// on the command line: a token cannot make tokens.
async function apiToken(role) {
  const login = LOGIN[role] || 'agent1';
  cli(['token', 'create', '--db', s.dbUrl, '--user', login, '--name', `matrix ${++seq}`]);
  const r = await callers[role === 'anonymous' ? 'agent' : role]('GET', '/api/v1/me/tokens');
  assert.equal(r.status, 200);
  return r.json.items[0].id;
}
async function catalogItem() {
  const name = `item ${++seq}`;
  const r = await callers.admin('POST', '/api/v1/catalog-items', { body: { name, short_description: 'x', variables: [{ name: 'note', type: 'text', label: 'Note' }] } });
  assert.equal(r.status, 201, r.text);
  return encodeURIComponent(name);
}
// An item whose form takes a file (uploads before the request exists).
async function uploadItem() {
  const name = `upload item ${++seq}`;
  const r = await callers.admin('POST', '/api/v1/catalog-items', { body: { name, short_description: 'x', variables: [{ name: 'file', type: 'attachment', label: 'File' }] } });
  assert.equal(r.status, 201, r.text);
  return encodeURIComponent(name);
}
// Service requests: a request of eu1's in fulfilment (an item without a
// plan), one awaiting approval (an item with a policy), one fulfilled; a
// task waiting for another (version 1) or open.
async function catalogSetup() {
  if (catalogSetup.done) return;
  catalogSetup.done = true;
  const ok = async (p) => { const r = await p; assert.ok(r.status < 300, r.text); };
  await ok(callers.admin('POST', '/api/v1/approval-policies', { body: { name: 'req policy', kind: 'request', active: false, steps: [{ rule: 'any', users: ['agent1'] }] } }));
  await ok(callers.admin('POST', '/api/v1/catalog-items', { body: { name: 'plain', short_description: 'x' } }));
  await ok(callers.admin('POST', '/api/v1/catalog-items', { body: { name: 'approved', short_description: 'x', approval_policy: 'req policy' } }));
  await ok(callers.admin('POST', '/api/v1/catalog-items', { body: { name: 'planned', short_description: 'x' } }));
  await ok(callers.admin('PUT', '/api/v1/catalog-items/planned/plan', { body: { tasks: [{ key: 'a', title: 'A', group: 'Desk' }, { key: 'b', title: 'B', depends_on: ['a'] }] } }));
}
async function request(state = 'in_fulfilment') {
  await catalogSetup();
  const item = state === 'awaiting_approval' ? 'approved' : 'plain';
  const r = await callers.end_user('POST', `/api/v1/catalog-items/${item}/order`, { body: {} });
  assert.equal(r.status, 201, r.text);
  if (state === 'fulfilled') assert.equal((await callers.agent('POST', `/api/v1/requests/${r.json.number}/fulfil`)).status, 200);
  return r.json.number;
}
async function requestVersion() {
  const n = await request();
  return { n, v: String((await callers.agent('GET', `/api/v1/requests/${n}`)).json.version) };
}
async function task(which = 'b') {
  await catalogSetup();
  const r = await callers.end_user('POST', '/api/v1/catalog-items/planned/order', { body: {} });
  assert.equal(r.status, 201, r.text);
  const tasks = (await callers.agent('GET', `/api/v1/requests/${r.json.number}/order`)).json.tasks;
  return tasks.find((t) => t.key === which).number;
}
async function mailbox() {
  const name = `mb-${++seq}`;
  const r = await callers.admin('POST', '/api/v1/mailboxes', { body: { name, imap_url: 'imap://127.0.0.1:1143' } });
  assert.equal(r.status, 201);
  return name;
}
// A feed token of the caller's (an agent's; of agent1 for those who may not have one).
async function feed(role) {
  const who = ['agent_outside_group', 'agent', 'manager', 'admin'].includes(role) ? role : 'agent';
  const r = await callers[who]('POST', '/api/v1/me/feeds', { body: { name: `feed ${++seq}` } });
  assert.equal(r.status, 201);
  return r.json;
}
async function service() {
  const r = await callers.admin('POST', '/api/v1/services', { body: { name: `svc ${++seq}`, criticality: 3 } });
  assert.equal(r.status, 201);
  return r.json.id;
}
// A knowledge article in state (draft, in_review, published) for audience.
async function article(state = 'published', audience = 'everyone') {
  const r = await callers.agent('POST', '/api/v1/articles', { body: { title: `matrix article ${++seq}`, audience, body: 'text' } });
  assert.equal(r.status, 201, r.text);
  const n = r.json.number;
  if (state !== 'draft') assert.equal((await callers.agent('POST', `/api/v1/articles/${n}/submit`)).status, 200);
  if (state === 'published') assert.equal((await callers.manager('POST', `/api/v1/articles/${n}/publish`)).status, 200);
  return n;
}
async function articleTemplate() {
  const name = `tpl ${++seq}`;
  const r = await callers.admin('POST', '/api/v1/article-templates', { body: { name, kind: 'troubleshooting', body: '## Symptoms' } });
  assert.equal(r.status, 201, r.text);
  return name;
}
async function articleFile() {
  const n = await article();
  const r = await callers.agent('POST', `/api/v1/articles/${n}/attachments?filename=a.txt`, { raw: Buffer.from('hi'), contentType: 'text/plain' });
  assert.equal(r.status, 201, r.text);
  return `/api/v1/articles/${n}/attachments/${r.json.id}`;
}
async function user() {
  const login = `u${++seq}`;
  const r = await callers.admin('POST', '/api/v1/users', { body: { login, name: login, email: `${login}@example.com`, role: 'end_user', password: 'long-enough-pw' } });
  assert.equal(r.status, 201);
  return login;
}

// expected statuses in ROLES order
// An event source of the matrix's (made once) and alerts from it: one
// with no incident (severity info: recorded), or linked to an incident.
let sourceToken;
async function alert(linked = false) {
  if (!sourceToken) {
    const r = await callers.admin('POST', '/api/v1/event-sources', { body: { name: 'matrix-source' } });
    assert.equal(r.status, 201, r.text);
    sourceToken = r.json.token;
  }
  const key = `matrix-${++seq}`;
  const sent = await api(s, 'POST', '/api/v1/events', { token: sourceToken, body: { check: 'MatrixCheck', severity: 'info', dedup_key: key } });
  assert.equal(sent.status, 200, sent.text);
  const id = (await callers.agent('GET', '/api/v1/alerts?source=matrix-source&limit=1')).json.items[0].id;
  if (linked) assert.equal((await callers.agent('POST', `/api/v1/alerts/${id}/link`, { body: { incident: await incident() } })).status, 200);
  return id;
}
async function eventSource() {
  const name = `src-${++seq}`;
  assert.equal((await callers.admin('POST', '/api/v1/event-sources', { body: { name } })).status, 201);
  return name;
}
async function statusService() {
  const name = `svc ${++seq}`;
  assert.equal((await callers.admin('POST', '/api/v1/services', { body: { name, criticality: 3 } })).status, 201);
  assert.equal((await callers.admin('POST', '/api/v1/status-services', { body: { name: `public ${seq}`, service: name } })).status, 201);
  return `public ${seq}`;
}
// A webhook to a closed port, on an event the matrix never causes (its ping
// goes nowhere; webhooks.test.mjs delivers for real).
async function webhook() {
  const name = `hook-${++seq}`;
  const r = await callers.admin('POST', '/api/v1/webhooks', { body: { name, url: 'http://127.0.0.1:9/hook', events: ['approval_reminder'] } });
  assert.equal(r.status, 201, r.text);
  return name;
}
async function alertRule() {
  const name = `rule-${++seq}`;
  assert.equal((await callers.admin('POST', '/api/v1/alert-rules', { body: { name, action: 'record' } })).status, 201);
  return name;
}

const A = 401, F = 403, N = 404;
const MATRIX = [
  ['GET', '/', async () => ({ path: '/' }), [200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/app/{file}', async () => ({ path: '/app/app.js' }), [200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/healthz', async () => ({ path: '/healthz' }), [200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/metrics', async () => ({ path: '/metrics' }), [200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/openapi.json', async () => ({ path: '/api/v1/openapi.json' }), [200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/auth/login', async () => ({ path: '/api/v1/auth/login', body: { login: `nobody${++seq}`, password: 'wrong-password' } }),
    [A, A, A, A, A, A, A]],
  ['POST', '/api/v1/auth/logout', async () => ({ path: '/api/v1/auth/logout' }), [A, 400, 400, 400, 400, 400, 400]],
  ['GET', '/api/v1/me', async () => ({ path: '/api/v1/me' }), [A, 200, 200, 200, 200, 200, 200]],
  // every user keeps their own API tokens; one is made from a browser session only (sessions.test.mjs), never with a token
  ['POST', '/api/v1/me/tokens', async () => ({ path: '/api/v1/me/tokens', body: { name: `t ${++seq}` } }), [A, F, F, F, F, F, F]],
  ['GET', '/api/v1/me/tokens', async () => ({ path: '/api/v1/me/tokens' }), [A, 200, 200, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/me/tokens/{id}', async (role) => ({ path: `/api/v1/me/tokens/${await apiToken(role)}` }), [A, 204, 204, 204, 204, 204, 204]],
  // a stream: api() returns once the headers are in and closes it (events.test.mjs reads them)
  ['GET', '/api/v1/events', async () => ({ path: '/api/v1/events' }), [A, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/users', async () => ({ path: '/api/v1/users', body: { login: `n${++seq}`, name: 'n', email: 'n@example.com', role: 'agent', password: 'long-enough-pw' } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/users', async () => ({ path: '/api/v1/users' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/users/{login}', async () => ({ path: '/api/v1/users/agent1' }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/users/{login}', async () => ({ path: `/api/v1/users/${await user()}`, body: { name: 'renamed' } }),
    [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/users/{login}/history', async () => ({ path: '/api/v1/users/eu1/history' }), [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/groups', async () => ({ path: '/api/v1/groups', body: { name: `G${++seq}` } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/groups', async () => ({ path: '/api/v1/groups' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/groups/{name}', async () => ({ path: '/api/v1/groups/Desk' }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/groups/{name}', async () => ({ path: '/api/v1/groups/Desk', body: { description: `d${++seq}` } }),
    [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/groups/{name}/history', async () => ({ path: '/api/v1/groups/Desk/history' }), [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/incidents', async () => ({ path: '/api/v1/incidents', body: { title: 'from the matrix' } }),
    [A, 201, 201, 201, 201, 201, 201]],
  ['GET', '/api/v1/incidents', async () => ({ path: '/api/v1/incidents' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/incidents/counts', async () => ({ path: '/api/v1/incidents/counts' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/incidents', async () => ({ path: '/api/v1/reports/incidents' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/incidents/breakdown', async () => ({ path: '/api/v1/reports/incidents/breakdown?group_by=state' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/kpis', async () => ({ path: '/api/v1/kpis' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/kpis/{name}', async () => ({ path: '/api/v1/kpis/incident_mttr?interval=week' }), [A, F, F, 200, 200, 200, 200]],
  ['PUT', '/api/v1/kpis/{name}/target', async () => ({ path: '/api/v1/kpis/incident_reopen_rate/target', body: { target: 0.05, amber: 0.08, red: 0.12 } }),
    [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/reports/incidents/sla', async () => ({ path: '/api/v1/reports/incidents/sla?by=service' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/incidents/{number}', async () => ({ path: `/api/v1/incidents/${await incident()}` }), [A, 200, N, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/incidents/{number}', async () => ({ path: `/api/v1/incidents/${await incident()}`, body: { title: 'x' }, headers: { 'if-match': '1' } }),
    [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/start', async () => ({ path: `/api/v1/incidents/${await incident()}/start` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/hold', async () => ({ path: `/api/v1/incidents/${await incident()}/hold`, body: { reason: 'awaiting_caller' } }),
    [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/resolve', async () => ({ path: `/api/v1/incidents/${await incident()}/resolve`, body: { resolution_code: 'fixed', resolution_notes: 'n' } }),
    [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/reopen', async () => ({ path: `/api/v1/incidents/${await incident('resolved')}/reopen` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/close', async () => ({ path: `/api/v1/incidents/${await incident('resolved')}/close` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/cancel', async () => ({ path: `/api/v1/incidents/${await incident()}/cancel` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/major', async () => ({ path: `/api/v1/incidents/${await incident()}/major`, body: { reason: 'outage' } }),
    [A, F, F, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/incidents/{number}/major', async () => {
    const n = await incident();
    await callers.agent('POST', `/api/v1/incidents/${n}/major`, { body: { reason: 'outage' } });
    return { path: `/api/v1/incidents/${n}/major` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/priority-matrix', async () => ({ path: '/api/v1/priority-matrix' }), [A, F, F, 200, 200, 200, 200]],
  ['PUT', '/api/v1/priority-matrix', async () => ({ path: '/api/v1/priority-matrix', body: { matrix: [[1, 2, 3], [2, 3, 4], [3, 4, 5]] } }),
    [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/assignment-rules', async () => ({ path: '/api/v1/assignment-rules', body: { name: `rule ${++seq}`, assignment_group: 'Desk', match_keywords: ['zzzz-never'] } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/assignment-rules', async () => ({ path: '/api/v1/assignment-rules' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/assignment-rules/{name}', async () => {
    const name = `rule ${++seq}`;
    await callers.admin('POST', '/api/v1/assignment-rules', { body: { name, assignment_group: 'Desk', match_keywords: ['zzzz-never'] } });
    return { path: `/api/v1/assignment-rules/${encodeURIComponent(name)}` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/assignment-rules/{name}', async () => {
    const name = `rule ${++seq}`;
    await callers.admin('POST', '/api/v1/assignment-rules', { body: { name, assignment_group: 'Desk', match_keywords: ['zzzz-never'] } });
    return { path: `/api/v1/assignment-rules/${encodeURIComponent(name)}`, body: { position: 3 } };
  }, [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/assignment-rules/{name}/history', async () => {
    const name = `rule ${++seq}`;
    await callers.admin('POST', '/api/v1/assignment-rules', { body: { name, assignment_group: 'Desk', match_keywords: ['zzzz-never'] } });
    return { path: `/api/v1/assignment-rules/${encodeURIComponent(name)}/history` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/categories', async () => ({ path: '/api/v1/categories', body: { name: `cat${++seq}` } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/categories', async () => ({ path: '/api/v1/categories' }), [A, 200, 200, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/categories/{id}', async () => {
    const c = await callers.admin('POST', '/api/v1/categories', { body: { name: `cat${++seq}` } });
    return { path: `/api/v1/categories/${c.json.id}`, body: { active: false } };
  }, [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/categories/{id}/history', async () => {
    const c = await callers.admin('POST', '/api/v1/categories', { body: { name: `cat${++seq}` } });
    return { path: `/api/v1/categories/${c.json.id}/history` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/templates', async () => ({ path: '/api/v1/templates', body: { name: `tpl ${++seq}`, title: 't' } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/templates', async () => ({ path: '/api/v1/templates' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/templates/{name}', async () => {
    const name = `tpl ${++seq}`;
    await callers.admin('POST', '/api/v1/templates', { body: { name, title: 't' } });
    return { path: `/api/v1/templates/${encodeURIComponent(name)}` };
  }, [A, 200, 200, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/templates/{name}', async () => {
    const name = `tpl ${++seq}`;
    await callers.admin('POST', '/api/v1/templates', { body: { name, title: 't' } });
    return { path: `/api/v1/templates/${encodeURIComponent(name)}`, body: { urgency: 1 } };
  }, [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/custom-fields', async () => ({ path: '/api/v1/custom-fields', body: { kind: 'incident', name: `f${++seq}`, label: 'F', type: 'text' } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/custom-fields', async () => ({ path: '/api/v1/custom-fields?kind=incident' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/custom-fields/{kind}/{name}', async () => {
    const name = `f${++seq}`;
    await callers.admin('POST', '/api/v1/custom-fields', { body: { kind: 'incident', name, label: 'F', type: 'date' } });
    return { path: `/api/v1/custom-fields/incident/${name}` };
  }, [A, 200, 200, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/custom-fields/{kind}/{name}', async () => {
    const name = `f${++seq}`;
    await callers.admin('POST', '/api/v1/custom-fields', { body: { kind: 'incident', name, label: 'F', type: 'number' } });
    return { path: `/api/v1/custom-fields/incident/${name}`, body: { label: 'G' } };
  }, [A, F, F, F, F, F, 200]],
  // a rule every incident raised here meets (their channel is api), so later rows are not affected
  ['POST', '/api/v1/mandatory-fields', async () => ({ path: '/api/v1/mandatory-fields', body: { kind: 'incident', state: 'in_progress', field: 'channel' } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/mandatory-fields', async () => ({ path: '/api/v1/mandatory-fields' }), [A, 200, 200, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/mandatory-fields/{id}', async () => {
    const rule = { kind: 'incident', state: 'canceled', field: 'channel' };
    const r = await callers.admin('POST', '/api/v1/mandatory-fields', { body: rule });
    if (r.status === 201) return { path: `/api/v1/mandatory-fields/${r.json.id}` };
    const all = (await callers.admin('GET', '/api/v1/mandatory-fields?kind=incident')).json.items;
    return { path: `/api/v1/mandatory-fields/${all.find((m) => m.state === 'canceled').id}` };
  }, [A, F, F, F, F, F, 204]],
  ['POST', '/api/v1/calendars', async () => ({ path: '/api/v1/calendars', body: { name: `cal ${++seq}`, hours: 'mon-fri 09:00-17:00' } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/calendars', async () => ({ path: '/api/v1/calendars' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/calendars/{name}', async () => ({ path: '/api/v1/calendars/24x7' }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/calendars/{name}', async () => {
    const name = `cal ${++seq}`;
    await callers.admin('POST', '/api/v1/calendars', { body: { name, hours: '24x7' } });
    return { path: `/api/v1/calendars/${encodeURIComponent(name)}`, body: { holidays: ['2030-01-01'] } };
  }, [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/calendars/{name}/history', async () => ({ path: '/api/v1/calendars/24x7/history' }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/sla-policies', async () => ({ path: '/api/v1/sla-policies', body: { name: `pol ${++seq}`, calendar: '24x7', match_priority: 5, position: 99, resolution_seconds: 60 } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/sla-policies', async () => ({ path: '/api/v1/sla-policies' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/sla-policies/{name}', async () => ({ path: `/api/v1/sla-policies/${encodeURIComponent('P1 critical')}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/sla-policies/{name}', async () => {
    const name = `pol ${++seq}`;
    await callers.admin('POST', '/api/v1/sla-policies', { body: { name, calendar: '24x7', match_priority: 5, position: 99, resolution_seconds: 60 } });
    return { path: `/api/v1/sla-policies/${encodeURIComponent(name)}`, body: { active: false } };
  }, [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/sla-policies/{name}/history', async () => ({ path: `/api/v1/sla-policies/${encodeURIComponent('P1 critical')}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/agreements', async () => ({ path: '/api/v1/agreements', body: { name: `agr ${++seq}`, type: 'ola' } }), [A, F, F, F, F, 201, 201]],
  ['GET', '/api/v1/agreements', async () => ({ path: '/api/v1/agreements' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/agreements/{name}', async () => ({ path: `/api/v1/agreements/${encodeURIComponent(await agreement())}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/agreements/{name}', async () => ({ path: `/api/v1/agreements/${encodeURIComponent(await agreement())}`, body: { status: 'active' } }), [A, F, F, F, F, 200, 200]],
  ['GET', '/api/v1/agreements/{name}/history', async () => ({ path: `/api/v1/agreements/${encodeURIComponent(await agreement())}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/breach-reasons', async () => ({ path: '/api/v1/breach-reasons', body: { name: `br_${++seq}`, label: 'Reason' } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/breach-reasons', async () => ({ path: '/api/v1/breach-reasons' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/breach-reasons/{name}', async () => ({ path: '/api/v1/breach-reasons/other' }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/breach-reasons/{name}', async () => ({ path: '/api/v1/breach-reasons/other', body: { label: `Other ${++seq}` } }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/breach-reasons/{name}/history', async () => ({ path: '/api/v1/breach-reasons/other/history' }), [A, F, F, 200, 200, 200, 200]],
  // a clock within its target: nothing to explain (409) for those who may
  ['POST', '/api/v1/incidents/{number}/sla/{metric}/breach-reason', async () => ({ path: `/api/v1/incidents/${await incident()}/sla/resolution/breach-reason`, body: { reason: 'other' } }),
    [A, F, F, 409, 409, 409, 409]],
  ['POST', '/api/v1/escalation-rules', async () => ({ path: '/api/v1/escalation-rules', body: { name: `esc ${++seq}`, event: 'breach', action: 'notify_manager', match_priority: 5 } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/escalation-rules', async () => ({ path: '/api/v1/escalation-rules' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/escalation-rules/{name}', async () => {
    const name = `esc ${++seq}`;
    await callers.admin('POST', '/api/v1/escalation-rules', { body: { name, event: 'breach', action: 'notify_manager', match_priority: 5 } });
    return { path: `/api/v1/escalation-rules/${encodeURIComponent(name)}` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/escalation-rules/{name}', async () => {
    const name = `esc ${++seq}`;
    await callers.admin('POST', '/api/v1/escalation-rules', { body: { name, event: 'breach', action: 'notify_manager', match_priority: 5 } });
    return { path: `/api/v1/escalation-rules/${encodeURIComponent(name)}`, body: { active: false } };
  }, [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/escalation-rules/{name}/history', async () => {
    const name = `esc ${++seq}`;
    await callers.admin('POST', '/api/v1/escalation-rules', { body: { name, event: 'breach', action: 'notify_manager', match_priority: 5 } });
    return { path: `/api/v1/escalation-rules/${encodeURIComponent(name)}/history` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/me/notifications', async () => ({ path: '/api/v1/me/notifications' }), [A, 200, 200, 200, 200, 200, 200]],
  // approvals: policies are the admins', the inbox and decisions each caller's own
  ['POST', '/api/v1/approval-policies', async () => ({ path: '/api/v1/approval-policies', body: { name: `ap ${++seq}`, kind: 'incident', active: false, steps: [{ rule: 'any', users: ['agent1'] }] } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/approval-policies', async () => ({ path: '/api/v1/approval-policies' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/approval-policies/{name}', async () => ({ path: `/api/v1/approval-policies/${encodeURIComponent(await approvalPolicy())}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/approval-policies/{name}', async () => ({ path: `/api/v1/approval-policies/${encodeURIComponent(await approvalPolicy())}`, body: { position: 3 } }),
    [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/approvals', async () => ({ path: '/api/v1/approvals' }), [A, 200, 200, 200, 200, 200, 200]],
  // an approval asked of the caller: each decides their own
  ['POST', '/api/v1/approvals/{id}/approve', async (role) => ({ path: `/api/v1/approvals/${await approvalFor(role)}/approve`, body: { comment: 'ok' } }),
    [A, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/approvals/{id}/reject', async (role) => ({ path: `/api/v1/approvals/${await approvalFor(role)}/reject`, body: { comment: 'no' } }),
    [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/me/delegation', async (role) => { await delegation(role); return { path: '/api/v1/me/delegation' }; }, [A, 200, 200, 200, 200, 200, 200]],
  ['PUT', '/api/v1/me/delegation', async (role) => ({ path: '/api/v1/me/delegation', body: { delegate: DELEGATE[role], ends_at: new Date(Date.now() + 86400e3).toISOString() } }),
    [A, 200, 200, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/me/delegation', async (role) => { await delegation(role); return { path: '/api/v1/me/delegation' }; }, [A, 204, 204, 204, 204, 204, 204]],
  ['POST', '/api/v1/incidents/{number}/approvals', async () => ({ path: `/api/v1/incidents/${await incident()}/approvals`, body: { users: ['agent1'], rule: 'any' } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/incidents/{number}/approvals', async () => ({ path: `/api/v1/incidents/${await incident()}/approvals` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/approvals', async () => ({ path: `/api/v1/problems/${await problem()}/approvals`, body: { users: ['agent1'], rule: 'any' } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/problems/{number}/approvals', async () => ({ path: `/api/v1/problems/${await problem()}/approvals` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/changes/{number}/approvals', async () => ({ path: `/api/v1/changes/${await change()}/approvals`, body: { users: ['agent1'], rule: 'any' } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/changes/{number}/approvals', async () => ({ path: `/api/v1/changes/${await change()}/approvals` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/change-tasks/{number}/approvals', async () => ({ path: `/api/v1/change-tasks/${await changeTask()}/approvals`, body: { users: ['agent1'], rule: 'any' } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/change-tasks/{number}/approvals', async () => ({ path: `/api/v1/change-tasks/${await changeTask()}/approvals` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/releases/{number}/approvals', async () => ({ path: `/api/v1/releases/${await release()}/approvals`, body: { users: ['agent1'], rule: 'any' } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/releases/{number}/approvals', async () => ({ path: `/api/v1/releases/${await release()}/approvals` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/me/notifications/read', async () => ({ path: '/api/v1/me/notifications/read' }), [A, 204, 204, 204, 204, 204, 204]],
  // nobody's notification: each caller may only mark their own
  ['POST', '/api/v1/me/notifications/{id}/read', async () => ({ path: '/api/v1/me/notifications/999999/read' }), [A, N, N, N, N, N, N]],
  ['GET', '/api/v1/outbox', async () => ({ path: '/api/v1/outbox' }), [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/notification-rules', async () => ({ path: '/api/v1/notification-rules', body: { name: `nr ${++seq}`, event: 'major', recipients: ['manager'], channels: ['in_app'] } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/notification-rules', async () => ({ path: '/api/v1/notification-rules' }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/notification-rules/{name}', async () => {
    const name = `nr ${++seq}`;
    await callers.admin('POST', '/api/v1/notification-rules', { body: { name, event: 'major', recipients: ['manager'], channels: ['in_app'] } });
    return { path: `/api/v1/notification-rules/${encodeURIComponent(name)}`, body: { active: false } };
  }, [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/notification-rules/{name}/history', async () => {
    const name = `nr ${++seq}`;
    await callers.admin('POST', '/api/v1/notification-rules', { body: { name, event: 'major', recipients: ['manager'], channels: ['in_app'] } });
    return { path: `/api/v1/notification-rules/${encodeURIComponent(name)}/history` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/notification-templates', async () => ({ path: '/api/v1/notification-templates' }), [A, F, F, 200, 200, 200, 200]],
  ['PUT', '/api/v1/notification-templates/{event}', async () => ({ path: '/api/v1/notification-templates/reopened', body: { subject: 'Reopened {{number}}', body: '{{link}}' } }),
    [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/ci-classes', async () => ({ path: '/api/v1/ci-classes', body: { name: `cls_${++seq}`, parent: 'hardware' } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/ci-classes', async () => ({ path: '/api/v1/ci-classes' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/ci-classes/{name}', async () => ({ path: '/api/v1/ci-classes/server' }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/ci-classes/{name}', async () => ({ path: '/api/v1/ci-classes/software', body: { description: `changed ${++seq}` } }), [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/cis', async () => ({ path: '/api/v1/cis', body: { name: `ci ${++seq}`, class: 'application' } }), [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/cis', async () => ({ path: '/api/v1/cis' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/cis/{id}', async () => ({ path: `/api/v1/cis/${await ci()}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/cis/{id}', async () => ({ path: `/api/v1/cis/${await ci()}`, body: { location: 'DC9' } }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/cis/{id}/relations', async () => ({ path: `/api/v1/cis/${await ci()}/relations`, body: { type: 'depends_on', to: await ci() } }), [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/cis/{id}/relations', async () => ({ path: `/api/v1/cis/${await ci()}/relations` }), [A, F, F, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/relations/{id}', async () => {
    const r = await callers.admin('POST', `/api/v1/cis/${await ci()}/relations`, { body: { type: 'depends_on', to: await ci() } });
    return { path: `/api/v1/relations/${r.json.id}` };
  }, [A, F, F, 204, 204, 204, 204]],
  ['GET', '/api/v1/cis/{id}/impact', async () => ({ path: `/api/v1/cis/${await ci()}/impact` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/cis/{id}/history', async () => ({ path: `/api/v1/cis/${await ci()}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/cis/{id}/incidents', async () => ({ path: `/api/v1/cis/${await ci()}/incidents` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/objectives', async () => ({ path: '/api/v1/objectives', body: { name: `obj ${++seq}` } }), [A, F, F, F, F, 201, 201]],
  ['GET', '/api/v1/objectives', async () => ({ path: '/api/v1/objectives' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/objectives/{id}', async () => ({ path: `/api/v1/objectives/${await objective()}` }), [A, 200, 200, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/objectives/{id}', async () => ({ path: `/api/v1/objectives/${await objective()}`, body: { target: '99 %' } }), [A, F, F, F, F, 200, 200]],
  ['GET', '/api/v1/objectives/{id}/history', async () => ({ path: `/api/v1/objectives/${await objective()}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/services', async () => ({ path: '/api/v1/services', body: { name: `svc ${++seq}`, criticality: 3 } }), [A, F, F, F, F, 201, 201]],
  ['GET', '/api/v1/services', async () => ({ path: '/api/v1/services' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/services/{id}', async () => ({ path: `/api/v1/services/${await service()}` }), [A, 200, 200, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/services/{id}', async () => ({ path: `/api/v1/services/${await service()}`, body: { criticality: 2 } }), [A, F, F, F, F, 200, 200]],
  ['GET', '/api/v1/services/{id}/availability', async () => ({ path: `/api/v1/services/${await service()}/availability` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/cis/{id}/availability', async () => ({ path: `/api/v1/cis/${await ci()}/availability` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/services/{id}/dependencies', async () => ({ path: `/api/v1/services/${await service()}/dependencies` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/services/{id}/history', async () => ({ path: `/api/v1/services/${await service()}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/services/{id}/incidents', async () => ({ path: `/api/v1/services/${await service()}/incidents` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/import/{kind}', async () => ({ path: '/api/v1/import/cis', raw: Buffer.from(`external_id,name,class\nauthz-${++seq},x,application\n`), contentType: 'text/csv' }),
    [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/export/{kind}', async () => ({ path: '/api/v1/export/relations' }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/comments', async () => ({ path: `/api/v1/incidents/${await incident()}/comments`, body: { body: 'hello' } }),
    [A, 201, N, 201, 201, 201, 201]],
  ['GET', '/api/v1/incidents/{number}/comments', async () => ({ path: `/api/v1/incidents/${await incident()}/comments` }), [A, 200, N, 200, 200, 200, 200]],
  ['GET', '/api/v1/incidents/{number}/history', async () => ({ path: `/api/v1/incidents/${await incident()}/history` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/watchers', async (role) => ({ path: `/api/v1/incidents/${await incident()}/watchers`, body: { login: LOGIN[role] || 'eu2' } }),
    [A, 204, N, 204, 204, 204, 204]],
  ['DELETE', '/api/v1/incidents/{number}/watchers/{login}', async (role) => ({ path: `/api/v1/incidents/${await incident()}/watchers/${LOGIN[role] || 'eu2'}` }),
    [A, 204, N, 204, 204, 204, 204]],
  ['POST', '/api/v1/incidents/{number}/attachments', async () => ({ path: `/api/v1/incidents/${await incident()}/attachments?filename=f.txt`, raw: Buffer.from('x'), contentType: 'text/plain' }),
    [A, 201, N, 201, 201, 201, 201]],
  ['GET', '/api/v1/incidents/{number}/attachments', async () => ({ path: `/api/v1/incidents/${await incident()}/attachments` }), [A, 200, N, 200, 200, 200, 200]],
  ['GET', '/api/v1/attachments/{id}', async () => ({ path: `/api/v1/attachments/${await attachment()}` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/links', async () => ({ path: `/api/v1/incidents/${await incident()}/links`, body: { kind: 'relates_to', target: await incident() } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/incidents/{number}/links', async () => ({ path: `/api/v1/incidents/${await incident()}/links` }), [A, 200, N, 200, 200, 200, 200]],
  // problems: the desk's own, so every route is closed to end users
  ['POST', '/api/v1/problems', async () => ({ path: '/api/v1/problems', body: { title: 'from the matrix' } }), [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/problems', async () => ({ path: '/api/v1/problems' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/problems/candidates', async () => ({ path: '/api/v1/problems/candidates' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/problems/counts', async () => ({ path: '/api/v1/problems/counts' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/problems', async () => ({ path: '/api/v1/reports/problems' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/problems/breakdown', async () => ({ path: '/api/v1/reports/problems/breakdown?group_by=state' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/problems/sla', async () => ({ path: '/api/v1/reports/problems/sla?by=service' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/problems/{number}', async () => ({ path: `/api/v1/problems/${await problem()}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/problems/{number}', async () => ({ path: `/api/v1/problems/${await problem()}`, body: { symptoms: 'x' }, headers: { 'if-match': '1' } }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/investigate', async () => ({ path: `/api/v1/problems/${await problem()}/investigate` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/identify_root_cause', async () => {
    const n = await problem();
    await callers.agent('PATCH', `/api/v1/problems/${n}`, { body: { root_cause: 'r' }, headers: { 'if-match': '1' } });
    return { path: `/api/v1/problems/${n}/identify_root_cause` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/mark_known_error', async () => {
    const n = await problem();
    await callers.agent('PATCH', `/api/v1/problems/${n}`, { body: { root_cause: 'r', workaround: 'w' }, headers: { 'if-match': '1' } });
    return { path: `/api/v1/problems/${n}/mark_known_error` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/resolve', async () => ({ path: `/api/v1/problems/${await problem()}/resolve`, body: { resolution_code: 'permanent_fix', resolution_notes: 'n' } }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/reopen', async () => ({ path: `/api/v1/problems/${await problem('resolved')}/reopen` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/close', async () => ({ path: `/api/v1/problems/${await problem('resolved')}/close` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/cancel', async () => ({ path: `/api/v1/problems/${await problem()}/cancel` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/major', async () => ({ path: `/api/v1/problems/${await problem()}/major`, body: { reason: 'outage' } }), [A, F, F, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/problems/{number}/major', async () => {
    const n = await problem();
    await callers.agent('POST', `/api/v1/problems/${n}/major`, { body: { reason: 'outage' } });
    return { path: `/api/v1/problems/${n}/major` };
  }, [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/comments', async () => ({ path: `/api/v1/problems/${await problem()}/comments`, body: { body: 'hello' } }), [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/problems/{number}/comments', async () => ({ path: `/api/v1/problems/${await problem()}/comments` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/problems/{number}/history', async () => ({ path: `/api/v1/problems/${await problem()}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/watchers', async (role) => ({ path: `/api/v1/problems/${await problem()}/watchers`, body: { login: LOGIN[role] || 'agent2' } }),
    [A, F, F, 204, 204, 204, 204]],
  ['DELETE', '/api/v1/problems/{number}/watchers/{login}', async (role) => ({ path: `/api/v1/problems/${await problem()}/watchers/${LOGIN[role] || 'agent2'}` }),
    [A, F, F, 204, 204, 204, 204]],
  ['POST', '/api/v1/problems/{number}/attachments', async () => ({ path: `/api/v1/problems/${await problem()}/attachments?filename=f.txt`, raw: Buffer.from('x'), contentType: 'text/plain' }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/problems/{number}/attachments', async () => ({ path: `/api/v1/problems/${await problem()}/attachments` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/links', async () => ({ path: `/api/v1/problems/${await problem()}/links`, body: { kind: 'relates_to', target: await problem() } }),
    [A, F, F, 201, 201, 201, 201]],
  ['POST', '/api/v1/problems/{number}/sla/{metric}/breach-reason', async () => ({ path: `/api/v1/problems/${await problem()}/sla/999999999/breach-reason`, body: { reason: 'other' } }),
    [A, F, F, 404, 404, 404, 404]],
  ['GET', '/api/v1/problems/{number}/links', async () => ({ path: `/api/v1/problems/${await problem()}/links` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/problems/{number}/incidents', async () => ({ path: `/api/v1/problems/${await problem()}/incidents`, body: { incidents: [await incident()] } }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/problems/{number}/incidents', async () => ({ path: `/api/v1/problems/${await problem()}/incidents` }), [A, F, F, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/problems/{number}/incidents/{incident}', async () => {
    const n = await problem();
    const i = await incident();
    await callers.agent('POST', `/api/v1/problems/${n}/incidents`, { body: { incidents: [i] } });
    return { path: `/api/v1/problems/${n}/incidents/${i}` };
  }, [A, F, F, 204, 204, 204, 204]],
  ['POST', '/api/v1/problems/{number}/workaround', async () => ({ path: `/api/v1/problems/${await problem()}/workaround`, body: { workaround: 'reboot' } }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/cause-categories', async () => ({ path: '/api/v1/cause-categories', body: { name: `c${++seq}`, label: 'C' } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/cause-categories', async () => ({ path: '/api/v1/cause-categories' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/cause-categories/{name}', async () => ({ path: '/api/v1/cause-categories/capacity' }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/cause-categories/{name}', async () => ({ path: '/api/v1/cause-categories/capacity', body: { position: 3 } }), [A, F, F, F, F, F, 200]],
  // knowledge article templates: admins write, agents read (the new-article page)
  ['POST', '/api/v1/article-templates', async () => ({ path: '/api/v1/article-templates', body: { name: `tpl ${++seq}`, body: '## Steps' } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/article-templates', async () => ({ path: '/api/v1/article-templates' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/article-templates/{name}', async () => ({ path: `/api/v1/article-templates/${encodeURIComponent(await articleTemplate())}` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/article-templates/{name}/history', async () => ({ path: `/api/v1/article-templates/${encodeURIComponent(await articleTemplate())}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/article-templates/{name}', async () => ({ path: `/api/v1/article-templates/${encodeURIComponent(await articleTemplate())}`, body: { description: 'd' } }), [A, F, F, F, F, F, 200]],
  // the knowledge base: agents write, managers publish, everyone reads what is published for everyone
  ['POST', '/api/v1/articles', async () => ({ path: '/api/v1/articles', body: { title: `matrix ${++seq}` } }), [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/articles', async () => ({ path: '/api/v1/articles' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/articles/suggest', async () => ({ path: '/api/v1/articles/suggest?text=matrix' }), [A, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/articles/preview', async () => ({ path: '/api/v1/articles/preview', body: { body: '**x**' } }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/articles/{number}', async () => ({ path: `/api/v1/articles/${await article()}` }), [A, 200, 200, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/articles/{number}', async () => ({ path: `/api/v1/articles/${await article('draft')}`, body: { title: 'x' }, headers: { 'if-match': '1' } }),
    [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/articles/{number}/submit', async () => ({ path: `/api/v1/articles/${await article('draft')}/submit` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/articles/{number}/publish', async () => ({ path: `/api/v1/articles/${await article('draft')}/publish` }), [A, F, F, F, F, 200, 200]],
  ['POST', '/api/v1/articles/{number}/reject', async () => ({ path: `/api/v1/articles/${await article('in_review')}/reject`, body: { reason: 'no' } }),
    [A, F, F, F, F, 200, 200]],
  ['POST', '/api/v1/articles/{number}/retire', async () => ({ path: `/api/v1/articles/${await article()}/retire` }), [A, F, F, F, F, 200, 200]],
  ['POST', '/api/v1/articles/{number}/revise', async () => ({ path: `/api/v1/articles/${await article()}/revise` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/articles/{number}/versions', async () => ({ path: `/api/v1/articles/${await article()}/versions` }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/articles/{number}/versions/{version}', async () => ({ path: `/api/v1/articles/${await article()}/versions/1` }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/articles/{number}/versions/{a}/diff/{b}', async () => ({ path: `/api/v1/articles/${await article()}/versions/1/diff/1` }),
    [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/articles/{number}/history', async () => ({ path: `/api/v1/articles/${await article()}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/articles/{number}/attachments', async () => ({ path: `/api/v1/articles/${await article()}/attachments?filename=f.txt`, raw: Buffer.from('x'), contentType: 'text/plain' }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/articles/{number}/attachments', async () => ({ path: `/api/v1/articles/${await article()}/attachments` }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/articles/{number}/attachments/{id}', async () => ({ path: await articleFile() }), [A, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/articles/{number}/ratings', async () => ({ path: `/api/v1/articles/${await article()}/ratings`, body: { helpful: true } }),
    [A, 201, 201, 201, 201, 201, 201]],
  ['GET', '/api/v1/articles/{number}/ratings', async () => ({ path: `/api/v1/articles/${await article()}/ratings` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/articles/{number}/deflect', async () => ({ path: `/api/v1/articles/${await article()}/deflect` }), [A, 204, 204, 204, 204, 204, 204]],
  ['POST', '/api/v1/articles/{number}/links', async () => ({ path: `/api/v1/articles/${await article()}/links`, body: { ticket: await incident() } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/articles/{number}/links', async () => ({ path: `/api/v1/articles/${await article()}/links` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/known-errors', async () => ({ path: '/api/v1/known-errors' }), [A, 200, 200, 200, 200, 200, 200]],
  // changes and their tasks: the desk's own; authorising and rejecting are for change managers (managers, admins)
  ...deskFamily('/api/v1/changes', () => change(), { justification: 'x' }),
  ...[['assess', 'new'], ['submit', 'assess'], ['implement', 'scheduled'], ['close', 'review'], ['cancel', 'new']].map(([a, st]) =>
    ['POST', `/api/v1/changes/{number}/${a}`, async () => ({ path: `/api/v1/changes/${await change(st)}/${a}` }), [A, F, F, 200, 200, 200, 200]]),
  ['POST', '/api/v1/changes/{number}/expedite', async () => ({ path: `/api/v1/changes/${await change('new', 'emergency')}/expedite` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/changes/{number}/schedule', async () => ({ path: `/api/v1/changes/${await change('new', 'standard')}/schedule` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/changes/{number}/authorise', async () => ({ path: `/api/v1/changes/${await change('authorise')}/authorise` }), [A, F, F, F, F, 200, 200]],
  ['POST', '/api/v1/changes/{number}/reject', async () => ({ path: `/api/v1/changes/${await change('authorise')}/reject`, body: { reason: 'no' } }), [A, F, F, F, F, 200, 200]],
  ['POST', '/api/v1/changes/{number}/complete', async () => ({ path: `/api/v1/changes/${await change('implement')}/complete`, body: { resolution_code: 'successful', resolution_notes: 'ok' } }),
    [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/changes/{number}/tasks', async () => ({ path: `/api/v1/changes/${await change()}/tasks` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/changes/{number}/tasks', async () => ({ path: `/api/v1/changes/${await change()}/tasks`, body: { title: 'task' } }), [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/changes/{number}/ci-updates', async () => ({ path: `/api/v1/changes/${await change()}/ci-updates` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/changes/{number}/ci-updates', async () => ({ path: `/api/v1/changes/${await change()}/ci-updates`, body: { ci: await ci(), status: 'retired' } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/changes/{number}/conflicts', async () => ({ path: `/api/v1/changes/${await change()}/conflicts` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/changes/{number}/incidents', async () => ({ path: `/api/v1/changes/${await change()}/incidents` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/changes/{number}/risk', async () => ({ path: `/api/v1/changes/${await change()}/risk` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/risk-settings', async () => ({ path: '/api/v1/risk-settings' }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/risk-settings', async () => ({ path: '/api/v1/risk-settings', body: { weight_type: 15 } }), [A, F, F, F, F, F, 200]],
  // toolkits: admins only; the applies are dry runs, so each caller sees the same
  ['GET', '/api/v1/toolkits', async () => ({ path: '/api/v1/toolkits' }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/toolkits/{name}', async () => ({ path: '/api/v1/toolkits/itil-starter' }), [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/toolkits/{name}/apply', async () => ({ path: '/api/v1/toolkits/itil-starter/apply?dry_run=true' }), [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/toolkits/apply', async () => ({ path: '/api/v1/toolkits/apply?dry_run=true', body: { format: 'steward-toolkit/1', name: 'matrix', version: 1,
    sections: { calendars: [{ key: 'matrix.cal', version: 1, name: `matrix cal ${++seq}`, hours: '24x7', timezone: 'UTC' }] } } }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/toolkit-export', async () => ({ path: '/api/v1/toolkit-export' }), [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/change-templates', async () => ({ path: '/api/v1/change-templates', body: { name: `tpl ${++seq}`, implementation_plan: 'p' } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/change-templates', async () => ({ path: '/api/v1/change-templates' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/change-templates/{name}', async () => ({ path: `/api/v1/change-templates/${await changeTemplate()}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/change-templates/{name}', async () => ({ path: `/api/v1/change-templates/${await changeTemplate()}`, body: { risk: 'medium' } }), [A, F, F, F, F, F, 200]],
  ...deskFamily('/api/v1/change-tasks', changeTask, { description: 'x' }),
  ...['start', 'complete', 'cancel'].map((a) =>
    ['POST', `/api/v1/change-tasks/{number}/${a}`, async () => ({ path: `/api/v1/change-tasks/${await changeTask()}/${a}` }), [A, F, F, 200, 200, 200, 200]]),
  // releases: the desk's own, grouping changes
  ...deskFamily('/api/v1/releases', () => release(), { release_notes: 'x' }, { title: 'from the matrix', release_version: '1.0' }),
  ...[['build', 'planned'], ['test', 'building'], ['close', 'deploying'], ['cancel', 'planned']].map(([a, st]) =>
    ['POST', `/api/v1/releases/{number}/${a}`, async () => ({ path: `/api/v1/releases/${await release(st)}/${a}` }), [A, F, F, 200, 200, 200, 200]]),
  ['POST', '/api/v1/releases/{number}/go', async () => ({ path: `/api/v1/releases/${await release('testing')}/go`, body: { reason: 'agreed' } }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/releases/{number}/no_go', async () => ({ path: `/api/v1/releases/${await release('testing')}/no_go`, body: { reason: 'not yet' } }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/releases/{number}/changes', async () => ({ path: `/api/v1/releases/${await release()}/changes`, body: { changes: [await change()] } }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/releases/{number}/changes', async () => ({ path: `/api/v1/releases/${await release()}/changes` }), [A, F, F, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/releases/{number}/changes/{change}', async () => {
    const r = await release(), c = await change();
    await callers.agent('POST', `/api/v1/releases/${r}/changes`, { body: { changes: [c] } });
    return { path: `/api/v1/releases/${r}/changes/${c}` };
  }, [A, F, F, 204, 204, 204, 204]],
  ['GET', '/api/v1/releases/{number}/readiness', async () => ({ path: `/api/v1/releases/${await release()}/readiness` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/releases/{number}/notes', async () => ({ path: `/api/v1/releases/${await release()}/notes` }), [A, F, F, 200, 200, 200, 200]],
  // the change schedule: admins keep the windows, agents read them, the calendar and their feeds; a feed's token is its credential
  ['POST', '/api/v1/change-windows', async () => ({ path: '/api/v1/change-windows', body: { name: `win ${++seq}`, kind: 'blackout', start: '2030-01-01T00:00', duration: 60 } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/change-windows', async () => ({ path: '/api/v1/change-windows' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/change-windows/check', async () => ({ path: '/api/v1/change-windows/check?from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/change-windows/{name}', async () => ({ path: `/api/v1/change-windows/${encodeURIComponent(await changeWindow())}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/change-windows/{name}', async () => ({ path: `/api/v1/change-windows/${encodeURIComponent(await changeWindow())}`, body: { duration: 30 } }),
    [A, F, F, F, F, F, 200]],
  // the email channel: mailboxes hold credentials, admins alone read or write them
  ['POST', '/api/v1/mailboxes', async () => ({ path: '/api/v1/mailboxes', body: { name: `mb-${++seq}` } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/mailboxes', async () => ({ path: '/api/v1/mailboxes' }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/mailboxes/{name}', async () => ({ path: `/api/v1/mailboxes/${await mailbox()}` }), [A, F, F, F, F, F, 200]],
  ['PATCH', '/api/v1/mailboxes/{name}', async () => ({ path: `/api/v1/mailboxes/${await mailbox()}`, body: { folder: 'Support' } }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/mailboxes/{name}/status', async () => ({ path: `/api/v1/mailboxes/${await mailbox()}/status` }), [A, F, F, F, F, F, 200]],
  // outgoing webhooks: they reach out of the network and may hold a secret, admins alone read or write them
  ['POST', '/api/v1/webhooks', async () => ({ path: '/api/v1/webhooks', body: { name: `hook-${++seq}`, url: 'http://127.0.0.1:9/hook', events: ['approval_reminder'] } }),
    [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/webhooks', async () => ({ path: '/api/v1/webhooks' }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/webhooks/{name}', async () => ({ path: `/api/v1/webhooks/${await webhook()}` }), [A, F, F, F, F, F, 200]],
  ['PATCH', '/api/v1/webhooks/{name}', async () => ({ path: `/api/v1/webhooks/${await webhook()}`, body: { description: `d${++seq}` } }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/webhooks/{name}/history', async () => ({ path: `/api/v1/webhooks/${await webhook()}/history` }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/webhooks/{name}/deliveries', async () => ({ path: `/api/v1/webhooks/${await webhook()}/deliveries` }), [A, F, F, F, F, F, 200]],
  ['POST', '/api/v1/webhooks/{name}/ping', async () => ({ path: `/api/v1/webhooks/${await webhook()}/ping` }), [A, F, F, F, F, F, 202]],
  // a month capped per day in a zone (per_day, tz); pages (limit, cursor) are the same gate
  ['GET', '/api/v1/changes/calendar', async () => ({ path: '/api/v1/changes/calendar?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z&per_day=3&tz=Europe/London' }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/me/feeds', async () => ({ path: '/api/v1/me/feeds', body: { name: `feed ${++seq}` } }), [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/me/feeds', async () => ({ path: '/api/v1/me/feeds' }), [A, F, F, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/me/feeds/{id}', async (role) => ({ path: `/api/v1/me/feeds/${(await feed(role)).id}` }), [A, F, F, 204, 204, 204, 204]],
  ['GET', '/api/v1/feeds/{token}', async () => ({ path: (await feed('agent')).url }), [200, 200, 200, 200, 200, 200, 200]],
  // the service catalogue: admins keep items and plans; whoever may order an item reads it, its form and checks a submission
  ['POST', '/api/v1/catalog-items', async () => ({ path: '/api/v1/catalog-items', body: { name: `item ${++seq}`, short_description: 'x' } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/catalog-items', async () => ({ path: '/api/v1/catalog-items' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/catalog-items/{name}', async () => ({ path: `/api/v1/catalog-items/${await catalogItem()}` }), [A, 200, 200, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/catalog-items/{name}', async () => ({ path: `/api/v1/catalog-items/${await catalogItem()}`, body: { price: '10 EUR' } }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/catalog-items/{name}/history', async () => ({ path: `/api/v1/catalog-items/${await catalogItem()}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['PUT', '/api/v1/catalog-items/{name}/plan', async () => ({ path: `/api/v1/catalog-items/${await catalogItem()}/plan`, body: { tasks: [{ key: 'a', title: 'A', group: 'Desk' }] } }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/catalog-items/{name}/form', async () => ({ path: `/api/v1/catalog-items/${await catalogItem()}/form` }), [A, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/catalog-items/{name}/uploads', async () => ({ path: `/api/v1/catalog-items/${await uploadItem()}/uploads?variable=file&filename=a.txt`, raw: Buffer.from('hi'), contentType: 'text/plain' }), [A, 201, 201, 201, 201, 201, 201]],
  ['POST', '/api/v1/catalog-items/{name}/order', async () => ({ path: `/api/v1/catalog-items/${await catalogItem()}/order`, body: { variables: { note: 'hi' } } }), [A, 201, 201, 201, 201, 201, 201]],
  // service requests: an end user's own, like incidents; the engine's own moves are nobody's by hand
  ['POST', '/api/v1/requests', async () => ({ path: '/api/v1/requests', body: { title: 'by hand' } }), [A, 422, 422, 422, 422, 422, 422]],
  ['GET', '/api/v1/requests', async () => ({ path: '/api/v1/requests' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/requests/counts', async () => ({ path: '/api/v1/requests/counts' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/requests', async () => ({ path: '/api/v1/reports/requests' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/requests/breakdown', async () => ({ path: '/api/v1/reports/requests/breakdown?group_by=state' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/requests/sla', async () => ({ path: '/api/v1/reports/requests/sla?by=service' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/requests/{number}', async () => ({ path: `/api/v1/requests/${await request()}` }), [A, 200, N, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/requests/{number}', async () => { const { n, v } = await requestVersion(); return { path: `/api/v1/requests/${n}`, body: { title: 'x' }, headers: { 'if-match': v } }; },
    [A, F, F, 200, 200, 200, 200]],
  ...['submit', 'approve', 'reject', 'start'].map((a) =>
    ['POST', `/api/v1/requests/{number}/${a}`, async () => ({ path: `/api/v1/requests/${await request(a === 'start' ? 'in_fulfilment' : 'awaiting_approval')}/${a}` }), [A, F, F, 409, 409, 409, 409]]),
  ['POST', '/api/v1/requests/{number}/fulfil', async () => ({ path: `/api/v1/requests/${await request()}/fulfil` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/requests/{number}/close', async () => ({ path: `/api/v1/requests/${await request('fulfilled')}/close` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/requests/{number}/cancel', async () => ({ path: `/api/v1/requests/${await request('awaiting_approval')}/cancel` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/requests/{number}/comments', async () => ({ path: `/api/v1/requests/${await request()}/comments`, body: { body: 'hello' } }), [A, 201, N, 201, 201, 201, 201]],
  ['GET', '/api/v1/requests/{number}/comments', async () => ({ path: `/api/v1/requests/${await request()}/comments` }), [A, 200, N, 200, 200, 200, 200]],
  ['GET', '/api/v1/requests/{number}/history', async () => ({ path: `/api/v1/requests/${await request()}/history` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/requests/{number}/watchers', async (role) => ({ path: `/api/v1/requests/${await request()}/watchers`, body: { login: LOGIN[role] || 'eu2' } }),
    [A, 204, N, 204, 204, 204, 204]],
  ['DELETE', '/api/v1/requests/{number}/watchers/{login}', async (role) => ({ path: `/api/v1/requests/${await request()}/watchers/${LOGIN[role] || 'eu2'}` }),
    [A, 204, N, 204, 204, 204, 204]],
  ['POST', '/api/v1/requests/{number}/attachments', async () => ({ path: `/api/v1/requests/${await request()}/attachments?filename=f.txt`, raw: Buffer.from('x'), contentType: 'text/plain' }),
    [A, 201, N, 201, 201, 201, 201]],
  ['GET', '/api/v1/requests/{number}/attachments', async () => ({ path: `/api/v1/requests/${await request()}/attachments` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/requests/{number}/links', async () => ({ path: `/api/v1/requests/${await request()}/links`, body: { kind: 'relates_to', target: await request() } }),
    [A, F, F, 201, 201, 201, 201]],
  ['POST', '/api/v1/requests/{number}/sla/{metric}/breach-reason', async () => ({ path: `/api/v1/requests/${await request()}/sla/999999999/breach-reason`, body: { reason: 'other' } }),
    [A, F, F, 404, 404, 404, 404]],
  ['GET', '/api/v1/requests/{number}/links', async () => ({ path: `/api/v1/requests/${await request()}/links` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/requests/{number}/approvals', async () => ({ path: `/api/v1/requests/${await request()}/approvals`, body: { users: ['agent1'], rule: 'any' } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/requests/{number}/approvals', async () => ({ path: `/api/v1/requests/${await request()}/approvals` }), [A, 200, N, 200, 200, 200, 200]],
  ['GET', '/api/v1/requests/{number}/order', async () => ({ path: `/api/v1/requests/${await request()}/order` }), [A, 200, N, 200, 200, 200, 200]],
  // their tasks: the desk's own
  ...deskFamily('/api/v1/tasks', () => task('b'), { description: 'x' }),
  ['POST', '/api/v1/tasks/{number}/open', async () => ({ path: `/api/v1/tasks/${await task('b')}/open` }), [A, F, F, 409, 409, 409, 409]],
  ['POST', '/api/v1/tasks/{number}/start', async () => ({ path: `/api/v1/tasks/${await task('a')}/start` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/tasks/{number}/complete', async () => ({ path: `/api/v1/tasks/${await task('a')}/complete` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/tasks/{number}/not_needed', async () => ({ path: `/api/v1/tasks/${await task('b')}/not_needed`, body: { reason: 'no' } }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/tasks/{number}/approvals', async () => ({ path: `/api/v1/tasks/${await task('b')}/approvals`, body: { users: ['agent1'], rule: 'any' } }), [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/tasks/{number}/approvals', async () => ({ path: `/api/v1/tasks/${await task('b')}/approvals` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/tasks/{number}/work', async () => ({ path: `/api/v1/tasks/${await task('b')}/work` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/catalog-items/{name}/check', async () => ({ path: `/api/v1/catalog-items/${await catalogItem()}/check`, body: { variables: { note: 'hi' } } }), [A, 200, 200, 200, 200, 200, 200]],
  // event management: the ingestion routes take an event source's token only (no user's: tests/api/alerts.test.mjs
  // sends with one), agents work alerts, admins keep sources and rules
  ['POST', '/api/v1/events/alertmanager', async () => ({ path: '/api/v1/events/alertmanager', body: { version: '4', alerts: [] } }), [A, A, A, A, A, A, A]],
  // (asking for the fast path, as Alertmanager's route always takes it: alerts.test.mjs refuses user tokens on the other)
  ['POST', '/api/v1/events', async () => ({ path: '/api/v1/events', body: { check: 'x', severity: 'info' }, headers: { prefer: 'respond-async' } }), [A, A, A, A, A, A, A]],
  ['GET', '/api/v1/alerts', async () => ({ path: '/api/v1/alerts' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/alerts/{id}', async () => ({ path: `/api/v1/alerts/${await alert()}` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/alerts/{id}/history', async () => ({ path: `/api/v1/alerts/${await alert()}/history` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/alerts/{id}/acknowledge', async () => ({ path: `/api/v1/alerts/${await alert()}/acknowledge` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/alerts/{id}/link', async () => ({ path: `/api/v1/alerts/${await alert()}/link`, body: { incident: await incident() } }), [A, F, F, 200, 200, 200, 200]],
  ['DELETE', '/api/v1/alerts/{id}/link', async () => ({ path: `/api/v1/alerts/${await alert(true)}/link` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/alerts/{id}/incident', async () => ({ path: `/api/v1/alerts/${await alert()}/incident` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/event-sources', async () => ({ path: '/api/v1/event-sources', body: { name: `src-${++seq}` } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/event-sources', async () => ({ path: '/api/v1/event-sources' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/event-sources/{name}', async () => ({ path: `/api/v1/event-sources/${await eventSource()}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/event-sources/{name}', async () => ({ path: `/api/v1/event-sources/${await eventSource()}`, body: { quiet_seconds: 60 } }), [A, F, F, F, F, F, 200]],
  // the public status page: anyone reads it; admins make services public, agents keep their status and post public updates
  ['GET', '/status', async () => ({ path: '/status' }), [200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/status/feed.atom', async () => ({ path: '/status/feed.atom' }), [200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/status', async () => ({ path: '/api/v1/status' }), [200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/status-services', async () => {
    const name = `svc ${++seq}`;
    assert.equal((await callers.admin('POST', '/api/v1/services', { body: { name, criticality: 3 } })).status, 201);
    return { path: '/api/v1/status-services', body: { name: `public ${seq}`, service: name } };
  }, [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/status-services', async () => ({ path: '/api/v1/status-services' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/status-services/{name}', async () => ({ path: `/api/v1/status-services/${encodeURIComponent(await statusService())}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/status-services/{name}', async () => ({ path: `/api/v1/status-services/${encodeURIComponent(await statusService())}`, body: { message: 'all fine' } }),
    [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/incidents/{number}/status-updates', async () => ({ path: `/api/v1/incidents/${await incident()}/status-updates`, body: { phase: 'investigating', body: 'looking' } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/incidents/{number}/status-updates', async () => ({ path: `/api/v1/incidents/${await incident()}/status-updates` }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/alert-rules', async () => ({ path: '/api/v1/alert-rules', body: { name: `rule-${++seq}`, action: 'record' } }), [A, F, F, F, F, F, 201]],
  ['GET', '/api/v1/alert-rules', async () => ({ path: '/api/v1/alert-rules' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/alert-rules/{name}', async () => ({ path: `/api/v1/alert-rules/${await alertRule()}` }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/alert-rules/{name}', async () => ({ path: `/api/v1/alert-rules/${await alertRule()}`, body: { position: 5 } }), [A, F, F, F, F, F, 200]],
  // satisfaction surveys: agents read the settings, admins change them; managers read the report; the person asked answers
  ['GET', '/api/v1/survey-settings', async () => ({ path: '/api/v1/survey-settings' }), [A, F, F, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/survey-settings/{kind}', async () => ({ path: '/api/v1/survey-settings/problem', body: { low_threshold: 2 } }), [A, F, F, F, F, F, 200]],
  ['GET', '/api/v1/surveys/report', async () => ({ path: '/api/v1/surveys/report?by=group&tz=Europe/London' }), [A, F, F, F, F, 200, 200]],
  ['GET', '/api/v1/surveys/comments', async () => ({ path: '/api/v1/surveys/comments' }), [A, F, F, F, F, 200, 200]],
  ['GET', '/api/v1/surveys/{number}', async () => ({ path: `/api/v1/surveys/${await incident('resolved')}` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/surveys/{number}', async () => ({ path: `/api/v1/surveys/${await incident('resolved')}`, body: { rating: 5 } }), [A, 200, N, F, F, F, F]],
  ['GET', '/survey/{number}/{token}', async () => ({ path: await surveyLink() }), [200, 200, 200, 200, 200, 200, 200]],
  // approval links (docs/requests.md#approval-links): no session is sent to the login (fetch follows the 303 to the
  // web UI); a session with a link that is not its own is told so (approval_links.test.mjs walks the real ones)
  ['GET', '/approval/{id}/{token}', async () => ({ path: `/approval/1/al_${'A'.repeat(43)}` }), [200, 400, 400, 400, 400, 400, 400]],
  ['POST', '/approval/{id}/{token}', async () => ({ path: `/approval/1/al_${'A'.repeat(43)}`, raw: 'decision=approve', contentType: 'application/x-www-form-urlencoded' }), [A, 400, 400, 400, 400, 400, 400]],
  ['POST', '/survey/{number}/{token}', async () => ({ path: await surveyLink(true), raw: 'comment=fine', contentType: 'application/x-www-form-urlencoded' }), [200, 200, 200, 200, 200, 200, 200]],
  // the improvement register: anyone proposes, the proposer reads theirs, the desk works them, managers approve
  ['POST', '/api/v1/improvements', async () => ({ path: '/api/v1/improvements', body: { title: 'an idea' } }), [A, 201, 201, 201, 201, 201, 201]],
  ['GET', '/api/v1/improvements', async () => ({ path: '/api/v1/improvements' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/improvements/counts', async () => ({ path: '/api/v1/improvements/counts' }), [A, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/improvements', async () => ({ path: '/api/v1/reports/improvements' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/improvements/breakdown', async () => ({ path: '/api/v1/reports/improvements/breakdown?group_by=state' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/reports/improvements/sla', async () => ({ path: '/api/v1/reports/improvements/sla?by=service' }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/improvements/{number}', async () => ({ path: `/api/v1/improvements/${await improvement()}` }), [A, 200, N, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/improvements/{number}', async () => ({ path: `/api/v1/improvements/${await improvement()}`, body: { description: 'x' }, headers: { 'if-match': '1' } }),
    [A, F, F, 200, 200, 200, 200]],
  ...['approve', 'reject'].map((a) =>
    ['POST', `/api/v1/improvements/{number}/${a}`, async () => ({ path: `/api/v1/improvements/${await improvement()}/${a}`, body: {} }), [A, F, F, F, F, 200, 200]]),
  ['POST', '/api/v1/improvements/{number}/start', async () => ({ path: `/api/v1/improvements/${await improvement('approved')}/start`, body: {} }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/improvements/{number}/complete', async () => ({ path: `/api/v1/improvements/${await improvement('in_progress')}/complete`, body: {} }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/improvements/{number}/abandon', async () => ({ path: `/api/v1/improvements/${await improvement()}/abandon`, body: {} }), [A, F, F, 200, 200, 200, 200]],
  ['POST', '/api/v1/improvements/{number}/comments', async () => ({ path: `/api/v1/improvements/${await improvement()}/comments`, body: { body: 'hello' } }), [A, 201, N, 201, 201, 201, 201]],
  ['GET', '/api/v1/improvements/{number}/comments', async () => ({ path: `/api/v1/improvements/${await improvement()}/comments` }), [A, 200, N, 200, 200, 200, 200]],
  ['GET', '/api/v1/improvements/{number}/history', async () => ({ path: `/api/v1/improvements/${await improvement()}/history` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/improvements/{number}/watchers', async (role) => ({ path: `/api/v1/improvements/${await improvement()}/watchers`, body: { login: LOGIN[role] || 'eu2' } }),
    [A, 204, N, 204, 204, 204, 204]],
  ['DELETE', '/api/v1/improvements/{number}/watchers/{login}', async (role) => ({ path: `/api/v1/improvements/${await improvement()}/watchers/${LOGIN[role] || 'eu2'}` }),
    [A, 204, N, 204, 204, 204, 204]],
  ['POST', '/api/v1/improvements/{number}/attachments', async () => ({ path: `/api/v1/improvements/${await improvement()}/attachments?filename=f.txt`, raw: Buffer.from('x'), contentType: 'text/plain' }),
    [A, 201, N, 201, 201, 201, 201]],
  ['GET', '/api/v1/improvements/{number}/attachments', async () => ({ path: `/api/v1/improvements/${await improvement()}/attachments` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/improvements/{number}/links', async () => ({ path: `/api/v1/improvements/${await improvement()}/links`, body: { kind: 'relates_to', target: await improvement() } }),
    [A, F, F, 201, 201, 201, 201]],
  ['POST', '/api/v1/improvements/{number}/sla/{metric}/breach-reason', async () => ({ path: `/api/v1/improvements/${await improvement()}/sla/999999999/breach-reason`, body: { reason: 'other' } }),
    [A, F, F, 404, 404, 404, 404]],
  ['GET', '/api/v1/improvements/{number}/links', async () => ({ path: `/api/v1/improvements/${await improvement()}/links` }), [A, 200, N, 200, 200, 200, 200]],
  ['POST', '/api/v1/improvements/{number}/approvals', async () => ({ path: `/api/v1/improvements/${await improvement()}/approvals`, body: { users: ['agent1'], rule: 'any' } }),
    [A, F, F, 201, 201, 201, 201]],
  ['GET', '/api/v1/improvements/{number}/approvals', async () => ({ path: `/api/v1/improvements/${await improvement()}/approvals` }), [A, 200, N, 200, 200, 200, 200]],
  ['GET', '/api/v1/improvements/{number}/plan', async () => ({ path: `/api/v1/improvements/${await improvement()}/plan` }), [A, 200, N, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/improvements/{number}/plan', async () => ({ path: `/api/v1/improvements/${await improvement()}/plan`, body: { vision: 'v' } }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/problems/{number}/improvements', async () => ({ path: `/api/v1/problems/${await problem()}/improvements` }), [A, F, F, 200, 200, 200, 200]],
  ['GET', '/api/v1/changes/{number}/improvements', async () => ({ path: `/api/v1/changes/${await change()}/improvements` }), [A, F, F, 200, 200, 200, 200]],
];

test('every served route has a row in the matrix', async () => {
  const served = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  const covered = new Set(MATRIX.map(([m, p]) => `${m} ${p}`));
  for (const route of served) assert.ok(covered.has(route), `no authorisation row for ${route}`);
  assert.equal(covered.size, MATRIX.length, 'no duplicate rows');
  for (const row of MATRIX) assert.equal(row[3].length, ROLES.length, `${row[0]} ${row[1]}`);
});

for (const [method, pattern, fixture, expected] of MATRIX) {
  test(`${method} ${pattern}`, async () => {
    // each status the route gives is one its OpenAPI operation declares
    const declared = Object.keys(doc.paths[pattern][method.toLowerCase()].responses);
    for (let i = 0; i < ROLES.length; i++) {
      const role = ROLES[i];
      const { path, ...opts } = await fixture(role);
      const r = await callers[role](method, path, opts);
      assert.equal(r.status, expected[i], `${role}: ${method} ${path} -> ${r.status} ${r.text.slice(0, 200)}`);
      assert.ok(declared.includes(String(r.status)), `${method} ${pattern}: ${r.status} is not declared (${declared})`);
    }
  });
}

test('an agents-only article reaches no end user through any GET route', async () => {
  const n = await article('published', 'agents');
  const draft = await article('draft', 'everyone');
  for (const num of [n, draft]) {
    await callers.agent('POST', `/api/v1/articles/${num}/attachments?filename=x.txt`, { raw: Buffer.from('x'), contentType: 'text/plain' });
    const att = (await callers.agent('GET', `/api/v1/articles/${num}/attachments`)).json.items[0].id;
    const gets = MATRIX.filter(([m, p]) => m === 'GET' && p.startsWith('/api/v1/articles/{number}')).map(([, p]) => p
      .replace('{number}', num).replace('{version}', '1').replace('{a}', '1').replace('{b}', '1').replace('{id}', att));
    for (const who of ['end_user', 'other_end_user']) {
      for (const path of gets) {
        const r = await callers[who]('GET', path);
        assert.ok([403, 404].includes(r.status), `${who}: ${path} -> ${r.status}`);
      }
    }
  }
});

test('nothing internal reaches an end user through any GET route', async () => {
  const SECRET = 'INTERNAL-ONLY-51d0';
  const n = await incident();
  await callers.agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: `${SECRET} note`, internal: true } });
  await callers.agent('POST', `/api/v1/incidents/${n}/attachments?filename=x.txt`, { raw: Buffer.from('public file'), contentType: 'text/plain' });
  const att = (await callers.end_user('GET', `/api/v1/incidents/${n}/attachments`)).json.items[0].id;
  const gets = MATRIX.filter(([m]) => m === 'GET').map(([, p]) => p
    .replace('{number}', n).replace('{login}', 'eu1').replace('{name}', 'Desk').replace('{id}', att));
  gets.push(`/api/v1/incidents?text=${SECRET}`, `/api/v1/incidents?requester=eu1`);
  for (const who of ['end_user', 'other_end_user']) {
    for (const path of gets) {
      const r = await callers[who]('GET', path);
      assert.ok(!r.text.includes(SECRET), `${who} saw a work note through ${path}`);
      assert.ok(!/"internal":true/.test(r.text), `${who} saw an internal entry through ${path}`);
      assert.ok(!/"action":"work_note"/.test(r.text), `${who} saw work-note history through ${path}`);
    }
  }
});
