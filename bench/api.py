"""Benchmark the JSON API over loopback: p50 and p95 of the main endpoints, printed as a table.

The server is the real one (`communique serve`, uvicorn, in a subprocess on
127.0.0.1); requests go through httpx with keep-alive, one at a time, after
a warm-up. The database is, in order of preference:

    .venv/bin/python bench/api.py --db bench.db              # any existing database (or URL)
    .venv/bin/python bench/api.py --keep /tmp/bench          # bench/ingest.py's bench.db there
    .venv/bin/python bench/api.py --docs 3000 --scale 100000 --keep /tmp/bench-api

Without an existing database, `--docs` documents (3,000) are generated with
bench/ingest.py's generator and ingested through the real pipeline; then, with
`--scale N`, their records are copied (new ids, dates moved by whole weeks per
copy, so copies never merge with each other) until the store holds N documents:
a large store in minutes rather than hours, with the same shape of data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from communique.store import Incoming, Store, open_store

HERE = Path(__file__).resolve().parent
API = "/api/v1"
WARMUP = 20
COPY_BATCH = 500


def load_ingest_bench() -> Any:
    """Import bench/ingest.py (the corpus generator) as a module."""
    spec = importlib.util.spec_from_file_location("bench_ingest", HERE / "ingest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def build(folder: Path, docs: int, workers: int, seed: int) -> str:
    """Generate `docs` documents and ingest them through the pipeline; return the database."""
    url = str(folder / "bench.db")
    generator = load_ingest_bench()
    started = time.monotonic()
    paths, size = generator.write_corpus(folder, docs, seed)
    with open_store(url) as store:
        stored, _seconds = generator.ingest(paths, store, workers)
    print(f"built: {stored} documents ({size / 1e6:.1f} MB) through the pipeline", end="")
    print(f" in {time.monotonic() - started:.0f} s")
    return url


# --- growing a store by copying its records -----------------------------------------------------


def _new_id(prefix: str, old: str, copy: str) -> str:
    return prefix + hashlib.sha256(f"{old}|{copy}".encode()).hexdigest()[:16]


def _shift(value: str | None, days: int) -> str | None:
    """Move an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) by `days`, keeping its precision."""
    if not value:
        return value
    padded = value + "-01-01"[len(value) - 4 :] if len(value) < 10 else value
    try:
        moved = (dt.date.fromisoformat(padded[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return value
    return moved[: len(value)]


def copied(record: dict[str, Any], copy: int, salt: str = "") -> dict[str, Any]:
    """Return a copy of a record with fresh ids and every date moved by `copy` weeks."""
    days = 7 * copy
    doc = _new_id("doc:", record["id"], f"{copy}{salt}")
    out = {**record, "id": doc}
    if isinstance(record.get("published"), dict):
        out["published"] = {
            **record["published"],
            "date": _shift(record["published"]["date"], days),
        }
    out["events"] = []
    for event in record["events"]:
        date = event.get("date")
        if date:
            date = {**date, "start": _shift(date["start"], days), "end": _shift(date["end"], days)}
        evidence = [{**e, "doc": doc} for e in event["evidence"]]
        ident = _new_id("ev:", event["id"], f"{copy}{salt}")
        out["events"].append({**event, "id": ident, "date": date, "evidence": evidence})
    return out


def scale(url: str, target: int) -> None:
    """Copy the store's records until it holds `target` documents."""
    with open_store(url) as store:
        originals = [store.get_record(i) for i in store.document_ids()]
        count = len(originals)
        started, copy = time.monotonic(), 0
        while count < target:
            copy += 1
            # The salt keeps copies made by an earlier run (of fewer originals) distinct.
            salt = f"@{len(originals)}"
            batch = [copied(r, copy, salt) for r in originals[: target - count]]
            for start in range(0, len(batch), COPY_BATCH):
                chunk = batch[start : start + COPY_BATCH]
                store.write([Incoming(r, r["id"], f"copy{copy}") for r in chunk])
            count += len(batch)
            print(f"\rscaled: {count} documents ({copy} copies)", end="", flush=True)
        print(f" in {time.monotonic() - started:.0f} s")


