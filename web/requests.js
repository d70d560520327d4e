// Service requests (docs/requests.md): the portal's catalogue by category
// with a search, an item's form drawn from its definition (conditions
// shown and required as the server checks them, the server's errors on
// the fields), ordering, "my requests" and a request's page (its state,
// approvals and tasks in plain words); for agents, the task queue and a
// task's page with the variables it may see.
import { html, useState, api, problem, when, words, useGet, useLive, Loading, Failure } from './lib.js';
import { ApprovalsPanel } from './approvals.js';
import { Sla } from './tickets.js';
import { SurveyPanel } from './csi.js';

const enc = encodeURIComponent;

const STATE_WORDS = {
  submitted: 'Submitted', awaiting_approval: 'Waiting for approval', approved: 'Approved', rejected: 'Rejected',
  in_fulfilment: 'Being fulfilled', fulfilled: 'Fulfilled', closed: 'Closed', canceled: 'Canceled',
  pending: 'Waiting for other tasks', open: 'Open', in_progress: 'In progress', done: 'Done', not_needed: 'Not needed',
};
const stateWords = (s) => STATE_WORDS[s] || words(s);

// The portal's catalogue: items by category, filtered by a search.
export function CatalogueBrowse({ query }) {
  const [text, setText] = useState(query.get('text') || '');
  const path = `/api/v1/catalog-items${query.get('text') ? `?text=${enc(query.get('text'))}` : ''}`;
  const list = useGet(path);
  const search = (e) => { e.preventDefault(); location.hash = text ? `#/catalog?text=${enc(text)}` : '#/catalog'; };
  const groups = {};
  for (const it of (list.data && list.data.items) || []) (groups[it.category || 'Other'] ||= []).push(it);
  return html`<main><div class="actions bar"><h2 class="grow">Order something</h2></div>
    <form class="actions" role="search" onSubmit=${search}><label class="sr-only" for="cat-q">Search the catalogue</label>
      <input id="cat-q" type="search" placeholder="Search the catalogue" value=${text} onInput=${(e) => setText(e.target.value)} />
      <button type="submit" class="quiet">Search</button></form>
    ${list.error ? html`<${Failure} error=${list.error} />` : !list.data ? html`<${Loading} />`
    : list.data.items.length === 0 ? html`<p class="muted" data-empty>Nothing in the catalogue matches.</p>`
    : html`<div data-catalogue>${Object.entries(groups).map(([cat, items]) => html`<section class="panel" data-category=${cat}>
        <h3>${words(cat)}</h3><ul class="menu">${items.map((it) => html`<li data-item=${it.name}>
          <a href=${`#/catalog/${enc(it.name)}`}>${it.name}</a> <span class="muted">${it.short_description}${it.price ? ` · ${it.price}` : ''}</span></li>`)}</ul></section>`)}</div>`}
  </main>`;
}

// Is variable v shown, and is it required, for the values given (the rules
// of core/catalog/form.c)?
export function shown(vars, v, values) {
  if (v.when !== 'show') return true;
  return holds(vars, v, values);
}
function holds(vars, v, values) {
  if (v.when === 'none') return true;
  const dep = vars.find((x) => x.name === v.when_variable);
  if (!dep || !shown(vars, dep, values)) return false;
  const val = values[dep.name];
  if (Array.isArray(val)) return val.includes(v.when_value);
  if (typeof val === 'boolean') return String(val) === v.when_value;
  return val != null && String(val) === v.when_value;
}
export const required = (vars, v, values) => v.required || (v.when === 'require' && holds(vars, v, values));

// An attachment variable's file, uploaded as soon as it is chosen
// (POST …/uploads: checked against the variable's limits, kept for the
// caller for a day); the variable's value is then the upload's ref
// ("upload:<id>"), which the order turns into the request's attachment.
// Without an item (the admin's preview) the file is only chosen.
function UploadInput({ id, v, item, value, set }) {
  const [state, setState] = useState({ name: null, error: null, busy: false });
  const choose = async (e) => {
    const f = e.target.files && e.target.files[0];
    if (!f) { set(undefined); setState({ name: null, error: null, busy: false }); return; }
    if (v.max_size && f.size > v.max_size) { set(undefined); setState({ name: null, error: `${f.name} is ${f.size} bytes, over the limit of ${v.max_size}.`, busy: false }); return; }
    if (!item) return;
    setState({ name: f.name, error: null, busy: true });
    const r = await api('POST', `/api/v1/catalog-items/${enc(item)}/uploads?variable=${enc(v.name)}&filename=${enc(f.name)}`, f);
    if (r.ok) { set(r.json.ref); setState({ name: `${r.json.filename} (${r.json.size} bytes)`, error: null, busy: false }); return; }
    set(undefined);
    setState({ name: null, error: problem(r), busy: false });
  };
  return html`<div class="upload"><input id=${id} type="file" accept=${(v.content_types || []).join(',') || undefined} onChange=${choose} />
    ${state.busy && html`<span class="muted">Uploading…</span>`}
    ${!state.busy && value && state.name && html`<span class="muted" data-uploaded=${v.name}>Uploaded: ${state.name}</span>`}
    ${state.error && html`<p class="error" data-upload-error=${v.name}>${state.error}</p>`}</div>`;
}

