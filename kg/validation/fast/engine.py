"""Evaluating compiled shapes over `Data`: focus nodes, value nodes, the core constraint
components and the SPARQL constraints, giving the results pyshacl gives.

The semantics copied from pyshacl (the reference implementation, whose reports the tests compare
with these) are noted where they are not obvious from the SHACL spec: datatype checks use
rdflib's ill-typed flag and value types, range checks pyshacl's literal comparison, sh:pattern
Python's `re.search`, messages of SPARQL constraints are formatted with `re.sub`.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.validation.fast.compile import Shape, SparqlConstraint
from kg.validation.fast.data import Data, Term, to_rdflib
from kg.validation.fast.sparql import SparqlData
from kg.validation.shacl_sparql import fill


@dataclass(frozen=True)
class Hit:
    """One validation result, before it is rendered as a kg.validation.report.Result."""

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
        self._conforms: dict[tuple[int, Term], bool] = {}

    @functools.cached_property
    def _spo(self) -> tuple[dict, dict]:
        """The graph's and the reference data's subject index (read when a shape with
        properties is first checked: the corpus rules never read the graph's)."""
        return self.data.own.spo, self.data.reference.spo

    def run(self, shapes: list[Shape]) -> list[Hit]:
        hits: list[Hit] = []
        for shape in shapes:
            if shape.deactivated:
                continue
            focus = self.focus_nodes(shape)
            if not focus:
                continue
            ordered = list(focus)  # (in any order: results are sorted in the end)
            if _has_core(shape):  # (the corpus rules: 40,000 focus nodes, SPARQL only)
                for f in ordered:
                    self.check(shape, f, hits, sparql=False)
            for constraint in shape.sparql:
                hits += self.sparql_hits(shape, constraint, ordered)
        return hits

    def focus_nodes(self, shape: Shape) -> set[Term]:
        d = self.data
        focus: set[Term] = set(shape.target_nodes)
        if not d.own.indexed:  # (see Index.from_ntriples) asked of the store instead
            found = self.sparql.core_targets(shape)
            if found is not None:
                return focus | found | {t for target in shape.sparql_targets
                                        for t in self.sparql.targets(target)}
        for c in shape.target_classes:
            focus |= d.instances(c)
        for p in shape.target_subjects_of:
            focus |= d.subjects_of(p)
        for p in shape.target_objects_of:
            focus |= d.objects_of(p)
        for t in shape.sparql_targets:
            focus |= self.sparql.targets(t)
        return focus

    def conforms(self, shape: Shape, focus: Term) -> bool:
        """Whether a node conforms to a shape of sh:node, sh:not, sh:or (remembered: the same
        phrase concept or cited document is checked from many paragraphs)."""
        key = (id(shape), focus)
        known = self._conforms.get(key)
        if known is None:
            known = self._conforms[key] = self.check(shape, focus, None, sparql=True)
        return known

    def check(self, shape: Shape, f: Term, hits: list[Hit] | None, *, sparql: bool) -> bool:
        """Whether `f` conforms to `shape`; the results go to `hits` (None: stop at the first).
        SPARQL constraints of a targeted shape are run by `run`, for all focus nodes at once."""
        plan = shape.plan
        if plan is None:
            plan = shape.plan = _plan(shape)
        deactivated, path, inverse, tests, pairs, properties = plan
        if deactivated:
            return True
        if path is None:
            values: set[Term] | frozenset = frozenset((f,))
        elif inverse:
            values = self.data.subjects(path, f)
        else:  # Data.objects, inline (the most frequent lookup of a validation)
            own, reference = self._spo
            a, b = own.get(f), reference.get(f)
            x = a.get(path) if a else None
            y = b.get(path) if b else None
            if x is None:
                x = y if y is not None else _EMPTY
            elif y is not None:
                x = x | y
            values = x
        if not values and not (shape.min_count or pairs or (sparql and shape.sparql)):
            return True  # (a property the node does not have, and need not)
        ok = True
        for n in shape.min_count:
            if len(values) < n:
                ok = _hit(hits, shape, f, None, SH.MinCountConstraintComponent)
        for n in shape.max_count:
            if len(values) > n:
                ok = _hit(hits, shape, f, None, SH.MaxCountConstraintComponent)
        if shape.unique_lang and len(values) > 1:  # one result per language given twice
            tags = Counter(v.language.lower() for v in values
                           if isinstance(v, ox.Literal) and v.language)
            for _ in (tag for tag, n in tags.items() if n > 1):
                ok = _hit(hits, shape, f, None, SH.UniqueLangConstraintComponent)
        if not ok and hits is None:
            return False
        if tests:
            for v in values:
                for component, test in tests:
                    if not test(self, v):
                        ok = _hit(hits, shape, f, v, component)
                        if hits is None:
                            return False
        if pairs:
            ok = self._pairs(shape, f, values, hits) and ok
            if not ok and hits is None:
                return False
        if properties:
            own, reference = self._spo
            for v in values:
                mine, theirs = own.get(v), reference.get(v)
                for prop, prop_path in properties:
                    if prop_path is not None and (mine is None or prop_path not in mine) and (
                            theirs is None or prop_path not in theirs):
                        continue  # (check would find no value, and none is needed)
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

    def _pairs(self, shape: Shape, f: Term, values: set[Term] | frozenset,
               hits: list[Hit] | None) -> bool:
        """sh:equals (both ways, as pyshacl) and sh:closed (the predicate as the path)."""
        ok, d = True, self.data
        for p in shape.equals:
            other = d.objects(f, p)
            for v in values:
                if v not in other:
                    ok = _hit(hits, shape, f, v, SH.EqualsConstraintComponent)
            for o in other:
                if o not in values:
                    ok = _hit(hits, shape, f, o, SH.EqualsConstraintComponent)
        if shape.closed and any(p not in shape.allowed for index in self._spo
                                for p in index.get(f, ())):
            for p, o in d.predicate_objects(f):
                if p not in shape.allowed:
                    ok = _hit(hits, shape, f, o, SH.ClosedConstraintComponent, to_rdflib(p))
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
            messages = [fill(str(m), fdict) for m in constraint.messages if str(m) not in own]
            messages += [fill(m, fdict) for m in own]
            found.append(Hit(shape, t or f, v, to_rdflib(p) if p is not None else shape.path_node,
                             SH.SPARQLConstraintComponent, constraint.node, tuple(messages)))
        return found


def _hit(hits: list[Hit] | None, shape: Shape, f: Term, value: Term | None, component: URIRef,
         path: Node | None = None) -> bool:
    """Record a result (when results are wanted); False, for `ok = _hit(...)`."""
    if hits is not None:
        hits.append(Hit(shape, f, value, path if path is not None else shape.path_node,
                        component, None, tuple(str(m) for m in shape.messages)))
    return False


Test = Callable[[Evaluator, Term], bool]
_EMPTY: frozenset = frozenset()


def _properties(shape: Shape) -> list[tuple[Shape, ox.NamedNode | None]]:
    """The property shapes of a shape, each with the predicate whose absence on a value node
    makes it pass without a look (None: it must be checked, present or not: an inverse path,
    a sh:minCount, sh:equals or sh:closed, or SPARQL constraints). Most of a paragraph's
    optional properties are absent: skipping them saves most calls of `check`."""
    props = []
    for prop in shape.properties:
        skippable = (prop.path is not None and not prop.inverse and not prop.min_count
                     and not prop.equals and not prop.closed and not prop.sparql)
        props.append((prop, prop.path if skippable else None))
    return props


def _has_core(shape: Shape) -> bool:
    """Whether `check` can find anything on a focus node of the shape beyond its SPARQL
    constraints (which `run` evaluates for all focus nodes at once)."""
    plan = shape.plan
    if plan is None:
        plan = shape.plan = _plan(shape)
    deactivated, path, _, tests, pairs, _ = plan
    return not deactivated and bool(path is not None or tests or pairs or shape.min_count
                                    or shape.max_count or shape.properties)


def _plan(shape: Shape) -> tuple:
    """What `check` reads of a shape, made once: (deactivated, path, inverse, per-value tests,
    pairs, properties)."""
    return (shape.deactivated, shape.path, shape.inverse, _value_tests(shape),
            bool(shape.equals or shape.closed), _properties(shape))


def _value_tests(shape: Shape) -> list[tuple[URIRef, Test]]:
    """The per-value constraints of a shape as (component, test) pairs, in pyshacl's order of
    components, so that evaluating a shape loops over what it has only."""
    tests: list[tuple[URIRef, Test]] = []
    for c in shape.classes:
        tests.append((SH.ClassConstraintComponent, lambda e, v, c=c: e.data.has_class(v, c)))
    for dt in shape.datatypes:
        tests.append((SH.DatatypeConstraintComponent,
                      lambda e, v, dt=dt: _datatype_ok(v, dt, e.data)))
    for kinds in shape.node_kinds:
        tests.append((SH.NodeKindConstraintComponent, lambda e, v, k=kinds: isinstance(v, k)))
    for pattern in shape.patterns:
        tests.append((SH.PatternConstraintComponent, lambda e, v, p=pattern: not isinstance(
            v, ox.BlankNode) and p.search(_string(v)) is not None))
    for languages in shape.languages:
        tests.append((SH.LanguageInConstraintComponent,
                      lambda e, v, ls=languages: _language_ok(v, ls)))
    for parameter, bound in shape.ranges:
        tests.append((URIRef(str(SH) + _RANGE_COMPONENT[parameter]),
                      lambda e, v, p=parameter, b=bound: _in_range(v, p, b, e.data)))
    for parameter, n in shape.lengths:
        component = (SH.MinLengthConstraintComponent if parameter == SH.minLength
                     else SH.MaxLengthConstraintComponent)
        tests.append((component, lambda e, v, p=parameter, n=n: _length_ok(v, p, n)))
    for nested in shape.nodes:
        tests.append((SH.NodeConstraintComponent, lambda e, v, n=nested: e.conforms(n, v)))
    for nested in shape.nots:
        tests.append((SH.NotConstraintComponent, lambda e, v, n=nested: not e.conforms(n, v)))
    for members in shape.ors:
        tests.append((SH.OrConstraintComponent,
                      lambda e, v, ms=members: any(e.conforms(m, v) for m in ms)))
    return tests


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


_STRING, _LANGSTRING, _LITERAL = str(XSD.string), str(RDF.langString), str(RDFS.Literal)
_CHECKED = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
            XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date,
            XSD.time: time, XSD.dateTime: datetime}


