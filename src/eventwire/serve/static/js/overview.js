/* The main view (#/): filters, map, timeline, the incidents table, the events table. */
import { apiFilters, filtersFromForm, filtersToForm, renderDownloads } from "./filters.js";
import { clearMap, initMap, renderMap } from "./map.js";
import { clearTables, renderEventsTable, renderIncidentsTable, renderUnlocated } from "./tables.js";
import { clearTimeline, renderTimeline, timelineError } from "./timeline.js";
import { $, REDIRECT, PAGE, ApiError, api, offsetParam, plural, queryString, offsetPastEnd, route, setTitle, showError } from "./util.js";

const MAP_PAGE = 1000;        // the API's largest page; the map asks for every page
const MAP_MAX = 50000;        // beyond this many incidents the map says it shows the first ones
const BUCKETS = ["auto", "day", "week", "month", "year"];
let seq = 0;
const drawn = { key: null, all: null };     // the filters the map shows now, and its incidents

/** A feature of /api/incidents.geojson → the shape of an /api/incidents item (what the map reads). */
function fromFeature(f) {
  const p = f.properties || {};
  const [lon, lat] = (f.geometry && f.geometry.coordinates) || [null, null];
  return {
    id: p.id ?? f.id, type: p.type, n_sources: p.n_sources,
    date: p.date ? { value: p.date, precision: p.date_precision } : null,
    location: { name: p.place, admin1: p.admin1, country: p.country, country_code: p.country_code,
                lat, lon, precision: p.geo_precision },
    killed: { low: p.killed_low, best: p.killed_best, high: p.killed_high },
    injured: { low: p.injured_low, best: p.injured_best, high: p.injured_high },
    perpetrators: (p.perpetrators || []).map(name => ({ name })),
    articles: (p.sources || []).map(s => ({ id: s.article_id, title: s.title })),
  };
}

/** Every incident matching the filters: the located ones in one GeoJSON response (streamed,
 * gzip; half the server time of pages of 1,000 records), the others from
 * /api/incidents?located=false. Where the export is not served: pages of 1,000. */
async function allIncidents(filters) {
  if (filters.located === "false") return pagesOf(filters);      // nothing to draw: no GeoJSON
  const response = await fetch("/api/incidents.geojson" + queryString(filters), { headers: { Accept: "application/geo+json" } });
  if (response.status === 404) return pagesOf(filters);
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ApiError(body.error || response.status + " " + response.statusText);
  }
  const [geo, unlocated] = await Promise.all([response.json(),
    filters.located === "true" ? { items: [], total: 0 } : pagesOf({ ...filters, located: "false" })]);
  const located = (geo.features || []).map(fromFeature);
  return { items: located.concat(unlocated.items), total: located.length + (unlocated.total ?? unlocated.items.length) };
}

async function pagesOf(filters) {
  const first = await api("incidents", { ...filters, limit: MAP_PAGE, offset: 0 });
  const total = Math.min(first.total ?? first.items.length, MAP_MAX);
  const rest = [];
  for (let offset = MAP_PAGE; offset < total; offset += MAP_PAGE) {
    rest.push(api("incidents", { ...filters, limit: MAP_PAGE, offset }));
  }
  const pages = await Promise.all(rest);
  return { items: first.items.concat(...pages.map(p => p.items)), total: first.total };
}

export function bucketOf(params) {
  const b = params.get("bucket");
  return BUCKETS.includes(b) ? b : "auto";
}

function go(params, changes) {
  const next = new URLSearchParams(params);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === "" || v === 0) next.delete(k); else next.set(k, v);
  }
  location.hash = route([], next);
}

function titleFor(filters) {
  const bits = [];
  if (filters.type) bits.push(filters.type.join(", ").replace(/_/g, " "));
  if (filters.actor) bits.push(filters.actor.join(", "));
  if (filters.country) bits.push(filters.country.join(", "));
  if (filters.since || filters.until) bits.push([filters.since, filters.until].filter(Boolean).join("–"));
  if (filters.q) bits.push(`“${filters.q}”`);
  return bits.join(" · ");
}

export function pickBucket(params) {
  return item => {
    const next = new URLSearchParams(params);
    next.set("since", item.bucket);
    next.set("until", item.until || item.bucket);
    next.delete("offset");
    next.delete("ioffset");
    location.hash = route([], next);
  };
}

