"""Compact JSON-LD with the published context, read back by pyld (a processor we did not write)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from .conftest import BASE, MANDATE, RES

pyld = pytest.importorskip("pyld.jsonld")
HOST = "http://testserver"


def _loader(client: TestClient) -> Any:
    """pyld fetching documents from the app (the test client's host)."""
    def load(url: str, options: Any = None) -> dict[str, Any]:
        assert url.startswith(HOST), url
        r = client.get(url.removeprefix(HOST))
        assert r.status_code == 200, url
        return {"contextUrl": None, "documentUrl": url, "document": r.json()}
    return load


def _norm(triples: list[str]) -> list[str]:
    """N-Triples lines with blank-node labels made equal (the documents have few)."""
    import re
    return sorted(re.sub(r"_:\S+", "_:b", t.strip()) for t in triples if t.strip())


def _nt(triples: list[ox.Triple]) -> list[str]:
    return _norm([f"{t} ." for t in triples])


def test_context_is_published(client: TestClient) -> None:
    r = client.get("/context.jsonld")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    assert r.headers["access-control-allow-origin"] == "*"
    doc = r.json()
    assert doc["version"] and doc["@context"]["unres"] == "https://w3id.org/unres/ontology#"
    assert doc["@context"]["adopted"] == {"@id": "eli:date_document", "@type": "xsd:date"}
    again = client.get("/context.jsonld", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path", [RES, MANDATE])
def test_compact_documents_expand_to_the_turtle(client: TestClient, path: str) -> None:
    doc = client.get(f"/{path}.jsonld").json()
    assert doc["@context"] == HOST + "/context.jsonld"  # where the client reached the server
    keys = {k for node in doc["@graph"] for k in node}
    assert not any(k.startswith("http") for k in keys), keys  # every property compacted
    nquads = pyld.to_rdf(doc, {"format": "application/n-quads",
                               "documentLoader": _loader(client)})
    turtle = [q.triple for q in ox.parse(client.get(f"/{path}.ttl").content,
                                         format=ox.RdfFormat.TURTLE, base_iri=BASE)]
    assert _norm(nquads.splitlines()) == _nt(turtle)


def test_terms_are_used(client: TestClient) -> None:
    """Dates, links and texts by their terms: what makes the document compact."""
    doc = client.get(f"/{RES}.jsonld").json()
    res = next(n for n in doc["@graph"] if n["@id"] == BASE + RES)
    assert res["adopted"] == "2001-12-19"
    assert res["title"]["en"]
    assert isinstance(res["hasPart"], list) and isinstance(res["hasPart"][0], str)
    assert any("text" in n and "en" in n["text"] for n in doc["@graph"])


def test_context_follows_the_host(build_dir: Any) -> None:
    """A client of a local server fetches the context from it, not from w3id.org."""
    from kg.serve import create_app
    with TestClient(create_app(build_dir, workers=0), base_url="http://127.0.0.1:9") as c:
        assert c.get(f"/{RES}.jsonld").json()["@context"] == "http://127.0.0.1:9/context.jsonld"
        assert c.get("/ontology.jsonld").json()["@context"] == "http://127.0.0.1:9/context.jsonld"
