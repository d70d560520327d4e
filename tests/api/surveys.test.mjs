// Satisfaction surveys (issue #18): a resolved ticket's requester is asked
// through the outbox (a real SMTP server on loopback) with single-use,
// expiring links; one click records a rating, the comment page works
// without JavaScript; tampered, reused and other tickets' links are told
// apart and record nothing; the portal answers once; a low rating reaches
// the group's manager through the notification rules; settings per kind
// (sampling, cool-down); the report for managers in JSON and CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, api, fingerprint, until, startSmtpSink } from './lib.mjs';

// the body of a message, quoted-printable soft breaks and escapes undone
const bodyOf = (data) => data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));

let sink, s, admin, agent, boss, eu1, eu2;
before(async () => {
  sink = await startSmtpSink();
  s = await startServer({
    users: [{ login: 'agent1', role: 'agent' }, { login: 'boss', role: 'manager' }, { login: 'eu1', role: 'end_user' },
      { login: 'eu2', role: 'end_user' }],
    settings: { STEWARD_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, STEWARD_SMTP_TLS: 'no', STEWARD_MAILER_INTERVAL: '1s',
      STEWARD_PUBLIC_URL: 'https://desk.example.com' },
  });
  admin = as(s, 'admin'); agent = as(s, 'agent1'); boss = as(s, 'boss'); eu1 = as(s, 'eu1'); eu2 = as(s, 'eu2');
  assert.equal((await admin('POST', '/api/v1/groups', { body: { name: 'Desk', members: ['agent1'], manager: 'boss' } })).status, 201);
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Mail', criticality: 2 } })).status, 201);
});
after(async () => { await s.cleanup(); await sink.stop(); });

async function resolved(requester, title) {
  const c = await agent('POST', '/api/v1/incidents', { body: { title, requester, assignment_group: 'Desk', assignee: 'agent1', service: 'Mail' } });
  assert.equal(c.status, 201, JSON.stringify(c.json));
  const r = await agent('POST', `/api/v1/incidents/${c.json.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'restarted' } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return c.json.number;
}
// a rating sent from the choice page's form (what a person's click posts)
const rate = (page, n) => api(s, 'POST', page, { raw: `rating=${n}`, contentType: 'application/x-www-form-urlencoded' });
// the survey email to addr about number, and the page link in it
async function surveyMail(addr, number) {
  const m = await until(`the survey email for ${number}`, () => sink.messages.find((x) => x.to.includes(addr) && bodyOf(x.data).includes(`/survey/${number}/`)));
  const body = bodyOf(m.data);
  const page = body.match(new RegExp(`https://desk\\.example\\.com(/survey/${number}/al_[A-Za-z0-9_-]{43})`))[1];
  return { body, page };
}

test('settings per kind: admins change them, agents read them, bad values change nothing', async () => {
  const l = await agent('GET', '/api/v1/survey-settings');
  assert.equal(l.status, 200);
  const inc = l.json.items.find((x) => x.kind === 'incident');
  assert.deepEqual({ ...inc, updated_at: undefined }, { kind: 'incident', enabled: true, sample_percent: 100, cooldown_days: 0, low_threshold: 2, updated_at: undefined });
  assert.equal(l.json.items.find((x) => x.kind === 'improvement').enabled, false, 'a kind never configured sends none');
  assert.equal((await agent('PATCH', '/api/v1/survey-settings/incident', { body: { enabled: false } })).status, 403);
  const before = fingerprint(s);
  const bad = await admin('PATCH', '/api/v1/survey-settings/incident', { body: { sample_percent: 101, low_threshold: 6 } });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.json.errors.map((e) => e.field).sort(), ['low_threshold', 'sample_percent']);
  assert.equal((await admin('PATCH', '/api/v1/survey-settings/nosuch', { body: { enabled: true } })).status, 404);
  assert.equal(fingerprint(s), before, 'nothing changed');
  const ok = await admin('PATCH', '/api/v1/survey-settings/problem', { body: { enabled: true, cooldown_days: 7 } });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.cooldown_days, 7);
  assert.equal(ok.json.enabled, true);
});

