"""Options several commands share."""
from __future__ import annotations

import click


def _check_extractor(ctx, param, value):
    if value is not None:
        from ..extract.registry import extractor_class
        extractor_class(value)                  # an unknown name: E202, exit 2
    return value


def extractor_option(fn):
    """``--extractor NAME``: the registered incident extractor to run (``eventwire extractors``)."""
    return click.option("--extractor", default=None, metavar="NAME", callback=_check_extractor,
                        expose_value=True,
                        help="Incident extractor to run (default: the settings' choice; "
                             "`eventwire extractors` lists them).")(fn)
