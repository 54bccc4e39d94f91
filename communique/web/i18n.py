"""The interface in six languages: strings kept as data, and locale-aware formatting.

Strings live in ``communique/web/i18n/<lang>.json``, one flat file per
language (key -> text), beside the pages that use them: they are part of
the explorer, not knowledge the extractor reads, so they skip the
``data/`` -> ``resources/`` build and translators edit one file each. A
test holds every file to the English keys and placeholders. Names of
languages, countries, months and digits come from CLDR through babel.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal

LANGS = ("en", "fr", "es", "ar", "ru", "zh")  # the order of the language menu
DEFAULT = "en"
RTL = frozenset({"ar"})
MONTH_SKELETON = "yMMM"


@lru_cache(maxsize=len(LANGS))
def messages(lang: str) -> dict[str, str]:
    """Return the interface strings of `lang` (key -> text)."""
    path = resources.files("communique.web").joinpath("i18n", f"{lang}.json")
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def negotiate(requested: str | None, accept_language: str | None = None) -> str:
    """Return the interface language: `?lang=` when valid, else the browser's, else English."""
    if requested and requested.lower() in LANGS:
        return requested.lower()
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return DEFAULT


def direction(lang: str | None) -> str:
    """Return the writing direction of a language: "rtl" or "ltr"."""
    return "rtl" if (lang or "")[:2] in RTL else "ltr"


@dataclass(frozen=True)
class Translator:
    """Strings and formats of one interface language, handed to every template as `t`."""

    lang: str

    @property
    def dir(self) -> str:
        return direction(self.lang)

    @property
    def locale(self) -> Locale:
        return _locale(self.lang)

    def __call__(self, key: str, **values: object) -> str:
        """Return the text of `key`, placeholders filled; English, then the key, as fallback."""
        text = messages(self.lang).get(key) or messages(DEFAULT).get(key) or key
        return text.format(**values) if values else text

    def label(self, prefix: str, code: str | None) -> str:
        """Return the name of a code (a context, type, mode...), or the code made readable."""
        if not code:
            return ""
        key = f"{prefix}.{code}"
        found = messages(self.lang).get(key) or messages(DEFAULT).get(key)
        return found or code.replace("_", " ")

    def language_name(self, code: str | None) -> str:
        """Return the name of language `code` in the interface language."""
        if not code:
            return ""
        return str(self.locale.languages.get(code, code))

    def country(self, code: str | None) -> str:
        """Return the name of country `code` (ISO alpha-2) in the interface language."""
        if not code:
            return ""
        return str(self.locale.territories.get(code.upper(), code.upper()))

    def number(self, value: int | float | None) -> str:
        """Return a number written the way the interface language writes it."""
        return format_decimal(value or 0, locale=self.locale)

    def date(self, value: str | None, precision: str | None = None) -> str:
        """Return an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) written for the interface language."""
        parsed = _parse_date(value)
        if parsed is None:
            return value or ""
        day, shown = parsed
        shown = {"year": 1, "month": 2, "day": 3}.get(precision or "", shown)
        if shown == 1:
            return str(day.year)
        if shown == 2:
            return format_skeleton(MONTH_SKELETON, day, locale=self.locale)
        return format_date(day, "long", locale=self.locale)

    def period(self, first: str | None, last: str | None) -> str:
        """Return "first – last", or one date when they agree, or nothing."""
        if first and last and first != last:
            return f"{self.date(first)} – {self.date(last)}"
        return self.date(first or last) if (first or last) else ""


def autonym(lang: str) -> str:
    """Return a language's name in that language ("français", "العربية"), for the menu."""
    name = str(_locale(lang).get_display_name(lang) or lang)
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=len(LANGS))
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def _parse_date(value: str | None) -> tuple[dt.date, int] | None:
    """Return a date and how many of year, month and day the value gave."""
    if not value:
        return None
    parts = str(value)[:10].split("-")
    try:
        numbers = [int(p) for p in parts if p]
        filled = numbers + [1] * (3 - len(numbers))
        return dt.date(filled[0], filled[1], filled[2]), len(numbers)
    except (ValueError, IndexError):
        return None
