"""Validate resolution graphs with the SHACL shapes of `shapes/` and report for people and CI.

One resolution graph is validated together with the reference vocabularies (instruments, organs,
mandates, phrase concepts are described there, not in each graph). A dataset is validated graph
by graph, then once as a corpus (rules C01...). Warnings never break conformance: `conforms`
means "no violation", and `Report.exit_code` is what `kg validate` exits with (0 or 1).

The shapes are layered by the letter of their rule ID (DESIGN: R violations, W recommended,
C corpus, O ontology hygiene); a level switches a layer on by keeping its targets.

Two engines give the same report: "fast" (kg.validation.fast, the default: milliseconds a
resolution) and
"pyshacl" (the reference implementation, about 0.3 s a resolution), chosen with `engine=`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import DCTERMS, RDF, SKOS, Dataset, Graph, URIRef
from rdflib.namespace import SH, NamespaceManager
from rdflib.term import Node

from kg.iris import context_graphs, reference_graph_iri
from kg.progress import SILENT, Progress, track
from kg.rdf.namespaces import ELI, UNRES
from kg.rdf.resources import reference_graph, shapes_graph
from kg.settings import DEFAULT_BASE
from kg.validation.fast import Index, Reference
from kg.validation.fast.layers import Layers, summary_ntriples
from kg.validation.inputs import FORMATS, read_inputs
from kg.validation.report import SHAPES, Report, Result, namespaces, order

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

__all__ = ["DEFAULT_ENGINE", "DEFAULT_LEVELS", "ENGINES", "FORMATS", "LEVELS", "Report", "Result",
           "validate", "validate_dataset", "validate_graph", "validate_ntriples", "validate_path"]

LEVELS = {"resolution": "R", "recommended": "W", "corpus": "C", "ontology": "O"}
DEFAULT_LEVELS = ("resolution", "recommended")
ENGINES = ("fast", "pyshacl")
DEFAULT_ENGINE = "fast"
_ID = re.compile(r"^([A-Z]\d{2})\b")
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
REFERENCE_CLASSES = frozenset({UNRES.Instrument, UNRES.Mandate, UNRES.Organ, UNRES.Addressee,
                               UNRES.OpeningPhrase, SKOS.ConceptScheme})
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


# ---------------------------------------------------------------- entry points

def validate_graph(
    graph: Graph, *, base: str = DEFAULT_BASE, levels: Iterable[str] = DEFAULT_LEVELS,
    reference: Graph | None = None, engine: str = DEFAULT_ENGINE,
) -> Report:
    """Validate one resolution graph (or any graph) together with the reference data of `base`
    (or the `reference` graph given)."""
    letters = _letters(levels)
    if checked_engine(engine) == "fast":
        if reference is None:
            ref, checked_ = FAST.reference(base), FAST.checked(base, letters)
        else:
            ref = Reference.from_graph(reference)
            checked_ = FAST.check_reference(ref, letters)
        return FAST.one(Index.from_graph(graph), ref, checked_, letters)
    if reference is None:
        reference, checked = reference_graph(base), _packaged_reference(base, letters)
    else:
        checked = _check_reference(reference, letters)
    return _validate_one(graph, reference, checked, letters)


def validate_dataset(dataset: Dataset, *, base: str = DEFAULT_BASE,
                     levels: Iterable[str] = (*DEFAULT_LEVELS, "corpus"),
                     engine: str = DEFAULT_ENGINE, progress: Progress = SILENT) -> Report:
    """Validate every named graph of a build separately (the reference and ontology graphs are
    context, not subjects), triples of the default graph as one more graph, then the corpus.

    The dataset's own reference graph is the context when it has one (it is what was published);
    otherwise the packaged reference data of `base`."""
    letters = _letters(levels)
    skipped = {URIRef(name) for name in context_graphs(base)}
    name = URIRef(reference_graph_iri(base))
    published = next((g for g in dataset.graphs() if g.identifier == name and len(g)), None)
    graphs = track(progress, _graphs(dataset, skipped),
                   "validate", sum(1 for _ in _graphs(dataset, skipped)), "graphs")
    if checked_engine(engine) == "fast":
        return FAST.dataset(graphs, published, base, letters, summarise, DataGraph())
    if published is not None:
        reference, checked = published, _check_reference(published, letters)
    else:
        reference, checked = reference_graph(base), _packaged_reference(base, letters)
    reports, summary = [Report(checked.results, graphs=0)], DataGraph()
    for graph in graphs:
        reports.append(_validate_one(graph, reference, checked, letters))
        summarise(graph, summary)
    if "C" in letters and len(summary):
        corpus = run_pyshacl(summary, summary, shapes_for(frozenset("C"), "all"))
        reports.append(Report(corpus.results, graphs=0))
    return Report.merge(reports)


def validate_path(path: str | Path, *, base: str | None = None,
                  levels: Iterable[str] = (*DEFAULT_LEVELS, "corpus"),
                  engine: str = DEFAULT_ENGINE, progress: Progress = SILENT) -> Report:
    """Validate a build directory (its TriG dump, base from `DIR/build.json`) or one RDF file
    (format from its extension). Raises UnusableInput, naming the file, when it cannot be read.
    `progress` is told of the reading (file by file) and the validation (graph by graph)."""
    inputs = read_inputs([str(path)], progress=progress)
    return validate_dataset(inputs.dataset, base=base or inputs.base or guess_base(inputs.dataset),
                            levels=levels, engine=engine, progress=progress)


def validate(data: Graph | Dataset, *, base: str = DEFAULT_BASE,
             engine: str = DEFAULT_ENGINE) -> Report:
    """`validate_dataset` for a Dataset, `validate_graph` for any other graph."""
    if isinstance(data, Dataset):
        return validate_dataset(data, base=base, engine=engine)
    return validate_graph(data, base=base, engine=engine)


def validate_ntriples(ntriples: bytes, *, base: str = DEFAULT_BASE,
                      levels: Iterable[str] = DEFAULT_LEVELS) -> tuple[Report, str]:
    """`validate_graph` of one graph given as N-Triples, with the fast engine and without
    rdflib (the per-resolution path of kg.validation.runner), and the graph's summary for the
    corpus rules as N-Triples (what `summarise` keeps)."""
    letters = _letters(levels)
    own = Index.from_ntriples(ntriples)
    report = FAST.one(own, FAST.reference(base), FAST.checked(base, letters), letters)
    return report, summary_ntriples(own)


# ---------------------------------------------------------------- the fast engine
# (kg.validation.fast)

def checked_engine(engine: str) -> str:
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r} (known: {', '.join(ENGINES)})")
    return engine


# ---------------------------------------------------------------- running pyshacl

@functools.cache
def shapes_for(letters: frozenset[str], scope: str = "all") -> Graph:
    """The merged shapes with the targets of layers not asked for removed (a shape without
    targets is only checked where a targeted shape refers to it). Scope "graph" also drops the
    targets of the reference-data shapes, "reference" keeps only those: the reference data is
    the same for every graph of a build, so it is checked once, not once per resolution."""
    full = shapes_graph()
    g = Graph()
    for prefix, ns in full.namespaces():
        g.bind(prefix, ns)
    for s, p, o in full:
        rule = _rule_id(s)
        if p in _TARGETS and rule[:1] in LEVELS.values() and rule[0] not in letters:
            continue  # a layer not asked for (shapes of other layers always run)
        of_reference = p == SH.targetClass and o in REFERENCE_CLASSES
        if p in _TARGETS and ((scope == "graph" and of_reference)
                              or (scope == "reference" and not of_reference)):
            continue
        g.add((s, p, o))
    return g


@functools.cache
def _packaged_reference(base: str, letters: frozenset[str]) -> Report:
    return _check_reference(reference_graph(base), letters)


def _check_reference(reference: Graph, letters: frozenset[str]) -> Report:
    data = DataGraph()
    data += reference  # a copy: pyshacl runs in place
    return run_pyshacl(data, Graph(), shapes_for(letters, "reference"))


def _validate_one(graph: Graph, reference: Graph, checked: Report,
                  letters: frozenset[str]) -> Report:
    """One graph with the reference data as context; `checked` is the report of the reference
    data alone, reused unless the graph itself declares reference-data nodes."""
    data = DataGraph()
    data += graph
    data += reference
    if any((None, RDF.type, c) in graph for c in REFERENCE_CLASSES):
        return run_pyshacl(data, graph, shapes_for(letters, "all"))
    return Report.merge([run_pyshacl(data, graph, shapes_for(letters, "graph")),
                         Report(checked.results, 0)])


def _letters(levels: Iterable[str]) -> frozenset[str]:
    levels = tuple(levels)
    unknown = [level for level in levels if level not in LEVELS]
    if unknown:
        raise ValueError(f"unknown validation level {unknown[0]!r} (known: {', '.join(LEVELS)})")
    return frozenset(LEVELS[level] for level in levels)


class DataGraph(Graph):
    """A data graph whose SPARQL texts are parsed once: pyshacl sends the same text for every
    focus node (binding $this separately), and rdflib's parser, not the evaluation, was the cost
    (about 40 ms a query, over 90 queries a resolution)."""

    def query(  # type: ignore[override]
        self, query_object: Any, processor: Any = "sparql", result: Any = "sparql",
        initNs: Any = None, initBindings: Any = None,
        use_store_provided: bool = True, **kwargs: Any,
    ) -> Any:
        if isinstance(query_object, str) and not initNs:
            query_object = _prepared(query_object)
        return super().query(query_object, processor, result, initNs, initBindings,
                             use_store_provided, **kwargs)


@functools.lru_cache(maxsize=512)
def _prepared(text: str) -> Query:
    from rdflib.plugins.sparql import prepareQuery  # (0.2 s to import: only the pyshacl path)

    return prepareQuery(text)


def run_pyshacl(data: Graph, own: Graph, shapes: Graph) -> Report:
    """pyshacl over `data`; `own` is the graph the results are attributed in (not reference)."""
    import pyshacl  # (the reference engine: imported when used, 0.2 s)
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, inplace=True,
        allow_warnings=True, allow_infos=True,
    )
    owner = GraphOwners(data, own)
    out = [result_of(results, node, shapes, owner) for node in results.objects(None, SH.result)]
    return Report(sorted(set(out), key=order))


def result_of(g: Graph, node: Node, shapes: Graph, owner: GraphOwners) -> Result:
    nsm = namespaces()
    focus = g.value(node, SH.focusNode)
    value = g.value(node, SH.value)
    source = g.value(node, SH.sourceShape)
    constraint = g.value(node, SH.sourceConstraint)
    messages = sorted(str(m) for m in g.objects(node, SH.resultMessage))
    if constraint is not None:  # pyshacl adds the shape's message to the constraint's own
        generic = {str(m) for m in shapes.objects(source, SH.message)}
        messages = [m for m in messages if m not in generic] or messages
    shape = next((s for s in (constraint, source) if isinstance(s, URIRef) and _rule_id(s)),
                 _parent(shapes, source))
    component = g.value(node, SH.sourceConstraintComponent)
    return Result(
        severity=_SEVERITY.get(g.value(node, SH.resultSeverity), "Violation"),
        focus=str(focus),
        resolution=owner.label(focus),
        path=_path_text(g, g.value(node, SH.resultPath), nsm),
        message=messages[0] if messages else "",
        value="" if value is None or value == focus else value.n3(nsm),
        shape=_rule_id(shape) or "",
        shape_iri=str(shape) if isinstance(shape, URIRef) else "",
        component=component.n3(nsm) if component is not None else "",
    )


def _rule_id(node: Node | None) -> str:
    if isinstance(node, URIRef) and node.startswith(SHAPES):
        m = _ID.match(node[len(SHAPES):])
        return m[1] if m else ""
    return ""


def _parent(shapes: Graph, shape: Node | None) -> Node | None:
    """The named shape that holds a blank property shape (sh:property [...])."""
    while shape is not None and not isinstance(shape, URIRef):
        shape = next(shapes.subjects(SH.property, shape), None)
    return shape


class GraphOwners:
    """Which resolution a focus node belongs to: up eli:is_part_of and unres:footnote to a built
    resolution; another subject of the resolution graph (its provenance, a cited document)
    belongs to the graph's only built resolution; reference data belongs to none."""

    def __init__(self, data: Graph, own: Graph) -> None:
        self.data, self.own = data, own
        self.built = set(_built(data))
        self.default = next(iter(self.built)) if len(self.built) == 1 else None

    def label(self, node: Node | None) -> str:
        root = self.root(node)
        if root is None:
            return ""
        symbol = self.data.value(root, DCTERMS.identifier)
        return str(symbol) if symbol is not None else str(root)

    def root(self, node: Node | None) -> Node | None:
        """The built resolution `node` is part of (up eli:is_part_of and unres:footnote)."""
        start, seen = node, set()
        while node is not None and node not in seen:
            if node in self.built:
                return node
            seen.add(node)
            node = (self.data.value(node, ELI.is_part_of)
                    or next(self.data.subjects(UNRES.footnote, node), None))
        return self.default if (start, None, None) in self.own else None


