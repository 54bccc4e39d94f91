"""Sources: encodings, HTML, JSON lines, folders, globs, standard input and every E1xx error."""

from __future__ import annotations

import io
import json
import os
import pickle
import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.documents import Document, SourceInfo
from communique.registry import SOURCES
from communique.sources import (
    document_from_text,
    iter_documents,
    read_bytes,
    sniff_format,
    source_for_format,
    source_for_path,
)
from communique.sources import html as html_source
from communique.sources import jsonl as jsonl_source
from communique.sources import text as text_source
from communique.sources.text import clean_text, decode_bytes, mojibake_score

# Three sentences per language, written for these tests.
SENTENCES = {
    "ar": [
        "وقّعت المنظمة العالمية للجمارك ومكتب الأمم المتحدة المعني بالمخدرات والجريمة"
        " مذكرة تفاهم جديدة في فيينا يوم الثلاثاء.",
        "وتهدف الاتفاقية إلى تعزيز التعاون في مكافحة الاتجار غير المشروع عبر الحدود.",
        "وقال الأمين العام إن الشراكة ستساعد الدول الأعضاء على تبادل المعلومات بسرعة أكبر.",
    ],
    "en": [
        "The World Health Organization and the African Union signed a cooperation"
        " agreement in Addis Ababa on Monday.",
        "The two organizations will work together on vaccine production and disease surveillance.",
        "The Director-General said the partnership would benefit millions of people"
        " across the continent.",
    ],
    "es": [
        "La Organización Internacional para las Migraciones y la Unión Europea firmaron"
        " un acuerdo en Bruselas el miércoles.",
        "El programa ayudará a los países de la región a mejorar la gestión de las fronteras.",
        "La directora señaló que la cooperación continuará el próximo año con nuevos proyectos.",
    ],
    "fr": [
        "L'Organisation mondiale de la santé et l'Union africaine ont signé un accord"
        " de coopération à Genève.",
        "Les deux organisations renforceront leur collaboration en matière de santé publique.",
        "Le directeur général a salué une étape décisive pour la région et ses habitants.",
    ],
    "ru": [
        "Генеральный секретарь встретился с главой Африканского союза в Аддис-Абебе во вторник.",
        "Стороны обсудили вопросы продовольственной безопасности и договорились"
        " укреплять сотрудничество.",
        "Новое соглашение будет подписано в следующем месяце в Женеве.",
    ],
    "zh": [
        "世界卫生组织与非洲联盟周二在亚的斯亚贝巴签署了一项合作协议。",
        "双方同意加强在疫苗生产和疾病监测方面的合作。",
        "总干事表示，这一伙伴关系将惠及数百万人。",
    ],
}
LANGUAGES = sorted(SENTENCES)
NAV_ITEMS = ["Home page", "Latest news", "Contact us", "Subscribe to our newsletter"]

# Short Russian texts are where cp1251 and KOI8-R get confused.
SHORT_RUSSIAN = [
    "Делегации подписали меморандум о сотрудничестве. Встреча прошла в Женеве.",
    "Встреча прошла в Москве.",
    "Стороны подписали соглашение. Оно вступит в силу в январе.",
    "ВОЗ и ЮНИСЕФ объявили о совместной программе вакцинации детей в Африке.",
    "Министр иностранных дел провёл переговоры с делегацией ЮНЕСКО.",
]

