"""Hostile requests against a live `kg serve` (the CLI, uvicorn with httptools and uvloop, real
query workers), each followed by the same two checks: the server still answers, and every
query worker is alive (none dead, none left a zombie).

The classes: SERVICE hidden by the grammar's escapes (a loopback listener must see no request),
nesting past the limit and long flat queries, huge identifiers and literals, a query that
outgrows the memory cap, large answers under concurrency (once 500s), request smuggling,
slow clients, huge Accept headers, and one client flooding the endpoint while another asks.
"""

from __future__ import annotations

import concurrent.futures as cf
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from .conftest import make_build
from .test_guard import HIDDEN, TARGET, listener
from .test_kg_serve import _serve, _stop

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

WORKERS = 2
TIMEOUT_S = 3.0
ASK = "ASK { ?s ?p ?o }"
ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
COSTLY = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?f ?i"
JSON = {"Accept": "application/sparql-results+json"}


def _filled_build(out: Path) -> Path:
    """The fixture build plus 12,000 filler triples: big enough that an answer is ~1 MB and a
    cross product outgrows any memory cap."""
    make_build(out)
    store = ox.Store(str(out / "store"))
    graph = ox.NamedNode("https://w3id.org/unres/filler")
    store.extend(ox.Quad(ox.NamedNode(f"https://w3id.org/unres/filler/{i}"),
                         ox.NamedNode("https://w3id.org/unres/filler#value"),
                         ox.Literal(f"filler value number {i} " * 2), graph)
                 for i in range(12_000))
    store.flush()
    del store
    return out


def _workers(pid: int) -> list[str]:
    """The states (R, S, Z...) of the server's child processes: its query workers."""
    states = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            try:
                stat = Path(f"/proc/{child}/stat").read_text()
            except FileNotFoundError:
                continue
            states.append(stat.rsplit(")", 1)[1].split()[0])
    return states


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    out = _filled_build(tmp_path_factory.mktemp("hostile") / "out")
    log = tmp_path_factory.mktemp("log") / "serve.log"
    proc, url = _serve(out, log, "--workers", str(WORKERS), "--timeout-s", str(TIMEOUT_S),
                       "--limit", "query-memory-mb=300", "--limit", "queue-wait-s=3")
    yield url, proc.pid
    _stop(proc)


def _healthy(live: tuple[str, int]) -> None:
    """The server answers a query, and all its workers are up (a replacement may be starting:
    bounded wait)."""
    url, pid = live
    deadline = time.monotonic() + 15
    while True:
        r = httpx.get(f"{url}/sparql", params={"query": ASK}, headers=JSON, timeout=10)
        states = _workers(pid)
        if (r.status_code == 200 and len(states) == WORKERS and "Z" not in states) \
                or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert r.status_code == 200 and r.json()["boolean"] is True, r.text
    assert len(states) == WORKERS and "Z" not in states, states


