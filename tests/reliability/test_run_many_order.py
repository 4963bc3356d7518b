"""``Pipeline.run_many``: the records of ``run`` for every article, in input order, whatever mix of
short articles (parsed as one stream in batches) and long ones (each run in parts on its own)."""
from __future__ import annotations

import json

from eventwire import pipeline as pipeline_module
from eventwire.model import Article
from eventwire.pipeline import Pipeline

_SHORT = "KABUL, May 3 (Wire) - Gunmen attacked a police post in Kandahar on Monday, killing two officers."
_LONG = ("Militants stormed a checkpoint near Quetta on Tuesday and killed three soldiers, officials said. "
         "A roadside bomb later wounded five people in the same district. ") * 4


def _records(extractions) -> list[str]:
    return [json.dumps(ex.to_dict(), sort_keys=True) for ex in extractions]


def test_run_many_gives_run_s_records_in_input_order(monkeypatch):
    monkeypatch.setattr(pipeline_module, "PART_CHARS", 300)      # _LONG is run in parts
    pipe = Pipeline.default()
    texts = [_SHORT, _LONG, _SHORT.replace("two", "four"), _SHORT.replace("Monday", "Friday"),
             _LONG, _LONG.replace("five", "nine"), _SHORT.replace("Kandahar", "Herat")]
    articles = [Article(text=t, published="2024-05-03") for t in texts]
    assert len(_LONG) > 300 > len(_SHORT)
    for batch_size in (1, 2, 32):
        got = list(pipe.run_many(iter(articles), batch_size=batch_size))
        assert [ex.article.text for ex in got] == texts
        assert _records(got) == _records(pipe.run(a) for a in articles)
    assert list(pipe.run_many([])) == []
