"""Scale benchmark: build, validate, load and publish generated corpora of growing size.

    python benchmarks/scale.py --sizes 1000 5000 20000 [--jobs N] [--workdir DIR]
                               [--naive-max 1000] [--publish oxigraph virtuoso] [--no-validate]
                               [--lineage-max 1000] [--json results.json]
    make bench-scale                       # the same with the default sizes (1000 5000)

For each size N the corpus comes from benchmarks/generate_corpus.py (never committed), and each
phase runs in its own process so that its peak memory is its own (ru_maxrss of the phase's
process and of its worker processes, from resource.getrusage):

    build        kg build (parallel, cold cache, no lineage): parse and dumps, then the embedded
                 store's bulk load (a process of its own) while every graph is validated, then
                 the corpus rules: the "built, validated and loaded" figure
    validate     parallel SHACL validation of the build (per graph + corpus) alone, cold
    lineage      the corpus-level lineage stage alone (up to --lineage-max resolutions)
    rebuild1     one changed source: kg build (incremental, from the previous build, validated
                 through the cache) and kg publish, timed apart (build_s, validate_s,
                 publish_s; rebuild_stages_s breaks the rebuild down): a paragraph added,
                 and apart (citation_added) a citation, which makes the corpus rules run again
    publish      full publish to each --publish store started for the run (Oxigraph, Virtuoso)
    naive        rdflib in-memory Dataset of everything + one pyshacl call (up to --naive-max)

and the report gives seconds, triples per second, peak memory and growth against the smallest
size (a ratio of 1.0 per doubling of N would be linear: time/N constant).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


# ---------------------------------------------------------------- phases (run in a child)

def _peak_mb() -> dict[str, float]:
    """Peak memory of the phase's process and of its largest worker, and the CPU seconds of
    all of them (on a shared machine, wall time says less than CPU time)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {"peak_mb_main": round(own.ru_maxrss / 1024, 1),
            "peak_mb_worker": round(children.ru_maxrss / 1024, 1), "cpu_s": round(cpu, 1)}


def phase_build(corpus: str, out: str, jobs: int, validate: bool = True) -> dict:
    """What `kg build` does: parse, dumps, the store's bulk load and (with `validate`) SHACL
    validation of every graph, meanwhile, plus the corpus rules."""
    from kg.build import build

    started = time.perf_counter()
    result = build([corpus], out, jobs=jobs, lineage=False, validate=validate)
    found = {"seconds": time.perf_counter() - started, "triples": result.triples,
             "resolutions": len(result.built), "parsed": result.parsed,
             "parse_and_dumps_s": result.timings.get("parse_and_dumps", 0.0),
             "store_load_s": result.timings.get("store_load", 0.0),
             "load_and_validate_s": result.timings.get("load_and_validate", 0.0)}
    if result.report is not None:
        found["validate_s"] = result.timings.get("validate", 0.0)
        found["summary"] = result.report.summary()
    return found


def phase_validate(out: str, jobs: int, cache: bool) -> dict:
    from kg.validation.runner import validate_build

    started = time.perf_counter()
    report = validate_build(out, jobs=jobs, use_cache=cache)
    return {"seconds": time.perf_counter() - started, "summary": report.summary(),
            "violations": report.count("Violation")}


def phase_lineage(out: str) -> dict:
    import pyoxigraph as ox

    from kg.lineage import lineage_graphs

    store = ox.Store.read_only(str(Path(out) / "store"))
    manifest = json.loads((Path(out) / "build.json").read_text())
    started = time.perf_counter()
    count = sum(1 for _ in lineage_graphs(store, base=manifest["base"]))
    return {"seconds": time.perf_counter() - started, "graphs": count}


