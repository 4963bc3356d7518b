"""Opening databases: SQLite (default, one file) or PostgreSQL by URL.

SQLite runs in WAL mode with a busy timeout and takes the write lock up front
(``BEGIN IMMEDIATE``) so two ingests into one file queue instead of failing
half-way through a transaction; read-only stores open the file with
``mode=ro``. PostgreSQL read-only stores run every transaction READ ONLY. A
``schema`` keeps a store inside one PostgreSQL schema (tests use a fresh one
per run so concurrent runs never meet).
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError

from ..errors import Errors, StoreError

DEFAULT_DB = "eventwire.db"
WRITE_OPTION = "eventwire_write"
SQLITE_BUSY_TIMEOUT_MS = 60_000
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def normalize_url(url: Optional[str]) -> str:
    """Turn a bare path ("eventwire.db") into a SQLite URL; keep real URLs as they are."""
    url = url or os.environ.get("EVENTWIRE_DB") or DEFAULT_DB
    if "://" in url:
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url
    return "sqlite:///" + str(Path(url).expanduser())


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, readonly: bool = False, schema: Optional[str] = None) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as e:
        raise StoreError(Errors.E401.format(url=url, detail=str(e))) from e
    if schema is not None and not _SCHEMA_NAME.match(schema):
        raise StoreError(Errors.E401.format(url=url, detail=f"bad schema name {schema!r}"))
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, readonly=readonly)
    if parsed.get_backend_name() == "postgresql":
        return _postgres_engine(url, readonly=readonly, schema=schema)
    raise StoreError(Errors.E401.format(
        url=url, detail="only sqlite:///FILE and postgresql+psycopg://… URLs are supported"))


def _sqlite_engine(parsed, *, readonly: bool) -> Engine:
    path = parsed.database or ""
    if path in ("", ":memory:"):
        raise StoreError(Errors.E401.format(url=str(parsed), detail="give a file; in-memory "
                                            "databases cannot be shared between connections"))
    if readonly:
        if not Path(path).exists():
            raise StoreError(Errors.E401.format(url=str(parsed), detail="the file does not exist; "
                                                "run `eventwire ingest … --db` first"))
        target = f"sqlite:///file:{Path(path).resolve()}?mode=ro&uri=true"
    else:
        parent = Path(path).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(Errors.E401.format(url=str(parsed), detail=f"folder {parent} does not exist"))
        target = str(parsed)
    engine = create_engine(target, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                                                 "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers (see write_transaction) take the write lock when the transaction starts,
        # so a writer waits (busy_timeout) rather than failing later when upgrading a read
        # lock; readers take none and never wait for writers (WAL).
        immediate = not readonly and conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgres_engine(url: str, *, readonly: bool, schema: Optional[str]) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})

    if schema is not None:
        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cur = dbapi_connection.cursor()
            # schema names are checked against _SCHEMA_NAME above; identifiers cannot be bound
            cur.execute(f'SET search_path TO "{schema}"')
            cur.close()
            dbapi_connection.commit()

        if not readonly:
            with engine.connect() as conn:
                conn.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
                conn.commit()
    if readonly:
        engine = engine.execution_options(postgresql_readonly=True)
    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that will write (on SQLite: BEGIN IMMEDIATE)."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn
