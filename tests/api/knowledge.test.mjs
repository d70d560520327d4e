// The knowledge base: articles through their workflow and versions, the
// diff between versions, ranked search with filters and highlights,
// suggestions, the audience rule on every path, ratings, deflections,
// ticket links, the known-error database, stale content and its
// notification, attachments shown as images, and hostile Markdown.
// Refused requests change nothing (steward verify's fingerprint).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, api, fieldsOf, fingerprint } from './lib.mjs';

let s, admin, agent, agent2, boss, eu, eu2, service, category, incident, otherIncident;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

before(async () => {
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'agent2', role: 'agent' }, { login: 'boss', role: 'manager' },
      { login: 'eu1', role: 'end_user' }, { login: 'eu2', role: 'end_user' }],
    settings: { STEWARD_SCHEDULER_INTERVAL: '1s' },
  });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  agent2 = as(s, 'agent2');
  boss = as(s, 'boss');
  eu = as(s, 'eu1');
  eu2 = as(s, 'eu2');
  service = (await admin('POST', '/api/v1/services', { body: { name: 'Email', criticality: 2 } })).json.name;
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'VPN', criticality: 2 } })).status, 201);
  category = (await admin('POST', '/api/v1/categories', { body: { name: 'software' } })).json.path;
  assert.equal((await admin('POST', '/api/v1/categories', { body: { name: 'mail', parent: 'software' } })).status, 201);
  incident = (await eu('POST', '/api/v1/incidents', { body: { title: 'Outlook asks for my password' } })).json.number;
  otherIncident = (await eu2('POST', '/api/v1/incidents', { body: { title: 'someone else' } })).json.number;
});
after(async () => { await s.cleanup(); });

let seq = 0;
// A published article (by the manager) from body members.
async function published(fields) {
  const c = await agent('POST', '/api/v1/articles', { body: { title: `article ${++seq}`, ...fields } });
  assert.equal(c.status, 201, c.text);
  const p = await boss('POST', `/api/v1/articles/${c.json.number}/publish`);
  assert.equal(p.status, 200, p.text);
  return p.json;
}

test('a draft goes through review to publication; roles are held', async () => {
  const c = await agent('POST', '/api/v1/articles', { body: {
    title: 'Reset a forgotten VPN password', summary: 'When the VPN client says the password expired',
    body: '## Steps\n\n1. Open **Settings**\n2. Choose *Reset*', kind: 'how_to', audience: 'everyone',
    services: ['VPN'], categories: [category], keywords: ['vpn', 'password'], owner: 'agent1' } });
  assert.equal(c.status, 201, c.text);
  const a = c.json;
  assert.match(a.number, /^KB\d{7}$/);
  assert.equal(c.headers.get('location'), `/api/v1/articles/${a.number}`);
  assert.equal(c.headers.get('etag'), '"1"');
  assert.deepEqual([a.state, a.version, a.version_state, a.published_version, a.latest_version], ['draft', 1, 'draft', null, 1]);
  assert.deepEqual(a.services, ['VPN']);
  assert.deepEqual(a.categories, ['software']);
  assert.deepEqual(a.keywords, ['vpn', 'password']);
  assert.equal(a.owner, 'agent1');
  assert.match(a.body_html, /<h2>Steps<\/h2>/);
  assert.deepEqual(a.actions, ['submit']);
  // nobody but agents sees a draft
  assert.equal((await eu('GET', `/api/v1/articles/${a.number}`)).status, 404);
  // an agent may not publish, nor reject
  const before_ = fingerprint(s);
  assert.equal((await agent('POST', `/api/v1/articles/${a.number}/publish`)).status, 403);
  assert.equal((await eu('POST', '/api/v1/articles', { body: { title: 'x' } })).status, 403);
  const sub = await agent('POST', `/api/v1/articles/${a.number}/submit`, { headers: { 'if-match': '1' } });
  assert.equal(sub.status, 200, sub.text);
  assert.deepEqual([sub.json.state, sub.json.version_state], ['in_review', 'in_review']);
  assert.notEqual(fingerprint(s), before_);
  // a reason is required to send it back
  const fp = fingerprint(s);
  const noReason = await boss('POST', `/api/v1/articles/${a.number}/reject`);
  assert.equal(noReason.status, 422);
  assert.deepEqual(fieldsOf(noReason), ['reason']);
  // nothing to change while in review
  const busy = await agent('PATCH', `/api/v1/articles/${a.number}`, { body: { title: 'x' }, headers: { 'if-match': String(sub.json.revision) } });
  assert.equal(busy.status, 409);
  assert.equal(busy.json.type, 'urn:steward:problem:illegal-transition');
  assert.deepEqual(busy.json.allowed, []);
  assert.equal(fingerprint(s), fp);
  const rej = await boss('POST', `/api/v1/articles/${a.number}/reject`, { body: { reason: 'add a screenshot' } });
  assert.equal(rej.status, 200, rej.text);
  assert.deepEqual([rej.json.state, rej.json.version_state, rej.json.note], ['draft', 'draft', 'add a screenshot']);
  // the same action twice: illegal, with what is allowed now
  const again = await boss('POST', `/api/v1/articles/${a.number}/reject`, { body: { reason: 'x' } });
  assert.equal(again.status, 409);
  assert.deepEqual(again.json.allowed, ['submit', 'publish']);
  await agent('POST', `/api/v1/articles/${a.number}/submit`);
  const pub = await boss('POST', `/api/v1/articles/${a.number}/publish`);
  assert.equal(pub.status, 200, pub.text);
  assert.deepEqual([pub.json.state, pub.json.version, pub.json.published_version], ['published', 1, 1]);
  assert.ok(pub.json.published_at);
  // an end user reads it now, without what is the desk's
  const seen = await eu('GET', `/api/v1/articles/${a.number}`);
  assert.equal(seen.status, 200);
  for (const k of ['owner', 'problem', 'views', 'latest_version', 'review_by', 'created_by']) assert.ok(!(k in seen.json), k);
  assert.deepEqual(seen.json.actions, []);
  // views are counted (reads of a published article) without changing the revision
  const before2 = (await agent('GET', `/api/v1/articles/${a.number}`)).json;
  const after2 = (await agent('GET', `/api/v1/articles/${a.number}`)).json;
  assert.equal(after2.views, before2.views + 1);
  assert.equal(after2.revision, before2.revision);
  const h = await agent('GET', `/api/v1/articles/${a.number}/history`);
  assert.deepEqual(h.json.items.map((e) => e.action), ['create', 'submit', 'reject', 'submit', 'publish']);
  assert.equal((await eu('GET', `/api/v1/articles/${a.number}/history`)).status, 403);
});

