// The knowledge base: search and article pages for agents and in the
// portal, the editor with a preview rendered by the server, the version
// diff, the known-error list, and the suggestions a new incident gets
// while it is being typed.  Article bodies arrive as HTML the server made
// safe (docs/knowledge.md), so they are put into the page as they are;
// highlights (<mark>) likewise.  Everything else is text.
import { html, useState, useEffect, useRef, api, getAll, problem, when, day, words, useGet, Loading, Failure } from './lib.js';

const KINDS = ['how_to', 'troubleshooting', 'known_error', 'faq'];
const STATES = ['draft', 'in_review', 'published', 'retired'];
const ACTIONS = { submit: 'Submit for review', publish: 'Publish', reject: 'Send back to draft', retire: 'Retire', revise: 'New version' };

// Server-made HTML (a rendered body, a highlighted title or snippet).
const Safe = ({ html: h, tag = 'div', ...rest }) => html`<${tag} ...${rest} dangerouslySetInnerHTML=${{ __html: h }} />`;

const badge = (a) => html`<span class=${`badge kb-${a.state}`} data-kb-state>${words(a.state)}</span>`;

function ArticleRow({ a, agent }) {
  return html`<li class="kb-row" data-article=${a.number}>
    <a href=${`#/kb/${a.number}`}>${a.title_html ? html`<${Safe} tag="span" html=${a.title_html} />` : a.title}</a>
    ${' '}<span class="badge">${words(a.kind)}</span>
    ${agent && html` ${badge(a)}${a.audience === 'agents' ? html` <span class="badge">agents only</span>` : ''}${a.stale ? html` <span class="badge warn" data-stale>review due</span>` : ''}`}
    ${a.snippet_html ? html`<${Safe} class="muted snippet" html=${a.snippet_html} />` : html`<div class="muted snippet">${a.summary}</div>`}
    <div class="hint">${a.number} · updated ${day(a.updated_at)} · ${a.helpful} found it helpful</div></li>`;
}

// The search page: #/kb (articles) or #/known-errors.
export function Knowledge({ agent, query, known = false }) {
  const [text, setText] = useState(query.get('text') || '');
  const [items, setItems] = useState(null);
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const [services, setServices] = useState([]);
  const f = Object.fromEntries(['kind', 'state', 'service', 'category', 'stale'].map((k) => [k, query.get(k) || '']));
  const params = new URLSearchParams({ limit: '25' });
  if (query.get('text')) params.set('text', query.get('text'));
  for (const [k, v] of Object.entries(f)) if (v && (!known || k === 'service' || k === 'category')) params.set(k, v);
  if (f.stale) params.set('owner', 'me');
  const key = params.toString();
  const base = known ? '/api/v1/known-errors' : '/api/v1/articles';
  const load = async (after) => {
    const p = new URLSearchParams(key);
    if (after) p.set('cursor', after);
    const r = await api('GET', `${base}?${p}`);
    if (!r.ok) { setError(problem(r)); setItems((old) => (after ? old : [])); return; }
    setError(null);
    setItems((old) => (after ? [...old, ...r.json.items] : r.json.items));
    setCursor(r.json.next_cursor);
  };
  useEffect(() => { setItems(null); load(null); }, [key]);
  useEffect(() => { getAll('/api/v1/services?limit=200').then((r) => setServices(r.items.map((s) => s.name))); }, []);
  const go = (changes) => {
    const q = new URLSearchParams({ ...Object.fromEntries(Object.entries(f).filter(([, v]) => v)), text: query.get('text') || '', ...changes });
    for (const [k, v] of [...q.entries()]) if (!v) q.delete(k);
    location.hash = `#/${known ? 'known-errors' : 'kb'}${q.toString() ? `?${q}` : ''}`;
  };
  const submit = (e) => { e.preventDefault(); go({ text: text.trim() }); };
  const sel = (k, values, label) => html`<select aria-label=${label} value=${f[k]} onChange=${(e) => go({ [k]: e.target.value })}>
    <option value="">${label}: any</option>${values.map((v) => html`<option value=${v}>${words(v)}</option>`)}</select>`;
  return html`<main>
    <div class="actions bar"><h2 class="grow">${known ? 'Known errors' : 'Knowledge'}</h2>
      ${agent && html`<a class="tab" href="#/kb" aria-current=${known ? undefined : 'page'}>Articles</a><a class="tab" href="#/known-errors" aria-current=${known ? 'page' : undefined}>Known errors</a>
        <a class="button" href="#/kb/new" data-new-article>New article</a>`}</div>
    <form class="filters" role="search" onSubmit=${submit}>
      <input type="search" id="kb-search" aria-label=${known ? 'Search known errors by symptoms' : 'Search the knowledge base'}
        placeholder=${known ? 'Search by symptoms…' : 'Search articles…'} value=${text} onInput=${(e) => setText(e.target.value)} />
      <button type="submit">Search</button>
      ${!known && sel('kind', KINDS, 'Kind')}
      ${sel('service', services, 'Service')}
      ${agent && !known && sel('state', STATES, 'State')}
      ${agent && !known && html`<label class="hint"><input type="checkbox" class="check" checked=${!!f.stale} onChange=${(e) => go({ stale: e.target.checked ? 'true' : '' })} data-stale-filter />Mine, due for review</label>`}
    </form>
    ${error && html`<${Failure} error=${error} />`}
    ${!items ? html`<${Loading} />` : items.length === 0 ? html`<p class="muted" data-empty>No articles found.</p>`
      : html`<ul class="plain kb-results">${items.map((a) => html`<${ArticleRow} key=${a.number} a=${a} agent=${agent} />`)}</ul>`}
    ${cursor && html`<div class="actions"><button class="quiet" onClick=${() => load(cursor)}>Load more</button></div>`}
  </main>`;
}

