"""Corpus commands: `ingest`, `fuse`, `events`, `actor`, `quotes`, `stats`, `export`.

Each opens the database (``--db``: a SQLite file or a PostgreSQL URL; default
``eventwire.db`` or $EVENTWIRE_DB), calls one method of the Python API and prints.
Read commands open the database read-only.
"""
from __future__ import annotations

import csv
import io
import json
import re
import sys

import click

from ..errors import Errors, StoreError, UsageError
from . import main
from .options import extractor_option

DB_HELP = "SQLite file or PostgreSQL URL (postgresql+psycopg://user@host:5432/db). [default: eventwire.db]"
db_option = click.option("--db", envvar="EVENTWIRE_DB", default="eventwire.db", help=DB_HELP)


def _open(db: str, readonly: bool = True):
    from ..store import Store
    return Store(db, readonly=readonly)


def parse_near(value):
    if value is None:
        return None
    parts = value.split(",")
    try:
        lat, lon, km = (float(p) for p in parts)
    except ValueError:
        lat = None
    if lat is None or len(parts) != 3 or not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        raise UsageError(Errors.E201.format(value=value, what="--near",
                                            hint="give LAT,LON,KM, e.g. 24.86,67.01,50"))
    return lat, lon, km


_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def parse_day(value, option: str, end: bool = False):
    """YYYY, YYYY-MM or YYYY-MM-DD; a partial --until means the end of that month/year."""
    if value is None:
        return None
    if not _DAY.match(value):
        raise UsageError(Errors.E201.format(value=value, what=option, hint="use YYYY-MM-DD"))
    from ..dates import date_span
    start, stop = date_span(value, {4: "year", 7: "month"}.get(len(value), "day"))
    if start is None:
        raise UsageError(Errors.E201.format(value=value, what=option, hint="use a real date, YYYY-MM-DD"))
    return stop if end else start


def filter_options(fn):
    for opt in reversed([
        click.option("--type", "type_", help="Event type (attack, bombing, …) or family (violence)."),
        click.option("--actor", help="An actor by any of its names (perpetrator, claimant, target, victim)."),
        click.option("--country", help="ISO code (PK) or country name."),
        click.option("--since", help="On or after this date (YYYY-MM-DD)."),
        click.option("--until", help="On or before this date (YYYY-MM-DD)."),
        click.option("--near", help="Within KM of a point: LAT,LON,KM."),
        click.option("--q", help="Words in the reporting sentence or place name."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
                     help="Only events (incidents: with a report) at least this confident."),
    ]):
        fn = opt(fn)
    return fn


def _filters(type_, actor, country, since, until, near, q, min_confidence=None) -> dict:
    return {"type": type_, "actor": actor, "country": country,
            "since": parse_day(since, "--since"), "until": parse_day(until, "--until", end=True),
            "near": parse_near(near), "q": q, "min_confidence": min_confidence}


def _count(c) -> str:
    if c["low"] is None and c["best"] is None:
        return ""
    if c["low"] == c["high"]:
        return str(c["best"])
    return f"{c['best']} ({c['low']}–{c['high']})"


def _names(items) -> str:
    return ", ".join(x["name"] for x in items or [] if x.get("name"))


def _table(rows: list[dict], columns: list[tuple[str, str, int]]) -> str:
    """Plain fixed-width table: (title, key, max width)."""
    if not rows:
        return "(none)"
    cells = [[str(r.get(k) if r.get(k) is not None else "")[:w] for _, k, w in columns] for r in rows]
    widths = [max(len(t), *(len(c[i]) for c in cells)) for i, (t, _, _) in enumerate(columns)]
    line = lambda vals: "  ".join(v.ljust(widths[i]) for i, v in enumerate(vals)).rstrip()  # noqa: E731
    out = [line([t for t, _, _ in columns]), line(["-" * w for w in widths])]
    out += [line(c) for c in cells]
    return "\n".join(out)


def _emit(rows: list[dict], fmt: str, columns: list[tuple[str, str, int]]) -> None:
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=[k for _, k, _ in columns], extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: r.get(k) for _, k, _ in columns})
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(_table(rows, columns))


format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]),
                             default="table", show_default=True)
page_options = [click.option("--limit", type=click.IntRange(0, None), default=50, show_default=True,
                             help="At most this many rows (capped at 1000)."),
                click.option("--offset", type=click.IntRange(0, None), default=0, show_default=True)]


def paged(fn):
    for opt in reversed(page_options):
        fn = opt(fn)
    return fn


# ------------------------------------------------------------------------------ ingest
@main.command()
@click.argument("inputs", nargs=-1, required=True)
@db_option
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes (default: the number of cores, at most 8).")
@click.option("--batch-size", type=click.IntRange(1, 1000), default=16, show_default=True,
              help="Articles per task sent to a worker.")
