"""Soak `kg serve`: many clients at once mixing pages, documents and SPARQL, for a bounded time.

    .venv/bin/python benchmarks/soak.py                       # bundled corpus, 1/8/32 clients
    .venv/bin/python benchmarks/soak.py --clients 1 8 32 --duration 30 --build out

Everything stays on 127.0.0.1 and stops by itself (about `len(clients) x duration` seconds plus
the build). It builds the bundled corpus (or serves `--build DIR`), starts `kg serve` as a
subprocess on a free port, and runs, for each client count, that many keep-alive client threads
for `--duration` seconds, each from its own loopback address (`--addresses 1`: all from one, as
behind a proxy, where the per-client limit answers most SPARQL with 429), each picking its
next request at random from the mix:

    page      a resolution's HTML page                      (35 %)
    document  a paragraph's Turtle                          (30 %)
    sparql    a small SELECT (a named query)                (20 %)
    large     the whole store as N-Triples, several hundred KB and more (10 %)
    costly    a cross product sorted, stopped by the time limit or the memory cap (5 %)

Reported per client count and kind: requests, p50 and p99 latency, and every status; the
answers that count as failures are all that are neither 2xx/3xx nor the documented refusals
(429 with Retry-After, 503 for time, 507 for memory). The server's memory (its whole process
tree, RSS) is measured before the first and after the last round. The exit status is 1 if any
failure was seen, so the script can gate a release.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTED = {429, 503, 507}
MIX = (("page", 35), ("document", 30), ("sparql", 20), ("large", 10), ("costly", 5))
SMALL = ("SELECT ?r ?id WHERE { ?r <http://purl.org/dc/terms/identifier> ?id } "
         "ORDER BY ?id LIMIT 20")
LARGE = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
COSTLY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
BASE = "https://w3id.org/unres/"  # the bundled corpus's base; its IRIs are served at /path
HAS_PART = "http://data.europa.eu/eli/ontology#has_part"
POSITION = "https://w3id.org/unres/ontology#position"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (Linux /proc)."""
    children: dict[int, list[int]] = defaultdict(list)
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children[int(fields[1])].append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, ()))
    return total / 1e6


def build(out: Path) -> None:
    subprocess.run([sys.executable, "-m", "kg", "build", "--out", str(out)], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)


def start_server(build_dir: Path, port: int, timeout_s: float) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(build_dir), "--port", str(port),
         "--timeout-s", str(timeout_s)], cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc
        except OSError as err:
            if proc.poll() is not None:
                why = proc.stderr.read().decode() if proc.stderr else "exited"
                raise RuntimeError(f"kg serve exited: {why}") from err
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("kg serve did not start within 60 s")


def targets(port: int) -> tuple[list[str], list[str]]:
    """Paths of resolution pages and paragraph documents, asked of the server itself."""
    import json

    def select(query: str) -> list[str]:
        for _ in range(5):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/sparql?" + urlencode({"query": query}),
                         headers={"Accept": "application/sparql-results+json"})
            response = conn.getresponse()
            body = response.read()
            conn.close()
            if response.status == 200:
                rows = json.loads(body)["results"]["bindings"]
                return ["/" + row["x"]["value"][len(BASE):] for row in rows
                        if row["x"]["value"].startswith(BASE)]
            print(f"setting up: {response.status} {body[:80]!r}; again", file=sys.stderr)
        raise RuntimeError("the server did not answer the set-up queries")

    pages = [p + ".html" for p in select(
        f"SELECT DISTINCT ?x {{ ?x <{HAS_PART}> ?p FILTER(!CONTAINS(STR(?x), '/!')) }}")]
    documents = [p + ".ttl" for p in select(f"SELECT ?x {{ ?x <{POSITION}> ?n }} LIMIT 2000")]
    return pages, documents


