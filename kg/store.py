"""The embedded store (pyoxigraph): one named graph per resolution, read with the union of the
named graphs as the default graph, as the SPARQL endpoint serves it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import UnusableInput

STORE_DIR = "store"
MANIFEST = "build.json"


def create(path: Path) -> ox.Store:
    return ox.Store(str(path))


def open_build(build_dir: Path) -> tuple[ox.Store, dict[str, Any]]:
    """Open a build directory's store read-only, with its manifest."""
    manifest_path = build_dir / MANIFEST
    if not manifest_path.is_file():
        raise UnusableInput(f"{build_dir}: not a kg build directory (no {MANIFEST}); run kg build")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    return ox.Store.read_only(str(build_dir / STORE_DIR)), manifest
