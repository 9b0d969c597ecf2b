"""SERVICE never leaves the server: the query check, the worker sandbox, and both together.

Every query below is first shown to be one that Oxigraph accepts (with `SERVICE` spelt `GRAPH`,
which has the same syntax and makes no request), so each case is a real way of writing a
federated query, not a typo the parser would reject anyway. A listener on loopback stands where
the query points; the tests require that it never sees a connection.
"""

from __future__ import annotations

import multiprocessing
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from kg.serve import sparql
from kg.serve.guard import declares_dataset, looks_like_update, uses_service
from kg.sparql.text import code

TARGET = "http://127.0.0.1:{port}/x"


@contextmanager
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on loopback that records whatever connects to it, for a bounded time."""
    seen: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.05)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            conn.settimeout(0.5)
            try:
                seen.append(conn.recv(4096) or b"<connected>")
            except OSError:
                seen.append(b"<connected>")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], seen
    finally:
        stop.set()
        thread.join(2)
        server.close()


# Ways of writing a SERVICE clause that a reader of words can miss. `{T}` is the target IRI.
_LOCAL_ESCAPES = "_~.-!$&'()*+,;=/?#@"  # and `\\%`, which Oxigraph refuses outright
HIDDEN = [
    *(f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ OPTIONAL {{ ?s ?p ex:o\\{c} . }} "
      f"SERVICE <{{T}}> {{ ?a ?b ?x }} }}" for c in _LOCAL_ESCAPES),
    "PREFIX ex: <http://example.org/> SELECT * { ?s ?p ex:a%23 . SERVICE <{T}> { ?a ?b ?x } }",
    "PREFIX ex: <http://example.org/> CONSTRUCT { ?a ?b ?x } WHERE { ?s ?p ex:o\\# . "
    "SERVICE <{T}> { ?a ?b ?x } }",
    "PREFIX ex: <http://example.org/> ASK { ?s ?p ex:o\\' . SERVICE <{T}> { ?a ?b ?x } }",
    "PREFIX ex: <http://example.org/> DESCRIBE ?a { ?s ?p ex:o\\# . SERVICE <{T}> { ?a ?b ?x } }",
    "SELECT * { ?s ?p 'it\\'s' . SERVICE <{T}> { ?a ?b ?x } }",
    'SELECT * { ?s ?p "say \\"hi\\"" . SERVICE <{T}> { ?a ?b ?x } }',
    "SELECT * { ?s ?p '''a ' '' b''' . SERVICE <{T}> { ?a ?b ?x } }",
    'SELECT * { ?s ?p """a " "" b""" . SERVICE <{T}> { ?a ?b ?x } }',
    "SELECT * { ?s ?p 'a\\\\' . SERVICE <{T}> { ?a ?b ?x } }",
    "SELECT * { ?s ?p \"\\u0022\" . SERVICE <{T}> { ?a ?b ?x } }",
    "SELECT * { ?s ?p <http://e/#frag> . SERVICE <{T}> { ?a ?b ?x } }",
    "SELECT * { ?s ?p <http://e/\\u0041> . SERVICE <{T}> { ?a ?b ?x } }",
    "SELECT * { ?s ?p ?o # a comment\n SERVICE <{T}> { ?a ?b ?x } }",
    "SELECT * { ?s ?p ?o # a comment\r SERVICE <{T}> { ?a ?b ?x } }",
    "SELECT * { SERVICESILENT<{T}>{ ?a ?b ?x } }",
    "SELECT * { ?s ?p 1e5SERVICE<{T}>{ ?a ?b ?x } }",
    "SELECT * { ?s ?p ?o.SERVICE<{T}>{ ?a ?b ?x } }",
    "SELECT * { ?s ?p \"x\"SERVICE<{T}>{ ?a ?b ?x } }",
    "SELECT * { ?s ?p \"x\"@en.SERVICE<{T}>{ ?a ?b ?x } }",
    "SELECT * {\tsErViCe\r\n<{T}>{ ?a ?b ?x } }",
    "PREFIX service: <http://example.org/> PREFIX : <{T}> SELECT * { service:x { ?a ?b ?x } }",
    "PREFIX x: <{T}> SELECT * { SERVICEx:y { ?a ?b ?x } }",
    "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <{T}> { ?a ?b ?x } } }",
    "SELECT * { { SELECT * { SERVICE <{T}> { ?a ?b ?x } } } }",
    "SELECT * { ?s ?p ?o FILTER(?s<1&&2>?o) SERVICE <{T}> { ?a ?b ?x } }",
    "SELECT * { BIND(<{T}> AS ?e) SERVICE ?e { ?a ?b ?x } }",
    "SELECT * { VALUES ?e { <{T}> } SERVICE SILENT ?e { ?a ?b ?x } }",
]

