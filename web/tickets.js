// Tickets: the agents' queues (and the end users' "my requests"), raising
// an incident, and the incident page.
import { html, useState, useEffect, useCallback, useRef, api, getAll, problem, when, words, left, useGet, useLive, useKeys, Loading, Failure } from './lib.js';
import { ApprovalsPanel } from './approvals.js';
import { IncidentProblem, ticketHref } from './problems.js';
import { SurveyPanel } from './csi.js';
import { Suggestions, TicketArticles } from './knowledge.js';

// Queues are saved filters over GET /api/v1/incidents.  `open` keeps
// resolved, closed and canceled tickets out.
export const QUEUES = [
  { id: 'mine', label: 'My work', count: 'mine', query: (me) => ({ assignee: me.login, open: 'true' }) },
  { id: 'groups', label: 'My groups', count: 'my_groups', query: () => ({ my_groups: 'true', open: 'true' }) },
  { id: 'unassigned', label: 'Unassigned', count: 'unassigned', query: () => ({ assignee: 'none', open: 'true' }) },
  { id: 'breaching', label: 'Breaching soon', count: 'breaching_soon', query: () => ({ breaching: 'true', open: 'true' }) },
  { id: 'major', label: 'Major incidents', count: 'major', query: () => ({ major: 'true', open: 'true' }) },
  { id: 'all', label: 'All open', count: 'all_open', query: () => ({ open: 'true' }) },
];
const SORTS = { number: 'created_at', priority: 'priority', updated: 'updated_at' };
const FILTERS = ['state', 'priority', 'assignment_group', 'text'];
const STATES = ['new', 'in_progress', 'on_hold', 'resolved', 'closed', 'canceled'];

const viewsKey = (me) => `steward.views.${me.login}`;
const loadViews = (me) => { try { return JSON.parse(localStorage.getItem(viewsKey(me))) || []; } catch { return []; } };

const hashFor = (params) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v != null)).toString();
  return `#/${q ? `?${q}` : ''}`;
};

// The export (GET /api/v1/export/incidents, streamed) of what the list
// shows: its filters, without the list's paging and order.
const exportQuery = (key) => {
  const p = new URLSearchParams(key);
  for (const k of ['limit', 'sort', 'cursor']) p.delete(k);
  return p.toString();
};

