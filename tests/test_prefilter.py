"""The literal screen in front of lexicon patterns: it may only skip scans that cannot match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex
import yaml

from communique.pipeline.lexicon import compile_any, lexicon
from communique.pipeline.normalize import fold
from communique.pipeline.prefilter import Screen, required_literals

TABLES = Path(__file__).parent / "tables" / "events"
LANGS = ("ar", "en", "es", "fr", "ru", "zh")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"(?<!\w)(?:parliament(?:s|ary)?|legislation)(?!\w)", {"parliament", "legislation"}),
        (r"会见|会晤|(?:举行|进行)了?会谈", {"会见", "会晤", "会谈"}),
        (r"(?:[بل])?لقاء(?:ا|ات)?", {"لقاء"}),
        (r"(?:a|ont) rencontre", {" rencontre"}),
        (r"[бв]еженц\w*", {"еженц"}),
        # the most selective piece wins: its shortest string is the longest
        (r"signed (?:a|an) (?:memorandum|agreement)", {"memorandum", "agreement"}),
        (r"x+y", None),  # one-letter pieces are too common to screen by
    ],
)
def test_required_literals_table(source: str, expected: set[str] | None) -> None:
    assert required_literals(re.compile(source)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        re.compile(r"\w+ \w+"),  # no literal of two letters or more
        re.compile(r"(?:meeting)?s"),  # the literal is optional
        re.compile(r"meet(?:ing)?", re.IGNORECASE),  # case-folded: literals would miss
        re.compile(r"(?i:talks)"),
        re.compile(r".{2,}"),
        regex.compile(r"(?<=the )meeting"),  # the `regex` engine is not read
    ],
)
def test_unreadable_patterns_are_always_run(pattern: re.Pattern[str]) -> None:
    assert required_literals(pattern) is None
    screen = Screen([pattern])
    assert screen.candidates("nothing here") == {0}


def test_screen_skips_patterns_whose_words_are_absent() -> None:
    patterns = [compile_any(words, "en") for words in (["refugee"], ["trade"], ["health"])]
    screen = Screen(patterns)
    assert screen.candidates("talks on trade and health") == {1, 2}
    assert screen.candidates("a quiet day") == set()


def _table_sentences(lang: str) -> list[str]:
    rows = yaml.safe_load((TABLES / f"{lang}.yaml").read_text(encoding="utf-8"))
    return [row["text"] for row in rows]


@pytest.mark.parametrize("lang", LANGS)
def test_screen_never_hides_a_match(lang: str) -> None:
    """Over every table sentence, each trigger and context that matches was let through."""
    lex = lexicon(lang)
    sentences = _table_sentences(lang)
    screened = {"triggers": 0, "contexts": 0}
    for sentence in sentences:
        text = fold(sentence).text
        possible = lex.trigger_screen.candidates(text)
        for index, trigger in enumerate(lex.triggers):
            if trigger.pattern.search(text):
                assert index in possible, (trigger.source, sentence)
        screened["triggers"] += len(lex.triggers) - len(possible)
        possible = lex.context_screen.candidates(text)
        for index, (name, pattern) in enumerate(lex.contexts.items()):
            if pattern.search(text):
                assert index in possible, (name, sentence)
        screened["contexts"] += len(lex.contexts) - len(possible)
    # and the screen does its job: most patterns are skipped on a typical sentence
    assert screened["triggers"] > len(sentences) * len(lex.triggers) / 2
    assert screened["contexts"] > len(sentences) * len(lex.contexts) / 2
