"""Language identification: per-paragraph shares and the body's language."""

from __future__ import annotations

import pickle

import pytest

from communique.documents import Document
from communique.errors import CommuniqueError
from communique.pipeline import Pipeline
from communique.pipeline.clean import CleanStage
from communique.pipeline.langid import LangIdStage, allowed_languages, identify

DEFAULT = ("ar", "de", "en", "es", "fr", "it", "pt", "ru", "tr", "zh")

MONOLINGUAL = [
    (
        "ar",
        "وقّعت المنظمتان مذكرة تفاهم لتعزيز التعاون في مجال إدارة الحدود. "
        "وقال المدير العام إن الاتفاق يفتح صفحة جديدة في العلاقات بين الجانبين.",
    ),
    (
        "en",
        "The two agencies signed a memorandum of understanding on border management. "
        "The director-general said the agreement opens a new chapter in their relations.",
    ),
    (
        "es",
        "Las dos agencias firmaron un memorando de entendimiento sobre la gestión de fronteras. "
        "El director general afirmó que el acuerdo abre un nuevo capítulo en sus relaciones.",
    ),
    (
        "fr",
        "Les deux agences ont signé un protocole d'accord sur la gestion des frontières. "
        "Le directeur général a déclaré que l'accord ouvre un nouveau chapitre de leurs relations.",
    ),
    (
        "ru",
        "Два агентства подписали меморандум о взаимопонимании в области управления границами. "
        "Генеральный директор заявил, что соглашение открывает новую главу в их отношениях.",
    ),
    ("zh", "两个机构签署了关于边境管理的谅解备忘录。总干事表示,该协议为双方关系开启了新篇章。"),
    (
        "de",
        "Die beiden Organisationen unterzeichneten eine Absichtserklärung zum Grenzmanagement. "
        "Der Generaldirektor sagte, das Abkommen schlage ein neues Kapitel "
        "in ihren Beziehungen auf.",
    ),
    (
        "it",
        "Le due agenzie hanno firmato un memorandum d'intesa sulla gestione delle frontiere. "
        "Il direttore generale ha dichiarato che l'accordo apre un nuovo capitolo "
        "nelle loro relazioni.",
    ),
    (
        "pt",
        "As duas agências assinaram um memorando de entendimento sobre a gestão de fronteiras. "
        "O diretor-geral afirmou que o acordo abre um novo capítulo nas suas relações.",
    ),
    (
        "tr",
        "İki kuruluş sınır yönetimi konusunda bir mutabakat zaptı imzaladı. "
        "Genel müdür, anlaşmanın ilişkilerinde yeni bir sayfa açtığını söyledi.",
    ),
]

SHORT = [
    ("en", "The meeting took place in Vienna. Both sides welcomed the result."),
    ("fr", "La réunion a eu lieu à Vienne. Les deux parties ont salué le résultat."),
    ("es", "La reunión tuvo lugar en Viena. Ambas partes celebraron el resultado."),
    ("de", "Das Treffen fand in Wien statt. Beide Seiten begrüßten das Ergebnis."),
    ("it", "La riunione si è svolta a Vienna. Entrambe le parti hanno accolto il risultato."),
    ("pt", "A reunião decorreu em Viena. Ambas as partes saudaram o resultado."),
    ("tr", "Toplantı Viyana'da yapıldı. İki taraf da sonucu memnuniyetle karşıladı."),
    ("ru", "Встреча прошла в Вене. Стороны приветствовали результат."),
    ("ar", "عقد الاجتماع في فيينا. ورحب الطرفان بالنتيجة."),
    ("zh", "会议在维也纳举行。双方对结果表示欢迎。"),
]

EN_BODY = (
    "The World Customs Organization and the Universal Postal Union met in Bern to review "
    "their cooperation on postal security.\n\n"
    "Both organizations agreed to hold a joint workshop next year and to exchange data on "
    "cross-border parcels, the statement said."
)
AR_BODY = (
    "التقى الأمين العام لمنظمة التعاون الإسلامي برئيس مفوضية الاتحاد الأفريقي في أديس أبابا.\n"
    "وبحث الجانبان سبل تعزيز التعاون بين المنظمتين في مجالات السلم والأمن والتنمية."
)
FR_BODY = (
    "Le Secrétaire général de l'Organisation a reçu mardi la délégation de l'Union africaine "
    "pour discuter de la coopération en matière de sécurité alimentaire.\n"
    "Les deux parties ont convenu de renforcer leur partenariat et d'organiser une réunion "
    "conjointe à Addis-Abeba au cours du second semestre."
)
EN_QUOTE = (
    "“We are proud to deepen this partnership, which will help millions of families across "
    "the region,” the Commissioner said in English."
)