export function Field({ v, value, set, error, need, item }) {
  const id = `v-${v.name}`;
  const label = html`<label for=${id}>${v.label}${need ? ' *' : ''}</label>`;
  const hint = v.help && html`<p class="hint">${v.help}</p>`;
  const err = error && html`<p class="error" data-field-error=${v.name}>${error}</p>`;
  let input;
  switch (v.type) {
    case 'long_text':
      input = html`<textarea id=${id} value=${value || ''} onInput=${(e) => set(e.target.value)}></textarea>`; break;
    case 'number':
      input = html`<input id=${id} type="number" min=${v.min ?? undefined} max=${v.max ?? undefined} value=${value ?? ''}
        onInput=${(e) => set(e.target.value === '' ? undefined : Number(e.target.value))} />`; break;
    case 'date': input = html`<input id=${id} type="date" value=${value || ''} onInput=${(e) => set(e.target.value || undefined)} />`; break;
    case 'datetime':
      input = html`<input id=${id} type="datetime-local" value=${value ? value.slice(0, 16) : ''}
        onInput=${(e) => set(e.target.value ? new Date(e.target.value).toISOString() : undefined)} />`; break;
    case 'choice':
      input = html`<select id=${id} value=${value || ''} onChange=${(e) => set(e.target.value || undefined)}>
        <option value="">—</option>${v.options.map((o) => html`<option value=${o}>${o}</option>`)}</select>`; break;
    case 'multi_choice':
      return html`<fieldset data-var=${v.name}><legend>${v.label}${need ? ' *' : ''}</legend>${v.options.map((o, i) => html`<label class="inline">
        <input type="checkbox" id=${`${id}-${i}`} checked=${(value || []).includes(o)}
          onChange=${(e) => set(e.target.checked ? [...(value || []), o] : (value || []).filter((x) => x !== o))} /> ${o}</label>`)}${hint}${err}</fieldset>`;
    case 'boolean':
      return html`<div data-var=${v.name}><label class="inline"><input id=${id} type="checkbox" checked=${!!value} onChange=${(e) => set(e.target.checked)} /> ${v.label}</label>${hint}${err}</div>`;
    case 'attachment':
      input = html`<${UploadInput} id=${id} v=${v} item=${item} value=${value} set=${set} />`; break;
    case 'ci':
      input = html`<input id=${id} type="number" min="1" value=${value ?? ''} onInput=${(e) => set(e.target.value === '' ? undefined : Number(e.target.value))} />`; break;
    default:
      input = html`<input id=${id} pattern=${v.pattern ? `(${v.pattern})` : undefined} value=${value || ''} onInput=${(e) => set(e.target.value)} />`;
  }
  return html`<div data-var=${v.name}>${label}${input}${hint}${err}</div>`;
}

