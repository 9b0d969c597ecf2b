"""The SPARQL 1.1 Protocol on /sparql, including the W3C protocol test cases that apply to a
read-only endpoint (query via GET / POST form / POST direct, dataset parameters, bad requests,
content types), the refusals, the limits and CORS."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from kg.serve import create_app

from .conftest import BASE

SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/unres/ontology#Resolution> } ORDER BY ?s"
ASK = "ASK { ?s <http://purl.org/dc/terms/identifier> \"A/RES/56/163\" }"
CONSTRUCT = ("CONSTRUCT { ?s <http://purl.org/dc/terms/identifier> ?id } WHERE "
             "{ ?s <http://purl.org/dc/terms/identifier> ?id }")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}
EXPENSIVE = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
             "?m ?n2 ?o }")


def bindings(response) -> list[dict]:
    return response.json()["results"]["bindings"]


# -- W3C protocol tests: query operations ----------------------------------------------------

def test_query_get(client: TestClient) -> None:  # query-get
    r = client.get("/sparql", params={"query": SELECT})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert len(bindings(r)) == 4  # two built, two cited resolutions, from the union graph


def test_query_post_form(client: TestClient) -> None:  # query-post-form
    r = client.post("/sparql", content=f"query={ASK}".replace("+", "%2B").encode(), headers=FORM)
    assert r.status_code == 200
    assert r.json()["boolean"] is True


def test_query_post_direct(client: TestClient) -> None:  # query-post-direct
    r = client.post("/sparql", content=ASK.encode(), headers=DIRECT)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_dataset_default_graph(client: TestClient) -> None:  # query-dataset-default-graph
    graph = BASE + "graph/unga/2002-12-18/57-209"
    r = client.get("/sparql", params={"query": SELECT, "default-graph-uri": graph})
    symbols = {b["s"]["value"] for b in bindings(r)}
    assert symbols == {BASE + "akn/un/statement/deliberation/unga/2002-12-18/57-209",
                       BASE + "symbol/A/RES/56/163"}


def test_dataset_default_graphs(client: TestClient) -> None:  # query-dataset-default-graphs-get
    graphs = [BASE + "graph/unga/2002-12-18/57-209", BASE + "graph/unga/2001-12-19/56-163"]
    r = client.get("/sparql", params=[("query", SELECT)] + [("default-graph-uri", g)
                                                             for g in graphs])
    assert len(bindings(r)) == 4


def test_dataset_named_graphs(client: TestClient) -> None:  # query-dataset-named-graphs-post
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    graphs = [BASE + "graph/reference", BASE + "graph/ontology"]
    body = "&".join([f"query={query}"] + [f"named-graph-uri={g}" for g in graphs])
    r = client.post("/sparql", content=body.encode(), headers=FORM)
    assert {b["g"]["value"] for b in bindings(r)} == set(graphs)


def test_dataset_full(client: TestClient) -> None:  # query-dataset-full
    params = [("query", "SELECT * { { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
                        "UNION { GRAPH ?g { ?s a <https://w3id.org/unres/ontology#Mandate> } } }"),
              ("default-graph-uri", BASE + "graph/ontology"),
              ("named-graph-uri", BASE + "graph/reference")]
    rows = bindings(client.get("/sparql", params=params))
    assert any("g" in b for b in rows) and any("l" in b for b in rows)


def test_from_clauses_define_the_dataset(client: TestClient) -> None:
    query = (f"SELECT (COUNT(*) AS ?n) FROM <{BASE}graph/ontology> WHERE {{ ?s ?p ?o }}")
    assert bindings(client.get("/sparql", params={"query": query}))[0]["n"]["value"] == "6"
    query = (f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{BASE}graph/ontology> "
             "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    rows = bindings(client.get("/sparql", params={"query": query}))
    assert [r["g"]["value"] for r in rows] == [f"{BASE}graph/ontology"]


def test_protocol_parameters_override_from(client: TestClient) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{BASE}graph/ontology> WHERE {{ ?s ?p ?o }}"
    params = {"query": query, "default-graph-uri": BASE + "graph/reference"}
    r = client.get("/sparql", params=params)
    assert bindings(r)[0]["n"]["value"] != "6"


def test_union_default_graph(client: TestClient) -> None:
    """Without dataset parameters the default graph is the union of the named graphs."""
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert int(bindings(r)[0]["n"]["value"]) > 100


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+json;q=0.1, text/csv;q=0.9", "text/csv"),
])
def test_select_content_types(client: TestClient, accept: str, media: str) -> None:
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]


@pytest.mark.parametrize(("accept", "fmt"), [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
def test_construct_content_types(client: TestClient, accept: str, fmt: ox.RdfFormat) -> None:
    r = client.post("/sparql", content=CONSTRUCT.encode(),
                    headers={**DIRECT, "Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == fmt.media_type
    triples = list(ox.parse(r.content, format=fmt))
    assert len(triples) == 6  # 2 built, 4 cited: one triple each, duplicates across graphs merged


def test_describe(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": f"DESCRIBE <{BASE}symbol/A/56/341>"},
                   headers={"Accept": "application/n-triples"})
    assert r.status_code == 200 and "A/56/341" in r.text


def test_format_parameter(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": SELECT, "format": "xml"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = client.get("/sparql", params={"query": CONSTRUCT, "format": "ntriples"})
    assert r.headers["content-type"].startswith("application/n-triples")
    r = client.get("/sparql", params={"query": SELECT, "format": "turtle"})
    assert r.status_code == 400 and "json" in r.text


def test_not_acceptable(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and "application/sparql-results+json" in r.text


# -- W3C protocol tests: bad requests -----------------------------------------------------------

@pytest.mark.parametrize("query", ["SELECT * WHERE {", "ASK {?s ?p ?o", "SELEKT ?x {}"])
def test_bad_query_syntax(client: TestClient, query: str) -> None:  # bad-query-syntax
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400 and "Malformed query" in r.text


def test_bad_multiple_queries(client: TestClient) -> None:  # bad-multiple-queries
    r = client.get("/sparql", params=[("query", ASK), ("query", ASK)])
    assert r.status_code == 400 and "one 'query'" in r.text


def test_bad_query_wrong_media_type(client: TestClient) -> None:  # bad-query-wrong-media-type
    r = client.post("/sparql", content=ASK.encode(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 415


def test_bad_query_missing_form_type(client: TestClient) -> None:  # bad-query-missing-form-type
    r = client.post("/sparql", content=f"query={ASK}".encode(), headers={"Content-Type": ""})
    assert r.status_code == 415


def test_bad_query_missing_direct_type(client: TestClient) -> None:
    r = client.post("/sparql", content=ASK.encode())
    assert r.status_code == 415


def test_bad_query_non_utf8(client: TestClient) -> None:  # bad-query-non-utf8
    r = client.post("/sparql", content="ASK { ?s ?p \"é\" }".encode("latin-1"), headers=DIRECT)
    assert r.status_code == 400


def test_bad_form_without_query(client: TestClient) -> None:
    r = client.post("/sparql", content=b"default-graph-uri=http://x/", headers=FORM)
    assert r.status_code == 400


def test_bad_graph_iri(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": ASK, "default-graph-uri": "not an iri"})
    assert r.status_code == 400


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods(client: TestClient, method: str) -> None:
    r = client.request(method, "/sparql", content=b"x")
    assert r.status_code == 405 and "POST" in r.headers["allow"]


# -- refusals ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "headers"), [
    (b"update=INSERT DATA { <a:a> <a:b> <a:c> }", FORM),
    (b"INSERT DATA { <a:a> <a:b> <a:c> }", {"Content-Type": "application/sparql-update"}),
    (b"INSERT DATA { <a:a> <a:b> <a:c> }", DIRECT),
    (b"query=DROP ALL", FORM),
])
def test_update_refused(client: TestClient, body: bytes, headers: dict) -> None:
    r = client.post("/sparql", content=body, headers=headers)
    assert r.status_code == 400 and "read-only" in r.text
    r = client.get("/sparql", params={"query": "ASK { <a:a> <a:b> <a:c> }"})
    assert r.json()["boolean"] is False  # and nothing was written


def test_service_refused(client: TestClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400 and "SERVICE" in r.text


def test_body_limit(client: TestClient) -> None:
    big = b"ASK { }" + b" " * 20_000  # the test app allows 10 000 bytes
    r = client.post("/sparql", content=big, headers=DIRECT)
    assert r.status_code == 413


def test_body_limit_without_length(client: TestClient) -> None:
    def chunks():
        for _ in range(50):
            yield b" " * 1000

    r = client.post("/sparql", content=chunks(), headers=DIRECT)
    assert r.status_code == 413


def test_row_limit_is_reported(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
    assert r.headers["x-kg-truncated"] == "true"
    assert r.headers["x-kg-row-limit"] == "50"
    assert len(bindings(r)) == 50
    r = client.get("/sparql", params={"query": SELECT})
    assert "x-kg-truncated" not in r.headers


def test_construct_row_limit(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.headers["x-kg-truncated"] == "true"


# -- service description, CORS ------------------------------------------------------------

def test_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    graph = list(ox.parse(r.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate.value == sd + "endpoint"
               and t.object.value == "http://testserver/sparql" for t in graph)
    assert any(t.object.value == sd + "UnionDefaultGraph" for t in graph)
    description = next(t.object.value for t in graph
                       if t.predicate.value == "http://purl.org/dc/terms/description"
                       and "Limits" in t.object.value)
    for limit in ("10 s per query (503", "1024 MB of memory per query (507",
                  "4 queries in flight per client address (429 with Retry-After",
                  "32 queries waiting", "nested at most 128 deep (400"):
        assert limit in description, (limit, description)


def test_service_description_formats(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and isinstance(json.loads(r.content), list | dict)
    r = client.get("/sparql", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/query"


def test_cors(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": ASK}, headers={"Origin": "http://elsewhere"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "X-KG-Truncated" in r.headers["access-control-expose-headers"]
    r = client.options("/sparql", headers={
        "Origin": "http://elsewhere", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert r.status_code == 204
    assert "POST" in r.headers["access-control-allow-methods"]
    assert r.headers["access-control-allow-headers"] == "content-type"


def test_threads_give_the_same_answers(thread_client: TestClient) -> None:
    r = thread_client.get("/sparql", params={"query": SELECT})
    assert len(bindings(r)) == 4
    r = thread_client.get("/sparql", params={"query": "SELECT * WHERE {"})
    assert r.status_code == 400


# -- timeouts -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def slow_client(build_dir: Path):
    app = create_app(build_dir, timeout_s=0.5, workers=1)
    with TestClient(app) as c:
        yield c


@pytest.mark.slow
def test_timeout_is_loud_and_recovers(slow_client: TestClient) -> None:
    r = slow_client.get("/sparql", params={"query": EXPENSIVE})
    assert r.status_code == 503 and "timed out" in r.text
    # the runaway worker was killed and replaced: queries are answered again once its successor
    # has started (until then: 503 "busy", never a hang)
    deadline = time.monotonic() + 30
    while True:
        r = slow_client.get("/sparql", params={"query": ASK})
        if r.status_code == 200 or time.monotonic() > deadline:
            break
        assert r.status_code == 503
        time.sleep(0.2)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_timeout_in_thread_mode(build_dir: Path) -> None:
    # A query of bounded work (the row limit stops it at 10,000 rows) that still takes far
    # longer than the limit: a thread cannot be killed, so a runaway would outlive the test.
    app = create_app(build_dir, timeout_s=0.005, workers=0)
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        assert r.status_code == 503


def test_cheap_queries_are_remembered_and_runaways_are_not(slow_client: TestClient) -> None:
    """The inline lane only takes queries a worker has already answered within budget."""
    runner = slow_client.app.state.runner

    def inline() -> set[tuple[object, ...]]:
        return {key for key, (_, cheap) in runner._cost.items() if cheap}

    first = slow_client.get("/sparql", params={"query": SELECT})
    assert (SELECT, None, None, ()) in inline()
    second = slow_client.get("/sparql", params={"query": SELECT})
    assert first.content == second.content and second.status_code == 200
    assert not any(EXPENSIVE in key for key in inline())


def test_hostile_host_header(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Host": "evil> <x", "Accept": "text/turtle"})
    assert r.status_code == 200
    r = client.get("/.well-known/void", headers={"Host": "a b\"c"})
    assert r.status_code == 200