def _datatype_ok(v: Term, datatype: URIRef, data: Data) -> bool:
    """pyshacl's DatatypeConstraintComponent over the rdflib reading of the literal."""
    if not isinstance(v, ox.Literal):
        return False
    if v.language:
        return str.__eq__(datatype, _LANGSTRING) or str.__eq__(datatype, _LITERAL)
    if v.datatype.value == _STRING and str.__eq__(datatype, _STRING):
        return True
    original = data.original(v)
    if original is not None:
        return _datatype_of(original, datatype)
    return _datatype_cached(v, datatype)


@functools.lru_cache(maxsize=65536)
def _datatype_cached(v: ox.Literal, datatype: URIRef) -> bool:
    return _datatype_of(to_rdflib(v), datatype)  # type: ignore[arg-type]


def _datatype_of(lit: Literal, datatype: URIRef) -> bool:
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
    original = data.original(v)
    if original is not None:
        return _range_of(original, parameter, bound)
    return _range_cached(v, parameter, bound)


@functools.lru_cache(maxsize=65536)
def _range_cached(v: ox.Literal, parameter: URIRef, bound: Literal) -> bool:
    return _range_of(to_rdflib(v), parameter, bound)  # type: ignore[arg-type]


def _range_of(lit: Literal, parameter: URIRef, bound: Literal) -> bool:
    from pyshacl.rdfutil.compare import compare_literal  # (pyshacl only for this: 0.2 s)

    if isinstance(bound.value, str) != isinstance(lit.value, str):  # type: ignore[union-attr]
        return False
    try:
        return _RANGE_TEST[parameter](compare_literal(lit, bound))
    except (TypeError, NotImplementedError):
        return False
