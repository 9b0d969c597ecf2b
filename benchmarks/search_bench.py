"""Benchmark search: p50 and p99 of a search with and without facets, in the library and over
HTTP (`/search.json` and the `/search` page on a real uvicorn server).

    .venv/bin/python benchmarks/search_bench.py                       # the bundled corpus
    .venv/bin/python benchmarks/search_bench.py --build OUT --reindex  # a build of your own

A bigger build to measure on (about 3,300 resolutions of the shared corpus, ~70 s to build):

    C=../shared/corpus; .venv/bin/kg build $C/UNxml__GAresolutions/7?session/English \\
      $C/UNxml__GAresolutions/80session/English $C/UNxml__SCresolutions/202?/English \\
      $C/UNxml__HRCresolutions $C/UNxml__ECOSOCresolutions $C/SeanFobbe__cr-unsc/data/res_en_gold \\
      --out /tmp/big --keep-going --no-validate

`--reindex` writes the build's index afresh first and reports how long that took; the facet
bitsets (kg.search.bits), made once when a server opens a build, are timed apart. Each query of
QUERIES is run `--repeat` times in each scenario, in turn (so no one query is measured warm
only); the facets of the faceted scenario are the most frequent kind, body and year of the
build. Target (issue 15): p50 under 50 ms.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = ['"human rights defenders"', "climate change", "ratif*", "sanctions NOT Iraq",
           "women OR girls", "peacekeeping operations", "States", "nuclear disarmament",
           '"calls upon all States" cooperat*', "refugees"]


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * .99))]


def common_facets(build: Path) -> dict[str, str]:
    """The most frequent kind, body and year: a faceted search that still has results."""
    with sqlite3.connect(build / "search.sqlite") as db:
        facets = {}
        for column in ("kind", "body", "year"):
            row = db.execute(f"SELECT v.value FROM hits h JOIN vals v ON v.code = h.{column} "
                             f"GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()
            if row:
                facets[column] = row[0]
    db.close()
    return facets


def measure(run: Callable[[dict[str, Any]], int], facets: dict[str, str],
            repeat: int) -> dict[str, tuple[float, float, float]]:
    """scenario -> (p50 ms, p99 ms, mean results) over every query, `repeat` times."""
    figures = {}
    for name, extra in (("no facets", {}), ("3 facets", facets),
                        ("no facets, newest", {"sort": "newest"})):
        samples: list[float] = []
        totals: list[int] = []
        for _ in range(repeat):
            for q in QUERIES:
                start = time.perf_counter()
                totals.append(run({"q": q, **extra}))
                samples.append((time.perf_counter() - start) * 1000)
        p50, p99 = percentiles(samples)
        figures[name] = (p50, p99, statistics.mean(totals))
    return figures


def serve(build: Path) -> tuple[str, Callable[[], None]]:
    import socket

    import uvicorn

    from kg.serve import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(build, workers=0), host="127.0.0.1",
                                        port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)

    def stop() -> None:
        srv.should_exit = True
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}", stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", type=Path, help="a build directory (default: build the "
                        "bundled corpus into a temporary one)")
    parser.add_argument("--reindex", action="store_true", help="write the index afresh first")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    import httpx

    from kg.build import build as kg_build
    from kg.search.index import write_index
    from kg.search.query import Index, Request

    with tempfile.TemporaryDirectory() as tmp:
        out = args.build or Path(tmp) / "out"
        if args.build is None:
            kg_build(out=out)
        if args.reindex or not (out / "search.sqlite").is_file():
            start = time.perf_counter()
            write_index(out)
            print(f"index written in {time.perf_counter() - start:.2f} s")
        with sqlite3.connect(out / "search.sqlite") as db:
            hits, resolutions = db.execute(
                "SELECT count(*), count(DISTINCT resolution) FROM hits").fetchone()
        db.close()
        size = (out / "search.sqlite").stat().st_size / 1e6
        print(f"{out}: {resolutions} resolutions, {hits} hits, index {size:.1f} MB")
        facets = common_facets(out)
        print(f"facets of the faceted scenario: {facets}")
        index = Index(out)
        start = time.perf_counter()
        index.bitsets()  # (a server makes them when it opens the build)
        print(f"facet bitsets made in {(time.perf_counter() - start) * 1000:.0f} ms")
        runs: dict[str, Callable[[dict[str, Any]], int]] = {
            "library": lambda p: index.search(Request.from_params(
                {k: [v] for k, v in p.items()}))["total"]}
        url, stop = serve(out)
        client = httpx.Client(base_url=url, timeout=30)
        runs["HTTP /search.json"] = lambda p: client.get("/search.json", params=p).json()["total"]
        runs["HTTP /search (HTML)"] = lambda p: len(client.get("/search", params=p).content)
        try:
            for where, run in runs.items():
                for scenario, (p50, p99, mean) in measure(run, facets, args.repeat).items():
                    print(f"{where:20} {scenario:18} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms"
                          + (f"   mean results {mean:,.0f}" if "HTML" not in where else ""))
        finally:
            client.close()
            stop()


if __name__ == "__main__":
    main()
