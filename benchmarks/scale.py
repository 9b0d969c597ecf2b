"""Scale benchmark: build, validate, load and publish generated corpora of growing size.

    python benchmarks/scale.py --sizes 1000 5000 20000 [--jobs N] [--workdir DIR]
                               [--naive-max 1000] [--publish oxigraph virtuoso] [--no-validate]
                               [--no-lineage] [--skip validate rebuild1 ...] [--json results.json]
    make bench-scale                       # the same with the default sizes (1000 5000)

`kg build` is measured as the command runs by default (`kg build CORPUS --out OUT`: with
lineage and validation, cold cache, all cores); --no-validate and --no-lineage measure the
command with those options instead, and the report says which. The peer is `oxigraph load`
(the CLI of `pip install oxigraph`; pyoxigraph's Store.bulk_load when it is not installed) of
the build's own N-Quads, timed in the same run, and the report gives kg build / oxigraph load.

For each size N the corpus comes from tests/support/generate_corpus.py (never committed), and each
phase runs in its own process so that its peak memory is its own (ru_maxrss of the phase's
process and of its worker processes, from resource.getrusage):

    build        kg build as by default (parallel, cold cache): parse and dumps, then the
                 embedded store's bulk load (a process of its own) while every graph is
                 validated, then lineage (series and paragraph changes, validated), then the
                 corpus rules: the "built, validated and loaded" figure; `stages_s` breaks it
                 down (BuildResult.timings)
    oxigraph     `oxigraph load` of the build's N-Quads (its dump parts as one kg.nq file) into
                 a new store: the peer a user would pick to load the same data
    validate     parallel SHACL validation of the build (per graph + corpus) alone, cold
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


# ---------------------------------------------------------------- phases (run in a child)

def _peak_mb() -> dict[str, float]:
    """Peak memory of the phase's process and of its largest worker, and the CPU seconds of
    all of them (on a shared machine, wall time says less than CPU time)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {"peak_mb_main": round(own.ru_maxrss / 1024, 1),
            "peak_mb_worker": round(children.ru_maxrss / 1024, 1), "cpu_s": round(cpu, 1)}


def phase_build(corpus: str, out: str, jobs: int, validate: bool = True,
                lineage: bool = True) -> dict:
    """What `kg build` does: parse, dumps, the store's bulk load and (with `validate`) SHACL
    validation of every graph, meanwhile, then (with `lineage`) lineage, plus the corpus
    rules."""
    from kg.build import build

    started = time.perf_counter()
    result = build([corpus], out, jobs=jobs, lineage=lineage, validate=validate)
    found = {"seconds": time.perf_counter() - started, "triples": result.triples,
             "resolutions": len(result.built), "parsed": result.parsed,
             "stages_s": {k: round(v, 2) for k, v in result.timings.items()}}
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


def phase_oxigraph(out: str, work: str) -> dict:
    """`oxigraph load` of the build's N-Quads (the parts as one file, written before the clock
    starts) into a new store: what loading the same data costs with Oxigraph's own tool."""
    import pyoxigraph as ox

    from kg.builddir.parts import DUMPS_DIR

    dump, store = Path(work) / "kg.nq", Path(work) / "oxigraph-load"
    shutil.rmtree(store, ignore_errors=True)
    with dump.open("wb") as sink:
        for part in sorted((Path(out) / DUMPS_DIR).glob("*.nq")):
            with part.open("rb") as source:
                shutil.copyfileobj(source, sink)
    cli = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable)
                                                                        .parent))
    started = time.perf_counter()
    if cli:
        subprocess.run([cli, "load", "--location", str(store), "--file", str(dump)],
                       check=True, capture_output=True)
        version = subprocess.run([cli, "--version"], capture_output=True, text=True
                                 ).stdout.strip()
    else:
        ox.Store(str(store)).bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        version = f"pyoxigraph {ox.__version__} Store.bulk_load"
    seconds = time.perf_counter() - started
    found = {"seconds": seconds, "tool": version, "mb": round(dump.stat().st_size / 1e6, 1),
             "quads": len(ox.Store.read_only(str(store)))}
    dump.unlink()
    shutil.rmtree(store, ignore_errors=True)
    return found


