/* Helpers every view uses.
 *
 * Article text, titles, names and quotes are hostile input: every one of them
 * reaches the page through text nodes (el(), textContent), never through
 * innerHTML. Links are built only from our own "#/..." routes, our own "/api/..."
 * paths, or (source URLs) http/https URLs checked by the URL parser.
 */

export const PAGE = 50;            // rows per page in the tables
/** What a view returns when it sent the browser elsewhere (an offset past the end). */
export const REDIRECT = "redirect";

/** Build an element; string children become text nodes (never parsed as HTML). */
export function el(tag, attrs, ...children) {
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

/** Our own hash routes and API paths become links; anything else (javascript:, data:, http:) is dropped. */
export function safeHref(value) {
  const s = String(value);
  return s.startsWith("#/") || s.startsWith("/api/") ? s : "#/";
}

/** A source URL as a link only when it is http(s); otherwise null (show it as text). */
export function externalLink(url, label) {
  let parsed;
  try { parsed = new URL(String(url)); } catch (e) { return null; }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return null;
  const a = document.createElement("a");
  a.setAttribute("href", parsed.href);
  a.setAttribute("rel", "noopener noreferrer nofollow");
  a.setAttribute("target", "_blank");
  a.className = "external";
  a.textContent = label || parsed.href;
  return a;
}

export function svg(tag, attrs, ...children) {
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

export function $(id) { return document.getElementById(id); }
export function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
export function fmt(n) { return n === null || n === undefined ? "" : Number(n).toLocaleString("en-US"); }
/** "1 incident", "48 incidents" */
export function plural(n, word) { return `${fmt(n)} ${word}${n === 1 ? "" : "s"}`; }
export function typeLabel(t) { return (t || "").replace(/_/g, " "); }

export class ApiError extends Error {}

/** Query string from {name: value | [values]}; empty values are left out. */
export function queryString(params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== null && one !== undefined && one !== "") query.append(k, one);
    }
  }
  const s = query.toString();
  return s ? "?" + s : "";
}

function errorText(body, response) {
  if (body && typeof body.error === "string") return body.error;
  if (body && typeof body.detail === "string") return body.detail;
  return response.status + " " + response.statusText;
}

export async function api(path, params) {
  const response = await fetch("/api/" + path + queryString(params), { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(errorText(body, response));
  return body;
}

export function showError(id, error) {
  const box = $(id);
  if (!error) { box.hidden = true; box.textContent = ""; return; }
  box.textContent = error instanceof ApiError ? error.message : "Something went wrong: " + error;
  box.hidden = false;
}

export function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const cut = raw.indexOf("?");
  const path = cut < 0 ? raw : raw.slice(0, cut);
  const query = cut < 0 ? "" : raw.slice(cut + 1);
  const parts = path.split("/").filter(Boolean).map(p => { try { return decodeURIComponent(p); } catch (e) { return p; } });
  return { parts, params: new URLSearchParams(query) };
}

export function route(parts, params) {
  const path = "#/" + parts.map(encodeURIComponent).join("/");
  const q = params && params.toString();
  return q ? path + "?" + q : path;
}

export function incidentLink(id) { return route(["incident", String(id)]); }

export function articleLink(articleId, span) {
  const params = new URLSearchParams();
  if (span && span.start !== null && span.start !== undefined && span.end !== null && span.end !== undefined) {
    params.set("span", span.start + "-" + span.end);
  }
  return route(["article", articleId], params);
}

/** A value extracted from an article, linked to the words it came from. */
export function evidence(text, articleId, span, cls) {
  if (!text && text !== 0) return null;
  if (!articleId || !span || span.start === null || span.start === undefined) {
    return el("span", { class: cls || null }, String(text));
  }
  return el("a", { class: "ev " + (cls || ""), href: articleLink(articleId, span), title: "show the evidence" }, String(text));
}

export function joinNodes(nodes, sep) {
  const out = [];
  nodes.filter(Boolean).forEach((n, i) => { if (i) out.push(sep || ", "); out.push(n); });
  return out;
}

/** "4", "4–7" (a range across reports) or "" for a count {low, best, high}. */
export function rangeText(count) {
  if (!count) return "";
  const { low, best, high } = count;
  if (low !== null && low !== undefined && high !== null && high !== undefined && low !== high) {
    return `${fmt(low)}–${fmt(high)}`;
  }
  const one = best ?? low ?? high;
  return one === null || one === undefined ? "" : fmt(one);
}

/** A date with its precision: "2019-03-14", "March 2019 (month only)", "2018 (year only)". */
export function dateText(date) {
  if (!date || !date.value) return "";
  const v = String(date.value);
  if (date.precision === "year") return v.slice(0, 4) + " (year only)";
  if (date.precision === "month") {
    const d = new Date(v.slice(0, 7) + "-01T00:00:00Z");
    const name = isNaN(d) ? v.slice(0, 7) : d.toLocaleString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
    return name + " (month only)";
  }
  return v;
}

/** The index of the page an offset falls on, and how many pages there are. */
export function pageBounds(total, offset, limit) {
  const pages = Math.max(1, Math.ceil((total || 0) / Math.max(1, limit)));
  const index = Math.min(pages, Math.floor(offset / Math.max(1, limit)) + 1);
  return { pages, index, lastOffset: (pages - 1) * limit };
}

/** Prev/next buttons; ``page`` is an API page ({total|null, limit, offset, has_more}). */
export function pager(container, page, go) {
  clear(container);
  const { total, offset } = page;
  const limit = page.limit || PAGE;
  const known = total !== null && total !== undefined;
  const hasMore = known ? offset + limit < total : page.has_more;
  if (offset <= 0 && !hasMore) return;
  let label;
  if (!known) label = `rows ${fmt(offset + 1)}–${fmt(offset + page.items.length)}`;
  else {
    const { pages, index } = pageBounds(total, offset, limit);
    label = `page ${fmt(index)} of ${fmt(pages)}`;
  }
  container.append(
    el("button", { type: "button", class: "secondary", disabled: offset <= 0 ? "" : null,
                   onclick: () => go(Math.max(0, Math.min(offset - limit, known ? pageBounds(total, offset, limit).lastOffset : offset - limit))) }, "‹ Prev"),
    el("span", { class: "muted" }, label),
    el("button", { type: "button", class: "secondary", disabled: hasMore ? null : "",
                   onclick: () => go(offset + limit) }, "Next ›"));
}

/** An offset past the last row → the last page's offset (null when the offset is fine). */
export function offsetPastEnd(page) {
  if (!page || page.total === null || page.total === undefined) return null;
  if (page.items.length || page.offset <= 0 || page.offset < page.total) return null;
  return pageBounds(page.total, page.offset, page.limit || PAGE).lastOffset;
}

/** Give every cell the name of its column, so narrow screens can show rows as cards. */
export function labelCells(table) {
  const heads = [...table.tHead.rows[0].cells].map(th => (th.dataset.label || th.textContent).trim());
  for (const row of table.tBodies[0].rows) {
    [...row.cells].forEach((td, i) => { if (heads[i] && !td.hasAttribute("colspan")) td.setAttribute("data-label", heads[i]); });
  }
}

export function setTitle(...parts) {
  document.title = [...parts.filter(Boolean), "eventwire"].join(" · ");
}

export function offsetParam(params, name = "offset") {
  return Math.max(0, parseInt(params.get(name) || "0", 10) || 0);
}