// An item and its form; ordering raises the request and opens its page.
export function OrderItem({ name, agent }) {
  const item = useGet(`/api/v1/catalog-items/${enc(name)}`);
  const [values, setValues] = useState({});
  const [forWhom, setForWhom] = useState('');
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  if (item.error) return html`<main><${Failure} error=${item.error} /></main>`;
  if (!item.data) return html`<main><${Loading} /></main>`;
  const it = item.data;
  const vars = it.variables;
  const merged = { ...Object.fromEntries(vars.filter((v) => v.default != null).map((v) => [v.name, v.type === 'number' ? Number(v.default) : v.type === 'boolean' ? v.default === 'true' : v.type === 'multi_choice' ? [v.default] : v.default])), ...values };
  const order = async (e) => {
    e.preventDefault();
    const body = { variables: Object.fromEntries(vars.filter((v) => shown(vars, v, merged) && merged[v.name] !== undefined && merged[v.name] !== '').map((v) => [v.name, merged[v.name]])) };
    if (forWhom) body.requested_for = forWhom;
    setBusy(true);
    const r = await api('POST', `/api/v1/catalog-items/${enc(name)}/order`, body);
    setBusy(false);
    if (r.ok) { location.hash = `#/requests/${r.json.number}`; return; }
    const fe = {};
    for (const x of (r.json && r.json.errors) || []) if (x.field.startsWith('variables.')) fe[x.field.slice(10)] = x.detail;
    setErrors(fe);
    setError(Object.keys(fe).length ? 'Please check the fields marked below.' : problem(r));
  };
  return html`<main><div class="actions bar"><h2 class="grow" data-item-title>${it.name}</h2>${it.price && html`<span class="muted">${it.price}</span>`}</div>
    <p>${it.short_description}</p>
    <div class="markdown" dangerouslySetInnerHTML=${{ __html: it.description_html }}></div>
    ${it.delivery_days > 0 && html`<p class="muted">Usually delivered within ${it.delivery_days} day${it.delivery_days > 1 ? 's' : ''}.</p>`}
    ${it.bundle.length > 0 && html`<p class="muted" data-bundle>Includes: ${it.bundle.join(', ')}</p>`}
    <form class="panel" onSubmit=${order} aria-label=${`Order ${it.name}`} data-order-form>
      ${vars.filter((v) => shown(vars, v, merged)).map((v) => html`<${Field} key=${v.name} v=${v} item=${it.name} value=${merged[v.name]}
        need=${required(vars, v, merged)} error=${errors[v.name]} set=${(x) => setValues({ ...values, [v.name]: x })} />`)}
      ${agent && html`<div><label for="req-for">Requested for (login; empty: yourself)</label><input id="req-for" value=${forWhom} onInput=${(e) => setForWhom(e.target.value)} /></div>`}
      ${error && html`<${Failure} error=${error} />`}
      <div class="actions"><button type="submit" disabled=${busy} data-order>Order</button><a href="#/catalog">Back to the catalogue</a></div>
    </form></main>`;
}

