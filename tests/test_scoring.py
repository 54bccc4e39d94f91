"""Scoring extraction records against gold (shared/spec/gold.md), on hand-made records."""

from __future__ import annotations

import json
from typing import Any

import pytest

from communique.evaluation.scoring import (
    EvalReport,
    entity_keys,
    fold,
    gold_items,
    match_entities,
    score_document,
    score_records,
)

# --- builders for small records and gold files -------------------------------------------


NAMED = [{"start": 0, "end": 1, "text": "x"}]  # a mention of the entity's own name


def org(ident: str, name: str, acronym: str | None = None) -> dict[str, Any]:
    return {
        "id": ident,
        "type": "organization",
        "name": name,
        "acronym": acronym,
        "mentions": NAMED,
    }


def person(ident: str, name: str) -> dict[str, Any]:
    return {"id": ident, "type": "person", "name": name, "roles": [], "mentions": NAMED}


def country(code: str, name: str) -> dict[str, Any]:
    return {"id": f"country:{code.lower()}", "type": "country", "name": name, "country": code}


def event(kind: str, participants: list[str], **fields: Any) -> dict[str, Any]:
    """A predicted event: participants and people are entity ids."""
    out: dict[str, Any] = {
        "id": fields.pop("id", f"ev:{kind}:{'-'.join(participants)}"),
        "type": kind,
        "participants": [{"entity": p, "role": "participant"} for p in participants],
        "people": [{"entity": p} for p in fields.pop("people", [])],
        "contexts": fields.pop("contexts", []),
    }
    if "date" in fields:
        start = fields.pop("date")
        out["date"] = {"start": start, "end": None, "precision": "day", "source": "text"}
    out.update(fields)
    return out


def record(
    lang: str | None,
    entities: list[dict[str, Any]],
    events: list[dict[str, Any]] | None = None,
    published: str | None = None,
) -> dict[str, Any]:
    return {
        "language": lang,
        "published": {"date": published, "source": "text"} if published else None,
        "entities": entities,
        "events": events or [],
    }


def gold(
    lang: str,
    organizations: list[str] | None = None,
    people: list[str] | None = None,
    events: list[dict[str, Any]] | None = None,
    published: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "doc": "t",
        "lang": lang,
        "organizations": organizations or [],
        "people": people or [],
        "events": events or [],
    }
    if published:
        out["published"] = published
    return out


def gold_event(kind: str, participants: list[str], **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": kind, "participants": participants, "people": []}
    out["contexts"] = fields.pop("contexts", [])
    if "date" in fields:
        out["date"] = {"start": fields.pop("date"), "source": "text"}
    out.update(fields)
    return out


WCO = org("org:wco", "World Customs Organization", "WCO")
UN = org("org:un", "United Nations", "UN")
IOM = org("org:iom", "International Organization for Migration", "IOM")
FAO = org("org:fao", "Food and Agriculture Organization", "FAO")
G_WCO, G_UN = "WCO|World Customs Organization", "UN|United Nations"
G_IOM, G_FAO = "IOM|International Organization for Migration", "FAO|Food and Agriculture Org"
G_OIC = "OIC|Organization of Islamic Cooperation|Organisation of Islamic Cooperation"
ENTITIES = [WCO, UN, IOM, FAO]


def only_doc(rec: dict[str, Any], gld: dict[str, Any]) -> EvalReport:
    return score_records("t", [(rec, gld)])


# --- folding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Co-operation Council", "cooperation council"),  # en: punctuation
        ("António Guterres", "ANTONIO GUTERRES"),  # accents and case
        ("l'Organisation météorologique", "Lorganisation Meteorologique"),  # fr
        ("Organización Mundial del Comercio", "organizacion mundial del comercio"),  # es
        ("Объединённые Нации", "объединенные нации"),  # ru: ё folds to е
        ("الأُمَم المُتَّحِدة", "الأمم المتحدة"),  # ar: short vowel marks dropped
        ("世界海关组织（WCO）", "世界海关组织 wco"),  # zh: full-width brackets, case
    ],
)
def test_fold_ignores_case_accents_and_punctuation(left: str, right: str) -> None:
    assert fold(left) == fold(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [("UNODC", "UNDOC"), ("Jürgen", "Jorgen"), ("联合国", "联合会"), ("ООН", "ОЭСР")],
)
def test_fold_keeps_distinct_names_distinct(left: str, right: str) -> None:
    assert fold(left) != fold(right)


