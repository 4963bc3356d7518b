/* eventwire web page.
 *
 * Article text, titles, names and quotes are hostile input: every one of them
 * reaches the page through text nodes (el(), textContent), never through
 * innerHTML, and links are only ever built from our own "#/..." routes.
 * The Content-Security-Policy forbids inline script, so all code lives here.
 */
"use strict";

const PAGE = 50;            // rows per page in the tables
const MAP_LIMIT = 1000;     // incidents drawn on the map at once
const COLORS = {
  attack: "#d9480f", bombing: "#c92a2a", suicide_attack: "#a61e4d", kidnapping: "#7048e8",
  arson: "#e67700", armed_clash: "#1864ab", assassination: "#862e9c", protest: "#2b8a3e",
  arrest: "#495057", statement: "#0b7285", condemnation: "#5f3dc4", claim: "#364fc7",
};
const LABELS = {            // evidence kinds, in legend order
  trigger: "event trigger", perpetrator: "perpetrator", target: "target", victim: "victim",
  weapon: "weapon", place: "place", date: "date", killed: "killed", injured: "injured",
  claimant: "claimed by", speaker: "speaker", cue: "quote cue", quote: "quote",
  person: "person", organization: "organization", location: "location", other: "other entity",
};

// ---------------------------------------------------------------- helpers --

/** Build an element; string children become text nodes (never parsed as HTML). */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "href") node.setAttribute("href", safeHref(value));
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Only our own hash routes become links; anything else (javascript:, data:, http:) is dropped. */
function safeHref(value) {
  const s = String(value);
  return s.startsWith("#/") ? s : "#/";
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function $(id) { return document.getElementById(id); }
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function fmt(n) { return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US"); }

class ApiError extends Error {}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") query.set(k, v);
  }
  const url = "/api/" + path + (query.toString() ? "?" + query : "");
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(body.error || response.status + " " + response.statusText);
  return body;
}

function showError(id, error) {
  const box = $(id);
  if (!error) { box.hidden = true; return; }
  box.textContent = error instanceof ApiError ? error.message : "Something went wrong: " + error;
  box.hidden = false;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(query || "") };
}

function route(parts, params) {
  const path = "#/" + parts.map(encodeURIComponent).join("/");
  const q = params && params.toString();
  return q ? path + "?" + q : path;
}

function articleLink(articleId, span) {
  const params = new URLSearchParams();
  if (span && span.start !== null && span.start !== undefined && span.end !== null && span.end !== undefined) {
    params.set("span", span.start + "-" + span.end);
  }
  return route(["article", articleId], params);
}

/** A value extracted from an article, linked to the words it came from. */
function evidence(text, articleId, span, cls) {
  if (!text && text !== 0) return null;
  if (!articleId || !span || span.start === null || span.start === undefined) {
    return el("span", { class: cls || null }, String(text));
  }
  return el("a", { class: "ev " + (cls || ""), href: articleLink(articleId, span), title: "show the evidence" }, String(text));
}

function joinNodes(nodes, sep) {
  const out = [];
  nodes.filter(Boolean).forEach((n, i) => { if (i) out.push(sep || ", "); out.push(n); });
  return out;
}

/** Prev/next buttons; ``page`` is an API page ({total|null, limit, offset, has_more}). */
function pager(container, page, go) {
  clear(container);
  const { total, offset, limit } = page;
  const hasMore = total === null || total === undefined ? page.has_more : offset + limit < total;
  if (offset <= 0 && !hasMore) return;
  const label = total === null || total === undefined
    ? `rows ${fmt(offset + 1)}–${fmt(offset + page.items.length)}`
    : `page ${fmt(Math.floor(offset / limit) + 1)} of ${fmt(Math.max(1, Math.ceil(total / limit)))}`;
  container.append(
    el("button", { type: "button", class: "secondary", disabled: offset <= 0 ? "" : null,
                   onclick: () => go(Math.max(0, offset - limit)) }, "‹ Prev"),
    el("span", { class: "muted" }, label),
    el("button", { type: "button", class: "secondary", disabled: hasMore ? null : "",
                   onclick: () => go(offset + limit) }, "Next ›"));
}

// ------------------------------------------------------------------ views --

