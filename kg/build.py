"""Orchestration: sources -> graphs -> store and dumps, atomically, in parallel, incrementally.

Output is assembled in a temporary folder beside `--out` and swapped in at the end, so a failed
build never leaves half-written output. At scale (tens of thousands of resolutions) nothing holds
the whole corpus: worker processes parse sources (chunked, in order) and hand back each graph
already cut into its pieces of the dumps, which are appended to disk as they arrive; the store is
then bulk-loaded from kg.nq. A per-source cache (`OUT/cache/`, see kg.builddir.cache) makes a
rebuild re-parse only the sources whose bytes, sidecar, base or tool changed, and when the previous
build in `--out` was made by the same code, a rebuild starts from it and redoes only the changed
graphs in the dumps, the store and lineage (kg.incremental).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from kg import TOOL, search
from kg.builddir import feed_state, gzipped
from kg.builddir.cache import (
    CACHE_DIR,
    Cache,
    Entry,
    canonical,
    content_hash,
    fingerprint,
    source_key,
)
from kg.builddir.parts import Chunks, DumpWriter, graph_chunks
from kg.builddir.store import MANIFEST, STORE_DIR, create, manifest_json, start_bulk_load
from kg.builddir.swap import check_out, fresh_tmp, swap_in
from kg.errors import KgError, SourceError, UnusableInput, UsageError, few
from kg.faults import Failed, failure, one_line_errors
from kg.iris import WORK_ROOT
from kg.parallel import ordered_map
from kg.pipeline import source_graph
from kg.progress import SILENT, Progress, track
from kg.rdf.resources import DEFAULT_BASE, ontology_graph, reference_graph
from kg.sources import source_names

if TYPE_CHECKING:
    from kg.validation.entrypoints import Report

SHOWN_ERRORS = 10  # unusable sources named when a build fails (a line each)
CARRIED = ("publish",)  # folders of the previous build moved into the new one


@dataclass(frozen=True)
class Built:
    """One source's result as recorded in build.json."""

    path: str
    graph: str
    symbol: str | None
    sha256: str  # of the source file
    paragraphs: int
    triples: int
    content: str = ""  # sha256 of the graph's canonical N-Triples (what publish compares)
    cached: bool = False  # taken from the cache, not parsed
    key: str = ""  # cache key


@dataclass
class BuildResult:
    out: Path
    base: str
    built: list[Built]
    errors: list[SourceError] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    report: Report | None = None  # SHACL validation, when asked for

    @property
    def paragraphs(self) -> int:
        return sum(b.paragraphs for b in self.built)

    @property
    def resolutions(self) -> int:
        """Resolutions built: a source of lettered parts (S/RES/161 A and B) holds several, and
        the six official texts of one resolution are one resolution."""
        return len({s for b in self.built if b.symbol for s in b.symbol.split("; ")}) + sum(
            1 for b in self.built if not b.symbol)

    @property
    def texts(self) -> int:
        return sum(b.symbol.count("; ") + 1 if b.symbol else 1 for b in self.built)

    @property
    def parsed(self) -> int:
        return sum(1 for b in self.built if not b.cached)

    def summary(self) -> str:
        reused = len(self.built) - self.parsed
        cache = f" ({reused} of {len(self.built)} sources from cache)" if reused else ""
        texts = f" in {self.texts} texts" if self.texts != self.resolutions else ""
        return (f"{self.resolutions} resolutions{texts}{cache}, {self.paragraphs} paragraphs, "
                f"{self.triples} triples in {self.seconds:.2f} s -> {self.out}")


def default_corpus() -> Path:
    """The bundled corpus (package data), as a real folder."""
    return Path(str(resources.files("kg.corpus")))


def build_entry(path: str | Path, base: str) -> Entry:
    """Parse one source into a cache entry (canonical N-Triples and the numbers)."""
    parts, name, triples = source_graph(path, base=base)
    nt = canonical(triples.ntriples())
    symbols = [p.metadata.symbol for p in parts if p.metadata.symbol]
    return Entry(name, "; ".join(symbols) or None, parts[0].source.sha256,
                 sum(len(p.paragraphs) for p in parts), len(triples), content_hash(nt), nt)


_Task = tuple[str, str, str | None, str]  # path, base, cache folder, tool fingerprint
_Done = tuple[Built, Chunks] | Failed


def _work(task: _Task) -> _Done:
    """A worker's whole job for one source: cache look-up or parse, then the dump pieces."""
    path, base, folder, tool = task
    try:
        cache = Cache(folder) if folder else None
        key = source_key(path, base, tool) if cache else None
        entry = cache.get(key) if cache and key else None
        cached = entry is not None
        if entry is None:
            entry = build_entry(path, base)
            if cache and key:
                cache.put(key, entry)
        built = Built(path, entry.graph, entry.symbol, entry.sha256, entry.paragraphs,
                      entry.triples, entry.content, cached, key or "")
        return built, graph_chunks(entry.graph, entry.ntriples, _work_of(base, entry.graph))
    except Exception as exc:  # a bug or a fault in a stage is this source's failure
        return failure(path, exc)


