"""Benchmark `kg serve` against a reference: pyoxigraph behind a minimal HTTP handler.

    .venv/bin/python benchmarks/serve_bench.py                 # synthetic build, ~1 minute
    .venv/bin/python benchmarks/serve_bench.py --copies 1000 --duration 5 --concurrency 8
    .venv/bin/python benchmarks/serve_bench.py --source /path/to/build/kg.trig

What it does, all on 127.0.0.1 and bounded in time (about 2 x rounds x duration x 9 seconds,
plus the build): makes a build directory by replicating a TriG file (`--copies` renumbered copies
of every resolution; default source: the serve tests' fixture), starts `kg.serve.run` and the
reference (a `ThreadingHTTPServer` calling `Store.query(...).serialize(...)` directly, with no
limits or checks) as subprocesses, and drives each scenario with keep-alive client threads for
`--duration` seconds, kg and reference back to back, `--rounds` times, keeping the best round of
each (background load then skews both alike). Scenarios: a paragraph's Turtle and a resolution's
HTML page (first visits: 300 distinct addresses once each, nothing cached; then repeated, with
one client and with `--concurrency` clients), and three named queries (`kg.queries`) with their
parameters bound. Reported: requests/s, p50 and p99 latency, and the kg/reference throughput
ratio. `--processes` and `--workers` set kg's web and query processes (defaults as `kg serve`).

Targets (issue 3): p50 < 5 ms for a resource page or a paragraph's Turtle; SPARQL throughput
within 20 % of the reference.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "serve" / "fixture.trig"
BASE = "https://w3id.org/unres/"
WORK = re.compile(r"(\d{4}-\d{2}-\d{2}/)(\d+)-(\d+)")
SYMBOL = re.compile(r"(RES/)(\d+)/(\d+)")
QUERIES = {  # named query -> its parameters, bound by VALUES as `kg query --endpoint` binds them
    "phrase-usage": {},
    "paragraphs": {"symbol": "A/RES/56/163"},
    "cited-by": {"cited": "A/RES/53/144"},
}


# -- the data --------------------------------------------------------------------------------

def make_build(source: Path, copies: int, out: Path) -> tuple[int, list[str], list[str]]:
    """A build dir with `copies` renumbered copies of `source`; returns (triples, paragraph
    paths, resolution paths)."""
    import pyoxigraph as ox

    text = source.read_text(encoding="utf-8")
    parts = []
    for k in range(copies):
        shift = 100_000 * k
        copy = WORK.sub(lambda m, s=shift: f"{m[1]}{m[2]}-{int(m[3]) + s}", text)
        copy = SYMBOL.sub(lambda m, s=shift: f"{m[1]}{m[2]}/{int(m[3]) + s}", copy)
        parts.append(copy)
    (out / "kg.trig").write_text(parts[0], encoding="utf-8")
    store = ox.Store(str(out / "store"))
    for part in parts:
        store.bulk_load(part.encode(), format=ox.RdfFormat.TRIG)
    store.optimize()
    count = len(store)
    paragraphs = [q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode("https://w3id.org/unres/ontology#position"), None, None)]
    resolutions = sorted({q.subject.value for q in store.quads_for_pattern(
        None, ox.NamedNode("http://data.europa.eu/eli/ontology#has_part"), None, None)
        if "/!" not in q.subject.value})
    del store
    (out / "build.json").write_text(json.dumps({"base": BASE, "triples": count,
                                                "resolutions": len(resolutions)}))
    local = [p[len(BASE) - 1:] for p in paragraphs if p.startswith(BASE)]
    return count, local, [r[len(BASE) - 1:] for r in resolutions if r.startswith(BASE)]


def named_query(name: str) -> str:
    from kg.sparql.queries import named_query as find
    from kg.sparql.run import bind

    q = find(name)
    return bind(q.text, q.bindings(QUERIES[name]))


# -- the servers -----------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: list[str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            if proc.poll() is not None:
                detail = proc.stderr.read().decode() if proc.stderr else "died"
                raise RuntimeError(detail) from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server on port {port} did not start")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server the way Ctrl-C would, so it stops its own child processes."""
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def kg_server(build: Path, port: int, workers: int, processes: int) -> subprocess.Popen[bytes]:
    code = ("import sys; from pathlib import Path; from kg.serve import run; "
            f"run(Path(sys.argv[1]), port={port}, workers={workers}, processes={processes}, "
            "log_level='warning')")
    return start([sys.executable, "-c", code, str(build)], port)


