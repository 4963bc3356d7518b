"""Downloads of the view the page shows: ``/api/incidents.csv`` and friends, streamed.

The rows come from ``eventwire.export``'s own writers (the ones ``eventwire export``
uses), fed the same filters and order as ``/api/incidents`` (``/api/events``), so a
download holds exactly the ``total`` rows the JSON endpoint reports. The writer runs
in a thread that hands the text over in chunks through a small queue: memory stays
one page of incidents and a few chunks, however large the view, and a client that
goes away stops the writer.

- ``.csv``: ACLED-style columns and eventwire's additions (what ``eventwire export acled`` writes);
- ``.acled.csv``: the same rows, ACLED's own columns only;
- ``.geojson``: one Point feature per located row (GeoJSON cannot place the others).

Events go through the same writers as one-source incidents; their CSV rows keep the
event's own id in ``eventwire_event_id`` and its incident in ``eventwire_incident_id``.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import queue
import threading
from typing import Any, Callable, Iterator, Optional

from ..export import acled, geojson
from ..export.common import formula_risk

log = logging.getLogger("eventwire.serve")

# format → (media type, path suffix)
FORMATS = {"csv": ("text/csv; charset=utf-8", ".csv"),
           "acled": ("text/csv; charset=utf-8", ".acled.csv"),
           "geojson": ("application/geo+json", ".geojson")}
SUMMARY = {"csv": "The {kind} of the current filter as CSV (ACLED-style columns and eventwire's)",
           "acled": "The {kind} of the current filter as CSV with ACLED's own columns only",
           "geojson": "The located {kind} of the current filter as GeoJSON"}
DESCRIPTION = {
    "incidents": "Takes exactly the filters and `sort` of `/api/incidents`, without paging: every "
                 "row of the view (the CSV has `total` rows). gzip-compressed when the client accepts it.",
    "events": "Takes exactly the filters and `sort` of `/api/events`, without paging: every "
              "row of the view (the CSV has `total` rows). gzip-compressed when the client accepts it."}
GEOJSON_SCHEMA = {   # what the published schema promises of a .geojson answer
    "type": "object", "required": ["type", "features"],
    "properties": {"type": {"const": "FeatureCollection"},
                   "features": {"type": "array", "items": {
                       "type": "object", "required": ["type", "geometry", "properties"],
                       "properties": {"type": {"const": "Feature"},
                                      "geometry": {"type": "object", "required": ["type", "coordinates"],
                                                   "properties": {"type": {"const": "Point"},
                                                                  "coordinates": {"type": "array",
                                                                                  "items": {"type": "number"},
                                                                                  "minItems": 2,
                                                                                  "maxItems": 2}}},
                                      "properties": {"type": "object"}}}}}}
CHUNK = 64 * 1024          # characters per chunk handed to the client
QUEUE_CHUNKS = 8           # chunks waiting at most (bounded memory)
EVENT_ID_COLUMN = "eventwire_event_id"


def acled_columns() -> list[str]:
    """ACLED's own columns: the writer's, up to ACLED's last one (``timestamp``)."""
    own = getattr(acled, "ACLED_COLUMNS", None)
    if own:
        return list(own)
    cols = list(acled.COLUMNS)
    return cols[:cols.index("timestamp") + 1] if "timestamp" in cols else cols


class _Stopped(Exception):
    """The client went away: the writer stops."""


class _Sink:
    """A text file for a writer: collects what it writes, hands CHUNK-sized pieces to a queue.

    ``transform`` sees each ``write`` call (the csv and GeoJSON writers write one record per
    call) and returns the text to send."""

    def __init__(self, q: "queue.Queue", stop: threading.Event,
                 transform: Optional[Callable[[str], str]] = None) -> None:
        self.q, self.stop, self.transform = q, stop, transform
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> int:
        if self.stop.is_set():
            raise _Stopped()
        out = self.transform(text) if self.transform else text
        self.parts.append(out)
        self.size += len(out)
        if self.size >= CHUNK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if not self.parts:
            return
        data = "".join(self.parts).encode("utf-8")
        self.parts, self.size = [], 0
        while True:
            if self.stop.is_set():
                raise _Stopped()
            try:
                self.q.put(data, timeout=0.5)
                return
            except queue.Full:
                continue


_DONE = object()