LEGACY = [
    ("ar", "cp1256", {"cp1256"}),
    ("zh", "gb18030", {"gb18030"}),
    ("ru", "cp1251", {"cp1251"}),
    ("ru", "koi8-r", {"koi8-r"}),
    ("fr", "latin-1", {"iso8859-1", "cp1252"}),  # cp1252 decodes Latin-1 text identically
    ("es", "latin-1", {"iso8859-1", "cp1252"}),
]
UNICODE = [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")]


def text_of(lang: str) -> str:
    joiner = "" if lang == "zh" else " "
    return joiner.join(SENTENCES[lang])


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read_one(path: Path, **options: object) -> Document:
    docs = list(iter_documents([str(path)], **options))  # type: ignore[arg-type]
    assert len(docs) == 1
    return docs[0]


def error_code(doc: Document) -> str | None:
    return doc.error["code"] if doc.error else None


def page(lang: str, *, date_meta: str = "", charset: str = "utf-8") -> str:
    """Return a news page: title, date meta, navigation, the article and a footer."""
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES[lang])
    nav = "".join(f'<li><a href="/{i}">{item}</a></li>' for i, item in enumerate(NAV_ITEMS))
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">'
        f"<title>{SENTENCES[lang][0][:40]} | Site</title>{date_meta}</head><body>"
        f"<header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>{SENTENCES[lang][0][:40]}</h1>{paragraphs}</article></main>"
        "<footer><p>Copyright 2024 The Organization. All rights reserved.</p></footer>"
        "</body></html>"
    )


# --- plain text in every encoding -------------------------------------------------------------


@pytest.mark.parametrize(("lang", "encoding", "expected"), LEGACY)
def test_legacy_encodings_are_detected(
    tmp_path: Path, lang: str, encoding: str, expected: set[str]
) -> None:
    doc = read_one(write(tmp_path / f"{lang}.txt", text_of(lang).encode(encoding)))
    assert doc.error is None
    assert doc.raw == text_of(lang)
    assert doc.source.encoding in expected
    assert doc.source.format == "text"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("codec", "expected"), UNICODE)
def test_unicode_encodings_in_six_languages(
    tmp_path: Path, lang: str, codec: str, expected: str
) -> None:
    doc = read_one(write(tmp_path / "doc.txt", text_of(lang).encode(codec)))
    assert doc.raw == text_of(lang)  # no byte-order mark left at the start
    assert doc.source.encoding == expected


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("bom", ["utf-16-le", "utf-16-be"])
def test_utf16_with_explicit_byte_order_is_not_binary(tmp_path: Path, lang: str, bom: str) -> None:
    data = "\ufeff".encode(bom) + text_of(lang).encode(bom)
    doc = read_one(write(tmp_path / "doc.txt", data))
    assert doc.error is None
    assert doc.raw == text_of(lang)


@pytest.mark.parametrize("sentence", SHORT_RUSSIAN)
@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r"])
def test_short_russian_texts_are_not_confused(sentence: str, encoding: str) -> None:
    text, found = decode_bytes(sentence.encode(encoding))
    assert text == sentence
    assert found == encoding


@pytest.mark.parametrize(("lang", "encoding", "expected"), LEGACY)
def test_mojibake_scores_right_decoding_below_wrong_ones(
    lang: str, encoding: str, expected: set[str]
) -> None:
    data = text_of(lang).encode(encoding)
    right = mojibake_score(data.decode(encoding))
    wrong = [c for c in ("cp1250", "cp1251", "koi8-r", "cp1256", "cp1252") if c not in expected]
    for candidate in wrong:
        try:
            decoded = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if decoded != text_of(lang):
            assert mojibake_score(decoded) > right, candidate


