"""Evaluating compiled shapes over `Data`: focus nodes, value nodes, the core constraint
components and the SPARQL constraints, giving the results pyshacl gives.

The semantics copied from pyshacl (the reference implementation, whose reports the tests compare
with these) are noted where they are not obvious from the SHACL spec: datatype checks use
rdflib's ill-typed flag and value types, range checks pyshacl's literal comparison, sh:pattern
Python's `re.search`, messages of SPARQL constraints are formatted with `re.sub`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.shacl.compile import Shape, SparqlConstraint
from kg.shacl.data import Data, Term, to_rdflib
from kg.shacl.sparql import SparqlData


@dataclass(frozen=True)
class Hit:
    """One validation result, before it is rendered as a kg.findings.Result."""

    shape: Shape
    focus: Term
    value: Term | None
    path: Node | None  # rdflib: an IRI or the shape's (inverse) path node
    component: URIRef
    constraint: Node | None = None
    messages: tuple[str, ...] = ()


class Evaluator:
    """Validates data against compiled shapes."""

    def __init__(self, data: Data, sparql: SparqlData) -> None:
        self.data, self.sparql = data, sparql

    def run(self, shapes: list[Shape]) -> list[Hit]:
        hits: list[Hit] = []
        for shape in shapes:
            if shape.deactivated:
                continue
            focus = self.focus_nodes(shape)
            if not focus:
                continue
            ordered = sorted(focus, key=str)
            for f in ordered:
                self.check(shape, f, hits, sparql=False)
            for constraint in shape.sparql:
                hits += self.sparql_hits(shape, constraint, ordered)
        return hits

    def focus_nodes(self, shape: Shape) -> set[Term]:
        d = self.data
        focus: set[Term] = set(shape.target_nodes)
        for c in shape.target_classes:
            focus |= d.instances(c)
        for p in shape.target_subjects_of:
            focus |= d.subjects_of(p)
        for p in shape.target_objects_of:
            focus |= d.objects_of(p)
        for t in shape.sparql_targets:
            focus |= self.sparql.targets(t)
        return focus

    def values(self, shape: Shape, focus: Term) -> set[Term] | frozenset:
        if shape.path is None:
            return frozenset((focus,))
        if shape.inverse:
            return self.data.subjects(shape.path, focus)
        return self.data.objects(focus, shape.path)

    def conforms(self, shape: Shape, focus: Term) -> bool:
        return self.check(shape, focus, None, sparql=True)

    def check(self, shape: Shape, f: Term, hits: list[Hit] | None, *, sparql: bool) -> bool:
        """Whether `f` conforms to `shape`; the results go to `hits` (None: stop at the first).
        SPARQL constraints of a targeted shape are run by `run`, for all focus nodes at once."""
        if shape.deactivated:
            return True
        ok = True

        def hit(value: Term | None, component: URIRef, path: Node | None = None) -> bool:
            if hits is not None:
                hits.append(Hit(shape, f, value, path if path is not None else shape.path_node,
                                component, None, tuple(str(m) for m in shape.messages)))
            return False

        values = self.values(shape, f)
        d = self.data
        for n in shape.min_count:
            if len(values) < n:
                ok = hit(None, SH.MinCountConstraintComponent)
        for n in shape.max_count:
            if len(values) > n:
                ok = hit(None, SH.MaxCountConstraintComponent)
        if not ok and hits is None:
            return False
        for v in values:
            for c in shape.classes:
                if not d.has_class(v, c):
                    ok = hit(v, SH.ClassConstraintComponent)
            for datatype in shape.datatypes:
                if not _datatype_ok(v, datatype, d):
                    ok = hit(v, SH.DatatypeConstraintComponent)
            for kinds in shape.node_kinds:
                if not isinstance(v, kinds):
                    ok = hit(v, SH.NodeKindConstraintComponent)
            for pattern in shape.patterns:
                if isinstance(v, ox.BlankNode) or not pattern.search(_string(v)):
                    ok = hit(v, SH.PatternConstraintComponent)
            for languages in shape.languages:
                if not _language_ok(v, languages):
                    ok = hit(v, SH.LanguageInConstraintComponent)
            for parameter, bound in shape.ranges:
                if not _in_range(v, parameter, bound, d):
                    ok = hit(v, URIRef(str(SH) + _RANGE_COMPONENT[parameter]))
            for parameter, n in shape.lengths:
                if not _length_ok(v, parameter, n):
                    ok = hit(v, SH.MinLengthConstraintComponent if parameter == SH.minLength
                             else SH.MaxLengthConstraintComponent)
            for nested in shape.nodes:
                if not self.conforms(nested, v):
                    ok = hit(v, SH.NodeConstraintComponent)
            for nested in shape.nots:
                if self.conforms(nested, v):
                    ok = hit(v, SH.NotConstraintComponent)
            for members in shape.ors:
                if not any(self.conforms(m, v) for m in members):
                    ok = hit(v, SH.OrConstraintComponent)
            if not ok and hits is None:
                return False
        for p in shape.equals:
            other = d.objects(f, p)
            for v in values:
                if v not in other:
                    ok = hit(v, SH.EqualsConstraintComponent)
            for o in other:
                if o not in values:
                    ok = hit(o, SH.EqualsConstraintComponent)
        if shape.closed:
            for p, o in d.predicate_objects(f):
                if p not in shape.allowed:
                    ok = hit(o, SH.ClosedConstraintComponent, to_rdflib(p))
        for prop in shape.properties:
            for v in values:
                if not self.check(prop, v, hits, sparql=True):
                    ok = False
                    if hits is None:
                        return False
        if sparql:
            for constraint in shape.sparql:
                for h in self.sparql_hits(shape, constraint, [f]):
                    ok = False
                    if hits is None:
                        return False
                    hits.append(h)
        return ok

    def sparql_hits(self, shape: Shape, constraint: SparqlConstraint,
                    focus: list[Term]) -> list[Hit]:
        """As pyshacl's SPARQL constraint component: a result per solution, ?this/?path/?value
        taken from the solution (the value defaults to the focus node of a node shape), the
        messages formatted with every bound variable."""
        found = []
        own = [str(m) for m in shape.messages]
        for f, bound in self.sparql.solutions(constraint, focus):
            bound = dict(bound)
            t = bound.pop("this", None)
            p = bound.pop("path", None)
            v = bound.pop("value", None)
            if t is None and p is None and v is None:
                continue
            v = self.data.restore(v, t or f, p) if v is not None else f
            bound = {name: self.data.restore(term, None, None) for name, term in bound.items()}
            fdict = {name: to_rdflib(term) for name, term in bound.items()}
            if t is not None:
                fdict["this"] = to_rdflib(t)
            if p is not None:
                fdict["path"] = to_rdflib(p)
            fdict["value"] = to_rdflib(v)
            messages = [_format(str(m), fdict) for m in constraint.messages if str(m) not in own]
            messages += [_format(m, fdict) for m in own]
            found.append(Hit(shape, t or f, v, to_rdflib(p) if p is not None else shape.path_node,
                             SH.SPARQLConstraintComponent, constraint.node, tuple(messages)))
        return found


_RANGE_COMPONENT = {
    SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent",
    SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.maxExclusive: "MaxExclusiveConstraintComponent",
}
_RANGE_TEST = {
    SH.minInclusive: lambda c: c >= 0, SH.maxInclusive: lambda c: c <= 0,
    SH.minExclusive: lambda c: c > 0, SH.maxExclusive: lambda c: c < 0,
}


def _format(message: str, fdict: dict[str, Node]) -> str:
    for name, value in fdict.items():
        message = re.sub(f"{{[?$]{name}}}", str(value), message)
    return message


def _length_ok(v: Term, parameter: URIRef, n: int) -> bool:
    """pyshacl: sh:minLength 0 always passes, blank nodes never do."""
    if parameter == SH.minLength and n == 0:
        return True
    if isinstance(v, ox.BlankNode):
        return False
    return len(_string(v)) >= n if parameter == SH.minLength else len(_string(v)) <= n


def _string(v: Term) -> str:
    """pyshacl's value_node_to_string: the string value of string literals, else str()."""
    if isinstance(v, ox.Literal) and (v.language or v.datatype.value == str(XSD.string)):
        return v.value
    return str(to_rdflib(v)) if isinstance(v, ox.Literal) else v.value


