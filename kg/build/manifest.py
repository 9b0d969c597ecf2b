"""The build's manifest (`OUT/build.json`) and what is derived from it once every graph is
written: the search index, the gzipped dumps, the change feed's state and the record of the IRIs
published (kg.builddir.published).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from kg import TOOL, search
from kg.build.result import BuildResult
from kg.builddir import feed_state, gzipped, published
from kg.builddir.store import MANIFEST, manifest_json


def write_manifest(result: BuildResult, tmp: Path, extra: dict[str, str],
                    custom_cache: str | Path | None) -> None:
    """The same for a fresh and an incremental build: a rebuild's manifest is byte for byte
    the manifest a build from scratch would write."""
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
        "other_sources": [{"path": o.path, "graph": o.graph, "built_from": o.built_from}
                          for o in result.others],
    }
    (tmp / MANIFEST).write_bytes(manifest_json(manifest))
    # The dumps are compressed in a thread while the search index is written: zlib lets go
    # of the GIL, so the two share the machine's cores (6 s of 78 at 5,000 resolutions).
    clock = time.perf_counter()
    with ThreadPoolExecutor(1) as pool:
        compressed = pool.submit(gzipped.write, tmp, result.out)  # (linking unchanged members)
        search.write_index(tmp, result.out)  # from the previous build's index where it can
        result.timings["search_index"] = time.perf_counter() - clock
        compressed.result()  # (its failure is the build's)
    result.timings["search_and_compress"] = time.perf_counter() - clock
    clock = time.perf_counter()
    renamed = published.write(tmp, result.out, manifest["sources"],  # type: ignore[arg-type]
                              result.base)
    result.timings["published_iris"] = time.perf_counter() - clock
    feed_state.record(tmp, result.out, manifest["sources"], result.base,  # type: ignore[arg-type]
                      renamed=renamed)
