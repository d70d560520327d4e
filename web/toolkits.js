// The admin's Toolkits page (docs/toolkit.md): the built-in toolkits, or a
// bundle file picked from disk, shown first as a dry run — what would be
// added, updated, left alone or kept — and applied only after that, the
// very bundle the dry run read.  Local changes the report calls "kept" can
// be forced item by item.
import { html, useState, api, problem, useGet, Loading, Failure, words } from './lib.js';

const OUTCOME = {
  added: 'will be added', updated: 'will be updated', unchanged: 'left alone',
  kept_changed_locally: 'kept, changed locally', kept_exists: 'kept, exists locally', kept_newer: 'kept, a newer version is applied', failed: 'refused',
};
const DONE = { added: 'added', updated: 'updated', unchanged: 'left alone', kept_changed_locally: 'kept, changed locally', kept_exists: 'kept, exists locally', kept_newer: 'kept, a newer version is applied', failed: 'refused' };

function Report({ report, force, setForce }) {
  const c = report.counts;
  const labels = report.dry_run ? OUTCOME : DONE;
  const shown = report.items.filter((i) => i.outcome !== 'unchanged');
  return html`<section class="panel" data-toolkit-report=${report.dry_run ? 'dry-run' : 'applied'} aria-label="Toolkit report">
    <h3>${report.dry_run ? 'Dry run: nothing has changed yet' : 'Applied'}</h3>
    <p data-counts>${c.added} added, ${c.updated} updated, ${c.unchanged} unchanged, ${c.kept_changed_locally} kept (changed locally), ${c.kept_exists} kept (exists locally)${c.kept_newer ? `, ${c.kept_newer} kept (newer applied)` : ''}${c.failed ? `, ${c.failed} refused` : ''}</p>
    ${shown.length === 0 ? html`<p class="muted" data-empty>Every item is already as the toolkit has it.</p>` : html`<table data-toolkit-items>
      <thead><tr><th>Outcome</th><th>Section</th><th>Name</th><th>Key</th><th>Version</th>${report.dry_run && html`<th>Overwrite</th>`}</tr></thead>
      <tbody>${shown.map((i) => html`<tr data-outcome=${i.outcome} data-key=${i.key}>
        <td>${labels[i.outcome] || i.outcome}${i.forced ? ' (forced)' : ''}</td><td>${words(i.section)}</td><td>${i.name}</td><td><code>${i.key}</code></td>
        <td>${i.applied_version && i.applied_version !== i.version ? `${i.applied_version} → ${i.version}` : i.version}</td>
        ${report.dry_run && html`<td>${(i.outcome.startsWith('kept') || i.forced) && html`<label><input type="checkbox" data-force=${i.key}
          checked=${force.includes(i.key)} onChange=${(e) => setForce(e.target.checked ? [...force, i.key] : force.filter((k) => k !== i.key))} /> overwrite</label>`}</td>`}
      </tr>`)}</tbody></table>`}
  </section>`;
}

export function Toolkits() {
  const list = useGet('/api/v1/toolkits');
  const [chosen, setChosen] = useState(null); // {name} of a built-in, or {file, bundle}
  const [report, setReport] = useState(null);
  const [force, setForce] = useState([]);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const run = async (what, dry, keys = force) => {
    setBusy(true);
    setError(null);
    const q = `?dry_run=${dry}${keys.length ? `&force=${encodeURIComponent(keys.join(','))}` : ''}`;
    const r = what.name
      ? await api('POST', `/api/v1/toolkits/${encodeURIComponent(what.name)}/apply${q}`)
      : await api('POST', `/api/v1/toolkits/apply${q}`, what.bundle);
    setBusy(false);
    if (!r.ok) { setReport(null); return setError(problem(r)); }
    setReport(r.json);
    return null;
  };
  const preview = (what) => { setChosen(what); setForce([]); run(what, true, []); };
  const pick = async (e) => {
    const f = e.target.files[0];
    if (!f) return;
    let bundle;
    try { bundle = JSON.parse(await f.text()); } catch (x) { setReport(null); setError(`${f.name} is not JSON: ${x.message}`); return; }
    preview({ file: f.name, bundle });
  };
  if (list.error) return html`<main><${Failure} error=${list.error} /></main>`;
  if (!list.data) return html`<main><${Loading} /></main>`;
  return html`<main data-toolkits>
    <div class="panel">
      <p class="muted"><a href="#/admin">← Administration</a></p>
      <h2>Toolkits</h2>
      <p class="muted">Bundles of configuration applied by item: what is new is added, what the toolkit changed is updated,
        and what you changed here is kept unless you choose to overwrite it. A dry run shows what would happen first.</p>
      <table data-toolkit-list><thead><tr><th>Toolkit</th><th>Version</th><th>Items</th><th></th></tr></thead>
        <tbody>${list.data.items.map((t) => html`<tr><td><strong>${t.title}</strong> <code>${t.name}</code><div class="muted">${t.description}</div></td>
          <td>${t.version}</td><td>${t.items}</td>
          <td><button data-preview=${t.name} disabled=${busy} onClick=${() => preview({ name: t.name })}>Dry run</button></td></tr>`)}</tbody></table>
      <label for="toolkit-file">Or a bundle file (an export from another installation)</label>
      <input id="toolkit-file" type="file" accept="application/json,.json" onChange=${pick} />
      <p><a class="button quiet" href="/api/v1/toolkit-export" download="steward-configuration.json" data-export>Export this installation's configuration</a></p>
    </div>
    ${error && html`<${Failure} error=${error} />`}
    ${report && html`<${Report} report=${report} force=${force} setForce=${setForce} />`}
    ${report && report.dry_run && chosen && html`<div class="actions">
      <button data-apply disabled=${busy} onClick=${() => run(chosen, false)}>Apply ${chosen.name || chosen.file}${force.length ? ` (overwriting ${force.length})` : ''}</button>
      ${force.length > 0 && html`<button class="quiet" disabled=${busy} onClick=${() => run(chosen, true)}>Dry run again</button>`}</div>`}
  </main>`;
}
