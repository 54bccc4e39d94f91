"""The events stage: cooperation events coded in PLOVER terms, each backed by its sentences.

1. Every sentence with a trigger (lexicon.py) gives a candidate per event type.
2. A candidate with fewer than two parties of its own borrows those of the
   event just before it when it points back to them ("the two organizations",
   "both", "стороны") or names only parties already met.
3. Candidates are consolidated into events: the same type with overlapping
   parties is one event with several evidence spans; statements and praise at
   a meeting belong to the meeting; what a signed agreement will make possible
   is that agreement's scope, not a new AGREE; a future signing stays AGREE.
4. Date and place come from the evidence sentences, then their paragraph, then
   the dateline, then the publication date; an AGREE reached at a meeting
   shares the meeting's date and place.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

import regex

from communique.documents import (
    Document,
)
from communique.pipeline import Stage
from communique.pipeline.assemble import build_event, share_meeting_settings
from communique.pipeline.candidates import (
    ORGAN_KINDS,
    Candidate,
    DocIndex,
    Draft,
    add_parents,
    between_parties,
    drop_venue_organs,
    find_triggers,
    parties_of,
    sentence_flags,
)
from communique.pipeline.entities import entity_from_kb
from communique.pipeline.lexicon import Lexicon, lexicon
from communique.pipeline.normalize import fold
from communique.pipeline.places import dateline_place
from communique.pipeline.sentences import Sentence, split_sentences
from communique.resources.kb import KnowledgeBase, load_kb

NON_IO_KINDS = ("national_institution",)
# Where one clause ends and another begins, for judging what a date or cue governs.
CLAUSE_SPLIT = regex.compile(r"[;:؛；：،]|,\s+(?:while|but|and|et|y|и|а|но)\s|\sو(?=\w+ا\s)")


class EventsStage(Stage):
    name: ClassVar[str] = "events"
    requires: ClassVar[tuple[str, ...]] = ("text", "language", "dates", "entities")
    assigns: ClassVar[tuple[str, ...]] = ("events",)

    def __call__(self, doc: Document) -> Document:
        lex = lexicon(doc.language or "en")
        kb = load_kb(tuple(doc.annotations.get("kb", ())))
        sentences = split_sentences(doc.text)
        doc.annotations["sentences"] = sentences
        candidates = collect_candidates(doc, sentences, lex, kb)
        kinds = {e.id: e.kind for e in doc.entities}
        drafts = consolidate(candidates, kb, kinds)
        doc.annotations["drafts"] = drafts  # before build_event: places look at the other events
        explain = bool(self.options.get("explain"))
        doc.events = [build_event(d, doc, sentences, kb, explain) for d in drafts]
        share_meeting_settings(doc.events, dateline_place(doc, kb, []))
        add_referenced_entities(doc, kb)
        return doc


def add_referenced_entities(doc: Document, kb: KnowledgeBase) -> None:
    """Add an entity (without mentions) for every participant the text names only indirectly."""
    known = {e.id for e in doc.entities}
    for event in doc.events:
        refs = [p.entity for p in event.participants] + [p.entity for p in event.people]
        for ref in refs:
            if ref not in known:
                local = doc.annotations.get("local_entities")
                doc.entities.append(entity_from_kb(ref, kb, [], None, None, local))
                known.add(ref)


def collect_candidates(
    doc: Document, sentences: list[Sentence], lex: Lexicon, kb: KnowledgeBase
) -> list[Candidate]:
    """Return the candidates of every sentence, parties borrowed where the text points back."""
    index = DocIndex.of(doc)
    reference_year = _reference_year(doc)
    out: list[Candidate] = []
    for sentence, triggers in zip(sentences, find_triggers(doc.text, sentences, lex), strict=True):
        for cand in _sentence_candidates(sentence, triggers, index, lex, kb, reference_year):
            _borrow(cand, out, lex)
            out.append(cand)
    return out


def _reference_year(doc: Document) -> int | None:
    if doc.published:
        return int(doc.published.date[:4])
    years = [int(d.value[:4]) for d in doc.dates if d.value and not d.relative]
    return max(years) if years else None


def _sentence_candidates(
    sentence: Sentence,
    triggers: list[Any],
    index: DocIndex,
    lex: Lexicon,
    kb: KnowledgeBase,
    reference_year: int | None,
) -> list[Candidate]:
    by_type: dict[str, Candidate] = {}
    parties, people, venues = parties_of(sentence, index, lex)
    named_pair = add_parents(between_parties(sentence, index, lex), index, kb.orgs)
    named_pair = named_pair if len(named_pair) >= 2 else []
    first_trigger = triggers[0][1] if triggers else sentence.end
    if _points_back(sentence, first_trigger, index, lex):
        parties = _drop_topics(parties, sentence, first_trigger, index, lex)
    parties = _drop_after_topic_cue(parties, sentence, first_trigger, index, lex)
    parties = drop_venue_organs(add_parents(parties, index, kb.orgs), venues, kb.orgs)
    venues |= {kb.orgs[v]["parent"] for v in venues if (kb.orgs.get(v) or {}).get("parent")}
    dates = [d for d in index.doc.dates if sentence.start <= d.start < sentence.end]
    agreed_before = False
    # A future form coded as AGREE ("will meet", "سيعقد", "встретится") puts the whole
    # sentence in the future: "the visit ... is scheduled for May" is one announced visit.
    announced = any(t.type == "AGREE" and not t.commit for t, *_rest in triggers)
    for trig, start, _end, text in triggers:
        flags = sentence_flags(sentence, start, lex, text)
        if (agreed_before or announced) and trig.type != "AGREE":
            flags["future"] = True  # "agreed to conduct joint operations and to sign an MoU"
        if trig.type == "AGREE" and not trig.commit:
            flags["future"] = True  # lexicons code future forms ("signera", "سيوقع") this way
        agreed_before = agreed_before or (trig.type == "AGREE" and trig.commit)
        clause_dates = [d for d in dates if _same_clause(sentence, d.start, start)]
        flags["historical"] = flags.get("historical", False) or _old_date(
            clause_dates, reference_year
        )
        ctype = "AGREE" if flags.get("future") and trig.type != "AGREE" else trig.type
        if ctype in by_type and not (trig.commit and not by_type[ctype].trigger.commit):
            continue
        own = list(named_pair) if named_pair else list(parties)
        cand = Candidate(sentence, trig, text, own, list(people), set(venues), flags)
        if own is not parties and named_pair:
            cand.explain.append(f"parties named by 'between': {', '.join(named_pair)}")
        cand.dates = dates
        cand.places = [e.id for s, _e, e in index.in_span(sentence.start, sentence.end, ("place",))]
        cand.explain.append(f"trigger {text!r}: {trig.describe(lex.lang)}")
        by_type[ctype] = cand
    splits = [part for cand in by_type.values() for part in _one_per_range(cand)]
    return [part for cand in splits for part in _one_per_state(cand, index)]


def _points_back(sentence: Sentence, trigger_start: int, index: DocIndex, lex: Lexicon) -> bool:
    """Tell whether the sentence's subject refers to parties named before ("the two leaders")."""
    if lex.pair is not None and lex.pair.search(
        fold(sentence.text[: trigger_start - sentence.start]).text
    ):
        return True
    return any(
        m.via == "coreference" and sentence.start <= m.start < trigger_start
        for e in index.doc.entities
        if e.type == "person"
        for m in e.mentions
    )


