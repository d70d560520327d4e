// What every page of the UI shares: the API client (session cookie plus
// the CSRF token for writes), formatting, the hash router and small hooks.
import { html, useState, useEffect, useLayoutEffect, useCallback, useRef } from './vendor.js';

export { html, useState, useEffect, useCallback, useRef };

let csrf = null;
export const setCsrf = (token) => { csrf = token || null; };

// One call to the JSON API.  Never throws on an HTTP status: the caller
// looks at ok/status and shows problem(r).
export async function api(method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers };
  let payload;
  if (body instanceof Blob) payload = body;
  else if (body !== undefined) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
  let r;
  try {
    r = await fetch(path, { method, headers: h, credentials: 'same-origin', body: payload });
  } catch (e) {
    return { status: 0, ok: false, json: { detail: `The server cannot be reached (${e.message}).` }, etag: null };
  }
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = { detail: text.slice(0, 200) }; }
  return { status: r.status, ok: r.ok, json, etag: r.headers.get('ETag') };
}

// The message of a problem+json answer, with the field paths of a 422.
export const problem = (r) => {
  const j = r.json || {};
  if (Array.isArray(j.errors) && j.errors.length) return j.errors.map((e) => `${e.field}: ${e.detail}`).join('; ');
  return j.detail || j.title || `error ${r.status}`;
};

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');
export const day = (iso) => (iso ? new Date(iso).toLocaleDateString() : '—');
export const words = (s) => (s ? String(s).replaceAll('_', ' ') : '—');
export const left = (s) => {
  const a = Math.abs(s), d = Math.floor(a / 86400), h = Math.floor((a % 86400) / 3600), m = Math.floor((a % 3600) / 60);
  return d > 0 ? `${d}d ${h}h` : `${h}h ${String(m).padStart(2, '0')}m`;
};
export const seconds = (s) => (s == null ? '—' : left(s));

// Hash routes: "#/path?query" → { path, query }.
export function useRoute() {
  const read = () => {
    const raw = location.hash.slice(1) || '/';
    const i = raw.indexOf('?');
    return { path: i < 0 ? raw : raw.slice(0, i), query: new URLSearchParams(i < 0 ? '' : raw.slice(i + 1)) };
  };
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const on = () => setRoute(read());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

// GET a path and keep the answer; reload() fetches again.  Pages that
// follow live updates call reload when an event concerns them.
export function useGet(path) {
  const [state, setState] = useState({ data: null, error: null, etag: null });
  const seq = useRef(0);
  const reload = useCallback(async () => {
    if (!path) return;
    const mine = ++seq.current;
    const r = await api('GET', path);
    if (mine !== seq.current) return; // a newer request is on its way
    setState(r.ok ? { data: r.json, error: null, etag: r.etag } : { data: null, error: problem(r), etag: null });
  }, [path]);
  useEffect(() => { setState({ data: null, error: null, etag: null }); reload(); }, [reload]);
  return { ...state, reload };
}

// Live updates: the app opens one event stream and re-broadcasts each
// event here; pages subscribe with useLive(handler).  With `every` (ms),
// a burst of events calls the handler once, at the end of the window, so
// a busy desk does not reload a list for each of a hundred changes.
export const live = new EventTarget();
export function useLive(handler, every = 0) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    let timer = null;
    const on = (e) => {
      if (!every) return ref.current(e.detail);
      if (!timer) timer = setTimeout(() => { timer = null; ref.current(e.detail); }, every);
    };
    live.addEventListener('ticket', on);
    return () => { live.removeEventListener('ticket', on); clearTimeout(timer); };
  }, [every]);
}

// Every item of a list, following next_cursor (up to max items, which
// says so with truncated).  For pickers and admin lists, which must not
// stop silently at one page.
export async function getAll(path, max = 5000) {
  const items = [];
  let cursor = null;
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await api('GET', cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path);
    if (!r.ok) return { items, error: problem(r), truncated: false };
    items.push(...(r.json.items || []));
    cursor = r.json.next_cursor || null;
    if (!cursor) return { items, error: null, truncated: false };
    if (items.length >= max) return { items, error: null, truncated: true };
  }
}

// The OpenAPI document, fetched once: the admin forms are drawn from the
// server's own input schemas, so they never drift from what it accepts.
let openapi = null;
export async function openApi() {
  if (!openapi) {
    const r = await api('GET', '/api/v1/openapi.json');
    if (!r.ok) throw new Error(problem(r));
    openapi = r.json;
  }
  return openapi;
}

// Single-key shortcuts while the component is on screen.  Keys typed into
// a field, or with a modifier, are the field's.  The listener is in place
// as soon as the component is rendered (a layout effect), and always sees
// the latest handler.
export function useKeys(handler) {
  const ref = useRef(handler);
  ref.current = handler;
  useLayoutEffect(() => {
    const on = (e) => {
      if (e.target.closest && e.target.closest('input, textarea, select, [contenteditable]')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      ref.current(e);
    };
    addEventListener('keydown', on);
    return () => removeEventListener('keydown', on);
  }, []);
}

export const Loading = () => html`<p class="muted" aria-busy="true">Loading…</p>`;
export const Failure = ({ error }) => html`<p class="error" role="alert">${error}</p>`;
