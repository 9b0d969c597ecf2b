"""The build's index (`OUT/index/graphs.json`): where each graph is in the dumps, what each
part holds, the series heads and lineage pairs, and the sources' file status; written by every
build, read by the next one to start from it (kg.build.incremental).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from kg.build.result import Built
from kg.builddir.cache import build_fingerprint, source_stats
from kg.builddir.parts import INDEX_DIR, INDEX_FORMAT, DumpWriter, OldDumps
from kg.builddir.store import STORE_DIR, read_manifest
from kg.errors import UnusableInput

INDEX = "graphs.json"


@dataclass
class Previous:
    """A usable previous build: its folder, manifest and index."""

    folder: Path
    manifest: dict[str, Any]
    index: dict[str, Any]

    def dumps(self) -> OldDumps:
        return OldDumps(self.folder, self.index)


def previous(out: Path, base: str, lineage: bool) -> Previous | None:
    """The build in `out` when an incremental build can start from it, else None."""
    try:
        manifest = read_manifest(out)
        index = orjson.loads((out / INDEX_DIR / INDEX).read_bytes())
    except (OSError, UnusableInput, orjson.JSONDecodeError):
        return None
    if (index.get("format") != INDEX_FORMAT or index.get("fingerprint") != build_fingerprint()
            or index.get("base") != base or manifest.get("base") != base
            or index.get("lineage") != lineage or not (out / STORE_DIR).is_dir()):
        return None
    found = Previous(out, manifest, index)
    return found if found.dumps().usable() else None


def write_index(tmp: Path, writer: DumpWriter, base: str, lineage: dict[str, Any] | None,
                stats: dict[str, Any] | None = None) -> None:
    index = {"format": INDEX_FORMAT, "fingerprint": build_fingerprint(), "base": base,
             "lineage": lineage is not None, "parts": writer.parts, "graphs": writer.ranges,
             **(lineage or {}), **(stats or {})}
    (tmp / INDEX_DIR / INDEX).write_bytes(orjson.dumps(index))


def file_status(paths: list[str]) -> tuple[int, dict[str, Any]]:
    """When, and what the file system says of each source (taken before any is read)."""
    return time.time_ns(), source_stats(paths)


def recorded(stat_ns: int, stats: dict[str, Any], built: list[Built]) -> dict[str, Any]:
    return {"stat_ns": stat_ns,
            "stats": {b.path: stats[b.path] for b in built if stats.get(b.path) is not None}}


