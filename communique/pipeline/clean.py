r"""Cleaning: take out the site chrome that survived text extraction, saying what went.

Only whole lines (or, for artefacts glued to body text, parts of lines) that a
pattern recognizes are removed, then the document's leading and trailing
whitespace; no other character changes, because every later offset and every
piece of evidence refers to the cleaned text verbatim. Each removal is a
`Removal` whose ``start``/``end`` index ``doc.raw`` (``raw[start:end] == text``);
a removed whole line takes its newline with it.

Adding patterns
---------------
Patterns are data: ``data/cleaning/<lang>.yaml`` per language and
``data/cleaning/common.yaml`` for language-neutral ones, each a YAML list, built
into resources by ``scripts/build_resources.py``. Every file is used for every
document: cleaning runs before language identification. Entry kinds:

- ``{reason: related_link, pattern: '^\s*(?:lire aussi|à lire aussi)\s*:.*$', flags: i}``:
  a regex (module ``regex``) that must match a whole line, newline excluded.
  ``flags: i`` ignores case. A line longer than ``max_length`` (default
  `LINE_CAP`, 120 characters once stripped) is never chrome.
- ``block: true`` on such an entry: the line is a bare heading ("Related news",
  "Читайте также") and the headline-like lines below it (short, not ending a
  sentence, blank lines between them allowed) go with it, as one removal.
  Block headings are tried before every other line pattern.
- ``scope: part``: the regex is searched inside lines and only the match goes
  (Cloudflare's "[email protected]" in front of a sentence).
- ``{reason: share, tokens: [...]}``: a line made only of these tokens and
  separators ("Share: Facebook | Twitter | Email", "【打印】【关闭】") is chrome.
  Tokens are regex fragments, matched ignoring case, pooled per reason over all
  files, so French "Partager" and the common "Facebook" combine on one line.
  The line is read taking the longest token at each step, and a token in a
  spaced script ends at a word boundary ("Print" does not match "Printed").

A pattern must never match a sentence a press release could contain: anchor it
to the whole line, avoid named groups and numbered backreferences (patterns are
joined into one alternation), and add rows to tests/test_clean.py: the chrome it
removes and a body sentence with the same words that it keeps. The reason must
be one of `REASONS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any

import regex

from communique import resources
from communique.documents import Document, Removal
from communique.errors import CommuniqueError
from communique.pipeline import Stage

REASONS = frozenset(
    {
        "language_fallback_notice",
        "related_link",
        "share",
        "photo_credit",
        "skip_link",
        "email_artifact",
        "navigation",
    }
)
LINE_CAP = 120  # a chrome line is short; longer lines are body text whatever they say
MENU_LABEL_MAX = 40  # a menu label is a few words
MENU_SCAN_LINES = 80  # a site menu sits at the top of the page
MENU_MIN_LINES = 6
MENU_MIN_REPEATS = 2  # labels shown twice (heading + link, or label glued to its teaser)
BLOCK_MAX_ITEMS = 15  # headline lines a "Related" heading may take with it
SENTENCE_ENDS = (".", "!", "。", "！")
# A token ends between words in scripts that space words ("Print" is not the start of
# "Printed"); Han tokens may touch ("分享到微信").
TOKEN_END = r"(?!(?<=[^\W\p{Han}_])[^\W\p{Han}_])"
TOKEN_SEPARATORS = regex.compile(r"[\s|/\\•·,，、:：;；\-–—\[\]【】()（）<>«»]+")
FLAG_VALUES = {"i": regex.IGNORECASE}


@dataclass(frozen=True)
class LineRule:
    """What a matched line is: its removal reason, and whether it heads a block."""

    reason: str
    block: bool = False


@dataclass(frozen=True)
class LinePatterns:
    """Line rules joined into one regex; group ``r<i>`` is ``rules[i]``."""

    max_length: int
    pattern: regex.Pattern[str]
    rules: tuple[LineRule, ...]

    def match(self, line: str) -> LineRule | None:
        """Return the rule matching the whole of `line`, or None."""
        found = self.pattern.fullmatch(line)
        return None if found is None else self.rule_of(found)

    def rule_of(self, found: regex.Match[str]) -> LineRule:
        """Return the rule whose group took part in the match `found`."""
        index = next(int(k[1:]) for k, v in found.groupdict().items() if v is not None)
        return self.rules[index]


@dataclass(frozen=True)
class TokenLine:
    """Lines made only of one reason's tokens and separators.

    Tokens overlap ("accept", "accept all cookies", "cookies"), and a repeated
    alternation of them can backtrack exponentially on a line that almost
    matches. So the line is read left to right taking the longest token at each
    step (POSIX leftmost-longest matching): linear, and right for every real
    chrome line, at the price of missing a line whose parse needs a shorter token.
    """

    reason: str
    longest_token: regex.Pattern[str]

    def match(self, line: str) -> bool:
        """Tell whether `line` is one or more tokens with separators around them."""
        position = _skip_separators(line, 0)
        if position == len(line):
            return False
        while position < len(line):
            found = self.longest_token.match(line, position)
            if found is None or found.end() == position:
                return False
            position = _skip_separators(line, found.end())
        return True


@dataclass(frozen=True)
class Rules:
    """Every cleaning pattern, compiled: line patterns by length cap, token lines, parts."""

    lines: tuple[LinePatterns, ...]
    token_lines: tuple[TokenLine, ...]
    parts: LinePatterns | None

    def match_line(self, line: str) -> LineRule | None:
        """Return the rule a whole line matches, or None when it is not chrome."""
        length = len(line.strip())
        if length == 0:
            return None
        for group in self.lines:
            if length <= group.max_length and (rule := group.match(line)) is not None:
                return rule
        if length <= LINE_CAP:
            for token_line in self.token_lines:
                if token_line.match(line):
                    return LineRule(token_line.reason)
        return None


class CleanStage(Stage):
    """Remove site chrome from ``doc.raw`` into ``doc.text``, listing it in ``doc.removed``."""

    name = "clean"
    requires = ("raw",)
    assigns = ("text", "removed")

    def __call__(self, doc: Document) -> Document:
        doc.text, doc.removed = clean_text(doc.raw)
        return doc


def clean_text(raw: str) -> tuple[str, list[Removal]]:
    """Return the cleaned text of `raw` and the removals (offsets into `raw`)."""
    removals = find_removals(raw)
    pieces: list[str] = []
    position = 0
    for removal in removals:
        pieces.append(raw[position : removal.start])
        position = removal.end
    pieces.append(raw[position:])
    return "".join(pieces).strip(), removals


def find_removals(raw: str) -> list[Removal]:
    """Return the chrome found in `raw`, in text order, never overlapping."""
    rules = compiled_rules()
    lines = list(_lines(raw))
    removals: list[Removal] = []
    i = 0
    menu_end = _menu_end(raw, lines)
    if menu_end is not None:
        end = lines[menu_end][2]
        removals.append(Removal(0, end, "navigation", raw[:end]))
        i = menu_end + 1
    while i < len(lines):
        start, stop, _ = lines[i]
        rule = rules.match_line(raw[start:stop])
        if rule is None:
            removals.extend(_part_removals(rules, raw, start, stop))
            i += 1
            continue
        last = _block_last_line(rules, raw, lines, i) if rule.block else i
        end = lines[last][2]
        removals.append(Removal(start, end, rule.reason, raw[start:end]))
        i = last + 1
    return removals


def _menu_end(raw: str, lines: list[tuple[int, int, int]]) -> int | None:
    """Return the last line of a site menu at the top of the page, if there is one.

    A menu is a run of short labels, bullet items and blank lines from the top,
    in which labels repeat: a section heading followed by the same link, or a
    label glued to its teaser ("Qui sommes nousL'Organisation ..."). Repetition
    is what tells a menu from a short title and date line.
    """
    last = None
    menu_lines = repeats = 0
    previous = ""
    for i, (start, stop, _) in enumerate(lines[:MENU_SCAN_LINES]):
        line = raw[start:stop].strip()
        if not line:
            continue
        repeated = bool(previous) and (line == previous or _glued_teaser(line, previous))
        if not (repeated or _menu_label(line)):
            break
        repeats += repeated
        menu_lines += 1
        last = i
        previous = line
    if last is None or menu_lines < MENU_MIN_LINES or repeats < MENU_MIN_REPEATS:
        return None
    return last


def _menu_label(line: str) -> bool:
    text = line.lstrip("-•*· ").strip()
    limit = MENU_LABEL_MAX * 2 if line[:1] in "-•*·" else MENU_LABEL_MAX
    return len(text) <= limit and not text.endswith(SENTENCE_ENDS)


def _glued_teaser(line: str, label: str) -> bool:
    rest = line[len(label) :]
    return len(label) >= 4 and line.startswith(label) and rest[:1].isupper()


def _lines(raw: str) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end of content, end with newline) for each line of `raw`."""
    start = 0
    while start < len(raw):
        newline = raw.find("\n", start)
        stop = len(raw) if newline < 0 else newline
        end = len(raw) if newline < 0 else newline + 1
        if stop > start and raw[stop - 1] == "\r":
            stop -= 1
        yield start, stop, end
        start = end


