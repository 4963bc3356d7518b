"""`eventwire evaluate …`: scorers against the shared dev sets."""
from __future__ import annotations

import click

from . import main
from .options import extractor_option


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


@evaluate.command("muc4")
@click.option("--gold", type=click.Path(dir_okay=False), default=None,
              help="MUC-4 processed JSONL (default: ../shared/data/muc4/dev.jsonl).")
@click.option("--predictions-out", type=click.Path(dir_okay=False), default=None,
              help="Write the predicted templates here, in the same JSONL format.")
@click.option("--predictions", "predictions_in", type=click.Path(dir_okay=False), default=None,
              help="Score this predictions file instead of running eventwire.")
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@extractor_option
def evaluate_muc4_cmd(gold, predictions_out, predictions_in, limit, as_json, extractor):
    """Fill MUC-4 templates with eventwire and score them (GTT template metric + CEAF-REE).

    Example: eventwire evaluate muc4 --gold ../shared/data/muc4/dev.jsonl
    """
    import json
    from pathlib import Path

    from ..evaluate import muc4
    from ..evaluate.paths import shared_data

    docs = muc4.read_jsonl(Path(gold) if gold else shared_data() / "muc4" / "dev.jsonl")
    if limit is not None:
        docs = docs[:limit]
    if predictions_in:
        predictions = {d["docid"]: d.get("templates", []) for d in muc4.read_jsonl(predictions_in)}
    else:
        predictions = muc4.predict(docs, extractor=extractor)
    if predictions_out:
        muc4.write_predictions(predictions_out, docs, predictions)
    template = muc4.score_templates(predictions, docs)
    doc_level = muc4.score_document_level(predictions, docs)
    if as_json:
        click.echo(json.dumps({"documents": len(docs), "template": template.as_dict(),
                               "doc_level_ceaf_ree": doc_level.as_dict()}, indent=2))
        return
    click.echo(f"{len(docs)} documents")
    click.echo(muc4.format_table(template, "Template metric (GTT)"))
    click.echo("")
    click.echo(muc4.format_table(doc_level, "Document level (CEAF-REE)"))


@evaluate.command("wikievents")
@click.option("--gold", type=click.Path(dir_okay=False), default=None,
              help="WikiEvents JSONL (default: ../shared/data/wikievents/dev.jsonl).")
@click.option("--coref", type=click.Path(dir_okay=False), default=None,
              help="Coreference clusters (default: ../shared/data/wikievents/coref/dev.jsonlines).")
@click.option("--limit", type=int, default=None, help="Score only the first N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@extractor_option
def evaluate_wikievents_cmd(gold, coref, limit, as_json, extractor):
    """Score attack arguments (Attacker, Target, Instrument, Place, Victim) against WikiEvents.

    Example: eventwire evaluate wikievents --gold ../shared/data/wikievents/dev.jsonl
    --coref ../shared/data/wikievents/coref/dev.jsonlines
    """
    import json
    from pathlib import Path

    from ..evaluate import muc4, wikievents
    from ..evaluate.paths import shared_data

    base = shared_data() / "wikievents"
    golds = wikievents.load(Path(gold) if gold else base / "dev.jsonl",
                            Path(coref) if coref else base / "coref" / "dev.jsonlines")
    if limit is not None:
        golds = golds[:limit]
    scores = wikievents.score(golds, wikievents.predict(golds, extractor=extractor))
    if as_json:
        click.echo(json.dumps({"documents": len(golds), "scores": scores.as_dict()}, indent=2))
        return
    click.echo(f"{len(golds)} documents")
    click.echo(muc4.format_table(scores, "WikiEvents attack arguments (entity-level, coreference)"))


@evaluate.command("reports")
@click.option("--articles", type=click.Path(dir_okay=False), default="tests/corpus/articles.jsonl",
              show_default=True, help="JSONL of the news reports (text, title, published, url).")
@click.option("--gold", type=click.Path(dir_okay=False), default="tests/corpus/gold.jsonl",
              show_default=True, help="JSONL of each report's main incident (see docs/events.md).")
@click.option("--misses", is_flag=True, help="Also print each report's wrong fields, for error analysis.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@extractor_option
def evaluate_reports_cmd(articles, gold, misses, as_json, extractor):
    """Score the main incident of each news report: type, date, place, tolls, perpetrators.

    Example: eventwire evaluate reports --articles tests/corpus/articles.jsonl --gold tests/corpus/gold.jsonl
    """
    import json
    from pathlib import Path

    from ..errors import DataError, Errors
    from ..evaluate.reports import evaluate_reports, format_scores

    for path in (articles, gold):
        if not Path(path).exists():
            raise DataError(Errors.E502.format(path=path))
    from ..pipeline import Pipeline
    scores = evaluate_reports(Path(articles), Path(gold), pipeline=Pipeline.default(extractor))
    if as_json:
        click.echo(json.dumps(scores.to_dict() | ({"misses": scores.misses} if misses else {}), indent=2))
        return
    click.echo(format_scores(scores))
    if misses:
        for miss in scores.misses:
            click.echo(json.dumps(miss, ensure_ascii=False))
