"""Migrations 2–4 (fusion at scale) bring a version-1 database up to date, data kept."""
from __future__ import annotations

from sqlalchemy import inspect, select

from eventwire.store import SCHEMA_VERSION, Store
from eventwire.store import schema as S
from eventwire.store.testing import event, make_extraction


def _back_to_version_1(store: Store) -> None:
    """What a database made by the first schema version looks like."""
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_event_actors_article")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_articles_unfused")
        conn.exec_driver_sql("DROP TABLE IF EXISTS fusion_state")
        conn.execute(S.migrations.delete().where(S.migrations.c.version > 1))


def test_version_1_database_is_migrated_and_fuses(store):
    store.add_extraction(make_extraction(
        "Gunmen of the Baloch Liberation Army attacked a post in Karachi.", published="2018-11-23",
        events=[event(date="2018-11-23", place=("Karachi", "PK", 24.86, 67.01),
                      perpetrators=["Baloch Liberation Army"])]))
    _back_to_version_1(store)
    with Store(store.url, schema=store.schema) as again:
        with again.engine.connect() as conn:
            versions = list(conn.execute(select(S.migrations.c.version)).scalars())
            indexes = {ix["name"] for t in ("articles", "event_actors")
                       for ix in inspect(conn).get_indexes(t)}
            tables = set(inspect(conn).get_table_names())
        assert versions == list(range(1, SCHEMA_VERSION + 1))
        assert {"ix_event_actors_article", "ix_articles_unfused"} <= indexes
        assert "fusion_state" in tables
        again.add_extraction(make_extraction(
            "The BLA said it attacked the post in Karachi.", published="2018-11-24",
            events=[event(date="2018-11-23", place=("Karachi", "PK", 24.86, 67.01), perpetrators=["BLA"])]))
        done = again.fuse()
        assert done["articles"] == 2 and done["incidents_new"] == 1
        assert [a["name"] for a in again.actors()] == ["Baloch Liberation Army"]
