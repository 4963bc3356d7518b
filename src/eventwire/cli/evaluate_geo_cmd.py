"""`eventwire evaluate geo`: toponym resolution scores on a geo-annotated corpus."""
from __future__ import annotations

import click

from .evaluate_cmd import evaluate


@evaluate.command("geo")
@click.option("--corpus", type=click.Path(dir_okay=False), default=None,
              help="GeoVirus- or LGL-style XML (default: ../shared/data/geo/geovirus.xml).")
@click.option("--part", type=click.Choice(["all", "train", "test"]), default="all", show_default=True,
              help="Score one half only: the geocoder's weights are learned on GeoVirus' 'train' half.")
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_geo_cmd(corpus, part, limit, as_json):
    """Score geocoding: toponyms found, within 161 km and 25 km, median error, GeoNames ids.

    Example: eventwire evaluate geo --corpus ../shared/data/geo/geovirus.xml --part test
    """
    import json
    import xml.etree.ElementTree as ET
    from pathlib import Path

    from ..errors import DataError, Errors, InputError
    from ..evaluate.geo import evaluate_geo, format_scores, load_corpus
    from ..evaluate.paths import shared_data

    path = Path(corpus) if corpus else shared_data() / "geo" / "geovirus.xml"
    if not path.exists():
        raise DataError(Errors.E502.format(path=path))
    try:
        docs = load_corpus(path)
    except ET.ParseError as e:
        raise InputError(Errors.E516.format(path=path, detail=f"XML error: {e}")) from e
    if not any(d.toponyms for d in docs):
        raise InputError(Errors.E516.format(path=path, detail="no article with a located toponym"))
    scores = evaluate_geo(path, docs=docs, part=part, limit=limit)
    click.echo(json.dumps(scores, indent=1) if as_json else format_scores(scores))
