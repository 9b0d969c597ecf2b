"""A real uvicorn server on a free loopback port, queried by SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from kg.serve import create_app

from .conftest import RES

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(build_dir: Path) -> Iterator[str]:
    port = free_port()
    app = create_app(build_dir, workers=2, timeout_s=2.0)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def wrapper(server: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    return sw


def test_select_json(server: str) -> None:
    result = wrapper(server, "SELECT ?id WHERE { ?r <http://purl.org/dc/terms/identifier> ?id }"
                     " ORDER BY ?id", JSON).queryAndConvert()
    ids = [b["id"]["value"] for b in result["results"]["bindings"]]
    assert "A/RES/56/163" in ids and "A/RES/57/209" in ids


def test_select_xml_post(server: str) -> None:
    doc = wrapper(server, "SELECT ?s WHERE { ?s a <https://w3id.org/unres/ontology#Mandate> }",
                  XML, "POST").queryAndConvert()
    uris = [n.firstChild.data for n in doc.getElementsByTagName("uri")]
    assert any(u.endswith("srsg-human-rights-defenders") for u in uris)


def test_ask(server: str) -> None:
    result = wrapper(server, 'ASK { ?s <http://purl.org/dc/terms/identifier> "A/RES/56/163" }',
                     JSON).queryAndConvert()
    assert result["boolean"] is True


def test_construct(server: str) -> None:
    graph = wrapper(server, "CONSTRUCT WHERE { ?s <http://purl.org/dc/terms/identifier> ?id }",
                    TURTLE).queryAndConvert()
    text = graph.decode() if isinstance(graph, bytes) else graph.serialize(format="turtle")
    assert "A/RES/57/209" in text


def test_concurrent_clients_are_not_blocked_by_a_slow_query(server: str) -> None:
    """One expensive query runs in a worker; other requests keep being answered."""
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    with httpx.Client(timeout=30) as c:
        t = threading.Thread(target=lambda: c.get(f"{server}/sparql", params={"query": slow}))
        t.start()
        time.sleep(0.2)
        start = time.monotonic()
        for _ in range(10):
            assert c.get(f"{server}/{RES}.ttl").status_code == 200
        assert time.monotonic() - start < 2.0
        t.join(timeout=30)


def test_redirect_followed_by_a_crawler(server: str) -> None:
    r = httpx.get(f"{server}/symbol/A/RES/56/163", headers={"Accept": "text/turtle"},
                  follow_redirects=True)
    assert r.status_code == 200 and str(r.url).endswith(f"{RES}.ttl")


@pytest.mark.external
@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize(("ext", "syntax"), [("ttl", "turtle"), ("rdf", "rdfxml"),
                                             ("nt", "ntriples")])
def test_rapper_parses_documents(server: str, ext: str, syntax: str) -> None:
    out = subprocess.run(["rapper", "-q", "-i", syntax, "-c", f"{server}/{RES}.{ext}"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "returned" in out.stderr or out.stderr == ""


@pytest.mark.external
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_query_page_runs_in_a_browser(server: str, tmp_path: Path) -> None:
    """YASGUI starts under the page's Content-Security-Policy, offline, with our example."""
    out = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
         f"--user-data-dir={tmp_path}", "--virtual-time-budget=5000", "--dump-dom",
         f"{server}/query"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert 'class="yasgui' in out.stdout  # the widget rendered
    assert "CodeMirror" in out.stdout  # the editor rendered
    assert "unres:Resolution" in out.stdout or "dcterms:identifier" in out.stdout


def raw_status(server: str, request: bytes) -> int:
    """Send bytes as they are (no client-side checks) and return the status code."""
    host, port = server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(request)
        head = sock.recv(1024)
    return int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0


def test_hostile_requests_do_not_take_the_server_down(server: str) -> None:
    long_url = b"GET /sparql?query=ASK%7B%7D" + b"%20" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    assert raw_status(server, long_url) in (0, 400, 413, 414, 431)
    accept = b"text/html;q=0.1," * 5000
    assert raw_status(server, b"GET /" + RES.encode() + b" HTTP/1.1\r\nHost: x\r\nAccept: "
                      + accept + b"\r\n\r\n") in (0, 303, 400, 431)
    assert raw_status(server, b"GET /%ff%00/../..%2f HTTP/1.1\r\nHost: x\r\n\r\n") in (400, 404)
    assert raw_status(server, b"GARBAGE\r\n\r\n") in (0, 400)
    with httpx.Client(timeout=30) as c:
        assert c.get(f"{server}/" + "a/" * 3000).status_code in (404, 414)
        r = c.post(f"{server}/sparql", content=b"x" * 5_000_000,
                   headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 413
        # and it still answers
        assert c.get(f"{server}/{RES}.ttl").status_code == 200


def _comunica() -> str | None:
    return shutil.which("comunica-sparql")


@pytest.mark.external
@pytest.mark.skipif(_comunica() is None, reason="comunica-sparql (@comunica/query-sparql) missing")
def test_comunica_queries_the_endpoint_and_the_documents(server: str) -> None:
    """A linked-data client uses the endpoint, and also reads the Turtle documents directly."""
    query = "SELECT ?id WHERE { ?r <http://purl.org/dc/terms/identifier> ?id }"
    out = subprocess.run([_comunica(), f"sparql@{server}/sparql", query],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "A/RES/57/209" in out.stdout
    out = subprocess.run([_comunica(), f"{server}/{RES}", "SELECT ?p ?o WHERE { ?s ?p ?o }"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "A/RES/56/163" in out.stdout


def test_run_with_several_web_processes(build_dir: Path) -> None:
    """`run(processes=2)`: uvicorn starts each web process from the environment's settings."""
    import sys

    port = free_port()
    code = ("import sys; from pathlib import Path; from kg.serve import run; "
            "run(Path(sys.argv[1]), port=int(sys.argv[2]), processes=2, workers=1, "
            "max_rows=7, log_level='warning')")
    proc = subprocess.Popen([sys.executable, "-c", code, str(build_dir), str(port)])
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/sparql",
                              params={"query": "SELECT * { ?s ?p ?o }"}, timeout=10)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.headers["x-kg-row-limit"] == "7"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_live_server_never_fetches_what_a_query_names(server: str) -> None:
    """The probe's query (a local-name escape hiding SERVICE), over real HTTP, in GET and POST:
    refused, and the loopback listener it points at sees nothing."""
    from .test_guard import HIDDEN, TARGET, listener

    with listener() as (port, seen):
        for query in HIDDEN[:: 3]:
            text = query.replace("{T}", TARGET.format(port=port))
            for r in (httpx.get(f"{server}/sparql", params={"query": text}, timeout=10),
                      httpx.post(f"{server}/sparql", content=text, timeout=10,
                                 headers={"Content-Type": "application/sparql-query"})):
                assert r.status_code == 400, (text, r.text)
    assert seen == []
