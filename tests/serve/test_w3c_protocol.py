"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only query endpoint.

Each case is one entry of the W3C test suite's protocol manifest
(`sparql/sparql11/protocol/manifest.ttl` in the W3C rdf-tests repository, W3C Test Suite
Licence / 3-clause BSD), restated here as request and expected outcome: the test name, the method,
the path and query string relative to the endpoint, the headers, the body and the status class
(2xx/3xx or 4xx) with, for boolean results, the expected answer. The data are ours: the four graphs
the manifest names, each saying of itself that it is a document, which is all the tests ask of them.

Not applicable, and so not here: the `update_*` tests (this endpoint is read-only; every update
is refused, see the `bad_update_*` cases), and `query_multiple_dataset`, whose request line
percent-encodes the `&` between its two `named-graph-uri` parameters, so that it names one graph
whose IRI holds `&named-graph-uri=` (a known defect of the manifest: no endpoint can answer true).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from kg.serve import create_app

DATA = "http://kasei.us/2009/09/sparql/data/"
DOC = "<http://xmlns.com/foaf/0.1/Document>"


def _q(text: str) -> str:
    return quote(text, safe="")


def _g(n: int) -> str:
    return _q(f"{DATA}data{n}.rdf")


ASK_D12 = f"ASK {{ <{DATA}data1.rdf> a ?type . <{DATA}data2.rdf> a ?type . }}"
ASK_N12 = (f"ASK {{ GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }} "
           f"GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }} }}")
ASK_FULL = (f"ASK {{\n  <{DATA}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{DATA}data1.rdf> a ?type }}\n"
            f"  GRAPH ?g2 {{ <{DATA}data2.rdf> a ?type }}\n}}")
FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}

# name, method, path and query string, headers, body, expected status class, expected boolean
CASES: list[tuple[str, str, str, dict[str, str], bytes, str, bool | None]] = [
    ("query_post_form", "POST", f"?default-graph-uri={_g(0)}", FORM,
     b"query=ASK%20%7B%7D", "2xx", True),
    ("query_dataset_default_graphs_get", "GET",
     f"?query={_q(ASK_D12)}&default-graph-uri={_g(1)}&default-graph-uri={_g(2)}", {}, b"",
     "2xx", True),
    ("query_dataset_default_graphs_post", "POST",
     f"?default-graph-uri={_g(1)}&default-graph-uri={_g(2)}", DIRECT, ASK_D12.encode(),
     "2xx", True),
    ("query_dataset_named_graphs_post", "POST",
     f"?named-graph-uri={_g(1)}&named-graph-uri={_g(2)}", DIRECT, ASK_N12.encode(), "2xx", True),
    ("query_dataset_named_graphs_get", "GET",
     f"?query={_q(ASK_N12)}&named-graph-uri={_g(1)}&named-graph-uri={_g(2)}", {}, b"",
     "2xx", True),
    ("query_dataset_full", "POST",
     f"?default-graph-uri={_g(3)}&named-graph-uri={_g(1)}&named-graph-uri={_g(2)}", DIRECT,
     ASK_FULL.encode(), "2xx", True),
    ("query_get", "GET", f"?query=ASK%20%7B%7D&default-graph-uri={_g(0)}", {}, b"", "2xx", True),
    ("query_content_type_select", "POST", f"?default-graph-uri={_g(0)}", DIRECT,
     b"SELECT (1 AS ?value) {}", "2xx", None),
    ("query_content_type_ask", "POST", f"?default-graph-uri={_g(0)}", DIRECT, b"ASK {}",
     "2xx", None),
    ("query_content_type_describe", "POST", f"?default-graph-uri={_g(0)}", DIRECT,
     b"DESCRIBE <http://example.org/>", "2xx", None),
    ("query_content_type_construct", "POST", f"?default-graph-uri={_g(0)}", DIRECT,
     b"CONSTRUCT { <s> <p> 1 } WHERE {}", "2xx", None),
    ("query_post_direct", "POST", "", DIRECT, b"ASK {}", "2xx", True),
    ("bad_query_method", "PUT", f"?query=ASK%20%7B%7D&default-graph-uri={_g(0)}", FORM, b"",
     "4xx", None),
    ("bad_multiple_queries", "GET", "?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", {}, b"",
     "4xx", None),
    ("bad_query_wrong_media_type", "POST", "", {"content-type": "text/plain"}, b"ASK {}",
     "4xx", None),
    ("bad_query_missing_form_type", "POST", "", {}, b"query=ASK%20%7B%7D", "4xx", None),
    ("bad_query_missing_direct_type", "POST", "", {}, b"ASK {}", "4xx", None),
    ("bad_query_non_utf8", "POST", "",
     {"content-type": "application/sparql-query; charset=UTF-16"}, "ASK {}".encode("utf-16"),
     "4xx", None),
    ("bad_query_syntax", "GET", "?query=ASK%20%7B", {}, b"", "4xx", None),
    ("bad_update_get", "GET", "?update=CLEAR%20ALL", {}, b"", "4xx", None),
    ("bad_multiple_updates", "POST", "", FORM, b"update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
     "4xx", None),
    ("bad_update_wrong_media_type", "POST", "", {"content-type": "text/plain"},
     b"CLEAR NAMED", "4xx", None),
    ("bad_update_missing_form_type", "POST", "", {}, b"update=CLEAR%20NAMED", "4xx", None),
    ("bad_update_non_utf8", "POST", "",
     {"content-type": "application/sparql-update; charset=UTF-16"},
     "CLEAR NAMED".encode("utf-16"), "4xx", None),
    ("bad_update_syntax", "POST", "", {"content-type": "application/sparql-update"},
     b"CLEAR XYZ", "4xx", None),
    ("bad_update_dataset_conflict", "POST",
     f"?using-named-graph-uri={_q('http://example/people')}",
     {"content-type": "application/sparql-update"},
     b"PREFIX foaf: <http://xmlns.com/foaf/0.1/> WITH <http://example/addresses> "
     b"DELETE { ?person foaf:givenName 'Bill' } WHERE { ?person foaf:givenName 'Bill' }",
     "4xx", None),
]

