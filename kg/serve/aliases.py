"""Symbols in both directions: the built resolution a typed symbol names, and the symbol IRIs
(`BASE/symbol/...`, what citations point at) that stand for a built resolution.

Both go through `kg.symbols`, the one spelling rule extraction and IRI minting use, so that
`/symbol/S/RES/242`, `/symbol/s/res/242%20(1967)` and the cited `/symbol/S/RES/242(1967)` lead
to the same resolution, and its page lists every paragraph citing it by any of them. The index
is made once, on first use: the store never changes under a running server.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from urllib.parse import unquote

import pyoxigraph as ox

from kg.serve import iris
from kg.serve.data import NS, Data
from kg.symbols import SymbolIndex, parse

_BUILT = """
SELECT DISTINCT ?r ?id WHERE {
  VALUES ?type { %s %s }
  ?r a ?type ; <http://purl.org/dc/terms/identifier> ?id .
  FILTER(isIRI(?r) && !STRSTARTS(STR(?r), %s))
}"""
# symbol IRIs: what citations point at (each described by its identifier), and the documents
# reference data names (the resolution that adopted an instrument or established a mandate)
_CITED = """
SELECT DISTINCT ?s WHERE {
  { ?s <http://purl.org/dc/terms/identifier> ?id }
  UNION { ?x <https://w3id.org/unres/ontology#adoptedBy> ?s }
  UNION { ?x <https://w3id.org/unres/ontology#establishedBy> ?s }
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), %s))
}"""


class Aliases:
    """Which built resolutions (and drafts) a symbol names, and the alias IRIs of each."""

    def __init__(self, data: Data, base: str) -> None:
        self.data = data
        self.base = base
        self._lock = threading.Lock()
        self._built: SymbolIndex | None = None
        self._cited: SymbolIndex | None = None
        self._aliases: dict[str, list[str]] = {}

    def resolve(self, symbol: str) -> list[ox.NamedNode]:
        """The built resolutions `symbol` names, however it is typed: one, several (lettered
        parts; a symbol without its year shared by two), or none."""
        return [ox.NamedNode(iri) for iri in self._index()[0].find(unquote(symbol))]

    def cited(self, symbol: str) -> ox.NamedNode | None:
        """The symbol IRI of the data that `symbol` is another spelling of (a document known
        only through what cites it), if exactly one."""
        found = self._index()[1].find(unquote(symbol))
        return ox.NamedNode(found[0]) if len(found) == 1 else None

    def aliases(self, node: ox.NamedNode) -> list[ox.NamedNode]:
        """The symbol IRIs that citations use for the built resolution `node`."""
        self._index()
        return [ox.NamedNode(iri) for iri in self._aliases.get(node.value, [])]

    def _index(self) -> tuple[SymbolIndex, SymbolIndex]:
        with self._lock:
            if self._built is None or self._cited is None:
                self._built, self._cited, self._aliases = self._make()
            return self._built, self._cited

    def _make(self) -> tuple[SymbolIndex, SymbolIndex, dict[str, list[str]]]:
        prefix = str(ox.Literal(self.base + "symbol/"))
        store = self.data.store
        rows = store.query(_BUILT % (NS.RESOLUTION, NS.DRAFT, prefix),
                           use_default_graph_as_union=True)
        built = SymbolIndex((row["id"].value, row["r"].value)  # type: ignore[index,union-attr]
                            for row in rows)  # type: ignore[union-attr]
        rows = store.query(_CITED % prefix, use_default_graph_as_union=True)
        alias_iris = [row["s"].value for row in rows]  # type: ignore[index,union-attr]
        cited = SymbolIndex((iris.symbol_of(self.base, iri) or "", iri) for iri in alias_iris)
        aliases: dict[str, list[str]] = defaultdict(list)
        for iri in alias_iris:
            symbol = unquote(iris.symbol_of(self.base, iri) or "")
            for target in _cited_resolutions(built, symbol):
                aliases[target].append(iri)
        return built, cited, dict(aliases)


def _cited_resolutions(built: SymbolIndex, symbol: str) -> list[str]:
    """What a citation of `symbol` cites among the built resolutions: the one it names, or
    every lettered part of the document it names ("S/RES/161 (1961)" cites 161 A and 161 B);
    nothing when the spelling is ambiguous between different resolutions."""
    found = built.find(symbol)
    if len(found) <= 1:
        return found
    stems = {p.stem.upper() + (p.bracket or "") for p in
             (parse(built.symbols[iri]) for iri in found) if p is not None}
    return found if len(stems) == 1 else []