# --- organizations and people --------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity", "gold_name"),
    [
        (org("org:x1", "Something Else", "WCO"), G_WCO),  # by acronym
        (org("org:x2", "World Customs Organization"), G_WCO),  # by name, no acronym
        (org("org:wco", "Organisation mondiale des douanes", "OMD"), G_WCO),  # by id suffix
        (org("org:x3", "Organisation of Islamic Cooperation"), G_OIC),  # second variant
        (org("org:x4", "Organization of Islamic Co-operation"), G_OIC),  # punctuation
        (person("person:juergen-x", "Jürgen Stock"), "Jurgen Stock|Juergen Stock"),
        (person("person:antonio-guterres", "Гутерриш"), "António Guterres"),  # id suffix
    ],
)
def test_entity_matches_any_variant(entity: dict[str, Any], gold_name: str) -> None:
    kind = "organizations" if entity["type"] == "organization" else "people"
    report = only_doc(record("en", [entity]), gold("en", **{kind: [gold_name]}))
    counts = report.overall.orgs if kind == "organizations" else report.overall.people
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)


def test_entities_the_text_does_not_name_are_not_scored() -> None:
    inferred = {**org("org:au", "African Union", "AU"), "mentions": []}
    by_title = {**person("person:antonio-guterres", "António Guterres")}
    by_title["mentions"] = [{"start": 0, "end": 1, "text": "x", "via": "title"}]
    report = only_doc(record("en", [inferred, by_title]), gold("en", organizations=[], people=[]))
    assert (report.overall.orgs.fp, report.overall.people.fp) == (0, 0)


def test_unmatched_entities_are_false_positives_and_missed_gold_false_negatives() -> None:
    rec = record("fr", [WCO, IOM, person("person:a-b", "Ana Bela")])
    gld = gold("fr", [G_WCO, G_UN], ["Ana Bela", "Kunio Mikuriya"])
    doc = score_document(rec, gld)
    assert (doc.orgs.tp, doc.orgs.fp, doc.orgs.fn) == (1, 1, 1)
    assert (doc.people.tp, doc.people.fp, doc.people.fn) == (1, 0, 1)
    assert doc.missed_orgs == [G_UN] and doc.spurious_orgs == ["org:iom"]
    assert doc.missed_people == ["Kunio Mikuriya"]


def test_duplicate_predictions_of_one_gold_item_count_once() -> None:
    twins = [WCO, org("org:omd", "Organisation mondiale des douanes", "WCO")]
    doc = score_document(record("fr", twins), gold("fr", [G_WCO]))
    assert (doc.orgs.tp, doc.orgs.fp, doc.orgs.fn) == (1, 0, 0)


def test_a_gold_item_is_matched_once_and_ambiguous_entities_take_a_free_item() -> None:
    items = gold_items(["UN|United Nations", "UNGA|General Assembly"])
    ambiguous = ("org:a", ["un", "generalassembly"])  # fits both items
    plain = ("org:b", ["un"])  # fits only the first
    match = match_entities([ambiguous, plain], items)
    assert match.matched == {0: "org:b", 1: "org:a"}
    assert match.spurious == [] and match.missed == []


def test_other_entity_types_are_not_scored_as_organizations() -> None:
    place = {"id": "place:ke:nairobi", "type": "place", "name": "Nairobi", "country": "KE"}
    doc = score_document(record("en", [place, country("KE", "Kenya")]), gold("en", [G_UN]))
    assert (doc.orgs.tp, doc.orgs.fp, doc.orgs.fn) == (0, 0, 1)


def test_country_entity_keys_include_its_code() -> None:
    assert set(entity_keys(country("KZ", "Kazakhstan"))) == {"kazakhstan", "kz"}


# --- language and publication date ---------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "stated", "ok"),
    [
        ("2021-06-30", "2021-06-30", True),
        (None, None, True),  # gold states none and nothing was predicted
        ("2021-06-30", None, False),  # a date where the document states none
        (None, "2021-06-30", False),
        ("2021-06-29", "2021-06-30", False),
    ],
)
def test_publication_date_is_an_exact_match(
    predicted: str | None, stated: str | None, ok: bool
) -> None:
    report = only_doc(record("es", [], published=predicted), gold("es", published=stated))
    assert report.overall.metrics()["pub_acc"] == (1.0 if ok else 0.0)


