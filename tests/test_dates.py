"""Dates stage: date expressions in six languages and the publication date."""

from __future__ import annotations

import pickle
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.documents import DateMention, Document
from communique.pipeline.dates import DatesStage, find_publication, parse_dates
from communique.registry import STAGES
from communique.resources import load

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
EXTRA_LANGS = ("de", "it", "pt", "tr")
FRIDAY = date(2022, 12, 9)


def only(text: str, lang: str, published: date | None = None) -> DateMention:
    """Return the single mention of `text`, checking its span."""
    found = parse_dates(text, lang, published)
    assert len(found) == 1, found
    mention = found[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


@pytest.mark.parametrize("lang", LANGS + EXTRA_LANGS)
def test_word_lists_have_every_month_and_weekday(lang: str) -> None:
    words = load(f"dates/{lang}")
    assert len(words["months"]) == 12
    assert len(words["weekdays"]) == 7
    assert {item["offset"] for item in words["relative_days"]} >= {-1, 0, 1}
    # YAML reads a bare `on` or `no` as a boolean: every word must stay a string
    lists = {k: v for k, v in words.items() if k not in ("relative_days", "relative_years")}
    flags = {"case_sensitive", "month_first", "month_first_needs_year"}
    assert all(isinstance(x, str) for k, v in lists.items() if k not in flags for x in _leaves(v))


@pytest.mark.parametrize(
    ("lang", "text", "mention", "value"),
    [
        ("en", "The talks took place on 9 July 2018 in Geneva.", "9 July 2018", "2018-07-09"),
        ("en", "The plan was signed on July 9, 2018, in Rome.", "July 9, 2018", "2018-07-09"),
        ("en", "It opened on Friday, 3rd of May 2019.", "Friday, 3rd of May 2019", "2019-05-03"),
        (
            "fr",
            "Le 1er juin 2021, les deux organisations ont signé.",
            "1er juin 2021",
            "2021-06-01",
        ),
        ("fr", "Réunion du 3 fevrier 2020 à Paris.", "3 fevrier 2020", "2020-02-03"),
        ("es", "El 9 de julio de 2018 se firmó el acuerdo.", "9 de julio de 2018", "2018-07-09"),
        ("es", "Martes, Marzo 3, 2020 - 10:20", "Martes, Marzo 3, 2020", "2020-03-03"),
        ("ru", "Встреча прошла 9 июля 2018 года в Женеве.", "9 июля 2018 года", "2018-07-09"),
        ("ru", "Подписано 3 сент. 2019 г. в Москве.", "3 сент. 2019 г.", "2019-09-03"),
        ("ar", "عقد الاجتماع في 11 نوفمبر، 2020 في جنيف", "11 نوفمبر، 2020", "2020-11-11"),
        ("ar", "٧ مارس، ٢٠١٩", "٧ مارس، ٢٠١٩", "2019-03-07"),
        (
            "ar",
            "وقع الاتفاق في 3 كانون الثاني/يناير 2020",
            "3 كانون الثاني/يناير 2020",
            "2020-01-03",
        ),
        ("ar", "انعقدت الدورة يوم 12 دجنبر 2019 بالرباط", "12 دجنبر 2019", "2019-12-12"),
        ("ar", "وصل الوفد في 15 جويلية 2021", "15 جويلية 2021", "2021-07-15"),
        ("ar", "التقى الوزير في 2 آب 2017", "2 آب 2017", "2017-08-02"),
        ("zh", "2023年5月18日，双方签署了协议。", "2023年5月18日", "2023-05-18"),
        ("zh", "会议于2023年05月18日举行", "2023年05月18日", "2023-05-18"),
        ("zh", "二〇一八年六月九日，峰会开幕。", "二〇一八年六月九日", "2018-06-09"),
        ("zh", "２０２４年７月２２日举行", "２０２４年７月２２日", "2024-07-22"),
        ("en", "Agency at the meeting\n12 三月 2019\n", "12 三月 2019", "2019-03-12"),
        ("en", "Released 2022-03-14 by the office.", "2022-03-14", "2022-03-14"),
        ("ru", "Документ от 17.03.2022 опубликован.", "17.03.2022", "2022-03-17"),
        ("fr", "Communiqué du 17/03/2022.", "17/03/2022", "2022-03-17"),
        ("en", "Dated 03/17/2022 in the register.", "03/17/2022", "2022-03-17"),
        ("fr", "Note datée du 05/06/2023.", "05/06/2023", "2023-06-05"),
    ],
)
def test_full_dates(lang: str, text: str, mention: str, value: str) -> None:
    found = only(text, lang)
    assert (found.text, found.value, found.precision) == (mention, value, "day")
    assert found.relative is False and found.end_value is None


@pytest.mark.parametrize(
    ("lang", "text", "mention", "value"),
    [
        ("en", "The plan was adopted in June 2021.", "June 2021", "2021-06-01"),
        ("fr", "Adopté en juin 2021 à Genève.", "juin 2021", "2021-06-01"),
        ("es", "Firmado en julio de 2018.", "julio de 2018", "2018-07-01"),
        ("ru", "Принят в июне 2021 года.", "июне 2021 года", "2021-06-01"),
        ("ar", "اعتمدت الخطة في يونيو 2021", "يونيو 2021", "2021-06-01"),
        ("zh", "该计划于2021年6月通过。", "2021年6月", "2021-06-01"),
    ],
)
def test_month_and_year(lang: str, text: str, mention: str, value: str) -> None:
    found = only(text, lang)
    assert (found.text, found.value, found.precision) == (mention, value, "month")


@pytest.mark.parametrize(
    ("lang", "text", "mention"),
    [
        ("en", "The office opened in 2018.", "2018"),
        ("fr", "Le bureau a ouvert en 2018.", "2018"),
        ("es", "La oficina abrió en 2018.", "2018"),
        ("ru", "Офис открылся в 2018 году.", "2018 году"),
        ("zh", "该办事处于2018年开设。", "2018年"),
        ("ar", "افتتح المكتب في عام 2018", "عام 2018"),
        ("ar", "اتفاق مبرم عام 2018 بين المنظمتين", "عام 2018"),
    ],
)
def test_bare_year_after_its_marker(lang: str, text: str, mention: str) -> None:
    found = only(text, lang)
    assert (found.text, found.value, found.precision) == (mention, "2018-01-01", "year")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "About 2018 delegates attended."),
        ("ru", "Пришли 2018 человек."),
        ("en", "See eadaily.com/ru/news/2022/09/15/story for more."),
        ("en", "Members in may 2021 or later."),
        ("zh", "价格为30日元。"),
        ("zh", "今日中国杂志报道了会议。"),
        ("ar", "بمناسبة اليوم العالمي للسلام"),
        ("ar", "بعد صلاة الجمعة في المسجد"),
        ("ar", "اتفق الاثنان على التعاون"),
        ("es", "Se reunieron por la mañana en la sede."),
        ("ru", "Защита окружающей среды и среда обитания."),
    ],
)
def test_no_date_here(lang: str, text: str) -> None:
    assert parse_dates(text, lang, FRIDAY) == []


