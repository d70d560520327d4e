// The toolkit sections issue #20 added last: the category tree, groups
// (without people), fulfilment plans, article templates, the risk
// settings, KPI targets and survey settings.  Each is applied, applied
// again unchanged, changed locally (kept and reported) and forced back;
// a default nobody set is taken over without force, one an admin set is
// kept; items the sections refuse are named and nothing changes; and the
// starter's items of these sections land where the API shows them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, as, fieldsOf, verify } from './lib.mjs';

let s, admin, agent;
before(async () => {
  s = await startServer({ users: [{ login: 'agent1', role: 'agent' }] });
  admin = as(s, 'admin');
  agent = as(s, 'agent1');
});
after(async () => { await s.cleanup(); });

const bundle = (sections) => ({ format: 'steward-toolkit/1', name: 'sections', version: 1, sections });
const apply = (b, query = '') => admin('POST', `/api/v1/toolkits/apply${query}`, { body: b });
const outcomes = (r) => Object.fromEntries(r.json.items.map((i) => [i.key, i.outcome]));
const exportOf = async () => (await admin('GET', '/api/v1/toolkit-export')).json;
const ok = async (p, status = 200) => { const r = await p; assert.equal(r.status, status, r.text); return r.json; };

// One bundle holding an item of every new section, and what it refers to.
const B = bundle({
  categories: [
    { key: 't.cat.network', version: 1, name: 'network', active: true },
    { key: 't.cat.vpn', version: 1, name: 'vpn', parent: 'network', active: true },
  ],
  groups: [{ key: 't.group.desk', version: 1, name: 'Desk', description: 'First line' }],
  catalog_items: [{ key: 't.item.laptop', version: 1, name: 'Laptop', short_description: 'A laptop',
    variables: [{ name: 'model', label: 'Model', type: 'text' }] }],
  fulfilment_plans: [{ key: 't.plan.laptop', version: 1, name: 'Laptop', tasks: [
    { key: 'prepare', title: 'Prepare the laptop', group: 'Desk', variables: ['model'] },
    { key: 'deliver', title: 'Deliver it', group: 'Desk', depends_on: ['prepare'] }] }],
  article_templates: [{ key: 't.atpl.howto', version: 1, name: 'How-to', description: 'Steps', kind: 'how_to',
    audience: 'everyone', category: 'network', body: '## Steps\n\n1. \n', position: 1 }],
  risk_settings: [{ key: 't.risk', version: 1, name: 'default', threshold_medium: 25, threshold_high: 45, threshold_very_high: 65 }],
  kpi_targets: [{ key: 't.kpi.mtta', version: 1, name: 'incident_mtta', target: 1200, amber: 2400, red: 7200 }],
  survey_settings: [{ key: 't.survey.incident', version: 1, name: 'incident', enabled: true, sample_percent: 50, cooldown_days: 30, low_threshold: 2 }],
});

