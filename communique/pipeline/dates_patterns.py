"""Date patterns per language, compiled from data/dates/<lang>.yaml.

Patterns run on the normalized view of a text (normalize.py): they see ASCII
digits, one dash and one apostrophe, and folded Arabic letters, so the word
lists are normalized the same way before they become alternations. Every
pattern starts on what it requires (a digit, a month or weekday word);
optional words before it (a weekday before a date, "from" before a range,
"last" before a weekday) are taken by small anchored patterns afterwards,
which keeps a 2 KB text under a millisecond. Chinese numeric forms
(2024年7月22日) and month names with a Latin day order ("30 六月 2021") are
matched in every language: sites mix them into other languages' pages.

The standard `re` module is used on purpose: on these patterns it is several
times faster than `regex`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from communique import resources
from communique.pipeline.normalize import normalize

YEAR = r"(?:19|20)[0-9]{2}"
DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
MONTH_NUM = r"(?:1[0-2]|0?[1-9])"
HAN_YEAR = r"[一二][〇零一二三四五六七八九]{3}"
HAN_MONTH = r"(?:十[一二]?|[一二三四五六七八九])"
HAN_DAY = r"(?:三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])"
ZH_YEAR = rf"(?:{YEAR}|{HAN_YEAR})"
ZH_MONTH = rf"(?:{MONTH_NUM}|{HAN_MONTH})"
ZH_DAY = rf"(?:{DAY}|{HAN_DAY})"
NUMBER_END = r"(?![0-9])"
FLAGS = re.IGNORECASE
Pattern = re.Pattern[str]


@dataclass(frozen=True)
class Lexicon:
    """One language's compiled patterns and word lookups."""

    lang: str
    patterns: tuple[tuple[str, Pattern, str], ...]  # (kind, pattern, gate): see `gate`
    months: dict[str, int]
    weekdays: dict[str, int]  # 0 = Monday
    relative: dict[str, int]
    relative_years: dict[str, int]
    modifiers: dict[str, str]  # "last" -> last, "prochain" -> next
    context_only: frozenset[str]
    numeric_order: str
    weekday_before: Pattern  # "Friday, " right before a date
    weekday_left: Pattern  # daypart and modifier right before a weekday
    weekday_right: Pattern  # modifier and daypart right after a weekday
    daypart_left: Pattern
    daypart_right: Pattern
    range_gap: Pattern  # the text between two dates that makes them one range
    range_prefix: Pattern  # "from", "du", "с" right before a range
    label: Pattern  # a publication label right before a date
    source_label: Pattern  # the start of a "Source: ..." tail


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """Return the lookup form of a word: normalized, lower case, no accents, no final dot."""
    folded = normalize(text).text.lower().strip().rstrip(".")
    return " ".join(_strip_latin_accents(folded).split())


