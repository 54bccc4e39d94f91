"""Sentences and paragraphs with offsets into the cleaned text.

Rules rather than a model: a sentence ends at . ! ? 。！？ ؟ followed by a
space and a capital, a non-Latin letter, a quote or a digit, or at a line
break; a period after a known abbreviation or a single capital letter (an
initial) does not end one.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

ABBREVIATIONS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "m",
        "mme",
        "mlle",
        "mgr",
        "prof",
        "amb",
        "st",
        "no",
        "nos",
        "vol",
        "art",
        "sr",
        "sra",
        "srta",
        "dra",
        "lic",
        "ing",
        "gen",
        "col",
        "gov",
        "sen",
        "rep",
        "jr",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "univ",
        "approx",
        "etc",
        "vs",
        "e.g",
        "i.e",
        "h.e",
        "s.e",
        "u.n",
        "u.s",
        "u.k",
        "г",
        "гг",
        "им",
        "тов",
        "проф",
        "д-р",
        "ул",
    ]
)
BOUNDARY = regex.compile(
    r"(?<=[.!?])\s+(?=[\p{Lu}\p{Lo}\p{N}«\"“'‘(\[-])"
    r"|(?<=[。！？؟][”’」』\"]?)(?![”’」』\"])"  # a closing quote stays with its sentence
    r"|(?<=\p{Arabic}[.!])(?=\p{Arabic})"  # Arabic press often omits the space: "العالم.وجاء"
    r"|\n+"
)
SENTENCE_END = regex.compile(r"[.!?。！？؟:;”’»\"]\s*$")
WRAP_MIN, WRAP_MAX = 45, 100  # line lengths of hard-wrapped plain text
WORD_BEFORE = regex.compile(r"([\p{L}.]+)\.$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Return the sentences of `text`, each with its offsets and paragraph number."""
    sentences: list[Sentence] = []
    paragraph = 0
    start = 0
    wrapped = _hard_wrapped(text)
    for m in BOUNDARY.finditer(text):
        if "\n" not in m.group() and _abbreviation_before(text, m.start()):
            continue
        if m.group().count("\n") == 1 and _soft_break(text, m.start(), m.end(), wrapped):
            continue
        _add(sentences, text, start, m.start(), paragraph)
        if "\n" in m.group():
            paragraph += 1
        start = m.end()
    _add(sentences, text, start, len(text), paragraph)
    return sentences


def _hard_wrapped(text: str) -> bool:
    """Tell whether the text is plain text wrapped at a fixed width (lines cut mid-sentence)."""
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 4:
        return False
    cut = [ln for ln in lines if WRAP_MIN <= len(ln) <= WRAP_MAX and not SENTENCE_END.search(ln)]
    return len(cut) >= 0.4 * len(lines)


def _soft_break(text: str, start: int, end: int, wrapped: bool) -> bool:
    """Tell whether a single line break continues the sentence rather than ending it."""
    before = text[max(0, start - 1) : start]
    after = text[end : end + 1]
    if not before or not after or SENTENCE_END.search(before):
        return False
    return wrapped or after.islower()


def _abbreviation_before(text: str, pos: int) -> bool:
    m = WORD_BEFORE.search(text[max(0, pos - 12) : pos])
    if not m:
        return False
    word = m.group(1).lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word.strip(".")


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
