"""SHACL validation of a whole build at scale: per resolution in parallel, plus the corpus.

The report is the one of `kg validate` (kg.validation.entrypoints.Report, merged with
Report.merge); only the
way of getting there differs from `validate_dataset`, which holds the whole dataset in one rdflib
Dataset:

- the build's N-Quads are read graph by graph (a build writes each graph's quads together) and each
  resolution graph is validated in a worker process, straight from its N-Triples with the fast
  engine (`validate_ntriples`, no rdflib), or with `validate_graph(engine="pyshacl")`;
- the corpus rules (unique symbols, ...) run once over a small summary of every graph;
- results are cached per graph content (`OUT/cache/validation.json`, keyed by the graph's
  content hash, the shapes, the validator and its engine), so a rebuild re-validates only what
  changed.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.builddir.cache import CACHE_DIR
from kg.builddir.dumps import dump_parts, graph_ranges, iter_graphs, read_graph
from kg.builddir.parts import Place  # (file, start, length: the worker reads the graph)
from kg.builddir.store import MANIFEST
from kg.errors import UnusableInput
from kg.iris import context_graphs
from kg.parallel import ordered_map
from kg.progress import SILENT, Progress, track
from kg.settings import DEFAULT_BASE
from kg.validation.cache import (
    VALIDATION_CACHE,
    ValidationCache,
    corpus_key,
    results,
    rows,
    summary_hash,
)
from kg.validation.entrypoints import (
    DEFAULT_ENGINE,
    DEFAULT_LEVELS,
    Report,
    Result,
    summarise,
    validate_graph,
    validate_ntriples,
)
from kg.validation.fast.data import to_rdflib
from kg.validation.shacl_sparql import fill, runnable


def _validate_one(task: tuple[str, bytes | Place, str, tuple[str, ...], str],
                  ) -> tuple[str, Report, str]:
    """(graph name, its report, its corpus summary as N-Triples)."""
    name, source, base, levels, engine = task
    ntriples = source if isinstance(source, bytes) else read_graph(*source)
    if engine != "pyshacl":
        report, summary_nt = validate_ntriples(ntriples, base=base, levels=levels)
        return name, report, summary_nt
    graph = Graph(identifier=URIRef(name))
    graph.parse(data=ntriples, format="nt")
    report = validate_graph(graph, base=base, levels=levels, engine=engine)
    summary = Graph()
    summarise(graph, summary)
    return name, report, summary.serialize(format="nt")


#: The validator: this module, whose imports reach both engines and what they read.
VALIDATOR_ROOT = "kg.validation.runner"


@functools.cache
def validator_fingerprint(base: str, levels: tuple[str, ...],
                          engine: str = DEFAULT_ENGINE) -> str:
    """Shapes, the validator's code (both engines, and every module they import: the closure
    of VALIDATOR_ROOT in kg.import_graph), the reference data, the levels and the engine."""
    from importlib import resources

    from kg import import_graph

    digest = hashlib.sha256()
    for name, code in import_graph.files(VALIDATOR_ROOT):
        digest.update(name.encode() + b"\0" + code)
    digest.update(f"engine={engine}".encode())
    for package in ("kg.shapes", "kg.ontology.vocab"):
        for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".ttl"):
                digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    digest.update((base + "|" + ",".join(levels)).encode())
    return digest.hexdigest()


def validate_build(build_dir: str | Path, *, jobs: int | None = None,
                   levels: Iterable[str] = (*DEFAULT_LEVELS, "corpus"),
                   use_cache: bool = True, engine: str = DEFAULT_ENGINE,
                   progress: Progress = SILENT) -> Report:
    """Validate a build directory in parallel: every resolution graph, the reference data, and
    the corpus rules. Same Report as `kg.validation.entrypoints.validate_path(build_dir)`; `engine`
    is
    "fast" (kg.validation.fast) or "pyshacl"."""
    folder = Path(build_dir)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file() or not dump_parts(folder, "nq"):
        raise UnusableInput(f"{folder}: not a kg build directory (no {MANIFEST}, or no dumps/ "
                            "parts: a build made before the dumps came in parts? build it again)")
    manifest = orjson.loads(manifest_path.read_bytes())
    contents = {s["graph"]: s.get("content", "") for s in manifest.get("sources", [])}
    contents.update(manifest.get("graphs", {}))
    cache = folder / CACHE_DIR / VALIDATION_CACHE if use_cache else None
    checks = Checks(manifest.get("base") or DEFAULT_BASE, contents, cache, jobs=jobs,
                    levels=levels, engine=engine)
    ranges = graph_ranges(folder)
    if ranges is not None and ranges.keys() <= {n for n, key in contents.items() if key}:
        # every graph of kg.nq is known by its content hash and its place: nothing is read
        # here, and a worker reads only a graph without a cached result
        checks.check({n: ranges[n] for n in contents if n in ranges}, progress)
    else:
        checks.check_stream(iter_graphs(folder), progress)
    progress.stage("corpus rules")
    cache_dir = folder / CACHE_DIR  # (a build directory one may read but not write: no cache)
    return checks.finish(save=cache_dir.is_dir() and os.access(cache_dir, os.W_OK))


class Checks:
    """Validation of a build's graphs, given in as many rounds as the caller likes (a build
    checks its resolutions while its store loads, and its lineage graphs once made), then the
    corpus rules over the summaries of all of them (`finish`). A graph whose content hash has a
    result in the cache is not read, and the corpus rules run again only when a summary
    changed (kg.validation.cache)."""

    def __init__(self, base: str, contents: dict[str, str], cache: Path | None, *,
                 jobs: int | None = None,
                 levels: Iterable[str] = (*DEFAULT_LEVELS, "corpus"),
                 engine: str = DEFAULT_ENGINE) -> None:
        from kg.validation.entrypoints import checked_engine

        checked_engine(engine)
        self.base, self.contents = base, contents
        self.jobs, self.engine, self.levels = jobs, engine, tuple(levels)
        self.graph_levels = tuple(level for level in self.levels if level != "corpus")
        self.cache = ValidationCache(cache, validator_fingerprint(base, self.graph_levels,
                                                                  engine))
        self.skipped = set(context_graphs(base))
        self.results: list[Result] = []
        self.summary_of: dict[str, str] = {}  # graph -> summary hash
        self.new: dict[str, str] = {}  # summary hash -> N-Triples, of the graphs read here
        self.fresh: dict[str, list] = {}  # what the cache keeps: content -> [summary, rows]
        self.graphs = 0

    @classmethod
    def for_build(cls, base: str, built: Iterable[Any], graphs: dict[str, str],
                  folder: Path | None, jobs: int | None) -> Checks:
        """The checks of a build being made: its sources' graphs (kg.build.Built) and other
        graphs with their content hashes, the cache in the build's cache `folder`."""
        contents = {b.graph: b.content for b in built}
        contents.update(graphs)
        cache = folder / VALIDATION_CACHE if folder is not None else None
        return cls(base, contents, cache, jobs=jobs)

    def check(self, where: dict[str, Place], progress: Progress = SILENT,
              stage: str = "validate") -> None:
        """Validate the named graphs, each read (only if needed) from its file range."""
        known = self.cache.graphs
        self.check_stream(((name, None if self.contents.get(name) in known else place)
                           for name, place in where.items()), progress, stage)

    def check_stream(self, stream: Iterable[tuple[str, bytes | Place | None]],
                     progress: Progress = SILENT, stage: str = "validate") -> None:
        """Validate the graphs given with their N-Triples or place (None: known to the cache);
        `progress` counts the graphs that are validated, not those the cache answers."""
        todo = []
        known = self.cache.graphs
        cached = 0
        for name, nt in stream:
            if name in self.skipped:
                continue
            key = self.contents.get(name, "")
            if key and key in known:
                entry = self.fresh[key] = known[key]
                self.summary_of[name] = entry[0]
                if entry[1]:
                    self.results.extend(results(entry[1]))
                self.graphs += 1
                cached += 1
            elif nt is not None:
                todo.append((name, nt, self.base, self.graph_levels, self.engine))
        self.graphs += len(todo)
        if cached:  # (as a rebuild says how many sources its cache answered)
            stage = f"{stage} ({cached} of {cached + len(todo)} graphs from cache)"
        for name, report, part in track(progress, ordered_map(_validate_one, todo, self.jobs,
                                                              max_chunk=32),
                                        stage, len(todo), "graphs"):
            self.results.extend(report.results)
            digest = self.summary_of[name] = summary_hash(part)
            self.new[digest] = part
            key = self.contents.get(name, "")
            if key:
                self.fresh[key] = [digest, rows(report.results)]

    def finish(self, save: bool = True) -> Report:
        """The corpus rules (unless every summary is as when they last ran), then the merged
        report; the cache keeps the results of the graphs seen this time only."""
        corpus = self.cache.corpus
        if "corpus" in self.levels and self.summary_of:
            key = corpus_key(self.summary_of.values())
            if corpus[0] != key:
                needed = set(self.summary_of.values())
                texts = (self.new if needed <= self.new.keys()
                         else {**self.cache.summaries(), **self.new})
                missing = needed - texts.keys()
                if missing:
                    raise UnusableInput(
                        f"{self.cache.path}: the validation cache lacks {len(missing)} graph "
                        "summaries (damaged?): delete it and validate again")
                found = corpus_of("".join(texts[h] for h in self.summary_of.values()),
                                   self.engine)
                corpus = [key, rows(found.results)]
            self.results.extend(results(corpus[1]))
        if save:
            self.cache.save(self.fresh, corpus, self.new)
        merged = Report.merge([Report(self.results, graphs=0)])
        merged.graphs = self.graphs
        return merged


