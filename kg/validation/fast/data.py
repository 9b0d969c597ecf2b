"""The data a validation sees, as plain dicts of pyoxigraph terms.

pyshacl validates one rdflib Graph holding the resolution graph merged with the reference data;
most of its cost is rdflib's triple lookups. Here the two parts stay apart and are read as one
(`Data`): each part is an `Index` (subject -> predicate -> objects and the reverse) built once,
the reference data once per process, a resolution graph once per validation, straight from the
N-Triples a worker holds (pyoxigraph's parser, not rdflib's). Values are compared as pyoxigraph
terms; rdflib terms are made only where rdflib's own semantics must be copied (ill-typed literals,
ordering of literals) and for the few values a report prints.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.rdf.prefixes import RDF, RDFS, XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal
XSD_STRING = XSD + "string"
RDF_TYPE = ox.NamedNode(RDF + "type")
SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
XSD_INTEGER = XSD + "integer"
DERIVED_INTEGERS = frozenset(XSD + t for t in (
    "positiveInteger", "nonNegativeInteger", "negativeInteger", "nonPositiveInteger", "long",
    "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"))
_EMPTY: frozenset = frozenset()


def _canonical_integer(term: ox.Literal) -> ox.Literal | None:
    try:
        return ox.Literal(str(int(term.value.strip())), datatype=ox.NamedNode(XSD_INTEGER))
    except ValueError:
        return None


def _same_integer(o: Term, term: ox.Literal) -> bool:
    return (isinstance(o, ox.Literal) and o.datatype.value in DERIVED_INTEGERS
            and _canonical_integer(o) == term)


class Index:
    """One graph: spo[s][p] = {o} and pos[p][o] = {s}."""

    def __init__(self, triples: Iterable[tuple[Term, ox.NamedNode, Term]] = ()) -> None:
        self.spo: dict[Term, dict[ox.NamedNode, set[Term]]] = {}
        self.pos: dict[ox.NamedNode, dict[Term, set[Term]]] = {}
        #: the rdflib literals an rdflib graph held (typed, not strings): whether rdflib flags a
        #: literal ill-typed depends on how it was made (a SPARQL Update does not, a parser
        #: does), and pyshacl's datatype check follows that flag
        self.originals: dict[Term, Literal] = {}
        self.source: bytes | None = None  # the N-Triples it was read from, if any
        for s, p, o in triples:
            self.add(s, p, o)

    def add(self, s: Term, p: ox.NamedNode, o: Term) -> None:
        self.spo.setdefault(s, {}).setdefault(p, set()).add(o)
        self.pos.setdefault(p, {}).setdefault(o, set()).add(s)

    def __contains__(self, item: tuple[Term, ox.NamedNode, Term] | Term) -> bool:
        """A triple of the graph, or a subject of one."""
        if not isinstance(item, tuple):
            return item in self.spo
        s, p, o = item
        return o in self.spo.get(s, {}).get(p, _EMPTY)

    def triples(self) -> Iterator[tuple[Term, ox.NamedNode, Term]]:
        for s, props in self.spo.items():
            for p, objects in props.items():
                for o in objects:
                    yield s, p, o

    def __len__(self) -> int:
        return sum(len(objects) for props in self.spo.values() for objects in props.values())

    @staticmethod
    def term(node: Node) -> Term:
        return to_ox(node)

    @classmethod
    def from_ntriples(cls, data: bytes) -> Index:
        """The index of an N-Triples document, made when first read: the corpus rules run
        their SPARQL over the N-Triples loaded in a store and read the index only to report
        findings, and indexing 170,000 summary triples costs 1.4 s (their store load 0.6 s)."""
        index = cls.__new__(cls)
        index.originals = {}
        index.source = data
        return index

    @property
    def indexed(self) -> bool:
        """Whether spo and pos are made (an index from N-Triples makes them when first read)."""
        return "spo" in self.__dict__

    def __getattr__(self, name: str) -> dict:
        # only called for attributes not set: spo and pos of an index not read yet
        if name in ("spo", "pos") and self.__dict__.get("source") is not None:
            self._index(self.source)  # type: ignore[arg-type]
            return self.__dict__[name]  # type: ignore[no-any-return]
        raise AttributeError(name)

    def _index(self, data: bytes) -> None:
        spo: dict[Term, dict[ox.NamedNode, set[Term]]] = {}
        pos: dict[ox.NamedNode, dict[Term, set[Term]]] = {}
        for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            s, p, o = q.subject, q.predicate, q.object
            props = spo.get(s)
            if props is None:
                props = spo[s] = {}
            objects = props.get(p)
            if objects is None:
                props[p] = {o}
            else:
                objects.add(o)
            by_object = pos.get(p)
            if by_object is None:
                by_object = pos[p] = {}
            subjects = by_object.get(o)
            if subjects is None:
                by_object[o] = {s}
            else:
                subjects.add(s)
        self.spo, self.pos = spo, pos

    @classmethod
    def from_graph(cls, graph: Graph) -> Index:
        index = cls()
        for s, p, o in graph:
            term = to_ox(o)
            index.add(to_ox(s), to_ox(p), term)  # type: ignore[arg-type]
            if isinstance(o, Literal) and o.datatype is not None and o.datatype != XSD_STRING:
                index.originals[term] = o
        return index


class Data:
    """A graph read together with the reference data (their union, as pyshacl sees it)."""

    def __init__(self, own: Index, reference: Index) -> None:
        self.own, self.reference = own, reference
        self._integers: dict[Term, Term] | None = None

    @functools.cached_property
    def has_subclasses(self) -> bool:
        """Whether any class has a subclass (asked when first needed: the corpus rules never
        ask, and their index is then never made)."""
        return SUBCLASS in self.own.pos or SUBCLASS in self.reference.pos

    def original(self, term: ox.Literal) -> Literal | None:
        """The rdflib literal an rdflib graph held for this term, if it was read from one."""
        found = self.own.originals.get(term)  # (not `or`: Literal("0") is false)
        return found if found is not None else self.reference.originals.get(term)

    def literal(self, term: ox.Literal) -> Literal:
        """The rdflib literal pyshacl would see for this term."""
        found = self.own.originals.get(term)  # (not `or`: Literal("0") is false)
        if found is None:
            found = self.reference.originals.get(term)
        return found if found is not None else to_rdflib(term)  # type: ignore[return-value]

    def restore(self, term: Term, subject: Term | None, predicate: Term | None) -> Term:
        """A literal of a SPARQL solution as the data holds it: Oxigraph's store keeps derived
        integer types (xsd:positiveInteger ...) as xsd:integer, rdflib does not."""
        if not isinstance(term, ox.Literal) or term.datatype.value != XSD_INTEGER:
            return term
        if subject is not None and isinstance(predicate, ox.NamedNode):
            for o in self.objects(subject, predicate):
                if _same_integer(o, term):
                    return o
        if self._integers is None:
            self._integers = {}
            for index in (self.reference, self.own):
                for objects in index.pos.values():
                    for o in objects:
                        if isinstance(o, ox.Literal) and o.datatype.value in DERIVED_INTEGERS:
                            key = _canonical_integer(o)
                            if key is not None:
                                self._integers.setdefault(key, o)
        return self._integers.get(term, term)

    def objects(self, s: Term, p: ox.NamedNode) -> set[Term] | frozenset:
        a = self.own.spo.get(s)
        b = self.reference.spo.get(s)
        x = a.get(p) if a else None
        y = b.get(p) if b else None
        if x is None:
            return y if y is not None else _EMPTY
        return x if y is None else x | y

    def subjects(self, p: ox.NamedNode, o: Term) -> set[Term] | frozenset:
        a = self.own.pos.get(p)
        b = self.reference.pos.get(p)
        x = a.get(o) if a else None
        y = b.get(o) if b else None
        if x is None:
            return y if y is not None else _EMPTY
        return x if y is None else x | y

    def subjects_of(self, p: ox.NamedNode) -> set[Term]:
        return {s for index in (self.own, self.reference)
                for subjects in index.pos.get(p, {}).values() for s in subjects}

    def objects_of(self, p: ox.NamedNode) -> set[Term]:
        return set(self.own.pos.get(p, {})) | set(self.reference.pos.get(p, {}))

    def predicate_objects(self, s: Term) -> Iterator[tuple[ox.NamedNode, Term]]:
        seen: set[tuple[ox.NamedNode, Term]] = set()
        for index in (self.own, self.reference):
            for p, objects in index.spo.get(s, {}).items():
                for o in objects:
                    if (p, o) not in seen:
                        seen.add((p, o))
                        yield p, o

    def subclasses(self, cls: Term) -> set[Term]:
        """cls and every class below it (rdfs:subClassOf*)."""
        found, todo = {cls}, [cls]
        while self.has_subclasses and todo:
            for sub in self.subjects(SUBCLASS, todo.pop()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def superclasses(self, cls: Term) -> set[Term]:
        """cls and every class above it (rdfs:subClassOf*)."""
        found, todo = {cls}, [cls]
        while self.has_subclasses and todo:
            for sup in self.objects(todo.pop(), SUBCLASS):
                if sup not in found:
                    found.add(sup)
                    todo.append(sup)
        return found

    def has_class(self, node: Term, cls: ox.NamedNode) -> bool:
        """SHACL's class membership: node rdf:type/rdfs:subClassOf* cls (never for literals)."""
        if isinstance(node, ox.Literal):
            return False
        types = self.objects(node, RDF_TYPE)
        if cls in types:
            return True
        return self.has_subclasses and any(cls in self.superclasses(t) for t in types)

    def instances(self, cls: ox.NamedNode) -> set[Term]:
        found: set[Term] = set()
        for c in self.subclasses(cls):
            found |= self.subjects(RDF_TYPE, c)
        return found


# ---------------------------------------------------------------- terms

def to_ox(node: Node) -> Term:
    """An rdflib term as a pyoxigraph term (datatype and language kept as rdflib holds them)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


@functools.lru_cache(maxsize=65536)
def to_rdflib(term: Term) -> Node:
    """A pyoxigraph term as the rdflib term that parsing it with rdflib gives (rdflib normalises
    lexical forms and flags ill-typed literals; pyshacl's checks and printed values rely on
    that)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def as_text(term: Term) -> str:
    """str() of the rdflib term: the IRI, the blank node id or the (normalised) lexical form."""
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return term.value
    return str(to_rdflib(term))