@pytest.mark.parametrize(
    ("lang", "text", "mention", "value", "end_value"),
    [
        ("en", "It ran from 14 to 16 June 2021.", "from 14 to 16 June 2021", "06-14", "06-16"),
        ("en", "It ran 14-16 June 2021.", "14-16 June 2021", "06-14", "06-16"),
        ("en", "It ran 14 to 16 June.", "14 to 16 June", "06-14", "06-16"),
        ("en", "It ran June 14-16, 2021.", "June 14-16, 2021", "06-14", "06-16"),
        ("en", "Meetings on 5 and 6 June.", "5 and 6 June", "06-05", "06-06"),
        ("en", "From 30 June to 2 July 2021.", "From 30 June to 2 July 2021", "06-30", "07-02"),
        ("fr", "Elle a eu lieu du 14 au 16 juin 2021.", "du 14 au 16 juin 2021", "06-14", "06-16"),
        ("es", "Se celebró del 14 al 16 de junio.", "del 14 al 16 de junio", "06-14", "06-16"),
        ("ru", "Форум прошел с 14 по 16 июня.", "с 14 по 16 июня", "06-14", "06-16"),
        ("ru", "Форум прошел 14-16 июня.", "14-16 июня", "06-14", "06-16"),
        ("zh", "会议于6月14日至16日举行。", "6月14日至16日", "06-14", "06-16"),
        ("zh", "展览于6月14日至7月2日举行。", "6月14日至7月2日", "06-14", "07-02"),
        ("zh", "峰会于2021年6月9日至10日举行。", "2021年6月9日至10日", "06-09", "06-10"),
        ("zh", "峰会(今年6月9日至10日)", "今年6月9日至10日", "06-09", "06-10"),
        ("ar", "من 14 إلى 16 يونيو 2021 في جنيف", "من 14 إلى 16 يونيو 2021", "06-14", "06-16"),
        ("ar", "عقدت الدورة يومي 5 و 6 يونيو بالرباط", "يومي 5 و 6 يونيو", "06-05", "06-06"),
    ],
)
def test_ranges(lang: str, text: str, mention: str, value: str, end_value: str) -> None:
    found = only(text, lang, date(2021, 7, 1))
    assert found.text == mention
    assert (found.value, found.end_value) == ("2021-" + value, "2021-" + end_value)


