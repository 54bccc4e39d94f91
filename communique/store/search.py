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
from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Select,
    bindparam,
    column,
    literal,
    literal_column,
    select,
    table,
    text,
)

from communique.pipeline.matcher import stem_ru
from communique.pipeline.normalize import fold, fold_string
from communique.store import schema

CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
NOT_WORD = regex.compile(r"[^\p{L}\p{M}\p{N}]+")
CYRILLIC = regex.compile(r"[а-яё]+")
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
    terms = [Term(_stem_last(search_text(p).split())) for p in pieces]
    return [term for term in terms if term.words]


def _stem_last(words: list[str]) -> tuple[str, ...]:
    """Cut a Russian term's last word to its stem: substrings then match every case ending.

    Only the last word: inside a phrase the next word must follow the whole one.
    """
    if words and len(words[-1]) > 4 and CYRILLIC.fullmatch(words[-1]):
        words[-1] = stem_ru(words[-1])
    return tuple(words)


def index_row(pk: int, title: str | None, body: str) -> dict[str, Any]:
    """Return the search index row of a document (written by `index_documents`)."""
    return {"pk": pk, "title": search_text(title or ""), "body": search_text(body)}


def index_documents(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Add documents to the search index, in one statement."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        statement = "INSERT INTO search (rowid, title, body) VALUES (:pk, :title, :body)"
    else:
        statement = "INSERT INTO search (doc, title, body) VALUES (:pk, :title, :body)"
    conn.execute(text(statement), rows)


def unindex_document(conn: Connection, pk: int) -> None:
    """Remove a document from the search index."""
    column = "rowid" if conn.dialect.name == "sqlite" else "doc"
    conn.execute(text(f"DELETE FROM search WHERE {column} = :pk"), {"pk": pk})


def matching(conn: Connection, columns: list[Any], terms: list[Term]) -> Select[Any]:
    """Return a query of `columns` (of documents) and `score` over the documents matching `terms`.

    SQLite ranks by bm25 when at most RANK_LIMIT documents match; a term found
    in more (a common word at 100,000 documents) lists the newest matches first,
    since ranking tens of thousands of matches costs more than the 50 ms a
    search may take. PostgreSQL ranks every match with ts_rank.
    """
    if conn.dialect.name != "sqlite":
        return _postgres_matching(conn, columns, terms)
    params = {"fts": fts_query(terms)}
    match = text("search MATCH :fts").bindparams(**params)
    joined = SQLITE_SEARCH.join(schema.documents, schema.documents.c.pk == SQLITE_SEARCH.c.rowid)
    if _many_matches(conn, params["fts"]):
        recent = select(*columns, literal(0.0).label("score")).select_from(joined).where(match)
        return recent.order_by(SQLITE_SEARCH.c.rowid.desc())
    score: ColumnElement[float] = literal_column("bm25(search)")
    ranked = select(*columns, score.label("score")).select_from(joined).where(match)
    return ranked.order_by(score, SQLITE_SEARCH.c.rowid)


RANK_LIMIT = 2000
SQLITE_SEARCH = table("search", column("rowid"), column("title"), column("body"))


def fts_query(terms: list[Term]) -> str:
    """Return the FTS5 query: every term as a quoted substring, all required."""
    return " AND ".join('"' + term.pattern.replace('"', '""') + '"' for term in terms)


def _many_matches(conn: Connection, fts: str) -> bool:
    probe = text(
        "SELECT rowid FROM search WHERE search MATCH :fts ORDER BY rowid DESC LIMIT 1 OFFSET :n"
    )
    return conn.execute(probe, {"fts": fts, "n": RANK_LIMIT}).first() is not None


def _postgres_matching(conn: Connection, columns: list[Any], terms: list[Term]) -> Select[Any]:
    params: dict[str, Any] = {"tsq": tsquery(terms)}
    where = "tsv @@ to_tsquery('simple', :tsq)"
    if trigram_available(conn):
        likes = []
        for i, term in enumerate(terms):
            params[f"like{i}"] = f"%{term.pattern}%"
            likes.append(f"body LIKE :like{i}")
        where = f"({where} OR ({' AND '.join(likes)}))"
    sql = (
        f"SELECT doc, -ts_rank(tsv, to_tsquery('simple', :tsq)) AS score FROM search WHERE {where}"
    )
    matched = text(sql).bindparams(**params).columns(doc=schema.KEY, score=Float).subquery("m")
    query = select(*columns, matched.c.score).join(matched, matched.c.doc == schema.documents.c.pk)
    return query.order_by(matched.c.score, schema.documents.c.pk)


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
