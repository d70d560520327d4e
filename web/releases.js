// Releases, for agents only: the release list, raising a release, and a
// release's page (version, type, stage dates and deployment window, the
// changes it groups — added and taken out here —, its readiness, the
// go/no-go decision with a reason where one is needed, the rendered
// release notes, the timeline).  Everything goes through the public API
// (/api/v1/releases…); end users are never routed here.
import { html, useState, api, problem, when, words, useGet, useLive, Loading, Failure } from './lib.js';
import { Timeline } from './tickets.js';

const TYPES = ['minor', 'major', 'emergency'];
const LABELS = { build: 'Start building', test: 'Start testing', go: 'Go', no_go: 'No go', close: 'Close', cancel: 'Cancel' };
// what an action asks for before it is sent
const ASKS = { no_go: true, cancel: true };
const STAGES = [['build', 'Build'], ['test', 'Test'], ['deploy', 'Deploy']];
const Safe = ({ html: h, ...rest }) => html`<div ...${rest} dangerouslySetInnerHTML=${{ __html: h }} />`;
const instant = (v) => (v ? new Date(v).toISOString().replace('.000Z', 'Z') : null);

export function ReleaseList() {
  const list = useGet('/api/v1/releases?limit=100&sort=-updated_at');
  useLive(() => list.reload(), 500);
  const items = list.data ? list.data.items : null;
  return html`<main class="wide">
    <div class="actions bar"><h2 class="grow">Releases</h2><a class="button" href="#/releases/new">New release</a></div>
    ${list.error && html`<${Failure} error=${list.error} />`}
    ${items === null ? html`<${Loading} />` : items.length === 0 ? html`<p class="muted" data-empty>No releases yet.</p>` : html`
    <table class="list" data-list>
      <thead><tr><th>Number</th><th>Version</th><th>Type</th><th>Title</th><th>State</th><th>Deployment window</th></tr></thead>
      <tbody>${items.map((r) => html`<tr data-release=${r.number}>
        <td><a href=${`#/releases/${r.number}`}>${r.number}</a></td><td>${r.release_version}</td><td>${r.release_type}</td>
        <td>${r.title}</td><td>${words(r.state)}</td><td>${when(r.window_start)} – ${when(r.window_end)}</td></tr>`)}</tbody>
    </table>`}
  </main>`;
}

export function NewRelease() {
  const [form, setForm] = useState({ title: '', release_version: '', release_type: 'minor', window_start: '', window_end: '', release_notes: '' });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setForm((old) => ({ ...old, [k]: e.target.value }));
  const submit = async (e) => {
    e.preventDefault();
    const body = {};
    for (const [k, v] of Object.entries(form)) if (v !== '') body[k] = k.startsWith('window_') ? instant(v) : v;
    const r = await api('POST', '/api/v1/releases', body);
    if (!r.ok) return setError(problem(r));
    location.hash = `#/releases/${r.json.number}`;
    return undefined;
  };
  return html`<main><form class="panel" onSubmit=${submit} aria-label="New release">
    <p class="muted"><a href="#/releases">← Releases</a></p>
    <h2>New release</h2>
    <label for="r-title">Title</label><input id="r-title" value=${form.title} onInput=${set('title')} />
    <div class="grid">
      <div><label for="r-version">Version</label><input id="r-version" value=${form.release_version} onInput=${set('release_version')} /></div>
      <div><label for="r-type">Type</label><select id="r-type" value=${form.release_type} onChange=${set('release_type')}>
        ${TYPES.map((t) => html`<option value=${t}>${t}</option>`)}</select></div>
      <div><label for="r-start">Deployment window from</label><input id="r-start" type="datetime-local" value=${form.window_start} onInput=${set('window_start')} /></div>
      <div><label for="r-end">to</label><input id="r-end" type="datetime-local" value=${form.window_end} onInput=${set('window_end')} /></div>
    </div>
    <label for="r-notes">Release notes (Markdown)</label><textarea id="r-notes" value=${form.release_notes} onInput=${set('release_notes')}></textarea>
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">Raise the release</button><a class="button quiet" href="#/releases">Cancel</a></div>
  </form></main>`;
}