@pytest.mark.parametrize("lang", ["es", "fr", "ru"])
def test_utf8_with_a_stray_byte_stays_utf8(lang: str) -> None:
    data = text_of(lang).encode("utf-8")
    cut = data.index(b" ", len(data) // 2)
    text, encoding = decode_bytes(data[:cut] + b"\xe9" + data[cut:])
    assert encoding == "utf-8"
    assert text.replace("\ufffd", "") == text_of(lang)


def test_line_breaks_and_unicode_forms_are_normalized(tmp_path: Path) -> None:
    decomposed = "Re\u0301union a\u0300 Gene\u0300ve.\r\nDeuxie\u0300me ligne.\rTroisie\u0300me."
    doc = read_one(write(tmp_path / "nfc.txt", decomposed))
    assert doc.raw == "Réunion à Genève.\nDeuxième ligne.\nTroisième."


# --- HTML ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_keeps_the_article_and_drops_navigation(tmp_path: Path, lang: str) -> None:
    meta = '<meta property="article:published_time" content="2023-05-14T09:00:00+00:00">'
    doc = read_one(write(tmp_path / f"{lang}.html", page(lang, date_meta=meta)))
    assert doc.error is None
    for sentence in SENTENCES[lang]:
        assert sentence in doc.raw
    for item in [*NAV_ITEMS, "Copyright 2024"]:
        assert item not in doc.raw
    paragraphs = doc.raw.split("\n")
    assert all(sentence in paragraphs for sentence in SENTENCES[lang])  # one paragraph each
    assert doc.title is not None and SENTENCES[lang][0][:20] in doc.title
    assert doc.hints["published"] == "2023-05-14"
    assert doc.hints["published_source"] == "metadata"
    assert doc.source.format == "html" and doc.source.encoding == "utf-8"


def test_html_prefers_the_original_date_to_the_modified_one(tmp_path: Path) -> None:
    meta = (
        '<meta property="article:modified_time" content="2023-06-20">'
        '<meta property="article:published_time" content="2023-06-02">'
    )
    doc = read_one(write(tmp_path / "page.htm", page("en", date_meta=meta)))
    assert doc.hints["published"] == "2023-06-02"


def test_html_without_date_has_no_published_hint(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path / "page.html", page("fr")))
    assert "published" not in doc.hints


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    data = page("ar", charset="windows-1256").encode("cp1256")
    doc = read_one(write(tmp_path / "ar.html", data))
    assert doc.source.encoding == "cp1256"
    assert SENTENCES["ar"][1] in doc.raw


def test_html_utf8_bytes_win_over_a_stale_declaration(tmp_path: Path) -> None:
    data = page("ru", charset="windows-1251").encode("utf-8")
    doc = read_one(write(tmp_path / "ru.html", data))
    assert doc.source.encoding == "utf-8"
    assert SENTENCES["ru"][2] in doc.raw


def test_html_title_from_meta(tmp_path: Path) -> None:
    head = '<meta property="og:title" content="Signature d\'un accord à Genève">'
    html = page("fr").replace("<title>", head + "<title>")
    doc = read_one(write(tmp_path / "page.html", html))
    assert doc.title == "Signature d'un accord à Genève"


@pytest.mark.parametrize(
    "body",
    [
        "<nav><ul><li><a href='/a'>Home</a></li><li><a href='/b'>About us</a></li></ul></nav>",
        "<div class='menu'><a href='/a'>Accueil du site</a> <a href='/b'>Contact</a></div>",
        "",
    ],
)
def test_html_without_main_text_is_e108(tmp_path: Path, body: str) -> None:
    html = f"<html><head><title>Menu</title></head><body>{body}</body></html>"
    doc = read_one(write(tmp_path / "menu.html", html))
    assert error_code(doc) == "E108"
    assert doc.raw == "" and doc.source.path == str(tmp_path / "menu.html")


# --- JSON lines ---------------------------------------------------------------------------------


def jsonl(*lines: object) -> str:
    return "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"


def test_jsonl_fields_go_where_they_belong(tmp_path: Path) -> None:
    record = {
        "id": "r-1",
        "url": "https://example.org/news/1",
        "title": "Accord signé",
        "published": "2022-11-03T10:00:00Z",
        "lang": "FR",
        "text": text_of("fr"),
    }
    doc = read_one(write(tmp_path / "one.jsonl", jsonl(record)))
    assert doc.raw == text_of("fr")
    assert doc.external_id == "r-1"
    assert doc.source == SourceInfo(
        path=str(tmp_path / "one.jsonl"),
        url="https://example.org/news/1",
        format="jsonl",
        encoding="utf-8",
        line=1,
    )
    assert doc.title == "Accord signé"
    assert doc.hints == {"published": "2022-11-03", "published_source": "jsonl", "lang": "fr"}


