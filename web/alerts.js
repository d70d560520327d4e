// Alerts, for agents only (docs/events.md): the list monitoring fills,
// filtered by state and source, and an alert's page — what it is, where
// it maps, its incident, its timeline — where an agent acknowledges it,
// links it to an open incident or unlinks it, or raises an incident from
// it by hand.  Everything goes through the public API (/api/v1/alerts…).
import { html, useState, useEffect, api, problem, when, words, useGet, Loading, Failure } from './lib.js';

const SEVERITY = ['critical', 'major', 'minor', 'warning', 'info'];

export function Alerts({ query }) {
  const state = query.get('state') || 'firing', source = query.get('source') || '';
  const params = new URLSearchParams({ limit: '100' });
  if (state !== 'all') params.set('state', state);
  if (source) params.set('source', source);
  const list = useGet(`/api/v1/alerts?${params}`);
  const [sources, setSources] = useState([]);
  useEffect(() => { api('GET', '/api/v1/event-sources').then((r) => r.ok && setSources(r.json.items.map((s) => s.name))); }, []);
  const go = (change) => {
    const p = new URLSearchParams(Object.entries({ state, source, ...change }).filter(([, v]) => v));
    location.hash = `#/alerts?${p}`;
  };
  return html`<main class="wide">
    <div class="actions bar"><h2 class="grow">Alerts</h2></div>
    <form class="filters" aria-label="Filters" onSubmit=${(e) => e.preventDefault()}>
      <select aria-label="State" value=${state} onChange=${(e) => go({ state: e.target.value })}>
        ${['firing', 'resolved', 'all'].map((s) => html`<option value=${s}>${s}</option>`)}</select>
      <select aria-label="Source" value=${source} onChange=${(e) => go({ source: e.target.value })}><option value="">every source</option>
        ${sources.map((s) => html`<option value=${s}>${s}</option>`)}</select></form>
    ${list.error ? html`<${Failure} error=${list.error} />` : !list.data ? html`<${Loading} />` : list.data.items.length === 0
      ? html`<p class="muted" data-empty>No alerts.</p>` : html`<table data-list="alerts">
      <thead><tr><th>Alert</th><th>Severity</th><th>State</th><th>CI</th><th>Service</th><th>Count</th><th>Last seen</th><th>Incident</th></tr></thead>
      <tbody>${list.data.items.map((a) => html`<tr data-alert=${a.id}>
        <td><a href=${`#/alerts/${a.id}`}>${a.name}</a>${a.flapping ? html` <span class="hint">flapping</span>` : ''}</td>
        <td><span class=${`severity ${a.severity}`}>${a.severity}</span></td><td>${a.state}</td>
        <td>${a.ci || '—'}</td><td>${a.service || '—'}</td><td>${a.count}</td><td>${when(a.last_seen)}</td>
        <td>${a.incident ? html`<a href=${`#/incidents/${a.incident}`}>${a.incident}</a>` : html`<span class="muted">${a.suppressed ? words(a.suppressed) : words(a.action)}</span>`}</td>
      </tr>`)}</tbody></table>`}
  </main>`;
}

export function Alert({ id }) {
  const one = useGet(`/api/v1/alerts/${id}`);
  const history = useGet(`/api/v1/alerts/${id}/history`);
  const [error, setError] = useState(null);
  const [incident, setIncident] = useState('');
  const act = async (method, path, body) => {
    const r = await api(method, `/api/v1/alerts/${id}${path}`, body);
    setError(r.ok ? null : problem(r));
    if (r.ok) { one.reload(); history.reload(); }
  };
  if (one.error) return html`<main><${Failure} error=${one.error} /></main>`;
  const a = one.data;
  if (!a) return html`<main><${Loading} /></main>`;
  const rows = [['Source', a.source], ['Key', a.dedup_key], ['State', a.state], ['CI', a.ci || '—'], ['Service', a.service || '—'],
    ['Rule', a.rule || 'the source\'s defaults'], ['Action', words(a.action)], ['Held back', a.suppressed ? words(a.suppressed) : '—'],
    ['Count', a.count], ['State changes', `${a.changes}${a.flapping ? ' (flapping)' : ''}`], ['First seen', when(a.first_seen)],
    ['Last seen', when(a.last_seen)], ['Resolved', when(a.resolved_at)],
    ['Acknowledged', a.acknowledged_by ? `${a.acknowledged_by}, ${when(a.acknowledged_at)}` : '—']];
  return html`<main data-alert-page=${a.id}>
    <div class="actions bar"><h2 class="grow">${a.name} <span class=${`severity ${a.severity}`}>${a.severity}</span></h2>
      ${!a.acknowledged_by && html`<button onClick=${() => act('POST', '/acknowledge')}>Acknowledge</button>`}
      ${!a.incident && html`<button onClick=${() => act('POST', '/incident')}>Raise an incident</button>`}
      ${a.incident && html`<button class="quiet" onClick=${() => act('DELETE', '/link')}>Unlink</button>`}</div>
    ${error && html`<${Failure} error=${error} />`}
    <p>${a.summary || html`<span class="muted">No summary.</span>`}</p>
    <dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
      <dt>Incident</dt><dd data-incident>${a.incident ? html`<a href=${`#/incidents/${a.incident}`}>${a.incident}</a>` : '—'}</dd></dl>
    ${!a.incident && html`<form class="filters" aria-label="Link to an incident" onSubmit=${(e) => { e.preventDefault(); act('POST', '/link', { incident: incident.trim() }); }}>
      <input aria-label="Incident number" placeholder="INC0000001" value=${incident} onInput=${(e) => setIncident(e.target.value)} />
      <button type="submit" class="quiet">Link</button></form>`}
    <h3>Labels</h3>
    <dl class="facts" data-labels>${Object.entries(a.labels).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
    <h3>Timeline</h3>
    ${history.data ? html`<ol class="timeline" data-timeline>${history.data.items.map((h) => html`<li>${when(h.at)} — ${words(h.action)}${h.actor ? ` by ${h.actor}` : ''}</li>`)}</ol>` : html`<${Loading} />`}
  </main>`;
}

export const severities = SEVERITY;
