"""Score extraction records against gold annotations (shared/spec/gold.md).

Pure: record dicts (``Document.to_record()``) and gold dicts in, numbers out;
no I/O. Every count is kept so figures are micro-averaged: true positives,
false positives and false negatives are summed over documents before any
ratio is taken, per language (the gold language) and overall.

Names are compared folded (`fold`): case, accents and punctuation ignored, so
"Co-operation" == "cooperation" and "António" == "antonio".
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from communique.settings import UN_LANGUAGES

# An event flagged with any of these is not a reported event (events.md, Flags).
EXCLUDING_FLAGS = ("historical", "hypothetical", "negated")
# Smallest participant overlap (Jaccard) for a predicted event to match a gold one.
MATCH_THRESHOLD = 0.5
# Where the gold file lists the names of each entity type.
GOLD_LISTS = {"organization": "organizations", "person": "people"}
# Metrics on matched events: name -> the EventMatch attribute averaged.
MATCHED_METRICS = {
    "participant_f1": "participant_f1",
    "date_acc": "date_ok",
    "country_acc": "country_ok",
    "city_acc": "city_ok",
    "context_f1": "context_f1",
    "mode_acc": "mode_ok",
    "event_people_f1": "people_f1",
}

Record = Mapping[str, Any]
Gold = Mapping[str, Any]


def fold(text: str) -> str:
    """Return `text` without case, accents or punctuation, for comparing names."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if unicodedata.category(ch)[0] in "LN")


@dataclass(frozen=True)
class GoldItem:
    """One gold organization, person or participant with its folded variants."""

    label: str  # as written in the gold file, e.g. "WCO|World Customs Organization"
    keys: frozenset[str]


def gold_items(values: Iterable[str]) -> list[GoldItem]:
    """Parse `|`-separated gold names into items with folded variants."""
    items = []
    for value in values:
        keys = frozenset(k for k in (fold(v) for v in value.split("|")) if k)
        items.append(GoldItem(value, keys))
    return items


def id_suffix(entity_id: str) -> str:
    """Return an entity id without its type prefix ("org:wco" -> "wco")."""
    return entity_id.split(":", 1)[1] if ":" in entity_id else entity_id


def entity_keys(entity: Mapping[str, Any]) -> list[str]:
    """Return the folded names an entity may match gold by, strongest first."""
    raw: list[str | None] = [entity.get("name"), entity.get("acronym")]
    if entity.get("type") == "country":
        raw.append(entity.get("country"))
    raw.append(id_suffix(str(entity.get("id", ""))))
    keys: list[str] = []
    for value in raw:
        key = fold(value) if value else ""
        if key and key not in keys:
            keys.append(key)
    return keys