@pytest.mark.parametrize(
    ("lang", "text", "mention", "value"),
    [
        ("de", "Am 9. Juli 2018 trafen sie sich.", "9. Juli 2018", "2018-07-09"),
        ("de", "Sie trafen sich am vergangenen Freitag.", "am vergangenen Freitag", "2022-12-02"),
        ("it", "Il 1º maggio 2019 hanno firmato.", "1º maggio 2019", "2019-05-01"),
        ("it", "Si sono incontrati ieri.", "ieri", "2022-12-08"),
        ("pt", "Em 9 de julho de 2018 assinaram.", "9 de julho de 2018", "2018-07-09"),
        ("pt", "Reuniram-se na segunda-feira.", "na segunda-feira", "2022-12-05"),
        ("tr", "9 Temmuz 2018'de toplandılar.", "9 Temmuz 2018", "2018-07-09"),
        ("tr", "Dün toplandılar.", "Dün", "2022-12-08"),
    ],
)
def test_other_languages(lang: str, text: str, mention: str, value: str) -> None:
    found = only(text, lang, FRIDAY)
    assert (found.text, found.value) == (mention, value)


def test_range_across_the_new_year() -> None:
    found = only("From 30 December to 2 January 2021.", "en")
    assert (found.value, found.end_value) == ("2020-12-30", "2021-01-02")


def test_two_full_dates_joined_by_and_stay_two() -> None:
    found = parse_dates("on 9 July 2018 and 10 August 2018", "en", None)
    assert [m.value for m in found] == ["2018-07-09", "2018-08-10"]


@pytest.mark.parametrize(
    ("lang", "text", "mention", "published", "value"),
    [
        ("en", "On 9 July, the leaders met.", "9 July", date(2018, 7, 20), "2018-07-09"),
        ("en", "On 28 December they met.", "28 December", date(2019, 1, 5), "2018-12-28"),
        ("en", "They will meet on 10 July.", "10 July", date(2018, 7, 5), "2018-07-10"),
        ("en", "They met on 20 July.", "20 July", date(2018, 7, 5), "2017-07-20"),
        (
            "fr",
            "Le 9 juillet, les dirigeants se sont réunis.",
            "9 juillet",
            date(2018, 7, 20),
            "2018-07-09",
        ),
        ("es", "El 9 de julio se reunieron.", "9 de julio", date(2018, 7, 20), "2018-07-09"),
        ("ru", "21 мая состоялась встреча.", "21 мая", date(2013, 5, 21), "2013-05-21"),
        ("ar", "التقى الوفدان في 9 يوليو", "9 يوليو", date(2018, 7, 20), "2018-07-09"),
        ("zh", "古特雷斯30日出席了峰会。", "30日", date(2017, 2, 1), "2017-01-30"),
        ("zh", "双方于7月9日会谈。", "7月9日", date(2018, 7, 20), "2018-07-09"),
    ],
)
def test_dates_without_year(
    lang: str, text: str, mention: str, published: date, value: str
) -> None:
    found = only(text, lang, published)
    assert (found.text, found.value, found.precision) == (mention, value, "day")
    unresolved = only(text, lang, None)
    assert (unresolved.text, unresolved.value, unresolved.precision) == (mention, None, "day")


