"""A build from scratch: every source parsed (or taken from the cache) in worker processes,
the dumps appended as graphs arrive, the store bulk-loaded by a process of its own while the
graphs are validated (the stage order is kg.build.stages')."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kg.build.index import Previous, file_status, recorded
from kg.build.result import BuildResult, Built, admit, refuse_errors
from kg.build.workers import results
from kg.builddir.cache import canonical, content_hash
from kg.builddir.parts import DumpWriter, graph_chunks
from kg.builddir.store import STORE_DIR, start_bulk_load
from kg.errors import UnusableInput
from kg.iris import ontology_graph_iri, reference_graph_iri
from kg.progress import Progress, track
from kg.rdf.resources import ontology_graph, reference_graph


class Fresh:
    """Every stage done from nothing: the plan of a first build, or of one after many changes."""

    def __init__(self, paths: list[str], base: str, folder: Path | None,
                 jobs: int | None) -> None:
        self.paths, self.base, self.folder, self.jobs = paths, base, folder, jobs
        self.stat_ns, self.status = file_status(paths) if folder is not None else (0, {})

    def writer(self, tmp: Path) -> DumpWriter:
        return DumpWriter(tmp)

    def non_source_graphs(self, writer: DumpWriter) -> dict[str, str]:
        extra: dict[str, str] = {}
        for name, graph in ((ontology_graph_iri(self.base), ontology_graph()),
                            (reference_graph_iri(self.base), reference_graph(self.base))):
            nt = canonical(graph.serialize(format="nt", encoding="utf-8"))
            extra[name] = content_hash(nt)
            writer.add(graph_chunks(name, nt), extra[name])
        return extra

    def sources(self, result: BuildResult, writer: DumpWriter, progress: Progress,
                keep_going: bool) -> None:
        clock = time.perf_counter()
        stream = track(progress, results(self.paths, self.base, self.folder, self.jobs),
                       "parse", len(self.paths), "sources")
        seen: dict[str, str] = {}
        for done in stream:
            if (admitted := admit(result, seen, done)) is None:
                continue
            if not result.errors or keep_going:
                writer.add(admitted[1], admitted[0].content)
        refuse_errors(result, keep_going)
        result.timings["parse_and_dumps"] = time.perf_counter() - clock

    @contextmanager
    def store(self, tmp: Path, writer: DumpWriter, busy: bool) -> Iterator[None]:
        # The bulk load is single-threaded: validating meanwhile keeps both cores busy. The
        # loader is a process of its own (started with exec, not fork: a fork of a process
        # with threads may inherit a lock held forever).
        loader = start_bulk_load(tmp / STORE_DIR, writer.nquads(), apart=busy)
        try:
            yield
        except BaseException:
            if loader is not None:
                loader.kill()
                loader.wait()
            raise
        if loader is not None and loader.wait() != 0:
            raise UnusableInput(f"{tmp / STORE_DIR}: the store's bulk load failed "
                                f"(exit code {loader.returncode}; see the messages above)")

    def since(self) -> tuple[Previous, set[str]] | None:
        return None

    def stats(self, built: list[Built]) -> dict[str, Any]:
        return recorded(self.stat_ns, self.status, built)
