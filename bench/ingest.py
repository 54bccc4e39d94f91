"""Benchmark the store: ingest a generated corpus, then time the events, search, partners queries.

The corpus is press-release-like documents in Arabic, Chinese, English,
French, Russian and Spanish, generated from the templates below with
organizations, people, cities and countries drawn from the knowledge base
(deterministic for a given --seed): varied event types, dates, places,
sentence order and paragraph counts, page chrome on some, no event at all on
others, and some events reported again in another language (so merging has
work to do). It is written as JSON-lines files of 1,000 documents each.

    .venv/bin/python bench/ingest.py                       # 100,000 documents, 2 workers
    .venv/bin/python bench/ingest.py --docs 20000 --keep /tmp/bench
    .venv/bin/python bench/ingest.py --db postgresql://postgres@127.0.0.1:5432/bench
    .venv/bin/python bench/ingest.py --queries-only --keep /tmp/bench
    .venv/bin/python bench/ingest.py --profile 500        # where the time goes, one process
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from babel.dates import format_date

from communique import batch
from communique.resources.kb import load_kb
from communique.store import Incoming, Store, open_store, queries, raw_hash
from communique.store.queries import Filters

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
PER_FILE = 1000
EVENT_TYPES = ("CONSULT", "SUPPORT", "AGREE", "COOPERATE", "AID")
# Kinds of organization that cooperate in press releases (not committees or missions).
ORG_KINDS = {"igo", "un_office", "un_fund_programme", "un_specialized_agency", "un_department"}
ORG_KINDS |= {"un_related_organization", "financial_institution", "ngo", "un_regional_commission"}

# Per language: sentences by event type, background sentences with no event, headlines,
# page chrome, topics and amounts. Slots: {A} {B} organizations, {pa} {pb} people,
# {city}, {country}, {date}, {topic}, {amount}, {year}, {n}, {members}.
TEMPLATES: dict[str, dict[str, Any]] = {
    "en": {
        "CONSULT": [
            "On {date}, {pa} of {A} met {pb} of {B} in {city} to discuss {topic}.",
            "{A} and {B} held talks in {city} on {date} on {topic}.",
            "{pa}, head of {A}, visited {B} in {city} on {date} to review joint work on {topic}.",
            "Representatives of {A} and {B} met by videoconference on {date} to discuss {topic}.",
        ],
        "SUPPORT": [
            "On {date}, {A} and {B} signed a memorandum of understanding on {topic} in {city}.",
            "{A} and {B} signed a cooperation agreement in {city} on {date}, covering {topic}.",
        ],
        "AGREE": [
            "{A} and {B} agreed on {date} to deepen their cooperation on {topic}.",
            "{A} and {B} will sign a new partnership agreement on {topic} next month.",
        ],
        "COOPERATE": [
            "On {date}, {A} and {B} launched a joint programme on {topic} in {country}.",
            "{A} and {B} ran a joint training course on {topic} in {city} on {date}.",
        ],
        "AID": [
            "On {date}, {A} provided {amount} to {B} to support {topic} in {country}.",
            "{A} delivered equipment worth {amount} to {B} in {city} on {date}.",
        ],
        "filler": [
            "{A} was established in {year} and works with {members} member states.",
            "The programme on {topic} has reached more than {n} people since {year}.",
            "According to the latest report, demand for support on {topic} keeps growing.",
            "{pa} said that {topic} remains a priority for the coming years.",
            "Further information is available on the website of {A}.",
            "Participants also reviewed the progress made since {year}.",
        ],
        "headline": [
            "{A} and {B} strengthen cooperation on {topic}",
            "New partnership between {A} and {B}",
            "{topic}: {A} and {B} join forces",
        ],
        "chrome": [
            "Share this page",
            "Print this article",
            "Subscribe to our newsletter",
            "Follow us on social media",
            "Media contact: press office",
            "Home > News > Press releases",
            "This site uses cookies to improve your experience.",
            "Related news",
        ],
        "topics": [
            "border management",
            "food security",
            "migration data",
            "public health",
            "customs reform",
            "climate resilience",
            "anti-corruption",
            "drug trafficking",
            "education",
            "disaster risk reduction",
            "gender equality",
            "cybercrime",
        ],
        "amounts": ["USD 2 million", "EUR 500,000", "USD 12.5 million", "USD 300,000"],
    },
    "fr": {
        "CONSULT": [
            "Le {date}, {pa}, de {A}, a rencontré {pb}, de {B}, à {city} au sujet de {topic}.",
            "{A} et {B} ont tenu des consultations à {city} le {date} sur {topic}.",
            "{pa}, à la tête de {A}, s'est rendu auprès de {B} à {city} le {date}.",
            "Des représentants de {A} et de {B} se sont réunis par visioconférence le {date}.",
        ],
        "SUPPORT": [
            "Le {date}, {A} et {B} ont signé un protocole d'accord sur {topic} à {city}.",
            "{A} et {B} ont signé un accord de coopération à {city} le {date}.",
        ],
        "AGREE": [
            "{A} et {B} sont convenus le {date} de renforcer leur coopération sur {topic}.",
            "{A} et {B} signeront un nouvel accord de partenariat le mois prochain.",
        ],
        "COOPERATE": [
            "Le {date}, {A} et {B} ont lancé un programme conjoint sur {topic} en {country}.",
            "{A} et {B} ont organisé une formation conjointe sur {topic} à {city} le {date}.",
        ],
        "AID": [
            "Le {date}, {A} a octroyé {amount} à {B} pour soutenir {topic} en {country}.",
            "{A} a remis des équipements d'une valeur de {amount} à {B} à {city} le {date}.",
        ],
        "filler": [
            "{A} a été créée en {year} et compte {members} États membres.",
            "Le programme consacré à {topic} a bénéficié à plus de {n} personnes depuis {year}.",
            "Selon le dernier rapport, les besoins en matière de {topic} continuent d'augmenter.",
            "{pa} a souligné que {topic} reste une priorité pour les années à venir.",
            "De plus amples informations sont disponibles sur le site de {A}.",
            "Les participants ont également examiné les progrès accomplis depuis {year}.",
        ],
        "headline": [
            "{A} et {B} renforcent leur coopération",
            "Nouveau partenariat entre {A} et {B}",
            "{topic} : {A} et {B} unissent leurs forces",
        ],
        "chrome": [
            "Partager cette page",
            "Imprimer",
            "Abonnez-vous à notre lettre d'information",
            "Suivez-nous sur les réseaux sociaux",
            "Contact presse",
            "Accueil > Actualités > Communiqués",
            "Ce site utilise des cookies.",
            "Articles connexes",
        ],
        "topics": [
            "la gestion des frontières",
            "la sécurité alimentaire",
            "les données migratoires",
            "la santé publique",
            "la réforme douanière",
            "la résilience climatique",
            "la lutte contre la corruption",
            "le trafic de drogue",
            "l'éducation",
            "la réduction des risques de catastrophe",
            "l'égalité des sexes",
            "la cybercriminalité",
        ],
        "amounts": ["2 millions de dollars", "500 000 euros", "12,5 millions de dollars"],
    },
    "es": {
        "CONSULT": [
            "El {date}, {pa}, de {A}, se reunió con {pb}, de {B}, en {city} para tratar {topic}.",
            "{A} y {B} celebraron consultas en {city} el {date} sobre {topic}.",
            "{pa}, al frente de {A}, visitó la sede de {B} en {city} el {date}.",
            "Representantes de {A} y {B} se reunieron por videoconferencia el {date}.",
        ],
        "SUPPORT": [
            "El {date}, {A} y {B} firmaron un memorando de entendimiento sobre {topic} en {city}.",
            "{A} y {B} firmaron un acuerdo de cooperación en {city} el {date}.",
        ],
        "AGREE": [
            "{A} y {B} acordaron el {date} profundizar su cooperación en {topic}.",
            "{A} y {B} firmarán un nuevo acuerdo de asociación el próximo mes.",
        ],
        "COOPERATE": [
            "El {date}, {A} y {B} lanzaron un programa conjunto sobre {topic} en {country}.",
            "{A} y {B} impartieron un curso conjunto sobre {topic} en {city} el {date}.",
        ],
        "AID": [
            "El {date}, {A} concedió {amount} a {B} para apoyar {topic} en {country}.",
            "{A} entregó equipos por valor de {amount} a {B} en {city} el {date}.",
        ],
        "filler": [
            "{A} fue creada en {year} y cuenta con {members} Estados miembros.",
            "El programa sobre {topic} ha llegado a más de {n} personas desde {year}.",
            "Según el último informe, la demanda de apoyo en {topic} sigue creciendo.",
            "{pa} afirmó que {topic} sigue siendo una prioridad para los próximos años.",
            "Más información disponible en el sitio web de {A}.",
            "Los participantes también examinaron los avances logrados desde {year}.",
        ],
        "headline": [
            "{A} y {B} refuerzan su cooperación",
            "Nueva alianza entre {A} y {B}",
            "{topic}: {A} y {B} unen fuerzas",
        ],
        "chrome": [
            "Compartir esta página",
            "Imprimir",
            "Suscríbase a nuestro boletín",
            "Síganos en las redes sociales",
            "Contacto de prensa",
            "Inicio > Noticias > Comunicados",
            "Este sitio utiliza cookies.",
            "Noticias relacionadas",
        ],
        "topics": [
            "la gestión de fronteras",
            "la seguridad alimentaria",
            "los datos migratorios",
            "la salud pública",
            "la reforma aduanera",
            "la resiliencia climática",
            "la lucha contra la corrupción",
            "el tráfico de drogas",
            "la educación",
            "la reducción del riesgo de desastres",
            "la igualdad de género",
            "la ciberdelincuencia",
        ],
        "amounts": ["2 millones de dólares", "500.000 euros", "12,5 millones de dólares"],
    },
    "ru": {
        "CONSULT": [
            "{date} {pa} ({A}) и {pb} ({B}) провели встречу в городе {city} по вопросам {topic}.",
            "{A} и {B} провели консультации в городе {city} {date}.",
            "{pa}, возглавляющий {A}, посетил штаб-квартиру «{B}» в городе {city} {date}.",
            "{date} {A} и {B} провели видеоконференцию по вопросам {topic}.",
        ],
        "SUPPORT": [
            "{date} {A} и {B} подписали в городе {city} меморандум о взаимопонимании.",
            "{A} и {B} подписали соглашение о сотрудничестве {date} в городе {city}.",
        ],
        "AGREE": [
            "{date} {A} и {B} договорились углублять сотрудничество в области {topic}.",
            "{A} и {B} подпишут новое соглашение о партнерстве в следующем месяце.",
        ],
        "COOPERATE": [
            "{date} {A} и {B} запустили в городе {city} совместную программу в области {topic}.",
            "{A} и {B} провели совместный учебный курс в городе {city} {date}.",
        ],
        "AID": [
            "{date} {A} выделила «{B}» {amount} на поддержку в области {topic}.",
            "{A} передала «{B}» оборудование стоимостью {amount} в городе {city} {date}.",
        ],
        "filler": [
            "{A} была основана в {year} году и объединяет {members} государств-членов.",
            "С {year} года программа в области {topic} охватила более {n} человек.",
            "Согласно последнему докладу, потребности в области {topic} продолжают расти.",
            "{pa} подчеркнул, что вопросы {topic} остаются приоритетом на ближайшие годы.",
            "Дополнительная информация размещена на сайте «{A}».",
            "Участники также рассмотрели прогресс, достигнутый с {year} года.",
        ],
        "headline": [
            "{A} и {B} расширяют сотрудничество",
            "Новое партнерство: {A} и {B}",
        ],
        "chrome": [
            "Поделиться",
            "Версия для печати",
            "Подпишитесь на нашу рассылку",
            "Мы в социальных сетях",
            "Контакты для прессы",
            "Главная > Новости > Пресс-релизы",
            "Сайт использует файлы cookie.",
            "Другие новости",
        ],
        "topics": [
            "управления границами",
            "продовольственной безопасности",
            "миграционной статистики",
            "общественного здравоохранения",
            "таможенной реформы",
            "климатической устойчивости",
            "борьбы с коррупцией",
            "борьбы с наркотрафиком",
            "образования",
            "снижения риска бедствий",
            "гендерного равенства",
            "борьбы с киберпреступностью",
        ],
        "amounts": ["2 млн долларов США", "500 тыс. евро", "12,5 млн долларов США"],
    },
    "ar": {
        "CONSULT": [
            "التقى {pa} من {A} مع {pb} من {B} في {city} يوم {date} لبحث {topic}.",
            "عقدت {A} و{B} مشاورات في {city} يوم {date} حول {topic}.",
            "زار {pa}، رئيس {A}، مقر {B} في {city} يوم {date}.",
            "اجتمع ممثلو {A} و{B} عبر الفيديو يوم {date} لمناقشة {topic}.",
        ],
        "SUPPORT": [
            "وقّعت {A} و{B} مذكرة تفاهم بشأن {topic} في {city} يوم {date}.",
            "وقّعت {A} و{B} اتفاقية تعاون في {city} يوم {date}.",
        ],
        "AGREE": [
            "اتفقت {A} و{B} يوم {date} على تعميق التعاون في مجال {topic}.",
            "ستوقع {A} و{B} اتفاقية شراكة جديدة الشهر المقبل.",
        ],
        "COOPERATE": [
            "أطلقت {A} و{B} يوم {date} برنامجاً مشتركاً بشأن {topic} في {country}.",
            "نظمت {A} و{B} دورة تدريبية مشتركة حول {topic} في {city} يوم {date}.",
        ],
        "AID": [
            "قدمت {A} يوم {date} مبلغ {amount} إلى {B} لدعم {topic} في {country}.",
            "سلّمت {A} معدات بقيمة {amount} إلى {B} في {city} يوم {date}.",
        ],
        "filler": [
            "تأسست {A} عام {year} وتضم {members} دولة عضواً.",
            "استفاد أكثر من {n} شخص من برنامج {topic} منذ عام {year}.",
            "وفقاً لأحدث تقرير، يتزايد الطلب على الدعم في مجال {topic}.",
            "وأكد {pa} أن {topic} يظل أولوية للسنوات المقبلة.",
            "تتوفر معلومات إضافية على موقع {A}.",
            "واستعرض المشاركون أيضاً التقدم المحرز منذ عام {year}.",
        ],
        "headline": [
            "{A} و{B} تعززان التعاون في مجال {topic}",
            "شراكة جديدة بين {A} و{B}",
        ],
        "chrome": [
            "شارك هذه الصفحة",
            "طباعة",
            "اشترك في نشرتنا الإخبارية",
            "تابعونا على وسائل التواصل الاجتماعي",
            "للتواصل مع وسائل الإعلام",
            "الرئيسية > الأخبار > البيانات الصحفية",
            "يستخدم هذا الموقع ملفات تعريف الارتباط.",
            "أخبار ذات صلة",
        ],
        "topics": [
            "إدارة الحدود",
            "الأمن الغذائي",
            "بيانات الهجرة",
            "الصحة العامة",
            "إصلاح الجمارك",
            "التكيف مع تغير المناخ",
            "مكافحة الفساد",
            "الاتجار بالمخدرات",
            "التعليم",
            "الحد من مخاطر الكوارث",
            "المساواة بين الجنسين",
            "الجرائم الإلكترونية",
        ],
        "amounts": ["مليوني دولار", "500 ألف يورو", "12.5 مليون دولار"],
    },
    "zh": {
        "CONSULT": [
            "{date}，{A}的{pa}在{city}会见了{B}的{pb}，双方就{topic}交换了意见。",
            "{A}与{B}于{date}在{city}举行磋商，讨论{topic}问题。",
            "{A}负责人{pa}于{date}访问了{B}位于{city}的总部。",
            "{A}和{B}代表于{date}举行视频会议，讨论{topic}。",
        ],
        "SUPPORT": [
            "{date}，{A}与{B}在{city}签署了关于{topic}的谅解备忘录。",
            "{A}和{B}于{date}在{city}签署合作协议。",
        ],
        "AGREE": [
            "{A}与{B}于{date}同意深化在{topic}领域的合作。",
            "{A}和{B}将于下月签署新的伙伴关系协议。",
        ],
        "COOPERATE": [
            "{date}，{A}与{B}在{country}启动了{topic}联合项目。",
            "{A}和{B}于{date}在{city}联合举办了{topic}培训班。",
        ],
        "AID": [
            "{date}，{A}向{B}提供了{amount}，用于支持{country}的{topic}工作。",
            "{A}于{date}在{city}向{B}移交了价值{amount}的设备。",
        ],
        "filler": [
            "{A}成立于{year}年，拥有{members}个成员国。",
            "自{year}年以来，{topic}项目已惠及{n}多人。",
            "最新报告显示，{topic}方面的需求持续增长。",
            "{pa}表示，{topic}仍是今后几年的优先事项。",
            "更多信息请访问{A}网站。",
            "与会者还回顾了自{year}年以来取得的进展。",
        ],
        "headline": ["{A}与{B}加强{topic}合作", "{A}与{B}建立新的伙伴关系"],
        "chrome": [
            "分享本页",
            "打印",
            "订阅新闻简报",
            "关注我们的社交媒体",
            "媒体联系",
            "首页 > 新闻 > 新闻稿",
            "本网站使用Cookie。",
            "相关新闻",
        ],
        "topics": [
            "边境管理",
            "粮食安全",
            "移民数据",
            "公共卫生",
            "海关改革",
            "气候适应",
            "反腐败",
            "毒品贩运",
            "教育",
            "减少灾害风险",
            "性别平等",
            "网络犯罪",
        ],
        "amounts": ["200万美元", "50万欧元", "1250万美元"],
    },
}
JOINER = {"zh": ""}  # Chinese sentences follow one another without a space
# Words a user might search for, per language (they occur in the templates above).
SEARCH_WORDS = {
    "en": ["cooperation", "memorandum", "joint programme", "food security", "videoconference"],
    "fr": ["coopération", "protocole d'accord", "santé publique", "formation conjointe"],
    "es": ["cooperación", "memorando", "seguridad alimentaria", "curso conjunto"],
    "ru": ["сотрудничество", "меморандум", "совместную программу", "консультации"],
    "ar": ["التعاون", "مذكرة تفاهم", "الأمن الغذائي", "برنامجاً مشتركاً"],
    "zh": ["合作", "谅解备忘录", "粮食安全", "培训班", "视频会议"],
}


# --- the cast: who and where, from the knowledge base -------------------------------------


@dataclass(frozen=True)
class Cast:
    """Organizations, people and places with their names in the six languages."""

    orgs: list[tuple[str, dict[str, str], dict[str, str]]]  # id, names, acronyms by language
    people: list[dict[str, str]]  # names by language
    cities: list[tuple[dict[str, str], str]]  # names by language, country code
    countries: list[dict[str, str]]


def load_cast() -> Cast:
    """Pick organizations, people and places the knowledge base names in all six languages."""
    kb = load_kb(())
    orgs = []
    for ident, org in sorted(kb.orgs.items()):
        names = _first_names(org.get("names", {}))
        if org.get("kind") in ORG_KINDS and names and not org.get("ambiguous"):
            acronyms = {lang: v[0] for lang, v in (org.get("acronyms") or {}).items() if v}
            orgs.append((ident, names, acronyms))
    people = [n for p in kb.people.values() if (n := _first_names(p.get("names", {})))]
    cities = [(n, c["country"]) for c in kb.cities.values() if (n := _first_names(c["names"]))]
    countries = [n for c in kb.countries.values() if (n := _first_names(c.get("names", {})))]
    return Cast(orgs, people, cities, countries)


def _first_names(names: dict[str, list[str]]) -> dict[str, str]:
    """Return the first name in each language, or {} when a language is missing."""
    if not all(names.get(lang) for lang in LANGS):
        return {}
    return {lang: names[lang][0] for lang in LANGS}


# --- documents ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EventSpec:
    """One real-world event, renderable in any language (a report in another reuses it)."""

    type: str
    a: int
    b: int
    pa: int
    pb: int
    city: int
    country: int
    day: dt.date
    topic: int
    amount: int


@dataclass
class Generator:
    """Documents from the templates, deterministic for a seed."""

    cast: Cast
    rng: random.Random
    recent: list[EventSpec] = field(default_factory=list)

    def document(self, number: int) -> dict[str, Any]:
        """Return one JSON-lines document: id, title, url, published date and text."""
        lang = LANGS[number % len(LANGS)]
        published = dt.date(2015, 1, 1) + dt.timedelta(days=self.rng.randrange(3650))
        specs = [self.event(published) for _ in range(self._event_count())]
        text, title = self.render(lang, specs, published)
        return {
            "id": f"bench-{number}",
            "title": title,
            "url": f"https://press.example.org/{lang}/{published:%Y/%m}/{number}",
            "published": published.isoformat(),
            "text": text,
        }

    def _event_count(self) -> int:
        return self.rng.choices((0, 1, 2, 3), weights=(12, 55, 25, 8))[0]

    def event(self, published: dt.date, remember: bool = True) -> EventSpec:
        """Return a new event before `published`, or one reported before (one in ten)."""
        if remember and self.recent and self.rng.random() < 0.1:
            return self.rng.choice(self.recent)
        r, cast = self.rng, self.cast
        a, b = r.sample(range(len(cast.orgs)), 2)
        spec = EventSpec(
            type=r.choices(EVENT_TYPES, weights=(40, 20, 15, 15, 10))[0],
            a=a,
            b=b,
            pa=r.randrange(len(cast.people)),
            pb=r.randrange(len(cast.people)),
            city=r.randrange(len(cast.cities)),
            country=r.randrange(len(cast.countries)),
            day=published - dt.timedelta(days=r.randrange(4)),
            topic=r.randrange(12),
            amount=r.randrange(3),
        )
        if remember:
            self.recent = ([spec, *self.recent])[:200]
        return spec

    def render(self, lang: str, specs: list[EventSpec], published: dt.date) -> tuple[str, str]:
        """Return the text and title of a document reporting `specs` in `lang`."""
        r, words = self.rng, TEMPLATES[lang]
        lead = specs[0] if specs else self.event(published, remember=False)
        slots = self.slots(lang, lead)
        paragraphs = [self.paragraph(lang, spec) for spec in specs]
        paragraphs += [self.filler(lang, lead) for _ in range(r.randint(2 - len(specs) // 2, 3))]
        r.shuffle(paragraphs)
        if r.random() < 0.5:
            dateline = f"{slots['city']}, {format_date(published, 'long', locale=lang)} — "
            paragraphs[0] = dateline + paragraphs[0]
        title = r.choice(words["headline"]).format(**slots)
        if not specs:  # a notice with no event has a headline with none either
            title = self.join(lang, self.backgrounds(lang, lead, 1), lead).rstrip(".。")
        top = r.sample(words["chrome"], r.randint(1, 3)) if r.random() < 0.3 else []
        bottom = r.sample(words["chrome"], r.randint(1, 4)) if r.random() < 0.4 else []
        return "\n\n".join([*top, title, *paragraphs, *bottom]), title

    def paragraph(self, lang: str, spec: EventSpec) -> str:
        """Return a paragraph reporting `spec`, with background sentences around it."""
        words, r = TEMPLATES[lang], self.rng
        sentences = self.backgrounds(lang, spec, r.randint(0, 2))
        sentences.insert(r.randint(0, len(sentences)), r.choice(words[spec.type]))
        return self.join(lang, sentences, spec)

    def filler(self, lang: str, spec: EventSpec) -> str:
        """Return a paragraph of background sentences (no event)."""
        return self.join(lang, self.backgrounds(lang, spec, self.rng.randint(2, 4)), spec)

    def backgrounds(self, lang: str, spec: EventSpec, count: int) -> list[str]:
        """Return `count` different background templates."""
        return self.rng.sample(TEMPLATES[lang]["filler"], count)

    def join(self, lang: str, templates: list[str], spec: EventSpec) -> str:
        """Fill each template (background ones about the event's parties or another body)."""
        r, sentences = self.rng, []
        for template in templates:
            slots = self.slots(lang, spec)
            slots.update(year=r.randint(1945, 2012), n=r.randint(100, 90000))
            slots.update(members=r.randint(9, 193), pa=r.choice(self.cast.people)[lang])
            if r.random() < 0.3:
                slots["A"] = self.org(lang, r.randrange(len(self.cast.orgs)))
            sentences.append(template.format(**slots))
        return JOINER.get(lang, " ").join(sentences)

    def slots(self, lang: str, spec: EventSpec) -> dict[str, Any]:
        """Return the template slots of an event in one language."""
        cast, words = self.cast, TEMPLATES[lang]
        return {
            "A": self.org(lang, spec.a),
            "B": self.org(lang, spec.b),
            "pa": cast.people[spec.pa][lang],
            "pb": cast.people[spec.pb][lang],
            "city": cast.cities[spec.city][0][lang],
            "country": cast.countries[spec.country][lang],
            "date": format_date(spec.day, "long", locale=lang),
            "topic": words["topics"][spec.topic],
            "amount": words["amounts"][spec.amount % len(words["amounts"])],
        }

    def org(self, lang: str, index: int) -> str:
        """Return an organization's name, sometimes followed by its acronym."""
        _, names, acronyms = self.cast.orgs[index]
        acronym = acronyms.get(lang) or (acronyms.get("en") if lang in ("fr", "es") else None)
        if acronym and self.rng.random() < 0.3:
            return f"{names[lang]} ({acronym})"
        return names[lang]


def write_corpus(folder: Path, count: int, seed: int) -> tuple[list[Path], int]:
    """Write `count` documents as JSON-lines files of PER_FILE each; return the files, bytes."""
    generator = Generator(load_cast(), random.Random(seed))
    paths, total = [], 0
    for start in range(0, count, PER_FILE):
        path = folder / f"corpus-{start // PER_FILE:04d}.jsonl"
        lines = [generator.document(n) for n in range(start, min(count, start + PER_FILE))]
        data = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in lines)
        path.write_text(data, encoding="utf-8")
        paths.append(path)
        total += len(data.encode("utf-8"))
    return paths, total