@pytest.mark.parametrize(
    ("lang", "text", "mention", "value"),
    [
        ("en", "The agreement was signed today.", "today", "2022-12-09"),
        ("en", "They met yesterday.", "yesterday", "2022-12-08"),
        ("en", "Report\nToday the council met.", "Today", "2022-12-09"),
        ("en", "Report\nFriday evening the council met.", "Friday evening", "2022-12-09"),
        ("en", "They meet tomorrow.", "tomorrow", "2022-12-10"),
        ("en", "They met this Monday.", "this Monday", "2022-12-05"),
        ("en", "They met last Friday.", "last Friday", "2022-12-02"),
        ("en", "They met on Wednesday.", "on Wednesday", "2022-12-07"),
        ("en", "They meet next Tuesday.", "next Tuesday", "2022-12-13"),
        ("en", "It was signed 3 days ago.", "3 days ago", "2022-12-06"),
        ("fr", "Signé aujourd'hui à Genève.", "aujourd'hui", "2022-12-09"),
        ("fr", "Signé aujourd’hui à Genève.", "aujourd’hui", "2022-12-09"),
        ("fr", "Ils se sont réunis hier soir.", "hier soir", "2022-12-08"),
        ("fr", "Ils se sont réunis ce lundi.", "ce lundi", "2022-12-05"),
        ("fr", "Ils se réuniront mardi prochain.", "mardi prochain", "2022-12-13"),
        ("es", "Firmaron hoy el acuerdo.", "hoy", "2022-12-09"),
        ("es", "Se reunieron ayer.", "ayer", "2022-12-08"),
        ("es", "Se reunieron este lunes.", "este lunes", "2022-12-05"),
        ("es", "Se reunieron el lunes pasado.", "el lunes pasado", "2022-12-05"),
        ("ru", "Соглашение подписано сегодня.", "сегодня", "2022-12-09"),
        ("ru", "Встреча прошла вчера.", "вчера", "2022-12-08"),
        ("ru", "Встреча прошла в понедельник.", "в понедельник", "2022-12-05"),
        ("ru", "Встреча прошла в прошлую пятницу.", "в прошлую пятницу", "2022-12-02"),
        ("ru", "Встреча прошла в среду.", "в среду", "2022-12-07"),
        ("ru", "Письмо пришло 3 дня назад.", "3 дня назад", "2022-12-06"),
        ("zh", "双方今天签署了协议。", "今天", "2022-12-09"),
        ("zh", "双方昨天举行会谈。", "昨天", "2022-12-08"),
        ("zh", "双方本周一举行会谈。", "本周一", "2022-12-05"),
        ("zh", "双方上周五举行会谈。", "上周五", "2022-12-02"),
        ("ar", "وقع الطرفان اليوم على الاتفاق", "اليوم", "2022-12-09"),
        ("ar", "التقى الطرفان أمس في جنيف", "أمس", "2022-12-08"),
        ("ar", "التقى الطرفان يوم الأربعاء في جنيف", "يوم الأربعاء", "2022-12-07"),
        ("ar", "عقد الطرفان مساء الجمعة محادثات", "مساء الجمعة", "2022-12-09"),
        ("ar", "التقى الطرفان الخميس الماضي", "الخميس الماضي", "2022-12-08"),
        ("ar", "التقى، اليوم الأربعاء، الطرفان", "اليوم الأربعاء", "2022-12-07"),
    ],
)
def test_relative_words(lang: str, text: str, mention: str, value: str) -> None:
    found = only(text, lang, FRIDAY)
    assert (found.text, found.value, found.precision) == (mention, value, "day")
    assert found.relative is True
    unresolved = only(text, lang, None)
    assert unresolved.value is None and unresolved.relative is True


def doc(text: str, lang: str, **hints: str) -> Document:
    return Document(raw=text, text=text, language=lang, hints=dict(hints))


BODY = {
    "en": "The two organizations agreed to deepen their cooperation on customs matters.",
    "fr": "Les deux organisations ont convenu de renforcer leur coopération douanière.",
    "es": "Las dos organizaciones acordaron profundizar su cooperación aduanera.",
    "ru": "Две организации договорились углублять сотрудничество в таможенной сфере.",
    "zh": "两个组织同意深化海关领域的合作。",
    "ar": "اتفقت المنظمتان على تعميق التعاون في المجال الجمركي.",
}


