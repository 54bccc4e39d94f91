"""Where a document states its publication date: ordered strategies.

The `date_strategies` setting lists them in order of trust; a name left out
is switched off. `dateline`: a line near the top that is only a date (with
a place, weekday, time or source around it), or a date followed by a
spaced dash at the start of the text ("1 November 2011 - UNODC and ...").
`labelled`: a date right after a label ("Published", "Опубликовано",
"日期:"). `metadata`: what the source found (HTML metadata, a JSONL field).
`foot`: a date line among the last lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import regex

from communique import settings
from communique.documents import Document, Published
from communique.pipeline.dates_patterns import Lexicon, lexicon
from communique.pipeline.dates_scan import Found, scan
from communique.pipeline.normalize import TextView, normalize

HEAD_LINES = 8  # a date line counts among this many first non-empty lines
HEAD_CHARS = 600  # a date followed by a dash counts this far into the text
FOOT_LINES = 3
MAX_OTHER_WORDS = 2  # words a date line may hold besides its date ("Bern", "Опубликовано")

TIME = regex.compile(
    r"(?:(?<!\w)(?:at|à|a las|a la|в|um|alle)\s*)?(?<![0-9])[0-2]?[0-9][:h.][0-5][0-9]"
    r"(?::[0-5][0-9])?(?:\s*(?:[ap]\.?m\.?|GMT|UTC|ч\.?)(?!\w))?",
    regex.IGNORECASE,
)
BRACKETED = regex.compile(r"\([^()\n]*\)|\[[^\[\]\n]*\]|«[^«»\n]*»|\"[^\"\n]*\"")
WORD = regex.compile(r"\p{Han}{1,2}|[^\W\d_]+")
DASH_AFTER = regex.compile(r"\s*(?:\([^()\n]{0,80}\)\s*)?\.?-{1,2}\s")


@dataclass(frozen=True)
class Context:
    """What every strategy reads: the document, its view and the dates found in it."""

    doc: Document
    view: TextView
    found: list[Found]
    lex: Lexicon
    lines: list[tuple[int, int]]

    def published(self, item: Found) -> Published:
        start, end = self.view.to_source(item.start, item.end)
        day = date(item.year or 0, item.month or 0, item.day or 0)
        return Published(day.isoformat(), "text", "day", start, end)


def find_publication(
    doc: Document,
    view: TextView | None = None,
    found: list[Found] | None = None,
    strategies: str | None = None,
) -> Published | None:
    """Return the publication date the document states, trying strategies in order."""
    lang = doc.language or "und"
    view = view if view is not None else normalize(doc.text)
    found = found if found is not None else scan(view.text, lang)
    days = [f for f in found if _is_full_day(f)]
    ctx = Context(doc, view, days, lexicon(lang), _lines(view.text))
    for name in settings.as_list(settings.get("date_strategies", strategies)):
        strategy = STRATEGIES.get(name)
        result = strategy(ctx) if strategy else None
        if result is not None:
            return result
    return None


def _is_full_day(item: Found) -> bool:
    if item.kind != "date" or item.is_range or None in (item.year, item.month, item.day):
        return False
    try:
        date(item.year or 0, item.month or 0, item.day or 0)
    except ValueError:
        return False
    return True


def _lines(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every non-empty line."""
    out, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def _line_of(lines: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    return next((line for line in lines if line[0] <= offset <= line[1]), None)


def is_date_line(text: str, line: tuple[int, int], item: Found, lex: Lexicon) -> bool:
    """Tell whether the line holding `item` says little but the date."""
    rest = text[line[0] : item.start] + " \n " + text[item.end : line[1]]
    rest = TIME.sub(" ", rest)
    cut = min((i for i in (rest.find("|"), _source_start(rest, lex)) if i >= 0), default=-1)
    if cut >= 0:
        rest = rest[:cut]
    rest = BRACKETED.sub(" ", rest)
    return len(WORD.findall(rest)) <= MAX_OTHER_WORDS


def _source_start(text: str, lex: Lexicon) -> int:
    match = lex.source_label.search(text)
    return match.start() if match else -1


def _dateline(ctx: Context) -> Published | None:
    text, lines = ctx.view.text, ctx.lines
    head = lines[:HEAD_LINES]
    head_end = head[-1][1] if head else 0
    for item in ctx.found:
        if item.start > max(head_end, HEAD_CHARS):
            break
        line = _line_of(head, item.start)
        if line is not None and is_date_line(text, line, item, ctx.lex):
            return ctx.published(item)
        if item.start < HEAD_CHARS and DASH_AFTER.match(text, item.end):
            return ctx.published(item)
    return None


def _labelled(ctx: Context) -> Published | None:
    for item in ctx.found:
        if _after_label(ctx, item):
            return ctx.published(item)
    return None


def _after_label(ctx: Context, item: Found) -> bool:
    """Tell whether a label ends right before `item`, on its line or alone on the line above."""
    text, lines = ctx.view.text, ctx.lines
    index = next((i for i, line in enumerate(lines) if line[0] <= item.start <= line[1]), None)
    if index is None:
        return False
    start = lines[index][0]
    if ctx.lex.label.search(text, start, item.start):
        return True
    if index == 0 or text[start : item.start].strip():
        return False
    above = text[lines[index - 1][0] : lines[index - 1][1]].strip()
    return ctx.lex.label.fullmatch(above) is not None


def _foot(ctx: Context) -> Published | None:
    text, foot = ctx.view.text, ctx.lines[-FOOT_LINES:]
    for item in ctx.found:
        line = _line_of(foot, item.start)
        if line is not None and is_date_line(text, line, item, ctx.lex):
            return ctx.published(item)
    return None


def _metadata(ctx: Context) -> Published | None:
    raw = ctx.doc.hints.get("published")
    day = metadata_date(raw) if raw else None
    if day is None:
        return None
    return Published(day.isoformat(), ctx.doc.hints.get("published_source") or "metadata")


def metadata_date(raw: Any) -> date | None:
    """Read a date a source gave (ISO text, a date or datetime, or a written date)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return parse_written(text, None, None)


@lru_cache(maxsize=4096)
def parse_written(text: str, lang: str | None, base: date | None) -> date | None:
    """Read `text` with dateparser: relative to `base`, or requiring day, month and year."""
    import dateparser  # slow to import; only "N days ago" and odd metadata need it

    options: dict[str, Any] = {"PREFER_DATES_FROM": "past"}
    if base is None:
        options["REQUIRE_PARTS"] = ["day", "month", "year"]
    else:
        options["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    parsed = dateparser.parse(text, languages=[lang] if lang else None, settings=options)
    return parsed.date() if parsed else None


STRATEGIES: dict[str, Callable[[Context], Published | None]] = {
    "dateline": _dateline,
    "labelled": _labelled,
    "metadata": _metadata,
    "foot": _foot,
}
