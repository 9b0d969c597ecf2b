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
