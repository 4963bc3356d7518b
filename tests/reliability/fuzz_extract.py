"""Fuzz `extract` over random and mutated bytes: every input is read or refused, never a crash.

Each case goes the way `eventwire extract FILE` goes (``ingest.read_bytes`` → ``Pipeline.run``
→ ``Extraction.to_dict`` → JSON), with ``language="any"`` so that random text reaches the NLP
instead of stopping at the language check. A refusal with a catalogue code (E1xx) is a correct
answer; any other exception, or an offset that does not match its text, is a crash.

    python tests/reliability/fuzz_extract.py --cases 1000      # prints the tally
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bad_inputs import ARTICLE, PAGE  # noqa: E402

_SEEDS = [ARTICLE.encode(), PAGE.encode(),
          "“Quoted, never closed,\n\n‘single’ «guillemets» 12,000 killed on 5 March 2090".encode()]
_PAYLOADS = [b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xe2\x80\x9c", b"\xe2\x80\x9d", b"\n\n", b"\r",
             b"<script>", b"</p>", b"<p>", b"&amp;", b"'", b'"', b"\xc3", b"99999999999999999999",
             b" killed ", b" said ", b" on Tuesday ", b"\xf0\x9f\x92\xa3", b"\t", b"\x1b[31m"]


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(1, 12))):
        pos = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["insert", "delete", "flip", "duplicate"]))
        if op == "insert":
            data[pos:pos] = draw(st.one_of(st.sampled_from(_PAYLOADS), st.binary(max_size=8)))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 40))]
        elif op == "flip" and pos < len(data):
            data[pos] ^= 1 << draw(st.integers(0, 7))
        elif op == "duplicate":
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 200))]
    return bytes(data)


FUZZ_INPUTS = st.one_of(
    st.binary(max_size=2000),                                    # random bytes
    mutated(),                                                   # damaged articles and pages
    st.text(max_size=1500).map(lambda s: s.encode("utf-8", "surrogatepass")),   # any Unicode
    st.lists(st.sampled_from(["Karachi", "police", "said", "“", "”", "killed", "5", "on",
                              "Tuesday", ".", "\n\n", "the", "attack", "BLA", "claimed"]),
             max_size=200).map(lambda w: " ".join(w).encode()),   # word salad in the domain
)


def check_offsets(ex) -> None:
    text = ex.article.text
    stack = [ex.to_dict()]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("start"), int) and isinstance(node.get("end"), int):
                s, e = node["start"], node["end"]
                assert 0 <= s <= e <= len(text), (s, e, len(text))
                if isinstance(node.get("text"), str):
                    assert text[s:e] == node["text"], (text[s:e], node["text"])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def run_fuzz(cases: int, pipeline=None) -> Counter:
    """Run ``cases`` derandomized hypothesis cases; raises on the first crash."""
    from eventwire.errors import EventwireError
    from eventwire.ingest import read_bytes
    from eventwire.pipeline import Pipeline
    pipeline = pipeline or Pipeline.default()
    tally: Counter = Counter()

    @settings(max_examples=cases, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(FUZZ_INPUTS)
    def one(data: bytes) -> None:
        tally["cases"] += 1
        try:
            article = read_bytes(data, where="fuzz", language="any", max_mb=1)
        except EventwireError as e:
            tally[f"refused {e.code}"] += 1
            return
        ex = pipeline.run(article)
        json.dumps(ex.to_dict(), ensure_ascii=False)
        check_offsets(ex)
        tally["extracted"] += 1

    one()
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    args = parser.parse_args()
    try:
        tally = run_fuzz(args.cases)
    except Exception as e:          # the falsifying input is printed by hypothesis above
        print(f"fuzz: CRASH {type(e).__name__}: {e}")
        raise SystemExit(1)
    refused = ", ".join(f"{k.split()[1]}: {v}" for k, v in sorted(tally.items()) if k.startswith("refused"))
    print(f"fuzz: {tally['cases']} cases, {tally['extracted']} extracted, "
          f"{tally['cases'] - tally['extracted']} refused with a catalogue code ({refused}), 0 crashes")


if __name__ == "__main__":
    main()
