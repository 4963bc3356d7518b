"""Quotes: who said what, with spans for the words, the cue and the speaker.

    from eventwire.extract.quotes import extract_quotes
    quotes = extract_quotes(analysis)        # -> list[model.Quote]

Three passes over one article:

1. ``quoted_spans`` scans the raw text for quotation marks of any style (“curly”,
   "straight", ‘single’, «guillemets», „low“). A quote left open at the end of a
   paragraph continues only when the next paragraph opens with a quote mark (the
   news convention for multi-paragraph quotes); otherwise it stops at the paragraph
   boundary, so a stray mark never swallows the rest of the article.
2. Each quoted span is tied to a cue of saying right after it ("…,” he said) or right
   before it (Geng said: “…”, or a paragraph ending "he added:") → *direct* quotes.
3. Every other cue — a verb of saying, "according to", or a noun such as "claim" with
   a that-clause — takes its content from the dependency parse (the that-clause,
   the clause it hangs off, the object of "criticized") → *indirect*, or *mixed* when
   the content holds quoted words.

The speaker is the subject of the cue (climbing through "…, saying" and "and added"),
the object of "according to", or the possessor of a noun cue; ``speakers.ActorIndex``
resolves it to an actor. Quotes that follow a quote with no cue of their own inherit
its speaker (a continued statement).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Token

from .. import lexicon
from ..nlp.analysis import doc_text, sentence_span, token_table
from ..model import Argument, Mention, Quote
from .speakers import ActorIndex

# Lemmas of verbs that introduce what someone said. Kept apart from the PolNeAR
# scorer's list on purpose: the scorer's list defines the benchmark, this one the tool.
SPEECH_VERBS = lexicon.words("speech_verbs")
# Verbs that only count when they sit right next to a quote ("he continued: “…”").
QUOTE_ONLY_VERBS = lexicon.words("extract/quotes_quote_only_verbs")
# Verbs whose object and complements are the content ("criticized China for exploiting …").
OBJECT_CONTENT_VERBS = lexicon.words("extract/quotes_object_content_verbs")
SPEECH_VERBS = SPEECH_VERBS | OBJECT_CONTENT_VERBS
# Subjects that are no speaker: "a debate that threatened to …", "That said, …".
NON_SPEAKERS = lexicon.words("extract/quotes_non_speakers")
# Nouns that carry a that-clause of someone's words ("his claim that …").
NOUN_CUES = lexicon.words("extract/quotes_noun_cues")

# Quote marks: opener → the closers it accepts, and whether it is a "single" mark
# (single marks double as apostrophes, so they must close within the paragraph).
# Two apostrophes ('') are the double quote of some wire services and archives.
_OPENERS = {"“": ("”\"", False), "„": ("“”", False), "«": ("»", False), '"': ('"”', False),
            "''": ("''", False), "‘": ("’", True), "‹": ("›", True), "'": ("'", True),
            "「": ("」", False)}
_OPEN_CONTEXT = set(" \t\r\n([{<—–-/:;,") | {m[0] for m in _OPENERS}
_CLOSERS = frozenset("”’»›」\"'")
_SENTENCE_END = lexicon.words("extract/quotes_sentence_end")
MAX_SINGLE_QUOTE = 600          # a ‘single’ quote longer than this is an apostrophe misread


@dataclass(frozen=True)
class QuotedSpan:
    """The words between quotation marks (marks excluded)."""
    start: int
    end: int
    open_at: int                 # offset of the opening mark
    close_at: Optional[int]      # offset of the closing mark; None when capped at a paragraph end
    mark: str

    @property
    def closed(self) -> bool:
        return self.close_at is not None

    @property
    def outer_end(self) -> int:
        return self.close_at + len(self.mark) if self.close_at is not None else self.end


_SINGLE_CLOSE = {m: re.compile(r"(?<=\S)[" + re.escape(c) + r"](?![^\W_])")
                 for m, (c, single) in _OPENERS.items() if single}


def _single_can_close(text: str, start: int, mark: str) -> bool:
    """Is there a closer for a ‘single’ quote within reach? (cheap look-ahead, so runs of
    apostrophes cost one search each instead of a walk to the paragraph end)."""
    limit = text.find("\n", start, start + MAX_SINGLE_QUOTE)
    limit = start + MAX_SINGLE_QUOTE if limit == -1 else limit
    return _SINGLE_CLOSE[mark].search(text, start, limit) is not None


def _mark_at(text: str, i: int) -> str:
    return "''" if text.startswith("''", i) else text[i]


def _opens(text: str, i: int, mark: str) -> bool:
    if mark not in _OPENERS:
        return False
    prev = text[i - 1] if i > 0 else "\n"
    j = i + len(mark)
    nxt = text[j] if j < len(text) else ""
    if not nxt or nxt.isspace() and mark not in "“«„":
        return False
    if mark in "“«„「":
        return True
    if mark in "‘‹'":
        return not prev.isalnum() and (nxt.isalnum() or nxt in "“\"…")
    return prev in _OPEN_CONTEXT or prev.isspace()        # straight double quote, ''


def _closes(text: str, i: int, mark: str, closers: str, single: bool) -> bool:
    if mark == "''":
        return text.startswith("''", i)
    if text[i] not in closers:
        return False
    if single:                   # "China’s" is an apostrophe, not the end of a quote
        nxt = text[i + 1] if i + 1 < len(text) else ""
        return not nxt.isalnum() and i > 0 and not text[i - 1].isspace()
    if mark == "“" and text[i] == '"':
        return _straight_closes_curly(text, i)
    return True


def _straight_closes_curly(text: str, i: int) -> bool:
    """“…," typed with a straight closer — unless the " sits nested before a proper ”."""
    if i == 0 or text[i - 1].isspace():
        return False                                 # an opening " nested in the quote
    end = text.find("\n", i)
    curly = text.find("”", i, len(text) if end == -1 else end)
    if curly == -1:
        return True
    between = text[i + 1:curly]
    return "“" in between or any(between[k] == '"' and (k == 0 or between[k - 1].isspace())
                                 for k in range(len(between)))


_MAY_OPEN = re.compile("[" + re.escape("".join(sorted({m[0] for m in _OPENERS}))) + "]")
_STOPS = {m: re.compile("[" + re.escape("".join(sorted(set("\n" + closers + m[0])))) + "]")
          for m, (closers, _) in _OPENERS.items()}


def quoted_spans(text: str) -> list[QuotedSpan]:
    """All quoted stretches of ``text``, robust to unbalanced and mixed marks."""
    out: list[QuotedSpan] = []
    rejected: set[int] = set()   # single marks that turned out to be apostrophes
    n = len(text)
    i = 0
    cur: Optional[tuple[int, str, int]] = None        # (open_at, mark, depth)
    while i < n or cur is not None:
        if i >= n:                                          # the text ends inside a quote
            open_at, mark, _ = cur
            if _OPENERS[mark][1]:
                rejected.add(open_at)
                cur, i = None, open_at + 1
                continue
            _emit(out, text, open_at, n, None, mark)
            break
        if cur is None:
            found = _MAY_OPEN.search(text, i)     # no other character opens a quote
            if found is None:
                i = n
                continue
            i = found.start()
            mark = _mark_at(text, i)
            if i not in rejected and _opens(text, i, mark) and \
                    (not _OPENERS[mark][1] or _single_can_close(text, i + 1, mark)):
                cur = (i, mark, 1)
                i += len(mark)
            else:
                i += 1
            continue
        open_at, mark, depth = cur
        closers, single = _OPENERS[mark]
        # only a line break, a closer or the mark itself can end or nest the quote: skip to the
        # next one (a single quote that reaches past its longest on the way is an apostrophe)
        found = _STOPS[mark].search(text, i)
        stop = found.start() if found is not None else n
        if single and min(stop, n - 1) - open_at > MAX_SINGLE_QUOTE:
            rejected.add(open_at)
            cur, i = None, open_at + 1
            continue
        if stop >= n:
            i = n
            continue
        i = stop
        ch = text[i]
        if ch == "\n":
            j = i
            while j < n and text[j].isspace():
                j += 1
            if not single and text.startswith(mark, j):      # quote goes on next paragraph
                i = j + len(mark)
                continue
            if single:                                      # never closed: an apostrophe
                rejected.add(open_at)
                cur, i = None, open_at + 1
                continue
            _emit(out, text, open_at, i, None, mark)        # capped at the paragraph end
            cur = None
            i += 1
            continue
        if _closes(text, i, mark, closers, single):
            if depth > 1:
                cur = (open_at, mark, depth - 1)
            else:
                _emit(out, text, open_at, i, i, mark)
                cur = None
            i += len(mark) if mark == "''" else 1
            continue
        if ch == mark and mark not in closers and not text[i - 1].isalnum():
            cur = (open_at, mark, depth + 1)                # nested “ “ ” ”
        i += 1
    return out


def _emit(out: list, text: str, open_at: int, end: int, close_at: Optional[int], mark: str) -> None:
    start = open_at + len(mark)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(c.isalnum() for c in text[start:end]):
        out.append(QuotedSpan(start, end, open_at, close_at, mark))


# --- the parse side -------------------------------------------------------------------

def _is_cue_verb(tok: Token, *, near_quote: bool = False) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and not tok.tag_.startswith("VB"):
        return False
    lemma = tok.lemma_.lower()
    return lemma in SPEECH_VERBS or (near_quote and lemma in QUOTE_ONLY_VERBS)


def _according(tok: Token) -> Optional[Token]:
    """'according' of "according to X" → X's head token."""
    if tok.lower_ != "according":
        return None
    for to in tok.rights:
        if to.lower_ == "to":
            for obj in to.rights:
                if obj.dep_ == "pobj":
                    return obj
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for obj in nxt.rights:
            if obj.dep_ == "pobj":
                return obj
    return None