@dataclass
class Counts:
    """True positives, false positives and false negatives of a set comparison."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """Return F1, or None when there is nothing on either side."""
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None


def set_f1(counts: Counts) -> float:
    """Return F1 of one comparison, where two empty sets agree perfectly (1.0)."""
    f1 = counts.f1
    return 1.0 if f1 is None else f1


@dataclass
class EntityMatch:
    """How predicted entities (by id) map one-to-one onto gold items."""

    matched: dict[int, str]  # gold item index -> predicted entity id
    spurious: list[str]  # predicted ids matching no gold item
    missed: list[int]  # gold item indexes nothing matched

    @property
    def counts(self) -> Counts:
        return Counts(len(self.matched), len(self.spurious), len(self.missed))


def match_entities(
    predicted: Sequence[tuple[str, list[str]]], items: list[GoldItem]
) -> EntityMatch:
    """Map (id, keys) predictions onto gold items; a gold item is matched at most once.

    Predictions with fewer candidate items choose first, so an entity that could
    be either of two items does not take the only item another entity fits. A
    prediction whose candidates are all taken is a duplicate: it counts once.
    """
    unique = list({ident: keys for ident, keys in predicted}.items())
    options = [(ident, _candidates(keys, items)) for ident, keys in unique]
    taken: dict[int, str] = {}
    spurious: list[str] = []
    for ident, candidates in sorted(options, key=lambda o: len(o[1]) or len(items) + 1):
        free = [i for i in candidates if i not in taken]
        if free:
            taken[free[0]] = ident
        elif not candidates:
            spurious.append(ident)
    missed = [i for i in range(len(items)) if i not in taken]
    return EntityMatch(taken, spurious, missed)


def _candidates(keys: list[str], items: list[GoldItem]) -> list[int]:
    """Return indexes of the items `keys` match, ordered by key strength."""
    found: list[int] = []
    for key in keys:
        found.extend(i for i, item in enumerate(items) if key in item.keys and i not in found)
    return found


@dataclass
class EventMatch:
    """A predicted event matched to a gold event, with its attribute scores."""

    gold_index: int
    pred_id: str
    type: str
    jaccard: float
    participant_f1: float
    people_f1: float
    date_ok: bool
    country_ok: bool
    city_ok: bool
    mode_ok: bool
    context_f1: float
    diffs: list[str] = field(default_factory=list)  # what differs, for --details


@dataclass
class DocScore:
    """Everything one document contributes to the report, with details."""

    doc: str
    lang: str  # the gold language: documents are grouped by it
    predicted_lang: str | None
    lang_ok: bool
    predicted_published: str | None
    gold_published: str | None
    orgs: Counts
    people: Counts
    events: Counts
    matches: list[EventMatch] = field(default_factory=list)
    missed_events: list[str] = field(default_factory=list)
    spurious_events: list[str] = field(default_factory=list)
    missed_orgs: list[str] = field(default_factory=list)
    spurious_orgs: list[str] = field(default_factory=list)
    missed_people: list[str] = field(default_factory=list)
    spurious_people: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def pub_ok(self) -> bool:
        return self.predicted_published == self.gold_published


def score_document(record: Record, gold: Gold) -> DocScore:
    """Score one extraction record against its gold annotation."""
    index = {str(e.get("id")): e for e in record.get("entities") or []}
    orgs, missed_orgs, spurious_orgs = _score_entities(record, gold, "organization")
    people, missed_people, spurious_people = _score_entities(record, gold, "person")
    gold_events = list(gold.get("events") or [])
    events, matches, missed, spurious = _score_events(reported_events(record), gold_events, index)
    error = record.get("error")
    return DocScore(
        doc=str(gold.get("doc") or record.get("id") or ""),
        lang=str(gold["lang"]),
        predicted_lang=record.get("language"),
        lang_ok=record.get("language") == gold["lang"],
        predicted_published=(record.get("published") or {}).get("date"),
        gold_published=gold.get("published"),
        orgs=orgs,
        people=people,
        events=events,
        matches=matches,
        missed_events=missed,
        spurious_events=spurious,
        missed_orgs=missed_orgs,
        spurious_orgs=spurious_orgs,
        missed_people=missed_people,
        spurious_people=spurious_people,
        error=f"{error.get('code')}: {error.get('message')}" if error else None,
    )


def reported_events(record: Record) -> list[Mapping[str, Any]]:
    """Return the record's events that count: not historical, hypothetical or negated."""
    events = record.get("events") or []
    return [e for e in events if not any(e.get(flag) for flag in EXCLUDING_FLAGS)]


def _score_entities(
    record: Record, gold: Gold, entity_type: str
) -> tuple[Counts, list[str], list[str]]:
    """Match the record's entities of one type against the gold names of that type."""
    items = gold_items(gold.get(GOLD_LISTS[entity_type]) or [])
    entities = [
        e for e in record.get("entities") or [] if e.get("type") == entity_type and _named(e)
    ]
    match = match_entities([(str(e.get("id")), entity_keys(e)) for e in entities], items)
    return match.counts, [items[i].label for i in match.missed], match.spurious


def _named(entity: dict[str, Any]) -> bool:
    """Tell whether the text names the entity itself (gold lists what the body names).

    Entities without mentions (a parent organization added by inference, a
    participant known only through someone's role) and people reached only
    through a bare title ("the Secretary-General") are not named.
    """
    return any(m.get("via") is None for m in entity.get("mentions") or [])


def _refs(
    refs: Iterable[Mapping[str, Any]], index: Mapping[str, Mapping[str, Any]]
) -> list[tuple[str, list[str]]]:
    """Resolve participant or people references to (id, keys) through the entities."""
    out = []
    for ref in refs:
        ident = str(ref.get("entity"))
        entity = index.get(ident)
        keys = entity_keys(entity) if entity else [k for k in [fold(id_suffix(ident))] if k]
        out.append((ident, keys))
    return out


def _overlap(match: EntityMatch, gold_count: int) -> float:
    """Return the Jaccard overlap of a participant match."""
    union = gold_count + len(match.spurious)
    return len(match.matched) / union if union else 0.0


def _score_events(
    predicted: list[Mapping[str, Any]],
    gold_events: list[Mapping[str, Any]],
    index: Mapping[str, Mapping[str, Any]],
) -> tuple[Counts, list[EventMatch], list[str], list[str]]:
    """Match events one-to-one; return counts, matches, missed gold and spurious predictions."""
    pairs = _best_pairs(predicted, gold_events, index)
    matches = [_compare(predicted[p], gold_events[g], g, j, part, index) for p, g, j, part in pairs]
    matched_pred, matched_gold = {p for p, *_ in pairs}, {g for _, g, *_ in pairs}
    counts = Counts(len(pairs), len(predicted) - len(pairs), len(gold_events) - len(pairs))
    missed = [describe_gold_event(e) for i, e in enumerate(gold_events) if i not in matched_gold]
    spurious = [describe_event(e, index) for i, e in enumerate(predicted) if i not in matched_pred]
    return counts, matches, missed, spurious


