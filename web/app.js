// Steward's web UI: Preact + htm as plain ES modules, talking only to the
// public JSON API.  This file is the shell: who is logged in, the header,
// hash routing to the pages (knowledge.js: the knowledge base; approvals.js:
// the approvals inbox), the
// notification count and live updates.
import { render } from './vendor.js';
import { html, useState, useEffect, api, setCsrf, when, useRoute, useGet, live, Loading, Failure } from './lib.js';
import { Queues, NewIncident, Incident } from './tickets.js';
import { Services, Service, Cis, Ci } from './cmdb.js';
import { AdminIndex, AdminList, AdminEdit, ADMIN_RESOURCES, mayAdmin } from './admin.js';
import { Dashboard } from './dashboard.js';
import { KpiPage } from './kpis.js';
import { ProblemQueue, Problem, NewProblem, Candidates, ticketHref } from './problems.js';
import { Alerts, Alert } from './alerts.js';
import { ChangeList, Change, NewChange, Catalogue, RiskSettings } from './changes.js';
import { ReleaseList, Release, NewRelease } from './releases.js';
import { ChangeCalendar } from './calendar.js';
import { Account } from './account.js';
import { Knowledge, Article, ArticleEditor, ArticleDiff } from './knowledge.js';
import { Approvals } from './approvals.js';
import { Toolkits } from './toolkits.js';
import { CatalogueBrowse, OrderItem, RequestList, RequestPage, TaskQueue, TaskPage } from './requests.js';
import { ImprovementList, Improvement, NewImprovement, CsatReport } from './csi.js';
import { CatalogItemEditor } from './catalog_admin.js';

// An approval email's link sends a browser without a session here
// (#/login?next=/approval/<id>/<token>); once logged in it goes back.
// Only that shape of path is followed: no open redirect.
export function nextLink() {
  const n = new URLSearchParams(location.hash.split('?')[1] || '').get('next');
  return n && /^\/approval\/[0-9]+\/al_[A-Za-z0-9_-]{43}$/.test(n) ? n : null;
}

function Login({ onIn }) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    const r = await api('POST', '/api/v1/auth/login', { login, password });
    if (!r.ok) return setError(r.status === 429 ? 'Too many attempts; wait a moment.' : 'The login or password is wrong.');
    setCsrf(r.json.csrf_token);
    if (nextLink()) return location.replace(nextLink());
    onIn(r.json.user);
  };
  return html`<main><form class="panel narrow" onSubmit=${submit} aria-label="Log in">
    <h1>Log in to Steward</h1>
    <label for="login">Login</label><input id="login" autocomplete="username" value=${login} onInput=${(e) => setLogin(e.target.value)} />
    <label for="password">Password</label><input id="password" type="password" autocomplete="current-password" value=${password} onInput=${(e) => setPassword(e.target.value)} />
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="actions"><button type="submit">Log in</button></div>
  </form></main>`;
}