def _subject(tok: Token, depth: int = 0) -> Optional[Token]:
    """Who does the saying: subject, agent of a passive, or the subject up the chain."""
    for child in tok.children:
        if child.dep_ in ("nsubj", "csubj") or (depth and child.dep_ == "nsubjpass"):
            return child                                 # "X was forced … and said"
    for child in tok.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    if depth >= 3 or tok.head.i == tok.i:
        return None
    if tok.dep_ == "conj" and tok.head.dep_ == "ccomp" and _is_cue_verb(tok.head.head):
        return _subject(tok.head.head, depth + 1)         # "He says A was … and says B"
    if tok.dep_ in ("conj", "advcl", "xcomp", "dep") and tok.head.pos_ in ("VERB", "AUX"):
        return _subject(tok.head, depth + 1)                # "…, saying", "and added"
    if tok.dep_ == "pcomp" and tok.head.pos_ == "ADP" and tok.head.head.pos_ in ("VERB", "AUX"):
        return _subject(tok.head.head, depth + 1)         # "… by saying", "after telling"
    if tok.dep_ == "relcl":
        return tok.head
    if tok.dep_ == "acl" and tok.head.dep_ in ("dobj", "pobj"):  # "issued a statement saying"
        verb = tok.head.head if tok.head.dep_ == "dobj" else tok.head.head.head
        return _subject(verb, depth + 1) if verb.pos_ in ("VERB", "AUX") else None
    return None


