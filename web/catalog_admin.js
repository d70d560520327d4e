// Admin → Service catalogue (docs/requests.md): a catalogue item's editor.
// The form builder adds, reorders, edits and removes variables of every
// type (options, bounds, a validation pattern, an attachment's size and
// types, a show/require condition on an earlier variable), and a live
// preview draws the form with the portal's own Field and rules
// (requests.js), so what the admin sees is what the requester gets.  The
// fulfilment plan editor lists tasks (key, title, group, instructions,
// the variables the fulfiller sees, the tasks each waits for).  Saving
// sends the item (POST or PATCH) and the plan (PUT); the server's errors
// — variables[2].pattern, tasks[0].depends_on: makes a cycle … — are shown
// on the fields they name.
import { html, useState, useEffect, api, problem, Loading, Failure } from './lib.js';
import { Field, shown, required } from './requests.js';

const enc = encodeURIComponent;
const TYPES = ['text', 'long_text', 'number', 'date', 'datetime', 'choice', 'multi_choice', 'boolean', 'user', 'ci', 'attachment'];
const ITEM_FIELDS = ['name', 'short_description', 'category', 'service', 'price', 'cost', 'delivery_days', 'approval_policy', 'icon', 'description'];
const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);

// A variable as the builder edits it (lists as text, one per line) and as the API takes it.
const toDraft = (v) => ({ ...v, options: (v.options || []).join('\n'), content_types: (v.content_types || []).join('\n'),
  min: v.min ?? '', max: v.max ?? '', max_size: v.max_size ?? '', when: v.when || 'none' });
function toVariable(d) {
  const v = { name: d.name, type: d.type, label: d.label, required: !!d.required };
  for (const k of ['default', 'help']) if (d[k]) v[k] = d[k];
  if (d.type === 'choice' || d.type === 'multi_choice') v.options = lines(d.options);
  if (d.type === 'number') { if (d.min !== '') v.min = Number(d.min); if (d.max !== '') v.max = Number(d.max); }
  if ((d.type === 'text' || d.type === 'long_text') && d.pattern) v.pattern = d.pattern;
  if (d.type === 'ci' && d.ci_class) v.ci_class = d.ci_class;
  if (d.type === 'attachment') {
    if (d.max_size !== '') v.max_size = Number(d.max_size);
    if (lines(d.content_types).length) v.content_types = lines(d.content_types);
  }
  if (d.when !== 'none') Object.assign(v, { when: d.when, when_variable: d.when_variable || null, when_value: d.when_value || null });
  return v;
}
const toTaskDraft = (t) => ({ ...t, group: t.group || '', instructions: t.instructions || '' });
const toTask = (t) => ({ key: t.key, title: t.title, group: t.group || null, instructions: t.instructions || null,
  variables: t.variables, depends_on: t.depends_on });

// The server's field errors by path, and what is left for the whole form.
function fieldErrors(r) {
  const by = {};
  for (const e of (r.json && r.json.errors) || []) by[e.field] = e.detail;
  return by;
}
const move = (list, i, d) => { const c = [...list]; [c[i], c[i + d]] = [c[i + d], c[i]]; return c; };

function Err({ errors, path, exact }) {
  const mine = Object.entries(errors).filter(([f]) => f === path || (!exact && (f.startsWith(`${path}.`) || f.startsWith(`${path}[`))));
  return mine.length ? html`<p class="error" data-error=${path}>${mine.map(([f, d]) => `${f.slice(path.length).replace(/^\./, '') || ''}${f === path ? '' : ': '}${d}`).join('; ')}</p>` : null;
}

