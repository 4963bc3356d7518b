"""Read queries the page needs that ``Store``'s read API does not offer (yet).

Kept apart from ``store/read.py`` (owned by the store) on purpose: each is small,
read-only, built from SQLAlchemy expressions with bound parameters, and could
move into ``Store`` as is (see /work/briefs/notes-for-corpus.md).
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Iterable, Optional

from sqlalchemy import func, select

from ..errors import Errors
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


BUCKET_ORDER = ("day", "week", "month", "year")
PRECISION_RANK = {"day": 0, "range": 1, "week": 1, "month": 2, "year": 3}
AUTO_MAX_BUCKETS = 400        # auto picks the finest bucket with at most this many bars
MAX_BUCKETS = 5000            # an explicit bucket may give at most this many


def bucket_key(day: str, bucket: str) -> str:
    if bucket == "day":
        return day
    if bucket == "week":
        return _week(day)
    if bucket == "month":
        return day[:7] + "-01"
    return day[:4] + "-01-01"


def _fits(precision: Optional[str], bucket: str) -> bool:
    """A date of ``precision`` lies inside one ``bucket`` (a month-precision date fits a month or
    a year, not a day or a week)."""
    return PRECISION_RANK.get(precision or "day", 0) <= PRECISION_RANK[bucket]


def _n_buckets(first: str, last: str, bucket: str) -> int:
    a, b = date.fromisoformat(bucket_key(first, bucket)), date.fromisoformat(bucket_key(last, bucket))
    if bucket == "day":
        return (b - a).days + 1
    if bucket == "week":
        return (b - a).days // 7 + 1
    if bucket == "month":
        return (b.year - a.year) * 12 + b.month - a.month + 1
    return b.year - a.year + 1


def timeline(store, *, bucket: str = "auto", **filters) -> dict[str, Any]:
    """Dated incidents per day, ISO week (Monday), month or year, with the filters of ``incidents``.

    A true time axis: every bucket from the first to the last, empty ones with 0. A date
    coarser than the bucket (a month-precision date on a day or week axis, a year on a month
    axis) is not drawn as its first day: it is listed under ``apart``. ``by_precision``
    splits each bucket's count by the precision of the dates in it.
    """
    t = S.incidents
    near = filters.get("near")
    with store.engine.connect() as conn:
        conds = read._filters(conn, t, incidents=True, **filters)
        dated = t.c.date_start.is_not(None)
        if near:
            stmt = select(t.c.date_start, t.c.date_end, t.c.date_precision, t.c.lat, t.c.lon,
                          t.c.killed_best).where(dated, *conds)
            per: dict[tuple, list[int]] = {}
            for r in conn.execute(stmt.limit(read.NEAR_SCAN_CAP)):
                if r.lat is None or read.haversine_km(near[0], near[1], r.lat, r.lon) > near[2]:
                    continue
                c = per.setdefault((r.date_start, r.date_end, r.date_precision), [0, 0])
                c[0] += 1
                c[1] += r.killed_best or 0
            rows = [(*k, n, k2) for k, (n, k2) in per.items()]
        else:
            stmt = (select(t.c.date_start, t.c.date_end, t.c.date_precision, func.count(),
                           func.sum(t.c.killed_best))
                    .where(dated, *conds).group_by(t.c.date_start, t.c.date_end, t.c.date_precision))
            rows = [(a, b, p, n, k or 0) for a, b, p, n, k in conn.execute(stmt)]
        if not near:
            undated = conn.execute(select(func.count()).select_from(t)
                                   .where(t.c.date_start.is_(None), *conds)).scalar()
    if near:
        undated = _count_near_undated(store, filters)
    requested = bucket
    if bucket == "auto":
        bucket = _auto_bucket(rows)
    buckets: dict[str, dict] = {}
    apart: dict[tuple, dict] = {}
    for start, end, precision, n, killed in rows:
        precision = precision or "day"
        if _fits(precision, bucket):
            b = buckets.setdefault(bucket_key(start, bucket),
                                   {"count": 0, "killed": 0, "by_precision": {"day": 0, "month": 0, "year": 0}})
            b["count"] += n
            b["killed"] += killed
            b["by_precision"][precision if precision in ("month", "year") else "day"] += n
        else:
            a = apart.setdefault((start, precision), {
                "value": start[:7] if precision == "month" else start[:4], "precision": precision,
                "start": start, "end": end or start, "count": 0, "killed": 0})
            a["count"] += n
            a["killed"] += killed
    items = []
    first = last = None
    keys = sorted(buckets)
    if keys:
        first, last = keys[0], keys[-1]
        n = _n_buckets(first, last, bucket)
        if n > MAX_BUCKETS:
            from .params import BadParameter
            raise BadParameter("bucket", requested, "", message=Errors.E213.format(
                bucket=bucket, first=first, last=last, n=n, limit=MAX_BUCKETS))
        for key in _bucket_range(first, last, bucket):
            b = buckets.get(key) or {"count": 0, "killed": 0, "by_precision": {"day": 0, "month": 0, "year": 0}}
            items.append({"bucket": key, "until": _bucket_end(key, bucket).isoformat(), **b})
        last = items[-1]["until"]
    return {"bucket": bucket, "requested": requested, "first": first, "last": last, "items": items,
            "apart": sorted(apart.values(), key=lambda x: (x["start"], x["precision"])),
            "undated": undated}


def _count_near_undated(store, filters) -> int:
    # an undated incident still has a place: count those within the distance
    t = S.incidents
    near = filters["near"]
    with store.engine.connect() as conn:
        conds = read._filters(conn, t, incidents=True, **filters)
        return sum(1 for r in conn.execute(select(t.c.lat, t.c.lon).where(t.c.date_start.is_(None), *conds)
                                           .limit(read.NEAR_SCAN_CAP))
                   if r.lat is not None and read.haversine_km(near[0], near[1], r.lat, r.lon) <= near[2])


def _auto_bucket(rows) -> str:
    """The finest bucket that draws the range of day-precision dates in ≤ AUTO_MAX_BUCKETS bars."""
    starts = [r[0] for r in rows if (r[2] or "day") == "day"] or [r[0] for r in rows]
    if not starts:
        return "month"
    first, last = min(starts), max(starts)
    for bucket in BUCKET_ORDER:
        if _n_buckets(first, last, bucket) <= AUTO_MAX_BUCKETS:
            return bucket
    return "year"


def _next_bucket(day: date, bucket: str) -> date:
    if bucket == "day":
        return day + timedelta(days=1)
    if bucket == "week":
        return day + timedelta(days=7)
    if bucket == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day.replace(year=day.year + 1, month=1, day=1)


def _bucket_end(key: str, bucket: str) -> date:
    return _next_bucket(date.fromisoformat(key), bucket) - timedelta(days=1)


def _bucket_range(first: str, last: str, bucket: str):
    """Every bucket from first to last."""
    day, end = date.fromisoformat(first), date.fromisoformat(last)
    while day <= end:
        yield day.isoformat()
        day = _next_bucket(day, bucket)
