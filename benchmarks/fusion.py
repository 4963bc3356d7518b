"""Dedup quality on the team's corpus (tests/corpus): pairwise precision/recall.

Two measurements, both printed:

- ``gold-facts``: each article's event is built by hand from its gold annotation (type,
  date, place, counts, actor names *as written*), so the score is fusion's alone.
- ``pipeline``: the real pipeline reads each article's text (and the seed article);
  the score is the whole system's (extraction errors included).

    .venv/bin/python benchmarks/fusion.py [--mode both|gold-facts|pipeline] [--db FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
sys.path.insert(0, str(ROOT / "src"))

from eventwire.evaluate.dedup import pairwise_scores  # noqa: E402
from eventwire.model import Article  # noqa: E402
from eventwire.store import Store  # noqa: E402
from eventwire.store.testing import event, make_extraction  # noqa: E402
from eventwire.evaluate.paths import shared_dir  # noqa: E402  ($EVENTWIRE_SHARED, else ../shared)


def load_gold() -> list[dict]:
    return [json.loads(line) for line in (CORPUS / "gold.jsonl").read_text("utf-8").splitlines() if line]


def load_articles() -> dict[str, Article]:
    """Gold name → Article (the corpus JSONL plus the seed from the shared folder)."""
    out = {}
    by_url = {g["url"]: g["name"] for g in load_gold() if "url" in g}
    for line in (CORPUS / "articles.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        out[by_url[rec["url"]]] = Article(text=rec["text"], title=rec["title"], published=rec["published"],
                                          source=rec["source"], url=rec["url"])
    for g in load_gold():
        if "path" in g:
            path = shared_dir() / g["path"]
            if path.exists():
                title, _, body = path.read_text("utf-8").partition("\n\n")
                out[g["name"]] = Article(text=body, title=title.strip(), published=g["published"],
                                         source="seed", url=None)
    return out


def gold_extraction(g: dict, article: Article):
    """The article's main event exactly as the gold annotation states it."""
    spec = event(g["type"], date=g["date"], place=(g["place"], g["country_code"], g["lat"], g["lon"]),
                 killed=g.get("killed"), injured=g.get("injured"),
                 perpetrators=g.get("perpetrators") or [])
    ex = make_extraction(article.text, published=article.published, title=article.title,
                         source=article.source, url=article.url, events=[spec])
    ex.article = article
    return ex


def clusters(store: Store) -> list[set[str]]:
    out = []
    offset = 0
    while True:
        page = store.incidents(limit=1000, offset=offset)
        out += [{s["article_id"] for s in inc["sources"]} for inc in page]
        if len(page) < 1000:
            return out
        offset += 1000


def run(mode: str, db: str) -> dict:
    gold = {g["name"]: g for g in load_gold()}
    articles = load_articles()
    gold_map = {articles[n].id: g["incident"] for n, g in gold.items() if n in articles}
    with Store(db) as store:
        if mode == "gold-facts":
            for name, article in articles.items():
                store.add_extraction(gold_extraction(gold[name], article))
        else:
            from eventwire.pipeline import Pipeline
            for ex in Pipeline.default().run_many(articles.values()):
                store.add_extraction(ex)
        store.fuse()
        scores = pairwise_scores(gold_map, clusters(store))
        scores["articles"] = len(gold_map)
        scores["gold_incidents"] = len(set(gold_map.values()))
        scores["incidents"] = store.stats()["incidents"]
        scores["ranges"] = _ranges(store)
    return scores


def _ranges(store: Store) -> list[str]:
    out = []
    for inc in store.incidents(limit=1000):
        if inc["n_sources"] > 1 and inc["killed_best"] is not None:
            figs = ", ".join(f"{s['source']} {s['killed_best']}" for s in inc["sources"]
                             if s["killed_best"] is not None)
            out.append(f"{inc['place']} {inc['date']}: killed {inc['killed_low']}–{inc['killed_high']} "
                       f"(best {inc['killed_best']}; {figs})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["both", "gold-facts", "pipeline"], default="both")
    ap.add_argument("--db", help="keep the database here (default: a temporary file)")
    ap.add_argument("--show-ranges", action="store_true")
    ap.add_argument("--corpus", type=Path, default=CORPUS,
                    help="folder with articles.jsonl and gold.jsonl (e.g. tests/corpus/heldout)")
    args = ap.parse_args()
    globals()["CORPUS"] = args.corpus
    modes = ["gold-facts", "pipeline"] if args.mode == "both" else [args.mode]
    for mode in modes:
        with tempfile.TemporaryDirectory() as tmp:
            db = args.db or str(Path(tmp) / f"fusion-{mode}.db")
            s = run(mode, db)
        print(f"{mode:>10}: pairwise precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
              f"F1 {s['f1']:.3f}  ({s['true_pairs']}/{s['predicted_pairs']} predicted pairs right, "
              f"{s['true_pairs']}/{s['gold_pairs']} gold pairs found; {s['articles']} articles, "
              f"{s['gold_incidents']} gold incidents, {s['incidents']} incidents stored)")
        if args.show_ranges:
            for line in s["ranges"]:
                print("            " + line)


if __name__ == "__main__":
    main()
