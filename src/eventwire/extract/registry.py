"""Incident extractors as registered components, built from configuration by name.

    from eventwire.extract.registry import register_extractor, build_extractor

    @register_extractor("mine")
    class MyExtractor:
        '''One line for `eventwire extractors`.'''
        def __init__(self, settings): ...
        def __call__(self, analysis) -> list[Event]: ...

    extractor = build_extractor("rules", Settings.load())
    events = extractor(analysis)

The way spaCy builds pipeline components from ``@Language.factory`` names: ``Pipeline`` builds
the extractor its settings name (``[pipeline] extractor``), ``--extractor NAME`` on the command
line picks another, and two implementations can be run and scored side by side on the same
analysis. An extractor finds incidents and fills their slots; the steps of ``steps.py`` (claims,
dateline clean-up, context, codes) run after whichever extractor made the events.
"""
from __future__ import annotations

from typing import Callable, Protocol, runtime_checkable

from ..errors import Errors, UsageError
from ..model import Event
from ..nlp.analysis import Analysis
from ..settings import Settings


@runtime_checkable
class IncidentExtractor(Protocol):
    name: str

    def __call__(self, analysis: Analysis) -> list[Event]: ...


_REGISTRY: dict[str, type] = {}
# modules that register the shipped extractors when imported
_BUILTIN = ("eventwire.extract.rules", "eventwire.extract.mentions", "eventwire.extract.document")


def register_extractor(name: str) -> Callable[[type], type]:
    def deco(cls: type) -> type:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise ValueError(f"an extractor called '{name}' is already registered ({_REGISTRY[name].__module__})")
        cls.name = name
        _REGISTRY[name] = cls
        return cls
    return deco


def _load_builtins() -> None:
    import importlib
    for module in _BUILTIN:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:        # the module exists but something it imports is missing
                raise


def extractor_names() -> list[str]:
    _load_builtins()
    return sorted(_REGISTRY)


def extractor_class(name: str) -> type:
    _load_builtins()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UsageError(Errors.E202.format(name=name, known=", ".join(sorted(_REGISTRY)))) from None


def build_extractor(name: str, settings: Settings) -> IncidentExtractor:
    return extractor_class(name)(settings)


def describe(name: str) -> str:
    """The first line of the extractor's docstring."""
    doc = (extractor_class(name).__doc__ or "").strip()
    return doc.splitlines()[0] if doc else ""
