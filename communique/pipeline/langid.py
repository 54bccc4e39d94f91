"""Language identification: each paragraph's language, and the body's.

Paragraphs are the non-empty lines of the cleaned text. A paragraph written
mostly in a script that only one allowed language uses (Arabic, Han, Cyrillic
with the default set) is that language outright: faster than a model and more
reliable on short strings. The others go to lingua, restricted to the
``languages`` setting. Consecutive short lines of one script are joined first,
since a model needs ~100 characters to be sure. lingua's cost grows with the
length it reads, so it reads samples: a full look (`SAMPLE_CHARS`) at the
longest group, which sets the expected language, and a quick look
(`QUICK_SAMPLE_CHARS`) at every other group, followed by a full look only when
the quick one disagrees. About 0.5-1 ms for a 2 KB Latin-script document.

``doc.languages`` counts each language's characters. ``doc.language`` is the
body's language: the one with the most weighted characters, where a Han, kana
or Hangul character weighs `DENSE_SCRIPT_WEIGHT` Latin ones and a line that
looks like chrome (short, or without sentence punctuation) weighs
`CHROME_WEIGHT` of a body line. A language a source stated (``hints["lang"]``)
wins when it is allowed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from communique import settings
from communique.documents import Document, LanguageShare
from communique.errors import CommuniqueError
from communique.pipeline import Stage

SCRIPT_SAMPLE_CHARS = 200  # a paragraph's script is read from its start
MERGE_BELOW = 120  # lines shorter than this are joined with their neighbours for the model
SAMPLE_CHARS = 300  # a full look reads this much of a paragraph: lingua's cost is per character
QUICK_SAMPLE_CHARS = 50  # a quick look; a surprising answer earns the paragraph a full look
# lingua's fast (trigram) mode takes name-heavy English ("the Minister of Foreign Affairs of
# Kazakhstan met the Secretary-General of the ... Organisation") for French: full looks use
# the accurate mode whatever the length.
FAST_MODE_FROM = 10**9
DENSE_SCRIPT_WEIGHT = 3.0  # one Han character carries about three Latin letters of text
DENSE_SCRIPTS = frozenset({"Han", "Kana", "Hangul"})
CHROME_WEIGHT = 0.25
CHROME_MAX_CHARS = 40  # in Latin characters' worth of text
SENTENCE_PUNCTUATION = regex.compile(r"[.!?。！？؟;؛]")

# Scripts checked in this order; the first holding half a line's letters is its script.
SCRIPT_RUNS = {
    name: regex.compile(rf"[{prop}]+")
    for name, prop in (
        ("Latin", r"\p{Latin}"),
        ("Han", r"\p{Han}"),
        ("Arabic", r"\p{Arabic}"),
        ("Cyrillic", r"\p{Cyrillic}"),
        ("Kana", r"\p{Hiragana}\p{Katakana}"),
        ("Hangul", r"\p{Hangul}"),
        ("Greek", r"\p{Greek}"),
        ("Hebrew", r"\p{Hebrew}"),
        ("Devanagari", r"\p{Devanagari}"),
        ("Thai", r"\p{Thai}"),
        ("Armenian", r"\p{Armenian}"),
        ("Georgian", r"\p{Georgian}"),
    )
}
LETTER_RUNS = regex.compile(r"\p{L}+")
# A paragraph with fewer than three letters says nothing about its language.
THREE_LETTERS = regex.compile(r"\p{L}\P{L}*\p{L}\P{L}*\p{L}")
# Languages of each script that lingua knows, besides those it lists by script itself.
OTHER_SCRIPT_LANGUAGES = {
    "Han": ("zh", "ja"),
    "Kana": ("ja",),
    "Hangul": ("ko",),
    "Greek": ("el",),
    "Hebrew": ("he",),
    "Thai": ("th",),
    "Armenian": ("hy",),
    "Georgian": ("ka",),
}


@dataclass
class Paragraph:
    """One line of the text with what langid learns about it."""

    index: int  # position among the text's non-empty lines
    text: str
    script: str
    lang: str | None = None

    @property
    def weight(self) -> float:
        """Return how much this paragraph counts towards the document language."""
        weight = float(len(self.text))
        if self.script in DENSE_SCRIPTS:
            weight *= DENSE_SCRIPT_WEIGHT
        if weight < CHROME_MAX_CHARS or not SENTENCE_PUNCTUATION.search(self.text):
            weight *= CHROME_WEIGHT
        return weight


class LangIdStage(Stage):
    """Set ``doc.language`` (the body's) and ``doc.languages`` (characters per language)."""

    name = "langid"
    requires = ("text",)
    assigns = ("language", "languages")

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        chosen = settings.get("languages", options.get("languages"))
        self.languages = allowed_languages(settings.as_list(chosen))

    def __call__(self, doc: Document) -> Document:
        language, shares = identify(doc.text, self.languages)
        hinted = _hint(doc.hints.get("lang"))
        doc.language = hinted if hinted in self.languages else language
        doc.languages = shares
        return doc


def allowed_languages(codes: Iterable[str]) -> tuple[str, ...]:
    """Return the sorted, checked ISO 639-1 codes; E203 for a code lingua does not know."""
    checked = set()
    for code in codes:
        code = code.strip().lower()
        try:
            IsoCode639_1.from_str(code)
        except ValueError:
            raise CommuniqueError("E203", code) from None
        checked.add(code)
    if not checked:
        raise CommuniqueError("E203", "no language given")
    return tuple(sorted(checked))


def identify(text: str, languages: Sequence[str]) -> tuple[str | None, list[LanguageShare]]:
    """Return the body language of `text` and the characters per language, most first."""
    allowed = _checked(tuple(languages))
    paragraphs = _paragraphs(text)
    _shortcut_by_script(paragraphs, allowed)
    _detect_with_model([p for p in paragraphs if p.lang is None], allowed)
    return _body_language(paragraphs), _shares(paragraphs)


@lru_cache(maxsize=16)
def _checked(languages: tuple[str, ...]) -> tuple[str, ...]:
    return allowed_languages(languages)


def _paragraphs(text: str) -> list[Paragraph]:
    lines = [line.strip() for line in text.split("\n")]
    out = []
    for index, line in enumerate(line for line in lines if line):
        if THREE_LETTERS.search(line):
            out.append(Paragraph(index, line, _script_of(line[:SCRIPT_SAMPLE_CHARS])))
    return out


def _script_of(sample: str) -> str:
    """Return the script holding the most letters of `sample`."""
    # Fast path: a line of (almost) only Latin-1 characters is Latin script; typographic
    # quotes and dashes are outside Latin-1, hence "almost".
    if (len(sample) - len(sample.encode("latin-1", "ignore"))) * 10 <= len(sample):
        return "Latin"
    letters = sum(map(len, LETTER_RUNS.findall(sample)))
    best, best_count = "Other", 0
    for name, runs in SCRIPT_RUNS.items():
        count = sum(map(len, runs.findall(sample)))
        if count * 2 >= letters:
            return name
        if count > best_count:
            best, best_count = name, count
    return best


def _shortcut_by_script(paragraphs: list[Paragraph], allowed: tuple[str, ...]) -> None:
    """Give a paragraph the one allowed language of its script, when there is one."""
    owners = _script_owners(allowed)
    for paragraph in paragraphs:
        paragraph.lang = owners.get(paragraph.script)


@lru_cache(maxsize=16)
def _script_owners(allowed: tuple[str, ...]) -> dict[str, str]:
    """Map each non-Latin script to its language when exactly one allowed language uses it."""
    scripts = {
        "Arabic": _codes(Language.all_with_arabic_script()),
        "Cyrillic": _codes(Language.all_with_cyrillic_script()),
        "Devanagari": _codes(Language.all_with_devanagari_script()),
        **OTHER_SCRIPT_LANGUAGES,
    }
    owners = {}
    for script, users in scripts.items():
        present = [code for code in users if code in allowed]
        if len(present) == 1:
            owners[script] = present[0]
    return owners


def _codes(languages: Iterable[Language]) -> tuple[str, ...]:
    return tuple(language.iso_code_639_1.name.lower() for language in languages)


def _detect_with_model(paragraphs: list[Paragraph], allowed: tuple[str, ...]) -> None:
    """Detect each group of paragraphs' language with lingua, looking closely only when needed.

    lingua's cost is per character read, so the longest group gets a full look
    and sets the expected language; every other group gets a quick look at its
    start, and a full one only when the quick look says something unexpected.
    """
    groups = _groups(paragraphs)
    if not groups:
        return
    anchor = max(range(len(groups)), key=lambda i: len(groups[i][0]))
    expected = _full_look(groups[anchor][0], allowed)
    for i, (text, members) in enumerate(groups):
        code = expected if i == anchor else _quick_look(text, allowed)
        if code != expected and len(text) > QUICK_SAMPLE_CHARS:
            code = _full_look(text, allowed)
        for paragraph in members:
            paragraph.lang = code


def _full_look(text: str, allowed: tuple[str, ...]) -> str | None:
    sample = _cut(text, SAMPLE_CHARS)
    return _detect(sample, allowed, low_accuracy=len(sample) >= FAST_MODE_FROM)


def _quick_look(text: str, allowed: tuple[str, ...]) -> str | None:
    return _detect(_cut(text, QUICK_SAMPLE_CHARS), allowed, low_accuracy=True)


def _detect(sample: str, allowed: tuple[str, ...], low_accuracy: bool) -> str | None:
    language = detector_for(allowed, low_accuracy).detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else None


def _groups(paragraphs: list[Paragraph]) -> list[tuple[str, list[Paragraph]]]:
    """Join runs of short paragraphs of one script, which are too short to judge alone."""
    groups: list[list[Paragraph]] = []
    for paragraph in paragraphs:
        last = groups[-1] if groups else None
        if (
            last is not None
            and last[-1].index + 1 == paragraph.index
            and last[-1].script == paragraph.script
            and len(paragraph.text) < MERGE_BELOW
            and sum(len(p.text) for p in last) < MERGE_BELOW
        ):
            last.append(paragraph)
        else:
            groups.append([paragraph])
    return [("\n".join(p.text for p in group), group) for group in groups]


def _cut(text: str, limit: int) -> str:
    """Cut `text` to about `limit` characters, at a space so no word is broken."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", limit * 3 // 4, limit)
    return text[: space if space > 0 else limit]


@lru_cache(maxsize=8)
def detector_for(languages: tuple[str, ...], low_accuracy: bool = False) -> LanguageDetector:
    """Build (once per process and language set) a lingua detector for `languages`."""
    codes = [IsoCode639_1.from_str(code) for code in languages]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    if low_accuracy:
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _body_language(paragraphs: list[Paragraph]) -> str | None:
    scores: dict[str, float] = {}
    for paragraph in paragraphs:
        if paragraph.lang is not None:
            scores[paragraph.lang] = scores.get(paragraph.lang, 0.0) + paragraph.weight
    if not scores:
        return None
    return max(sorted(scores), key=lambda lang: scores[lang])


def _shares(paragraphs: list[Paragraph]) -> list[LanguageShare]:
    chars: dict[str, int] = {}
    for paragraph in paragraphs:
        if paragraph.lang is not None:
            chars[paragraph.lang] = chars.get(paragraph.lang, 0) + len(paragraph.text)
    ranked = sorted(chars.items(), key=lambda item: (-item[1], item[0]))
    return [LanguageShare(lang, count) for lang, count in ranked]


def _hint(value: Any) -> str | None:
    """Return the ISO 639-1 part of a source's language hint ("en-US" -> "en")."""
    if not isinstance(value, str) or not value.strip():
        return None
    return regex.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