@click.option("--language", default="en", show_default=True, help="Expected language; 'any' keeps all.")
@click.option("--no-fuse", is_flag=True, help="Only store; run `eventwire fuse` later.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--pipeline", default="eventwire.pipeline:Pipeline.default", show_default=True,
              help="Factory of the pipeline each worker runs (module:attribute).")
@click.option("--cluster", metavar="tcp://HOST:8786|local", default=None,
              help="Run on Dask: an existing scheduler, or 'local' for a local Dask cluster of "
                   "--workers processes (see docs/scale-out.md).")
@click.option("--max-chars", type=click.IntRange(0), default=None,
              help="Refuse a document of more characters (E120; 0: no budget). Default: 2,000,000 "
                   "(resources/limits.toml); longer texts up to it are analysed in parts.")
@click.option("--published", metavar="YYYY-MM-DD", default=None,
              help="Publication date of the inputs that carry none (plain text files); their relative "
                   "dates ('on Friday') are resolved against it.")
@extractor_option
def ingest(inputs, db, workers, batch_size, language, no_fuse, progress, pipeline, cluster, extractor,
           max_chars, published):
    """Read articles (files, folders, JSONL, feeds, WARC, URLs) into the database and fuse them.

    Idempotent: articles already stored (same content) are skipped, so re-running an
    interrupted ingest finishes it. Exit code 1 when some documents failed.

    Example: eventwire ingest news/ feed.xml --db eventwire.db --workers 2
    """
    from ..runner.local import ingest as run_ingest
    if extractor is not None:
        from functools import partial

        from ..pipeline import Pipeline
        pipeline = partial(Pipeline.default, extractor)   # picklable: workers build their own
    if progress is None:
        progress = sys.stderr.isatty()
    if cluster:   # same arguments and report, on Dask workers
        from functools import partial
        from ..runner.dask_runner import ingest as dask_ingest
        run_ingest = partial(dask_ingest, cluster=cluster)
    extra = {}
    if max_chars is not None or published is not None:
        # another budget or a date to give: read the inputs here (the bar then has no total)
        from ..ingest import iter_articles
        articles = iter_articles(list(inputs), language=language,
                                 **({"max_chars": max_chars} if max_chars is not None else {}))
        if published is not None:
            articles = _dated(articles, published)
        extra["articles"] = articles
    report = run_ingest(list(inputs), db, workers=workers, batch_size=batch_size,
                        language=language, fuse=not no_fuse, progress=progress, pipeline=pipeline,
                        **extra)
    click.echo(report.summary())
    if report.failures:
        sys.exit(1)


def _dated(articles, published: str):
    """The articles, those without a publication date given ``published`` (E115 if not a date)."""
    from dataclasses import replace

    from ..ingest.published import normalize_published
    from ..model import Article
    day = normalize_published(published, where="--published")
    for a in articles:
        yield replace(a, published=day) if isinstance(a, Article) and not a.published else a


@main.command()
@db_option
@click.option("--full", is_flag=True, help="Forget all actors and incidents and fuse everything again.")
def fuse(db, full):
    """Resolve actors across articles and merge reports of one incident (incremental).

    `ingest` runs this at its end; run it yourself after `ingest --no-fuse` or with --full.

    Example: eventwire fuse --db eventwire.db
    """
    with _open(db, readonly=False) as store:
        done = store.fuse(full=full)
        click.echo(f"Fused {done['articles']} articles: {done['events']} events into "
                   f"{done['incidents_touched']} incidents ({done['incidents_new']} new), "
                   f"{done['actors_new']} new actors.")


# ------------------------------------------------------------------------------ queries
INCIDENT_COLUMNS = [("id", "id", 8), ("date", "date", 10), ("type", "type", 16), ("place", "place", 22),
                    ("country", "country_code", 7), ("killed", "killed", 14), ("injured", "injured", 14),
                    ("sources", "n_sources", 7), ("perpetrators", "perps", 40)]
REPORT_COLUMNS = [("incident", "incident_id", 8), ("date", "date", 10), ("type", "type", 16),
                  ("place", "place", 22), ("killed", "killed", 10), ("source", "source", 20),
                  ("article", "article_id", 16), ("perpetrators", "perps", 40)]


