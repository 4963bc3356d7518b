/* The map: every incident with coordinates (all pages, clustered), colour = type, size =
 * killed, shape = how precise the place is (town, province only, country only); a legend
 * says so. A world outline from world-atlas: no tile server is needed. */
import { COLORS, DEFAULT_COLOR, PLACE_KINDS } from "./labels.js";
import { $, clear, el, fmt, incidentLink, articleLink, rangeText, dateText, typeLabel } from "./util.js";

let map = null;
let cluster = null;
let outlineState = "none";

/** Marker radius for a number killed (also drawn in the legend). */
export function radius(killed) { return 5 + Math.min(14, Math.sqrt(killed || 0) * 2.2); }

export function initMap() {
  if (map || typeof L === "undefined") return map;
  map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5, attributionControl: true })
    .setView([25, 30], 2);
  map.attributionControl.setPrefix(false);
  // The coarse 1:110m outline (108 kB) draws first; zoomed in to a region, the 1:50m one replaces it.
  let outline = null, detailed = false;
  const drawOutline = topo => {
    const land = topojson.feature(topo, topo.objects.countries);
    const layer = L.geoJSON(land, { interactive: false,
      style: { color: "#9aa5b1", weight: 0.6, fillColor: "#e9edf1", fillOpacity: 1 } });
    if (outline) map.removeLayer(outline);
    outline = layer.addTo(map).bringToBack();
    outlineState = "drawn";
    $("map").classList.remove("loading");
  };
  $("map").classList.add("loading");
  outlineState = "loading";
  fetch("/vendor/world-atlas/countries-110m.json").then(r => r.json()).then(topo => {
    if (!outline) drawOutline(topo);
    map.attributionControl.addAttribution("Outline: Natural Earth");
  }).catch(() => { outlineState = "failed"; $("map").classList.remove("loading"); $("map-note").textContent = "world outline unavailable"; });
  map.on("zoomend", () => {
    if (detailed || map.getZoom() < 4) return;
    detailed = true;
    fetch("/vendor/world-atlas/countries-50m.json").then(r => r.json()).then(drawOutline).catch(() => {});
  });
  fetch("/api/config").then(r => r.json()).then(cfg => {
    if (cfg.tiles) L.tileLayer(cfg.tiles).addTo(map);
  }).catch(() => {});
  const clustered = typeof L.markerClusterGroup === "function";
  cluster = clustered
    ? L.markerClusterGroup({ maxClusterRadius: 36, spiderfyOnMaxZoom: true, showCoverageOnHover: false, animate: false,
                             iconCreateFunction: clusterIcon })
    : L.layerGroup();
  cluster.addTo(map);
  // the view may have been hidden while the map was made: size it once it shows
  requestAnimationFrame(() => map.invalidateSize());
  return map;
}

function clusterIcon(group) {
  const n = group.getChildCount();
  const size = n < 10 ? 30 : n < 100 ? 36 : 44;
  const places = [...new Set(group.getAllChildMarkers().map(m => m.placeName).filter(Boolean))];
  const label = `${fmt(n)} incidents: ${places.slice(0, 6).join(", ")}${places.length > 6 ? "…" : ""} (open to see each)`;
  return L.divIcon({ html: el("span", { "data-places": places.join("|"), title: label, "aria-label": label }, fmt(n)),
                     className: "incident-cluster", iconSize: [size, size] });
}

function locatedPoint(inc) {
  const loc = inc.location;
  return loc && typeof loc.lat === "number" && typeof loc.lon === "number" ? loc : null;
}

export function incidentPopup(inc) {
  const loc = inc.location || {};
  const place = [loc.name, loc.admin1 !== loc.name ? loc.admin1 : null, loc.country_code].filter(Boolean).join(", ");
  const box = el("div", { class: "popup" },
    el("div", { class: "popup-title" }, typeLabel(inc.type) + (loc.name ? " · " + loc.name : "")),
    el("div", { class: "muted" }, [dateText(inc.date), place].filter(Boolean).join(" · ")));
  if (loc.precision && loc.precision !== "city") {
    box.append(el("div", { class: "muted small" }, "place known only as: " + ((PLACE_KINDS[loc.precision] || {}).label || loc.precision)));
  }
  const killed = rangeText(inc.killed), injured = rangeText(inc.injured);
  if (killed) box.append(el("div", { class: "popup-count" }, `killed ${killed}`));
  if (injured) box.append(el("div", { class: "popup-count" }, `injured ${injured}`));
  if ((inc.perpetrators || []).length) box.append(el("div", {}, "by: " + inc.perpetrators.map(p => p.name).join(", ")));
  const n = inc.n_sources || (inc.articles || []).length;
  box.append(el("div", { class: "popup-open" }, el("a", { href: incidentLink(inc.id) },
    `open the incident (${fmt(n)} source${n === 1 ? "" : "s"}) ›`)));
  const links = el("div", { class: "popup-links" });
  for (const a of (inc.articles || []).slice(0, 5)) links.append(el("a", { href: articleLink(a.id) }, a.title || a.id));
  box.append(links);
  return box;
}

