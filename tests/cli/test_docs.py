"""Every command is documented (README or docs/) and its help carries an example."""
from pathlib import Path

import click
import pytest

from eventwire.cli import main

REPO = Path(__file__).resolve().parents[2]
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))])


def _commands(group: click.Group, prefix: str = "eventwire"):
    for name, cmd in group.commands.items():
        yield f"{prefix} {name}", cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, f"{prefix} {name}")


@pytest.mark.parametrize("path,cmd", list(_commands(main)), ids=lambda x: x if isinstance(x, str) else "")
def test_command_documented_with_example(path, cmd):
    assert path in DOCS, f"`{path}` is not documented in README.md or docs/"
    assert "Example:" in (cmd.help or ""), f"`{path} --help` has no Example:"
