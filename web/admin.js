// Administration: every configuration resource of the API gets a list, a
// "new" form and an edit form.  The forms are drawn from the server's own
// OpenAPI document (the input schema of POST and of PATCH/PUT), so a field
// the server adds appears here without a UI change, and the server's 422
// with field paths is what the user reads when a value is refused.
import { html, useState, useEffect, api, getAll, problem, words, left, when, openApi, Loading, Failure } from './lib.js';
import { History } from './cmdb.js';

// What an admin (or, for the portfolio, a manager) can edit, in menu order.
export const ADMIN_RESOURCES = [
  { path: 'users', title: 'Users', role: 'admin', columns: ['login', 'name', 'email', 'role', 'timezone', 'active'] },
  { path: 'groups', title: 'Groups', role: 'admin', columns: ['name', 'description', 'manager', 'members'] },
  { path: 'categories', title: 'Categories', role: 'admin' },
  { path: 'cause-categories', title: 'Cause categories (problems)', role: 'admin', columns: ['name', 'label', 'position', 'active'] },
  { path: 'priority-matrix', title: 'Priority matrix', role: 'admin', custom: true },
  { path: 'templates', title: 'Incident templates', role: 'admin' },
  { path: 'article-templates', title: 'Knowledge article templates', role: 'admin', history: true,
    columns: ['name', 'kind', 'audience', 'category', 'position', 'active', 'description'] },
  { path: 'custom-fields', title: 'Custom fields', role: 'admin', columns: ['kind', 'name', 'label', 'type', 'choices', 'category', 'position', 'active'] },
  { path: 'mandatory-fields', title: 'Mandatory fields', role: 'admin', columns: ['kind', 'state', 'field'] },
  { path: 'calendars', title: 'Business calendars', role: 'admin' },
  { path: 'sla-policies', title: 'SLA policies', role: 'admin',
    columns: ['name', 'position', 'active', 'match_priority', 'match_group', 'match_service', 'calendar', 'response_seconds', 'resolution_seconds'] },
  { path: 'agreements', title: 'Agreements (SLA, OLA, underpinning contracts)', role: 'manager', history: true,
    columns: ['name', 'type', 'status', 'customer', 'group', 'supplier', 'owner', 'valid_to', 'review_date', 'version', 'target_compliance', 'ola_flagged'] },
  { path: 'breach-reasons', title: 'SLA breach reasons', role: 'admin', history: true, columns: ['name', 'label', 'position', 'active'] },
  { path: 'escalation-rules', title: 'Escalation rules', role: 'admin',
    columns: ['name', 'position', 'active', 'event', 'match_metric', 'match_priority', 'action', 'group'] },
  { path: 'assignment-rules', title: 'Assignment rules', role: 'admin',
    columns: ['name', 'position', 'active', 'match_category', 'match_priority', 'match_keywords', 'assignment_group', 'assign'] },
  { path: 'approval-policies', title: 'Approval policies', role: 'admin',
    columns: ['name', 'kind', 'position', 'active', 'match_type', 'match_risk', 'match_service', 'match_category', 'match_priority', 'steps'] },
  { path: 'catalog-items', title: 'Service catalogue', role: 'admin',
    columns: ['name', 'category', 'short_description', 'active', 'price', 'approval_policy', 'form_version', 'bundle'] },
  { path: 'change-windows', title: 'Change windows (blackout and maintenance)', role: 'admin',
    columns: ['name', 'kind', 'timezone', 'start', 'duration', 'recurrence', 'services', 'allow_override', 'active'] },
  { path: 'mailboxes', title: 'Mailboxes (the email channel)', role: 'admin',
    columns: ['name', 'imap_url', 'imap_user', 'has_password', 'folder', 'processed_folder', 'kind', 'category', 'group', 'unknown_sender', 'active'] },
  { path: 'webhooks', title: 'Webhooks (outgoing)', role: 'admin', history: true, deliveries: true,
    columns: ['name', 'url', 'events', 'has_secret', 'active', 'description'] },
  { path: 'event-sources', title: 'Event sources (monitoring)', role: 'admin',
    columns: ['name', 'owner', 'service', 'ci_label', 'correlate_minutes', 'quiet_seconds', 'storm_per_minute', 'active'] },
  { path: 'alert-rules', title: 'Alert mapping rules', role: 'admin',
    columns: ['name', 'position', 'active', 'source', 'match_label', 'match_value', 'min_severity', 'ci_label', 'ci', 'service', 'action'] },
  { path: 'status-services', title: 'Public status page services', role: 'admin',
    columns: ['name', 'service', 'position', 'override', 'message', 'active'] },
  { path: 'notification-rules', title: 'Notification rules', role: 'admin' },
  { path: 'notification-templates', title: 'Notification templates', role: 'admin' },
  { path: 'ci-classes', title: 'CI classes', role: 'admin' },
  { path: 'objectives', title: 'Business objectives', role: 'manager' },
  { path: 'services', title: 'Services', role: 'manager', columns: ['id', 'name', 'kind', 'status', 'criticality', 'owner', 'support_group', 'sla_policy'] },
];
const RANK = { end_user: 0, agent: 1, manager: 2, admin: 3 };
export const mayAdmin = (me, res) => RANK[me.role] >= RANK[res.role];

