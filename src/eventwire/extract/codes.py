"""Event codes in the vocabularies analysts use: ACLED event/sub-event type (all 25), GTD attack
type, CAMEO, PLOVER type and mode, ACLED inter codes, interaction and civilian targeting.

A thin door to ``extract/coding/`` (issue 13): the sub-event type is learned from the event's
words and decided with the actor types as ACLED's codebook decides it; the codes come from one
table (``resources/coding/taxonomy.json``) that the exports read too.
"""
from __future__ import annotations

from typing import Any

from ..model import Event
from .coding import code_event, code_events  # noqa: F401  (code_events: the pipeline's codes step)


def codes_for(event: Event) -> dict[str, Any]:
    return code_event(event)