// One variable of the form builder.
function VariableRow({ d, i, all, errors, set, up, down, remove }) {
  const at = `variables[${i}]`;
  const id = (k) => `fb-${i}-${k}`;
  const input = (k, label, attrs = {}) => html`<div><label for=${id(k)}>${label}</label>
    <input id=${id(k)} value=${d[k] ?? ''} onInput=${(e) => set({ ...d, [k]: e.target.value })} ...${attrs} /><${Err} errors=${errors} path=${`${at}.${k}`} /></div>`;
  const area = (k, label) => html`<div><label for=${id(k)}>${label}</label>
    <textarea id=${id(k)} rows="3" value=${d[k]} onInput=${(e) => set({ ...d, [k]: e.target.value })}></textarea><${Err} errors=${errors} path=${`${at}.${k}`} /></div>`;
  const earlier = all.slice(0, i).filter((x) => x.name);
  return html`<fieldset class="panel" data-builder-var=${i}><legend>${d.label || d.name || `Variable ${i + 1}`}</legend>
    <div class="grid">
      ${input('name', 'Name (a-z, 0-9, _)')}
      <div><label for=${id('type')}>Type</label><select id=${id('type')} value=${d.type} onChange=${(e) => set({ ...d, type: e.target.value })}>
        ${TYPES.map((t) => html`<option value=${t}>${t.replace('_', ' ')}</option>`)}</select><${Err} errors=${errors} path=${`${at}.type`} /></div>
      ${input('label', 'Label')}
      <div><label class="inline"><input type="checkbox" id=${id('required')} checked=${!!d.required} onChange=${(e) => set({ ...d, required: e.target.checked })} /> Required</label></div>
      ${input('default', 'Default')}
      ${input('help', 'Help text')}
      ${(d.type === 'choice' || d.type === 'multi_choice') && area('options', 'Options (one per line)')}
      ${d.type === 'number' && html`${input('min', 'Minimum', { type: 'number' })}${input('max', 'Maximum', { type: 'number' })}`}
      ${(d.type === 'text' || d.type === 'long_text') && input('pattern', 'Validation pattern (the whole value must match)')}
      ${d.type === 'ci' && input('ci_class', 'CI class')}
      ${d.type === 'attachment' && html`${input('max_size', 'Largest upload (bytes)', { type: 'number', min: 1 })}${area('content_types', 'Content types (one per line, e.g. image/*)')}`}
      <div><label for=${id('when')}>Condition</label><select id=${id('when')} value=${d.when} onChange=${(e) => set({ ...d, when: e.target.value })}>
        <option value="none">always shown</option><option value="show">shown only when…</option><option value="require">required only when…</option></select>
        <${Err} errors=${errors} path=${`${at}.when`} /></div>
      ${d.when !== 'none' && html`<div><label for=${id('when_variable')}>…this variable</label>
          <select id=${id('when_variable')} value=${d.when_variable || ''} onChange=${(e) => set({ ...d, when_variable: e.target.value })}>
            <option value="">—</option>${earlier.map((x) => html`<option value=${x.name}>${x.label || x.name}</option>`)}</select>
          <${Err} errors=${errors} path=${`${at}.when_variable`} /></div>
        ${input('when_value', '…has this value')}`}
    </div>
    <${Err} errors=${errors} path=${`${at}.required`} />
    <div class="actions"><button type="button" class="quiet" disabled=${i === 0} onClick=${up} aria-label=${`Move ${d.name || 'variable'} up`}>↑</button>
      <button type="button" class="quiet" disabled=${i === all.length - 1} onClick=${down} aria-label=${`Move ${d.name || 'variable'} down`}>↓</button>
      <button type="button" class="quiet" onClick=${remove} data-remove-var=${i}>Remove</button></div>
  </fieldset>`;
}

// The form as the portal draws it, from the variables being built.
function Preview({ vars }) {
  const [values, setValues] = useState({});
  const ok = vars.filter((v) => v.name && v.label && v.type);
  return html`<section class="panel" data-preview aria-label="Preview"><h3>Preview</h3>
    ${ok.length === 0 ? html`<p class="muted">No variables yet.</p>` : ok.filter((v) => shown(ok, v, values)).map((v) => html`<${Field} key=${v.name}
      v=${{ options: [], ...v }} value=${values[v.name]} need=${required(ok, v, values)} set=${(x) => setValues({ ...values, [v.name]: x })} />`)}</section>`;
}

