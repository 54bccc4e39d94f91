"""Event candidates: one per trigger-bearing sentence, with what that sentence says.

A candidate holds the trigger, its parties (organizations, and states acting
through their officials), people, flags, mode, instrument, meeting name,
date and place as the sentence gives them. events.py consolidates them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import regex

from communique.documents import DateMention, Document, Entity
from communique.pipeline.lexicon import FLAGS, Lexicon, Trigger
from communique.pipeline.normalize import fold
from communique.pipeline.people import GLUE
from communique.pipeline.sentences import Sentence

ORGAN_KINDS = ("igo_organ", "un_principal_organ")
CUE_REACH = 30  # characters before a trigger where a tense or negation cue governs it
TRAILING_ARTICLE = regex.compile(r"(?:\s|^)(?:the|l'|la|le|les|el|los|las|al)\s*$")
CLAUSE_BREAK = regex.compile(
    r"[;:؛；：]|,\s+(?:while|but|whereas|alors que|tandis que|mientras|а|но)\s"
)


@dataclass
class Candidate:
    """What one sentence says about one event."""

    sentence: Sentence
    trigger: Trigger
    trigger_text: str
    parties: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    flags: dict[str, bool] = field(default_factory=dict)
    mode: str | None = None
    instrument: str | None = None
    meeting: str | None = None
    dates: list[DateMention] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    borrowed: bool = False
    explain: list[str] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.trigger.type


@dataclass
class DocIndex:
    """Entity mentions of a document, by position, for quick sentence lookups."""

    doc: Document
    by_id: dict[str, Entity]
    mentions: list[tuple[int, int, Entity]] = field(default_factory=list)  # sorted by start
    starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Document) -> DocIndex:
        mentions = sorted(
            ((m.start, m.end, e) for e in doc.entities for m in e.mentions), key=lambda x: x[0]
        )
        return cls(doc, {e.id: e for e in doc.entities}, mentions, [m[0] for m in mentions])

    def in_span(
        self, start: int, end: int, types: tuple[str, ...]
    ) -> list[tuple[int, int, Entity]]:
        """Return the mentions of entities of `types` inside [start, end), in text order."""
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return [m for m in self.mentions[first:last] if m[1] <= end and m[2].type in types]


TriggerHit = tuple[Trigger, int, int, str]


def find_triggers(text: str, sentences: list[Sentence], lex: Lexicon) -> list[list[TriggerHit]]:
    """Return, per sentence, (trigger, start, end, text) of every trigger in it (offsets in `text`).

    Each pattern scans the folded document once; a match that crosses a
    sentence boundary is not a trigger.
    """
    view = fold(text)
    starts = [s.start for s in sentences]
    per_sentence: list[list[TriggerHit]] = [[] for _ in sentences]
    possible = lex.trigger_screen.candidates(view.text)
    for index, trig in enumerate(lex.triggers):
        if index not in possible:
            continue
        for m in trig.pattern.finditer(view.text):
            s, e = view.to_source(m.start(), m.end())
            i = bisect_right(starts, s) - 1
            if i >= 0 and e <= sentences[i].end:
                per_sentence[i].append((trig, s, e, text[s:e]))
    return [sorted(found, key=lambda x: x[1]) for found in per_sentence]


def sentence_flags(
    sentence: Sentence, trigger_start: int, lex: Lexicon, trigger_text: str = ""
) -> dict[str, bool]:
    """Return the flags the trigger's clause carries (future, historical, hypothetical, negated).

    Tense and modality cues count before and in the trigger ("will sign", "n'ont pas
    signé", "proposed to hold"), so "discussed the possible avenues" stays a real
    discussion; background cues ("since 1997") count anywhere in the clause.
    """
    before, whole = _clause(sentence, trigger_start)
    lead = fold(before).text
    with_trigger = fold(before + trigger_text).text
    text = fold(whole).text
    flags = {}
    for name in FLAGS:
        if name not in lex.flags:
            continue
        pattern = lex.flags[name]
        if name == "historical":
            flags[name] = bool(pattern.search(text))
        elif name in ("future", "negated"):
            # tense and negation govern the verb next to them ("X will support Y and both
            # have undertaken to": only "support" is future), and may sit inside the trigger
            reach = CUE_REACH + len(trigger_text)
            flags[name] = bool(
                pattern.search(lead[-CUE_REACH:]) or pattern.search(with_trigger[-reach:])
            )
        else:  # a proposal governs its whole clause, but not the trigger's own words
            flags[name] = bool(pattern.search(lead))
    return flags


def _clause(sentence: Sentence, pos: int) -> tuple[str, str]:
    """Return the clause around `pos` up to the trigger, and the whole clause."""
    rel = pos - sentence.start
    text = sentence.text
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]
    start = max([b for b in breaks if b < rel], default=0)
    end = min([b for b in breaks if b > rel], default=len(text))
    return text[start:rel], text[start:end]


def parties_of(
    sentence: Sentence, index: DocIndex, lex: Lexicon
) -> tuple[list[str], list[str], set[str]]:
    """Return (parties, people, venue organizations) named in the sentence."""
    parties: list[str] = []
    venues: set[str] = set()
    folded_text = index.doc.text
    for start, _end, ent in index.in_span(sentence.start, sentence.end, ("organization",)):
        if _in_dateline_attribution(folded_text, start):
            continue  # "GENEVA, 6 June (UN Information Service) -": the publisher, not a party
        if _near_after(folded_text, start, lex.forum):
            continue  # "on the sidelines of the G20 summit": the forum, not a party
        if _is_venue(folded_text, start, lex):
            venues.add(ent.id)
        _add(parties, ent.id)
    people: list[str] = []
    for _s, _e, ent in index.in_span(sentence.start, sentence.end, ("person",)):
        _add(people, ent.id)
        for role in ent.roles:
            if role.org:
                _add(parties, role.org)
    for party in _unnamed_officials(sentence, index):
        _add(parties, party)
    return parties, people, venues


def _unnamed_officials(sentence: Sentence, index: DocIndex) -> list[str]:
    """Return what officials named only by their title act for ("the Minister of Foreign
    Affairs of Kazakhstan met ..."): the country or organization right after the title."""
    found = index.doc.annotations.get("entities")
    if found is None:
        return []
    out = []
    for title in found.titles:
        if not sentence.start <= title.start < sentence.end:
            continue
        after = index.in_span(title.end, sentence.end, ("organization", "country"))
        if after and GLUE.match(index.doc.text[title.end : after[0][0]]):
            out.append(after[0][2].id)
    return out


LIST_GLUE = regex.compile(
    r"^[\s,،、()\p{Lu}\-]*(?:(?:and|et|y|e|и|و|与|和|及|the|l|la|le|les|el|los|las|de|du|des|del)[\s'’]*)*[\s,،、()\-]*$"
)


def between_parties(sentence: Sentence, index: DocIndex, lex: Lexicon) -> list[str]:
    """Return the organizations a "between X and Y" phrase names, when it names two or more."""
    if lex.between is None:
        return []
    view = fold(sentence.text)
    m = lex.between.search(view.text)
    if not m:
        return []
    cursor = sentence.start + view.to_source(m.start(), m.end())[1]
    named: list[str] = []
    for start, end, ent in index.in_span(
        cursor, sentence.end, ("organization", "country", "person")
    ):
        if not LIST_GLUE.match(index.doc.text[cursor:start]):
            break
        if ent.type == "person":  # "the meeting between Guterres and Stock": their organizations
            for role in ent.roles[:1]:
                if role.org:
                    _add(named, role.org)
        else:
            _add(named, ent.id)
        cursor = end
    return named if len(named) >= 2 else []


DATELINE_DASH = regex.compile(r"\s[-–—]\s")


def _in_dateline_attribution(text: str, start: int) -> bool:
    """Tell whether `start` is inside the parenthesis of a dateline ("..., 6 June (Agency) - ")."""
    line_start = text.rfind("\n", 0, start) + 1
    dash = DATELINE_DASH.search(text, line_start, line_start + 120)
    if dash is None or start > dash.start():
        return False
    return text.rfind("(", line_start, start) > text.rfind(")", line_start, start)


def _preceded_by(text: str, start: int, pattern: regex.Pattern[str] | None) -> bool:
    """Tell whether `pattern` ends right before `start` (articles in between allowed)."""
    if pattern is None:
        return False
    before = fold(text[max(0, start - 40) : start]).text
    before = TRAILING_ARTICLE.sub("", before).rstrip(" '")
    return any(m.end() == len(before) for m in pattern.finditer(before))


def _near_after(text: str, start: int, pattern: regex.Pattern[str] | None) -> bool:
    """Tell whether `pattern` ends a few words before `start`, in the same clause
    ("en marge du sommet du G20": the G20 hosts the summit the forum cue names)."""
    if pattern is None:
        return False
    before = fold(text[max(0, start - 60) : start]).text
    for m in pattern.finditer(before):
        between = before[m.end() :]
        if len(between.split()) <= 4 and not regex.search(r"[,;:.()]", between):
            return True
    return False


def _is_venue(text: str, start: int, lex: Lexicon) -> bool:
    if lex.venue is None:
        return False
    before = fold(text[max(0, start - 30) : start]).text
    before = TRAILING_ARTICLE.sub("", before).rstrip(" '")
    return any(m.end() == len(before) for m in lex.venue.finditer(before))


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def add_parents(parties: list[str], index: DocIndex, kb_orgs: dict[str, dict]) -> list[str]:
    """Add the parent organization of every organ that takes part (AU Commission brings the AU)."""
    out = list(parties)
    for party in parties:
        org = kb_orgs.get(party) or {}
        if org.get("kind") in ORGAN_KINDS and org.get("parent"):
            _add(out, org["parent"])
    return out


def drop_venue_organs(parties: list[str], venues: set[str], kb_orgs: dict[str, dict]) -> list[str]:
    """Drop an organ named only as the venue (its parent takes part)."""
    out = []
    for party in parties:
        parent = (kb_orgs.get(party) or {}).get("parent")
        if party in venues and parent in parties:
            continue
        out.append(party)
    return out


def first_match(patterns: list[tuple[str, regex.Pattern[str]]], text: str) -> str | None:
    folded = fold(text).text
    for name, pattern in patterns:
        if pattern.search(folded):
            return name
    return None


@dataclass
class Draft:
    """An event being assembled from candidates."""

    type: str
    candidates: list[Candidate] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    hosts: set[str] = field(default_factory=set)
    future: bool = False
    flags: dict[str, bool] = field(default_factory=dict)
    scope: list[Sentence] = field(default_factory=list)

    def absorb(self, cand: Candidate) -> None:
        self.candidates.append(cand)
        for p in cand.parties:
            if p not in self.parties:
                self.parties.append(p)
        for p in cand.people:
            if p not in self.people:
                self.people.append(p)
        self.hosts |= cand.hosts