@main.command()
@db_option
@filter_options
@format_option
@paged
@click.option("--reports", is_flag=True, help="One row per article's report instead of per incident.")
def events(db, type_, actor, country, since, until, near, q, min_confidence, fmt, limit, offset, reports):
    """List incidents (each real-world event once, with all its sources), newest first.

    Example: eventwire events --country PK --since 2018-11-01 --near 24.86,67.01,50
    """
    filters = _filters(type_, actor, country, since, until, near, q, min_confidence)
    with _open(db) as store:
        if reports:
            rows = store.events(limit=limit, offset=offset, **filters)
            columns = REPORT_COLUMNS
        else:
            rows = store.incidents(limit=limit, offset=offset, **filters)
            columns = INCIDENT_COLUMNS
            if not rows and store.count_events(**filters):
                click.echo("Note: these events are not fused into incidents yet; run "
                           "`eventwire fuse`, or add --reports to list them.", err=True)
    for r in rows:
        r["killed"] = _count({k: r[f"killed_{k}"] for k in ("low", "best", "high")})
        r["injured"] = _count({k: r[f"injured_{k}"] for k in ("low", "best", "high")})
        r["perps"] = _names(r["perpetrators"]) or _names(r["claimed_by"])
    if fmt == "json":
        for r in rows:
            r.pop("killed"), r.pop("injured"), r.pop("perps")
    _emit(rows, fmt, columns)


@main.command()
@click.argument("name")
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def actor(name, db, fmt):
    """A dossier on one actor: names, ties, events, quotes, first and last seen.

    Example: eventwire actor "Baloch Liberation Army"
    """
    with _open(db) as store:
        d = store.actor(name)
    if d is None:
        raise StoreError(Errors.E403.format(name=name, url=store.display_url))
    if fmt == "json":
        click.echo(json.dumps(d, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"{d['name']} ({d['kind']}, {d['type'] or '?'})")
    click.echo(f"  also called: {', '.join(a for a in d['aliases'] if a != d['name']) or '-'}")
    click.echo(f"  seen in {d['n_articles']} articles, first {d['first_seen'] or '?'}, "
               f"last {d['last_seen'] or '?'}")
    if d["ties"]:
        click.echo("  ties:")
        for t in d["ties"]:
            click.echo(f"    {t['head']} —{t['type']}→ {t['tail']}")
    if d["events"]:
        click.echo("  events:")
        for e in d["events"]:
            click.echo(f"    {e['date'] or '????-??-??'}  {e['role']:<11} {e['type']:<15} "
                       f"{e['place'] or ''}  (incident {e['incident_id']}, article {e['article_id']})")
    if d["quotes"]:
        click.echo("  quotes:")
        for qt in d["quotes"]:
            click.echo(f"    “{qt['text']}” ({qt['source'] or qt['article_id']}, {qt['published'] or '?'})")


@main.command()
@db_option
@click.option("--speaker", help="Only quotes by this speaker (any of their names).")
@format_option
@paged
def quotes(db, speaker, fmt, limit, offset):
    """List quotes with their speakers and sources.

    Example: eventwire quotes --speaker "Geng Shuang"
    """
    with _open(db) as store:
        rows = store.quotes(speaker=speaker, limit=limit, offset=offset)
    for r in rows:
        r["speaker"] = r["speaker_actor"] or r["speaker_name"]
    _emit(rows, fmt, [("speaker", "speaker", 28), ("quote", "text", 70), ("source", "source", 16),
                      ("published", "published", 10), ("article", "article_id", 16)])


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(db, fmt):
    """Counts of articles, events, incidents, actors, quotes in the database.

    Example: eventwire stats --db eventwire.db
    """
    with _open(db) as store:
        s = store.stats()
    if fmt == "json":
        click.echo(json.dumps(s, indent=2))
        return
    for key in ("articles", "events", "incidents", "incidents_multi_source", "unfused_events",
                "actors", "aliases", "quotes", "relations"):
        click.echo(f"{key.replace('_', ' '):<24}{s[key]}")
    click.echo(f"{'dates':<24}{s['first_date'] or '?'} … {s['last_date'] or '?'}")
    if s["events_by_type"]:
        click.echo(f"{'events by type':<24}" + ", ".join(f"{k} {v}" for k, v in s["events_by_type"].items()))
    if s["incidents_by_country"]:
        click.echo(f"{'incidents by country':<24}" + ", ".join(
            f"{k} {v}" for k, v in s["incidents_by_country"].items()))


@main.command(name="export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["acled", "gtd", "jsonl", "geojson", "stix"]),
              required=True)
@click.option("--out", type=click.Path(dir_okay=False, allow_dash=True), required=True,
              help="File to write (- for standard output).")
@filter_options
def export_cmd(db, fmt, out, type_, actor, country, since, until, near, q, min_confidence):
    """Export incidents as ACLED/GTD CSV, JSON Lines, GeoJSON or a STIX 2.1 bundle.

    Every row links back to its sources (outlets, URLs, article ids, their own figures).

    Example: eventwire export --format acled --out incidents.csv --country PK
    """
    from ..export import export
    filters = _filters(type_, actor, country, since, until, near, q, min_confidence)
    with _open(db) as store:
        if out == "-":
            n = export(store, fmt, sys.stdout, **filters)
        else:
            n = export(store, fmt, out, **filters)
            click.echo(f"Wrote {n} incidents to {out} ({fmt}).", err=True)