def _run(write: Callable[[Any], Any], transform=None) -> Iterator[bytes]:
    q: queue.Queue = queue.Queue(maxsize=QUEUE_CHUNKS)
    stop = threading.Event()
    sink = _Sink(q, stop, transform)
    failed: list[BaseException] = []

    def work():
        try:
            write(sink)
            sink.flush()
        except _Stopped:
            return
        except BaseException as e:          # reported below, after what was written
            failed.append(e)
            log.exception("export failed")
        finally:
            while True:
                try:
                    q.put(_DONE, timeout=0.5)
                    return
                except queue.Full:
                    if stop.is_set():
                        return

    thread = threading.Thread(target=work, name="eventwire-export", daemon=True)
    thread.start()
    try:
        while True:
            item = q.get()
            if item is _DONE:
                break
            yield item
        if failed:      # the status line is gone: end the body visibly short of its end
            raise RuntimeError(f"export stopped: {failed[0]}")
    finally:
        stop.set()
        thread.join(timeout=5)


# ------------------------------------------------------------------ events as one-source incidents

class EventsAsIncidents:
    """What the export writers need of a store (``incidents``, ``events``), over events."""

    def __init__(self, store) -> None:
        self.store = store
        self.incident_of: dict[str, Optional[int]] = {}

    def incidents(self, *, limit: int, offset: int, **filters) -> list[dict]:
        rows = self.store.events(limit=limit, offset=offset, **filters)
        out = []
        for r in rows:
            self.incident_of[r["id"]] = r.get("incident_id")
            out.append({**r, "n_sources": 1, "sources": [{
                "article_id": r["article_id"], "source": r.get("source"), "url": r.get("url"),
                "published": r.get("published"), "title": r.get("article_title"),
                "killed_best": r.get("killed_best"), "injured_best": r.get("injured_best")}]})
        return out

    def events(self, **filters) -> list[dict]:
        return self.store.events(**filters)


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _csv_cell(text: str) -> str:
    """A cell the export writer already wrote, written again as it wrote it: a formula it
    escaped (``'=…``) stays quoted (OWASP), others are quoted only when they must be."""
    escaped = text[:1] == "'" and formula_risk(text[1:])
    if escaped or any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_line(row: list[str]) -> str:
    cells = [_csv_cell(c) for c in row]
    return ",".join(cells if cells != [""] else ['""']) + "\r\n"


class _Columns:
    """Rewrites the ACLED writer's rows: keeps some columns, and for events puts the
    incident in ``eventwire_incident_id`` and the event in ``eventwire_event_id``."""

    def __init__(self, keep: Optional[list[str]], events: Optional[EventsAsIncidents]) -> None:
        self.keep, self.events = keep, events
        self.header: Optional[list[str]] = None

    def __call__(self, text: str) -> str:
        out = []
        for row in _csv_rows(text):
            if self.header is None:
                self.header = row
                names = list(row) if self.keep is None else [c for c in self.keep if c in row]
                if self.events is not None and self.keep is None:
                    names.append(EVENT_ID_COLUMN)
                self.names = names
                out.append(_csv_line(names))
                continue
            cells = dict(zip(self.header, row))
            if self.events is not None:
                event_id = cells.get("eventwire_incident_id", "")
                incident = self.events.incident_of.get(event_id)
                cells["eventwire_incident_id"] = "" if incident is None else str(incident)
                cells[EVENT_ID_COLUMN] = event_id
            out.append(_csv_line([cells.get(c, "") for c in self.names]))
        return "".join(out)


class _Features:
    """For events: each GeoJSON feature also names the event's incident."""

    def __init__(self, events: EventsAsIncidents) -> None:
        self.events = events

    def __call__(self, text: str) -> str:
        body = text.lstrip(",\n")
        if not body.startswith('{"type": "Feature"') and not body.startswith('{"type":"Feature"'):
            return text
        feature = json.loads(body)
        feature["properties"]["incident_id"] = self.events.incident_of.get(str(feature["id"]))
        feature["properties"]["event_id"] = feature["id"]
        return text[:len(text) - len(body)] + json.dumps(feature, ensure_ascii=False, default=str)


def stream(store, kind: str, fmt: str, **filters) -> Iterator[bytes]:
    """The export of ``kind`` ("incidents" or "events") in ``fmt`` as a stream of UTF-8 chunks."""
    source = store if kind == "incidents" else EventsAsIncidents(store)
    events = source if kind == "events" else None
    if fmt == "geojson":
        transform = _Features(events) if events is not None else None
        return _run(lambda out: geojson.write(source, out, **filters), transform)
    keep = acled_columns() if fmt == "acled" else None
    transform = _Columns(keep, events) if (keep is not None or events is not None) else None
    return _run(lambda out: acled.write(source, out, **filters), transform)