def _best_pairs(
    predicted: list[Mapping[str, Any]],
    gold_events: list[Mapping[str, Any]],
    index: Mapping[str, Mapping[str, Any]],
) -> list[tuple[int, int, float, EntityMatch]]:
    """Pair events greedily: highest Jaccard first, then agreeing start date, then order."""
    candidates = []
    for p, pred in enumerate(predicted):
        for g, gold in enumerate(gold_events):
            if pred.get("type") != gold.get("type"):
                continue
            items = gold_items(gold.get("participants") or [])
            match = match_entities(_refs(pred.get("participants") or [], index), items)
            jaccard = _overlap(match, len(items))
            if jaccard >= MATCH_THRESHOLD:
                same_date = _start(pred) == _start(gold)
                candidates.append((-jaccard, not same_date, g, p, match))
    pairs: list[tuple[int, int, float, EntityMatch]] = []
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    for neg_jaccard, _, g, p, match in sorted(candidates, key=lambda c: c[:4]):
        if p not in used_pred and g not in used_gold:
            used_pred.add(p)
            used_gold.add(g)
            pairs.append((p, g, -neg_jaccard, match))
    return pairs


def _compare(
    pred: Mapping[str, Any],
    gold: Mapping[str, Any],
    gold_index: int,
    jaccard: float,
    participants: EntityMatch,
    index: Mapping[str, Mapping[str, Any]],
) -> EventMatch:
    """Score the attributes of a matched pair of events."""
    people = match_entities(
        _refs(pred.get("people") or [], index), gold_items(gold.get("people") or [])
    )
    contexts = _context_counts(pred, gold)
    match = EventMatch(
        gold_index=gold_index,
        pred_id=str(pred.get("id", "")),
        type=str(gold.get("type")),
        jaccard=jaccard,
        participant_f1=set_f1(participants.counts),
        people_f1=set_f1(people.counts),
        date_ok=_start(pred) == _start(gold),
        country_ok=_country(pred) == _country(gold),
        city_ok=_city_ok(pred, gold),
        mode_ok=pred.get("mode") == gold.get("mode"),
        context_f1=set_f1(contexts),
    )
    match.diffs = _diffs(pred, gold, match)
    return match


def _start(event: Mapping[str, Any]) -> str | None:
    date = event.get("date")
    return date.get("start") if date else None


def _country(event: Mapping[str, Any]) -> str | None:
    """Return the event's country code, None when absent or virtual."""
    place = event.get("place") or {}
    country = place.get("country")
    return None if place.get("virtual") or not country else str(country).upper()


def _predicted_city(event: Mapping[str, Any]) -> set[str]:
    """Return the folded names the predicted place is known by (empty: no city)."""
    place = event.get("place") or {}
    entity = str(place.get("entity") or "")
    if place.get("virtual") or entity.startswith("country:"):
        return set()  # a country or an online meeting is not a city
    names = {fold(place.get("name") or ""), fold(entity.rsplit(":", 1)[-1]) if entity else ""}
    return {n for n in names if n}


