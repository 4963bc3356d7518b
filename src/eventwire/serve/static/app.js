/* eventwire web page: the entry module. One ES module per feature under js/ (no build step):
 *   router.js   hash routes → views        overview.js  filters + map + timeline + tables (#/)
 *   filters.js  form ⇄ URL ⇄ API, downloads map.js      clustered incident map + legend
 *   timeline.js true time axis, keyboard    tables.js    incidents/events tables, sorting
 *   incident.js one incident                dossier.js   actors, one actor, quotes
 *   article.js  articles, one article       util.js      DOM/API helpers   labels.js  display data
 *
 * Article text, titles, names and quotes are hostile input: all of it reaches the page as
 * text nodes, never as markup. The Content-Security-Policy forbids inline script. */
import { fillAcled, fillTypes } from "./js/filters.js";
import { changeBucket, wireFilters } from "./js/overview.js";
import { markReady, routeAndMark } from "./js/router.js";
import { wireTimeline } from "./js/timeline.js";
import { $, api, clear, el, fmt } from "./js/util.js";

async function loadStats() {
  try {
    const s = await api("stats");
    clear($("stats")).append(el("span", {}, el("b", {}, fmt(s.incidents)), " incidents"),
                             el("span", {}, el("b", {}, fmt(s.events)), " events"),
                             el("span", {}, el("b", {}, fmt(s.articles)), " articles"),
                             el("span", {}, el("b", {}, fmt(s.actors)), " actors"));
    fillTypes(s.event_types || []);
  } catch (e) { /* the stats line is decoration; the views report their own errors */ }
  try { fillAcled(await api("config")); } catch (e) { /* the pickers stay at "any" */ }
}

function wire() {
  wireFilters();
  wireTimeline();
  $("actor-search").addEventListener("submit", ev => {
    ev.preventDefault();
    const query = { q: $("a-q").value.trim() };
    if ($("a-inter").value) query.inter = $("a-inter").value;
    if ($("a-sector").value.trim()) query.sector = $("a-sector").value.trim();
    location.hash = "#/actors?" + new URLSearchParams(query);
  });
  $("quote-search").addEventListener("submit", ev => {
    ev.preventDefault();
    location.hash = "#/quotes?" + new URLSearchParams({ speaker: $("qt-speaker").value.trim() });
  });
  document.querySelectorAll("#bucket-toggle button").forEach(b =>
    b.addEventListener("click", () => changeBucket(b.dataset.bucket, () => markReady())));
  window.addEventListener("hashchange", routeAndMark);
  loadStats();
  routeAndMark();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
else wire();