// The caller's requests (agents: the request queue).
export function RequestList({ agent }) {
  const list = useGet('/api/v1/requests?limit=100');
  useLive(() => list.reload(), 1000);
  return html`<main><div class="actions bar"><h2 class="grow">${agent ? 'Service requests' : 'My service requests'}</h2><a class="button" href="#/catalog">Order something</a></div>
    ${list.error ? html`<${Failure} error=${list.error} />` : !list.data ? html`<${Loading} />`
    : list.data.items.length === 0 ? html`<p class="muted" data-empty>No requests yet.</p>`
    : html`<table data-requests><thead><tr><th>Number</th><th>Item</th><th>State</th><th>For</th><th>Raised</th></tr></thead><tbody>
      ${list.data.items.map((t) => html`<tr data-req-row=${t.number}><td><a href=${`#/requests/${t.number}`}>${t.number}</a></td><td>${t.title}</td>
        <td>${stateWords(t.state)}</td><td>${t.requester}</td><td>${when(t.created_at)}</td></tr>`)}</tbody></table>`}
  </main>`;
}

// A request: what was ordered, where it stands, its approvals and tasks in plain words.
export function RequestPage({ number, agent, me }) {
  const t = useGet(`/api/v1/requests/${number}`);
  const o = useGet(`/api/v1/requests/${number}/order`);
  const [error, setError] = useState(null);
  useLive((e) => { if (e && e.number === number) { t.reload(); o.reload(); } });
  if (t.error) return html`<main><${Failure} error=${t.error} /></main>`;
  if (!t.data || !o.data) return html`<main><${Loading} /></main>`;
  const r = t.data, ord = o.data;
  const act = async (a) => {
    const x = await api('POST', `/api/v1/requests/${number}/${a}`, {});
    if (!x.ok) return setError(problem(x));
    setError(null);
    t.reload(); o.reload();
  };
  const may = (a) => (r.allowed_actions || []).includes(a);
  return html`<main><div class="actions bar"><h2 class="grow">${r.number} ${r.title}</h2>
      <span class="badge" data-state=${r.state}>${stateWords(r.state)}</span></div>
    <p class="muted">Ordered by ${ord.requested_by} for ${r.requester} on ${when(r.created_at)} · form version ${ord.form_version}</p>
    <div class="panel"><h3>What was asked for</h3>${ord.answers.length === 0 ? html`<p class="muted">No details.</p>`
      : html`<dl data-answers>${ord.answers.map((a) => html`<dt>${a.label}</dt><dd data-answer=${a.name}>${a.value}</dd>`)}</dl>`}</div>
    <div class="panel"><h3>Progress</h3>${ord.tasks.length === 0
      ? html`<p class="muted">${r.state === 'awaiting_approval' ? 'The work is planned once the request is approved.' : 'No tasks.'}</p>`
      : html`<ol data-tasks>${ord.tasks.map((k) => html`<li data-task=${k.key}>${agent ? html`<a href=${`#/tasks/${k.number}`}>${k.title}</a>` : k.title}${' — '}<span data-task-state>${stateWords(k.state)}</span>${k.depends_on.length ? html` <span class="muted">(after ${k.depends_on.join(', ')})</span>` : ''}</li>`)}</ol>`}</div>
    ${clocks(r, 'requests', () => t.reload())}
    <${ApprovalsPanel} path="requests" number=${number} agent=${agent} />
    <${SurveyPanel} t=${r} me=${me} />
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions">${may('cancel') && html`<button class="quiet" data-cancel onClick=${() => act('cancel')}>Cancel the request</button>`}
      ${may('fulfil') && html`<button data-fulfil onClick=${() => act('fulfil')}>Mark fulfilled</button>`}
      ${may('close') && html`<button class="quiet" onClick=${() => act('close')}>Close</button>`}</div>
  </main>`;
}

// The SLA clocks of a request or task, and the OLA clock of the team doing
// it (docs/sla.md): agents see them (the API shows them to agents only).
function clocks(t, path, reload) {
  if (!(t.sla || []).length) return '';
  return html`<div class="panel" data-sla-panel><h3>Service levels</h3><div class="grid">
    ${t.sla.map((k) => html`<${Sla} k=${k} number=${t.number} path=${path} onChanged=${reload} />`)}</div></div>`;
}

// Agents: the open tasks, oldest first.
export function TaskQueue() {
  const list = useGet('/api/v1/tasks?limit=100');
  useLive(() => list.reload(), 1000);
  return html`<main><div class="actions bar"><h2 class="grow">Tasks</h2></div>
    ${list.error ? html`<${Failure} error=${list.error} />` : !list.data ? html`<${Loading} />`
    : list.data.items.length === 0 ? html`<p class="muted" data-empty>No tasks.</p>`
    : html`<table data-task-queue><thead><tr><th>Number</th><th>Task</th><th>State</th><th>Group</th><th>Assignee</th></tr></thead><tbody>
      ${list.data.items.map((t) => html`<tr data-queue-task=${t.number}><td><a href=${`#/tasks/${t.number}`}>${t.number}</a></td><td>${t.title}</td>
        <td>${stateWords(t.state)}</td><td>${t.assignment_group || '—'}</td><td>${t.assignee || '—'}</td></tr>`)}</tbody></table>`}
  </main>`;
}

// A task: its place in the request's plan, what it may see, its actions.
export function TaskPage({ number }) {
  const t = useGet(`/api/v1/tasks/${number}`);
  const w = useGet(`/api/v1/tasks/${number}/work`);
  const [reason, setReason] = useState('');
  const [error, setError] = useState(null);
  if (t.error || w.error) return html`<main><${Failure} error=${t.error || w.error} /></main>`;
  if (!t.data || !w.data) return html`<main><${Loading} /></main>`;
  const task = t.data, work = w.data;
  const act = async (a) => {
    const x = await api('POST', `/api/v1/tasks/${number}/${a}`, a === 'not_needed' ? { reason } : {});
    if (!x.ok) return setError(problem(x));
    setError(null);
    t.reload(); w.reload();
  };
  const may = (a) => (task.allowed_actions || []).includes(a);
  return html`<main><div class="actions bar"><h2 class="grow">${task.number} ${task.title}</h2>
      <span class="badge" data-state=${task.state}>${stateWords(task.state)}</span></div>
    <p class="muted">For <a href=${`#/requests/${work.request}`}>${work.request}</a> (${work.item})${work.depends_on.length ? ` · after ${work.depends_on.join(', ')}` : ''}</p>
    ${clocks(task, 'tasks', () => t.reload())}
    ${work.instructions && html`<div class="panel"><h3>Instructions</h3><p data-instructions>${work.instructions}</p></div>`}
    <div class="panel"><h3>From the request</h3>${work.variables.length === 0 ? html`<p class="muted">Nothing to show for this task.</p>`
      : html`<dl data-work>${work.variables.map((a) => html`<dt>${a.label}</dt><dd data-answer=${a.name}>${a.value}</dd>`)}</dl>`}</div>
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions">${may('start') && html`<button data-start onClick=${() => act('start')}>Start</button>`}
      ${may('complete') && html`<button data-complete onClick=${() => act('complete')}>Done</button>`}
      ${may('not_needed') && html`<span><label for="nn-reason" class="sr-only">Why it is not needed</label><input id="nn-reason" placeholder="Why it is not needed" value=${reason} onInput=${(e) => setReason(e.target.value)} />
        <button class="quiet" data-not-needed onClick=${() => act('not_needed')}>Not needed</button></span>`}</div>
  </main>`;
}
