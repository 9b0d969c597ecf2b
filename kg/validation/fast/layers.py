"""The fast engine behind kg.validation.entrypoints: compiled shapes per layer and scope, the
reference data
checked once, one graph, a whole dataset, and a graph's summary for the corpus rules.

kg.validation.entrypoints decides what is validated where (the layers of rule IDs, the reference
data checked
once per build rather than once per graph, the corpus over a summary); this module does the same
with kg.validation.fast instead of pyshacl, so that both engines share those decisions. It is given
the
shapes graph of a (levels, scope) and the reference graph of a base by kg.validation.entrypoints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import DCTERMS

from kg.rdf.prefixes import ELI, UNRES
from kg.validation.fast import Index, Reference, Shape, compile_shapes, validate
from kg.validation.fast.data import Data, Term
from kg.validation.fast.report import Owners, built
from kg.validation.report import Report

_TYPE = Index.term(RDF.type)
_IDENTIFIER = Index.term(DCTERMS.identifier)
_HAS_PART = Index.term(URIRef(ELI + "has_part"))
_IS_PART_OF = Index.term(URIRef(ELI + "is_part_of"))
_RESOLUTION = Index.term(URIRef(UNRES + "Resolution"))
_CITES = Index.term(URIRef(ELI + "cites"))


class Layers:
    """Compiled shapes and checked reference data, each made once per process."""

    def __init__(self, shapes: Callable[[frozenset[str], str], Graph],
                 reference: Callable[[str], Graph], reference_classes: Iterable[URIRef]) -> None:
        self._shapes, self._reference = shapes, reference
        self._reference_types = tuple(Index.term(c) for c in reference_classes)
        self._compiled: dict[tuple[frozenset[str], str], list[Shape]] = {}
        self._references: dict[str, Reference] = {}
        self._checked: dict[tuple[str, frozenset[str]], Report] = {}

    def compiled(self, letters: frozenset[str], scope: str) -> list[Shape]:
        key = (letters, scope)
        if key not in self._compiled:
            self._compiled[key] = compile_shapes(self._shapes(letters, scope))
        return self._compiled[key]

    def reference(self, base: str) -> Reference:
        """The packaged reference data of `base`."""
        if base not in self._references:
            self._references[base] = Reference.from_graph(self._reference(base))
        return self._references[base]

    def checked(self, base: str, letters: frozenset[str]) -> Report:
        """The report of the packaged reference data of `base` alone."""
        if (base, letters) not in self._checked:
            self._checked[base, letters] = self.check_reference(self.reference(base), letters)
        return self._checked[base, letters]

    def check_reference(self, reference: Reference, letters: frozenset[str]) -> Report:
        """The reference data alone, its results attributed to no graph (as pyshacl's path)."""
        results = validate(self.compiled(letters, "reference"), reference.index,
                           Reference(Index()), attributed=Index())
        return Report(results)

    def one(self, own: Index, reference: Reference, checked: Report,
            letters: frozenset[str]) -> Report:
        """One graph with the reference data; `checked` (the reference data's own report) is
        reused unless the graph declares reference-data nodes itself."""
        types = own.pos.get(_TYPE, {})
        if any(c in types for c in self._reference_types):
            return Report(validate(self.compiled(letters, "all"), own, reference))
        results = validate(self.compiled(letters, "graph"), own, reference)
        return Report.merge([Report(results), Report(checked.results, 0)])

    def dataset(self, graphs: Iterable[Graph], published: Graph | None, base: str,
                letters: frozenset[str], summarise: Callable[[Graph, Graph], None],
                summary: Graph) -> Report:
        """kg.validation.entrypoints.validate_dataset: every graph, with the dataset's published
        reference
        data (or the packaged one), then the corpus rules over the summary of every graph."""
        if published is not None:
            reference = Reference.from_graph(published)
            checked = self.check_reference(reference, letters)
        else:
            reference, checked = self.reference(base), self.checked(base, letters)
        reports = [Report(checked.results, graphs=0)]
        for graph in graphs:
            reports.append(self.one(Index.from_graph(graph), reference, checked, letters))
            summarise(graph, summary)
        if "C" in letters and len(summary):
            reports.append(self.corpus(summary))
        return Report.merge(reports)

    def corpus(self, summary: Graph | Index) -> Report:
        """The corpus rules over the summary of every graph (an rdflib graph, or the index of
        the summaries' N-Triples)."""
        own = summary if isinstance(summary, Index) else Index.from_graph(summary)
        results = validate(self.compiled(frozenset("C"), "all"), own, Reference(Index()))
        return Report(results, graphs=0)


def summary_ntriples(own: Index) -> str:
    """What the corpus rules need of one graph (kg.validation.entrypoints._summarise), as
    N-Triples: each
    built resolution, its symbols and one part, and the resolutions it cites with their
    symbols. (Not the type of a cited resolution: no corpus rule reads it, and at 20,000
    resolutions its 37,000 triples were a fifth of what the corpus phase loads and scans.)"""
    data = Data(own, Index())
    resolutions = sorted(built(data), key=str)
    cited_by = _cited_resolutions(data, Owners(data, own, set(resolutions)))
    lines = []
    for r in resolutions:
        lines.append(f"{r} {_TYPE} {_RESOLUTION} .\n")
        for symbol in sorted(data.objects(r, _IDENTIFIER), key=str):
            lines.append(f"{r} {_IDENTIFIER} {symbol} .\n")
        parts = data.objects(r, _HAS_PART) or data.subjects(_IS_PART_OF, r)
        lines.append(f"{r} {_HAS_PART} {min(parts, key=str)} .\n")
        for cited in sorted(cited_by.get(r, ()), key=str):
            lines.append(f"{r} {_CITES} {cited} .\n")
            for symbol in sorted(data.objects(cited, _IDENTIFIER), key=str):
                lines.append(f"{cited} {_IDENTIFIER} {symbol} .\n")
    return "".join(lines)


def _cited_resolutions(data: Data, owners: Owners) -> dict[Term, set[Term]]:
    """The resolutions each built resolution's parts cite: a citation belongs to the
    resolution its citing paragraph is part of (a graph may hold many, as one exported file)."""
    found: dict[Term, set[Term]] = {}
    for citing in data.subjects_of(_CITES):
        root = owners.root(citing)
        if root is None:
            continue
        for cited in data.objects(citing, _CITES):
            if _RESOLUTION in data.objects(cited, _TYPE):
                found.setdefault(root, set()).add(cited)
    return found
