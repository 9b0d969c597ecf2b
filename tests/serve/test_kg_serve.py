"""`kg serve` as a user runs it (the CLI, uvicorn with httptools, one process) over a build of
the bundled corpus: SPARQLWrapper in every return format it offers, the request-head limits
enforced while reading, the Host allow-list, and a rebuild served without a restart."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    N3,
    RDF,
    RDFXML,
    TSV,
    TURTLE,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.build import build, default_corpus

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

SEEDS = default_corpus() / "seeds"
PARAGRAPHS = ("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { "
              "?p a <https://w3id.org/unres/ontology#Paragraph> }")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(build_dir: Path, log: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """`kg serve` on a free loopback port, once it answers (bounded wait)."""
    port = _free_port()
    kg = Path(sys.executable).with_name("kg")
    proc = subprocess.Popen(
        [str(kg), "serve", str(build_dir), "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1", "--processes", "1", *extra],
        stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kg serve exited: {log.read_text()[-2000:]}")
        try:
            httpx.get(f"{url}/sparql", timeout=2)  # any answer (a 400 for a Host not allowed)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("kg serve did not start within 60 s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


@pytest.fixture(scope="module")
def server(bundled_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, url = _serve(bundled_build, tmp_path_factory.mktemp("log") / "serve.log")
    yield url
    _stop(proc)


# -- SPARQLWrapper, every return format, every query form ---------------------------------------

RESOLUTION = "<https://w3id.org/unres/ontology#Resolution>"
ELI = "http://data.europa.eu/eli/ontology#"
QUERIES = {
    "SELECT": f"SELECT ?r ?p WHERE {{ ?r a {RESOLUTION} ; ?p ?o }} LIMIT 5",
    "ASK": f"ASK {{ ?r a {RESOLUTION} }}",
    "CONSTRUCT": f"CONSTRUCT {{ ?r ?p ?o }} WHERE {{ ?r a {RESOLUTION} ; ?p ?o }} LIMIT 20",
    "DESCRIBE": f"DESCRIBE ?r WHERE {{ ?r a {RESOLUTION} ; <{ELI}title> ?t }} LIMIT 1",
}
#: What each query form can be written as; SPARQLWrapper's other formats get a 400 naming these.
ANSWERS = {"SELECT": (JSON, XML, CSV, TSV), "ASK": (JSON, XML, CSV, TSV),
           "CONSTRUCT": (TURTLE, N3, XML, RDF, RDFXML, JSONLD, JSON),
           "DESCRIBE": (TURTLE, N3, XML, RDF, RDFXML, JSONLD, JSON)}
ALL_FORMATS = (JSON, XML, TURTLE, N3, RDF, RDFXML, CSV, TSV, JSONLD)


def _triples(result: object) -> int:
    """How many triples a converted CONSTRUCT/DESCRIBE answer holds, whatever its shape."""
    if isinstance(result, bytes):  # Turtle / N3: SPARQLWrapper hands over the text
        return len(rdflib.Graph().parse(data=result, format="turtle"))
    if isinstance(result, list | dict):  # JSON-LD read as plain JSON
        return len(rdflib.Graph().parse(data=json.dumps(result), format="json-ld"))
    return len(result)  # type: ignore[arg-type]  # an rdflib Graph


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("form", list(QUERIES))
def test_sparqlwrapper_every_return_format(server: str, form: str, method: str) -> None:
    for fmt in ALL_FORMATS:
        sw = SPARQLWrapper(f"{server}/sparql")
        sw.setQuery(QUERIES[form])
        sw.setReturnFormat(fmt)
        sw.setMethod(method)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SPARQLWrapper warns about combinations it dislikes
            if fmt not in ANSWERS[form]:
                with pytest.raises(QueryBadFormed, match="not available"):
                    sw.queryAndConvert()
                continue
            result = sw.queryAndConvert()
        if form == "SELECT" and fmt == JSON:
            assert len(result["results"]["bindings"]) == 5  # type: ignore[index]
        elif form == "SELECT" and fmt == XML:
            assert len(result.getElementsByTagName("result")) == 5  # type: ignore[union-attr]
        elif form == "SELECT":
            assert len(result.decode().strip().splitlines()) == 6, (fmt, result)  # type: ignore[union-attr]
        elif form == "ASK" and fmt == JSON:
            assert result["boolean"] is True  # type: ignore[index]
        elif form == "ASK" and fmt == XML:
            assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]
        elif form == "ASK":
            assert b"true" in result  # type: ignore[operator]
        else:
            assert _triples(result) > 3, (form, fmt)


# -- limits on the request head, enforced while it is read -------------------------------------

def _raw(server: str, head: bytes, *, chunk: int = 65536) -> tuple[bytes, int]:
    """Send `head` in pieces until the server answers or closes; its answer and bytes sent."""
    host, port = server.removeprefix("http://").split(":")
    sent = 0
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        try:
            while sent < len(head):
                sock.sendall(head[sent: sent + chunk])
                sent += chunk
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            answer = sock.recv(4096)
        except ConnectionResetError:
            answer = b""
    return answer, sent


def test_a_huge_header_is_refused_while_it_arrives(server: str) -> None:
    head = (b"GET /sparql HTTP/1.1\r\nHost: " + server.removeprefix("http://").encode()
            + b"\r\nAccept: " + b"text/turtle," * (16 * 2**20 // 12) + b"\r\n\r\n")
    answer, sent = _raw(server, head)
    assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
    assert sent < 8 * 2**20  # refused long before the 16 MB were all sent


def test_a_huge_request_line_is_refused(server: str) -> None:
    head = (b"GET /sparql?query=" + b"%20" * 200_000 + b" HTTP/1.1\r\nHost: "
            + server.removeprefix("http://").encode() + b"\r\n\r\n")
    answer, _ = _raw(server, head)
    assert answer.startswith(b"HTTP/1.1 414"), answer[:200]


def test_ordinary_headers_pass(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": QUERIES["ASK"]},
                  headers={"Accept": "application/sparql-results+json", "X-Pad": "x" * 30_000})
    assert r.status_code == 200 and r.json()["boolean"] is True


# -- Host ----------------------------------------------------------------------------------------

def test_host_header_is_never_echoed(server: str) -> None:
    for path in ("/sparql", "/.well-known/void", "/symbol/A/RES/56/163"):
        r = httpx.get(server + path, headers={"Host": "evil.example", "Accept": "text/turtle"})
        assert r.status_code == 400 and "evil" not in r.text, (path, r.text)
        assert "evil" not in r.headers.get("location", "")


def test_the_listening_address_is_answered(server: str) -> None:
    r = httpx.get(f"{server}/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and f"<{server}/sparql>" in r.text
    port = server.rsplit(":", 1)[1]
    r = httpx.get(f"{server}/symbol/A/RES/56/163", headers={"Host": f"localhost:{port}"})
    assert r.status_code == 303 and r.headers["location"].startswith(f"http://localhost:{port}/")


def test_allowed_host_option(bundled_build: Path, tmp_path: Path) -> None:
    proc, url = _serve(bundled_build, tmp_path / "serve.log", "--allowed-host", "data.example.org")
    try:
        r = httpx.get(f"{url}/sparql",
                      headers={"Host": "data.example.org", "Accept": "text/turtle"})
        assert r.status_code == 200 and "<http://data.example.org/sparql>" in r.text
        assert httpx.get(f"{url}/sparql").status_code == 400  # the list replaces the default
    finally:
        _stop(proc)


# -- a rebuild while serving ---------------------------------------------------------------------

def _count(url: str) -> int:
    r = httpx.get(f"{url}/sparql", params={"query": PARAGRAPHS},
                  headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_a_rebuild_is_served_without_restart(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = sorted(SEEDS.glob("*.txt"))[:1]
    build(first, out, jobs=1, validate=False)
    proc, url = _serve(out, tmp_path / "serve.log")
    try:
        before = _count(url)
        old_dump = httpx.get(f"{url}/dumps/kg.nq").content
        with httpx.Client(timeout=30) as client, client.stream("GET", f"{url}/dumps/kg.nq") as r:
            length = int(r.headers["content-length"])
            pieces = r.iter_raw(4096)
            received = [next(pieces)]
            build(sorted(SEEDS.glob("*.txt")), out, jobs=1, validate=False)  # one more source
            deadline = time.monotonic() + 30
            while _count(url) == before and time.monotonic() < deadline:
                time.sleep(0.3)
            received.extend(pieces)
        assert _count(url) > before  # the new build, without a restart
        assert length == len(old_dump) and b"".join(received) == old_dump
        new_dump = httpx.get(f"{url}/dumps/kg.nq")
        assert int(new_dump.headers["content-length"]) == len(new_dump.content) > length
    finally:
        _stop(proc)
    assert "could not be opened" not in (tmp_path / "serve.log").read_text()