def _built(g: Graph) -> Iterator[Node]:
    for r in set(g.subjects(RDF.type, UNRES.Resolution)):
        if (r, ELI.has_part, None) in g or (None, ELI.is_part_of, r) in g:
            yield r


def summarise(graph: Graph, summary: Graph) -> None:
    """What the corpus rules need of one graph: each built resolution, its symbol, one part,
    and the resolutions its parts cite (C02) with their symbols, each citation given to the
    resolution the citing paragraph is part of (a graph of many resolutions, such as one
    exported file, gets the verdict its graphs get apart) (not their type: no rule reads it;
    kg.validation.fast.layers.summary_ntriples keeps the same)."""
    for r in _built(graph):
        summary.add((r, RDF.type, UNRES.Resolution))
        for symbol in graph.objects(r, DCTERMS.identifier):
            summary.add((r, DCTERMS.identifier, symbol))
        part = graph.value(r, ELI.has_part) or next(graph.subjects(ELI.is_part_of, r))
        summary.add((r, ELI.has_part, part))
    owners = GraphOwners(graph, graph)
    for citing, cited in set(graph.subject_objects(ELI.cites)):
        r = owners.root(citing)
        if r is not None and (cited, RDF.type, UNRES.Resolution) in graph:
            summary.add((r, ELI.cites, cited))
            for symbol in graph.objects(cited, DCTERMS.identifier):
                summary.add((cited, DCTERMS.identifier, symbol))


def _graphs(dataset: Dataset, skipped: set[URIRef]) -> Iterator[Graph]:
    for graph in dataset.graphs():
        if graph.identifier not in skipped and len(graph):
            yield graph


# ---------------------------------------------------------------- files and rendering

def guess_base(dataset: Dataset) -> str:
    """The base of a build is the prefix of its `BASE/graph/reference` graph."""
    for graph in dataset.graphs():
        name = str(graph.identifier)
        tail = reference_graph_iri("")
        if name.endswith(tail) and len(graph):
            return name[: -len(tail)]
    return DEFAULT_BASE


def _path_text(g: Graph, path: Node | None, nsm: NamespaceManager) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return path.n3(nsm)
    inverse = g.value(path, SH.inversePath)
    return "^" + inverse.n3(nsm) if inverse is not None else "(complex path)"


FAST = Layers(shapes_for, reference_graph, REFERENCE_CLASSES)  # the fast engine, set up once