test('an edit of a published article is a new draft version; the published one stays until approved', async () => {
  const a = await published({ audience: 'everyone', summary: 'first', body: 'line one\nline two\nline three' });
  const p = await agent('PATCH', `/api/v1/articles/${a.number}`, { body: { body: 'line one\nline 2\nline three\nline four', title: 'renamed' }, headers: { 'if-match': String(a.revision) } });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual([p.json.version, p.json.version_state, p.json.latest_version], [2, 'draft', 2]);
  // readers still see version 1
  const r = await eu('GET', `/api/v1/articles/${a.number}`);
  assert.deepEqual([r.json.version, r.json.title], [1, a.title]);
  const g = await agent('GET', `/api/v1/articles/${a.number}`);
  assert.deepEqual([g.json.version, g.json.latest_version, g.json.latest_state], [1, 2, 'draft']);
  // a stale or missing If-Match changes nothing
  const fp = fingerprint(s);
  assert.equal((await agent('PATCH', `/api/v1/articles/${a.number}`, { body: { title: 'lost' }, headers: { 'if-match': String(a.revision) } })).status, 412);
  assert.equal((await agent('PATCH', `/api/v1/articles/${a.number}`, { body: { title: 'lost' } })).status, 428);
  assert.equal(fingerprint(s), fp);
  // a second edit changes the draft in place
  const p2 = await agent('PATCH', `/api/v1/articles/${a.number}`, { body: { summary: 'second' }, headers: { 'if-match': String(p.json.revision) } });
  assert.equal(p2.status, 200);
  assert.equal(p2.json.latest_version, 2);
  const versions = await agent('GET', `/api/v1/articles/${a.number}/versions`);
  assert.deepEqual(versions.json.items.map((v) => [v.version, v.state]), [[2, 'draft'], [1, 'published']]);
  assert.deepEqual((await eu('GET', `/api/v1/articles/${a.number}/versions`)).json.items.map((v) => v.version), [1]);
  assert.equal((await eu('GET', `/api/v1/articles/${a.number}/versions/2`)).status, 404);
  const v2 = await agent('GET', `/api/v1/articles/${a.number}/versions/2`);
  assert.equal(v2.json.body, 'line one\nline 2\nline three\nline four');
  assert.match(v2.json.body_html, /line 2/);
  // the diff, line by line
  const d = await agent('GET', `/api/v1/articles/${a.number}/versions/1/diff/2`);
  assert.equal(d.status, 200, d.text);
  assert.deepEqual(d.json.body, [{ op: 'equal', text: 'line one' }, { op: 'delete', text: 'line two' },
    { op: 'insert', text: 'line 2' }, { op: 'equal', text: 'line three' }, { op: 'insert', text: 'line four' }]);
  assert.deepEqual(d.json.title, [{ op: 'delete', text: a.title }, { op: 'insert', text: 'renamed' }]);
  assert.deepEqual(d.json.summary, [{ op: 'delete', text: 'first' }, { op: 'insert', text: 'second' }]);
  assert.equal(d.json.approximate, false);
  assert.equal((await eu('GET', `/api/v1/articles/${a.number}/versions/1/diff/2`)).status, 404);
  assert.equal((await agent('GET', `/api/v1/articles/${a.number}/versions/1/diff/9`)).status, 404);
  assert.equal((await agent('GET', `/api/v1/articles/${a.number}/versions/x/diff/1`)).status, 404);
  // approved: version 2 is what readers see, version 1 superseded
  const pub = await boss('POST', `/api/v1/articles/${a.number}/publish`);
  assert.deepEqual([pub.json.version, pub.json.published_version, pub.json.title], [2, 2, 'renamed']);
  assert.equal((await eu('GET', `/api/v1/articles/${a.number}`)).json.version, 2);
  assert.deepEqual((await agent('GET', `/api/v1/articles/${a.number}/versions`)).json.items.map((v) => v.state), ['published', 'superseded']);
  // revise starts a draft from the published version; retire hides it from readers
  const rev = await agent('POST', `/api/v1/articles/${a.number}/revise`);
  assert.deepEqual([rev.json.latest_version, rev.json.latest_state, rev.json.version], [3, 'draft', 3]);
  const ret = await boss('POST', `/api/v1/articles/${a.number}/retire`);
  assert.deepEqual([ret.json.state, ret.json.latest_version], ['retired', 3]);
  assert.equal((await eu('GET', `/api/v1/articles/${a.number}`)).status, 404);
  assert.equal((await agent('GET', `/api/v1/articles/${a.number}`)).json.state, 'retired');
  // publishing the new draft brings it back
  const back = await boss('POST', `/api/v1/articles/${a.number}/publish`);
  assert.deepEqual([back.json.state, back.json.version], ['published', 3]);
  assert.equal((await eu('GET', `/api/v1/articles/${a.number}`)).json.version, 3);
});