def test_jsonl_bad_lines_become_errors_and_the_rest_goes_on(tmp_path: Path) -> None:
    content = jsonl(
        {"id": 1, "text": text_of("en")},
        "{not json",
        "",
        '["a list", "is not an object"]',
        {"id": 5, "title": "nothing else"},
        {"id": 6, "text": "   "},
        {"id": 7, "html": "<html><body><nav><a href='/'>Home</a></nav></body></html>"},
        {"id": 8, "text": text_of("zh"), "published": "last Tuesday"},
    )
    docs = list(iter_documents([str(write(tmp_path / "mixed.jsonl", content))]))
    codes = [(d.source.line, error_code(d)) for d in docs]
    expected = [(1, None), (2, "E106"), (4, "E106"), (5, "E107"), (6, "E107"), (7, "E108")]
    assert codes == [*expected, (8, None)]
    assert docs[0].external_id == "1" and docs[3].external_id == "5"
    assert all(d.raw == "" for d in docs if d.error)
    assert docs[-1].raw == text_of("zh")
    assert "published" not in docs[-1].hints and docs[-1].warnings


@pytest.mark.parametrize("lang", LANGUAGES)
def test_jsonl_html_goes_through_the_html_extraction(tmp_path: Path, lang: str) -> None:
    meta = '<meta name="date" content="2021-04-09">'
    record = {"id": lang, "html": page(lang, date_meta=meta), "lang": lang}
    doc = read_one(write(tmp_path / "pages.jsonl", jsonl(record)))
    assert SENTENCES[lang][2] in doc.raw and NAV_ITEMS[0] not in doc.raw
    assert doc.title is not None
    assert doc.hints["published"] == "2021-04-09"
    assert doc.hints["published_source"] == "metadata"
    assert doc.hints["lang"] == lang


def test_jsonl_published_beats_the_page_date(tmp_path: Path) -> None:
    record = {"html": page("es", date_meta='<meta name="date" content="2021-04-09">')}
    record["published"] = "2021-04-10"
    doc = read_one(write(tmp_path / "p.jsonl", jsonl(record)))
    assert doc.hints["published"] == "2021-04-10"
    assert doc.hints["published_source"] == "jsonl"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-29", "2020-02-29"),
        ("2020-02-29T23:59:00+03:00", "2020-02-29"),
        ("2020-02-29 08:00", "2020-02-29"),
        ("2021-02-29", None),
        ("29/02/2020", None),
        (20200229, None),
    ],
)
def test_jsonl_iso_dates(value: object, expected: str | None) -> None:
    assert jsonl_source.iso_date(value) == expected


def test_jsonl_keeps_line_separators_inside_strings() -> None:
    text = "Premier paragraphe.\u2028Suite du même paragraphe."
    docs = read_bytes(jsonl({"text": text}).encode("utf-8"), fmt="jsonl")
    assert len(docs) == 1 and docs[0].raw == text


# --- folders, globs and standard input ----------------------------------------------------------


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    write(tmp_path / "b" / "ru.txt", text_of("ru").encode("koi8-r"))
    write(tmp_path / "a" / "deep" / "zh.txt", text_of("zh").encode("gb18030"))
    write(tmp_path / "a" / "page.HTML", page("ar"))
    write(tmp_path / "c.jsonl", jsonl({"text": text_of("es")}, {"text": text_of("en")}))
    write(tmp_path / "notes.md", "# not a registered format")
    write(tmp_path / ".hidden" / "secret.txt", "hidden folders are skipped")
    return tmp_path


def test_folders_are_read_recursively_in_sorted_order(corpus: Path) -> None:
    docs = list(iter_documents([str(corpus)]))
    names = [os.path.relpath(d.source.path or "", corpus) for d in docs]
    assert names == ["a/deep/zh.txt", "a/page.HTML", "b/ru.txt", "c.jsonl", "c.jsonl"]
    assert [d.raw for d in docs if d.source.format == "jsonl"] == [text_of("es"), text_of("en")]
    assert all(d.error is None for d in docs)


def test_globs_match_recursively(corpus: Path) -> None:
    docs = list(iter_documents([str(corpus / "**" / "*.txt")]))
    assert [d.raw for d in docs] == [text_of("zh"), text_of("ru")]


def test_glob_matching_nothing_is_e100(corpus: Path) -> None:
    pattern = str(corpus / "*.nothing")
    (doc,) = iter_documents([pattern])
    assert error_code(doc) == "E100" and doc.source.path == pattern


