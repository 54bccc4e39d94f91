"""Cleaning: site chrome goes, body sentences stay, every removal points into the raw text."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique import resources
from communique.documents import Document, Removal
from communique.pipeline.clean import REASONS, CleanStage, clean_text, compiled_rules

BODY_BEFORE = "The two organizations signed a memorandum of understanding on Tuesday."
BODY_AFTER = "Both heads of agency stressed the importance of closer cooperation."

# (language, reason, a chrome line that must go)
CHROME = [
    # language_fallback_notice
    (
        "zh",
        "language_fallback_notice",
        "所选语言本页无任何内容 Русский : 俄文 因此返回到 English : English",
    ),
    ("zh", "language_fallback_notice", "本页面暂无中文版本"),
    ("en", "language_fallback_notice", "This page is not available in French."),
    ("en", "language_fallback_notice", "Sorry, this content is only available in English"),
    (
        "en",
        "language_fallback_notice",
        "There is no content in the selected language for this page",
    ),
    ("fr", "language_fallback_notice", "Cette page n'est pas disponible en arabe."),
    ("fr", "language_fallback_notice", "Cet article n’est disponible qu’en anglais"),
    ("es", "language_fallback_notice", "Esta página no está disponible en ruso."),
    ("es", "language_fallback_notice", "Este contenido solo está disponible en inglés"),
    ("ru", "language_fallback_notice", "Эта страница недоступна на французском языке."),
    ("ru", "language_fallback_notice", "Материал доступен только на английском языке"),
    ("ar", "language_fallback_notice", "هذه الصفحة غير متوفرة باللغة العربية"),
    ("ar", "language_fallback_notice", "هذا المحتوى متاح باللغة الإنجليزية فقط"),
    # related_link
    ("en", "related_link", "Read also: Ministers meet in Nairobi on water security"),
    ("en", "related_link", "See also the joint statement on ocean governance"),
    ("en", "related_link", "Related: New fund for coastal cities launched"),
    ("fr", "related_link", "Lire aussi : Le sommet de Dakar s'achève sur un accord"),
    ("fr", "related_link", "À lire aussi - Les ministres africains réunis à Kigali"),
    ("es", "related_link", "Lea también: La cumbre regional concluye en Quito"),
    ("es", "related_link", "Leer más: Nuevo acuerdo sobre pesca sostenible"),
    ("ru", "related_link", "Читайте также: Министры обсудили водную безопасность"),
    ("ru", "related_link", "См. также: Итоги встречи в Бишкеке"),
    ("zh", "related_link", "另见：部长们在内罗毕讨论水安全问题"),
    ("zh", "related_link", "相关新闻：区域峰会在基多闭幕"),
    ("zh", "related_link", "延伸阅读 非洲国家加强渔业合作"),
    ("ar", "related_link", "اقرأ أيضا: الوزراء يجتمعون في نيروبي"),
    ("ar", "related_link", "اقرأ أيضاً الاتفاق الجديد بشأن الصيد المستدام"),
    # share
    ("en", "share", "Share this article"),
    ("en", "share", "Share: Facebook | Twitter | LinkedIn | Email"),
    ("en", "share", "Print"),
    ("en", "share", "Accept all cookies"),
    ("en", "share", "Subscribe to our newsletter"),
    ("fr", "share", "Partager sur Facebook Twitter"),
    ("fr", "share", "Imprimer"),
    ("es", "share", "Compartir en WhatsApp"),
    ("es", "share", "Imprimir"),
    ("ru", "share", "Поделиться ВКонтакте Telegram"),
    ("ru", "share", "Версия для печати"),
    ("zh", "share", "分享到：微信 微博"),
    ("zh", "share", "【打印】【关闭】"),
    ("zh", "share", "返回顶部"),
    ("zh", "share", "小字号"),
    ("ar", "share", "مشاركة على فيسبوك تويتر"),
    ("ar", "share", "طباعة"),
    # photo_credit
    ("en", "photo_credit", "Photo: UNICEF/Ana Lima"),
    ("en", "photo_credit", "UN Photo/Rick Bajornas"),
    ("en", "photo_credit", "© FAO/Giulio Napolitano"),
    ("fr", "photo_credit", "Photo : OMS/Claire Martin"),
    ("fr", "photo_credit", "Photo ONU/Jean Dupont"),
    ("es", "photo_credit", "Foto: PNUD/Carlos Ruiz"),
    ("es", "photo_credit", "Foto ONU/María Gómez"),
    ("ru", "photo_credit", "Фото: пресс-служба ОДКБ"),
    ("ru", "photo_credit", "Фото ООН/Иван Петров"),
    ("zh", "photo_credit", "图片/新华社"),
    ("zh", "photo_credit", "联合国图片/张伟"),
    ("ar", "photo_credit", "صورة: الأمم المتحدة"),
    ("ar", "photo_credit", "الصورة: وكالة الأنباء"),
    # skip_link
    ("en", "skip_link", "Skip to main content"),
    ("fr", "skip_link", "Aller au contenu principal"),
    ("es", "skip_link", "Pasar al contenido principal"),
    ("ru", "skip_link", "Перейти к основному содержанию"),
    ("zh", "skip_link", "跳到主要内容"),
    ("ar", "skip_link", "انتقل إلى المحتوى الرئيسي"),
    # email_artifact
    ("en", "email_artifact", "[email protected]"),
    ("en", "email_artifact", "[email&#160;protected]"),
]

# Body sentences sharing words with chrome: none may be touched.
BODY = [
    ("en", "Member States agreed to share their data on migration with the agency."),
    ("en", "A photo exhibition on refugees opened at the Palais des Nations."),
    ("en", "The agencies also agreed to print the joint report in six languages."),
    ("en", "See the annex for the list of participants."),
    ("en", "Related programmes will be announced later this year."),
    ("en", "This page of the report is not available in print, the spokesperson said."),
    ("en", "Print media and broadcasters were invited to the signing ceremony."),
    ("en", "Copyright protection was one of the topics discussed by the experts."),
    ("fr", "Les deux organisations vont partager leurs données sur les migrations."),
    ("fr", "Une photo de groupe a été prise à l'issue de la réunion."),
    ("fr", "Le contenu de l'accord n'est pas encore disponible."),
    ("fr", "Il faut lire aussi le rapport annuel pour comprendre ces chiffres."),
    ("es", "Ambas agencias acordaron compartir información sobre la trata de personas."),
    ("es", "La foto oficial se tomó al final de la cumbre en Panamá."),
    ("es", "Esta página del informe no está disponible todavía, dijo el portavoz."),
    ("ru", "Стороны договорились поделиться опытом в области таможенного контроля."),
    ("ru", "Фотовыставка о работе миротворцев открылась в Нью-Йорке."),
    ("ru", "Страница сайта организации недоступна в ряде стран."),
    ("zh", "双方同意分享移民数据,并加强边境管理合作。"),
    ("zh", "相关报道称,两个组织将于明年举行联合会议。"),
    ("zh", "会议结束后,与会代表合影留念。"),
    ("ar", "اتفقت المنظمتان على مشاركة البيانات المتعلقة بالهجرة."),
    ("ar", "وأكد الأمين العام أيضا أهمية التعاون بين المنظمتين."),
    ("ar", "هذا المحتوى غير متاح للعامة حتى الآن وفق ما قاله المتحدث."),
    ("en", "Photo: " + "the Secretary-General greets delegates " * 4),  # too long for chrome
]


def _assert_offsets(raw: str, removed: list[Removal]) -> None:
    position = 0
    for removal in removed:
        assert raw[removal.start : removal.end] == removal.text
        assert removal.start >= position
        assert removal.reason in REASONS
        position = removal.end


@pytest.mark.parametrize(("lang", "reason", "line"), CHROME)
def test_chrome_line_between_body_lines_is_removed(lang: str, reason: str, line: str) -> None:
    raw = f"{BODY_BEFORE}\n{line}\n{BODY_AFTER}"
    text, removed = clean_text(raw)
    assert text == f"{BODY_BEFORE}\n{BODY_AFTER}"
    assert [(r.reason, r.text) for r in removed] == [(reason, line + "\n")]
    _assert_offsets(raw, removed)


@pytest.mark.parametrize(("lang", "reason", "line"), CHROME)
def test_chrome_line_at_either_end_is_removed(lang: str, reason: str, line: str) -> None:
    raw = f"  {line}\n\n{BODY_BEFORE}\n{line}"
    text, removed = clean_text(raw)
    assert text == BODY_BEFORE
    assert [r.reason for r in removed] == [reason, reason]
    _assert_offsets(raw, removed)


@pytest.mark.parametrize(("lang", "sentence"), BODY)
def test_body_sentence_is_kept(lang: str, sentence: str) -> None:
    raw = f"{BODY_BEFORE}\n{sentence}\n{BODY_AFTER}"
    text, removed = clean_text(raw)
    assert removed == []
    assert text == raw


RELATED_BLOCKS = [
    ("en", "Related information:\n\nUN launches water action agenda\nNew fund for coastal cities"),
    ("en", "Related stories\nMinisters meet in Nairobi\nAgencies sign data pact"),
    ("fr", "À lire aussi\nLe sommet de Dakar s'achève\nNouvel accord sur la pêche"),
    ("es", "Noticias relacionadas:\nLa cumbre concluye en Quito\nAcuerdo sobre pesca sostenible"),
    ("ru", "Читайте также:\nМинистры обсудили водную безопасность\nИтоги встречи в Бишкеке"),
    ("zh", "相关新闻\n区域峰会在基多闭幕\n非洲国家加强渔业合作"),
    ("ar", "أخبار ذات صلة\nالوزراء يجتمعون في نيروبي\nاتفاق جديد بشأن الصيد"),
]


@pytest.mark.parametrize(("lang", "block"), RELATED_BLOCKS)
def test_related_heading_takes_its_headlines_along(lang: str, block: str) -> None:
    raw = f"{BODY_BEFORE}\n{block}\n\n{BODY_AFTER}"
    text, removed = clean_text(raw)
    assert [(r.reason, r.text) for r in removed] == [("related_link", block + "\n")]
    assert text == f"{BODY_BEFORE}\n\n{BODY_AFTER}"
    _assert_offsets(raw, removed)


def test_related_block_stops_at_a_body_sentence() -> None:
    raw = f"See also\nMinisters meet in Nairobi\n{BODY_AFTER}"
    text, removed = clean_text(raw)
    assert removed[0].text == "See also\nMinisters meet in Nairobi\n"
    assert text == BODY_AFTER


def test_related_block_leaves_other_chrome_to_its_own_reason() -> None:
    raw = f"Related news\nMinisters meet in Nairobi\nShare this\n{BODY_AFTER}"
    _, removed = clean_text(raw)
    assert [r.reason for r in removed] == ["related_link", "share"]


@pytest.mark.parametrize(
    ("raw", "artefact", "text"),
    [
        (
            "[email protected] عقد رئيس المفوضية محادثات مع الأمين العام.",
            "[email protected] ",
            "عقد رئيس المفوضية محادثات مع الأمين العام.",
        ),
        (
            "Pour en savoir plus, écrire à [email&#160;protected] avant lundi.",
            "[email&#160;protected] ",
            "Pour en savoir plus, écrire à avant lundi.",
        ),
        ("联系方式:[email protected]", "[email protected]", "联系方式:"),
    ],
)
def test_email_artifact_inside_a_line_removes_only_the_artefact(
    raw: str, artefact: str, text: str
) -> None:
    cleaned, removed = clean_text(raw)
    assert [(r.reason, r.text) for r in removed] == [("email_artifact", artefact)]
    assert cleaned == text
    _assert_offsets(raw, removed)


def test_windows_newlines_go_with_the_removed_line() -> None:
    raw = f"{BODY_BEFORE}\r\nShare this\r\n{BODY_AFTER}"
    text, removed = clean_text(raw)
    assert removed[0].text == "Share this\r\n"
    assert text == f"{BODY_BEFORE}\r\n{BODY_AFTER}"


def test_other_characters_are_left_alone() -> None:
    raw = "\n\n  Ｗｏｒｌｄ  «quoted»\u00a0text\t\n\n\n\nsecond  paragraph   \n"
    text, removed = clean_text(raw)
    assert removed == []
    assert text == raw.strip()


def test_stage_fills_text_and_removed() -> None:
    stage = CleanStage()
    doc = stage(Document(raw=f"Skip to main content\n{BODY_BEFORE}"))
    assert doc.text == BODY_BEFORE
    assert doc.removed == [Removal(0, 21, "skip_link", "Skip to main content\n")]
    assert (stage.name, stage.requires, stage.assigns) == ("clean", ("raw",), ("text", "removed"))


def test_stage_pickles() -> None:
    stage = pickle.loads(pickle.dumps(CleanStage()))
    assert stage(Document(raw="Print\nBody text.")).text == "Body text."


@pytest.mark.parametrize("name", ["common", "ar", "en", "es", "fr", "ru", "zh"])
def test_every_language_has_patterns_with_known_reasons(name: str) -> None:
    entries = resources.load(f"cleaning/{name}")
    assert entries
    assert {entry["reason"] for entry in entries} <= REASONS


def test_every_reason_has_patterns() -> None:
    rules = compiled_rules()
    reasons = {rule.reason for group in rules.lines for rule in group.rules}
    assert rules.parts is not None
    reasons |= {rule.reason for rule in rules.parts.rules}
    reasons |= {token_line.reason for token_line in rules.token_lines}
    assert reasons | {"navigation"} == REASONS  # navigation is found by structure, not patterns


MENU_PAGE = """-
About us
About usThe Agency works with member states on ports and shipping since 1960.
Structure
Structure
- Leadership
- Regional offices
Our work
Our workWe support safe and clean seas everywhere.
Get involved
Get involved
Agency and Bank sign new partnership agreement on port security
Geneva - The Agency and the Bank signed an agreement today."""


def test_a_site_menu_at_the_top_is_removed_as_navigation() -> None:
    text, removed = clean_text(MENU_PAGE)
    assert [r.reason for r in removed] == ["navigation"]
    assert text.startswith("Agency and Bank sign new partnership agreement")
    assert MENU_PAGE[removed[0].start : removed[0].end] == removed[0].text


@pytest.mark.parametrize(
    "page",
    [
        "人民网\n人民网>>国际\n\n联合国秘书长出席非盟峰会\n\n2017年02月01日\n\n正文第一句。",
        "Title of the release\n\n6 June 2018\n\nVIENNA - Body text starts here.\nMore.",
        "Sommaire\nActualités\nContact\nRecherche\nAccueil\nPresse\nLe texte commence ici.",
    ],
)
def test_short_top_lines_without_repeated_labels_stay(page: str) -> None:
    _text, removed = clean_text(page)
    assert not [r for r in removed if r.reason == "navigation"]


LINES = st.sampled_from(
    [line for _, _, line in CHROME]
    + [sentence for _, sentence in BODY]
    + ["", " ", "Related news", "[email protected] Body text follows here."]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_cleaned_text_is_raw_minus_removals(lines: list[str], newline: str) -> None:
    raw = newline.join(lines)
    text, removed = clean_text(raw)
    _assert_offsets(raw, removed)
    kept, position = [], 0
    for removal in removed:
        kept.append(raw[position : removal.start])
        position = removal.end
    kept.append(raw[position:])
    assert text == "".join(kept).strip()