test('the titles\' own index follows the version readers see: a renamed title stops ranking first', async () => {
  const word = 'quaggaroute';
  const titled = await published({ title: `${word} basics`, body: `about ${word}`, audience: 'everyone' });
  const other = await published({ body: `more on ${word} and prefixes`, audience: 'everyone' });
  const first = await eu('GET', `/api/v1/articles?text=${word.slice(0, 6)}`);
  assert.deepEqual(first.json.items.map((x) => x.number), [titled.number, other.number], 'a title match (by prefix) first');
  // a new version with another title: readers still see the old one until it is published
  const cur = await agent('GET', `/api/v1/articles/${titled.number}`);
  const p = await agent('PATCH', `/api/v1/articles/${titled.number}`, { body: { title: 'Routing basics' }, headers: { 'if-match': String(cur.json.revision) } });
  assert.equal(p.status, 200, p.text);
  const draft = await eu('GET', `/api/v1/articles?text=${word}`);
  assert.deepEqual(draft.json.items.map((x) => x.number), [titled.number, other.number]);
  assert.equal((await boss('POST', `/api/v1/articles/${titled.number}/publish`)).status, 200);
  // the renamed one is now the newer by a second or so; a helpful rating
  // gives the other five days of rank, so the order does not hang on the clock
  assert.equal((await eu('POST', `/api/v1/articles/${other.number}/ratings`, { body: { helpful: true } })).status, 201);
  const after = await eu('GET', `/api/v1/articles?text=${word}`);
  assert.deepEqual(after.json.items.map((x) => x.number), [other.number, titled.number], 'no title match first once neither title has the word');
  const byTitle = await eu('GET', '/api/v1/articles?text=routing%20basics');
  assert.equal(byTitle.json.items[0].number, titled.number);
});

