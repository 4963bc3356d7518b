"""NLP layer: one spaCy pipeline plus dates, places and actors.

    from eventwire.nlp import analyze, load_nlp
    analysis = analyze(article)            # -> Analysis
"""
from .analysis import Analysis

__all__ = ["Analysis", "analyze", "load_nlp"]


def load_nlp(*args, **kwargs):
    from .pipeline import load_nlp as _load
    return _load(*args, **kwargs)


def analyze(article, nlp=None, doc=None):
    from .pipeline import analyze as _analyze
    return _analyze(article, nlp=nlp, doc=doc)
