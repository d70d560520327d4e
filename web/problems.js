// Problems, for agents only: the problem queue, a problem's page (root
// cause analysis, lifecycle, linked incidents, workaround publishing, the
// review of a major problem, the timeline), the candidates the server
// finds in recent incidents, raising a problem, and what an incident page
// shows of its problem.  Everything goes through the public API
// (/api/v1/problems…); end users are never routed here, and the API
// refuses them anyway.
//
// tickets.js imports IncidentProblem from this file and this file takes
// the timeline helpers from tickets.js: a cycle ES modules resolve, since
// neither uses the other's exports before the first render.
import { html, useState, useEffect, useCallback, useRef, api, getAll, problem, when, day, words, useGet, useLive, useKeys, openApi, Loading, Failure } from './lib.js';
import { Sla, timeline, change, changes } from './tickets.js';
import { ApprovalsPanel } from './approvals.js';
import { LinkedImprovements, SurveyPanel } from './csi.js';

// Where a ticket number leads: problems have their own page.
export const ticketHref = (number) => (/^PRB\d/.test(number || '') ? `#/problems/${number}` : `#/incidents/${number}`);

const OPEN = (state) => !['resolved', 'closed', 'canceled'].includes(state);
const LEVELS = ['high', 'medium', 'low'];

// The value lists (states, resolution codes) and field limits of a
// problem, from the server's OpenAPI document: declared once, there.
function useSchema() {
  const [schema, setSchema] = useState(null);
  useEffect(() => {
    openApi().then((d) => setSchema({ record: d.components.schemas.ProblemTicket, input: d.components.schemas.ProblemTicketInput }),
      () => setSchema({ record: { properties: {} }, input: { properties: {} } }));
  }, []);
  return schema;
}
const enumOf = (schema, field) => ((schema && schema.record.properties[field] && schema.record.properties[field].enum) || []).filter((v) => v !== null);

// ---- the queue ---------------------------------------------------------------

// Queues are filters over GET /api/v1/problems, as the incident queues are
// over /incidents; `open` keeps resolved, closed and canceled ones out.
const QUEUES = [
  { id: 'open', label: 'Open', query: () => ({ open: 'true' }) },
  { id: 'mine', label: 'My problems', query: (me) => ({ assignee: me.login, open: 'true' }) },
  { id: 'unassigned', label: 'Unassigned', query: () => ({ assignee: 'none', open: 'true' }) },
  { id: 'known', label: 'Known errors', query: () => ({ state: 'known_error' }) },
  { id: 'major', label: 'Major problems', query: () => ({ major: 'true', open: 'true' }) },
  { id: 'all', label: 'All', query: () => ({}) },
];
const SORTS = { number: 'created_at', priority: 'priority', updated: 'updated_at' };
const FILTERS = ['state', 'priority', 'assignee', 'text'];
const hashFor = (params) => {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v != null)).toString();
  return `#/problems${q ? `?${q}` : ''}`;
};

