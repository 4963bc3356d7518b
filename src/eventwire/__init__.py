"""eventwire: news reports of political violence in, a trustworthy event database out.

Python API::

    import eventwire
    record = eventwire.extract(text, published="2018-11-27")   # -> dict (README record)
    ex = eventwire.extract_article(article)                     # -> model.Extraction
"""
from __future__ import annotations

import importlib
import types

__version__ = "0.1.0"

from .model import Article, Extraction  # noqa: E402


def extract(text: str, published: str | None = None, *, title: str | None = None,
            source: str | None = None, url: str | None = None, html: bool | None = None,
            extractor: str | None = None) -> dict:
    """Extract entities, dates, places, events, quotes and relations from one article.

    ``text`` may be plain text or an HTML page (detected, or forced with ``html=``).
    ``extractor`` names a registered incident extractor (default: the settings' choice).
    Returns the JSON-ready record (see README, "The record").
    """
    from .pipeline import extract_text
    return extract_text(text, published=published, title=title, source=source, url=url,
                        html=html, extractor=extractor).to_dict()


def extract_article(article: Article, extractor: str | None = None) -> Extraction:
    from .pipeline import Pipeline
    return Pipeline.default(extractor).run(article)


class _CallableExtractPackage(types.ModuleType):
    """``eventwire.extract`` is both the extractors' package and the API function.

    Importing ``eventwire.extract.events`` binds the package to the name ``extract`` on
    ``eventwire``; making the package callable keeps ``eventwire.extract(text, …)`` working.
    """

    def __call__(self, text: str, published: str | None = None, **kwargs) -> dict:
        return _extract_function(text, published, **kwargs)


_extract_function = extract
_extract_package = importlib.import_module(".extract", __name__)

_extract_package.__class__ = _CallableExtractPackage
extract = _extract_package  # noqa: F811

__all__ = ["extract", "extract_article", "Article", "Extraction", "__version__"]