export function Queues({ me, agent, query }) {
  const queue = query.get('queue') || (agent ? 'unassigned' : 'mine');
  const sort = query.get('sort') || '-updated_at';
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || '']));
  const [items, setItems] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(0);
  const [views, setViews] = useState(() => loadViews(me));
  const [naming, setNaming] = useState(null);
  const [groups, setGroups] = useState([]);
  const [counts, setCounts] = useState(null);
  const search = useRef(null);
  const count = useCallback(() => { if (agent) api('GET', '/api/v1/incidents/counts').then((r) => r.ok && setCounts(r.json)); }, [agent]);

  const params = () => {
    const q = agent ? (QUEUES.find((x) => x.id === queue) || QUEUES[0]).query(me) : {};
    for (const f of FILTERS) if (filters[f]) q[f] = filters[f];
    return new URLSearchParams({ limit: '50', sort, ...Object.fromEntries(Object.entries(q).filter(([, v]) => v !== '')) });
  };
  const key = params().toString();
  // Only the latest request may fill the list: a slow answer for the queue
  // just left must not land in the one now shown.
  const seq = useRef(0);
  // rows: a refresh asks again for as many rows as are shown (up to the
  // API's page limit), so that "Load more" is not undone by live updates.
  const fetchPage = useCallback(async (after, rows = 50) => {
    const mine = ++seq.current;
    const p = new URLSearchParams(key);
    if (after) p.set('cursor', after);
    if (rows > 50) p.set('limit', String(Math.min(rows, 200)));
    const r = await api('GET', `/api/v1/incidents?${p}`);
    if (mine !== seq.current) return;
    if (!r.ok) { setError(problem(r)); setItems((old) => (after ? old : [])); return; }
    setError(null);
    setItems((old) => (after ? [...(old || []), ...r.json.items] : r.json.items));
    setCursor(r.json.next_cursor || null);
  }, [key]);
  useEffect(() => { setItems(null); setSelected(0); fetchPage(null); }, [fetchPage]);
  useEffect(() => { if (agent) getAll('/api/v1/groups?limit=200').then((r) => setGroups(r.items.map((g) => g.name))); }, [agent]);
  useEffect(() => { count(); }, [key]);
  // Live: refresh the list when a change can concern it (a new ticket, one
  // it shows, mine or my groups'), at most once a second; the counts, which
  // cost more, at most every ten seconds.
  const shown = useRef([]);
  shown.current = items || [];
  const pending = useRef(false);
  useLive(() => { if (pending.current) { pending.current = false; fetchPage(null, shown.current.length); } }, 1000);
  useLive((ev) => {
    if (ev.reset || ev.change === 'created' || ev.assignee === me.login || (me.groups || []).includes(ev.assignment_group)
      || shown.current.some((t) => t.number === ev.ticket)) pending.current = true;
  });
  useLive(() => count(), 10000);
  // The selection follows its ticket when a refresh reorders the list.
  const selectedNumber = useRef(null);
  useEffect(() => {
    if (!items) return;
    const at = items.findIndex((t) => t.number === selectedNumber.current);
    if (at >= 0 && at !== selected) setSelected(at);
  }, [items]);
  useEffect(() => { selectedNumber.current = items && items[selected] ? items[selected].number : null; }, [selected]);

  const go = (change) => { location.hash = hashFor({ queue, sort, ...filters, ...change }); };
  const sortBy = (col) => { const s = SORTS[col]; go({ sort: sort === `-${s}` ? s : `-${s}` }); };
  const arrow = (col) => (sort === `-${SORTS[col]}` ? ' ↓' : sort === SORTS[col] ? ' ↑' : '');

  // Agents' keys: "/" search, j/k move, Enter or o open.
  useKeys((e) => {
    if (e.key === '/') { e.preventDefault(); search.current && search.current.focus(); }
    else if (e.key === 'j') setSelected((i) => Math.min(i + 1, (items || []).length - 1));
    else if (e.key === 'k') setSelected((i) => Math.max(i - 1, 0));
    else if ((e.key === 'Enter' || e.key === 'o') && items && items[selected]) location.hash = `#/incidents/${items[selected].number}`;
  });
  useEffect(() => {
    const row = document.querySelector('tr[aria-selected="true"]');
    if (row && row.scrollIntoView) row.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  const saveView = (e) => {
    e.preventDefault();
    const name = naming.trim();
    if (!name) return;
    const next = [...views.filter((v) => v.name !== name), { name, hash: hashFor({ queue, sort, ...filters }) }];
    localStorage.setItem(viewsKey(me), JSON.stringify(next));
    setViews(next);
    setNaming(null);
  };
  const dropView = (name) => {
    const next = views.filter((v) => v.name !== name);
    localStorage.setItem(viewsKey(me), JSON.stringify(next));
    setViews(next);
  };

  return html`<main class="wide">
    <div class="actions bar">
      ${agent ? html`<nav class="tabs" aria-label="Queues">${QUEUES.map((q) => html`<a class="tab" href=${hashFor({ queue: q.id })} aria-current=${queue === q.id ? 'page' : undefined} data-queue=${q.id}>
          ${q.label}${counts && counts[q.count] != null ? html` <span class="count" data-count=${q.id}>${counts[q.count]}</span>` : ''}</a>`)}</nav>`
        : html`<h2 class="grow">My requests</h2>`}
      ${agent && html`<a class="button quiet" data-export-csv download href=${`/api/v1/export/incidents?${exportQuery(key)}`}>Export CSV</a>`}
      <a class="button" href="#/new">Raise an incident</a>
    </div>
    <form class="filters" onSubmit=${(e) => { e.preventDefault(); go({ text: search.current.value }); }} aria-label="Filters">
      <input id="search" ref=${search} type="search" placeholder="Search (press /)" aria-label="Search" value=${filters.text} />
      <select aria-label="State" value=${filters.state} onChange=${(e) => go({ state: e.target.value })}>
        <option value="">any state</option>${STATES.map((s) => html`<option value=${s}>${words(s)}</option>`)}</select>
      <select aria-label="Priority" value=${filters.priority} onChange=${(e) => go({ priority: e.target.value })}>
        <option value="">any priority</option>${[1, 2, 3, 4, 5].map((p) => html`<option value=${p}>P${p}</option>`)}</select>
      ${agent && html`<select aria-label="Group" value=${filters.assignment_group} onChange=${(e) => go({ assignment_group: e.target.value })}>
        <option value="">any group</option>${groups.map((g) => html`<option value=${g}>${g}</option>`)}</select>`}
      <button type="submit" class="quiet">Search</button>
      ${agent && (naming === null
        ? html`<button type="button" class="quiet" onClick=${() => setNaming('')}>Save view</button>`
        : html`<input aria-label="View name" placeholder="View name" value=${naming} onInput=${(e) => setNaming(e.target.value)} />
               <button type="button" onClick=${saveView}>Save</button>`)}
    </form>
    ${agent && views.length > 0 && html`<div class="views" aria-label="Saved views">Saved views:
      ${views.map((v) => html`<span class="view"><a href=${v.hash}>${v.name}</a><button class="link" aria-label=${`Delete view ${v.name}`} onClick=${() => dropView(v.name)}>×</button></span>`)}</div>`}
    ${error && html`<${Failure} error=${error} />`}
    ${items === null ? html`<${Loading} />` : items.length === 0 ? html`<p class="muted" data-empty>Nothing here.</p>` : html`
    <table class="list" data-list>
      <thead><tr>
        <th><button class="link" onClick=${() => sortBy('number')}>Number${arrow('number')}</button></th><th>Title</th><th>State</th>
        <th><button class="link" onClick=${() => sortBy('priority')}>Priority${arrow('priority')}</button></th><th>Group</th><th>Assignee</th>
        <th><button class="link" onClick=${() => sortBy('updated')}>Updated${arrow('updated')}</button></th></tr></thead>
      <tbody>${items.map((t, i) => html`<tr aria-selected=${agent && i === selected ? 'true' : undefined} onClick=${() => setSelected(i)}>
        <td><a href=${`#/incidents/${t.number}`}>${t.number}</a>${t.major ? html` <span class="badge p1">major</span>` : ''}</td><td>${t.title}</td><td>${words(t.state)}</td>
        <td><span class=${`badge p${t.priority}`}>P${t.priority}</span></td><td>${t.assignment_group || '—'}</td><td>${t.assignee || '—'}</td><td>${when(t.updated_at)}</td>
      </tr>`)}</tbody></table>
    ${cursor && html`<div class="actions"><button class="quiet" onClick=${() => fetchPage(cursor)}>Load more</button></div>`}`}
    ${agent && html`<p class="hint">Keys: <kbd>/</kbd> search · <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · on a ticket <kbd>c</kbd> comment, <kbd>a</kbd> assign to me</p>`}
  </main>`;
}

export function NewIncident({ agent }) {
  const [templates, setTemplates] = useState([]);
  const [categories, setCategories] = useState([]);
  const [form, setForm] = useState({ title: '', description: '', template: '', impact: '3', urgency: '3', category: '' });
  const [error, setError] = useState(null);
  const [solved, setSolved] = useState(null); // the article that made the incident unnecessary
  useEffect(() => {
    api('GET', '/api/v1/templates').then((r) => r.ok && setTemplates(r.json.items.filter((t) => t.active !== false)));
    api('GET', '/api/v1/categories?active=true').then((r) => r.ok && setCategories(r.json.items));
  }, []);
  const set = (k) => (e) => { const v = e.target.value; setForm((old) => ({ ...old, [k]: v })); };
  const submit = async (e) => {
    e.preventDefault();
    const body = {};
    for (const k of ['template', 'title', 'description', 'category']) if (form[k]) body[k] = form[k];
    if (agent) { body.impact = Number(form.impact); body.urgency = Number(form.urgency); }
    const r = await api('POST', '/api/v1/incidents', body);
    if (!r.ok) return setError(problem(r));
    location.hash = `#/incidents/${r.json.number}`;
  };
  const levels = ['high', 'medium', 'low'];
  if (solved) {
    return html`<main><div class="panel" role="status" data-deflected><h2>Glad it helped</h2>
      <p>No incident was raised. <a href=${`#/kb/${solved.number}`}>${solved.title}</a> stays in the knowledge base if you need it again.</p>
      <div class="actions"><a class="button" href="#/">Done</a></div></div></main>`;
  }
  return html`<main><form class="panel" onSubmit=${submit} aria-label="Raise an incident">
    <h2>Raise an incident</h2>
    ${templates.length > 0 && html`<label for="template">Start from</label>
      <select id="template" value=${form.template} onChange=${set('template')}><option value="">— nothing —</option>
      ${templates.map((t) => html`<option value=${t.name}>${t.name}</option>`)}</select>`}
    <label for="title">What is wrong?</label><input id="title" value=${form.title} onInput=${set('title')} maxlength="300" />
    <label for="description">Details</label><textarea id="description" value=${form.description} onInput=${set('description')}></textarea>
    <${Suggestions} text=${`${form.title} ${form.description}`} onSolved=${setSolved} />
    ${categories.length > 0 && html`<label for="category">Category</label><select id="category" value=${form.category} onChange=${set('category')}>
      <option value="">— not sure —</option>${categories.map((c) => html`<option value=${c.path}>${c.path}</option>`)}</select>`}
    ${agent && html`<div class="grid">
      <div><label for="impact">Impact</label><select id="impact" value=${form.impact} onChange=${set('impact')}>${[1, 2, 3].map((v) => html`<option value=${v}>${v} ${levels[v - 1]}</option>`)}</select></div>
      <div><label for="urgency">Urgency</label><select id="urgency" value=${form.urgency} onChange=${set('urgency')}>${[1, 2, 3].map((v) => html`<option value=${v}>${v} ${levels[v - 1]}</option>`)}</select></div></div>`}
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">Raise it</button><a class="button quiet" href="#/">Cancel</a></div>
  </form></main>`;
}

const ACTION_LABELS = { start: 'Start work', hold: 'Put on hold', resolve: 'Resolve', reopen: 'Reopen', close: 'Confirm and close', cancel: 'Cancel' };
const EDITABLE = ['title', 'description', 'impact', 'urgency', 'category', 'assignment_group', 'assignee', 'service', 'ci'];
const NUMERIC = new Set(['impact', 'urgency', 'ci']);

// A clock's remaining time is business time on its calendar; the page
// fetches the incident again every minute while a clock runs, so the
// countdown stays the server's.  An OLA clock (metric "ola") measures the
// group named on it (docs/sla.md#ola-clocks); a ticket may have several,
// so it is addressed by its id.  path: the kind's ("incidents").
export function Sla({ k, number, onChanged, path = 'incidents' }) {
  const ola = k.metric === 'ola';
  const key = ola ? `ola-${k.id}` : k.metric;
  const over = k.breached ? 'missed' : 'met';
  const text = k.state === 'stopped' ? (k.handed_over ? `handed over, ${over}` : over) : k.paused ? 'paused' : k.breached ? `breached ${left(-k.remaining)} ago` : `${left(k.remaining)} left`;
  return html`<div data-sla-clock=${key}><span class="muted">${ola ? html`OLA · ${k.group}` : `${k.metric} SLA`}</span><br/>
    <span class=${`sla ${k.breached ? 'breached' : k.state !== 'stopped' && k.remaining < 3600 ? 'soon' : ''}`} data-sla=${key}>${text}</span>
    ${k.due_at && k.state === 'running' && html`<br/><span class="hint">due ${when(k.due_at)}</span>`}
    ${k.agreement && html`<br/><span class="hint" data-sla-agreement=${key}>${k.agreement} v${k.agreement_version}</span>`}
    ${k.breached && number ? html`<br/><${BreachReason} k=${k} number=${number} path=${path} onChanged=${onChanged} />`
      : k.breach_reason ? html`<br/><span class="hint">reason: ${words(k.breach_reason)}</span>` : ''}</div>`;
}

// The reason an agent gives for a breached clock (docs/sla.md#breach-reasons).
function BreachReason({ k, number, onChanged, path }) {
  const reasons = useGet('/api/v1/breach-reasons');
  const [error, setError] = useState(null);
  const ola = k.metric === 'ola';
  const set = async (e) => {
    setError(null);
    const r = await api('POST', `/api/v1/${path}/${number}/sla/${ola ? k.id : k.metric}/breach-reason`, { reason: e.target.value || null });
    if (!r.ok) return setError(problem(r));
    onChanged && onChanged();
  };
  const items = (reasons.data && reasons.data.items) || [];
  const key = ola ? `ola-${k.id}` : k.metric;
  return html`<label class="hint">Reason <select aria-label=${`Breach reason (${ola ? `OLA ${k.group}` : k.metric})`} data-breach-reason=${key} value=${k.breach_reason || ''} onChange=${set}>
      <option value="">—</option>
      ${items.filter((x) => x.active || x.name === k.breach_reason).map((x) => html`<option value=${x.name}>${x.label}</option>`)}</select></label>
    ${error && html`<${Failure} error=${error} />`}`;
}

// The timeline mixes comments (with their text) and the field history.
export function timeline(comments, history) {
  const entries = comments.map((c) => ({ at: c.created_at, comment: c }));
  for (const h of history) if (!['comment', 'work_note'].includes(h.action)) entries.push({ at: h.at, history: h });
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
// The timeline panel of a desk kind's page (changes, releases): comments
// and history entries in time order.
export function Timeline({ comments, history }) {
  return html`<div class="panel"><h3>Timeline</h3>
    ${timeline(comments, history).map((e) => (e.comment ? html`<div class=${`comment ${e.comment.internal ? 'internal' : ''}`}>
        <div class="muted">${e.comment.author} · ${when(e.comment.created_at)}</div><div class="text">${e.comment.body}</div></div>`
      : html`<div class="event" data-event=${e.history.action}><span class="muted">${when(e.history.at)} · ${e.history.actor || 'Steward'} · ${words(e.history.action)}</span>
        ${changes(e.history).map((c) => html`<span class="change">${c}</span>`)}</div>`))}
  </div>`;
}
// A history value as people read it: times as dates, durations as hours.
export const change = (v, field = '') => {
  if (v === null || v === undefined || v === '') return '—';
  // the history writes an unset time as 0, not null
  if (typeof v === 'number' && /_at$/.test(field)) return v ? when(new Date(v * 1000).toISOString()) : '—';
  if (typeof v === 'number' && /_seconds$/.test(field)) return left(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
};
export const changes = (h) => Object.entries(h.changes || {}).filter(([, c]) => c && typeof c === 'object' && ('from' in c || 'to' in c))
  .map(([f, c]) => (c.from === null || c.from === undefined || h.action === 'create' ? `${words(f)} ${change(c.to, f)}` : `${words(f)}: ${change(c.from, f)} → ${change(c.to, f)}`));

// Does a field defined for the kind (GET /api/v1/custom-fields) apply to
// a ticket in category?  A field may be limited to one branch of the tree.
const applies = (f, category) => !f.category || category === f.category || (category || '').startsWith(`${f.category}/`);

// The input for one field defined at run time, by its type.
function CustomInput({ f, value, onChange }) {
  const id = `c-${f.name}`;
  const on = (e) => onChange(e.target.value);
  const input = f.type === 'choice'
    ? html`<select id=${id} value=${value} onChange=${on}><option value="">— none —</option>${f.choices.map((c) => html`<option value=${c}>${c}</option>`)}</select>`
    : html`<input id=${id} value=${value} onInput=${on} type=${f.type === 'number' || f.type === 'ci' ? 'number' : f.type === 'date' ? 'date' : 'text'}
        step=${f.type === 'number' ? 'any' : undefined} maxlength=${f.type === 'text' ? 1000 : undefined} />`;
  return html`<div><label for=${id}>${f.label}</label>${input}</div>`;
}

function Edit({ t, agentGroups, onSaved, onCancel }) {
  const [form, setForm] = useState(() => Object.fromEntries(EDITABLE.map((k) => [k, t[k] == null ? '' : String(t[k])])));
  const [defs, setDefs] = useState([]);
  const [custom, setCustom] = useState(() => Object.fromEntries(Object.entries(t.custom || {}).map(([k, v]) => [k, String(v)])));
  useEffect(() => { getAll('/api/v1/custom-fields?kind=incident').then((r) => setDefs((r.items || []).filter((f) => f.active))); }, []);
  const [base, setBase] = useState(t);
  const [conflict, setConflict] = useState(null);
  const [error, setError] = useState(null);
  const [members, setMembers] = useState([]);
  const [services, setServices] = useState([]);
  useEffect(() => {
    if (!form.assignment_group) { setMembers([]); return undefined; }
    let current = true; // a slower answer for a group picked earlier is dropped
    api('GET', `/api/v1/groups/${encodeURIComponent(form.assignment_group)}`).then((r) => current && r.ok && setMembers(r.json.members || []));
    return () => { current = false; };
  }, [form.assignment_group]);
  useEffect(() => { getAll('/api/v1/services?limit=200').then((r) => setServices(r.items.map((s) => s.name))); }, []);
  const set = (k) => (e) => { const v = e.target.value; setForm((old) => ({ ...old, [k]: v })); };
  const mine = () => {
    const body = {};
    for (const k of EDITABLE) {
      const before = base[k] == null ? '' : String(base[k]);
      if (form[k] === before) continue;
      body[k] = form[k] === '' ? null : NUMERIC.has(k) ? Number(form[k]) : form[k];
    }
    for (const f of defs) {
      const before = base.custom && base.custom[f.name] != null ? String(base.custom[f.name]) : '';
      const now = custom[f.name] ?? '';
      if (now === before) continue;
      body.custom = body.custom || {};
      body.custom[f.name] = now === '' ? null : f.type === 'number' || f.type === 'ci' ? Number(now) : now;
    }
    return body;
  };
  const save = async (e, version = base.version) => {
    if (e) e.preventDefault();
    const body = mine();
    if (Object.keys(body).length === 0) return onCancel();
    const r = await api('PATCH', `/api/v1/incidents/${t.number}`, body, { 'If-Match': String(version) });
    if (r.status === 412) {
      // Someone saved first: show what they changed, keep what I typed.
      const now = await api('GET', `/api/v1/incidents/${t.number}`);
      if (!now.ok) return setError(problem(now));
      const theirs = Object.keys(now.json).filter((k) => !['version', 'updated_at', 'sla', 'allowed_actions'].includes(k)
        && JSON.stringify(now.json[k]) !== JSON.stringify(base[k]));
      setConflict({ current: now.json, fields: theirs });
      return;
    }
    if (!r.ok) return setError(problem(r));
    onSaved();
  };
  const applyAnyway = () => { const cur = conflict.current; setBase(cur); setConflict(null); save(null, cur.version); };
  const takeTheirs = () => { onSaved(); };
  return html`<form class="edit" onSubmit=${save} aria-label="Edit the incident">
    ${conflict && html`<div class="conflict" role="alert" data-conflict>
      <strong>Someone else changed this incident while you were editing.</strong>
      <ul>${conflict.fields.map((k) => html`<li><b>${words(k)}</b>: ${change(base[k], k)} → ${change(conflict.current[k], k)}${k in mine() ? html` (you set ${change(mine()[k], k)})` : ''}</li>`)}</ul>
      <div class="actions"><button type="button" onClick=${applyAnyway}>Apply my changes on top</button><button type="button" class="quiet" onClick=${takeTheirs}>Discard mine</button></div></div>`}
    <label for="e-title">Title</label><input id="e-title" value=${form.title} onInput=${set('title')} maxlength="300" />
    <label for="e-description">Description</label><textarea id="e-description" value=${form.description} onInput=${set('description')}></textarea>
    <div class="grid">
      <div><label for="e-impact">Impact</label><select id="e-impact" value=${form.impact} onChange=${set('impact')}>${[1, 2, 3].map((v) => html`<option value=${v}>${v}</option>`)}</select></div>
      <div><label for="e-urgency">Urgency</label><select id="e-urgency" value=${form.urgency} onChange=${set('urgency')}>${[1, 2, 3].map((v) => html`<option value=${v}>${v}</option>`)}</select></div>
      <div><label for="e-category">Category</label><input id="e-category" value=${form.category} onInput=${set('category')} /></div>
      <div><label for="e-group">Group</label><select id="e-group" value=${form.assignment_group} onChange=${(e) => { const v = e.target.value; setForm((old) => ({ ...old, assignment_group: v, assignee: '' })); }}>
        <option value="">— none —</option>${[...new Set([...agentGroups, form.assignment_group].filter(Boolean))].map((g) => html`<option value=${g}>${g}</option>`)}</select></div>
      <div><label for="e-assignee">Assignee</label><select id="e-assignee" value=${form.assignee} onChange=${set('assignee')}>
        <option value="">— none —</option>${[...new Set([...members, form.assignee].filter(Boolean))].map((m) => html`<option value=${m}>${m}</option>`)}</select></div>
      <div><label for="e-service">Service</label><select id="e-service" value=${form.service} onChange=${set('service')}>
        <option value="">— none —</option>${[...new Set([...services, form.service].filter(Boolean))].map((s) => html`<option value=${s}>${s}</option>`)}</select></div>
      <div><label for="e-ci">CI id</label><input id="e-ci" type="number" min="1" value=${form.ci} onInput=${set('ci')} /></div>
      ${defs.filter((f) => applies(f, form.category)).map((f) => html`<${CustomInput} key=${f.name} f=${f} value=${custom[f.name] ?? ''}
        onChange=${(v) => setCustom((old) => ({ ...old, [f.name]: v }))} />`)}
    </div>
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">Save changes</button><button type="button" class="quiet" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}

export function Incident({ number, me, agent }) {
  const inc = useGet(`/api/v1/incidents/${number}`);
  const com = useGet(`/api/v1/incidents/${number}/comments`);
  const his = useGet(`/api/v1/incidents/${number}/history`);
  const att = useGet(`/api/v1/incidents/${number}/attachments`);
  const lnk = useGet(`/api/v1/incidents/${number}/links`);
  const defs = useGet('/api/v1/custom-fields?kind=incident');
  const [error, setError] = useState(null);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [pending, setPending] = useState(null); // hold, resolve or major ask for more
  const [extra, setExtra] = useState({ reason: 'awaiting_caller', resolution_code: 'fixed', resolution_notes: '', major: '', kind: 'relates_to', target: '' });
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState(null);
  const comment = useRef(null);
  const reload = () => { inc.reload(); com.reload(); his.reload(); att.reload(); lnk.reload(); };
  useLive((ev) => {
    if (!ev.reset && (ev.ticket !== number || ev.actor === me.login)) return;
    if (editing) setNotice('Someone else just changed this incident; saving will show you what.');
    else { setNotice('Updated by someone else just now.'); reload(); }
  });
  const t = inc.data;
  const running = !!t && (t.sla || []).some((k) => k.state === 'running');
  useEffect(() => {
    if (!running || editing) return undefined;
    const timer = setInterval(() => inc.reload(), 60000);
    return () => clearInterval(timer);
  }, [running, editing]);
  const assignToMe = async () => {
    const r = await api('PATCH', `/api/v1/incidents/${number}`, { assignee: me.login }, { 'If-Match': String(t.version) });
    if (!r.ok) return setError(problem(r));
    setError(null);
    reload();
  };
  useKeys((e) => {
    if (!t) return;
    if (e.key === 'c' && comment.current) { e.preventDefault(); comment.current.focus(); }
    else if (e.key === 'a' && agent && t.assignee !== me.login && t.allowed_actions.length > 0) { e.preventDefault(); assignToMe(); }
  });
  if (inc.error) return html`<main><${Failure} error=${inc.error} /><a href="#/">Back</a></main>`;
  if (!t) return html`<main><${Loading} /></main>`;
  const act = async (action, payload = {}) => {
    const r = await api('POST', `/api/v1/incidents/${number}/${action}`, payload, { 'If-Match': String(t.version) });
    if (!r.ok) return setError(problem(r));
    setError(null);
    setPending(null);
    reload();
  };
  const major = async (on) => {
    const r = on ? await api('POST', `/api/v1/incidents/${number}/major`, { reason: extra.major }) : await api('DELETE', `/api/v1/incidents/${number}/major`);
    if (!r.ok) return setError(problem(r));
    setError(null);
    setPending(null);
    reload();
  };
  const send = async (e) => {
    e.preventDefault();
    const r = await api('POST', `/api/v1/incidents/${number}/comments`, { body, internal });
    if (!r.ok) return setError(problem(r));
    setError(null);
    setBody('');
    setInternal(false);
    reload();
  };
  const upload = async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const r = await api('POST', `/api/v1/incidents/${number}/attachments?filename=${encodeURIComponent(file.name)}`, file,
      { 'Content-Type': file.type || 'application/octet-stream' });
    e.target.value = '';
    if (!r.ok) return setError(problem(r));
    setError(null);
    reload();
  };
  const addLink = async (e) => {
    e.preventDefault();
    const r = await api('POST', `/api/v1/incidents/${number}/links`, { kind: extra.kind, target: extra.target.trim() });
    if (!r.ok) return setError(problem(r));
    setError(null);
    setExtra((old) => ({ ...old, target: '' }));
    reload();
  };
  const watch = async (on) => {
    const r = on ? await api('POST', `/api/v1/incidents/${number}/watchers`, { login: me.login })
      : await api('DELETE', `/api/v1/incidents/${number}/watchers/${encodeURIComponent(me.login)}`);
    if (!r.ok) return setError(problem(r));
    reload();
  };
  const setX = (k) => (e) => { const v = e.target.value; setExtra((old) => ({ ...old, [k]: v })); };
  const open = !['resolved', 'closed', 'canceled'].includes(t.state);
  const entries = timeline(com.data ? com.data.items : [], his.data ? his.data.items : []);
  return html`<main class="wide">
    <div class="panel">
      <p class="muted"><a href="#/">← Back</a></p>
      ${notice && html`<p class="notice" role="status" data-notice>${notice}</p>`}
      <h2><span data-number>${t.number}</span> · ${t.title}${t.major ? html` <span class="badge p1" data-major>major incident</span>` : ''}</h2>
      <div class="grid">
        <div><span class="muted">State</span><br/><strong data-state>${words(t.state)}</strong>${t.hold_reason ? html` <span class="muted">(${words(t.hold_reason)})</span>` : ''}</div>
        <div><span class="muted">Priority</span><br/><span class=${`badge p${t.priority}`} data-priority>P${t.priority}</span>
          ${agent ? html` <span class="muted">impact ${t.impact} · urgency ${t.urgency}</span>` : ''}</div>
        <div><span class="muted">Requester</span><br/>${t.contact_email
          ? html`<span data-contact>${t.contact_name ? `${t.contact_name} <${t.contact_email}>` : t.contact_email}</span> <span class="muted">(unregistered)</span>`
          : t.requester}</div>
        <div><span class="muted">Group</span><br/><span data-group>${t.assignment_group || '—'}</span></div>
        <div><span class="muted">Assignee</span><br/><span data-assignee>${t.assignee || '—'}</span></div>
        <div><span class="muted">Category</span><br/><span data-category>${t.category || '—'}</span>${t.opening_category && t.opening_category !== t.category
          ? html` <span class="muted" data-opening-category>(opened as ${t.opening_category})</span>` : ''}</div>
        ${agent && html`<div><span class="muted">Came in by</span><br/><span data-channel>${t.channel ? words(t.channel) : '—'}</span></div>`}
        ${agent && t.reassignment_count > 0 && html`<div><span class="muted">Group changes</span><br/><span data-hops>${t.reassignment_count}</span></div>`}
        ${t.service !== undefined && html`<div><span class="muted">Service</span><br/>${t.service ? html`<a href=${`#/services?name=${encodeURIComponent(t.service)}`}>${t.service}</a>` : '—'}</div>`}
        ${t.ci !== undefined && html`<div><span class="muted">CI</span><br/>${t.ci ? html`<a href=${`#/cis/${t.ci}`}>CI ${t.ci}</a>` : '—'}</div>`}
        ${Object.entries(t.custom || {}).map(([k, v]) => {
          const f = defs.data && defs.data.items.find((d) => d.name === k);
          return html`<div><span class="muted">${f ? f.label : words(k)}</span><br/><span data-custom=${k}>${f && f.type === 'ci' ? html`<a href=${`#/cis/${v}`}>CI ${v}</a>` : String(v)}</span></div>`;
        })}
        <div><span class="muted">Opened</span><br/>${when(t.created_at)}</div>
        <div><span class="muted">Updated</span><br/>${when(t.updated_at)}</div>
        ${(t.sla || []).map((k) => html`<${Sla} k=${k} number=${agent ? t.number : null} onChanged=${reload} />`)}
      </div>
      ${t.impacted_services && t.impacted_services.length > 0 && html`<p><span class="muted">Impacted services:</span>
        ${t.impacted_services.map((s, i) => html`${i ? ', ' : ''}${s.name || s}`)}</p>`}
      ${t.parent && html`<p><span class="muted">Child of</span> <a href=${`#/incidents/${t.parent}`}>${t.parent}</a></p>`}
      ${t.children && t.children.length > 0 && html`<p><span class="muted">Children:</span> ${t.children.map((c, i) => html`${i ? ', ' : ''}<a href=${`#/incidents/${c}`}>${c}</a>`)}</p>`}
      ${agent && html`<${IncidentProblem} t=${t} onChanged=${reload} />`}
      ${editing ? html`<${Edit} t=${t} agentGroups=${me.groups || []} onSaved=${() => { setEditing(false); setNotice(null); reload(); }} onCancel=${() => setEditing(false)} />` : html`
        ${t.description && html`<p class="text">${t.description}</p>`}
        ${t.resolution_notes && html`<p><strong>Resolution (${words(t.resolution_code)}):</strong> ${t.resolution_notes}</p>`}`}
      ${error && html`<${Failure} error=${error} />`}
      <div class="actions">
        ${agent && t.assignee !== me.login && open && html`<button class="quiet" onClick=${assignToMe}>Assign to me</button>`}
        ${agent && !editing && html`<button class="quiet" onClick=${() => setEditing(true)}>Edit</button>`}
        ${t.allowed_actions.map((a) => html`<button class="quiet" data-action=${a}
          onClick=${() => (a === 'hold' || a === 'resolve' ? setPending(a) : act(a))}>${ACTION_LABELS[a] || words(a)}</button>`)}
        ${agent && open && (t.major ? html`<button class="quiet" onClick=${() => major(false)}>Downgrade from major</button>`
          : html`<button class="quiet" onClick=${() => setPending('major')}>Declare major</button>`)}
        ${agent && ((t.watchers || []).includes(me.login) ? html`<button class="quiet" onClick=${() => watch(false)}>Stop watching</button>`
          : html`<button class="quiet" onClick=${() => watch(true)}>Watch</button>`)}
      </div>
      ${pending === 'hold' && html`<form onSubmit=${(e) => { e.preventDefault(); act('hold', { reason: extra.reason }); }}>
        <label for="reason">Waiting for</label><select id="reason" value=${extra.reason} onChange=${setX('reason')}>
          <option value="awaiting_caller">the caller</option><option value="awaiting_change">a change</option><option value="awaiting_vendor">a vendor</option></select>
        <div class="actions"><button type="submit">Put on hold</button></div></form>`}
      ${pending === 'resolve' && html`<form onSubmit=${(e) => { e.preventDefault(); act('resolve', { resolution_code: extra.resolution_code, resolution_notes: extra.resolution_notes }); }}>
        <label for="code">Resolution</label><select id="code" value=${extra.resolution_code} onChange=${setX('resolution_code')}>
          ${['fixed', 'workaround', 'not_reproducible', 'duplicate', 'user_error', 'other'].map((c) => html`<option value=${c}>${words(c)}</option>`)}</select>
        <label for="notes">Resolution notes</label><textarea id="notes" value=${extra.resolution_notes} onInput=${setX('resolution_notes')}></textarea>
        <div class="actions"><button type="submit">Resolve</button></div></form>`}
      ${pending === 'major' && html`<form onSubmit=${(e) => { e.preventDefault(); major(true); }}>
        <label for="major">Why is this a major incident?</label><input id="major" value=${extra.major} onInput=${setX('major')} />
        <div class="actions"><button type="submit">Declare major incident</button></div></form>`}
    </div>
    <div class="columns">
    <div class="panel">
      <h3>Timeline</h3>
      ${entries.length === 0 && html`<p class="muted">Nothing yet.</p>`}
      ${entries.map((e) => (e.comment ? html`<div class=${`comment ${e.comment.internal ? 'internal' : ''}`} data-comment>
          <div class="muted">${e.comment.author} · ${when(e.comment.created_at)}${e.comment.internal ? html` · <strong>internal work note</strong>` : ''}</div><div class="text">${e.comment.body}</div></div>`
        : html`<div class="event" data-event=${e.history.action}><span class="muted">${when(e.history.at)} · ${e.history.actor || 'Steward'} · ${words(e.history.action)}</span>
          ${changes(e.history).map((c) => html`<span class="change">${c}</span>`)}</div>`))}
      <form onSubmit=${send} aria-label="Add a comment">
        <label for="comment">${internal ? 'Work note (only the desk sees it)' : 'Reply'}</label>
        <textarea id="comment" ref=${comment} value=${body} onInput=${(e) => setBody(e.target.value)}></textarea>
        ${agent && html`<label><input type="checkbox" class="check" checked=${internal} onChange=${(e) => setInternal(e.target.checked)} /> Internal work note</label>`}
        <div class="actions"><button type="submit">${internal ? 'Add work note' : 'Send reply'}</button></div>
      </form>
    </div>
    <div>
      <div class="panel"><h3>Attachments</h3>
        ${att.data && att.data.items.length === 0 && html`<p class="muted">None.</p>`}
        <ul class="plain">${(att.data ? att.data.items : []).map((a) => html`<li><a href=${`/api/v1/attachments/${a.id}`} download=${a.filename}>${a.filename}</a>
          <span class="muted">${Math.ceil(a.size / 1024)} KiB · ${a.created_by}</span></li>`)}</ul>
        <label for="upload">Add a file</label><input id="upload" type="file" onChange=${upload} />
      </div>
      <${SurveyPanel} t=${t} me=${me} />
      <${ApprovalsPanel} path="incidents" number=${number} agent=${agent} />
      <div class="panel"><h3>Related tickets</h3>
        ${lnk.data && lnk.data.items.length === 0 && html`<p class="muted">None.</p>`}
        <ul class="plain">${(lnk.data ? lnk.data.items : []).map((l) => html`<li>${words(l.kind)} <a href=${ticketHref(l.target)}>${l.target}</a></li>`)}</ul>
        ${agent && html`<form onSubmit=${addLink} aria-label="Link a ticket"><div class="grid">
          <select aria-label="Link kind" value=${extra.kind} onChange=${setX('kind')}>${['relates_to', 'caused_by', 'fixed_by', 'duplicate_of', 'parent_of', 'child_of'].map((k) => html`<option value=${k}>${words(k)}</option>`)}</select>
          <input aria-label="Ticket number" placeholder="INC0000001" value=${extra.target} onInput=${setX('target')} /></div>
          <div class="actions"><button type="submit" class="quiet">Link</button></div></form>`}
      </div>
      ${agent && html`<${TicketArticles} number=${t.number} title=${t.title} />`}
      ${(t.watchers || []).length > 0 && html`<div class="panel"><h3>Watchers</h3><p>${t.watchers.join(', ')}</p></div>`}
    </div>
    </div>
  </main>`;
}