# Queries that mention SERVICE without asking for it, and must keep working.
HARMLESS = [
    "SELECT ?service WHERE { ?service a <http://x/Service> }",
    'SELECT * { ?s ?p "SERVICE <http://x/> {}" }',
    "SELECT * { ?s <http://x/SERVICE> ?o } # SERVICE <x:y> {}",
    "PREFIX ex: <http://x/> SELECT * { ?s ex:service ?o . ?s ?p ex:SERVICE }",
    "SELECT * { ?s ?p _:service }",
    "SELECT $service { $service ?p ?o }",
]


def _graph_form(query: str, port: int = 9) -> str:
    text = query.replace("{T}", TARGET.format(port=port))
    for spelling in ("SERVICE SILENT", "SERVICESILENT", "SERVICE", "sErViCe"):
        text = text.replace(spelling, "GRAPH")
    return text.replace("service:", "graph:")


@pytest.mark.parametrize("query", HIDDEN)
def test_hidden_service_is_a_query_oxigraph_accepts(query: str) -> None:
    """The case is meaningful: Oxigraph parses it (as GRAPH, which has SERVICE's syntax)."""
    ox.Store().query(_graph_form(query))


@pytest.mark.parametrize("query", HIDDEN)
def test_hidden_service_is_detected(query: str) -> None:
    assert uses_service(query.replace("{T}", TARGET.format(port=9)))


@pytest.mark.parametrize("query", HARMLESS)
def test_harmless_mentions_are_not_refused(query: str) -> None:
    ox.Store().query(query)
    assert not uses_service(query)


def test_code_keeps_prefix_names_and_drops_the_rest() -> None:
    assert code('PREFIX ex: <x:> SELECT ?v { ?v ex:p "s" } # c').split() == \
        ["PREFIX", "ex", "SELECT", "{", "ex", "}"]
    assert "SERVICE" not in code("SELECT * { ?s ?p ex:o\\# . } # SERVICE")
    assert "SERVICE" in code("SELECT * { ?s ?p ex:o\\# . } SERVICE <x:> {}")


def test_other_reading_of_keywords() -> None:
    assert looks_like_update("PREFIX x: <y:> DELETE WHERE { ?s ?p ?o }")
    assert not looks_like_update("SELECT * { ?s ?p 'INSERT' }")
    assert declares_dataset("SELECT*FROM<http://x/g>{ ?s ?p ?o }")
    assert not declares_dataset("SELECT * { ?s ?p 'FROM' }")


# -- over HTTP ---------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["client", "thread_client"])
def test_no_request_leaves_the_endpoint(mode: str, request: pytest.FixtureRequest) -> None:
    http: TestClient = request.getfixturevalue(mode)
    with listener() as (port, seen):
        for query in HIDDEN:
            text = query.replace("{T}", TARGET.format(port=port))
            for send in (lambda q: http.get("/sparql", params={"query": q}),
                         lambda q: http.post("/sparql", data={"query": q})):
                r = send(text)
                assert r.status_code == 400, (text, r.status_code, r.text)
                assert "SERVICE" in r.text
    assert seen == []


def test_worker_cannot_reach_the_network_even_past_the_check(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the query check switched off, the worker process still makes no request."""
    monkeypatch.setattr(sparql, "uses_service", lambda query: False)
    with listener() as (port, seen):
        target = TARGET.format(port=port)
        for query in (f"SELECT * {{ SERVICE <{target}> {{ ?a ?b ?x }} }}",
                      f"SELECT * {{ SERVICE SILENT <{target}> {{ ?a ?b ?x }} }}"):
            for _ in range(3):  # repeated: a query seen as cheap must not move in-process
                r = client.get("/sparql", params={"query": query})
                assert r.status_code in (200, 400), r.text
    assert seen == []


# -- the sandbox itself ------------------------------------------------------------------------

def _sandboxed(port: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from kg.serve.sandbox import network_restricted, restrict_network
    why_not = restrict_network()
    try:
        target = TARGET.format(port=port)
        list(ox.Store().query(f"SELECT * {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"))
        ran = "answered"
    except OSError as err:
        ran = f"refused: {err}"
    a, b = socket.socketpair()
    a.sendall(b"x")
    local_pipe_works = b.recv(1) == b"x"
    out.put((why_not, network_restricted(), ran, local_pipe_works))


def test_sandbox_blocks_sockets_and_service() -> None:
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    with listener() as (port, seen):
        proc = ctx.Process(target=_sandboxed, args=(port, out))
        proc.start()
        why_not, restricted, ran, local_pipe_works = out.get(timeout=60)
        proc.join(10)
    assert why_not is None
    assert restricted
    assert ran.startswith("refused")
    assert local_pipe_works
    assert seen == []