def corpus_of(summary: str, engine: str) -> Report:
    """The corpus rules over the summaries (N-Triples) of every graph: with the fast engine
    straight from the N-Triples, else through rdflib and `corpus_report`."""
    if engine == "fast":
        from kg.validation.entrypoints import FAST
        from kg.validation.fast import Index

        return FAST.corpus(Index.from_ntriples(summary.encode()))
    graph = Graph()
    if summary:
        graph.parse(data=summary, format="nt")
    return corpus_report(graph)


def corpus_report(summary: Graph) -> Report:
    """The corpus rules over the summary of every graph: each SPARQL constraint runs once for
    all focus nodes in Oxigraph (pyshacl runs it once per focus node, which grows with the
    square of the corpus), and the results go through kg.validation.entrypoints's own result
    reader, so the
    report is the one pyshacl's path gives. Shapes this cannot evaluate fall back to pyshacl."""
    from kg.validation import entrypoints as v

    shapes = v.shapes_for(frozenset("C"))
    try:
        return _corpus_sparql(summary, shapes)
    except _Unsupported:
        corpus: Report = v.run_pyshacl(summary, summary, shapes)
        return Report(corpus.results, graphs=0)


class _Unsupported(Exception):
    pass


_SUPPORTED = {SH.targetClass, SH.target, SH.targetNode, SH.targetSubjectsOf,
              SH.targetObjectsOf, SH.sparql, SH.message, SH.severity,
              SH.deactivated, RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description}


