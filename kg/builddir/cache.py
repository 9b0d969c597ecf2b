"""Per-source build cache: a rebuild re-parses only the sources that changed.

An entry is keyed by what determines a graph: the source's bytes, its sidecar's bytes, the base
IRI and a fingerprint of the tool (version, code and reference data). It holds the graph's
canonical N-Triples (sorted, unique lines) after one JSON comment line with the numbers the
manifest needs. Entries are written under a temporary name and renamed, so a reader (another
worker, an interrupted build) never sees half an entry; a damaged entry is a miss, not an error.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from kg import TOOL, archives, import_graph
from kg.atomic import write_bytes
from kg.lifeline import running
from kg.settings import METADATA_ENV

CACHE_DIR = "cache"
#: The modules whose imports, followed through the package, are every module that shapes a
#: cached graph (kg.import_graph): the one path from a file to its graph, and this module (the
#: canonical form and the entry's format). Their code is in the fingerprint, no other module's.
GRAPH_ROOTS = ("kg.pipeline", __name__)
#: The root of the code that writes a whole build directory (build_fingerprint).
BUILD_ROOT = "kg.build"
_SUFFIX = ".nt"


@dataclass(frozen=True)
class Entry:
    """One source's graph as cached: metadata and canonical N-Triples."""

    graph: str
    symbol: str | None
    sha256: str  # of the source file
    paragraphs: int
    triples: int
    content: str  # sha256 of the canonical N-Triples: what publish compares
    ntriples: bytes


def canonical(ntriples: bytes) -> bytes:
    """Sorted unique lines: the same graph always gives the same bytes (no blank nodes here)."""
    lines = sorted({line for line in ntriples.splitlines() if line.strip()})
    return b"\n".join(lines) + b"\n" if lines else b""


def content_hash(canonical_ntriples: bytes) -> str:
    return hashlib.sha256(canonical_ntriples).hexdigest()


@functools.cache
def fingerprint() -> str:
    """The tool's identity for caching: version, the package's code and its data files, so an
    edited parser or vocabulary invalidates every entry."""
    digest = hashlib.sha256(TOOL.encode())
    for name, code in import_graph.files(*GRAPH_ROOTS):
        digest.update(name.encode() + b"\0" + code)
    for package in ("kg.ontology", "kg.ontology.vocab"):
        folder = resources.files(package)
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".ttl", ".jsonld")):
                digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()


@functools.cache
def build_fingerprint() -> str:
    """The identity of the code that writes a whole build (the closure of kg.build: dumps,
    store, lineage, search index and validation included): an incremental build
    (kg.build.incremental) starts only from a build made by it."""
    digest = hashlib.sha256(fingerprint().encode())
    for name, code in import_graph.files(BUILD_ROOT):
        digest.update(name.encode() + b"\0" + code)
    return digest.hexdigest()


def source_key(path: str | Path, base: str, tool: str) -> str | None:
    """The key of a source (None when it cannot be read: then it is parsed, and reported):
    its bytes, its sidecar's, the metadata tables that may describe it, the base, the tool."""
    p = Path(path)
    sidecar = p.with_name(p.stem + ".meta.json")
    try:
        inside = archives.split(str(path)) if not p.exists() else None
        data = archives.read(*inside) if inside else p.read_bytes()
        side = sidecar.read_bytes() if sidecar.is_file() else b"-"
        tables = _tables_digest(str(p.resolve().parent), os.environ.get(METADATA_ENV, ""))
    except (OSError, archives.ArchiveError):
        return None
    digest = hashlib.sha256()
    for part in (tool.encode(), base.encode(), hashlib.sha256(data).digest(),
                 hashlib.sha256(side).digest(), tables):
        digest.update(part + b"\0")
    return digest.hexdigest()