export async function showEvents(params, show) {
  show("events");
  initMap();            // the world outline loads while the data does: no blank box on a cold load
  filtersToForm(params);
  const filters = apiFilters(params);
  const offset = offsetParam(params, "offset"), ioffset = offsetParam(params, "ioffset");
  const sort = params.get("sort") || "", isort = params.get("isort") || "";
  const bucket = bucketOf(params);
  setTitle(titleFor(filters), "Incidents");
  showError("events-error", null);
  renderDownloads(filters, { incidents: isort, events: sort });
  const set = Object.values(filters).reduce((n, v) => n + (Array.isArray(v) ? v.length : 1), 0);
  $("filters-toggle").textContent = set ? `Filters · ${set} set` : "Filters";
  const mine = ++seq;
  // the map's data depends on the filters only: paging or sorting a table keeps the map (and its zoom)
  const mapKey = queryString(filters);
  const mapData = mapKey === drawn.key && drawn.all ? Promise.resolve(drawn.all) : allIncidents(filters);
  mapData.catch(() => {});      // awaited below; a failure is reported there
  try {
    const [incidents, events, timeline] = await Promise.all([
      api("incidents", { ...filters, limit: PAGE, offset: ioffset, sort: isort }),
      api("events", { ...filters, limit: PAGE, offset, sort }),
      // a bucket too fine for the range is the timeline's own problem, not the filter's
      api("timeline", { ...filters, bucket }).catch(e => ({ error: e })),
    ]);
    if (mine !== seq) return;      // a newer filter was applied meanwhile: drop these answers
    // an offset past the end (a stale bookmark, a hand-edited URL): go to the last page
    const lastI = offsetPastEnd(incidents), lastE = offsetPastEnd(events);
    if (lastI !== null || lastE !== null) {
      const next = new URLSearchParams(params);
      if (lastI !== null) { if (lastI) next.set("ioffset", lastI); else next.delete("ioffset"); }
      if (lastE !== null) { if (lastE) next.set("offset", lastE); else next.delete("offset"); }
      location.replace(route([], next)); return REDIRECT;
    }
    // tables and timeline first (they are small); the map when all its incidents are in
    renderIncidentsTable(incidents, o => go(params, { ioffset: o }), isort, s => go(params, { isort: s, ioffset: null }));
    renderEventsTable(events, o => go(params, { offset: o }), sort, s => go(params, { sort: s, offset: null }));
    if (timeline.error) timelineError(timeline.error, bucket);
    else renderTimeline({ ...timeline, requested: bucket }, pickBucket(params));
    if (mapKey !== drawn.key) {
      clearMap();
      $("map-note").textContent = `loading ${plural(incidents.total, "incident")}…`;
    }
    const all = await mapData;
    if (mine !== seq) return;
    if (mapKey !== drawn.key) renderMap(all.items, all.total);
    drawn.key = mapKey;
    drawn.all = all;
    renderUnlocated(all.items, params);
  } catch (e) {
    if (mine !== seq) return;
    // the old results must not stay under an error: they would read as this filter's answer
    clearTables();
    clearMap();
    clearTimeline();
    drawn.key = drawn.all = null;
    showError("events-error", e);
  }
}

/** The bucket buttons: redraw the timeline only, and keep the choice in the URL. */
export async function changeBucket(bucket, markReady) {
  const raw = location.hash.replace(/^#/, "") || "/";
  const params = new URLSearchParams(raw.split("?")[1] || "");
  if (bucket === "auto") params.delete("bucket"); else params.set("bucket", bucket);
  history.replaceState(null, "", route([], params));
  try {
    const timeline = await api("timeline", { ...apiFilters(params), bucket });
    renderTimeline({ ...timeline, requested: bucket }, pickBucket(params));
  } catch (e) {
    timelineError(e, bucket);
  }
  markReady();
}

export function wireFilters() {
  $("filters").addEventListener("submit", ev => {
    ev.preventDefault();
    location.hash = route([], filtersFromForm());
  });
  $("filters").addEventListener("reset", () => { setTimeout(() => { location.hash = "#/"; }, 0); });
  // phones: the form folds away behind one button that says how many filters are set
  $("filters-toggle").addEventListener("click", () => {
    const open = $("filters").classList.toggle("open");
    $("filters-toggle").setAttribute("aria-expanded", String(open));
  });
  // the type drop-down closes on a click elsewhere, on Escape, and when the form is applied
  const types = $("f-type");
  document.addEventListener("click", ev => { if (types.open && !types.contains(ev.target)) types.open = false; });
  types.addEventListener("keydown", ev => { if (ev.key === "Escape" && types.open) { types.open = false; types.querySelector("summary").focus(); } });
  $("filters").addEventListener("submit", () => { types.open = false; });
}