def _inverted_subject(cue: Token) -> Optional[Token]:
    """“…,” asked Mr. Manafort — the small model reads the name as an object."""
    nxt = cue.nbor(1) if cue.i + 1 < len(cue.doc) else None
    if nxt is None:
        return None
    head = nxt
    while head.dep_ in ("compound", "flat") and head.head.i > head.i:
        head = head.head
    if head.head.i == cue.i and head.pos_ in ("PROPN", "PRON") and head.dep_ in ("dobj", "npadvmod", "attr", "dative"):
        return head
    return None


def _noun_cue_parts(tok: Token) -> Optional[tuple[Token, Token]]:
    """"X's claim that …" / "a statement by X that …" → (speaker, that-clause head)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in NOUN_CUES:
        return None
    clause = next((c for c in tok.rights if c.dep_ in ("acl", "ccomp", "relcl")
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    speaker = next((c for c in tok.lefts if c.dep_ == "poss"), None)
    if speaker is None:
        for prep in tok.rights:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                speaker = next((o for o in prep.children if o.dep_ == "pobj"), None)
    if speaker is None:
        return None
    return speaker, clause


def _trim(doc: Doc, left: int, right: int) -> Optional[tuple[int, int]]:
    """Token range [left, right] → characters, without edge punctuation and spaces."""
    while left <= right and (doc[left].is_punct or doc[left].is_space) and doc[left].text not in "“‘\"'«":
        left += 1
    while right >= left and (doc[right].is_punct or doc[right].is_space) and doc[right].text not in "”’\"'»":
        right -= 1
    if right < left or not any(doc[k].is_alpha for k in range(left, right + 1)):
        return None
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _content_of(cue: Token) -> Optional[list[tuple[int, int]]]:
    """The indirect content of a verb cue from the parse: one or two character spans."""
    doc = cue.doc
    sent = sentence_span(cue)
    rights = [c for c in cue.rights if c.dep_ in ("ccomp", "xcomp") or
              (c.dep_ == "advcl" and any(m.lower_ in ("that", "if", "whether") for m in c.children))]
    if rights:
        start = min(c.left_edge.i for c in rights)
        # "said in a statement that …": the "that" may hang elsewhere; start at the first one
        for k in range(cue.i + 1, start):
            if doc[k].lower_ == "that" and doc[k].dep_ == "mark":
                start = k
                break
        end = max(max(c.right_edge.i for c in rights), cue.right_edge.i)
        end = min(end, sent.end - 1)
        return _spans(_trim(doc, start, end))
    lefts = [c for c in cue.lefts if c.dep_ in ("ccomp", "parataxis")]
    if lefts:
        c = lefts[0]
        return _spans(_trim(doc, c.left_edge.i, c.right_edge.i))
    head = cue.head
    if head.i != cue.i and _hangs_on_clause(cue):
        # "His wife, he says, plans to leave …" / "As the Caller reported, …" / "…, sources
        # said" parsed with the reported clause on top: that clause, less the cue's own words
        left = _trim(doc, head.left_edge.i, cue.left_edge.i - 1) if head.left_edge.i < cue.left_edge.i else None
        right = _trim(doc, cue.right_edge.i + 1, head.right_edge.i) if cue.right_edge.i < head.right_edge.i else None
        return _spans(left, right)
    if cue.lemma_.lower() in OBJECT_CONTENT_VERBS:
        objs = [c for c in cue.rights if c.dep_ in ("dobj", "prep", "ccomp", "pcomp", "dative",
                                                    "oprd", "attr")
                and not _is_cue_verb(c)]            # "condemned X, saying …": "saying" has its own
        if objs:
            return _spans(_trim(doc, objs[0].left_edge.i, max(c.right_edge.i for c in objs)))
    return None


def _hangs_on_clause(cue: Token) -> bool:
    """Is the cue a parenthetical or trailing attribution of the clause it hangs on?"""
    doc, head = cue.doc, cue.head
    if head.pos_ not in ("VERB", "AUX"):
        return False
    if cue.dep_ == "parataxis":
        return True
    if cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        return True
    # "…, sources said" hung below the clause; not "X said A, and Y said B"
    return cue.dep_ in ("ccomp", "advcl") and head.i < cue.i and not _is_cue_verb(head) and \
        any(doc[k].text == "," for k in range(head.i, cue.left_edge.i))


def _spans(*spans: Optional[tuple[int, int]]) -> Optional[list[tuple[int, int]]]:
    kept = [s for s in spans if s is not None]
    return kept or None


def _according_content(acc: Token) -> Optional[list[tuple[int, int]]]:
    doc = acc.doc
    sent = sentence_span(acc)
    phrase_start, phrase_end = acc.left_edge.i, acc.right_edge.i
    if acc.dep_ == "prep" and acc.head.i == acc.i:                 # a bare fragment
        return None
    after = _trim(doc, phrase_end + 1, sent.end - 1) if phrase_end + 1 < sent.end else None
    before = _trim(doc, sent.start, phrase_start - 1) if phrase_start > sent.start else None
    return _spans(before, after)       # "X, according to Y, Z": both sides


# --- putting it together ------------------------------------------------------------------

class _Tokens:
    """Character offset → token, over one doc."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)            # Doc.text joins every token: built once per doc
        self._starts = token_table(doc).idx

    def at_or_after(self, char: int) -> int:
        return bisect_left(self._starts, char)

    def before(self, char: int) -> int:
        return bisect_left(self._starts, char) - 1


