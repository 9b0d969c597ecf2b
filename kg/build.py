"""Orchestration: sources -> graphs -> store and dumps, atomically, in parallel when it pays.

Every source is parsed before anything is written; output is assembled in a temporary folder
beside `--out` and swapped in at the end, so a failed build never leaves half-written output.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg import TOOL
from kg.document import Resolution
from kg.dumps import write_dumps
from kg.errors import KgError, SourceError, UsageError
from kg.extract import extract
from kg.normalise import normalise
from kg.resources import DEFAULT_BASE, ontology_graph, reference_data, reference_graph
from kg.segment import segment
from kg.sources import find_sources, read_source
from kg.store import MANIFEST, STORE_DIR, create
from kg.triples import to_graph

PARALLEL_FROM = 16  # below this many sources, worker start-up costs more than it saves


@dataclass(frozen=True)
class Built:
    """One source's result, small enough to cross a process boundary."""

    path: str
    graph: str
    ntriples: bytes
    symbol: str | None
    sha256: str
    paragraphs: int
    triples: int


@dataclass
class BuildResult:
    out: Path
    base: str
    built: list[Built]
    errors: list[SourceError] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0

    @property
    def paragraphs(self) -> int:
        return sum(b.paragraphs for b in self.built)

    def summary(self) -> str:
        return (f"{len(self.built)} resolutions, {self.paragraphs} paragraphs, "
                f"{self.triples} triples in {self.seconds:.2f} s -> {self.out}")


def default_corpus() -> Path:
    """The bundled corpus (package data), as a real folder."""
    return Path(str(resources.files("kg.corpus")))


def parse(path: str | Path, *, base: str = DEFAULT_BASE) -> tuple[Resolution, str, Graph]:
    """One source file through every text stage and the model."""
    refdata = reference_data(base)
    source = read_source(path)
    resolution = extract(segment(source, normalise(source.text), refdata), refdata)
    name, graph = to_graph(resolution, base=base, refdata=refdata)
    return resolution, str(name), graph


def _build_one(path: str, base: str) -> Built | SourceError:
    try:
        resolution, name, graph = parse(path, base=base)
    except SourceError as exc:
        return exc
    return Built(path, name, graph.serialize(format="nt", encoding="utf-8"),
                 resolution.metadata.symbol, resolution.source.sha256,
                 len(resolution.paragraphs), len(graph))


def build(
    sources: Sequence[str | Path] = (),
    out: str | Path = "out",
    *,
    base: str = DEFAULT_BASE,
    jobs: int | None = None,
    keep_going: bool = False,
    progress: Callable[[Iterable[str]], Iterable[str]] | None = None,
) -> BuildResult:
    """Build sources (default: the bundled corpus) into `out`: store, dumps and manifest.

    With `keep_going`, unusable sources are reported in the result and skipped; otherwise the
    first one stops the build before anything is written.
    """
    if not base.endswith("/"):
        raise UsageError(f"the base IRI must end with '/': {base}")
    started = time.perf_counter()
    out_dir = Path(out)
    _check_out(out_dir)
    paths = [str(p) for p in find_sources(sources or [default_corpus()])]
    if not paths:
        raise UsageError("no source files found (looked for .txt, .md and .pdf files)")
    results = _run(paths, base, jobs, progress)
    errors = [r for r in results if isinstance(r, SourceError)]
    if errors and not keep_going:
        raise errors[0] if len(errors) == 1 else _Many(errors)
    built = [r for r in results if isinstance(r, Built)]
    _check_unique(built)
    result = BuildResult(out_dir, base, built, errors)
    _write(result)
    result.seconds = time.perf_counter() - started
    return result


class _Many(KgError):
    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _run(paths: list[str], base: str, jobs: int | None,
         progress: Callable[[Iterable[str]], Iterable[str]] | None) -> list[Built | SourceError]:
    jobs = jobs or os.cpu_count() or 1
    wrap = progress or (lambda items: items)
    if jobs == 1 or len(paths) < PARALLEL_FROM:
        return [_build_one(p, base) for p in wrap(paths)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_build_one, p, base) for p in paths]
        done = {id(f): f for f in futures}
        for _ in wrap(paths):
            pass  # progress advances as results are collected below
        return [done[id(f)].result() for f in futures]


def _check_out(out: Path) -> None:
    foreign = out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).exists()
    if out.exists() and (not out.is_dir() or foreign):
        raise UsageError(f"{out}: exists and is not a kg build directory; refusing to replace it")


def _check_unique(built: list[Built]) -> None:
    seen: dict[str, str] = {}
    for b in built:
        if b.graph in seen:
            raise SourceError(b.path, f"same resolution as {seen[b.graph]} ({b.graph})")
        seen[b.graph] = b.path


def _write(result: BuildResult) -> None:
    out = result.out
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        quads = _quads(result)
        store = create(tmp / STORE_DIR)
        store.bulk_extend(quads)
        store.flush()
        result.triples = len(quads)
        write_dumps(quads, tmp)
        manifest = {
            "tool_version": TOOL,
            "base": result.base,
            "resolutions": len(result.built),
            "paragraphs": result.paragraphs,
            "triples": result.triples,
            "sources": [
                {"path": b.path, "graph": b.graph, "symbol": b.symbol, "sha256": b.sha256,
                 "paragraphs": b.paragraphs, "triples": b.triples}
                for b in result.built
            ],
            "skipped": [{"path": e.path, "reason": e.message} for e in result.errors],
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
        del store
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _quads(result: BuildResult) -> list[ox.Quad]:
    """Every quad of the build: the ontology, the reference data, one graph per resolution."""
    graphs = [
        (result.base + "graph/ontology", ontology_graph().serialize(format="nt", encoding="utf-8")),
        (result.base + "graph/reference",
         reference_graph(result.base).serialize(format="nt", encoding="utf-8")),
        *((b.graph, b.ntriples) for b in result.built),
    ]
    quads: list[ox.Quad] = []
    for name, data in graphs:
        graph = ox.NamedNode(name)
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph)
                     for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    return quads


def _swap(tmp: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
