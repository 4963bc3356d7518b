"""The HTTP API and the web page: ``create_app(db_url)`` → a FastAPI app.

    from eventwire.serve import create_app
    app = create_app("eventwire.db")            # read-only; uvicorn.run(app, host="127.0.0.1")

Read-only by default (the store is opened read-only; the one write route,
``POST /api/articles``, answers 403 unless ``read_only=False``). Every response
carries a strict Content-Security-Policy: the page's code lives in static files,
and article text only ever reaches the page as text nodes. Front-end libraries
(Leaflet, topojson-client, world-atlas) are served from the npm install
(``node_modules/``, made by ``make setup``) under ``/vendor/``; nothing is fetched
from a CDN, and the map needs no tile server.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Annotated, Any, Optional
from urllib.parse import urlsplit

from fastapi import Body, Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..errors import Errors, EventwireError, InputError, StoreError, UsageError
from ..model import EVENT_TYPES
from ..store.store import Store
from . import queries
from .params import MAX_LIMIT, MAX_TEXT, BadParameter, check_text, event_filters, paging
from .records import (actor_record, event_record, evidence_spans, incident_record,
                      quote_record)

log = logging.getLogger("eventwire.serve")

STATIC_DIR = Path(__file__).parent / "static"
# npm package → the folder of it the page may load (nothing else under node_modules is served)
VENDOR = {"leaflet": "dist", "leaflet.markercluster": "dist", "topojson-client": "dist", "world-atlas": ""}
MAX_POST_CHARS = 2_000_000


def node_modules_dir() -> Path:
    """Where ``npm ci`` put the front-end packages: $EVENTWIRE_NODE_MODULES, the repo root, or cwd."""
    env = os.environ.get("EVENTWIRE_NODE_MODULES")
    if env:
        return Path(env)
    repo_root = Path(__file__).resolve().parents[3]
    for candidate in (repo_root / "node_modules", Path.cwd() / "node_modules"):
        if (candidate / "leaflet").is_dir():
            return candidate
    return repo_root / "node_modules"


def content_security_policy(tiles: Optional[str] = None) -> str:
    img = "'self' data:"
    if tiles:
        # the tile host may only add images; "{s}" subdomains become a CSP wildcard
        parts = urlsplit(tiles)
        if parts.scheme in ("http", "https") and parts.netloc:
            img += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return ("default-src 'none'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; connect-src 'self'; font-src 'self'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


# module level: FastAPI resolves these annotations by name in this module
Filters = Annotated[dict, Depends(event_filters)]
Paging = Annotated[dict, Depends(paging)]


def _paged(items: list, total: Optional[int], limit: int, offset: int, has_more: bool) -> dict:
    return {"total": total, "limit": limit, "offset": offset, "has_more": has_more, "items": items}


def create_app(db_url: "Optional[str] | Store", *, read_only: bool = True, tiles: Optional[str] = None,
               allowed_hosts: Optional[list[str]] = None) -> FastAPI:
    """The API and page over the store at ``db_url`` (or over an open ``Store``, as is).

    ``tiles``: an optional tile URL template (``https://{s}.tile.example/{z}/{x}/{y}.png``);
    without one the map draws a world outline and needs no network.
    ``allowed_hosts``: Host headers to answer (guards a localhost server against DNS rebinding).
    """
    if isinstance(db_url, Store):
        store = db_url
        read_only = store.readonly
    else:
        store = Store(db_url, readonly=read_only)
    app = FastAPI(title="eventwire", version="1.0",
                  description="Events of political violence read from news reports, with the "
                              "evidence (character spans) for every value.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.store = store
    app.state.read_only = read_only
    csp = content_security_policy(tiles)

    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        h = response.headers
        h["Content-Security-Policy"] = csp
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "no-referrer"
        h["Cross-Origin-Opener-Policy"] = "same-origin"
        h["Cross-Origin-Resource-Policy"] = "same-origin"
        h["Permissions-Policy"] = "geolocation=(), camera=(), microphone=()"
        if request.url.path.startswith("/api/"):
            h["Cache-Control"] = "no-store"
        return response

    # ------------------------------------------------------------------ errors
    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter):
        return JSONResponse({"error": str(exc), "parameter": exc.name}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        errors = exc.errors()
        first = errors[0] if errors else {}
        name = str((first.get("loc") or ("", "request"))[-1])
        value = first.get("input")
        message = Errors.E201.format(value="" if value is None else value, what=name,
                                     hint=str(first.get("msg", "invalid value")).lower())
        return JSONResponse({"error": message, "parameter": name,
                             "detail": [{"loc": list(e.get("loc", ())), "msg": e.get("msg")}
                                        for e in errors]}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(EventwireError)
    async def library_error(request: Request, exc: EventwireError):
        status = 422 if isinstance(exc, (UsageError, InputError)) else 503 if isinstance(exc, StoreError) else 500
        return JSONResponse({"error": str(exc)}, status_code=status)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse({"error": "internal error; see the server log"}, status_code=500)

    # ------------------------------------------------------------------ page + files
    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    modules = node_modules_dir()
    missing = [p for p in VENDOR if not (modules / p).is_dir()]
    if missing:
        log.warning("front-end packages missing under %s (%s): run `make setup` (npm ci); "
                    "the map will not draw", modules, ", ".join(missing))
    for package, sub in VENDOR.items():
        app.mount(f"/vendor/{package}", StaticFiles(directory=modules / package / sub, check_dir=False),
                  name=f"vendor-{package}")

    # ------------------------------------------------------------------ API

    @app.get("/api/config", tags=["meta"], summary="Settings the page needs")
    def config() -> dict[str, Any]:
        return {"read_only": read_only, "tiles": tiles, "max_limit": MAX_LIMIT,
                "event_types": list(EVENT_TYPES)}

    @app.get("/api/stats", tags=["meta"], summary="Counts of everything in the store")
    def stats() -> dict[str, Any]:
        out = store.stats()
        out["event_types"] = list(EVENT_TYPES)
        return out

    @app.get("/api/events", tags=["events"], summary="Events (one per article's report), filtered and paged")
    def events(filters: Filters, page: Paging) -> dict[str, Any]:
        rows = store.events(**filters, **page)
        extracted = queries.extracted_events(store, rows)
        items = [event_record(r, extracted.get(r["id"])) for r in rows]
        total = store.count_events(**filters)
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    @app.get("/api/incidents", tags=["events"], summary="Incidents: events fused across articles")
    def incidents(filters: Filters, page: Paging) -> dict[str, Any]:
        items = [incident_record(r) for r in store.incidents(**filters, **page)]
        total = store.count_incidents(**filters)
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    @app.get("/api/incidents/{incident_id}", tags=["events"], summary="One incident with its sources")
    def incident(incident_id: Annotated[int, PathParam(ge=0, le=2**62)]) -> dict[str, Any]:
        row = store.incident(incident_id)
        if row is None:
            return JSONResponse({"error": f"no incident {incident_id}"}, status_code=404)
        rec = incident_record(row)
        event_rows = store.events(incident=incident_id, limit=MAX_LIMIT)
        extracted = queries.extracted_events(store, event_rows)
        rec["events"] = [event_record(r, extracted.get(r["id"])) for r in event_rows]
        return rec

    @app.get("/api/timeline", tags=["events"], summary="Dated incidents per day, week or month")
    def timeline(filters: Filters,
                 bucket: Annotated[str, Query(pattern="^(day|week|month)$",
                                              description="day, week (from Monday) or month")] = "week"
                 ) -> dict[str, Any]:
        return queries.timeline(store, bucket=bucket, **filters)

    @app.get("/api/actors", tags=["actors"], summary="Actors (people and organizations), by name or alias")
    def actors(page: Paging,
               q: Annotated[Optional[str], Query(description="part of a name or alias")] = None) -> dict[str, Any]:
        q = check_text("q", q)
        items = [actor_record(r) for r in store.actors(q=q, **page)]
        total = store.count_actors(q=q)
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    @app.get("/api/actors/{name:path}", tags=["actors"], summary="An actor's dossier: aliases, ties, events, quotes")
    def actor(name: Annotated[str, PathParam(min_length=1, max_length=MAX_TEXT)]) -> dict[str, Any]:
        d = store.actor(check_text("name", name) or "")
        if d is None:
            return JSONResponse({"error": f"no actor called {name!r}; search /api/actors?q=…"},
                                status_code=404)
        rec = actor_record(d)
        rec["aliases"] = d.get("aliases") or []
        rec["attributes"] = d.get("attributes") or {}
        rec["ties"] = d.get("ties") or []
        by_event: dict[str, dict] = {}
        for row in d.get("events") or []:
            by_event.setdefault(row["id"], {"row": row, "roles": []})["roles"].append(row["role"])
        rows = [x["row"] for x in by_event.values()]
        extracted = queries.extracted_events(store, rows)
        titles = queries.article_titles(store, (r["article_id"] for r in rows))
        rec["events"] = []
        for x in by_event.values():
            row = dict(x["row"])
            row.setdefault("event_id", row["id"].split(":", 1)[-1])
            art = titles.get(row["article_id"], {})
            row.update(article_title=art.get("title"), source=art.get("source"),
                       published=art.get("published"))
            ev = event_record(row, extracted.get(row["id"]))
            ev["roles"] = x["roles"]
            rec["events"].append(ev)
        rec["quotes"] = [quote_record(q) for q in d.get("quotes") or []]
        rec["incidents"] = d.get("incidents") or []
        return rec

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes, optionally by one speaker")
    def quotes(page: Paging,
               speaker: Annotated[Optional[str], Query(description="speaker name or alias")] = None
               ) -> dict[str, Any]:
        speaker = check_text("speaker", speaker)
        items = [quote_record(r) for r in store.quotes(speaker=speaker, **page)]
        total = store.count_quotes(speaker=speaker)
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    @app.get("/api/articles", tags=["articles"], summary="Articles, newest first")
    def articles(page: Paging) -> dict[str, Any]:
        items = [{"id": r["id"], "title": r["title"], "published": r["published"],
                  "source": r["source"], "url": r["url"], "events": r.get("n_events"),
                  "quotes": r.get("n_quotes")} for r in store.articles(**page)]
        total = store.count_articles()
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    @app.get("/api/articles/{article_id}", tags=["articles"],
             summary="One article: its text, what was extracted, and the span of every value")
    def article(article_id: Annotated[str, PathParam(pattern="^[0-9A-Za-z_.:-]{1,64}$")]) -> dict[str, Any]:
        row = store.article(article_id)
        if row is None:
            return JSONResponse({"error": f"no article {article_id!r}"}, status_code=404)
        extraction = row.get("extraction") or {}
        text = row["text"]
        return {
            "article": {k: row.get(k) for k in ("id", "title", "published", "source", "url",
                                                 "language", "origin", "ingested_at")} | {"text": text},
            "spans": evidence_spans(extraction, len(text)),
            "events": extraction.get("events") or [],
            "quotes": extraction.get("quotes") or [],
            "relations": extraction.get("relations") or [],
            "entities": [{k: e.get(k) for k in ("id", "name", "type", "aliases")}
                         for e in extraction.get("entities") or []],
            "incidents": row.get("incidents") or [],
        }

    @app.post("/api/articles", tags=["articles"], status_code=201,
              summary="Read one article and store what it says (only when started with --writable)")
    def add_article(
        text: Annotated[str, Body(min_length=1, max_length=MAX_POST_CHARS)],
        title: Annotated[Optional[str], Body(max_length=1000)] = None,
        published: Annotated[Optional[str], Body(max_length=40)] = None,
        source: Annotated[Optional[str], Body(max_length=1000)] = None,
        url: Annotated[Optional[str], Body(max_length=2000)] = None,
    ) -> dict[str, Any]:
        if read_only:
            return JSONResponse({"error": "this server is read-only; start it with "
                                          "`eventwire serve --writable` to add articles"},
                                status_code=403)
        from ..pipeline import extract_text     # loads spaCy: only a writable server needs it
        ex = extract_text(text, published=published, title=title, source=source, url=url)
        stored = store.add_extraction(ex)
        if stored:
            store.fuse()
        return {"id": ex.article.id, "stored": stored, "events": len(ex.events),
                "quotes": len(ex.quotes)}

    return app
