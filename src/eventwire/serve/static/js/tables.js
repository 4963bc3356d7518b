/* The incidents and events tables (sortable on the server), and the list of incidents that
 * have no coordinates. Every value links to the words it came from; every row to its incident. */
import { PLACE_KINDS } from "./labels.js";
import { $, plural, articleLink, clear, dateText, el, evidence, fmt, incidentLink, joinNodes, labelCells, pager,
         rangeText, route, typeLabel } from "./util.js";

export function names(args, articleId, cls) {
  return joinNodes((args || []).map(a => evidence(a.name, articleId, a, cls)));
}

export function countCell(count, articleId) {
  const label = rangeText(count);
  if (!label) return "";
  return evidence(label, articleId, (count.evidence || [])[0], "count");
}

export function placeNode(event) {
  const loc = event.location;
  if (!loc) return "";
  const label = [loc.name, loc.country_code].filter(Boolean).join(", ");
  return evidence(label, event.article && event.article.id, loc, "place");
}

function precisionNote(loc) {
  if (!loc || !loc.precision || loc.precision === "city") return null;
  return el("span", { class: "precision muted small" }, " (" + ((PLACE_KINDS[loc.precision] || {}).label || loc.precision) + ")");
}

export function typeTag(type, articleId, trigger) {
  return el("span", { class: "tag", "data-type": type }, el("i", { class: "dot", "data-type": type }),
            articleId === undefined ? typeLabel(type) : evidence(typeLabel(type), articleId, trigger));
}

export function incidentCell(id) {
  if (id === null || id === undefined) return el("span", { class: "muted" }, "—");
  return el("a", { class: "incident-link", href: incidentLink(id), title: "open the incident" }, "#" + id);
}

/** Column heads that sort the table: one click sorts, a second reverses; the choice is in the URL.
 * With no choice the API's default order (newest first) is marked. */
export function sortHeads(table, chosen, onSort) {
  const current = chosen || "-date";
  for (const th of table.tHead.rows[0].cells) {
    const key = th.dataset.sort;
    if (!key) continue;
    if (!th.dataset.label) th.dataset.label = th.textContent.trim();
    const state = current === key ? "ascending" : current === "-" + key ? "descending" : "none";
    th.setAttribute("aria-sort", state);
    clear(th).append(el("button", { type: "button", class: "sort", "data-sort": key,
      title: "sort by " + th.dataset.label.toLowerCase(),
      onclick: () => onSort(current === key ? "-" + key : current === "-" + key ? key : (th.dataset.first === "desc" ? "-" + key : key)) },
      th.dataset.label, el("span", { class: "arrow", "aria-hidden": "true" }, state === "ascending" ? " ▲" : state === "descending" ? " ▼" : "")));
  }
}

export function renderIncidentsTable(page, go, sort, onSort) {
  const table = $("incidents-table");
  const body = clear(table.tBodies[0]);
  $("incidents-count").textContent = plural(page.total, "incident");
  sortHeads(table, sort, onSort);
  if (!page.items.length) {
    body.append(el("tr", {}, el("td", { colspan: "8", class: "empty" }, "No incidents match these filters.")));
  }
  for (const inc of page.items) {
    const loc = inc.location || {};
    const place = [loc.name, loc.admin1 && loc.admin1 !== loc.name ? loc.admin1 : null, loc.country_code].filter(Boolean).join(", ");
    body.append(el("tr", { "data-incident": inc.id },
      el("td", {}, incidentCell(inc.id)),
      el("td", { class: "nowrap" }, dateText(inc.date)),
      el("td", {}, typeTag(inc.type)),
      el("td", { class: "place" }, place || el("span", { class: "muted" }, "unknown"), precisionNote(inc.location),
         inc.location && typeof inc.location.lat !== "number" ? el("span", { class: "muted small" }, " · not on the map") : null),
      el("td", { class: "num" }, rangeText(inc.killed)),
      el("td", { class: "num" }, rangeText(inc.injured)),
      el("td", { class: "num" }, fmt(inc.n_sources)),
      el("td", {}, (inc.perpetrators || []).map(p => p.name).join(", "))));
  }
  labelCells(table);
  pager($("incidents-pager"), page, go);
}

export function renderEventsTable(page, go, sort, onSort) {
  const table = $("events-table");
  const body = clear(table.tBodies[0]);
  $("events-count").textContent = plural(page.total, "event");
  sortHeads(table, sort, onSort);
  if (!page.items.length) {
    body.append(el("tr", {}, el("td", { colspan: "10", class: "empty" }, "No events match these filters.")));
  }
  for (const e of page.items) {
    const aid = e.article && e.article.id;
    const date = e.date ? evidence(dateText(e.date), aid, e.date, "date") : "";
    body.append(el("tr", { "data-event": e.id },
      el("td", { class: "nowrap" }, date),
      el("td", {}, typeTag(e.type, aid, e.trigger)),
      el("td", { class: "place" }, placeNode(e)),
      el("td", {}, names(e.perpetrators, aid, "perp")),
      el("td", {}, names([...(e.targets || []), ...(e.victims || [])], aid)),
      el("td", { class: "num" }, countCell(e.killed, aid)),
      el("td", { class: "num" }, countCell(e.injured, aid)),
      el("td", {}, names(e.claimed_by, aid)),
      el("td", {}, incidentCell(e.incident_id)),
      el("td", { class: "source" }, aid ? el("a", { href: articleLink(aid) }, e.article.title || aid) : "")));
  }
  labelCells(table);
  pager($("events-pager"), page, go);
}

/** Incidents the map cannot draw (no coordinates), each a link to its page. */
export function renderUnlocated(items, params) {
  const list = clear($("unlocated-list"));
  const missing = items.filter(i => !(i.location && typeof i.location.lat === "number" && typeof i.location.lon === "number"));
  $("unlocated-card").hidden = !missing.length;
  $("unlocated-count").textContent = missing.length ? `${fmt(missing.length)}` : "";
  const shown = missing.slice(0, 30);
  for (const inc of shown) {
    const loc = inc.location || {};
    list.append(el("li", { "data-incident": inc.id },
      el("a", { href: incidentLink(inc.id) }, `#${inc.id} ${typeLabel(inc.type)}`),
      el("span", { class: "muted" }, " · " + [dateText(inc.date) || "undated", loc.name || loc.country || "no place"].join(" · "))));
  }
  if (missing.length > shown.length) {
    const all = new URLSearchParams(params);
    all.set("located", "false");
    all.delete("ioffset");
    list.append(el("li", {}, el("a", { href: route([], all) }, `all ${fmt(missing.length)} in the incidents table ›`)));
  }
}

export function clearTables() {
  for (const id of ["incidents-table", "events-table"]) clear($(id).tBodies[0]);
  for (const id of ["incidents-pager", "events-pager", "unlocated-list"]) clear($(id));
  $("incidents-count").textContent = "";
  $("events-count").textContent = "";
  $("unlocated-card").hidden = true;
}