let first, firstPage;
test('resolving sends the requester a survey by email; one click records the rating, the comment page works without a script', async () => {
  first = await resolved('eu1', 'Mail is slow');
  const sv = await eu1('GET', `/api/v1/surveys/${first}`);
  assert.equal(sv.status, 200);
  assert.equal(sv.json.user, 'eu1');
  assert.equal(sv.json.agent, 'agent1');
  assert.equal(sv.json.group, 'Desk');
  assert.equal(sv.json.service, 'Mail');
  assert.equal(sv.json.rating, null);
  assert.equal((await eu2('GET', `/api/v1/surveys/${first}`)).status, 404, 'another end user sees no survey');
  const { body, page } = await surveyMail('eu1@example.com', first);
  firstPage = page;
  assert.match(body, /How satisfied are you/);
  for (const n of [1, 2, 3, 4, 5]) assert.ok(body.includes(`https://desk.example.com${page}?rating=${n}`), `the rating ${n} link`);
  // the in-app copy, read where eu1 is logged in, links to the ticket's page and carries no token
  const inApp = (await eu1('GET', '/api/v1/me/notifications')).json.items.find((x) => x.event === 'survey' && x.ticket === first);
  assert.ok(inApp, 'the survey is in eu1\'s inbox');
  assert.match(inApp.body, /How satisfied are you/);
  assert.ok(inApp.body.includes(`https://desk.example.com/#/incidents/${first}`), inApp.body);
  assert.doesNotMatch(inApp.body, /al_|\/survey\//);
  assert.doesNotMatch(inApp.body, /\n-\n/, 'no placeholder for the detail it leaves out');

  // the choice page records nothing
  const choice = await api(s, 'GET', page);
  assert.equal(choice.status, 200);
  assert.match(choice.headers.get('content-type'), /^text\/html/);
  assert.match(choice.headers.get('content-security-policy'), /default-src 'none'/);
  assert.doesNotMatch(choice.text, /<script/i);
  assert.match(choice.text, new RegExp(`<form method="post" class="survey-ratings" action="${page}">`));
  assert.match(choice.text, /<button type="submit" name="rating" value="5">5 — very satisfied<\/button>/);
  assert.equal((await eu1('GET', `/api/v1/surveys/${first}`)).json.rating, null);

  // a rating outside 1..5: a clear page, nothing recorded, the link still good
  const fp = fingerprint(s);
  const out = await api(s, 'GET', `${page}?rating=9`);
  assert.equal(out.status, 400);
  assert.match(out.text, /rating must be from 1 to 5/);
  assert.equal(fingerprint(s), fp);

  // the email's link for a rating asks for the click: opening it (a mail scanner, a preview) records nothing
  const asked = await api(s, 'GET', `${page}?rating=2`);
  assert.equal(asked.status, 200);
  assert.match(asked.text, /<button type="submit" name="rating" value="2" class="survey-send">Send my rating: 2<\/button>/);
  assert.equal((await api(s, 'HEAD', `${page}?rating=2`)).status, 200);
  assert.equal(fingerprint(s), fp, 'nothing recorded by opening the link');
  assert.equal((await rate(page, 'x')).status, 400);
  assert.equal((await rate(page, '5%00junk')).status, 400, 'a NUL in the form value is no rating');
  assert.equal(fingerprint(s), fp);
  const rated = await rate(page, 2);
  assert.equal(rated.status, 200, rated.text);
  assert.match(rated.text, /Your rating of 2 for/);
  const sv2 = (await eu1('GET', `/api/v1/surveys/${first}`)).json;
  assert.equal(sv2.rating, 2);
  assert.equal(sv2.channel, 'email');
  assert.ok(sv2.answered_at);

  // the comment form posts to a link of its own
  const action = rated.text.match(/<form method="post" action="([^"]+)"/)[1];
  assert.notEqual(action, page);
  const c = await api(s, 'POST', action, { raw: 'comment=Took+three+days+%E2%80%94+too+long', contentType: 'application/x-www-form-urlencoded' });
  assert.equal(c.status, 200, c.text);
  assert.match(c.text, /Your comment on/);
  assert.equal((await eu1('GET', `/api/v1/surveys/${first}`)).json.comment, 'Took three days — too long');
  const again = await api(s, 'POST', action, { raw: 'comment=again', contentType: 'application/x-www-form-urlencoded' });
  assert.equal(again.status, 409);
  assert.equal((await eu1('GET', `/api/v1/surveys/${first}`)).json.comment, 'Took three days — too long');

  // the history says so, and the low rating reached the group's manager
  const h = (await agent('GET', `/api/v1/incidents/${first}/history`)).json.items.map((x) => x.action);
  assert.ok(h.includes('survey_answered') && h.includes('survey_commented'), h.join());
  const boxed = await until('the manager\'s notification', async () => (await boss('GET', '/api/v1/me/notifications')).json.items.find((x) => x.event === 'survey_low'));
  assert.equal(boxed.ticket, first);
  assert.match(boxed.body, /2 of 5/);
});

