"""Turning a consolidated draft into the record's Event: mode, parties, people, date, place.

events.py decides which sentences report one event; this module reads, from those
sentences and the document around them, the event's fields, and explains each choice.
"""

from __future__ import annotations

import hashlib
from typing import Any

from communique.documents import (
    Document,
    Event,
    EventDate,
    Evidence,
    Participant,
    PersonRef,
    Place,
)
from communique.pipeline.candidates import (
    Draft,
    first_match,
)
from communique.pipeline.lexicon import Lexicon, lexicon
from communique.pipeline.normalize import fold
from communique.pipeline.places import dateline_place, place_of
from communique.pipeline.sentences import Sentence
from communique.resources.kb import KnowledgeBase


def build_event(
    draft: Draft, doc: Document, sentences: list[Sentence], kb: KnowledgeBase, explain: bool
) -> Event:
    """Turn a draft into the record's Event."""
    lex = lexicon(doc.language or "en")
    evidence_text = " ".join(c.sentence.text for c in draft.candidates)
    explain_lines = [line for c in draft.candidates for line in c.explain]
    mode = _mode(draft, lex, evidence_text)
    place = _place(draft, doc, sentences, kb, explain_lines)
    parties = _final_parties(draft, place.country if place else None)
    event = Event(
        id="",
        type=draft.type,
        mode=mode,
        instrument=first_match(lex.instruments, evidence_text)
        if draft.type in ("SUPPORT", "AGREE")
        else None,
        meeting=None,
        participants=[Participant(p, _role(p, draft)) for p in parties],
        people=[PersonRef(p) for p in _people(draft, doc, parties, kb)],
        date=_date(draft, doc, sentences, explain_lines),
        place=place,
        future=draft.future,
        historical=bool(draft.flags.get("historical")),
        hypothetical=bool(draft.flags.get("hypothetical")),
        negated=bool(draft.flags.get("negated")),
        confidence=_confidence(draft),
        evidence=_evidence(draft, doc),
    )
    if event.type != "SUPPORT" or event.mode != "agreement":
        event.instrument = None if event.type != "AGREE" else event.instrument
    event.meeting = meeting_name(draft, lex)
    event.id = event_id(event)
    if explain:
        event.explain = explain_lines + [f"participant {p}: {_why(p, draft)}" for p in parties]
    return event


def _final_parties(draft: Draft, host_country: str | None) -> list[str]:
    """Keep states only where they act: the host of a multilateral meeting, or a bilateral party."""
    orgs = [p for p in draft.parties if not p.startswith("country:")]
    states = [p for p in draft.parties if p.startswith("country:")]
    if draft.type == "CONSULT" and _is_multilateral(draft):
        host = f"country:{host_country.lower()}" if host_country else None
        states = [s for s in states if s == host]
    return orgs + states


def _is_multilateral(draft: Draft) -> bool:
    return any(
        c.mode == "multilateral" or c.trigger.mode == "multilateral" for c in draft.candidates
    )


def _role(party: str, draft: Draft) -> str:
    if draft.type == "CONSULT" and draft.hosts and any(c.mode == "visit" for c in draft.candidates):
        return "recipient" if party in draft.hosts else "actor"
    return "participant"


def _mode(draft: Draft, lex: Lexicon, evidence_text: str) -> str | None:
    if draft.type == "SUPPORT":
        return (
            "endorsement"
            if all(c.trigger.mode == "endorsement" for c in draft.candidates)
            else "agreement"
        )
    if draft.type in ("COOPERATE", "AID"):
        return next((c.trigger.mode for c in draft.candidates if c.trigger.mode), None)
    if draft.type != "CONSULT":
        return None
    folded = fold(evidence_text).text
    trigger_modes = [c.trigger.mode for c in draft.candidates if c.trigger.mode]
    if draft.hosts:
        mode: str | None = "visit"  # held at one party's seat
    elif "multilateral" in trigger_modes or _cue(lex, "multilateral", folded):
        mode = "multilateral"
    elif trigger_modes:
        mode = trigger_modes[0]
    else:
        mode = next((m for m in ("visit", "phone") if _cue(lex, m, folded)), None)
    for cand in draft.candidates:
        cand.mode = mode
    return mode


def _cue(lex: Lexicon, name: str, folded: str) -> bool:
    pattern = lex.modes.get(name)
    return bool(pattern and pattern.search(folded))


def _people(draft: Draft, doc: Document, parties: list[str], kb: KnowledgeBase) -> list[str]:
    """People of the evidence, plus the heads of the parties named elsewhere in the document."""
    people = [p for p in draft.people if not _is_spokesperson(p, doc)]
    for entity in doc.entities:
        if entity.type != "person" or entity.id in people or _is_spokesperson(entity.id, doc):
            continue
        if any(r.org in parties and _rank(r.title, kb) in ("head", "deputy") for r in entity.roles):
            people.append(entity.id)
    return people


