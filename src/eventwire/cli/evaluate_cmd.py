"""`eventwire evaluate …`: scorers against the shared dev sets."""
from __future__ import annotations

import click

from . import main


@main.group()
def evaluate() -> None:
    """Score eventwire against annotated data (MUC-4, WikiEvents, PolNeAR).

    Example: eventwire evaluate muc4 --gold ../shared/data/muc4/dev.jsonl
    """
