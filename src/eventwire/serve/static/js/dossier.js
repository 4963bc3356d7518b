/* Actors: the list (#/actors) and one actor's dossier (#/actor/NAME), paged through all its
 * events, with ties read from this actor's end ("direction") and counted. */
import { TIES } from "./labels.js";
import { countCell, incidentCell, placeNode, typeTag } from "./tables.js";
import { $, REDIRECT, PAGE, plural, api, articleLink, clear, dateText, el, evidence, fmt, labelCells, offsetParam, offsetPastEnd,
         pager, route, setTitle, showError, svg, typeLabel } from "./util.js";

export async function showActors(params, show) {
  show("actors");
  const q = params.get("q") || "";
  const typed = {};                         // the type filters: inter code, sector
  for (const k of ["inter", "sector"]) if (params.get(k)) typed[k] = params.get(k);
  $("a-q").value = q;
  $("a-inter").value = typed.inter || "";
  $("a-sector").value = typed.sector || "";
  setTitle(q ? `“${q}”` : null, "Actors");
  const offset = offsetParam(params);
  const body = clear($("actors-table").tBodies[0]);
  clear($("actors-pager"));
  try {
    const page = await api("actors", { q, ...typed, limit: PAGE, offset });
    const past = offsetPastEnd(page);
    if (past !== null) { location.replace(route(["actors"], new URLSearchParams({ q, ...typed, offset: past }))); return REDIRECT; }
    if (!page.items.length) body.append(el("tr", {}, el("td", { colspan: "5", class: "empty" }, "No actors found.")));
    for (const a of page.items) {
      body.append(el("tr", {},
        el("td", {}, el("a", { href: route(["actor", a.name]) }, a.name)),
        el("td", {}, a.kind || ""),
        el("td", { class: "actor-type" }, typingShort(a.typing)),
        el("td", { class: "muted nowrap" }, [a.first_seen, a.last_seen].filter(Boolean).join(" – ")),
        el("td", { class: "num" }, fmt(a.n_articles))));
    }
    labelCells($("actors-table"));
    pager($("actors-pager"), page, o => {
      location.hash = route(["actors"], new URLSearchParams({ q, ...typed, offset: o }));
    });
  } catch (e) {
    body.append(el("tr", {}, el("td", { colspan: "5", class: "error" }, e.message)));
  }
}

/** "2 Rebel groups · REB · PK": the fused actor's ACLED inter code, sector and country. */
export function typingShort(t) {
  if (!t) return "";
  return [`${t.inter} ${t.inter_name || ""}`.trim(), t.sector, t.country].filter(Boolean).join(" · ");
}

/** The dossier's type line, with the confidence and the votes of the mentions behind it. */
function showTyping(node, t) {
  clear(node);
  node.hidden = !t;
  if (!t) return;
  const votes = f => Object.entries((t.evidence || {})[f] || {}).sort((a, b) => b[1] - a[1])
    .map(([v, n]) => `${v} ×${fmt(n)}`).join(", ");
  node.append(el("strong", {}, typingShort(t)), " ",
    el("span", { class: "muted", title: `inter: ${votes("inter")}; sector: ${votes("sector")}; country: ${votes("country")}` },
       `(ACLED actor type; ${Math.round((t.confidence ?? 0) * 100)}% of ${plural(t.mentions, "mention")} agree — ` +
       `inter ${votes("inter")}; sector ${votes("sector") || "–"}; country ${votes("country") || "–"})`));
}

/** Ties grouped by (type, direction, other actor), counted; each phrase read from this actor's end. */
export function groupTies(ties) {
  const groups = new Map();
  for (const t of ties) {
    const direction = t.direction === "in" ? "in" : "out";
    const other = t.other || (direction === "out" ? t.tail : t.head);
    const key = [t.type, direction, other].join("\u0000");
    const g = groups.get(key) || { type: t.type, direction, other, count: 0, evidence: t };
    g.count += t.count || 1;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.other.localeCompare(b.other));
}

export function tiePhrase(type, direction) {
  const words = TIES[type] || { out: typeLabel(type), in: typeLabel(type) + " (of)" };
  return direction === "in" ? words.in : words.out;
}