const views = ["events", "incident", "actors", "actor", "quotes", "articles", "article"];

function show(name) {
  for (const v of views) $("view-" + v).hidden = v !== name;
  const navName = { actor: "actors", article: "articles", incident: "events" }[name] || name;
  document.querySelectorAll("[data-nav]").forEach(a => a.classList.toggle("on", a.dataset.nav === navName));
}

async function loadStats() {
  try {
    const s = await api("stats");
    const box = clear($("stats"));
    box.append(el("span", {}, el("b", {}, fmt(s.events)), " events"),
               el("span", {}, el("b", {}, fmt(s.incidents)), " incidents"),
               el("span", {}, el("b", {}, fmt(s.articles)), " articles"),
               el("span", {}, el("b", {}, fmt(s.actors)), " actors"));
    const select = $("f-type");
    if (select.options.length <= 1) {
      for (const t of s.event_types || []) select.append(el("option", { value: t }, t.replace(/_/g, " ")));
      const current = parseHash().params.get("type");
      if (current) select.value = current;
    }
  } catch (e) { /* the stats line is decoration; the views report their own errors */ }
}

// ----- events: filters + map + timeline + table

const FILTERS = ["type", "actor", "country", "since", "until", "q"];
let bucket = "week";
let eventsSeq = 0;

function filtersFromForm() {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = $("filters").elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

function filtersToForm(params) {
  for (const name of FILTERS) $("filters").elements[name].value = params.get(name) || "";
}

async function showEvents(params) {
  show("events");
  filtersToForm(params);
  const filters = {};
  for (const name of FILTERS) if (params.get(name)) filters[name] = params.get(name);
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  showError("events-error", null);
  const seq = ++eventsSeq;
  try {
    const [events, incidents, timeline] = await Promise.all([
      api("events", { ...filters, limit: PAGE, offset }),
      api("incidents", { ...filters, limit: MAP_LIMIT }),
      api("timeline", { ...filters, bucket }),
    ]);
    if (seq !== eventsSeq) return;      // a newer filter was applied meanwhile: drop these answers
    renderEventsTable(events, params);
    renderMap(incidents);
    renderTimeline(timeline);
  } catch (e) {
    if (seq === eventsSeq) showError("events-error", e);
  }
}

function names(args, articleId, cls) {
  return joinNodes((args || []).map(a => evidence(a.name, articleId, a, cls)));
}

function countCell(count, articleId) {
  if (!count || (count.best === null && count.low === null && count.high === null)) return "";
  const best = count.best ?? count.low ?? count.high;
  let label = fmt(best);
  if (count.low !== null && count.high !== null && count.low !== count.high) label += ` (${fmt(count.low)}–${fmt(count.high)})`;
  const span = (count.evidence || [])[0];
  return evidence(label, articleId, span, "count");
}

function placeNode(event) {
  const loc = event.location;
  if (!loc) return "";
  const label = [loc.name, loc.country_code].filter(Boolean).join(", ");
  return evidence(label, event.article && event.article.id, loc, "place");
}

function renderEventsTable(page, params) {
  const body = clear($("events-table").tBodies[0]);
  $("events-count").textContent = `${fmt(page.total)} events`;
  if (!page.items.length) {
    body.append(el("tr", {}, el("td", { colspan: "9", class: "empty" }, "No events match these filters.")));
  }
  for (const e of page.items) {
    const aid = e.article && e.article.id;
    const date = e.date ? evidence(e.date.value, aid, e.date, "date") : "";
    body.append(el("tr", { "data-event": e.id },
      el("td", { class: "nowrap" }, date),
      el("td", {}, el("span", { class: "tag", "data-type": e.type },
        el("i", { class: "dot", "data-type": e.type }), evidence(e.type.replace(/_/g, " "), aid, e.trigger))),
      el("td", { class: "place" }, placeNode(e)),
      el("td", {}, names(e.perpetrators, aid, "perp")),
      el("td", {}, names([...(e.targets || []), ...(e.victims || [])], aid)),
      el("td", { class: "num" }, countCell(e.killed, aid)),
      el("td", { class: "num" }, countCell(e.injured, aid)),
      el("td", {}, names(e.claimed_by, aid)),
      el("td", { class: "source" }, aid ? el("a", { href: articleLink(aid) }, e.article.title || aid) : "")));
  }
  pager($("events-pager"), page, offset => {
    const next = new URLSearchParams(params);
    next.set("offset", offset);
    location.hash = route([], next);
  });
}

let map = null;
let markerLayer = null;

function initMap() {
  if (map || typeof L === "undefined") return;
  map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, attributionControl: true })
    .setView([25, 30], 2);
  map.attributionControl.setPrefix(false);
  // A world outline from world-atlas: the map works with no tile server at all. The coarse
  // 1:110m outline (108 kB) draws first; zoomed in to a region, the 1:50m one (756 kB) replaces it.
  let outline = null, detailed = false;
  const drawOutline = topo => {
    const land = topojson.feature(topo, topo.objects.countries);
    const layer = L.geoJSON(land, { interactive: false,
      style: { color: "#9aa5b1", weight: 0.6, fillColor: "#e9edf1", fillOpacity: 1 } });
    if (outline) map.removeLayer(outline);
    outline = layer.addTo(map).bringToBack();
  };
  fetch("/vendor/world-atlas/countries-110m.json").then(r => r.json()).then(topo => {
    if (!outline) drawOutline(topo);
    map.attributionControl.addAttribution("Outline: Natural Earth");
  }).catch(() => { $("map-note").textContent = "world outline unavailable"; });
  map.on("zoomend", () => {
    if (detailed || map.getZoom() < 4) return;
    detailed = true;
    fetch("/vendor/world-atlas/countries-50m.json").then(r => r.json()).then(drawOutline).catch(() => {});
  });
  fetch("/api/config").then(r => r.json()).then(cfg => {
    if (cfg.tiles) L.tileLayer(cfg.tiles, { attribution: cfg.tiles_attribution || "" }).addTo(map);
  }).catch(() => {});
  markerLayer = L.layerGroup().addTo(map);
}