def phase_rebuild1(corpus: str, out: str, jobs: int, publish_to: str,
                   validate: bool = True) -> dict:
    """One paragraph added to one source (every corpus summary stays as it was), then, from
    the same state, a citation added instead (its summary changes: the corpus rules run
    again): each rebuilt, validated and re-published."""
    from kg.build import build
    from kg.validation.runner import validate_build

    victim = sorted(Path(corpus).rglob("*.txt"))[len(list(Path(corpus).rglob("*.txt"))) // 2]
    text = victim.read_text()
    clock = time.perf_counter()
    build([corpus], out, jobs=jobs, lineage=False)  # no change: all from the previous build
    noop = time.perf_counter() - clock
    if validate:  # fill the validation cache: the rebuild below validates through it
        validate_build(out, jobs=jobs)
    try:
        found = _one_change(corpus, out, jobs, publish_to, validate, victim,
                            text + "\n 99. Decides to remain seized of the matter.\n")
        _one_change(corpus, out, jobs, publish_to, validate, victim, text)  # as it was
        found["citation_added"] = _one_change(
            corpus, out, jobs, publish_to, validate, victim,
            text + "\n 99. Recalls its resolution 217 A (III) of 10 December 1948;\n")
    finally:
        victim.write_text(text)
    return {**found, "noop_rebuild_s": noop}


def _one_change(corpus: str, out: str, jobs: int, publish_to: str, validate: bool,
                victim: Path, text: str) -> dict:
    from kg.build import build
    from kg.publish import Endpoint, publish

    victim.write_text(text)
    started = time.perf_counter()  # kg build: rebuilt, then validated (from the cache)
    result = build([corpus], out, jobs=jobs, lineage=False, validate=validate)
    built = time.perf_counter() - started
    validated = result.timings.get("validate", 0.0)
    built -= validated
    clock = time.perf_counter()
    sent = 0
    if publish_to:
        kind, url = publish_to.split(" ", 1)
        options = {"user": "dba", "password": "dba"} if kind == "virtuoso" else {}
        sent = publish(out, Endpoint.preset(kind, url, **options)).put
    published = time.perf_counter() - clock
    return {"seconds": built + validated + published, "build_s": built,
            "parsed": result.parsed, "validate_s": validated, "publish_s": published,
            "graphs_sent": sent, "store_load_s": result.timings.get("store_load", 0.0),
            "rebuild_stages_s": {k: round(v, 3) for k, v in result.timings.items()}}


def phase_publish(out: str, kind: str, url: str) -> dict:
    from kg.publish import Endpoint, publish
    from kg.publish.verify import compare_queries

    options = {"user": "dba", "password": "dba"} if kind == "virtuoso" else {}
    endpoint = Endpoint.preset(kind, url, **options)
    started = time.perf_counter()
    result = publish(out, endpoint, full=True, concurrency=4)
    seconds = time.perf_counter() - started
    clock = time.perf_counter()
    same: bool | str = "not compared (over 200 graphs)"
    if result.put <= 200:  # some named queries are corpus-wide listings
        same = all(c.same for c in compare_queries(out, endpoint.query))
    return {"seconds": seconds, "graphs": result.put, "mb": round(result.bytes / 1e6, 1),
            "queries_same": same, "compare_s": time.perf_counter() - clock}


def phase_naive(corpus: str) -> dict:
    """The path kg had before: everything in one rdflib graph, one pyshacl call."""
    import pyshacl
    from rdflib import Dataset, Graph, URIRef

    from kg.pipeline import parse
    from kg.rdf.resources import reference_graph, shapes_graph
    from kg.sources import find_sources

    started = time.perf_counter()
    ds = Dataset()
    for path in find_sources([corpus]):
        _, name, graph = parse(path)
        target = ds.graph(URIRef(name))
        for triple in graph:
            target.add(triple)
    built = time.perf_counter() - started
    clock = time.perf_counter()
    union = Graph()
    for quad in ds.quads((None, None, None, None)):
        union.add(quad[:3])
    union += reference_graph()
    pyshacl.validate(union, shacl_graph=shapes_graph(),
                     inference="none", advanced=True, allow_warnings=True)
    validated = time.perf_counter() - clock
    return {"seconds": built + validated, "build_s": built, "validate_s": validated,
            "triples": len(union)}


PHASES = {"build": phase_build, "validate": phase_validate, "lineage": phase_lineage,
          "rebuild1": phase_rebuild1, "publish": phase_publish, "naive": phase_naive}


def run_phase(name: str, args: list[str], timeout: float | None) -> dict:
    """One phase in a fresh interpreter; its JSON result, with peak memory."""
    command = [sys.executable, __file__, "--phase", name, json.dumps(args)]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s", "seconds": None}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"],
                "seconds": time.perf_counter() - started}
    result: dict = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ---------------------------------------------------------------- driver

