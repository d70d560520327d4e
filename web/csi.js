// Continual service improvement in the web UI (docs/surveys.md,
// docs/improvements.md): the survey a requester answers on their resolved
// ticket, the improvement register (the desk's list, an improvement's
// page with its plan, the seven steps and its KPIs as baseline -> current
// -> target, the actions the answer allows), "Suggest an improvement" for
// everyone, and the CSAT report for managers.  Everything goes through the
// public API; the survey page an email links to is served by the server
// itself, as plain HTML that needs no script.
import { html, useState, api, problem, when, day, words, useGet, Loading, Failure } from './lib.js';

// ---- the survey on a resolved ticket -------------------------------------------------

const RATINGS = [[5, 'Very satisfied'], [4, 'Satisfied'], [3, 'Neutral'], [2, 'Unsatisfied'], [1, 'Very unsatisfied']];

// On a resolved ticket (t) of any kind surveys are sent for (incidents,
// requests, problems: docs/surveys.md): the requester, the person asked,
// answers here as from the email; the desk sees the answer (rating,
// comment, when) or that it is still awaited.  Nothing when no survey was
// sent (sampling, the cool-down, a kind not surveyed).
export function SurveyPanel({ t, me }) {
  const asked = t.requester === me.login && !!t.resolved_at;
  const desk = me.role !== 'end_user' && !asked;
  const got = useGet(t.surveyed && t.resolved_at && (asked || desk) ? `/api/v1/surveys/${t.number}` : null);
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState(null);
  if (!got.data) return null;
  const v = got.data;
  if (desk) {
    return html`<div class="panel" data-survey data-desk data-answered=${v.rating ? 'yes' : undefined}><h3>Customer feedback</h3>
      ${v.rating ? html`<p><strong data-rating>${v.rating} of 5</strong> from ${v.user}${' '}
          <span class="muted" data-answered-at>· ${when(v.answered_at)}${v.channel ? ` · ${v.channel}` : ''}</span></p>
        ${v.comment ? html`<blockquote class="text" data-survey-comment>${v.comment}</blockquote>` : html`<p class="muted">No comment.</p>`}`
    : html`<p class="muted" data-awaited>Survey sent ${when(v.sent_at)}; not answered yet.</p>`}</div>`;
  }
  if (v.rating) {
    return html`<div class="panel" data-survey data-answered><h3>Your feedback</h3>
      <p>You rated this <strong data-rating>${v.rating} of 5</strong>${v.comment ? html`: “${v.comment}”` : ''}. Thank you.</p></div>`;
  }
  const send = async (e) => {
    e.preventDefault();
    const body = { rating };
    if (comment.trim()) body.comment = comment.trim();
    const r = await api('POST', `/api/v1/surveys/${t.number}`, body);
    if (!r.ok) return setError(problem(r));
    setError(null);
    return got.reload();
  };
  return html`<form class="panel" data-survey onSubmit=${send} aria-label="How did we do?">
    <h3>How did we do?</h3>
    <fieldset class="ratings"><legend>Your rating</legend>
      ${RATINGS.map(([n, label]) => html`<label><input type="radio" name="rating" value=${n} checked=${rating === n}
        onChange=${() => setRating(n)} /> ${n} — ${label}</label>`)}</fieldset>
    <label for="survey-comment">Anything to add? <span class="hint">(optional)</span></label>
    <textarea id="survey-comment" value=${comment} maxlength="2000" onInput=${(e) => setComment(e.target.value)}></textarea>
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit" disabled=${!rating}>Send feedback</button></div>
  </form>`;
}

// ---- the improvement register ---------------------------------------------------------

const STATES = ['idea', 'approved', 'in_progress', 'done', 'rejected', 'abandoned'];
const ACTION_LABELS = { approve: 'Approve', reject: 'Reject', start: 'Start', complete: 'Done', abandon: 'Abandon' };
// the seven-step improvement, in order, as the plan names them
const STEPS = [
  ['vision', 'What is the vision?'], ['current_state', 'Where are we now?'], ['target_state', 'Where do we want to be?'],
  ['plan', 'How do we get there?'], ['action_taken', 'Take action'], ['check_result', 'Did we get there?'],
  ['momentum', 'How do we keep the momentum going?'],
];
const TEXTS = [['benefits', 'Benefits expected'], ['cost', 'Cost'], ['outcome', 'Outcome notes']];
const LISTS = [['services', 'Services'], ['problems', 'Linked problems'], ['changes', 'Linked changes']];