test('used, tampered and other tickets\' links are told apart and record nothing', async () => {
  const second = await resolved('eu2', 'Calendar will not sync');
  const { page } = await surveyMail('eu2@example.com', second);
  const fp = fingerprint(s);
  assert.equal((await rate(firstPage, 5)).status, 409, 'the form of a used link records nothing');
  const used = await api(s, 'GET', `${firstPage}?rating=5`);
  assert.equal(used.status, 409);
  assert.match(used.text, /already been used/);
  assert.match(used.text, /data-reason="link-used"/);
  const token = page.split('/').pop();
  const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
  const tampered = await api(s, 'GET', `/survey/${second}/${flipped}?rating=5`);
  assert.equal(tampered.status, 400);
  assert.match(tampered.text, /data-reason="link-tampered"/);
  assert.equal((await api(s, 'GET', `/survey/${second}/not-a-token?rating=5`)).status, 400);
  const other = await api(s, 'GET', `/survey/${first}/${token}?rating=5`);
  assert.equal(other.status, 400);
  assert.match(other.text, /This link is for another ticket/);
  assert.match(other.text, /data-reason="link-wrong-record"/);
  assert.equal(fingerprint(s), fp, 'nothing was recorded');
  assert.equal((await eu2('GET', `/api/v1/surveys/${second}`)).json.rating, null);
  // the admin reading the outbox sees the message, not a link that works
  const outbox = await admin('GET', '/api/v1/outbox?limit=200');
  assert.equal(outbox.status, 200);
  const shown = outbox.json.items.find((m) => m.to === 'eu2@example.com' && (m.body || '').includes(`/survey/${second}/`));
  assert.ok(shown, 'the survey message is in the outbox');
  assert.ok(!shown.body.includes(token), 'no token in the outbox');
  assert.match(shown.body, new RegExp(`/survey/${second}/al_\\*{43}`));
  const ok = await rate(page, 5);
  assert.equal(ok.status, 200, 'the right link still works');
});