test('search ranks title matches first, then recent and helpful ones; filters; highlights are HTML-safe', async () => {
  const word = 'zebrafish';
  const inBody = await published({ audience: 'everyone', body: `the ${word} of the network`, kind: 'troubleshooting' });
  const inTitle = await published({ title: `The <b>${word}</b> guide`, audience: 'everyone', services: [service], categories: ['software/mail'] });
  const inKeywords = await published({ audience: 'everyone', keywords: [word], kind: 'faq' });
  const r = await eu('GET', `/api/v1/articles?text=${word}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.items[0].number, inTitle.number, 'title match first');
  assert.deepEqual(new Set(r.json.items.map((x) => x.number)), new Set([inBody.number, inTitle.number, inKeywords.number]));
  const top = r.json.items[0];
  assert.equal(top.title_html, `The &lt;b&gt;<mark>${word}</mark>&lt;/b&gt; guide`);
  const body = r.json.items.find((x) => x.number === inBody.number);
  assert.match(body.snippet_html, new RegExp(`<mark>${word}</mark> of the network`));
  // helpfulness lifts one of two otherwise equal results
  await eu('POST', `/api/v1/articles/${inKeywords.number}/ratings`, { body: { helpful: true } });
  await eu2('POST', `/api/v1/articles/${inKeywords.number}/ratings`, { body: { helpful: true } });
  await eu('POST', `/api/v1/articles/${inBody.number}/ratings`, { body: { helpful: false } });
  const again = await eu('GET', `/api/v1/articles?text=${word}`);
  assert.deepEqual(again.json.items.map((x) => x.number), [inTitle.number, inKeywords.number, inBody.number]);
  // filters
  const byService = await eu('GET', `/api/v1/articles?text=${word}&service=${service}`);
  assert.deepEqual(byService.json.items.map((x) => x.number), [inTitle.number]);
  const byCategory = await eu('GET', `/api/v1/articles?text=${word}&category=software`);
  assert.deepEqual(byCategory.json.items.map((x) => x.number), [inTitle.number], 'a category includes those below it');
  const byKind = await eu('GET', `/api/v1/articles?text=${word}&kind=faq`);
  assert.deepEqual(byKind.json.items.map((x) => x.number), [inKeywords.number]);
  // paged by the cursor
  const p1 = await eu('GET', `/api/v1/articles?text=${word}&limit=2`);
  assert.equal(p1.json.items.length, 2);
  const p2 = await eu('GET', `/api/v1/articles?text=${word}&limit=2&cursor=${encodeURIComponent(p1.json.next_cursor)}`);
  assert.deepEqual(p2.json.items.map((x) => x.number), [inBody.number]);
  assert.equal(p2.json.next_cursor, null);
  // FTS syntax is text: quotes, operators and SQL are searched as words
  for (const q of ['"', 'a OR b', 'NEAR(x y)', "x'); DROP TABLE articles; --", 'title:zebrafish', '-zebrafish']) {
    const x = await agent('GET', `/api/v1/articles?text=${encodeURIComponent(q)}`);
    assert.ok([200, 400].includes(x.status), `${q}: ${x.status} ${x.text}`);
  }
  // bad filters are 400 with the parameter named
  for (const [qs, field] of [['text=%20%20', 'text'], ['kind=novel', 'kind'], ['state=gone', 'state'], ['service=nope', 'service'],
    ['category=nope', 'category'], ['owner=nobody', 'owner'], ['ticket=INC9999999', 'ticket'], ['stale=maybe', 'stale'], ['bogus=1', 'bogus']]) {
    const x = await agent('GET', `/api/v1/articles?${qs}`);
    assert.equal(x.status, 400, `${qs}: ${x.text}`);
    assert.deepEqual(x.json.errors.map((e) => e.field), [field], qs);
  }
});

test('suggestions: the best few published articles for what is typed, as the caller may read them', async () => {
  const everyone = await published({ title: 'Printer jams on the third floor', audience: 'everyone', body: 'Open tray 2 and remove the paper.' });
  const agentsOnly = await published({ title: 'Printer firmware reset', audience: 'agents', body: 'Hold the power button for the printer reset.' });
  const draft = await agent('POST', '/api/v1/articles', { body: { title: 'Printer draft never published', audience: 'everyone' } });
  const typed = encodeURIComponent('my printer on floor 3 keeps jamming paper');
  const e = await eu('GET', `/api/v1/articles/suggest?text=${typed}`);
  assert.equal(e.status, 200, e.text);
  const got = e.json.items.map((x) => x.number);
  assert.equal(got[0], everyone.number);
  assert.ok(!got.includes(agentsOnly.number) && !got.includes(draft.json.number));
  assert.match(e.json.items[0].title_html, /<mark>Printer<\/mark>/);
  const a = await agent('GET', `/api/v1/articles/suggest?text=${typed}&limit=10`);
  const all = a.json.items.map((x) => x.number);
  assert.ok(all.includes(agentsOnly.number) && !all.includes(draft.json.number));
  assert.equal((await agent('GET', `/api/v1/articles/suggest?text=printer&limit=1`)).json.items.length, 1);
  assert.equal((await agent('GET', '/api/v1/articles/suggest?text=printer&limit=11')).status, 400);
  assert.equal((await agent('GET', '/api/v1/articles/suggest')).status, 400);
  assert.equal((await agent('GET', '/api/v1/articles/suggest?text=%3F%3F')).status, 400);
});

test('an end user never sees an agents-only article or a draft, by any path', async () => {
  const secret = 'quokkasecret';
  const agentsOnly = await published({ title: `${secret} internal`, audience: 'agents', kind: 'known_error', body: 'internal' });
  const draft = (await agent('POST', '/api/v1/articles', { body: { title: `${secret} draft`, audience: 'everyone' } })).json;
  for (const a of [agentsOnly, draft]) {
    const f = await agent('POST', `/api/v1/articles/${a.number}/attachments?filename=n.txt`, { raw: Buffer.from('x'), contentType: 'text/plain' });
    assert.equal(f.status, 201, f.text);
    assert.equal((await agent('POST', `/api/v1/articles/${a.number}/links`, { body: { ticket: incident } })).status, 201);
    for (const who of [eu, eu2]) {
      for (const path of [`/api/v1/articles/${a.number}`, `/api/v1/articles/${a.number}/versions`, `/api/v1/articles/${a.number}/versions/1`,
        `/api/v1/articles/${a.number}/versions/1/diff/1`, `/api/v1/articles/${a.number}/attachments`,
        `/api/v1/articles/${a.number}/attachments/${f.json.id}`]) {
        const r = await who('GET', path);
        assert.equal(r.status, 404, `${path}: ${r.status}`);
      }
      assert.equal((await who('POST', `/api/v1/articles/${a.number}/ratings`, { body: { helpful: true } })).status, 404);
      assert.equal((await who('POST', `/api/v1/articles/${a.number}/deflect`)).status, 404);
    }
  }
  for (const path of [`/api/v1/articles?text=${secret}`, '/api/v1/articles?limit=200', `/api/v1/articles/suggest?text=${secret}`,
    `/api/v1/known-errors?text=${secret}`, '/api/v1/known-errors', `/api/v1/articles?ticket=${incident}`, '/api/v1/articles?state=draft',
    '/api/v1/articles?audience=agents']) {
    const r = await eu('GET', path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    assert.ok(!r.text.includes(secret), `${path} showed ${secret}`);
  }
  // the desk's lists of an article are the desk's
  for (const p of ['ratings', 'links', 'history']) assert.equal((await eu('GET', `/api/v1/articles/${agentsOnly.number}/${p}`)).status, 403);
  // a ticket the end user may not read is not a filter they may use
  assert.equal((await eu('GET', `/api/v1/articles?ticket=${otherIncident}`)).status, 400);
});

test('ratings and deflections are counted; a second rating replaces the first', async () => {
  const a = await published({ audience: 'everyone' });
  const r1 = await eu('POST', `/api/v1/articles/${a.number}/ratings`, { body: { helpful: true, comment: 'worked' } });
  assert.equal(r1.status, 201, r1.text);
  assert.deepEqual([r1.json.user, r1.json.helpful, r1.json.comment], ['eu1', true, 'worked']);
  let g = (await agent('GET', `/api/v1/articles/${a.number}`)).json;
  assert.deepEqual([g.helpful, g.not_helpful], [1, 0]);
  await eu('POST', `/api/v1/articles/${a.number}/ratings`, { body: { helpful: false } });
  await eu2('POST', `/api/v1/articles/${a.number}/ratings`, { body: { helpful: false, comment: 'step 3 is wrong' } });
  g = (await agent('GET', `/api/v1/articles/${a.number}`)).json;
  assert.deepEqual([g.helpful, g.not_helpful], [0, 2]);
  const list = await agent('GET', `/api/v1/articles/${a.number}/ratings`);
  assert.deepEqual(list.json.items.map((x) => [x.user, x.helpful]).sort(), [['eu1', false], ['eu2', false]]);
  assert.equal((await eu('GET', `/api/v1/articles/${a.number}/ratings`)).status, 403);
  const fp = fingerprint(s);
  const bad = await eu('POST', `/api/v1/articles/${a.number}/ratings`, { body: { helpful: 'yes' } });
  assert.equal(bad.status, 422);
  assert.equal((await eu('POST', `/api/v1/articles/${a.number}/ratings`, { body: { comment: 'x' } })).status, 422);
  const d0 = (await agent('GET', `/api/v1/articles/${a.number}`)).json.deflections;
  const d = await eu('POST', `/api/v1/articles/${a.number}/deflect`);
  assert.equal(d.status, 204);
  assert.equal((await agent('GET', `/api/v1/articles/${a.number}`)).json.deflections, d0 + 1);
  assert.notEqual(fingerprint(s), fp);
  // a draft is neither rated nor deflected
  const draft = (await agent('POST', '/api/v1/articles', { body: { title: 'unpublished' } })).json;
  const fp2 = fingerprint(s);
  const dr = await agent('POST', `/api/v1/articles/${draft.number}/ratings`, { body: { helpful: true } });
  assert.equal(dr.status, 409);
  assert.equal(dr.json.type, 'urn:steward:problem:not-published');
  assert.equal((await agent('POST', `/api/v1/articles/${draft.number}/deflect`)).status, 409);
  assert.equal(fingerprint(s), fp2);
});

test('ticket links: used to resolve, once per pair, listed both ways', async () => {
  const a = await published({ audience: 'everyone', title: 'Outlook password prompts' });
  const l = await agent('POST', `/api/v1/articles/${a.number}/links`, { body: { ticket: incident } });
  assert.equal(l.status, 201, l.text);
  assert.deepEqual([l.json.ticket, l.json.kind, l.json.created_by], [incident, 'incident', 'agent1']);
  const fp = fingerprint(s);
  const twice = await agent2('POST', `/api/v1/articles/${a.number}/links`, { body: { ticket: incident } });
  assert.equal(twice.status, 409);
  assert.equal(twice.json.type, 'urn:steward:problem:duplicate');
  const none = await agent('POST', `/api/v1/articles/${a.number}/links`, { body: { ticket: 'INC9999999' } });
  assert.equal(none.status, 422);
  assert.deepEqual(fieldsOf(none), ['ticket']);
  assert.equal((await eu('POST', `/api/v1/articles/${a.number}/links`, { body: { ticket: incident } })).status, 403);
  assert.equal(fingerprint(s), fp);
  assert.equal((await agent('GET', `/api/v1/articles/${a.number}`)).json.linked_tickets, 1);
  const links = await agent('GET', `/api/v1/articles/${a.number}/links`);
  assert.deepEqual(links.json.items.map((x) => x.ticket), [incident]);
  const used = await agent('GET', `/api/v1/articles?ticket=${incident}`);
  assert.ok(used.json.items.some((x) => x.number === a.number));
  // the requester sees which published articles helped with their own ticket
  const mine = await eu('GET', `/api/v1/articles?ticket=${incident}`);
  assert.ok(mine.json.items.some((x) => x.number === a.number));
});

test('the known-error database: published known errors, searchable by symptoms', async () => {
  const ke = await published({ kind: 'known_error', title: 'Mail stuck in outbox', audience: 'everyone',
    body: '## Symptoms\n\nMessages stay in the outbox after the wombat update.\n\n## Workaround\n\nRestart the client.' });
  await published({ kind: 'how_to', title: 'wombat how-to', audience: 'everyone' });
  const draft = (await agent('POST', '/api/v1/articles', { body: { title: 'wombat draft', kind: 'known_error' } })).json;
  const r = await agent('GET', '/api/v1/known-errors?text=wombat');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.items.map((x) => x.number), [ke.number]);
  assert.match(r.json.items[0].snippet_html, /<mark>wombat<\/mark>/);
  const all = await eu('GET', '/api/v1/known-errors?limit=200');
  assert.ok(all.json.items.every((x) => x.kind === 'known_error' && x.state === 'published'));
  assert.ok(!all.json.items.some((x) => x.number === draft.number));
  assert.equal((await agent('GET', '/api/v1/known-errors?kind=faq')).status, 400);
});

test('stale content is listed for its owner and notified once per review date', async () => {
  const a = await published({ audience: 'agents', title: 'Old procedure', owner: 'agent2', review_by: '2020-01-31' });
  assert.equal(a.review_by, '2020-01-31');
  assert.equal(a.stale, true);
  const mine = await agent2('GET', '/api/v1/articles?stale=true&owner=me');
  assert.deepEqual(mine.json.items.map((x) => x.number), [a.number]);
  assert.deepEqual((await agent('GET', '/api/v1/articles?stale=true&owner=me')).json.items, []);
  const inbox = async () => (await agent2('GET', '/api/v1/me/notifications')).json.items.filter((n) => n.article === a.number);
  const notes = await until('the review notification', async () => ((await inbox()).length ? inbox() : null));
  assert.equal(notes[0].event, 'article_review');
  assert.equal(notes[0].ticket, null);
  assert.match(notes[0].subject, new RegExp(a.number));
  assert.match(notes[0].body, /2020-01-31/);
  await sleep(2500); // two more scheduler passes: no second message for the same date
  assert.equal((await inbox()).length, 1);
  // a new review date that has come too: one more
  const cur = (await agent('GET', `/api/v1/articles/${a.number}`)).json;
  const p = await agent('PATCH', `/api/v1/articles/${a.number}`, { body: { review_by: '2021-06-30' }, headers: { 'if-match': String(cur.revision) } });
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.version, 1, 'an article-level change makes no version');
  await until('the second notification', async () => (await inbox()).length === 2);
  // a date in the future: no longer stale
  const cur2 = (await agent('GET', `/api/v1/articles/${a.number}`)).json;
  const f = await agent('PATCH', `/api/v1/articles/${a.number}`, { body: { review_by: '2999-01-01' }, headers: { 'if-match': String(cur2.revision) } });
  assert.equal(f.json.stale, false);
  assert.ok(!(await agent2('GET', '/api/v1/articles?stale=true')).json.items.some((x) => x.number === a.number));
  // the owner must be an agent; the date a date
  const fp = fingerprint(s);
  const badDate = await agent('PATCH', `/api/v1/articles/${a.number}`, { body: { review_by: '2026-02-30' }, headers: { 'if-match': String(f.json.revision) } });
  assert.equal(badDate.status, 422);
  assert.deepEqual(fieldsOf(badDate), ['review_by']);
  const badOwner = await agent('PATCH', `/api/v1/articles/${a.number}`, { body: { owner: 'eu1' }, headers: { 'if-match': String(f.json.revision) } });
  assert.equal(badOwner.status, 422);
  assert.deepEqual(fieldsOf(badOwner), ['owner']);
  assert.match(badOwner.json.errors[0].detail, /not an agent/);
  assert.equal(fingerprint(s), fp);
});

test('attachments are served from the article and shown as images in its body', async () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('image')]);
  const c = (await agent('POST', '/api/v1/articles', { body: { title: 'With a diagram', audience: 'everyone' } })).json;
  const up = await agent('POST', `/api/v1/articles/${c.number}/attachments?filename=diagram.png`, { raw: png, contentType: 'image/png' });
  assert.equal(up.status, 201, up.text);
  assert.equal(up.json.content_type, 'image/png');
  const url = `/api/v1/articles/${c.number}/attachments/${up.json.id}`;
  assert.equal(up.headers.get('location'), url);
  const p = await agent('PATCH', `/api/v1/articles/${c.number}`, { body: { body: `![the diagram](${url})\n\n![remote](https://example.com/x.png)\n\n![inline](data:image/png;base64,iVBORw0KGgo=)` }, headers: { 'if-match': String(c.revision) } });
  assert.equal(p.status, 200, p.text);
  assert.match(p.json.body_html, new RegExp(`<img src="${url}" alt="the diagram" />`));
  assert.ok(!p.json.body_html.includes('data:'));
  assert.match(p.json.body_html, /<a href="https:\/\/example.com\/x.png">remote<\/a>/);
  assert.equal((await eu('GET', url)).status, 404, 'not while it is a draft');
  await boss('POST', `/api/v1/articles/${c.number}/publish`);
  const d = await eu('GET', url);
  assert.equal(d.status, 200);
  assert.ok(d.bytes.equals(png));
  assert.equal(d.headers.get('content-type'), 'image/png');
  assert.deepEqual((await eu('GET', `/api/v1/articles/${c.number}/attachments`)).json.items.map((x) => x.filename), ['diagram.png']);
  // another article's path does not reach this file
  const other = (await agent('POST', '/api/v1/articles', { body: { title: 'other' } })).json;
  assert.equal((await agent('GET', `/api/v1/articles/${other.number}/attachments/${up.json.id}`)).status, 404);
  assert.equal((await eu('POST', `/api/v1/articles/${c.number}/attachments?filename=x.txt`, { raw: Buffer.from('x'), contentType: 'text/plain' })).status, 403);
});

test('hostile Markdown is rendered safe; huge documents are refused; deep nesting is no crash', async () => {
  const md = [
    '<script>alert(1)</script>', '', '<img src=x onerror=alert(1)>', '',
    '[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:x) <javascript:alert(2)>',
    '', '[ok](https://example.com) [mail](mailto:desk@example.com)',
  ].join('\n');
  const c = await agent('POST', '/api/v1/articles', { body: { title: 'hostile', body: md } });
  assert.equal(c.status, 201);
  const h = c.json.body_html;
  assert.ok(!/<script|<img|href="(javascript|data|vbscript):/i.test(h), h);
  assert.match(h, /&lt;img src=x onerror=alert\(1\)&gt;/, 'shown as text');
  assert.match(h, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(h, /<a href="https:\/\/example.com">ok<\/a>/);
  assert.match(h, /<a href="mailto:desk@example.com">mail<\/a>/);
  assert.equal(c.json.body, md, 'the source is kept as written');
  // the preview renders the same way
  const pv = await agent('POST', '/api/v1/articles/preview', { body: { body: md, article: c.json.number } });
  assert.equal(pv.status, 200);
  assert.equal(pv.json.html, h);
  assert.equal((await eu('POST', '/api/v1/articles/preview', { body: { body: 'x' } })).status, 403);
  // huge: over the body's limit (422, the field named) or the request's (413); nothing written
  const fp = fingerprint(s);
  const big = await agent('POST', '/api/v1/articles', { body: { title: 'big', body: 'x'.repeat(100001) } });
  assert.equal(big.status, 422);
  assert.deepEqual(fieldsOf(big), ['body']);
  const huge = await agent('POST', '/api/v1/articles', { body: { title: 'huge', body: 'x'.repeat(300 * 1024) } });
  assert.equal(huge.status, 413);
  assert.equal((await agent('POST', '/api/v1/articles/preview', { body: { body: 'x'.repeat(100001) } })).status, 422);
  assert.equal(fingerprint(s), fp);
  // 100 000 nested quotes, and deeply nested lists, at the limit: stored and rendered
  const quotes = await agent('POST', '/api/v1/articles', { body: { title: 'quotes', body: '>'.repeat(99990) + ' deep' } });
  assert.equal(quotes.status, 201, quotes.text.slice(0, 200));
  assert.match(quotes.json.body_html, /^<blockquote>/);
  const lists = await agent('POST', '/api/v1/articles', { body: { title: 'lists', body: '- '.repeat(49990) + 'deep' } });
  assert.equal(lists.status, 201);
  assert.match(lists.json.body_html, /^<ul>/);
  const nested = await agent('POST', '/api/v1/articles/preview', { body: { body: Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n') } });
  assert.equal(nested.status, 200);
  assert.equal((await api(s, 'GET', '/healthz')).status, 200);
});

test('field rules: every bad field reported together, nothing written', async () => {
  const fp = fingerprint(s);
  const r = await agent('POST', '/api/v1/articles', { body: {
    title: '   ', kind: 'novel', audience: 'all', services: ['nope'], categories: ['nope'], keywords: ['a\nb', ''],
    owner: 'nobody', review_by: 'soon', problem: 'INC9999999' } });
  assert.equal(r.status, 422, r.text);
  assert.deepEqual(fieldsOf(r), ['audience', 'keywords[0]', 'keywords[1]', 'kind', 'review_by', 'title']);
  const refs = await agent('POST', '/api/v1/articles', { body: { title: 'refs', services: ['nope'], categories: ['nope'], owner: 'nobody', problem: 'INC9999999' } });
  assert.equal(refs.status, 422);
  assert.deepEqual(fieldsOf(refs), ['categories[0]', 'owner', 'problem', 'services[0]']);
  assert.equal(fingerprint(s), fp);
});
