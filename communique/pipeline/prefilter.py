"""Skip regex scans that cannot match: every match of a lexicon pattern contains a known word.

Lexicon patterns (data/events/<lang>.yaml) scan whole documents, and most of
them find nothing in a given document, yet a scan costs the same whether it
matches or not. Most patterns are alternations of words, so every match must
contain one of a few literal strings ("parliament", "legislati", "会见").
`Screen` reads those strings out of the compiled patterns and finds them all
in one Aho-Corasick pass; a pattern none of whose strings occur is not run.
A pattern whose strings cannot be read (a bare class, a leading wildcard) is
always run, so the screen never changes what is found, only how fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

# Strings shorter than this occur in almost every document and would only slow the screen.
MIN_LITERAL = 2
CLASS_MAX = 8  # a class of at most this many letters ([بلك]) still yields literals
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))

Literals = frozenset[str]


def required_literals(pattern: Any) -> Literals | None:
    """Return strings one of which every match of `pattern` contains, or None if unknown.

    Only patterns of the standard `re` engine without case folding are read;
    anything else (a `regex` pattern, IGNORECASE) gives None.
    """
    if not isinstance(pattern, re.Pattern) or pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled already
        return None
    found = _of_sequence(list(parsed))
    if found is None or min(map(len, found)) < MIN_LITERAL:
        return None
    return found


def _of_sequence(items: list[tuple[Any, Any]]) -> Literals | None:
    """Return the most selective literal set among the parts every match passes through."""
    options: list[Literals] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        found = _of_item(op, av)
        if found is not None:
            options.append(found)
    if run:
        options.append(frozenset(["".join(run)]))
    if not options:
        return None
    return max(options, key=lambda s: (min(map(len, s)), -len(s)))


def _of_item(op: Any, av: Any) -> Literals | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & re.IGNORECASE else _of_sequence(list(body))
    if op is sre.BRANCH:
        return _union(_of_sequence(list(branch)) for branch in av[1])
    if op in REPEATS:
        low, _high, body = av
        return _of_sequence(list(body)) if low >= 1 else None
    if op is sre.IN:
        return _of_class(av)
    return None  # zero-width assertions, wildcards, classes of categories


def _union(sets: Iterable[Literals | None]) -> Literals | None:
    out: set[str] = set()
    for found in sets:
        if found is None:
            return None
        out |= found
    return frozenset(out)


def _of_class(items: list[tuple[Any, Any]]) -> Literals | None:
    if len(items) > CLASS_MAX or any(op is not sre.LITERAL for op, _ in items):
        return None
    return frozenset(chr(av) for _, av in items)


class Screen:
    """Tell which of several patterns could match a text, in one pass over it."""

    def __init__(self, patterns: Sequence[Any]) -> None:
        self.size = len(patterns)
        self.always: set[int] = set()
        owners: dict[str, list[int]] = {}
        for index, pattern in enumerate(patterns):
            literals = required_literals(pattern)
            if literals is None:
                self.always.add(index)
                continue
            for literal in literals:
                owners.setdefault(literal, []).append(index)
        self.automaton = ahocorasick.Automaton()
        for literal, indexes in owners.items():
            self.automaton.add_word(literal, tuple(indexes))
        if owners:
            self.automaton.make_automaton()

    def candidates(self, text: str) -> set[int]:
        """Return the indexes of the patterns that may match `text`."""
        possible = set(self.always)
        if len(possible) == self.size:
            return possible
        for _end, indexes in self.automaton.iter(text):
            possible.update(indexes)
        return possible