def _part_removals(rules: Rules, raw: str, start: int, stop: int) -> list[Removal]:
    if rules.parts is None:
        return []
    found = []
    for match in rules.parts.pattern.finditer(raw, start, stop):
        if match.end() > match.start():
            reason = rules.parts.rule_of(match).reason
            found.append(Removal(match.start(), match.end(), reason, match.group()))
    return found


def _block_last_line(rules: Rules, raw: str, lines: list[tuple[int, int, int]], head: int) -> int:
    """Return the index of the last headline-like line of the block under `head`."""
    last = head
    items = 0
    for j in range(head + 1, len(lines)):
        line = raw[lines[j][0] : lines[j][1]]
        if not line.strip():
            continue
        if items >= BLOCK_MAX_ITEMS or not _headline_like(line):
            break
        if rules.match_line(line) is not None:  # other chrome: let the main loop name it
            break
        last = j
        items += 1
    return last


def _headline_like(line: str) -> bool:
    """Tell whether a line reads as a linked headline rather than a body sentence."""
    text = line.strip()
    if len(text) > LINE_CAP:
        return False
    return not text.endswith(SENTENCE_ENDS) or text.endswith(("...", "…"))


@lru_cache(maxsize=1)
def compiled_rules() -> Rules:
    """Load every cleaning resource and compile its patterns (cached per process)."""
    entries = [entry for name in _resource_names() for entry in resources.load(name)]
    for entry in entries:
        _check_entry(entry)
    line_entries = [e for e in entries if "pattern" in e and e.get("scope", "line") == "line"]
    part_entries = [e for e in entries if "pattern" in e and e.get("scope") == "part"]
    line_entries.sort(key=lambda e: not e.get("block", False))  # stable: blocks first
    return Rules(
        lines=_line_groups(line_entries),
        token_lines=_token_lines(entries),
        parts=_join(LINE_CAP, part_entries) if part_entries else None,
    )


