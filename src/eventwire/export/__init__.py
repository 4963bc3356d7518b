"""Exports of the fused incidents: ACLED and GTD style CSV, JSON Lines, GeoJSON, STIX 2.1.

    from eventwire.export import export
    n = export(store, "acled", "events.csv", country="PK")    # same filters as Store.incidents

Every row or object links back to its sources (outlets, URLs, article ids, each
source's own casualty figures).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Union

from ..errors import Errors, UsageError
from . import acled, geojson, gtd, jsonl, stix

FORMATS = {"acled": acled.write, "gtd": gtd.write, "jsonl": jsonl.write,
           "geojson": geojson.write, "stix": stix.write}


def export(store, format: str, out: Union[str, os.PathLike, IO[str]], **filters) -> int:
    """Write ``format`` to ``out`` (a path, or an open text file); returns the rows written."""
    writer = FORMATS.get(format)
    if writer is None:
        raise UsageError(Errors.E201.format(value=format, what="export format",
                                            hint="use one of " + ", ".join(FORMATS)))
    if hasattr(out, "write"):
        return writer(store, out, **filters)
    path = Path(out)
    tmp = path.with_name(path.name + ".part")
    # newline="" lets the csv module write its own line ends
    with open(tmp, "w", encoding="utf-8", newline="") as fh:
        n = writer(store, fh, **filters)
    tmp.replace(path)      # a reader never sees half a file
    return n


__all__ = ["export", "FORMATS"]
