"""The fuzz run in CI: a fixed, derandomized set of cases through read → pipeline → JSON."""
from fuzz_extract import run_fuzz

CI_CASES = 150


def test_fuzz_extract_no_crash(pipeline):
    tally = run_fuzz(CI_CASES, pipeline)
    assert tally["cases"] >= CI_CASES
    assert tally["extracted"] > CI_CASES // 5      # the fuzz reaches the NLP, not only the reader
    print(f"\nfuzz: {dict(tally)}")