def _drop_topics(
    parties: list[str], sentence: Sentence, trigger_start: int, index: DocIndex, lex: Lexicon
) -> list[str]:
    """Keep parties named before the trigger or after "with"; later names are what was discussed."""
    keep: set[str] = set()
    for start, _end, ent in index.in_span(
        sentence.start, sentence.end, ("organization", "country")
    ):
        if start < trigger_start or _after_with(index.doc.text, start, lex):
            keep.add(ent.id)
    by_role = {
        r.org
        for _s, _e, p in index.in_span(sentence.start, sentence.end, ("person",))
        for r in p.roles
        if r.org
    }
    venues = {e for e in parties if _is_venue_party(e, sentence, index, lex)}
    return [p for p in parties if p in keep or p in by_role or p in venues]


def _is_venue_party(entity: str, sentence: Sentence, index: DocIndex, lex: Lexicon) -> bool:
    """Tell whether the party is named as the place visited ("visited the SCO headquarters")."""
    return any(
        e.id == entity and _is_visited(index.doc.text, s, lex)
        for s, _e, e in index.in_span(sentence.start, sentence.end, ("organization",))
    )


def _is_visited(text: str, start: int, lex: Lexicon) -> bool:
    pattern = lex.modes.get("visit")
    return bool(pattern and pattern.search(fold(text[max(0, start - 40) : start]).text))