def admit(result: BuildResult, seen: dict[str, str],
          done: _Done) -> tuple[Built, Chunks] | None:
    """Record one source's outcome in `result`: a failure, a second source of a graph already
    built (`seen`: graph -> path), or a built graph, which is returned."""
    if isinstance(done, Failed):
        result.errors.append(done.error())  # (raises instead for a full disk: see Failed)
        return None
    built, chunks = done
    if built.graph in seen:
        result.errors.append(SourceError(
            built.path, f"same resolution as {seen[built.graph]} ({built.graph})"))
        return None
    seen[built.graph] = built.path
    result.built.append(built)
    return built, chunks


def _work_of(base: str, graph: str) -> str | None:
    prefix = base + "graph/"
    return base + WORK_ROOT + graph[len(prefix):] if graph.startswith(prefix) else None


@one_line_errors
def build(
    sources: Iterable[str | Path] = (),
    out: str | Path = "out",
    *,
    base: str = DEFAULT_BASE,
    jobs: int | None = None,
    keep_going: bool = False,
    progress: Progress = SILENT,
    cache: bool = True,
    cache_dir: str | Path | None = None,
    lineage: bool = True,
    validate: bool = False,
) -> BuildResult:
    """Build sources (default: the bundled corpus) into `out`: store, dumps and manifest.

    With `keep_going`, unusable sources are reported in the result and skipped; otherwise any
    of them fails the build and leaves `out` as it was. `progress` is told each stage and how far
    it has come (kg.progress). The cache lives in `out/cache` unless `cache_dir` is given;
    `cache=False` parses everything. `lineage=False` skips the corpus-level lineage stage
    (kg.lineage). `validate` checks every graph with the shapes (kg.validation.runner;
    `result.report`) before the build is swapped in, a fresh build while its store loads, with
    results cached per graph content in the cache folder.
    """
    if not base.endswith("/"):
        raise UsageError(f"the base IRI must end with '/': {base}")
    started = time.perf_counter()
    out_dir = Path(out)
    check_out(out_dir)
    paths = source_names(sources or [default_corpus()])
    if not paths:
        raise UsageError("no source files found (looked for .txt, .md and .pdf files)")
    tmp = fresh_tmp(out_dir)  # (and stale ones of killed builds removed)
    result = BuildResult(out_dir, base, [])
    try:
        live = _cache_folder(out_dir, tmp, cache, cache_dir)
        from kg import incremental

        prev = incremental.previous(out_dir, base, lineage) if cache else None
        done = None if prev is None else incremental.write(
            result, paths, tmp, prev, live, jobs, progress, keep_going, lineage)
        if done:  # started from the previous build: only what changed was redone
            extra, places = done
            _write_manifest(result, tmp, extra, cache_dir if cache else None)
            if validate:
                from kg.validation.runner import Checks

                clock = time.perf_counter()
                checks = Checks.for_build(result.base, result.built, extra, live, jobs)
                checks.check(places, progress)
                progress.stage("corpus rules")
                result.report = checks.finish()
                result.timings["validate"] = time.perf_counter() - clock
        else:
            _write(result, paths, tmp, live, jobs, progress, keep_going,
                   cache_dir if cache else None, lineage, validate)
        if live is not None and cache_dir is None:
            keep = {b.key for b in result.built if b.key}
            if live != tmp / CACHE_DIR:
                live.rename(tmp / CACHE_DIR)
            if prev is not None:  # only the entries the previous build used can be stale
                Cache(tmp / CACHE_DIR).discard(
                    {s.get("key") for s in prev.manifest.get("sources", [])} - keep)
            else:
                Cache(tmp / CACHE_DIR).prune(keep)
        for name in CARRIED:  # state that outlives a build (what each store holds)
            if (out_dir / MANIFEST).is_file() and (out_dir / name).is_dir():
                (out_dir / name).rename(tmp / name)
        swap_in(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    result.seconds = time.perf_counter() - started
    return result


def _cache_folder(out: Path, tmp: Path, cache: bool, cache_dir: str | Path | None) -> Path | None:
    """Where cache entries are read and written during this build: the given folder, the
    previous build's cache (moved into the new build at the end), or the new build's."""
    if not cache:
        return None
    if cache_dir is not None:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        return Path(cache_dir)
    if (out / MANIFEST).is_file() and (out / CACHE_DIR).is_dir():
        return out / CACHE_DIR
    return tmp / CACHE_DIR


class _Many(KgError):
    """Several unusable sources: a line each, for the first few (then how many more)."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = errors
        super().__init__(few(errors, shown=SHOWN_ERRORS, sep="\n")
                         + "\n(--keep-going skips unusable sources and builds the rest)")


def _results(paths: list[str], base: str, folder: Path | None,
             jobs: int | None) -> Iterator[_Done]:
    """Per-source results in source order, from worker processes when it pays."""
    tasks = [(p, base, str(folder) if folder else None, fingerprint()) for p in paths]
    yield from ordered_map(_work, tasks, jobs)


def _write(result: BuildResult, paths: list[str], tmp: Path, folder: Path | None,
           jobs: int | None, progress: Progress, keep_going: bool,
           custom_cache: str | Path | None = None, lineage: bool = True,
           validate: bool = False) -> None:
    clock = time.perf_counter()
    from kg.incremental import add_lineage, file_status, recorded, write_index

    base = result.base
    writer = DumpWriter(tmp)
    extra: dict[str, str] = {}  # content hashes of the ontology and reference graphs
    try:
        for name, graph in ((base + "graph/ontology", ontology_graph()),
                            (base + "graph/reference", reference_graph(base))):
            nt = canonical(graph.serialize(format="nt", encoding="utf-8"))
            extra[name] = content_hash(nt)
            writer.add(graph_chunks(name, nt), extra[name])
        stat_ns, stats = file_status(paths) if folder is not None else (0, {})
        stream = track(progress, _results(paths, base, folder, jobs), "parse", len(paths),
                       "sources")
        seen: dict[str, str] = {}
        for done in stream:
            if (admitted := admit(result, seen, done)) is None:
                continue
            if not result.errors or keep_going:
                writer.add(admitted[1], admitted[0].content)
        if result.errors and not keep_going:
            errors = result.errors
            raise errors[0] if len(errors) == 1 else _Many(errors)
        writer.end_part()
        result.timings["parse_and_dumps"] = time.perf_counter() - clock
        clock = time.perf_counter()
        checks = None
        if validate:
            from kg.validation.runner import Checks

            checks = Checks.for_build(result.base, result.built, extra, folder, jobs)
        # The bulk load is single-threaded: validating meanwhile keeps both cores busy. The
        # loader is a process of its own (started with exec, not fork: a fork of a process
        # with threads may inherit a lock held forever).
        loader = start_bulk_load(tmp / STORE_DIR, writer.nquads(), apart=validate)
        try:
            if checks is not None:
                checks.check(writer.places(), progress)
                result.timings["validate"] = time.perf_counter() - clock
            progress.stage("load the store")
        except BaseException:
            if loader is not None:
                loader.kill()
                loader.wait()
            raise
        if loader is not None:
            loader.wait()
        if loader is not None and loader.returncode != 0:
            raise UnusableInput(f"{tmp / STORE_DIR}: the store's bulk load failed "
                                f"(exit code {loader.returncode}; see the messages above)")
        # (with validation meanwhile, the two end together: one figure for both)
        result.timings["store_load" if checks is None else "load_and_validate"] = (
            time.perf_counter() - clock)
        clock = time.perf_counter()
        store = create(tmp / STORE_DIR)
        state = None
        if lineage:
            progress.stage("lineage")
            known = set(writer.ranges)
            state = add_lineage(store, writer, base, extra)
            writer.end_part()
            if checks is not None:
                checks.contents.update(extra)
                checks.check(writer.places(skip=known), progress, "validate lineage")
        store.flush()
        del store
        result.timings["lineage"] = time.perf_counter() - clock
        if checks is not None:
            progress.stage("corpus rules")
            clock = time.perf_counter()
            result.report = checks.finish()
            result.timings["validate"] = (result.timings.get("validate", 0.0)
                                          + time.perf_counter() - clock)
        result.triples = writer.close()
    except BaseException:
        writer.abort()
        raise
    write_index(tmp, writer, base, state, recorded(stat_ns, stats, result.built))
    _write_manifest(result, tmp, extra, custom_cache)


def _write_manifest(result: BuildResult, tmp: Path, extra: dict[str, str],
                    custom_cache: str | Path | None) -> None:
    manifest = {
        "tool_version": TOOL,
        **({"cache_dir": str(Path(custom_cache).resolve())} if custom_cache else {}),
        "base": result.base,
        "resolutions": result.resolutions,
        "paragraphs": result.paragraphs,
        "triples": result.triples,
        "parsed": result.parsed,
        "graphs": extra,
        "sources": [{k: v for k, v in vars(b).items() if k != "cached"} for b in result.built],
        "skipped": [{"path": e.path, "reason": e.message} for e in result.errors],
    }
    (tmp / MANIFEST).write_bytes(manifest_json(manifest))
    search.write_index(tmp, result.out)  # from the previous build's index where it can
    gzipped.write(tmp, result.out)  # (linking the previous build's unchanged members)
    feed_state.record(tmp, result.out, manifest["sources"], result.base)  # type: ignore[arg-type]