export function ProblemQueue({ me, query }) {
  const schema = useSchema();
  const queue = query.get('queue') || 'open';
  const sort = query.get('sort') || '-updated_at';
  const filters = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || '']));
  const [items, setItems] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [selected, setSelected] = useState(0);
  const [agents, setAgents] = useState([]);
  const search = useRef(null);
  const q = (QUEUES.find((x) => x.id === queue) || QUEUES[0]).query(me);
  for (const f of FILTERS) if (filters[f]) q[f] = filters[f];
  const key = new URLSearchParams({ limit: '50', sort, ...q }).toString();
  // Only the latest request may fill the list; a refresh asks for as many
  // rows as are shown, so live updates do not undo "Load more".
  const seq = useRef(0);
  const fetchPage = useCallback(async (after, rows = 50) => {
    const mine = ++seq.current;
    const p = new URLSearchParams(key);
    if (after) p.set('cursor', after);
    if (rows > 50) p.set('limit', String(Math.min(rows, 200)));
    const r = await api('GET', `/api/v1/problems?${p}`);
    if (mine !== seq.current) return;
    if (!r.ok) { setError(problem(r)); setItems((old) => (after ? old : [])); return; }
    setError(null);
    setItems((old) => (after ? [...(old || []), ...r.json.items] : r.json.items));
    setCursor(r.json.next_cursor || null);
  }, [key]);
  useEffect(() => { setItems(null); setSelected(0); fetchPage(null); }, [fetchPage]);
  // whom a problem can be assigned to: the members of the groups
  useEffect(() => { getAll('/api/v1/groups?limit=200').then((r) => setAgents([...new Set(r.items.flatMap((g) => g.members || []))].sort())); }, []);
  const shown = useRef([]);
  shown.current = items || [];
  const pending = useRef(false);
  useLive(() => { if (pending.current) { pending.current = false; fetchPage(null, shown.current.length); } }, 1000);
  useLive((ev) => { if (ev.reset || ev.kind === 'problem') pending.current = true; });
  useKeys((e) => {
    if (e.key === '/') { e.preventDefault(); search.current && search.current.focus(); }
    else if (e.key === 'j') setSelected((i) => Math.min(i + 1, (items || []).length - 1));
    else if (e.key === 'k') setSelected((i) => Math.max(i - 1, 0));
    else if ((e.key === 'Enter' || e.key === 'o') && items && items[selected]) location.hash = `#/problems/${items[selected].number}`;
  });

  const go = (change_) => { location.hash = hashFor({ queue, sort, ...filters, ...change_ }); };
  const sortBy = (col) => { const s = SORTS[col]; go({ sort: sort === `-${s}` ? s : `-${s}` }); };
  const arrow = (col) => (sort === `-${SORTS[col]}` ? ' ↓' : sort === SORTS[col] ? ' ↑' : '');
  return html`<main class="wide">
    <div class="actions bar">
      <nav class="tabs grow" aria-label="Problem queues">${QUEUES.map((x) => html`<a class="tab" href=${hashFor({ queue: x.id })}
        aria-current=${queue === x.id ? 'page' : undefined} data-queue=${x.id}>${x.label}</a>`)}</nav>
      <a class="button quiet" href="#/problems/candidates">Candidates</a>
      <a class="button" href="#/problems/new">New problem</a>
    </div>
    <form class="filters" onSubmit=${(e) => { e.preventDefault(); go({ text: search.current.value }); }} aria-label="Filters">
      <input id="problem-search" ref=${search} type="search" placeholder="Search (press /)" aria-label="Search" value=${filters.text} />
      <select aria-label="State" value=${filters.state} onChange=${(e) => go({ state: e.target.value })}>
        <option value="">any state</option>${enumOf(schema, 'state').map((s) => html`<option value=${s}>${words(s)}</option>`)}</select>
      <select aria-label="Priority" value=${filters.priority} onChange=${(e) => go({ priority: e.target.value })}>
        <option value="">any priority</option>${[1, 2, 3, 4, 5].map((p) => html`<option value=${p}>P${p}</option>`)}</select>
      <select aria-label="Assignee" value=${filters.assignee} onChange=${(e) => go({ assignee: e.target.value })}>
        <option value="">anyone</option><option value="none">nobody</option>
        ${[...new Set([...agents, filters.assignee])].filter((a) => a && a !== 'none').map((a) => html`<option value=${a}>${a}</option>`)}</select>
      <button type="submit" class="quiet">Search</button>
    </form>
    ${error && html`<${Failure} error=${error} />`}
    ${items === null ? html`<${Loading} />` : items.length === 0 ? html`<p class="muted" data-empty>No problems here.</p>` : html`
    <table class="list" data-list>
      <thead><tr>
        <th><button class="link" onClick=${() => sortBy('number')}>Number${arrow('number')}</button></th><th>Title</th><th>State</th>
        <th><button class="link" onClick=${() => sortBy('priority')}>Priority${arrow('priority')}</button></th><th>Cause</th><th>Assignee</th>
        <th><button class="link" onClick=${() => sortBy('updated')}>Updated${arrow('updated')}</button></th></tr></thead>
      <tbody>${items.map((t, i) => html`<tr aria-selected=${i === selected ? 'true' : undefined} onClick=${() => setSelected(i)}>
        <td><a href=${`#/problems/${t.number}`}>${t.number}</a>${t.major ? html` <span class="badge p1">major</span>` : ''}</td>
        <td>${t.title}${t.workaround_published_at ? html` <span class="badge" title="workaround published">workaround</span>` : ''}</td><td>${words(t.state)}</td>
        <td><span class=${`badge p${t.priority}`}>P${t.priority}</span></td><td>${t.cause_category ? words(t.cause_category) : '—'}</td>
        <td>${t.assignee || '—'}</td><td>${when(t.updated_at)}</td>
      </tr>`)}</tbody></table>
    ${cursor && html`<div class="actions"><button class="quiet" onClick=${() => fetchPage(cursor)}>Load more</button></div>`}`}
    <p class="hint">Keys: <kbd>/</kbd> search · <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open</p>
  </main>`;
}

// ---- forms -------------------------------------------------------------------

// The fields the forms offer: label and widget.  Their limits (maxLength)
// come from the input schema.
const FIELDS = {
  title: ['Title', 'line'], description: ['Description', 'area'], impact: ['Impact', 'level'], urgency: ['Urgency', 'level'],
  category: ['Category', 'category'], assignment_group: ['Group', 'group'], assignee: ['Assignee', 'member'],
  service: ['Service', 'service'], ci: ['CI id', 'number'], cause_category: ['Cause category', 'cause'],
  fix: ['Fix (the change that fixes it)', 'text'], symptoms: ['Symptoms', 'area'], root_cause: ['Root cause', 'area'],
  workaround: ['Workaround', 'area'], review_went_well: ['What went well', 'area'], review_went_wrong: ['What went wrong', 'area'],
  review_actions: ['Actions agreed', 'area'],
};
const NUMERIC = new Set(['impact', 'urgency', 'ci']);
const EDITABLE = ['title', 'impact', 'urgency', 'category', 'assignment_group', 'assignee', 'service', 'ci', 'cause_category', 'fix',
  'description', 'symptoms', 'root_cause', 'workaround'];
const REVIEW = ['review_went_well', 'review_went_wrong', 'review_actions'];

// What the selects offer: groups, services, categories, cause categories.
function useLists() {
  const [lists, setLists] = useState({ groups: [], services: [], categories: [], causes: [] });
  useEffect(() => {
    Promise.all([getAll('/api/v1/groups?limit=200'), getAll('/api/v1/services?limit=200'),
      api('GET', '/api/v1/categories?active=true'), api('GET', '/api/v1/cause-categories')])
      .then(([g, s, c, k]) => setLists({
        groups: g.items.map((x) => x.name), services: s.items.map((x) => x.name),
        categories: c.ok ? c.json.items.map((x) => x.path) : [], causes: k.ok ? k.json.items : [],
      }));
  }, []);
  return lists;
}
function useMembers(group) {
  const [members, setMembers] = useState([]);
  useEffect(() => {
    if (!group) { setMembers([]); return undefined; }
    let current = true; // a slower answer for a group picked earlier is dropped
    api('GET', `/api/v1/groups/${encodeURIComponent(group)}`).then((r) => current && r.ok && setMembers(r.json.members || []));
    return () => { current = false; };
  }, [group]);
  return members;
}

// One labelled input per field name.  The current value is always among
// a select's options, even when the list no longer holds it.
function Inputs({ names, form, set, lists, members, schema }) {
  return names.map((k) => {
    const [label, widget] = FIELDS[k];
    const id = `p-${k}`;
    const p = (schema && schema.input.properties[k]) || {};
    const on = (e) => set(k, e.target.value);
    const pick = (options) => html`<select id=${id} value=${form[k]} onChange=${on}><option value="">— none —</option>
      ${(form[k] && !options.some(([v]) => v === form[k]) ? [...options, [form[k], form[k]]] : options)
        .map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select>`;
    const plain = (xs) => xs.map((x) => [x, x]);
    let input;
    switch (widget) {
      case 'area': input = html`<textarea id=${id} value=${form[k]} onInput=${on} maxlength=${p.maxLength}></textarea>`; break;
      case 'level': input = html`<select id=${id} value=${form[k]} onChange=${on}>${[1, 2, 3].map((v) => html`<option value=${v}>${v} ${LEVELS[v - 1]}</option>`)}</select>`; break;
      case 'number': input = html`<input id=${id} type="number" min="1" value=${form[k]} onInput=${on} />`; break;
      case 'group': input = pick(plain(lists.groups)); break;
      case 'member': input = pick(plain(members)); break;
      case 'service': input = pick(plain(lists.services)); break;
      case 'category': input = pick(plain(lists.categories)); break;
      case 'cause': input = pick(lists.causes.filter((c) => c.active).map((c) => [c.name, c.label])); break;
      default: input = html`<input id=${id} value=${form[k]} onInput=${on} maxlength=${p.maxLength} />`;
    }
    return html`<div><label for=${id}>${label}</label>${input}</div>`;
  });
}
// The title first, short fields side by side, texts at full width.
function FieldSet(props) {
  const wide = (k) => ['line', 'area'].includes(FIELDS[k][1]);
  const line = props.names.filter((k) => FIELDS[k][1] === 'line');
  const short = props.names.filter((k) => !wide(k));
  const long = props.names.filter((k) => FIELDS[k][1] === 'area');
  return html`<${Inputs} ...${props} names=${line} />${short.length > 0 && html`<div class="grid"><${Inputs} ...${props} names=${short} /></div>`}
    <${Inputs} ...${props} names=${long} />`;
}

const text = (v) => (v == null ? '' : String(v));

// Editing a problem: a save carries the version it started from
// (If-Match); when someone else saved first, what they changed is shown
// next to what was typed, and nothing is overwritten unasked.
function ProblemEdit({ t, names, title, lists, schema, onSaved, onCancel }) {
  const [form, setForm] = useState(() => Object.fromEntries(names.map((k) => [k, text(t[k])])));
  const [base, setBase] = useState(t);
  const [conflict, setConflict] = useState(null);
  const [error, setError] = useState(null);
  const members = useMembers(form.assignment_group);
  const set = (k, v) => setForm((old) => ({ ...old, [k]: v, ...(k === 'assignment_group' && 'assignee' in old ? { assignee: '' } : {}) }));
  const mine = () => {
    const body = {};
    for (const k of names) {
      if (form[k] === text(base[k])) continue;
      body[k] = form[k] === '' ? null : NUMERIC.has(k) ? Number(form[k]) : form[k];
    }
    return body;
  };
  const save = async (e, version = base.version) => {
    if (e) e.preventDefault();
    const body = mine();
    if (Object.keys(body).length === 0) return onCancel();
    const r = await api('PATCH', `/api/v1/problems/${t.number}`, body, { 'If-Match': String(version) });
    if (r.status === 412) {
      const now = await api('GET', `/api/v1/problems/${t.number}`);
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
  return html`<form class="edit" onSubmit=${save} aria-label=${title}>
    ${conflict && html`<div class="conflict" role="alert" data-conflict>
      <strong>Someone else changed this problem while you were editing.</strong>
      <ul>${conflict.fields.map((k) => html`<li><b>${words(k)}</b>: ${change(base[k], k)} → ${change(conflict.current[k], k)}${k in mine() ? html` (you set ${change(mine()[k], k)})` : ''}</li>`)}</ul>
      <div class="actions"><button type="button" onClick=${applyAnyway}>Apply my changes on top</button><button type="button" class="quiet" onClick=${onSaved}>Discard mine</button></div></div>`}
    <${FieldSet} names=${names} form=${form} set=${set} lists=${lists} members=${members} schema=${schema} />
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">Save changes</button><button type="button" class="quiet" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}

// A new problem; ?incidents=INC…,INC… (and ?title=) start it from incidents.
export function NewProblem({ query }) {
  const schema = useSchema();
  const lists = useLists();
  const names = ['title', 'impact', 'urgency', 'category', 'assignment_group', 'assignee', 'service', 'cause_category', 'description', 'symptoms'];
  const [form, setForm] = useState(() => ({ ...Object.fromEntries(names.map((k) => [k, ''])), impact: '3', urgency: '3',
    title: query.get('title') || '', incidents: query.get('incidents') || '' }));
  const [error, setError] = useState(null);
  const members = useMembers(form.assignment_group);
  const set = (k, v) => setForm((old) => ({ ...old, [k]: v, ...(k === 'assignment_group' ? { assignee: '' } : {}) }));
  const submit = async (e) => {
    e.preventDefault();
    const body = {};
    for (const k of names) if (form[k] !== '') body[k] = NUMERIC.has(k) ? Number(form[k]) : form[k];
    const incidents = form.incidents.split(/[\s,]+/).filter(Boolean);
    if (incidents.length) body.incidents = incidents;
    const r = await api('POST', '/api/v1/problems', body);
    if (!r.ok) return setError(problem(r));
    location.hash = `#/problems/${r.json.number}`;
  };
  return html`<main><form class="panel" onSubmit=${submit} aria-label="New problem">
    <p class="muted"><a href="#/problems">← Problems</a></p>
    <h2>New problem</h2>
    <${FieldSet} names=${names} form=${form} set=${set} lists=${lists} members=${members} schema=${schema} />
    <label for="p-incidents">Incidents behind it <span class="hint">(numbers; the problem takes their service, CI and category)</span></label>
    <input id="p-incidents" value=${form.incidents} placeholder="INC0000001, INC0000002" onInput=${(e) => set('incidents', e.target.value)} />
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">Raise the problem</button><a class="button quiet" href="#/problems">Cancel</a></div>
  </form></main>`;
}

// ---- the problem page ----------------------------------------------------------

const ACTION_LABELS = {
  investigate: 'Start investigating', identify_root_cause: 'Root cause identified', mark_known_error: 'Mark as known error',
  resolve: 'Resolve', reopen: 'Reopen', close: 'Close', cancel: 'Cancel',
};

// Comments, work notes and the field history in one list, as on incidents.
function Timeline({ number, comments, history, onChange, onError }) {
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const send = async (e) => {
    e.preventDefault();
    const r = await api('POST', `/api/v1/problems/${number}/comments`, { body, internal });
    if (!r.ok) return onError(problem(r));
    setBody('');
    setInternal(false);
    onChange();
  };
  const entries = timeline(comments, history);
  return html`<div class="panel"><h3>Timeline</h3>
    ${entries.length === 0 && html`<p class="muted">Nothing yet.</p>`}
    ${entries.map((e) => (e.comment ? html`<div class=${`comment ${e.comment.internal ? 'internal' : ''}`} data-comment>
        <div class="muted">${e.comment.author} · ${when(e.comment.created_at)}${e.comment.internal ? html` · <strong>internal work note</strong>` : ''}</div><div class="text">${e.comment.body}</div></div>`
      : html`<div class="event" data-event=${e.history.action}><span class="muted">${when(e.history.at)} · ${e.history.actor || 'Steward'} · ${words(e.history.action)}</span>
        ${changes(e.history).map((c) => html`<span class="change">${c}</span>`)}</div>`))}
    <form onSubmit=${send} aria-label="Add a comment">
      <label for="comment">${internal ? 'Work note' : 'Comment'}</label>
      <textarea id="comment" value=${body} onInput=${(e) => setBody(e.target.value)}></textarea>
      <label><input type="checkbox" class="check" checked=${internal} onChange=${(e) => setInternal(e.target.checked)} /> Internal work note</label>
      <div class="actions"><button type="submit">${internal ? 'Add work note' : 'Add comment'}</button></div>
    </form></div>`;
}

export function Problem({ number, me }) {
  const schema = useSchema();
  const lists = useLists();
  const prb = useGet(`/api/v1/problems/${number}`);
  const com = useGet(`/api/v1/problems/${number}/comments`);
  const his = useGet(`/api/v1/problems/${number}/history`);
  const att = useGet(`/api/v1/problems/${number}/attachments`);
  const inc = useGet(`/api/v1/problems/${number}/incidents?limit=200`);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(null); // 'fields' or 'review'
  const [pending, setPending] = useState(null); // resolve or major ask for more
  const [extra, setExtra] = useState({ resolution_code: '', resolution_notes: '', resolve_incidents: true, major: '', link: '', workaround: null });
  const [notice, setNotice] = useState(null);
  const reload = () => Promise.all([prb.reload(), com.reload(), his.reload(), att.reload(), inc.reload()]);
  // Live: a change to the problem or to one of its incidents by someone else.
  const linked = useRef([]);
  linked.current = inc.data ? inc.data.items.map((i) => i.number) : [];
  useLive((ev) => {
    if (!ev.reset && ((ev.ticket !== number && !linked.current.includes(ev.ticket)) || ev.actor === me.login)) return;
    if (editing) setNotice('Someone else just changed this problem; saving will show you what.');
    else { setNotice('Updated by someone else just now.'); reload(); }
  });
  const t = prb.data;
  if (prb.error) return html`<main><${Failure} error=${prb.error} /><a href="#/problems">Back</a></main>`;
  if (!t) return html`<main><${Loading} /></main>`;
  const done = (r) => {
    if (!r.ok) return setError(problem(r));
    setError(null);
    setPending(null);
    reload();
    return undefined;
  };
  const act = async (action, payload = {}) => done(await api('POST', `/api/v1/problems/${number}/${action}`, payload, { 'If-Match': String(t.version) }));
  const assignToMe = async () => done(await api('PATCH', `/api/v1/problems/${number}`, { assignee: me.login }, { 'If-Match': String(t.version) }));
  const major = async (on) => done(on ? await api('POST', `/api/v1/problems/${number}/major`, { reason: extra.major }) : await api('DELETE', `/api/v1/problems/${number}/major`));
  const watch = async (on) => done(on ? await api('POST', `/api/v1/problems/${number}/watchers`, { login: me.login })
    : await api('DELETE', `/api/v1/problems/${number}/watchers/${encodeURIComponent(me.login)}`));
  const link = async (e) => {
    e.preventDefault();
    const incidents = extra.link.split(/[\s,]+/).filter(Boolean);
    const r = await api('POST', `/api/v1/problems/${number}/incidents`, { incidents });
    if (r.ok) setExtra((old) => ({ ...old, link: '' }));
    done(r);
  };
  const unlink = async (n) => done(await api('DELETE', `/api/v1/problems/${number}/incidents/${encodeURIComponent(n)}`));
  const publish = async (e) => {
    e.preventDefault();
    const w = extra.workaround ?? t.workaround ?? '';
    const r = await api('POST', `/api/v1/problems/${number}/workaround`, w && w !== t.workaround ? { workaround: w } : {}, { 'If-Match': String(t.version) });
    if (r.ok) setExtra((old) => ({ ...old, workaround: null }));
    done(r);
  };
  const upload = async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const r = await api('POST', `/api/v1/problems/${number}/attachments?filename=${encodeURIComponent(file.name)}`, file,
      { 'Content-Type': file.type || 'application/octet-stream' });
    e.target.value = '';
    done(r);
  };
  const setX = (k) => (e) => { const v = e.target.type === 'checkbox' ? e.target.checked : e.target.value; setExtra((old) => ({ ...old, [k]: v })); };
  const open = OPEN(t.state);
  const incidents = inc.data ? inc.data.items : [];
  const openIncidents = incidents.filter((i) => OPEN(i.state)).length;
  const codes = enumOf(schema, 'resolution_code');
  const cause = t.cause_category && (lists.causes.find((c) => c.name === t.cause_category) || {}).label;
  // the form closes on the saved problem, so nothing acts on the old version
  const saved = async () => { await reload(); setEditing(null); setNotice(null); };
  const rca = [['Symptoms', 'symptoms', t.symptoms], ['Root cause', 'root_cause', t.root_cause],
    ['Cause category', 'cause_category', t.cause_category ? cause || words(t.cause_category) : null], ['Fix', 'fix', t.fix]];
  return html`<main class="wide">
    <div class="panel">
      <p class="muted"><a href="#/problems">← Problems</a></p>
      ${notice && html`<p class="notice" role="status" data-notice>${notice}</p>`}
      <h2><span data-number>${t.number}</span> · ${t.title}${t.major ? html` <span class="badge p1" data-major>major problem</span>` : ''}</h2>
      <div class="grid">
        <div><span class="muted">State</span><br/><strong data-state>${words(t.state)}</strong></div>
        <div><span class="muted">Priority</span><br/><span class=${`badge p${t.priority}`} data-priority>P${t.priority}</span>
          <span class="muted"> impact ${t.impact} · urgency ${t.urgency}</span></div>
        <div><span class="muted">Group</span><br/><span data-group>${t.assignment_group || '—'}</span></div>
        <div><span class="muted">Assignee</span><br/><span data-assignee>${t.assignee || '—'}</span></div>
        <div><span class="muted">Category</span><br/>${t.category || '—'}</div>
        <div><span class="muted">Service</span><br/>${t.service ? html`<a href=${`#/services?name=${encodeURIComponent(t.service)}`}>${t.service}</a>` : '—'}</div>
        <div><span class="muted">CI</span><br/>${t.ci ? html`<a href=${`#/cis/${t.ci}`}>${t.ci_name || `CI ${t.ci}`}</a>` : '—'}</div>
        <div><span class="muted">Incidents</span><br/><span data-incident-count>${t.incident_count}</span></div>
        <div><span class="muted">Opened</span><br/>${when(t.created_at)} <span class="muted">by ${t.requester}</span></div>
        <div><span class="muted">Updated</span><br/>${when(t.updated_at)}</div>
        ${(t.sla || []).map((k) => html`<${Sla} k=${k} number=${t.number} path="problems" onChanged=${reload} />`)}
      </div>
      ${editing === 'fields' ? html`<${ProblemEdit} t=${t} names=${EDITABLE} title="Edit the problem" lists=${lists} schema=${schema}
          onSaved=${saved} onCancel=${() => setEditing(null)} />` : html`
        ${t.description && html`<p class="text">${t.description}</p>`}
        <table class="kv" data-rca><tbody>${rca.map(([label, k, v]) => html`<tr><th>${label}</th><td class="text" data-field=${k}>${v || html`<span class="muted">—</span>`}</td></tr>`)}</tbody></table>
        ${t.resolution_code && html`<p data-resolution><strong>Resolution (${words(t.resolution_code)}):</strong> ${t.resolution_notes}</p>`}`}
      ${error && html`<${Failure} error=${error} />`}
      <div class="actions">
        ${t.assignee !== me.login && open && html`<button class="quiet" onClick=${assignToMe}>Assign to me</button>`}
        ${!editing && html`<button class="quiet" onClick=${() => setEditing('fields')}>Edit</button>`}
        ${t.allowed_actions.map((a) => html`<button class="quiet" data-action=${a}
          onClick=${() => (a === 'resolve' ? setPending(a) : act(a))}>${ACTION_LABELS[a] || words(a)}</button>`)}
        ${open && (t.major ? html`<button class="quiet" onClick=${() => major(false)}>Downgrade from major</button>`
          : html`<button class="quiet" onClick=${() => setPending('major')}>Declare major</button>`)}
        ${(t.watchers || []).includes(me.login) ? html`<button class="quiet" onClick=${() => watch(false)}>Stop watching</button>`
          : html`<button class="quiet" onClick=${() => watch(true)}>Watch</button>`}
      </div>
      ${pending === 'resolve' && html`<form onSubmit=${(e) => { e.preventDefault(); act('resolve', { resolution_code: extra.resolution_code || codes[0], resolution_notes: extra.resolution_notes, resolve_incidents: extra.resolve_incidents }); }} aria-label="Resolve the problem">
        <label for="p-code">Resolution</label><select id="p-code" value=${extra.resolution_code || codes[0]} onChange=${setX('resolution_code')}>
          ${codes.map((c) => html`<option value=${c}>${words(c)}</option>`)}</select>
        <label for="p-notes">Resolution notes</label><textarea id="p-notes" value=${extra.resolution_notes} onInput=${setX('resolution_notes')}></textarea>
        ${openIncidents > 0 && html`<label><input type="checkbox" class="check" checked=${extra.resolve_incidents} onChange=${setX('resolve_incidents')} data-resolve-incidents />
          Resolve its ${openIncidents} open incident${openIncidents === 1 ? '' : 's'} too (code “problem resolved”)</label>`}
        <div class="actions"><button type="submit">Resolve</button></div></form>`}
      ${pending === 'major' && html`<form onSubmit=${(e) => { e.preventDefault(); major(true); }} aria-label="Declare a major problem">
        <label for="p-major">Why is this a major problem?</label><input id="p-major" value=${extra.major} onInput=${setX('major')} />
        <div class="actions"><button type="submit">Declare major problem</button></div></form>`}
    </div>
    <div class="columns">
    <div>
      <div class="panel" data-incidents><h3>Linked incidents</h3>
        ${inc.error ? html`<${Failure} error=${inc.error} />` : !inc.data ? html`<${Loading} />` : incidents.length === 0 ? html`<p class="muted">None yet.</p>` : html`
        <table data-incident-list><thead><tr><th>Number</th><th>Title</th><th>State</th><th>Priority</th><th>Assignee</th><th><span class="muted">unlink</span></th></tr></thead>
          <tbody>${incidents.map((i) => html`<tr><td><a href=${`#/incidents/${i.number}`}>${i.number}</a></td><td>${i.title}</td><td>${words(i.state)}</td>
            <td><span class=${`badge p${i.priority}`}>P${i.priority}</span></td><td>${i.assignee || '—'}</td>
            <td><button class="link" aria-label=${`Unlink ${i.number}`} onClick=${() => unlink(i.number)}>×</button></td></tr>`)}</tbody></table>
        ${t.incident_count > incidents.length && html`<p class="muted">The first ${incidents.length} of ${t.incident_count}.</p>`}`}
        <form onSubmit=${link} aria-label="Link incidents"><div class="grid">
          <input aria-label="Incident numbers" placeholder="INC0000001, INC0000002" value=${extra.link} onInput=${setX('link')} /></div>
          <div class="actions"><button type="submit" class="quiet">Link incidents</button></div></form>
      </div>
      <${Timeline} number=${number} comments=${com.data ? com.data.items : []} history=${his.data ? his.data.items : []} onChange=${reload} onError=${setError} />
    </div>
    <div>
      <${ApprovalsPanel} path="problems" number=${number} agent=${true} />
      <${LinkedImprovements} path="problems" number=${number} />
      <${SurveyPanel} t=${t} me=${me} />
      <div class="panel" data-workaround><h3>Workaround</h3>
        ${t.workaround ? html`<p class="text" data-field="workaround">${t.workaround}</p>` : html`<p class="muted">None recorded yet.</p>`}
        <p class="muted" data-published>${t.workaround_published_at ? `Published to the incidents ${when(t.workaround_published_at)}.` : 'Not published yet.'}</p>
        ${open && html`<form onSubmit=${publish} aria-label="Publish the workaround">
          <label for="p-publish">${t.workaround ? 'Publish it (you may change it first)' : 'Record one and publish it'}</label>
          <textarea id="p-publish" value=${extra.workaround ?? t.workaround ?? ''} onInput=${setX('workaround')}></textarea>
          <p class="hint">${openIncidents === 0 ? 'No open incident is linked yet: publishing only records when.'
            : `Each of the ${openIncidents} open linked incident${openIncidents === 1 ? '' : 's'} gets it as a work note.`}</p>
          <div class="actions"><button type="submit" class="quiet">Publish workaround</button></div></form>`}
      </div>
      ${(t.major || t.review_went_well || t.review_went_wrong || t.review_actions) && html`<div class="panel" data-review><h3>Major problem review</h3>
        ${editing === 'review' ? html`<${ProblemEdit} t=${t} names=${REVIEW} title="The review" lists=${lists} schema=${schema}
            onSaved=${saved} onCancel=${() => setEditing(null)} />` : html`
          <table class="kv"><tbody>${REVIEW.map((k) => html`<tr><th>${FIELDS[k][0]}</th><td class="text" data-field=${k}>${t[k] || html`<span class="muted">—</span>`}</td></tr>`)}</tbody></table>
          ${t.major && REVIEW.some((k) => !t[k]) && html`<p class="hint">A major problem closes only once all three are written.</p>`}
          ${!editing && html`<div class="actions"><button class="quiet" onClick=${() => setEditing('review')}>${REVIEW.some((k) => t[k]) ? 'Edit the review' : 'Write the review'}</button></div>`}`}
      </div>`}
      <div class="panel"><h3>Attachments</h3>
        ${att.data && att.data.items.length === 0 && html`<p class="muted">None.</p>`}
        <ul class="plain">${(att.data ? att.data.items : []).map((a) => html`<li><a href=${`/api/v1/attachments/${a.id}`} download=${a.filename}>${a.filename}</a>
          <span class="muted">${Math.ceil(a.size / 1024)} KiB · ${a.created_by}</span></li>`)}</ul>
        <label for="upload">Add a file</label><input id="upload" type="file" onChange=${upload} />
      </div>
      ${(t.watchers || []).length > 0 && html`<div class="panel"><h3>Watchers</h3><p>${t.watchers.join(', ')}</p></div>`}
    </div>
    </div>
  </main>`;
}

// ---- candidates ----------------------------------------------------------------

// A title for a problem raised from a candidate group, within the limit.
const candidateTitle = (g) => {
  const t = g.basis === 'ci' ? `Recurring incidents on ${g.ci_name || `CI ${g.ci}`}`
    : g.basis === 'service_category' ? `Recurring ${g.category} incidents on ${g.service}` : `Recurring: ${g.title_key}`;
  return t.slice(0, 300);
};
const BASIS = {
  ci: (g) => html`Same CI: <a href=${`#/cis/${g.ci}`}>${g.ci_name || `CI ${g.ci}`}</a>`,
  service_category: (g) => html`Same service and category: ${g.service} · ${g.category}`,
  title: (g) => html`Similar titles: “${g.title_key}”`,
};

export function Candidates({ query }) {
  const span = query.get('window') || '30d';
  const min = query.get('min') || '3';
  const list = useGet(`/api/v1/problems/candidates?${new URLSearchParams({ window: span, min })}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const go = (change_) => { location.hash = `#/problems/candidates?${new URLSearchParams({ window: span, min, ...change_ })}`; };
  const raise = async (g) => {
    setBusy(true);
    const r = await api('POST', '/api/v1/problems', { title: candidateTitle(g), incidents: g.incidents });
    setBusy(false);
    if (!r.ok) { setError(problem(r)); list.reload(); return; }
    location.hash = `#/problems/${r.json.number}`;
  };
  return html`<main class="wide">
    <div class="actions bar"><h2 class="grow">Problem candidates</h2><a class="button quiet" href="#/problems">Problems</a></div>
    <p class="muted">Groups of recent incidents not linked to a problem that share a CI, a service and category, or the words of their title.</p>
    <form class="filters" aria-label="Candidate filters" onSubmit=${(e) => e.preventDefault()}>
      <select aria-label="Window" value=${span} onChange=${(e) => go({ window: e.target.value })}>
        ${[...new Set(['7d', '14d', '30d', '90d', span])].map((w) => html`<option value=${w}>the last ${w.replace(/d$/, ' days')}</option>`)}</select>
      <select aria-label="At least" value=${min} onChange=${(e) => go({ min: e.target.value })}>
        ${[...new Set(['2', '3', '5', '10', min])].map((n) => html`<option value=${n}>at least ${n} incidents</option>`)}</select>
    </form>
    ${error && html`<${Failure} error=${error} />`}
    ${list.error ? html`<${Failure} error=${list.error} />` : !list.data ? html`<${Loading} />` : list.data.items.length === 0
      ? html`<p class="muted" data-empty>No candidates: no group of unlinked incidents is that large.</p>` : html`
      <table data-candidates><thead><tr><th>Shared</th><th>Incidents</th><th>From – to</th><th></th></tr></thead>
      <tbody>${list.data.items.map((g) => html`<tr data-candidate=${g.basis}>
        <td>${BASIS[g.basis] ? BASIS[g.basis](g) : words(g.basis)}</td>
        <td><strong>${g.count}</strong>: ${g.incidents.map((n, i) => html`${i ? ', ' : ''}<a href=${`#/incidents/${n}`}>${n}</a>`)}
          ${g.count > g.incidents.length ? html` <span class="muted">(the newest ${g.incidents.length})</span>` : ''}</td>
        <td>${day(g.first_at)} – ${day(g.last_at)}</td>
        <td><button disabled=${busy} onClick=${() => raise(g)}>Raise a problem from these incidents</button></td></tr>`)}</tbody></table>`}
  </main>`;
}

// ---- on the incident page --------------------------------------------------------

// The problem behind an incident (agents only: the API sends `problem` to
// them alone), with a way to raise one from it or link it to one.
export function IncidentProblem({ t, onChanged }) {
  const [target, setTarget] = useState('');
  const [error, setError] = useState(null);
  if (!('problem' in t)) return null;
  const patch = async (value) => {
    const r = await api('PATCH', `/api/v1/incidents/${t.number}`, { problem: value }, { 'If-Match': String(t.version) });
    if (!r.ok) return setError(problem(r));
    setError(null);
    setTarget('');
    onChanged();
    return undefined;
  };
  const raise = async () => {
    const r = await api('POST', '/api/v1/problems', { title: t.title, incidents: [t.number] });
    if (!r.ok) return setError(problem(r));
    location.hash = `#/problems/${r.json.number}`;
    return undefined;
  };
  return html`<div data-incident-problem>
    ${t.problem ? html`<p><span class="muted">Problem:</span> <a href=${`#/problems/${t.problem}`} data-problem>${t.problem}</a>${' '}
        <button class="link" onClick=${() => patch(null)}>(unlink)</button></p>`
      : html`<form onSubmit=${(e) => { e.preventDefault(); patch(target.trim()); }} aria-label="Link to a problem"><div class="grid">
        <div><button type="button" class="quiet" onClick=${raise} data-raise-problem>Raise a problem from this incident</button></div>
        <div><input aria-label="Problem number" placeholder="or link it to PRB0000001" value=${target} onInput=${(e) => setTarget(e.target.value)} /></div>
        <div><button type="submit" class="quiet">Link to problem</button></div></div></form>`}
    ${error && html`<${Failure} error=${error} />`}
  </div>`;
}
