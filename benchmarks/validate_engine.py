"""Benchmark of the fast SHACL engine (kg.validation.fast): per-graph validation and the corpus
phase.

    python benchmarks/validate_engine.py CORPUS_DIR [--n 300] [--seed 0] [--repeat 3]
                                         [--summary SUMMARY.nt] [--samples FILE.pickle]
                                         [--reports FILE.json] [--profile N]

Per graph: N source files of CORPUS_DIR (a folder of sources, e.g. one made by
tests/support/generate_corpus.py) are drawn at random with --seed (the same seed gives the same
sample), built with kg.build.build_entry (not timed), and validated in this process with
kg.validation.entrypoints.validate_ntriples, once to warm up (shapes compiled, reference data
indexed), then
--repeat times; it prints the best and the median milliseconds per graph. --samples keeps the
built N-Triples in a pickle (made on the first run, read on the next), so that runs before and
after a change validate the very same graphs without building them again.

Corpus phase: with --summary (the concatenated corpus summaries of a build, as
kg.validation.runner gives `FAST.corpus`), it times `FAST.corpus(Index.from_ntriples(summary))`,
the way a whole-build validation runs the corpus rules, and prints its seconds (best of
--repeat) and the number of findings per rule.

--reports writes every report (per graph, and the corpus's) as JSON, so that two runs can be
compared for identical results (`cmp a.json b.json`). --profile N prints the cProfile of N
validations (sorted by cumulative time) instead of timing.

Timings are CPU time of this process (time.process_time: everything runs on one core, and on
a shared machine wall time also counts the others' work); the best of --repeat is the figure
to compare.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pickle
import pstats
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCE_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx", ".xml")


def sample_graphs(corpus: Path, n: int, seed: int, cache: Path | None) -> list[bytes]:
    """N-Triples of `n` sources of `corpus` drawn at random (from the pickle `cache` if it
    exists, else built and written there)."""
    if cache is not None and cache.is_file():
        with cache.open("rb") as f:
            graphs: list[bytes] = pickle.load(f)
        return graphs[:n]
    from kg.build import build_entry
    from kg.settings import DEFAULT_BASE

    sources = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in SOURCE_SUFFIXES)
    chosen = random.Random(seed).sample(sources, min(n, len(sources)))
    graphs = [build_entry(p, DEFAULT_BASE).ntriples for p in chosen]
    graphs = [g.encode() if isinstance(g, str) else g for g in graphs]
    if cache is not None:
        with cache.open("wb") as f:
            pickle.dump(graphs, f)
    return graphs


def time_graphs(graphs: list[bytes], repeat: int) -> tuple[list[float], list[object]]:
    """Seconds per run over every graph (after one warm-up run), and the reports."""
    from kg.validation.entrypoints import validate_ntriples

    reports = [validate_ntriples(g) for g in graphs]  # warm-up; and the reports
    runs = []
    for _ in range(repeat):
        started = time.process_time()
        for g in graphs:
            validate_ntriples(g)
        runs.append(time.process_time() - started)
    return runs, reports


def time_corpus(summary: bytes, repeat: int) -> tuple[list[float], object]:
    from kg.validation.entrypoints import FAST
    from kg.validation.fast import Index

    FAST.compiled(frozenset("C"), "all")  # compiled once per process, as in a build
    runs, report = [], None
    for _ in range(repeat):
        started = time.process_time()
        report = FAST.corpus(Index.from_ntriples(summary))
        runs.append(time.process_time() - started)
    return runs, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a folder of sources")
    parser.add_argument("--n", type=int, default=300,
                        help="graphs to validate (300; 0: the corpus phase only)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (0)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (3)")
    parser.add_argument("--summary", type=Path, help="corpus summaries (N-Triples)")
    parser.add_argument("--samples", type=Path, help="pickle of the sample's N-Triples")
    parser.add_argument("--reports", type=Path, help="write every report here (JSON)")
    parser.add_argument("--profile", type=int, default=0, help="profile N validations")
    args = parser.parse_args(argv)

    graphs = sample_graphs(args.corpus, args.n, args.seed, args.samples) if args.n else []
    if args.profile:
        from kg.validation.entrypoints import validate_ntriples

        for g in graphs[:5]:
            validate_ntriples(g)
        profile = cProfile.Profile()
        profile.enable()
        for i in range(args.profile):
            validate_ntriples(graphs[i % len(graphs)])
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return 0
    dump: dict[str, object] = {}
    if graphs:
        runs, reports = time_graphs(graphs, args.repeat)
        triples = sum(g.count(b"\n") for g in graphs)
        per = [1000 * r / len(graphs) for r in runs]
        print(f"per graph: {len(graphs)} graphs ({triples / len(graphs):.0f} triples each), "
              f"best {min(per):.2f} ms/graph, median {statistics.median(per):.2f} ms/graph "
              "(CPU)")
        dump["graphs"] = [{"results": [asdict(r) for r in report.results], "summary": summary}
                          for report, summary in reports]  # type: ignore[attr-defined]
    if args.summary is not None:
        corpus_runs, corpus = time_corpus(args.summary.read_bytes(), args.repeat)
        rules = Counter(r.shape for r in corpus.results)  # type: ignore[attr-defined]
        print(f"corpus phase: best {min(corpus_runs):.2f} s, median "
              f"{statistics.median(corpus_runs):.2f} s (CPU); findings "
              + (", ".join(f"{k} {v}" for k, v in sorted(rules.items())) or "none"))
        dump["corpus"] = [asdict(r) for r in corpus.results]  # type: ignore[attr-defined]
    if args.reports is not None:
        args.reports.write_text(json.dumps(dump, indent=0, sort_keys=True), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
