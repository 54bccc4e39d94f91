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
CONTEXTS_MAX = 6


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
        readings = _readings(doc, sentences, drafts, _masked(doc))
        for event, reading in zip(doc.events, readings, strict=True):
            event.contexts = contexts_of(reading, lex)
        return doc


def contexts_of(texts: list[str], lex: Lexicon) -> list[str]:
    """Return the contexts whose keywords occur in `texts`, in order of first occurrence."""
    found: dict[str, int] = {}
    for order, text in enumerate(texts):
        folded = fold(QUOTED.sub(" ", text)).text
        for name, pattern in lex.contexts.items():
            m = pattern.search(folded)
            if m and name not in found:
                found[name] = order * 10_000 + m.start()
    return sorted(found, key=found.__getitem__)[:CONTEXTS_MAX]


def _masked(doc: Document) -> str:
    """Return the text with names blanked out: "Office on Drugs and Crime" is a name, not a topic."""
    chars = list(doc.text)
    for entity in doc.entities:
        for m in entity.mentions:
            chars[m.start : m.end] = " " * (m.end - m.start)
    return "".join(chars)


def _readings(
    doc: Document, sentences: list[Sentence], drafts: list[Any], masked: str
) -> list[list[str]]:
    def read(s: Sentence) -> str:
        return masked[s.start : s.end]

    evidence_of: dict[int, int] = {}
    readings: list[list[str]] = []
    for i, draft in enumerate(drafts):
        readings.append(
            [read(c.sentence) for c in draft.candidates] + [read(s) for s in draft.scope]
        )
        for cand in draft.candidates:
            evidence_of.setdefault(cand.sentence.start, i)
    owner = {i: _discussion_owner(i, drafts, doc.events) for i in range(len(drafts))}
    current: int | None = None
    taken = 0
    for sentence in sentences:
        if sentence.start in evidence_of:
            current, taken = owner[evidence_of[sentence.start]], 0
        elif _is_heading(sentence):
            current = None
        elif current is not None and taken < DISCUSSION_MAX and not _background(sentence, doc):
            readings[current].append(read(sentence))
            taken += 1
    return readings


def _discussion_owner(i: int, drafts: list[Any], events: list[Event]) -> int:
    if drafts[i].type == "CONSULT":
        return i
    parties = {p.entity for p in events[i].participants}
    for j, event in enumerate(events):
        if event.type == "CONSULT" and parties <= {p.entity for p in event.participants}:
            return j
    return i


def _is_heading(sentence: Sentence) -> bool:
    text = sentence.text.strip()
    return len(text) <= HEADING_MAX and not regex.search(r"[.!?。！？؟:;]$", text)


def _background(sentence: Sentence, doc: Document) -> bool:
    if doc.published is None:
        return False
    year = int(doc.published.date[:4])
    for d in doc.dates:
        if sentence.start <= d.start < sentence.end and d.value and not d.relative:
            if int(d.value[:4]) <= year - 2:
                return True
    return False