def _strip_latin_accents(text: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out and out[-1].isascii():
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def _variants(word: str, case_sensitive: bool) -> set[str]:
    norm = normalize(word).text
    forms = {norm, _strip_latin_accents(norm)}
    if case_sensitive:
        forms |= {f.upper() for f in forms}
    return forms


def alternation(words: Iterable[str], case_sensitive: bool = False) -> str:
    """Return a regex alternation of `words`, longest first (a final "." is optional)."""
    parts = set()
    for word in words:
        for form in _variants(word, case_sensitive):
            body = re.escape(form.rstrip("."))
            body = re.sub(r"(?:\\ )+|\s+", r"\\s+", body).replace(":", "[:：]")
            parts.add(body + (r"\.?" if form.endswith(".") else ""))
    if not parts:
        return "(?!)"
    joined = "|".join(sorted(parts, key=lambda p: (-len(p), p)))
    return f"(?-i:{joined})" if case_sensitive else f"(?:{joined})"


@dataclass(frozen=True)
class Parts:
    """Regex building blocks of one language."""

    before: str  # word boundary before a word
    after: str  # word boundary after a word
    space: str  # between words (Chinese needs none)
    num_start: str  # boundary before a day or year number
    month: str
    weekday: str
    ordinal: str
    sep: str  # between day, month and year
    year_suffix: str
    range_conn: str  # between the two days of "14-16", "5 and 6"
    daypart: str


def parts(lang: str, data: dict[str, Any]) -> Parts:
    """Return the building blocks of `lang` from its word lists."""
    cjk = lang == "zh"
    before = "" if cjk else r"(?<!\w)"
    clitics = normalize("".join(data.get("prefix_clitics", []))).text
    if clitics:
        before = rf"(?:(?<!\w)|(?<=(?<!\w)[{clitics}]))"
    case = bool(data.get("case_sensitive"))
    joiners = alternation(data.get("joiners", []))
    words = alternation([*data.get("range_connectors", []), *data.get("pair_connectors", [])])
    return Parts(
        before=before,
        after="" if cjk else r"(?!\w)",
        space=r"\s*" if cjk else r"\s+",
        num_start=r"(?<![0-9./:-])" if cjk else r"(?<![\w./:-])",
        month=alternation([m for forms in data.get("months", []) for m in forms], case),
        weekday=alternation([w for forms in data.get("weekdays", []) for w in forms], case),
        ordinal=alternation(data.get("ordinals", [])),
        sep=rf"(?:\s*[,،]\s*|\s+)(?:{joiners}\s+)?",
        year_suffix=alternation(data.get("year_suffixes", [])),
        range_conn=rf"(?:\s*-\s*|\s+{words}\s*)",
        daypart=alternation(data.get("dayparts", [])),
    )


def word_patterns(p: Parts, data: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the (kind, regex) pairs for dates written with month words."""
    day = rf"(?=[0-9]){p.num_start}(?P<d>{DAY}){NUMBER_END}(?:{p.ordinal})?"
    month = rf"{p.before}(?P<m>{p.month}(?:\s*/\s*{p.month})?){p.after}"
    year = rf"(?P<y>{YEAR}){NUMBER_END}(?:\s*{p.year_suffix}{p.after})?"
    d2 = rf"(?P<d2>{DAY}){NUMBER_END}(?:{p.ordinal})?"
    out = [
        ("dmy", rf"{day}{p.sep}{month}(?:{p.sep}{year})?"),
        ("my", rf"{month}{p.sep}{year}"),
        ("dmy", rf"{day}{p.range_conn}{d2}{p.sep}{month}(?:{p.sep}{year})?"),
    ]
    if data.get("month_first"):
        tail = "" if data.get("month_first_needs_year") else "?"
        mdy_day = rf"(?P<d>{DAY}){NUMBER_END}(?:{p.ordinal})?"
        out.append(("dmy", rf"{month}\s+{mdy_day}(?:\s*,?\s*{year}){tail}"))
        out.append(("dmy", rf"{month}\s+{mdy_day}\s*-\s*{d2}(?:\s*,?\s*{year}){tail}"))
    return out


def other_patterns(p: Parts, data: dict[str, Any]) -> list[tuple[str, str]]:
    """Return the (kind, regex) pairs for bare years, weekdays, relative days and non-dates."""
    b, a = p.before, p.after
    year = rf"(?P<y>{YEAR})(?![0-9]|-[0-9])"
    bare = data.get("bare_year", {})
    out = []
    if bare.get("before"):  # "in 2018": the word is needed but stays out of the mention
        out.append(("year", rf"{b}{alternation(bare['before'])}\s+{year}"))
    if bare.get("words_before"):
        out.append(("year", rf"{b}(?P<x>{alternation(bare['words_before'])})\s*{year}"))
    if bare.get("words_after"):
        words = alternation(bare["words_after"])
        out.append(("year", rf"{p.num_start}(?P<x>{year}\s*{words}){a}(?!代|度)"))
    out.append(("weekday", rf"{b}(?P<w>{p.weekday}){a}"))
    relative = [w for item in data.get("relative_days", []) for w in item["words"]]
    if relative:
        out.append(("relative", rf"{b}(?P<rel>{alternation(relative)}){a}"))
    for fragment in data.get("ago", []):
        out.append(("ago", rf"{b}{normalize(fragment).text}{a}"))
    if data.get("not_dates"):
        out.append(("skip", rf"{b}{alternation(data['not_dates'])}{a}"))
    return out


def numeric_patterns() -> list[tuple[str, str]]:
    """Return the (kind, regex) pairs for all-digit dates, in every language."""
    start, end = r"(?=[0-9])(?<![\w./:-])", r"(?![\w/]|[.-][0-9])"
    return [
        ("iso", rf"{start}(?P<y>{YEAR})(?P<s>[-/.])(?P<m>{MONTH_NUM})(?P=s)(?P<d>{DAY}){end}"),
        (
            "numeric",
            rf"{start}(?P<a>{DAY})(?P<s>[-/.])(?P<b>{DAY})(?P=s)(?P<y>{YEAR}){end}"
            r"(?:\s*(?:г\.|г(?!\w)|года))?",
        ),
    ]


def cjk_patterns(relative_years: list[str], with_bare_day: bool) -> list[tuple[str, str]]:
    """Return the (kind, regex) pairs for Chinese numeric dates (年/月/日)."""
    ry = rf"(?:(?P<ry>{alternation(relative_years)})\s*)?"
    head = rf"{ry}(?:(?<![0-9])(?P<y>{ZH_YEAR})\s*年\s*)?(?<![0-9])(?P<m>{ZH_MONTH})\s*月"
    no_day = r"(?!\s*(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])"
    out = [
        ("cjk_date", rf"{head}\s*(?P<d>{ZH_DAY})\s*[日号]"),
        ("cjk_date", rf"{head}\s*(?P<d>{DAY})\s*[-至到~]\s*(?P<d2>{DAY})\s*[日号]"),
        ("cjk_month", rf"{head}{no_day}"),
    ]
    if with_bare_day:  # "30日" under a dated dateline; not "30日元" (yen) or "日本"
        out.append(("cjk_day", rf"(?<![0-9月第])(?P<d>{DAY})\s*日(?![元本报期内])"))
    return out


def _compile(pattern: str) -> Pattern:
    """Compile `pattern` with its spaces kept within a line: a date never spans two lines."""
    return re.compile(pattern.replace(r"\s", r"[^\S\n]"), FLAGS)


def gate(kind: str) -> str:
    """Return a character the text must hold for patterns of `kind` to be worth running."""
    return {"cjk_date": "月", "cjk_month": "月", "cjk_day": "日"}.get(kind, "")


def _lookup(groups: Iterable[list[str]]) -> dict[str, int]:
    """Map every form's key to its 1-based position in `groups`."""
    return {key(w): i for i, forms in enumerate(groups, start=1) for w in forms}


def _offsets(items: list[dict[str, Any]]) -> dict[str, int]:
    return {key(w): int(item["offset"]) for item in items for w in item["words"]}


def load_words(lang: str) -> dict[str, Any]:
    """Return the word lists of `lang` (empty for a language without a file)."""
    name = f"dates/{lang}"
    return dict(resources.load(name)) if resources.exists(name) else {}


def _modifiers(data: dict[str, Any]) -> dict[str, str]:
    sides = ("modifiers_before", "modifiers_after")
    return {key(w): name for s in sides for name, ws in data.get(s, {}).items() for w in ws}


def _side_patterns(p: Parts, data: dict[str, Any]) -> dict[str, Pattern]:
    """Compile the anchored patterns that take optional words around a match."""
    mb = alternation(w for ws in data.get("modifiers_before", {}).values() for w in ws)
    ma = alternation(w for ws in data.get("modifiers_after", {}).values() for w in ws)
    b, a, s, dp = p.before, p.after, p.space, p.daypart
    prefixes = alternation(data.get("range_prefixes", []))
    return {
        "weekday_before": _compile(rf"{b}{p.weekday}\s*[,،]?\s+\Z"),
        "weekday_left": _compile(rf"(?:{b}(?P<dp>{dp}){s})?(?:{b}(?P<mb>{mb}){s})?\Z"),
        "weekday_right": _compile(rf"(?:{s}(?P<ma>{ma}){a})?(?:{s}(?P<dp>{dp}){a})?"),
        "daypart_left": _compile(rf"(?:{b}{dp}{s})?\Z"),
        "daypart_right": _compile(rf"(?:{s}{dp}{a})?"),
        "range_prefix": _compile(rf"{b}{prefixes}\s+\Z"),
    }


@cache
def lexicon(lang: str) -> Lexicon:
    """Return the compiled patterns of `lang` (numeric and Chinese forms only when unknown)."""
    data = load_words(lang)
    zh = data if lang == "zh" else load_words("zh")
    p = parts(lang, data)
    rel_years = [w for item in zh.get("relative_years", []) for w in item["words"]]
    specs = numeric_patterns() + cjk_patterns(rel_years, with_bare_day=lang == "zh")
    if data:
        specs += word_patterns(p, data) + other_patterns(p, data)
    if lang != "zh" and zh:  # "30 六月 2021" on an English page
        specs.append(word_patterns(parts("zh-latin", zh), {})[0])
    labels = [*data.get("published_labels", []), *zh.get("published_labels", [])]
    sources = [*data.get("source_labels", []), *zh.get("source_labels", [])]
    connectors = alternation(data.get("range_connectors", []))
    return Lexicon(
        lang=lang,
        patterns=tuple((kind, _compile(rx), gate(kind)) for kind, rx in specs),
        months={**_lookup(zh.get("months", [])), **_lookup(data.get("months", []))},
        weekdays={k: v - 1 for k, v in _lookup(data.get("weekdays", [])).items()},
        relative=_offsets(data.get("relative_days", [])),
        relative_years=_offsets(zh.get("relative_years", [])),
        modifiers=_modifiers(data),
        context_only=frozenset(key(w) for w in data.get("weekday_context_only", [])),
        numeric_order=str(data.get("numeric_order", "DMY")),
        range_gap=_compile(rf"\s*(?:-|{p.before}{connectors}{p.after})\s*"),
        label=_compile(rf"{p.before}{alternation(labels)}\s*[:：]?\s*\Z"),
        source_label=_compile(rf"{p.before}{alternation(sources)}"),
        **_side_patterns(p, data),
    )
