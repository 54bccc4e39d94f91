"""Benchmark extraction: documents and megabytes per second, and peak memory.

Corpus: the ``*.txt`` documents of the evaluation sets (``../shared/eval``,
or ``COMMUNIQUE_EVAL_DIR``) repeated until there are at least ``--min-mb``
megabytes of text; where those are absent, press-release-like documents
generated from the templates below in six languages; or ``--corpus DIR``.

    .venv/bin/python bench/extract.py
    .venv/bin/python bench/extract.py --workers 4 --limit 2000
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing import Pool
from pathlib import Path

from babel.dates import format_date

from communique.pipeline import Pipeline
from communique.sources import iter_documents

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = Path(os.environ.get("COMMUNIQUE_EVAL_DIR", REPO.parent / "shared" / "eval"))
CHUNKSIZE = 16

# Template pieces per language: organizations, cities, topics and sentences with
# {a} and {b} (organizations), {city}, {date}, {topic} and {person} slots;
# the headline uses the last paragraph's slots.
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "en": {
        "orgs": [
            "the World Customs Organization (WCO)",
            "the International Organization for Migration (IOM)",
            "the African Union (AU)",
            "INTERPOL",
            "the Food and Agriculture Organization (FAO)",
            "the United Nations Office on Drugs and Crime (UNODC)",
        ],
        "cities": ["Geneva", "Vienna", "Nairobi", "Addis Ababa", "New York", "Bangkok"],
        "people": ["Amina Diallo", "John Carter", "Priya Nair"],
        "headline": ["{a} and {b} step up cooperation on {topic}"],
        "topics": [
            "border management",
            "food security",
            "migration data",
            "customs reform",
            "public health",
        ],
        "sentences": [
            "{city}, {date} - {a} and {b} signed a memorandum of understanding on {topic}.",
            "On {date}, {person} of {a} met the leadership of {b} in {city} to discuss {topic}.",
            "{a} and {b} agreed to deepen their partnership on {topic} during talks in {city}.",
            "The two organizations will hold a joint training workshop on {topic} next year.",
            "Officials of {a} welcomed the support of {b} for its programmes on {topic}.",
        ],
    },
    "fr": {
        "orgs": [
            "l'Organisation mondiale des douanes (OMD)",
            "l'Organisation internationale pour les migrations (OIM)",
            "l'Union africaine (UA)",
            "INTERPOL",
            "l'Organisation des Nations Unies pour l'alimentation et l'agriculture (FAO)",
        ],
        "cities": ["Genève", "Vienne", "Dakar", "Bruxelles", "Paris", "Abidjan"],
        "people": ["Claire Martin", "Moussa Traoré", "Hélène Dubois"],
        "headline": ["{a} et {b} renforcent leur coopération"],
        "topics": [
            "la gestion des frontières",
            "la sécurité alimentaire",
            "les données migratoires",
            "la santé publique",
        ],
        "sentences": [
            "{city}, le {date} - {a} et {b} ont signé un protocole d'accord sur {topic}.",
            "Le {date}, {person}, de {a}, a rencontré les dirigeants de {b} à {city}.",
            "{a} et {b} sont convenus d'approfondir leur coopération dans {topic}.",
            "Les deux organisations organiseront un atelier conjoint sur {topic} l'an prochain.",
            "Les responsables de {a} ont salué le soutien de {b} à ses programmes.",
        ],
    },
    "es": {
        "orgs": [
            "la Organización Mundial de Aduanas (OMA)",
            "la Organización Internacional para las Migraciones (OIM)",
            "la Unión Africana (UA)",
            "INTERPOL",
            "la Organización de las Naciones Unidas para la Alimentación y la Agricultura (FAO)",
        ],
        "cities": ["Ginebra", "Viena", "Bogotá", "Madrid", "Santiago", "Lima"],
        "people": ["María Torres", "José Ramírez", "Lucía Gómez"],
        "headline": ["{a} y {b} refuerzan su cooperación"],
        "topics": [
            "la gestión de fronteras",
            "la seguridad alimentaria",
            "los datos migratorios",
            "la salud pública",
        ],
        "sentences": [
            "{city}, {date} - {a} y {b} firmaron un memorando de entendimiento sobre {topic}.",
            "El {date}, {person}, de {a}, se reunió con la dirección de {b} en {city}.",
            "{a} y {b} acordaron profundizar su cooperación en {topic}.",
            "Ambas organizaciones celebrarán un taller conjunto sobre {topic} el próximo año.",
            "Los representantes de {a} agradecieron el apoyo de {b} a sus programas.",
        ],
    },
    "ru": {
        "orgs": [
            "Всемирная таможенная организация (ВТамО)",
            "Международная организация по миграции (МОМ)",
            "Африканский союз (АС)",
            "Интерпол",
            "Шанхайская организация сотрудничества (ШОС)",
        ],
        "cities": ["Женева", "Вена", "Москва", "Астана", "Ташкент", "Бишкек"],
        "people": ["Сергей Волков", "Анна Петрова", "Тимур Ахметов"],
        "headline": ["{a} и {b} расширяют сотрудничество"],
        "topics": [
            "управлению границами",
            "продовольственной безопасности",
            "миграционным данным",
            "общественному здравоохранению",
        ],
        "sentences": [
            "{city}, {date} - {a} и {b} подписали меморандум о взаимопонимании по {topic}.",
            "{date} {person} ({a}) встретился с руководством {b} в городе {city}.",
            "{a} и {b} договорились углублять сотрудничество по {topic}.",
            "В следующем году две организации проведут совместный семинар по {topic}.",
            "Представители {a} приветствовали поддержку {b} в работе по {topic}.",
        ],
    },
    "ar": {
        "orgs": [
            "منظمة الجمارك العالمية",
            "المنظمة الدولية للهجرة",
            "الاتحاد الأفريقي",
            "الإنتربول",
            "منظمة الأغذية والزراعة",
        ],
        "cities": ["جنيف", "فيينا", "القاهرة", "الرباط", "عمّان", "الدوحة"],
        "people": ["عمر حداد", "ليلى منصور", "خالد العلي"],
        "headline": ["{a} و{b} تعززان التعاون في مجال {topic}"],
        "topics": ["إدارة الحدود", "الأمن الغذائي", "بيانات الهجرة", "الصحة العامة"],
        "sentences": [
            "{city}، {date} - وقّعت {a} و{b} مذكرة تفاهم بشأن {topic}.",
            "في {date}، التقى {person} من {a} بقيادة {b} في {city}.",
            "اتفقت {a} و{b} على تعميق التعاون في مجال {topic}.",
            "ستعقد المنظمتان ورشة تدريبية مشتركة حول {topic} في العام المقبل.",
            "رحّب مسؤولو {a} بدعم {b} لبرامجها في مجال {topic}.",
        ],
    },
    "zh": {
        "orgs": [
            "世界海关组织",
            "国际移民组织",
            "非洲联盟",
            "国际刑警组织",
            "联合国粮食及农业组织",
            "上海合作组织",
        ],
        "cities": ["日内瓦", "维也纳", "北京", "内罗毕", "曼谷", "纽约"],
        "people": ["李伟", "王芳", "张明"],
        "headline": ["{a}与{b}加强{topic}合作"],
        "topics": ["边境管理", "粮食安全", "移民数据", "公共卫生"],
        "sentences": [
            "{city}{date}电 {a}与{b}签署了关于{topic}的谅解备忘录。",
            "{date}，{a}的{person}在{city}会见了{b}领导层，双方讨论了{topic}。",
            "{a}和{b}同意深化在{topic}领域的合作。",
            "两个组织将于明年举办关于{topic}的联合培训班。",
            "{a}官员欢迎{b}对其{topic}项目的支持。",
        ],
    },
}
# Chinese sentences are written without spaces between them.
JOINERS = {"zh": ""}


def generate_corpus(directory: Path, min_bytes: int, seed: int) -> list[Path]:
    """Write generated documents into `directory` until they hold `min_bytes`; return them."""
    rng = random.Random(seed)
    paths: list[Path] = []
    total = 0
    while total < min_bytes:
        lang = sorted(TEMPLATES)[len(paths) % len(TEMPLATES)]
        path = directory / f"{lang}-{len(paths):05d}.txt"
        path.write_text(generate_document(lang, rng), encoding="utf-8")
        total += path.stat().st_size
        paths.append(path)
    return paths


def generate_document(lang: str, rng: random.Random) -> str:
    """Return one press-release-like document: a headline and a few paragraphs."""
    parts = TEMPLATES[lang]
    paragraphs = []
    for _ in range(rng.randint(3, 6)):
        a, b = rng.sample(parts["orgs"], 2)
        slots = {
            "a": a,
            "b": b,
            "city": rng.choice(parts["cities"]),
            "topic": rng.choice(parts["topics"]),
            "person": rng.choice(parts["people"]),
            "date": format_date(_random_day(rng), format="long", locale=lang),
        }
        sentences = rng.sample(parts["sentences"], rng.randint(2, len(parts["sentences"])))
        paragraphs.append(
            JOINERS.get(lang, " ").join(_capitalized(s.format(**slots)) for s in sentences)
        )
    headline = _capitalized(rng.choice(parts["headline"]).format(**slots))
    return "\n\n".join([headline, *paragraphs]) + "\n"


def _capitalized(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _random_day(rng: random.Random) -> dt.date:
    return dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))


def eval_corpus() -> list[Path]:
    """Return the evaluation documents (seeds and dev), or [] when they are absent."""
    return sorted(p for name in ("seeds", "dev") for p in (EVAL_DIR / name).glob("*.txt"))


def repeat_until(paths: list[Path], min_bytes: int) -> list[Path]:
    """Repeat `paths` in order until their sizes add up to at least `min_bytes`."""
    if not paths:
        return []
    out: list[Path] = []
    total = 0
    while total < min_bytes:
        for path in paths:
            out.append(path)
            total += path.stat().st_size
    return out


@lru_cache(maxsize=1)
def worker_pipeline() -> Pipeline:
    """Return this process's one pipeline, built from the settings."""
    return Pipeline.from_names()