# --- the server and the requests ---------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str, port: int) -> subprocess.Popen[bytes]:
    """Start `communique serve` on 127.0.0.1:`port` and wait until it answers."""
    command = [sys.executable, "-m", "communique.cli", "serve", "--db", url, "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{API}/settings", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("the server did not start within 60 s")


def plans(client: httpx.Client, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Return, per endpoint, a function giving the next URL to request (varied parameters)."""
    orgs = [
        e["id"] for e in client.get(f"{API}/entities?type=organization&limit=40").json()["items"]
    ]
    names = [
        e["acronym"] or e["name"] for e in client.get(f"{API}/entities?limit=40").json()["items"]
    ]
    events = [e["id"] for e in client.get(f"{API}/events?limit=200").json()["items"]]
    docs = [h["id"] for h in client.get(f"{API}/search?org={orgs[0]}&limit=200").json()["items"]]
    words = ["cooperation", "coopération", "сотрудничеств", "合作", "التعاون", "cooperación"]
    words += [n for n in names if n][:20]
    langs = ["ar", "en", "es", "fr", "ru", "zh"]
    pick = rng.choice
    return {
        "events": lambda: f"{API}/events?offset={rng.randrange(0, 500)}&lang={pick(langs)}",
        "events ?org": lambda: f"{API}/events?org={pick(orgs)}",
        "events ?type&since": lambda: (
            f"{API}/events?type=CONSULT&since={rng.randrange(2010, 2024)}"
        ),
        "events ?doc_lang&sort": lambda: f"{API}/events?doc_lang={pick(langs)}&sort=-documents",
        "events/{id}": lambda: f"{API}/events/{pick(events)}?lang={pick(langs)}",
        "search ?q": lambda: f"{API}/search?q={pick(words)}",
        "search ?q&org": lambda: f"{API}/search?q={pick(words[:6])}&org={pick(orgs)}",
        "entities ?q": lambda: f"{API}/entities?q={pick(names)}",
        "entities/{id}": lambda: f"{API}/entities/{pick(orgs)}?lang={pick(langs)}",
        "documents/{id}": lambda: f"{API}/documents/{pick(docs)}",
        "graph": lambda: f"{API}/graph?lang={pick(langs)}",
        "graph ?org": lambda: f"{API}/graph?org={pick(orgs)}",
        "matrix": lambda: f"{API}/matrix?by={pick(['type', 'context'])}",
        "countries": lambda: f"{API}/countries",
        "stats": lambda: f"{API}/stats?lang={pick(langs)}",
    }


def measure(client: httpx.Client, next_url: Callable[[], str], count: int) -> dict[str, float]:
    """Request `count` URLs after a warm-up; return p50, p95 and max in milliseconds."""
    for _ in range(WARMUP):
        client.get(next_url())
    timings, failures = [], 0
    for _ in range(count):
        url = next_url()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        failures += response.status_code != 200
    cuts = statistics.quantiles(timings, n=100)
    return {"p50": cuts[49], "p95": cuts[94], "max": max(timings), "errors": failures}


def run(url: str, requests: int, seed: int) -> None:
    with open_store(url, create=False) as store:
        describe_store(store)
    port = free_port()
    server = start_server(url, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            rng = random.Random(seed)
            print(
                f"{'endpoint':<24}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  non-200"
            )
            for name, next_url in plans(client, rng).items():
                row = measure(client, next_url, requests)
                print(f"{name:<24}{requests:>9}{row['p50']:>9.1f}{row['p95']:>9.1f}", end="")
                print(f"{row['max']:>9.1f}  {row['errors']:.0f}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def describe_store(store: Store) -> None:
    counts = store.counts()
    print(f"store: {counts['documents']} documents, {counts['events']} events, ", end="")
    print(f"{counts['clusters']} merged events, {counts['entities']} entities ({store.dialect})")


def main() -> None:
    args = parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="communique-api-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        url = args.db or str(folder / "bench.db")
        if not args.db and not Path(url).exists():
            url = build(folder, args.docs, args.workers, args.seed)
        if args.scale:
            scale(url, args.scale)
        run(url, args.requests, args.seed)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="an existing database path or URL")
    parser.add_argument("--keep", default=None, help="folder holding (or to hold) bench.db")
    parser.add_argument("--docs", type=int, default=3000, help="documents to generate if needed")
    parser.add_argument("--scale", type=int, default=0, help="copy records up to N documents")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes")
    parser.add_argument("--requests", type=int, default=300, help="timed requests per endpoint")
    parser.add_argument("--seed", type=int, default=0, help="seed of the corpus and requests")
    return parser.parse_args()


if __name__ == "__main__":
    main()
