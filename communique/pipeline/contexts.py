"""The contexts stage: what each event is about, from multilingual keyword lexicons.

An event's contexts come from its own sentences, the scope sentences
consolidation attached to it (what an agreement will make possible), and the
discussion that follows it: the sentences after its evidence up to the next
event, a section heading or a limit. A meeting owns the discussion that
follows an agreement reached at it. Quoted speech and background sentences
(dated two or more years back) are not read, because they talk about
everything the speaker cares about rather than the event's agenda.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, ClassVar

import regex

from communique.documents import Document, Event
from communique.pipeline import Stage
from communique.pipeline.lexicon import Lexicon, lexicon
from communique.pipeline.normalize import fold
from communique.pipeline.sentences import Sentence

QUOTED = regex.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"|’’[^‘]*‘‘|„[^“]*“|「[^」]*」|『[^』]*』")
HEADING_MAX = 60
DISCUSSION_MAX = 8
CONTEXTS_MAX = 8
DISCUSSION_MIN_HITS = 2  # a topic only the discussion raises must come up twice


class ContextsStage(Stage):
    name: ClassVar[str] = "contexts"
    requires: ClassVar[tuple[str, ...]] = ("events",)
    assigns: ClassVar[tuple[str, ...]] = ("contexts",)

    def __call__(self, doc: Document) -> Document:
        lex = lexicon(doc.language or "en")
        sentences: list[Sentence] = doc.annotations.get("sentences", [])
        drafts: list[Any] = doc.annotations.get("drafts", [])
        if not drafts or len(drafts) != len(doc.events):
            return doc
        masked = _masked(doc)
        keywords = _keywords_by_sentence(masked, sentences, lex)
        own, discussion = _readings(doc, sentences, drafts, masked, lex)
        for i, event in enumerate(doc.events):
            event.contexts = _choose(own[i], discussion[i], keywords)
        return doc


def contexts_of(texts: list[str], lex: Lexicon, discussion: list[str] | None = None) -> list[str]:
    """Return the contexts `texts` name, then those the discussion raises at least twice.

    The event's own sentences are trusted at one mention; the discussion after
    it wanders, so there a topic must recur to count.
    """
    own = [_keywords(text, lex) for text in texts]
    talk = [_keywords(text, lex) for text in discussion or []]
    return _pick(own, talk)


Keywords = dict[str, tuple[int, int]]  # context -> (first position, number of keywords)


def _keywords(text: str, lex: Lexicon) -> Keywords:
    folded = fold(QUOTED.sub(" ", text)).text
    found: Keywords = {}
    for name, pattern in lex.contexts.items():
        matches = list(pattern.finditer(folded))
        if matches:
            found[name] = (matches[0].start(), len(matches))
    return found


def _keywords_by_sentence(
    masked: str, sentences: list[Sentence], lex: Lexicon
) -> dict[int, Keywords]:
    """Return the context keywords of every sentence, scanning the document once per context."""
    view = fold(QUOTED.sub(lambda m: " " * len(m.group()), masked))
    starts = [s.start for s in sentences]
    found: dict[int, Keywords] = {s.start: {} for s in sentences}
    possible = lex.context_screen.candidates(view.text)
    for index, (name, pattern) in enumerate(lex.contexts.items()):
        if index not in possible:
            continue
        for m in pattern.finditer(view.text):
            at = view.to_source(m.start(), m.end())[0]
            i = bisect_right(starts, at) - 1
            if i < 0 or at >= sentences[i].end:
                continue
            first, count = found[starts[i]].get(name, (at - starts[i], 0))
            found[starts[i]][name] = (first, count + 1)
    return found


def _choose(own: list[int], talk: list[int], keywords: dict[int, Keywords]) -> list[str]:
    return _pick([keywords[s] for s in own], [keywords[s] for s in talk])


def _pick(own: list[Keywords], talk: list[Keywords]) -> list[str]:
    chosen: dict[str, int] = {}
    for order, found in enumerate(own):
        for name, (first, _count) in found.items():
            chosen.setdefault(name, order * 10_000 + first)
    counts: dict[str, tuple[int, int]] = {}
    for order, found in enumerate(talk):
        for name, (first, count) in found.items():
            position, total = counts.get(name, (order * 10_000 + first, 0))
            counts[name] = (position, total + count)
    for name, (position, total) in counts.items():
        if name not in chosen and total >= DISCUSSION_MIN_HITS:
            chosen[name] = 1_000_000 + position
    return sorted(chosen, key=chosen.__getitem__)[:CONTEXTS_MAX]


def _masked(doc: Document) -> str:
    """Return the text with names blanked: "Office on Drugs and Crime" is a name, not a topic."""
    chars = list(doc.text)
    for entity in doc.entities:
        for m in entity.mentions:
            chars[m.start : m.end] = " " * (m.end - m.start)
    return "".join(chars)


def _readings(
    doc: Document, sentences: list[Sentence], drafts: list[Any], masked: str, lex: Lexicon
) -> tuple[list[list[int]], list[list[int]]]:
    """Return, per event, its own sentences (evidence and scope) and the discussion after it.

    Sentences are given by their start offset.
    """

    def read(s: Sentence) -> int:
        return s.start

    evidence_of: dict[int, int] = {}
    own: list[list[int]] = []
    discussion: list[list[int]] = [[] for _ in drafts]
    for i, draft in enumerate(drafts):
        own.append([read(c.sentence) for c in draft.candidates] + [read(s) for s in draft.scope])
        for cand in draft.candidates:
            evidence_of.setdefault(cand.sentence.start, i)
    reported = {i for i, e in enumerate(doc.events) if not _flagged(e)}
    last_paragraph = {i: d.candidates[0].sentence.paragraph for i, d in enumerate(drafts)}
    current: int | None = None
    meeting: int | None = None
    taken = 0
    for sentence in sentences:
        if sentence.start in evidence_of:
            current, taken = evidence_of[sentence.start], 0
            last_paragraph[current] = sentence.paragraph
            if current not in reported:
                meeting = None  # background keeps what follows it
            elif drafts[current].type == "CONSULT":
                meeting = current
        elif _is_heading(sentence):
            current = meeting = None
        elif current is not None and taken < DISCUSSION_MAX and not _background(sentence, doc):
            folded = fold(sentence.text).text
            scope_of = _latest_agreement(drafts, current, reported)
            if scope_of is not None and lex.scope is not None and lex.scope.search(folded):
                own[scope_of].append(read(sentence))  # "the agreement covers ...": its scope
            elif lex.agenda is not None and lex.agenda.search(folded):
                own[meeting if meeting is not None else current].append(read(sentence))
            else:
                # a meeting owns what is said after it, even after an agreement announced there
                target = meeting if meeting is not None else current
                near = sentence.paragraph - last_paragraph[target] <= 1
                (own if near else discussion)[target].append(read(sentence))
            taken += 1
    return own, discussion


def _latest_agreement(drafts: list[Any], current: int, reported: set[int]) -> int | None:
    """Return the latest reported agreement (SUPPORT or AGREE) up to event `current`."""
    for i in range(current, -1, -1):
        if i in reported and drafts[i].type in ("SUPPORT", "AGREE"):
            return i
    return None


def _flagged(event: Event) -> bool:
    return event.historical or event.hypothetical or event.negated


def _is_heading(sentence: Sentence) -> bool:
    """Tell whether a line heads a new section (short, and either bare or ending in a colon)."""
    text = sentence.text.strip()
    return len(text) <= HEADING_MAX and (
        text.endswith((":", "：")) or not regex.search(r"[.!?。！？؟;]$", text)
    )


def _background(sentence: Sentence, doc: Document) -> bool:
    if doc.published is None:
        return False
    year = int(doc.published.date[:4])
    for d in doc.dates:
        inside = sentence.start <= d.start < sentence.end
        if inside and d.value and not d.relative and int(d.value[:4]) <= year - 2:
            return True
    return False
