"""Reading a shapes graph, once, into plain Python objects the engine evaluates.

Only the SHACL features our shapes use are implemented; every other SHACL parameter found on a
shape makes compilation fail with `Unsupported`, naming the shape and the parameter, so that a
shape added later is never silently skipped (pyshacl, the reference implementation, remains
available for it: `kg validate --engine pyshacl`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DC, DCTERMS, OWL, SH, SKOS
from rdflib.term import Node

from kg.errors import few
from kg.validation.fast.data import to_ox
from kg.validation.fast.queries import batched, this_required
from kg.validation.shacl_sparql import runnable

SHAPES_NS = "https://w3id.org/unres/shapes#"
_RULE = re.compile(r"^([A-Z]\d{2})\b")

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
#: What a shape may say, besides non-SHACL annotations (rdfs:label, dcterms:..., ...).
SHAPE_PARAMETERS = frozenset({
    *TARGETS, SH.path, SH.property, SH.node, SH["not"], SH["or"], SH["class"], SH.datatype,
    SH.nodeKind, SH.pattern, SH.flags, SH.languageIn, SH.uniqueLang, SH.minInclusive,
    SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH.minCount,
    SH.maxCount,
    SH.equals, SH.closed, SH.ignoredProperties, SH.sparql, SH.message, SH.severity,
    SH.deactivated, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
})
SPARQL_PARAMETERS = frozenset({SH.select, SH.prefixes, SH.message, SH.deactivated, SH.severity})
TARGET_PARAMETERS = frozenset({SH.select, SH.prefixes})
_ANNOTATIONS = (str(RDFS), str(OWL), str(SKOS), str(DCTERMS), str(DC))
NODE_KINDS = {
    SH.IRI: (ox.NamedNode,), SH.BlankNode: (ox.BlankNode,), SH.Literal: (ox.Literal,),
    SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode),
    SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
    SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
}
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


class Unsupported(Exception):
    """A shapes graph uses a SHACL feature the fast engine does not implement."""


@dataclass
class SparqlConstraint:
    node: Node
    text: str  # prefixes + the SELECT, with $this written ?this
    batch: tuple[str, str] | None  # the text split where "VALUES ?this {...}" goes, if equivalent
    messages: list[Literal]
    #: whether one run without ?this bound, keeping the solutions of focus nodes, is equivalent
    #: too (a batched query with ?this in a triple pattern at the top of its WHERE clause)
    whole: bool = False


@dataclass
class SparqlTarget:
    node: Node
    text: str


@dataclass(eq=False)
class Shape:
    """One node or property shape, with its constraint parameters as plain values."""

    node: Node
    rule_shape: Node | None = None  # the named shape a result of this one is reported under
    path: ox.NamedNode | None = None
    inverse: bool = False
    path_node: Node | None = None  # the rdflib path, for the report
    severity: str = "Violation"
    messages: list[Literal] = field(default_factory=list)
    deactivated: bool = False
    target_classes: list[ox.NamedNode] = field(default_factory=list)
    target_nodes: list[ox.NamedNode] = field(default_factory=list)
    target_subjects_of: list[ox.NamedNode] = field(default_factory=list)
    target_objects_of: list[ox.NamedNode] = field(default_factory=list)
    sparql_targets: list[SparqlTarget] = field(default_factory=list)
    classes: list[ox.NamedNode] = field(default_factory=list)
    datatypes: list[URIRef] = field(default_factory=list)
    node_kinds: list[tuple[type, ...]] = field(default_factory=list)
    patterns: list[re.Pattern[str]] = field(default_factory=list)
    languages: list[set[str]] = field(default_factory=list)
    unique_lang: bool = False
    ranges: list[tuple[URIRef, Literal]] = field(default_factory=list)  # (sh:minInclusive, 1)
    lengths: list[tuple[URIRef, int]] = field(default_factory=list)
    min_count: list[int] = field(default_factory=list)
    max_count: list[int] = field(default_factory=list)
    equals: list[ox.NamedNode] = field(default_factory=list)
    closed: bool = False
    allowed: set[ox.NamedNode] = field(default_factory=set)  # closed: paths + ignored
    properties: list[Shape] = field(default_factory=list)
    nodes: list[Shape] = field(default_factory=list)
    nots: list[Shape] = field(default_factory=list)
    ors: list[list[Shape]] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    #: what kg.validation.fast.engine.check reads of the shape, made when first checked
    plan: tuple | None = field(default=None, repr=False)

    @property
    def targeted(self) -> bool:
        return bool(self.target_classes or self.target_nodes or self.target_subjects_of
                    or self.target_objects_of or self.sparql_targets)


def rule_id(node: Node | None) -> str:
    if isinstance(node, URIRef) and node.startswith(SHAPES_NS):
        m = _RULE.match(node[len(SHAPES_NS):])
        return m[1] if m else ""
    return ""


class Compiler:
    """Compiles every shape of a shapes graph (targeted or not, so that an unsupported feature
    is refused whatever the validation level)."""

    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.shapes: dict[Node, Shape] = {}
        self._within: list[URIRef] = []  # the named shapes being compiled, for messages

    def compile(self) -> list[Shape]:
        g = self.g
        roots = {s for p in TARGETS for s in g.subjects(p, None)}
        roots |= {s for k in (SH.NodeShape, SH.PropertyShape) for s in g.subjects(RDF.type, k)}
        roots |= set(g.subjects(SH.path, None))
        for s in roots:
            if (s, RDF.type, RDFS.Class) in g or (s, RDF.type, OWL.Class) in g:
                raise Unsupported(f"shape {s}: implicit class targets (a shape that is a class)")
        for s in sorted(roots, key=str):
            self.shape(s)
        targeted = [self.shapes[s] for s in sorted(roots, key=str) if self.shapes[s].targeted]
        for shape in targeted:
            _check_messages(shape, set(), str(shape.node))
        return targeted

    def shape(self, node: Node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        shape = Shape(node)
        self.shapes[node] = shape  # before the parts: shapes may refer to each other
        if isinstance(node, URIRef):
            self._within.append(node)
        try:
            self._compile(shape)
        finally:
            if isinstance(node, URIRef):
                self._within.pop()
        return shape

    def _name(self, node: Node) -> str:
        """A shape as an error names it: a blank one by the named shape it is part of."""
        if isinstance(node, URIRef) or not self._within:
            return str(node)
        return f"{self._within[-1]} (its blank node shape {node})"

    def _compile(self, shape: Shape) -> None:
        g, node = self.g, shape.node
        for p in set(g.predicates(node)):
            if p == RDF.type or (p not in SHAPE_PARAMETERS and not str(p).startswith(str(SH))
                                 and str(p).startswith(_ANNOTATIONS)):
                continue
            if p not in SHAPE_PARAMETERS:
                raise Unsupported(f"shape {self._name(node)}: unsupported parameter {p}")
        shape.rule_shape = node if rule_id(node) else self._parent(node)
        shape.severity = _SEVERITY.get(g.value(node, SH.severity), "Violation")  # type: ignore
        if g.value(node, SH.severity) not in (None, *_SEVERITY):
            raise Unsupported(f"shape {self._name(node)}: sh:severity {g.value(node, SH.severity)}")
        shape.messages = [m for m in g.objects(node, SH.message) if isinstance(m, Literal)]
        shape.deactivated = g.value(node, SH.deactivated) == Literal(True)
        self._path(shape)
        self._targets(shape)
        self._values(shape)
        for p in g.objects(node, SH.property):
            if g.value(p, SH.path) is None:
                raise Unsupported(f"shape {self._name(node)}: sh:property {p} has no sh:path")
            shape.properties.append(self.shape(p))
        for n in g.objects(node, SH.node):
            shape.nodes.append(self.shape(n))
        for n in g.objects(node, SH["not"]):
            shape.nots.append(self.shape(n))
        for members in g.objects(node, SH["or"]):
            shape.ors.append([self.shape(m) for m in Collection(g, members)])
        if shape.closed:
            if shape.path is not None:
                raise Unsupported(f"shape {self._name(node)}: sh:closed on a property shape")
            shape.allowed |= {p.path for p in shape.properties
                              if p.path is not None and not p.inverse}
        for c in g.objects(node, SH.sparql):
            shape.sparql.append(self._sparql(shape, c))

    def _parent(self, node: Node) -> Node | None:
        """The named shape that holds a blank property shape (as
        kg.validation.entrypoints._parent)."""
        while node is not None and not isinstance(node, URIRef):
            node = next(self.g.subjects(SH.property, node), None)
        return node

    def _path(self, shape: Shape) -> None:
        path = self.g.value(shape.node, SH.path)
        if path is None:
            return
        shape.path_node = path
        if isinstance(path, URIRef):
            shape.path = ox.NamedNode(str(path))
            return
        inverse = self.g.value(path, SH.inversePath)
        if isinstance(inverse, URIRef) and set(self.g.predicates(path)) == {SH.inversePath}:
            shape.path, shape.inverse = ox.NamedNode(str(inverse)), True
            return
        raise Unsupported(f"shape {self._name(shape.node)}: sh:path {path} "
                          "(only IRIs and sh:inversePath)")

    def _targets(self, shape: Shape) -> None:
        g, node = self.g, shape.node
        shape.target_classes = [to_ox(c) for c in g.objects(node, SH.targetClass)]  # type: ignore
        shape.target_nodes = [to_ox(c) for c in g.objects(node, SH.targetNode)]  # type: ignore
        shape.target_subjects_of = [to_ox(c) for c in g.objects(node, SH.targetSubjectsOf)]  # type: ignore
        shape.target_objects_of = [to_ox(c) for c in g.objects(node, SH.targetObjectsOf)]  # type: ignore
        for target in g.objects(node, SH.target):
            extra = set(g.predicates(target)) - TARGET_PARAMETERS - {RDF.type}
            if extra or (target, RDF.type, SH.SPARQLTarget) not in g:
                raise Unsupported(f"shape {self._name(node)}: sh:target {target} is not a SPARQL"
                                  f" target with sh:select and sh:prefixes only ({sorted(extra)})")
            select = str(g.value(target, SH.select))
            if "$" in select.replace("$this", ""):
                raise Unsupported(f"shape {self._name(node)}: pre-bound variables other than "
                                  "$this in a target")
            shape.sparql_targets.append(
                SparqlTarget(target, runnable(g, target, select)))

    def _values(self, shape: Shape) -> None:
        g, node = self.g, shape.node
        shape.classes = [to_ox(c) for c in g.objects(node, SH["class"])]  # type: ignore
        shape.datatypes = list(g.objects(node, SH.datatype))  # type: ignore
        for kind in g.objects(node, SH.nodeKind):
            if kind not in NODE_KINDS:
                raise Unsupported(f"shape {self._name(node)}: sh:nodeKind {kind}")
            shape.node_kinds.append(NODE_KINDS[kind])
        flags = str(g.value(node, SH.flags) or "").lower()  # as pyshacl: only i and m count
        re_flags = (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0)
        shape.patterns = [re.compile(str(p), re_flags) for p in g.objects(node, SH.pattern)]
        for languages in g.objects(node, SH.languageIn):
            shape.languages.append({str(t).lower() for t in Collection(g, languages)})
        shape.unique_lang = g.value(node, SH.uniqueLang) == Literal(True)
        for p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            shape.ranges += [(p, v) for v in g.objects(node, p)]  # type: ignore
        for p in (SH.minLength, SH.maxLength):
            shape.lengths += [(p, int(v)) for v in g.objects(node, p)]  # type: ignore
        shape.min_count = [int(v) for v in g.objects(node, SH.minCount)]  # type: ignore
        shape.max_count = [int(v) for v in g.objects(node, SH.maxCount)]  # type: ignore
        shape.equals = [to_ox(p) for p in g.objects(node, SH.equals)]  # type: ignore
        shape.closed = g.value(node, SH.closed) == Literal(True)
        for ignored in g.objects(node, SH.ignoredProperties):
            shape.allowed |= {to_ox(p) for p in Collection(g, ignored)}  # type: ignore
        if shape.path is None and (shape.min_count or shape.max_count or shape.equals
                                   or shape.unique_lang):
            raise Unsupported(f"shape {self._name(node)}: cardinality or sh:equals on a node shape")

    def _sparql(self, shape: Shape, node: Node) -> SparqlConstraint:
        g, name = self.g, self._name(shape.node)
        extra = set(g.predicates(node)) - SPARQL_PARAMETERS - {RDF.type}
        extra = {p for p in extra if str(p).startswith(str(SH)) or not str(p).startswith(
            _ANNOTATIONS)}
        if extra:
            raise Unsupported(f"shape {name}: SPARQL constraint {node} uses "
                              f"{few(sorted(map(str, extra)))}")
        if g.value(node, SH.deactivated) == Literal(True):
            raise Unsupported(f"shape {name}: deactivated SPARQL constraint {node}")
        select = g.value(node, SH.select)
        if select is None:
            raise Unsupported(f"shape {name}: SPARQL constraint {node} without sh:select")
        if shape.path is not None:
            raise Unsupported(f"shape {name}: SPARQL constraint {node} on a property shape")
        body = str(select)
        if re.search(r"[$?](failure|PATH|currentShape|shapesGraph)\b", body) or "$value" in body:
            raise Unsupported(f"shape {name}: SPARQL constraint {node} uses a pre-bound "
                              "variable other than $this, or ?failure")
        if _DERIVED.search(body):
            raise Unsupported(f"shape {name}: SPARQL constraint {node} names a derived "
                              "integer datatype (Oxigraph's store keeps those as xsd:integer)")
        text = runnable(g, node, body)
        batch = batched(text)
        return SparqlConstraint(node, text, batch, [
            m for m in g.objects(node, SH.message) if isinstance(m, Literal)],
            whole=batch is not None and this_required(text))


def _check_messages(shape: Shape, seen: set[int], named: str) -> None:
    """A shape whose results are reported needs its own sh:message: pyshacl's generated
    messages ("Less than 1 values on ...") are not reproduced."""
    if id(shape) in seen:
        return
    seen.add(id(shape))
    if isinstance(shape.node, URIRef):
        named = str(shape.node)
    name = named if isinstance(shape.node, URIRef) else f"{named} (its blank node shape)"
    constrains = (shape.classes or shape.datatypes or shape.node_kinds or shape.patterns
                  or shape.languages or shape.unique_lang or shape.ranges or shape.lengths
                  or shape.min_count or shape.max_count or shape.equals or shape.closed
                  or shape.nodes or shape.nots or shape.ors)
    if constrains and not shape.messages:
        raise Unsupported(f"shape {name}: reports results but has no sh:message")
    for c in shape.sparql:
        if not c.messages and not shape.messages:
            raise Unsupported(f"shape {name}: SPARQL constraint {c.node} has no sh:message")
    for p in shape.properties:
        _check_messages(p, seen, named)


_DERIVED = re.compile(r"(?i)(positive|negative)Integer|unsigned(Long|Int|Short|Byte)\b"
                      r"|xsd:(long|int|short|byte)\b")