def _resource_names() -> list[str]:
    """Return the cleaning resources, common first, then languages in name order."""
    folder = importlib_resources.files("communique.resources").joinpath("cleaning")
    if not folder.is_dir():
        raise CommuniqueError("E204", "cleaning")
    names = sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))
    names.sort(key=lambda n: n != "common")
    return [f"cleaning/{n}" for n in names]


def _check_entry(entry: dict[str, Any]) -> None:
    if entry.get("reason") not in REASONS:
        raise ValueError(f"cleaning pattern with unknown reason: {entry!r}")
    if ("pattern" in entry) == ("tokens" in entry):
        raise ValueError(f"cleaning entry needs exactly one of pattern, tokens: {entry!r}")
    if set(entry.get("flags", "")) - set(FLAG_VALUES):
        raise ValueError(f"cleaning pattern with unknown flags: {entry!r}")


def _token_lines(entries: list[dict[str, Any]]) -> tuple[TokenLine, ...]:
    """Pool the token lists of each reason into one `TokenLine`."""
    pooled: dict[str, set[str]] = {}
    for entry in entries:
        if "tokens" in entry:
            pooled.setdefault(entry["reason"], set()).update(entry["tokens"])
    out = []
    for reason, tokens in sorted(pooled.items()):
        alternation = "|".join(f"(?:{token})" for token in sorted(tokens))
        pattern = regex.compile(f"(?p)(?:{alternation}){TOKEN_END}", regex.IGNORECASE)
        out.append(TokenLine(reason, pattern))
    return tuple(out)


def _skip_separators(line: str, position: int) -> int:
    found = TOKEN_SEPARATORS.match(line, position)
    return found.end() if found is not None else position


def _line_groups(line_entries: list[dict[str, Any]]) -> tuple[LinePatterns, ...]:
    by_cap: dict[int, list[dict[str, Any]]] = {}
    for entry in line_entries:
        by_cap.setdefault(int(entry.get("max_length", LINE_CAP)), []).append(entry)
    return tuple(_join(cap, by_cap[cap]) for cap in sorted(by_cap))


def _join(max_length: int, entries: list[dict[str, Any]]) -> LinePatterns:
    """Compile entries into one alternation whose group ``r<i>`` is entry ``i``."""
    parts = []
    for i, entry in enumerate(entries):
        flags = "".join(sorted(entry.get("flags", "")))
        body = f"(?{flags}:{entry['pattern']})" if flags else f"(?:{entry['pattern']})"
        parts.append(f"(?P<r{i}>{body})")
    rules = tuple(LineRule(e["reason"], bool(e.get("block", False))) for e in entries)
    return LinePatterns(max_length, regex.compile("|".join(parts)), rules)
