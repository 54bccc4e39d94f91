"""Document text cut into pieces for highlighting: mentions, evidence, search matches.

Document text is untrusted. Highlighting never builds HTML from it: the text
is split here into plain pieces, each with what covers it, and the template
escapes every piece as it writes it (autoescape on, never `|safe`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

EXCERPT_REACH = 280  # characters of the document shown on each side of an evidence sentence


@dataclass(frozen=True)
class Piece:
    """A run of text and what covers it: an event's evidence, an entity's mention, a match."""

    text: str
    event: str | None = None  # the (merged) event whose evidence this is
    entity: str | None = None  # the entity this mentions
    kind: str | None = None  # the entity's type: organization, person, place, country
    anchor: str | None = None  # an element id, set on the first piece of an evidence span
    match: bool = False  # a search match, or the sentence an excerpt is about


def pieces(
    text: str,
    mentions: Sequence[dict[str, Any]] = (),
    evidence: Sequence[dict[str, Any]] = (),
    offset: int = 0,
) -> list[Piece]:
    """Split `text` (which starts at `offset` in its document) at every span boundary."""
    end = offset + len(text)
    spans = [s for s in (*mentions, *evidence) if s["start"] < end and s["end"] > offset]
    cuts = sorted(
        {offset, end} | {min(max(s[k], offset), end) for s in spans for k in ("start", "end")}
    )
    anchors = _anchors(evidence)
    found: list[Piece] = []
    for start, stop in pairwise(cuts):
        if start == stop:
            continue
        mention = _covering(mentions, start, stop)
        proof = _covering(evidence, start, stop)
        found.append(
            Piece(
                text[start - offset : stop - offset],
                event=proof.get("event") if proof else None,
                entity=mention.get("entity") if mention else None,
                kind=mention.get("type") if mention else None,
                anchor=anchors.pop(start, None) if proof else None,
            )
        )
    return _merged(found)


def _covering(spans: Sequence[dict[str, Any]], start: int, stop: int) -> dict[str, Any] | None:
    """Return the shortest span that covers [start, stop)."""
    best = None
    for span in spans:
        covers = span["start"] <= start and span["end"] >= stop
        if covers and (best is None or span["end"] - span["start"] < best["end"] - best["start"]):
            best = span
    return best


def _anchors(evidence: Sequence[dict[str, Any]]) -> dict[int, str]:
    """Return the element id of each evidence span by its start (links jump to it)."""
    found: dict[int, str] = {}
    for span in evidence:
        found.setdefault(span["start"], f"at-{span['start']}")
    return found


def _merged(found: list[Piece]) -> list[Piece]:
    """Join neighbours that carry the same marks (fewer elements, same text)."""
    merged: list[Piece] = []
    for piece in found:
        last = merged[-1] if merged else None
        if last and piece.anchor is None and _same_marks(last, piece):
            merged[-1] = replace(last, text=last.text + piece.text)
        else:
            merged.append(piece)
    return merged


def _same_marks(a: Piece, b: Piece) -> bool:
    return (a.event, a.entity, a.kind, a.match) == (b.event, b.entity, b.kind, b.match)


def excerpt(
    text: str, start: int, end: int, mentions: Sequence[dict[str, Any]] = ()
) -> dict[str, Any]:
    """Return the paragraph around [start, end) of `text`, that sentence marked as the match."""
    begin = _paragraph_start(text, start)
    stop = _paragraph_end(text, end)
    sentence = {"start": start, "end": end, "event": "here"}
    cut = pieces(text[begin:stop], mentions, [sentence], offset=begin)
    cut = [replace(p, match=p.event == "here", event=None, anchor=None) for p in cut]
    return {"before": begin > 0, "after": stop < len(text), "pieces": cut}


def _paragraph_start(text: str, start: int) -> int:
    floor = max(0, start - EXCERPT_REACH)
    found = text.rfind("\n", floor, start)
    if found >= 0:
        return found + 1
    if floor == 0:
        return 0
    space = text.find(" ", floor, start)
    return space + 1 if space >= 0 else floor


def _paragraph_end(text: str, end: int) -> int:
    ceiling = min(len(text), end + EXCERPT_REACH)
    found = text.find("\n", end, ceiling)
    if found >= 0:
        return found
    if ceiling == len(text):
        return ceiling
    space = text.rfind(" ", end, ceiling)
    return space if space >= 0 else ceiling


def snippet_pieces(snippet: dict[str, Any]) -> list[Piece]:
    """Return a search snippet ({"text", "highlight": [start, end] | None}) as pieces."""
    body = str(snippet.get("text") or "")
    mark = snippet.get("highlight")
    if not mark:
        return [Piece(body)]
    start, end = max(0, mark[0]), min(len(body), mark[1])
    found = [Piece(body[:start]), Piece(body[start:end], match=True), Piece(body[end:])]
    return [p for p in found if p.text]
