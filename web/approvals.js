// Approvals (docs/approvals.md): the caller's inbox — approve in one click,
// reject with a comment in two — and their delegation; and the approvals
// panel every ticket page shows (the requests, each step and each
// approver's decision, and for agents a form to ask for approval).
import { html, useState, api, problem, when, words, useGet, useLive, Loading, Failure } from './lib.js';

// The web UI's page of a ticket (kinds without a page of their own go to the API's).
const pageOf = (path, number) => (['incidents', 'problems', 'requests', 'tasks'].includes(path) ? `#/${path}/${number}` : `/api/v1/${path}/${number}`);
const ruleWords = (rule, required) => (rule === 'any' ? 'any one' : rule === 'all' ? 'all' : `${required} of them`);

function Decide({ a, onDone }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const decide = async (verb) => {
    setBusy(true);
    const r = await api('POST', `/api/v1/approvals/${a.id}/${verb}`, comment ? { comment } : {});
    setBusy(false);
    if (!r.ok) return setError(problem(r));
    setError(null);
    onDone(verb);
  };
  const id = `c-${a.id}`;
  return html`<div class="decide">
    <label for=${id}>Comment <span class="hint">(required to reject)</span></label>
    <textarea id=${id} class="short" value=${comment} onInput=${(e) => setComment(e.target.value)}></textarea>
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button disabled=${busy} data-approve=${a.id} onClick=${() => decide('approve')}>Approve</button>
      <button class="quiet" disabled=${busy} data-reject=${a.id} onClick=${() => decide('reject')}>Reject</button></div>
  </div>`;
}

function Delegation({ me }) {
  const d = useGet('/api/v1/me/delegation');
  const [form, setForm] = useState({ delegate: '', ends: '' });
  const [error, setError] = useState(null);
  const set = async (e) => {
    e.preventDefault();
    const ends = form.ends ? new Date(`${form.ends}T23:59:59`).toISOString() : null;
    const r = await api('PUT', '/api/v1/me/delegation', { delegate: form.delegate, ends_at: ends });
    if (!r.ok) return setError(problem(r));
    setError(null);
    d.reload();
  };
  const end = async () => {
    const r = await api('DELETE', '/api/v1/me/delegation');
    if (!r.ok) return setError(problem(r));
    d.reload();
  };
  const current = d.data;
  return html`<div class="panel" data-delegation><h3>While you are away</h3>
    ${current ? html`<p data-delegate>${current.delegate} decides your approvals from ${when(current.starts_at)} until ${when(current.ends_at)}${current.active ? '' : ' (not yet running)'}.</p>
      <div class="actions"><button class="quiet" onClick=${end}>End the delegation</button></div>`
    : html`<p class="muted">Name someone to decide your approvals for a while${me.role !== 'end_user' ? ' (an agent)' : ''}.</p>
      <form onSubmit=${set} aria-label="Delegate your approvals"><div class="grid">
        <div><label for="d-who">Delegate (login)</label><input id="d-who" value=${form.delegate} onInput=${(e) => setForm({ ...form, delegate: e.target.value })} /></div>
        <div><label for="d-until">Until</label><input id="d-until" type="date" value=${form.ends} onInput=${(e) => setForm({ ...form, ends: e.target.value })} /></div></div>
        <div class="actions"><button type="submit" class="quiet">Delegate</button></div></form>`}
    ${error && html`<${Failure} error=${error} />`}
  </div>`;
}

// The inbox: every approval waiting for the caller (or for whoever
// delegated to them), oldest first.
export function Approvals({ me }) {
  const box = useGet('/api/v1/approvals?limit=100');
  const [done, setDone] = useState([]);
  useLive(() => box.reload(), 1000);
  const decided = (a) => (verb) => { setDone([{ ...a, verb }, ...done]); box.reload(); };
  return html`<main><div class="actions bar"><h2 class="grow">Approvals</h2></div>
    ${done.map((a) => html`<p class="ok" role="status" data-decided=${a.id}>${a.verb === 'approve' ? 'Approved' : 'Rejected'}: ${a.ticket} ${a.ticket_title}</p>`)}
    ${box.error ? html`<${Failure} error=${box.error} />` : !box.data ? html`<${Loading} />`
    : box.data.items.length === 0 ? html`<p class="muted" data-empty>Nothing waits for your approval.</p>`
    : html`<div data-inbox>${box.data.items.map((a) => html`<div class="panel" data-approval=${a.id}>
        <h3><a href=${pageOf(a.ticket_path, a.ticket)}>${a.ticket}</a> ${a.ticket_title}</h3>
        <p class="muted">${words(a.ticket_kind)} · step ${a.step}, ${ruleWords(a.rule, a.required)} must approve · asked ${when(a.requested_at)}${a.via ? ` · as ${a.via}` : ''}
          ${a.on_behalf ? html` · <strong data-on-behalf>for ${a.approver}</strong>` : ''}</p>
        <${Decide} a=${a} onDone=${decided(a)} /></div>`)}</div>`}
    <${Delegation} me=${me} />
  </main>`;
}