function makeMarker(inc, loc) {
  const killedBest = (inc.killed && (inc.killed.best ?? inc.killed.high ?? inc.killed.low)) || 0;
  const color = COLORS[inc.type] || DEFAULT_COLOR;
  const kind = loc.precision === "country" ? "country" : loc.precision === "admin1" ? "admin1" : "city";
  let marker;
  if (kind === "city") {
    marker = L.circleMarker([loc.lat, loc.lon], { radius: radius(killedBest), color: "#fff", weight: 1.2,
      fillColor: color, fillOpacity: 0.85, className: "incident-marker" });
  } else {
    // a place known only to the province or country: a hollow shape, not a dot on its capital
    const size = Math.round(radius(killedBest) * 2 + (kind === "country" ? 8 : 2));
    const shape = el("span", { class: "area-shape " + kind });
    shape.style.borderColor = color;
    marker = L.marker([loc.lat, loc.lon], { icon: L.divIcon({ html: shape, className: "area-marker incident-marker " + kind,
                                                              iconSize: [size, size] }), keyboard: true });
  }
  marker.placeName = loc.name || "";
  marker.bindPopup(() => incidentPopup(inc));
  marker.bindTooltip(() => el("span", {}, [loc.name, dateText(inc.date)].filter(Boolean).join(" · ")));
  marker.on("add", () => {
    const node = marker.getElement && marker.getElement();
    if (!node) return;
    node.setAttribute("data-place", loc.name || "");
    node.setAttribute("data-incident", inc.id);
    node.setAttribute("data-precision", kind);
    node.setAttribute("aria-label", [typeLabel(inc.type), loc.name].filter(Boolean).join(" in "));
  });
  return marker;
}

/** The legend sits under the map (not over it, where it would hide points). */
function renderLegend(items) {
  const box = clear($("map-legend"));
  const types = [...new Set(items.map(i => i.type))].sort();
  const kinds = new Set(items.map(i => (locatedPoint(i) || {}).precision || "city"));
  const typeList = el("div", { class: "legend-types" });
  for (const t of types) typeList.append(el("span", { class: "legend-row type" }, el("i", { class: "dot", "data-type": t }), typeLabel(t)));
  const sizes = el("div", { class: "legend-sizes" }, el("span", { class: "muted" }, "killed: "));
  for (const k of [0, 10, 50]) {
    const d = Math.round(radius(k) * 2);
    const s = el("i", { class: "size" });
    s.style.width = d + "px";
    s.style.height = d + "px";
    sizes.append(el("span", { class: "legend-row" }, s, k === 50 ? "50+" : String(k)));
  }
  const shapes = el("div", { class: "legend-shapes" });
  for (const [kind, info] of Object.entries(PLACE_KINDS)) {
    if (kind !== "city" && !kinds.has(kind)) continue;
    shapes.append(el("span", { class: "legend-row" }, el("i", { class: "shape " + kind }), info.label));
  }
  shapes.append(el("span", { class: "legend-row" }, el("i", { class: "shape cluster" }), "several incidents (click to open)"));
  box.append(typeList, sizes, shapes);
}

/** Draw every incident of ``items`` that has coordinates; return how many were drawn. */
export function renderMap(items, total) {
  initMap();
  if (!map) { $("map-note").textContent = "map library not loaded"; return 0; }
  map.invalidateSize();
  cluster.clearLayers();
  const markers = [], points = [];
  for (const inc of items) {
    const loc = locatedPoint(inc);
    if (!loc) continue;
    markers.push(makeMarker(inc, loc));
    points.push([loc.lat, loc.lon]);
  }
  if (cluster.addLayers) cluster.addLayers(markers); else markers.forEach(m => m.addTo(cluster));
  renderLegend(items);
  const unplaced = items.length - points.length;
  $("map-note").textContent = `${fmt(points.length)} on the map` + (unplaced ? ` · ${fmt(unplaced)} without coordinates` : "") +
    (total > items.length ? ` (first ${fmt(items.length)} of ${fmt(total)})` : "");
  // no animation: the clusters are made for the final zoom at once
  if (points.length === 1) map.setView(points[0], 5, { animate: false });
  else if (points.length > 1) map.fitBounds(points, { padding: [24, 24], maxZoom: 6, animate: false });
  else map.setView([25, 30], 2, { animate: false });
  return points.length;
}

export function clearMap() {
  if (cluster) cluster.clearLayers();
  clear($("map-legend"));
  $("map-note").textContent = "";
}

export function refreshMapSize() { if (map) map.invalidateSize(); }
export function outlineStatus() { return outlineState; }