# --- ingest -------------------------------------------------------------------------------


def ingest(paths: list[Path], store: Store, workers: int) -> tuple[int, float]:
    """Ingest the corpus with `workers` extraction processes; return documents and seconds."""
    started, last_report = time.monotonic(), [time.monotonic()]

    def report(summary: batch.Summary) -> None:
        if time.monotonic() - last_report[0] >= 30:
            last_report[0] = time.monotonic()
            print(
                f"  {summary.documents} docs, {summary.rate:.1f} docs/s, {summary.errors} errors",
                file=sys.stderr,
                flush=True,
            )

    summary = batch.ingest([str(p) for p in paths], store, workers=workers, on_progress=report)
    seconds = time.monotonic() - started
    if summary.errors:
        print(f"  {summary.errors} inputs failed (see the errors table)", file=sys.stderr)
    return summary.documents, seconds


def database_size(store: Store) -> int:
    """Return the database's size in bytes (SQLite: after a WAL checkpoint)."""
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
            size = conn.exec_driver_sql("PRAGMA page_size").scalar_one()
            return int(pages) * int(size)
        found = conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar()
        return int(found or 0)


# --- queries ------------------------------------------------------------------------------


def query_plans(cast: Cast, seed: int, count: int) -> dict[str, list[Callable[[Store], Any]]]:
    """Return `count` varied calls of each query (names and acronyms in every script)."""
    r = random.Random(seed)

    def org() -> str:
        ident, names, acronyms = r.choice(cast.orgs)
        choices = [ident, names[r.choice(LANGS)], *acronyms.values()]
        return r.choice(choices)

    def since() -> str:
        return f"{r.randint(2015, 2024)}-{r.randint(1, 12):02d}-01"

    event_filters: list[Callable[[], Filters]] = [
        lambda: Filters(org=org()),
        lambda: Filters(org=org(), type=r.choice(EVENT_TYPES)),
        lambda: Filters(type=r.choice(EVENT_TYPES)),
        lambda: Filters(lang=r.choice(LANGS)),
        lambda: Filters(country=r.choice(cast.cities)[1]),
        lambda: Filters(since=since()),
        lambda: Filters(since=(s := since()), until=s[:3] + str(int(s[3]) + 1) + s[4:]),
        lambda: Filters(context=r.choice(["health", "migration", "corruption", "education"])),
        lambda: Filters(org=org(), partner=org()),
        lambda: Filters(),
    ]

    def search_call() -> tuple[str, Filters]:
        lang = r.choice(LANGS)
        kind = r.random()
        if kind < 0.5:
            return r.choice(SEARCH_WORDS[lang]), Filters()
        if kind < 0.7:
            return r.choice(cast.orgs)[1][lang], Filters()
        if kind < 0.85:
            return r.choice(SEARCH_WORDS[lang]), Filters(lang=lang)
        return "", Filters(org=org())

    plans: dict[str, list[Callable[[Store], Any]]] = {"events": [], "search": [], "partners": []}
    for _ in range(count):
        plans["events"].append(partial(_events, filters=r.choice(event_filters)()))
        words, found = search_call()
        plans["search"].append(partial(_search, words=words, filters=found))
        plans["partners"].append(partial(_partners, org=r.choice(cast.orgs)[0]))
    return plans