export async function showActor(name, params, show) {
  show("actor");
  showError("actor-error", null);
  for (const id of ["actor-aliases", "actor-ties-list", "actor-graph", "actor-quotes", "actor-pager"]) clear($(id));
  clear($("actor-events").tBodies[0]);
  $("actor-name").textContent = name;
  $("actor-meta").textContent = "";
  showTyping($("actor-typing"), null);
  setTitle(name, "Actor");
  const offset = offsetParam(params);
  let d;
  try { d = await api("actors/" + encodeURIComponent(name), { limit: PAGE, offset }); }
  catch (e) { showError("actor-error", e); return; }
  const total = d.events_total ?? (d.events || []).length;
  const page = { items: d.events || [], total, limit: PAGE, offset };
  const past = offsetPastEnd(page);
  if (past !== null) { location.replace(route(["actor", name], new URLSearchParams(past ? { offset: past } : {}))); return REDIRECT; }
  $("actor-name").textContent = d.name;
  setTitle(d.name, "Actor");
  $("actor-overview").setAttribute("href", route([], new URLSearchParams({ actor: d.name })));
  $("actor-overview").hidden = !total;
  $("actor-meta").textContent = [d.kind || d.type, `${fmt(total)} event${total === 1 ? "" : "s"}`,
                                 plural(d.quotes_total ?? (d.quotes || []).length, "quote")].filter(Boolean).join(" · ");
  showTyping($("actor-typing"), d.typing);
  for (const alias of d.aliases || []) $("actor-aliases").append(el("li", { class: "chip" }, alias));
  if (!(d.aliases || []).length) $("actor-aliases").append(el("li", { class: "muted" }, "none recorded"));
  const ties = groupTies(d.ties || []);
  for (const tie of ties) {
    const phrase = tiePhrase(tie.type, tie.direction);
    const ev = tie.evidence;
    $("actor-ties-list").append(el("li", { "data-direction": tie.direction, "data-type": tie.type },
      el("span", { class: "tie-self" }, d.name), " ",
      el("span", { class: "tie-type" }, phrase), " ",
      el("a", { class: "tie-other", href: route(["actor", tie.other]) }, tie.other),
      tie.count > 1 ? el("span", { class: "tie-count muted", title: "times reported" }, ` ×${fmt(tie.count)}`) : null,
      ev.article_id ? el("a", { class: "ev small", href: articleLink(ev.article_id, ev), title: ev.evidence || "" }, "evidence") : null));
  }
  if (!ties.length) $("actor-ties-list").append(el("li", { class: "muted" }, "no ties found"));
  drawGraph($("actor-graph"), d.name, ties);
  $("actor-graph").closest(".card").hidden = !ties.length;     // no network to draw
  const body = $("actor-events").tBodies[0];
  for (const e of d.events || []) {
    const aid = e.article && e.article.id;
    body.append(el("tr", { "data-event": e.id },
      el("td", { class: "nowrap" }, e.date ? evidence(dateText(e.date), aid, e.date) : ""),
      el("td", {}, typeTag(e.type)),
      el("td", {}, placeNode(e)),
      el("td", {}, (e.roles || []).join(", ")),
      el("td", { class: "num" }, countCell(e.killed, aid)),
      el("td", {}, incidentCell(e.incident_id)),
      el("td", { class: "source" }, aid ? el("a", { href: articleLink(aid) }, e.article.title || aid) : "")));
  }
  if (!(d.events || []).length) body.append(el("tr", {}, el("td", { colspan: "7", class: "empty" }, "No events.")));
  labelCells($("actor-events"));
  $("actor-events-count").textContent = total > PAGE ? `${fmt(offset + 1)}–${fmt(offset + (d.events || []).length)} of ${fmt(total)}` : `${fmt(total)}`;
  pager($("actor-pager"), page, o => {
    location.hash = route(["actor", name], new URLSearchParams(o ? { offset: o } : {}));
  });
  renderQuotes($("actor-quotes"), d.quotes || [], false);
  const moreQuotes = (d.quotes_total ?? 0) - (d.quotes || []).length;
  if (moreQuotes > 0) {
    $("actor-quotes").append(el("li", {}, el("a", { href: route(["quotes"], new URLSearchParams({ speaker: d.name })) },
      `all ${fmt(d.quotes_total)} quotes of ${d.name} ›`)));
  }
}

/** A small radial network: the actor in the middle, each tie around it, arrows from head to tail. */
function drawGraph(box, center, ties) {
  const others = ties.slice(0, 16);
  const w = 420, h = 280, cx = w / 2, cy = h / 2, r = Math.min(w, h) / 2 - 40;
  const chart = svg("svg", { viewBox: `0 0 ${w} ${h}`, class: "graph", role: "img",
                             "aria-label": `${center} and ${others.length} tie${others.length === 1 ? "" : "s"}` });
  const nodes = others.map((t, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, others.length) - Math.PI / 2;
    return { tie: t, x: cx + r * Math.cos(angle), y: cy + r * Math.sin(angle) };
  });
  for (const n of nodes) {
    chart.append(svg("line", { x1: cx, y1: cy, x2: n.x, y2: n.y, class: "edge" }));
    chart.append(svg("text", { x: cx + (n.x - cx) * 0.62, y: cy + (n.y - cy) * 0.62 - 3, class: "edge-label", "text-anchor": "middle" },
                     tiePhrase(n.tie.type, n.tie.direction) + (n.tie.count > 1 ? ` ×${n.tie.count}` : "")));
  }
  for (const n of nodes) {
    const g = svg("g", { class: "node", tabindex: "0", role: "link" },
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

export function renderQuotes(list, quotes, withSpeaker, withArticle = true) {
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

export async function showQuotes(params, show) {
  show("quotes");
  const speaker = params.get("speaker") || "";
  const offset = offsetParam(params);
  $("qt-speaker").value = speaker;
  setTitle(speaker || null, "Quotes");
  clear($("quotes-pager"));
  try {
    const page = await api("quotes", { speaker, limit: PAGE, offset });
    const past = offsetPastEnd(page);
    if (past !== null) { location.replace(route(["quotes"], new URLSearchParams({ speaker, offset: past }))); return REDIRECT; }
    renderQuotes($("quotes-list"), page.items, true);
    pager($("quotes-pager"), page, o => {
      location.hash = route(["quotes"], new URLSearchParams({ speaker, offset: o }));
    });
  } catch (e) {
    clear($("quotes-list")).append(el("li", { class: "error" }, e.message));
  }
}
