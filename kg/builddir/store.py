"""The embedded store (pyoxigraph): one named graph per resolution, read with the union of the
named graphs as the default graph, as the SPARQL endpoint serves it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox

from kg.builddir.concat import concatenated
from kg.errors import UnusableInput
from kg.settings import PARENT_PID_ENV

STORE_DIR = "store"
MANIFEST = "build.json"


def create(path: Path) -> ox.Store:
    return ox.Store(str(path))


def read_manifest(build_dir: Path, *, required: bool = True) -> dict[str, Any]:
    """A build directory's manifest (the one reader of it). A folder without one is no build:
    refused, or {} when not `required`; a manifest that is not a JSON object is refused,
    named."""
    path = Path(build_dir) / MANIFEST
    if not path.is_file():
        if not required:
            return {}
        raise UnusableInput(f"{build_dir}: not a kg build directory (no {MANIFEST}); run kg build")
    try:
        manifest = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise UnusableInput(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(manifest, dict):
        raise UnusableInput(f"{path}: not a kg manifest (a JSON object)")
    return manifest


def open_build(build_dir: Path) -> tuple[ox.Store, dict[str, Any]]:
    """Open a build directory's store read-only, with its manifest."""
    manifest = read_manifest(build_dir)
    return ox.Store.read_only(str(build_dir / STORE_DIR)), manifest


def bulk_load(path: Path, nquads: list[Path]) -> None:
    """Load N-Quads files into a new store at `path` with Oxigraph's bulk loader (one call,
    the files read as one stream: each call of the bulk loader has a cost of its own)."""
    store = create(path)
    if len(nquads) == 1:
        store.bulk_load(path=str(nquads[0]), format=ox.RdfFormat.N_QUADS)
    else:
        with concatenated(nquads) as stream:
            store.bulk_load(stream, format=ox.RdfFormat.N_QUADS)
    store.flush()


LOAD_APART_FROM = 1 << 24  # bytes of N-Quads from which the store loads in a process apart


def start_bulk_load(store: Path, nquads: list[Path], *,
                    apart: bool) -> subprocess.Popen[bytes] | None:
    """Bulk-load the store: in a process of its own when there is something to do meanwhile
    and enough to load to pay for starting it (returned, to wait for), else here and now."""
    if apart and sum(f.stat().st_size for f in nquads) >= LOAD_APART_FROM:
        return subprocess.Popen([sys.executable, "-m", "kg.builddir.store", str(store),
                                 *map(str, nquads)],
                                env={**os.environ, PARENT_PID_ENV: str(os.getpid())})
    bulk_load(store, nquads)
    return None


def manifest_json(manifest: dict[str, Any]) -> bytes:
    """JSON with one line per source or graph: readable, and fast to write (an indented dump
    of tens of thousands of sources is pure Python and takes seconds; orjson writes each line
    in a microsecond)."""
    def dump(value: Any) -> str:
        return orjson.dumps(value).decode()

    parts = []
    for key, value in manifest.items():
        if isinstance(value, dict) and value:
            items = [f"    {dump(k)}: {dump(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value:
            items = [f"    {dump(v)}" for v in value]
        else:
            parts.append(f"  {dump(key)}: {dump(value)}")
            continue
        opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
        parts.append(f"  {dump(key)}: {opening}\n" + ",\n".join(items) + f"\n  {closing}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode()


if __name__ == "__main__":  # python -m kg.builddir.store STORE FILE...: a build's loader process
    from kg.lifeline import die_with_parent

    die_with_parent(int(os.environ[PARENT_PID_ENV]) if os.environ.get(PARENT_PID_ENV) else None)
    bulk_load(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
