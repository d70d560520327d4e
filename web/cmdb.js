// Service portfolio and CMDB pages: services with their objectives, SLA,
// dependencies (drawn as a graph) and availability; CIs with attributes,
// relationships and impact; both with their incidents (open and recent)
// and their change history.
import { html, useState, useEffect, api, getAll, problem, when, words, seconds, useGet, Loading, Failure } from './lib.js';
import { changes } from './tickets.js';

export function Services({ query }) {
  const status = query.get('status') || '';
  const [list, setList] = useState({ data: null, error: null });
  useEffect(() => {
    setList({ data: null, error: null });
    getAll(`/api/v1/services?limit=200${status ? `&status=${status}` : ''}`)
      .then((r) => setList(r.error ? { data: null, error: r.error } : { data: r, error: null }));
  }, [status]);
  const wanted = query.get('name');
  useEffect(() => {
    // A link by name (from an incident) lands on the service itself.
    const hit = wanted && list.data && list.data.items.find((s) => s.name === wanted);
    if (hit) location.replace(`#/services/${hit.id}`);
  }, [list.data, wanted]);
  if (list.error) return html`<main><${Failure} error=${list.error} /></main>`;
  if (!list.data) return html`<main><${Loading} /></main>`;
  return html`<main class="wide">
    <div class="actions bar"><h2 class="grow">Services</h2>
      <select aria-label="Status" value=${status} onChange=${(e) => { location.hash = `#/services${e.target.value ? `?status=${e.target.value}` : ''}`; }}>
        <option value="">every status</option>${['pipeline', 'live', 'retired'].map((s) => html`<option value=${s}>${s}</option>`)}</select></div>
    ${list.data.items.length === 0 ? html`<p class="muted" data-empty>No services yet.</p>` : html`<table data-list>
      <thead><tr><th>Name</th><th>Kind</th><th>Status</th><th>Criticality</th><th>Owner</th><th>Support group</th><th>SLA</th></tr></thead>
      <tbody>${list.data.items.map((s) => html`<tr><td><a href=${`#/services/${s.id}`}>${s.name}</a></td><td>${s.kind}</td><td>${s.status}</td>
        <td>${s.criticality}</td><td>${s.owner || '—'}</td><td>${s.support_group || '—'}</td><td>${s.sla_policy || '—'}</td></tr>`)}</tbody></table>`}
  </main>`;
}

// Nodes in columns by depth, edges from each node to the one before it on
// its path.  Good for the tens of nodes a service has; the API truncates
// big walks and says so.
function Graph({ root, items }) {
  const cols = new Map();
  const key = (n) => `${n.kind}:${n.id}`;
  const nodes = [{ kind: root.kind, id: root.id, name: root.name, depth: 0 }, ...items];
  const pos = new Map();
  for (const n of nodes) {
    if (pos.has(key(n))) continue;
    const col = cols.get(n.depth) || [];
    col.push(n);
    cols.set(n.depth, col);
    pos.set(key(n), { x: 20 + n.depth * 220, y: 20 + (col.length - 1) * 56, n });
  }
  const edges = [];
  for (const n of items) {
    const path = n.path || [];
    const last = path[path.length - 1];
    const parent = last && last.kind === n.kind && last.id === n.id ? path[path.length - 2] : last;
    const a = parent ? pos.get(key(parent)) : pos.get(key(root));
    const b = pos.get(key(n));
    if (a && b && a !== b) edges.push({ a, b, label: (last && last.relation) || '' });
  }
  const width = 40 + Math.max(...[...cols.keys()]) * 220 + 180;
  const height = 40 + Math.max(...[...cols.values()].map((c) => c.length)) * 56;
  const trim = (s) => (s.length > 22 ? `${s.slice(0, 21)}…` : s);
  return html`<svg class="graph" viewBox=${`0 0 ${width} ${height}`} width=${width} height=${height} role="img" aria-label="Dependency graph">
    ${edges.map((e) => html`<line class="edge" x1=${e.a.x + 170} y1=${e.a.y + 18} x2=${e.b.x} y2=${e.b.y + 18}><title>${e.label}</title></line>`)}
    ${[...pos.values()].map((p) => html`<g class=${`node ${p.n.kind}`} data-node=${p.n.name}>
      <rect x=${p.x} y=${p.y} width="170" height="36" rx="6"></rect>
      <text x=${p.x + 8} y=${p.y + 23}>${trim(p.n.name)}</text><title>${p.n.kind}: ${p.n.name}</title></g>`)}
  </svg>`;
}

// The incidents on a CI or a service (base: its API path): the open ones,
// then the most recent of the others.
function Incidents({ base }) {
  const open = useGet(`${base}/incidents?open=true&limit=50`);
  const recent = useGet(`${base}/incidents?limit=10`);
  const row = (i) => html`<tr data-incident=${i.number}><td><a href=${`#/incidents/${i.number}`}>${i.number}</a></td><td>${i.title}</td>
    <td>${words(i.state)}</td><td>P${i.priority}</td><td>${i.assignment_group || '—'}</td><td>${when(i.created_at)}</td></tr>`;
  const table = (items, what) => html`<table data-list=${what}><thead><tr><th>Number</th><th>Title</th><th>State</th>
    <th>Priority</th><th>Group</th><th>Opened</th></tr></thead><tbody>${items.map(row)}</tbody></table>`;
  const failed = open.error || recent.error;
  if (failed) return html`<div class="panel"><h3>Incidents</h3><${Failure} error=${failed} /></div>`;
  if (!open.data || !recent.data) return html`<div class="panel"><h3>Incidents</h3><${Loading} /></div>`;
  const closed = recent.data.items.filter((i) => !open.data.items.some((o) => o.number === i.number));
  return html`<div class="panel" data-incidents><h3>Incidents</h3>
    <h4>Open <span class="muted" data-open-count>${open.data.items.length}${open.data.next_cursor ? '+' : ''}</span></h4>
    ${open.data.items.length === 0 ? html`<p class="muted">None open.</p>` : table(open.data.items, 'open')}
    <h4>Recent</h4>
    ${closed.length === 0 ? html`<p class="muted">No other recent incidents.</p>` : table(closed, 'recent')}
  </div>`;
}

// A history entry's lines: fields from/to, and the members a list of
// links gained and lost.
const member = (m) => (typeof m === 'string' ? m : m.name || `#${m.id}`);
const historyLines = (h) => (['relate', 'unrelate'].includes(h.action) && h.changes.type
  ? [`${h.changes.from_name?.to ?? `#${h.changes.from?.to}`} ${words(h.changes.type.to)} ${h.changes.to_name?.to ?? `#${h.changes.to?.to}`}`]
  : [...changes(h), ...Object.entries(h.changes || {})
  .filter(([, c]) => c && Array.isArray(c.added))
  .flatMap(([f, c]) => [...c.added.map((m) => `${words(f)} + ${member(m)}`), ...c.removed.map((m) => `${words(f)} − ${member(m)}`)])]);

// The change history of a record (path: its …/history), oldest first, a
// page at a time.
export function History({ path }) {
  const first = useGet(`${path}?limit=50`);
  const [more, setMore] = useState({ items: [], cursor: undefined });
  useEffect(() => setMore({ items: [], cursor: undefined }), [path]);
  if (first.error) return html`<div class="panel"><h3>History</h3><${Failure} error=${first.error} /></div>`;
  if (!first.data) return html`<div class="panel"><h3>History</h3><${Loading} /></div>`;
  const cursor = more.cursor === undefined ? first.data.next_cursor : more.cursor;
  const loadMore = async () => {
    const r = await api('GET', `${path}?limit=50&cursor=${encodeURIComponent(cursor)}`);
    if (r.ok) setMore({ items: [...more.items, ...r.json.items], cursor: r.json.next_cursor || null });
  };
  const items = [...first.data.items, ...more.items];
  return html`<div class="panel" data-history><h3>History</h3>
    ${items.length === 0 ? html`<p class="muted">No changes recorded.</p>` : html`<div class="timeline">${items.map((e) => html`
      <div class="event" data-event=${e.action}><span class="muted">${when(e.at)} · ${e.actor || 'Steward'} · ${words(e.action)}</span>
        ${historyLines(e).map((c) => html`<span class="change">${c}</span>`)}</div>`)}</div>`}
    ${cursor && html`<div class="actions"><button class="quiet" onClick=${loadMore}>Older changes</button></div>`}
  </div>`;
}

export function Service({ id, agent }) {
  const s = useGet(`/api/v1/services/${id}`);
  const deps = useGet(agent ? `/api/v1/services/${id}/dependencies?depth=4` : null);
  const [range, setRange] = useState(30);
  const [avail, setAvail] = useState(null);
  useEffect(() => {
    if (!agent) return;
    const to = new Date(), from = new Date(to.getTime() - range * 86400000);
    const stamp = (d) => `${d.toISOString().slice(0, 19)}Z`;
    api('GET', `/api/v1/services/${id}/availability?from=${stamp(from)}&to=${stamp(to)}`)
      .then((r) => setAvail(r.ok ? r.json : { error: problem(r) }));
  }, [id, range]);
  if (s.error) return html`<main><${Failure} error=${s.error} /></main>`;
  if (!s.data) return html`<main><${Loading} /></main>`;
  const v = s.data;
  return html`<main class="wide">
    <div class="panel"><p class="muted"><a href="#/services">← Services</a></p>
      <h2 data-service>${v.name}</h2>
      <div class="grid">
        <div><span class="muted">Kind</span><br/>${v.kind}</div><div><span class="muted">Status</span><br/>${v.status}</div>
        <div><span class="muted">Criticality</span><br/>${v.criticality}</div><div><span class="muted">Owner</span><br/>${v.owner || '—'}</div>
        <div><span class="muted">Support group</span><br/>${v.support_group || '—'}</div><div><span class="muted">SLA policy</span><br/>${v.sla_policy || '—'}</div>
        <div><span class="muted">Availability target</span><br/>${v.availability_target != null ? `${v.availability_target} %` : '—'}</div>
        <div><span class="muted">Annual cost</span><br/>${v.annual_cost != null ? `${v.annual_cost.toLocaleString()} ${v.cost_centre ? `(${v.cost_centre})` : ''}` : '—'}</div>
        <div><span class="muted">Risk</span><br/>${v.risk || '—'}</div>
      </div>
      ${v.description && html`<p class="text">${v.description}</p>`}
      ${v.risk_notes && html`<p><span class="muted">Risk notes:</span> ${v.risk_notes}</p>`}
      <p><span class="muted">Serves:</span> ${(v.objectives || []).join(', ') || '—'}</p>
      ${(v.links || []).length > 0 && html`<p><span class="muted">Documents:</span> ${v.links.map((l, i) => html`${i ? ', ' : ''}${/^https?:\/\//i.test(l) ? html`<a href=${l} rel="noopener noreferrer">${l}</a>` : l}`)}</p>`}
    </div>
    ${agent && html`<div class="panel"><h3>Availability</h3>
      <div class="actions">${[7, 30, 90, 365].map((d) => html`<button class="tab" aria-current=${range === d ? 'page' : undefined} onClick=${() => setRange(d)}>${d} days</button>`)}</div>
      ${!avail ? html`<${Loading} />` : avail.error ? html`<${Failure} error=${avail.error} />` : html`<p data-availability>
        <strong class=${avail.met === false ? 'error' : 'ok'}>${avail.availability.toFixed(3)} %</strong>
        ${avail.target != null ? ` against a target of ${avail.target} %` : ''} · downtime ${Math.round(avail.downtime_seconds / 60)} min · ${avail.outages.length} outage(s)</p>
        ${avail.failures > 0 && html`<p class="muted" data-reliability>${avail.failures} failure(s) · MTRS ${seconds(avail.mtrs_seconds)} · MTBF ${seconds(avail.mtbf_seconds)} · MTBSI ${seconds(avail.mtbsi_seconds)}</p>`}`}
    </div>`}
    ${agent && html`<div class="panel"><h3>Depends on</h3>
      ${deps.error ? html`<${Failure} error=${deps.error} />` : !deps.data ? html`<${Loading} />` : deps.data.items.length === 0
        ? html`<p class="muted">Nothing recorded.</p>` : html`<div class="scroll"><${Graph} root=${deps.data.from} items=${deps.data.items} /></div>
          ${deps.data.truncated && html`<p class="muted">The walk stopped at its limit; deeper dependencies are not drawn.</p>`}`}
    </div>`}
    ${agent && html`<${Incidents} base=${`/api/v1/services/${id}`} />`}
    ${agent && html`<${History} path=${`/api/v1/services/${id}/history`} />`}
  </main>`;
}

export function Cis({ query }) {
  const [classes, setClasses] = useState([]);
  const q = query.get('q') || '', cls = query.get('class') || '', status = query.get('status') || '';
  const params = new URLSearchParams({ limit: '100' });
  if (q) params.set('q', q);
  if (cls) params.set('class', cls);
  if (status) params.set('status', status);
  const list = useGet(`/api/v1/cis?${params}`);
  // More pages are appended by "Load more"; a new search starts again.
  const [more, setMore] = useState({ items: [], cursor: undefined });
  useEffect(() => setMore({ items: [], cursor: undefined }), [params.toString()]);
  const cursor = more.cursor === undefined ? list.data && list.data.next_cursor : more.cursor;
  const loadMore = async () => {
    const r = await api('GET', `/api/v1/cis?${params}&cursor=${encodeURIComponent(cursor)}`);
    if (r.ok) setMore({ items: [...more.items, ...r.json.items], cursor: r.json.next_cursor || null });
  };
  useEffect(() => { api('GET', '/api/v1/ci-classes').then((r) => r.ok && setClasses(r.json.items.map((c) => c.name))); }, []);
  const go = (change) => {
    const p = new URLSearchParams(Object.entries({ q, class: cls, status, ...change }).filter(([, v]) => v));
    location.hash = `#/cis${p.toString() ? `?${p}` : ''}`;
  };
  return html`<main class="wide">
    <div class="actions bar"><h2 class="grow">Configuration items</h2></div>
    <form class="filters" onSubmit=${(e) => { e.preventDefault(); go({ q: e.target.elements.q.value }); }} aria-label="Filters">
      <input name="q" type="search" aria-label="Name" placeholder="Name contains" value=${q} />
      <select aria-label="Class" value=${cls} onChange=${(e) => go({ class: e.target.value })}><option value="">every class</option>
        ${classes.map((c) => html`<option value=${c}>${c}</option>`)}</select>
      <select aria-label="Status" value=${status} onChange=${(e) => go({ status: e.target.value })}><option value="">every status</option>
        ${['planned', 'in_service', 'maintenance', 'retired'].map((s) => html`<option value=${s}>${words(s)}</option>`)}</select>
      <button type="submit" class="quiet">Search</button></form>
    ${list.error ? html`<${Failure} error=${list.error} />` : !list.data ? html`<${Loading} />` : list.data.items.length === 0
      ? html`<p class="muted" data-empty>No CIs match.</p>` : html`<table data-list>
      <thead><tr><th>Name</th><th>Class</th><th>Status</th><th>Environment</th><th>Owner</th><th>Support group</th></tr></thead>
      <tbody>${[...list.data.items, ...more.items].map((c) => html`<tr><td><a href=${`#/cis/${c.id}`}>${c.name}</a></td><td>${c.class}</td><td>${words(c.status)}</td>
        <td>${c.environment || '—'}</td><td>${c.owner || '—'}</td><td>${c.support_group || '—'}</td></tr>`)}</tbody></table>
      ${cursor && html`<div class="actions"><button class="quiet" onClick=${loadMore}>Load more</button></div>`}`}
  </main>`;
}

// A CI as it was at a moment the agent picks (GET …?as_of=), beside the
// history it is folded from.
function AsOf({ id }) {
  const [at, setAt] = useState('');
  const [view, setView] = useState(null);
  const show = async (e) => {
    e.preventDefault();
    if (!at) return;
    const r = await api('GET', `/api/v1/cis/${id}?as_of=${encodeURIComponent(new Date(at).toISOString().replace(/\.\d+Z$/, 'Z'))}`);
    setView(r.ok ? { ci: r.json } : { error: problem(r) });
  };
  const c = view && view.ci;
  return html`<div class="panel" data-as-of><h3>As it was</h3>
    <form class="filters" onSubmit=${show}><label for="as-of">At</label>
      <input id="as-of" type="datetime-local" step="1" value=${at} onInput=${(e) => setAt(e.target.value)} />
      <button type="submit" class="quiet">Show</button></form>
    ${view && view.error && html`<${Failure} error=${view.error} />`}
    ${c && html`<table class="kv" data-as-of-view><tbody>
      <tr><th>Version</th><td>${c.version} (changed ${when(c.updated_at)})</td></tr>
      ${[['Name', c.name], ['Status', words(c.status)], ['Environment', c.environment || '—'], ['Location', c.location || '—'],
        ['Owner', c.owner || '—'], ['Support group', c.support_group || '—']].map(([k, v]) => html`<tr><th>${k}</th><td>${v}</td></tr>`)}
      ${Object.entries(c.attributes || {}).map(([k, v]) => html`<tr><th>${k}</th><td>${String(v)}</td></tr>`)}</tbody></table>`}
  </div>`;
}

export function Ci({ id }) {
  const ci = useGet(`/api/v1/cis/${id}`);
  const rel = useGet(`/api/v1/cis/${id}/relations`);
  const imp = useGet(`/api/v1/cis/${id}/impact?depth=6`);
  if (ci.error) return html`<main><${Failure} error=${ci.error} /></main>`;
  if (!ci.data) return html`<main><${Loading} /></main>`;
  const c = ci.data;
  const end = (x) => (x && x.id ? html`<a href=${`#/cis/${x.id}`}>${x.name || `CI ${x.id}`}</a>` : '—');
  return html`<main class="wide">
    <div class="panel"><p class="muted"><a href="#/cis">← Configuration items</a></p>
      <h2 data-ci>${c.name}</h2>
      <div class="grid">
        <div><span class="muted">Class</span><br/>${c.class}</div><div><span class="muted">Status</span><br/>${words(c.status)}</div>
        <div><span class="muted">Environment</span><br/>${c.environment || '—'}</div><div><span class="muted">Location</span><br/>${c.location || '—'}</div>
        <div><span class="muted">Owner</span><br/>${c.owner || '—'}</div><div><span class="muted">Support group</span><br/>${c.support_group || '—'}</div>
        <div><span class="muted">External id</span><br/>${c.external_id || '—'}</div><div><span class="muted">Updated</span><br/>${when(c.updated_at)}</div>
      </div>
      ${Object.keys(c.attributes || {}).length > 0 && html`<h3>Attributes</h3><table class="kv"><tbody>
        ${Object.entries(c.attributes).map(([k, v]) => html`<tr><th>${k}</th><td>${String(v)}</td></tr>`)}</tbody></table>`}
    </div>
    <div class="columns">
      <div class="panel"><h3>Relationships</h3>
        ${rel.error ? html`<${Failure} error=${rel.error} />` : !rel.data ? html`<${Loading} />` : rel.data.items.length === 0 ? html`<p class="muted">None.</p>`
          : html`<ul class="plain">${rel.data.items.map((r) => html`<li>${end(r.from)} <span class="muted">${words(r.type)}</span> ${end(r.to)}</li>`)}</ul>`}
      </div>
      <div class="panel"><h3>Impact</h3>
        ${imp.error ? html`<${Failure} error=${imp.error} />` : !imp.data ? html`<${Loading} />` : imp.data.items.filter((n) => n.kind !== 'ci').length === 0
          ? html`<p class="muted">No service depends on this CI.</p>` : html`<ul class="plain" data-impact>
          ${imp.data.items.filter((n) => n.kind !== 'ci').map((n) => html`<li><strong>${n.kind === 'service' ? html`<a href=${`#/services/${n.id}`}>${n.name}</a>` : n.name}</strong>
            <span class="muted">${n.kind}, depth ${n.depth}: ${(n.path || []).map((p) => p.name).join(' → ')}</span></li>`)}</ul>`}
        ${imp.data && imp.data.truncated && html`<p class="muted">The walk stopped at its limit.</p>`}
      </div>
    </div>
    <${Incidents} base=${`/api/v1/cis/${id}`} />
    <div class="columns">
      <${History} path=${`/api/v1/cis/${id}/history`} />
      <${AsOf} id=${id} />
    </div>
  </main>`;
}
