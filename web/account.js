// Your account: who you are, when the account ends (if an admin set a
// date), and your API tokens — make one (its secret is shown once), see
// when each was last used and when it expires, revoke it.  Tokens are
// made from the browser session only; the server refuses a token making
// tokens.  Everything goes through the public API (docs/security.md).
import { html, useState, api, problem, when, useGet, Loading, Failure } from './lib.js';

function NewToken({ onMade }) {
  const [form, setForm] = useState({ name: '', days: '' });
  const [error, setError] = useState(null);
  const make = async (e) => {
    e.preventDefault();
    const body = { name: form.name };
    if (form.days) body.expires_at = new Date(Date.now() + Number(form.days) * 86400e3).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const r = await api('POST', '/api/v1/me/tokens', body);
    if (!r.ok) return setError(problem(r));
    setError(null);
    setForm({ name: '', days: '' });
    onMade(r.json);
  };
  return html`<form onSubmit=${make} aria-label="Make an API token"><div class="grid">
      <div><label for="t-name">Name</label><input id="t-name" required maxlength="100" value=${form.name} onInput=${(e) => setForm({ ...form, name: e.target.value })} /></div>
      <div><label for="t-days">Expires after (days; empty: never)</label><input id="t-days" type="number" min="1" max="3650" value=${form.days} onInput=${(e) => setForm({ ...form, days: e.target.value })} /></div></div>
    <div class="actions"><button type="submit">Make a token</button></div>
    ${error && html`<${Failure} error=${error} />`}</form>`;
}

export function Account({ me }) {
  const tokens = useGet('/api/v1/me/tokens');
  const [made, setMade] = useState(null);
  const [error, setError] = useState(null);
  const revoke = async (t) => {
    const r = await api('DELETE', `/api/v1/me/tokens/${t.id}`);
    if (!r.ok) return setError(problem(r));
    setError(null);
    if (made && made.id === t.id) setMade(null);
    tokens.reload();
  };
  return html`<main><h2>Your account</h2>
    <p>${me.name} (<span data-login>${me.login}</span>), ${me.role.replace('_', ' ')}${me.expires_at ? html`; the account ends ${when(me.expires_at)}` : ''}.</p>
    <section class="panel" data-tokens><h3>API tokens</h3>
      <p class="muted">A token lets a script act as you: send it as <code>Authorization: Bearer …</code>. Give each script its own, with an end date where you can.</p>
      ${made && html`<p class="notice" role="status" data-secret>Copy the token "${made.name}" now; it is not shown again:
        <input readonly size="50" value=${made.token} aria-label="The new token" /></p>`}
      ${tokens.error ? html`<${Failure} error=${tokens.error} />` : !tokens.data ? html`<${Loading} />`
      : tokens.data.items.length === 0 ? html`<p class="muted">You have no API tokens.</p>`
      : html`<table><thead><tr><th>Name</th><th>Made</th><th>Last used</th><th>Expires</th><th></th></tr></thead><tbody>
        ${tokens.data.items.map((t) => html`<tr key=${t.id} data-token=${t.id}><td>${t.name}</td><td>${when(t.created_at)}</td>
          <td>${t.last_used_at ? when(t.last_used_at) : 'never'}</td><td>${t.expires_at ? when(t.expires_at) : 'never'}</td>
          <td><button class="quiet" onClick=${() => revoke(t)} aria-label=${`Revoke ${t.name}`}>Revoke</button></td></tr>`)}</tbody></table>`}
      ${error && html`<${Failure} error=${error} />`}
      <${NewToken} onMade=${(t) => { setMade(t); tokens.reload(); }} />
    </section></main>`;
}