// The resource's shape, read from the OpenAPI document.
async function describe(path) {
  const doc = await openApi();
  const coll = `/api/v1/${path}`;
  // only lists that page take ?limit= (the others refuse what they do not know)
  const paged = ((doc.paths[coll] && doc.paths[coll].get && doc.paths[coll].get.parameters) || []).some((q) => q.name === 'limit');
  const ref = (op) => {
    const s = op && op.requestBody && op.requestBody.content['application/json'].schema;
    return s && s.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s || null;
  };
  // a record is named by one key (/{name}) or several (/{kind}/{name})
  const itemPath = Object.keys(doc.paths).find((p) => p.startsWith(`${coll}/{`) && /^(\/\{\w+\})+$/.test(p.slice(coll.length)));
  const keys = itemPath ? [...itemPath.slice(coll.length).matchAll(/\{(\w+)\}/g)].map((m) => m[1]) : [];
  const key = keys[0] || null;
  const item = itemPath ? doc.paths[itemPath] : {};
  const edit = item.patch ? 'PATCH' : item.put ? 'PUT' : null;
  return {
    coll, key, keys, itemGet: !!item.get, edit, list: paged ? `${coll}?limit=200` : coll,
    idOf: (it) => keys.map((k) => it[k]).join('/'),
    url: (id) => `${coll}/${(keys.length > 1 ? id.split('/') : [id]).map(encodeURIComponent).join('/')}`,
    create: ref(doc.paths[coll] && doc.paths[coll].post),
    update: edit ? ref(item[edit.toLowerCase()]) : null,
  };
}

const scalar = (v) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
// An approval policy's step, in words: "any of ann, CAB".
const step = (x) => (x.rule ? `${x.rule === 'n_of_m' ? `${x.required} of` : `${x.rule} of`} ${[...(x.users || []), ...(x.groups || []), ...(x.service_owner ? ['the service owner'] : [])].join(', ')}` : null);
const show = (k, v) => {
  // an OLA whose targets cannot support an SLA's (docs/sla.md#olas)
  if (k === 'ola_flagged') return v ? html`<span class="sla breached" data-ola-warning>cannot support its SLA</span>` : '—';
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (/_seconds$/.test(k) && typeof v === 'number') return left(v);
  if (Array.isArray(v)) return v.map((x) => (scalar(x) ? String(x) : x.name || step(x) || '…')).join(k === 'steps' ? '; then ' : ', ') || '—';
  return String(v);
};

