"""`build`: sources -> graphs -> store and dumps, atomically, in parallel, incrementally.

Output is assembled in a temporary folder beside `--out` and swapped in at the end, so a failed
build never leaves half-written output. When the previous build in `--out` was made by the same
code, the build starts from it (kg.build.incremental), else from scratch (kg.build.fresh).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from kg.build import fresh, incremental, stages
from kg.build.index import previous
from kg.build.result import BuildResult
from kg.builddir.cache import CACHE_DIR, Cache
from kg.builddir.store import MANIFEST
from kg.builddir.swap import check_out, fresh_tmp, swap_in
from kg.errors import UsageError
from kg.faults import one_line_errors
from kg.progress import SILENT, Progress
from kg.settings import DEFAULT_BASE
from kg.sources import official_first, source_names

CARRIED = ("publish",)  # folders of the previous build moved into the new one


def default_corpus() -> Path:
    """The bundled corpus (package data), as a real folder."""
    return Path(str(resources.files("kg.corpus")))


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
    paths = official_first(source_names(sources or [default_corpus()]))
    if not paths:
        raise UsageError("no source files found (looked for .txt, .md and .pdf files)")
    tmp = fresh_tmp(out_dir)  # (and stale ones of killed builds removed)
    result = BuildResult(out_dir, base, [])
    try:
        live = _cache_folder(out_dir, tmp, cache, cache_dir)
        prev = previous(out_dir, base, lineage) if cache else None
        plan = None if prev is None else incremental.plan(prev, paths, base, live, jobs,
                                                           progress)
        stages.run(plan or fresh.Fresh(paths, base, live, jobs), result, tmp,
                   progress=progress, keep_going=keep_going, lineage=lineage,
                   validate=validate, folder=live, jobs=jobs,
                   custom_cache=cache_dir if cache else None)
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


