/* The timeline: a true time axis (bars placed by date, empty buckets kept), drawn at the
 * box's own pixel width so labels stay readable on a phone; keyboard: ←/→ (PageUp/PageDown
 * ten, Home/End) move between buckets, Enter filters the page to the chosen one. */
import { $, clear, el, fmt, svg } from "./util.js";

const DAY = 86400000;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
// tick spacings tried in order, the first that leaves room for its labels wins
const TICKS = [["day", 1], ["week", 7], ["month", 30.4], ["quarter", 91.3], ["year", 365.25],
               ["2 years", 730.5], ["5 years", 1826], ["10 years", 3652]];

let last = null;             // {series, onPick} of the chart drawn now (redrawn on resize)
let active = -1;             // the bucket the keyboard is on

function day(s) { return Date.parse(String(s).slice(0, 10) + "T00:00:00Z"); }

function bucketLabel(item, bucket) {
  const d = new Date(day(item.bucket));
  if (bucket === "year") return String(d.getUTCFullYear());
  if (bucket === "month") return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  if (bucket === "week") return `week of ${item.bucket}`;
  return item.bucket;
}

function tickDates(t0, t1, kind) {
  const out = [];
  const d = new Date(t0);
  const y0 = d.getUTCFullYear();
  if (kind === "day" || kind === "week") {
    let t = t0;
    if (kind === "week") while (new Date(t).getUTCDay() !== 1) t += DAY;   // Mondays
    for (; t <= t1; t += (kind === "day" ? 1 : 7) * DAY) out.push(t);
  } else if (kind === "month" || kind === "quarter") {
    const stepM = kind === "month" ? 1 : 3;
    let m = d.getUTCMonth() + (d.getUTCDate() > 1 ? 1 : 0);
    m = Math.ceil(m / stepM) * stepM;
    for (let t = Date.UTC(y0, m, 1); t <= t1; m += stepM, t = Date.UTC(y0, m, 1)) out.push(t);
  } else {
    const stepY = parseInt(kind, 10) || 1;
    let y = y0 + (d.getUTCMonth() || d.getUTCDate() > 1 ? 1 : 0);
    y = Math.ceil(y / stepY) * stepY;
    for (let t = Date.UTC(y, 0, 1); t <= t1; y += stepY, t = Date.UTC(y, 0, 1)) out.push(t);
  }
  return out;
}

function tickLabel(t, kind) {
  const d = new Date(t);
  if (kind === "day" || kind === "week") return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  if (kind === "month" || kind === "quarter") {
    return d.getUTCMonth() === 0 || kind === "quarter" ? `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` : MONTHS[d.getUTCMonth()];
  }
  return String(d.getUTCFullYear());
}

/** Dates known only to the month or year that the chosen bars are too fine for: the API lists
 * them under ``apart`` ({value, precision, start, end, count, killed}), never as the 1st. */
function imprecise(series) {
  const out = [];
  for (const precision of ["month", "year"]) {
    const items = (series.apart || []).filter(x => x.precision === precision && x.count);
    const count = items.reduce((s, x) => s + x.count, 0);
    if (count) out.push({ precision, count, items });
  }
  return out;
}

function coarse(item) {
  const p = item.by_precision || {};
  return (p.month || 0) + (p.year || 0);
}

export function renderTimeline(series, onPick) {
  last = { series, onPick };
  const box = clear($("timeline"));
  const items = series.items || [];
  const bucket = series.bucket || "week";
  markBucket(series.requested || bucket);
  const notes = [];
  if (series.undated) notes.push(`${fmt(series.undated)} undated`);
  if (items.some(coarse)) notes.push("light: dated only to the month or year");
  $("timeline-note").textContent = notes.join(" · ");
  renderApart(series);
  if (!items.length) { box.append(el("p", { class: "empty" }, "No dated incidents.")); active = -1; readout(null); return; }
  const width = Math.max(280, Math.round(box.clientWidth || 560));
  const narrow = width < 480;
  const height = narrow ? 200 : 260, left = 34, right = 8, bottom = 26, top = 10;
  const plotW = width - left - right;
  const t0 = day(items[0].bucket);
  const t1 = day(items[items.length - 1].until || items[items.length - 1].bucket) + DAY;
  const x = t => left + ((t - t0) / Math.max(DAY, t1 - t0)) * plotW;
  const max = Math.max(1, ...items.map(i => i.count));
  const y = v => height - bottom - (v / max) * (height - bottom - top);
  const chart = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "chart",
                             "data-bucket": bucket, "data-from": items[0].bucket,
                             "data-to": items[items.length - 1].until || items[items.length - 1].bucket });
  for (const tick of [...new Set([0, Math.ceil(max / 2), max])]) {
    chart.append(svg("line", { x1: left, x2: width - right, y1: y(tick), y2: y(tick), class: "grid" }),
                 svg("text", { x: left - 6, y: y(tick) + 4, class: "axis", "text-anchor": "end" }, String(tick)));
  }
  // ticks: the finest spacing whose labels keep ~64 px apart
  const spanDays = (t1 - t0) / DAY;
  const [kind] = TICKS.find(([, d]) => (spanDays / d) * (narrow ? 70 : 64) <= plotW) || TICKS[TICKS.length - 1];
  for (const t of tickDates(t0, t1, kind)) {
    const tx = x(t);
    // labels at the edges are anchored inside the chart, never cut off
    const anchor = tx > width - right - 26 ? "end" : tx < left + 20 ? "start" : "middle";
    chart.append(svg("line", { x1: tx, x2: tx, y1: height - bottom, y2: height - bottom + 4, class: "tick" }),
                 svg("text", { x: tx, y: height - 8, class: "axis", "text-anchor": anchor }, tickLabel(t, kind)));
  }
  items.forEach((item, i) => {
    const bx = x(day(item.bucket));
    const slotW = Math.max(1, x(day(item.until || item.bucket) + DAY) - bx);
    // a few buckets: bars no wider than 48 px, centred in their period (the axis stays true)
    const bw = Math.min(slotW, 48);
    const bxBar = bx + (slotW - bw) / 2;
    const gap = bw > 4 ? 1 : 0;
    const title = describe(item, bucket);
    const g = svg("g", { class: "slot", "data-index": i });
    g.append(svg("rect", { x: bx, y: top, width: slotW, height: height - bottom - top, class: "hit" }),
             svg("rect", { x: bxBar + gap / 2, y: y(item.count), width: Math.max(0.5, bw - gap),
                           height: Math.max(0, y(0) - y(item.count)), class: "bar",
                           "data-bucket": item.bucket, "data-until": item.until || item.bucket, "data-count": item.count,
                           "data-coarse": coarse(item) }),
             coarse(item) ? svg("rect", { x: bxBar + gap / 2, y: y(item.count), width: Math.max(0.5, bw - gap),
                                          height: Math.max(0, y(0) - y(coarse(item))), class: "bar-coarse" }) : null,
             svg("title", {}, title));
    g.addEventListener("click", () => onPick(item));
    g.addEventListener("mouseenter", () => readout(item, bucket));
    chart.append(g);
  });
  chart.append(svg("line", { x1: left, x2: width - right, y1: y(0), y2: y(0), class: "baseline" }));
  box.append(chart);
  if (active >= items.length) active = items.length - 1;
  if (active >= 0) highlight(active); else readout(null);
}