def extract_one(path: str) -> tuple[int, bool]:
    """Extract one file; return its number of events and whether it carries an error."""
    pipeline = worker_pipeline()
    events, failed = 0, False
    for doc in iter_documents([path]):
        record = pipeline(doc).to_record()
        events += len(record["events"])
        failed = failed or "error" in record
    return events, failed


def warm_up(path: str) -> None:
    """Build the process's pipeline and extract one document (the Pool initializer)."""
    extract_one(path)


def _ready(_: int) -> int:
    return os.getpid()


@dataclass
class Run:
    mode: str
    docs: int
    megabytes: float
    warmup: float
    seconds: float
    events: int
    errors: int


def run_single(paths: list[str], megabytes: float) -> Run:
    """Extract every path in this process."""
    start = time.perf_counter()
    warm_up(paths[0])
    warmup = time.perf_counter() - start
    start = time.perf_counter()
    results = [extract_one(p) for p in paths]
    seconds = time.perf_counter() - start
    return _run("1 process", paths, megabytes, warmup, seconds, results)


def run_pool(paths: list[str], megabytes: float, workers: int) -> Run:
    """Extract every path in `workers` processes, one pipeline each."""
    start = time.perf_counter()
    with Pool(workers, initializer=warm_up, initargs=(paths[0],)) as pool:
        pool.map(_ready, range(workers), chunksize=1)  # returns once the workers are warm
        warmup = time.perf_counter() - start
        start = time.perf_counter()
        results = list(pool.imap_unordered(extract_one, paths, chunksize=CHUNKSIZE))
        seconds = time.perf_counter() - start
        pool.close()
        pool.join()
    return _run(f"{workers} processes", paths, megabytes, warmup, seconds, results)


