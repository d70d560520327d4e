// Full-text search: GET /api/v1/incidents?text=… (docs/api.md, "Search").
// Words are runs of letters and digits; each word of the query matches a
// word of the incident's number, title, description or public comments
// that starts with it, case-insensitively; all words must match.  Work
// notes are never searched.  The same on SQLite (FTS5) and PostgreSQL
// (tsvector + GIN).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, verify } from './lib.mjs';

let s, agent, eu1, eu2;
// a made-up word per run keeps each query to this file's incidents
const tag = 'fts' + Date.now().toString(36);
const made = {};

const numbers = (r) => r.json.items.map((x) => x.number).sort();

before(async () => {
  s = await startServer({ users: [
    { login: 'agent1', role: 'agent' },
    { login: 'eu1', role: 'end_user' },
    { login: 'eu2', role: 'end_user' },
  ] });
  agent = as(s, 'agent1');
  eu1 = as(s, 'eu1');
  eu2 = as(s, 'eu2');
  const raise = async (key, who, body) => {
    const r = await who('POST', '/api/v1/incidents', { body });
    assert.equal(r.status, 201, JSON.stringify(r.json));
    made[key] = r.json;
  };
  await raise('printer', eu1, { title: `${tag} Printer jammed on floor 3`, description: 'Paper stuck in tray two.' });
  await raise('network', eu1, { title: `${tag} Network slow`, description: 'The VPN-gateway drops; "printer" unrelated?' });
  await raise('mail', eu2, { title: `${tag} Mail bounce`, description: 'Outlook shows error 0x80070005 (access denied).' });
  await raise('plain', agent, { title: `${tag} Café menu`, description: 'naïve über résumé', requester: 'eu2' });
});
after(async () => { await s.cleanup(); });

const search = (who, text, qs = '') => who('GET', `/api/v1/incidents?limit=200&text=${encodeURIComponent(text)}${qs}`);
const found = async (who, text, qs = '') => {
  const r = await search(who, text, qs);
  assert.equal(r.status, 200, `${text}: ${JSON.stringify(r.json)}`);
  return numbers(r);
};
const nums = (...keys) => keys.map((k) => made[k].number).sort();

test('a word matches whole words of title and description, case-insensitively', async () => {
  assert.deepEqual(await found(agent, `${tag} jammed`), nums('printer'));
  assert.deepEqual(await found(agent, `${tag} TRAY`), nums('printer'), 'in the description');
  assert.deepEqual(await found(agent, `${tag} printer`), nums('network', 'printer'), 'title of one, description of the other');
  assert.deepEqual(await found(agent, tag), nums('mail', 'network', 'plain', 'printer'));
});

test('each word also matches the words it begins', async () => {
  assert.deepEqual(await found(agent, `${tag} jam`), nums('printer'));
  assert.deepEqual(await found(agent, `${tag} outl`), nums('mail'));
  assert.deepEqual(await found(agent, tag.slice(0, -2)).then((x) => x.filter((n) => nums('printer', 'mail', 'network', 'plain').includes(n))),
    nums('mail', 'network', 'plain', 'printer'), 'the tag shortened');
  assert.deepEqual(await found(agent, `${tag} ammed`), [], 'but not the middle of a word');
  assert.deepEqual(await found(agent, `${tag} fl`), [], 'words of one or two characters match whole words only');
  assert.deepEqual(await found(agent, `${tag} on 3`), nums('printer'), '"on floor 3"');
});

test('all words must match, in any order', async () => {
  assert.deepEqual(await found(agent, `floor ${tag} printer`), nums('printer'));
  assert.deepEqual(await found(agent, `${tag} printer tray`), nums('printer'));
  assert.deepEqual(await found(agent, `${tag} printer vpn`), nums('network'));
  assert.deepEqual(await found(agent, `${tag} printer mail`), []);
  assert.deepEqual(await found(agent, `${tag} zzqqxx`), [], 'no match is an empty page');
});

