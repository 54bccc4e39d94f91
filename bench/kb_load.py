#!/usr/bin/env python3
"""Benchmark: the cost of loading the knowledge base and building the gazetteer.

Each measurement runs in a fresh process (nothing cached), and prints wall
time and peak memory for: reading kb.json, building the alias automaton, and
linking the entities of a first document.

    .venv/bin/python bench/kb_load.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

PROBE = r"""
import json, resource, time
t0 = time.perf_counter()
from communique.resources.kb import load_kb
kb = load_kb()
t1 = time.perf_counter()
from communique.pipeline.matcher import gazetteer
g = gazetteer()
t2 = time.perf_counter()
g.find("Le Secrétaire général de l'ONU a rencontré le Directeur général de l'OMS à Genève.")
t3 = time.perf_counter()
print(json.dumps({
    "load": t1 - t0, "gazetteer": t2 - t1, "first_find": t3 - t2, "total": t3 - t0,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "organizations": len(kb.orgs), "people": len(kb.people), "cities": len(kb.cities),
    "keys": len(g.automaton),
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes to time")
    args = parser.parse_args()
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(args.runs)
    ]
    first = runs[0]
    print(
        f"knowledge base: {first['organizations']} organizations, {first['people']} people, "
        f"{first['cities']} cities, {first['keys']} alias keys"
    )
    print(f"{'step':12} {'median s':>9} {'max s':>7}")
    for step in ("load", "gazetteer", "first_find", "total"):
        values = [r[step] for r in runs]
        print(f"{step:12} {statistics.median(values):9.3f} {max(values):7.3f}")
    print(f"peak RSS MB  {max(r['rss_mb'] for r in runs):9.0f}")


if __name__ == "__main__":
    main()