export function AdminIndex({ me }) {
  return html`<main><div class="panel"><h2>Administration</h2>
    <ul class="menu">${ADMIN_RESOURCES.filter((r) => mayAdmin(me, r)).map((r) => html`<li><a href=${`#/admin/${r.path}`}>${r.title}</a></li>`)}
      ${me.role === 'admin' && html`<li><a href="#/admin/risk">Change risk (factors, weights, thresholds)</a></li>`}
      ${me.role === 'admin' && html`<li><a href="#/admin/toolkits" data-admin-toolkits>Toolkits (apply a starter configuration, export, import)</a></li>`}</ul>
  </div></main>`;
}

export function AdminList({ path }) {
  const res = ADMIN_RESOURCES.find((r) => r.path === path);
  const [shape, setShape] = useState(null);
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    describe(path).then((s) => {
      setShape(s);
      return getAll(s.list).then((r) => (r.error ? setError(r.error) : setItems(r.items)));
    }).catch((e) => setError(e.message));
  }, [path]);
  if (!res) return html`<main><${Failure} error="No such page." /></main>`;
  if (res.custom) return html`<${PriorityMatrix} />`;
  if (error) return html`<main><${Failure} error=${error} /></main>`;
  if (!shape || !items) return html`<main><${Loading} /></main>`;
  // The key first, then what the resource lists as its columns, else the
  // first few plain fields.
  const cols = res.columns || [...new Set(items.slice(0, 20).flatMap((it) => Object.keys(it).filter((k) => scalar(it[k]) || Array.isArray(it[k]))))]
    .filter((k) => !['created_at', 'updated_at', 'id'].includes(k) || k === shape.key).slice(0, 8);
  return html`<main>
    <div class="actions bar"><h2 class="grow">${res.title}</h2>
      ${shape.create && html`<a class="button" href=${`#/admin/${path}/new`}>New</a>`}<a class="button quiet" href="#/admin">All settings</a></div>
    ${items.length === 0 ? html`<p class="muted" data-empty>None yet.</p>` : html`<table data-admin-list=${path}>
      <thead><tr>${cols.map((c) => html`<th>${words(c)}</th>`)}</tr></thead>
      <tbody>${items.map((it) => html`<tr>${cols.map((c, i) => html`<td>${i === 0 && shape.edit && shape.key
        ? html`<a href=${`#/admin/${path}/${encodeURIComponent(shape.idOf(it))}`}>${show(c, it[c])}</a>` : show(c, it[c])}</td>`)}</tr>`)}</tbody>
    </table>`}
  </main>`;
}

// One form field per schema property.  Values are kept as the user typed
// them and turned into JSON by value().
function kind(p) {
  const types = [].concat(p.type || []);
  if (p.enum) return 'enum';
  if (types.includes('boolean')) return 'bool';
  if (types.includes('integer') || types.includes('number')) return 'number';
  if (types.includes('string')) return 'text';
  if (types.includes('array') && p.items && ['string', 'integer'].includes(p.items.type)) return 'lines';
  return 'json';
}
const nullable = (p) => [].concat(p.type || []).includes('null') || (p.enum || []).includes(null);
const initialText = (p, v) => {
  switch (kind(p)) {
    case 'bool': return v === undefined ? (p.default ?? true) : !!v;
    case 'lines': return (v || []).join('\n');
    case 'json': return v === undefined ? '' : JSON.stringify(v, null, 2);
    default: return v === undefined || v === null ? '' : String(v);
  }
};
function value(name, p, text) {
  switch (kind(p)) {
    case 'bool': return text;
    case 'number': if (text === '') return nullable(p) ? null : undefined; return Number(text);
    case 'enum': return text === '' ? (nullable(p) ? null : undefined) : text;
    case 'lines': return text.split('\n').map((s) => s.trim()).filter(Boolean).map((s) => (p.items.type === 'integer' ? Number(s) : s));
    case 'json':
      if (text.trim() === '') return undefined;
      try { return JSON.parse(text); } catch { throw new Error(`${name}: not valid JSON`); }
    default: return text === '' && nullable(p) ? null : text;
  }
}

// Fields that name another record: offered as suggestions from that list
// (a datalist, so a value can still be typed).  field -> [list, key]
const REFS = {
  calendar: ['/api/v1/calendars', 'name'],
  match_group: ['/api/v1/groups?limit=200', 'name'],
  group: ['/api/v1/groups?limit=200', 'name'],
  assignment_group: ['/api/v1/groups?limit=200', 'name'],
  support_group: ['/api/v1/groups?limit=200', 'name'],
  manager: ['/api/v1/users?limit=200', 'login'],
  owner: ['/api/v1/users?limit=200', 'login'],
  match_service: ['/api/v1/services?limit=200', 'name'],
  sla_policy: ['/api/v1/sla-policies', 'name'],
  agreement: ['/api/v1/agreements', 'name'],
  category: ['/api/v1/categories', 'path'],
  match_category: ['/api/v1/categories', 'path'],
};
async function suggestions(fields) {
  const wanted = [...new Set(fields.filter((k) => REFS[k]).map((k) => REFS[k][0]))];
  const lists = Object.fromEntries(await Promise.all(wanted.map(async (url) => [url, (await getAll(url)).items])));
  return Object.fromEntries(fields.filter((k) => REFS[k]).map((k) => [k, lists[REFS[k][0]].map((x) => x[REFS[k][1]])]));
}

function Field({ name, p, text, onChange, options }) {
  const id = `f-${name}`;
  const k = kind(p);
  const hint = p.description || (k === 'lines' ? 'one per line' : k === 'json' ? 'JSON' : '');
  if (k === 'bool') {
    return html`<label><input id=${id} type="checkbox" class="check" checked=${text} onChange=${(e) => onChange(e.target.checked)} /> ${words(name)}</label>`;
  }
  const input = k === 'enum'
    ? html`<select id=${id} value=${text} onChange=${(e) => onChange(e.target.value)}>
        <option value="">${nullable(p) ? '— none —' : '— choose —'}</option>
        ${p.enum.filter((v) => v !== null).map((v) => html`<option value=${v}>${words(v)}</option>`)}</select>`
    : k === 'lines' || k === 'json' || ['description', 'body', 'hours'].includes(name) && k === 'text'
      ? html`<textarea id=${id} class=${k === 'json' ? 'code' : ''} value=${text} onInput=${(e) => onChange(e.target.value)}></textarea>`
      : html`<input id=${id} type=${k === 'number' ? 'number' : ['password', 'secret'].includes(name) ? 'password' : 'text'} min=${p.minimum} max=${p.maximum}
          maxlength=${p.maxLength} value=${text} onInput=${(e) => onChange(e.target.value)} list=${options ? `${id}-options` : undefined} />
          ${options && html`<datalist id=${`${id}-options`}>${options.map((o) => html`<option value=${o}></option>`)}</datalist>`}`;
  return html`<label for=${id}>${words(name)}${hint && html` <span class="hint">(${hint})</span>`}</label>${input}
    ${k === 'number' && /_seconds$/.test(name) && text !== '' && html`<div class="hint" data-duration=${name}>= ${left(Number(text))}</div>`}`;
}

export function AdminEdit({ path, id }) {
  const res = ADMIN_RESOURCES.find((r) => r.path === path);
  const creating = id === 'new';
  const [shape, setShape] = useState(null);
  const [original, setOriginal] = useState(null);
  const [texts, setTexts] = useState(null);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  const [options, setOptions] = useState({});
  useEffect(() => {
    (async () => {
      const s = await describe(path);
      setShape(s);
      let item = {};
      if (!creating) {
        if (s.itemGet) {
          const r = await api('GET', s.url(id));
          if (!r.ok) return setError(problem(r));
          item = r.json;
        } else {
          const r = await getAll(s.list);
          if (r.error) return setError(r.error);
          item = r.items.find((x) => String(s.idOf(x)) === id);
        }
        if (!item) return setError('Not found.');
      }
      const schema = creating ? s.create : s.update;
      setOriginal(item);
      setTexts(Object.fromEntries(Object.entries(schema.properties).map(([k, p]) => [k, initialText(p, item[k])])));
      suggestions(Object.keys(schema.properties)).then(setOptions, () => {});
    })().catch((e) => setError(e.message));
  }, [path, id]);
  if (!res) return html`<main><${Failure} error="No such page." /></main>`;
  if (!texts) return html`<main>${error ? html`<${Failure} error=${error} />` : html`<${Loading} />`}</main>`;
  const schema = creating ? shape.create : shape.update;
  // The key names the record; other read-only fields are not offered.
  const fields = Object.entries(schema.properties).filter(([k]) => creating || !shape.keys.includes(k));
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setSaved(null);
    // A new record sends what was filled in; PATCH sends what changed;
    // PUT replaces the whole record.
    const body = {};
    try {
      for (const [k, p] of fields) {
        const v = value(k, p, texts[k]);
        if (v === undefined) continue;
        const empty = v === '' || (Array.isArray(v) && v.length === 0);
        const same = JSON.stringify(v) === JSON.stringify(original[k] ?? (kind(p) === 'lines' ? [] : null));
        // a field the record does not show (a password) is sent only when filled in
        const writeOnly = !creating && !(k in original);
        if (creating || writeOnly ? !empty : shape.edit === 'PUT' || !same) body[k] = v;
      }
    } catch (err) { return setError(err.message); }
    if (!creating && shape.edit === 'PATCH' && Object.keys(body).length === 0) return setSaved('Nothing changed.');
    const url = creating ? shape.coll : shape.url(id);
    const r = await api(creating ? 'POST' : shape.edit, url, body);
    if (!r.ok) return setError(problem(r));
    if (creating) { location.hash = `#/admin/${path}`; return; }
    setOriginal({ ...original, ...(r.json || body) });
    setSaved('Saved.');
  };
  return html`<main><form class="panel" onSubmit=${submit} aria-label=${`${creating ? 'New' : 'Edit'} ${res.title}`}>
    <p class="muted"><a href=${`#/admin/${path}`}>← ${res.title}</a></p>
    <h2>${creating ? `New: ${res.title.toLowerCase()}` : `${res.title}: ${id}`}</h2>
    ${fields.map(([k, p]) => html`<${Field} key=${k} name=${k} p=${p} options=${options[k]} text=${texts[k]} onChange=${(v) => setTexts((old) => ({ ...old, [k]: v }))} />`)}
    ${error && html`<${Failure} error=${error} />`}
    ${saved && html`<p class="ok" role="status" data-saved>${saved}</p>`}
    <div class="actions"><button type="submit">${creating ? 'Create' : 'Save'}</button></div>
  </form>
  ${!creating && original.ola_flagged && html`<div class="panel warning" role="alert" data-ola-conflicts><h3>This OLA cannot support its SLAs</h3>
    <ul>${original.ola_conflicts.map((c) => html`<li>${c}</li>`)}</ul>
    <p class="muted">Shorten the OLA's targets, or change the SLA's, so that the group can meet what the desk promises.</p></div>`}
  ${!creating && original.policies && html`<div class="panel"><h3>Policies</h3>${original.policies.length === 0
    ? html`<p class="muted">No SLA policy belongs to it yet: set a policy's agreement under <a href="#/admin/sla-policies">SLA policies</a>.</p>`
    : html`<ul data-agreement-policies>${original.policies.map((n) => html`<li><a href=${`#/admin/sla-policies/${encodeURIComponent(n)}`}>${n}</a></li>`)}</ul>`}</div>`}
  ${!creating && res.deliveries && html`<${Deliveries} url=${shape.url(id)} />`}
  ${!creating && res.history && html`<${History} path=${`${shape.url(id)}/history`} />`}
  </main>`;
}

// A webhook's latest deliveries (its outbox), and a ping to try its receiver.
function Deliveries({ url }) {
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const [note, setNote] = useState(null);
  const load = async () => {
    const r = await api('GET', `${url}/deliveries?limit=20`);
    if (r.ok) setList(r.json.items); else setError(problem(r));
  };
  useEffect(() => { load(); }, [url]);
  const ping = async () => {
    setNote(null);
    const r = await api('POST', `${url}/ping`);
    if (!r.ok) return setError(problem(r));
    setNote(`Ping ${r.json.id} queued: the sender posts it within a few seconds.`);
    load();
  };
  return html`<div class="panel" data-deliveries><h3>Deliveries</h3>
    ${error && html`<${Failure} error=${error} />`}
    ${!list && !error && html`<${Loading} />`}
    ${list && (list.length === 0 ? html`<p class="muted">Nothing sent yet.</p>` : html`<table>
      <thead><tr><th>id</th><th>event</th><th>ticket</th><th>state</th><th>attempts</th><th>status</th><th>error</th><th>queued</th><th>sent</th></tr></thead>
      <tbody>${list.map((d) => html`<tr data-delivery=${d.id}><td>${d.id}</td><td>${words(d.event)}</td><td>${d.ticket || '—'}</td>
        <td>${d.state}</td><td>${d.attempts}</td><td>${d.response_status ?? '—'}</td><td>${d.last_error || '—'}</td>
        <td>${when(d.created_at)}</td><td>${when(d.sent_at)}</td></tr>`)}</tbody></table>`)}
    ${note && html`<p class="ok" role="status" data-pinged>${note}</p>`}
    <div class="actions"><button type="button" class="quiet" onClick=${ping}>Send a ping</button>
      <button type="button" class="quiet" onClick=${load}>Refresh</button></div>
  </div>`;
}

// Rows are impact 1–3, columns urgency 1–3; each cell a priority 1–5.
function PriorityMatrix() {
  const [matrix, setMatrix] = useState(null);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  useEffect(() => { api('GET', '/api/v1/priority-matrix').then((r) => (r.ok ? setMatrix(r.json.matrix) : setError(problem(r)))); }, []);
  if (!matrix) return html`<main>${error ? html`<${Failure} error=${error} />` : html`<${Loading} />`}</main>`;
  const set = (i, j) => (e) => setMatrix(matrix.map((row, a) => row.map((c, b) => (a === i && b === j ? Number(e.target.value) : c))));
  const save = async (e) => {
    e.preventDefault();
    const r = await api('PUT', '/api/v1/priority-matrix', { matrix });
    if (!r.ok) return setError(problem(r));
    setError(null);
    setSaved('Saved: new and re-prioritised incidents use it from now on.');
  };
  return html`<main><form class="panel" onSubmit=${save} aria-label="Priority matrix">
    <p class="muted"><a href="#/admin">← All settings</a></p><h2>Priority matrix</h2>
    <table class="matrix"><thead><tr><th>Impact \\ urgency</th>${[1, 2, 3].map((u) => html`<th>${u} ${['high', 'medium', 'low'][u - 1]}</th>`)}</tr></thead>
    <tbody>${matrix.map((row, i) => html`<tr><th>${i + 1} ${['high', 'medium', 'low'][i]}</th>${row.map((c, j) => html`<td>
      <select aria-label=${`impact ${i + 1}, urgency ${j + 1}`} value=${c} onChange=${set(i, j)}>${[1, 2, 3, 4, 5].map((p) => html`<option value=${p}>P${p}</option>`)}</select></td>`)}</tr>`)}</tbody></table>
    ${error && html`<${Failure} error=${error} />`}${saved && html`<p class="ok" role="status">${saved}</p>`}
    <div class="actions"><button type="submit">Save</button></div>
  </form></main>`;
}
