// The change calendar, for agents: a month, a week or a day of the change
// schedule (GET /api/v1/changes/calendar), days shaded where a blackout
// (red) or a maintenance window (green) holds, each event listed with its
// local times; a service filter; and a button that creates an iCalendar
// feed token and shows the address to subscribe to.  Windows themselves
// are kept on the admin pages (#/admin/change-windows).  Everything goes
// through the public API; the view, the day shown and the filter live in
// the address (#/calendar?view=week&at=2027-03-28&service=Email).
// A month of a busy schedule holds thousands of changes: the month and
// week ask for the first few of each day in the browser's zone (per_day,
// tz) with every day counted, and a day that holds more links "+N more"
// to the day's view, which reads its events a page at a time (limit,
// cursor) as calendar programs do.
import { html, useState, useEffect, api, problem, Loading, Failure } from './lib.js';

const pad = (n) => String(n).padStart(2, '0');
const ymd = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const addDays = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
const monday = (d) => addDays(d, -((d.getDay() + 6) % 7));
const hm = (d) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

// What a day cell of each view shows before "+N more"; a day view's page.
const PER_DAY = { month: 3, week: 12 };
const DAY_PAGE = 200;
const ZONE = (() => { try { return Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { return ''; } })();

// The days a view shows: six weeks around a month, one week, or one day.
function span(view, at) {
  if (view === 'day') {
    const from = new Date(at.getFullYear(), at.getMonth(), at.getDate());
    return { from, days: 1, title: from.toLocaleDateString(undefined, { dateStyle: 'full' }), prev: addDays(from, -1), next: addDays(from, 1) };
  }
  if (view === 'week') {
    const from = monday(at);
    return { from, days: 7, title: `Week of ${from.toLocaleDateString()}`, prev: addDays(from, -7), next: addDays(from, 7) };
  }
  const first = new Date(at.getFullYear(), at.getMonth(), 1);
  return {
    from: monday(first), days: 42, month: at.getMonth(),
    title: first.toLocaleDateString(undefined, { month: 'long', year: 'numeric' }),
    prev: new Date(at.getFullYear(), at.getMonth() - 1, 1), next: new Date(at.getFullYear(), at.getMonth() + 1, 1),
  };
}

const within = (e, day) => Date.parse(e.start) < addDays(day, 1).getTime() && Date.parse(e.end) > day.getTime();
const shade = (events) => (events.some((e) => e.kind === 'blackout') ? 'blackout' : events.some((e) => e.kind === 'maintenance') ? 'maintenance' : '');

function Chip({ e, day }) {
  const s = new Date(e.start), t = new Date(e.end);
  const from = s < day ? '…' : hm(s), to = t > addDays(day, 1) ? '…' : hm(t);
  // a change links to its page; one not yet authorised is shown as tentative
  const what = e.kind === 'change' ? html`<a href=${`#/changes/${e.source}`}>${e.summary}</a>` : e.summary;
  return html`<li class=${`event ${e.kind} ${e.status}`} data-event=${e.uid} title=${`${e.summary}: ${s.toLocaleString()} – ${t.toLocaleString()}${e.status === 'tentative' ? ' (not yet authorised)' : ''}`}>
    <span class="when">${from}–${to}</span> ${what}</li>`;
}

function Subscribe() {
  const [url, setUrl] = useState(null);
  const [error, setError] = useState(null);
  const create = async () => {
    const r = await api('POST', '/api/v1/me/feeds', { name: 'Change calendar' });
    if (!r.ok) return setError(problem(r));
    setUrl(`${location.origin}${r.json.url}`);
  };
  return html`<div class="subscribe">
    ${url
      ? html`<label>Subscribe in your calendar program (shown once; revoke under your feeds):
          <input readonly data-feed-url value=${url} size="60" /></label>`
      : html`<button class="quiet" data-subscribe onClick=${create}>Subscribe (iCalendar)</button>`}
    ${error && html`<${Failure} error=${error} />`}</div>`;
}

// The calendar for the query q: a day's first page (cursor: the next
// one), or a month's or week's days capped per day in the browser's zone
// (UTC when the server does not know that zone).
async function read(view, q, cursor) {
  if (view === 'day') {
    q.set('limit', String(DAY_PAGE));
    if (cursor) q.set('cursor', cursor);
    return api('GET', `/api/v1/changes/calendar?${q}`);
  }
  q.set('per_day', String(PER_DAY[view]));
  if (ZONE) q.set('tz', ZONE);
  const r = await api('GET', `/api/v1/changes/calendar?${q}`);
  if (r.ok || !ZONE || !(r.json?.errors || []).some((e) => e.field === 'tz')) return r;
  q.delete('tz');
  return api('GET', `/api/v1/changes/calendar?${q}`);
}

export function ChangeCalendar({ query }) {
  const view = ['week', 'day'].includes(query.get('view')) ? query.get('view') : 'month';
  const atText = query.get('at');
  const at = atText && /^\d{4}-\d{2}-\d{2}$/.test(atText) ? new Date(`${atText}T00:00:00`) : new Date();
  const service = query.get('service') || '';
  const sp = span(view, at);
  const [events, setEvents] = useState(null);
  const [counts, setCounts] = useState({}); // date -> events overlapping it (month, week)
  const [next, setNext] = useState(null); // the day view's next page
  const [services, setServices] = useState([]);
  const [error, setError] = useState(null);
  const link = (changes) => {
    const q = new URLSearchParams({ view, at: ymd(at), ...(service ? { service } : {}), ...changes });
    for (const [k, v] of [...q.entries()]) if (!v) q.delete(k);
    return `#/calendar?${q}`;
  };
  useEffect(() => {
    api('GET', '/api/v1/services?limit=200').then((r) => r.ok && setServices(r.json.items.map((s) => s.name)));
  }, []);
  const spanQuery = () => {
    const q = new URLSearchParams({ from: sp.from.toISOString(), to: addDays(sp.from, sp.days).toISOString() });
    if (service) q.set('service', service);
    return q;
  };
  useEffect(() => {
    setEvents(null);
    setNext(null);
    read(view, spanQuery()).then((r) => {
      if (!r.ok) return setError(problem(r));
      setError(null);
      setEvents(r.json.items);
      setCounts(Object.fromEntries((r.json.days || []).map((d) => [d.date, d.count])));
      setNext(r.json.next_cursor || null);
    });
  }, [view, ymd(sp.from), service]);
  const more = async () => {
    const r = await read(view, spanQuery(), next);
    if (!r.ok) return setError(problem(r));
    setEvents([...events, ...r.json.items]);
    setNext(r.json.next_cursor || null);
  };
  const days = Array.from({ length: sp.days }, (_, i) => addDays(sp.from, i));
  const today = ymd(new Date());
  const cell = (d) => {
    const evs = (events || []).filter((e) => within(e, d));
    const other = sp.month !== undefined && d.getMonth() !== sp.month;
    const hidden = view === 'day' ? 0 : (counts[ymd(d)] || 0) - evs.length;
    const head = view === 'month' ? d.getDate() : `${WEEKDAYS[(d.getDay() + 6) % 7]} ${d.getDate()}`;
    return html`<td class=${['day', shade(evs), other ? 'other' : '', ymd(d) === today ? 'today' : ''].join(' ')} data-day=${ymd(d)}>
      <div class="date">${head}</div>
      <ul>${evs.map((e) => html`<${Chip} key=${e.uid} e=${e} day=${d} />`)}</ul>
      ${hidden > 0 && html`<a class="more" data-more=${ymd(d)} href=${link({ view: 'day', at: ymd(d) })}>+${hidden} more</a>`}</td>`;
  };
  const weeks = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  return html`<main class="calendar">
    <h2 data-calendar-title>Change calendar: ${sp.title}</h2>
    <nav class="toolbar" aria-label="Calendar">
      <a class="button" href=${link({ at: ymd(sp.prev) })} data-prev>◀ Previous</a>
      <a class="button" href=${link({ at: ymd(new Date()) })}>Today</a>
      <a class="button" href=${link({ at: ymd(sp.next) })} data-next>Next ▶</a>
      <a class="tab" href=${link({ view: 'month' })} aria-current=${view === 'month' ? 'page' : undefined}>Month</a>
      <a class="tab" href=${link({ view: 'week' })} aria-current=${view === 'week' ? 'page' : undefined} data-week>Week</a>
      <a class="tab" href=${link({ view: 'day' })} aria-current=${view === 'day' ? 'page' : undefined} data-dayview>Day</a>
      <label>Service <select aria-label="Service" value=${service} onChange=${(ev) => { location.hash = link({ service: ev.target.value }); }}>
        <option value="">All</option>${services.map((s) => html`<option value=${s}>${s}</option>`)}</select></label>
    </nav>
    <p class="legend"><span class="swatch blackout"></span> blackout <span class="swatch maintenance"></span> maintenance window
      — times are your browser's; windows are kept under <a href="#/admin/change-windows">Admin › Change windows</a></p>
    ${error && html`<${Failure} error=${error} />`}
    ${events === null && !error ? html`<${Loading} />` : html`<table class=${`calgrid ${view}`} data-calendar=${view}>
      ${view !== 'day' && html`<thead><tr>${WEEKDAYS.map((w) => html`<th scope="col">${w}</th>`)}</tr></thead>`}
      <tbody>${weeks.map((w) => html`<tr>${w.map(cell)}</tr>`)}</tbody></table>
      ${next && html`<button class="quiet" data-load-more onClick=${more}>Load more of the day</button>`}`}
    <${Subscribe} />
  </main>`;
}
