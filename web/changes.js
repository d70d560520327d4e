// Changes, for agents only: the change list, a change's page (its type
// and state, schedule, plans and review, its computed risk explained
// factor by factor and its override, the release it is in, the actions
// its type and the caller's role allow, its tasks, its conflicts and the
// incidents it caused, the timeline), raising a change, and the standard change
// catalogue, and the risk settings admins keep.  Everything goes through the public API (/api/v1/changes…,
// /api/v1/change-tasks…, /api/v1/change-templates); end users are never
// routed here, and the API refuses them anyway.
import { html, useState, useRef, api, problem, when, words, useGet, useLive, Loading, Failure } from './lib.js';
import { LinkedImprovements } from './csi.js';
import { Timeline } from './tickets.js';

const OPEN = (state) => !['closed', 'rejected', 'canceled'].includes(state);
const TYPES = ['normal', 'standard', 'emergency'];
const RISKS = ['low', 'medium', 'high', 'very_high'];
const CODES = ['successful', 'successful_with_issues', 'failed', 'backed_out'];
const PLANS = [['implementation_plan', 'Implementation plan'], ['backout_plan', 'Back-out plan'], ['test_plan', 'Test plan'],
  ['test_results', 'Test results'], ['communication_plan', 'Communication plan'], ['pir', 'Post-implementation review']];
const ACTION_LABELS = {
  assess: 'Start assessment', submit: 'Ask for authorisation', expedite: 'Ask for emergency authorisation', authorise: 'Authorise',
  reject: 'Reject', schedule: 'Schedule', implement: 'Start implementing', complete: 'Complete', close: 'Close', cancel: 'Cancel',
};
// what an action asks for before it is sent
const ASKS = { complete: 'code', reject: 'reason', cancel: 'reason' };

// datetime-local values and RFC 3339, in the browser's zone
const local = (iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
};
const instant = (v) => (v ? new Date(v).toISOString().replace('.000Z', 'Z') : null);

// ---- the list ------------------------------------------------------------------

const QUEUES = [
  { id: 'open', label: 'Open', query: { open: 'true' } },
  { id: 'authorise', label: 'Awaiting authorisation', query: { state: 'authorise' } },
  { id: 'scheduled', label: 'Scheduled', query: { state: 'scheduled' } },
  { id: 'implement', label: 'Implementing', query: { state: 'implement' } },
  { id: 'all', label: 'All', query: {} },
];