def _events(store: Store, filters: Filters) -> list[dict[str, Any]]:
    return queries.events(store, filters)


def _search(store: Store, words: str, filters: Filters) -> list[dict[str, Any]]:
    return queries.search(store, words, filters)


def _partners(store: Store, org: str) -> list[dict[str, Any]]:
    return list(queries.partners(store, org)["partners"])


def time_queries(store: Store, plans: dict[str, list[Callable[[Store], Any]]]) -> None:
    """Run each plan after a warm-up of its first 20 calls; print p50, p95 and max in ms."""
    print(f"{'query':9} {'calls':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'rows/call':>9}")
    for name, calls in plans.items():
        for call in calls[:20]:
            call(store)
        timings, rows = [], 0
        for call in calls:
            started = time.perf_counter()
            found = call(store)
            timings.append((time.perf_counter() - started) * 1000)
            rows += len(found)
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"{name:9} {len(timings):5} {p50:8.1f} {p95:8.1f} {max(timings):8.1f} "
            f"{rows / len(timings):9.1f}"
        )


# --- where the time goes ------------------------------------------------------------------


def profile(count: int, seed: int, url: str) -> None:
    """Extract and write `count` documents in this process; print time per stage and writer.

    The writer writes into `url`: a copy of a large database shows it at scale.
    """
    from communique.batch.work import DEFAULT_OPTIONS, build_pipeline
    from communique.sources import read_bytes

    generator = Generator(load_cast(), random.Random(seed))
    lines = [json.dumps(generator.document(n), ensure_ascii=False) for n in range(count)]
    pipeline = build_pipeline(DEFAULT_OPTIONS)
    spent: dict[str, float] = defaultdict(float)
    incoming = []
    for number, line in enumerate(lines):
        started = time.perf_counter()
        doc = read_bytes(line.encode("utf-8"), fmt="jsonl")[0]
        spent["read (jsonl source)"] += time.perf_counter() - started
        for stage in pipeline.stages:
            started = time.perf_counter()
            doc = stage(doc)
            spent[f"stage {stage.name}"] += time.perf_counter() - started
        started = time.perf_counter()
        record = doc.to_record()
        spent["to_record"] += time.perf_counter() - started
        incoming.append(Incoming(record, raw_hash(line), f"profile:{number}", raw=doc.raw))
    writer_seconds, stats = _profile_writer(incoming, url)
    spent["store.write (batches of 64)"] = writer_seconds
    total = sum(spent.values())
    print(f"{count} documents in one process, {total:.1f} s, {count / total:.1f} docs/s")
    for name, seconds in sorted(spent.items(), key=lambda x: -x[1]):
        print(f"  {name:30} {seconds:8.2f} s {100 * seconds / total:5.1f} %")
    print("writer, top functions by own time:")
    print(stats)


