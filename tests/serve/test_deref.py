"""Dereferencing: 303 from things to documents, content negotiation, validators, 404s, aliases."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from kg.serve import create_app

from .conftest import BASE, MANDATE, RES

PARA = f"{RES}/!main~para_1"


@pytest.mark.parametrize(("accept", "ext"), [
    ("text/html", "html"),
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("application/rdf+xml", "rdf"),
    ("text/turtle;q=0.5, application/rdf+xml;q=0.9", "rdf"),
    ("*/*", "ttl"),
    (None, "ttl"),
])
def test_work_303_by_accept(client: TestClient, accept: str | None, ext: str) -> None:
    headers = {"Accept": accept} if accept else {}
    r = client.get(f"/{RES}", headers=headers, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"http://testserver/{RES}.{ext}"
    assert "Accept" in r.headers["vary"]


def test_no_acceptable_format(client: TestClient) -> None:
    r = client.get(f"/{RES}", headers={"Accept": "image/png"}, follow_redirects=False)
    assert r.status_code == 406 and ".ttl" in r.text


@pytest.mark.parametrize(("ext", "fmt"), [
    ("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD),
    ("nt", ox.RdfFormat.N_TRIPLES), ("rdf", ox.RdfFormat.RDF_XML),
])
def test_documents_parse(client: TestClient, ext: str, fmt: ox.RdfFormat) -> None:
    r = client.get(f"/{PARA}.{ext}")
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == fmt.media_type
    body = r.content
    if ext == "jsonld":  # compact, its context by reference: inlined here for pyoxigraph
        doc = r.json()
        doc["@context"] = client.get("/context.jsonld").json()["@context"]
        body = json.dumps(doc).encode()
    triples = [q.triple for q in ox.parse(body, format=fmt)]
    subjects = {t.subject.value for t in triples}
    assert BASE + PARA in subjects
    # labels of objects come along: the mandate's name is in the paragraph's document
    assert any(t.subject.value == BASE + MANDATE and "Special Representative" in t.object.value
               for t in triples)


def test_resolution_document_holds_its_paragraphs(client: TestClient) -> None:
    triples = list(ox.parse(client.get(f"/{RES}.nt").content, format=ox.RdfFormat.N_TRIPLES))
    subjects = {t.subject.value for t in triples}
    assert BASE + PARA in subjects
    assert BASE + f"{RES}/!main~para_1__list_1__point_a" in subjects
    assert BASE + f"{RES}/!main~preamble__p_1__authorialNote_1" in subjects


def test_follow_to_html(client: TestClient) -> None:
    r = client.get(f"/{PARA}", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Calls upon" in r.text


@pytest.mark.parametrize("path", [
    f"/{RES}/%21main%7Epara_1.ttl",
    f"/{RES}/!main%7epara_1.ttl",
    f"/{RES}/%21main~para_1.ttl",
])
def test_percent_encoded_paths(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and "para_1" in r.text


def test_etag_and_304(client: TestClient) -> None:
    r = client.get(f"/{PARA}.ttl")
    etag, modified = r.headers["etag"], r.headers["last-modified"]
    assert r.headers["cache-control"].startswith("public")
    assert client.get(f"/{PARA}.ttl", headers={"If-None-Match": etag}).status_code == 304
    assert client.get(f"/{PARA}.ttl",
                      headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert client.get(f"/{PARA}.ttl", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(f"/{PARA}.ttl", headers={"If-None-Match": '"other"'}).status_code == 200
    assert client.get(f"/{PARA}.ttl",
                      headers={"If-Modified-Since": "Mon, 01 Jan 1990 00:00:00 GMT"}
                      ).status_code == 200
    assert client.get(f"/{PARA}.ttl", headers={"If-Modified-Since": "garbage"}).status_code == 200
    assert client.get(f"/{PARA}.html").headers["etag"] != etag


def test_alternate_links(client: TestClient) -> None:
    r = client.get(f"/{PARA}.ttl")
    assert f'</{PARA}.jsonld>; rel="alternate"' in r.headers["link"]


def test_symbol_alias_303_to_canonical(client: TestClient) -> None:
    r = client.get("/symbol/A/RES/56/163", follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == f"http://testserver/{RES}"


def test_symbol_nothing_cites_still_303s(client: TestClient) -> None:
    r = client.get("/symbol/A/RES/57/209", follow_redirects=False)
    assert r.status_code == 303
    assert "/unga/2002-12-18/57-209" in r.headers["location"]


def test_symbol_without_resolution(client: TestClient) -> None:
    r = client.get("/symbol/A/56/341", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert "https://undocs.org/A/56/341" in r.text
    assert "A/RES/57/209" in r.text and "A/RES/56/163" in r.text  # cited by both
    assert r.headers["vary"] == "Accept"
    assert r.headers["content-location"] == "/symbol/A/56/341.html"
    r = client.get("/symbol/A/56/341", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "A/56/341" in r.text


def test_symbol_with_dot(client: TestClient) -> None:
    r = client.get("/symbol/A/56/583/Add.2", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "A/56/583/Add.2" in r.text
    assert client.get("/symbol/A/56/583/Add.2.nt").status_code == 200


def test_not_found(client: TestClient) -> None:
    r = client.get("/akn/nothing/here", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    r = client.get("/akn/nothing/here.ttl")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/plain")
    r = client.get("/symbol/A/99/1", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "https://undocs.org/A/99/1" in r.text


@pytest.mark.parametrize("path", [
    "/%00", "/a%20b<script>", "/" + "x" * 5000, "/..%2F..%2Fetc/passwd", "/%ff%fe.ttl",
    "/akn/%3Cscript%3Ealert(1)%3C/script%3E.html", "/symbol/<b>.html",
])
def test_odd_paths_do_not_break(client: TestClient, path: str) -> None:
    r = client.get(path, headers={"Accept": "text/html"})
    assert r.status_code == 404
    assert "<script>alert" not in r.text and "<b>" not in r.text


def test_graph_and_ontology(client: TestClient) -> None:
    r = client.get("/graph/reference.nt")
    assert r.status_code == 200 and "calls upon" in r.text
    r = client.get("/graph/unga/2001-12-19/56-163.ttl")
    assert "wasDerivedFrom" in r.text and "Requests the Secretary-General" in r.text
    r = client.get("/ontology.ttl")  # the ontology document holds its terms (hash IRIs)
    assert r.status_code == 200 and "paragraph" in r.text


def test_post_to_a_resource(client: TestClient) -> None:
    r = client.post(f"/{RES}", content=b"x")
    assert r.status_code == 405 and "GET" in r.headers["allow"]


def test_head(client: TestClient) -> None:
    r = client.head(f"/{PARA}.ttl")
    assert r.status_code == 200 and r.headers["etag"]


def test_other_base_and_host(build_dir: Path) -> None:
    """--base changes the IRIs the server answers for, wherever it listens."""
    app = create_app(build_dir, base="http://example.org/unres", workers=0)
    with TestClient(app, base_url="http://127.0.0.1:9999") as c:
        assert c.get(f"/{RES}.ttl").status_code == 404  # the data is minted under w3id.org
        r = c.get("/.well-known/void", headers={"Accept": "text/turtle"})
        assert '"http://example.org/unres/"' in r.text
        assert "<http://127.0.0.1:9999/sparql>" in r.text


def test_jsonld_reads_in_pyld(client: TestClient) -> None:
    """A JSON-LD processor other than pyoxigraph reads the documents to the same triples."""
    pyld = pytest.importorskip("pyld.jsonld")
    doc = client.get(f"/{PARA}.jsonld").json()
    doc["@context"] = client.get("/context.jsonld").json()["@context"]
    nquads = pyld.to_rdf(doc, {"format": "application/n-quads"})
    expected = client.get(f"/{PARA}.nt").text
    assert len(nquads.strip().splitlines()) == len(expected.strip().splitlines())


def test_void_says_what_a_catalogue_needs(build_dir: Path) -> None:
    """Licence and rights, publisher, the partitions counted on the data, the number of
    documents; the dataset's IRI is the published base's whatever host the client used."""
    import pyoxigraph as ox

    app = create_app(build_dir, workers=0)
    described = {}
    for host in ("http://127.0.0.1:9999", "http://mirror.example:8080"):
        with TestClient(app, base_url=host) as c:
            r = c.get("/.well-known/void", headers={"Accept": "application/n-triples"})
            assert r.status_code == 200
            described[host] = ox.Store()
            described[host].load(r.content, format=ox.RdfFormat.N_TRIPLES)
    store = described["http://127.0.0.1:9999"]

    def one(query: str) -> list[str]:
        return [str(row[0].value) for row in store.query(
            "PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcterms: <http://purl.org/dc/terms/> "
            + query)]

    dataset = "https://w3id.org/unres/.well-known/void#dataset"
    for other in described.values():
        assert [str(q.subject.value) for q in other.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("http://rdfs.org/ns/void#Dataset"))] == [dataset]
    assert one(f"SELECT ?l {{ <{dataset}> dcterms:license ?l }}") == [
        "https://creativecommons.org/licenses/by/4.0/"]
    assert "United Nations" in one(f"SELECT ?r {{ <{dataset}> dcterms:rights ?r }}")[0]
    assert one(f"SELECT ?p {{ <{dataset}> dcterms:publisher ?p }}")
    resolutions = one(f"SELECT ?n {{ <{dataset}> void:classPartition [ void:class "
                      "<https://w3id.org/unres/ontology#Resolution> ; void:entities ?n ] }")
    data = ox.Store.read_only(str(build_dir / "store"))
    counted = next(iter(data.query("SELECT (COUNT(DISTINCT ?r) AS ?n) { ?r a "
                                   "<https://w3id.org/unres/ontology#Resolution> }",
                                   use_default_graph_as_union=True)))[0].value
    assert resolutions == [counted] and int(counted) > 0
    assert one(f"SELECT ?n {{ <{dataset}> void:propertyPartition [ void:property "
               "<http://data.europa.eu/eli/ontology#has_part> ; void:triples ?n ] }")
    assert int(one(f"SELECT ?n {{ <{dataset}> void:entities ?n }}")[0]) > int(counted)


def test_a_shape_iri_of_a_report_dereferences_to_its_documentation(client: TestClient) -> None:
    """Every shape IRI a report can print (`https://w3id.org/unres/shapes#R05-...`) lands on
    an element of /shapes.html with that id, its message and, where one exists, the made-up
    defect that makes it fire; the Turtle parses."""
    import pyoxigraph as ox

    r = client.get("/shapes", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/shapes.html"
    assert client.get("/shapes", headers={"Accept": "text/turtle"},
                      follow_redirects=False).headers["location"] == "/shapes.ttl"
    page = client.get("/shapes.html")
    assert page.status_code == 200 and "script-src 'none'" in page.headers[
        "content-security-policy"]
    turtle = client.get("/shapes.ttl")
    shapes = ox.Store()
    shapes.load(turtle.content, format=ox.RdfFormat.TURTLE)
    named = {q.subject.value for q in shapes.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None)
        if isinstance(q.subject, ox.NamedNode) and not q.object.value.endswith("SPARQLTarget")
        and q.subject.value.startswith("https://w3id.org/unres/shapes#")}
    assert len(named) > 50
    for iri in named:
        assert f'id="{iri.split("#", 1)[1]}"' in page.text, iri
    section = page.text.split('id="R05-resolution-title"', 1)[1].split("</section>", 1)[0]
    assert "official language" in section and "Example:" in section