@pytest.mark.parametrize(("predicted", "ok"), [("zh", True), ("ja", False), (None, False)])
def test_language_is_an_exact_match(predicted: str | None, ok: bool) -> None:
    report = only_doc(record(predicted, []), gold("zh"))
    assert report.overall.metrics()["lang_acc"] == (1.0 if ok else 0.0)


# --- events --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "matched"),
    [
        (["org:wco", "org:un"], True),  # J = 1
        (["org:wco"], True),  # J = 1/2, at the threshold
        (["org:wco", "org:un", "org:iom"], True),  # J = 2/3
        (["org:wco", "org:iom"], False),  # J = 1/3
        (["org:iom", "org:fao"], False),  # J = 0
    ],
)
def test_events_match_at_participant_jaccard_of_one_half(
    predicted: list[str], matched: bool
) -> None:
    rec = record("en", ENTITIES, [event("CONSULT", predicted)])
    gld = gold("en", events=[gold_event("CONSULT", [G_WCO, G_UN])])
    assert score_document(rec, gld).events.tp == int(matched)


def test_events_of_different_types_never_match() -> None:
    rec = record("en", ENTITIES, [event("AGREE", ["org:wco", "org:un"])])
    doc = score_document(rec, gold("en", events=[gold_event("CONSULT", [G_WCO, G_UN])]))
    assert (doc.events.tp, doc.events.fp, doc.events.fn) == (0, 1, 1)
    assert doc.missed_events == ["CONSULT [WCO, UN] no date"]
    assert doc.spurious_events == ["AGREE [WCO, UN] no date"]


@pytest.mark.parametrize("flag", ["historical", "hypothetical", "negated"])
def test_flagged_events_are_not_counted(flag: str) -> None:
    flagged = event("COOPERATE", ["org:iom", "org:fao"], **{flag: True})
    rec = record("ru", ENTITIES, [flagged])
    doc = score_document(rec, gold("ru", events=[]))
    assert (doc.events.tp, doc.events.fp, doc.events.fn) == (0, 0, 0)


def test_future_events_count_like_any_other() -> None:
    rec = record("ru", ENTITIES, [event("AGREE", ["org:iom", "org:fao"], future=True)])
    doc = score_document(rec, gold("ru", events=[gold_event("AGREE", [G_IOM, G_FAO])]))
    assert doc.events.tp == 1


def test_country_participants_match_by_code_or_name() -> None:
    by_code = {"id": "country:kz", "type": "country", "name": "Қазақстан", "country": "KZ"}
    rec = record("fr", [UN, by_code], [event("CONSULT", ["org:un", "country:kz"])])
    gld = gold("fr", events=[gold_event("CONSULT", [G_UN, "KZ|Kazakhstan"])])
    doc = score_document(rec, gld)
    assert doc.events.tp == 1 and doc.matches[0].participant_f1 == 1.0


def test_participants_missing_from_entities_resolve_by_id() -> None:
    rec = record("en", [], [event("SUPPORT", ["org:iom", "org:fao"])])
    doc = score_document(rec, gold("en", events=[gold_event("SUPPORT", [G_IOM, G_FAO])]))
    assert doc.events.tp == 1


def test_matching_is_one_to_one_and_prefers_the_agreeing_date() -> None:
    # Two sessions with the same participants on different days, reported in reverse order.
    predicted = [
        event("CONSULT", ["org:wco", "org:un"], id="ev:b", date="2021-06-16"),
        event("CONSULT", ["org:wco", "org:un"], id="ev:a", date="2021-06-14"),
        event("CONSULT", ["org:wco", "org:un"], id="ev:c", date="2021-06-20"),
    ]
    gold_events = [
        gold_event("CONSULT", [G_WCO, G_UN], date="2021-06-14"),
        gold_event("CONSULT", [G_WCO, G_UN], date="2021-06-16"),
    ]
    doc = score_document(record("en", ENTITIES, predicted), gold("en", events=gold_events))
    assert (doc.events.tp, doc.events.fp, doc.events.fn) == (2, 1, 0)
    assert {(m.gold_index, m.pred_id) for m in doc.matches} == {(0, "ev:a"), (1, "ev:b")}
    assert all(m.date_ok for m in doc.matches)