export function ChangeList({ query }) {
  const queue = query.get('queue') || 'open';
  const q = (QUEUES.find((x) => x.id === queue) || QUEUES[0]).query;
  const list = useGet(`/api/v1/changes?${new URLSearchParams({ limit: '100', sort: '-updated_at', ...q })}`);
  useLive(() => list.reload(), 500);
  const items = list.data ? list.data.items : null;
  return html`<main class="wide">
    <div class="actions bar">
      <nav class="tabs grow" aria-label="Change queues">${QUEUES.map((x) => html`<a class="tab" href=${`#/changes?queue=${x.id}`}
        aria-current=${x.id === queue ? 'page' : undefined}>${x.label}</a>`)}</nav>
      <a class="button quiet" href="#/changes/catalogue">Standard changes</a>
      <a class="button" href="#/changes/new">New change</a>
    </div>
    ${list.error && html`<${Failure} error=${list.error} />`}
    ${items === null ? html`<${Loading} />` : items.length === 0 ? html`<p class="muted" data-empty>No changes here.</p>` : html`
    <table class="list" data-list>
      <thead><tr><th>Number</th><th>Type</th><th>Title</th><th>State</th><th>Planned start</th><th>Owner</th></tr></thead>
      <tbody>${items.map((c) => html`<tr data-change=${c.number}>
        <td><a href=${`#/changes/${c.number}`}>${c.number}</a></td><td><span class=${`badge type-${c.type}`}>${c.type}</span></td>
        <td>${c.title}</td><td>${words(c.state)}</td><td>${when(c.planned_start)}</td><td>${c.change_owner || '—'}</td></tr>`)}</tbody>
    </table>`}
  </main>`;
}

// ---- raising a change ----------------------------------------------------------

export function NewChange({ query }) {
  const [form, setForm] = useState(() => ({ type: 'normal', title: '', justification: '', implementation_plan: '', backout_plan: '',
    test_plan: '', planned_start: '', planned_end: '', template: query.get('template') || '' }));
  const [error, setError] = useState(null);
  const set = (k) => (e) => setForm((old) => ({ ...old, [k]: e.target.value }));
  const submit = async (e) => {
    e.preventDefault();
    const body = {};
    for (const [k, v] of Object.entries(form)) {
      if (v === '') continue;
      body[k] = k.startsWith('planned_') ? instant(v) : v;
    }
    if (body.template) delete body.type;
    const r = await api('POST', '/api/v1/changes', body);
    if (!r.ok) return setError(problem(r));
    location.hash = `#/changes/${r.json.number}`;
    return undefined;
  };
  const fromTemplate = form.template !== '';
  return html`<main><form class="panel" onSubmit=${submit} aria-label="New change">
    <p class="muted"><a href="#/changes">← Changes</a></p>
    <h2>${fromTemplate ? `New standard change: ${form.template}` : 'New change'}</h2>
    ${!fromTemplate && html`<label for="c-type">Type</label>
      <select id="c-type" value=${form.type} onChange=${set('type')}>${TYPES.map((t) => html`<option value=${t}>${t}</option>`)}</select>`}
    <label for="c-title">Title${fromTemplate ? html` <span class="hint">(the template's name when empty)</span>` : ''}</label>
    <input id="c-title" value=${form.title} onInput=${set('title')} />
    <label for="c-justification">Justification</label>
    <textarea id="c-justification" value=${form.justification} onInput=${set('justification')}></textarea>
    <div class="grid">
      <div><label for="c-start">Planned start</label><input id="c-start" type="datetime-local" value=${form.planned_start} onInput=${set('planned_start')} /></div>
      <div><label for="c-end">Planned end</label><input id="c-end" type="datetime-local" value=${form.planned_end} onInput=${set('planned_end')} /></div>
    </div>
    <p class="hint">${fromTemplate ? 'The risk is the template\'s.' : 'The risk is computed from the change when it is raised and whenever it changes.'}</p>
    ${!fromTemplate && PLANS.slice(0, 3).map(([k, label]) => html`<label for=${`c-${k}`}>${label}</label>
      <textarea id=${`c-${k}`} value=${form[k]} onInput=${set(k)}></textarea>`)}
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">Raise the change</button><a class="button quiet" href="#/changes">Cancel</a></div>
  </form></main>`;
}

// ---- the standard change catalogue --------------------------------------------------

export function Catalogue() {
  const list = useGet('/api/v1/change-templates');
  const items = list.data ? list.data.items.filter((t) => t.active) : null;
  return html`<main class="wide"><div class="panel">
    <p class="muted"><a href="#/changes">← Changes</a></p>
    <h2>Standard changes</h2>
    <p class="muted">Pre-approved changes: raised from here they skip assessment and authorisation.</p>
    ${list.error && html`<${Failure} error=${list.error} />`}
    ${items === null ? html`<${Loading} />` : items.length === 0 ? html`<p class="muted" data-empty>The catalogue is empty.</p>` : html`
    <table class="list" data-catalogue>
      <thead><tr><th>Name</th><th>Description</th><th>Risk</th><th>Services</th><th></th></tr></thead>
      <tbody>${items.map((t) => html`<tr data-template=${t.name}><td>${t.name}</td><td>${t.description}</td><td>${words(t.risk)}</td>
        <td>${t.services.join(', ') || '—'}</td>
        <td><a class="button" href=${`#/changes/new?template=${encodeURIComponent(t.name)}`}>Raise</a></td></tr>`)}</tbody>
    </table>`}
  </div></main>`;
}

// ---- a change's page -----------------------------------------------------------------

function Edit({ t, onSaved, onCancel }) {
  const [form, setForm] = useState(() => ({
    ...Object.fromEntries(PLANS.map(([k]) => [k, t[k] || ''])),
    justification: t.justification || '', risk: t.risk_reason ? t.risk : '', risk_reason: t.risk_reason || '',
    planned_start: local(t.planned_start), planned_end: local(t.planned_end),
  }));
  const [error, setError] = useState(null);
  const set = (k) => (e) => setForm((old) => ({ ...old, [k]: e.target.value }));
  const save = async (e) => {
    e.preventDefault();
    const body = {};
    for (const [k, v] of Object.entries(form)) {
      if (k === 'risk' || k === 'risk_reason') continue;
      const now = k.startsWith('planned_') ? instant(v) : (v === '' ? null : v);
      const was = t[k] ?? null;
      if (now !== was) body[k] = now;
    }
    // the override: a level with its reason, or back to the computed level
    if (form.risk && (form.risk !== (t.risk_reason ? t.risk : '') || form.risk_reason !== (t.risk_reason || ''))) {
      body.risk = form.risk;
      body.risk_reason = form.risk_reason;
    } else if (!form.risk && t.risk_reason) {
      body.risk = null;
    }
    const r = await api('PATCH', `/api/v1/changes/${t.number}`, body, { 'If-Match': String(t.version) });
    if (!r.ok) return setError(r.status === 412 ? 'Someone else changed this change; reload to see it.' : problem(r));
    return onSaved();
  };
  return html`<form onSubmit=${save} aria-label="Edit the change" data-edit>
    <label for="e-justification">Justification</label>
    <textarea id="e-justification" value=${form.justification} onInput=${set('justification')}></textarea>
    <div class="grid">
      <div><label for="e-start">Planned start</label><input id="e-start" type="datetime-local" value=${form.planned_start} onInput=${set('planned_start')} /></div>
      <div><label for="e-end">Planned end</label><input id="e-end" type="datetime-local" value=${form.planned_end} onInput=${set('planned_end')} /></div>
      <div><label for="e-risk">Risk override</label><select id="e-risk" value=${form.risk} onChange=${set('risk')}>
        <option value="">the computed level (${words(t.risk_computed)})</option>${RISKS.map((r) => html`<option value=${r}>${words(r)}</option>`)}</select></div>
      ${form.risk && html`<div><label for="e-risk-reason">Why (required)</label><input id="e-risk-reason" value=${form.risk_reason} onInput=${set('risk_reason')} /></div>`}
    </div>
    ${PLANS.map(([k, label]) => html`<label for=${`e-${k}`}>${label}</label><textarea id=${`e-${k}`} value=${form[k]} onInput=${set(k)}></textarea>`)}
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">Save</button><button type="button" class="quiet" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}

function Tasks({ number, open, tasks, onChange, onError }) {
  const [title, setTitle] = useState('');
  const add = async (e) => {
    e.preventDefault();
    const r = await api('POST', `/api/v1/changes/${number}/tasks`, { title });
    if (!r.ok) return onError(problem(r));
    setTitle('');
    return onChange();
  };
  const act = async (task, action) => {
    const r = await api('POST', `/api/v1/change-tasks/${task}/${action}`, {});
    return r.ok ? onChange() : onError(problem(r));
  };
  return html`<div class="panel" data-tasks><h3>Tasks</h3>
    ${tasks.length === 0 && html`<p class="muted">No tasks.</p>`}
    ${tasks.length > 0 && html`<table class="list"><thead><tr><th>Order</th><th>Task</th><th>State</th><th>Group</th><th></th></tr></thead>
      <tbody>${tasks.map((k) => html`<tr data-task=${k.number}><td>${k.task_order}</td><td>${k.number} · ${k.title}</td>
        <td data-task-state>${words(k.state)}</td><td>${k.assignment_group || '—'}</td>
        <td>${k.allowed_actions.map((a) => html`<button class="quiet" data-task-action=${a} onClick=${() => act(k.number, a)}>${words(a)}</button>`)}</td></tr>`)}</tbody></table>`}
    ${open && html`<form onSubmit=${add} aria-label="Add a task" class="inline">
      <label for="task-title">New task</label><input id="task-title" value=${title} onInput=${(e) => setTitle(e.target.value)} />
      <button type="submit">Add task</button></form>`}
  </div>`;
}

// The risk: the score and level, each factor's contribution, the override.
function RiskPanel({ t, risk }) {
  if (!risk) return html`<div class="panel" data-risk-panel><h3>Risk</h3><${Loading} /></div>`;
  return html`<div class="panel" data-risk-panel><h3>Risk: <span data-risk-level>${words(risk.level)}</span>
    <span class="muted">(score <span data-risk-score>${risk.score}</span>)</span></h3>
    ${risk.overridden ? html`<p class="hint" data-risk-override>Overridden from ${words(risk.computed)}: ${risk.reason}</p>`
    : html`<p class="muted">Computed from the factors below; levels from ${risk.thresholds.medium} (medium), ${risk.thresholds.high} (high), ${risk.thresholds.very_high} (very high).</p>`}
    <table class="list" data-risk-factors><thead><tr><th>Factor</th><th>Found</th><th>Points</th><th>Of</th></tr></thead>
      <tbody>${risk.factors.map((f) => html`<tr data-factor=${f.factor}><td>${words(f.factor)}</td><td>${f.detail}</td>
        <td data-points>${f.points}</td><td class="muted">${f.weight}</td></tr>`)}</tbody></table>
    ${t.risk_reason === null && html`<p class="hint">Edit the change to override the level (a reason is required).</p>`}
  </div>`;
}

export function Change({ number, me }) {
  const chg = useGet(`/api/v1/changes/${number}`);
  const tsk = useGet(`/api/v1/changes/${number}/tasks`);
  const inc = useGet(`/api/v1/changes/${number}/incidents`);
  const com = useGet(`/api/v1/changes/${number}/comments`);
  const his = useGet(`/api/v1/changes/${number}/history`);
  const cfl = useGet(`/api/v1/changes/${number}/conflicts`);
  const rsk = useGet(`/api/v1/changes/${number}/risk`);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(false);
  const [asking, setAsking] = useState(null);
  const [extra, setExtra] = useState({ resolution_code: 'successful', resolution_notes: '', reason: '' });
  const tasksOf = useRef([]);
  tasksOf.current = tsk.data ? tsk.data.items.map((k) => k.number) : [];
  const reload = () => Promise.all([chg.reload(), tsk.reload(), inc.reload(), com.reload(), his.reload(), cfl.reload(), rsk.reload()]);
  useLive((ev) => {
    if (ev.reset || ((ev.ticket === number || tasksOf.current.includes(ev.ticket)) && ev.actor !== me.login)) reload();
  });
  const t = chg.data;
  if (chg.error) return html`<main><${Failure} error=${chg.error} /><a href="#/changes">Back</a></main>`;
  if (!t) return html`<main><${Loading} /></main>`;
  const done = (r) => {
    if (!r.ok) return setError(problem(r));
    setError(null);
    setAsking(null);
    reload();
    return undefined;
  };
  const run = async (action) => {
    const body = action === 'complete' ? { resolution_code: extra.resolution_code, resolution_notes: extra.resolution_notes }
      : ASKS[action] === 'reason' && extra.reason ? { reason: extra.reason } : {};
    done(await api('POST', `/api/v1/changes/${number}/${action}`, body, { 'If-Match': String(t.version) }));
  };
  const click = (action) => (ASKS[action] ? setAsking(action) : run(action));
  const setX = (k) => (e) => setExtra((old) => ({ ...old, [k]: e.target.value }));
  const tasks = tsk.data ? tsk.data.items : [];
  const caused = inc.data ? inc.data.items : [];
  const conflicts = cfl.data ? cfl.data.items : [];
  return html`<main class="wide">
    <div class="panel">
      <p class="muted"><a href="#/changes">← Changes</a></p>
      <h2><span data-number>${t.number}</span> · ${t.title} <span class=${`badge type-${t.type}`} data-type>${t.type}</span></h2>
      <div class="grid">
        <div><span class="muted">State</span><br/><strong data-state>${words(t.state)}</strong></div>
        <div><span class="muted">Risk</span><br/><span data-risk>${t.risk ? words(t.risk) : 'not assessed'}</span></div>
        <div><span class="muted">Release</span><br/><span data-release>${t.release ? html`<a href=${`#/releases/${t.release}`}>${t.release}</a>` : '—'}</span></div>
        <div><span class="muted">Owner</span><br/>${t.change_owner || '—'}</div>
        <div><span class="muted">Group</span><br/>${t.assignment_group || '—'}</div>
        <div><span class="muted">Planned</span><br/><span data-planned>${when(t.planned_start)} – ${when(t.planned_end)}</span></div>
        <div><span class="muted">Actual</span><br/><span data-actual>${when(t.actual_start)} – ${when(t.actual_end)}</span></div>
        <div><span class="muted">Outage</span><br/>${t.outage_expected ? `${t.outage_minutes} minutes` : 'none expected'}</div>
        <div><span class="muted">Close code</span><br/><span data-close-code>${t.resolution_code ? words(t.resolution_code) : '—'}</span></div>
      </div>
      ${t.type === 'standard' && html`<p class="hint">A standard change is pre-approved: it needs no assessment or authorisation.</p>`}
      ${t.state === 'authorise' && html`<p class="hint" data-awaiting>Waiting for authorisation by a change manager.</p>`}
      ${editing ? html`<${Edit} t=${t} onSaved=${async () => { await reload(); setEditing(false); }} onCancel=${() => setEditing(false)} />` : html`
        ${t.justification && html`<p class="text" data-justification>${t.justification}</p>`}
        <table class="kv" data-plans><tbody>${PLANS.map(([k, label]) => html`<tr><th>${label}</th>
          <td class="text" data-field=${k}>${t[k] || html`<span class="muted">—</span>`}</td></tr>`)}</tbody></table>
        ${t.resolution_notes && html`<p data-resolution><strong>Notes:</strong> ${t.resolution_notes}</p>`}`}
      ${error && html`<${Failure} error=${error} />`}
      ${asking === 'complete' && html`<form class="inline" aria-label="Complete the change" onSubmit=${(e) => { e.preventDefault(); run('complete'); }}>
        <label for="x-code">Close code</label><select id="x-code" value=${extra.resolution_code} onChange=${setX('resolution_code')}>
          ${CODES.map((c) => html`<option value=${c}>${words(c)}</option>`)}</select>
        <label for="x-notes">Notes</label><input id="x-notes" value=${extra.resolution_notes} onInput=${setX('resolution_notes')} />
        <button type="submit">Complete</button><button type="button" class="quiet" onClick=${() => setAsking(null)}>Back</button></form>`}
      ${ASKS[asking] === 'reason' && html`<form class="inline" aria-label=${`${words(asking)} the change`} onSubmit=${(e) => { e.preventDefault(); run(asking); }}>
        <label for="x-reason">Reason</label><input id="x-reason" value=${extra.reason} onInput=${setX('reason')} />
        <button type="submit">${ACTION_LABELS[asking]}</button><button type="button" class="quiet" onClick=${() => setAsking(null)}>Back</button></form>`}
      <div class="actions" data-actions>
        ${!editing && OPEN(t.state) && html`<button class="quiet" data-edit-button onClick=${() => setEditing(true)}>Edit</button>`}
        ${!asking && t.allowed_actions.map((a) => html`<button data-action=${a} onClick=${() => click(a)}>${ACTION_LABELS[a] || words(a)}</button>`)}
      </div>
    </div>
    <${Tasks} number=${number} open=${OPEN(t.state)} tasks=${tasks} onChange=${reload} onError=${setError} />
    <div class="panel" data-conflicts><h3>Conflicts</h3>
      ${conflicts.length === 0 ? html`<p class="muted">No conflicts${t.planned_start ? '' : ' (no planned window yet)'}.</p>` : html`<ul>${conflicts.map((x) => html`<li data-conflict=${x.reason}>
        ${x.kind === 'change' ? html`<a href=${`#/changes/${x.number}`}>${x.number}</a>` : x.kind === 'incident' ? html`<a href=${`#/incidents/${x.number}`}>${x.number}</a>` : x.number}
        · ${x.title || ''} — ${words(x.reason)}${x.ci ? html` (<a href=${`#/cis/${x.ci}`}>CI ${x.ci}</a>)` : ''}${x.planned_start ? ` · ${when(x.planned_start)} – ${when(x.planned_end)}` : ''}</li>`)}</ul>`}
    </div>
    <${RiskPanel} t=${t} risk=${rsk.data} />
    <${LinkedImprovements} path="changes" number=${number} />
    <div class="panel" data-caused><h3>Incidents caused (${t.caused_incident_count})</h3>
      ${caused.length === 0 ? html`<p class="muted">None linked.</p>` : html`<ul>${caused.map((i) => html`<li><a href=${`#/incidents/${i.number}`}>${i.number}</a> · ${i.title} (${words(i.state)})</li>`)}</ul>`}
    </div>
    <${Timeline} comments=${com.data ? com.data.items : []} history=${his.data ? his.data.items : []} />
  </main>`;
}

// ---- the risk settings (admins) ----------------------------------------------------------

const SETTINGS = [
  ['weight_services', 'Services and objectives reached'], ['services_saturation', 'Reach worth the whole weight'],
  ['weight_type', 'Change type'], ['weight_failure_rate', 'Failure rate of earlier changes'],
  ['weight_caused_incidents', 'Incidents caused by earlier changes'], ['incidents_saturation', 'Incidents worth the whole weight'],
  ['weight_lead_time', 'Short notice'], ['lead_time_hours', 'Notice that counts (hours)'], ['weight_blackout', 'In a blackout'],
  ['weight_no_backout_plan', 'No back-out plan'], ['weight_no_test_plan', 'No test plan'],
  ['threshold_medium', 'Medium from'], ['threshold_high', 'High from'], ['threshold_very_high', 'Very high from'],
];

export function RiskSettings() {
  const got = useGet('/api/v1/risk-settings');
  const [form, setForm] = useState(null);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(false);
  if (got.error) return html`<main><${Failure} error=${got.error} /></main>`;
  if (!got.data) return html`<main><${Loading} /></main>`;
  const values = form || got.data;
  const set = (k) => (e) => { setSaved(false); setForm({ ...values, [k]: e.target.value === '' ? '' : Number(e.target.value) }); };
  const save = async (e) => {
    e.preventDefault();
    const body = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== got.data[k]));
    const r = await api('PATCH', '/api/v1/risk-settings', body);
    if (!r.ok) return setError(problem(r));
    setError(null);
    setForm(null);
    setSaved(true);
    return got.reload();
  };
  return html`<main><form class="panel" onSubmit=${save} aria-label="Risk settings" data-risk-settings>
    <p class="muted"><a href="#/admin">← Administration</a></p>
    <h2>Change risk</h2>
    <p class="muted">Each factor adds at most its weight to a change's score; the level is the highest threshold the score reaches.
      Changes are assessed again when they are next written.</p>
    <div class="grid">${SETTINGS.map(([k, label]) => html`<div><label for=${`r-${k}`}>${label}</label>
      <input id=${`r-${k}`} type="number" value=${values[k]} onInput=${set(k)} /></div>`)}</div>
    ${error && html`<${Failure} error=${error} />`}
    ${saved && html`<p class="hint" role="status" data-saved>Saved.</p>`}
    <div class="actions"><button type="submit">Save</button></div>
  </form></main>`;
}
