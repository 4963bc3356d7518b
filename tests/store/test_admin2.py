"""A place's district/county (Place.admin2) is stored with the event, fused into the incident,
exported in ACLED's admin2 column, and migration 6 adds the column to an older database."""
from __future__ import annotations

import csv
import io

from sqlalchemy import inspect, select

from eventwire.export import acled
from eventwire.store import SCHEMA_VERSION, Store
from eventwire.store import schema as S
from eventwire.store.testing import event, make_extraction

_TEXT = "Gunmen attacked a police post in Dera Ismail Khan on Monday."


def _extraction():
    ex = make_extraction(_TEXT, published="2019-04-22",
                         events=[event(date="2019-04-22", place=("Dera Ismail Khan", "PK", 31.83, 70.9),
                                       admin1="Khyber Pakhtunkhwa")])
    ex.events[0].location.admin2 = "Dera Ismail Khan District"
    return ex


def test_admin2_is_stored_fused_and_exported(store):
    store.add_extraction(_extraction())
    store.fuse()
    with store.engine.connect() as conn:
        assert conn.execute(select(S.events.c.admin2)).scalar() == "Dera Ismail Khan District"
        assert conn.execute(select(S.incidents.c.admin2)).scalar() == "Dera Ismail Khan District"
    out = io.StringIO()
    assert acled.write(store, out) == 1
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["admin1"], row["admin2"]) == ("Khyber Pakhtunkhwa", "Dera Ismail Khan District")


def test_migration_6_adds_the_column(store):
    with store.engine.begin() as conn:
        for table in ("events", "incidents"):
            conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN admin2")
        conn.execute(S.migrations.delete().where(S.migrations.c.version >= 6))
    with Store(store.url, schema=store.schema) as again:
        with again.engine.connect() as conn:
            versions = list(conn.execute(select(S.migrations.c.version)).scalars())
            columns = {t: {c["name"] for c in inspect(conn).get_columns(t)} for t in ("events", "incidents")}
        assert versions == list(range(1, SCHEMA_VERSION + 1)) and SCHEMA_VERSION >= 6
        assert all("admin2" in c for c in columns.values())
        again.add_extraction(_extraction())
        assert again.fuse()["incidents_new"] == 1
