"""The command line: a thin skin over the Python API.

Each command module registers its commands on ``main``; known library errors
(``EventwireError``) become one line on stderr and the documented exit code.
"""
from __future__ import annotations

import sys

import click

from ..errors import EventwireError


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except EventwireError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(e.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventwire")
def main() -> None:
    """eventwire: turn news reports of political violence into an event database.

    Example: eventwire extract article.txt --published 2018-11-27
    """


from . import extract_cmd  # noqa: E402,F401  (registers commands)
from . import evaluate_cmd  # noqa: E402,F401
from . import corpus_cmd  # noqa: E402,F401
from . import serve_cmd  # noqa: E402,F401
from . import evaluate_incidents_cmd  # noqa: E402,F401
from . import evaluate_geo_cmd  # noqa: E402,F401
from . import code_cmd  # noqa: E402,F401
