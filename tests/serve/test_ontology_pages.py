"""`/ontology` documents every term of ontology/unres.ttl; each SKOS scheme has a page."""

from __future__ import annotations

from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, SKOS
from starlette.testclient import TestClient

from kg.rdf.resources import VOCABULARIES
from kg.serve import create_app

from .conftest import BASE

UNRES = "https://w3id.org/unres/ontology#"


class _Ids(HTMLParser):
    """The ids and hrefs of a page, read by the standard library's parser."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value:
                self.hrefs.add(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Ids:
    page = _Ids()
    page.feed(html)
    return page


def _ontology() -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=(resources.files("kg.ontology") / "unres.ttl").read_text("utf-8"),
            format="turtle")
    return g


def test_every_term_has_its_anchor(client: TestClient) -> None:
    r = client.get("/ontology", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/ontology.html"
    page = client.get("/ontology.html")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    parsed = _parse(page.text)
    g = _ontology()
    terms = {str(s) for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
             for s in g.subjects(RDF.type, kind)}
    assert len(terms) > 50
    missing = {t for t in terms if t.removeprefix(UNRES) not in parsed.ids}
    assert not missing
    text = " ".join(parsed.text)
    for s in terms:  # the label and the comment of each term are on the page
        label = g.value(rdflib.URIRef(s), rdflib.RDFS.label)
        assert label is not None and str(label) in text, s
    assert "#Resolution" in parsed.hrefs  # domains link to the class's anchor
    assert "/vocab/sdg" in parsed.hrefs


def test_ontology_as_data(client: TestClient) -> None:
    pyld = pytest.importorskip("pyld.jsonld")
    r = client.get("/ontology", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.headers["location"] == "/ontology.ttl"
    turtle = client.get("/ontology.ttl")
    assert turtle.headers["content-type"].startswith("text/turtle")
    expected = len(_ontology())
    assert len(list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))) == expected
    doc = client.get("/ontology.jsonld").json()
    doc["@context"] = client.get("/context.jsonld").json()["@context"]
    nquads = pyld.to_rdf(doc, {"format": "application/n-quads"})
    assert len(nquads.strip().splitlines()) == expected
    assert client.get("/ontology.exe").status_code == 404


def test_each_scheme_lists_its_concepts(client: TestClient) -> None:
    g = rdflib.Graph()
    folder = resources.files("kg.ontology") / "vocab"
    for name in VOCABULARIES:
        g.parse(data=(folder / f"{name}.ttl").read_text("utf-8"), format="turtle",
                publicID=BASE)
    schemes = list(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) >= 5
    index = _parse(client.get("/vocab/").text)
    for scheme in schemes:
        name = str(scheme).rstrip("/").rsplit("/", 1)[-1]
        assert f"/vocab/{name}" in index.hrefs
        page = client.get(f"/vocab/{name}")
        assert page.status_code == 200, name
        text = " ".join(_parse(page.text).text)
        for concept in g.subjects(SKOS.inScheme, scheme):
            assert str(concept) in text, (name, concept)
    assert client.get("/vocab/nothing-here").status_code == 404


def test_hostile_vocabulary_is_escaped(tmp_path: Path, build_dir: Path) -> None:
    """A label with markup is shown as text, not run (the pages escape everything)."""
    app = create_app(build_dir, workers=0)
    with TestClient(app) as c:
        onto = next(r.endpoint.__self__ for r in app.router.routes
                    if getattr(r, "path", "") == "/ontology.{ext}")
        onto.turtle = (b'@prefix owl: <http://www.w3.org/2002/07/owl#> .\n'
                       b'@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                       b'<https://w3id.org/unres/ontology#X&amp;> a owl:Class ;\n'
                       b'  rdfs:label "<script>alert(1)</script>" ;\n'
                       b'  rdfs:comment "\\" onclick=\\"x" .\n')
        onto.__dict__.pop("ontology", None)
        html = c.get("/ontology.html").text
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'id="X&amp;amp;"' in html and '" onclick="x' not in html