test('punctuation separates words and is never an operator', async () => {
  // words inside punctuation are found
  assert.deepEqual(await found(agent, `${tag} VPN-gateway`), nums('network'));
  assert.deepEqual(await found(agent, `${tag} gateway`), nums('network'));
  assert.deepEqual(await found(agent, `${tag} "printer"`), nums('network', 'printer'));
  assert.deepEqual(await found(agent, `${tag}:0x80070005`), nums('mail'));
  // what would be operators in FTS5, tsquery or SQL only separates words
  const hostile = [
    '"', '""', '"unterminated', '*', 'printer*', '**', 'NEAR(printer floor)', 'NEAR(', 'printer OR mail', 'OR',
    'AND', 'NOT printer', '-printer', 'printer -floor', 'title:printer', ':', '^printer', 'printer^2', '(printer',
    'printer)', '{title}:x', '+printer', 'printer & mail', 'printer | mail', '!printer', 'printer <-> floor', "'",
    "printer'", "'; DROP TABLE tickets; --", '%', '_', '\\', 'a\\b', 'x%y_z', '1=1', "' OR '1'='1", ';', '--', '/*',
    'printer:*', 'printer:A', '\u0000', 'é', '—', '“printer”', '🙂', 'ＡＢＣ', 'a'.repeat(200),
  ];
  for (const text of hostile) {
    const r = await search(agent, text);
    assert.ok(r.status === 200 || r.status === 400, `${JSON.stringify(text)} gave ${r.status}`);
    if (r.status === 400) {
      assert.equal(r.json.type.endsWith('bad-request'), true, text);
      assert.ok(r.json.errors.some((e) => e.field === 'text'), text);
    }
  }
  // the operators really are words (or nothing): no OR, no NOT, no column filter
  assert.deepEqual(await found(agent, `${tag} printer OR mail`), [], 'OR is a word to find, not a union');
  assert.deepEqual(await found(agent, `${tag} NOT printer`), [], 'NOT is a word to find');
  assert.deepEqual(await found(agent, `${tag} -printer`), nums('network', 'printer'), 'minus excludes nothing');
  assert.deepEqual(await found(agent, `${tag} NEAR(printer jammed)`), [], 'NEAR is a word to find');
  assert.deepEqual(await found(agent, `${tag} title:printer`), [], '"title" is a word to find, not a column');
  assert.equal(verify(s).ok, true);
});

test('a query without a letter or digit, or with too many words, is refused with the field', async () => {
  for (const text of ['%', '"', '*', '-', ':', '()', '...', '“”', ' ', '🙂', '—']) {
    const r = await search(agent, text);
    assert.equal(r.status, 400, `${JSON.stringify(text)}: ${r.status}`);
    assert.deepEqual(r.json.errors.map((e) => e.field), ['text'], text);
  }
  const many = Array.from({ length: 17 }, (_, i) => `w${i}`).join(' ');
  const r = await search(agent, many);
  assert.equal(r.status, 400);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['text']);
  assert.equal((await search(agent, many.split(' ').slice(0, 16).join(' '))).status, 200, '16 words are fine');
  assert.equal((await agent('GET', `/api/v1/incidents?text=${'a'.repeat(201)}`)).status, 400, 'more than 200 bytes');
  // a NUL inside the value is refused, not cut off: "printer%00jam" searched for "printer"
  for (const qs of ['text=printer%00jam', 'text=printer%00', 'state=new%00x']) {
    const nul = await agent('GET', `/api/v1/incidents?${qs}`);
    assert.equal(nul.status, 400, qs);
    assert.deepEqual(nul.json.errors.map((e) => e.field), [qs.split('=')[0]], qs);
  }
});

test('a ticket number finds its incident, and so does its prefix', async () => {
  const n = made.mail.number;
  assert.deepEqual(await found(agent, n), [n]);
  assert.deepEqual(await found(agent, n.toLowerCase()), [n]);
  const prefix = await found(agent, n.slice(0, -1));
  assert.ok(prefix.includes(n), 'the number without its last digit');
  assert.ok(prefix.every((x) => x.startsWith(n.slice(0, -1))), 'only numbers that begin so');
});

test('accented words match as written, upper or lower case', async () => {
  assert.deepEqual(await found(agent, `${tag} CAFÉ`), nums('plain'));
  assert.deepEqual(await found(agent, `${tag} über résumé`), nums('plain'));
});

