"""The tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Per-article facts (articles, entities, mentions, events, event_actors, quotes,
relations) are written once by ``Store.add_extraction`` and never changed
afterwards, except for the ``actor_id`` links that fusion fills in. Cross-article
facts (actors, aliases, incidents, event_sources) belong to fusion and can be
rebuilt from the per-article ones at any time (``Store.refuse()``).
``actor_id`` columns are NULL before fusion, 0 once fusion decided the name is no actor
(a place, "a police official"), else ``actors.id``.
Dates are ISO strings ("2018-11-23"); ``date_start``/``date_end`` expand a
month- or year-precision date to the days it covers so range filters work.
JSON columns hold text (portable across both backends).
"""
from __future__ import annotations

from sqlalchemy import (Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
                        UniqueConstraint)

metadata = MetaData()


def _json(name: str) -> Column:
    return Column(name, Text, nullable=True)


migrations = Table(
    "migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

articles = Table(
    "articles", metadata,
    Column("id", String(64), primary_key=True),          # content hash (Article.id)
    Column("title", Text),
    Column("published", String(40)),
    Column("source", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("origin", Text),                              # where it was read from
    Column("text", Text, nullable=False),
    Column("ingested_at", String(40), nullable=False),
    Column("n_events", Integer, nullable=False, default=0),
    Column("n_quotes", Integer, nullable=False, default=0),
    _json("extraction"),                                 # Extraction.to_dict() without the text
    Column("fused_at", String(40)),                      # NULL until fusion has seen it
    Index("ix_articles_published", "published"),
    Index("ix_articles_fused", "fused_at"),
)

actors = Table(
    "actors", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),          # individual | organization
    Column("type", String(20)),                          # PERSON, ORG, NORP, GPE, ...
    Column("key", Text, nullable=False),                 # normalized name (fuse.actors.name_key)
    Column("acronym", String(20)),
    _json("attributes"),                                 # titles, roles merged over articles
    Column("first_seen", String(40)),
    Column("last_seen", String(40)),
    Column("n_articles", Integer, nullable=False, default=0),
    # the actor's type voted over its mentions in event roles (fuse.actor_types; migration 7)
    Column("inter", Integer),                            # ACLED inter code 1-8
    Column("sector", String(20)),                        # CAMEO-style sector (MIL, REB, ...)
    Column("country", String(8)),                        # ISO 3166-1 alpha-2
    Column("type_confidence", Float),                    # share of the inter votes for ``inter``
    _json("type_votes"),                                 # {"inter": {"2": 5}, "sector": ..., "country": ...}
    Index("ix_actors_key", "key"),
    Index("ix_actors_inter", "inter"),
    Index("ix_actors_sector", "sector"),
)

aliases = Table(
    "aliases", metadata,
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("key", Text, primary_key=True),
    Column("alias", Text, nullable=False),
    Index("ix_aliases_key", "key"),
)

entities = Table(
    "entities", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           primary_key=True),
    Column("entity_id", String(64), primary_key=True),   # Entity.id inside its article
    Column("name", Text, nullable=False),
    Column("type", String(20)),
    _json("aliases"),
    _json("attributes"),
    Column("n_mentions", Integer, nullable=False, default=0),
    Column("actor_id", Integer, nullable=True),
    Index("ix_entities_actor", "actor_id"),
)

mentions = Table(
    "mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_mentions_article_entity", "article_id", "entity_id"),
)

_PLACE = ("place", "admin1", "country", "country_code")


def _place_columns() -> list[Column]:
    return ([Column(n, Text) for n in _PLACE]
            + [Column("lat", Float), Column("lon", Float), Column("geo_precision", String(20)),
               Column("admin2", Text)])                 # the district/county (migration 6)


def _count_columns() -> list[Column]:
    return [Column(f"{what}_{k}", Integer) for what in ("killed", "injured")
            for k in ("low", "best", "high")]