def _corpus_sparql(summary: Graph, shapes: Graph) -> Report:
    from kg.validation import entrypoints as v

    store = ox.Store()
    store.load(summary.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    results = Graph()
    targeted = {s for p in (SH.targetClass, SH.target, SH.targetNode, SH.targetSubjectsOf,
                            SH.targetObjectsOf) for s in shapes.subjects(p, None)}
    for shape in targeted:
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        focus = _focus_nodes(store, shapes, shape)
        if not focus:
            continue  # (a shape of another layer whose targets are not in the summary)
        if set(shapes.predicates(shape)) - _SUPPORTED:
            raise _Unsupported(shape)
        severity = shapes.value(shape, SH.severity) or SH.Violation
        for constraint in shapes.objects(shape, SH.sparql):
            if shapes.value(constraint, SH.deactivated) == Literal(True):
                continue
            select = shapes.value(constraint, SH.select)
            if select is None:
                raise _Unsupported(constraint)
            text = runnable(shapes, constraint, str(select))
            answer = store.query(text)
            names = [var.value for var in answer.variables]
            if "this" not in names:
                raise _Unsupported(constraint)
            messages = [*shapes.objects(constraint, SH.message), *shapes.objects(shape,
                                                                                 SH.message)]
            for row in answer:
                this = to_rdflib(row["this"])
                if this not in focus:
                    continue
                bound = {name: to_rdflib(row[name]) for name in names if row[name] is not None}
                node = BNode()
                results.add((node, RDF.type, SH.ValidationResult))
                results.add((node, SH.focusNode, this))
                results.add((node, SH.resultSeverity, severity))
                results.add((node, SH.sourceShape, shape))
                results.add((node, SH.sourceConstraint, constraint))
                results.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
                if bound.get("value") is not None:
                    results.add((node, SH.value, bound["value"]))
                if bound.get("path") is not None:
                    results.add((node, SH.resultPath, bound["path"]))
                for message in dict.fromkeys(messages):
                    results.add((node, SH.resultMessage, Literal(fill(str(message), bound))))
                results.add((URIRef("urn:kg:report"), SH.result, node))
    owner = v.GraphOwners(summary, summary)
    found = [v.result_of(results, node, shapes, owner)
             for node in results.objects(URIRef("urn:kg:report"), SH.result)]
    return Report(sorted(set(found), key=v.order), graphs=0)


def _focus_nodes(store: ox.Store, shapes: Graph, shape: Node) -> set[Node]:
    focus: set[Node] = set(shapes.objects(shape, SH.targetNode))
    queries = [f"SELECT ?this WHERE {{ ?this a <{c}> }}"
               for c in shapes.objects(shape, SH.targetClass)]
    queries += [f"SELECT DISTINCT ?this WHERE {{ ?this <{p}> [] }}"
                for p in shapes.objects(shape, SH.targetSubjectsOf)]
    queries += [f"SELECT DISTINCT ?this WHERE {{ [] <{p}> ?this }}"
                for p in shapes.objects(shape, SH.targetObjectsOf)]
    for target in shapes.objects(shape, SH.target):
        select = shapes.value(target, SH.select)
        if select is None:
            raise _Unsupported(target)
        queries.append(runnable(shapes, target, str(select)))
    for text in queries:
        focus.update(to_rdflib(row["this"]) for row in store.query(text))
    return focus