def _city_ok(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    gold_city = fold((gold.get("place") or {}).get("city") or "")
    predicted = _predicted_city(pred)
    return gold_city in predicted if gold_city else not predicted


def _context_counts(pred: Mapping[str, Any], gold: Mapping[str, Any]) -> Counts:
    predicted, wanted = set(pred.get("contexts") or []), set(gold.get("contexts") or [])
    return Counts(len(predicted & wanted), len(predicted - wanted), len(wanted - predicted))


def _diffs(pred: Mapping[str, Any], gold: Mapping[str, Any], match: EventMatch) -> list[str]:
    """Say in words which attributes of a matched event differ from gold."""
    diffs = []
    if match.participant_f1 < 1.0:
        diffs.append(f"participants F1 {match.participant_f1:.2f}")
    if not match.date_ok:
        diffs.append(f"date {_start(pred)} != gold {_start(gold)}")
    if not match.country_ok:
        diffs.append(f"country {_country(pred)} != gold {_country(gold)}")
    if not match.city_ok:
        gold_city = (gold.get("place") or {}).get("city")
        diffs.append(f"city {(pred.get('place') or {}).get('name')} != gold {gold_city}")
    predicted, wanted = set(pred.get("contexts") or []), set(gold.get("contexts") or [])
    if predicted != wanted:
        extra, lacking = ",".join(sorted(predicted - wanted)), ",".join(sorted(wanted - predicted))
        diffs.append(f"contexts extra [{extra}] missing [{lacking}]")
    if not match.mode_ok:
        diffs.append(f"mode {pred.get('mode')} != gold {gold.get('mode')}")
    return diffs


def describe_gold_event(event: Mapping[str, Any]) -> str:
    """Summarize a gold event in one line: type, participants, date."""
    names = ", ".join(p.split("|")[0] for p in event.get("participants") or [])
    return f"{event.get('type')} [{names}] {_start(event) or 'no date'}"


def describe_event(event: Mapping[str, Any], index: Mapping[str, Mapping[str, Any]]) -> str:
    """Summarize a predicted event in one line: type, participants, date."""
    names = []
    for ref in event.get("participants") or []:
        entity = index.get(str(ref.get("entity"))) or {}
        names.append(str(entity.get("acronym") or entity.get("name") or ref.get("entity")))
    return f"{event.get('type')} [{', '.join(names)}] {_start(event) or 'no date'}"


@dataclass
class Scores:
    """Summed counts of a group of documents (a language or all), with their metrics."""

    docs: int = 0
    lang_correct: int = 0
    pub_correct: int = 0
    orgs: Counts = field(default_factory=Counts)
    people: Counts = field(default_factory=Counts)
    events: Counts = field(default_factory=Counts)
    matches: list[EventMatch] = field(default_factory=list)

    def add(self, doc: DocScore) -> None:
        """Add one document's counts."""
        self.docs += 1
        self.lang_correct += doc.lang_ok
        self.pub_correct += doc.pub_ok
        self.orgs.add(doc.orgs)
        self.people.add(doc.people)
        self.events.add(doc.events)
        self.matches.extend(doc.matches)

    def counts(self) -> dict[str, int]:
        """Return the document and event counts."""
        return {
            "docs": self.docs,
            "gold_events": self.events.tp + self.events.fn,
            "predicted_events": self.events.tp + self.events.fp,
            "matched_events": self.events.tp,
        }

    def metrics(self) -> dict[str, float | None]:
        """Return every metric by name; None where there is nothing to measure."""
        return {
            "lang_acc": _ratio(self.lang_correct, self.docs),
            "pub_acc": _ratio(self.pub_correct, self.docs),
            **_prf("org", self.orgs),
            **_prf("people", self.people),
            **_prf("event", self.events),
            **self._matched_metrics(),
        }

    def _matched_metrics(self) -> dict[str, float | None]:
        """Return the means over matched events."""
        n = len(self.matches)
        return {
            name: _ratio(sum(getattr(m, attribute) for m in self.matches), n)
            for name, attribute in MATCHED_METRICS.items()
        }


def _ratio(part: float, whole: int) -> float | None:
    return part / whole if whole else None


def _prf(prefix: str, counts: Counts) -> dict[str, float | None]:
    return {
        f"{prefix}_p": counts.precision,
        f"{prefix}_r": counts.recall,
        f"{prefix}_f1": counts.f1,
    }


@dataclass
class EvalReport:
    """Scores of one evaluation set: overall, per gold language, and per document."""

    name: str
    overall: Scores
    per_language: dict[str, Scores]
    documents: list[DocScore]

    def scopes(self) -> list[tuple[str, Scores]]:
        """Return ("overall", scores) then (language, scores) for every language."""
        return [("overall", self.overall), *self.per_language.items()]

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        """Return the report as JSON-ready data; `details` adds per-document findings."""
        out: dict[str, Any] = {
            "set": self.name,
            "overall": _scores_dict(self.overall),
            "per_language": {lang: _scores_dict(s) for lang, s in self.per_language.items()},
        }
        if details:
            out["documents"] = [asdict(d) for d in self.documents]
        return out

    def to_json(self, details: bool = False) -> str:
        """Return the report as indented JSON text."""
        return json.dumps(self.to_dict(details), ensure_ascii=False, indent=2)


def _scores_dict(scores: Scores) -> dict[str, Any]:
    return {**scores.counts(), "metrics": scores.metrics()}


def build_report(name: str, scores: Iterable[DocScore]) -> EvalReport:
    """Sum document scores per gold language (all six UN languages listed) and overall."""
    overall = Scores()
    per_language = {lang: Scores() for lang in UN_LANGUAGES}
    documents = list(scores)
    for doc in documents:
        overall.add(doc)
        per_language.setdefault(doc.lang, Scores()).add(doc)
    return EvalReport(name, overall, per_language, documents)


def score_records(name: str, pairs: Iterable[tuple[Record, Gold]]) -> EvalReport:
    """Score (record, gold) pairs into the report of the set called `name`."""
    return build_report(name, (score_document(record, gold) for record, gold in pairs))
