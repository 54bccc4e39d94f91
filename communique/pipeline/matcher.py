"""Gazetteer matching: every knowledge-base alias found in a text, with offsets.

Aliases and text are compared through a *key view*: the folded text (lower
case, no accents, Arabic and Chinese variants unified, see normalize.py) with
hyphens and line breaks read as spaces and Russian words cut to their stems,
so "Организацией Объединённых Наций" meets the alias "Организация
Объединенных Наций". One Aho-Corasick automaton holds every alias key.

Rules applied to each raw hit, per script:
- Latin and Cyrillic: the hit must stand between word boundaries (an
  apostrophe counts, so l'ONU and d'INTERPOL match); an alias written with a
  capital needs a capital in the text; an acronym needs its exact letters
  (UN, not "un"); an acronym flagged ambiguous is ignored in all-capitals lines.
- Arabic: the word may carry the clitics و ف ب ك ل before the article, and
  ل + ال contracts to لل (للأمم); an alias with the article accepts all of these.
- Chinese: no word boundaries; the longest alias wins.
Overlapping hits are resolved longest first, so "United Nations Office on
Drugs and Crime" hides the "United Nations" inside it and a blocker (a treaty
or agenda name) hides the organization inside it.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import regex

from communique.pipeline.normalize import TextView, fold, fold_string, normalize
from communique.resources.kb import Alias, KnowledgeBase, load_kb

SEPARATORS = str.maketrans({"-": " ", "\n": " ", "\t": " ", "\r": " ", "/": " "})
CYRILLIC_WORD = regex.compile(r"[а-яё]+")
CYRILLIC_WORD_SET = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
RU_VOWELS = frozenset("аеёиоуыэюяйь")
# "le secrétaire général" and "el ministerio de ..." are as good as their capitalized forms.
CASELESS_KINDS = frozenset({"title", "blocker", "institution"})
RU_ENDINGS = sorted(
    [
        "ами",
        "ями",
        "ого",
        "его",
        "ому",
        "ему",
        "ыми",
        "ими",
        "иями",
        "иях",
        "ией",
        "ием",
        "ым",
        "им",
        "ий",
        "ый",
        "ой",
        "ая",
        "яя",
        "ое",
        "ее",
        "ые",
        "ие",
        "ых",
        "их",
        "ую",
        "юю",
        "ом",
        "ем",
        "ам",
        "ям",
        "ах",
        "ях",
        "ов",
        "ев",
        "ей",
        "ью",
        "ия",
        "ии",
        "ию",
        "ы",
        "и",
        "а",
        "я",
        "у",
        "ю",
        "е",
        "о",
        "ь",
        "й",
    ],
    key=len,
    reverse=True,
)
AR_ARTICLE = "ال"
AR_PREFIX_WITH_ARTICLE = regex.compile(r"^(?:[وف]?[بك]?ال|[وف]?لل)$")
# Transliterated acronyms take the article too: "الإيكواس", "وللأونروا".
AR_PREFIX_BARE = regex.compile(r"^(?:[وف]?[بك]?(?:ال)?|[وف]?ل|[وف]?لل)$")
LOCATIVE_BEFORE = regex.compile(
    r"(?:(?<!\w)(?:in|at|à|a|en|au|в|во|في|من|إلى|الى)\s+|[在于])$", regex.I
)
WORD_CHAR = regex.compile(r"[\p{L}\p{N}\p{M}]")
CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
ARABIC = regex.compile(r"\p{Arabic}")


# One character's class, asked per gazetteer hit: cached, since a regex call costs more.
@lru_cache(maxsize=8192)
def _word_char(char: str) -> bool:
    return WORD_CHAR.match(char) is not None


@lru_cache(maxsize=8192)
def _cjk(char: str) -> bool:
    return CJK.match(char) is not None


@lru_cache(maxsize=8192)
def _arabic(char: str) -> bool:
    return ARABIC.match(char) is not None


def stem_ru(word: str) -> str:
    """Cut a folded Russian word to its stem (a light suffix stripper; keeps >= 3 letters)."""
    if len(word) <= 3:
        return word
    for size in ENDING_SIZES:  # longest ending first
        if len(word) - size >= 3 and word[-size:] in ENDINGS_BY_SIZE[size]:
            return word[:-size]
    return word


ENDINGS_BY_SIZE = {n: frozenset(e for e in RU_ENDINGS if len(e) == n) for n in (4, 3, 2, 1)}
ENDING_SIZES = (4, 3, 2, 1)


@lru_cache(maxsize=65536)  # the store keys every mention of every document it writes
def alias_key(text: str) -> str:
    """Return the key under which an alias is indexed."""
    return alias_keys(text)[0]


def alias_keys(text: str) -> list[str]:
    """Return every key an alias is indexed under (Russian nominatives give two, see below).

    A consonant-final nominative ("Исполком") stems differently from its oblique
    forms ("Исполкома", "Исполкомом" -> "исполком"), so it is also indexed under
    the stem of its genitive. Capitalized acronyms (ООН, МООНСА) are never stemmed.
    """
    words = unicodedata.normalize("NFC", text).translate(SEPARATORS).split()
    folded_words = fold_string(" ".join(words)).split()
    if len(folded_words) != len(words):  # a word made only of diacritics vanished: fold one by one
        folded_words = [fold_string(w) for w in words]
    options: list[list[str]] = []
    for word, folded in zip(words, folded_words, strict=False):
        if (
            not folded
            or not CYRILLIC_WORD_SET.issuperset(folded)
            or (word.isupper() and len(word) > 1)
        ):
            options.append([folded])
            continue
        forms = [stem_ru(folded)]
        if folded[-1] not in RU_VOWELS and stem_ru(folded + "а") not in forms:
            forms.append(stem_ru(folded + "а"))
        if folded.endswith("й") and stem_ru(folded[:-1] + "я") not in forms:
            forms.append(stem_ru(folded[:-1] + "я"))  # Сергей: Сергея, Сергеем -> "серге"
        options.append(forms)
    keys = [" ".join(combo) for combo in itertools.islice(itertools.product(*options), 8)]
    return keys or [""]


def index_keys(text: str) -> list[str]:
    """Return the automaton keys of an alias: its keys, Arabic ones without the article."""
    out = []
    for key in alias_keys(text):
        if len(key) < 2 and not CJK.search(key):
            continue
        if ARABIC.match(key) and key.startswith(AR_ARTICLE) and len(key) > 4:
            key = key[len(AR_ARTICLE) :]
        if key not in out:
            out.append(key)
    return out


def build_index(texts: list[str]) -> list[tuple[str, list[int]]]:
    """Return (key, positions of the alias texts indexed under it), in first-seen key order."""
    index: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        for key in index_keys(text):
            index.setdefault(key, []).append(i)
    return list(index.items())


def key_view(text: str) -> TextView:
    """Return the key view of a document text, mapped back to the text's offsets."""
    folded = fold(text)
    view_text = folded.text.translate(SEPARATORS)
    if not CYRILLIC_WORD.search(view_text):
        return TextView(view_text, folded.source_length, folded.starts, folded.ends)
    kept: list[int] = []
    last = 0
    for m in CYRILLIC_WORD.finditer(view_text):
        src_start, src_end = folded.to_source(m.start(), m.end())
        original = text[src_start:src_end]
        stem = m.group() if original.isupper() and len(original) > 1 else stem_ru(m.group())
        kept.extend(range(last, m.start() + len(stem)))
        last = m.end()
    kept.extend(range(last, len(view_text)))
    return _subset_view(view_text, kept, folded)


