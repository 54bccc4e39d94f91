"""Full-text search over every language: the index text, the match and the snippets.

Documents are indexed as *search words*: folded the way the gazetteer folds
(Arabic alef, ta marbuta and diacritics, traditional Chinese, case and
accents), split at punctuation, Russian words cut to their stem (so every
case form is one word), Arabic words without the article and the clitics
fused to it (الأمم, للأمم and والأمم are one word), and every Chinese,
Japanese or Korean character a word of its own (a Chinese word is a phrase
of characters). Queries go through the same function, so "الأمم" finds
"للأمم", 联合国 finds 聯合國 and "сотрудничество" finds "сотрудничестве".

SQLite indexes the words with FTS5 (unicode61 tokenizer: the words are
already folded), PostgreSQL with to_tsvector('simple'). Words are whole
words, except the query's last one, which also matches as a prefix when it
has three letters or more ("migra" finds "migration"). Why words and not
trigrams (migration 7): a long name is dozens of common trigrams, and
intersecting their lists cost up to 85 ms a query at 100,000 documents.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex
from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    Select,
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
ARABIC_WORD = regex.compile(r"\p{Arabic}+")
# The article with what fuses to it (و, ف, ب, ك; لل for ل + ال), when two letters remain.
ARABIC_ARTICLE = regex.compile(r"^(?:[وف]?[بك]?ال|[وف]?لل)(?=\p{Arabic}{2})")
WORD_CHARS = r"[\p{L}\p{M}\p{N}]"
SNIPPET_CHARS = 160
PREFIX_FROM = 3  # a last query word this long also matches longer words


def search_text(value: str) -> str:
    """Return the words the index holds for `value`, separated by spaces."""
    folded = CJK.sub(lambda m: f" {m.group()} ", fold_string(value))
    return " ".join(_index_form(word) for word in NOT_WORD.sub(" ", folded).split())


@lru_cache(maxsize=65536)  # every word of every document stored goes through here
def _index_form(word: str) -> str:
    if CYRILLIC.fullmatch(word):
        return stem_ru(word)
    if ARABIC_WORD.fullmatch(word):
        return ARABIC_ARTICLE.sub("", word, count=1)
    return word


@dataclass(frozen=True)
class Term:
    """One query term (a word or a quoted phrase) as the index spells it."""

    words: tuple[str, ...]

    @property
    def prefix(self) -> bool:
        """Tell whether the last word also matches as the start of longer words."""
        last = self.words[-1]
        return len(last) >= PREFIX_FROM and not CJK.match(last)


def parse_query(query: str) -> list[Term]:
    """Split a query into terms: words, and "quoted phrases" kept together."""
    try:
        pieces = shlex.split(query)
    except ValueError:  # an unbalanced quote: take the words as they are
        pieces = query.replace('"', " ").split()
    terms = [Term(tuple(search_text(p).split())) for p in pieces]
    return [term for term in terms if term.words]


def index_all(conn: Connection) -> None:
    """Index every stored document afresh (migration 7: words instead of trigrams)."""
    d = schema.documents
    rows = conn.execute(select(d.c.pk, d.c.title, d.c.text).order_by(d.c.pk))
    batch: list[dict[str, Any]] = []
    for pk, title, body in rows:
        batch.append(index_row(pk, title, body))
        if len(batch) >= 1000:
            index_documents(conn, batch)
            batch = []
    index_documents(conn, batch)


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
        return _postgres_matching(columns, terms)
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
    """Return the FTS5 query: every term as a quoted phrase, all required."""
    return " AND ".join(
        '"' + " ".join(term.words).replace('"', '""') + '"' + ("*" if term.prefix else "")
        for term in terms
    )


def _many_matches(conn: Connection, fts: str) -> bool:
    probe = text(
        "SELECT rowid FROM search WHERE search MATCH :fts ORDER BY rowid DESC LIMIT 1 OFFSET :n"
    )
    return conn.execute(probe, {"fts": fts, "n": RANK_LIMIT}).first() is not None


def _postgres_matching(columns: list[Any], terms: list[Term]) -> Select[Any]:
    sql = (
        "SELECT doc, -ts_rank(tsv, to_tsquery('simple', :tsq)) AS score FROM search"
        " WHERE tsv @@ to_tsquery('simple', :tsq)"
    )
    clause = text(sql).bindparams(tsq=tsquery(terms))
    matched = clause.columns(doc=schema.KEY, score=Float).subquery("m")
    query = select(*columns, matched.c.score).join(matched, matched.c.doc == schema.documents.c.pk)
    return query.order_by(matched.c.score, schema.documents.c.pk)


def tsquery(terms: list[Term]) -> str:
    """Return a PostgreSQL tsquery: each term's words in sequence, the last one as a prefix."""
    parts = []
    for term in terms:
        words = [f"'{w}'" for w in term.words]
        if term.prefix:
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)


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
        hit = regex.search(_located(term), view.text)
        if hit and (best is None or hit.start() < best[0]):
            best = view.to_source(hit.start(), hit.end())
    return best


def _located(term: Term) -> str:
    """Return a pattern finding a term's words in folded text, with what indexing cut off.

    Chinese characters follow each other unspaced; a stem is followed by its
    ending; an Arabic word may carry the article and its clitics.
    """
    parts = []
    for word in term.words:
        before = r"(?:[وف]?[بك]?ال|[وف]?لل)?" if ARABIC_WORD.fullmatch(word) else ""
        after = "" if CJK.match(word) else WORD_CHARS + "*"
        edge = "" if CJK.match(word) else rf"(?<!{WORD_CHARS})"
        parts.append(edge + before + regex.escape(word) + after)
    return r"[^\p{L}\p{M}\p{N}]*".join(parts)