MIXED = [
    # Chinese site chrome over an English body.
    ("en", {"en", "zh"}, "首页 > 新闻中心 > 国际合作\n分享 打印 关闭窗口\n\n" + EN_BODY),
    # English navigation over an Arabic body.
    ("ar", {"ar", "en"}, "Home | About us | News | Press releases | Contact\n\n" + AR_BODY),
    # A French body quoting an English sentence in its own paragraph.
    ("fr", {"fr", "en"}, FR_BODY + "\n\n" + EN_QUOTE + "\n\nLa réunion s'est achevée mercredi."),
]


@pytest.mark.parametrize(("lang", "text"), MONOLINGUAL + SHORT)
def test_monolingual_text(lang: str, text: str) -> None:
    language, shares = identify(text, DEFAULT)
    assert language == lang
    assert [s.lang for s in shares] == [lang]
    assert shares[0].chars == len(text)


@pytest.mark.parametrize(("lang", "expected_shares", "text"), MIXED)
def test_body_language_wins_over_chrome(lang: str, expected_shares: set[str], text: str) -> None:
    language, shares = identify(text, DEFAULT)
    assert language == lang
    assert {s.lang for s in shares} == expected_shares
    assert [s.chars for s in shares] == sorted((s.chars for s in shares), reverse=True)


def test_han_characters_weigh_more_than_latin_ones() -> None:
    chinese = "联合国与非洲联盟举行年度会议,双方同意加强在和平与安全领域的合作。"
    english = "The agenda was adopted. Delegates thanked the hosts for their hospitality."
    language, shares = identify(chinese + "\n" + english, DEFAULT)
    assert shares[0].lang == "en"  # more characters ...
    assert language == "zh"  # ... but less text


def test_paragraphs_without_letters_are_skipped() -> None:
    language, shares = identify("2024-07-22 | 10:41\n\n* * *\n" + SHORT[0][1], DEFAULT)
    assert language == "en"
    assert sum(s.chars for s in shares) == len(SHORT[0][1])


def test_empty_text_has_no_language() -> None:
    assert identify("", DEFAULT) == (None, [])
    assert identify("12 345 — 2024", DEFAULT) == (None, [])


def test_answers_stay_inside_the_allowed_set() -> None:
    spanish = dict(MONOLINGUAL)["es"]
    language, shares = identify(spanish, ("en", "fr"))
    assert language in {"en", "fr"}
    assert {s.lang for s in shares} <= {"en", "fr"}


def test_script_shortcut_needs_a_single_owner() -> None:
    russian = dict(MONOLINGUAL)["ru"]
    assert identify(russian, ("ru", "uk", "en"))[0] == "ru"  # lingua decides between ru and uk
    arabic = dict(MONOLINGUAL)["ar"]
    assert identify(arabic, ("ar", "fa"))[0] == "ar"


@pytest.mark.parametrize("code", ["xx", "english", "zz"])
def test_unknown_language_code_is_e203(code: str) -> None:
    with pytest.raises(CommuniqueError) as caught:
        LangIdStage(languages=f"en,{code}")
    assert caught.value.code == "E203"
    assert code in caught.value.detail


def test_language_codes_are_normalized() -> None:
    assert allowed_languages([" EN", "fr", "en"]) == ("en", "fr")


def test_stage_uses_the_languages_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_LANGUAGES", "en,fr")
    assert LangIdStage().languages == ("en", "fr")
    assert LangIdStage(languages=["ru", "zh"]).languages == ("ru", "zh")


@pytest.mark.parametrize(
    ("hint", "expected"), [("fr", "fr"), ("fr-CH", "fr"), ("ja", "en"), ("", "en")]
)
def test_source_hint_is_trusted_when_allowed(hint: str, expected: str) -> None:
    doc = Document(raw="", text=EN_BODY, hints={"lang": hint})
    doc = LangIdStage()(doc)
    assert doc.language == expected
    assert doc.languages[0].lang == "en"  # shares are measured all the same


def test_stage_fills_language_and_shares_and_pickles() -> None:
    stage = pickle.loads(pickle.dumps(LangIdStage(languages="en,fr,ar")))
    assert (stage.name, stage.requires, stage.assigns) == (
        "langid",
        ("text",),
        ("language", "languages"),
    )
    doc = stage(Document(raw="", text=AR_BODY))
    assert doc.language == "ar"
    assert [(s.lang, s.chars) for s in doc.languages] == [
        ("ar", sum(len(line) for line in AR_BODY.split("\n")))
    ]


def test_clean_then_langid_reads_the_body() -> None:
    notice = "所选语言本页无任何内容 Français : 法文 因此返回到 English : English"
    pipeline = Pipeline([CleanStage(), LangIdStage()])
    doc = pipeline(Document(raw=f"{notice}\n\n{EN_BODY}"))
    assert doc.error is None
    assert [r.reason for r in doc.removed] == ["language_fallback_notice"]
    assert doc.text == EN_BODY
    assert (doc.language, [s.lang for s in doc.languages]) == ("en", ["en"])