def _language_ok(v: Term, languages: set[str]) -> bool:
    if not isinstance(v, ox.Literal) or not v.language:
        return False
    lang = v.language.lower()
    return "*" in languages or lang in languages or lang.split("-")[0] in languages


_STRING = str(XSD.string)
_CHECKED = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
            XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date,
            XSD.time: time, XSD.dateTime: datetime}


def _datatype_ok(v: Term, datatype: URIRef, data: Data) -> bool:
    """pyshacl's DatatypeConstraintComponent over the rdflib reading of the literal."""
    if not isinstance(v, ox.Literal):
        return False
    if v.language:
        return datatype == RDF.langString or datatype == RDFS.Literal
    if datatype == XSD.string and v.datatype.value == _STRING:
        return True
    lit = data.literal(v)
    assert isinstance(lit, Literal)
    if lit.datatype == datatype or (lit.datatype is None and datatype == XSD.string):
        if lit.datatype is not None and getattr(lit, "ill_typed", None) is True:
            return False
        kinds = _CHECKED.get(datatype)
        return kinds is None or isinstance(lit.value, kinds)
    return datatype == RDFS.Literal or (datatype == RDFS.Datatype and lit.datatype is not None)


def _in_range(v: Term, parameter: URIRef, bound: Literal, data: Data) -> bool:
    """pyshacl's range components: literals compared with its compare_literal; strings and
    non-strings never compare; IRIs and blank nodes fail."""
    if not isinstance(v, ox.Literal):
        return False
    lit = data.literal(v)
    if isinstance(bound.value, str) != isinstance(lit.value, str):  # type: ignore[union-attr]
        return False
    try:
        return _RANGE_TEST[parameter](compare_literal(lit, bound))
    except (TypeError, NotImplementedError):
        return False
