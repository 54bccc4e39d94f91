"""A small store for the web tests: our own reports in six languages, and a hostile one.

The documents go through the library (extract, then the store), as a user's
would. Each gets a title and a source address, and one carries script and
markup in its text and its title: the pages must show it as text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from communique import extract
from communique.store import Incoming, open_store, raw_hash
from tests.store_support import OTHERS, SAME_MEETING

HOSTILE_PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
)
HOSTILE_TEXT = (
    "On 3 May 2023 the Director-General of the World Health Organization met the Executive "
    "Director of UNICEF in Geneva to discuss <script>alert(1)</script> vaccination "
    '<img src=x onerror=alert(1)> campaigns "><svg onload=alert(1)>.'
)
HOSTILE_TITLE = '<script>alert("title")</script> WHO and UNICEF "><svg onload=alert(2)>'

# More events, one per language, so every page has something to show in every script.
MORE = {
    "es-mou": "El 12 de septiembre de 2022, la Organización Internacional para las Migraciones y "
    "la Oficina de las Naciones Unidas contra la Droga y el Delito firmaron un memorando de "
    "entendimiento en El Cairo para combatir el tráfico de migrantes.",
    "ar-mou": "وقّعت المنظمة الدولية للهجرة ومكتب الأمم المتحدة المعني بالمخدرات والجريمة مذكرة "
    "تفاهم في القاهرة يوم 12 سبتمبر 2022 لمكافحة تهريب المهاجرين.",
    "zh-health": "2022年11月8日，世界卫生组织总干事在日内瓦会见了联合国儿童基金会执行主任，"
    "讨论疫苗接种问题。",
    "ru-customs": "10 октября 2022 года Интерпол и Всемирная таможенная организация провели "
    "переговоры в Лионе о борьбе с контрабандой.",
    "fr-trade": "Le 21 janvier 2023, le Secrétaire général de l'Organisation mondiale des douanes "
    "a rencontré à Bruxelles le Directeur général de l'Organisation mondiale du commerce pour "
    "discuter de la facilitation des échanges.",
    "en-development": "On 7 December 2022 the African Union and the United Nations Development "
    "Programme signed a memorandum of understanding in Addis Ababa on sustainable development "
    "and health.",
}

TITLES = {
    "en": "UNODC and INTERPOL leaders meet in Vienna",
    "fr": "L'ONUDC et INTERPOL se rencontrent à Vienne",
    "es": "La UNODC y la INTERPOL se reúnen en Viena",
    "ru": "УНП ООН и Интерпол провели переговоры в Вене",
    "ar": "لقاء بين مكتب الأمم المتحدة المعني بالمخدرات والجريمة والإنتربول في فيينا",
    "zh": "联合国毒品和犯罪问题办公室与国际刑警组织在维也纳会晤",
    "en-later": "UNODC Executive Director meets INTERPOL Secretary General in Lyon",
    "fr-agreement": "L'OIM et l'OMD signent un mémorandum d'accord",
    "en-health": "WHO and UNICEF discuss vaccination campaigns",
    "es-mou": "La OIM y la UNODC firman un memorando de entendimiento en El Cairo",
    "ar-mou": "المنظمة الدولية للهجرة ومكتب الأمم المتحدة المعني بالمخدرات والجريمة يوقعان مذكرة تفاهم",
    "zh-health": "世界卫生组织总干事会见联合国儿童基金会执行主任",
    "ru-customs": "Интерпол и ВТамО провели переговоры в Лионе",
    "fr-trade": "Le Secrétaire général de l'OMD rencontre le Directeur général de l'OMC",
    "en-development": "African Union and UNDP sign a memorandum of understanding",
}


def corpus() -> dict[str, str]:
    """Return every test document's text by key (the key's prefix is its language)."""
    return {**SAME_MEETING, **OTHERS, **MORE, "en-hostile": HOSTILE_TEXT}


def titled(key: str, record: dict[str, Any]) -> dict[str, Any]:
    """Give a record the title and source address a crawled page would have."""
    record["title"] = HOSTILE_TITLE if key == "en-hostile" else TITLES[key]
    record["source"]["url"] = f"https://press.example.org/{key}"
    return record


def build_store(folder: Path) -> str:
    """Extract the corpus into a new SQLite file in `folder`; return its path."""
    path = folder / "web.db"
    records = [titled(key, extract(text)) for key, text in sorted(corpus().items())]
    with open_store(str(path)) as store:
        store.write([Incoming(r, raw_hash(r["text"]), f"{r['id']}.txt") for r in records])
    return str(path)
