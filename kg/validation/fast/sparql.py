"""SHACL-SPARQL targets and constraints, run in an in-memory Oxigraph store.

The store holds the reference data in its default graph for the life of the process; a graph
being validated is added for the time of its validation (only the triples the reference data
lacks, so that the default graph stays the set union pyshacl queries: Oxigraph's "union of
named graphs" would repeat a triple held by both) and removed afterwards.

$this is pre-bound as the SHACL spec describes. Where it is equivalent (see
kg.validation.fast.queries.batched) one query answers for every focus node, with the focus nodes
in a
VALUES block; otherwise the query runs once per focus node with ?this substituted (SEP-0007
substitution, which is pre-binding).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pyoxigraph as ox

from kg.rdf.prefixes import ELI, RDF, UNRES, XSD
from kg.validation.fast.compile import Shape, SparqlConstraint, SparqlTarget
from kg.validation.fast.data import Index, Term

THIS = ox.Variable("this")
GRAPH = ox.NamedNode("urn:kg:shacl:validating")
RENEW = 16  # graphs held by a store before it is replaced (64: 4 % slower a graph, 4: 3 %)
_BATCH = 400  # focus nodes per VALUES block
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


class SparqlData:
    """The reference data in a store, and the graph under validation added on demand."""

    def __init__(self, reference: Index) -> None:
        self.reference = reference
        self._quads = [ox.Quad(s, p, o) for s, p, o in reference.triples()]
        self.store = self._fresh()
        self._targets: dict[str, set[Term]] = {}
        self._count = 0
        self._graph = ox.NamedNode(GRAPH.value)
        self._default = [ox.DefaultGraph(), self._graph]

    def _fresh(self) -> ox.Store:
        store = ox.Store()
        store.extend(self._quads)
        return store

    @contextmanager
    def holding(self, own: Index) -> Iterator[SparqlData]:
        """The store with `own` in a named graph of its own, queried together with the
        reference data (minus the triples the reference data holds too: the two make one set,
        as in the merged graph pyshacl validates). Removing a graph from Oxigraph's memory
        store costs more than loading it, so graphs are left there and the store is replaced
        every RENEW graphs instead. (Nor can the graph share the default graph and have its
        triples removed afterwards: the memory store keeps removed triples as old versions,
        and every query grew slower, 13 -> 33 ms a graph within 1,200 graphs.)"""
        store, reference = self.store, self.reference
        self._count += 1
        graph = self._graph = ox.NamedNode(f"{GRAPH.value}:{self._count}")
        self._default = [ox.DefaultGraph(), graph]
        if own.source is not None and b"_:" not in own.source:
            # lenient (no second validation: a quarter faster) once the index has parsed it
            store.load(own.source, format=ox.RdfFormat.N_TRIPLES, to_graph=graph,
                       lenient=own.indexed)
        else:  # (a parser may rename blank nodes; the index's terms are what results name)
            store.extend(ox.Quad(s, p, o, graph) for s, p, o in own.triples())
        for s in (own.spo.keys() & reference.spo.keys()) if reference.spo else ():
            for p, objects in own.spo[s].items():
                for o in objects & reference.spo[s].get(p, set()):
                    store.remove(ox.Quad(s, p, o, graph))
        self._targets = {}
        try:
            yield self
        finally:
            self._targets = {}
            if self._count % RENEW == 0:
                self.store = self._fresh()

    def query(self, text: str, **options: object) -> ox.QuerySolutions:
        return self.store.query(text, default_graph=self._default,  # type: ignore[arg-type]
                                **options)

    def targets(self, target: SparqlTarget) -> set[Term]:
        """Focus nodes of a SPARQL target (shapes often share one: asked once a graph)."""
        found = self._targets.get(target.text)
        if found is None:
            found = self._targets[target.text] = {
                row["this"] for row in self.query(target.text) if row["this"] is not None}
        return found

    def core_targets(self, shape: Shape) -> set[Term] | None:
        """The focus nodes of a shape's class, subjects-of and objects-of targets, asked of the
        store (the union of the graph and the reference data, as kg.validation.fast.data.Data reads
        them); None if a literal is among them (the store keeps derived integer types as
        xsd:integer: the index has the term as written)."""
        found: set[Term] = set()
        queries = [f"SELECT DISTINCT ?this WHERE {{ ?this a/{_SUBCLASS}* {c} }}"
                   for c in shape.target_classes]
        queries += [f"SELECT DISTINCT ?this WHERE {{ ?this {p} [] }}"
                    for p in shape.target_subjects_of]
        queries += [f"SELECT DISTINCT ?this WHERE {{ [] {p} ?this }}"
                    for p in shape.target_objects_of]
        for text in queries:
            for row in self.query(text):
                if isinstance(row["this"], ox.Literal):
                    return None
                found.add(row["this"])
        return found

    def solutions(self, constraint: SparqlConstraint,
                  focus: Iterable[Term]) -> Iterator[tuple[Term, dict[str, Term]]]:
        """(focus node, bound variables) for every solution of the constraint's query."""
        focus = list(focus)
        batched = [f for f in focus if isinstance(f, ox.NamedNode | ox.Literal)]
        if constraint.batch is None or len(batched) == 1:
            batched = []  # (one focus node: pre-bound, which Oxigraph runs faster than VALUES)
        wanted = set(batched)
        if constraint.whole and len(batched) > _BATCH:  # one run (see queries.this_required)
            answer = self.query(constraint.text)
            names = [v.value for v in answer.variables]
            for row in answer:
                this = row["this"]
                if this in wanted:
                    yield this, {n: row[n] for n in names if row[n] is not None}
            batched = []
        for start in range(0, len(batched), _BATCH):
            head, tail = constraint.batch  # type: ignore[misc]
            values = " ".join(str(f) for f in batched[start:start + _BATCH])
            answer = self.query(f"{head} VALUES ?this {{ {values} }} {tail}")
            names = [v.value for v in answer.variables]
            for row in answer:
                this = row["this"]
                if this in wanted:
                    yield this, {n: row[n] for n in names if row[n] is not None}
        for f in focus:
            if f in wanted:
                continue
            answer = self.query(constraint.text, substitutions={THIS: f})
            names = [v.value for v in answer.variables]
            for row in answer:
                bound = {n: row[n] for n in names if row[n] is not None}
                bound.setdefault("this", f)
                yield f, bound


