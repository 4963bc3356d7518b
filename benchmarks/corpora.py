"""Benchmark corpora, built at run time from the shared data (never written to disk).

- ``muc4_articles()``: the 1500 MUC-4 texts (1300 train + 200 dev) as Articles.
- ``synthetic_articles(n, seed)``: ``n`` news-like articles made by recombining sentences of
  MUC-4, WikiEvents and PolNeAR. Deterministic for a seed, lazy (one article at a time), so a
  stream of 50k or 1M articles costs no memory in the generator itself.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from eventwire.model import Article

REPO = Path(__file__).resolve().parents[1]
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Za-z0-9])")


from eventwire.evaluate.paths import shared_data  # noqa: E402  ($EVENTWIRE_SHARED, else ../shared)


def muc4_articles(splits: tuple[str, ...] = ("train", "dev")) -> list[Article]:
    articles = []
    for split in splits:
        path = shared_data() / "muc4" / f"{split}.jsonl"
        with path.open(encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                articles.append(Article(text=doc["doctext"], source="muc4",
                                        origin=f"muc4/{split}.jsonl:{doc['docid']}"))
    return articles


def _split_sentences(text: str) -> list[str]:
    sentences = []
    for block in re.split(r"\n\s*\n|\s{3,}", text):   # MUC-4 separates paragraphs by spaces
        block = " ".join(block.split())
        sentences.extend(s for s in _SENTENCE_END.split(block) if 30 <= len(s) <= 600)
    return sentences


@lru_cache(maxsize=1)
def sentence_pool() -> tuple[str, ...]:
    """Every usable sentence of the shared corpora, in a fixed order."""
    data = shared_data()
    pool: list[str] = []
    for split in ("train", "dev"):
        with (data / "muc4" / f"{split}.jsonl").open(encoding="utf-8") as f:
            for line in f:
                pool.extend(_split_sentences(json.loads(line)["doctext"]))
    with (data / "wikievents" / "dev.jsonl").open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            pool.extend(s[1] for s in doc["sentences"] if 30 <= len(s[1]) <= 600)
    for split in ("train", "dev"):
        for path in sorted((data / "polnear" / split / "text").glob("*.txt")):
            pool.extend(_split_sentences(path.read_text(encoding="utf-8")))
    return tuple(pool)


def synthetic_articles(n: int, seed: int = 20181127, *, min_sentences: int = 8,
                       max_sentences: int = 22) -> Iterator[Article]:
    """``n`` articles of recombined sentences (≈ the MUC-4 length on average), deterministic."""
    pool = sentence_pool()
    rng = random.Random(seed)
    base = dt.date(2015, 1, 1)
    for i in range(n):
        k = rng.randint(min_sentences, max_sentences)
        body = [pool[rng.randrange(len(pool))] for _ in range(k)]
        paragraphs = [" ".join(body[j:j + 3]) for j in range(0, k, 3)]
        published = (base + dt.timedelta(days=rng.randrange(3650))).isoformat()
        yield Article(text="\n\n".join(paragraphs), title=body[0][:80], published=published,
                      source="synthetic", origin=f"synthetic:{seed}:{i}")