def _raw(url: str, data: bytes, wait_s: float = 3.0) -> bytes:
    """Everything the server sends back to `data` written on one connection, until it closes
    or goes quiet."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait_s) as sock:
        sock.sendall(data)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return answer


def _host(url: str) -> bytes:
    return url.removeprefix("http://").encode()


# -- SERVICE, however it is written ---------------------------------------------------------------

def test_no_service_request_leaves_the_live_server(live: tuple[str, int]) -> None:
    url, _ = live
    with listener() as (port, seen):
        with httpx.Client(timeout=10) as http:
            for query in HIDDEN:
                text = query.replace("{T}", TARGET.format(port=port))
                for r in (http.get(f"{url}/sparql", params={"query": text}),
                          http.post(f"{url}/sparql", content=text.encode(), headers={
                              "Content-Type": "application/sparql-query"})):
                    assert r.status_code == 400 and "SERVICE" in r.text, (text, r.text)
        time.sleep(0.2)
    assert seen == []
    _healthy(live)


# -- nesting and long queries ---------------------------------------------------------------------

N = 10_000
NESTED = {
    "braces": "SELECT * WHERE " + "{" * N + "?s ?p ?o" + "}" * N,
    "parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * N + "1" + ")" * N + ") }",
    "optional": "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * N + "}" * N + "}",
    "union": "SELECT * WHERE " + "{ { ?s ?p ?o } UNION " * N + "{ ?s ?p ?o }" + " }" * N,
    "not": "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * N + "true) }",
    "spaced not": "ASK { FILTER(" + "! " * N + "true) }",
    "minus": "ASK { FILTER(" + "- " * N + "1) }",
    "inverse path": "ASK { ?s " + "^" * N + "<p:x> ?o }",
    "blank nodes": "ASK { ?s ?p " + "[ <p:x> " * N + "<p:y>" + " ]" * N + " }",
    "collections": "ASK { ?s ?p " + "( " * N + ")" * N + " }",
    "exists": "ASK { FILTER(" + "EXISTS { FILTER(" * N + "true" + ") }" * N + ") }",
    "subqueries": "SELECT * WHERE " + "{ SELECT * WHERE " * N + "{ ?s ?p ?o }" + "}" * N,
}


@pytest.mark.parametrize("kind", list(NESTED))
def test_deep_nesting_is_a_400(live: tuple[str, int], kind: str) -> None:
    url, _ = live
    r = httpx.post(f"{url}/sparql", content=NESTED[kind].encode(), timeout=10,
                   headers={"Content-Type": "application/sparql-query", **JSON})
    assert r.status_code == 400 and "deep" in r.text, r.text
    _healthy(live)


FLAT = {
    "10,000 FILTERs": "SELECT * WHERE { ?s ?p ?o " + "FILTER(true) " * N + "} LIMIT 1",
    "a sum of 10,000 terms": "ASK { FILTER(1" + " + 1" * N + " > 0) }",
    "10,000 UNIONs": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * N) + " } LIMIT 1",
    "10,000 BINDs": "SELECT * WHERE { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(N)) + " }",
}


@pytest.mark.parametrize("kind", list(FLAT))
def test_long_flat_queries_are_answered_or_refused_never_fatal(live: tuple[str, int],
                                                               kind: str) -> None:
    url, _ = live
    r = httpx.post(f"{url}/sparql", content=FLAT[kind].encode(), timeout=15,
                   headers={"Content-Type": "application/sparql-query", **JSON})
    assert r.status_code in (200, 400, 503), (r.status_code, r.text)
    _healthy(live)


# -- huge identifiers and literals ----------------------------------------------------------------

HUGE = 900_000
BIG = {
    "IRI": "ASK { <http://example.org/" + "a" * HUGE + "> ?p ?o }",
    "literal": 'ASK { ?s ?p "' + "x" * HUGE + '" }',
    "long literal": "ASK { ?s ?p '''" + "y\\n" * (HUGE // 3) + "''' }",
    "variable": "SELECT ?" + "v" * HUGE + " { ?s ?p ?o } LIMIT 1",
    "prefixed name": "PREFIX ex: <http://e/> ASK { ?s ?p ex:" + "n" * HUGE + " }",
    "language tag": 'ASK { ?s ?p "x"@' + "en-" + "a" * HUGE + " }",
    "unicode escapes": 'ASK { ?s ?p "' + "\\u00e9" * (HUGE // 6) + '" }',
}


@pytest.mark.parametrize("kind", list(BIG))
def test_huge_terms_get_an_answer(live: tuple[str, int], kind: str) -> None:
    url, _ = live
    r = httpx.post(f"{url}/sparql", content=BIG[kind].encode(), timeout=15,
                   headers={"Content-Type": "application/sparql-query", **JSON})
    assert r.status_code in (200, 400), (r.status_code, r.text[:300])
    r = httpx.post(f"{url}/sparql", content=BIG[kind].encode() * 2, timeout=15,
                   headers={"Content-Type": "application/sparql-query", **JSON})
    assert r.status_code == 413
    _healthy(live)


# -- memory, and large answers under concurrency --------------------------------------------------

def test_a_query_past_the_memory_cap_is_a_507_and_its_worker_is_replaced(
        live: tuple[str, int]) -> None:
    url, _ = live
    r = httpx.get(f"{url}/sparql", params={"query": COSTLY}, headers=JSON, timeout=15)
    assert r.status_code == 507 and "memory" in r.text, r.text
    _healthy(live)


def test_large_answers_four_at_a_time(live: tuple[str, int]) -> None:
    url, _ = live

    def one(_: int) -> tuple[int, int]:
        r = httpx.get(f"{url}/sparql", params={"query": ALL, "format": "ntriples"}, timeout=30)
        return r.status_code, len(r.content) if r.status_code == 200 else r.text

    with cf.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(one, range(16)))
    # (a 503 would be the time limit on a slow machine: documented; a 500 was the bug)
    assert {status for status, _ in answers} <= {200, 503}, [a for a in answers if a[0] != 200]
    sizes = [size for status, size in answers if status == 200]
    # (most answered; how many depends on the machine's load: the bug answered none)
    assert len(sizes) >= 4 and min(sizes) > 500_000  # type: ignore[type-var]
    _healthy(live)


# -- request smuggling ----------------------------------------------------------------------------

SMUGGLED = b"GET /smuggled HTTP/1.1\r\nHost: %s\r\n\r\n"


def _post(url: str, headers: bytes, body: bytes) -> bytes:
    return (b"POST /sparql HTTP/1.1\r\nHost: " + _host(url) + b"\r\n"
            b"Content-Type: application/sparql-query\r\n" + headers + b"\r\n" + body)


@pytest.mark.parametrize("headers", [
    b"Content-Length: 6\r\nTransfer-Encoding: chunked\r\n",
    b"Transfer-Encoding: chunked\r\nContent-Length: 6\r\n",
    b"Content-Length: 6\r\nContent-Length: 40\r\n",
    b"Content-Length: 6, 40\r\n",
    b"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
    b"Transfer-Encoding:  xchunked\r\n",
    b"Transfer-Encoding: chunked, identity\r\n",
    b"Content-Length: +6\r\n",
    b"Content-Length: 0x6\r\n",
    b"Content-Length : 6\r\n",
    b" Transfer-Encoding: chunked\r\n",
], ids=lambda h: h.decode().strip().replace("\r\n", " | "))
def test_ambiguous_framing_is_refused_and_nothing_is_smuggled(live: tuple[str, int],
                                                              headers: bytes) -> None:
    url, _ = live
    body = b"ASK {}0\r\n\r\n" + SMUGGLED % _host(url)
    answer = _raw(url, _post(url, headers, body) + SMUGGLED % _host(url), wait_s=2.0)
    statuses = [line.split()[1] for line in answer.split(b"\r\n") if line.startswith(b"HTTP/1.")]
    assert statuses, answer[:300]
    assert statuses[0] == b"400", answer[:300]
    assert b"smuggled" not in answer and len(statuses) == 1, answer[:500]


def test_a_well_framed_request_on_the_same_connection_still_works(live: tuple[str, int]) -> None:
    url, _ = live
    ask = b"ASK {}"
    answer = _raw(url, _post(url, b"Content-Length: %d\r\n" % len(ask), ask)
                  + _post(url, b"Transfer-Encoding: chunked\r\n", b"6\r\nASK {}\r\n0\r\n\r\n"),
                  wait_s=1.0)
    assert answer.count(b"HTTP/1.1 200") == 2, answer[:500]


# -- slow clients and huge Accept headers ---------------------------------------------------------

def test_slow_clients_do_not_block_others(live: tuple[str, int]) -> None:
    """Two hundred connections dripping a request head byte by byte (slowloris), and one that
    sends a body slowly: a normal request is answered at once all the same."""
    url, _ = live
    host, port = url.removeprefix("http://").split(":")
    slow = []
    try:
        for i in range(200):
            sock = socket.create_connection((host, int(port)), timeout=5)
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: " + _host(url)
                         + b"\r\nX-%d: " % i)
            slow.append(sock)
        body_sock = socket.create_connection((host, int(port)), timeout=5)
        body_sock.sendall(_post(url, b"Content-Length: 1000\r\n", b"ASK"))
        slow.append(body_sock)
        for sock in slow[:50]:
            sock.sendall(b"a")
        start = time.monotonic()
        r = httpx.get(f"{url}/sparql", params={"query": ASK}, headers=JSON, timeout=10)
        assert r.status_code == 200 and time.monotonic() - start < 2.0
    finally:
        for sock in slow:
            sock.close()
    _healthy(live)


@pytest.mark.parametrize("accept", [
    "application/sparql-results+json;q=0.5," * 1500,
    ",".join(f"type{i}/sub{i};q=0.{i % 10}" for i in range(3000)),
    "*/*;" + "a=b;" * 10_000,
    "text/turtle;q=" + "9" * 30_000,
    "a" * 60_000,
], ids=["repeated", "many types", "many parameters", "a long q", "one long token"])
def test_huge_accept_headers_are_answered_quickly(live: tuple[str, int], accept: str) -> None:
    url, _ = live
    start = time.monotonic()
    for path in ("/sparql", "/"):
        r = httpx.get(url + path, params={"query": ASK} if path == "/sparql" else None,
                      headers={"Accept": accept}, timeout=10)
        assert r.status_code < 500, (r.status_code, r.text[:200])
    assert time.monotonic() - start < 3.0
    r = httpx.get(f"{url}/sparql", params={"query": ASK}, headers={"Accept": accept * 3})
    assert r.status_code == 431


# -- one client flooding, another asking ----------------------------------------------------------

def test_a_flooding_client_gets_429_and_another_client_is_still_served(
        live: tuple[str, int]) -> None:
    """Client A sends eight costly queries at once; past its limit it gets 429 with Retry-After.
    Client B (another loopback address) asks a cheap query meanwhile and is answered before A's
    queries have run out of time."""
    url, _ = live
    costly = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    a = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.1"), timeout=30)
    b = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=30)
    with a, b, cf.ThreadPoolExecutor(8) as pool:
        flood = [pool.submit(a.get, f"{url}/sparql", params={"query": f"{costly} # {i}"},
                             headers=JSON) for i in range(8)]
        time.sleep(0.5)
        start = time.monotonic()
        r = b.get(f"{url}/sparql", params={"query": "ASK { ?s ?p 'b' }"}, headers=JSON)
        waited = time.monotonic() - start
        answers = [f.result() for f in flood]
    assert r.status_code == 200 and waited < TIMEOUT_S, (r.status_code, waited)
    refused = [x for x in answers if x.status_code == 429]
    assert len(refused) == 4 and all(x.headers.get("retry-after") for x in refused)
    assert {x.status_code for x in answers} <= {429, 503}, [x.text for x in answers]
    _healthy(live)


def test_a_request_head_that_never_ends_gets_408(build_dir: Path) -> None:
    """A slowloris client drips header bytes for ever: past the head's time limit the server
    answers 408 and closes; a connection that sent nothing is closed without an answer."""
    import threading

    import uvicorn

    from kg.serve import create_app
    from kg.serve.http_limits import BoundedHttpToolsProtocol

    class Quick(BoundedHttpToolsProtocol):
        head_timeout_s = 0.5

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(build_dir, workers=0), port=port,
                                           http=Quick, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        drip = socket.create_connection(("127.0.0.1", port), timeout=5)
        idle = socket.create_connection(("127.0.0.1", port), timeout=5)
        drip.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for _ in range(4):
            time.sleep(0.2)
            try:
                drip.sendall(b"X-Drip: 1\r\n")
            except OSError:
                break
        answer = drip.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert idle.recv(4096) == b""  # closed, nothing said
        drip.close()
        idle.close()
        with httpx.Client() as ok:  # an ordinary request is unaffected
            r = ok.get(f"http://127.0.0.1:{port}/sparql", params={"query": ASK}, headers=JSON)
            assert r.status_code == 200
    finally:
        server.should_exit = True
        thread.join(10)
