"""JSON lines: one document per line, with `text` or `html` and optional metadata.

A bad line becomes a document with an error (E106 malformed, E107 no text,
E108 HTML without main text) and the lines after it are still read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from communique.documents import Document, SourceInfo
from communique.errors import CommuniqueError
from communique.sources.html import extract_html, published_hints
from communique.sources.text import clean_text, decode_bytes

ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")


def iso_date(value: Any) -> str | None:
    """Return the YYYY-MM-DD day of an ISO date or date-time string, or None."""
    if not isinstance(value, str):
        return None
    found = ISO_DATE.match(value)
    if found is None:
        return None
    try:
        return date(*map(int, found.groups())).isoformat()
    except ValueError:
        return None


def _string(value: Any) -> str | None:
    """Return a metadata value as a stripped string (numbers too), None when empty."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        text = str(value).strip()
        return text or None
    return None


def _line_source(info: SourceInfo, record: dict[str, Any]) -> SourceInfo:
    return replace(info, url=_string(record.get("url")) or info.url)


def _error(code: str, detail: str, source: SourceInfo, external_id: str | None = None) -> Document:
    error = CommuniqueError(code, detail).as_record()
    return Document(raw="", source=source, error=error, external_id=external_id)


def document_from_record(record: dict[str, Any], source: SourceInfo) -> Document:
    """Turn one parsed JSON line into a document; raise E107/E108 when it has no text."""
    text = record.get("text")
    title = _string(record.get("title"))
    hints: dict[str, Any] = {}
    if isinstance(text, str) and text.strip():
        raw = clean_text(text)
    elif isinstance(record.get("html"), str) and record["html"].strip():
        page = extract_html(record["html"], url=source.url)
        raw, title = page.text, title or page.title
        hints.update(published_hints(page.published, "metadata"))
        source = replace(source, url=source.url or page.url)
    else:
        raise CommuniqueError("E107", "no 'text' or 'html' field")
    doc = Document(raw=raw, source=source, title=title, external_id=_string(record.get("id")))
    doc.hints = hints
    _add_metadata(doc, record)
    return doc


def _add_metadata(doc: Document, record: dict[str, Any]) -> None:
    """Copy the line's `published` and `lang` into the hints; they beat the page's own."""
    published = record.get("published")
    if published not in (None, ""):
        day = iso_date(published)
        if day is None:
            doc.warnings.append(f"jsonl: 'published' is not an ISO date: {published!r}")
        else:
            doc.hints.update(published_hints(day, "jsonl"))
    lang = _string(record.get("lang"))
    if lang:
        doc.hints["lang"] = lang.lower()


def _read_line(line: str, source: SourceInfo) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error("E106", f"line {source.line}: {exc.msg}", source)
    if not isinstance(record, dict):
        return _error("E106", f"line {source.line}: not a JSON object", source)
    source = _line_source(source, record)
    try:
        return document_from_record(record, source)
    except CommuniqueError as exc:
        return _error(exc.code, f"line {source.line}", source, _string(record.get("id")))


@dataclass(frozen=True)
class JsonlSource:
    """JSON lines (.jsonl): one document per line."""

    name: str = "jsonl"
    extensions: tuple[str, ...] = (".jsonl",)
    format: str = "jsonl"

    def read(self, data: bytes, info: SourceInfo) -> Iterator[Document]:
        """Yield one document per non-blank line, errors included."""
        text, encoding = decode_bytes(data)
        base = replace(info, format=self.format, encoding=encoding)
        # split on "\n" only: str.splitlines would also cut at U+2028 inside JSON strings
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                yield _read_line(line, replace(base, line=number))


SOURCE = JsonlSource()