function Notifications({ onRead }) {
  const list = useGet('/api/v1/me/notifications?limit=50');
  const readAll = async () => { await api('POST', '/api/v1/me/notifications/read'); list.reload(); onRead(); };
  const readOne = async (n) => { if (!n.read_at) { await api('POST', `/api/v1/me/notifications/${n.id}/read`); onRead(); } };
  if (list.error) return html`<main><${Failure} error=${list.error} /></main>`;
  if (!list.data) return html`<main><${Loading} /></main>`;
  return html`<main><div class="actions bar"><h2 class="grow">Notifications</h2>
      ${list.data.unread > 0 && html`<button class="quiet" onClick=${readAll}>Mark all read</button>`}</div>
    ${list.data.items.length === 0 ? html`<p class="muted" data-empty>Nothing yet.</p>` : html`<ul class="plain notifications">
      ${list.data.items.map((n) => html`<li class=${n.read_at ? '' : 'unread'}><a href=${n.article ? `#/kb/${n.article}` : ticketHref(n.ticket)} onClick=${() => readOne(n)}>${n.subject}</a>
        <div class="muted">${when(n.created_at)}</div></li>`)}</ul>`}
  </main>`;
}

// Live updates: one event stream (GET /api/v1/events) per browser, not
// per tab — a browser allows six HTTP/1.1 connections to a server, and
// six tabs each holding a stream would leave none for anything else.  The
// tab that holds the Web Lock keeps the stream and passes each event to
// the others over a BroadcastChannel; when it closes, another tab takes
// the lock and the stream over, resuming from the last event id seen.
// Every event is re-broadcast to this tab's pages (useLive).  A stream the
// server refuses for good (503 when full, 401 after the session ended) is
// retried after half a minute, and the header says updates are paused.
function useEvents(me, setLiveDown) {
  useEffect(() => {
    if (!me || typeof EventSource === 'undefined') return undefined;
    const pass = (detail) => live.dispatchEvent(new CustomEvent('ticket', { detail }));
    const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(`steward-events-${me.login}`);
    // Every tab keeps the last event id it has seen, so that the one that
    // takes the stream over resumes exactly where the last holder stopped.
    let es = null, retry = null, lastId = null, stopped = false;
    if (channel) {
      channel.onmessage = (e) => {
        if (e.data.id) lastId = e.data.id;
        pass(e.data.detail);
      };
    }
    const open = () => {
      es = new EventSource(lastId ? `/api/v1/events?since=${encodeURIComponent(lastId)}` : '/api/v1/events');
      const relay = (detail, id) => {
        if (id) lastId = id;
        setLiveDown(false);
        pass(detail);
        if (channel) channel.postMessage({ detail, id });
      };
      es.addEventListener('open', () => setLiveDown(false));
      es.addEventListener('ticket', (e) => {
        try { relay(JSON.parse(e.data), e.lastEventId); } catch { /* a malformed event is dropped */ }
      });
      es.addEventListener('reset', (e) => relay({ reset: true }, e.lastEventId));
      es.addEventListener('error', () => {
        if (es.readyState !== EventSource.CLOSED || stopped) return; // the browser is reconnecting by itself
        setLiveDown(true);
        retry = setTimeout(() => { if (!stopped) open(); }, 30000);
      });
    };
    const ctl = new AbortController();
    let release = null;
    if (navigator.locks) {
      navigator.locks.request(`steward-events-${me.login}`, { signal: ctl.signal }, () => new Promise((resolve) => {
        release = resolve;
        if (!stopped) open();
      })).catch(() => { /* aborted: this tab went away before it held the lock */ });
    } else {
      open();
    }
    return () => {
      stopped = true;
      ctl.abort();
      clearTimeout(retry);
      if (es) es.close();
      if (release) release();
      if (channel) channel.close();
    };
  }, [me && me.login]);
}

function App() {
  const [me, setMe] = useState(undefined);
  const [unread, setUnread] = useState(0);
  const [liveDown, setLiveDown] = useState(false);
  const [logoutError, setLogoutError] = useState(null);
  const route = useRoute();
  useEffect(() => {
    api('GET', '/api/v1/me').then((r) => {
      if (r.ok && nextLink()) return location.replace(nextLink());
      if (r.ok) setCsrf(r.json.csrf_token);
      setMe(r.ok ? r.json : null);
    });
  }, []);
  const countUnread = () => api('GET', '/api/v1/me/notifications?unread=true&limit=1').then((r) => r.ok && setUnread(r.json.unread));
  useEffect(() => { if (me) countUnread(); }, [me, route.path]);
  useEvents(me, setLiveDown);
  if (me === undefined) return html`<main><${Loading} /></main>`;
  if (me === null) return html`<${Login} onIn=${setMe} />`;
  const agent = me.role !== 'end_user';
  const admin = ADMIN_RESOURCES.some((r) => mayAdmin(me, r));
  const manager = me.role === 'manager' || me.role === 'admin';
  const logout = async () => {
    const r = await api('POST', '/api/v1/auth/logout');
    if (!r.ok && r.status !== 401) return alertLogout(r);
    setCsrf(null);
    setMe(null);
    location.hash = '#/';
  };
  const alertLogout = (r) => setLogoutError(`Logging out failed: ${r.json && r.json.detail ? r.json.detail : `error ${r.status}`}`);
  const p = route.path;
  let seg;
  try { seg = p.split('/').filter(Boolean).map(decodeURIComponent); } catch { seg = ['?']; }
  const page = () => {
    if (seg.length === 0 || seg[0] === 'login') return html`<${Queues} me=${me} agent=${agent} query=${route.query} />`;
    switch (seg[0]) {
      case 'new': return html`<${NewIncident} agent=${agent} />`;
      case 'incidents': return seg[1] ? html`<${Incident} key=${seg[1]} number=${seg[1]} me=${me} agent=${agent} />` : null;
      case 'dashboard': return agent ? html`<${Dashboard} me=${me} />` : null;
      case 'kpis': return agent ? html`<${KpiPage} me=${me} query=${route.query} />` : null;
      case 'alerts':
        if (!agent) return null;
        return seg[1] ? html`<${Alert} key=${seg[1]} id=${seg[1]} />` : html`<${Alerts} key=${route.query.toString()} query=${route.query} />`;
      case 'problems':
        if (!agent) return null;
        if (seg[1] === 'new') return html`<${NewProblem} query=${route.query} />`;
        if (seg[1] === 'candidates') return html`<${Candidates} query=${route.query} />`;
        return seg[1] ? html`<${Problem} key=${seg[1]} number=${seg[1]} me=${me} />` : html`<${ProblemQueue} me=${me} query=${route.query} />`;
      case 'changes':
        if (!agent) return null;
        if (seg[1] === 'new') return html`<${NewChange} key=${route.query.toString()} query=${route.query} />`;
        if (seg[1] === 'catalogue') return html`<${Catalogue} />`;
        return seg[1] ? html`<${Change} key=${seg[1]} number=${seg[1]} me=${me} />` : html`<${ChangeList} key=${route.query.toString()} query=${route.query} />`;
      case 'releases':
        if (!agent) return null;
        if (seg[1] === 'new') return html`<${NewRelease} />`;
        return seg[1] ? html`<${Release} key=${seg[1]} number=${seg[1]} me=${me} />` : html`<${ReleaseList} />`;
      case 'calendar': return agent ? html`<${ChangeCalendar} key=${route.query.toString()} query=${route.query} />` : null;
      case 'services': return seg[1] ? html`<${Service} key=${seg[1]} id=${seg[1]} agent=${agent} />` : html`<${Services} query=${route.query} />`;
      case 'cis': return agent ? (seg[1] ? html`<${Ci} key=${seg[1]} id=${seg[1]} />` : html`<${Cis} query=${route.query} />`) : null;
      case 'notifications': return html`<${Notifications} onRead=${countUnread} />`;
      case 'approvals': return html`<${Approvals} me=${me} />`;
      case 'account': return html`<${Account} me=${me} />`;
      case 'catalog': return seg[1] ? html`<${OrderItem} key=${seg[1]} name=${seg[1]} agent=${agent} />` : html`<${CatalogueBrowse} key=${route.query.toString()} query=${route.query} />`;
      case 'requests': return seg[1] ? html`<${RequestPage} key=${seg[1]} number=${seg[1]} agent=${agent} me=${me} />` : html`<${RequestList} agent=${agent} />`;
      case 'improvements':
        if (seg[1] === 'new') return html`<${NewImprovement} agent=${agent} />`;
        return seg[1] ? html`<${Improvement} key=${seg[1]} number=${seg[1]} agent=${agent} />` : html`<${ImprovementList} key=${route.query.toString()} query=${route.query} agent=${agent} />`;
      case 'csat': return manager ? html`<${CsatReport} key=${route.query.toString()} query=${route.query} />` : null;
      case 'tasks': return agent ? (seg[1] ? html`<${TaskPage} key=${seg[1]} number=${seg[1]} />` : html`<${TaskQueue} />`) : null;
      case 'kb':
        if (!seg[1]) return html`<${Knowledge} key=${route.query.toString()} agent=${agent} query=${route.query} />`;
        if (seg[1] === 'new') return agent ? html`<${ArticleEditor} key="new" />` : null;
        if (seg[2] === 'edit') return agent ? html`<${ArticleEditor} key=${`${seg[1]}/edit`} number=${seg[1]} />` : null;
        if (seg[2] === 'diff' && seg[3] && seg[4]) return html`<${ArticleDiff} key=${seg.join('/')} number=${seg[1]} from=${seg[3]} to=${seg[4]} />`;
        return html`<${Article} key=${seg[1]} number=${seg[1]} me=${me} agent=${agent} />`;
      case 'known-errors': return html`<${Knowledge} key=${`ke${route.query.toString()}`} agent=${agent} query=${route.query} known=${true} />`;
      case 'admin':
        if (!admin) return null;
        if (!seg[1]) return html`<${AdminIndex} me=${me} />`;
        if (seg[1] === 'risk') return html`<${RiskSettings} />`;
        if (seg[1] === 'toolkits') return html`<${Toolkits} />`;
        if (seg[1] === 'catalog-items' && seg[2]) return html`<${CatalogItemEditor} key=${seg[2]} name=${seg[2]} />`;
        return seg[2] ? html`<${AdminEdit} key=${seg.join('/')} path=${seg[1]} id=${seg[2]} />` : html`<${AdminList} key=${seg[1]} path=${seg[1]} />`;
      default: return null;
    }
  };
  const here = (prefix) => ((prefix === '/' ? p === '/' || p.startsWith('/incidents') || p === '/new' : p.startsWith(prefix)) ? 'page' : undefined);
  return html`<div>
    <a class="skip" href="#main">Skip to content</a>
    <header><h1>Steward</h1><nav aria-label="Main">
      <a class="tab" href="#/" aria-current=${here('/')}>${agent ? 'Queues' : 'My requests'}</a>
      ${agent && html`<a class="tab" href="#/problems" aria-current=${here('/problems')}>Problems</a>`}
      ${agent && html`<a class="tab" href="#/changes" aria-current=${here('/changes')}>Changes</a>`}
      ${agent && html`<a class="tab" href="#/releases" aria-current=${here('/releases')}>Releases</a>`}
      ${agent && html`<a class="tab" href="#/alerts" aria-current=${here('/alerts')}>Alerts</a>`}
      ${agent && html`<a class="tab" href="#/dashboard" aria-current=${here('/dashboard')}>Dashboard</a>`}
      ${agent && html`<a class="tab" href="#/kpis" aria-current=${here('/kpis')}>KPIs</a>`}
      <a class="tab" href="#/catalog" aria-current=${here('/catalog')}>Catalogue</a>
      <a class="tab" href="#/requests" aria-current=${here('/requests')}>Service requests</a>
      ${agent && html`<a class="tab" href="#/tasks" aria-current=${here('/tasks')}>Tasks</a>`}
      <a class="tab" href="#/approvals" aria-current=${here('/approvals')}>Approvals</a>
      ${agent && html`<a class="tab" href="#/calendar" aria-current=${here('/calendar')}>Calendar</a>`}
      <a class="tab" href="#/kb" aria-current=${here('/kb') || here('/known-errors')}>Knowledge</a>
      <a class="tab" href="#/improvements" aria-current=${here('/improvements')}>Improvements</a>
      ${manager && html`<a class="tab" href="#/csat" aria-current=${here('/csat')}>CSAT</a>`}
      ${agent && html`<a class="tab" href="#/services" aria-current=${here('/services')}>Services</a>`}
      ${agent && html`<a class="tab" href="#/cis" aria-current=${here('/cis')}>CMDB</a>`}
      ${admin && html`<a class="tab" href="#/admin" aria-current=${here('/admin')}>Admin</a>`}</nav>
      <a class="tab" href="#/notifications" aria-label=${`Notifications, ${unread} unread`}>Inbox${unread > 0 ? html` <span class="count" data-unread>${unread}</span>` : ''}</a>
      ${liveDown && html`<span class="hint" role="status" data-live-down>live updates paused</span>`}
      <a class="muted" data-me href="#/account" title="Your account and API tokens">${me.name || me.login}</a><button class="quiet" onClick=${logout}>Log out</button></header>
    ${logoutError && html`<p class="error" role="alert">${logoutError}</p>`}
    <div id="main">${page() || html`<main><p class="error">There is no such page.</p><a href="#/">Home</a></main>`}</div>
  </div>`;
}

render(html`<${App} />`, document.getElementById('app'));