def source_stats(paths: Iterable[str]) -> dict[str, list[int | str] | None]:
    """What the file system says of each source, its sidecar and its metadata tables (sizes,
    times, inodes; the tables' digest): equal to the one taken before its key was computed,
    and older than that, it lets a rebuild reuse the key without reading the source
    (kg.build.incremental). None for a source that is a link or cannot be read. (Written for tens
    of thousands of sources: each folder is listed and digested once, each file costs one
    system call, and its sidecar one more only if the listing holds it.)"""
    named = os.environ.get(METADATA_ENV, "")
    folders: dict[str, tuple[set[str], str] | None] = {}
    found: dict[str, list[int | str] | None] = {}
    lstat, stat_, islink = os.lstat, os.stat, stat.S_ISLNK
    for name in paths:
        folder, _, file = name.rpartition(os.sep)
        if (known := folders.get(folder, False)) is False:
            try:
                listed = set(os.listdir(folder or "."))
                known = (listed, _tables_digest(_real(folder or "."), named).hex())
            except OSError:
                known = None
            folders[folder] = known
        if known is None:
            inside = archives.split(name)  # a zip member: the archive's stamp and its CRC
            stamp = archives.stamp(*inside) if inside else None
            found[name] = [*stamp, ""] if stamp else None
            continue
        stem = file.rpartition(".")[0] or file
        try:
            st = lstat(name)
            if islink(st.st_mode):
                found[name] = None
                continue
            sides: list[int | str] = [-1, 0, 0, 0]
            if stem + ".meta.json" in known[0]:
                side = stat_(f"{folder}{os.sep}{stem}.meta.json" if folder else
                             stem + ".meta.json")
                sides = [side.st_size, side.st_mtime_ns, side.st_ctime_ns, side.st_ino]
        except OSError:
            found[name] = None
            continue
        found[name] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, *sides, known[1]]
    return found


@functools.cache
def _real(folder: str) -> str:
    return str(Path(folder).resolve())


@functools.cache
def _tables_digest(folder: str, named: str) -> bytes:
    """Digest of the metadata tables (kg.readers.table) a source of `folder` may take values
    from: folder manifests up the tree and tables named by the user."""
    try:
        from kg.readers import table
    except ImportError:  # pragma: no cover - tables are part of the package
        return b""
    paths = (*table.manifests_near(folder), *table.named_tables())
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.encode() + b"\0" + Path(path).read_bytes())
    return digest.digest()


class Cache:
    """A folder of entries, two-level (`ab/abcdef....nt`)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / (key + _SUFFIX)

    def get(self, key: str) -> Entry | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        head, _, body = data.partition(b"\n")
        try:
            meta = json.loads(head[1:])
            return Entry(ntriples=body, **meta)
        except (ValueError, TypeError):
            return None

    def put(self, key: str, entry: Entry) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {k: v for k, v in asdict(entry).items() if k != "ntriples"}
        write_bytes(path, b"#" + json.dumps(meta).encode() + b"\n" + entry.ntriples)

    def keys(self) -> set[str]:
        if not self.folder.is_dir():
            return set()
        return {p.name[: -len(_SUFFIX)] for p in self.folder.glob("*/*" + _SUFFIX)}

    def discard(self, keys: set[str | None]) -> None:
        """Remove the entries of `keys`, and the temporary files of writers that were killed
        (`KEY.PID.part` where no process PID runs: a build killed while a worker wrote)."""
        for key in keys:
            if key:
                self._path(key).unlink(missing_ok=True)
        for p in self.folder.glob("*/*.part"):
            pid = p.name.rsplit(".", 2)[-2]
            if pid.isdigit() and not running(int(pid)):
                p.unlink(missing_ok=True)

    def prune(self, keep: set[str]) -> int:
        """Remove entries (and stray temporary files) not in `keep`; returns how many."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for p in self.folder.glob("*/*"):
            name = p.name
            if name.endswith(_SUFFIX) and name[: -len(_SUFFIX)] in keep:
                continue
            p.unlink(missing_ok=True)
            removed += 1
        return removed
