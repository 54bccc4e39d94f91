"""Event lexicons per language (data/events/<lang>.yaml), compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from communique.pipeline.normalize import fold_string
from communique.pipeline.prefilter import Screen
from communique.resources import exists, load

FLAGS = ("future", "historical", "hypothetical", "negated")


@dataclass(frozen=True)
class Trigger:
    type: str
    pattern: regex.Pattern[str]
    source: str
    mode: str | None = None
    commit: bool = False
    nominal: bool = False
    entry: int = 0  # position in data/events/<lang>.yaml, for explanations

    def describe(self, lang: str) -> str:
        """Return a short reference to the lexicon entry, for --explain."""
        pattern = self.source if len(self.source) <= 50 else self.source[:47] + "..."
        return f"data/events/{lang}.yaml trigger #{self.entry + 1} ({self.type}: {pattern})"


@dataclass
class Lexicon:
    lang: str
    triggers: list[Trigger] = field(default_factory=list)
    instruments: list[tuple[str, regex.Pattern[str]]] = field(default_factory=list)
    modes: dict[str, regex.Pattern[str]] = field(default_factory=dict)
    venue: regex.Pattern[str] | None = None
    locative: regex.Pattern[str] | None = None
    between: regex.Pattern[str] | None = None
    seat: regex.Pattern[str] | None = None
    with_words: regex.Pattern[str] | None = None
    agenda: regex.Pattern[str] | None = None
    topic: regex.Pattern[str] | None = None
    forum: regex.Pattern[str] | None = None
    scope: regex.Pattern[str] | None = None
    flags: dict[str, regex.Pattern[str]] = field(default_factory=dict)
    pair: regex.Pattern[str] | None = None
    meetings: regex.Pattern[str] | None = None
    contexts: dict[str, regex.Pattern[str]] = field(default_factory=dict)
    # which triggers and contexts may match a document, read in one pass (prefilter.py)
    trigger_screen: Screen = field(default_factory=lambda: Screen([]))
    context_screen: Screen = field(default_factory=lambda: Screen([]))


SEPARATOR = (
    r"[\s'\-]+"  # a space in a pattern: "d une" meets "d'une", "co operation" "co-operation"
)


def fold_pattern(pattern: str) -> str:
    """Fold the literal characters of a regex the way texts are folded, keeping escapes.

    A literal space outside a character class matches any run of spaces,
    apostrophes and hyphens, so lexicon writers need not spell out elisions.
    """
    out = []
    in_class = False
    for token in regex.findall(r"\\.|.", pattern, flags=regex.S):
        if token.startswith("\\"):
            out.append(token)
        elif token == "[":
            in_class = True
            out.append(token)
        elif token == "]":
            in_class = False
            out.append(token)
        elif token == " " and not in_class:
            out.append(SEPARATOR)
        else:
            out.append(fold_string(token))
    return "".join(out)


def compile_any(patterns: list[str], lang: str) -> Any:
    """Compile alternatives into one pattern with the language's word boundaries.

    The standard `re` engine runs these patterns several times faster than
    `regex`; patterns that need `regex` (variable-width lookbehind) fall back to it.
    """
    if not patterns:
        return None
    # Longest first, so "at the" wins over "at" where both fit.
    ordered = sorted((fold_pattern(p) for p in patterns), key=len, reverse=True)
    source = _bounded("|".join(f"(?:{p})" for p in ordered), lang)
    try:
        return re.compile(source)
    except re.error:
        return regex.compile(source)


def _bounded(body: str, lang: str) -> str:
    if lang == "zh":
        return f"(?:{body})"
    if lang == "ar":
        return rf"(?<!\w)[وف]?(?:{body})(?!\w)"
    return rf"(?<!\w)(?:{body})(?!\w)"


@lru_cache(maxsize=16)
def lexicon(lang: str) -> Lexicon:
    """Return the compiled event lexicon of `lang` (an empty one when none exists)."""
    if not exists(f"events/{lang}"):
        return Lexicon(lang)
    return _compile(lang, load(f"events/{lang}"))


def _compile(lang: str, data: dict[str, Any]) -> Lexicon:
    lex = Lexicon(lang)
    for entry, t in enumerate(data.get("triggers", [])):
        pattern = compile_any([t["pattern"]], lang)
        assert pattern is not None
        lex.triggers.append(
            Trigger(
                t["type"],
                pattern,
                t["pattern"],
                t.get("mode"),
                bool(t.get("commit")),
                bool(t.get("nominal")),
                entry,
            )
        )
    for item in data.get("instruments", []):
        compiled = compile_any([item["pattern"]], lang)
        if compiled is not None:
            lex.instruments.append((item["instrument"], compiled))
    lex.modes = _compiled_map(data.get("modes", {}), lang)
    lex.flags = _compiled_map(data.get("flags", {}), lang)
    lex.contexts = _compiled_map(data.get("contexts", {}), lang)
    lex.venue = compile_any(data.get("venue", []), lang)
    lex.locative = compile_any(data.get("locative", []), lang)
    lex.between = compile_any(data.get("between", []), lang)
    lex.seat = compile_any(data.get("seat", []), lang)
    lex.with_words = compile_any(data.get("with", []), lang)
    lex.agenda = compile_any(data.get("agenda", []), lang)
    lex.topic = compile_any(data.get("topic", []), lang)
    lex.forum = compile_any(data.get("forum", []), lang)
    lex.scope = compile_any(data.get("scope", []), lang)
    lex.pair = compile_any(data.get("pair", []), lang)
    lex.meetings = compile_any(data.get("meetings", []), lang)
    lex.trigger_screen = Screen([t.pattern for t in lex.triggers])
    lex.context_screen = Screen(list(lex.contexts.values()))
    return lex


def _compiled_map(mapping: dict[str, list[str]], lang: str) -> dict[str, regex.Pattern[str]]:
    out = {}
    for key, patterns in mapping.items():
        compiled = compile_any(patterns, lang)
        if compiled is not None:
            out[key] = compiled
    return out