test('each new section: applied, unchanged the second time, changed locally kept, forced back', async () => {
  let r = await apply(B);
  assert.equal(r.status, 200, r.text);
  let o = outcomes(r);
  for (const k of ['t.cat.network', 't.cat.vpn', 't.group.desk', 't.item.laptop', 't.atpl.howto']) assert.equal(o[k], 'added', k);
  // records Steward keeps one of, never set: taken over (updated) without force
  for (const k of ['t.plan.laptop', 't.kpi.mtta', 't.survey.incident']) assert.equal(o[k], 'updated', k);
  // the risk settings are one record, with the schema's defaults: kept unless forced
  assert.equal(o['t.risk'], 'kept_exists');
  assert.equal((await admin('GET', '/api/v1/risk-settings')).json.threshold_high, 40);
  r = await apply(B, '?force=t.risk');
  assert.equal(r.status, 200, r.text);
  assert.equal(outcomes(r)['t.risk'], 'updated');

  // where the API shows them
  const cats = (await agent('GET', '/api/v1/categories')).json.items.map((c) => c.path);
  assert.deepEqual(cats, ['network', 'network/vpn']);
  const g = await ok(admin('GET', '/api/v1/groups/Desk'));
  assert.equal(g.description, 'First line');
  assert.deepEqual(g.members, []);
  const item = await ok(admin('GET', '/api/v1/catalog-items/Laptop'));
  assert.deepEqual(item.plan.map((t) => [t.key, t.group, t.depends_on]), [['prepare', 'Desk', []], ['deliver', 'Desk', ['prepare']]]);
  const tpl = await ok(agent('GET', '/api/v1/article-templates/How-to'));
  assert.deepEqual([tpl.kind, tpl.audience, tpl.category, tpl.body], ['how_to', 'everyone', 'network', '## Steps\n\n1. \n']);
  assert.equal((await ok(agent('GET', '/api/v1/risk-settings'))).threshold_high, 45);
  const mtta = (await ok(agent('GET', '/api/v1/kpis'))).items.find((k) => k.name === 'incident_mtta');
  assert.deepEqual([mtta.target, mtta.target_set], [{ target: 1200, amber: 2400, red: 7200 }, true]);
  const survey = (await ok(agent('GET', '/api/v1/survey-settings'))).items.find((x) => x.kind === 'incident');
  assert.deepEqual([survey.sample_percent, survey.cooldown_days], [50, 30]);

  // again: nothing changes, and the export says the same
  const first = await exportOf();
  r = await apply(B);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.values(outcomes(r)).filter((x) => x !== 'unchanged'), []);
  assert.deepEqual(await exportOf(), first);
  assert.ok(first.sections.fulfilment_plans.some((p) => p.key === 't.plan.laptop' && p.tasks.length === 2));

  // local changes, one per section
  const vpn = (await agent('GET', '/api/v1/categories')).json.items.find((c) => c.path === 'network/vpn');
  await ok(admin('PATCH', `/api/v1/categories/${vpn.id}`, { body: { active: false } }));
  await ok(admin('PATCH', '/api/v1/groups/Desk', { body: { description: 'Local words' } }));
  await ok(admin('PUT', '/api/v1/catalog-items/Laptop/plan', { body: { tasks: [{ key: 'only', title: 'Local task', group: 'Desk' }] } }));
  await ok(admin('PATCH', '/api/v1/article-templates/How-to', { body: { body: '## Local\n' } }));
  await ok(admin('PATCH', '/api/v1/risk-settings', { body: { threshold_high: 50 } }));
  await ok(admin('PUT', '/api/v1/kpis/incident_mtta/target', { body: { target: 600, amber: 1200, red: 3600 } }));
  await ok(admin('PATCH', '/api/v1/survey-settings/incident', { body: { sample_percent: 10 } }));
  const local = ['t.cat.vpn', 't.group.desk', 't.plan.laptop', 't.atpl.howto', 't.risk', 't.kpi.mtta', 't.survey.incident'];
  r = await apply(B);
  assert.equal(r.status, 200, r.text);
  o = outcomes(r);
  for (const k of local) assert.equal(o[k], 'kept_changed_locally', k);
  assert.equal(o['t.cat.network'], 'unchanged');
  assert.equal((await ok(admin('GET', '/api/v1/groups/Desk'))).description, 'Local words');
  assert.equal((await ok(admin('GET', '/api/v1/article-templates/How-to'))).body, '## Local\n');
  assert.equal((await ok(agent('GET', '/api/v1/risk-settings'))).threshold_high, 50);

  // forced: each back as the item says
  r = await apply(B, `?force=${local.join(',')}`);
  assert.equal(r.status, 200, r.text);
  o = outcomes(r);
  for (const k of local) assert.equal(o[k], 'updated', k);
  assert.ok(r.json.items.filter((i) => local.includes(i.key)).every((i) => i.forced));
  assert.equal((await agent('GET', '/api/v1/categories')).json.items.find((c) => c.path === 'network/vpn').active, true);
  assert.equal((await ok(admin('GET', '/api/v1/groups/Desk'))).description, 'First line');
  assert.deepEqual((await ok(admin('GET', '/api/v1/catalog-items/Laptop'))).plan.map((t) => t.key), ['prepare', 'deliver']);
  assert.equal((await ok(admin('GET', '/api/v1/article-templates/How-to'))).body, '## Steps\n\n1. \n');
  assert.equal((await ok(agent('GET', '/api/v1/risk-settings'))).threshold_high, 45);
  assert.equal((await ok(agent('GET', '/api/v1/kpis'))).items.find((k) => k.name === 'incident_mtta').target.target, 1200);
  assert.equal((await ok(agent('GET', '/api/v1/survey-settings'))).items.find((x) => x.kind === 'incident').sample_percent, 50);
  assert.deepEqual(await exportOf(), first);
});

test('a default an admin set is kept (it is theirs), unless forced', async () => {
  await ok(admin('PUT', '/api/v1/kpis/change_success_rate/target', { body: { target: 0.9, amber: 0.85, red: 0.8 } }));
  await ok(admin('PATCH', '/api/v1/survey-settings/request', { body: { cooldown_days: 7 } }));
  const b = bundle({
    kpi_targets: [{ key: 'k.csr', version: 1, name: 'change_success_rate', target: 0.95, amber: 0.9, red: 0.8 }],
    survey_settings: [{ key: 'k.req', version: 1, name: 'request', enabled: true, sample_percent: 100, cooldown_days: 14, low_threshold: 2 }],
  });
  let r = await apply(b);
  assert.deepEqual(outcomes(r), { 'k.csr': 'kept_exists', 'k.req': 'kept_exists' });
  assert.equal((await ok(agent('GET', '/api/v1/kpis'))).items.find((k) => k.name === 'change_success_rate').target.target, 0.9);
  r = await apply(b, '?force=*');
  assert.deepEqual(outcomes(r), { 'k.csr': 'updated', 'k.req': 'updated' });
  assert.equal((await ok(agent('GET', '/api/v1/kpis'))).items.find((k) => k.name === 'change_success_rate').target.target, 0.95);
  // a KPI target written as 1800 or 1800.0 is one item
  r = await apply(bundle({ kpi_targets: [{ key: 'k.mttr', version: 1, name: 'incident_mttr', target: 28800.0, amber: 86400, red: 259200 }] }));
  assert.deepEqual(outcomes(r), { 'k.mttr': 'unchanged' });
});

