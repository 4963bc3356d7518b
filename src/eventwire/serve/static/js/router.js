/* Hash routes → views. Each view sets its own page title; tests wait for body[data-ready]. */
import { showArticle, showArticles } from "./article.js";
import { showActor, showActors, showQuotes } from "./dossier.js";
import { showIncident } from "./incident.js";
import { refreshMapSize } from "./map.js";
import { showEvents } from "./overview.js";
import { $, REDIRECT, parseHash } from "./util.js";

const VIEWS = ["events", "incident", "actors", "actor", "quotes", "articles", "article"];

export function show(name) {
  for (const v of VIEWS) $("view-" + v).hidden = v !== name;
  const navName = { actor: "actors", article: "articles", incident: "events" }[name] || name;
  document.querySelectorAll("[data-nav]").forEach(a => {
    a.classList.toggle("on", a.dataset.nav === navName);
    if (a.dataset.nav === navName) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  });
  if (name === "events") refreshMapSize();
}

export async function router() {
  const { parts, params } = parseHash();
  const [head, arg] = parts;
  if (head === "actor" && arg) return showActor(arg, params, show);
  if (head === "incident" && arg) return showIncident(arg, show);
  if (head === "actors") return showActors(params, show);
  if (head === "quotes") return showQuotes(params, show);
  if (head === "articles") return showArticles(params, show);
  if (head === "article" && arg) return showArticle(arg, params, show);
  return showEvents(params, show);
}

/** Tests wait for this attribute: set after each view finished loading (not after a redirect). */
export function markReady(result) {
  if (result !== REDIRECT) document.body.setAttribute("data-ready", location.hash || "#/");
}

export function routeAndMark() { return router().then(markReady, () => markReady()); }
