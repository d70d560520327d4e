// KPIs (docs/kpis.md), for agents and up: every KPI of an area as a uPlot
// chart over the period, interval and filters chosen, with its target as a
// line and the amber and red bands shaded, the period's value and status,
// and a CSV link (GET /api/v1/kpis/{name}); and the service scorecard:
// each service's availability, incidents and changes raised in the period
// against their targets.  Definitions and targets come from the catalogue
// (GET /api/v1/kpis): declared once, on the server.
import uPlot from './uplot.js';
import { html, useState, useEffect, useRef, api, getAll, seconds, useGet, Loading, Failure } from './lib.js';

const isoDay = (t) => new Date(t).toISOString().slice(0, 10);
const DAYS = [30, 90, 365];

// A value in its unit, for people.
export function shown(unit, v) {
  if (v == null) return '—';
  if (unit === 'ratio') return `${(v * 100).toFixed(v >= 0.99 && v < 1 ? 2 : 1)} %`;
  if (unit === 'seconds') return seconds(Math.round(v));
  return String(Math.round(v * 100) / 100);
}

function Status({ status }) {
  return html`<span class=${`rag ${status || 'none'}`} data-status=${status || 'none'}>${status || 'no data'}</span>`;
}

// The series as a line; the target a dashed line; the amber and red bands
// shaded behind (drawn on each redraw, after the canvas is cleared).
function KpiChart({ kpi, points }) {
  const box = useRef(null);
  useEffect(() => {
    if (!box.current || !points.length) return undefined;
    const css = getComputedStyle(document.documentElement);
    const color = (v) => css.getPropertyValue(v).trim();
    const t = kpi.target;
    const xs = points.map((p) => Date.parse(p.start) / 1000);
    const ys = points.map((p) => p.value);
    const known = ys.filter((v) => v != null);
    const lo = Math.min(t.target, t.amber, t.red, ...known), hi = Math.max(t.target, t.amber, t.red, ...known);
    const pad = (hi - lo) * 0.1 || 1;
    const higher = kpi.direction === 'higher_better';
    const band = (u, from, to, fill) => {
      const y1 = u.valToPos(from, 'y', true), y2 = u.valToPos(to, 'y', true);
      u.ctx.save();
      u.ctx.fillStyle = fill;
      u.ctx.fillRect(u.bbox.left, Math.min(y1, y2), u.bbox.width, Math.abs(y2 - y1));
      u.ctx.restore();
    };
    const chart = new uPlot({
      width: Math.max(280, box.current.clientWidth), height: 180,
      scales: { y: { range: () => [Math.max(kpi.unit === 'seconds' || kpi.unit === 'count' ? 0 : -Infinity, lo - pad), hi + pad] } },
      axes: [{ stroke: color('--muted'), grid: { stroke: color('--line') } },
        { stroke: color('--muted'), grid: { stroke: color('--line') }, size: 70, values: (u, vals) => vals.map((v) => shown(kpi.unit, v)) }],
      hooks: { drawClear: [(u) => {
        const [min, max] = [u.scales.y.min, u.scales.y.max];
        // amber from where amber begins to where red begins, red beyond
        band(u, t.amber, t.red, 'rgba(230, 160, 0, 0.18)');
        band(u, t.red, higher ? min : max, 'rgba(210, 40, 40, 0.16)');
      }] },
      series: [{}, { label: kpi.title, stroke: color('--accent'), width: 2, spanGaps: false, points: { show: points.length < 60 } },
        { label: 'target', stroke: color('--ok'), width: 1, dash: [6, 4], points: { show: false } }],
    }, [xs, ys, xs.map(() => t.target)], box.current);
    return () => chart.destroy();
  }, [kpi, points]);
  return html`<div ref=${box} class="chart" data-kpi-chart=${kpi.name}></div>`;
}

function KpiPanel({ kpi, query }) {
  const path = `/api/v1/kpis/${kpi.name}?${query}`;
  const s = useGet(path);
  const d = s.data;
  return html`<div class="panel" data-kpi=${kpi.name}>
    <div class="actions bar"><h3 class="grow" title=${kpi.definition}>${kpi.title}</h3>
      ${d && html`<strong data-value>${shown(kpi.unit, d.value)}</strong> <${Status} status=${d.status} />`}
      <a class="button quiet" href=${`${path}&format=csv`} download>CSV</a></div>
    <p class="muted small">${kpi.definition} Target ${shown(kpi.unit, kpi.target.target)}; amber from ${shown(kpi.unit, kpi.target.amber)}, red from ${shown(kpi.unit, kpi.target.red)}.</p>
    ${s.error ? html`<${Failure} error=${s.error} />` : !d ? html`<${Loading} />`
    : kpi.point ? html`<p class="muted">A figure of the present.</p>`
    : kpi.needs_service && !d.filters.service ? html`<p class="muted">Choose a service.</p>`
    : html`<${KpiChart} kpi=${d} points=${d.points} />`}
  </div>`;
}