def test_higher_jaccard_wins_a_contested_gold_event() -> None:
    predicted = [
        event("CONSULT", ["org:wco"], id="ev:half"),
        event("CONSULT", ["org:wco", "org:un"], id="ev:full"),
    ]
    gld = gold("en", events=[gold_event("CONSULT", [G_WCO, G_UN])])
    doc = score_document(record("en", ENTITIES, predicted), gld)
    assert [m.pred_id for m in doc.matches] == ["ev:full"]
    assert doc.events.fp == 1


def matched(pred: dict[str, Any], gold_ev: dict[str, Any]) -> dict[str, float | None]:
    """Score one predicted event against one gold event; return the matched-event metrics."""
    rec = record("ar", [*ENTITIES, person("person:amy-pope", "Amy Pope")], [pred])
    report = only_doc(rec, gold("ar", events=[gold_ev]))
    assert report.overall.events.tp == 1
    return report.overall.metrics()


@pytest.mark.parametrize(
    ("predicted", "stated", "ok"),
    [
        ("2022-12-09", "2022-12-09", True),
        (None, None, True),
        ("2022-12-09", None, False),  # a date where gold has none is wrong
        (None, "2022-12-09", False),
        ("2022-12-08", "2022-12-09", False),
    ],
)
def test_date_accuracy_treats_missing_dates_as_a_value(
    predicted: str | None, stated: str | None, ok: bool
) -> None:
    pred_fields = {"date": predicted} if predicted else {}
    gold_fields = {"date": stated} if stated else {}
    figures = matched(
        event("CONSULT", ["org:un", "org:wco"], **pred_fields),
        gold_event("CONSULT", [G_UN, G_WCO], **gold_fields),
    )
    assert figures["date_acc"] == (1.0 if ok else 0.0)


NAIROBI = {"entity": "place:ke:nairobi", "name": "Nairobi", "country": "KE"}


@pytest.mark.parametrize(
    ("pred_place", "gold_place", "country_ok", "city_ok"),
    [
        (NAIROBI, {"city": "Nairobi", "country": "KE"}, True, True),
        ({**NAIROBI, "name": "Найроби"}, {"city": "Nairobi", "country": "KE"}, True, True),
        ({**NAIROBI, "country": "ke"}, {"city": "NAIROBI", "country": "KE"}, True, True),
        (NAIROBI, {"country": "KE"}, True, False),  # a city gold does not name
        ({"entity": "country:ke", "name": "Kenya", "country": "KE"}, {"country": "KE"}, True, True),
        (None, {"city": "Nairobi", "country": "KE"}, False, False),
        ({"virtual": True}, {"virtual": True}, True, True),
        ({"virtual": True}, None, True, True),
        ({"country": "KE"}, None, False, True),
        (
            {"entity": "place:et:addis-ababa", "name": "Addis Ababa", "country": "ET"},
            {"city": "Nairobi", "country": "KE"},
            False,
            False,
        ),  # another city in another country
    ],
)
def test_country_and_city_accuracy(
    pred_place: dict[str, Any] | None,
    gold_place: dict[str, Any] | None,
    country_ok: bool,
    city_ok: bool,
) -> None:
    gold_fields = {"place": gold_place} if gold_place else {}
    figures = matched(
        event("AID", ["org:fao", "org:un"], place=pred_place),
        gold_event("AID", [G_FAO, G_UN], **gold_fields),
    )
    assert figures["country_acc"] == float(country_ok)
    assert figures["city_acc"] == float(city_ok)


@pytest.mark.parametrize(
    ("predicted", "wanted", "f1"),
    [
        ([], [], 1.0),  # two empty sets agree
        (["health"], ["health"], 1.0),
        (["health", "crime"], ["health"], 2 / 3),
        ([], ["migration"], 0.0),
        (["trade_customs"], ["migration"], 0.0),
    ],
)
def test_context_f1(predicted: list[str], wanted: list[str], f1: float) -> None:
    figures = matched(
        event("SUPPORT", ["org:iom", "org:un"], contexts=predicted),
        gold_event("SUPPORT", [G_IOM, G_UN], contexts=wanted),
    )
    assert figures["context_f1"] == pytest.approx(f1)


def test_participant_people_and_mode_scores_on_matched_events() -> None:
    figures = matched(
        event(
            "CONSULT", ["org:iom", "org:un", "org:wco"], people=["person:amy-pope"], mode="visit"
        ),
        gold_event("CONSULT", [G_IOM, G_UN], people=["Amy Pope", "Ghada Waly"], mode="visit"),
    )
    assert figures["participant_f1"] == pytest.approx(0.8)  # 2 TP, 1 FP, 0 FN
    assert figures["event_people_f1"] == pytest.approx(2 / 3)
    assert figures["mode_acc"] == 1.0