function incidentPopup(inc) {
  const loc = inc.location || {};
  const box = el("div", { class: "popup" },
    el("div", { class: "popup-title" }, (inc.type || "").replace(/_/g, " ") + (loc.name ? " · " + loc.name : "")),
    el("div", { class: "muted" }, [inc.date && inc.date.value, loc.country_code].filter(Boolean).join(" · ")));
  if (inc.killed && inc.killed.best !== null && inc.killed.best !== undefined) box.append(el("div", {}, `killed: ${fmt(inc.killed.best)}`));
  if (inc.injured && inc.injured.best !== null && inc.injured.best !== undefined) box.append(el("div", {}, `injured: ${fmt(inc.injured.best)}`));
  if ((inc.perpetrators || []).length) box.append(el("div", {}, "by: " + inc.perpetrators.map(p => p.name).join(", ")));
  box.append(el("div", { class: "popup-open" }, el("a", { href: route(["incident", String(inc.id)]) },
    `open the incident (${fmt(inc.n_sources || (inc.articles || []).length)} source${(inc.n_sources || 0) === 1 ? "" : "s"}) ›`)));
  const links = el("div", { class: "popup-links" });
  for (const a of (inc.articles || []).slice(0, 5)) links.append(el("a", { href: articleLink(a.id) }, a.title || a.id));
  box.append(links);
  return box;
}

