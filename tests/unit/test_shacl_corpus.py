"""The corpus rules at a size where kg.validation.fast takes its shortcuts, against the other
engine.

At more than one VALUES batch of focus nodes, kg.validation.fast runs a constraint once without
?this
bound (kg.validation.fast.queries.this_required), asks the store for the targets of an index not
made
yet, and reads the owners of findings from the store (kg.validation.fast.sparql.StoreView). A
generated
summary of 450 resolutions with duplicate symbols and citations that resolve, resolve only
through a lettered resolution, miss, or lie outside the series must give the report of the
pyshacl engine's corpus path (kg.validation.runner.corpus_report), and of pyshacl itself on a part.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kg.validation.fast import Index
from kg.validation.fast.queries import batched, this_required

RES = "https://w3id.org/unres/akn/un/statement/deliberation/unga/2015-01-01/70-"
SYMBOL = "https://w3id.org/unres/symbol/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RESOLUTION = "<https://w3id.org/unres/ontology#Resolution>"
IDENTIFIER = "<http://purl.org/dc/terms/identifier>"
HAS_PART = "<http://data.europa.eu/eli/ontology#has_part>"
CITES = "<http://data.europa.eu/eli/ontology#cites>"


def _summary(n: int) -> str:
    """Summaries (as kg.validation.fast.layers.summary_ntriples writes them) of n resolutions."""
    lines = []
    for i in range(1, n + 1):
        r = f"<{RES}{i}>"
        symbol = f"A/RES/70/{i}" + (" A" if i % 37 == 0 else "")  # some lettered
        if i % 101 == 0:
            symbol = "A/RES/70/1"  # a duplicate (C01)
        lines += [f"{r} {TYPE} {RESOLUTION} .", f'{r} {IDENTIFIER} "{symbol}" .',
                  f"{r} {HAS_PART} <{RES}{i}/para_1> ."]
        cited = [f"A/RES/70/{i + 1}",  # resolves (up to n)
                 f"A/RES/70/{37 * (i % 5 + 1)}",  # resolves through "... A"
                 f"A/RES/71/{i}"]  # another session: not checked
        if i % 23 == 0:
            cited.append(f"A/RES/70/{1000 + i}")  # misses (C02)
        for c in cited:
            node = f"<{SYMBOL}{c.replace(' ', '_')}>"
            lines += [f"{r} {CITES} {node} .", f'{node} {IDENTIFIER} "{c}" .']
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def summary() -> str:
    return _summary(450)


def test_the_corpus_rules_at_scale_agree_with_the_other_engine(summary: str) -> None:
    from kg.validation.entrypoints import FAST
    from kg.validation.runner import corpus_report

    graph = Graph().parse(data=summary, format="nt")
    reference = corpus_report(graph)
    lazy = Index.from_ntriples(summary.encode())
    fast = FAST.corpus(lazy)
    assert not lazy.indexed  # the findings' owners were read from the store
    assert fast.results == reference.results
    assert FAST.corpus(Index.from_graph(graph)).results == reference.results
    rules = {r.shape for r in fast.results}
    assert rules == {"C01", "C02"}
    misses = {r.value for r in fast.results if r.shape == "C02"}
    assert '"A/RES/70/1023"' in misses and not any("/71/" in m or " A" in m for m in misses)
    assert all(r.resolution.startswith("A/RES/70/") for r in fast.results)


@pytest.mark.slow
def test_the_corpus_rules_agree_with_pyshacl(summary: str) -> None:
    """pyshacl itself, on a corpus small enough for it (VALUES batches, not one run)."""
    from kg.validation import entrypoints as v
    from kg.validation.entrypoints import FAST

    small = _summary(60)
    graph = Graph().parse(data=small, format="nt")
    reference = v.run_pyshacl(graph, graph, v.shapes_for(frozenset("C"))).results
    assert FAST.corpus(Index.from_ntriples(small.encode())).results == reference
    assert {r.shape for r in reference} == {"C02"}


def test_the_summaries_of_both_engines_agree() -> None:
    """kg.validation.entrypoints.summarise (pyshacl's path) and
    kg.validation.fast.layers.summary_ntriples keep the
    same triples of a graph."""
    from kg.build import build_entry
    from kg.settings import DEFAULT_BASE
    from kg.validation.entrypoints import summarise, validate_ntriples

    root = Path(__file__).resolve().parents[2] / "corpus" / "ga"
    for source in sorted(root.glob("A_RES_*.txt"))[:3]:
        nt = build_entry(source, DEFAULT_BASE).ntriples
        nt = nt.encode() if isinstance(nt, str) else nt
        _, fast = validate_ntriples(nt)
        summary = Graph()
        summarise(Graph().parse(data=nt, format="nt"), summary)
        assert set(Graph().parse(data=fast, format="nt")) == set(summary), source
        assert len(summary) >= 3


@pytest.mark.parametrize("query, required", [
    ("SELECT ?this ?v WHERE { ?this <urn:p> ?v }", True),
    ("SELECT ?this ?v WHERE { ?v <urn:p> [ <urn:q> ?this ] . FILTER (?v != 1) }", True),
    ("SELECT ?this ?v WHERE { ?v <urn:p> ?x . FILTER (?x != ?this) }", False),
    ("SELECT ?this ?v WHERE { ?v <urn:p> ?x . OPTIONAL { ?this <urn:q> ?x } }", False),
    ("SELECT ?this ?v WHERE { ?v <urn:p> ?x . FILTER EXISTS { ?this <urn:q> ?x } }", False),
    ("SELECT ?this ?v WHERE { ?v <urn:p> ( ?this ) }", False),
    ("SELECT ?this WHERE { ?v <urn:p> ?x # ?this <urn:q> ?x\n}", False),
])
def test_one_run_for_all_focus_nodes_only_where_this_is_bound(query: str,
                                                              required: bool) -> None:
    """A batched query runs once, unbound, only if ?this is in a triple pattern at the top of
    its WHERE clause: otherwise a solution may leave ?this unbound, which pre-binding binds."""
    assert batched(query) is not None or not required
    assert this_required(query) is required