def main() -> None:
    parser = argparse.ArgumentParser(description="kg scale benchmark")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--naive-max", type=int, default=1000)
    parser.add_argument("--naive-timeout", type=float, default=900)
    parser.add_argument("--lineage-max", type=int, default=1000)
    parser.add_argument("--publish", nargs="*", default=["oxigraph"],
                        choices=["oxigraph", "virtuoso"])
    parser.add_argument("--publish-max", type=int, default=5000)
    parser.add_argument("--no-validate", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--phase", default=None, help=argparse.SUPPRESS)
    parser.add_argument("phase_args", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        result = PHASES[args.phase](*json.loads(args.phase_args))
        result.update(_peak_mb())
        print(json.dumps(result))
        return

    from contextlib import ExitStack

    from generate_corpus import generate

    from kg.publish import servers

    work = args.workdir or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict] = {}
    with ExitStack() as stack:
        stores = {}
        for kind in args.publish:
            if servers.available().get(kind):
                start = getattr(servers, kind)
                stores[kind] = stack.enter_context(start(work / f"store-{kind}",
                                                         memory_mb=4000)
                                                   if kind == "virtuoso" else
                                                   start(work / f"store-{kind}"))
            else:
                print(f"({kind} not installed: not publishing to it)", file=sys.stderr)
        for n in args.sizes:
            corpus, out = work / f"corpus-{n}", work / f"out-{n}"
            if not corpus.exists():
                clock = time.perf_counter()
                generate(n, corpus)
                print(f"[{n}] generated in {time.perf_counter() - clock:.1f} s", file=sys.stderr)
            shutil.rmtree(out, ignore_errors=True)
            row: dict = {}
            row["build"] = run_phase("build", [str(corpus), str(out), args.jobs,
                                               not args.no_validate], None)
            _say(n, "build", row["build"])
            if not args.no_validate:
                row["validate"] = run_phase("validate", [str(out), args.jobs, False], None)
                _say(n, "validate", row["validate"])
            if n <= args.lineage_max:
                row["lineage"] = run_phase("lineage", [str(out)], None)
                _say(n, "lineage", row["lineage"])
            first = None
            for kind, store in stores.items():
                if n <= args.publish_max:
                    row[f"publish-{kind}"] = run_phase("publish", [str(out), kind, store.url],
                                                       None)
                    _say(n, f"publish-{kind}", row[f"publish-{kind}"])
                    first = first or f"{kind} {store.url}"
            row["rebuild1"] = run_phase("rebuild1", [str(corpus), str(out), args.jobs,
                                                     first or "", not args.no_validate], None)
            _say(n, "rebuild1", row["rebuild1"])
            if n <= args.naive_max:
                row["naive"] = run_phase("naive", [str(corpus)], args.naive_timeout)
                _say(n, "naive", row["naive"])
            results[n] = row
            if args.json:
                args.json.write_text(json.dumps(results, indent=2))
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def _say(n: int, name: str, result: dict) -> None:
    print(f"[{n}] {name}: {json.dumps(result)}", file=sys.stderr, flush=True)


def report(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    lines = ["| N | phase | seconds | s per 1k | triples/s | peak MB (main / worker) | notes |",
             "|---|---|---|---|---|---|---|"]
    for n in sizes:
        triples = results[n].get("build", {}).get("triples") or 0
        for phase, r in results[n].items():
            seconds = r.get("seconds")
            if seconds is None:
                lines.append(f"| {n} | {phase} | – | – | – | – | {r.get('error')} |")
                continue
            rate = f"{triples / seconds:,.0f}" if phase in ("build", "naive") and seconds else ""
            notes = {k: v for k, v in r.items() if k not in (
                "seconds", "peak_mb_main", "peak_mb_worker")}
            lines.append(f"| {n} | {phase} | {seconds:.1f} | {seconds / n * 1000:.1f} | {rate} "
                         f"| {r.get('peak_mb_main', 0):.0f} / {r.get('peak_mb_worker', 0):.0f} "
                         f"| {json.dumps(notes)} |")
    naive = [(n, results[n]["naive"], results[n]) for n in sizes
             if results[n].get("naive", {}).get("seconds")]
    for n, r, row in naive:
        ours = row["build"]["seconds"]  # kg build: parsed, loaded and validated
        if "validate_s" not in row["build"]:
            ours += row.get("validate", {}).get("seconds") or 0.0
        lines.append(f"\nN={n}: naive {r['seconds']:.1f} s vs kg build+validate {ours:.1f} s "
                     f"(ratio {r['seconds'] / ours:.1f}x)")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