def test_matched_event_diffs_say_what_differs() -> None:
    rec = record("ar", ENTITIES, [event("CONSULT", ["org:un", "org:wco"], date="2020-01-02")])
    gld = gold("ar", events=[gold_event("CONSULT", [G_UN, G_WCO], date="2020-01-03")])
    (match,) = score_document(rec, gld).matches
    assert match.diffs == ["date 2020-01-02 != gold 2020-01-03"]


def test_matched_event_diffs_name_place_and_context_differences() -> None:
    place = {"entity": "place:eg:cairo", "name": "Cairo", "country": "EG"}
    pred = event("SUPPORT", ["org:iom", "org:un"], place=place, contexts=["crime", "health"])
    gold_ev = gold_event(
        "SUPPORT", [G_IOM, G_UN], place={"city": "Tunis", "country": "TN"}, contexts=["crime"]
    )
    (match,) = score_document(record("ar", ENTITIES, [pred]), gold("ar", events=[gold_ev])).matches
    assert match.diffs == [
        "country EG != gold TN",
        "city Cairo != gold Tunis",
        "contexts extra [health] missing []",
    ]


# --- aggregation ---------------------------------------------------------------------------

# One document per language, each with one gold event; the prediction matches in half of them.
PER_LANGUAGE = [
    ("ar", ["org:un", "org:wco"], True),
    ("en", ["org:iom"], False),
    ("es", ["org:un", "org:wco"], True),
    ("fr", ["org:iom", "org:fao"], False),
    ("ru", ["org:un", "org:wco"], True),
    ("zh", [], False),
]


def per_language_report() -> EvalReport:
    pairs = []
    for lang, participants, _ in PER_LANGUAGE:
        events = [event("CONSULT", participants)] if participants else []
        rec = record(lang, [UN, WCO], events)
        pairs.append(
            (rec, gold(lang, [G_UN, G_WCO], events=[gold_event("CONSULT", [G_UN, G_WCO])]))
        )
    return score_records("dev", pairs)


@pytest.mark.parametrize(("lang", "participants", "hit"), PER_LANGUAGE)
def test_documents_are_grouped_by_gold_language(
    lang: str, participants: list[str], hit: bool
) -> None:
    scores = per_language_report().per_language[lang]
    expected_predicted = 1 if participants else 0
    assert scores.counts() == {
        "docs": 1,
        "gold_events": 1,
        "predicted_events": expected_predicted,
        "matched_events": int(hit),
    }
    assert scores.metrics()["event_r"] == float(hit)


def test_overall_figures_are_micro_averaged() -> None:
    report = per_language_report()
    assert report.overall.counts() == {
        "docs": 6,
        "gold_events": 6,
        "predicted_events": 5,
        "matched_events": 3,
    }
    metrics = report.overall.metrics()
    assert metrics["event_p"] == pytest.approx(3 / 5)
    assert metrics["event_r"] == pytest.approx(3 / 6)
    assert metrics["event_f1"] == pytest.approx(6 / 11)
    assert metrics["org_f1"] == 1.0


def test_figures_with_nothing_to_measure_are_none() -> None:
    report = only_doc(record("en", []), gold("en"))
    metrics = report.overall.metrics()
    assert metrics["event_f1"] is None and metrics["date_acc"] is None
    assert report.per_language["zh"].metrics()["lang_acc"] is None


def test_spurious_events_in_a_document_without_events_score_zero() -> None:
    rec = record("es", ENTITIES, [event("COOPERATE", ["org:wco", "org:un"])])
    metrics = only_doc(rec, gold("es")).overall.metrics()
    assert metrics["event_f1"] == 0.0 and metrics["event_r"] is None


def test_report_json_has_every_language_counts_and_details() -> None:
    data = json.loads(per_language_report().to_json(details=True))
    assert data["set"] == "dev"
    assert set(data["per_language"]) == {"ar", "en", "es", "fr", "ru", "zh"}
    assert data["overall"]["matched_events"] == 3
    assert len(data["documents"]) == 6
    assert data["documents"][1]["missed_events"] == ["CONSULT [UN, WCO] no date"]