def _subset_view(view_text: str, kept: list[int], base: TextView) -> TextView:
    starts = [base.starts[i] if base.starts else i for i in kept]
    ends = [base.ends[i] if base.ends else i + 1 for i in kept]
    return TextView(
        "".join(view_text[i] for i in kept), base.source_length, tuple(starts), tuple(ends)
    )


@dataclass(frozen=True)
class Hit:
    """An alias found in the text: offsets into the text and every alias sharing its key."""

    start: int
    end: int
    text: str
    aliases: tuple[Alias, ...]
    country: str | None = None  # a country adjective inside the hit ("ministro italiano de ...")


class Gazetteer:
    """All aliases of a knowledge base in one automaton."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        aliases = kb.aliases()
        by_key: dict[str, list[Alias]] = defaultdict(list)
        if kb.index is not None and kb.index_aliases == [a.text for a in aliases]:
            # keys computed at build time (scripts/kb_build.py): loading stays well under a second
            for key, positions in kb.index:
                by_key[key] = [aliases[i] for i in positions]
        else:
            for key, positions in build_index([a.text for a in aliases]):
                by_key[key] = [aliases[i] for i in positions]
        self.automaton = ahocorasick.Automaton()
        for key, aliases in by_key.items():
            self.automaton.add_word(key, (key, tuple(aliases)))
        self.automaton.make_automaton()

    def find(self, text: str) -> list[Hit]:
        """Return the accepted, non-overlapping alias hits in `text`, in text order."""
        candidates = self._scan(text, key_view(text))
        candidates += self._adjective_pass(text, candidates)
        return _longest_first(candidates)

    def _scan(self, text: str, view: TextView) -> list[Hit]:
        found = []
        vt = view.text
        for end, (key, aliases) in self.automaton.iter(vt):
            start = end - len(key) + 1
            if _inside_word(vt, start, end + 1, key):
                continue  # cheap rejection before mapping offsets: "un" inside "united"
            hit = _accept(text, view, start, end + 1, aliases)
            if hit is not None:
                found.append(hit)
        return found

    def _adjective_pass(self, text: str, hits: list[Hit]) -> list[Hit]:
        """Find titles and institutions with a country adjective inside them.

        Romance languages put the adjective after the noun ("el ministro italiano
        de Asuntos Exteriores", "le ministère français de l'Économie"): read the
        text once more without the adjectives, keep the titles and institutions
        that span one, and bind the adjective's country to them.
        """
        adjectives = [h for h in hits if any(a.kind == "adjective" for a in h.aliases)]
        if not adjectives:
            return []
        kept = _without_spans(
            len(text), [(_space_before(text, h.start), h.end) for h in adjectives]
        )
        stripped = "".join(text[i] for i in kept)
        view = key_view(stripped)
        out = []
        for hit in self._scan(stripped, view):
            aliases = tuple(a for a in hit.aliases if a.kind in ("title", "institution"))
            start, end = kept[hit.start], kept[hit.end - 1] + 1
            inside = [h for h in adjectives if start < h.start and h.end < end]
            if aliases and len(inside) == 1:
                country = next(a.entity for a in inside[0].aliases if a.kind == "adjective")
                out.append(Hit(start, end, text[start:end], aliases, country))
        return out


def _inside_word(view: str, start: int, end: int, key: str) -> bool:
    """Tell whether a key in a spaced script is glued to letters on either side in the view."""
    first, last = key[0], key[-1]
    if _cjk(first) or _arabic(first):
        return False
    if start > 0 and _word_char(view[start - 1]):
        return True
    return not _cjk(last) and end < len(view) and _word_char(view[end])


def _accept(
    text: str, view: TextView, start: int, end: int, aliases: tuple[Alias, ...]
) -> Hit | None:
    src_start, src_end = view.to_source(start, end)
    src_end = (
        _extend_word(text, src_end)
        if not CYRILLIC_WORD_SET.isdisjoint(view.text[start:end])
        else src_end
    )
    ok = tuple(a for a in aliases if _valid(text, view, start, end, src_start, src_end, a))
    if not ok:
        return None
    if any(_arabic(a.text[:1]) for a in ok):
        src_start = _word_start(text, src_start)
    return Hit(src_start, src_end, text[src_start:src_end], ok)


def _valid(
    text: str, view: TextView, start: int, end: int, src_start: int, src_end: int, alias: Alias
) -> bool:
    first, last = alias.text[0], alias.text[-1]
    if _arabic(first):
        return _arabic_ok(text, src_start, src_end, alias)
    if not _cjk(first) and start > 0 and _word_char(view.text[start - 1]):
        return False
    if not _cjk(last) and end < len(view.text) and _word_char(view.text[end]):
        return False
    return _case_ok(text[src_start:src_end], alias, text, src_start)


def _after_locative(text: str, pos: int) -> bool:
    """Tell whether a locative word ("in", "à", "в", "في", "在") stands right before `pos`."""
    return bool(LOCATIVE_BEFORE.search(text[max(0, pos - 6) : pos]))


def _arabic_ok(text: str, src_start: int, src_end: int, alias: Alias) -> bool:
    if src_end < len(text) and _word_char(text[src_end]):
        return False
    if alias.ambiguous and alias.entity.startswith(("place:", "country:")):
        prefix = text[_word_start(text, src_start) : src_start]
        if not (prefix.startswith("ب") or _after_locative(text, _word_start(text, src_start))):
            return False
    prefix = normalize(text[_word_start(text, src_start) : src_start]).text
    if normalize(alias.text).text.startswith(AR_ARTICLE):
        return bool(AR_PREFIX_WITH_ARTICLE.match(prefix))
    return bool(AR_PREFIX_BARE.match(prefix))


def _case_ok(found: str, alias: Alias, text: str, src_start: int) -> bool:
    if alias.kind == "acronym" or (len(alias.text) > 1 and alias.text.isupper()):
        if alias.ambiguous and (_all_caps_line(text, src_start) or _numbered(text, src_start)):
            return False
        return normalize(found).text.replace("\n", " ") == normalize(alias.text).text
    if alias.text[0].isupper() and found[:1].islower() and not _caseless(alias):
        return False
    if alias.ambiguous and alias.entity.startswith(("place:", "country:")):
        return _after_locative(text, src_start)
    return not (alias.ambiguous and _all_caps_line(text, src_start))


def _caseless(alias: Alias) -> bool:
    """Tell whether case may differ: titles, blockers, and institutions of several words."""
    if alias.kind == "institution":
        return " " in alias.text.strip()
    return alias.kind in CASELESS_KINDS


def _numbered(text: str, start: int) -> bool:
    """Tell whether an acronym is followed by a number: "ISO 9001" is a standard, not the body."""
    end = text.find(" ", start)
    return end >= 0 and bool(regex.match(r" \d", text[end : end + 2]))


def _all_caps_line(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    line_end = text.find("\n", pos)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if line != line.upper():  # a lower-case letter: the common case, decided in C
        return False
    letters = [c for c in line if c.isalpha() and c.lower() != c.upper()]
    return len(letters) > 8 and all(c.isupper() for c in letters)


def _word_start(text: str, pos: int) -> int:
    while pos > 0 and _word_char(text[pos - 1]):
        pos -= 1
    return pos


def _extend_word(text: str, pos: int) -> int:
    while pos < len(text) and _word_char(text[pos]):
        pos += 1
    return pos


def _longest_first(hits: list[Hit]) -> list[Hit]:
    """Keep non-overlapping hits, longest first; titles only where no name stands.

    "Председатель Исполнительного комитета СНГ" is a chairman of the CIS
    Executive Committee, not the holder of a longer title over a bare "СНГ".
    """
    if not hits:
        return []
    taken: list[Hit] = []
    occupied = bytearray(max(h.end for h in hits))
    order = sorted(hits, key=lambda h: (_rank(h), -(h.end - h.start), h.start))
    for hit in order:
        if any(occupied[hit.start : hit.end]):
            continue
        occupied[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
        taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


def _space_before(text: str, pos: int) -> int:
    return pos - 1 if pos > 0 and text[pos - 1] == " " else pos


def _without_spans(length: int, spans: list[tuple[int, int]]) -> list[int]:
    """Return the positions of a text of `length` characters outside `spans`."""
    keep = bytearray(b"\x01" * length)
    for start, end in spans:
        keep[start:end] = bytes(end - start)
    return list(itertools.compress(range(length), keep))


def _rank(hit: Hit) -> int:
    """Order of precedence in overlaps: names, then titles, then institution types.

    A title yields to an organization's name inside it ("Председатель | Исполнительного
    комитета СНГ") but wins over an institution type inside it ("外交部长" is a foreign
    minister, not the ministry). A title holding a country adjective competes as a name.
    """
    if all(a.kind == "institution" for a in hit.aliases):
        return 2
    if hit.country is not None:
        return 0
    # Titles and people compete by length ("للأمين العام" is a title, not a surname "الأمين").
    if all(a.kind == "title" or a.entity.startswith("person:") for a in hit.aliases):
        return 1
    return 0


@lru_cache(maxsize=4)
def gazetteer(extensions: tuple[str, ...] = ()) -> Gazetteer:
    """Return the gazetteer of the knowledge base (with extensions), built once per process."""
    return Gazetteer(load_kb(extensions))