function renderMap(page) {
  initMap();
  if (!map) { $("map-note").textContent = "map library not loaded"; return; }
  markerLayer.clearLayers();
  const points = [];
  const dense = page.items.length > 150;     // many points: smaller, lighter dots
  for (const inc of page.items) {
    const loc = inc.location;
    if (!loc || loc.lat === null || loc.lat === undefined || loc.lon === null || loc.lon === undefined) continue;
    const killed = (inc.killed && inc.killed.best) || 0;
    const marker = L.circleMarker([loc.lat, loc.lon], {
      radius: dense ? 3 + Math.min(6, Math.sqrt(killed)) : 5 + Math.min(14, Math.sqrt(killed) * 2.2),
      color: "#fff", weight: dense ? 0.6 : 1.2,
      fillColor: COLORS[inc.type] || "#d9480f", fillOpacity: dense ? 0.7 : 0.85, className: "incident-marker",
    });
    marker.bindPopup(() => incidentPopup(inc));
    marker.bindTooltip(() => el("span", {}, [loc.name, inc.date && inc.date.value].filter(Boolean).join(" · ")));
    marker.addTo(markerLayer);
    const path = marker.getElement && marker.getElement();
    if (path) {
      path.setAttribute("data-place", loc.name || "");
      path.setAttribute("data-incident", inc.id);
      path.setAttribute("aria-label", [inc.type, loc.name].filter(Boolean).join(" in "));
    }
    points.push([loc.lat, loc.lon]);
  }
  const shown = points.length;
  $("map-note").textContent = `${fmt(shown)} on the map` + (page.total > page.items.length ? ` (of ${fmt(page.total)})` : "");
  map.invalidateSize();
  if (shown === 1) map.setView(points[0], 5);
  else if (shown > 1) map.fitBounds(points, { padding: [24, 24], maxZoom: 6 });
}

function renderTimeline(series) {
  const box = clear($("timeline"));
  const items = series.items || [];
  $("timeline-note").textContent = series.undated ? `${fmt(series.undated)} undated not shown` : "";
  if (!items.length) { box.append(el("p", { class: "empty" }, "No dated incidents.")); return; }
  const width = 560, height = 300, left = 34, bottom = 28, top = 10;
  const max = Math.max(...items.map(i => i.count));
  const step = (width - left - 6) / items.length;
  const barW = Math.max(1, Math.min(28, step * 0.8));
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
  const y = v => height - bottom - (v / max) * (height - bottom - top);
  for (const tick of [0, Math.ceil(max / 2), max]) {
    chart.append(svg("line", { x1: left, x2: width, y1: y(tick), y2: y(tick), class: "grid" }),
                 svg("text", { x: left - 6, y: y(tick) + 4, class: "axis", "text-anchor": "end" }, String(tick)));
  }
  const labelEvery = Math.max(1, Math.ceil(items.length / 6));
  items.forEach((item, i) => {
    const x = left + i * step + (step - barW) / 2;
    const bar = svg("rect", { x, y: y(item.count), width: barW, height: Math.max(0.5, y(0) - y(item.count)),
                              class: "bar", "data-bucket": item.bucket, rx: 1.5 },
      svg("title", {}, `${item.bucket}: ${item.count} incident${item.count === 1 ? "" : "s"}` +
                       (item.killed ? `, ${item.killed} killed` : "")));
    bar.addEventListener("click", () => {
      const params = filtersFromForm();
      params.set("since", item.bucket);
      params.set("until", item.until || item.bucket);
      location.hash = route([], params);
    });
    chart.append(bar);
    if (i % labelEvery === 0) {
      chart.append(svg("text", { x: x + barW / 2, y: height - 10, class: "axis", "text-anchor": "middle" }, item.bucket));
    }
  });
  box.append(chart);
}

// ----- one incident

function countText(count) {
  if (!count || (count.best === null && count.low === null && count.high === null)) return "";
  let label = fmt(count.best ?? count.low ?? count.high);
  if (count.low !== null && count.high !== null && count.low !== count.high) label += ` (${fmt(count.low)}–${fmt(count.high)})`;
  return label;
}