@pytest.mark.parametrize(
    ("lang", "text", "value", "stated"),
    [
        ("en", "Leaders meet in Rome\n21 June 2019\n{body}", "2019-06-21", "21 June 2019"),
        ("en", "Heads meet\nVienna, 12 March 2015\nReport\n{body}", "2015-03-12", "12 March 2015"),
        (
            "es",
            "Titular\nMartes, Marzo 3, 2020 - 10:20\n{body}",
            "2020-03-03",
            "Martes, Marzo 3, 2020",
        ),
        (
            "ru",
            "Заголовок\n4 апреля 2016, 18:05 [«Известия», Иван Петров ]\n{body}",
            "2016-04-04",
            "4 апреля 2016",
        ),
        (
            "zh",
            "标题\n2016年09月12日08:15 | 来源:新华网-国际频道\n{body}",
            "2016-09-12",
            "2016年09月12日",
        ),
        ("zh", "标题\n日期: 2022-05-17 来源: 官网 点击: 12\n{body}", "2022-05-17", "2022-05-17"),
        ("ar", "عنوان الخبر\n١٧ مارس ٢٠٢١\n{body}", "2021-03-17", "١٧ مارس ٢٠٢١"),
        ("fr", "Titre\n14/02/2011\n{body}", "2011-02-14", "14/02/2011"),
        (
            "en",
            "NAIROBI, 4 May 2017 (UN Information Service) - {body}",
            "2017-05-04",
            "4 May 2017",
        ),
        (
            "en",
            "Title\nPhoto: the two heads (left)3 October 2012 - {body}",
            "2012-10-03",
            "3 October 2012",
        ),
        ("fr", "Titre\n3 mai 2021 – {body}", "2021-05-03", "3 mai 2021"),
    ],
)
def test_publication_from_a_date_line(lang: str, text: str, value: str, stated: str) -> None:
    d = doc(text.format(body=BODY[lang]), lang)
    published = find_publication(d)
    assert published is not None
    assert (published.date, published.source, published.precision) == (value, "text", "day")
    assert published.start is not None and published.end is not None
    assert d.text[published.start : published.end] == stated


@pytest.mark.parametrize(
    ("lang", "line", "value"),
    [
        ("en", "Published 2 October 2020", "2020-10-02"),
        ("en", "Posted on 3 May 2021 | Geneva office news", "2021-05-03"),
        ("ru", "Опубликовано 2 октября 2020 в 08:10", "2020-10-02"),
        ("fr", "Publié le 3 mai 2021", "2021-05-03"),
        ("en", "Published:\n3 May 2021", "2021-05-03"),
        ("es", "Publicado el 3 de mayo de 2021", "2021-05-03"),
        ("zh", "发布时间：2022年5月17日", "2022-05-17"),
        ("ar", "تاريخ النشر: 3 مايو 2021", "2021-05-03"),
    ],
)
def test_publication_from_a_label(lang: str, line: str, value: str) -> None:
    text = "\n".join([BODY[lang]] * 12 + [line] + [BODY[lang]] * 4)
    published = find_publication(doc(text, lang), strategies="labelled")
    assert published is not None and (published.date, published.source) == (value, "text")


@pytest.mark.parametrize("lang", LANGS)
def test_publication_from_the_foot(lang: str) -> None:
    foot = {
        "en": "Geneva, 3 May 2021",
        "fr": "Genève, le 3 mai 2021",
        "es": "Ginebra, 3 de mayo de 2021",
        "ru": "Женева, 3 мая 2021 года",
        "zh": "2021年5月3日",
        "ar": "جنيف، 3 مايو 2021",
    }[lang]
    text = "\n".join([BODY[lang]] * 12 + [foot])
    published = find_publication(doc(text, lang))
    assert published is not None and published.date == "2021-05-03"


def test_publication_from_metadata() -> None:
    d = doc(BODY["en"], "en", published="2021-06-30T10:00:00Z")
    assert find_publication(d) == find_publication(d, strategies="metadata")
    published = find_publication(d)
    assert published is not None and (published.date, published.source) == (
        "2021-06-30",
        "metadata",
    )
    d.hints["published_source"] = "jsonl"
    published = find_publication(d)
    assert published is not None and published.source == "jsonl"


