// The dashboard: what is open (by state, priority and group), SLA
// compliance, created against resolved per day (a uPlot chart), MTTA and
// MTTR, and the oldest open incidents (GET /api/v1/reports/incidents); and
// SLA compliance by policy, service, group, priority or agreement (red,
// amber or green against its target), its trend, with the breaches
// (GET /api/v1/reports/incidents/sla); and an ad hoc breakdown of the
// incidents raised in the same days by a field and an interval, with its
// CSV (GET /api/v1/reports/incidents/breakdown).
import uPlot from './uplot.js';
import { html, useState, useEffect, useRef, words, seconds, when, useGet, useLive, Loading, Failure } from './lib.js';

// Today as the calendar in tz reads it (YYYY-MM-DD), and a day n days
// before one: the report's from and to are local days, and the UTC date
// is another day for part of every day almost everywhere.
const today = (tz) => {
  let parts;
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10); // a zone this browser does not know
  }
  const v = (type) => parts.find((x) => x.type === type).value;
  return `${v('year')}-${v('month')}-${v('day')}`;
};
const before = (isoDay, n) => new Date(Date.parse(`${isoDay}T00:00:00Z`) - n * 86400000).toISOString().slice(0, 10);
// by_state and by_priority are objects; by_group a list of {group, count}.
const entries = (x) => (Array.isArray(x) ? x.map((e) => [e.group, e.count]) : Object.entries(x || {}));

function Bars({ title, data, label = (k) => k }) {
  const rows = entries(data);
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return html`<div class="panel"><h3>${title}</h3>
    ${rows.length === 0 ? html`<p class="muted">Nothing open.</p>` : html`<table class="bars"><tbody>
      ${rows.map(([k, n]) => html`<tr><th>${label(k)}</th><td><meter min="0" max=${max} value=${n}></meter></td><td class="num">${n}</td></tr>`)}</tbody></table>`}
  </div>`;
}

function Chart({ daily }) {
  const box = useRef(null);
  useEffect(() => {
    if (!box.current || !daily.length) return undefined;
    const xs = daily.map((d) => Date.parse(`${d.date}T12:00:00Z`) / 1000);
    const css = getComputedStyle(document.documentElement);
    const color = (v) => css.getPropertyValue(v).trim();
    const chart = new uPlot({
      width: Math.max(300, box.current.clientWidth), height: 240,
      axes: [{ stroke: color('--muted'), grid: { stroke: color('--line') } }, { stroke: color('--muted'), grid: { stroke: color('--line') } }],
      series: [{}, { label: 'created', stroke: color('--accent'), width: 2 }, { label: 'resolved', stroke: color('--ok'), width: 2 }],
    }, [xs, daily.map((d) => d.created), daily.map((d) => d.resolved)], box.current);
    return () => chart.destroy();
  }, [daily]);
  return html`<div ref=${box} class="chart" data-chart></div>`;
}

const GROUPS = ['assignment_group', 'assignee', 'priority', 'state', 'category', 'service', 'ci_name', 'channel', 'closing_category', 'resolution_code', 'major'];

function Breakdown({ from, to, tz }) {
  const [by, setBy] = useState('assignment_group');
  const [interval, setInterval] = useState('');
  const q = `from=${from}&to=${to}&tz=${encodeURIComponent(tz)}&group_by=${by}${interval ? `&interval=${interval}` : ''}`;
  const rep = useGet(`/api/v1/reports/incidents/breakdown?${q}`);
  const d = rep.data;
  return html`<div class="panel" data-breakdown><div class="actions bar"><h3 class="grow">Breakdown of incidents raised</h3>
      <label>By <select aria-label="Group by" value=${by} onChange=${(e) => setBy(e.target.value)}>
        ${GROUPS.map((g) => html`<option value=${g}>${words(g)}</option>`)}</select></label>
      <label>Per <select aria-label="Interval" value=${interval} onChange=${(e) => setInterval(e.target.value)}>
        <option value="">whole period</option><option value="day">day</option><option value="week">week</option><option value="month">month</option></select></label>
      <a class="button quiet" data-csv href=${`/api/v1/reports/incidents/breakdown?${q}&format=csv`} download>CSV</a></div>
    ${rep.error ? html`<${Failure} error=${rep.error} />` : !d ? html`<${Loading} />` : d.rows.length === 0 ? html`<p class="muted">No incidents raised in these days.</p>`
    : html`<table data-breakdown-rows><thead><tr>${interval && html`<th>From</th>`}<th>${words(by)}</th><th class="num">Raised</th><th class="num">Open</th><th class="num">Resolved</th><th class="num">Reopened</th><th class="num">Major</th><th class="num">MTTA</th><th class="num">MTTR</th></tr></thead>
      <tbody>${d.rows.map((x) => html`<tr>${interval && html`<td>${x.period}</td>`}<td>${x.key ?? 'none'}</td><td class="num">${x.count}</td><td class="num">${x.open}</td><td class="num">${x.resolved}</td>
        <td class="num">${x.reopened}</td><td class="num">${x.major}</td><td class="num">${seconds(x.mtta)}</td><td class="num">${seconds(x.mttr)}</td></tr>`)}</tbody></table>
      ${d.truncated && html`<p class="muted">More rows than are shown: narrow the period.</p>`}`}
  </div>`;
}

