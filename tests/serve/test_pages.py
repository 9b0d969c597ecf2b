"""HTML pages a person reads: order, styling hooks, links both ways, escaping, JSON-LD."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
from starlette.testclient import TestClient

from .conftest import BASE, MANDATE, RES, RES2

HTML = {"Accept": "text/html"}


def test_resolution_page(client: TestClient) -> None:
    page = client.get(f"/{RES}.html").text
    # paragraphs in order: preamble first, then operative 1 with its sub-paragraphs, then 2
    order = [page.index(f'id="{a}"') for a in (
        "preamble__p_1", "preamble__p_2", "para_1", "para_1__list_1__point_a",
        "para_1__list_1__point_b", "para_2")]
    assert order == sorted(order)
    assert 'class="para preamble"' in page and 'class="para operative"' in page
    assert '<em class="phrase">Calls upon</em>' in page
    # each paragraph links to its own IRI
    assert f'href="/{RES}/!main~para_2"' in page
    # footnote marker and text
    assert 'href="#fn-preamble__p_1__authorialNote_1"' in page
    assert "Resolution 53/144, annex." in page
    # citations out and in
    assert 'href="/symbol/A/56/341"' in page and 'href="/symbol/A/RES/53/144"' in page
    assert f'href="/{RES2}"' in page  # cited by 57/209 (through its symbol alias)
    assert "https://undocs.org/A/RES/56/163" in page


def test_schema_org_jsonld(client: TestClient) -> None:
    page = client.get(f"/{RES}.html").text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == "A/RES/56/163"
    assert data["legislationDate"] == "2001-12-19"
    assert len(data["hasPart"]) == 7  # 2 preambular, 2 operative, 2 sub-paragraphs, annex


def test_markup_in_literals_is_escaped(client: TestClient) -> None:
    page = client.get(f"/{RES2}.html").text
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert" in page
    # the JSON-LD block holds the hostile title without closing its element early
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(blocks) == 1
    assert json.loads(blocks[0])["name"].startswith("Human rights defenders <script>")


def test_paragraph_page(client: TestClient) -> None:
    page = client.get(f"/{RES}/!main~para_1.html").text
    assert "Operative paragraph 1" in page
    assert f'href="/{RES}"' in page  # back to its resolution
    assert f'href="/{RES}/!main~preamble__p_2"' in page  # previous
    assert f'href="/{RES}/!main~para_1__list_1__point_a"' in page  # next / child
    assert "Special Representative" in page


def test_footnote_page(client: TestClient) -> None:
    r = client.get(f"/{RES}/!main~preamble__p_1__authorialNote_1.html")
    assert r.status_code == 200 and "Resolution 53/144, annex." in r.text


def test_mandate_page_lists_paragraphs_across_resolutions(client: TestClient) -> None:
    page = client.get(f"/{MANDATE}.html").text
    assert "Special Representative of the Secretary-General" in page
    assert f'href="/{RES}/!main~para_1"' in page
    assert f'href="/{RES2}/!main~para_1"' in page
    assert page.index("2001-12-19") < page.index("2002-12-18")  # oldest first


def test_phrase_page(client: TestClient) -> None:
    page = client.get("/akn/ontology/concept/un/calls-upon.html").text
    assert "calls upon" in page and page.count("Calls upon") >= 2


def test_home(client: TestClient) -> None:
    page = client.get("/").text
    assert "A/RES/56/163" in page and "A/RES/57/209" in page
    assert "A/RES/53/144" not in page  # only cited, not built
    assert 'href="/query"' in page and 'href="/.well-known/void"' in page
    assert 'href="/dumps/kg.trig"' in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert client.get("/?page=x").status_code == 400


def test_pages_forbid_scripts(client: TestClient) -> None:
    r = client.get(f"/{RES}.html")
    assert "script-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_query_page(client: TestClient) -> None:
    r = client.get("/query")
    assert r.status_code == 200
    assert '/static/yasgui.min.js' in r.text and "/static/query.js" in r.text
    for asset in ("/static/yasgui.min.js", "/static/yasgui.min.css", "/static/query.js",
                  "/static/style.css"):
        assert client.get(asset).status_code == 200


def test_query_page_lists_named_queries(client: TestClient) -> None:
    from kg.sparql.queries import queries

    page = client.get("/query").text
    for q in queries():
        assert f'value="{q.name}"' in page


def test_void(client: TestClient) -> None:
    r = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    triples = [q.triple for q in ox.parse(r.content, format=ox.RdfFormat.TURTLE)]
    props = {t.predicate.value for t in triples}
    assert "http://rdfs.org/ns/void#sparqlEndpoint" in props
    assert "http://rdfs.org/ns/void#dataDump" in props
    assert "http://rdfs.org/ns/void#exampleResource" in props
    assert any(t.object.value == "http://testserver/dumps/kg.trig" for t in triples)
    r = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")


def test_dumps(client: TestClient) -> None:
    assert "kg.trig" in client.get("/dumps/").text
    r = client.get("/dumps/kg.trig")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/trig")
    assert client.get("/dumps/build.json").status_code == 404
    assert client.get("/dumps/..%2Fbuild.json").status_code == 404
    assert client.get("/dumps/nope.ttl").status_code == 404


def test_resource_iris_in_rdf_keep_the_base(client: TestClient) -> None:
    """Pages link locally, but data keeps the published IRIs."""
    assert BASE + RES in client.get(f"/{RES}.ttl").text
