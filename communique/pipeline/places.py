"""Where an event happened, and the name of the meeting it happened at.

The place is the first city named in the event's sentences, else in their
paragraph, else the dateline's city ("GENEVA, 6 June -", "Roma.-",
"الأمم المتحدة (نيويورك) -"); online and hybrid meetings are marked as such; a
country named after a locative word ("en Panamá") stands when no city does.
A dateline naming two cities ("Genève/Bruxelles") gives no place.
"""

from __future__ import annotations

from typing import Any

import regex

from communique.documents import Document, Entity, Place
from communique.pipeline.lexicon import Lexicon
from communique.pipeline.normalize import fold
from communique.pipeline.sentences import Sentence
from communique.resources.kb import KnowledgeBase

DATELINE_TAIL = regex.compile(r"^\s*\)?\s*(?:,|\.?\s*[-–—]|\(|\.-)")
TWO_CITIES = regex.compile(r"^\s*/")
DATELINE_REACH = 3  # paragraphs from the top where a dateline may stand
LATIN_WORD = regex.compile(r"[\p{Lu}\d][\p{L}\d'’\-]*")
LINKS = regex.compile(
    r"^\s+(?:of|on|for|de|du|des|de la|del|sur|sobre|pour|por)\s+"
    r"(?:the\s+|la\s+|l'|le\s+|les\s+|el\s+|los\s+|las\s+)?",
    regex.I,
)


def place_of(
    candidates: list[Any],
    doc: Document,
    sentences: list[Sentence],
    lex: Lexicon,
    explain: list[str],
) -> Place | None:
    """Return the place stated in the event's sentences or their paragraph."""
    spans = [(c.sentence.start, c.sentence.end) for c in candidates]
    folded = fold(" ".join(c.sentence.text for c in candidates)).text
    online = _online(lex, folded)
    city = _first_city(doc, spans, lex)
    if city is None:
        city = _first_city(doc, _paragraph_spans(candidates, sentences), lex)
    if city is not None:
        explain.append(f"place {city.name}: named in the event's sentences or paragraph")
        return Place(city.id, city.name, city.country, hybrid=online == "hybrid")
    if online:
        explain.append(f"place: {online} meeting")
        return Place(virtual=online == "virtual", hybrid=online == "hybrid")
    country = _locative_country(doc, spans[:1], lex)
    if country is not None:
        explain.append(f"place {country.name}: the country where it happened (no city named)")
        return Place(country=country.country)
    return None


def _online(lex: Lexicon, folded: str) -> str | None:
    for name in ("hybrid", "virtual"):
        pattern = lex.modes.get(name)
        if pattern and pattern.search(folded):
            return name
    return None


def _paragraph_spans(candidates: list[Any], sentences: list[Sentence]) -> list[tuple[int, int]]:
    paragraphs = {c.sentence.paragraph for c in candidates}
    return [(s.start, s.end) for s in sentences if s.paragraph in paragraphs]


def _first_city(doc: Document, spans: list[tuple[int, int]], lex: Lexicon) -> Entity | None:
    """Return the first city named in `spans` as a place where something happens.

    A dateline's city is the dateline's business (dateline_place), and a city
    after "based in" is an organization's seat, not where the event was.
    """
    best: tuple[int, Entity] | None = None
    for entity in doc.entities:
        if entity.type != "place":
            continue
        for m in entity.mentions:
            if not any(s <= m.start < e for s, e in spans) or (best and m.start >= best[0]):
                continue
            if _in_dateline(doc.text, m.start, m.end) or _after_seat_word(doc.text, m.start, lex):
                continue
            best = (m.start, entity)
    return best[1] if best else None


def _in_dateline(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start > 40:
        return False
    return bool(DATELINE_TAIL.match(text[end : end + 4]) or TWO_CITIES.match(text[end : end + 3]))


def _after_seat_word(text: str, start: int, lex: Lexicon) -> bool:
    if lex.seat is None:
        return False
    before = fold(text[max(0, start - 40) : start]).text.rstrip()
    return any(m.end() == len(before) for m in lex.seat.finditer(before))


def _locative_country(doc: Document, spans: list[tuple[int, int]], lex: Lexicon) -> Entity | None:
    if lex.locative is None:
        return None
    for entity in doc.entities:
        if entity.type != "country":
            continue
        for m in entity.mentions:
            if not any(s <= m.start < e for s, e in spans):
                continue
            before = fold(doc.text[max(0, m.start - 12) : m.start]).text.rstrip()
            if any(x.end() == len(before) for x in lex.locative.finditer(before)):
                return entity
            if m.text[:1] == "ب" and lex.lang == "ar":  # "بمصر": in Egypt, the clitic in the word
                return entity
    return None


def dateline_place(
    doc: Document, kb: KnowledgeBase, explain: list[str], evidence_start: int | None = None
) -> Place | None:
    """Return the city of the document's dateline, if it names exactly one.

    The dateline speaks for the lead: an event first reported further down
    (beyond the paragraph after the dateline's) does not inherit it.
    """
    top = _top_paragraph_starts(doc.text)
    if (
        evidence_start is not None
        and len(top) > DATELINE_REACH
        and evidence_start >= top[DATELINE_REACH]
    ):
        return None
    for entity in doc.entities:
        if entity.type != "place":
            continue
        for m in entity.mentions:
            if not any(0 <= m.start - start <= 40 for start in top):
                continue
            tail = doc.text[m.end : m.end + 4]
            if TWO_CITIES.match(tail) or doc.text[max(0, m.start - 1) : m.start] == "/":
                return None
            if DATELINE_TAIL.match(tail):
                explain.append(f"place {entity.name}: the dateline")
                return Place(entity.id, entity.name, entity.country)
    return None


def _top_paragraph_starts(text: str) -> list[int]:
    starts = [0]
    for m in regex.finditer(r"\n+", text):
        starts.append(m.end())
        if len(starts) >= DATELINE_REACH + 3:
            break
    return starts


def meeting_phrase(text: str, lex: Lexicon) -> str | None:
    """Return the proper name of a meeting in `text` ("the Twelfth Session of the ... Group")."""
    if lex.meetings is None:
        return None
    view = fold(text)
    for m in lex.meetings.finditer(view.text):
        start, end = view.to_source(m.start(), m.end())
        name = _extend(text, start, end)
        if name and any(ch.isupper() for ch in name) and len(name.split()) >= 2:
            return name
    return None


def _extend(text: str, start: int, end: int) -> str:
    words = text[:start].split()
    left: list[str] = []
    for word in reversed(words[-6:]):
        if LATIN_WORD.fullmatch(word.strip(",")) is None or word.endswith(","):
            break
        left.insert(0, word)
    right = end
    while True:
        link = LINKS.match(text[right:])
        if not link:
            break
        tail = regex.match(r"(?:[\p{Lu}\d][\p{L}\d'’\-]*\s*)+", text[right + link.end() :])
        if not tail:
            break
        right += link.end() + len(tail.group().rstrip())
    return " ".join([*left, text[start:right]]).strip()