def test_inputs_keep_their_order_and_errors_do_not_stop_the_run(corpus: Path) -> None:
    inputs = [str(corpus / "c.jsonl"), str(corpus / "missing.txt"), str(corpus / "b" / "ru.txt")]
    docs = list(iter_documents(inputs))
    assert [error_code(d) for d in docs] == [None, None, "E100", None]
    assert docs[-1].raw == text_of("ru")


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (jsonl({"text": text_of("fr")}).encode("utf-8"), "jsonl"),
        (("\n  " + page("en")).encode("utf-8"), "html"),
        (text_of("ar").encode("utf-8"), "text"),
        (text_of("zh").encode("utf-16"), "text"),
        (("\ufeff" + jsonl({"text": text_of("ru")})).encode("utf-16"), "jsonl"),
    ],
)
def test_standard_input_is_sniffed(data: bytes, fmt: str) -> None:
    assert sniff_format(data) == fmt
    docs = list(iter_documents(["-"], stdin=io.BytesIO(data)))
    assert len(docs) == 1 and docs[0].error is None
    assert docs[0].source.format == fmt and docs[0].source.path == "<stdin>"


def test_standard_input_over_the_limit_is_e104() -> None:
    stream = io.BytesIO(text_of("en").encode("utf-8") * 10)
    (doc,) = iter_documents(["-"], stdin=stream, max_bytes=100)
    assert error_code(doc) == "E104"
    assert stream.tell() == 101  # read no further than the limit


# --- every error code ---------------------------------------------------------------------------


def test_missing_path_is_e100(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    doc = read_one(Path(missing))
    assert error_code(doc) == "E100" and doc.source.path == missing and doc.raw == ""


def test_folder_without_supported_files_is_e100(tmp_path: Path) -> None:
    write(tmp_path / "only.md", "markdown is not registered")
    assert error_code(read_one(tmp_path)) == "E100"


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n", "\ufeff".encode("utf-8"), "  \n ".encode("utf-16"), b"\xef\xbb\xbf \n"],
)
def test_empty_input_is_e101(tmp_path: Path, data: bytes) -> None:
    assert error_code(read_one(write(tmp_path / "empty.txt", data))) == "E101"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"PK\x03\x04" + bytes(range(0, 32)) * 4,
        text_of("en").encode("utf-16-le"),  # UTF-16 without a byte-order mark has NUL bytes
    ],
)
def test_binary_input_is_e102(tmp_path: Path, data: bytes) -> None:
    assert error_code(read_one(write(tmp_path / "blob.txt", data))) == "E102"


def test_undecodable_input_is_e103(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    assert error_code(read_one(write(tmp_path / "noise.txt", data))) == "E103"


def test_input_over_the_size_limit_is_e104_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "big.txt", text_of("ru") * 5)
    monkeypatch.setattr("communique.sources.open", _no_open, raising=False)
    assert error_code(read_one(path, max_bytes=100)) == "E104"
    monkeypatch.setenv("COMMUNIQUE_MAX_BYTES", "50")
    assert error_code(read_one(path)) == "E104"


def _no_open(*args: object, **kwargs: object) -> None:
    raise AssertionError("a file over the limit must not be opened")


@pytest.mark.parametrize("name", ["report.pdf", "data.csv", "README"])
def test_unsupported_extension_given_explicitly_is_e105(tmp_path: Path, name: str) -> None:
    doc = read_one(write(tmp_path / name, text_of("en")))
    assert error_code(doc) == "E105" and doc.source.path == str(tmp_path / name)


