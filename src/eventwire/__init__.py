"""eventwire: news reports of political violence in, a trustworthy event database out.

Python API::

    import eventwire
    record = eventwire.extract(text, published="2018-11-27")   # -> dict (README record)
    ex = eventwire.extract_article(article)                     # -> model.Extraction
"""
from __future__ import annotations

__version__ = "0.1.0"

from .model import Article, Extraction  # noqa: E402


def extract(text: str, published: str | None = None, *, title: str | None = None,
            source: str | None = None, url: str | None = None, html: bool | None = None) -> dict:
    """Extract entities, dates, places, events, quotes and relations from one article.

    ``text`` may be plain text or an HTML page (detected, or forced with ``html=``).
    Returns the JSON-ready record (see README, "The record").
    """
    from .pipeline import extract_text
    return extract_text(text, published=published, title=title, source=source, url=url,
                        html=html).to_dict()


def extract_article(article: Article) -> Extraction:
    from .pipeline import Pipeline
    return Pipeline.default().run(article)


__all__ = ["extract", "extract_article", "Article", "Extraction", "__version__"]