def _is_spokesperson(person: str, doc: Document) -> bool:
    entity = next((e for e in doc.entities if e.id == person), None)
    return entity is not None and any(r.title == "spokesperson" for r in entity.roles)


def _rank(title: str, kb: KnowledgeBase) -> str:
    return str((kb.titles.get(title) or {}).get("rank", "other"))


def _date(
    draft: Draft, doc: Document, sentences: list[Sentence], explain: list[str]
) -> EventDate | None:
    published = doc.published.date if doc.published else None
    for cand in draft.candidates:
        # a dateline inside the sentence repeats the publication day: the other date is the event's
        dated = sorted((d for d in cand.dates if d.value), key=lambda d: d.value == published)
        for d in dated[:1]:
            explain.append(f"date {d.value}: stated in the sentence ({d.text!r})")
            return EventDate(str(d.value), d.end_value, d.precision, "text")
    paragraph_dates = _paragraph_dates(draft, doc, sentences)
    if len(paragraph_dates) == 1:
        d = paragraph_dates[0]
        explain.append(f"date {d.value}: the only date of the paragraph ({d.text!r})")
        return EventDate(str(d.value), d.end_value, d.precision, "text")
    if doc.published:
        explain.append(f"date {doc.published.date}: publication date (the text gives none)")
        return EventDate(doc.published.date, None, doc.published.precision, "published")
    return None


def _paragraph_dates(draft: Draft, doc: Document, sentences: list[Sentence]) -> list[Any]:
    paragraph = draft.candidates[0].sentence.paragraph
    spans = [(s.start, s.end) for s in sentences if s.paragraph == paragraph]
    start, end = spans[0][0], spans[-1][1]
    published_span = (doc.published.start, doc.published.end) if doc.published else (None, None)
    return [
        d
        for d in doc.dates
        if start <= d.start < end
        and d.value
        and d.precision == "day"
        and (d.start, d.end) != published_span
    ]


def _place(
    draft: Draft, doc: Document, sentences: list[Sentence], kb: KnowledgeBase, explain: list[str]
) -> Place | None:
    lex = lexicon(doc.language or "en")
    first = min(c.sentence.start for c in draft.candidates)
    mine = {c.sentence.start for c in draft.candidates}
    others = {
        c.sentence.start
        for other in doc.annotations.get("drafts", [])
        for c in other.candidates
        if c.sentence.start not in mine
    }
    context = [s for s in sentences if s.start not in others]
    return place_of(draft.candidates, doc, context, lex, explain) or dateline_place(
        doc, kb, explain, first
    )


def _confidence(draft: Draft) -> float:
    score = 0.45
    if any(not c.borrowed for c in draft.candidates):
        score += 0.2
    if any(not c.trigger.nominal for c in draft.candidates):
        score += 0.15
    if len(draft.candidates) > 1:
        score += 0.1
    if any(c.dates for c in draft.candidates):
        score += 0.05
    return round(min(score, 0.95), 2)


def _evidence(draft: Draft, doc: Document) -> list[Evidence]:
    seen = set()
    out = []
    for cand in draft.candidates:
        s = cand.sentence
        if (s.start, s.end) not in seen:
            seen.add((s.start, s.end))
            out.append(Evidence(doc.id, s.start, s.end, s.text))
    return out


def _why(party: str, draft: Draft) -> str:
    for cand in draft.candidates:
        if party in cand.parties:
            how = (
                "borrowed from the event before"
                if cand.borrowed
                else "named in the sentence or by a title"
            )
            return f"{how}: {cand.sentence.text[:80]!r}"
    return "organ's parent organization"


def meeting_name(draft: Draft, lex: Lexicon) -> str | None:
    """Return the name of the meeting the event happened at, where a sentence states it."""
    if lex.meetings is None:
        return None
    from communique.pipeline.places import meeting_phrase

    for cand in draft.candidates:
        name = meeting_phrase(cand.sentence.text, lex)
        if name:
            return name
    return None


def event_id(event: Event) -> str:
    """Return a stable id from type, participants, date and place."""
    parts = [
        event.type,
        ",".join(sorted(p.entity for p in event.participants)),
        event.date.start if event.date else "",
        (event.place.entity or event.place.country or "") if event.place else "",
        event.evidence[0].text if event.evidence else "",
    ]
    return "ev:" + hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


def share_meeting_settings(events: list[Event], dateline: Place | None = None) -> None:
    """Give an AGREE or SUPPORT reached at a meeting its date and place when it has none."""
    meetings = [e for e in events if e.type == "CONSULT" and not e.historical]
    for event in events:
        if event.type == "CONSULT" or event.historical:
            continue
        parties = {p.entity for p in event.participants}
        meeting = next((m for m in meetings if parties <= {p.entity for p in m.participants}), None)
        if meeting is None:
            continue
        if (event.date is None or event.date.source == "published") and meeting.date is not None:
            event.date = meeting.date
        if meeting.place is not None and (event.place is None or event.place == dateline):
            event.place = meeting.place  # agreed at the meeting: where the meeting was
        event.id = event_id(event)
