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
import time
from pathlib import Path
from typing import Annotated, Any, Optional
from urllib.parse import urlsplit

from fastapi import Body, Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import select, union
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..errors import Errors, EventwireError, InputError, StoreError, UsageError
from ..extract.coding.taxonomy import acled_vocabulary
from ..model import EVENT_TYPES
from ..store import read
from ..store import schema as S
from ..store.store import Store
from . import exports, queries
from . import records as R
from .params import (BUCKETS, MAX_LIMIT, MAX_TEXT, BadParameter, actor_type_filters, check_text,
                     event_filters, paging, printable, resolve_countries, schema_rules, sorting)
from .records import (actor_record, event_record, evidence_spans, incident_record,
                      quote_record)

log = logging.getLogger("eventwire.serve")

STATIC_DIR = Path(__file__).parent / "static"
# npm package → the folder of it the page may load (nothing else under node_modules is served)
VENDOR = {"leaflet": "dist", "leaflet.markercluster": "dist", "topojson-client": "dist", "world-atlas": ""}
MAX_POST_CHARS = 2_000_000
MAX_BODY_BYTES = 8 * 1024 * 1024     # a request body over this is refused with 413 before it is read
COUNTRY_CACHE_S = 60.0               # how long the store's own country names are remembered


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
Sort = Annotated[str, Depends(sorting)]