def request_for(kind: str, pages: list[str], documents: list[str]) -> tuple[str, dict[str, str]]:
    if kind == "page":
        return random.choice(pages), {"Accept": "text/html"}
    if kind == "document":
        return random.choice(documents), {"Accept": "text/turtle"}
    query = {"sparql": SMALL, "large": LARGE, "costly": COSTLY}[kind]
    accept = "application/n-triples" if kind == "large" else "application/sparql-results+json"
    return "/sparql?" + urlencode({"query": query}, quote_via=quote), {"Accept": accept}


def client(port: int, stop_at: float, pages: list[str], documents: list[str],
           results: list[tuple[str, int, float]], lock: threading.Lock,
           source: str = "127.0.0.1") -> None:
    kinds = [k for k, w in MIX for _ in range(w)]

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=60,
                                          source_address=(source, 0))

    conn = connect()
    local: list[tuple[str, int, float]] = []
    while time.monotonic() < stop_at:
        kind = random.choice(kinds)
        path, headers = request_for(kind, pages, documents)
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            elapsed = time.perf_counter() - start
            if status == 429:  # (after timing it: the wait asked for is not the server's)
                time.sleep(float(response.getheader("Retry-After") or 1))
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = connect()
        except (OSError, http.client.HTTPException):
            status = 0  # connection refused, reset or cut short: always a failure
            elapsed = time.perf_counter() - start
            conn.close()
            conn = connect()
        local.append((kind, status, elapsed))
    conn.close()
    with lock:
        results.extend(local)


def round_of(port: int, clients: int, duration: float, pages: list[str],
             documents: list[str], addresses: int = 0) -> list[tuple[str, int, float]]:
    """`clients` threads; with `addresses` > 0 they connect from that many loopback addresses
    (127.0.1.1, 127.0.1.2, ...: Linux answers the whole of 127/8), which the server counts as
    that many clients for its per-client limit; else one address per client."""
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + duration
    spread = addresses or clients
    threads = [threading.Thread(target=client, args=(
        port, stop_at, pages, documents, results, lock, f"127.0.1.{1 + i % spread % 250}"))
        for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + 120)
    return results


def failures(results: list[tuple[str, int, float]]) -> int:
    return sum(1 for _, status, _ in results
               if not (200 <= status < 400 or status in DOCUMENTED))


def report(clients: int, results: list[tuple[str, int, float]]) -> None:
    print(f"\n{clients} client(s): {len(results)} requests, {failures(results)} failures")
    print(f"  {'kind':9} {'n':>6} {'p50 ms':>9} {'p99 ms':>9}  statuses")
    for kind, _ in MIX:
        rows = [(s, t) for k, s, t in results if k == kind]
        if not rows:
            continue
        times = sorted(t for _, t in rows)
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(Counter(s for s, _ in rows).items()))
        print(f"  {kind:9} {len(rows):6} {statistics.median(times) * 1e3:9.1f} "
              f"{p99 * 1e3:9.1f}  {statuses}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per round")
    parser.add_argument("--build", type=Path, help="a build directory (default: build the "
                                                   "bundled corpus into a temporary one)")
    parser.add_argument("--timeout-s", type=float, default=5.0, help="the server's time limit")
    parser.add_argument("--addresses", type=int, default=0,
                        help="loopback addresses the clients come from (default: one each; "
                             "1: all from one address, as behind a proxy)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        build_dir = args.build
        if build_dir is None:
            build_dir = Path(tmp) / "out"
            build(build_dir)
        port = free_port()
        server = start_server(build_dir, port, args.timeout_s)
        try:
            pages, documents = targets(port)
            print(f"{len(pages)} resolution pages, {len(documents)} paragraph documents; "
                  f"time limit {args.timeout_s} s")
            before = tree_rss_mb(server.pid)
            total_failures = 0
            for clients in args.clients:
                results = round_of(port, clients, args.duration, pages, documents,
                                   args.addresses)
                report(clients, results)
                total_failures += failures(results)
                if server.poll() is not None:
                    print("the server exited during the round")
                    return 1
            time.sleep(2)
            after = tree_rss_mb(server.pid)
            print(f"\nserver memory (process tree RSS): {before:.0f} MB before, "
                  f"{after:.0f} MB after")
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
