"""Find date expressions in a normalized text: matches turned into `Found` records.

A `Found` holds what its pattern captured (year, month, day, weekday, day
offset) in view offsets, not yet resolved against a publication date:
dates.py does that. Overlapping matches keep the longest; two dates joined
by a range word become one range.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from communique.pipeline.dates_patterns import Lexicon, key, lexicon

HAN_DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Found:
    """A matched date expression, in view offsets, with what it captured."""

    start: int
    end: int
    kind: str  # date | month | year | weekday | relative | ago | skip
    year: int | None = None
    month: int | None = None
    day: int | None = None
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    year_offset: int | None = None  # "今年": the year counted from publication
    weekday: int | None = None  # 0 = Monday
    modifier: str | None = None  # this | last | next
    offset: int | None = None  # days from publication
    text: str = ""

    @property
    def is_range(self) -> bool:
        return self.end_day is not None


Builder = Callable[[re.Match[str], Lexicon], "Found | None"]


def han_int(text: str | None) -> int | None:
    """Read a number written in ASCII or Chinese digits ("2018", "二〇一八", "三十一")."""
    if not text:
        return None
    if text.isascii():
        return int(text)
    text = text.replace("零", "〇")
    if "十" not in text:
        return int("".join(str(HAN_DIGITS.index(c)) for c in text))
    tens, _, ones = text.partition("十")
    return (han_int(tens) or 1) * 10 + (han_int(ones) or 0)


def _group(m: re.Match[str], name: str) -> str | None:
    groups = m.re.groupindex
    return m.group(name) if name in groups else None


def _date(m: re.Match[str], lex: Lexicon) -> Found | None:
    month = lex.months.get(key((_group(m, "m") or "").split("/")[0]))
    if month is None:
        return None
    year, day, d2 = han_int(_group(m, "y")), han_int(_group(m, "d")), han_int(_group(m, "d2"))
    start, end = m.span()
    if day is None:
        return Found(start, end, "month", year, month)
    if d2 is None:
        return Found(start, end, "date", year, month, day)
    return Found(start, end, "date", year, month, day, year, month, d2)


def _iso(m: re.Match[str], lex: Lexicon) -> Found:
    y, mo, d = (int(_group(m, g) or 0) for g in ("y", "m", "d"))
    return Found(*m.span(), "date", y, mo, d)


def _numeric(m: re.Match[str], lex: Lexicon) -> Found | None:
    a, b = int(_group(m, "a") or 0), int(_group(m, "b") or 0)
    day_first = a > 12 or (b <= 12 and lex.numeric_order == "DMY")
    day, month = (a, b) if day_first else (b, a)
    if month > 12:
        return None
    return Found(*m.span(), "date", int(_group(m, "y") or 0), month, day)


def _cjk(m: re.Match[str], lex: Lexicon) -> Found | None:
    ry = _group(m, "ry")
    offset = lex.relative_years.get(key(ry)) if ry else None
    year, month = han_int(_group(m, "y")), han_int(_group(m, "m"))
    start, end = m.span()
    if "d" not in m.re.groupindex:
        if year is None and offset is None:
            return None  # "6月" alone says too little to be worth a mention
        return Found(start, end, "month", year, month, year_offset=offset)
    day, d2 = han_int(_group(m, "d")), han_int(_group(m, "d2"))
    if d2 is None:
        return Found(start, end, "date", year, month, day, year_offset=offset)
    return Found(start, end, "date", year, month, day, year, month, d2, year_offset=offset)


def _bare_day(m: re.Match[str], lex: Lexicon) -> Found:
    return Found(*m.span(), "date", day=int(_group(m, "d") or 0))


def _year(m: re.Match[str], lex: Lexicon) -> Found:
    start, end = m.span("y")
    if _group(m, "x"):  # "عام 2018", "2018年": the year word belongs to the mention
        start, end = min(start, m.start("x")), max(end, m.end("x"))
    return Found(start, end, "year", int(_group(m, "y") or 0))


def _weekday(m: re.Match[str], lex: Lexicon) -> Found | None:
    text: str = m.string
    start, end = m.span()
    left = lex.weekday_left.search(text, max(0, start - 40), start)
    right = lex.weekday_right.match(text, end)
    mods = [g for g in (right and right.group("ma"), left and left.group("mb")) if g]
    dayparts = [g for g in (left and left.group("dp"), right and right.group("dp")) if g]
    word = key(_group(m, "w") or "")
    if word in lex.context_only and not (mods or dayparts):
        return None
    said = [lex.modifiers.get(key(x), "this") for x in mods]
    modifier = next((x for x in said if x != "this"), "this")
    return Found(
        left.start() if left else start,
        right.end() if right else end,
        "weekday",
        weekday=lex.weekdays[word],
        modifier=modifier,
    )


def _relative(m: re.Match[str], lex: Lexicon) -> Found:
    text: str = m.string
    start, end = m.span()
    left = lex.daypart_left.search(text, max(0, start - 20), start)
    right = lex.daypart_right.match(text, end)
    offset = lex.relative[key(_group(m, "rel") or "")]
    return Found(
        left.start() if left else start, right.end() if right else end, "relative", offset=offset
    )


def _ago(m: re.Match[str], lex: Lexicon) -> Found:
    return Found(*m.span(), "ago", text=m.group(0))


def _skip(m: re.Match[str], lex: Lexicon) -> Found:
    return Found(*m.span(), "skip")


BUILDERS: dict[str, Builder] = {
    "dmy": _date,
    "my": _date,
    "iso": _iso,
    "numeric": _numeric,
    "cjk_date": _cjk,
    "cjk_month": _cjk,
    "cjk_day": _bare_day,
    "year": _year,
    "weekday": _weekday,
    "relative": _relative,
    "ago": _ago,
    "skip": _skip,
}


def scan(text: str, lang: str) -> list[Found]:
    """Find the date expressions of a normalized text: longest matches, ranges joined."""
    lex = lexicon(lang)
    found = []
    for kind, pattern, needs in lex.patterns:
        if needs and needs not in text:
            continue
        build = BUILDERS[kind]
        for m in pattern.finditer(text):
            item = build(m, lex)
            if item is not None:
                found.append(_widen(item, text, lex))
    kept = [f for f in longest(found) if f.kind != "skip"]
    return _join_ranges(kept, text, lex)


def longest(found: list[Found]) -> list[Found]:
    """Keep the longest of overlapping matches (the earlier one on a tie), in text order."""
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if all(item.end <= k.start or item.start >= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def _widen(item: Found, text: str, lex: Lexicon) -> Found:
    """Take in a weekday before a date ("Friday, 9 July") or a word before a range ("from")."""
    if item.kind != "date":
        return item
    pattern = lex.range_prefix if item.is_range else lex.weekday_before
    before = pattern.search(text, max(0, item.start - 30), item.start)
    return replace(item, start=before.start()) if before else item


def _join_ranges(found: list[Found], text: str, lex: Lexicon) -> list[Found]:
    """Join "30 June to 2 July 2021" and "6月14日至16日" into one range each."""
    out: list[Found] = []
    for item in found:
        prev = out[-1] if out else None
        if prev is not None and _joinable(prev, item, text, lex):
            out[-1] = _joined(prev, item, text, lex)
        else:
            out.append(item)
    return out


def _joinable(a: Found, b: Found, text: str, lex: Lexicon) -> bool:
    if a.kind != "date" or b.kind != "date" or a.is_range or b.is_range or a.month is None:
        return False
    if a.year is not None and b.year is None and b.month is not None:
        return False  # "9 July 2018 to 10 July": not one range
    return lex.range_gap.fullmatch(text, a.end, b.start) is not None


def _joined(a: Found, b: Found, text: str, lex: Lexicon) -> Found:
    end_month = b.month if b.month is not None else a.month
    end_year = b.year if b.year is not None else a.year
    year = a.year
    if year is None and end_year is not None:  # "30 December to 2 January 2021"
        later = (a.month or 0, a.day or 0) > (end_month or 0, b.day or 0)
        year = end_year - 1 if later else end_year
    before = lex.range_prefix.search(text, max(0, a.start - 30), a.start)
    return replace(
        a,
        start=before.start() if before else a.start,
        end=b.end,
        year=year,
        end_year=end_year,
        end_month=end_month,
        end_day=b.day,
    )
