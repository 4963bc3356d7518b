"""`eventwire evaluate incidents`: every incident of a text, ACLED/GTD-coder style."""
from __future__ import annotations

import click

from .evaluate_cmd import evaluate
from .options import extractor_option


@evaluate.command("incidents")
@click.option("--articles", type=click.Path(dir_okay=False), default=None,
              help="JSONL of the texts (text, published, id/url). Default: the dev set in "
                   "../shared/data/incidents (WikiEvents dev + SATP train rows 1-60).")
@click.option("--gold", type=click.Path(dir_okay=False), default=None,
              help="JSONL of incident gold, one line per text keyed by id (the format of "
                   "../shared/data/incidents). Needed with --articles.")
@extractor_option
@click.option("--min-confidence", type=float, default=0.0, show_default=True,
              help="Score only events at least this confident.")
@click.option("--misses", is_flag=True, help="Also print each text's spurious, missed and wrong fields.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_incidents_cmd(articles, gold, extractor, min_confidence, misses, as_json):
    """Score every incident of each text: found, ACLED type, date, place, country, tolls, perpetrator.

    Example: eventwire evaluate incidents --articles A.jsonl --gold G.jsonl
    """
    import json
    from pathlib import Path

    from ..errors import Errors, UsageError
    from ..evaluate import incidents

    if (articles is None) != (gold is None):
        raise UsageError(Errors.E520.format())
    texts = (incidents.load_pairs(Path(articles), Path(gold)) if articles else incidents.load_dev())
    scores = incidents.evaluate_incidents(texts, extractor=extractor, min_confidence=min_confidence)
    if as_json:
        click.echo(json.dumps(scores.to_dict() | ({"misses": scores.misses} if misses else {}), indent=2))
        return
    click.echo(incidents.format_scores(scores))
    if misses:
        for miss in scores.misses:
            click.echo(json.dumps(miss, ensure_ascii=False))
