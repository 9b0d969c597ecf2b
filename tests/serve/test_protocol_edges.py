"""Edges of the protocol against the app: what real clients send as format parameters, text that
XML cannot hold, query strings that are not UTF-8, the Host allow-list and the header limit, and
a rebuild swapped in under a running app while a download of the old build is in flight."""

from __future__ import annotations

import json
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from kg.builddir.concat import OpenParts
from kg.builddir.swap import swap_in
from kg.serve import create_app, negotiation

from .conftest import BASE, FIXTURE, RES

SRX = "{http://www.w3.org/2005/sparql-results#}"
RDF_NS = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


# -- format parameters -------------------------------------------------------------------------

def test_requested_accepts_what_clients_repeat() -> None:
    assert negotiation.requested([]) is None
    assert negotiation.requested(["tsv", "text/tab-separated-values", "tsv"]) == "tsv"
    assert negotiation.requested(
        ["json-ld", "application/ld+json,application/x-json+ld"]) == "json-ld"
    assert negotiation.requested(["json-ld", ""]) == "json-ld"
    assert negotiation.requested(["xml", "xml"]) == "xml"
    assert negotiation.requested(["nonsense"]) == "nonsense"  # passed on, to be refused by name
    with pytest.raises(ValueError, match="different formats"):
        negotiation.requested(["json", "csv"])
    with pytest.raises(ValueError, match="different formats"):
        negotiation.requested(["turtle", "application/rdf+xml"])