// One article: #/kb/KB0000001.
export function Article({ number, me, agent }) {
  const art = useGet(`/api/v1/articles/${number}`);
  const ver = useGet(agent ? `/api/v1/articles/${number}/versions` : null);
  const att = useGet(`/api/v1/articles/${number}/attachments`);
  const lnk = useGet(agent ? `/api/v1/articles/${number}/links` : null);
  const his = useGet(agent ? `/api/v1/articles/${number}/history` : null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [ticket, setTicket] = useState('');
  const [comment, setComment] = useState('');
  const reload = () => { art.reload(); if (agent) { ver.reload(); lnk.reload(); his.reload(); } att.reload(); };
  const a = art.data;
  if (art.error) return html`<main><${Failure} error=${art.error} /><a href="#/kb">Back to the knowledge base</a></main>`;
  if (!a) return html`<main><${Loading} /></main>`;
  const done = (r, message) => {
    if (!r.ok) { setError(problem(r)); return false; }
    setError(null);
    if (message) setNotice(message);
    reload();
    return true;
  };
  const act = async (action) => {
    if (action === 'reject' && !rejecting) { setRejecting(true); return; }
    const r = await api('POST', `/api/v1/articles/${number}/${action}`, action === 'reject' ? { reason } : undefined, { 'If-Match': String(a.revision) });
    if (done(r)) { setRejecting(false); setReason(''); }
  };
  const rate = async (helpful) => done(await api('POST', `/api/v1/articles/${number}/ratings`, { helpful, comment: comment.trim() || null }), 'Thank you for the feedback.');
  const solved = async () => done(await api('POST', `/api/v1/articles/${number}/deflect`), 'Glad it helped: no need to raise an incident.');
  const link = async (e) => {
    e.preventDefault();
    if (done(await api('POST', `/api/v1/articles/${number}/links`, { ticket: ticket.trim() }), `Linked to ${ticket.trim()}.`)) setTicket('');
  };
  const upload = async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    const r = await api('POST', `/api/v1/articles/${number}/attachments?filename=${encodeURIComponent(file.name)}`, file, { 'Content-Type': file.type || 'application/octet-stream' });
    e.target.value = '';
    done(r, `Uploaded ${file.name}: show it in the body with ![${file.name}](/api/v1/articles/${number}/attachments/${r.json && r.json.id})`);
  };
  const published = a.state === 'published';
  return html`<main class="wide">
    <div class="columns">
    <article class="panel" aria-labelledby="kb-title">
      <p class="muted"><a href="#/kb">← Knowledge</a></p>
      ${notice && html`<p class="notice" role="status" data-notice>${notice}</p>`}
      <h2 id="kb-title"><span data-number>${a.number}</span> · ${a.title}</h2>
      <p class="muted">${words(a.kind)}${a.services.length ? ` · ${a.services.join(', ')}` : ''}${a.categories.length ? ` · ${a.categories.join(', ')}` : ''}
        · ${a.published_at ? `published ${day(a.published_at)}` : 'not published yet'}
        ${agent && html` · ${badge(a)} · version ${a.version}${a.latest_version > a.version ? html` (<a href=${`#/kb/${number}/edit`} data-pending>version ${a.latest_version} ${words(a.latest_state)}</a>)` : ''}
          · ${a.audience === 'agents' ? 'agents only' : 'everyone'}`}</p>
      ${a.summary && html`<p class="lead">${a.summary}</p>`}
      <${Safe} class="md" html=${a.body_html} data-body />
      ${a.keywords.length > 0 && html`<p class="hint">Keywords: ${a.keywords.join(', ')}</p>`}
      ${error && html`<${Failure} error=${error} />`}
      ${published && html`<div class="panel feedback" aria-label="Was this helpful?"><strong>Was this helpful?</strong>
        <input aria-label="Comment (optional)" placeholder="Comment (optional)" value=${comment} onInput=${(e) => setComment(e.target.value)} />
        <div class="actions"><button class="quiet" data-helpful onClick=${() => rate(true)}>Yes</button>
          <button class="quiet" data-not-helpful onClick=${() => rate(false)}>No</button>
          ${!agent && html`<button data-solved onClick=${solved}>This solved my problem</button>`}</div>
        <p class="hint">${a.helpful} found it helpful, ${a.not_helpful} did not.</p></div>`}
      ${agent && html`<div class="actions">
        ${a.latest_state !== 'in_review' && html`<a class="button quiet" href=${`#/kb/${number}/edit`} data-edit>Edit</a>`}
        ${a.actions.map((x) => html`<button class="quiet" data-kb-action=${x} onClick=${() => act(x)}>${ACTIONS[x] || words(x)}</button>`)}</div>
        ${rejecting && html`<form onSubmit=${(e) => { e.preventDefault(); act('reject'); }}><label for="kb-reason">What should the author change?</label>
          <textarea id="kb-reason" value=${reason} onInput=${(e) => setReason(e.target.value)}></textarea>
          <div class="actions"><button type="submit">Send back to draft</button></div></form>`}`}
    </article>
    <div>
      ${agent && html`<div class="panel"><h3>About</h3><table class="kv"><tbody>
        <tr><th>Owner</th><td data-owner>${a.owner || '—'}</td></tr>
        <tr><th>Review by</th><td>${a.review_by || '—'}${a.stale ? html` <span class="badge warn">due</span>` : ''}</td></tr>
        ${a.problem && html`<tr><th>Problem</th><td>${a.problem}</td></tr>`}
        <tr><th>Views</th><td>${a.views}</td></tr><tr><th>Solved problems</th><td data-deflections>${a.deflections}</td></tr>
        <tr><th>Used on tickets</th><td>${a.linked_tickets}</td></tr></tbody></table></div>`}
      <div class="panel"><h3>Attachments</h3>
        ${att.data && att.data.items.length === 0 && html`<p class="muted">None.</p>`}
        <ul class="plain">${(att.data ? att.data.items : []).map((x) => html`<li><a href=${`/api/v1/articles/${number}/attachments/${x.id}`} download=${x.filename}>${x.filename}</a>
          <span class="muted">${Math.ceil(x.size / 1024)} KiB</span></li>`)}</ul>
        ${agent && html`<label for="kb-upload">Add a file or image</label><input id="kb-upload" type="file" onChange=${upload} />`}</div>
      ${agent && html`<div class="panel"><h3>Versions</h3><ul class="plain">${(ver.data ? ver.data.items : []).map((v, i, all) => html`<li data-version=${v.version}>
          version ${v.version} · ${words(v.state)} · ${v.created_by || 'Steward'} · ${day(v.updated_at)}
          ${i + 1 < all.length && html` · <a href=${`#/kb/${number}/diff/${all[i + 1].version}/${v.version}`} data-diff>changes</a>`}
          ${v.note && html`<div class="hint">${v.note}</div>`}</li>`)}</ul></div>
        <div class="panel"><h3>Used to resolve</h3>
          <ul class="plain">${(lnk.data ? lnk.data.items : []).map((l) => html`<li><a href=${`#/incidents/${l.ticket}`}>${l.ticket}</a> ${l.title}</li>`)}</ul>
          <form onSubmit=${link} aria-label="Link a ticket"><input aria-label="Ticket number" placeholder="INC0000001" value=${ticket} onInput=${(e) => setTicket(e.target.value)} />
          <div class="actions"><button type="submit" class="quiet">Link</button></div></form></div>
        <div class="panel"><h3>History</h3><ul class="plain">${(his.data ? his.data.items : []).map((h) => html`<li class="event">
          <span class="muted">${when(h.at)} · ${h.actor || 'Steward'} ·</span> ${words(h.action)}</li>`)}</ul></div>`}
    </div></div>
  </main>`;
}

const listOf = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

// The editor: #/kb/new or #/kb/KB0000001/edit (the latest version).
export function ArticleEditor({ number }) {
  const [form, setForm] = useState(null);
  const [base, setBase] = useState(null);
  const [tab, setTab] = useState('write');
  const [preview, setPreview] = useState('');
  const [error, setError] = useState(null);
  const [services, setServices] = useState([]);
  const [templates, setTemplates] = useState([]);
  const [template, setTemplate] = useState('');
  useEffect(() => { getAll('/api/v1/services?limit=200').then((r) => setServices(r.items.map((s) => s.name))); }, []);
  // a new article may start from a template: its body skeleton, kind, audience and category
  useEffect(() => {
    if (number) return;
    api('GET', '/api/v1/article-templates').then((r) => setTemplates(r.ok ? r.json.items.filter((t) => t.active) : []));
  }, [number]);
  useEffect(() => {
    if (!number) {
      setForm({ title: '', summary: '', body: '', kind: 'how_to', audience: 'agents', services: '', categories: '', keywords: '', owner: '', review_by: '' });
      return;
    }
    (async () => {
      const a = await api('GET', `/api/v1/articles/${number}`);
      if (!a.ok) return setError(problem(a));
      const v = await api('GET', `/api/v1/articles/${number}/versions/${a.json.latest_version}`);
      if (!v.ok) return setError(problem(v));
      setBase(a.json);
      const x = v.json;
      setForm({ title: x.title, summary: x.summary, body: x.body, kind: x.kind, audience: x.audience, services: x.services.join(', '),
        categories: x.categories.join(', '), keywords: x.keywords.join(', '), owner: a.json.owner || '', review_by: a.json.review_by || '' });
    })();
  }, [number]);
  if (error && !form) return html`<main><${Failure} error=${error} /></main>`;
  if (!form) return html`<main><${Loading} /></main>`;
  const set = (k) => (e) => { const v = e.target.value; setForm((old) => ({ ...old, [k]: v })); };
  const show = async (t) => {
    setTab(t);
    if (t !== 'preview') return;
    const r = await api('POST', '/api/v1/articles/preview', { body: form.body, article: number || null });
    if (!r.ok) return setError(problem(r));
    setError(null);
    setPreview(r.json.html);
  };
  const save = async (e) => {
    e.preventDefault();
    const body = { title: form.title, summary: form.summary, body: form.body, kind: form.kind, audience: form.audience,
      services: listOf(form.services), categories: listOf(form.categories), keywords: listOf(form.keywords),
      owner: form.owner.trim() || null, review_by: form.review_by || null };
    const r = number ? await api('PATCH', `/api/v1/articles/${number}`, body, { 'If-Match': String(base.revision) })
      : await api('POST', '/api/v1/articles', body);
    if (r.status === 412) return setError('Someone else changed this article meanwhile: reload it, then make your change again.');
    if (!r.ok) return setError(problem(r));
    location.hash = `#/kb/${r.json.number}`;
  };
  const start = (name) => {
    setTemplate(name);
    const t = templates.find((x) => x.name === name);
    if (!t) return;
    setForm((old) => ({ ...old, body: t.body, kind: t.kind, audience: t.audience, categories: t.category || old.categories }));
  };
  const published = base && base.latest_state === 'published';
  return html`<main><form class="panel" onSubmit=${save} aria-label=${number ? 'Edit the article' : 'Write an article'}>
    <h2>${number ? `Edit ${number}` : 'New article'}</h2>
    ${!number && templates.length > 0 && html`<div data-article-templates><label for="kb-tpl">Start from a template</label>
      <select id="kb-tpl" value=${template} onChange=${(e) => start(e.target.value)}><option value="">— a blank article —</option>
        ${templates.map((t) => html`<option value=${t.name} title=${t.description}>${t.name}</option>`)}</select>
      ${template && html`<p class="hint" data-template-note>${(templates.find((t) => t.name === template) || {}).description || ''} Fill in each heading; delete what does not apply.</p>`}</div>`}
    ${published && html`<p class="notice" data-new-version>Saving makes a new draft version; readers keep the published one until it is published.</p>`}
    <label for="kb-t">Title</label><input id="kb-t" value=${form.title} onInput=${set('title')} maxlength="300" />
    <label for="kb-s">Summary</label><input id="kb-s" value=${form.summary} onInput=${set('summary')} maxlength="1000" />
    <div class="tabs" role="tablist"><button type="button" role="tab" class="tab" aria-selected=${tab === 'write'} aria-current=${tab === 'write' ? 'page' : undefined} onClick=${() => show('write')}>Write</button>
      <button type="button" role="tab" class="tab" aria-selected=${tab === 'preview'} aria-current=${tab === 'preview' ? 'page' : undefined} onClick=${() => show('preview')} data-preview-tab>Preview</button></div>
    ${tab === 'write' ? html`<label for="kb-b">Body (Markdown)</label><textarea id="kb-b" class="code tall" value=${form.body} onInput=${set('body')}></textarea>`
      : html`<${Safe} class="md preview" html=${preview} data-preview />`}
    <div class="grid">
      <div><label for="kb-k">Kind</label><select id="kb-k" value=${form.kind} onChange=${set('kind')}>${KINDS.map((k) => html`<option value=${k}>${words(k)}</option>`)}</select></div>
      <div><label for="kb-a">Audience</label><select id="kb-a" value=${form.audience} onChange=${set('audience')}><option value="agents">agents only</option><option value="everyone">everyone</option></select></div>
      <div><label for="kb-sv">Services</label><input id="kb-sv" list="kb-services" value=${form.services} onInput=${set('services')} placeholder="Email, VPN" />
        <datalist id="kb-services">${services.map((s) => html`<option value=${s} />`)}</datalist></div>
      <div><label for="kb-c">Categories</label><input id="kb-c" value=${form.categories} onInput=${set('categories')} placeholder="network/vpn" /></div>
      <div><label for="kb-kw">Keywords</label><input id="kb-kw" value=${form.keywords} onInput=${set('keywords')} placeholder="vpn, password" /></div>
      <div><label for="kb-o">Owner</label><input id="kb-o" value=${form.owner} onInput=${set('owner')} /></div>
      <div><label for="kb-r">Review by</label><input id="kb-r" type="date" value=${form.review_by} onInput=${set('review_by')} /></div>
    </div>
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit">${number ? 'Save' : 'Save draft'}</button><a class="button quiet" href=${number ? `#/kb/${number}` : '#/kb'}>Cancel</a></div>
  </form></main>`;
}

// What changed between two versions: #/kb/KB0000001/diff/1/2.
export function ArticleDiff({ number, from, to }) {
  const d = useGet(`/api/v1/articles/${number}/versions/${from}/diff/${to}`);
  if (d.error) return html`<main><${Failure} error=${d.error} /></main>`;
  if (!d.data) return html`<main><${Loading} /></main>`;
  const part = (name, lines) => html`<h3>${name}</h3><div class="diff" data-diff-part=${name}>${lines.map((l) => html`<div class=${`line ${l.op}`}
    ><span class="sign" aria-hidden="true">${l.op === 'insert' ? '+' : l.op === 'delete' ? '−' : ' '}</span><span class="sr">${l.op === 'equal' ? '' : `${l.op}d: `}</span>${l.text || ' '}</div>`)}</div>`;
  return html`<main class="wide"><div class="panel">
    <p class="muted"><a href=${`#/kb/${number}`}>← ${number}</a></p>
    <h2>${number}: version ${from} → version ${to}</h2>
    ${d.data.approximate && html`<p class="notice">Too many changes to pair line by line: the changed part is shown removed and added whole.</p>`}
    ${part('Title', d.data.title)}${part('Summary', d.data.summary)}${part('Body', d.data.body)}</div></main>`;
}

// Suggestions while an incident is typed (the portal's and the agents'
// new-incident form): the best few published articles for the title and
// details so far, each with "This solved my problem", which counts the
// deflection and closes the form without raising anything.
export function Suggestions({ text, onSolved }) {
  const [items, setItems] = useState([]);
  const seq = useRef(0);
  useEffect(() => {
    const words_ = (text || '').trim();
    if (words_.length < 4) { setItems([]); return undefined; }
    const timer = setTimeout(async () => {
      const mine = ++seq.current;
      const r = await api('GET', `/api/v1/articles/suggest?text=${encodeURIComponent(words_.slice(0, 200))}`);
      if (mine === seq.current) setItems(r.ok ? r.json.items : []);
    }, 300);
    return () => clearTimeout(timer);
  }, [text]);
  if (items.length === 0) return null;
  const solved = async (a) => {
    const r = await api('POST', `/api/v1/articles/${a.number}/deflect`);
    if (r.ok) onSolved(a);
  };
  return html`<aside class="panel suggestions" aria-label="Articles that may help" data-suggestions>
    <strong>These articles may solve it:</strong>
    <ul class="plain">${items.map((a) => html`<li data-suggestion=${a.number}>
      <a href=${`#/kb/${a.number}`} target="_blank" rel="noopener"><${Safe} tag="span" html=${a.title_html || a.title} /></a>
      <${Safe} class="hint" html=${a.snippet_html || ''} />
      <button type="button" class="quiet" data-solved=${a.number} onClick=${() => solved(a)}>This solved my problem</button></li>`)}</ul></aside>`;
}

// On an agent's ticket page: the articles used to resolve it (knowledge
// reuse, counted in each article's linked_tickets), the best suggestions
// for its title, and linking one by its number.
export function TicketArticles({ number, title }) {
  const used = useGet(`/api/v1/articles?ticket=${encodeURIComponent(number)}`);
  const [hints, setHints] = useState([]);
  const [target, setTarget] = useState('');
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    api('GET', `/api/v1/articles/suggest?text=${encodeURIComponent((title || '').slice(0, 200))}`)
      .then((r) => { if (live) setHints(r.ok ? r.json.items : []); });
    return () => { live = false; };
  }, [title]);
  const link = async (article) => {
    const r = await api('POST', `/api/v1/articles/${encodeURIComponent(article)}/links`, { ticket: number });
    if (!r.ok) return setError(problem(r));
    setError(null);
    setTarget('');
    used.reload();
    return undefined;
  };
  const items = used.data ? used.data.items : [];
  const have = new Set(items.map((a) => a.number));
  const offer = hints.filter((a) => !have.has(a.number)).slice(0, 3);
  return html`<div class="panel" data-ticket-articles><h3>Knowledge used</h3>
    ${used.data && items.length === 0 && html`<p class="muted">No article linked yet.</p>`}
    <ul class="plain">${items.map((a) => html`<li data-used-article=${a.number}><a href=${`#/kb/${a.number}`}>${a.title}</a> <span class="hint">${a.number}</span></li>`)}</ul>
    ${offer.length > 0 && html`<p class="muted">Suggested for this ticket:</p>
      <ul class="plain">${offer.map((a) => html`<li data-article-hint=${a.number}><a href=${`#/kb/${a.number}`}>${a.title}</a>
        <button type="button" class="link" data-use-article=${a.number} onClick=${() => link(a.number)}>used to resolve</button></li>`)}</ul>`}
    <form onSubmit=${(e) => { e.preventDefault(); if (target.trim()) link(target.trim()); }} aria-label="Link an article"><div class="grid">
      <input aria-label="Article number" placeholder="KB0000001" value=${target} onInput=${(e) => setTarget(e.target.value)} />
      <div class="actions"><button type="submit" class="quiet">Link article</button></div></div></form>
    ${error && html`<${Failure} error=${error} />`}
  </div>`;
}
