"""Cross-document merging: the same-event rule, and clusters built on ingest.

The rule is checked as a table of event pairs; the store is checked with
short reports of one meeting in six languages, of the same pair a month
later, and with the same-event groups of ../shared/eval/dev/manifest.jsonl.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations
from typing import Any

import pytest

from communique.pipeline.merge import MergeRules, same_event
from communique.store import Incoming, open_store, queries, raw_hash
from communique.store.clusters import merge_keys
from tests.conftest import eval_set
from tests.store_support import OTHERS, SAME_MEETING, records_of


def ev(
    kind: str = "CONSULT",
    parties: tuple[str, ...] = ("org:unodc", "org:interpol"),
    day: str | None = "2023-03-14",
    city: str | None = "place:at:vienna",
    country: str | None = "AT",
    **extra: Any,
) -> dict[str, Any]:
    date = {"start": day, "end": None, "precision": "day", "source": "text"} if day else None
    place = {"entity": city, "name": None, "country": country} if city or country else None
    return {
        "type": kind,
        "participants": [{"entity": p, "role": "participant"} for p in parties],
        "date": date,
        "place": place,
        **extra,
    }


SAME = [
    ("identical", ev(), ev()),
    ("two days apart", ev(), ev(day="2023-03-16")),
    ("dated the day it was published", ev(), ev(day="2023-03-17")),
    ("one names a third party", ev(), ev(parties=("org:unodc", "org:interpol", "country:at"))),
    ("one gives only the country", ev(), ev(city=None)),
    ("one has no place", ev(), ev(city=None, country=None)),
    (
        "a month date holds the day",
        ev(),
        ev(day="2023-03-01") | {"date": {"start": "2023-03-01", "precision": "month"}},
    ),
    ("hybrid and in Vienna", ev(), ev() | {"place": {"country": "AT", "hybrid": True}}),
]

DIFFERENT = [
    ("another type", ev(), ev(kind="SUPPORT")),
    ("a month later", ev(), ev(day="2023-04-14")),
    ("four days apart", ev(), ev(day="2023-03-18")),
    ("one shared party", ev(), ev(parties=("org:unodc", "org:who"))),
    ("other parties", ev(), ev(parties=("org:who", "org:unicef"))),
    ("another city", ev(), ev(city="place:fr:lyon", country="FR")),
    ("another country", ev(), ev(city=None, country="FR")),
    ("online against in Vienna", ev(), ev() | {"place": {"virtual": True}}),
    ("a lone undated report", ev(), ev(day=None)),
    ("two undated reports", ev(day=None), ev(day=None)),
]


@pytest.mark.parametrize(("case", "a", "b"), SAME, ids=[c[0] for c in SAME])
def test_same_event(case: str, a: dict[str, Any], b: dict[str, Any]) -> None:
    assert same_event(a, b) and same_event(b, a), case


@pytest.mark.parametrize(("case", "a", "b"), DIFFERENT, ids=[c[0] for c in DIFFERENT])
def test_different_events(case: str, a: dict[str, Any], b: dict[str, Any]) -> None:
    assert not same_event(a, b) and not same_event(b, a), case


def test_an_undated_report_merges_when_its_documents_corroborate_it() -> None:
    meeting, undated = ev(), ev(day=None)
    agreement = ev(kind="AGREE")
    assert same_event(meeting, undated, MergeRules(), [agreement], [ev(kind="AGREE", day=None)])
    # ...but not with nothing else in common, nor in another city.
    assert not same_event(meeting, undated, MergeRules(), [agreement], [ev(kind="AID")])
    other_city = ev(day=None, city="place:fr:lyon", country="FR")
    assert not same_event(meeting, other_city, MergeRules(), [agreement], [agreement])


def test_the_window_is_a_rule_to_set() -> None:
    later = ev(day="2023-03-20")
    assert not same_event(ev(), later)
    assert same_event(ev(), later, MergeRules(window_days=7))


# --- clusters in the store -----------------------------------------------------------------


@pytest.fixture(scope="module")
def records() -> dict[str, dict[str, Any]]:
    return records_of({**SAME_MEETING, **OTHERS})


def _store_all(url: str, records: dict[str, dict[str, Any]], keys: list[str]) -> Any:
    store = open_store(url)
    items = [Incoming(records[k], raw_hash(records[k]["text"]), k) for k in keys]
    store.write(items)
    return store


def _clusters_of(store: Any, doc_id: str) -> set[str]:
    return {e["cluster"] for e in queries.show(store, doc_id)["events"]}


@pytest.mark.parametrize(
    ("row", "keys"),
    [
        (  # a dated event may merge within its own days
            {"type": "CONSULT", "date_start": "2023-03-01", "date_until": "2023-03-31"},
            ("CONSULT", "2023-03-01", "2023-03-31"),
        ),
        (  # an undated one on any day
            {"type": "SUPPORT", "date_start": None, "date_until": None},
            ("SUPPORT", "0001-01-01", "9999-12-31"),
        ),
        (  # a historical, hypothetical or negated one never
            {"type": "AGREE", "date_start": "2020-01-01", "date_until": "2020-01-01", "negated": 1},
            (None, "2020-01-01", "2020-01-01"),
        ),
        (
            {"type": "CONSULT", "date_start": None, "date_until": None, "historical": True},
            (None, "0001-01-01", "9999-12-31"),
        ),
    ],
)
def test_merge_keys_say_which_events_may_merge_and_when(
    row: dict[str, Any], keys: tuple[Any, ...]
) -> None:
    found = merge_keys(row)
    assert (found["merge_type"], found["merge_from"], found["merge_until"]) == keys


def test_one_meeting_reported_in_six_languages_is_one_event(
    tmp_path: Any, records: dict[str, dict[str, Any]]
) -> None:
    languages = sorted(SAME_MEETING)
    with _store_all(str(tmp_path / "m.db"), records, languages) as store:
        clusters = {lang: _clusters_of(store, records[lang]["id"]) for lang in languages}
        merged = queries.show(store, next(iter(clusters["en"])))
        assert store.check() == []
    assert all(found == clusters["fr"] for found in clusters.values())
    assert merged["languages"] == languages
    assert merged["n_documents"] == 6
    assert {e["language"] for e in merged["evidence"]} == set(languages)


def test_the_same_pair_a_month_later_is_another_event(
    tmp_path: Any, records: dict[str, dict[str, Any]]
) -> None:
    keys = ["en", "fr", "en-later", "fr-agreement", "en-health"]
    with _store_all(str(tmp_path / "m.db"), records, keys) as store:
        found = queries.events(store, queries.Filters(org="org:unodc"))
    assert [e["date"]["first"] for e in found] == ["2023-04-20", "2023-03-14"]
    assert [e["n_documents"] for e in found] == [1, 2]


def test_ingest_order_does_not_change_what_merges(
    tmp_path: Any, records: dict[str, dict[str, Any]]
) -> None:
    keys = ["zh", "en-later", "ar", "en-health", "ru", "en"]
    with _store_all(str(tmp_path / "a.db"), records, keys) as first:
        one = sorted(e["n_documents"] for e in queries.events(first))
    with _store_all(str(tmp_path / "b.db"), records, list(reversed(keys))) as second:
        other = sorted(e["n_documents"] for e in queries.events(second))
    assert one == other == [1, 1, 4]


def test_reclustering_rebuilds_the_same_events(
    tmp_path: Any, records: dict[str, dict[str, Any]]
) -> None:
    with _store_all(str(tmp_path / "m.db"), records, sorted(records)) as store:
        before = sorted((e["type"], e["n_documents"]) for e in queries.events(store))
        assert store.recluster() == len(before)
        after = sorted((e["type"], e["n_documents"]) for e in queries.events(store))
        assert store.check() == []
    assert before == after


# --- the same-event groups of the dev set ----------------------------------------------------


def merge_scores(store: Any, files: dict[str, str], groups: dict[str, str]) -> dict[str, Any]:
    """Return pairwise merge precision and recall over events of documents in gold groups.

    A pair of events from two documents is a true merge when both documents are
    in one same-event group and the events have the same type; a predicted merge
    when they share a cluster.
    """
    events: list[tuple[str, str, str | None]] = []  # (file, type, cluster)
    for name, doc_id in files.items():
        events += [(name, e["type"], e["cluster"]) for e in queries.show(store, doc_id)["events"]]
    truth, predicted = set(), set()
    for a, b in combinations(events, 2):
        if a[0] == b[0]:
            continue
        pair = (a, b)
        if groups.get(a[0]) and groups.get(a[0]) == groups.get(b[0]) and a[1] == b[1]:
            truth.add(pair)
        if a[2] is not None and a[2] == b[2]:
            predicted.add(pair)
    hits = len(truth & predicted)
    return {
        "precision": hits / len(predicted) if predicted else 1.0,
        "recall": hits / len(truth) if truth else 1.0,
        "true": len(truth),
        "predicted": len(predicted),
    }


def test_the_dev_set_groups_merge_and_nothing_else_does(tmp_path: Any) -> None:
    folder = eval_set("dev")
    lines = (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    manifest = [json.loads(line) for line in lines if line.strip()]
    groups = {m["file"]: m["same_event_group"] for m in manifest if m["same_event_group"]}
    from communique import batch

    with open_store(str(tmp_path / "dev.db")) as store:
        batch.ingest(sorted(str(p) for p in folder.glob("*.txt")), store)
        files = {_file_of(store, doc): doc for doc in store.document_ids()}
        scores = merge_scores(store, files, groups)
        clusters = {name: _clusters_of(store, files[name]) for name in groups}
    assert scores["precision"] == 1.0, scores
    assert scores["recall"] > 0, scores
    members: dict[str, list[set[str]]] = defaultdict(list)
    for name, found in clusters.items():
        members[groups[name]].append(found)
    for group, found in members.items():
        assert set.intersection(*found), f"the documents of {group} share no event"


def _file_of(store: Any, doc_id: str) -> str:
    path = queries.show(store, doc_id)["source"]["path"]
    return str(path).rsplit("/", 1)[-1]