// Red, amber or green against an agreement's target (by agreement only).
const Rag = ({ x }) => (x.rag ? html`<span class=${`rag ${x.rag}`} data-rag=${x.rag}>${x.rag}</span>` : '—');

function Compliance({ from, to, tz }) {
  const [by, setBy] = useState('policy');
  const [trend, setTrend] = useState('');
  const q = `from=${from}&to=${to}&tz=${encodeURIComponent(tz)}&by=${by}${trend ? `&trend=${trend}` : ''}`;
  const rep = useGet(`/api/v1/reports/incidents/sla?${q}`);
  const d = rep.data;
  const pct = (x) => (x == null ? '—' : `${(x * 100).toFixed(1)} %`);
  const agreed = by === 'agreement';
  const row = (x, period) => html`<tr>${period && html`<td>${x.period}</td>`}<td>${x.key ?? 'none'}${x.group ? ` · ${x.group}` : ''}</td><td>${x.metric}</td><td class="num">${x.met}</td><td class="num">${x.breached}</td>
    <td class="num">${pct(x.compliance)}</td>${agreed && html`<td class="num">${x.target_compliance == null ? '—' : `${x.target_compliance} %`}</td><td><${Rag} x=${x} /></td>`}</tr>`;
  const head = (period) => html`<thead><tr>${period && html`<th>Period</th>`}<th>${words(by)}</th><th>Clock</th><th class="num">Met</th><th class="num">Breached</th><th class="num">Compliance</th>
    ${agreed && html`<th class="num">Target</th><th>Status</th>`}</tr></thead>`;
  return html`<div class="panel" data-compliance><div class="actions bar"><h3 class="grow">SLA compliance</h3>
      <label>By <select aria-label="Compliance by" value=${by} onChange=${(e) => setBy(e.target.value)}>
        ${['policy', 'service', 'assignment_group', 'priority', 'agreement'].map((g) => html`<option value=${g}>${words(g)}</option>`)}</select></label>
      <label>Trend <select aria-label="Compliance trend" value=${trend} onChange=${(e) => setTrend(e.target.value)}>
        ${[['', 'none'], ['day', 'by day'], ['week', 'by week'], ['month', 'by month']].map(([v, l]) => html`<option value=${v}>${l}</option>`)}</select></label>
      <a class="button quiet" href=${`/api/v1/reports/incidents/sla?${q}&format=csv`} download>CSV</a>
      ${trend && html`<a class="button quiet" data-trend-csv href=${`/api/v1/reports/incidents/sla?${q}&format=csv&list=trend`} download>Trend CSV</a>`}
      <a class="button quiet" data-breaches-csv href=${`/api/v1/reports/incidents/sla?${q}&format=csv&list=breaches`} download>Breaches CSV</a></div>
    ${rep.error ? html`<${Failure} error=${rep.error} />` : !d ? html`<${Loading} />` : d.rows.length === 0 ? html`<p class="muted">No SLA clock stopped in these days.</p>`
    : html`<table data-compliance-rows>${head(false)}<tbody>${d.rows.map((x) => row(x, false))}</tbody></table>
      ${d.periods && d.periods.length > 0 && html`<h4>Trend</h4><table data-compliance-trend>${head(true)}<tbody>${d.periods.map((x) => row(x, true))}</tbody></table>`}
      ${d.breaches.length > 0 && html`<h4>Breaches</h4><table data-breaches><thead><tr><th>Number</th><th>Title</th><th>Clock</th><th>Policy</th><th>Agreement</th><th>Group</th><th class="num">Used</th><th>Stopped</th><th>Reason</th></tr></thead>
        <tbody>${d.breaches.map((b) => html`<tr><td><a href=${`#/incidents/${b.number}`}>${b.number}</a></td><td>${b.title}</td><td>${b.metric}</td><td>${b.policy}</td><td>${b.agreement || '—'}</td>
          <td>${b.assignment_group || '—'}</td><td class="num">${seconds(b.elapsed_seconds)} of ${seconds(b.target_seconds)}</td><td>${when(b.stopped_at)}</td><td data-breach-reason>${b.breach_reason ? words(b.breach_reason) : '—'}</td></tr>`)}</tbody></table>`}`}
  </div>`;
}