def phase_rebuild1(corpus: str, out: str, jobs: int, publish_to: str,
                   validate: bool = True, lineage: bool = True) -> dict:
    """One paragraph added to one source (every corpus summary stays as it was), then, from
    the same state, a citation added instead (its summary changes: the corpus rules run
    again): each rebuilt, validated and re-published."""
    from kg.build import build
    from kg.validation.runner import validate_build

    victim = sorted(Path(corpus).rglob("*.txt"))[len(list(Path(corpus).rglob("*.txt"))) // 2]
    text = victim.read_text()
    clock = time.perf_counter()
    build([corpus], out, jobs=jobs, lineage=lineage)  # no change: all from the previous build
    noop = time.perf_counter() - clock
    if validate:  # fill the validation cache: the rebuild below validates through it
        validate_build(out, jobs=jobs)
    try:
        found = _one_change(corpus, out, jobs, publish_to, validate, lineage, victim,
                            text + "\n 99. Decides to remain seized of the matter.\n")
        _one_change(corpus, out, jobs, publish_to, validate, lineage, victim, text)  # as it was
        found["citation_added"] = _one_change(
            corpus, out, jobs, publish_to, validate, lineage, victim,
            text + "\n 99. Recalls its resolution 217 A (III) of 10 December 1948;\n")
    finally:
        victim.write_text(text)
    return {**found, "noop_rebuild_s": noop}


def _one_change(corpus: str, out: str, jobs: int, publish_to: str, validate: bool,
                lineage: bool, victim: Path, text: str) -> dict:
    from kg.build import build
    from kg.publish import Endpoint, publish

    victim.write_text(text)
    started = time.perf_counter()  # kg build: rebuilt, then validated (from the cache)
    result = build([corpus], out, jobs=jobs, lineage=lineage, validate=validate)
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


PHASES = {"build": phase_build, "oxigraph": phase_oxigraph, "validate": phase_validate,
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
    parser.add_argument("--no-lineage", action="store_true")
    parser.add_argument("--skip", nargs="*", default=[], choices=["validate", "rebuild1"],
                        help="phases left out")
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

    from kg.publish import servers
    from tests.support.generate_corpus import generate

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
                                               not args.no_validate, not args.no_lineage], None)
            _say(n, "build", row["build"])
            row["oxigraph"] = run_phase("oxigraph", [str(out), str(work)], None)
            _say(n, "oxigraph", row["oxigraph"])
            if not args.no_validate and "validate" not in args.skip:
                row["validate"] = run_phase("validate", [str(out), args.jobs, False], None)
                _say(n, "validate", row["validate"])
            first = None
            for kind, store in stores.items():
                if n <= args.publish_max:
                    row[f"publish-{kind}"] = run_phase("publish", [str(out), kind, store.url],
                                                       None)
                    _say(n, f"publish-{kind}", row[f"publish-{kind}"])
                    first = first or f"{kind} {store.url}"
            if "rebuild1" not in args.skip:
                row["rebuild1"] = run_phase("rebuild1", [str(corpus), str(out), args.jobs,
                                                         first or "", not args.no_validate,
                                                         not args.no_lineage],
                                            None)
                _say(n, "rebuild1", row["rebuild1"])
            if n <= args.naive_max:
                row["naive"] = run_phase("naive", [str(corpus)], args.naive_timeout)
                _say(n, "naive", row["naive"])
            results[n] = row
            if args.json:
                args.json.write_text(json.dumps(results, indent=2))
    print(report(results, _options(args)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def _say(n: int, name: str, result: dict) -> None:
    print(f"[{n}] {name}: {json.dumps(result)}", file=sys.stderr, flush=True)


def _options(args: argparse.Namespace) -> str:
    """The kg build command measured, as a user would type it."""
    flags = [f for f, on in (("--no-validate", args.no_validate),
                             ("--no-lineage", args.no_lineage)) if on]
    return " ".join(["kg build CORPUS --out OUT", f"--jobs {args.jobs}", *flags])


def headline(results: dict[int, dict], command: str) -> str:
    """One table: the cold build against `oxigraph load` of its N-Quads, size by size."""
    sizes = sorted(results)
    lines = [f"cold `{command}` against `oxigraph load` of its own N-Quads (same run):", "",
             "| resolutions | quads | kg build s | s per 1k | lineage s | oxigraph load s "
             "| kg build / oxigraph load |", "|---|---|---|---|---|---|---|"]
    for n in sizes:
        build, peer = results[n].get("build", {}), results[n].get("oxigraph", {})
        if not build.get("seconds"):
            continue
        ratio = f"{build['seconds'] / peer['seconds']:.1f}" if peer.get("seconds") else "–"
        load = f"{peer['seconds']:.1f}" if peer.get("seconds") else "–"
        lineage = build.get("stages_s", {}).get("lineage")
        lines.append(f"| {n:,} | {build['triples']:,} | {build['seconds']:.1f} "
                     f"| {build['seconds'] / n * 1000:.1f} "
                     f"| {'–' if lineage is None else f'{lineage:.1f}'} | {load} | {ratio} |")
    tools = {r.get("oxigraph", {}).get("tool") for r in results.values()} - {None}
    return "\n".join([*lines, f"\n(peer: {', '.join(sorted(tools)) or 'not run'})"])


def report(results: dict[int, dict], command: str = "kg build") -> str:
    sizes = sorted(results)
    lines = [headline(results, command), "",
             "| N | phase | seconds | s per 1k | triples/s | peak MB (main / worker) | notes |",
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