test('items the new sections refuse are named, and nothing changes', async () => {
  const before = await exportOf();
  const rows = verify(s).rows;
  const cases = [
    [{ groups: [{ key: 'x.g', version: 1, name: 'People', members: ['agent1'], manager: 'agent1' }] },
      ['sections.groups[0].members', 'sections.groups[0].manager']],
    [{ categories: [{ key: 'x.c', version: 1, name: 'orphan', parent: 'nowhere' }] }, ['sections.categories[0].parent']],
    [{ fulfilment_plans: [{ key: 'x.p', version: 1, name: 'No such item', tasks: [] }] }, ['sections.fulfilment_plans[0].name']],
    [{ fulfilment_plans: [{ key: 'x.p', version: 1, name: 'Laptop', tasks: [{ key: 'a', title: 'A', group: 'Nobody' }] }] },
      ['sections.fulfilment_plans[0].tasks[0].group']],
    [{ article_templates: [{ key: 'x.a', version: 1, name: 'Bad', kind: 'essay', audience: 'martians' }] },
      ['sections.article_templates[0].kind', 'sections.article_templates[0].audience']],
    [{ article_templates: [{ key: 'x.a', version: 1, name: 'Bad', category: 'no/such' }] }, ['sections.article_templates[0].category']],
    [{ risk_settings: [{ key: 'x.r', version: 1, name: 'other', threshold_high: 1 }] }, ['sections.risk_settings[0].name']],
    [{ risk_settings: [{ key: 'x.r', version: 1, name: 'default', threshold_medium: 50, threshold_high: 10 }] }, ['sections.risk_settings[0].threshold_high']],
    [{ kpi_targets: [{ key: 'x.k', version: 1, name: 'happiness', target: 1, amber: 2, red: 3 }] }, ['sections.kpi_targets[0].name']],
    [{ kpi_targets: [{ key: 'x.k', version: 1, name: 'incident_mtta', target: 'soon' }] }, ['sections.kpi_targets[0].target', 'sections.kpi_targets[0].amber']],
    [{ survey_settings: [{ key: 'x.s', version: 1, name: 'gadget', enabled: true }] }, ['sections.survey_settings[0].name']],
    [{ survey_settings: [{ key: 'x.s', version: 1, name: 'incident', sample_percent: 101 }] }, ['sections.survey_settings[0].sample_percent']],
  ];
  for (const [secs, fields] of cases) {
    const r = await apply(bundle(secs));
    assert.equal(r.status, 422, `${JSON.stringify(secs)}: ${r.text}`);
    for (const f of fields) assert.ok(fieldsOf(r).includes(f), `${f} in ${JSON.stringify(fieldsOf(r))}`);
  }
  assert.deepEqual(await exportOf(), before);
  assert.deepEqual(verify(s).rows, rows);
});

test('the starter: its tree, groups, plans, article templates and settings, on a fresh database', async () => {
  const t = await startServer({});
  try {
    const a = as(t, 'admin');
    const r = await a('POST', '/api/v1/toolkits/itil-starter/apply?force=*');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.counts.failed, 0);
    const paths = (await a('GET', '/api/v1/categories')).json.items.map((c) => c.path);
    for (const p of ['access/password', 'hardware/printer', 'network/vpn', 'software/installation']) assert.ok(paths.includes(p), p);
    const groups = (await a('GET', '/api/v1/groups')).json.items;
    assert.deepEqual(groups.map((g) => g.name).sort(), ['Applications', 'Desktop Support', 'Infrastructure', 'Network', 'Security', 'Service Desk']);
    assert.ok(groups.every((g) => g.members.length === 0 && g.manager === null), 'no people');
    const joiner = (await a('GET', '/api/v1/catalog-items/Joiner')).json;
    assert.deepEqual(joiner.plan.map((x) => x.key), ['account', 'laptop', 'welcome']);
    const tpls = (await a('GET', '/api/v1/article-templates')).json.items;
    assert.deepEqual(tpls.map((x) => [x.name, x.kind]), [['How-to', 'how_to'], ['Troubleshooting', 'troubleshooting'], ['Known error', 'known_error']]);
    assert.match(tpls[2].body, /## Workaround/);
    const survey = (await a('GET', '/api/v1/survey-settings')).json.items.find((x) => x.kind === 'incident');
    assert.equal(survey.cooldown_days, 14);
    assert.equal((await a('GET', '/api/v1/risk-settings')).json.threshold_high, 40);
  } finally {
    await t.cleanup();
  }
});