async function showIncident(id) {
  show("incident");
  showError("incident-error", null);
  clear($("incident-facts"));
  clear($("incident-events").tBodies[0]);
  $("incident-title").textContent = "Incident " + id;
  $("incident-meta").textContent = "";
  let d;
  try { d = await api("incidents/" + encodeURIComponent(id)); }
  catch (e) { showError("incident-error", e); return; }
  const loc = d.location || {};
  $("incident-title").textContent = [(d.type || "").replace(/_/g, " "), loc.name].filter(Boolean).join(" · ");
  $("incident-meta").textContent = [d.date && d.date.value, [loc.admin1, loc.country].filter(Boolean).join(", "),
    `${fmt(d.n_sources)} source${d.n_sources === 1 ? "" : "s"}`, d.first_reported && `first reported ${d.first_reported}`]
    .filter(Boolean).join(" · ");
  const facts = $("incident-facts");
  const fact = (name, value) => { if (value) facts.append(el("dt", {}, name), el("dd", {}, value)); };
  fact("date", d.date ? d.date.value + (d.date.precision && d.date.precision !== "day" ? ` (${d.date.precision})` : "") : "");
  fact("place", [loc.name, loc.admin1, loc.country_code].filter(Boolean).join(", "));
  fact("killed", countText(d.killed));
  fact("injured", countText(d.injured));
  for (const [key, label] of [["perpetrators", "perpetrators"], ["claimed_by", "claimed by"], ["targets", "targets"],
                              ["victims", "victims"], ["weapons", "weapons"]]) {
    fact(label, (d[key] || []).map(a => a.name).join(", "));
  }
  const body = $("incident-events").tBodies[0];
  for (const e of d.events || []) {
    const aid = e.article && e.article.id;
    body.append(el("tr", { "data-event": e.id },
      el("td", { class: "source" }, aid ? el("a", { href: articleLink(aid) }, e.article.title || aid) : ""),
      el("td", { class: "nowrap muted" }, (e.article && e.article.published) || ""),
      el("td", { class: "nowrap" }, e.date ? evidence(e.date.value, aid, e.date) : ""),
      el("td", {}, el("span", { class: "tag" }, el("i", { class: "dot", "data-type": e.type }),
                      evidence(e.type.replace(/_/g, " "), aid, e.trigger))),
      el("td", { class: "place" }, placeNode(e)),
      el("td", {}, names(e.perpetrators, aid)),
      el("td", { class: "num" }, countCell(e.killed, aid)),
      el("td", { class: "num" }, countCell(e.injured, aid)),
      el("td", {}, names(e.claimed_by, aid))));
  }
  $("incident-count").textContent = `${fmt((d.events || []).length)} reports`;
}

// ----- actors

async function showActors(params) {
  show("actors");
  const q = params.get("q") || "";
  $("a-q").value = q;
  const offset = parseInt(params.get("offset") || "0", 10) || 0;
  const body = clear($("actors-table").tBodies[0]);
  try {
    const page = await api("actors", { q, limit: PAGE, offset });
    if (!page.items.length) body.append(el("tr", {}, el("td", { colspan: "4", class: "empty" }, "No actors found.")));
    for (const a of page.items) {
      body.append(el("tr", {},
        el("td", {}, el("a", { href: route(["actor", a.name]) }, a.name)),
        el("td", {}, a.kind || ""),
        el("td", { class: "muted nowrap" }, [a.first_seen, a.last_seen].filter(Boolean).join(" – ")),
        el("td", { class: "num" }, fmt(a.n_articles))));
    }
    pager($("actors-pager"), page, o => {
      location.hash = route(["actors"], new URLSearchParams({ q, offset: o }));
    });
  } catch (e) {
    body.append(el("tr", {}, el("td", { colspan: "4", class: "error" }, e.message)));
  }
}

async function showActor(name) {
  show("actor");
  showError("actor-error", null);
  for (const id of ["actor-aliases", "actor-ties-list", "actor-graph", "actor-quotes"]) clear($(id));
  clear($("actor-events").tBodies[0]);
  $("actor-name").textContent = name;
  $("actor-meta").textContent = "";
  let d;
  try { d = await api("actors/" + encodeURIComponent(name)); }
  catch (e) { showError("actor-error", e); return; }
  $("actor-name").textContent = d.name;
  $("actor-meta").textContent = [d.kind || d.type, `${fmt((d.events || []).length)} events`,
                                 `${fmt((d.quotes || []).length)} quotes`].filter(Boolean).join(" · ");
  for (const alias of d.aliases || []) $("actor-aliases").append(el("li", { class: "chip" }, alias));
  if (!(d.aliases || []).length) $("actor-aliases").append(el("li", { class: "muted" }, "none recorded"));
  for (const tie of d.ties || []) {
    $("actor-ties-list").append(el("li", {},
      el("span", { class: "tie-type" }, tie.type.replace(/_/g, " ")), " ",
      el("a", { href: route(["actor", tie.other]) }, tie.other),
      tie.article_id ? el("a", { class: "ev small", href: articleLink(tie.article_id, tie),
                                 title: tie.evidence || "" }, "evidence") : null));
  }
  if (!(d.ties || []).length) $("actor-ties-list").append(el("li", { class: "muted" }, "no ties found"));
  drawGraph($("actor-graph"), d.name, d.ties || []);
  const body = $("actor-events").tBodies[0];
  for (const e of d.events || []) {
    const aid = e.article && e.article.id;
    body.append(el("tr", {},
      el("td", { class: "nowrap" }, e.date ? evidence(e.date.value, aid, e.date) : ""),
      el("td", {}, el("span", { class: "tag" }, el("i", { class: "dot", "data-type": e.type }), e.type.replace(/_/g, " "))),
      el("td", {}, placeNode(e)),
      el("td", {}, (e.roles || []).join(", ")),
      el("td", { class: "num" }, countCell(e.killed, aid)),
      el("td", { class: "source" }, aid ? el("a", { href: articleLink(aid) }, e.article.title || aid) : "")));
  }
  if (!(d.events || []).length) body.append(el("tr", {}, el("td", { colspan: "6", class: "empty" }, "No events.")));
  renderQuotes($("actor-quotes"), d.quotes || [], false);
}