export function ImprovementList({ query, agent }) {
  const state = query.get('state') || '';
  const got = useGet(`/api/v1/improvements?limit=100${state ? `&state=${state}` : ''}`);
  return html`<main><div class="panel">
    <h2>${agent ? 'Improvement register' : 'My improvement ideas'}</h2>
    <div class="actions"><a class="button" href="#/improvements/new">Suggest an improvement</a>
      ${agent && html`<label for="imp-state" class="inline">State</label>
      <select id="imp-state" value=${state} onChange=${(e) => { location.hash = `#/improvements${e.target.value ? `?state=${e.target.value}` : ''}`; }}>
        <option value="">any</option>${STATES.map((s) => html`<option value=${s}>${words(s)}</option>`)}</select>`}</div>
    ${got.error && html`<${Failure} error=${got.error} />`}
    ${!got.data && !got.error && html`<${Loading} />`}
    ${got.data && (got.data.items.length === 0 ? html`<p class="muted">None yet.</p>` : html`<table data-improvements>
      <thead><tr><th>Number</th><th>Title</th><th>State</th><th>Priority</th><th>Owner</th><th>Proposed by</th><th>Updated</th></tr></thead>
      <tbody>${got.data.items.map((t) => html`<tr data-number=${t.number}><td><a href=${`#/improvements/${t.number}`}>${t.number}</a></td>
        <td>${t.title}</td><td data-state>${words(t.state)}</td><td>${t.priority}</td><td>${t.assignee || '—'}</td><td>${t.requester || '—'}</td>
        <td>${when(t.updated_at)}</td></tr>`)}</tbody></table>`)}
  </div></main>`;
}

export function NewImprovement({ agent }) {
  const [form, setForm] = useState({ title: '', description: '' });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    const body = { title: form.title };
    if (form.description) body.description = form.description;
    const r = await api('POST', '/api/v1/improvements', body);
    if (!r.ok) return setError(problem(r));
    location.hash = `#/improvements/${r.json.number}`;
    return null;
  };
  return html`<main><form class="panel" onSubmit=${submit} aria-label="Suggest an improvement">
    <p class="muted"><a href="#/improvements">← ${agent ? 'Improvement register' : 'My ideas'}</a></p>
    <h2>Suggest an improvement</h2>
    <p class="muted">An idea for doing things better: a manager will look at it, and you can follow it here.</p>
    <label for="i-title">Your idea in a line</label><input id="i-title" value=${form.title} onInput=${set('title')} required />
    <label for="i-description">What would it change, and for whom?</label>
    <textarea id="i-description" value=${form.description} onInput=${set('description')}></textarea>
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">Suggest it</button></div>
  </form></main>`;
}

const num = (v) => (v == null ? '—' : String(v));

// baseline -> current -> target, as numbers and as bars on one scale
function KpiRow({ k }) {
  const current = k.available ? k.current : null;
  const max = Math.max(1, ...[k.baseline, current, k.target].filter((v) => v != null).map((v) => Math.abs(v)));
  const bar = (v, what) => (v == null ? null : html`<meter class=${what} min="0" max=${max} value=${Math.abs(v)} title=${`${what} ${v}`}></meter>`);
  return html`<tr data-kpi=${k.name}><td>${k.name}</td><td data-baseline>${num(k.baseline)}</td><td data-current>${k.available ? num(k.current) : 'not available'}</td>
    <td data-target>${num(k.target)}</td><td class="kpi-bars" aria-hidden="true">${bar(k.baseline, 'baseline')}${bar(current, 'current')}${bar(k.target, 'target')}</td></tr>`;
}

