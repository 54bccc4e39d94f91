"""A normalized view of a text, with every character mapped back to the original.

Later stages match names and dates on the view and report offsets in the
cleaned text. Two views exist: `normalize` (script folding only: Arabic letter
variants, tatweel and diacritics, traditional to simplified Chinese,
Arabic-Indic, Persian and full-width digits, typographic apostrophes and
dashes) and `fold` (the same plus lower case and Latin/Cyrillic accents
removed, for case-insensitive matching).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ARABIC_DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0640"]
# Hamza on a seat (ؤ ئ) is written either way ("شؤون"/"شئون"), so both become the bare hamza.
ARABIC_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "ء", "ئ": "ء"}
APOSTROPHES = "’‘ʼ＇`´′"
DASHES = "‐‑‒–—―−"
NAME_DOTS = (
    "﹒・‧•∙⋅"  # the middle dots Chinese and Japanese write between foreign given and family names
)
SPACES = "\u00a0\u2007\u202f\u2009\u200a\u3000"
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\ufeff\u2066\u2067\u2068\u2069\u202a\u202b\u202c"


@dataclass(frozen=True)
class TextView:
    """A transformed text whose characters point back into the source text.

    ``starts[i]``/``ends[i]`` are the source offsets of view character ``i``;
    both are None when the view is the identity (the common case), to save
    building two lists per document.
    """

    text: str
    source_length: int
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map the view span [start, end) to the source span it covers."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:
            anchor = self.starts[start] if start < len(self.starts) else self.source_length
            return anchor, anchor
        return self.starts[start], self.ends[end - 1]


def _digit_map() -> dict[str, str]:
    table = {}
    for base in (0x0660, 0x06F0, 0xFF10):
        for i in range(10):
            table[chr(base + i)] = str(i)
    return table


@lru_cache(maxsize=1)
def _t2s_table() -> dict[str, str]:
    """Return traditional -> simplified Chinese single-character replacements (OpenCC)."""
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = converter.convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - defensive, never seen
        return {}
    return {a: b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


@lru_cache(maxsize=2)
def _table(fold_case: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for ch in ARABIC_DIACRITICS + list(INVISIBLE):
        table[ord(ch)] = ""
    for src, dst in {**ARABIC_LETTERS, **_digit_map()}.items():
        table[ord(src)] = dst
    for ch in APOSTROPHES:
        table[ord(ch)] = "'"
    for ch in DASHES:
        table[ord(ch)] = "-"
    for ch in NAME_DOTS:
        table[ord(ch)] = "·"
    for ch in SPACES:
        table[ord(ch)] = " "
    for src, dst in _t2s_table().items():
        table[ord(src)] = dst
    for code in range(0xFF21, 0xFF5B):  # full-width Latin letters
        ch = chr(code)
        if ch.isalpha():
            table[code] = unicodedata.normalize("NFKC", ch)
    if fold_case:
        _add_case_folding(table)
    return table


def _add_case_folding(table: dict[int, str]) -> None:
    for code in list(range(0x41, 0x5B)) + list(range(0xC0, 0x250)) + list(range(0x370, 0x530)):
        ch = chr(code)
        if not ch.isalpha():
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        folded = base.lower() if base else ch.lower()
        if code == 0x0419 or code == 0x0439:  # keep й distinct from и: a letter, not an accent
            folded = "й"
        if folded != ch:
            table[code] = folded
    for code, value in list(table.items()):
        if value.isupper():
            table[code] = value.lower()
    table[0x0130] = "i"  # Turkish dotted I would otherwise become two characters


# Views are immutable and stages fold the same sentences and documents several times.
@lru_cache(maxsize=512)
def normalize(text: str) -> TextView:
    """Return the script-normalized view of `text` (case kept)."""
    return _view(text, _table(False))


@lru_cache(maxsize=512)
def fold(text: str) -> TextView:
    """Return the normalized, lower-cased, accent-free view of `text`."""
    return _view(text, _table(True))


def fold_string(text: str) -> str:
    """Fold a string the way `fold` does, without keeping the offset map."""
    return unicodedata.normalize("NFC", text).translate(_table(True))


def _view(text: str, table: dict[int, str]) -> TextView:
    converted = text.translate(table)
    # Equal length can hide a deletion balanced by an expansion, so look for such characters.
    if len(converted) == len(text) and _resizing(table is _table(True)).isdisjoint(text):
        return TextView(converted, len(text))
    return _mapped_view(text, table)


@lru_cache(maxsize=2)
def _resizing(fold_case: bool) -> frozenset[str]:
    """Return the characters a table deletes or expands (cached per table)."""
    return frozenset(chr(code) for code, value in _table(fold_case).items() if len(value) != 1)


def _mapped_view(text: str, table: dict[int, str]) -> TextView:
    resizing = _resizing(table is _table(True))
    if not any(len(table[ord(ch)]) > 1 for ch in resizing.intersection(text)):
        # Only deletions (diacritics, tatweel) and one-for-one changes: the common case.
        deleted = resizing.intersection(text)
        kept = tuple(i for i, ch in enumerate(text) if ch not in deleted)
        return TextView(text.translate(table), len(text), kept, tuple(i + 1 for i in kept))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        replacement = table.get(ord(ch), ch)
        for r in replacement:
            out.append(r)
            starts.append(i)
            ends.append(i + 1)
    return TextView("".join(out), len(text), tuple(starts), tuple(ends))