def reference_server(build: Path, port: int) -> subprocess.Popen[bytes]:
    return start([sys.executable, __file__, "--reference-server", str(port), str(build)], port)


def serve_reference(port: int, build: Path) -> None:
    """The reference: the store behind the least HTTP code that answers the same requests."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qs, urlsplit

    import pyoxigraph as ox

    store = ox.Store.read_only(str(build / "store"))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else headers and body wait on delayed ACKs (40 ms)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/sparql":
                query = parse_qs(url.query)["query"][0]
                result = store.query(query, use_default_graph_as_union=True)
                body = result.serialize(format=ox.QueryResultsFormat.JSON)
                media = "application/sparql-results+json"
            else:
                iri = ox.NamedNode(BASE + url.path.removesuffix(".ttl")[1:])
                triples = [q.triple for q in store.quads_for_pattern(iri, None, None, None)]
                body = ox.serialize(triples, format=ox.RdfFormat.TURTLE)
                media = "text/turtle"
            self.send_response(200)
            self.send_header("Content-Type", media)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            return

    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


# -- the load --------------------------------------------------------------------------------

@dataclass
class Result:
    requests: int
    seconds: float
    latencies: list[float]
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def pct(self, p: float) -> float:
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(p * len(data)))] * 1000 if data else float("nan")


def load(port: int, paths: list[str], headers: dict[str, str], concurrency: int,
         duration: float, warmup: float = 0.5) -> Result:
    """Keep-alive clients requesting `paths` round-robin for `duration` seconds."""
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    start_at = time.monotonic() + warmup
    stop_at = start_at + duration

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        order = paths[:]
        random.Random(i).shuffle(order)
        n = 0
        while True:
            t0 = time.monotonic()
            if t0 >= stop_at:
                break
            conn.request("GET", order[n % len(order)], headers=headers)
            response = conn.getresponse()
            response.read()
            t1 = time.monotonic()
            n += 1
            if response.status != 200 or response.getheader("X-KG-Truncated"):
                errors[i] += 1
            if t0 >= start_at:
                latencies[i].append(t1 - t0)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    flat = [x for part in latencies for x in part]
    return Result(len(flat), duration, flat, sum(errors))


def visit_once(port: int, paths: list[str], headers: dict[str, str]) -> Result:
    """Each path requested once, one after the other, on one connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors = [], 0
    start = time.monotonic()
    for path in paths:
        t0 = time.monotonic()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        latencies.append(time.monotonic() - t0)
        errors += response.status != 200
    conn.close()
    return Result(len(paths), time.monotonic() - start, latencies, errors)


