"""A small, fast SHACL engine for the shapes of `shapes/`, giving the reports pyshacl gives.

pyshacl costs about 0.3 CPU-seconds a resolution graph (mostly rdflib lookups and SPARQL
parsing); this engine compiles the shapes once into plain Python objects
(kg.validation.fast.compile),
reads the data into dicts of pyoxigraph terms (kg.validation.fast.data), evaluates the core
components in
Python (kg.validation.fast.engine) and the SHACL-SPARQL targets and constraints in an in-memory
Oxigraph
store (kg.validation.fast.sparql). It implements only the features our shapes use and refuses any
other
(`Unsupported`, raised when the shapes are compiled). pyshacl remains the reference:
tests/unit/test_shacl_engine.py and tests/test_shapes.py compare the two engines' reports.

Measured on a generated corpus of 500 resolutions (benchmarks/generate_corpus.py, one core):
about 12 ms CPU a resolution graph and 5 ms a lineage graph, against 275 ms and 105 ms with
pyshacl. Most of what remains is the SPARQL constraints themselves (44 %: R31/R32/R41 compare
every pair of sibling paragraphs, and parsing a dozen queries a graph, with their regular
expressions, costs about 1.6 ms), the core constraints (30 %), indexing the graph (12 %) and
loading it into Oxigraph (9 %). benchmarks/validate_engine.py measures both phases.

The corpus rules (shapes/corpus.ttl, over the summaries of 20,000 graphs: 135,000 triples) take
about 1.2 s: the summaries go straight into the store (Index.from_ntriples indexes only when
read, and the corpus rules read it only for the owners of findings, asked of the store), and a
query with ?this in a top-level triple pattern runs once for all its focus nodes instead of in
VALUES batches (kg.validation.fast.queries).
"""

from __future__ import annotations

from rdflib import Graph

from kg.validation.fast.compile import Shape, Unsupported
from kg.validation.fast.data import Data, Index
from kg.validation.fast.engine import Evaluator
from kg.validation.fast.report import results
from kg.validation.fast.sparql import SparqlData, StoreView
from kg.validation.report import Result

__all__ = ["Index", "Reference", "Shape", "Unsupported", "compile_shapes", "validate"]


class Reference:
    """The reference data every graph is validated with: its index and, when a SPARQL query
    first needs it, its Oxigraph store (both built once)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._sparql: SparqlData | None = None

    @classmethod
    def from_graph(cls, graph: Graph) -> Reference:
        return cls(Index.from_graph(graph))

    @property
    def sparql(self) -> SparqlData:
        if self._sparql is None:
            self._sparql = SparqlData(self.index)
        return self._sparql


def compile_shapes(shapes: Graph) -> list[Shape]:
    """The targeted shapes of a shapes graph, compiled; raises Unsupported (naming the shape and
    the parameter) if any shape uses a feature this engine does not implement."""
    from kg.validation.fast.compile import Compiler

    return Compiler(shapes).compile()


def validate(shapes: list[Shape], own: Index, reference: Reference,
             attributed: Index | None = None) -> list[Result]:
    """Results of `own` read together with the reference data, sorted and without duplicates,
    as kg.validation.entrypoints's pyshacl path gives them; results are attributed to resolutions of
    `attributed` (default: `own`)."""
    data = Data(own, reference.index)
    with reference.sparql.holding(own) as sparql:
        hits = Evaluator(data, sparql).run(shapes)
        view = None if reference.index.spo or own.indexed else StoreView(sparql)
        return results(hits, data, attributed, view)
