"""``Store``: the one write path and the read API over an eventwire database.

    store = Store("eventwire.db")                 # or "postgresql+psycopg://…"
    store.add_extraction(ex)                      # idempotent, one transaction per article
    store.fuse()                                  # resolve actors, dedup events (incremental)
    store.incidents(country="PK", since="2018-11-01")

Writers may run concurrently (several processes, Dask workers): the article's content
hash is its primary key and the insert is ``ON CONFLICT DO NOTHING``, so an article
written twice is stored once and its children are only written by the winner.
``Store(url, readonly=True)`` opens read-only connections (for serving).
"""
from __future__ import annotations

import random
import time
from typing import Any, Iterable, Optional

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from ..errors import Errors, StoreError
from ..model import Extraction
from . import migrations, read
from . import schema as S
from .engine import is_sqlite, make_engine, normalize_url, write_transaction
from .rows import extraction_rows

_CHILD_TABLES = ("entities", "mentions", "events", "event_actors", "quotes", "relations")
LOCK_RETRIES = 8


class Store:
    def __init__(self, url: Optional[str] = None, *, readonly: bool = False,
                 schema: Optional[str] = None, migrate: bool = True) -> None:
        self.url = normalize_url(url)
        self.readonly = readonly
        self.schema = schema
        try:
            self.engine = make_engine(self.url, readonly=readonly, schema=schema)
        except (SQLAlchemyError, OSError) as e:
            raise StoreError(Errors.E401.format(url=self.display_url, detail=_short(e))) from e
        try:
            if readonly:
                migrations.check_version(self.engine, self.display_url)
            elif migrate:
                migrations.migrate(self.engine, self.display_url)
        except StoreError:
            self.engine.dispose()
            raise
        except (SQLAlchemyError, OSError) as e:
            self.engine.dispose()
            raise StoreError(Errors.E401.format(url=self.display_url,
                                                detail=_short(e))) from e

    # ------------------------------------------------------------------ plumbing
    @property
    def backend(self) -> str:
        return "sqlite" if is_sqlite(self.url) else "postgresql"

    @property
    def display_url(self) -> str:
        """The URL without a password, for messages."""
        from sqlalchemy.engine import make_url
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"

    def _insert(self, table):
        dialect = sqlite if self.backend == "sqlite" else postgresql
        return dialect.insert(table)

    def write(self, fn, *args, **kwargs):
        """Run ``fn(conn, …)`` in one write transaction, retrying while the database is locked."""
        if self.readonly:
            raise StoreError(Errors.E401.format(url=self.display_url, detail="opened read-only"))
        for attempt in range(LOCK_RETRIES):
            try:
                with write_transaction(self.engine) as conn:
                    return fn(conn, *args, **kwargs)
            except OperationalError as e:
                if not _is_transient(e) or attempt == LOCK_RETRIES - 1:
                    raise StoreError(Errors.E401.format(url=self.display_url, detail=_short(e))) from e
                time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))
            except DBAPIError as e:
                if _is_transient(e) and attempt < LOCK_RETRIES - 1:
                    time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))
                    continue
                raise

    def read(self, fn, *args, **kwargs):
        with self.engine.connect() as conn:
            return fn(conn, *args, **kwargs)

    # ------------------------------------------------------------------ write path
    def add_extraction(self, ex: Extraction) -> bool:
        """Store one article and all it yielded, atomically. False if it was already there."""
        rows = extraction_rows(ex)
        return self.write(self._add_rows, rows)

    def _add_rows(self, conn: Connection, rows: dict[str, list[dict]]) -> bool:
        # RETURNING tells whether this writer won: rowcount is not reliable on every driver
        stmt = (self._insert(S.articles).on_conflict_do_nothing(index_elements=["id"])
                .returning(S.articles.c.id))
        if conn.execute(stmt, rows["articles"][0]).first() is None:
            return False
        for name in _CHILD_TABLES:
            if rows[name]:
                conn.execute(S.metadata.tables[name].insert(), rows[name])
        return True

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored (resuming an ingest skips them)."""
        ids = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                found.update(conn.execute(select(S.articles.c.id).where(
                    S.articles.c.id.in_(chunk))).scalars())
        return found

    def fuse(self, *, full: bool = False, batch: int = 200) -> dict[str, int]:
        """Resolve actors and dedup events for every article not yet fused.

        Incremental: run it after each ingest (the runner does). ``full=True`` throws
        away actors and incidents and fuses everything again (after tuning fusion).
        Each batch of articles is one transaction, so writers are never blocked long.
        """
        from .fusion import clear_fusion, fuse_batch
        if full:
            self.write(clear_fusion)
        total = {"articles": 0, "actors_new": 0, "events": 0, "incidents_new": 0,
                 "incidents_touched": 0, "reports_read": 0, "candidates_scored": 0}
        while True:
            done = self.write(fuse_batch, limit=batch)
            for k, v in done.items():
                total[k] = total.get(k, 0) + v
            if done["articles"] == 0:
                return total

    def refuse(self) -> dict[str, int]:
        """Throw away actors/incidents and fuse everything again."""
        return self.fuse(full=True)

    # ------------------------------------------------------------------ read API
    def events(self, **filters) -> list[dict[str, Any]]:
        return self.read(read.events, **filters)

    def count_events(self, **filters) -> int:
        return self.read(read.count_events, **filters)

    def incidents(self, **filters) -> list[dict[str, Any]]:
        return self.read(read.incidents, **filters)

    def count_incidents(self, **filters) -> int:
        return self.read(read.count_incidents, **filters)

    def incident(self, incident_id: int) -> Optional[dict[str, Any]]:
        return self.read(read.incident, incident_id)

    def actor(self, name: str) -> Optional[dict[str, Any]]:
        return self.read(read.actor, name)

    def actors(self, q: Optional[str] = None, limit: int = 50, offset: int = 0, *,
               inter=None, sector=None) -> list[dict[str, Any]]:
        """Actors by name or alias (``q``), ACLED inter code and sector (each one or a list)."""
        return self.read(read.actors, q=q, inter=inter, sector=sector, limit=limit, offset=offset)

    def quotes(self, speaker: Optional[str] = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        return self.read(read.quotes, speaker=speaker, limit=limit, offset=offset)

    def articles(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        return self.read(read.articles, limit=limit, offset=offset)

    def count_actors(self, q: Optional[str] = None, *, inter=None, sector=None) -> int:
        return self.read(read.count_actors, q=q, inter=inter, sector=sector)

    def count_quotes(self, speaker: Optional[str] = None) -> int:
        return self.read(read.count_quotes, speaker=speaker)

    def count_articles(self) -> int:
        return self.read(read.count_articles)

    def article(self, article_id: str) -> Optional[dict[str, Any]]:
        return self.read(read.article, article_id)

    def stats(self) -> dict[str, Any]:
        return self.read(read.stats)


def _is_transient(e: Exception) -> bool:
    text = str(getattr(e, "orig", e)).lower()
    return any(s in text for s in ("database is locked", "database is busy", "deadlock detected",
                                   "could not serialize", "locked"))


def _short(e: Exception) -> str:
    text = str(getattr(e, "orig", None) or e).strip().splitlines()
    return text[0] if text else type(e).__name__
