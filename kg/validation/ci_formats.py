"""Validation reports in the formats CI systems read: JUnit XML (test reports of any CI), SARIF
2.1.0 (GitHub code scanning and other static-analysis viewers), GitHub Actions workflow
commands (annotations on the files of a pull request) and GitLab Code Quality JSON.

CI systems annotate files and lines, not RDF nodes: a finding is placed at the source file its
graph was built from (build.json records it; the graph's prov:wasDerivedFrom names it) and at
the line where its paragraph begins (unres:sourceLine, or that of the part it is in); data kg
did not build is placed at the RDF file it was read from, line 1.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from rdflib import RDFS, Dataset, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from kg import __version__
from kg.rdf.namespaces import ELI, UNRES
from kg.validation.report import Report, Result

FORMATS = ("junit", "sarif", "github", "gitlab")
INFORMATION_URI = "https://w3id.org/unres/shapes"
_SARIF_LEVEL = {"Violation": "error", "Warning": "warning", "Info": "note"}
_GITHUB_COMMAND = {"Violation": "error", "Warning": "warning", "Info": "notice"}
_GITLAB_SEVERITY = {"Violation": "major", "Warning": "minor", "Info": "info"}


@dataclass(frozen=True)
class Location:
    path: str  # relative to the working directory when under it, with "/"
    line: int  # 1-based


class Locator:
    """Where each node of the data came from: its graph's source file and its own line."""

    def __init__(self, dataset: Dataset, sources: dict[str, str], files: Iterable[str]) -> None:
        files = [f for f in files if f != "-"]
        self.fallback = files[0] if files else "<stdin>"
        self.graph_of: dict[Node, str] = {}
        self.file_of: dict[str, str] = {}
        self.line_of: dict[Node, int] = {}
        self.parent_of: dict[Node, Node] = {}
        graphs = list(dataset.graphs())
        for graph in graphs:
            name = str(graph.identifier)
            source = next(graph.objects(URIRef(name), PROV.wasDerivedFrom), None)
            label = graph.value(source, RDFS.label) if source is not None else None
            path = sources.get(name) or (str(label) if label is not None else None)
            if path:
                self.file_of[name] = path
        # a paragraph is a subject in its resolution's graph and in the lineage graph too: the
        # graph built from a source file comes first (the order of graphs() is arbitrary)
        for graph in sorted(graphs, key=lambda g: str(g.identifier) not in self.file_of):
            name = str(graph.identifier)
            for s in graph.subjects(unique=True):
                self.graph_of.setdefault(s, name)
            for s, line in graph.subject_objects(UNRES.sourceLine):
                if str(line).isdigit():  # two lines (a defect R25 reports): the first
                    self.line_of[s] = min(int(str(line)), self.line_of.get(s, 1 << 30))
            for s, parent in graph.subject_objects(ELI.is_part_of):
                self.parent_of.setdefault(s, parent)

    def locate(self, result: Result) -> Location:
        node: Node = URIRef(result.focus)
        path = self.file_of.get(self.graph_of.get(node, ""), self.fallback)
        line, seen = None, set()
        while line is None and node is not None and node not in seen:
            seen.add(node)
            line = self.line_of.get(node)
            node = self.parent_of.get(node)  # type: ignore[assignment]
        return Location(_relative(path), line or 1)


def _relative(path: str) -> str:
    p = Path(path)
    try:
        return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return p.as_posix()


def _text(r: Result) -> str:
    value = f" [value: {r.value}]" if r.value else ""
    where = f" ({r.resolution})" if r.resolution else ""
    return f"{r.message}{value} at <{r.focus}>{where}"


def _fingerprint(r: Result) -> str:
    key = "\x1f".join((r.shape, r.focus, r.path, r.value, r.component, r.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def junit(report: Report, locator: Locator, failing: frozenset[str]) -> str:
    """One test case per resolution with findings (a failure for each finding of a failing
    severity, the others as system-out); one passing case when there are none."""
    cases: dict[str, list[Result]] = {}
    for r in report.results:
        cases.setdefault(r.resolution or "(reference data)", []).append(r)
    failures = sum(1 for r in report.results if r.severity in failing)
    root = ET.Element("testsuites", name="kg validate", tests=str(max(len(cases), 1)),
                      failures=str(failures), errors="0")
    suite = ET.SubElement(root, "testsuite", name="kg validate", tests=str(max(len(cases), 1)),
                          failures=str(failures), errors="0", skipped="0")
    if not cases:
        ET.SubElement(suite, "testcase", name=f"{report.graphs} graphs",
        classname="kg.validation.entrypoints")
    for name, results in cases.items():
        where = locator.locate(results[0])
        case = ET.SubElement(suite, "testcase", name=name, classname="kg.validation.entrypoints",
                             file=where.path, line=str(where.line))
        notes = []
        for r in results:
            at = locator.locate(r)
            text = f"{at.path}:{at.line}: {r.severity} {r.shape}: {_text(r)}"
            if r.severity in failing:
                failure = ET.SubElement(case, "failure", message=f"{r.shape}: {r.message}",
                                        type=r.shape or r.severity)
                failure.text = text
            else:
                notes.append(text)
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def sarif(report: Report, locator: Locator, failing: frozenset[str]) -> str:
    """A SARIF 2.1.0 log of one run: a rule per rule ID, a result per finding."""
    rules: dict[str, dict[str, object]] = {}
    results = []
    for r in report.results:
        rule = r.shape or "shape"
        if rule not in rules:
            rules[rule] = {"id": rule, "shortDescription": {"text": r.message or rule},
                           **({"helpUri": r.shape_iri} if r.shape_iri.startswith("http") else {})}
        at = locator.locate(r)
        results.append({
            "ruleId": rule,
            "ruleIndex": list(rules).index(rule),
            "level": _SARIF_LEVEL.get(r.severity, "note"),
            "message": {"text": _text(r)},
            "locations": [{
                "physicalLocation": {"artifactLocation": {"uri": at.path},
                                     "region": {"startLine": at.line}},
                "logicalLocations": [{"fullyQualifiedName": r.focus, "kind": "object"}],
            }],
            "partialFingerprints": {"kgFinding/v1": _fingerprint(r)},
        })
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "kg", "version": __version__,
                                "informationUri": INFORMATION_URI, "rules": list(rules.values())}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def github(report: Report, locator: Locator, failing: frozenset[str]) -> str:
    """Workflow commands (`::error file=F,line=N,title=R::message`), then the summary line."""
    lines = []
    for r in report.results:
        at = locator.locate(r)
        props = ",".join(f"{k}={_escape(v, True)}" for k, v in
                         (("file", at.path), ("line", str(at.line)), ("title", r.shape or "kg")))
        command = _GITHUB_COMMAND.get(r.severity, "notice")
        lines.append(f"::{command} {props}::{_escape(_text(r), False)}")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def _escape(text: str, property_: bool) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def gitlab(report: Report, locator: Locator, failing: frozenset[str]) -> str:
    """GitLab Code Quality: a JSON array of issues (a subset of the Code Climate format)."""
    issues = []
    for r in report.results:
        at = locator.locate(r)
        issues.append({
            "type": "issue",
            "description": f"{r.shape}: {_text(r)}",
            "check_name": r.shape or "shape",
            "fingerprint": _fingerprint(r),
            "severity": _GITLAB_SEVERITY.get(r.severity, "info"),
            "location": {"path": at.path, "lines": {"begin": at.line}},
        })
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


WRITERS: dict[str, Callable[[Report, Locator, frozenset[str]], str]] = {
    "junit": junit, "sarif": sarif, "github": github, "gitlab": gitlab,
}
