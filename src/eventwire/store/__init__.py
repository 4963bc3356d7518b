"""The event database: SQLite by default (one file), PostgreSQL by URL.

    from eventwire.store import Store
    store = Store("eventwire.db")            # or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    store.add_extraction(extraction)         # idempotent by content hash, atomic
    store.fuse()                             # cross-article actors and incidents
    store.incidents(country="PK")            # read API: events, incidents, actor, quotes, stats…
"""
from __future__ import annotations

from .engine import DEFAULT_DB, normalize_url
from .migrations import LATEST as SCHEMA_VERSION
from .read import MAX_LIMIT
from .store import Store

__all__ = ["Store", "DEFAULT_DB", "SCHEMA_VERSION", "MAX_LIMIT", "normalize_url"]
