"""Findings of validation and the report that holds them: for people (text), programs (JSON)
and RDF tools (a sh:ValidationReport in Turtle).

Kept apart from the validator so that the report's shape, which CI pipelines parse, can be read
and changed in one place.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH, NamespaceManager
from rdflib.term import Node
from rdflib.util import from_n3

from kg.rdf.namespaces import PREFIXES

SHAPES = Namespace("https://w3id.org/unres/shapes#")


@dataclass(frozen=True)
class Result:
    """One finding: which rule fired, on which node of which resolution, and what to do."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str  # IRI of the node the rule was checked on (a paragraph, the resolution ...)
    resolution: str  # symbol of the resolution the node belongs to, or its IRI; "" if none
    path: str  # CURIE of the property, "^unres:footnote" for an inverse path; "" if none
    message: str
    value: str  # the offending value in N3 ("2001-13-45"^^xsd:date, <iri>); "" if none
    shape: str  # rule ID, such as "R02"
    shape_iri: str = ""
    component: str = ""  # CURIE of the SHACL component: sh:MinCountConstraintComponent


@dataclass
class Report:
    """The results of validating one graph, one dataset or several of them merged."""

    results: list[Result] = field(default_factory=list)
    graphs: int = 1

    @property
    def conforms(self) -> bool:
        return self.count("Violation") == 0

    @property
    def exit_code(self) -> int:
        """0 when the data conforms, 1 when it has violations (warnings do not count)."""
        return 0 if self.conforms else 1

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    @classmethod
    def merge(cls, reports: Iterable[Report]) -> Report:
        """One report of several; identical results (a reference-data defect seen from every
        graph) are kept once."""
        reports = list(reports)
        results = dict.fromkeys(r for report in reports for r in report.results)
        return cls(sorted(results, key=order), sum(report.graphs for report in reports))

    def summary(self) -> str:
        counts = ", ".join(
            _plural(self.count(s), s.lower()) for s in ("Violation", "Warning", "Info")
            if s != "Info" or self.count(s)
        )
        verdict = "conforms" if self.conforms else "does not conform"
        return f"{_plural(self.graphs, 'graph')} checked: {counts}; {verdict}"

    def to_text(self) -> str:
        """One line per result (resolution, focus, path, severity and rule, message, value),
        then a summary line."""
        lines = []
        for r in self.results:
            where = "  ".join(x for x in (r.resolution or "(reference data)", f"<{r.focus}>",
                                          r.path) if x)
            value = f" [value: {r.value}]" if r.value else ""
            lines.append(f"{where}  {r.severity} {r.shape}: {r.message}{value}")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps({
            "conforms": self.conforms,
            "graphs": self.graphs,
            "violations": self.count("Violation"),
            "warnings": self.count("Warning"),
            "infos": self.count("Info"),
            "results": [asdict(r) for r in self.results],
        }, indent=2, ensure_ascii=False) + "\n"

    def to_graph(self) -> Graph:
        """The report as a sh:ValidationReport."""
        g = Graph()
        nsm = namespaces()
        for prefix, ns in nsm.namespaces():
            g.bind(prefix, ns, override=True)
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        for r in self.results:
            node = BNode()
            g.add((report, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            g.add((node, SH.resultSeverity, SH[r.severity]))
            g.add((node, SH.focusNode, _term(r.focus)))
            g.add((node, SH.resultMessage, Literal(r.message, lang="en")))
            if r.path:
                g.add((node, SH.resultPath, _path_node(g, r.path, nsm)))
            if r.value:
                g.add((node, SH.value, from_n3(r.value, nsm=nsm)))
            if r.shape_iri:
                g.add((node, SH.sourceShape, URIRef(r.shape_iri)))
            if r.component:
                g.add((node, SH.sourceConstraintComponent, from_n3(r.component, nsm=nsm)))
        return g

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")


@functools.cache
def namespaces() -> NamespaceManager:
    nsm = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, ns in {**PREFIXES, "sh": SH, "unres-sh": SHAPES}.items():
        nsm.bind(prefix, ns, override=True)
    return nsm


def _path_node(g: Graph, text: str, nsm: NamespaceManager) -> Node:
    if text.startswith("^"):
        node = BNode()
        g.add((node, SH.inversePath, from_n3(text[1:], nsm=nsm)))
        return node
    return from_n3(text, nsm=nsm)


def _term(text: str) -> Node:
    return BNode(text[2:]) if text.startswith("_:") else URIRef(text)


def order(r: Result) -> tuple[str, ...]:
    rank = {"Violation": "0", "Warning": "1", "Info": "2"}.get(r.severity, "3")
    return (r.resolution, rank, r.focus, r.path, r.shape, r.value, r.component, r.message)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
