// Search with many matches (docs/api.md, "Search"): a query that matches
// more incidents than the server reads and sorts in one go (2 000) takes
// another plan — on SQLite the matches are read once into an id set that is
// tested while the list walks its sort order's index (or the leading
// filter's), on PostgreSQL the sort order's index leads — and one with
// fewer matches another again.  Whatever the plan, the answer must be the
// list's own: this file's server holds only the incidents made here, so
// every search is compared, page by page, with the same list without
// `text` filtered to the incidents whose title has the words.  Wrong order,
// a missed or an extra match, a broken cursor or a filter lost by one plan
// shows up as a difference.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startTwin, as, api, BACKEND } from './lib.mjs';

let s, admin, agent, eu1;
const stamp = Date.now().toString(36);
const big = 'fbig' + stamp;   // in more than 2 000 titles
const other = 'foth' + stamp; // in the rest
const BIG = 2040, OTHER = 200, MOVED = 25;
const SORTS = ['-created_at', 'created_at', '-updated_at', 'updated_at', '-priority', 'priority'];

before(async () => {
  s = await startServer({ users: [
    { login: 'agent1', role: 'agent' },
    { login: 'agent2', role: 'agent' },
    { login: 'eu1', role: 'end_user' },
  ] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
  eu1 = as(s, 'eu1');
  const g = await admin('POST', '/api/v1/groups', { body: { name: 'Network', manager: 'agent1', members: ['agent1', 'agent2'] } });
  assert.equal(g.status, 201);
  const made = [];
  const total = BIG + OTHER;
  for (let i = 0; i < total; i += 20) {
    const rs = await Promise.all(Array.from({ length: Math.min(20, total - i) }, (_, k) => {
      const n = i + k;
      const body = {
        title: `${n < BIG ? big : other} bulk ${n}${n % 7 ? '' : ' seventh'}`,
        impact: 1 + (n % 3),
        urgency: 1 + (Math.floor(n / 3) % 3),
      };
      if (n % 5 === 0) body.requester = 'eu1';
      if (n % 4 === 0) body.assignment_group = 'Network';
      if (n % 8 === 0) body.assignee = 'agent2';
      if (n % 11 === 0) body.watchers = ['eu1'];
      return agent('POST', '/api/v1/incidents', { body });
    }));
    for (const r of rs) { assert.equal(r.status, 201, JSON.stringify(r.json)); made.push(r.json); }
  }
  // some leave the big word and some others take it (the index follows
  // edits); those and a few state changes give updated_at an order of its own
  const edit = async (x, title) => {
    const r = await agent('PATCH', `/api/v1/incidents/${x.number}`, { body: { title }, headers: { 'if-match': String(x.version) } });
    assert.equal(r.status, 200, JSON.stringify(r.json));
  };
  for (let k = 0; k < MOVED; k++) {
    await edit(made[k * 37], `${other} moved ${k}`);
    await edit(made[BIG + k * 3], `${big} joined ${k}`);
  }
  for (let k = 0; k < 40; k++) {
    const r = await agent('POST', `/api/v1/incidents/${made[k * 41 + 5].number}/start`);
    assert.equal(r.status, 200, JSON.stringify(r.json));
  }
});
after(async () => { await s.cleanup(); });

// every item of a list, following its cursors
const walk = async (who, qs, limit = 200, from = null) => {
  const seen = [];
  let cursor = from;
  do {
    const r = await who('GET', `/api/v1/incidents?${qs}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, `${qs}: ${JSON.stringify(r.json)}`);
    seen.push(...r.json.items);
    assert.ok(seen.length <= 5000, `${qs}: the cursors go round`);
    cursor = r.json.next_cursor;
  } while (cursor);
  return seen;
};
// what a search for text must give: the list without text, its words all
// beginning a word of the title (the only field with these words)
const hasWords = (text) => {
  const want = text.toLowerCase().split(/\s+/);
  return (x) => {
    const words = x.title.toLowerCase().split(/\s+/);
    return want.every((w) => words.some((t) => (w.length >= 3 ? t.startsWith(w) : t === w)));
  };
};
// two lists of numbers, equal; a difference is told by where it starts
// (a deepEqual diff of thousands of items is unreadable, and huge)
const sameList = (got, want, label) => {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  if (i < got.length || i < want.length)
    assert.fail(`${label}: ${got.length} items where ${want.length} were due; first difference at ${i}:`
      + ` got ${JSON.stringify(got.slice(Math.max(0, i - 2), i + 3))}, due ${JSON.stringify(want.slice(Math.max(0, i - 2), i + 3))}`);
};
const same = async (who, text, qs, label = `${text} ${qs}`) => {
  const [got, all] = await Promise.all([walk(who, `text=${encodeURIComponent(text)}&${qs}`), walk(who, qs)]);
  sameList(got.map((x) => x.number), all.filter(hasWords(text)).map((x) => x.number), label);
  return got;
};

test('more matches than the server sorts in one go: every sort order gives the list\'s own order', async () => {
  for (const sort of SORTS) {
    const got = await same(agent, big, `sort=${sort}`);
    assert.equal(got.length, BIG, sort); // as many joined as left
    assert.equal(new Set(got.map((x) => x.number)).size, got.length, `${sort}: no duplicates`);
  }
  const bulk = await same(agent, 'bulk', 'sort=-created_at'); // every incident (the moved ones too: "moved" starts no "bulk")
  assert.equal(bulk.length, BIG + OTHER - 2 * MOVED);
});

test('with few matches the same holds, and both plans agree where they overlap', async () => {
  for (const sort of SORTS) {
    const few = await same(agent, `${big} seventh`, `sort=${sort}`);
    assert.ok(few.length > 200 && few.length < 2000, `${few.length}`);
    await same(agent, `seventh ${other}`, `sort=${sort}`);
    // the many-match search, cut down to the few, is the few-match search
    const many = await walk(agent, `text=${big}&sort=${sort}`);
    sameList(many.filter(hasWords('seventh')).map((x) => x.number), few.map((x) => x.number), sort);
  }
  assert.deepEqual(await walk(agent, `text=${big}+${other}`), [], 'no title has both');
  assert.deepEqual(await walk(agent, `text=${big}+zzqqxx`), []);
});

test('filters combine with a search of many matches, under every plan they lead', async () => {
  const filters = [
    'state=in_progress', 'state=new', 'priority=3', 'priority=1', 'assignment_group=Network', 'assignee=agent2',
    'assignee=none', 'requester=eu1', 'open=true', 'my_groups=true', 'state=new&priority=2',
    'assignment_group=Network&assignee=none', 'requester=eu1&state=new', 'major=false',
  ];
  for (const f of filters) {
    for (const sort of ['-created_at', 'priority', '-updated_at']) {
      const got = await same(agent, big, `${f}&sort=${sort}`);
      if (!f.startsWith('state=in_progress') && !f.startsWith('major')) assert.ok(got.length > 20, `${f}: ${got.length}`);
    }
    await same(agent, `${big} seventh`, `${f}&sort=-updated_at`); // and with few matches
  }
});

test('cursors of a many-match search: small pages in every sort order join up to the whole list', async () => {
  for (const sort of SORTS) {
    const whole = await walk(agent, `text=${big}&sort=${sort}`);
    const pages = [];
    let cursor = null;
    for (let i = 0; i < 6; i++) { // pages of 7 across ties of created_at and priority
      const r = await agent('GET', `/api/v1/incidents?text=${big}&sort=${sort}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200);
      assert.equal(r.json.items.length, 7);
      pages.push(...r.json.items.map((x) => x.number));
      cursor = r.json.next_cursor;
    }
    sameList(pages, whole.slice(0, 42).map((x) => x.number), sort);
    // a cursor from deep inside, taken from a page of 200
    const first = await agent('GET', `/api/v1/incidents?text=${big}&sort=${sort}&limit=200`);
    const rest = await walk(agent, `text=${big}&sort=${sort}`, 200, first.json.next_cursor);
    sameList(rest.map((x) => x.number), whole.slice(200).map((x) => x.number), `${sort} after 200`);
  }
});