export function Dashboard({ me }) {
  const [days, setDays] = useState(14);
  const tz = me.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const to = today(tz), from = before(to, days - 1);
  const rep = useGet(`/api/v1/reports/incidents?from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`);
  useLive(() => rep.reload(), 10000);
  if (rep.error) return html`<main><${Failure} error=${rep.error} /></main>`;
  if (!rep.data) return html`<main><${Loading} /></main>`;
  const d = rep.data;
  const pct = (x) => (x == null ? '—' : `${(x * 100).toFixed(1)} %`);
  return html`<main class="wide">
    <div class="actions bar"><h2 class="grow">Dashboard</h2>
      ${[7, 14, 30, 90].map((n) => html`<button class="tab" aria-current=${days === n ? 'page' : undefined} onClick=${() => setDays(n)}>${n} days</button>`)}</div>
    <div class="cards">
      <div class="panel card"><span class="muted">Open incidents</span><strong data-kpi="open">${d.open.total}</strong></div>
      <div class="panel card"><span class="muted">Response SLA met</span><strong data-kpi="response">${pct(d.sla && d.sla.response && d.sla.response.compliance)}</strong></div>
      <div class="panel card"><span class="muted">Resolution SLA met</span><strong data-kpi="resolution">${pct(d.sla && d.sla.resolution && d.sla.resolution.compliance)}</strong></div>
      <div class="panel card"><span class="muted">Open and breached</span><strong data-kpi="breached">${d.sla.resolution.breached_now}</strong>
        <span class="muted">resolution · ${d.sla.response.breached_now} response · ${d.sla.resolution.warning_now + d.sla.response.warning_now} warned</span></div>
      <div class="panel card"><span class="muted">MTTA</span><strong data-kpi="mtta">${seconds(d.mtta_seconds)}</strong></div>
      <div class="panel card"><span class="muted">MTTR</span><strong data-kpi="mttr">${seconds(d.mttr_seconds)}</strong></div>
    </div>
    <div class="panel"><h3>Created and resolved per day</h3><${Chart} daily=${d.daily || []} /></div>
    <div class="columns three">
      <${Bars} title="Open by state" data=${d.open.by_state} label=${words} />
      <${Bars} title="Open by priority" data=${d.open.by_priority} label=${(k) => `P${k}`} />
      <${Bars} title="Open by group" data=${d.open.by_group} label=${(k) => k ?? 'no group'} />
    </div>
    <${Compliance} from=${from} to=${to} tz=${tz} />
    <${Breakdown} from=${from} to=${to} tz=${tz} />
    <div class="panel"><h3>Oldest open</h3>
      ${(d.oldest_open || []).length === 0 ? html`<p class="muted">Nothing open.</p>` : html`<table data-oldest><thead><tr><th>Number</th><th>Title</th><th>State</th><th>Priority</th><th>Group</th><th>Opened</th></tr></thead>
      <tbody>${d.oldest_open.map((t) => html`<tr><td><a href=${`#/incidents/${t.number}`}>${t.number}</a></td><td>${t.title}</td><td>${words(t.state)}</td>
        <td><span class=${`badge p${t.priority}`}>P${t.priority}</span></td><td>${t.assignment_group || '—'}</td><td>${when(t.created_at)}</td></tr>`)}</tbody></table>`}
    </div>
  </main>`;
}
