/* One incident (#/incident/ID): the fused record and every report of it. */
import { INTER, PLACE_KINDS } from "./labels.js";
import { countCell, names, placeNode, typeTag } from "./tables.js";
import { $, plural, api, articleLink, clear, dateText, el, evidence, externalLink, fmt, joinNodes, labelCells, rangeText,
         setTitle, showError, typeLabel } from "./util.js";

export async function showIncident(id, show) {
  show("incident");
  showError("incident-error", null);
  clear($("incident-facts"));
  clear($("incident-events").tBodies[0]);
  $("incident-title").textContent = "Incident " + id;
  $("incident-meta").textContent = "";
  setTitle("Incident " + id);
  let d;
  try { d = await api("incidents/" + encodeURIComponent(id)); }
  catch (e) { showError("incident-error", e); return; }
  const loc = d.location || {};
  const title = [typeLabel(d.type), loc.name].filter(Boolean).join(" · ");
  $("incident-title").textContent = title;
  setTitle(title + (d.date ? ", " + dateText(d.date) : ""), "Incident " + d.id);
  $("incident-meta").textContent = [dateText(d.date), [loc.admin1 !== loc.name ? loc.admin1 : null, loc.country || loc.country_code].filter(Boolean).join(", "),
    `${fmt(d.n_sources)} source${d.n_sources === 1 ? "" : "s"}`, d.first_reported && `first reported ${d.first_reported}`]
    .filter(Boolean).join(" · ");
  const facts = $("incident-facts");
  const fact = (name, value) => { if (value) facts.append(el("dt", {}, name), el("dd", {}, value)); };
  fact("date", dateText(d.date));
  fact("place", [loc.name, loc.admin2 && loc.admin2 !== loc.name ? loc.admin2 : null,
                 loc.admin1 !== loc.name ? loc.admin1 : null, loc.country_code].filter(Boolean).join(", ") +
                (loc.precision && loc.precision !== "city" ? ` (${(PLACE_KINDS[loc.precision] || {}).label || loc.precision})` : ""));
  // the words each report named the place with, each linked to its evidence
  const words = new Map();
  for (const w of loc.evidence || []) {
    const key = (w.text || w.name || "").trim();
    if (!key) continue;
    const seen = words.get(key) || { n: 0, first: w };
    seen.n += 1;
    words.set(key, seen);
  }
  if (words.size) {
    facts.append(el("dt", {}, "place words"), el("dd", { id: "incident-place-words" }, joinNodes([...words].map(([text, w]) =>
      el("span", {}, evidence(`“${text}”`, w.first.article_id, w.first), w.n > 1 ? el("span", { class: "muted" }, ` ×${w.n}`) : null)))));
  }
  fact("coordinates", typeof loc.lat === "number" ? `${loc.lat.toFixed(3)}, ${loc.lon.toFixed(3)}` : "none: not on the map");
  // ACLED's coding of the incident (extract/coding): type, actor types, interaction
  const c = d.codes || {};
  fact("ACLED type", [c.acled_event_type, c.acled_sub_event_type].filter(Boolean).join(" / "));
  fact("ACLED actors", [c.inter1 != null ? `actor 1: ${c.inter1}${INTER[c.inter1] ? " " + INTER[c.inter1] : ""}` : null,
                        c.inter2 != null ? `actor 2: ${c.inter2}${INTER[c.inter2] ? " " + INTER[c.inter2] : ""}` : null,
                        c.interaction != null ? `interaction ${c.interaction}` : null].filter(Boolean).join(" · "));
  fact("civilian targeting", c.civilian_targeting || "");
  fact("other codes", [c.gtd_attack_type && `GTD: ${c.gtd_attack_type}`, c.cameo && `CAMEO ${c.cameo}`,
                       c.plover_type && `PLOVER ${c.plover_type}${c.plover_mode ? " (" + c.plover_mode + ")" : ""}`]
    .filter(Boolean).join(" · "));
  fact("killed", rangeText(d.killed));
  fact("injured", rangeText(d.injured));
  for (const [key, label] of [["perpetrators", "perpetrators"], ["claimed_by", "claimed by"], ["targets", "targets"],
                              ["victims", "victims"], ["weapons", "weapons"]]) {
    fact(label, (d[key] || []).map(a => a.name).join(", "));
  }
  const body = $("incident-events").tBodies[0];
  for (const e of d.events || []) {
    const aid = e.article && e.article.id;
    const url = e.article && e.article.url && externalLink(e.article.url, "source ↗");
    body.append(el("tr", { "data-event": e.id },
      el("td", { class: "source" }, aid ? el("a", { href: articleLink(aid) }, e.article.title || aid) : "",
         url ? [" ", url] : null),
      el("td", { class: "nowrap muted" }, (e.article && e.article.published) || ""),
      el("td", { class: "nowrap" }, e.date ? evidence(dateText(e.date), aid, e.date) : ""),
      el("td", {}, typeTag(e.type, aid, e.trigger)),
      el("td", { class: "place" }, placeNode(e)),
      el("td", {}, names(e.perpetrators, aid)),
      el("td", { class: "num" }, countCell(e.killed, aid)),
      el("td", { class: "num" }, countCell(e.injured, aid)),
      el("td", {}, names(e.claimed_by, aid))));
  }
  labelCells($("incident-events"));
  $("incident-count").textContent = plural((d.events || []).length, "report");
}
