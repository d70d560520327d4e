// Knowledge article templates (issue #20): admins keep them, agents read
// them to start a new article; each member checked as an article's is, a
// taken name refused, a failed write changing nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, verify } from './lib.mjs';

let s, admin, agent, eu;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
});
after(async () => { await s.cleanup(); });

const SKELETON = '## Symptoms\n\n## Cause\n\n## Workaround\n';

test('create, list in order, read, change; defaults; a taken name is 409', async () => {
  let r = await admin('POST', '/api/v1/article-templates', { body: { name: 'Known error', description: 'For problem management',
    kind: 'known_error', body: SKELETON, position: 2 } });
  assert.equal(r.status, 201, r.text);
  assert.equal(decodeURIComponent(r.headers.get('location')), '/api/v1/article-templates/Known error');
  assert.deepEqual([r.json.kind, r.json.audience, r.json.category, r.json.body, r.json.position, r.json.active],
    ['known_error', 'agents', null, SKELETON, 2, true]);
  r = await admin('POST', '/api/v1/article-templates', { body: { name: 'How-to', position: 1 } });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.json.kind, r.json.audience, r.json.body, r.json.description], ['how_to', 'agents', '', ''], 'the defaults');
  assert.equal((await admin('POST', '/api/v1/article-templates', { body: { name: 'How-to' } })).status, 409);

  const list = await agent('GET', '/api/v1/article-templates');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.items.map((t) => t.name), ['How-to', 'Known error'], 'by position');
  const one = await agent('GET', '/api/v1/article-templates/Known%20error');
  assert.equal(one.json.body, SKELETON);
  assert.equal((await agent('GET', '/api/v1/article-templates/Nope')).status, 404);

  r = await admin('PATCH', '/api/v1/article-templates/How-to', { body: { audience: 'everyone', body: '## Steps\n', active: false } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.audience, r.json.body, r.json.active], ['everyone', '## Steps\n', false]);
  const history = await agent('GET', '/api/v1/article-templates/How-to/history');
  assert.equal(history.status, 200, history.text);
  assert.deepEqual(history.json.items.map((h) => h.action), ['create', 'update']);
  assert.deepEqual(history.json.items[1].changes.audience, { from: 'agents', to: 'everyone' }, JSON.stringify(history.json.items[1]));
  // agents still list the inactive one (the page offers the active ones)
  assert.ok((await agent('GET', '/api/v1/article-templates')).json.items.some((t) => t.name === 'How-to' && !t.active));
});

test('who may: admins write, agents read, end users neither', async () => {
  assert.equal((await agent('POST', '/api/v1/article-templates', { body: { name: 'Mine' } })).status, 403);
  assert.equal((await agent('PATCH', '/api/v1/article-templates/Known%20error', { body: { body: 'x' } })).status, 403);
  assert.equal((await eu('GET', '/api/v1/article-templates')).status, 403);
  assert.equal((await eu('GET', '/api/v1/article-templates/Known%20error')).status, 403);
});

test('bad input is refused with each field named, and nothing changes', async () => {
  const rows = verify(s).rows;
  const before = (await admin('GET', '/api/v1/article-templates')).json;
  const cases = [
    [{ name: 'Bad', kind: 'essay', audience: 'martians' }, ['audience', 'kind']],
    [{ name: 'Bad', position: -1, active: 'yes' }, ['active', 'position']],
    [{ name: 'Bad', body: 'x'.repeat(20001), description: 'y'.repeat(1001) }, ['body', 'description']],
    [{ name: '' }, ['name']],
    [{ body: 'no name' }, ['name']],
    [{ name: 'Bad', colour: 'red' }, ['colour']],
    [{ name: 'Bad', body: 7, category: 3 }, ['body', 'category']],
  ];
  for (const [body, fields] of cases) {
    const r = await admin('POST', '/api/v1/article-templates', { body });
    assert.equal(r.status, 422, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    assert.deepEqual(fieldsOf(r).sort(), fields, JSON.stringify(body).slice(0, 80));
  }
  // the name is fixed after the create
  const rename = await admin('PATCH', '/api/v1/article-templates/Known%20error', { body: { name: 'Renamed' } });
  assert.equal(rename.status, 422);
  // once a category tree exists, the category must be in it, active
  assert.equal((await admin('POST', '/api/v1/categories', { body: { name: 'network' } })).status, 201);
  const cat = await admin('PATCH', '/api/v1/article-templates/Known%20error', { body: { category: 'nowhere' } });
  assert.equal(cat.status, 422);
  assert.deepEqual(fieldsOf(cat), ['category']);
  assert.deepEqual((await admin('GET', '/api/v1/article-templates')).json, before);
  assert.equal(verify(s).rows.audit, rows.audit + 1, 'the category only');
  const ok = await admin('PATCH', '/api/v1/article-templates/Known%20error', { body: { category: 'network' } });
  assert.equal(ok.json.category, 'network');
  const cleared = await admin('PATCH', '/api/v1/article-templates/Known%20error', { body: { category: null } });
  assert.equal(cleared.json.category, null);
});
