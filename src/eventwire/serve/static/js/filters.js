/* The filter form ⇄ the URL ⇄ API parameters, and the download links of the current view. */
import { $, el, queryString, typeLabel } from "./util.js";

// filters the API applies (the same for the JSON, CSV and GeoJSON endpoints)
export const FILTERS = ["type", "actor", "country", "since", "until", "q", "located", "acled_event_type",
                        "acled_sub_event_type", "inter1", "inter2"];
export const MULTI = new Set(["type", "country", "actor"]);

/** URL params → {name: value | [values]} for the API (multi-value filters as lists). */
export function apiFilters(params) {
  const out = {};
  for (const name of FILTERS) {
    const values = params.getAll(name).map(v => v.trim()).filter(Boolean);
    if (!values.length) continue;
    out[name] = MULTI.has(name) ? values : values[values.length - 1];
  }
  return out;
}

/** Comma-separated entries of a text box ("PK, Nigeria" → ["PK", "Nigeria"]). */
function splitList(text) {
  return text.split(/[,;]/).map(s => s.trim()).filter(Boolean);
}

export function filtersFromForm() {
  const form = $("filters");
  const params = new URLSearchParams();
  for (const box of form.querySelectorAll('input[name="type"]:checked')) params.append("type", box.value);
  for (const c of splitList(form.elements.country.value)) params.append("country", c);
  for (const a of splitList(form.elements.actor.value)) params.append("actor", a);
  for (const name of SINGLE) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  const bucket = new URLSearchParams(location.hash.split("?")[1] || "").get("bucket");
  if (bucket) params.set("bucket", bucket);
  return params;
}

export function filtersToForm(params) {
  const form = $("filters");
  const types = new Set(params.getAll("type"));
  for (const box of form.querySelectorAll('input[name="type"]')) box.checked = types.has(box.value);
  typeSummary();
  form.elements.country.value = params.getAll("country").join(", ");
  form.elements.actor.value = params.getAll("actor").join(", ");
  for (const name of SINGLE) form.elements[name].value = params.get(name) || "";
}

// the one-value boxes of the form (ACLED type and actor 1 type: the codes the coder gave)
const SINGLE = ["since", "until", "q", "located", "acled_sub_event_type", "inter1"];

/** The ACLED pickers from /api/config: sub-event types grouped under their event type, and
 * ACLED's actor types (inter codes). */
export function fillAcled(config) {
  const sub = $("f-acled"), inter = $("f-inter1");
  if (sub.options.length > 1) return;
  for (const [etype, subs] of Object.entries(config.acled_types || {})) {
    sub.append(el("optgroup", { label: etype }, ...subs.map(s => el("option", { value: s }, s))));
  }
  for (const [code, name] of Object.entries(config.inter_codes || {})) {
    inter.append(el("option", { value: code }, `${code} ${name}`));
  }
  const current = new URLSearchParams(location.hash.split("?")[1] || "");
  sub.value = current.get("acled_sub_event_type") || "";
  inter.value = current.get("inter1") || "";
}

/** The type picker: one checkbox per event type, in a <details> drop-down. */
export function fillTypes(types) {
  const list = $("f-types");
  if (list.childElementCount) return;
  for (const t of types) {
    list.append(el("label", { class: "check" },
      el("input", { type: "checkbox", name: "type", value: t, onchange: typeSummary }),
      el("i", { class: "dot", "data-type": t }), typeLabel(t)));
  }
  const current = new URLSearchParams(location.hash.split("?")[1] || "").getAll("type");
  for (const box of list.querySelectorAll("input")) box.checked = current.includes(box.value);
  typeSummary();
}

function typeSummary() {
  const chosen = [...$("filters").querySelectorAll('input[name="type"]:checked')].map(b => typeLabel(b.value));
  $("f-type-summary").textContent = !chosen.length ? "any" : chosen.length <= 2 ? chosen.join(", ") : `${chosen.length} types`;
}

const DOWNLOADS = [
  ["incidents.csv", "Incidents CSV"], ["incidents.acled.csv", "Incidents ACLED CSV"], ["incidents.geojson", "Incidents GeoJSON"],
  ["events.csv", "Events CSV"], ["events.acled.csv", "Events ACLED CSV"], ["events.geojson", "Events GeoJSON"],
];

/** Download links for what the page shows now: the filters of the tables, map and timeline, and
 * each table's order (``sorts``: {incidents, events}). */
export function renderDownloads(filters, sorts = {}) {
  const box = $("downloads");
  if (!box.childElementCount) {
    for (const [file, label] of DOWNLOADS) {
      box.append(el("a", { class: "button secondary", "data-export": file, download: "", href: "/api/" + file }, label));
    }
  }
  for (const a of box.querySelectorAll("a[data-export]")) {
    const sort = sorts[a.dataset.export.split(".")[0]];
    a.setAttribute("href", "/api/" + a.dataset.export + queryString(sort ? { ...filters, sort } : filters));
  }
}