class BodyLimit:
    """Refuse a request body over ``limit`` bytes with 413 (by its Content-Length, or while it
    streams in), before the app reads it; the answer never repeats the body."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers") or ():
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    return await self._refuse(send)
        seen = 0
        too_big = refused = False

        async def limited_receive():
            # past the limit the app is told the body ended; its answer is replaced by the 413
            nonlocal seen, too_big
            if too_big:
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    too_big = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def watched_send(message):
            nonlocal refused
            if not too_big:
                return await send(message)
            if not refused:
                refused = True
                await self._refuse(send)

        await self.app(scope, limited_receive, watched_send)

    async def _refuse(self, send) -> None:
        mb = self.limit // (1024 * 1024)
        body = JSONResponse({"error": Errors.E210.format(limit=mb, chars=MAX_POST_CHARS)}).body
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _error_responses(*codes: int) -> dict:
    """The documented error answers: every error body is ``{"error": "<one line>", …}``."""
    text = {400: "The body is not JSON", 403: "This server is read-only", 404: "Not found",
            413: "The request body is too large", 422: "A parameter or the body is not valid",
            503: "The database cannot be read"}
    return {c: {"model": R.ErrorBody, "description": text[c]} for c in codes}


ERR = _error_responses(422, 503)
ERR_404 = _error_responses(404, 422, 503)


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
                              "evidence (character spans) for every value. Every error answer is "
                              "`{\"error\": \"<one line>\"}` (and `parameter` for a bad parameter); "
                              "request bodies over 8 MB are refused with 413.",
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json")
    app.state.store = store
    app.state.read_only = read_only
    csp = content_security_policy(tiles)

    # middleware: the last added runs first (body limit, then gzip, then the rest)
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

    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)

    # ------------------------------------------------------------------ errors
    @app.exception_handler(BadParameter)
    async def bad_parameter(request: Request, exc: BadParameter):
        return JSONResponse({"error": str(exc), "parameter": exc.name}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        # never repeat what the client sent beyond a few characters (a 200 MB body stays there)
        errors = exc.errors()
        first = errors[0] if errors else {}
        name = str((first.get("loc") or ("", "request"))[-1])
        value = first.get("input")
        if isinstance(value, (dict, list)):
            value = type(value).__name__
        message = Errors.E201.format(value=_clip(value), what=name,
                                     hint=_clip(str(first.get("msg", "invalid value")).lower(), 200))
        return JSONResponse({"error": message, "parameter": name,
                             "detail": [{"loc": [str(x) for x in e.get("loc", ())],
                                         "msg": _clip(e.get("msg"), 200)} for e in errors[:20]]},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:     # every method of the path (GET and POST routes are apart)
            headers["Allow"] = ", ".join(_allowed_methods(app, request.scope))
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=headers or None)

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

    # ------------------------------------------------------------------ filters
    known_countries: dict[str, Any] = {"at": -1e9, "keys": {}}

    def store_countries() -> dict[str, str]:
        """Lower-cased country names/codes the store holds → code (names the ISO table lacks)."""
        if time.monotonic() - known_countries["at"] > COUNTRY_CACHE_S:
            keys: dict[str, str] = {}
            with store.engine.connect() as conn:
                stmt = union(*[select(t.c.country, t.c.country_code).where(t.c.country_code.is_not(None))
                               .distinct() for t in (S.incidents, S.events)])
                for name, code in conn.execute(stmt):
                    keys.setdefault(code.lower(), code)
                    if name:
                        keys.setdefault(name.lower(), code)
            known_countries.update(at=time.monotonic(), keys=keys)
        return known_countries["keys"]

    def resolved(filters: dict) -> dict:
        """Country names become codes (and the names themselves, for rows without a code)."""
        if filters.get("country"):
            got = resolve_countries(filters["country"], store_countries())
            filters = {**filters, "country": got["codes"] + got["names"]}
        return filters

    # ------------------------------------------------------------------ API

    @app.get("/api/config", tags=["meta"], summary="Settings the page needs", response_model=None,
             responses={200: {"model": R.Config}, **_error_responses(503)})
    def config() -> dict[str, Any]:
        return {"read_only": read_only, "tiles": tiles, "max_limit": MAX_LIMIT,
                "event_types": list(EVENT_TYPES), **acled_vocabulary()}

    @app.get("/api/stats", tags=["meta"], summary="Counts of everything in the store", response_model=None,
             responses={200: {"model": R.Stats}, **_error_responses(503)})
    def stats() -> dict[str, Any]:
        out = store.stats()
        out["event_types"] = list(EVENT_TYPES)
        return out

    @app.get("/api/events", tags=["events"], summary="Events (one per article's report), filtered, sorted and paged",
             response_model=None, responses={200: {"model": R.EventPage}, **ERR})
    def events(filters: Filters, page: Paging, sort: Sort) -> dict[str, Any]:
        filters = resolved(filters)
        rows = store.events(**filters, **page, sort=sort)
        extracted = queries.extracted_events(store, rows)
        items = [event_record(r, extracted.get(r["id"])) for r in rows]
        total = store.count_events(**filters)
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    @app.get("/api/incidents", tags=["events"], summary="Incidents: events fused across articles",
             response_model=None, responses={200: {"model": R.IncidentPage}, **ERR})
    def incidents(filters: Filters, page: Paging, sort: Sort) -> dict[str, Any]:
        filters = resolved(filters)
        items = [incident_record(r) for r in store.incidents(**filters, **page, sort=sort)]
        total = store.count_incidents(**filters)
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    # exports of the current view: the filters and order of /api/incidents (/api/events), no paging
    for kind in ("incidents", "events"):
        for fmt, (media, suffix) in exports.FORMATS.items():
            _export_route(app, store, kind, fmt, media, suffix, resolved)

    @app.get("/api/incidents/{incident_id}", tags=["events"], summary="One incident with its sources",
             response_model=None, responses={200: {"model": R.IncidentDetail}, **ERR_404})
    def incident(incident_id: Annotated[int, PathParam(ge=0, le=2**62)]) -> dict[str, Any]:
        row = store.incident(incident_id)
        if row is None:
            return JSONResponse({"error": f"no incident {incident_id}"}, status_code=404)
        rec = incident_record(row)
        event_rows = store.events(incident=incident_id, limit=MAX_LIMIT)
        extracted = queries.extracted_events(store, event_rows)
        rec["events"] = [event_record(r, extracted.get(r["id"])) for r in event_rows]
        if rec["location"] is not None:
            rec["location"]["evidence"] = R.place_evidence(rec["events"])
        return rec

    @app.get("/api/timeline", tags=["events"], summary="Dated incidents per day, week, month or year",
             response_model=None, responses={200: {"model": R.Timeline}, **ERR})
    def timeline(filters: Filters,
                 bucket: Annotated[str, Query(description="auto (the finest of day/week/month/year with "
                                                          "at most 400 bars), day, week (from Monday), "
                                                          "month or year")] = "auto"
                 ) -> dict[str, Any]:
        bucket = bucket or "auto"
        if bucket not in BUCKETS:
            raise BadParameter("bucket", bucket, "use one of " + ", ".join(BUCKETS))
        return queries.timeline(store, bucket=bucket, **resolved(filters))

    @app.get("/api/actors", tags=["actors"], summary="Actors (people and organizations), by name or alias",
             response_model=None, responses={200: {"model": R.ActorPage}, **ERR})
    def actors(page: Paging, typed: Annotated[dict, Depends(actor_type_filters)],
               q: Annotated[Optional[str], Query(description="part of a name or alias")] = None) -> dict[str, Any]:
        q = check_text("q", q)
        items = [actor_record(r) for r in store.actors(q=q, **typed, **page)]
        total = store.count_actors(q=q, **typed)
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    @app.get("/api/actors/{name:path}", tags=["actors"],
             summary="An actor's dossier: aliases, ties, events (paged), quotes",
             response_model=None, responses={200: {"model": R.Dossier}, **ERR_404})
    def actor(name: Annotated[str, PathParam(min_length=1, max_length=MAX_TEXT)], page: Paging) -> dict[str, Any]:
        d = store.read(read.actor, check_text("name", name) or "", **page)
        if d is None:
            return JSONResponse({"error": f"no actor called {name!r}; search /api/actors?q=…"},
                                status_code=404)
        rec = actor_record(d)
        rec["aliases"] = d.get("aliases") or []
        rec["attributes"] = d.get("attributes") or {}
        rec["ties"] = d.get("ties") or []
        rows = d.get("events") or []
        extracted = queries.extracted_events(store, rows)
        titles = queries.article_titles(store, (r["article_id"] for r in rows))
        rec["events"] = []
        for x in rows:
            row = dict(x)
            row.setdefault("event_id", row["id"].split(":", 1)[-1])
            art = titles.get(row["article_id"], {})
            row.update(article_title=art.get("title"), source=art.get("source"),
                       published=art.get("published"))
            ev = event_record(row, extracted.get(row["id"]))
            ev["roles"] = x["roles"]
            rec["events"].append(ev)
        rec["events_total"] = d["events_total"]
        rec["events_limit"], rec["events_offset"] = page["limit"], page["offset"]
        rec["quotes"] = [quote_record(q) for q in d.get("quotes") or []]
        rec["quotes_total"] = d.get("quotes_total")
        rec["incidents"] = d.get("incidents") or []
        return rec

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes, optionally by one speaker",
             response_model=None, responses={200: {"model": R.QuotePage}, **ERR})
    def quotes(page: Paging,
               speaker: Annotated[Optional[str], Query(description="speaker name or alias")] = None
               ) -> dict[str, Any]:
        speaker = check_text("speaker", speaker)
        items = [quote_record(r) for r in store.quotes(speaker=speaker, **page)]
        total = store.count_quotes(speaker=speaker)
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    @app.get("/api/articles", tags=["articles"], summary="Articles, newest first",
             response_model=None, responses={200: {"model": R.ArticlePage}, **ERR})
    def articles(page: Paging) -> dict[str, Any]:
        items = [{"id": r["id"], "title": r["title"], "published": r["published"],
                  "source": r["source"], "url": r["url"], "events": r.get("n_events"),
                  "quotes": r.get("n_quotes")} for r in store.articles(**page)]
        total = store.count_articles()
        return _paged(items, total, page["limit"], page["offset"], page["offset"] + len(items) < total)

    @app.get("/api/articles/{article_id}", tags=["articles"],
             summary="One article: its text, what was extracted, and the span of every value",
             response_model=None, responses={200: {"model": R.ArticleDetail}, **ERR_404})
    def article(article_id: Annotated[str, PathParam(pattern="^[0-9A-Za-z_.:-]{1,64}$")]) -> dict[str, Any]:
        row = store.article(article_id)
        if row is None:
            return JSONResponse({"error": f"no article {article_id!r}"}, status_code=404)
        extraction = row.get("extraction") or {}
        text = row["text"]
        links = row.get("event_incidents") or {}
        events = [dict(ev, incident_id=links.get(f"{row['id']}:{ev.get('id')}"))
                  for ev in extraction.get("events") or [] if isinstance(ev, dict)]
        return {
            "article": {k: row.get(k) for k in ("id", "title", "published", "source", "url",
                                                 "language", "origin", "ingested_at")} | {"text": text},
            "spans": evidence_spans(extraction, len(text)),
            "events": events,
            "quotes": extraction.get("quotes") or [],
            "relations": extraction.get("relations") or [],
            "entities": [{k: e.get(k) for k in ("id", "name", "type", "aliases")}
                         for e in extraction.get("entities") or []],
            "incidents": row.get("incidents") or [],
        }

    @app.post("/api/articles", tags=["articles"], status_code=201,
              summary="Read one article and store what it says (only when started with --writable)",
              response_model=None,
              responses={201: {"model": R.Stored}, **_error_responses(400, 403, 413, 422, 503)})
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

    def openapi() -> dict:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description,
                               routes=app.routes)
            _tighten(spec)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi
    return app


def _allowed_methods(app: FastAPI, scope) -> list[str]:
    from starlette.routing import Match
    methods: set[str] = set()
    for route in app.router.routes:
        if getattr(route, "methods", None) and route.matches(scope)[0] != Match.NONE:
            methods |= set(route.methods)
    return sorted(methods)


def _clip(value: Any, n: int = 60) -> str:
    text = printable("" if value is None else str(value))
    return text if len(text) <= n else text[:n] + "…"


def _export_route(app: FastAPI, store: Store, kind: str, fmt: str, media: str, suffix: str, resolved) -> None:
    path = f"/api/{kind}{suffix}"
    filename = f"{kind}{suffix}"

    def export(filters: Filters, sort: Sort):
        body = exports.stream(store, kind, fmt, sort=sort, **resolved(filters))
        return StreamingResponse(body, media_type=media, headers={
            "Content-Disposition": f'attachment; filename="{filename}"'})

    app.add_api_route(
        path, export, methods=["GET"], tags=["exports"], response_model=None,
        summary=exports.SUMMARY[fmt].format(kind=kind),
        description=exports.DESCRIPTION[kind], name=f"export_{kind}_{fmt}",
        responses={200: {"content": {media: {"schema": exports.GEOJSON_SCHEMA if fmt == "geojson"
                                             else {"type": "string"}}},
                         "description": exports.SUMMARY[fmt].format(kind=kind)}, **ERR},
        response_class=StreamingResponse)


def _tighten(spec: dict) -> None:
    """Make the published schema say what the server checks: patterns and enums of the query
    parameters (``params.schema_rules``), no ``null`` for an optional query value, error bodies."""
    from .params import MAX_VALUES
    rules = schema_rules()
    for path in spec.get("paths", {}).values():
        for op in path.values():
            if not isinstance(op, dict):
                continue
            for param in op.get("parameters", []):
                schema = param.get("schema", {})
                options = [x for x in schema.get("anyOf", []) if x.get("type") != "null"]
                if "anyOf" in schema and len(options) == 1:
                    extra = {k: v for k, v in schema.items() if k != "anyOf"}
                    schema = {**options[0], **extra}
                rule = rules.get(param["name"])
                if param["name"] == "located":
                    schema = {"type": "string", "enum": ["", "true", "false"],
                              "title": schema.get("title", "Located")}
                elif rule:
                    target = schema["items"] if schema.get("type") == "array" else schema
                    rule = dict(rule)
                    if "enum" in rule:
                        rule["enum"] = [""] + [v for v in rule["enum"] if v != ""]
                        target.pop("maxLength", None)
                        target.pop("pattern", None)
                    elif "pattern" in rule and param["in"] == "query":
                        rule["pattern"] = rule["pattern"].replace("^", "^(|", 1)[:-1] + ")$" \
                            if rule["pattern"].endswith("$") else rule["pattern"]
                    target.update(rule)
                    if schema.get("type") == "array":
                        schema["maxItems"] = MAX_VALUES
                param["schema"] = schema
            for code, resp in op.get("responses", {}).items():
                if code == "422":
                    resp["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    comps = spec.setdefault("components", {}).setdefault("schemas", {})
    comps.pop("HTTPValidationError", None)
    comps.pop("ValidationError", None)
