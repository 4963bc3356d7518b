"""Time and peak memory of the full pipeline against the length and the shape of one text.

Three shapes of the same generated violent news prose (written here, not taken from any corpus):

    para     paragraphs of two to four sentences, blank lines between them
    line     the same text on one line (no line breaks at all)
    nostop   one sentence without a stop: "militants attacked the post and " repeated

at 10 KB, 100 KB, 1 MB (and, with --cap, the per-document budget ``max_chars``). Each case runs
in a fresh process (so the peak resident memory is that case's own): the model is loaded and
warmed up, then ``Pipeline.run`` of the article is timed. The last column is the time over the
paragraphed text's time at the same size.

Usage: python benchmarks/scaling.py [--sizes 10000,100000,1000000] [--cap] [--shapes para,line,nostop]
       python benchmarks/scaling.py --one SHAPE SIZE      (one case, prints JSON)
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time

GROUPS = ["Gunmen", "Militants", "Suspected rebels", "Armed men", "Insurgents",
          "Fighters of a local militia", "Attackers on motorcycles"]
TARGETS = ["a police post", "an army checkpoint", "a crowded market", "a village mosque",
           "a bus carrying workers", "a government office", "a military convoy"]
PLACES = ["Kabul", "Maiduguri", "Quetta", "Mogadishu", "Gao", "Peshawar", "Kirkuk", "Mosul", "Goma",
          "Kandahar"]
DAYS = ["on Monday", "on Tuesday", "late on Wednesday", "early on Thursday", "on Friday", "overnight",
        "on Saturday morning"]
VERBS = ["attacked", "stormed", "ambushed", "opened fire on", "raided"]
NUMBERS = ["two", "three", "five", "seven", "12", "15", "at least 20", "nine"]
SAID = ["police said", "officials said", "a local official told reporters",
        "the army said in a statement", "witnesses said"]
OTHER = [
    "No group immediately claimed responsibility for the attack.",
    "The wounded were taken to a hospital in {p}, where several were in critical condition.",
    "Security forces later sealed off the area and launched a search for the attackers.",
    "Residents said the gunfire lasted for more than an hour before reinforcements arrived.",
    "The attack came a week after a similar assault on a checkpoint near {p}.",
    "A spokesman for the provincial government condemned the killings and promised an investigation.",
]
RUN_ON = "militants attacked the post and "


def _sentence(rnd: random.Random) -> str:
    if rnd.random() < 0.55:
        return (f"{rnd.choice(GROUPS)} {rnd.choice(VERBS)} {rnd.choice(TARGETS)} in {rnd.choice(PLACES)} "
                f"{rnd.choice(DAYS)}, killing {rnd.choice(NUMBERS)} people and wounding "
                f"{rnd.choice(NUMBERS)} others, {rnd.choice(SAID)}.")
    return rnd.choice(OTHER).format(p=rnd.choice(PLACES))


def _sentences(n_chars: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    sentences, size = [], 0
    while size < n_chars:
        s = _sentence(rnd)
        sentences.append(s)
        size += len(s) + 1
    return sentences


def news_prose(n_chars: int, seed: int = 15, paragraphs: int | None = None) -> str:
    """About ``n_chars`` of violent news prose in paragraphs (``paragraphs`` of them, if given)."""
    sentences = _sentences(n_chars, seed)
    n_par = paragraphs or max(1, len(sentences) // 3)
    per = -(-len(sentences) // n_par)
    paras = [" ".join(sentences[i:i + per]) for i in range(0, len(sentences), per)]
    return "\n\n".join(paras)


def html_page(n_chars: int, paragraphs: int, seed: int = 15) -> str:
    """An HTML page of about ``n_chars`` of the same prose (the sentences of ``news_prose``) in
    exactly ``paragraphs`` ``<p>`` elements, the sentences shared out evenly (at least one each)."""
    sentences = _sentences(n_chars, seed)
    if len(sentences) < paragraphs:
        raise ValueError(f"{len(sentences)} sentences for {paragraphs} paragraphs")
    q, r = divmod(len(sentences), paragraphs)
    paras, i = [], 0
    for k in range(paragraphs):
        n = q + (k < r)
        paras.append(" ".join(sentences[i:i + n]))
        i += n
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    return (f"<!DOCTYPE html><html><head><title>Attacks</title></head><body><article>"
            f"<h1>Attacks</h1>{body}</article></body></html>")


def shaped(shape: str, n_chars: int) -> str:
    if shape == "para":
        return news_prose(n_chars)
    if shape == "line":
        return news_prose(n_chars).replace("\n\n", " ")
    if shape == "nostop":
        return (RUN_ON * (n_chars // len(RUN_ON) + 1))[:n_chars].rstrip() + "."
    raise ValueError(shape)


def one(shape: str, size: int) -> dict:
    from eventwire.model import Article
    from eventwire.pipeline import Pipeline

    pipe = Pipeline.default()
    pipe.run(Article(text=news_prose(3000), published="2024-03-01"))       # warm-up
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    text = shaped(shape, size)
    t0 = time.perf_counter()
    ex = pipe.run(Article(text=text, published="2024-03-01"))
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"shape": shape, "chars": len(text), "seconds": round(seconds, 2), "peak_mb": round(peak),
            "above_warm_mb": round(peak - base), "events": len(ex.events),
            "sentences": len(ex.sentences),
            "longest_sentence": max((s.end - s.start for s in ex.sentences), default=0)}


def pages(n_chars: int, counts: list[int]) -> None:
    """Time of ``Pipeline.run`` on ``html_page(n_chars, n)`` for each ``n``, after a warm-up."""
    from eventwire.ingest import read_text
    from eventwire.model import Article
    from eventwire.pipeline import Pipeline

    pipe = Pipeline.default()
    pipe.run(Article(text=news_prose(2000), published="2024-03-01"))       # warm-up
    first = None
    for n in counts:
        html = html_page(n_chars, n)
        t0, c0 = time.perf_counter(), time.process_time()
        ex = pipe.run(read_text(html, where="page.html", html=True, published="2024-03-01"))
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        first = first or wall
        print(f"{n} paragraphs, {len(html)} bytes: {wall:.1f} s wall ({wall / first:.2f}x the first), "
              f"{cpu:.1f} s CPU, {len(ex.events)} events, peak "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--shapes", default="para,line,nostop")
    ap.add_argument("--cap", action="store_true", help="also the per-document budget (max_chars)")
    ap.add_argument("--one", nargs=2, metavar=("SHAPE", "SIZE"))
    ap.add_argument("--pages", metavar="N,N", help="instead: HTML pages of --page-chars in N <p> "
                    "each (issue 15: 50,5000), one after the other in this process")
    ap.add_argument("--page-chars", type=int, default=608_000)
    args = ap.parse_args()
    if args.pages:
        pages(args.page_chars, [int(n) for n in args.pages.split(",")])
        return
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.cap:
        from eventwire.limits import MAX_CHARS
        sizes.append(MAX_CHARS)
    shapes = args.shapes.split(",")
    print(f"{'chars':>10} {'shape':>7} {'seconds':>9} {'chars/s':>8} {'peak MB':>8} {'+MB':>6} "
          f"{'events':>7} {'longest':>8} {'÷ para':>7}", flush=True)
    for size in sizes:
        para_s = None
        for shape in shapes:
            out = subprocess.run([sys.executable, __file__, "--one", shape, str(size)],
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1])
            if shape == "para":
                para_s = r["seconds"]
            ratio = f"{r['seconds'] / para_s:.2f}" if para_s else "-"
            print(f"{r['chars']:>10} {shape:>7} {r['seconds']:>9.2f} {r['chars'] / max(r['seconds'], 1e-9):>8.0f} "
                  f"{r['peak_mb']:>8} {r['above_warm_mb']:>6} {r['events']:>7} {r['longest_sentence']:>8} "
                  f"{ratio:>7}", flush=True)


if __name__ == "__main__":
    main()
