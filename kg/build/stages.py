"""The one stage sequence of every build, from scratch or from the previous build.

    non-source graphs -> sources (parsed, appended to the dumps) -> store (validating meanwhile)
    -> lineage (and its validation) -> corpus rules -> dumps closed -> index -> manifest

What differs between a build from scratch (kg.build.fresh) and one that starts from the previous
build (kg.build.incremental) is how each stage is done: the sources all parsed or only those that
changed, the dumps written or linked, the store bulk-loaded or updated graph by graph, lineage for
every pair or for the changed ones. Those are a `Plan`'s methods; their order, the validation and
the clean-up on failure are written here once, so the two builds cannot drift apart.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kg.build.index import write_index
from kg.build.lineage import add_lineage
from kg.build.manifest import write_manifest
from kg.build.result import BuildResult, Built
from kg.builddir.parts import DumpWriter
from kg.builddir.store import STORE_DIR, create
from kg.progress import Progress

if TYPE_CHECKING:
    from kg.build.index import Previous
    from kg.validation.runner import Checks


class Plan(Protocol):
    """How one kind of build does each stage."""

    def writer(self, tmp: Path) -> DumpWriter:
        """The dump writer (with the previous build's parts to copy from, or none)."""
        ...

    def non_source_graphs(self, writer: DumpWriter) -> dict[str, str]:
        """Write the ontology and reference graphs; their content hashes by graph name."""
        ...

    def sources(self, result: BuildResult, writer: DumpWriter, progress: Progress,
                keep_going: bool) -> None:
        """Admit every source into `result` and its graph into the dumps (or refuse them)."""
        ...

    def store(self, tmp: Path, writer: DumpWriter, busy: bool) -> AbstractContextManager[None]:
        """The store written from the dumps: ready when the block ends; `busy` says that the
        block has work of its own to overlap with the loading."""
        ...

    def since(self) -> tuple[Previous, set[str]] | None:
        """For lineage: the previous build and the works that changed, or None (all pairs)."""
        ...

    def stats(self, built: list[Built]) -> dict[str, Any]:
        """The built sources' file status for the index (kg.build.index.recorded)."""
        ...


def run(plan: Plan, result: BuildResult, tmp: Path, *, progress: Progress, keep_going: bool,
        lineage: bool, validate: bool, folder: Path | None, jobs: int | None,
        custom_cache: str | Path | None) -> None:
    """Build into `tmp` by `plan`: dumps, store, lineage, validation, index and manifest."""
    writer = plan.writer(tmp)
    try:
        extra = plan.non_source_graphs(writer)
        plan.sources(result, writer, progress, keep_going)
        writer.end_part()
        checks = _checks(result, extra, folder, jobs) if validate else None
        clock = time.perf_counter()
        with plan.store(tmp, writer, busy=checks is not None):
            if checks is not None:  # while a fresh store loads in a process of its own
                checks.check(writer.places(), progress)
                result.timings["validate"] = time.perf_counter() - clock
            progress.stage("load the store")
        # (with validation meanwhile, the two end together: one figure for both)
        result.timings["store_load" if checks is None else "load_and_validate"] = (
            time.perf_counter() - clock)
        clock = time.perf_counter()
        store = create(tmp / STORE_DIR)
        state = None
        if lineage:
            progress.stage("lineage")
            known = set(writer.ranges)
            state = add_lineage(store, writer, result.base, extra, plan.since())
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
    write_index(tmp, writer, result.base, state, plan.stats(result.built))
    write_manifest(result, tmp, extra, custom_cache)


def _checks(result: BuildResult, extra: dict[str, str], folder: Path | None,
            jobs: int | None) -> Checks:
    from kg.validation.runner import Checks

    return Checks.for_build(result.base, result.built, extra, folder, jobs)