events = Table(
    "events", metadata,
    Column("id", String(160), primary_key=True),         # "<article id>:<Event.id>"
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("type", String(40), nullable=False),
    Column("subtype", String(80)),
    Column("family", String(40), nullable=False),        # fuse.events.type_family(type)
    Column("date", String(40)),
    Column("date_precision", String(20)),     # day|week|month|year|day-no-year (migration 5)
    Column("date_text", Text),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    *_place_columns(),
    *_count_columns(),
    Column("killed_attackers", Integer),
    _json("perpetrators"), _json("targets"), _json("victims"), _json("weapons"), _json("claimed_by"),
    _json("codes"),
    Column("trigger_text", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("sentence_text", Text),
    Column("confidence", Float),
    Column("published", String(40)),                     # the article's, for ordering/reporting
    Index("ix_events_article", "article_id"),
    Index("ix_events_dates", "date_start", "date_end"),
    Index("ix_events_type", "type"),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_id", String(160), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(20), primary_key=True),        # perpetrator|target|victim|claimant
    Column("position", Integer, primary_key=True),
    Column("article_id", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(20)),
    Column("entity_id", String(64)),
    Column("actor_id", Integer, nullable=True),
    Index("ix_event_actors_actor", "actor_id"),
)
# Fusion reads a batch's roles by article (migration 2)
ix_event_actors_article = Index("ix_event_actors_article", event_actors.c.article_id)

incidents = Table(
    "incidents", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(40), nullable=False),          # the type most sources used
    Column("family", String(40), nullable=False),
    Column("date", String(40)),
    Column("date_precision", String(20)),     # day|week|month|year|day-no-year (migration 5)
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    *_place_columns(),
    *_count_columns(),
    _json("perpetrators"), _json("targets"), _json("victims"), _json("weapons"), _json("claimed_by"),
    _json("codes"),
    Column("n_sources", Integer, nullable=False, default=0),   # distinct articles
    Column("first_reported", String(40)),
    Column("last_reported", String(40)),
    Column("updated_at", String(40)),
    Index("ix_incidents_dates", "date_start", "date_end"),
)

event_sources = Table(
    "event_sources", metadata,
    Column("event_id", String(160), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(64), nullable=False),
    Column("source", Text),
    Column("url", Text),
    Column("published", String(40)),
    *_count_columns(),                                   # this source's own figures, kept
    Index("ix_event_sources_incident", "incident_id"),
    Index("ix_event_sources_article", "article_id"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer), Column("end", Integer),
    Column("kind", String(20)),
    Column("cue", Text),
    Column("speaker_name", Text),
    Column("speaker_entity_id", String(64)),
    Column("speaker_start", Integer), Column("speaker_end", Integer),
    Column("speaker_actor_id", Integer, nullable=True),
    Column("confidence", Float),
    Column("published", String(40)),
    UniqueConstraint("article_id", "position", name="uq_quotes_article_position"),
    Index("ix_quotes_speaker_actor", "speaker_actor_id"),
)

relations = Table(
    "relations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("type", String(40), nullable=False),
    Column("head_name", Text), Column("head_entity_id", String(64)),
    Column("head_actor_id", Integer, nullable=True),
    Column("tail_name", Text), Column("tail_entity_id", String(64)),
    Column("tail_actor_id", Integer, nullable=True),
    Column("start", Integer), Column("end", Integer),
    Column("text", Text),
    Column("confidence", Float),
    UniqueConstraint("article_id", "position", name="uq_relations_article_position"),
    Index("ix_relations_head", "head_actor_id"),
    Index("ix_relations_tail", "tail_actor_id"),
)

# One row: a token fusion renews with every batch it commits (and when it clears), so a
# process fusing batch after batch can tell whether the actor index it keeps in memory is
# still the store's or another process fused in between (migration 3).
fusion_state = Table(
    "fusion_state", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("token", String(40), nullable=False),
)

# Tables written by fusion (cleared by Store.refuse()); the order respects foreign keys.
FUSION_TABLES = (event_sources, incidents, aliases, actors)
