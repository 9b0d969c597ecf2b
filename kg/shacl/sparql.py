"""SHACL-SPARQL targets and constraints, run in an in-memory Oxigraph store.

The store holds the reference data in its default graph for the life of the process; a graph
being validated is added for the time of its validation (only the triples the reference data
lacks, so that the default graph stays the set union pyshacl queries: Oxigraph's "union of
named graphs" would repeat a triple held by both) and removed afterwards.

$this is pre-bound as the SHACL spec describes. Where it is equivalent (see
kg.shacl.compile._batched) one query answers for every focus node, with the focus nodes in a
VALUES block; otherwise the query runs once per focus node with ?this substituted (SEP-0007
substitution, which is pre-binding).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from kg.shacl.compile import SparqlConstraint, SparqlTarget
from kg.shacl.data import Index, Term

THIS = ox.Variable("this")
_BATCH = 400  # focus nodes per VALUES block


class SparqlData:
    """The reference data in a store, and the graph under validation added on demand."""

    def __init__(self, reference: Index) -> None:
        self.reference = reference
        self.store = ox.Store()
        self.store.extend(ox.Quad(s, p, o) for s, p, o in reference.triples())

    @contextmanager
    def holding(self, own: Index) -> Iterator[SparqlData]:
        added = [ox.Quad(s, p, o) for s, p, o in own.triples() if (s, p, o) not in self.reference]
        self.store.extend(added)
        try:
            yield self
        finally:
            for quad in added:
                self.store.remove(quad)

    def targets(self, target: SparqlTarget) -> set[Term]:
        return {row["this"] for row in self.store.query(target.text)
                if row["this"] is not None}

    def solutions(self, constraint: SparqlConstraint,
                  focus: Iterable[Term]) -> Iterator[tuple[Term, dict[str, Term]]]:
        """(focus node, bound variables) for every solution of the constraint's query."""
        focus = list(focus)
        batched = [f for f in focus if isinstance(f, ox.NamedNode | ox.Literal)]
        if constraint.batch is None:
            batched = []
        wanted = set(batched)
        for start in range(0, len(batched), _BATCH):
            head, tail = constraint.batch  # type: ignore[misc]
            values = " ".join(str(f) for f in batched[start:start + _BATCH])
            answer = self.store.query(f"{head} VALUES ?this {{ {values} }} {tail}")
            names = [v.value for v in answer.variables]
            for row in answer:
                this = row["this"]
                if this in wanted:
                    yield this, {n: row[n] for n in names if row[n] is not None}
        for f in focus:
            if f in wanted:
                continue
            answer = self.store.query(constraint.text, substitutions={THIS: f})
            names = [v.value for v in answer.variables]
            for row in answer:
                bound = {n: row[n] for n in names if row[n] is not None}
                bound.setdefault("this", f)
                yield f, bound