/** A small radial network: the actor in the middle, each tie around it. */
function drawGraph(box, center, ties) {
  const others = [...new Map(ties.map(t => [t.other, t])).values()].slice(0, 16);
  const w = 420, h = 280, cx = w / 2, cy = h / 2, r = Math.min(w, h) / 2 - 40;
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h}`, class: "graph", role: "img" });
  const nodes = others.map((t, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, others.length) - Math.PI / 2;
    return { tie: t, x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) };
  });
  for (const n of nodes) {
    chart.append(svg("line", { x1: cx, y1: cy, x2: n.x, y2: n.y, class: "edge" }));
    // the label sits nearer the outer node so it never covers the centre's name
    chart.append(svg("text", { x: cx + (n.x - cx) * 0.62, y: cy + (n.y - cy) * 0.62 - 3, class: "edge-label", "text-anchor": "middle" },
                     n.tie.type.replace(/_/g, " ")));
  }
  for (const n of nodes) {
    const g = svg("g", { class: "node", tabindex: "0" },
      svg("circle", { cx: n.x, cy: n.y, r: 7 }),
      svg("text", { x: n.x, y: n.y + (n.y > cy ? 20 : -12), "text-anchor": "middle" }, n.tie.other));
    const open = () => { location.hash = route(["actor", n.tie.other]); };
    g.addEventListener("click", open);
    g.addEventListener("keydown", ev => { if (ev.key === "Enter") open(); });
    chart.append(g);
  }
  chart.append(svg("g", { class: "node center" }, svg("circle", { cx, cy, r: 11 }),
                   svg("text", { x: cx, y: cy - 17, "text-anchor": "middle" }, center)));
  if (!nodes.length) chart.append(svg("text", { x: cx, y: 30, "text-anchor": "middle", class: "axis" }, "no ties"));
  box.append(chart);
}

// ----- quotes

function renderQuotes(list, quotes, withSpeaker, withArticle = true) {
  clear(list);
  if (!quotes.length) { list.append(el("li", { class: "muted" }, "No quotes.")); return; }
  for (const q of quotes) {
    const aid = q.article && q.article.id;
    const speaker = q.speaker && q.speaker.name;
    // only speakers that fusion resolved to an actor have a dossier to link to
    const speakerNode = !speaker ? null : q.speaker.actor
      ? el("a", { href: route(["actor", q.speaker.actor]) }, speaker)
      : el("span", { class: "speaker" }, speaker);
    list.append(el("li", {},
      el("blockquote", {}, evidence(q.text, aid, q)),
      el("div", { class: "quote-meta" },
        withSpeaker && speaker ? speakerNode : null,
        withSpeaker && speaker ? " · " : null,
        el("span", { class: "muted" }, q.kind || ""),
        aid && withArticle ? [" · ", el("a", { href: articleLink(aid) }, (q.article && q.article.title) || aid)] : null)));
  }
}

async function showQuotes(params) {
  show("quotes");
  const speaker = params.get("speaker") || "";
  const offset = parseInt(params.get("offset") || "0", 10) || 0;
  $("qt-speaker").value = speaker;
  try {
    const page = await api("quotes", { speaker, limit: PAGE, offset });
    renderQuotes($("quotes-list"), page.items, true);
    pager($("quotes-pager"), page, o => {
      location.hash = route(["quotes"], new URLSearchParams({ speaker, offset: o }));
    });
  } catch (e) {
    clear($("quotes-list")).append(el("li", { class: "error" }, e.message));
  }
}

// ----- articles

async function showArticles(params) {
  show("articles");
  const offset = parseInt(params.get("offset") || "0", 10) || 0;
  const body = clear($("articles-table").tBodies[0]);
  try {
    const page = await api("articles", { limit: PAGE, offset });
    for (const a of page.items) {
      body.append(el("tr", {},
        el("td", { class: "nowrap" }, a.published || ""),
        el("td", {}, el("a", { href: articleLink(a.id) }, a.title || a.id)),
        el("td", { class: "muted" }, a.source || ""),
        el("td", { class: "num" }, fmt(a.events))));
    }
    if (!page.items.length) body.append(el("tr", {}, el("td", { colspan: "4", class: "empty" }, "No articles.")));
    pager($("articles-pager"), page, o => {
      location.hash = route(["articles"], new URLSearchParams({ offset: o }));
    });
  } catch (e) {
    body.append(el("tr", {}, el("td", { colspan: "4", class: "error" }, e.message)));
  }
}

/** Cut the text at every span boundary; each piece carries every span that covers it. */
function segments(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].filter(p => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    out.push({ start: a, end: b, spans: spans.filter(s => s.start <= a && s.end >= b) });
  }
  return out;
}

const PRIORITY = ["killed", "injured", "perpetrator", "claimant", "victim", "target", "weapon", "date",
                  "place", "trigger", "speaker", "cue", "person", "organization", "location", "other", "quote"];

function renderArticleText(box, text, spans) {
  clear(box);
  const seen = new Set();
  const frag = document.createDocumentFragment();
  for (const seg of segments(text, spans)) {
    const piece = text.slice(seg.start, seg.end);
    if (!seg.spans.length) { frag.append(document.createTextNode(piece)); continue; }
    const labels = [...new Set(seg.spans.map(s => s.label))];
    const main = PRIORITY.find(p => labels.includes(p) && p !== "quote") || "quote";
    const node = el("mark", {
      class: `hl hl-${main}` + (labels.includes("quote") ? " in-quote" : ""),
      "data-labels": labels.join(" "), "data-start": seg.start, "data-end": seg.end,
      title: seg.spans.filter(s => s.label !== "quote").map(s => LABELS[s.label] + (s.value ? ": " + s.value : "")).join("\n") || "quote",
    }, piece);
    for (const s of seg.spans) {
      const key = `${s.start}-${s.end}`;
      if (!seen.has(key) && s.start === seg.start) { seen.add(key); node.id = "span-" + key; }
    }
    frag.append(node);
  }
  box.append(frag);
}

function renderLegend(box, spans) {
  clear(box);
  const counts = {};
  for (const s of spans) counts[s.label] = (counts[s.label] || 0) + 1;
  for (const label of Object.keys(LABELS)) {
    if (!counts[label]) continue;
    box.append(el("span", { class: "legend-item" }, el("mark", { class: "hl hl-" + label + (label === "quote" ? " in-quote" : "") }, LABELS[label]),
                  el("span", { class: "muted" }, " " + counts[label])));
  }
}

function eventCard(e, aid) {
  const rows = [];
  const row = (name, ...value) => { if (value.flat().filter(Boolean).length) rows.push(el("dt", {}, name), el("dd", {}, value)); };
  row("trigger", evidence(e.trigger && e.trigger.text, aid, e.trigger, "trigger"));
  row("date", e.date ? evidence(e.date.value + (e.date.precision && e.date.precision !== "day" ? ` (${e.date.precision})` : ""), aid, e.date) : null);
  row("place", placeNode(e));
  row("perpetrators", names(e.perpetrators, aid));
  row("targets", names(e.targets, aid));
  row("victims", names(e.victims, aid));
  row("weapons", names(e.weapons, aid));
  row("killed", countCell(e.killed, aid));
  row("injured", countCell(e.injured, aid));
  row("claimed by", names(e.claimed_by, aid));
  const codes = Object.entries(e.codes || {}).filter(([, v]) => v).map(([k, v]) => `${k}: ${v}`).join("; ");
  row("codes", codes ? el("span", { class: "muted small" }, codes) : null);
  return el("div", { class: "event-card", "data-event": e.id },
    el("div", { class: "event-head" }, el("span", { class: "tag" }, el("i", { class: "dot", "data-type": e.type }), e.type.replace(/_/g, " ")),
       e.confidence !== undefined ? el("span", { class: "muted small" }, `confidence ${Number(e.confidence).toFixed(2)}`) : null),
    el("dl", {}, rows));
}

async function showArticle(id, params) {
  show("article");
  showError("article-error", null);
  for (const box of ["article-text", "article-events", "legend", "article-quotes"]) clear($(box));
  $("article-title").textContent = "";
  $("article-meta").textContent = "";
  let d;
  try { d = await api("articles/" + encodeURIComponent(id)); }
  catch (e) { showError("article-error", e); return; }
  const a = d.article;
  $("article-title").textContent = a.title || "(untitled)";
  $("article-meta").textContent = [a.published, a.source, a.url].filter(Boolean).join(" · ");
  renderLegend($("legend"), d.spans);
  renderArticleText($("article-text"), a.text, d.spans);
  for (const e of d.events) $("article-events").append(eventCard(e, a.id));
  if (!d.events.length) $("article-events").append(el("p", { class: "muted" }, "No events extracted."));
  renderQuotes($("article-quotes"), d.quotes.map(q => ({ ...q, article: { id: a.id } })), true, false);
  const focus = /^(\d+)-(\d+)$/.exec(params.get("span") || "");
  if (focus) {
    // every piece of the text inside the span lights up (nested values split a span in pieces)
    const [start, end] = [Number(focus[1]), Number(focus[2])];
    const pieces = [...$("article-text").querySelectorAll("mark")].filter(m =>
      Number(m.dataset.start) >= start && Number(m.dataset.end) <= end);
    pieces.forEach(m => m.classList.add("focus"));
    if (pieces.length) pieces[0].scrollIntoView({ block: "center" });
  } else {
    window.scrollTo(0, 0);
  }
}

// ----------------------------------------------------------------- router --

async function router() {
  const { parts, params } = parseHash();
  const [head, arg] = parts;
  if (head === "actor" && arg) return showActor(arg);
  if (head === "incident" && arg) return showIncident(arg);
  if (head === "actors") return showActors(params);
  if (head === "quotes") return showQuotes(params);
  if (head === "articles") return showArticles(params);
  if (head === "article" && arg) return showArticle(arg, params);
  return showEvents(params);
}

function wire() {
  $("filters").addEventListener("submit", ev => {
    ev.preventDefault();
    location.hash = route([], filtersFromForm());
  });
  $("filters").addEventListener("reset", () => { setTimeout(() => { location.hash = "#/"; }, 0); });
  $("actor-search").addEventListener("submit", ev => {
    ev.preventDefault();
    location.hash = route(["actors"], new URLSearchParams({ q: $("a-q").value.trim() }));
  });
  $("quote-search").addEventListener("submit", ev => {
    ev.preventDefault();
    location.hash = route(["quotes"], new URLSearchParams({ speaker: $("qt-speaker").value.trim() }));
  });
  document.querySelectorAll("#bucket-toggle button").forEach(b => b.addEventListener("click", () => {
    bucket = b.dataset.bucket;
    document.querySelectorAll("#bucket-toggle button").forEach(x => x.classList.toggle("on", x === b));
    const { params } = parseHash();
    api("timeline", Object.fromEntries([...params].filter(([k]) => FILTERS.includes(k)).concat([["bucket", bucket]])))
      .then(renderTimeline).catch(e => showError("events-error", e));
  }));
  window.addEventListener("hashchange", () => { router().finally(markReady); });
  loadStats();
  router().finally(markReady);
}

/** Tests wait for this attribute: set after each view finished loading. */
function markReady() { document.body.setAttribute("data-ready", location.hash || "#/"); }

document.addEventListener("DOMContentLoaded", wire);
