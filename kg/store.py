"""The embedded store (pyoxigraph): one named graph per resolution, read with the union of the
named graphs as the default graph, as the SPARQL endpoint serves it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import UnusableInput

STORE_DIR = "store"
MANIFEST = "build.json"


def create(path: Path) -> ox.Store:
    return ox.Store(str(path))


def add_graph(store: ox.Store, graph: Graph, name: str) -> None:
    """Replace the named graph `name` with the triples of `graph`."""
    target = ox.NamedNode(name)
    store.remove_graph(target) if store.contains_named_graph(target) else None
    data = graph.serialize(format="nt", encoding="utf-8")
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)


def open_build(build_dir: Path) -> tuple[ox.Store, dict[str, Any]]:
    """Open a build directory's store read-only, with its manifest."""
    manifest_path = build_dir / MANIFEST
    if not manifest_path.is_file():
        raise UnusableInput(f"{build_dir}: not a kg build directory (no {MANIFEST}); run kg build")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    return ox.Store.read_only(str(build_dir / STORE_DIR)), manifest
