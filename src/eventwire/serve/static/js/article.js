/* Articles: the list (#/articles) and one article (#/article/ID) with every extracted value
 * highlighted at its span, its events (each linked to its incident) and quotes. */
import { renderQuotes } from "./dossier.js";
import { LABELS, PRIORITY } from "./labels.js";
import { countCell, incidentCell, names, placeNode } from "./tables.js";
import { $, REDIRECT, PAGE, api, articleLink, clear, dateText, el, evidence, externalLink, fmt, incidentLink, labelCells,
         offsetParam, offsetPastEnd, pager, route, setTitle, showError, typeLabel } from "./util.js";

export async function showArticles(params, show) {
  show("articles");
  setTitle("Articles");
  const offset = offsetParam(params);
  const body = clear($("articles-table").tBodies[0]);
  clear($("articles-pager"));
  try {
    const page = await api("articles", { limit: PAGE, offset });
    const past = offsetPastEnd(page);
    if (past !== null) { location.replace(route(["articles"], new URLSearchParams({ offset: past }))); return REDIRECT; }
    for (const a of page.items) {
      body.append(el("tr", {},
        el("td", { class: "nowrap" }, a.published || ""),
        el("td", {}, el("a", { href: articleLink(a.id) }, a.title || a.id)),
        el("td", { class: "muted" }, a.source || ""),
        el("td", { class: "num" }, fmt(a.events))));
    }
    if (!page.items.length) body.append(el("tr", {}, el("td", { colspan: "4", class: "empty" }, "No articles.")));
    labelCells($("articles-table"));
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

function eventCard(e, aid, incidents) {
  const rows = [];
  const row = (name, ...value) => { if (value.flat().filter(Boolean).length) rows.push(el("dt", {}, name), el("dd", {}, value)); };
  row("incident", e.incident_id !== undefined && e.incident_id !== null ? incidentCell(e.incident_id)
      : incidents.length === 1 ? incidentCell(incidents[0]) : null);
  row("trigger", evidence(e.trigger && e.trigger.text, aid, e.trigger, "trigger"));
  row("date", e.date ? evidence(dateText(e.date), aid, e.date) : null);
  row("place", placeNode({ ...e, article: { id: aid } }));
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
    el("div", { class: "event-head" }, el("span", { class: "tag" }, el("i", { class: "dot", "data-type": e.type }), typeLabel(e.type)),
       e.confidence !== undefined ? el("span", { class: "muted small" }, `confidence ${Number(e.confidence).toFixed(2)}`) : null),
    el("dl", {}, rows));
}

export async function showArticle(id, params, show) {
  show("article");
  showError("article-error", null);
  for (const box of ["article-text", "article-events", "legend", "article-quotes", "article-meta", "article-incidents"]) clear($(box));
  $("article-title").textContent = "";
  setTitle("Article");
  let d;
  try { d = await api("articles/" + encodeURIComponent(id)); }
  catch (e) { showError("article-error", e); return; }
  const a = d.article;
  $("article-title").textContent = a.title || "(untitled)";
  setTitle(a.title || "(untitled)", "Article");
  // the source URL is a link only when it is http(s); anything else stays text
  const url = a.url ? externalLink(a.url) || el("span", { class: "url-text" }, a.url) : null;
  const meta = [a.published, a.source].filter(Boolean);
  $("article-meta").append(meta.join(" · "), url && meta.length ? " · " : "", url || "");
  const incidents = d.incidents || [];
  if (incidents.length) {
    $("article-incidents").append(el("span", { class: "muted" }, `Reports ${incidents.length === 1 ? "incident" : "incidents"}: `),
      ...incidents.flatMap((i, k) => [k ? ", " : "", el("a", { class: "incident-link", href: incidentLink(i) }, "#" + i)]));
  }
  renderLegend($("legend"), d.spans);
  renderArticleText($("article-text"), a.text, d.spans);
  for (const e of d.events) $("article-events").append(eventCard(e, a.id, incidents));
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
