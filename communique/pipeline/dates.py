"""The dates stage: every date expression in the text, and the publication date.

Candidates come from our own patterns (dates_patterns.py, matched by
dates_scan.py) on the normalized view, never from a library searching free
text. What a pattern captured (day, month word, year) is built into a date
directly: it is faster than dateparser and right where dateparser is not
(Levantine and Maghreb month names, "в июне", "ce lundi", "本周一", "this
Monday" read as next week).
dateparser reads the "N days ago" expressions and odd metadata strings.
Yearless and relative dates are counted from the publication date, found
first (dates_published.py); with none they keep the mention but no value.
"""

from __future__ import annotations

from datetime import date, timedelta

from communique.documents import DateMention, Document
from communique.pipeline import Stage
from communique.pipeline.dates_published import find_publication, parse_written
from communique.pipeline.dates_scan import Found, scan
from communique.pipeline.normalize import TextView, normalize

__all__ = ["DatesStage", "find_publication", "parse_dates"]

# A yearless date is the latest one not after publication plus this margin:
# reports look back, and an announcement rarely looks more than a week ahead.
FUTURE_MARGIN = timedelta(days=7)

Resolved = tuple[date | None, date | None]


class DatesStage(Stage):
    """Fill `doc.dates` with every date expression and `doc.published` with the stated date."""

    name = "dates"
    requires = ("text", "language")
    assigns = ("dates", "published")

    def __call__(self, doc: Document) -> Document:
        lang = doc.language or "und"
        view = normalize(doc.text)
        found = scan(view.text, lang)
        published = find_publication(doc, view, found, self.options.get("date_strategies"))
        if published is not None:
            doc.published = published
        base = date.fromisoformat(doc.published.date) if doc.published else None
        doc.dates = mentions(found, view, doc.text, lang, base)
        return doc


def parse_dates(text: str, lang: str, published: date | None) -> list[DateMention]:
    """Return every date expression in `text`, resolved against `published`."""
    view = normalize(text)
    return mentions(scan(view.text, lang), view, text, lang, published)


def mentions(
    found: list[Found], view: TextView, text: str, lang: str, published: date | None
) -> list[DateMention]:
    """Turn matches into mentions with source offsets; impossible dates are dropped."""
    out = []
    for item in found:
        resolved = resolve(item, lang, published)
        if resolved is None:
            continue
        start, end = view.to_source(item.start, item.end)
        value, end_value = resolved
        out.append(
            DateMention(
                start=start,
                end=end,
                text=text[start:end],
                value=value.isoformat() if value else None,
                precision=precision(item),
                end_value=end_value.isoformat() if end_value else None,
                relative=item.kind in ("weekday", "relative", "ago")
                or item.year_offset is not None,
            )
        )
    return out


def precision(item: Found) -> str:
    """Return day, month or year: how much of the date the expression gives."""
    return item.kind if item.kind in ("month", "year") else "day"


def resolve(item: Found, lang: str, published: date | None) -> Resolved | None:
    """Return the first and last day of `item` (None where unknown); None if impossible."""
    if item.kind == "date":
        return _resolve_date(item, published)
    if item.kind in ("month", "year"):
        year = _year(item, published)
        month = item.month or 1
        return (date(year, month, 1) if year else None), None
    if published is None:
        return None, None
    if item.kind == "weekday":
        return weekday_date(published, item.weekday or 0, item.modifier or "this"), None
    if item.kind == "relative":
        return published + timedelta(days=item.offset or 0), None
    return parse_written(item.text, lang, published), None  # "3 days ago"


def _year(item: Found, published: date | None) -> int | None:
    if item.year is not None:
        return item.year
    if item.year_offset is not None and published is not None:
        return published.year + item.year_offset
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve_date(item: Found, published: date | None) -> Resolved | None:
    day = item.day or 0
    if item.month is not None and _valid(2000, item.month, day) is None:
        return None  # "31 June" is no date in any year
    year = _year(item, published)
    if year is not None and item.month is not None:
        start = _valid(year, item.month, day)
        if start is None:
            return None  # 29 February of a common year
    elif published is not None:
        start = latest_before(published + FUTURE_MARGIN, item.month, day)
    else:
        return None, None
    return start, _range_end(item, start)


def latest_before(limit: date, month: int | None, day: int) -> date | None:
    """Return the latest date with this month (or any month) and day not after `limit`."""
    if month is not None:
        years = (limit.year, limit.year - 1, limit.year - 2)
        options = [_valid(y, month, day) for y in years]
    else:
        firsts = [_shift_month(limit.replace(day=1), -k) for k in range(4)]
        options = [_valid(f.year, f.month, day) for f in firsts]
    return max((d for d in options if d is not None and d <= limit), default=None)


def _shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _range_end(item: Found, start: date | None) -> date | None:
    if start is None or item.end_day is None:
        return None
    month = item.end_month or start.month
    year = item.end_year or start.year
    end = _valid(year, month, item.end_day)
    if end is not None and end < start and item.end_year is None:
        # "30 December - 2 January", "30日至2日": the end rolls into the next month or year
        shifted = _shift_month(date(year, month, 1), 12 if item.end_month else 1)
        end = _valid(shifted.year, shifted.month, item.end_day)
    return end


def weekday_date(published: date, weekday: int, modifier: str) -> date:
    """Return the weekday meant: `this` is the latest on or before publication."""
    back = (published.weekday() - weekday) % 7
    if modifier == "last":
        return published - timedelta(days=back or 7)
    if modifier == "next":
        return published + timedelta(days=(weekday - published.weekday()) % 7 or 7)
    return published - timedelta(days=back)