def report(name: str, server: str, r: Result) -> None:
    print(f"{name:<30} {server:<9} {r.rate:>9.0f} req/s  p50 {r.pct(0.5):7.2f} ms  "
          f"p99 {r.pct(0.99):7.2f} ms  errors {r.errors}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path, default=FIXTURE, help="TriG to replicate")
    parser.add_argument("--copies", type=int, default=300)
    parser.add_argument("--duration", type=float, default=3.0, help="seconds per scenario")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="kg query worker processes")
    parser.add_argument("--processes", type=int, default=2, help="kg web processes")
    parser.add_argument("--rounds", type=int, default=2, help="runs per scenario; best kept")
    parser.add_argument("--reference-server", nargs=2, metavar=("PORT", "BUILD"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference_server:
        serve_reference(int(args.reference_server[0]), Path(args.reference_server[1]))
        return

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        build = Path(tmp)
        t0 = time.monotonic()
        triples, paragraphs, resolutions = make_build(args.source, args.copies, build)
        print(f"build: {triples} triples, {len(resolutions)} resolutions, {len(paragraphs)} "
              f"paragraphs ({time.monotonic() - t0:.1f} s); {args.concurrency} clients, "
              f"{args.duration:g} s per scenario", flush=True)
        para_paths = [quote(p, safe="/!~") + ".ttl" for p in paragraphs]
        html_paths = [quote(r, safe="/!~") + ".html" for r in resolutions]
        sparql = {name: ["/sparql?" + urlencode({"query": named_query(name)})]
                  for name in QUERIES}
        accept = {"Accept": "application/sparql-results+json"}
        ours: dict[str, Result] = {}
        theirs: dict[str, Result] = {}

        resources = [("paragraph .ttl", para_paths, {}), ("resolution .html", html_paths, {})]
        queries = [(f"sparql {n}", p, accept) for n, p in sparql.items()]
        kg_port, ref_port = free_port(), free_port()
        servers = [kg_server(build, kg_port, args.workers, args.processes),
                   reference_server(build, ref_port)]
        try:
            ours, theirs = run_all(kg_port, ref_port, resources, queries, args)
        finally:
            for proc in servers:
                stop(proc)
        summarise(ours, theirs)


def run_all(kg_port: int, ref_port: int, resources: list, queries: list,
            args: argparse.Namespace) -> tuple[dict[str, Result], dict[str, Result]]:
    """Each scenario on kg then on the reference, back to back, `--rounds` times; the best
    round of each is kept, so background load on the machine skews both sides alike."""
    ours: dict[str, Result] = {}
    theirs: dict[str, Result] = {}
    for name, paths, headers in resources:  # nothing cached yet: what a crawler sees
        ours[f"{name} (first visit)"] = visit_once(kg_port, paths[:300], headers)
        report(f"{name} (first visit)", "kg", ours[f"{name} (first visit)"])
    plan = [(f"{n} (1 client)", p, h, 1, n == "paragraph .ttl") for n, p, h in resources]
    plan += [(n, p, h, args.concurrency, n != "resolution .html") for n, p, h in resources]
    plan += [(n, p, h, args.concurrency, True) for n, p, h in queries]
    for name, paths, headers, clients, compare in plan:
        for _ in range(args.rounds):
            mine = load(kg_port, paths, headers, clients, args.duration)
            if name not in ours or mine.rate > ours[name].rate:
                ours[name] = mine
            if compare:
                ref = load(ref_port, paths, headers, clients, args.duration)
                if name not in theirs or ref.rate > theirs[name].rate:
                    theirs[name] = ref
        report(name, "kg", ours[name])
        if compare:
            report(name, "reference", theirs[name])
    return ours, theirs


def summarise(ours: dict[str, Result], theirs: dict[str, Result]) -> None:
    print("\nkg / reference throughput:")
    ratios = []
    for name, ref in theirs.items():
        ratio = ours[name].rate / ref.rate if ref.rate else float("nan")
        if name.startswith("sparql"):
            ratios.append(ratio)
        print(f"  {name:<28} {ratio:6.2f}")
    print(f"  {'sparql (geometric mean)':<28} {statistics.geometric_mean(ratios):6.2f}"
          "  (target >= 0.80)")
    for name in ("paragraph .ttl (first visit)", "resolution .html (first visit)",
                 "paragraph .ttl (1 client)", "resolution .html (1 client)",
                 "paragraph .ttl", "resolution .html"):
        print(f"p50 {name:<30} {ours[name].pct(0.5):6.2f} ms  (target < 5 ms)")


if __name__ == "__main__":
    main()
