"""The rule system as a registered extractor: triggers, incident grouping by rules, arguments
from the parse plus the learned MUC-4 role scorer (``events.py``)."""
from __future__ import annotations

from ..model import Event
from ..nlp.analysis import Analysis
from ..settings import Settings
from .events import relevance_model, role_model, rule_events
from .registry import register_extractor


@register_extractor("rules")
class RuleExtractor:
    """Hand-written triggers and incident rules, with MUC-4-trained role and relevance models."""

    def __init__(self, settings: Settings):
        self.settings = settings
        role_model(), relevance_model()        # a missing model file fails here, at build time

    def __call__(self, analysis: Analysis) -> list[Event]:
        return rule_events(analysis, self.settings)