def _char_before(text: str, i: int) -> str:
    """The last non-space character before ``i`` ("\n" at a paragraph start)."""
    j = i - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    return text[j] if j >= 0 else "\n"


def _opens_clause(text: str, q: QuotedSpan) -> bool:
    """The quote starts a sentence or a clause (not a title or scare quote inside one)."""
    prev = _char_before(text, q.open_at)
    return prev in ".!?:;,—–\n\r(" or prev in _CLOSERS


def _starts_sentence(text: str, q: QuotedSpan) -> bool:
    prev = _char_before(text, q.open_at)
    return prev in ".!?\n\r" or prev in _CLOSERS


def _cue_after(doc: Doc, toks: _Tokens, q: QuotedSpan) -> Optional[Token]:
    """“…,” he said / “…,” said Geng / “…,” Y, a spokesman who …, told reporters."""
    if not q.closed or not _opens_clause(toks.text, q):
        return None
    first = toks.at_or_after(q.outer_end)
    i = first
    seen = 0
    while i < len(doc) and seen < 30:
        tok = doc[i]
        if tok.is_space:
            if "\n" in tok.text:
                return None
        elif tok.text in _OPENERS or tok.text in _SENTENCE_END:
            return None
        elif _is_cue_verb(tok, near_quote=True):
            if seen <= 12 or _only_subject_between(doc, first, tok):
                return tok
            return None
        elif (tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass"))) \
                and not _in_subject_phrase(tok):
            return None
        else:
            seen += 1
        i += 1
    return None


def _in_subject_phrase(tok: Token) -> bool:
    """A verb inside an appositive or relative clause of a subject ("X, who led Y, said")."""
    node = tok
    for _ in range(6):
        if node.dep_ in ("relcl", "acl", "appos"):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _only_subject_between(doc: Doc, first: int, cue: Token) -> bool:
    subject = _subject(cue) or _inverted_subject(cue)
    if subject is None:
        return False
    span = {t.i for t in subject.subtree}
    return all(k in span or doc[k].is_punct or doc[k].is_space for k in range(first, cue.i))


def _cue_before(doc: Doc, toks: _Tokens, q: QuotedSpan) -> Optional[Token]:
    """Geng said: “…” / He told reporters, “…” / a paragraph ending "he added:"."""
    i = toks.before(q.open_at)
    seen = 0
    crossed_paragraph = False
    while i >= 0 and seen < 14:
        tok = doc[i]
        if tok.is_space:
            if "\n" in tok.text:
                if seen or crossed_paragraph:
                    return None
                crossed_paragraph = True
        elif seen == 0 and tok.text not in (":", ",", "—", "–") and \
                (crossed_paragraph or not _is_cue_verb(tok, near_quote=True)):
            return None                      # "said on “Meet the Press”" is no quote of his
        elif tok.text in _SENTENCE_END or tok.text in _CLOSERS or tok.lower_ in ("that", "whether"):
            return None                      # "said that their ‘…’" is a mixed quote
        elif _is_cue_verb(tok, near_quote=True):
            return tok
        elif tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass")):
            return None
        else:
            seen += 1
        i -= 1
    return None


def _cue_mention(analysis, start: int, end: int) -> Mention:
    return Mention(start=start, end=end, text=analysis.text[start:end],
                   sentence=analysis.sentence_index(start))


def _cue_span(tok: Token) -> tuple[int, int]:
    """"according to" and phrasal cues ("pointed out") as one span."""
    end_tok = tok
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
        end_tok = tok.nbor(1)
    else:
        for c in tok.rights:
            if c.dep_ == "prt" and c.i == tok.i + 1:
                end_tok = c
    return tok.idx, end_tok.idx + len(end_tok.text)


def _paragraph(text: str, char: int) -> int:
    """Offset of the start of the paragraph holding ``char``."""
    return text.rfind("\n", 0, char) + 1


@dataclass
class _Draft:
    """A quote being assembled: its stretches, cue and speaker."""
    parts: list
    kind: str
    cue: Optional[Mention]
    speaker: Optional[Argument]
    confidence: float
    last_mark_end: int = -1

    def to_quote(self, analysis) -> Quote:
        text = analysis.text
        start, end = self.parts[0][0], self.parts[-1][1]
        parts: list[Mention] = []
        words = text[start:end]
        if len(self.parts) > 1:
            parts = [Mention(s, e, text[s:e], analysis.sentence_index(s)) for s, e in self.parts]
            words = " … ".join(m.text for m in parts)
        return Quote(text=words, start=start, end=end, kind=self.kind, cue=self.cue,
                     speaker=self.speaker, sentence=analysis.sentence_index(start),
                     confidence=round(self.confidence, 2), parts=parts)


def extract_quotes(analysis) -> list[Quote]:
    """Direct, indirect and mixed quotes of one article, each with cue and speaker."""
    text = analysis.text
    doc = analysis.doc
    if not doc.has_annotation("DEP"):
        return []                       # no parse, no attribution: never guess speakers
    marks = quoted_spans(text)
    inside_quote = _Inside(marks)
    actors = ActorIndex(analysis, quoted=[(q.start, q.end) for q in marks])
    toks = _Tokens(doc)
    drafts: list[_Draft] = []
    used_cues: dict[int, _Draft] = {}
    linked: dict[int, Optional[_Draft]] = {}     # index into marks → the quote that holds it

    def speaker_of(tok: Token, confidence: float) -> Argument:
        return actors.argument(tok, confidence=confidence)

    # 2. direct quotes tied to the cue beside them
    for n, q in enumerate(marks):
        cue = _cue_after(doc, toks, q) or _cue_before(doc, toks, q)
        if cue is None:
            continue
        if cue.i in used_cues:
            # “Part one,” he said, “part two.” → one quote in two parts
            draft = used_cues[cue.i]
            if draft.kind == "direct" and linked.get(n - 1) is draft:
                draft.parts.append((q.start, q.end))
                draft.last_mark_end = q.outer_end
                linked[n] = draft
            continue
        speaker_tok = _subject(cue) or _inverted_subject(cue)
        if speaker_tok is None or inside_quote(speaker_tok.idx):
            continue
        conf = 0.9 if q.closed else 0.7
        speaker = speaker_of(speaker_tok, conf)
        draft = _Draft([(q.start, q.end)], "direct", _cue_mention(analysis, *_cue_span(cue)),
                       speaker, max(0.3, speaker.confidence), q.outer_end)
        drafts.append(draft)
        linked[n] = draft
        used_cues[cue.i] = draft

    # 3. indirect and mixed quotes from the parse: only "according", a speech verb or a noun
    # of saying can cue one (``_according``, ``_is_cue_verb``, ``_noun_cue_parts``)
    tt = token_table(doc)
    cues = [i for i, (low, lem, pos, tag) in enumerate(zip(tt.lower, tt.lemma, tt.pos, tt.tag))
            if low == "according" or (lem in SPEECH_VERBS and (pos in ("VERB", "AUX") or tag.startswith("VB")))
            or (pos == "NOUN" and lem in NOUN_CUES)]
    for i in cues:
        tok = doc[i]
        if tok.i in used_cues or inside_quote(tok.idx):
            continue
        speaker_tok = None
        cue_span = None
        conf = 0.8
        acc_obj = _according(tok)
        if acc_obj is not None:
            spans, speaker_tok, cue_span = _according_content(tok), acc_obj, _cue_span(tok)
        elif _is_cue_verb(tok):
            speaker_tok = _subject(tok)
            spans = _content_of(tok) if speaker_tok is not None else None
        else:
            parts = _noun_cue_parts(tok)
            spans = None
            if parts is not None:
                speaker_tok, clause = parts
                spans = _spans(_trim(doc, clause.left_edge.i, clause.right_edge.i))
                conf = 0.7
        if not spans or speaker_tok is None or inside_quote(speaker_tok.idx) \
                or speaker_tok.lower_ in NON_SPEAKERS:
            continue
        start, end = spans[0][0], spans[-1][1]
        size = sum(e - s for s, e in spans)
        if size < 3 or any(s <= speaker_tok.idx < e for s, e in spans):
            continue
        inner = [k for k, q in enumerate(marks) if q.start < end and start < q.end]
        kind = "indirect"
        if inner:
            covered = sum(max(0, min(e, marks[k].end) - max(s, marks[k].start))
                          for k in inner for s, e in spans)
            if any(linked.get(k) is not None for k in inner) and covered * 2 > size:
                continue                    # the direct quote already carries this cue
            kind = "direct" if covered >= 0.9 * size else "mixed"
            for k in inner:
                linked.setdefault(k, None)  # quoted words inside a mixed quote are consumed
        speaker = speaker_of(speaker_tok, conf)
        draft = _Draft(list(spans), kind,
                       _cue_mention(analysis, *(cue_span or _cue_span(tok))), speaker,
                       max(0.3, speaker.confidence))
        drafts.append(draft)
        used_cues[tok.i] = draft

    # 4. uncued quotes right after a direct quote go on with its speaker: in the same
    #    paragraph as more words of the same quote, in the next one as a quote of its own
    last: Optional[_Draft] = None
    for n, q in enumerate(marks):
        if n in linked:
            if linked[n] is not None:
                last = linked[n]
            continue
        if last is None or last.speaker is None or not _opens_clause(text, q):
            continue
        if len(text[q.start:q.end].split()) < 2:
            continue
        prev_para = _paragraph(text, last.last_mark_end - 1)
        this_para = _paragraph(text, q.open_at)
        if this_para == prev_para:              # “The risk,” said X, “is that …”
            last.parts.append((q.start, q.end))
            last.last_mark_end = q.outer_end
        elif _starts_sentence(text, q) and not text[last.last_mark_end:this_para].strip(" \t\n\r").count("\n") \
                and _paragraph(text, this_para - 1) == prev_para:
            last = _Draft([(q.start, q.end)], "direct", None, last.speaker,
                          0.6 * (1.0 if q.closed else 0.8), q.outer_end)
            drafts.append(last)
        else:
            continue
        linked[n] = last
    quotes = [d.to_quote(analysis) for d in drafts]
    quotes.sort(key=lambda x: (x.start, x.end))
    return quotes


class _Inside:
    """Is a character inside a quote? Marks are sorted and never overlap, so bisect."""

    def __init__(self, marks: list[QuotedSpan]):
        self.marks = marks
        self.starts = [q.start for q in marks]

    def __call__(self, char: int) -> bool:
        k = bisect_right(self.starts, char) - 1
        return k >= 0 and char < self.marks[k].end