// One task of the plan editor.
function TaskRow({ t, i, tasks, vars, errors, set, up, down, remove }) {
  const at = `tasks[${i}]`;
  const id = (k) => `pl-${i}-${k}`;
  const input = (k, label) => html`<div><label for=${id(k)}>${label}</label>
    <input id=${id(k)} value=${t[k] ?? ''} onInput=${(e) => set({ ...t, [k]: e.target.value })} /><${Err} errors=${errors} path=${`${at}.${k}`} /></div>`;
  const toggle = (k, x, on) => set({ ...t, [k]: on ? [...t[k], x] : t[k].filter((y) => y !== x) });
  return html`<fieldset class="panel" data-plan-task=${i}><legend>${t.title || t.key || `Task ${i + 1}`}</legend>
    <div class="grid">${input('key', 'Key (a-z, 0-9, _)')}${input('title', 'Title')}${input('group', 'Group')}
      <div><label for=${id('instructions')}>Instructions</label><textarea id=${id('instructions')} rows="2" value=${t.instructions}
        onInput=${(e) => set({ ...t, instructions: e.target.value })}></textarea></div></div>
    <fieldset><legend>The fulfiller sees</legend>${vars.filter((v) => v.name).map((v) => html`<label class="inline">
      <input type="checkbox" checked=${t.variables.includes(v.name)} onChange=${(e) => toggle('variables', v.name, e.target.checked)} /> ${v.label || v.name}</label>`)}
      <${Err} errors=${errors} path=${`${at}.variables`} /></fieldset>
    <fieldset data-depends=${i}><legend>Starts after</legend>${tasks.filter((x, j) => j !== i && x.key).map((x) => html`<label class="inline">
      <input type="checkbox" data-dep=${x.key} checked=${t.depends_on.includes(x.key)} onChange=${(e) => toggle('depends_on', x.key, e.target.checked)} /> ${x.title || x.key}</label>`)}
      <${Err} errors=${errors} path=${`${at}.depends_on`} /></fieldset>
    <div class="actions"><button type="button" class="quiet" disabled=${i === 0} onClick=${up} aria-label=${`Move ${t.key || 'task'} up`}>↑</button>
      <button type="button" class="quiet" disabled=${i === tasks.length - 1} onClick=${down} aria-label=${`Move ${t.key || 'task'} down`}>↓</button>
      <button type="button" class="quiet" onClick=${remove}>Remove</button></div>
  </fieldset>`;
}

