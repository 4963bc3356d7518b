"""`eventwire evaluate …`: scorers against the shared dev sets."""
from __future__ import annotations

import click

from . import main


@main.group()
def evaluate() -> None:
    """Score eventwire against annotated data (MUC-4, WikiEvents, PolNeAR).

    Example: eventwire evaluate muc4 --gold ../shared/data/muc4/dev.jsonl
    """


@evaluate.command("entities")
@click.option("--gold", type=click.Path(dir_okay=False), default=None,
              help="WikiEvents JSONL (default: ../shared/data/wikievents/dev.jsonl).")
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
def evaluate_entities_cmd(gold, limit):
    """Score named-entity mentions and geocoding against WikiEvents entity mentions.

    Example: eventwire evaluate entities --gold ../shared/data/wikievents/dev.jsonl
    """
    from pathlib import Path

    from ..errors import DataError, Errors
    from ..evaluate.entities import evaluate_entities, format_scores
    from ..evaluate.paths import shared_data

    path = Path(gold) if gold else shared_data() / "wikievents" / "dev.jsonl"
    if not path.exists():
        raise DataError(Errors.E502.format(path=path))
    click.echo(format_scores(evaluate_entities(path, limit=limit)))


@evaluate.command("polnear")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="A PolNeAR split folder with attributions/ and text/ "
                   "(default: ../shared/data/polnear/dev).")
@click.option("--limit", type=int, default=None, help="Score only the first N annotation files.")
@click.option("--strict", is_flag=True,
              help="Count quotes that match out-of-scope attributions as false positives.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_polnear_cmd(directory, limit, strict, as_json):
    """Score quote and speaker extraction against PolNeAR attributions.

    Example: eventwire evaluate polnear --dir ../shared/data/polnear/dev
    """
    import json

    from ..evaluate.polnear import default_polnear_dir, evaluate_polnear, format_score

    path = directory or default_polnear_dir("dev")
    score = evaluate_polnear(path, limit=limit, strict=strict)
    click.echo(json.dumps(score.as_dict(), indent=2) if as_json else format_score(score, path))