function PlanEdit({ number, plan, onSaved, onCancel }) {
  const [form, setForm] = useState(() => ({
    ...Object.fromEntries([...STEPS, ...TEXTS].map(([k]) => [k, plan[k] || ''])),
    ...Object.fromEntries(LISTS.map(([k]) => [k, plan[k].join(', ')])),
    review_at: plan.review_at ? plan.review_at.slice(0, 10) : '',
    kpis: plan.kpis.map((k) => ({ name: k.name, target: String(k.target) })),
  }));
  const [error, setError] = useState(null);
  const catalogue = useGet('/api/v1/kpis'); // the names a KPI may have, offered as the name is typed
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const setKpi = (i, k) => (e) => setForm({ ...form, kpis: form.kpis.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)) });
  const save = async (e) => {
    e.preventDefault();
    const body = {};
    for (const [k] of [...STEPS, ...TEXTS]) if ((form[k] || '') !== (plan[k] || '')) body[k] = form[k] || null;
    for (const [k] of LISTS) body[k] = form[k].split(/[\s,]+/).filter(Boolean);
    body.review_at = form.review_at ? `${form.review_at}T00:00:00Z` : null;
    body.kpis = form.kpis.filter((k) => k.name.trim()).map((k) => ({ name: k.name.trim(), target: Number(k.target) }));
    const r = await api('PATCH', `/api/v1/improvements/${number}/plan`, body);
    if (!r.ok) return setError(problem(r));
    return onSaved();
  };
  return html`<form onSubmit=${save} aria-label="Edit the plan" data-plan-form>
    ${TEXTS.map(([k, label]) => html`<label for=${`p-${k}`}>${label}</label><textarea id=${`p-${k}`} value=${form[k]} onInput=${set(k)}></textarea>`)}
    <h4>The seven steps</h4>
    ${STEPS.map(([k, label], i) => html`<label for=${`p-${k}`}>${i + 1}. ${label}</label><textarea id=${`p-${k}`} value=${form[k]} onInput=${set(k)}></textarea>`)}
    <div class="grid">
      ${LISTS.map(([k, label]) => html`<div><label for=${`p-${k}`}>${label} <span class="hint">(comma-separated)</span></label>
        <input id=${`p-${k}`} value=${form[k]} onInput=${set(k)} /></div>`)}
      <div><label for="p-review">Review date</label><input id="p-review" type="date" value=${form.review_at} onInput=${set('review_at')} /></div>
    </div>
    <h4>KPIs</h4>
    <datalist id="kpi-names">${(catalogue.data?.items || []).map((x) => html`<option value=${x.name}>${x.title}</option>`)}</datalist>
    ${form.kpis.map((k, i) => html`<div class="grid" data-kpi-input>
      <div><label for=${`p-kpi-${i}`}>KPI name</label><input id=${`p-kpi-${i}`} list="kpi-names" value=${k.name} onInput=${setKpi(i, 'name')} /></div>
      <div><label for=${`p-kpi-target-${i}`}>Target</label><input id=${`p-kpi-target-${i}`} type="number" step="0.01" value=${k.target} onInput=${setKpi(i, 'target')} /></div></div>`)}
    <div class="actions"><button type="button" class="quiet" onClick=${() => setForm({ ...form, kpis: [...form.kpis, { name: '', target: '' }] })}>Add a KPI</button></div>
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">Save the plan</button><button type="button" class="quiet" onClick=${onCancel}>Cancel</button></div>
  </form>`;
}