def test_unreadable_file_is_e109(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", text_of("fr"))

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # root reads files whatever their mode, so the refusal is simulated
    monkeypatch.setattr("communique.sources.open", denied, raising=False)
    doc = read_one(path)
    assert error_code(doc) == "E109"
    assert doc.error is not None and "Permission denied" in doc.error["message"]


# --- third-party sources ------------------------------------------------------------------------


@dataclass(frozen=True)
class TsvSource:
    """A made-up third-party format: one document per row, text in the second column."""

    name: str = "tsv"
    extensions: tuple[str, ...] = ("tsv",)
    format: str = "tsv"

    def read(self, data: bytes, info: SourceInfo) -> Iterator[Document]:
        for number, row in enumerate(data.decode("utf-8").splitlines(), start=1):
            key, text = row.split("\t")
            yield Document(raw=text, source=replace(info, line=number), external_id=key)


@dataclass(frozen=True)
class BrokenSource:
    name: str = "broken"
    extensions: tuple[str, ...] = (".broken",)
    format: str = "broken"

    def read(self, data: bytes, info: SourceInfo) -> Iterator[Document]:
        raise ZeroDivisionError("plugin bug")


@pytest.fixture
def plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    SOURCES.names()  # load the built-ins first, then work on a copy the fixture restores
    monkeypatch.setattr(SOURCES, "_items", dict(SOURCES._items))
    SOURCES.register("tsv", TsvSource())
    SOURCES.register("broken", BrokenSource())


@pytest.mark.usefixtures("plugins")
def test_registered_source_is_picked_by_extension(tmp_path: Path) -> None:
    rows = f"a\t{SENTENCES['fr'][0]}\nb\tRe\u0301union\r"
    write(tmp_path / "rows.tsv", rows)
    write(tmp_path / "doc.txt", text_of("en"))
    docs = list(iter_documents([str(tmp_path)]))
    tsv = [d for d in docs if d.source.format == "tsv"]
    assert [(d.external_id, d.raw, d.source.line) for d in tsv] == [
        ("a", SENTENCES["fr"][0], 1),
        ("b", "Réunion", 2),  # NFC applies to plugins too
    ]
    assert all(d.source.path == str(tmp_path / "rows.tsv") for d in tsv)
    assert len(docs) == 3


@pytest.mark.usefixtures("plugins")
def test_failing_plugin_is_e110_and_the_run_goes_on(tmp_path: Path) -> None:
    inputs = [str(write(tmp_path / "x.broken", "data")), str(write(tmp_path / "y.txt", "ok"))]
    docs = list(iter_documents(inputs))
    assert [error_code(d) for d in docs] == ["E110", None]
    assert docs[0].error is not None and "plugin bug" in docs[0].error["message"]


def test_builtins_are_registered_plugins() -> None:
    for name, module in (("text", text_source), ("html", html_source), ("jsonl", jsonl_source)):
        source = SOURCES.get(name)
        assert source is module.SOURCE
        assert source.name == name and source.format == name
        assert pickle.loads(pickle.dumps(source)) == source
    assert source_for_path("a/b/PAGE.HTM") is html_source.SOURCE
    assert source_for_path("notes.md") is None
    assert source_for_format("jsonl") is jsonl_source.SOURCE


# --- in-memory bytes and strings ----------------------------------------------------------------


def test_read_bytes_by_format_path_and_sniffing() -> None:
    data = page("zh").encode("utf-8")
    assert read_bytes(data, fmt="html")[0].title is not None
    assert read_bytes(data, path="saved.htm")[0].source.format == "html"
    assert read_bytes(data)[0].source.format == "html"
    assert read_bytes(data, fmt="text")[0].raw.startswith("<!DOCTYPE")
    assert error_code(read_bytes(data, fmt="pdf")[0]) == "E105"
    assert error_code(read_bytes(data, path="page.xyz")[0]) == "E105"
    assert error_code(read_bytes(data, max_bytes=10)[0]) == "E104"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_document_from_text(lang: str) -> None:
    doc = document_from_text(text_of(lang) + "\r\n", url="https://example.org/x")
    assert doc.raw == text_of(lang) + "\n"
    assert doc.source == SourceInfo(url="https://example.org/x", format="text")


def test_document_from_empty_text_is_e101() -> None:
    assert error_code(document_from_text(" \n ")) == "E101"


PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")


@given(st.text(PRINTABLE, min_size=1).filter(str.strip))
def test_any_utf8_text_reads_back_normalized(text: str) -> None:
    (doc,) = read_bytes(text.encode("utf-8"), fmt="text")
    assert doc.raw == clean_text(text)
    assert doc.source.encoding == "utf-8"
