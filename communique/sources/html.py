"""HTML pages: main text, title and publication date through trafilatura.

The page's bytes are decoded here (byte-order mark, strict UTF-8, the declared
charset, then a guess) so the record can say which encoding it was; trafilatura
then gets text. The date comes from the page's metadata only (htmldate with
the original date preferred and without the extensive text search): dates
written in the text are the dates stage's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import trafilatura
from trafilatura.settings import Document as Page

from communique.documents import Document, SourceInfo
from communique.errors import CommuniqueError
from communique.sources.text import clean_text, decode_bytes

DECLARATION_SAMPLE = 4096
# <meta charset="x">, <meta http-equiv content="text/html; charset=x"> and <?xml encoding="x"?>
DECLARED_CHARSET = re.compile(
    rb"""<(?:meta[^>]*?charset|\?xml[^>]*?encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Extracted:
    """What a page yields: its main text and metadata."""

    text: str
    title: str | None
    published: str | None
    url: str | None


def declared_charset(data: bytes) -> str | None:
    """Return the charset an HTML page declares near its top, if any."""
    found = DECLARED_CHARSET.search(data[:DECLARATION_SAMPLE])
    return found.group(1).decode("ascii") if found else None


def extract_html(html: str, url: str | None = None) -> Extracted:
    """Extract the main text, title, date and URL of a page; raise E108 when it has no main text."""
    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=_date_params(),
    )
    text = clean_text(result.text or "").strip() if isinstance(result, Page) else ""
    if not isinstance(result, Page) or not text or _only_links(text, html):
        raise CommuniqueError("E108", "no main text found")
    return Extracted(
        text=text,
        title=_clean_title(result.title),
        published=result.date,
        url=result.url,
    )


def _date_params() -> dict[str, Any]:
    return {
        "original_date": True,
        "extensive_search": False,
        "max_date": date.today().isoformat(),
    }


def _clean_title(title: str | None) -> str | None:
    if not title:
        return None
    title = SPACES.sub(" ", clean_text(title)).strip()
    return title or None


def _only_links(text: str, html: str) -> bool:
    """Tell whether every line of `text` is the label of a link (a menu, not an article).

    trafilatura's fallback extractors return the navigation of a page that has
    nothing else; such a page has no main text.
    """
    tree = trafilatura.load_html(html)
    if tree is None:
        return False
    labels = {SPACES.sub(" ", a.text_content()).strip() for a in tree.iter("a")}
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return all(line in labels for line in lines if line)


def published_hints(published: str | None, source: str) -> dict[str, str]:
    """Return the `published` hints for a YYYY-MM-DD date (none when absent)."""
    if not published:
        return {}
    return {"published": published, "published_source": source}


@dataclass(frozen=True)
class HtmlSource:
    """HTML pages (.html, .htm): main text without site chrome, title and date."""

    name: str = "html"
    extensions: tuple[str, ...] = (".html", ".htm")
    format: str = "html"

    def read(self, data: bytes, info: SourceInfo) -> Iterator[Document]:
        """Yield the one document of an HTML page."""
        html, encoding = decode_bytes(data, declared=declared_charset(data))
        page = extract_html(html, url=info.url)
        source = replace(info, format=self.format, encoding=encoding, url=info.url or page.url)
        hints = published_hints(page.published, "metadata")
        yield Document(raw=page.text, source=source, title=page.title, hints=dict(hints))


SOURCE = HtmlSource()
