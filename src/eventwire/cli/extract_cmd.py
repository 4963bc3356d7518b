"""`eventwire extract`: one article (file or stdin) → the JSON record."""
from __future__ import annotations

import json
import sys

import click

from . import main
from .options import extractor_option


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--published", help="Publication date YYYY-MM-DD; relative dates are resolved against it.")
@click.option("--title", help="Article title (default: a first line followed by a blank line).")
@click.option("--source", help="Publisher or outlet name.")
@click.option("--url", help="URL of the article.")
@click.option("--html/--text", "html", default=None, help="Force HTML or plain text (default: detect).")
@click.option("--language", default="en", show_default=True,
              help="Expected language; 'any' processes non-English text too.")
@click.option("--max-mb", type=float, default=5.0, show_default=True, help="Refuse larger inputs.")
@click.option("--max-chars", type=click.IntRange(0), default=None,
              help="Refuse a text of more characters (E120; 0: no budget). Default: 2,000,000 "
                   "(resources/limits.toml); longer texts up to it are analysed in parts.")
@click.option("--lenient", is_flag=True,
              help="Read invalid UTF-8 bytes as U+FFFD instead of refusing the file (E103).")
@click.option("--compact", is_flag=True, help="One-line JSON instead of indented.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0,
              help="Keep only events at least this confident (with --extractor incidents: the "
                   "calibrated probability that the incident is reported in its own right).")
@extractor_option
def extract(file, published, title, source, url, html, language, max_mb, max_chars, lenient, compact,
            min_confidence, extractor):
    """Extract entities, dates, places, events, quotes and relations from one article.

    FILE is a plain-text or HTML file, or - for standard input. Prints the record as JSON
    (README, "The record").

    Example: eventwire extract ../shared/seed/karachi-consulate-attack.txt --published 2018-11-27
    """
    from ..ingest import read_bytes, read_file
    from ..pipeline import Pipeline

    options = dict(title=title, published=published, source=source, url=url, html=html,
                   language=language, max_mb=max_mb, errors="replace" if lenient else "strict")
    if max_chars is not None:
        options["max_chars"] = max_chars
    if file == "-":
        article = read_bytes(sys.stdin.buffer.read(), where="<stdin>", **options)
    else:
        # read_file refuses multi-article files (JSONL, feeds, WARC: use `eventwire ingest`)
        article = read_file(file, **options)
    record = Pipeline.default(extractor).run(article).to_dict()
    if min_confidence:
        record["events"] = [e for e in record["events"] if (e.get("confidence") or 0.0) >= min_confidence]
    click.echo(json.dumps(record, ensure_ascii=False, indent=None if compact else 2))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def extractors(as_json):
    """List the registered incident extractors (names for --extractor).

    The default is the one `[pipeline] extractor` names in the settings file.

    Example: eventwire extractors
    """
    from ..extract.registry import describe, extractor_names
    from ..settings import Settings

    default = Settings.load().pipeline.extractor
    rows = [{"name": n, "default": n == default, "description": describe(n)} for n in extractor_names()]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        mark = "*" if r["default"] else " "
        click.echo(f"{mark} {r['name']:<{width}}  {r['description']}")
