// Steward's web UI: Preact + htm as plain ES modules, talking only to the
// public JSON API.  Hash routes: #/ the queues (agents) or my requests (end
// users), #/new raise an incident, #/incidents/NUMBER one incident.
import { html, render, useState, useEffect, useCallback } from './vendor.js';

let csrf = null;

async function api(method, path, body, headers = {}) {
  const h = { ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
  const r = await fetch(path, { method, headers: h, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: r.status, ok: r.ok, json, etag: r.headers.get('ETag') };
}

const problem = (r) => (r.json && (r.json.errors ? r.json.errors.map((e) => `${e.field}: ${e.detail}`).join('; ') : r.json.detail)) || `error ${r.status}`;
const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
const left = (s) => {
  const a = Math.abs(s), h = Math.floor(a / 3600), m = Math.floor((a % 3600) / 60);
  return `${h}h ${String(m).padStart(2, '0')}m`;
};

function useRoute() {
  const [route, setRoute] = useState(location.hash || '#/');
  useEffect(() => {
    const on = () => setRoute(location.hash || '#/');
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

function Login({ onIn }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    const r = await api('POST', '/api/v1/auth/login', { login, password });
    if (!r.ok) return setError(r.status === 429 ? 'Too many attempts; wait a moment.' : 'The login or password is wrong.');
    csrf = r.json.csrf_token;
    onIn(r.json.user);
  };
  return html`<main><form class="panel" onSubmit=${submit} aria-label="Log in">
    <h2>Log in to Steward</h2>
    <label for="login">Login</label><input id="login" autocomplete="username" value=${login} onInput=${(e) => setLogin(e.target.value)} />
    <label for="password">Password</label><input id="password" type="password" autocomplete="current-password" value=${password} onInput=${(e) => setPassword(e.target.value)} />
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="actions"><button type="submit">Log in</button></div>
  </form></main>`;
}

const QUEUES = [
  { id: 'mine', label: 'My work', query: (me) => `assignee=${encodeURIComponent(me.login)}` },
  { id: 'unassigned', label: 'Unassigned', query: () => 'assignee=none' },
  { id: 'major', label: 'Major incidents', query: () => 'major=true' },
  { id: 'all', label: 'All', query: () => '' },
];

function List({ me, agent }) {
  const [queue, setQueue] = useState(agent ? 'unassigned' : 'all');
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    const q = QUEUES.find((x) => x.id === queue);
    api('GET', `/api/v1/incidents?limit=50&${q.query(me)}`).then((r) => (r.ok ? setItems(r.json.items) : setError(problem(r))));
  }, [queue]);
  return html`<main>
    <div class="actions bar">
      ${agent ? QUEUES.map((q) => html`<button class="tab" aria-current=${queue === q.id ? 'page' : undefined} onClick=${() => setQueue(q.id)}>${q.label}</button>`)
        : html`<h2 class="grow">My requests</h2>`}
      <a class="button" href="#/new">Raise an incident</a>
    </div>
    ${error && html`<p class="error">${error}</p>`}
    ${items === null ? html`<p class="muted">Loading…</p>` : items.length === 0 ? html`<p class="muted" data-empty>Nothing here.</p>` : html`
    <table><thead><tr><th>Number</th><th>Title</th><th>State</th><th>Priority</th><th>Group</th><th>Assignee</th><th>Updated</th></tr></thead>
    <tbody>${items.map((t) => html`<tr>
      <td><a href=${`#/incidents/${t.number}`}>${t.number}</a></td><td>${t.title}</td><td>${t.state.replace('_', ' ')}</td>
      <td><span class=${`badge p${t.priority}`}>P${t.priority}</span></td><td>${t.assignment_group || '—'}</td><td>${t.assignee || '—'}</td><td>${when(t.updated_at)}</td>
    </tr>`)}</tbody></table>`}
  </main>`;
}

function NewIncident() {
  const [templates, setTemplates] = useState([]);
  const [form, setForm] = useState({ title: '', description: '', template: '' });
  const [error, setError] = useState(null);
  useEffect(() => { api('GET', '/api/v1/templates').then((r) => r.ok && setTemplates(r.json.items)); }, []);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    const body = {};
    if (form.template) body.template = form.template;
    if (form.title) body.title = form.title;
    if (form.description) body.description = form.description;
    const r = await api('POST', '/api/v1/incidents', body);
    if (!r.ok) return setError(problem(r));
    location.hash = `#/incidents/${r.json.number}`;
  };
  return html`<main><form class="panel" onSubmit=${submit} aria-label="Raise an incident">
    <h2>Raise an incident</h2>
    ${templates.length > 0 && html`<label for="template">Start from</label>
      <select id="template" value=${form.template} onChange=${set('template')}><option value="">— nothing —</option>
      ${templates.map((t) => html`<option value=${t.name}>${t.name}</option>`)}</select>`}
    <label for="title">What is wrong?</label><input id="title" value=${form.title} onInput=${set('title')} maxlength="300" />
    <label for="description">Details</label><textarea id="description" value=${form.description} onInput=${set('description')}></textarea>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="actions"><button type="submit">Raise it</button><a class="button quiet" href="#/">Cancel</a></div>
  </form></main>`;
}

const ACTION_LABELS = { start: 'Start work', hold: 'Put on hold', resolve: 'Resolve', reopen: 'Reopen', close: 'Confirm and close', cancel: 'Cancel' };

function Incident({ number, me, agent }) {
  const [t, setT] = useState(null);
  const [comments, setComments] = useState([]);
  const [error, setError] = useState(null);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [pending, setPending] = useState(null); // hold or resolve asks for more
  const [extra, setExtra] = useState({ reason: 'awaiting_caller', resolution_code: 'fixed', resolution_notes: '' });
  const load = useCallback(async () => {
    const [a, b] = await Promise.all([api('GET', `/api/v1/incidents/${number}`), api('GET', `/api/v1/incidents/${number}/comments`)]);
    if (!a.ok) return setError(problem(a));
    setT(a.json);
    setComments(b.ok ? b.json.items : []);
  }, [number]);
  useEffect(() => { load(); }, [load]);
  if (error) return html`<main><p class="error">${error}</p><a href="#/">Back</a></main>`;
  if (!t) return html`<main><p class="muted">Loading…</p></main>`;
  const act = async (action, payload = {}) => {
    const r = await api('POST', `/api/v1/incidents/${number}/${action}`, payload, { 'If-Match': String(t.version) });
    if (!r.ok) return setError(problem(r));
    setPending(null);
    load();
  };
  const assignToMe = async () => {
    const r = await api('PATCH', `/api/v1/incidents/${number}`, { assignee: me.login }, { 'If-Match': String(t.version) });
    if (!r.ok) return setError(problem(r));
    load();
  };
  const comment = async (e) => {
    e.preventDefault();
    const r = await api('POST', `/api/v1/incidents/${number}/comments`, { body, internal });
    if (!r.ok) return setError(problem(r));
    setBody('');
    setInternal(false);
    load();
  };
  const setX = (k) => (e) => setExtra({ ...extra, [k]: e.target.value });
  return html`<main>
    <div class="panel">
      <p class="muted"><a href="#/">← Back</a></p>
      <h2><span data-number>${t.number}</span> · ${t.title}</h2>
      <div class="grid">
        <div><span class="muted">State</span><br/><strong data-state>${t.state.replace('_', ' ')}</strong></div>
        <div><span class="muted">Priority</span><br/><span class=${`badge p${t.priority}`}>P${t.priority}</span></div>
        <div><span class="muted">Requester</span><br/>${t.requester}</div>
        <div><span class="muted">Group</span><br/>${t.assignment_group || '—'}</div>
        <div><span class="muted">Assignee</span><br/><span data-assignee>${t.assignee || '—'}</span></div>
        <div><span class="muted">Updated</span><br/>${when(t.updated_at)}</div>
        ${(t.sla || []).map((k) => html`<div><span class="muted">${k.metric} SLA</span><br/>
          <span class=${`sla ${k.breached ? 'breached' : ''}`}>${k.state === 'stopped' ? (k.breached ? 'missed' : 'met') : k.paused ? 'paused' : `${left(k.remaining)} left`}</span></div>`)}
      </div>
      ${t.description && html`<p>${t.description}</p>`}
      ${t.resolution_notes && html`<p><strong>Resolution:</strong> ${t.resolution_notes}</p>`}
      <div class="actions">
        ${agent && !t.assignee && t.allowed_actions.length > 0 && html`<button class="quiet" onClick=${assignToMe}>Assign to me</button>`}
        ${t.allowed_actions.map((a) => html`<button class="quiet" data-action=${a}
          onClick=${() => (a === 'hold' || a === 'resolve' ? setPending(a) : act(a))}>${ACTION_LABELS[a] || a}</button>`)}
      </div>
      ${pending === 'hold' && html`<form onSubmit=${(e) => { e.preventDefault(); act('hold', { reason: extra.reason }); }}>
        <label for="reason">Waiting for</label><select id="reason" value=${extra.reason} onChange=${setX('reason')}>
          <option value="awaiting_caller">the caller</option><option value="awaiting_change">a change</option><option value="awaiting_vendor">a vendor</option></select>
        <div class="actions"><button type="submit">Put on hold</button></div></form>`}
      ${pending === 'resolve' && html`<form onSubmit=${(e) => { e.preventDefault(); act('resolve', { resolution_code: extra.resolution_code, resolution_notes: extra.resolution_notes }); }}>
        <label for="code">Resolution</label><select id="code" value=${extra.resolution_code} onChange=${setX('resolution_code')}>
          ${['fixed', 'workaround', 'not_reproducible', 'duplicate', 'user_error', 'other'].map((c) => html`<option value=${c}>${c.replace('_', ' ')}</option>`)}</select>
        <label for="notes">Resolution notes</label><textarea id="notes" value=${extra.resolution_notes} onInput=${setX('resolution_notes')}></textarea>
        <div class="actions"><button type="submit">Resolve</button></div></form>`}
    </div>
    <div class="panel">
      <h3>Conversation</h3>
      ${comments.length === 0 && html`<p class="muted">No comments yet.</p>`}
      ${comments.map((c) => html`<div class=${`comment ${c.internal ? 'internal' : ''}`} data-comment>
        <div class="muted">${c.author} · ${when(c.created_at)}${c.internal ? ' · internal work note' : ''}</div><div>${c.body}</div></div>`)}
      <form onSubmit=${comment} aria-label="Add a comment">
        <label for="comment">${internal ? 'Work note (only the desk sees it)' : 'Reply'}</label>
        <textarea id="comment" value=${body} onInput=${(e) => setBody(e.target.value)}></textarea>
        ${agent && html`<label><input type="checkbox" class="check" checked=${internal} onChange=${(e) => setInternal(e.target.checked)} /> Internal work note</label>`}
        <div class="actions"><button type="submit">${internal ? 'Add work note' : 'Send reply'}</button></div>
      </form>
    </div>
  </main>`;
}

function App() {
  const [me, setMe] = useState(undefined);
  const route = useRoute();
  useEffect(() => {
    api('GET', '/api/v1/me').then((r) => {
      if (r.ok) csrf = r.json.csrf_token || null;
      setMe(r.ok ? r.json : null);
    });
  }, []);
  if (me === undefined) return html`<main><p class="muted">Loading…</p></main>`;
  if (me === null) return html`<${Login} onIn=${setMe} />`;
  const agent = me.role !== 'end_user';
  const logout = async () => { await api('POST', '/api/v1/auth/logout'); csrf = null; setMe(null); location.hash = '#/'; };
  const m = route.match(/^#\/incidents\/([A-Z]+\d+)$/);
  return html`<div>
    <header><h1>Steward</h1><nav><a class="tab" href="#/">${agent ? 'Queues' : 'My requests'}</a></nav>
      <span class="muted" data-me>${me.name || me.login}</span><button class="quiet" onClick=${logout}>Log out</button></header>
    ${m ? html`<${Incident} key=${m[1]} number=${m[1]} me=${me} agent=${agent} />` : route === '#/new' ? html`<${NewIncident} />` : html`<${List} me=${me} agent=${agent} />`}
  </div>`;
}

render(html`<${App} />`, document.getElementById('app'));
