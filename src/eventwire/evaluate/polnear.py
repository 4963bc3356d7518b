"""Score quote extraction against PolNeAR attribution annotations.

PolNeAR (Newell et al. 2018) marks attributions in US election news as brat
``.ann`` files beside the article texts: a ``Source`` (who), a ``Cue`` (the word of
saying) and a ``Content`` (what was said), tied together by an ``E`` line::

    T1  Source 89 106   The New York Post
    T2  Cue 107 114     reports
    T3  Content 115 290 that Hillary Clinton's team ...
    E1  Attribution:T4 Content:T3 Cue:T2 Source:T1

The metric (issue 4):

* Gold attributions in scope are those with a Source whose cue is a verb or
  phrase of saying (``SAYING_CUES`` below; PolNeAR also marks perception, belief
  and polls such as "found", "shows", "wants", which a quote extractor is not
  meant to find).
* A predicted quote matches a gold one when its content overlaps the gold
  Content by at least half of the shorter of the two (matching is one-to-one,
  the largest overlaps first).
* Its speaker is right when the predicted speaker mention overlaps the gold
  Source span. PolNeAR marks the local mention, so "he", "who" or "the source"
  are Sources: the speaker *mention* is scored, not the actor it resolves to.
* Predictions that match a gold attribution out of scope (another cue, or no
  Source) are set aside, neither right nor wrong; ``strict=True`` counts them
  as false positives instead.

Every ``.ann`` file is one gold document: texts annotated by two annotators count
once per annotation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from ..errors import DataError, Errors
from .paths import shared_data

Span = tuple[int, int]

# Word forms of saying, lower-cased. A gold cue is "of saying" when one of its
# words is in this set or it contains one of SAYING_PHRASES ("has said",
# "said in a statement" and "also told" all qualify).
SAYING_CUES = frozenset("""
    say says said saying
    tell tells told telling
    state states stated stating statement
    add adds added adding
    claim claims claimed claiming
    note notes noted noting
    write writes wrote writing written
    tweet tweets tweeted tweeting
    argue argues argued arguing
    explain explains explained explaining
    announce announces announced announcing
    declare declares declared declaring
    report reports reported reporting
    insist insists insisted insisting
    assert asserts asserted asserting
    allege alleges alleged alleging
    warn warns warned warning
    reply replies replied replying
    respond responds responded responding
    recall recalls recalled recalling
    acknowledge acknowledges acknowledged acknowledging
    admit admits admitted admitting
    deny denies denied denying
    suggest suggests suggested suggesting
    confirm confirms confirmed confirming
    predict predicts predicted predicting
    promise promises promised promising
    vow vows vowed vowing
    pledge pledges pledged pledging
    ask asks asked asking
    continue continues continued continuing
    conclude concludes concluded concluding
    contend contends contended contending
    maintain maintains maintained maintaining
    mention mentions mentioned mentioning
    remark remarks remarked remarking
    quip quips quipped quipping
    joke jokes joked joking
    complain complains complained complaining
    testify testifies testified testifying
    emphasize emphasizes emphasized emphasizing
    stress stresses stressed stressing
    observe observes observed observing
    point points pointed pointing
    describe describes described describing
    accuse accuses accused accusing
    criticize criticizes criticized criticizing
    charge charges charged charging
    urge urges urged urging
    agree agrees agreed agreeing
    echo echoes echoed echoing
    """.split())
SAYING_PHRASES = ("according to",)


def is_saying_cue(cue: str) -> bool:
    cue = cue.lower()
    if any(p in cue for p in SAYING_PHRASES):
        return True
    return any(w in SAYING_CUES for w in re.findall(r"[a-z]+", cue))


@dataclass
class GoldAttribution:
    cue: str
    content: list[Span]
    source: list[Span] = field(default_factory=list)
    in_scope: bool = True


@dataclass
class GoldDocument:
    name: str               # the .ann file's stem
    text_path: Path
    attributions: list[GoldAttribution]

    @property
    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")


@dataclass
class Prediction:
    """What the scorer needs of a quote: content span(s) and the speaker mention span."""
    start: int
    end: int
    speaker: Optional[Span] = None
    parts: list[Span] = field(default_factory=list)    # interrupted quotes: the stretches

    @property
    def content(self) -> list[Span]:
        return self.parts or [(self.start, self.end)]


@dataclass
class Score:
    gold: int = 0                 # gold attributions in scope
    predicted: int = 0            # predictions counted (set-aside ones excluded)
    matched: int = 0              # predictions matching an in-scope gold content
    speaker_right: int = 0        # of matched, speaker mention overlaps gold Source
    set_aside: int = 0            # predictions matching out-of-scope gold
    documents: int = 0

    def add(self, other: "Score") -> None:
        for name in ("gold", "predicted", "matched", "speaker_right", "set_aside", "documents"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def content_precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def content_recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def content_f1(self) -> float:
        return self._f1(self.content_precision, self.content_recall)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0

    @property
    def speaker_precision(self) -> float:
        return self.speaker_right / self.predicted if self.predicted else 0.0

    @property
    def speaker_recall(self) -> float:
        return self.speaker_right / self.gold if self.gold else 0.0

    @property
    def speaker_f1(self) -> float:
        return self._f1(self.speaker_precision, self.speaker_recall)

    def as_dict(self) -> dict:
        return {"documents": self.documents, "gold": self.gold, "predicted": self.predicted,
                "matched": self.matched, "speaker_right": self.speaker_right,
                "set_aside": self.set_aside,
                "content_precision": self.content_precision, "content_recall": self.content_recall,
                "content_f1": self.content_f1, "speaker_accuracy": self.speaker_accuracy,
                "speaker_precision": self.speaker_precision, "speaker_recall": self.speaker_recall,
                "speaker_f1": self.speaker_f1}


# --- reading the corpus -----------------------------------------------------------------

def default_polnear_dir(split: str = "dev") -> Path:
    """``<shared>/data/polnear/<split>`` ($EVENTWIRE_SHARED, else ../shared beside the repo)."""
    return shared_data() / "polnear" / split


def _spans(field_text: str) -> list[Span]:
    """'Content 315 448;463 553' -> [(315, 448), (463, 553)]."""
    _, _, offsets = field_text.partition(" ")
    spans = []
    for part in offsets.split(";"):
        bits = part.split()
        if len(bits) == 2 and bits[0].isdigit() and bits[1].isdigit():
            spans.append((int(bits[0]), int(bits[1])))
    return spans


def parse_ann(ann: str) -> list[GoldAttribution]:
    """The attributions of one brat .ann file (text-bound T lines joined by E lines)."""
    spans: dict[str, tuple[str, list[Span], str]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        if cols[0].startswith("T"):
            label = cols[1].split(" ", 1)[0]
            spans[cols[0]] = (label, _spans(cols[1]), cols[2] if len(cols) > 2 else "")
        elif cols[0].startswith("E"):
            events.append([tuple(a.split(":", 1)) for a in cols[1].split() if ":" in a])
    out = []
    for args in events:
        kind = args[0][0] if args else ""
        if not kind.startswith("Attribution"):
            continue
        parts: dict[str, list[Span]] = {"Cue": [], "Content": [], "Source": []}
        cue_text = []
        for role, ref in args[1:]:
            role = re.sub(r"\d+$", "", role)          # Content2 -> Content
            if role in parts and ref in spans:
                parts[role].extend(spans[ref][1])
                if role == "Cue":
                    cue_text.append(spans[ref][2])
        if not parts["Content"]:
            continue
        cue = " ".join(cue_text)
        out.append(GoldAttribution(cue=cue, content=parts["Content"], source=parts["Source"],
                                   in_scope=bool(parts["Source"]) and is_saying_cue(cue)))
    return out


def load_polnear(directory: Path | str) -> list[GoldDocument]:
    """Gold documents of a PolNeAR split folder (``attributions/*.ann`` + ``text/*.txt``)."""
    directory = Path(directory)
    ann_dir, text_dir = directory / "attributions", directory / "text"
    if not ann_dir.is_dir() or not text_dir.is_dir():
        raise DataError(Errors.E502.format(path=directory))
    docs = []
    for ann_path in sorted(ann_dir.glob("*.ann")):
        # annotation files carry the annotator's id: <text stem>_<annotator>.ann
        stem = re.sub(r"_[0-9a-f]{4}$", "", ann_path.stem)
        text_path = text_dir / f"{stem}.txt"
        if not text_path.exists():
            continue
        docs.append(GoldDocument(ann_path.stem, text_path,
                                 parse_ann(ann_path.read_text(encoding="utf-8"))))
    if not docs:
        raise DataError(Errors.E502.format(path=directory))
    return docs


# --- scoring ----------------------------------------------------------------------------

def _overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _length(spans: Sequence[Span]) -> int:
    return sum(e - s for s, e in spans)


def content_matches(pred: Span | Sequence[Span], gold: Sequence[Span]) -> bool:
    """Overlap of at least half of the shorter content (a zero-length one never matches).

    Either side may be several fragments ("A," he said. "B."): lengths and overlaps add up.
    """
    pred_spans = [pred] if isinstance(pred[0], int) else list(pred)
    shorter = min(_length(pred_spans), _length(gold))
    return shorter > 0 and 2 * _overlap(pred_spans, gold) >= shorter


def score_document(gold: Sequence[GoldAttribution], predicted: Iterable[Prediction],
                   *, strict: bool = False) -> Score:
    preds = list(predicted)
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(gold):
            if content_matches(p.content, g.content):
                pairs.append((_overlap(p.content, g.content), i, j))
    # one-to-one, largest overlap first (ties: earlier prediction, earlier gold)
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_p, used_g, match = set(), set(), {}
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            match[i] = j
    s = Score(documents=1, gold=sum(1 for g in gold if g.in_scope))
    for i, p in enumerate(preds):
        j = match.get(i)
        if j is not None and not gold[j].in_scope and not strict:
            s.set_aside += 1
            continue
        s.predicted += 1
        if j is not None and gold[j].in_scope:
            s.matched += 1
            if p.speaker is not None and _overlap([p.speaker], gold[j].source) > 0:
                s.speaker_right += 1
    return s


def quotes_to_predictions(quotes) -> list[Prediction]:
    """model.Quote records -> Prediction (speaker = the speaker mention's own span)."""
    out = []
    for q in quotes:
        sp = q.speaker
        speaker = (sp.start, sp.end) if sp is not None and sp.start is not None else None
        parts = [(m.start, m.end) for m in getattr(q, "parts", None) or []]
        out.append(Prediction(q.start, q.end, speaker, parts))
    return out


def predict_quotes(texts: Sequence[str], *, nlp=None, batch_size: int = 16) -> Iterator[list]:
    """Run the pipeline's own code path (nlp.analyze + extract_quotes) over texts."""
    from ..extract.quotes import extract_quotes
    from ..model import Article
    from ..nlp import analyze, load_nlp
    from ..nlp.pipeline import parse_many

    nlp = nlp or load_nlp()
    for text, doc in zip(texts, parse_many(texts, nlp, batch_size=batch_size)):
        yield extract_quotes(analyze(Article(text=text), nlp=nlp, doc=doc))


def evaluate_polnear(directory: Path | str, *, limit: Optional[int] = None, strict: bool = False,
                     predictor: Optional[Callable[[Sequence[str]], Iterable[list]]] = None,
                     per_document: Optional[list] = None) -> Score:
    """Score the quote extractor on a PolNeAR split folder.

    ``limit`` keeps the first N gold documents (sorted by name); ``predictor`` maps
    texts to lists of model.Quote (default: the pipeline's code path). Texts with
    several annotation files are extracted once and scored against each.
    """
    docs = load_polnear(directory)
    if limit is not None:
        docs = docs[:limit]
    paths = list(dict.fromkeys(d.text_path for d in docs))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    predictor = predictor or predict_quotes
    by_path = {p: quotes_to_predictions(qs) for p, qs in zip(paths, predictor(texts))}
    total = Score()
    for d in docs:
        s = score_document(d.attributions, by_path[d.text_path], strict=strict)
        total.add(s)
        if per_document is not None:
            per_document.append((d.name, s))
    return total


def format_score(score: Score, directory: Path | str = "") -> str:
    pct = lambda x: f"{100 * x:5.1f}"  # noqa: E731
    return "\n".join([
        f"PolNeAR {directory}: {score.documents} annotation files, {score.gold} gold attributions "
        f"with a cue of saying, {score.predicted} quotes predicted ({score.set_aside} set aside: "
        f"they match attributions out of scope)",
        f"content  P {pct(score.content_precision)}  R {pct(score.content_recall)}  "
        f"F1 {pct(score.content_f1)}   ({score.matched} matched)",
        f"speaker  accuracy on matched {pct(score.speaker_accuracy)}   "
        f"P {pct(score.speaker_precision)}  R {pct(score.speaker_recall)}  F1 {pct(score.speaker_f1)}",
    ])