test('an end user searching many matches finds exactly their own and watched incidents', async () => {
  for (const sort of ['-created_at', 'updated_at', '-priority']) {
    const got = await same(eu1, big, `sort=${sort}`);
    assert.ok(got.length > 400 && got.length < BIG, `${got.length}`);
    await same(eu1, `${big} seventh`, `sort=${sort}`);
  }
  const r = await eu1('GET', `/api/v1/incidents?text=${big}&limit=200`);
  assert.ok(r.json.items.every((x) => x.requester === 'eu1' || (x.watchers || []).includes('eu1')));
});

// On SQLite the matches of a many-match search are kept in memory while
// the full-text index's generation stays the same (docs/performance.md,
// "Common words under load"); every write to the index through any server
// must show in the very next search, whoever makes it.
const metric = async (server, name) =>
  Number((await api(server, 'GET', '/metrics')).text.match(new RegExp(`^${name} (\\d+)$`, 'm'))?.[1]);
const numbers = async (who, qs) => (await walk(who, qs)).map((x) => x.number);

test('a kept search follows every write at once: create, edit, comment, through this server or another', async () => {
  const first = async (who, sort = '-created_at') => {
    const r = await who('GET', `/api/v1/incidents?text=${big}&sort=${sort}&limit=1`);
    assert.equal(r.status, 200);
    return r.json.items[0]?.number;
  };
  const hits = await metric(s, 'steward_search_cache_hits_total');
  const top = await first(agent);
  assert.equal(await first(agent), top);
  assert.equal(await first(eu1), (await walk(eu1, `text=${big}`))[0].number); // the same set, the end user's scope
  if (BACKEND === 'sqlite') assert.ok(await metric(s, 'steward_search_cache_hits_total') >= hits + 2, 'searches are answered from the kept set');

  // a new incident with the word leads the newest first at once
  const made = await agent('POST', '/api/v1/incidents', { body: { title: `${big} fresh`, impact: 2, urgency: 2 } });
  assert.equal(made.status, 201);
  assert.equal(await first(agent), made.json.number);
  // and its word taken away, it is gone at once
  const edited = await agent('PATCH', `/api/v1/incidents/${made.json.number}`, { body: { title: `${other} fresh` }, headers: { 'if-match': String(made.json.version) } });
  assert.equal(edited.status, 200, JSON.stringify(edited.json));
  assert.equal(await first(agent), top);
  // a public comment brings the word to an incident without it; a work note never does
  const plain = (await walk(agent, `text=${other}&sort=created_at`, 200)).find((x) => !hasWords(big)(x));
  const before = await numbers(agent, `text=${big}`);
  assert.ok(!before.includes(plain.number));
  const note = await agent('POST', `/api/v1/incidents/${plain.number}/comments`, { body: { body: `work note ${big}`, internal: true } });
  assert.equal(note.status, 201);
  assert.deepEqual(await numbers(agent, `text=${big}`), before, 'a work note is never searched');
  const pub = await agent('POST', `/api/v1/incidents/${plain.number}/comments`, { body: { body: `now about ${big}` } });
  assert.equal(pub.status, 201);
  assert.ok((await numbers(agent, `text=${big}`)).includes(plain.number), 'the public comment is searched at once');

  // another server on the same database keeps its own sets: a write
  // through this one must empty them too
  const twin = await startTwin(s);
  try {
    const agentThere = as(twin, 'agent1');
    const top2 = await first(agentThere);
    assert.equal(await first(agentThere), top2);
    const far = await agent('POST', '/api/v1/incidents', { body: { title: `${big} from afar`, impact: 3, urgency: 3 } });
    assert.equal(far.status, 201);
    assert.equal(await first(agentThere), far.json.number, 'the other server sees the write at once');
    // and the other way round
    const back = await agentThere('PATCH', `/api/v1/incidents/${far.json.number}`, { body: { title: `${other} back` }, headers: { 'if-match': String(far.json.version) } });
    assert.equal(back.status, 200, JSON.stringify(back.json));
    assert.notEqual(await first(agent), far.json.number, 'this server sees the other\'s write at once');
    if (BACKEND === 'sqlite') assert.ok(await metric(twin, 'steward_search_cache_hits_total') >= 1);
  } finally {
    await twin.stop();
  }
});