function Ask({ path, number, onAsked }) {
  const [form, setForm] = useState({ users: '', groups: '', rule: 'any', required: 2, owner: false });
  const [error, setError] = useState(null);
  const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);
  const submit = async (e) => {
    e.preventDefault();
    const body = { rule: form.rule, users: list(form.users), groups: list(form.groups), service_owner: form.owner };
    if (form.rule === 'n_of_m') body.required = Number(form.required);
    const r = await api('POST', `/api/v1/${path}/${number}/approvals`, body);
    if (!r.ok) return setError(problem(r));
    setError(null);
    onAsked();
  };
  const policy = async () => {
    const r = await api('POST', `/api/v1/${path}/${number}/approvals`, {});
    if (!r.ok) return setError(problem(r));
    setError(null);
    onAsked();
  };
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.type === 'checkbox' ? e.target.checked : e.target.value });
  return html`<form onSubmit=${submit} aria-label="Ask for approval"><div class="grid">
      <div><label for="ap-users">Approvers (logins)</label><input id="ap-users" placeholder="ann, ben" value=${form.users} onInput=${set('users')} /></div>
      <div><label for="ap-groups">Groups</label><input id="ap-groups" placeholder="CAB" value=${form.groups} onInput=${set('groups')} /></div>
      <div><label for="ap-rule">Rule</label><select id="ap-rule" value=${form.rule} onChange=${set('rule')}>
        <option value="any">any one</option><option value="all">all</option><option value="n_of_m">N of them</option></select></div>
      ${form.rule === 'n_of_m' && html`<div><label for="ap-n">N</label><input id="ap-n" type="number" min="1" value=${form.required} onInput=${set('required')} /></div>`}
    </div>
    <label><input type="checkbox" class="check" checked=${form.owner} onChange=${set('owner')} /> and the service's owner</label>
    ${error && html`<${Failure} error=${error} />`}
    <div class="actions"><button type="submit" class="quiet">Ask for approval</button>
      <button type="button" class="quiet" onClick=${policy}>Use the matching policy</button></div></form>`;
}

// The panel on a ticket page: its requests for approval, newest first.
export function ApprovalsPanel({ path, number, agent }) {
  const reqs = useGet(`/api/v1/${path}/${number}/approvals`);
  const [asking, setAsking] = useState(false);
  useLive((e) => { if (!e || e.reset || e.ticket === number) reqs.reload(); }, 500);
  const items = reqs.data ? reqs.data.items : [];
  const pending = items.some((q) => q.state === 'pending');
  return html`<div class="panel" data-approvals><h3>Approvals</h3>
    ${reqs.error ? html`<${Failure} error=${reqs.error} />` : !reqs.data ? html`<${Loading} />`
    : items.length === 0 ? html`<p class="muted">None asked.</p>`
    : items.map((q) => html`<div class="request" data-request=${q.id} data-state=${q.state}>
        <p><strong data-request-state>${words(q.state)}</strong> <span class="muted">${q.policy ? `policy ${q.policy}` : 'asked'} by ${q.created_by || 'Steward'} · ${when(q.created_at)}</span></p>
        <ol class="steps">${q.steps.map((st) => html`<li data-step=${st.position} data-step-state=${st.state}>
          <span class="muted">${ruleWords(st.rule, st.required)} · ${words(st.state)}</span>
          <ul class="plain">${st.approvals.map((x) => html`<li data-approver=${x.approver} data-approval-state=${x.state}>
            ${x.approver}${x.via ? html` <span class="muted">(${x.via})</span>` : ''}: <strong>${words(x.state)}</strong>
            ${x.decided_by && x.decided_by !== x.approver ? html` <span class="muted">by ${x.decided_by}</span>` : ''}
            ${x.decided_at ? html` <span class="muted">${when(x.decided_at)}</span>` : ''}
            ${x.comment ? html`<div class="text">“${x.comment}”</div>` : ''}</li>`)}</ul></li>`)}</ol>
        ${(q.policy_steps || []).some((c) => c.reason !== 'no condition') && html`<ul class="plain muted" data-policy-steps>${q.policy_steps.map((c) => html`<li data-policy-step=${c.position}>
          Policy step ${c.position}: ${c.step ? `taken (step ${c.step})` : 'left out'} — ${c.reason}</li>`)}</ul>`}</div>`)}
    ${agent && !pending && (asking ? html`<${Ask} path=${path} number=${number} onAsked=${() => { setAsking(false); reqs.reload(); }} />`
      : html`<div class="actions"><button class="quiet" data-ask onClick=${() => setAsking(true)}>Ask for approval</button></div>`)}
    ${pending && html`<p class="hint">Approvers decide from their <a href="#/approvals">approvals inbox</a>.</p>`}
  </div>`;
}