function Changes({ t, items, onChange, onError }) {
  const [adding, setAdding] = useState('');
  const add = async (e) => {
    e.preventDefault();
    const r = await api('POST', `/api/v1/releases/${t.number}/changes`, { changes: adding.split(/[\s,]+/).filter(Boolean) });
    if (!r.ok) return onError(problem(r));
    setAdding('');
    return onChange();
  };
  const remove = async (c) => {
    const r = await api('DELETE', `/api/v1/releases/${t.number}/changes/${c}`);
    return r.ok ? onChange() : onError(problem(r));
  };
  const open = !['closed', 'canceled'].includes(t.state);
  return html`<div class="panel" data-release-changes><h3>Changes</h3>
    ${items.length === 0 ? html`<p class="muted">No changes yet.</p>` : html`<table class="list"><thead><tr><th>Change</th><th>State</th><th>Risk</th><th></th></tr></thead>
      <tbody>${items.map((c) => html`<tr data-change=${c.number}><td><a href=${`#/changes/${c.number}`}>${c.number}</a> · ${c.title}</td>
        <td>${words(c.state)}</td><td>${words(c.risk)}</td>
        <td>${open && html`<button class="quiet" data-remove=${c.number} onClick=${() => remove(c.number)}>Take out</button>`}</td></tr>`)}</tbody></table>`}
    ${open && html`<form class="inline" onSubmit=${add} aria-label="Add changes">
      <label for="add-changes">Add changes (numbers)</label><input id="add-changes" value=${adding} onInput=${(e) => setAdding(e.target.value)} />
      <button type="submit">Add</button></form>`}
  </div>`;
}

export function Release({ number, me }) {
  const rel = useGet(`/api/v1/releases/${number}`);
  const chs = useGet(`/api/v1/releases/${number}/changes`);
  const rdy = useGet(`/api/v1/releases/${number}/readiness`);
  const nts = useGet(`/api/v1/releases/${number}/notes`);
  const com = useGet(`/api/v1/releases/${number}/comments`);
  const his = useGet(`/api/v1/releases/${number}/history`);
  const [error, setError] = useState(null);
  const [asking, setAsking] = useState(null);
  const [reason, setReason] = useState('');
  const reload = () => Promise.all([rel.reload(), chs.reload(), rdy.reload(), nts.reload(), com.reload(), his.reload()]);
  useLive((ev) => { if (ev.reset || (ev.actor !== me.login)) reload(); });
  const t = rel.data;
  if (rel.error) return html`<main><${Failure} error=${rel.error} /><a href="#/releases">Back</a></main>`;
  if (!t) return html`<main><${Loading} /></main>`;
  const ready = rdy.data;
  const run = async (action) => {
    const r = await api('POST', `/api/v1/releases/${number}/${action}`, reason ? { reason } : {}, { 'If-Match': String(t.version) });
    if (!r.ok) {
      // a go refused for readiness may be overridden with a reason
      if (r.status === 409 && action === 'go') setAsking('go');
      return setError(problem(r));
    }
    setError(null);
    setAsking(null);
    setReason('');
    return reload();
  };
  const click = (a) => (ASKS[a] ? setAsking(a) : run(a));
  return html`<main class="wide">
    <div class="panel">
      <p class="muted"><a href="#/releases">← Releases</a></p>
      <h2><span data-number>${t.number}</span> · ${t.title} <span class="badge" data-version>${t.release_version}</span></h2>
      <div class="grid">
        <div><span class="muted">State</span><br/><strong data-state>${words(t.state)}</strong></div>
        <div><span class="muted">Type</span><br/>${t.release_type}</div>
        <div><span class="muted">Deployment window</span><br/>${when(t.window_start)} – ${when(t.window_end)}</div>
        <div><span class="muted">Decision</span><br/><span data-decision>${t.go_decision ? words(t.go_decision) : '—'}${t.go_reason ? ` (${t.go_reason})` : ''}</span></div>
      </div>
      <table class="kv" data-stages><thead><tr><th>Stage</th><th>Planned</th><th>Actual</th></tr></thead>
        <tbody>${STAGES.map(([k, label]) => html`<tr><th>${label}</th><td>${when(t[`${k}_planned`])}</td><td data-actual=${k}>${when(t[`${k}_actual`])}</td></tr>`)}</tbody></table>
      ${error && html`<${Failure} error=${error} />`}
      ${asking && html`<form class="inline" aria-label=${`${words(asking)} with a reason`} onSubmit=${(e) => { e.preventDefault(); run(asking); }}>
        <label for="x-reason">${asking === 'go' ? 'Reason to go although not ready' : 'Reason'}</label>
        <input id="x-reason" value=${reason} onInput=${(e) => setReason(e.target.value)} />
        <button type="submit">${LABELS[asking]}</button><button type="button" class="quiet" onClick=${() => { setAsking(null); setError(null); }}>Back</button></form>`}
      <div class="actions" data-actions>${!asking && t.allowed_actions.map((a) => html`<button data-action=${a} onClick=${() => click(a)}>${LABELS[a] || words(a)}</button>`)}</div>
    </div>
    <div class="panel" data-readiness><h3>Readiness: <span data-ready>${ready ? (ready.ready ? 'ready' : 'not ready') : '…'}</span></h3>
      ${ready && ready.missing.length > 0 && html`<ul>${ready.missing.map((m) => html`<li data-missing>${m}</li>`)}</ul>`}
    </div>
    <${Changes} t=${t} items=${chs.data ? chs.data.items : []} onChange=${reload} onError=${setError} />
    <div class="panel" data-notes><h3>Release notes</h3>
      ${nts.data && nts.data.html ? html`<${Safe} class="article" html=${nts.data.html} />` : html`<p class="muted">None written.</p>`}</div>
    <${Timeline} comments=${com.data ? com.data.items : []} history=${his.data ? his.data.items : []} />
  </main>`;
}
