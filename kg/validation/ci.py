"""`kg validate` as a CI step: several inputs, shapes of one's own, a chosen severity that fails,
and a refusal to call data "conforming" when no shape looked at any of it.

A pipeline that validates the wrong file (another vocabulary, a typo in the glob) must not pass
silently: when no shape targets a single node of the data, the check is unusable (exit 2), not
a success.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.errors import UnusableInput
from kg.iris import context_graphs
from kg.progress import SILENT, Progress
from kg.rdf.resources import reference_graph, shapes_graph
from kg.validation.ci_formats import Locator
from kg.validation.entrypoints import DEFAULT_ENGINE, guess_base, validate_dataset
from kg.validation.inputs import FORMATS, Inputs, first_line, is_build, read_inputs
from kg.validation.report import Report

SEVERITIES = {"violation": frozenset({"Violation"}),
              "warning": frozenset({"Violation", "Warning"})}
FAIL_ON = (*SEVERITIES, "never")


@dataclass
class Checked:
    report: Report
    read: Callable[[], Inputs]  # the data as rdflib holds it, read only if a CI format asks
    focus_nodes: int
    failing: frozenset[str]

    @cached_property
    def inputs(self) -> Inputs:
        return self.read()

    @cached_property
    def locator(self) -> Locator:
        """Made only for the CI formats: it indexes every subject of the data."""
        return Locator(self.inputs.dataset, self.inputs.sources, self.inputs.files)

    @property
    def exit_code(self) -> int:
        """2 when no shape checked anything, 1 when a finding of a failing severity, else 0."""
        if self.focus_nodes == 0:
            return 2
        return fail_code(self.report, self.failing)


def fail_code(report: Report | None, failing: frozenset[str]) -> int:
    return int(report is not None and any(r.severity in failing for r in report.results))


def failing(severity: str) -> frozenset[str]:
    """The severities that fail for `--severity`/`--fail-on` ("never": none)."""
    return SEVERITIES.get(severity, frozenset())


def check(paths: Sequence[str], *, shapes: Iterable[Path] = (), shapes_only: bool = False,
          severity: str = "violation", input_format: str | None = None,
          engine: str = DEFAULT_ENGINE, progress: Progress = SILENT) -> Checked:
    """Validate `paths` (build directories, RDF files, "-") with the packaged shapes and/or the
    shapes files given. Raises UnusableInput naming the file that cannot be read.

    One build directory with kg's shapes takes the path `kg build` takes (every graph in a
    worker, straight from the dump's N-Triples, findings cached by graph content: the same
    report, several times faster); anything else is read into one rdflib Dataset."""
    if not shapes and input_format is None and len(paths) == 1 and is_build(Path(paths[0])):
        from kg.validation.runner import validate_build

        report = validate_build(paths[0], engine=engine, progress=progress)
        return Checked(report, lambda: read_inputs(list(paths)), report.graphs,
                       failing(severity))
    inputs = read_inputs(list(paths), input_format=input_format, progress=progress)
    dataset = inputs.dataset
    base = inputs.base or guess_base(dataset)
    own = [read_shapes(p) for p in shapes]
    if shapes_only and not own:
        raise UnusableInput("--shapes-only needs --shapes FILE")
    skipped = {URIRef(name) for name in context_graphs(base)}
    data = [g for g in dataset.graphs() if g.identifier not in skipped and len(g)]
    all_shapes = own if shapes_only else [shapes_graph(), *own]
    focus = len(set().union(*(focus_nodes(g, s) for g in data for s in all_shapes)))
    if focus == 0:
        return Checked(Report([], graphs=len(data)), lambda: inputs, 0, failing(severity))
    reports = [] if shapes_only else [validate_dataset(dataset, base=base, engine=engine,
                                                       progress=progress)]
    if own:
        reports.append(_with_own_shapes(data, own, None if shapes_only else base))
    report = Report.merge(reports)
    report.graphs = report.graphs or len(data)
    return Checked(report, lambda: inputs, focus, failing(severity))


def read_shapes(path: Path) -> Graph:
    fmt = FORMATS.get(path.suffix.lower(), "turtle")
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many unrelated types on bad input
        raise UnusableInput(f"{path}: shapes not readable as {fmt}: {first_line(exc)}") from None
    if not any(True for _ in graph.subjects(RDF.type, SH.NodeShape)) and \
            not any(True for _ in graph.subjects(SH.path, None)):
        raise UnusableInput(f"{path}: no SHACL shapes in it (no sh:NodeShape, no sh:path)")
    return graph


def focus_nodes(data: Graph, shapes: Graph) -> set[Node]:
    """The nodes of `data` some shape targets (sh:targetClass, implicit class targets,
    sh:targetNode, sh:targetSubjectsOf, sh:targetObjectsOf; subclasses as the data and the
    shapes declare them)."""
    classes = set(shapes.objects(None, SH.targetClass))
    classes |= {s for s in shapes.subjects(RDF.type, SH.NodeShape)
                if (s, RDF.type, RDFS.Class) in shapes or (s, RDF.type, OWL.Class) in shapes}
    sub = {(s, o) for g in (data, shapes) for s, o in g.subject_objects(RDFS.subClassOf)}
    while extra := {s for s, o in sub if o in classes and s not in classes}:
        classes |= extra
    nodes: set[Node] = set()
    for c in classes:
        nodes.update(data.subjects(RDF.type, c))
    nodes.update(n for n in shapes.objects(None, SH.targetNode)
                 if (n, None, None) in data or (None, None, n) in data)
    for p in shapes.objects(None, SH.targetSubjectsOf):
        nodes.update(data.subjects(p, None))
    for p in shapes.objects(None, SH.targetObjectsOf):
        nodes.update(data.objects(None, p))
    return nodes


def _with_own_shapes(data: list[Graph], shapes: list[Graph], base: str | None) -> Report:
    """The user's shapes over all the data at once (with the reference data of `base` as
    context, unless only the user's shapes are used), with pyshacl; a finding of a shape that
    has no kg rule ID is named by the shape's local name."""
    from kg.validation.entrypoints import DataGraph, run_pyshacl

    merged, union = Graph(), DataGraph()
    for g in shapes:
        merged += g
    for g in data:
        union += g
    own = Graph()
    own += union
    if base is not None:
        union += reference_graph(base)
    report = run_pyshacl(union, own, merged)
    results = [r if r.shape else replace(r, shape=_local(r.shape_iri) or "shape")
               for r in report.results]
    return Report(results, graphs=0)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