// #/admin/catalog-items/<name> (or /new): the item, its form and its plan.
export function CatalogItemEditor({ name }) {
  const creating = name === 'new';
  const [item, setItem] = useState(null);
  const [vars, setVars] = useState([]);
  const [tasks, setTasks] = useState([]);
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (creating) { setItem({ name: '', short_description: '', active: true, cost: 0, delivery_days: 0 }); return; }
    api('GET', `/api/v1/catalog-items/${enc(name)}`).then((r) => {
      if (!r.ok) return setError(problem(r));
      setItem(r.json);
      setVars(r.json.variables.map(toDraft));
      setTasks(r.json.plan.map(toTaskDraft));
    });
  }, [name]);
  if (error && !item) return html`<main><${Failure} error=${error} /></main>`;
  if (!item) return html`<main><${Loading} /></main>`;
  const setVar = (i, d) => setVars(vars.map((x, j) => (j === i ? d : x)));
  const setTask = (i, t) => setTasks(tasks.map((x, j) => (j === i ? t : x)));
  const save = async (e) => {
    e.preventDefault();
    setBusy(true);
    setSaved(null);
    const body = {};
    for (const k of ITEM_FIELDS) {
      const v = item[k];
      if (k === 'name' && !creating) continue;
      if (k === 'cost' || k === 'delivery_days') body[k] = Number(v || 0);
      else if (['short_description', 'name'].includes(k)) body[k] = v || '';
      else if (k === 'description') body[k] = v || '';
      else body[k] = v === '' || v === undefined ? null : v;
    }
    body.active = item.active !== false;
    body.variables = vars.map(toVariable);
    const r = await api(creating ? 'POST' : 'PATCH', creating ? '/api/v1/catalog-items' : `/api/v1/catalog-items/${enc(name)}`, body);
    if (!r.ok) {
      setBusy(false);
      setErrors(fieldErrors(r));
      return setError(problem(r));
    }
    setItem({ ...item, form_version: r.json.form_version });
    const p = await api('PUT', `/api/v1/catalog-items/${enc(r.json.name)}/plan`, { tasks: tasks.map(toTask) });
    setBusy(false);
    if (!p.ok) {
      setErrors(fieldErrors(p));
      return setError(`The item is saved; the plan is not: ${problem(p)}`);
    }
    setErrors({});
    setError(null);
    setSaved(`Saved: form version ${p.json.form_version}, ${p.json.plan.length} task${p.json.plan.length === 1 ? '' : 's'}.`);
    if (creating) location.hash = `#/admin/catalog-items/${enc(r.json.name)}`;
  };
  const field = (k, label, attrs = {}) => html`<div><label for=${`it-${k}`}>${label}</label>
    <input id=${`it-${k}`} value=${item[k] ?? ''} disabled=${k === 'name' && !creating} onInput=${(e) => setItem({ ...item, [k]: e.target.value })} ...${attrs} />
    <${Err} errors=${errors} path=${k} /></div>`;
  return html`<main><form onSubmit=${save} data-item-editor aria-label="Catalogue item">
    <div class="actions bar"><h2 class="grow">${creating ? 'New catalogue item' : item.name}</h2>
      <a class="button quiet" href="#/admin/catalog-items">All items</a></div>
    <section class="panel"><h3>Item</h3><div class="grid">
      ${field('name', 'Name')}${field('short_description', 'Short description')}${field('category', 'Category (a/b)')}
      ${field('service', 'Service')}${field('price', 'Price (shown)')}${field('cost', 'Cost (compared by approval steps)', { type: 'number', min: 0 })}
      ${field('delivery_days', 'Delivery target (days)', { type: 'number', min: 0, max: 365 })}${field('approval_policy', 'Approval policy')}
      <div><label class="inline"><input type="checkbox" id="it-active" checked=${item.active !== false} onChange=${(e) => setItem({ ...item, active: e.target.checked })} /> Active (may be ordered)</label></div></div>
      <label for="it-description">Description (Markdown)</label>
      <textarea id="it-description" rows="4" value=${item.description || ''} onInput=${(e) => setItem({ ...item, description: e.target.value })}></textarea></section>
    <div class="builder">
      <section data-form-builder aria-label="Form builder"><h3>Form${item.form_version ? ` (version ${item.form_version})` : ''}</h3>
        <${Err} errors=${errors} path="variables" exact />
        ${vars.map((d, i) => html`<${VariableRow} key=${i} d=${d} i=${i} all=${vars} errors=${errors} set=${(x) => setVar(i, x)}
          up=${() => setVars(move(vars, i, -1))} down=${() => setVars(move(vars, i, 1))} remove=${() => setVars(vars.filter((_, j) => j !== i))} />`)}
        <button type="button" class="quiet" data-add-var onClick=${() => setVars([...vars, toDraft({ name: '', type: 'text', label: '' })])}>Add a variable</button>
      </section>
      <${Preview} vars=${vars.map(toVariable)} />
    </div>
    <section class="panel" data-plan-editor aria-label="Fulfilment plan"><h3>Fulfilment plan</h3>
      <p class="muted">Tasks that start after nothing run in parallel once the request is approved; a task starts when those it waits for are done.</p>
      <${Err} errors=${errors} path="tasks" exact />
      ${tasks.map((t, i) => html`<${TaskRow} key=${i} t=${t} i=${i} tasks=${tasks} vars=${vars} errors=${errors} set=${(x) => setTask(i, x)}
        up=${() => setTasks(move(tasks, i, -1))} down=${() => setTasks(move(tasks, i, 1))} remove=${() => setTasks(tasks.filter((_, j) => j !== i))} />`)}
      <button type="button" class="quiet" data-add-task onClick=${() => setTasks([...tasks, toTaskDraft({ key: '', title: '', variables: [], depends_on: [] })])}>Add a task</button>
    </section>
    ${error && html`<${Failure} error=${error} />`}
    ${saved && html`<p class="muted" role="status" data-saved>${saved}</p>`}
    <div class="actions"><button type="submit" disabled=${busy} data-save-item>Save</button></div>
  </form></main>`;
}
