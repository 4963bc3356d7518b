"""Quotes on the seed article and on news texts written for these tests."""
from __future__ import annotations

import pytest

from eventwire.extract.quotes import extract_quotes
from eventwire.model import Article

SEED_PUBLISHED = "2018-11-27"


@pytest.fixture(scope="module")
def analyze_text():
    from eventwire.nlp import analyze

    def run(text: str, published: str | None = None):
        return analyze(Article(text=text, published=published))
    return run


@pytest.fixture(scope="module")
def seed_quotes(seed_text, analyze_text):
    return extract_quotes(analyze_text(seed_text, SEED_PUBLISHED))


def quote_with(quotes, words: str):
    found = [q for q in quotes if words in q.text]
    assert found, f"no quote holds {words!r}: {[q.text[:60] for q in quotes]}"
    return found[0]


def speaker_name(q) -> str | None:
    return q.speaker.name if q.speaker else None


# --- the seed ---------------------------------------------------------------------------

def test_seed_geng_speaks_both_long_quotes(seed_quotes, seed_text):
    first = quote_with(seed_quotes, "The Pakistani side has stated")
    second = quote_with(seed_quotes, "The Chinese side has expressed sincere gratitude")
    for q in (first, second):
        assert q.kind == "direct"
        assert speaker_name(q) == "Geng Shuang" and q.speaker.entity_id
        assert q.cue.text == "said"
    # the quote runs over both of its sentences and stops at the closing mark
    assert first.text.endswith("condemned the attack in the strongest term,")
    assert seed_text[first.start:first.end] == first.text
    # "he said" is resolved to the person, while the mention stays the pronoun
    assert second.speaker.text == "he"


def test_seed_according_to_geng(seed_quotes):
    q = quote_with(seed_quotes, "all-weather strategic cooperative partners")
    assert (q.kind, q.cue.text, speaker_name(q)) == ("indirect", "According to", "Geng Shuang")


def test_seed_jeehand_statement(seed_quotes):
    q = quote_with(seed_quotes, "the main objective of the attack was to highlight")
    assert q.kind == "indirect" and speaker_name(q) == "Jeehand Baloch"
    assert q.text.endswith("BLA was successful in this operation")


def test_seed_aslam_baloch_quote_and_allegation(seed_quotes):
    unstoppable = quote_with(seed_quotes, "but they are unstoppable")
    assert (unstoppable.kind, speaker_name(unstoppable)) == ("direct", "Aslam Baloch")
    assert unstoppable.text.startswith("They are trying to counter")
    allegation = quote_with(seed_quotes, "Chinese Army is present in Sindh and Balochistan")
    assert (allegation.cue.text, speaker_name(allegation)) == ("alleged", "Aslam Baloch")


def test_seed_allah_nazar_criticism(seed_quotes):
    q = quote_with(seed_quotes, "exploiting their resources")
    assert (q.cue.text, speaker_name(q)) == ("criticized", "Allah Nazar")


def test_seed_quotes_have_spans_into_the_text(seed_quotes, seed_text):
    assert len(seed_quotes) >= 8
    for q in seed_quotes:
        assert 0 <= q.start < q.end <= len(seed_text)
        assert seed_text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker is not None:
            assert seed_text[q.speaker.start:q.speaker.end] == q.speaker.text
        assert q.kind in ("direct", "indirect", "mixed")
        assert 0 < q.confidence <= 1


def test_seed_mixed_quote_with_single_marks(seed_quotes):
    q = quote_with(seed_quotes, "fight against Pakistan and China’s occupation")
    assert q.kind == "mixed"                       # "have said that their ‘fight … continue’"
    assert q.speaker.text.startswith("Two of Balochistan")


# --- news texts written for these tests ---------------------------------------------------

BORNO = """Gunmen kill 12 in attack on Borno village

MAIDUGURI, Nigeria — Gunmen killed at least 12 villagers in an overnight raid in Borno State, officials said on Sunday.
"They came on motorcycles and opened fire on everyone," said Musa Ibrahim, a local vigilante leader. "We counted the bodies at dawn."
Police spokesman Abdullahi Haruna told reporters that security forces had been deployed to the area.
According to Amnesty International, more than 200 civilians have been killed in the state this year.
Governor Babagana Zulum condemned the attack, saying the killers would be brought to justice.
Shekau's claim that the group controls the forest could not be verified.
"""


def test_news_inverted_cue_and_continuation_in_parts(analyze_text):
    quotes = extract_quotes(analyze_text(BORNO))
    q = quote_with(quotes, "They came on motorcycles")
    assert speaker_name(q) == "Musa Ibrahim" and q.kind == "direct"
    # the uncued second sentence is more of the same quote: two parts, one speaker
    assert [p.text for p in q.parts] == ["They came on motorcycles and opened fire on everyone,",
                                         "We counted the bodies at dawn."]
    assert q.text == "They came on motorcycles and opened fire on everyone, … We counted the bodies at dawn."


