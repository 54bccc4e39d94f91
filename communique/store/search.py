"""Full-text search over every language: the index text, the match and the snippets.

Documents are indexed as *search text*: folded the way the gazetteer folds
(Arabic alef, ta marbuta and diacritics, traditional Chinese, case and
accents), punctuation turned into spaces, and every Chinese, Japanese or
Korean character set apart by spaces. Queries go through the same function,
so "الأمم", "الامم" and "الامم" find each other and 联合国 finds 聯合國.

SQLite indexes the search text with FTS5's trigram tokenizer (substring
matching: Russian and Arabic inflections and prefixes still match); the
spaced-out CJK characters make every two-character Chinese word a trigram.
A term shorter than three characters is searched as a whole word (" un ").
PostgreSQL indexes the same text with to_tsvector('simple') (prefix
matching of each word) and, where pg_trgm is installed, also matches
substrings through a trigram index, as SQLite does.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from typing import Any

import regex
from sqlalchemy import Connection, bindparam, text

from communique.pipeline.normalize import fold, fold_string

CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
NOT_WORD = regex.compile(r"[^\p{L}\p{M}\p{N}]+")
SNIPPET_CHARS = 160


def search_text(value: str) -> str:
    """Return the text the index holds for `value` (starts and ends with a space)."""
    folded = CJK.sub(lambda m: f" {m.group()} ", fold_string(value))
    return " " + " ".join(NOT_WORD.sub(" ", folded).split()) + " "


@dataclass(frozen=True)
class Term:
    """One query term (a word or a quoted phrase) as the index spells it."""

    words: tuple[str, ...]

    @property
    def pattern(self) -> str:
        """Return the substring to look for; short terms must match a whole word."""
        joined = " ".join(self.words)
        return f" {joined} " if len(joined) < 3 else joined


def parse_query(query: str) -> list[Term]:
    """Split a query into terms: words, and "quoted phrases" kept together."""
    try:
        pieces = shlex.split(query)
    except ValueError:  # an unbalanced quote: take the words as they are
        pieces = query.replace('"', " ").split()
    terms = [Term(tuple(search_text(p).split())) for p in pieces]
    return [term for term in terms if term.words]


def index_document(conn: Connection, pk: int, title: str | None, body: str) -> None:
    """Add a document to the search index."""
    values = {"pk": pk, "title": search_text(title or ""), "body": search_text(body)}
    if conn.dialect.name == "sqlite":
        statement = "INSERT INTO search (rowid, title, body) VALUES (:pk, :title, :body)"
    else:
        statement = "INSERT INTO search (doc, title, body) VALUES (:pk, :title, :body)"
    conn.execute(text(statement), values)


def unindex_document(conn: Connection, pk: int) -> None:
    """Remove a document from the search index."""
    column = "rowid" if conn.dialect.name == "sqlite" else "doc"
    conn.execute(text(f"DELETE FROM search WHERE {column} = :pk"), {"pk": pk})


def match_clause(conn: Connection, terms: list[Term], trigram: bool) -> tuple[str, dict[str, Any]]:
    """Return SQL and parameters selecting `doc` and `score` (lower is better) of matches."""
    if conn.dialect.name == "sqlite":
        fts = " AND ".join('"' + term.pattern.replace('"', '""') + '"' for term in terms)
        return (
            "SELECT rowid AS doc, bm25(search) AS score FROM search WHERE search MATCH :fts",
            {"fts": fts},
        )
    params: dict[str, Any] = {"tsq": tsquery(terms)}
    where = "tsv @@ to_tsquery('simple', :tsq)"
    if trigram:
        likes = []
        for i, term in enumerate(terms):
            params[f"like{i}"] = f"%{term.pattern}%"
            likes.append(f"body LIKE :like{i}")
        where = f"({where} OR ({' AND '.join(likes)}))"
    sql = (
        f"SELECT doc, -ts_rank(tsv, to_tsquery('simple', :tsq)) AS score FROM search WHERE {where}"
    )
    return sql, params


def tsquery(terms: list[Term]) -> str:
    """Return a PostgreSQL tsquery: each term's words in sequence, the last one as a prefix."""
    parts = []
    for term in terms:
        words = [f"'{w}'" for w in term.words]
        if not CJK.fullmatch(term.words[-1]):
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


def trigram_available(conn: Connection) -> bool:
    """Tell whether the PostgreSQL search table has its pg_trgm index."""
    if conn.dialect.name == "sqlite":
        return True
    found = conn.execute(
        text("SELECT 1 FROM pg_indexes WHERE indexname = :name").bindparams(
            bindparam("name", "ix_search_trgm")
        )
    ).first()
    return found is not None


def snippet(body: str, terms: list[Term], anchor: tuple[int, int] | None = None) -> dict[str, Any]:
    """Return the passage of `body` around the first match (or `anchor`) and where it is in it."""
    found = anchor or locate(body, terms)
    if found is None:
        return {"text": _cut(body, 0, SNIPPET_CHARS), "highlight": None}
    start, end = found
    begin = max(0, start - (SNIPPET_CHARS - (end - start)) // 2)
    stop = min(len(body), max(end, begin + SNIPPET_CHARS))
    piece = _cut(body, begin, stop)
    shift = (1 if begin > 0 else 0) - begin
    return {"text": piece, "highlight": [start + shift, end + shift]}


def _cut(body: str, begin: int, stop: int) -> str:
    piece = body[begin:stop].replace("\n", " ")
    return ("…" if begin > 0 else "") + piece + ("…" if stop < len(body) else "")


def locate(body: str, terms: list[Term]) -> tuple[int, int] | None:
    """Return the offsets in `body` of the first place a term occurs (folded comparison)."""
    if not terms:
        return None
    view = fold(body)
    best: tuple[int, int] | None = None
    for term in terms:
        pattern = r"[^\p{L}\p{M}\p{N}]*".join(regex.escape(w) for w in term.words)
        if len(" ".join(term.words)) < 3:
            pattern = rf"(?<![\p{{L}}\p{{N}}]){pattern}(?![\p{{L}}\p{{N}}])"
        hit = regex.search(pattern, view.text)
        if hit and (best is None or hit.start() < best[0]):
            best = view.to_source(hit.start(), hit.end())
    return best
