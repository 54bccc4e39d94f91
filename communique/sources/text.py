"""Plain text in any encoding: byte-order marks, then UTF-8, then charset-normalizer.

Legacy single-byte encodings are easy to confuse on short texts (cp1251 and
KOI8-R both decode Russian into Cyrillic letters; cp1250 and cp1252 differ
only in a few accented letters), so charset-normalizer's candidates, plus the
usual legacy encodings of the six UN languages, are ranked by how much
mojibake their decoded text shows.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

import charset_normalizer

from communique.documents import Document, SourceInfo
from communique.errors import CommuniqueError

# UTF-32 marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Legacy encodings of ar, en, es, fr, ru, zh texts, tried after charset-normalizer's guesses.
LEGACY_ENCODINGS = ("cp1252", "cp1251", "koi8-r", "cp1256", "gb18030", "big5")
UTF8_ERROR_RATIO = 4  # at most one bad sequence per 4 good non-ASCII characters
BINARY_SAMPLE = 8192
BINARY_CONTROL_RATIO = 0.1
TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1a\x1b")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
SCORE_SAMPLE = 5000  # characters: enough to tell encodings apart, cheap to score
# Symbols real press releases use; other symbols in decoded text are mojibake signs.
COMMON_SYMBOLS = frozenset("©®°€£¥§±×÷№™•′″‰")
# Latin letters beyond Latin-1 that the supported languages write (French, Turkish).
EXTRA_LATIN = frozenset("œŒğĞıİşŞ")
RARE_LATIN1 = frozenset("ÐðÞþ")
ARABIC_FINAL_ONLY = frozenset("ةى")  # letters that only end an Arabic word
RTL_MARKS = frozenset("\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff")


def clean_text(text: str) -> str:
    """Return `text` NFC-normalized with every line break as "\\n"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def looks_binary(data: bytes) -> bool:
    """Tell whether `data` looks like a binary file rather than text."""
    if bom_encoding(data) is not None:
        return False
    sample = data[:BINARY_SAMPLE]
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in TEXT_CONTROLS)
    return controls / len(sample) > BINARY_CONTROL_RATIO


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data` and return (clean text, encoding name); raise E101, E102 or E103.

    `declared` is an encoding the container names (an HTML meta charset); it is
    trusted after the byte-order mark and UTF-8, before guessing: pages saved
    as UTF-8 often keep the meta charset of the site they came from.
    """
    if looks_binary(data):
        raise CommuniqueError("E102", "control characters or NUL bytes")
    text, encoding = _decode(data, declared)
    text = clean_text(text).removeprefix("\ufeff")
    if not text.strip():
        raise CommuniqueError("E101")
    return text, encoding


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    bom = bom_encoding(data)
    if bom is not None:
        try:
            return data.decode(bom), bom
        except UnicodeDecodeError as exc:
            raise CommuniqueError("E103", f"invalid {bom}: {exc.reason}") from None
    if (utf8 := _mostly_utf8(data)) is not None:
        return utf8, "utf-8"
    if declared is not None and (found := _try_decode(data, declared)) is not None:
        return found
    return _guess(data)


def _mostly_utf8(data: bytes) -> str | None:
    """Return `data` as UTF-8 when it is valid, or nearly so (a few stray bytes replaced).

    A UTF-8 file with one bad byte is still UTF-8; legacy text is almost never
    valid UTF-8 beyond a few accidental sequences, so the proportion decides.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return text if bad * UTF8_ERROR_RATIO <= good else None


def bom_encoding(data: bytes) -> str | None:
    """Return the codec a byte-order mark at the start of `data` names, if there is one."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    return None


def _canonical(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _try_decode(data: bytes, encoding: str) -> tuple[str, str] | None:
    name = _canonical(encoding)
    if name is None:
        return None
    try:
        return data.decode(name), name
    except (UnicodeDecodeError, UnicodeError):
        return None


def _guess(data: bytes) -> tuple[str, str]:
    """Pick the least garbled decoding among charset-normalizer's candidates."""
    matches = charset_normalizer.from_bytes(data)
    if not matches:
        raise CommuniqueError("E103", "no known encoding fits")
    names: list[str] = []
    for match in matches:
        names.extend([match.encoding, *match.could_be_from_charset])
    names.extend(LEGACY_ENCODINGS)
    best: tuple[float, int, int, str, str] | None = None
    for rank, name in enumerate(dict.fromkeys(filter(None, map(_canonical, names)))):
        decoded = _try_decode(data, name)
        if decoded is None:
            continue
        key = (mojibake_score(decoded[0]), _prior(name), rank, *decoded)
        if best is None or key[:3] < best[:3]:
            best = key
    if best is None:  # pragma: no cover - charset-normalizer's own guess always decodes
        raise CommuniqueError("E103", "no known encoding fits")
    return best[3], best[4]


def _prior(name: str) -> int:
    """Rank the legacy encodings of the supported languages before exotic ones on a tie."""
    legacy = _legacy_names()
    return legacy.index(name) if name in legacy else len(legacy)


@lru_cache(maxsize=1)
def _legacy_names() -> tuple[str | None, ...]:
    return tuple(_canonical(name) for name in LEGACY_ENCODINGS)


def mojibake_score(text: str) -> float:
    """Return the share of non-ASCII characters in `text` that look like mojibake (0 = none)."""
    # Start where the non-ASCII text does: an ASCII header decodes alike in every codec.
    first = NON_ASCII.search(text)
    start = max(0, first.start() - 100) if first else 0
    sample = text[start : start + SCORE_SAMPLE]
    non_ascii = sum(1 for ch in sample if ord(ch) > 0x7F)
    if not non_ascii:
        return 0.0
    odd = sum(1 for ch in sample if ord(ch) > 0x7F and _odd_character(ch))
    odd += sum(_word_oddity(word) for word in _words(sample))
    return odd / non_ascii


@lru_cache(maxsize=65536)
def _odd_character(ch: str) -> bool:
    category = unicodedata.category(ch)
    if category[0] == "C":
        return ch not in RTL_MARKS
    if category[0] == "S" or category == "No":
        return ch not in COMMON_SYMBOLS
    if category[0] != "L":
        return False
    script = _script(ch)
    if script == "CJK":
        return _rare_han(ch)
    if script == "HALFWIDTH":
        return True  # half-width katakana: Shift-JIS read into Cyrillic bytes
    if script == "LATIN":
        return ch in RARE_LATIN1 or (ord(ch) > 0xFF and ch not in EXTRA_LATIN)
    if script == "CYRILLIC":
        return not ("\u0410" <= ch <= "\u044f" or ch in "Ёё")  # the Russian alphabet
    return False


@lru_cache(maxsize=65536)
def _rare_han(ch: str) -> bool:
    """Tell whether a Han character is outside the common sets of GB2312 and Big5.

    Level 1 of GB2312 (lead bytes B0-D7) and of Big5 (A4-C6) hold the characters
    everyday Chinese text uses; legacy text read with the wrong CJK codec is
    full of rare ones.
    """
    for codec, low, high in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            lead = ch.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        if low <= lead <= high:
            return False
    return True


def _words(text: str) -> Iterator[str]:
    """Yield runs of letters of alphabetic scripts (ideographs separate words)."""
    word: list[str] = []
    for ch in text:
        if ch.isalpha() and _script(ch) not in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL"):
            word.append(ch)
        elif word:
            yield "".join(word)
            word = []
    if word:
        yield "".join(word)


def _word_oddity(word: str) -> int:
    """Count mojibake signs in one word: mixed scripts, inner capitals, accent runs."""
    if word.isascii():
        return 0
    scripts = {_script(ch) for ch in word}
    odd = len(scripts) - 1
    odd += sum(1 for a, b in pairwise(word) if a.islower() and b.isupper())
    run = 0
    for ch in word:
        run = run + 1 if ord(ch) > 0x7F and _script(ch) == "LATIN" else 0
        odd += run >= 3
    odd += sum(1 for ch in word[:-1] if ch in ARABIC_FINAL_ONLY)
    if word.isupper() and len(word) > 6:
        odd += 1  # long all-capital words: the case-swapped decoding of cp1251 vs KOI8-R
    return odd


@lru_cache(maxsize=65536)
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


@dataclass(frozen=True)
class TextSource:
    """Plain text files (.txt) in any encoding."""

    name: str = "text"
    extensions: tuple[str, ...] = (".txt",)
    format: str = "text"

    def read(self, data: bytes, info: SourceInfo) -> Iterator[Document]:
        """Yield the one document of a text file."""
        text, encoding = decode_bytes(data)
        yield Document(raw=text, source=replace(info, format=self.format, encoding=encoding))


SOURCE = TextSource()