// Each service's availability, incidents and changes raised in the period,
// against their targets.
function Scorecard({ from, to, tz }) {
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let gone = false;
    (async () => {
      try {
        const services = (await getAll('/api/v1/services', 200)).items.slice(0, 50);
        const q = `from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`;
        const one = async (name, sv) => (await api('GET', `/api/v1/kpis/${name}?${q}&service=${encodeURIComponent(sv)}`)).json;
        const out = [];
        for (const sv of services) {
          const [av, inc, chg] = await Promise.all([one('service_availability', sv.name), one('incident_count', sv.name), one('change_count', sv.name)]);
          out.push({ name: sv.name, id: sv.id, av, inc, chg });
        }
        if (!gone) setRows(out);
      } catch (e) {
        if (!gone) setError(String(e));
      }
    })();
    return () => { gone = true; };
  }, [from, to, tz]);
  const cell = (k) => (k ? html`<td class="num" data-status=${k.status || 'none'}>${shown(k.unit, k.value)} <${Status} status=${k.status} /></td>` : html`<td>—</td>`);
  return html`<div class="panel" data-scorecard><h3>Service scorecard</h3>
    ${error ? html`<${Failure} error=${error} />` : !rows ? html`<${Loading} />` : rows.length === 0 ? html`<p class="muted">No services.</p>`
    : html`<table><thead><tr><th>Service</th><th class="num">Availability</th><th class="num">Incidents</th><th class="num">Changes</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr><td><a href=${`#/services/${r.id}`}>${r.name}</a></td>${cell(r.av)}${cell(r.inc)}${cell(r.chg)}</tr>`)}</tbody></table>`}
  </div>`;
}

export function KpiPage({ me, query }) {
  const cat = useGet('/api/v1/kpis');
  const [days, setDays] = useState(Number(query.get('days')) || 90);
  const [interval, setInterval] = useState(query.get('interval') || 'week');
  const [area, setArea] = useState(query.get('area') || 'incidents');
  const [service, setService] = useState('');
  const [group, setGroup] = useState('');
  const [priority, setPriority] = useState('');
  const [services, setServices] = useState([]);
  const [groups, setGroups] = useState([]);
  useEffect(() => {
    getAll('/api/v1/services', 500).then((x) => setServices(x.items.map((s) => s.name)), () => {});
    getAll('/api/v1/groups', 500).then((x) => setGroups(x.items.map((g) => g.name)), () => {});
  }, []);
  const tz = me.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const to = isoDay(Date.now()), from = isoDay(Date.now() - (days - 1) * 86400000);
  if (cat.error) return html`<main><${Failure} error=${cat.error} /></main>`;
  if (!cat.data) return html`<main><${Loading} /></main>`;
  const areas = [...new Set(cat.data.items.map((k) => k.area))];
  const query_ = new URLSearchParams({ from, to, tz, interval });
  if (service) query_.set('service', service);
  if (group) query_.set('group', group);
  if (priority) query_.set('priority', priority);
  const q = query_.toString();
  return html`<main class="wide">
    <div class="actions bar"><h2 class="grow">KPIs</h2>
      ${DAYS.map((n) => html`<button class="tab" aria-current=${days === n ? 'page' : undefined} onClick=${() => setDays(n)}>${n} days</button>`)}
      <label>Per <select aria-label="Interval" value=${interval} onChange=${(e) => setInterval(e.target.value)}>
        ${['day', 'week', 'month'].map((v) => html`<option value=${v}>${v}</option>`)}</select></label></div>
    <div class="actions bar">
      <label>Area <select aria-label="Area" value=${area} onChange=${(e) => setArea(e.target.value)}>
        ${areas.map((a) => html`<option value=${a}>${a}</option>`)}</select></label>
      <label>Service <select aria-label="Service" value=${service} onChange=${(e) => setService(e.target.value)}>
        <option value="">any</option>${services.map((s) => html`<option value=${s}>${s}</option>`)}</select></label>
      <label>Group <select aria-label="Group" value=${group} onChange=${(e) => setGroup(e.target.value)}>
        <option value="">any</option>${groups.map((g) => html`<option value=${g}>${g}</option>`)}</select></label>
      <label>Priority <select aria-label="Priority" value=${priority} onChange=${(e) => setPriority(e.target.value)}>
        <option value="">any</option>${[1, 2, 3, 4, 5].map((p) => html`<option value=${p}>${p}</option>`)}</select></label></div>
    <div class="kpi-grid">
      ${cat.data.items.filter((k) => k.area === area).map((k) => html`<${KpiPanel} key=${`${k.name}?${q}`} kpi=${k} query=${q} />`)}
    </div>
    <${Scorecard} from=${from} to=${to} tz=${tz} />
  </main>`;
}
