"""Read queries the page needs that ``Store``'s read API does not offer (yet).

Kept apart from ``store/read.py`` (owned by the store) on purpose: each is small,
read-only, built from SQLAlchemy expressions with bound parameters, and could
move into ``Store`` as is (see /work/briefs/notes-for-corpus.md).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Iterable

from sqlalchemy import func, select

from ..store import read
from ..store import schema as S
from ..store.rows import loads


def extracted_events(store, rows: Iterable[dict]) -> dict[str, dict]:
    """Stored event id → the event as its article's extraction recorded it (with all spans)."""
    rows = list(rows)
    article_ids = sorted({r["article_id"] for r in rows})
    out: dict[str, dict] = {}
    if not article_ids:
        return out
    a = S.articles
    with store.engine.connect() as conn:
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i:i + 500]
            for aid, blob in conn.execute(select(a.c.id, a.c.extraction).where(a.c.id.in_(chunk))):
                for ev in (loads(blob, {}) or {}).get("events") or []:
                    if isinstance(ev, dict) and "id" in ev:
                        out.setdefault(f"{aid}:{ev['id']}", ev)
    return out


def article_titles(store, article_ids: Iterable[str]) -> dict[str, dict]:
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    a = S.articles
    with store.engine.connect() as conn:
        return {r.id: {"id": r.id, "title": r.title, "published": r.published, "source": r.source}
                for r in conn.execute(select(a.c.id, a.c.title, a.c.published, a.c.source)
                                      .where(a.c.id.in_(ids)))}


def _week(day: str) -> str:
    d = date.fromisoformat(day)
    return (d - timedelta(days=d.weekday())).isoformat()


def timeline(store, *, bucket: str = "week", **filters) -> dict[str, Any]:
    """Dated incidents per day, ISO week (Monday) or month, with the same filters as ``incidents``."""
    t = S.incidents
    near = filters.get("near")
    with store.engine.connect() as conn:
        conds = read._filters(conn, t, incidents=True, **filters)
        dated = t.c.date.is_not(None)
        if near:
            stmt = select(t.c.date_start, t.c.lat, t.c.lon, t.c.killed_best).where(dated, *conds)
            rows = [r for r in conn.execute(stmt.limit(read.NEAR_SCAN_CAP))
                    if r.lat is not None and read.haversine_km(near[0], near[1], r.lat, r.lon) <= near[2]]
            per_day: dict[str, list[int]] = {}
            for r in rows:
                c = per_day.setdefault(r.date_start, [0, 0])
                c[0] += 1
                c[1] += r.killed_best or 0
            days = sorted((d, n, k) for d, (n, k) in per_day.items() if d)
        else:
            stmt = (select(t.c.date_start, func.count(), func.sum(t.c.killed_best))
                    .where(dated, *conds).group_by(t.c.date_start).order_by(t.c.date_start))
            days = [(d, n, k or 0) for d, n, k in conn.execute(stmt) if d]
        undated = conn.execute(select(func.count()).select_from(t)
                               .where(t.c.date.is_(None), *conds)).scalar()
    buckets: dict[str, list[int]] = {}
    for day, n, killed in days:
        key = day if bucket == "day" else _week(day) if bucket == "week" else day[:7] + "-01"
        b = buckets.setdefault(key, [0, 0])
        b[0] += n
        b[1] += killed
    items = []
    keys = sorted(buckets)
    if keys:
        # Empty days/weeks between incidents are drawn too (a gap is information), unless
        # that would mean more bars than a chart can show.
        filled = list(_bucket_range(keys[0], keys[-1], bucket, MAX_FILLED_BUCKETS))
        keys = filled or keys
    for key in keys:
        count, killed = buckets.get(key, (0, 0))
        items.append({"bucket": key, "until": _bucket_end(key, bucket).isoformat(),
                      "count": count, "killed": killed})
    return {"bucket": bucket, "items": items, "undated": undated}


MAX_FILLED_BUCKETS = 400


def _next_bucket(day: date, bucket: str) -> date:
    if bucket == "day":
        return day + timedelta(days=1)
    if bucket == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _bucket_end(key: str, bucket: str) -> date:
    return _next_bucket(date.fromisoformat(key), bucket) - timedelta(days=1)


def _bucket_range(first: str, last: str, bucket: str, cap: int):
    """Every bucket from first to last, or nothing when there would be more than ``cap``."""
    out, day, end = [], date.fromisoformat(first), date.fromisoformat(last)
    while day <= end:
        out.append(day.isoformat())
        if len(out) > cap:
            return []
        day = _next_bucket(day, bucket)
    return out