test('public comments are searched; work notes never are', async () => {
  const n = made.printer.number;
  const pub = await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'Replaced the fuser unit quixotically.' } });
  assert.equal(pub.status, 201);
  const note = await agent('POST', `/api/v1/incidents/${n}/comments`, { body: { body: 'Internal: vendor contract zanzibarish expired.', internal: true } });
  assert.equal(note.status, 201);
  assert.deepEqual(await found(agent, 'quixotically'), [n], 'a public comment, for an agent');
  assert.deepEqual(await found(eu1, 'quixotic'), [n], 'and for the requester');
  assert.deepEqual(await found(agent, 'zanzibarish'), [], 'a work note is not indexed, even for agents');
  assert.deepEqual(await found(eu1, 'zanzibarish'), [], 'nor found by the requester');
  assert.deepEqual(await found(eu1, 'quixotically zanzibarish'), [], 'nor as one word of several');
});

test('an end user finds only incidents they requested or watch', async () => {
  assert.deepEqual(await found(eu1, tag), nums('network', 'printer'));
  assert.deepEqual(await found(eu2, tag), nums('mail', 'plain'));
  assert.deepEqual(await found(eu1, made.mail.number), [], 'not another user\'s by number');
  assert.deepEqual(await found(eu1, `${tag} outlook`), [], 'nor by its words');
  const w = await agent('POST', `/api/v1/incidents/${made.mail.number}/watchers`, { body: { login: 'eu1' } });
  assert.equal(w.status, 204);
  assert.deepEqual(await found(eu1, `${tag} outlook`), nums('mail'), 'watched incidents are found');
});

test('an edited title or description is searched by its new words only', async () => {
  const t = made.network;
  const r = await agent('PATCH', `/api/v1/incidents/${t.number}`, {
    body: { title: `${tag} Wireless flaky`, description: 'Access point reboots.' },
    headers: { 'if-match': String((await agent('GET', `/api/v1/incidents/${t.number}`)).json.version) },
  });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual(await found(agent, `${tag} wireless reboots`), [t.number]);
  assert.deepEqual(await found(agent, `${tag} gateway`), [], 'the old description is gone');
  assert.deepEqual(await found(agent, `${tag} slow`), [], 'the old title is gone');
  assert.deepEqual(await found(agent, t.number), [t.number], 'the number stays');
});

test('search keeps the list contract: filters, sort orders and cursors', async () => {
  const sortTag = 'fsrt' + Date.now().toString(36);
  const batch = [];
  for (const [impact, urgency] of [[3, 3], [1, 1], [2, 2], [3, 1], [2, 3]]) {
    const r = await agent('POST', '/api/v1/incidents', { body: { title: `${sortTag} disk full`, impact, urgency } });
    batch.push(r.json);
  }
  await agent('POST', '/api/v1/incidents', { body: { title: `${sortTag} other thing`, impact: 1, urgency: 1 } });
  const order = async (qs) => (await agent('GET', `/api/v1/incidents?text=${sortTag}+disk&${qs}`)).json.items.map((x) => x.number);
  const num = batch.map((x) => x.number);
  assert.deepEqual(await order(''), [...num].reverse(), 'newest first by default');
  assert.deepEqual(await order('sort=created_at'), num);
  assert.deepEqual(await order('sort=priority'), [num[1], num[2], num[3], num[4], num[0]]);
  assert.deepEqual(await order('priority=1'), [num[1]]);
  assert.deepEqual(await order('state=new&sort=created_at'), num);
  for (const sort of ['created_at', '-created_at', 'updated_at', '-updated_at', 'priority', '-priority']) {
    const whole = await order(`sort=${sort}`);
    const paged = [];
    let cursor = null;
    do {
      const r = await agent('GET', `/api/v1/incidents?text=${sortTag}+disk&sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200);
      paged.push(...r.json.items.map((x) => x.number));
      cursor = r.json.next_cursor;
    } while (cursor);
    assert.deepEqual(paged, whole, sort);
  }
});
// searches with many matches: search_many.test.mjs