def _run(
    mode: str,
    paths: list[str],
    megabytes: float,
    warmup: float,
    seconds: float,
    results: list[tuple[int, bool]],
) -> Run:
    events = sum(n for n, _ in results)
    errors = sum(failed for _, failed in results)
    return Run(mode, len(paths), megabytes, warmup, seconds, events, errors)


def peak_rss_mb(who: int) -> float:
    """Return peak resident memory in MB (RUSAGE_CHILDREN: the largest finished child)."""
    peak = resource.getrusage(who).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB else


def format_run(run: Run) -> str:
    """Return the figures of a run as a small aligned table."""
    children = peak_rss_mb(resource.RUSAGE_CHILDREN)
    header = ["mode", "docs", "MB", "seconds", "docs/s", "MB/s", "peak RSS MB", "worker RSS MB"]
    row = [
        run.mode,
        str(run.docs),
        f"{run.megabytes:.2f}",
        f"{run.seconds:.2f}",
        f"{run.docs / run.seconds:.1f}" if run.seconds else "-",
        f"{run.megabytes / run.seconds:.3f}" if run.seconds else "-",
        f"{peak_rss_mb(resource.RUSAGE_SELF):.0f}",
        f"{children:.0f}" if children else "-",
    ]
    widths = [max(len(h), len(c)) for h, c in zip(header, row, strict=True)]
    lines = [
        "  ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)) for cells in (header, row)
    ]
    warm = f"warm-up (build pipeline + first document): {run.warmup:.2f} s"
    return "\n".join([warm, *lines, f"events: {run.events}, records with errors: {run.errors}"])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="folder of .txt documents to extract")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--limit", type=int, help="extract at most this many documents")
    parser.add_argument("--min-mb", type=float, default=5.0, help="repeat the corpus up to this")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated corpus")
    return parser.parse_args(argv)


def corpus_paths(args: argparse.Namespace, scratch: Path) -> Iterator[str]:
    """Yield the corpus the options ask for, repeated up to --min-mb and cut at --limit."""
    min_bytes = int(args.min_mb * 1e6)
    if args.corpus:
        base = sorted(args.corpus.rglob("*.txt"))
    else:
        base = eval_corpus() or generate_corpus(scratch, min_bytes, args.seed)
    paths = repeat_until(base, min_bytes)[: args.limit]
    yield from (str(p) for p in paths)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as scratch:
        paths = list(corpus_paths(args, Path(scratch)))
        if not paths:
            print("no documents to extract", file=sys.stderr)
            return 1
        megabytes = sum(Path(p).stat().st_size for p in paths) / 1e6
        print(f"corpus: {len(set(paths))} distinct files, {len(paths)} documents")
        if args.workers > 1:
            run = run_pool(paths, megabytes, args.workers)
        else:
            run = run_single(paths, megabytes)
    print(format_run(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