def test_strategies_are_tried_in_the_order_given_and_can_be_switched_off() -> None:
    d = doc("Title\n30 June 2018\n" + BODY["en"], "en", published="2018-07-02")
    first = find_publication(d)
    assert first is not None and (first.date, first.source) == ("2018-06-30", "text")
    meta = find_publication(d, strategies="metadata,dateline")
    assert meta is not None and meta.date == "2018-07-02"
    assert find_publication(d, strategies="labelled") is None


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Le 8 mai 2018, l'OIM et l'OMD ont signé un accord de coopération à Genève."),
        ("fr", "Dakar, Sénégal – Le 14 mars 2023, la conférence régionale a commencé."),
        (
            "en",
            " date 2024-04-11 Two agencies meet to discuss postal security and trade "
            "facilitation in the region",
        ),
        ("ru", "5 марта 2019 года в Минске состоялись переговоры делегаций."),
        ("zh", "2019年4月3日，在论坛期间，两位负责人举行了会谈。"),
        ("zh", "新华社日内瓦3月5日电 秘书长28日出席了会议。"),
        ("es", "El 9 de julio de 2018 se firmó el acuerdo entre las dos organizaciones."),
        ("ar", "في 9 ديسمبر 2022 التقى الأمينان العامان للمنظمتين في نيويورك."),
    ],
)
def test_no_publication_date_where_none_is_stated(lang: str, text: str) -> None:
    assert find_publication(doc(text + "\n" + BODY[lang], lang)) is None


def test_stage_resolves_dates_against_the_dateline() -> None:
    text = (
        "秘书长出席会议\n2019年03月05日09:30 | 来源:新华网\n"
        "新华社日内瓦3月5日电 秘书长28日出席了会议。"
    )
    out = DatesStage()(doc(text, "zh"))
    assert out.published is not None and out.published.date == "2019-03-05"
    assert [(m.text, m.value) for m in out.dates] == [
        ("2019年03月05日", "2019-03-05"),
        ("3月5日", "2019-03-05"),
        ("28日", "2019-02-28"),
    ]


def test_stage_without_publication_date_leaves_relative_dates_open() -> None:
    out = DatesStage()(doc("On 9 July, yesterday, the leaders met in 2018.", "en"))
    assert out.published is None
    assert [(m.text, m.value, m.precision) for m in out.dates] == [
        ("9 July", None, "day"),
        ("yesterday", None, "day"),
        ("2018", "2018-01-01", "year"),
    ]


def test_stage_keeps_metadata_date_and_uses_it() -> None:
    out = DatesStage()(doc("Les dirigeants se sont réunis hier.", "fr", published="2021-06-30"))
    assert out.published is not None and out.published.source == "metadata"
    assert [m.value for m in out.dates] == ["2021-06-29"]


def test_stage_declares_its_place_and_pickles() -> None:
    stage = DatesStage()
    assert (stage.name, stage.requires, stage.assigns) == (
        "dates",
        ("text", "language"),
        ("dates", "published"),
    )
    assert isinstance(pickle.loads(pickle.dumps(stage)), DatesStage)
    assert STAGES.get("dates") is DatesStage


def test_unknown_language_still_reads_numeric_dates() -> None:
    found = parse_dates("Sitzung am 26.10.2023 und 2023-11-02.", "xx", None)
    assert [m.value for m in found] == ["2023-10-26", "2023-11-02"]


FRAGMENTS = [
    "٩ ديسمبر، ٢٠٢٢",
    "الأَرْبِعَاء",
    "يوم الأربعاء",
    "أمس",
    "ـــ",
    "２０２４年７月２２日",
    "30日",
    "9 July 2018",
    "aujourd’hui",
    "14–16 June",
    "\u00a0",
    " ",
    "\n",
    "сегодня",
    "le 1er juin",
    "本周一",
    "x",
    "2023-10-26",
    "–",
    "Friday,",
    "من 14 إلى 16 يونيو",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12), st.sampled_from(LANGS))
def test_every_span_points_at_its_text(pieces: list[str], lang: str) -> None:
    text = "".join(pieces)
    for mention in parse_dates(text, lang, FRIDAY):
        assert text[mention.start : mention.end] == mention.text
        assert mention.text.strip() == mention.text and mention.text


def test_a_date_never_spans_two_lines() -> None:
    found = parse_dates("Chapter 9\nJune 2018 report\nFriday\n3 May 2019", "en", None)
    assert [m.text for m in found] == ["June 2018", "Friday", "3 May 2019"]
