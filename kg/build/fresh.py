"""A build from scratch: every source parsed (or taken from the cache) in worker processes,
the dumps appended as graphs arrive, the store bulk-loaded by a process of its own while the
graphs are validated, then lineage and the corpus rules.
"""

from __future__ import annotations

import time
from pathlib import Path

from kg.build.index import file_status, recorded, write_index
from kg.build.lineage import add_lineage
from kg.build.manifest import write_manifest
from kg.build.result import BuildResult, admit, refuse_errors
from kg.build.workers import results
from kg.builddir.cache import canonical, content_hash
from kg.builddir.parts import DumpWriter, graph_chunks
from kg.builddir.store import STORE_DIR, create, start_bulk_load
from kg.errors import UnusableInput
from kg.iris import ontology_graph_iri, reference_graph_iri
from kg.progress import Progress, track
from kg.rdf.resources import ontology_graph, reference_graph


def write(result: BuildResult, paths: list[str], tmp: Path, folder: Path | None,
           jobs: int | None, progress: Progress, keep_going: bool,
           custom_cache: str | Path | None = None, lineage: bool = True,
           validate: bool = False) -> None:
    """Build `paths` into `tmp` (result, dumps, store, lineage, index and manifest)."""
    clock = time.perf_counter()

    base = result.base
    writer = DumpWriter(tmp)
    extra: dict[str, str] = {}  # content hashes of the ontology and reference graphs
    try:
        for name, graph in ((ontology_graph_iri(base), ontology_graph()),
                            (reference_graph_iri(base), reference_graph(base))):
            nt = canonical(graph.serialize(format="nt", encoding="utf-8"))
            extra[name] = content_hash(nt)
            writer.add(graph_chunks(name, nt), extra[name])
        stat_ns, stats = file_status(paths) if folder is not None else (0, {})
        stream = track(progress, results(paths, base, folder, jobs), "parse", len(paths),
                       "sources")
        seen: dict[str, str] = {}
        for done in stream:
            if (admitted := admit(result, seen, done)) is None:
                continue
            if not result.errors or keep_going:
                writer.add(admitted[1], admitted[0].content)
        refuse_errors(result, keep_going)
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
        clock = time.perf_counter()
        result.triples = writer.close()
        result.timings["dumps_close"] = time.perf_counter() - clock
    except BaseException:
        writer.abort()
        raise
    write_index(tmp, writer, base, state, recorded(stat_ns, stats, result.built))
    write_manifest(result, tmp, extra, custom_cache)


