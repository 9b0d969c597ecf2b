"""Pure functions: content negotiation, the query guard, IRI mapping, result writers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.rdf import formats
from kg.serve import iris, negotiation
from kg.serve.guard import looks_like_update
from kg.serve.pages import script_json
from kg.serve.results import WRITERS

from .conftest import FIXTURE


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "turtle"),
    ("*/*", "turtle"),
    ("text/html", "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
    ("application/rdf+xml;q=0.5, text/turtle;q=0.4", "xml"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples, text/turtle;q=0.1", "nt"),
    ("text/*", "turtle"),
    ("application/*;q=0.9, text/turtle;q=0.1", "jsonld"),
    ("text/turtle;q=0, */*;q=0.1", "html"),
    ("garbage, , ;q=x", "turtle"),
])
def test_negotiate_documents(accept: str | None, expected: str) -> None:
    assert negotiation.negotiate(accept, formats.DOCUMENT_FORMATS).name == expected


def test_negotiate_refuses_what_is_not_offered() -> None:
    assert negotiation.negotiate("image/png", formats.DOCUMENT_FORMATS) is None
    assert negotiation.negotiate("text/turtle;q=0", formats.RDF_FORMATS) is None


@pytest.mark.parametrize(("accept", "expected"), [
    ("application/sparql-results+xml", "xml"),
    ("application/sparql-results+json;q=0.2, text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    (None, "json"),
])
def test_negotiate_results(accept: str | None, expected: str) -> None:
    assert negotiation.negotiate(accept, formats.RESULT_FORMATS).name == expected


def test_format_parameter_names() -> None:
    assert formats.among("ttl", formats.RDF_FORMATS) is formats.TURTLE
    assert formats.among("application/ld+json", formats.RDF_FORMATS) is formats.JSONLD
    assert formats.among("CSV", formats.RESULT_FORMATS) is formats.RESULTS_CSV
    assert formats.among("csv", formats.RDF_FORMATS) is None


def test_update_detection() -> None:
    assert looks_like_update("INSERT DATA { <a:a> <a:b> <a:c> }")
    assert looks_like_update("PREFIX x: <y:> DELETE WHERE { ?s ?p ?o }")
    assert looks_like_update("DROP ALL")
    assert not looks_like_update("SELECT * { ?s ?p ?o }")


def test_iri_mapping() -> None:
    base = "https://w3id.org/unres/"
    assert iris.candidates(base, "/akn/x/!main~para_1")[0] == base + "akn/x/!main~para_1"
    assert iris.split_extension("/symbol/A/56/583/Add.2") is None
    assert iris.split_extension("/a/b.ttl") == ("/a/b", formats.TURTLE)
    assert iris.split_extension("/a.b/c") is None
    assert iris.href(base, base + "akn/x") == "/akn/x"
    assert iris.href(base, "https://undocs.org/A/1") == "https://undocs.org/A/1"
    assert iris.href(base, "javascript:alert(1)") is None
    assert iris.symbol_of(base, base + "symbol/A/RES/56/163") == "A/RES/56/163"


def test_script_json_cannot_break_out() -> None:
    text = str(script_json({"t": "</script><script>alert(1)</script>", "u": "\u2028<!--"}))
    assert "<" not in text and ">" not in text and "\u2028" not in text


def _solutions() -> ox.QuerySolutions:
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    store.add(ox.Quad(ox.BlankNode("b1"), ox.NamedNode("http://x/p"),
                      ox.Literal('tab\there, "quoted"\nline', language="en")))
    query = ("SELECT ?s ?p ?o WHERE { { ?s ?p ?o } UNION { ?s a ?t OPTIONAL { ?s <x:none> ?p } } }"
             " ORDER BY ?s ?p ?o")
    return store, query


@pytest.mark.parametrize("fmt", formats.RESULT_FORMATS, ids=lambda f: f.name)
def test_result_writers_match_pyoxigraph(fmt: formats.Format) -> None:
    """Our writers (needed for the row limit) say what pyoxigraph's own serialiser says."""
    store, query = _solutions()
    ours = store.query(query, use_default_graph_as_union=True)
    variables = [v.value for v in ours.variables]
    body = WRITERS[fmt.name](variables, [tuple(s) for s in ours])
    reference = store.query(query, use_default_graph_as_union=True).serialize(format=fmt.results)
    if fmt.name == "csv":  # CSV is lossy: compare text rows
        assert body.decode().splitlines() == reference.decode().splitlines()
        return
    mine = ox.parse_query_results(body, format=fmt.results)
    theirs = ox.parse_query_results(reference, format=fmt.results)
    assert [v.value for v in mine.variables] == [v.value for v in theirs.variables]
    assert [tuple(s) for s in mine] == [tuple(s) for s in theirs]
