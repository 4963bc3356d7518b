"""Incident extractors built by name: two side by side, unknown names, missing model files."""
import json

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import DataError, UsageError
from eventwire.extract import events as events_mod
from eventwire.extract.registry import build_extractor, extractor_names, register_extractor
from eventwire.model import Article
from eventwire.nlp import analyze
from eventwire.pipeline import Pipeline
from eventwire.settings import Settings

TEXT = ("Gunmen stormed a police post in Quetta on Monday, killing four officers. "
        "The attack was the third this month. Police later arrested two suspects.")


def test_two_registered_extractors_run_by_name_on_one_article(pipeline):
    analysis = analyze(Article(text=TEXT, published="2024-03-12"), pipeline.nlp)
    settings = Settings.load()
    rules = build_extractor("rules", settings)(analysis)
    mentions = build_extractor("mentions", settings)(analysis)
    # the rules group "stormed", "killing" and "The attack" into one incident; the baseline keeps
    # every mention apart
    violent = [e for e in rules if e.type in ("attack", "armed_clash")]
    assert len(violent) == 1 and len(violent[0].mentions) >= 2
    assert len([e for e in mentions if e.type in ("attack", "armed_clash")]) >= 2
    assert {"rules", "mentions"} <= set(extractor_names())


def test_the_pipeline_builds_the_extractor_its_settings_name(pipeline):
    pipe = Pipeline(pipeline.nlp, settings=Settings.load().replace("pipeline", extractor="mentions"))
    assert pipe.extractor_name == "mentions"
    ex = pipe.run(Article(text=TEXT, published="2024-03-12"))
    assert ex.events and all(len(e.mentions) == 1 for e in ex.events)
    assert all(e.codes for e in ex.events)          # the shared steps ran after it


def test_a_registered_extractor_of_ones_own(pipeline):
    @register_extractor("test-first-trigger-only")
    class FirstOnly:
        """Keeps the rule system's first event (a test extractor)."""

        def __init__(self, settings):
            self.rules = build_extractor("rules", settings)

        def __call__(self, analysis):
            return self.rules(analysis)[:1]

    ex = Pipeline(pipeline.nlp, extractor="test-first-trigger-only").run(Article(text=TEXT))
    assert len(ex.events) == 1


def test_unknown_extractor_is_a_usage_error_naming_the_known_ones():
    with pytest.raises(UsageError) as e:
        build_extractor("nope", Settings.load())
    assert str(e.value).startswith("[E202] no extractor called 'nope'") and "rules" in str(e.value)


def test_cli_lists_extractors_and_refuses_unknown_names(tmp_path):
    out = CliRunner().invoke(main, ["extractors", "--json"])
    assert out.exit_code == 0
    rows = json.loads(out.output)
    assert {r["name"] for r in rows} >= {"rules", "mentions"}
    assert [r["name"] for r in rows if r["default"]] == [Settings.load().pipeline.extractor]
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    for args in (["extract", str(f), "--extractor", "nope"], ["ingest", str(f), "--extractor", "nope",
                                                              "--db", str(tmp_path / "x.db")],
                 ["evaluate", "reports", "--extractor", "nope"]):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 2, args
        assert res.output.strip().splitlines() == [
            "Error: [E202] no extractor called 'nope'. Known extractors: " + ", ".join(extractor_names())
            + " (`eventwire extractors` lists them)."]


def test_cli_extract_with_another_extractor(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT)
    res = CliRunner().invoke(main, ["extract", str(f), "--extractor", "mentions", "--compact"])
    assert res.exit_code == 0
    assert all(len(e["mentions"]) == 1 for e in json.loads(res.output)["events"])


def test_a_missing_model_file_is_a_catalogued_error_not_a_fallback(tmp_path, monkeypatch):
    monkeypatch.setattr(events_mod, "RESOURCES", tmp_path)
    events_mod.role_model.cache_clear()
    events_mod.relevance_model.cache_clear()
    try:
        with pytest.raises(DataError) as e:
            build_extractor("rules", Settings.load())
        assert str(e.value).startswith("[E503] the event model") and e.value.exit_code == 5
        (tmp_path / "roles.npz").write_bytes(b"not a zip file")
        events_mod.role_model.cache_clear()
        with pytest.raises(DataError) as e:
            events_mod.role_model()
        assert str(e.value).startswith("[E504] the event model")
    finally:
        events_mod.role_model.cache_clear()
        events_mod.relevance_model.cache_clear()