_TYPES = {
    "query_content_type_select": ("application/sparql-results+json", "application/sparql-results"
                                  "+xml", "text/csv", "text/tab-separated-values"),
    "query_content_type_ask": ("application/sparql-results+json",
                               "application/sparql-results+xml"),
    "query_content_type_describe": ("text/turtle", "application/rdf+xml", "application/n-triples",
                                    "application/ld+json"),
    "query_content_type_construct": ("text/turtle", "application/rdf+xml",
                                     "application/n-triples", "application/ld+json"),
}


@pytest.fixture(scope="module")
def w3c_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    out = tmp_path_factory.mktemp("w3c")
    store = ox.Store(str(out / "store"))
    for n in range(4):
        graph = ox.NamedNode(f"{DATA}data{n}.rdf")
        store.add(ox.Quad(graph, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode(DOC[1:-1]), graph))
    store.flush()
    del store
    (out / "dumps").mkdir()
    (out / "build.json").write_text(json.dumps(
        {"base": "https://w3id.org/unres/", "tool_version": "kg", "resolutions": 0, "triples": 4}))
    app = create_app(out, timeout_s=10.0, workers=1)
    with TestClient(app, base_url="http://www.example") as client:
        yield client


_KNOWN_FAILING: dict[str, str] = {}


@pytest.mark.parametrize(
    ("name", "method", "query_string", "headers", "body", "expected", "boolean"),
    [pytest.param(*case, id=case[0], marks=[pytest.mark.xfail(strict=True, reason=why)
                                           for why in [_KNOWN_FAILING.get(case[0])] if why])
     for case in CASES])
def test_w3c_protocol(w3c_client: TestClient, name: str, method: str, query_string: str,
                      headers: dict[str, str], body: bytes, expected: str,
                      boolean: bool | None) -> None:
    r = w3c_client.request(method, "/sparql" + query_string, headers=headers, content=body or None)
    if expected == "4xx":
        assert 400 <= r.status_code < 500, (name, r.status_code, r.text)
        return
    assert 200 <= r.status_code < 400, (name, r.status_code, r.text)
    media_type = r.headers["content-type"].split(";")[0].strip()
    if boolean is not None:
        assert media_type in _TYPES["query_content_type_ask"], name
        answer = (r.json()["boolean"] if media_type.endswith("json")
                  else "<boolean>true</boolean>" in r.text)
        assert answer is boolean, (name, r.text)
    if name in _TYPES:
        assert media_type in _TYPES[name], (name, media_type)
