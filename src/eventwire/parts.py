"""Long documents in parts: bounded memory and linear time for any length of text.

A text longer than ``PART_CHARS`` (``resources/limits.toml``) is cut into paragraph-aligned
parts (sentence ends, then clause punctuation, then spaces where a text has no line breaks);
each part is parsed, analysed and extracted on its own and its spaCy ``Doc`` is released before
the next part is parsed, so memory is that of one part whatever the length of the document, and
the per-part work (which grows a little faster than the part's length: incidents × candidates)
is bounded. The parts' extractions are merged into one ``Extraction`` of the whole article:
offsets shifted into the whole text, sentence indices renumbered, entities of the same type and
name merged into one (their ids rewritten wherever an argument, place or quote names them), and
events renumbered in text order.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Callable, Iterator, Optional

from .limits import PART_CHARS
from .model import Article, Entity, Extraction
from .nlp.pipeline import _chunks

_CHAR_FIELDS = ("start", "end")
_SENTENCE_FIELDS = ("sentence", "index")


def article_parts(article: Article, size: int = PART_CHARS) -> Iterator[tuple[int, Article]]:
    """(offset in ``article.text``, part article) for each part; one part for a short text."""
    offset = 0
    for k, piece in enumerate(_chunks(article.text, size)):
        yield offset, Article(text=piece, title=article.title if k == 0 else None,
                              published=article.published, source=article.source, url=article.url,
                              language=article.language, id=f"{article.id}-p{k}",
                              origin=article.origin)
        offset += len(piece)


def _shift(obj, chars: int, sents: int, ids: dict[str, str], seen: set[int]) -> None:
    """Shift every char offset and sentence index in ``obj`` (dataclasses and lists of them)
    once, however many records share an object, and rename entity ids."""
    if isinstance(obj, list):
        for item in obj:
            _shift(item, chars, sents, ids, seen)
        return
    if not is_dataclass(obj) or isinstance(obj, Article) or id(obj) in seen:
        return
    seen.add(id(obj))
    for f in fields(obj):
        value = getattr(obj, f.name)
        if f.name in _CHAR_FIELDS and isinstance(value, int):
            setattr(obj, f.name, value + chars)
        elif f.name in _SENTENCE_FIELDS and isinstance(value, int):
            setattr(obj, f.name, value + sents)
        elif f.name == "entity_id" and isinstance(value, str):
            setattr(obj, f.name, ids.get(value, value))
        elif isinstance(value, list) or is_dataclass(value):
            _shift(value, chars, sents, ids, seen)


def run_in_parts(article: Article, run: Callable[[Article], Extraction],
                 size: int = PART_CHARS) -> Extraction:
    """``run`` over each part of ``article`` in turn, merged into one Extraction of it."""
    merged = Extraction(article=article)
    by_key: dict[tuple[str, str], Entity] = {}
    for offset, part in article_parts(article, size):
        ex = run(part)
        ids: dict[str, str] = {}
        for ent in ex.entities:                  # same type and name: one entity of the article
            key = (ent.type, ent.name)
            known: Optional[Entity] = by_key.get(key)
            if known is None:
                ids[ent.id] = f"E{len(merged.entities)}"
                ent.id = ids[ent.id]
                by_key[key] = ent
                merged.entities.append(ent)
            else:
                ids[ent.id] = known.id
                known.aliases += [a for a in ent.aliases if a not in known.aliases]
                known.mentions.extend(ent.mentions)
        seen: set[int] = set()
        sents = len(merged.sentences)
        for records in (ex.sentences, ex.entities, ex.dates, ex.places, ex.events, ex.quotes,
                        ex.relations):
            _shift(records, offset, sents, ids, seen)
        merged.sentences += ex.sentences
        merged.dates += ex.dates
        merged.places += ex.places
        merged.events += ex.events
        merged.quotes += ex.quotes
        merged.relations += ex.relations
        del ex                                   # the part's doc went with its Analysis
    for n, ev in enumerate(merged.events, 1):
        ev.id = f"{article.id}-e{n}"
    return merged
