"""Versioned schema migrations.

Each migration is (version, name, function of a connection); ``migrate`` applies the
missing ones in order inside one transaction and records them in ``migrations``. To
change the schema, append a new entry — never edit an applied one.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection, Engine

from ..errors import Errors, StoreError
from . import schema as S
from .engine import write_transaction
from .rows import now_iso

# Postgres: one advisory lock id for "someone is migrating or fusing this database".
PG_LOCK_MIGRATE = 7_420_001


def _v1_initial(conn: Connection) -> None:
    S.metadata.create_all(conn, tables=[t for t in S.metadata.sorted_tables if t is not S.migrations])


def _v2_event_actors_article(conn: Connection) -> None:
    # a database made at version 2 or later already has it (v1 creates the current tables)
    S.ix_event_actors_article.create(conn, checkfirst=True)


def _v3_fusion_state(conn: Connection) -> None:
    S.fusion_state.create(conn, checkfirst=True)


def _v4_unfused_articles(conn: Connection) -> None:
    # Fusion takes the next batch in (published, id) order from the articles not yet fused:
    # this index holds them in that order, so taking a batch never sorts them all. Not in
    # schema.py because it differs by backend: PostgreSQL gets a partial index with NULLS
    # FIRST (its default is last), SQLite (whose CREATE INDEX takes no NULLS FIRST, and whose
    # planner would rather use ix_articles_fused and sort) one led by fused_at.
    # Constant DDL, nothing interpolated.
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_unfused ON articles "
                             "(published NULLS FIRST, id) WHERE fused_at IS NULL")
    else:
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_unfused ON articles "
                             "(fused_at, published, id)")


def _v5_wider_date_precision(conn: Connection) -> None:
    # "day-no-year" (a month and day with the year unknown: '--04-21') is 11 characters; the
    # column was VARCHAR(10). SQLite does not enforce the length; PostgreSQL refused the row.
    # Constant DDL, nothing interpolated.
    if conn.dialect.name == "postgresql":
        for table in ("events", "incidents"):
            conn.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN date_precision TYPE VARCHAR(20)")


def _v6_admin2(conn: Connection) -> None:
    # The district/county of an event's and an incident's place (Place.admin2). A database
    # made at version 6 or later already has it (v1 creates the current tables).
    # Constant DDL, nothing interpolated.
    from sqlalchemy import inspect
    for table in ("events", "incidents"):
        if "admin2" not in {c["name"] for c in inspect(conn).get_columns(table)}:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN admin2 TEXT")


# migration 7: (column, DDL type) added to actors; a database made at version 7 or later has them
_V7_ACTOR_COLUMNS = (("inter", "INTEGER"), ("sector", "VARCHAR(20)"), ("country", "VARCHAR(8)"),
                     ("type_confidence", "FLOAT"), ("type_votes", "TEXT"))


def _v7_actor_types(conn: Connection) -> None:
    # The fused actor's type (inter code, sector, country, confidence, vote counts): added to
    # an older actors table; existing actors get theirs when fused again (`eventwire fuse
    # --full`). Constant DDL from the table above, nothing interpolated from outside.
    have = {c["name"] for c in inspect(conn).get_columns("actors", schema=S.actors.schema)}
    for name, ddl in _V7_ACTOR_COLUMNS:
        if name not in have:
            conn.exec_driver_sql(f"ALTER TABLE actors ADD COLUMN {name} {ddl}")
    for index in S.actors.indexes:
        if index.name in ("ix_actors_inter", "ix_actors_sector"):
            index.create(conn, checkfirst=True)


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema: articles, entities, mentions, events, actors, incidents, quotes, relations",
     _v1_initial),
    (2, "index event_actors by article (fusion reads a batch's roles by article)", _v2_event_actors_article),
    (3, "fusion_state: a token that tells a fusing process its actor index is current", _v3_fusion_state),
    (4, "partial index of the articles not yet fused, in fusion's order", _v4_unfused_articles),
    (5, "date_precision holds 'day-no-year'", _v5_wider_date_precision),
    (6, "events and incidents keep their place's district/county (admin2)", _v6_admin2),
    (7, "actors keep their type: inter code, sector, country, confidence and vote counts", _v7_actor_types),
]
LATEST = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, "migrations"):
        return 0
    return conn.execute(select(func.max(S.migrations.c.version))).scalar() or 0


def migrate(engine: Engine, url: str) -> int:
    """Bring the database to ``LATEST``; returns the version found before."""
    with write_transaction(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK_MIGRATE})")
        found = current_version(conn)
        if found > LATEST:
            raise StoreError(Errors.E402.format(url=url, found=found, expected=LATEST))
        if found < LATEST:
            S.migrations.create(conn, checkfirst=True)
            for version, name, apply in MIGRATIONS:
                if version > found:
                    apply(conn)
                    conn.execute(S.migrations.insert().values(
                        version=version, name=name, applied_at=now_iso()))
        return found


def check_version(engine: Engine, url: str) -> int:
    """For read-only stores: the schema must exist and not be newer than we know."""
    with engine.connect() as conn:
        found = current_version(conn)
    if found > LATEST:
        raise StoreError(Errors.E402.format(url=url, found=found, expected=LATEST))
    if found == 0:
        raise StoreError(Errors.E401.format(url=url, detail="no eventwire tables here; "
                                            "run `eventwire ingest … --db` first"))
    return found
