"""What the server is serving and with which limits, fixed when the app is created.

The build directory (from `kg build --out DIR`) holds `store/`, `build.json` and the dumps. Its
identity (a hash of `build.json` plus the store's modification time) seeds every ETag, so a
rebuild invalidates every cached copy while an unchanged build keeps them valid across restarts.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from kg.builddir.dumps import DUMP_FILES, dump_parts, dump_size
from kg.builddir.gzipped import GZ_FILES, checksums, gz_parts
from kg.builddir.store import MANIFEST, STORE_DIR
from kg.settings import DEFAULT_BASE

#: Dump files offered under /dumps/, by extension, with their media types.
DUMP_TYPES: dict[str, str] = {
    ".trig": "application/trig",
    ".ttl": "text/turtle",
    ".nq": "application/n-quads",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".gz": "application/gzip",
    ".zip": "application/zip",
}


@dataclass(frozen=True)
class Limits:
    """The limits a client can run into; each one is reported when hit, never silent."""

    timeout_s: float = 10.0
    max_rows: int = 10_000
    max_body: int = 1_000_000
    workers: int = 2
    memory_mb: int = 1024  # address space a query worker may grow by (507 past it; 0: no cap)
    per_client: int = 4  # SPARQL queries in flight per remote address (429 past it; 0: any)
    queue: int = 32  # queries waiting for a worker (503 past it)
    queue_wait_s: float = 5.0  # longest wait for a worker (503 past it)


#: `kg serve --limit NAME=VALUE` names, for the limits that have no option of their own.
LIMIT_NAMES = {"query-memory-mb": "memory_mb", "per-client": "per_client", "queue": "queue",
               "queue-wait-s": "queue_wait_s"}


def parse_limits(given: tuple[str, ...] | list[str]) -> dict[str, float]:
    """`NAME=VALUE` settings as Limits fields; ValueError naming the bad one and the names."""
    settings: dict[str, float] = {}
    for item in given:
        name, _, value = item.partition("=")
        field_name = LIMIT_NAMES.get(name.strip())
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if field_name is None or number < 0:
            raise ValueError(f"--limit {item!r}: expected NAME=NUMBER (at least 0) with NAME one "
                             f"of {', '.join(LIMIT_NAMES)}")
        settings[field_name] = number if field_name.endswith("_s") else int(number)
    return settings


@dataclass(frozen=True)
class BuildInfo:
    """The facts about a build that pages, VoID and cache validators need."""

    build_dir: Path
    base: str
    tag: str
    modified: datetime
    meta: dict[str, object] = field(default_factory=dict)

    @property
    def store_path(self) -> Path:
        """The pyoxigraph store of the build."""
        return self.build_dir / "store"

    def dumps(self) -> list[DumpFile]:
        """The dumps of the build (kg.nq, kg.trig, kg.ttl: its parts one after the other) and
        any other dump file in the build directory, in a stable order."""
        if not self.build_dir.is_dir():
            return []
        found = {name: DumpFile(name, dump_size(self.build_dir, kind), kind=kind)
                 for name, kind in DUMP_FILES.items() if dump_parts(self.build_dir, kind)}
        for name, kind in GZ_FILES.items():
            members = gz_parts(self.build_dir, kind)
            if members:
                found[name] = DumpFile(name, sum(p.stat().st_size for p in members),
                                       kind=kind + ".gz")
        sums = checksums(self.build_dir)
        for name, dump in found.items():
            recorded = sums.get(name)
            if isinstance(recorded, dict) and recorded.get("size") == dump.size:
                found[name] = replace(dump, sha256=str(recorded.get("sha256", "")))
        for p in self.build_dir.iterdir():
            if p.is_file() and p.name not in found and any(p.name.endswith(e) for e in DUMP_TYPES):
                found[p.name] = DumpFile(p.name, p.stat().st_size, path=p)
        return [found[name] for name in sorted(found)]


@dataclass(frozen=True)
class DumpFile:
    """A dump as offered under /dumps/: a file of the build directory (`path`), or the parts
    of one of the build's dumps read as one file (`kind`, see kg.builddir.dumps.open_dump)."""

    name: str
    size: int
    path: Path | None = None
    kind: str = ""
    sha256: str = ""  # recorded by the build (kg.builddir.gzipped), "" when unknown

    @property
    def content_type(self) -> str:
        """What the dump holds once decompressed (its own media type when not compressed)."""
        inner = self.name.removesuffix(".gz")
        return next((t for ext, t in DUMP_TYPES.items() if inner.endswith(ext)),
                    "application/octet-stream")

    @property
    def media_type(self) -> str:
        return next((t for ext, t in DUMP_TYPES.items() if self.name.endswith(ext)),
                    "application/octet-stream")


def load_build(build_dir: Path, base: str | None = None) -> BuildInfo:
    """Read `build.json` (optional) and fix the base IRI: argument, then build, then default."""
    meta: dict[str, object] = {}
    meta_path = build_dir / MANIFEST
    raw = b""
    if meta_path.is_file():
        raw = meta_path.read_bytes()
        loaded = json.loads(raw)
        if isinstance(loaded, dict):
            meta = loaded
    chosen = base or str(meta.get("base") or DEFAULT_BASE)
    if not chosen.endswith("/"):
        chosen += "/"
    store = build_dir / STORE_DIR
    stamps = [p.stat().st_mtime for p in (meta_path, store) if p.exists()]
    if store.is_dir():
        stamps.extend(p.stat().st_mtime for p in store.iterdir())
    mtime = max(stamps, default=0.0)
    digest = hashlib.blake2b(raw + repr(mtime).encode() + chosen.encode(), digest_size=8)
    modified = datetime.fromtimestamp(int(mtime), tz=UTC)
    return BuildInfo(build_dir, chosen, digest.hexdigest(), modified, meta)