def test_sparqlwrapper_style_parameters(client: TestClient) -> None:
    query = "SELECT ?s WHERE { ?s a <https://w3id.org/unres/ontology#Resolution> }"
    r = client.get("/sparql", params=[("query", query), ("format", "tsv"),
                                      ("format", "text/tab-separated-values"), ("output", "tsv"),
                                      ("output", "text/tab-separated-values"), ("results", "tsv")])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/tab-separated")
    r = client.post("/sparql", data={"query": "CONSTRUCT WHERE { ?s a ?o }", "format": "n3",
                                     "output": "n3"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    r = client.get("/sparql", params=[("query", query), ("format", "json"), ("output", "csv")])
    assert r.status_code == 400 and "different formats" in r.text


# -- characters XML 1.0 cannot hold, and carriage returns ------------------------------------------

def test_sparql_xml_keeps_carriage_returns(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": 'SELECT ?x WHERE { BIND("a\\r\\nb" AS ?x) }',
                                      "format": "xml"})
    assert r.status_code == 200
    literal = ET.fromstring(r.content).find(f".//{SRX}literal")
    assert literal is not None and literal.text == "a\r\nb"


@pytest.mark.parametrize("escape", ["\\f", "\\u0001", "\\uFFFE", "\\u001F"])
def test_sparql_xml_refuses_what_xml_cannot_hold(client: TestClient, escape: str) -> None:
    query = f'SELECT ?x WHERE {{ BIND("a{escape}b" AS ?x) }}'
    r = client.get("/sparql", params={"query": query, "format": "xml"})
    assert r.status_code in (400, 406) and "U+" in r.text and "JSON" in r.text
    r = client.get("/sparql", params={"query": query}, headers=JSON_RESULTS)
    value = json.loads(r.text)["results"]["bindings"][0]["x"]["value"]
    assert r.status_code == 200 and value.startswith("a") and value.endswith("b")


def test_rdfxml_keeps_carriage_returns(client: TestClient) -> None:
    query = 'CONSTRUCT { <http://e.org/s> <http://e.org/p> "a\\rb" } WHERE {}'
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 200
    values = [e.text for e in ET.fromstring(r.content).iter() if e.tag == "{http://e.org/}p"]
    assert values == ["a\rb"]


def test_rdfxml_refuses_what_xml_cannot_hold(client: TestClient) -> None:
    query = 'CONSTRUCT { <http://e.org/s> <http://e.org/p> "a\\fb" } WHERE {}'
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 406 and "U+000C" in r.text and "Turtle" in r.text
    r = client.get("/sparql", params={"query": query}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "\\f" in r.text  # Turtle escapes it


def _build(out: Path, extra: str = "") -> Path:
    """A build directory of the fixture plus `extra` TriG."""
    out.mkdir(parents=True)
    trig = FIXTURE.read_text() + extra
    store = ox.Store(str(out / "store"))
    store.load(trig.encode(), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    (out / "dumps").mkdir()
    (out / "dumps" / "00000.trig").write_text(trig)
    (out / "build.json").write_text(json.dumps({"base": BASE, "resolutions": 2}))
    return out


def test_documents_in_rdfxml(tmp_path: Path) -> None:
    extra = (f'\n<graph/extra> {{ <{BASE}odd> <http://purl.org/dc/terms/title> "a\\fb" .'
             f' <{BASE}crlf> <http://purl.org/dc/terms/title> "a\\r\\nb" . }}\n')
    app = create_app(_build(tmp_path / "out", extra), workers=0)
    with TestClient(app) as c:
        r = c.get("/odd.rdf")
        assert r.status_code == 406 and "U+000C" in r.text and "/odd.ttl" in r.text
        assert c.get("/odd.ttl").status_code == 200
        r = c.get("/crlf.rdf")
        titles = [e.text for e in ET.fromstring(r.content).iter()
                  if e.tag == "{http://purl.org/dc/terms/}title"]
        assert titles == ["a\r\nb"]


# -- query strings that are not UTF-8 (W3C bad_query_non_utf8, every way of sending one) ---------

def test_non_utf8_percent_escapes_are_refused(client: TestClient) -> None:
    r = client.get("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%E9%22%20%7D")
    assert r.status_code == 400 and "UTF-8" in r.text
    r = client.post("/sparql", content=b"query=ASK%20%7B%20%3Fs%20%3Fp%20%22%E9%22%20%7D",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "UTF-8" in r.text
    r = client.post("/sparql?default-graph-uri=http%3A%2F%2Fx%2F%FF", content=b"ASK {}",
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "UTF-8" in r.text
    r = client.post("/sparql", content=b'ASK { ?s ?p "\xe9" }',
                    headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    # and UTF-8 is fine, escaped or not
    r = client.get("/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%22%C3%A9%22%20%7D",
                   headers=JSON_RESULTS)
    assert r.status_code == 200


@pytest.mark.parametrize("charset", ["UTF-16", "utf-16le", "iso-8859-1", "x-no-such-charset"])
def test_a_body_in_another_charset_is_refused_naming_it(client: TestClient, charset: str) -> None:
    for media, body in (("application/sparql-query", "ASK {}"),
                        ("application/x-www-form-urlencoded", "query=ASK+%7B%7D")):
        r = client.post("/sparql", content=body.encode("utf-16" if "16" in charset else "ascii"),
                        headers={"Content-Type": f"{media}; charset={charset}"})
        assert r.status_code == 400 and f"charset={charset}" in r.text and "UTF-8" in r.text
    r = client.post("/sparql", content=b"ASK {}", headers={
        "Content-Type": "application/sparql-query; charset=UTF-8", **JSON_RESULTS})
    assert r.status_code == 200


# -- Host and header size ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def guarded(build_dir: Path) -> Iterator[TestClient]:
    app = create_app(build_dir, workers=0, allowed_hosts=["testserver", "data.example.org"])
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.mark.parametrize("path", ["/sparql", "/.well-known/void", f"/{RES}", "/symbol/A/RES/56/163",
                                  "/dumps/kg.trig"])
def test_other_hosts_are_refused_without_echo(guarded: TestClient, path: str) -> None:
    r = guarded.get(path, headers={"Host": "evil.example", "Accept": "text/turtle"},
                    follow_redirects=False)
    assert r.status_code == 400 and "evil" not in r.text and "location" not in r.headers


def test_allowed_hosts_are_written(guarded: TestClient) -> None:
    r = guarded.get("/sparql", headers={"Host": "data.example.org", "Accept": "text/turtle"})
    assert r.status_code == 200 and "<http://data.example.org/sparql>" in r.text
    r = guarded.get(f"/{RES}", headers={"Host": "DATA.example.org:80"}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"http://data.example.org/{RES}.ttl"


def test_header_limit(guarded: TestClient) -> None:
    assert guarded.get("/sparql", headers={"X-Pad": "x" * 60_000}).status_code == 200
    r = guarded.get("/sparql", headers={"Accept": "text/turtle," * 6000})
    assert r.status_code == 431


# -- a rebuild under a running app -----------------------------------------------------------------

def test_open_parts_outlive_a_swap(tmp_path: Path) -> None:
    parts = [tmp_path / "a", tmp_path / "b"]
    parts[0].write_bytes(b"HEAD\nfirst\n")
    parts[1].write_bytes(b"HEAD\nsecond\n" * 10_000)
    held = OpenParts(parts, skip=5)
    for p in parts:
        p.unlink()
        p.write_bytes(b"other build\n")
    assert held.size == 11 + 12 * 10_000 - 5
    assert b"".join(held.chunks(1000)) == b"HEAD\nfirst\n" + (b"HEAD\nsecond\n" * 10_000)[5:]
    assert max(len(c) for c in held.chunks(1000)) == 1000


def _ask(client: TestClient, query: str) -> bool:
    r = client.get("/sparql", params={"query": query}, headers=JSON_RESULTS)
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


def test_a_swapped_build_is_served_and_old_downloads_finish(tmp_path: Path) -> None:
    out = _build(tmp_path / "out")
    old = (out / "dumps" / "00000.trig").read_bytes()
    marker = f"<{BASE}new> <http://purl.org/dc/terms/title> \"new\""
    app = create_app(out, workers=0, watch_s=0.0)
    with TestClient(app) as c:
        site = next(r.endpoint.__self__ for r in app.router.routes
                    if getattr(r, "path", "") == "/dumps/{name}")
        in_flight = site.held["kg.trig"].chunks(4096)
        first = next(in_flight)  # a download has started on the old build
        swap_in(_build(tmp_path / "next", f"\n<graph/new> {{ {marker} . }}\n"), out)
        deadline = time.monotonic() + 20
        while not _ask(c, f"ASK {{ {marker} }}"):
            assert time.monotonic() < deadline, "the new build was not picked up"
            time.sleep(0.05)
        assert first + b"".join(in_flight) == old  # finished from the old files
        r = c.get("/dumps/kg.trig")
        assert r.status_code == 200 and b'"new"' in r.content
        assert int(r.headers["content-length"]) == len(r.content) > len(old)
        assert app.state.info.build_dir == out


def test_a_body_dripped_in_gets_408(monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from starlette.requests import Request

    from kg.serve import protocol

    monkeypatch.setattr(protocol, "BODY_TIMEOUT_S", 0.3)

    async def drip() -> dict[str, object]:
        await asyncio.sleep(0.05)
        return {"type": "http.request", "body": b"A", "more_body": True}

    request = Request({"type": "http", "method": "POST", "query_string": b"", "headers": [
        (b"content-type", b"application/sparql-query")]}, drip)
    with pytest.raises(protocol.ProtocolError) as refused:
        asyncio.run(protocol.read_query_request(request, 1000))
    assert refused.value.status == 408 and "0.3 s" in refused.value.message