_BUILT = """SELECT DISTINCT ?r WHERE {
    ?r a <https://w3id.org/unres/ontology#Resolution> .
    { ?r <http://data.europa.eu/eli/ontology#has_part> [] }
    UNION { [] <http://data.europa.eu/eli/ontology#is_part_of> ?r } }"""
_INTEGER = XSD + "integer"
_TYPE = ox.NamedNode(RDF + "type")
_RESOLUTION = ox.NamedNode(UNRES + "Resolution")
_HAS_PART = ox.NamedNode(ELI + "has_part")
_IS_PART_OF = ox.NamedNode(ELI + "is_part_of")


class StoreView:
    """The lookups kg.validation.fast.report.Owners makes, answered by the store holding a graph
    whose
    Index is not made (Index.from_ntriples), when there is no reference data: the store then
    holds that graph exactly. A literal the store may have rewritten (derived integer types
    become xsd:integer) raises Unsure, and the caller reads the index instead."""

    class Unsure(Exception):
        """The store's answer may differ from the index's."""

    def __init__(self, sparql: SparqlData) -> None:
        self.store, self.graph = sparql.store, sparql._graph

    def _check(self, terms: set[Term]) -> set[Term]:
        for t in terms:
            if isinstance(t, ox.Literal) and t.datatype.value == _INTEGER:
                raise self.Unsure(t)
        return terms

    def objects(self, s: Term, p: ox.NamedNode) -> set[Term]:
        if isinstance(s, ox.Literal):
            return set()
        return self._check({q.object for q in self.store.quads_for_pattern(
            s, p, None, self.graph)})

    def subjects(self, p: ox.NamedNode, o: Term) -> set[Term]:
        return {q.subject for q in self.store.quads_for_pattern(None, p, o, self.graph)}

    def built(self) -> _Built:
        """kg.validation.fast.report.built, asked node by node: a few findings need a few
        answers."""
        return _Built(self)

    def __contains__(self, s: Term) -> bool:
        """Whether `s` is a subject of the graph."""
        return not isinstance(s, ox.Literal) and any(
            True for _ in self.store.quads_for_pattern(s, None, None, self.graph))


class _Built:
    """The built resolutions of a StoreView as a set that asks the store for the nodes it is
    asked about; its length and members (Owners.default) come from one query if asked."""

    def __init__(self, view: StoreView) -> None:
        self.view = view
        self._all: set[Term] | None = None

    def __contains__(self, node: Term) -> bool:
        if self._all is not None:
            return node in self._all
        v = self.view
        return (not isinstance(node, ox.Literal)
                and _RESOLUTION in v.objects(node, _TYPE)
                and bool(v.objects(node, _HAS_PART) or v.subjects(_IS_PART_OF, node)))

    def _members(self) -> set[Term]:
        if self._all is None:
            self._all = {row["r"] for row in self.view.store.query(
                _BUILT, default_graph=self.view.graph)}  # type: ignore[misc]
        return self._all

    def __len__(self) -> int:
        return len(self._members())

    def __iter__(self) -> Iterator[Term]:
        return iter(self._members())