export function Improvement({ number, agent }) {
  const got = useGet(`/api/v1/improvements/${number}`);
  const plan = useGet(`/api/v1/improvements/${number}/plan`);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState(null);
  if (got.error) return html`<main><${Failure} error=${got.error} /></main>`;
  if (!got.data || !plan.data) return html`<main><${Loading} /></main>`;
  const t = got.data;
  const p = plan.data;
  const act = async (a) => {
    const r = await api('POST', `/api/v1/improvements/${number}/${a}`, {});
    if (!r.ok) return setError(problem(r));
    setError(null);
    got.reload();
    return plan.reload();
  };
  const text = (k, label) => html`<div data-text=${k}><h4>${label}</h4>${p[k] ? html`<p class="text">${p[k]}</p>` : html`<p class="muted">—</p>`}</div>`;
  return html`<main>
    <div class="panel">
      <p class="muted"><a href="#/improvements">← ${agent ? 'Improvement register' : 'My ideas'}</a></p>
      <h2><span class="muted">${t.number}</span> ${t.title}</h2>
      <div class="grid">
        <div><span class="muted">State</span><br/><strong data-state>${words(t.state)}</strong></div>
        <div><span class="muted">Priority</span><br/>${t.priority}</div>
        <div><span class="muted">Owner</span><br/>${t.assignee || '—'}</div>
        <div><span class="muted">Proposed by</span><br/>${t.requester || '—'}</div>
        <div><span class="muted">Service</span><br/>${t.service || '—'}</div>
        <div><span class="muted">Review</span><br/>${p.review_at ? day(p.review_at) : '—'}</div>
      </div>
      ${t.description && html`<p class="text">${t.description}</p>`}
      ${error && html`<${Failure} error=${error} />`}
      <div class="actions">${t.allowed_actions.map((a) => html`<button class="quiet" data-action=${a} onClick=${() => act(a)}>${ACTION_LABELS[a] || words(a)}</button>`)}
        ${agent && !editing && html`<button class="quiet" data-edit-plan onClick=${() => setEditing(true)}>Edit the plan</button>`}</div>
    </div>
    <div class="panel" data-kpis><h3>KPIs</h3>
      ${p.kpis.length === 0 ? html`<p class="muted">No KPI is linked yet.</p>` : html`<table>
        <thead><tr><th>KPI</th><th>Baseline</th><th>Current</th><th>Target</th><th><span class="sr-only">baseline, current and target</span></th></tr></thead>
        <tbody>${p.kpis.map((k) => html`<${KpiRow} k=${k} />`)}</tbody></table>
        <p class="hint">The baseline is captured when the improvement is approved; “not available” means the KPI cannot be measured yet.</p>`}
    </div>
    <div class="panel" data-plan>
      ${editing ? html`<${PlanEdit} number=${number} plan=${p} onSaved=${() => { setEditing(false); plan.reload(); }} onCancel=${() => setEditing(false)} />` : html`
        <h3>Plan</h3>
        <div class="columns"><div>${TEXTS.map(([k, label]) => text(k, label))}</div>
        <div>${LISTS.map(([k, label]) => html`<div data-list=${k}><h4>${label}</h4>${p[k].length ? p[k].map((x, i) => html`${i ? ', ' : ''}${k === 'services' ? x
          : html`<a href=${k === 'problems' ? `#/problems/${x}` : `#/changes/${x}`}>${x}</a>`}`) : html`<span class="muted">—</span>`}</div>`)}</div></div>
        <h3>The seven steps</h3>
        <ol class="steps">${STEPS.map(([k, label]) => html`<li>${text(k, label)}</li>`)}</ol>`}
    </div>
  </main>`;
}

// What a problem's or change's page shows of the improvements linked to it.
export function LinkedImprovements({ path, number }) {
  const got = useGet(`/api/v1/${path}/${number}/improvements`);
  if (!got.data || got.data.items.length === 0) return null;
  return html`<div class="panel" data-linked-improvements><h3>Improvements</h3>
    <ul class="plain">${got.data.items.map((t) => html`<li><a href=${`#/improvements/${t.number}`}>${t.number}</a> ${t.title} <span class="muted">${words(t.state)}</span></li>`)}</ul></div>`;
}

// ---- the CSAT report (managers) --------------------------------------------------------

const BY = ['service', 'group', 'agent', 'month', 'week', 'day'];
const pct = (v) => (v == null ? '—' : `${Math.round(v * 100)}%`);
const avg = (v) => (v == null ? '—' : v.toFixed(2));

export function CsatReport({ query }) {
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * 86400e3).toISOString().slice(0, 10);
  const by = query.get('by') || 'service';
  const from = query.get('from') || monthAgo;
  const to = query.get('to') || today;
  const q = `by=${by}&from=${from}&to=${to}`;
  const rep = useGet(`/api/v1/surveys/report?${q}`);
  const com = useGet(`/api/v1/surveys/comments?from=${from}&to=${to}`);
  const go = (k) => (e) => {
    const p = new URLSearchParams({ by, from, to, [k]: e.target.value });
    location.hash = `#/csat?${p}`;
  };
  const row = (key, x) => html`<tr data-row=${key}><th scope="row">${key}</th><td>${x.sent}</td><td>${x.answered}</td><td data-response>${pct(x.response_rate)}</td>
    <td data-csat>${pct(x.csat)}</td><td>${avg(x.average)}</td><td>${x.ratings.join(' / ')}</td></tr>`;
  return html`<main><div class="panel" data-csat-report>
    <h2>Customer satisfaction</h2>
    <p class="muted">CSAT is the share of answers rated 4 or 5; the response rate the share of surveys answered.${rep.data ? html` Days are local to <span data-tz>${rep.data.tz}</span>.` : ''}</p>
    <div class="grid">
      <div><label for="c-by">By</label><select id="c-by" value=${by} onChange=${go('by')}>${BY.map((b) => html`<option value=${b}>${b}</option>`)}</select></div>
      <div><label for="c-from">From</label><input id="c-from" type="date" value=${from} onChange=${go('from')} /></div>
      <div><label for="c-to">To</label><input id="c-to" type="date" value=${to} onChange=${go('to')} /></div>
    </div>
    ${rep.error && html`<${Failure} error=${rep.error} />`}
    ${!rep.data && !rep.error && html`<${Loading} />`}
    ${rep.data && html`<table><thead><tr><th>${by}</th><th>Sent</th><th>Answered</th><th>Response rate</th><th>CSAT</th><th>Average</th><th>Ratings 1 / 2 / 3 / 4 / 5</th></tr></thead>
      <tbody>${rep.data.rows.map((x) => row(x.key || '(none)', x))}</tbody>
      <tfoot>${row('Total', rep.data.total)}</tfoot></table>
      <div class="actions"><a class="button quiet" href=${`/api/v1/surveys/report?${q}&format=csv`} download="csat.csv">Download CSV</a></div>`}
  </div>
  <div class="panel" data-csat-comments><h3>Comments</h3>
    ${com.data && com.data.items.length === 0 && html`<p class="muted">No comments in this period.</p>`}
    <ul class="plain">${(com.data ? com.data.items : []).map((c) => html`<li data-comment-of=${c.ticket}><strong>${c.rating}/5</strong>
      <a href=${`#/incidents/${c.ticket}`}>${c.ticket}</a> <span class="muted">${c.group || '—'} · ${c.agent || '—'} · ${when(c.answered_at)}</span>
      <div class="text">${c.comment}</div></li>`)}</ul>
  </div></main>`;
}
