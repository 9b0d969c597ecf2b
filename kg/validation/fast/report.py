"""Hits as kg.validation.report.Result: the same fields kg.validation.entrypoints reads out of
pyshacl's report graph
(owning resolution, CURIEs, N3 values, the message chosen the same way)."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator
from typing import Protocol

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kg.rdf.prefixes import DCTERMS, ELI, UNRES
from kg.validation.fast.compile import rule_id
from kg.validation.fast.data import RDF_TYPE, Data, Index, Term, as_text, to_rdflib
from kg.validation.fast.engine import Hit
from kg.validation.report import Result, namespaces, order

IS_PART_OF = ox.NamedNode(ELI + "is_part_of")
HAS_PART = ox.NamedNode(ELI + "has_part")
FOOTNOTE = ox.NamedNode(UNRES + "footnote")
RESOLUTION = ox.NamedNode(UNRES + "Resolution")
IDENTIFIER = ox.NamedNode(DCTERMS + "identifier")


def results(hits: Iterable[Hit], data: Data, attributed: Index | None = None,
            view: Lookup | None = None) -> list[Result]:
    """The results of `hits`; `view` (kg.validation.fast.sparql.StoreView) answers the owners'
    lookups
    instead of `data` when the graph's index is not made (the corpus rules: made, it would
    cost 1.4 s at 20,000 resolutions for a few findings)."""
    hits = list(hits)
    if not hits:  # (owners read the whole index: not made for nothing)
        return []
    owners: Owners | None = None
    if view is not None and attributed is None and not data.own.indexed:
        try:
            owners = Owners(view, view, view.built())
            found = {result(h, owners) for h in hits}
        except view.Unsure:
            owners = None
    if owners is None:
        owners = Owners(data, data.own if attributed is None else attributed)
        found = {result(h, owners) for h in hits}
    return sorted(found, key=order)


def result(hit: Hit, owners: Owners) -> Result:
    nsm = namespaces()
    messages = sorted(hit.messages)
    if hit.constraint is not None:  # as entrypoints.result_of: the constraint's own message
        generic = {str(m) for m in hit.shape.messages}
        messages = [m for m in messages if m not in generic] or messages
    c = hit.constraint
    shape = c if isinstance(c, URIRef) and rule_id(c) else hit.shape.rule_shape
    return Result(
        severity=hit.shape.severity,
        focus=as_text(hit.focus),
        resolution=owners.label(hit.focus),
        path=_path_text(hit),
        message=messages[0] if messages else "",
        value="" if hit.value is None or hit.value == hit.focus else to_rdflib(hit.value).n3(nsm),
        shape=rule_id(shape) or "",
        shape_iri=str(shape) if isinstance(shape, URIRef) else "",
        component=hit.component.n3(nsm),
    )


def _path_text(hit: Hit) -> str:
    nsm = namespaces()
    if hit.path is None:
        return ""
    if isinstance(hit.path, URIRef):
        return hit.path.n3(nsm)
    if hit.path == hit.shape.path_node and hit.shape.inverse and hit.shape.path is not None:
        return "^" + URIRef(hit.shape.path.value).n3(nsm)
    return "(complex path)"


class Lookup(Protocol):
    """What Owners reads of the data: Data and its own Index, or a StoreView for both."""

    Unsure: type[Exception]

    def objects(self, s: Term, p: ox.NamedNode) -> set[Term] | frozenset: ...

    def subjects(self, p: ox.NamedNode, o: Term) -> set[Term] | frozenset: ...

    def built(self) -> Collection[Term]: ...


class Owners:
    """kg.validation.entrypoints.GraphOwners over `Data`: up eli:is_part_of and unres:footnote to a
    built
    resolution; another subject of the graph belongs to its only built resolution."""

    def __init__(self, data: Data | Lookup, own: Index | Lookup,
                 built_ones: Collection[Term] | None = None) -> None:
        self.data, self.own = data, own
        self.built = set(built(data)) if built_ones is None else built_ones  # type: ignore[arg-type]

    @functools.cached_property
    def default(self) -> Term | None:
        """The only built resolution, if there is one (asked only when a node has no root)."""
        return next(iter(self.built)) if len(self.built) == 1 else None

    def label(self, node: Term) -> str:
        root = self.root(node)
        if root is None:
            return ""
        symbols = self.data.objects(root, IDENTIFIER)
        return as_text(_first(symbols)) if symbols else as_text(root)

    def root(self, node: Term | None) -> Term | None:
        """The built resolution `node` is part of (up eli:is_part_of and unres:footnote)."""
        start, seen = node, set()
        while node is not None and node not in seen:
            if node in self.built:
                return node
            seen.add(node)
            up = self.data.objects(node, IS_PART_OF)
            node = _first(up) if up else _first(self.data.subjects(FOOTNOTE, node))
        return self.default if start in self.own else None


def built(data: Data) -> Iterator[Term]:
    """Resolutions whose parts are in the data (kg.validation.entrypoints._built)."""
    for r in data.subjects(RDF_TYPE, RESOLUTION):
        if data.objects(r, HAS_PART) or data.subjects(IS_PART_OF, r):
            yield r


def _first(nodes: Iterable[Term]) -> Term | None:
    return min(nodes, key=str, default=None)


__all__ = ["Node", "Owners", "built", "result", "results"]