def _drop_after_topic_cue(
    parties: list[str], sentence: Sentence, trigger_start: int, index: DocIndex, lex: Lexicon
) -> list[str]:
    """Drop organizations named only after a topic cue ("met X to discuss the situation in Y").

    What follows "to discuss", "la situación de", "notamment" is the agenda, so
    an organization first named there is a subject of the talks, not a party.
    """
    if lex.topic is None:
        return parties
    view = fold(sentence.text)
    cue = next(
        (m for m in lex.topic.finditer(view.text) if sentence.start + m.start() > trigger_start),
        None,
    )
    if cue is None:
        return parties
    cue_at = sentence.start + view.to_source(cue.start(), cue.end())[0]
    mentions = index.in_span(sentence.start, sentence.end, ("organization", "country"))
    before = {e.id for s, _e, e in mentions if s < cue_at}
    text = index.doc.text
    later = {
        e.id for s, _e, e in mentions if s >= cue_at and not _with_between(text, cue_at, s, lex)
    } - before
    by_role = {
        r.org
        for s, _e, p in index.in_span(sentence.start, sentence.end, ("person",))
        if s < cue_at
        for r in p.roles
        if r.org
    }
    return [p for p in parties if p not in later or p in by_role]


def _with_between(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """Tell whether a with-word stands between `start` and `end` ("on Cuba with the UN")."""
    return lex.with_words is not None and bool(lex.with_words.search(fold(text[start:end]).text))


def _after_with(text: str, start: int, lex: Lexicon) -> bool:
    if lex.with_words is None:
        return False
    before = fold(text[max(0, start - 60) : start]).text
    return bool(lex.with_words.search(before))


def _one_per_state(cand: Candidate, index: DocIndex) -> list[Candidate]:
    """Split talks of one side with several heads of state into one event per state.

    "X held talks with the Presidents of Congo, Côte d'Ivoire and the Comoros" is
    three meetings, one per state, as PLOVER codes dyads.
    """
    people = [index.by_id[p] for p in cand.people if p in index.by_id]
    states = []
    for person in people:
        for role in person.roles:
            if role.org and role.org.startswith("country:") and role.org not in states:
                states.append(role.org)
    orgs = [p for p in cand.parties if not p.startswith("country:")]
    if cand.type != "CONSULT" or len(states) < 2 or not orgs or cand.trigger.mode == "multilateral":
        return [cand]
    out = []
    for state in states:
        out.append(
            replace(
                cand,
                parties=[*orgs, state],
                people=[p.id for p in people if any(r.org in (state, *orgs) for r in p.roles)],
                hosts=set(cand.hosts),
                flags=dict(cand.flags),
                explain=[*cand.explain, f"one meeting per state: {state}"],
            )
        )
    return out


def _one_per_range(cand: Candidate) -> list[Candidate]:
    """Split a sentence reporting meetings on several date ranges into one candidate per range.

    "... the Session and the Working Group, which took place respectively from 14 to 16
    June and 16 to 18 June" reports two meetings.
    """
    ranges = [d for d in cand.dates if d.end_value]
    if cand.type != "CONSULT" or len(ranges) < 2:
        return [cand]
    out = []
    for d in ranges:
        out.append(
            replace(
                cand,
                parties=list(cand.parties),
                people=list(cand.people),
                hosts=set(cand.hosts),
                flags=dict(cand.flags),
                dates=[d],
                explain=[
                    *cand.explain,
                    f"one of {len(ranges)} meetings in the sentence ({d.text!r})",
                ],
            )
        )
    return out


def _same_clause(sentence: Sentence, a: int, b: int) -> bool:
    """Tell whether positions `a` and `b` of the text fall in one clause of `sentence`."""
    low, high = sorted((a - sentence.start, b - sentence.start))
    return not CLAUSE_SPLIT.search(sentence.text[low:high])


def _old_date(dates: list[Any], reference_year: int | None) -> bool:
    """Tell whether the sentence dates its fact two or more years before the document."""
    if reference_year is None:
        return False
    years = [int(d.value[:4]) for d in dates if d.value and not d.relative]
    return bool(years) and max(years) <= reference_year - 2


def _borrow(cand: Candidate, previous: list[Candidate], lex: Lexicon) -> None:
    """Fill a candidate's parties from the event before it when the text points back."""
    if not previous:
        return
    last = next((c for c in reversed(previous) if len(c.parties) >= 2), None)
    if last is None:
        return
    points_back = lex.pair is not None and bool(lex.pair.search(fold(cand.sentence.text).text))
    own = set(cand.parties)
    if len(own) >= 2 and not (points_back and own <= set(last.parties)):
        return
    if points_back or (own <= set(last.parties) and not _elsewhere(cand, last)):
        for p in last.parties:
            if p not in cand.parties:
                cand.parties.append(p)
        cand.borrowed = True
        cand.explain.append("parties taken from the event before (the text points back to them)")


def _elsewhere(cand: Candidate, last: Candidate) -> bool:
    """Tell whether a sentence sets its act somewhere or somewhen else than the event before."""
    doc_dates = {d.value for d in last.dates}
    if any(d.value and d.value not in doc_dates for d in cand.dates):
        return True
    return bool(cand.places) and not set(cand.places) <= set(last.places)


def consolidate(
    candidates: list[Candidate], kb: KnowledgeBase, kinds: dict[str, str | None]
) -> list[Draft]:
    """Merge candidates into drafts, one per real-world event."""
    # Scope is judged on whole events: a sentence naming one party may complete another's.
    usable = [c for c in candidates if c.parties]
    drafts: list[Draft] = []
    background = [c for c in usable if _flagged(c)]
    usable = [c for c in usable if not _flagged(c)]
    factual = [c for c in usable if not c.flags.get("future") and not c.trigger.nominal]
    for cand in factual:
        _place_candidate(cand, drafts, cand.type)
    for cand in [c for c in usable if c.flags.get("future") and not c.trigger.nominal]:
        if cand.trigger.type == "AGREE" or not _attach_scope(cand, drafts):
            _place_candidate(cand, drafts, "AGREE", future=True)
    for cand in [c for c in usable if c.trigger.nominal]:
        # "the signing of" joins an agreement signed, or one announced for the future
        target = _overlapping(
            cand, [d for d in drafts if d.type == "SUPPORT" or d.future], ("SUPPORT", "AGREE")
        )
        if target is not None:
            target.absorb(cand)
        else:
            _place_candidate(cand, drafts, "AGREE" if cand.flags.get("future") else cand.type)
    flagged: list[Draft] = []
    for cand in background:  # background, proposals and denials never merge into what happened
        _place_candidate(cand, flagged, cand.type)
    return [d for d in _fold_statements(drafts) + flagged if _in_scope(d.parties, kb, kinds)]


def _flagged(cand: Candidate) -> bool:
    return any(cand.flags.get(f) for f in ("historical", "hypothetical", "negated"))


def _in_scope(parties: list[str], kb: KnowledgeBase, kinds: dict[str, str | None]) -> bool:
    """Tell whether two distinct parties take part, one of them an international organization.

    An organ counts with its parent: the General Assembly and the UN are one party.
    A ministry the text names is a national institution, not an international one.
    """
    ios = [p for p in parties if p.startswith("org:") and _kind(p, kb, kinds) not in NON_IO_KINDS]
    distinct = {_party_of(p, kb) for p in parties}
    return len(distinct) >= 2 and bool(ios)


def _kind(entity: str, kb: KnowledgeBase, kinds: dict[str, str | None]) -> str | None:
    if entity in kb.orgs:
        return kb.orgs[entity].get("kind")
    return kinds.get(entity)


def _party_of(entity: str, kb: KnowledgeBase) -> str:
    org = kb.orgs.get(entity) or {}
    if org.get("kind") in ORGAN_KINDS and org.get("parent"):
        return str(org["parent"])
    return entity


def _place_candidate(
    cand: Candidate, drafts: list[Draft], etype: str, future: bool = False
) -> None:
    for draft in drafts:
        if draft.type == etype and _compatible(draft, cand):
            draft.absorb(cand)
            return
    draft = Draft(etype, future=future, flags=dict(cand.flags))
    draft.absorb(cand)
    drafts.append(draft)


def _compatible(draft: Draft, cand: Candidate) -> bool:
    if draft.future != bool(cand.flags.get("future")):
        return False  # a commitment made today and a visit announced for next month differ
    if bool(draft.flags.get("historical")) != bool(cand.flags.get("historical")):
        return False
    if bool(draft.flags.get("hypothetical")) != bool(cand.flags.get("hypothetical")):
        return False
    if not (_overlap(draft.parties, cand.parties) or _same_session(draft, cand)):
        return False
    return _dates_agree(draft, cand)


def _same_session(draft: Draft, cand: Candidate) -> bool:
    """Tell whether two attendance reports name one multilateral session (a shared organization)."""
    if draft.type != "CONSULT" or cand.trigger.mode != "multilateral":
        return False
    if not any(c.trigger.mode == "multilateral" for c in draft.candidates):
        return False
    shared = set(draft.parties) & set(cand.parties)
    return any(p.startswith("org:") for p in shared)


def _overlap(a: list[str], b: list[str]) -> bool:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return False
    return len(sa & sb) / len(sa | sb) >= 0.5 or sa <= sb or sb <= sa


def _dates_agree(draft: Draft, cand: Candidate) -> bool:
    mine = {(d.value, d.end_value) for c in draft.candidates for d in c.dates if d.value}
    theirs = {(d.value, d.end_value) for d in cand.dates if d.value}
    return not mine or not theirs or bool(mine & theirs)


def _attach_scope(cand: Candidate, drafts: list[Draft]) -> bool:
    """Attach a future mention to a reported event with its parties, as scope; tell if done."""
    # An announced meeting is an AGREE of its own; cooperation to come is the scope of
    # the agreement or the talk of the meeting that reports it.
    types = (
        ("SUPPORT",)
        if cand.trigger.type == "CONSULT"
        else ("SUPPORT", "CONSULT", "COOPERATE", "AID", "AGREE")
    )
    target = _overlapping(cand, drafts, types)
    if target is None or target.future:
        return False
    target.scope.append(cand.sentence)
    return True


def _overlapping(cand: Candidate, drafts: list[Draft], types: tuple[str, ...]) -> Draft | None:
    for draft in drafts:
        if draft.type in types and _overlap(draft.parties, cand.parties):
            return draft
    return None


def _fold_statements(drafts: list[Draft]) -> list[Draft]:
    """Fold praise made during a meeting into it (a statement at an event is part of it)."""
    meetings = [d for d in drafts if d.type == "CONSULT"]
    kept = []
    for draft in drafts:
        endorsement = draft.type == "SUPPORT" and all(
            c.trigger.mode == "endorsement" for c in draft.candidates
        )
        host = next((m for m in meetings if _overlap(m.parties, draft.parties)), None)
        if endorsement and host is not None:
            for cand in draft.candidates:
                host.scope.append(cand.sentence)
            continue
        kept.append(draft)
    return kept