def test_news_indirect_cues(analyze_text):
    quotes = extract_quotes(analyze_text(BORNO))
    told = quote_with(quotes, "security forces had been deployed")
    assert (told.cue.text, speaker_name(told)) == ("told", "Abdullahi Haruna")
    amnesty = quote_with(quotes, "more than 200 civilians")
    assert (amnesty.cue.text, speaker_name(amnesty)) == ("According to", "Amnesty International")
    saying = quote_with(quotes, "the killers would be brought to justice")
    assert speaker_name(saying) == "Babagana Zulum"        # the subject of "condemned …, saying"
    claim = quote_with(quotes, "the group controls the forest")
    assert (claim.cue.text, speaker_name(claim)) == ("claim", "Shekau")
    officials = quote_with(quotes, "Gunmen killed at least 12 villagers")
    assert officials.speaker.text == "officials" and officials.speaker.entity_id is None


AFRIN = """Car bomb kills nine in Afrin market

Rami Abdel Rahman, the head of the Syrian Observatory for Human Rights, said the toll was likely to rise.
“The market was full of people buying food for the holiday.
“Many of the wounded are in critical condition,” he said.
The YPG denied any involvement. A YPG spokesman, Nouri Mahmoud, said in a statement: “We have nothing to do with this crime.”
"""


def test_news_quote_over_two_paragraphs_and_pronoun(analyze_text):
    quotes = extract_quotes(analyze_text(AFRIN))
    q = quote_with(quotes, "The market was full of people")
    assert "Many of the wounded are in critical condition" in q.text      # one quote, two paragraphs
    assert speaker_name(q) == "Rami Abdel Rahman" and q.speaker.text == "he"
    colon = quote_with(quotes, "We have nothing to do with this crime")
    assert (colon.kind, speaker_name(colon)) == ("direct", "Nouri Mahmoud")


KABUL = """Taliban claim attack on Kabul checkpoint

Zabihullah Mujahid, a spokesman for the Taliban, said the fighters had seized weapons.
The spokesman added that the group would continue its attacks until foreign troops leave.
“We will not stop,” he added.
"""


def test_news_role_noun_speaker_resolves_to_the_named_spokesman(analyze_text):
    quotes = extract_quotes(analyze_text(KABUL))
    q = quote_with(quotes, "the group would continue its attacks")
    assert q.speaker.text == "The spokesman" and speaker_name(q) == "Zabihullah Mujahid"


PARENTHETICAL = """Budget talks stall

The deal, the minister said, was never on the table. As Reuters reported, talks will resume on Monday.
"""


def test_news_parenthetical_cues_give_two_part_content(analyze_text):
    quotes = extract_quotes(analyze_text(PARENTHETICAL))
    q = quote_with(quotes, "was never on the table")
    assert [p.text for p in q.parts] == ["The deal", "was never on the table"]
    assert q.speaker.text == "the minister"
    reuters = quote_with(quotes, "talks will resume on Monday")
    assert speaker_name(reuters) == "Reuters" or reuters.speaker.text == "Reuters"


# --- marks that never close -----------------------------------------------------------

UNBALANCED = """Protest turns violent in Dhaka

Police fired tear gas at protesters in Dhaka on Monday, witnesses said.
"We only wanted to march peacefully, a student said.
Home Minister Asaduzzaman Khan told parliament that 40 people had been arrested.
“The police acted within the law,” he said.
"""


def test_unclosed_quote_does_not_swallow_the_article(analyze_text):
    quotes = extract_quotes(analyze_text(UNBALANCED))
    para_end = UNBALANCED.index("Home Minister")
    assert all(q.end < para_end or q.start >= para_end for q in quotes)
    told = quote_with(quotes, "40 people had been arrested")
    assert speaker_name(told) == "Asaduzzaman Khan"
    later = quote_with(quotes, "The police acted within the law")
    assert later.kind == "direct" and speaker_name(later) == "Asaduzzaman Khan"


@pytest.mark.parametrize("text", [
    "“", "\"", "‘", "'", "“”", "He said “", "He said: \"\n\n\n", "“a “b “c", "”he said“",
    "'It's' ''' \"\"\" “‘’” «»„“", "said said said.", "According to", "According to,",
])
def test_odd_texts_never_crash(analyze_text, text):
    for q in extract_quotes(analyze_text(text)):
        assert 0 <= q.start <= q.end <= len(text)