test('the portal answers once; a rating outside 1..5 is a 400; only the person asked answers', async () => {
  const n = await resolved('eu1', 'VPN drops');
  const fp = fingerprint(s);
  const bad = await eu1('POST', `/api/v1/surveys/${n}`, { body: { rating: 7 } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.errors[0].field, 'rating');
  assert.equal((await eu1('POST', `/api/v1/surveys/${n}`, { body: { rating: 0 } })).status, 400);
  assert.equal((await eu1('POST', `/api/v1/surveys/${n}`, { body: { rating: '5' } })).status, 422);
  assert.equal((await agent('POST', `/api/v1/surveys/${n}`, { body: { rating: 5 } })).status, 403);
  assert.equal((await eu2('POST', `/api/v1/surveys/${n}`, { body: { rating: 5 } })).status, 404);
  assert.equal(fingerprint(s), fp);
  const ok = await eu1('POST', `/api/v1/surveys/${n}`, { body: { rating: 4, comment: 'quick, thanks' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.json.rating, 4);
  assert.equal(ok.json.channel, 'portal');
  assert.equal(ok.json.comment, 'quick, thanks');
  const twice = await eu1('POST', `/api/v1/surveys/${n}`, { body: { rating: 1 } });
  assert.equal(twice.status, 409);
  assert.equal((await eu1('GET', `/api/v1/surveys/${n}`)).json.rating, 4);
  const { page } = await surveyMail('eu1@example.com', n);
  assert.equal((await api(s, 'GET', `${page}?rating=1`)).status, 409, 'the email link cannot answer again');
});

test('sampling and the cool-down per person hold surveys back', async () => {
  assert.equal((await admin('PATCH', '/api/v1/survey-settings/incident', { body: { sample_percent: 0 } })).status, 200);
  const none = await resolved('eu2', 'Printer offline');
  assert.equal((await agent('GET', `/api/v1/surveys/${none}`)).status, 404);
  assert.equal((await admin('PATCH', '/api/v1/survey-settings/incident', { body: { sample_percent: 100, cooldown_days: 30 } })).status, 200);
  const cooled = await resolved('eu2', 'Scanner offline');
  assert.equal((await agent('GET', `/api/v1/surveys/${cooled}`)).status, 404, 'eu2 was asked less than 30 days ago');
  assert.equal((await admin('PATCH', '/api/v1/survey-settings/incident', { body: { cooldown_days: 0 } })).status, 200);
  const again = await resolved('eu2', 'Monitor flickers');
  assert.equal((await agent('GET', `/api/v1/surveys/${again}`)).status, 200);
  // reopened and resolved again: still one survey
  assert.equal((await agent('POST', `/api/v1/incidents/${again}/reopen`, { body: { reason: 'back' } })).status, 200);
  assert.equal((await agent('POST', `/api/v1/incidents/${again}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'x' } })).status, 200);
  assert.equal((await agent('GET', `/api/v1/surveys/${again}`)).status, 200);
});

test('the report: CSAT and response rate by group, service, agent and period, CSV, comments; managers only', async () => {
  const r = await boss('GET', '/api/v1/surveys/report?by=group');
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.by, 'group');
  // sent: first, second, VPN, Monitor; answered: first (2), second (5), VPN (4)
  assert.deepEqual(r.json.total, { sent: 4, answered: 3, response_rate: 0.75, csat: 2 / 3, average: 11 / 3, ratings: [0, 1, 0, 1, 1] });
  assert.deepEqual(r.json.rows.map((x) => [x.key, x.sent, x.answered]), [['Desk', 4, 3]]);
  const byAgent = (await boss('GET', '/api/v1/surveys/report?by=agent&service=Mail')).json;
  assert.deepEqual(byAgent.rows.map((x) => [x.key, x.answered]), [['agent1', 3]]);
  const byMonth = (await boss('GET', '/api/v1/surveys/report?by=month')).json;
  assert.equal(byMonth.rows.length, 1);
  assert.match(byMonth.rows[0].key, /^\d{4}-\d{2}$/);
  const csv = await boss('GET', '/api/v1/surveys/report?by=service&format=csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'service,sent,answered,response_rate,csat,average,rated_1,rated_2,rated_3,rated_4,rated_5');
  assert.equal(lines[1], 'Mail,4,3,0.750,0.667,3.667,0,1,0,1,1');
  assert.equal(lines[2], 'total,4,3,0.750,0.667,3.667,0,1,0,1,1');
  const comments = (await boss('GET', '/api/v1/surveys/comments')).json.items;
  assert.deepEqual(comments.map((x) => x.comment).sort(), ['Took three days — too long', 'quick, thanks']);
  assert.equal((await agent('GET', '/api/v1/surveys/report')).status, 403);
  assert.equal((await eu1('GET', '/api/v1/surveys/report')).status, 403);
  assert.equal((await boss('GET', '/api/v1/surveys/report?from=2026-12-31&to=2026-01-01')).status, 400);
  assert.equal((await boss('GET', '/api/v1/surveys/report?by=year')).status, 400);
  assert.equal((await boss('GET', '/api/v1/surveys/report?group=Nobody')).status, 400);
  assert.equal((await boss('GET', '/api/v1/surveys/report?nosuch=1')).status, 400);
});

test('the CSAT score and the response rate are KPIs: answers rated 4 or 5 over answers, answers over surveys sent, by service', async () => {
  assert.equal((await admin('POST', '/api/v1/services', { body: { name: 'Print', criticality: 3 } })).status, 201);
  const numbers = [];
  for (const title of ['Tray 1 jams', 'Toner smears', 'Offline again']) {
    const c = await agent('POST', '/api/v1/incidents', { body: { title, requester: 'eu2', assignment_group: 'Desk', assignee: 'agent1', service: 'Print' } });
    assert.equal(c.status, 201, JSON.stringify(c.json));
    assert.equal((await agent('POST', `/api/v1/incidents/${c.json.number}/resolve`, { body: { resolution_code: 'fixed', resolution_notes: 'done' } })).status, 200);
    numbers.push(c.json.number);
  }
  for (const n of numbers) await until(`the survey of ${n}`, async () => (await eu2('GET', `/api/v1/surveys/${n}`)).status === 200);
  assert.equal((await eu2('POST', `/api/v1/surveys/${numbers[0]}`, { body: { rating: 5 } })).status, 200);
  assert.equal((await eu2('POST', `/api/v1/surveys/${numbers[1]}`, { body: { rating: 2, comment: 'took a week' } })).status, 200);
  const day = new Date().toISOString().slice(0, 10);
  const k = async (name) => (await boss('GET', `/api/v1/kpis/${name}?from=${day}&to=${day}&tz=UTC&service=Print`)).json;
  const csat = await k('csat_score');
  assert.equal(csat.value, 0.5, JSON.stringify(csat));
  assert.equal(csat.unit, 'ratio');
  const rate = await k('survey_response_rate');
  assert.ok(Math.abs(rate.value - 2 / 3) < 1e-9, JSON.stringify(rate));
  const names = (await boss('GET', '/api/v1/kpis')).json.items.filter((x) => x.area === 'customers').map((x) => x.name);
  assert.deepEqual(names, ['csat_score', 'survey_response_rate']);
});

// last: its survey would count in the report's figures above
test('a sent message keeps no working link in the database: even its own reader sees the token overwritten', async () => {
  const n = await resolved('admin', 'Printer jams');
  const { page } = await surveyMail('admin@localhost.localdomain', n);
  const token = page.split('/').pop();
  // the outbox shows an admin's own messages as stored: once sent, the row holds no token
  const stored = await until('the survey message recorded as sent', async () => (await admin('GET', '/api/v1/outbox?state=sent&limit=200')).json.items
    .find((m) => (m.body || '').includes(`/survey/${n}/`)));
  assert.ok(!stored.body.includes(token), 'no token in the row once sent');
  assert.match(stored.body, new RegExp(`/survey/${n}/al_\\*{43}\\?rating=5`));
  const ok = await rate(page, 4);
  assert.equal(ok.status, 200, 'the link mailed still works: the database keeps its hash');
  assert.equal((await admin('GET', `/api/v1/surveys/${n}`)).json.rating, 4);
});