function renderApart(series) {
  const box = clear($("timeline-apart"));
  for (const group of imprecise(series)) {
    const label = group.precision === "month" ? "dated only to the month" : "dated only to the year";
    const parts = group.items.slice(0, 12).map(x => {
      const key = String(x.value || x.start || "");
      const shown = group.precision === "month" && key.length >= 7 ? `${MONTHS[Number(key.slice(5, 7)) - 1]} ${key.slice(0, 4)}` : key.slice(0, 4);
      return `${shown} (${fmt(x.count)})`;
    });
    box.append(el("div", { class: "apart", "data-precision": group.precision },
      el("b", {}, `${fmt(group.count)} ${label}`), " (not drawn as the 1st): ", parts.join(", "),
      group.items.length > parts.length ? " …" : ""));
  }
  box.hidden = !box.childElementCount;
}

function describe(item, bucket) {
  const n = coarse(item);
  return `${bucketLabel(item, bucket)}: ${fmt(item.count)} incident${item.count === 1 ? "" : "s"}` +
         (item.killed ? `, ${fmt(item.killed)} killed` : "") +
         (n ? ` (${fmt(n)} dated only to the ${item.by_precision.year ? "year" : "month"})` : "");
}

function readout(item, bucket) {
  const box = $("timeline-readout");
  if (!item) { box.textContent = "Click a bar, or focus the chart and use ← → and Enter, to filter to a period."; return; }
  box.textContent = describe(item, bucket || (last && last.series.bucket));
}

function highlight(i) {
  const items = (last && last.series.items) || [];
  if (!items.length) return;
  active = Math.max(0, Math.min(items.length - 1, i));
  document.querySelectorAll("#timeline .slot.active").forEach(s => s.classList.remove("active"));
  const slot = document.querySelector(`#timeline .slot[data-index="${active}"]`);
  if (slot) slot.classList.add("active");
  $("timeline").setAttribute("aria-activedescendant", "");
  readout(items[active]);
}

export function wireTimeline() {
  const box = $("timeline");
  box.addEventListener("keydown", ev => {
    if (!last) return;
    const n = (last.series.items || []).length;
    if (!n) return;
    const moves = { ArrowRight: 1, ArrowLeft: -1, PageDown: 10, PageUp: -10 };
    if (ev.key in moves) highlight((active < 0 ? (moves[ev.key] > 0 ? -1 : n) : active) + moves[ev.key]);
    else if (ev.key === "Home") highlight(0);
    else if (ev.key === "End") highlight(n - 1);
    else if ((ev.key === "Enter" || ev.key === " ") && active >= 0) last.onPick(last.series.items[active]);
    else return;
    ev.preventDefault();
  });
  box.addEventListener("focus", () => { if (active < 0 && last && (last.series.items || []).length) highlight(0); });
  let timer = null;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { if (last && !$("view-events").hidden) renderTimeline(last.series, last.onPick); }, 150);
  });
}

export function clearTimeline() {
  last = null;
  active = -1;
  clear($("timeline"));
  clear($("timeline-apart")).hidden = true;
  $("timeline-note").textContent = "";
  $("timeline-readout").textContent = "";
}

/** The bucket button of the choice in the URL is the one lit (and pressed, for screen readers). */
export function markBucket(requested) {
  document.querySelectorAll("#bucket-toggle button").forEach(b => {
    b.classList.toggle("on", b.dataset.bucket === requested);
    b.setAttribute("aria-pressed", b.dataset.bucket === requested ? "true" : "false");
  });
}

/** The timeline's own error (a bucket too fine for the range): said in its box, the rest stays. */
export function timelineError(error, requested) {
  clearTimeline();
  if (requested) markBucket(requested);
  $("timeline").append(el("p", { class: "error", role: "alert" }, error.message || String(error)));
}