def _profile_writer(incoming: list[Incoming], url: str) -> tuple[float, str]:
    with open_store(url) as store:
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for start in range(0, len(incoming), 64):
            store.write(incoming[start : start + 64])
        profiler.disable()
        seconds = time.perf_counter() - started
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    return seconds, out.getvalue()


# --- main ---------------------------------------------------------------------------------


def main() -> None:
    """Generate, ingest, measure and print the figures."""
    args = parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="communique-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        if args.profile:
            profile(args.profile, args.seed, args.db or str(folder / "profile.db"))
            return
        run(args, folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: Path) -> None:
    url = args.db or str(folder / "bench.db")
    if not args.queries_only:
        if not args.db and Path(url).exists():
            for suffix in ("", "-wal", "-shm"):
                Path(url + suffix).unlink(missing_ok=True)  # a fresh database every run
        started = time.monotonic()
        paths, size = write_corpus(folder, args.docs, args.seed)
        print(f"corpus: {args.docs} documents, {size / 1e6:.1f} MB in {len(paths)} JSONL files,")
        print(f"        generated in {time.monotonic() - started:.1f} s ({folder})")
    with open_store(url) as store:
        if not args.queries_only:
            if store.counts()["documents"]:
                sys.exit(f"{url} is not empty: give an empty database (figures would be wrong)")
            docs, seconds = ingest(paths, store, args.workers)
            rate = docs / seconds
            print(f"ingest: {docs} docs in {seconds:.0f} s: {rate:.1f} docs/s, ", end="")
            print(f"{rate / args.workers:.1f} docs/s per worker ({args.workers} workers)")
        counts = store.counts()
        print(f"store: {counts['documents']} documents, {counts['events']} events, ", end="")
        print(f"{counts['clusters']} merged events, {counts['entities']} entities")
        print(f"database size: {database_size(store) / 1e6:.1f} MB ({store.dialect})")
        if store.dialect == "postgresql":
            analyze(store)
        time_queries(store, query_plans(load_cast(), args.seed, args.queries))


def analyze(store: Store) -> None:
    """Gather PostgreSQL's planner statistics, which a bulk load leaves stale until autovacuum."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    print("(ANALYZE run before timing: without it the planner scans whole tables)")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents to generate")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes")
    parser.add_argument("--db", default=None, help="database URL (default: SQLite in the folder)")
    parser.add_argument("--keep", default=None, help="folder to keep the corpus and database in")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated corpus")
    parser.add_argument("--queries", type=int, default=300, help="timed calls of each query")
    parser.add_argument("--queries-only", action="store_true", help="time the queries only")
    parser.add_argument(
        "--profile", type=int, default=0, help="profile N documents in one process instead"
    )
    args = parser.parse_args()
    if args.queries_only and not (args.db or args.keep):
        parser.error("--queries-only needs --db or --keep (an existing database)")
    return args


if __name__ == "__main__":
    main()
