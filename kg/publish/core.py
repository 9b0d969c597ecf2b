"""`kg publish`: push a build's named graphs into a SPARQL 1.1 store, incrementally.

Each named graph of the build (one per resolution, plus the ontology and the reference data) is
identified by its name and the SHA-256 of its canonical N-Triples (recorded by `kg build` in
build.json). The publish state of the endpoint (kg.publish.state) says what the store holds;
the plan is then:

    put     graphs that are new or whose content changed (Graph Store Protocol PUT, or
            DROP + INSERT DATA through SPARQL Update)
    delete  graphs the store holds that the build no longer has (a deleted source)
    keep    the rest: nothing is sent

A graph is recorded in the state only after the store confirmed it, so an interrupted publish
can be re-run and ends in the same state as an uninterrupted one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.builddir.cache import CACHE_DIR, Cache, canonical, content_hash
from kg.builddir.dumps import graph_ranges, iter_graphs, read_graph
from kg.builddir.store import read_manifest
from kg.progress import SILENT, Progress
from kg.publish.client import Endpoint, StoreClient
from kg.publish.state import PUBLISH_DIR, PublishState


@dataclass
class Plan:
    put: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    keep: int = 0
    hashes: dict[str, str] = field(default_factory=dict)


@dataclass
class PublishResult:
    endpoint: str
    put: int = 0
    deleted: int = 0
    unchanged: int = 0
    bytes: int = 0
    seconds: float = 0.0
    dry_run: bool = False

    def summary(self) -> str:
        verb = "Would publish" if self.dry_run else "Published"
        return (f"{verb} to {self.endpoint}: {self.put} graphs sent, {self.deleted} deleted, "
                f"{self.unchanged} unchanged ({self.bytes / 1e6:.1f} MB in {self.seconds:.2f} s)")


def graph_hashes(build_dir: Path, manifest: dict[str, Any]) -> dict[str, str]:
    """Every named graph of the build with its content hash (from build.json; computed from
    the N-Quads dump for a build made before hashes were recorded)."""
    hashes = dict(manifest.get("graphs", {}))
    for source in manifest.get("sources", []):
        hashes[source["graph"]] = source.get("content", "")
    if all(hashes.values()) and hashes:
        return hashes
    return {name: content_hash(canonical(nt)) for name, nt in iter_graphs(build_dir)}


def plan(build_dir: str | Path, endpoint: Endpoint, *, full: bool = False) -> Plan:
    folder = Path(build_dir)
    hashes = graph_hashes(folder, read_manifest(folder))
    state = PublishState(folder / PUBLISH_DIR, endpoint.identity)
    held = {} if full else state.graphs
    result = Plan(hashes=hashes)
    for name, digest in hashes.items():
        if held.get(name) == digest:
            result.keep += 1
        else:
            result.put.append(name)
    stale = state.graphs if full else held
    result.delete = sorted(name for name in stale if name not in hashes)
    return result


def _graph_data(folder: Path, manifest: dict[str, Any], wanted: set[str]
                ) -> Iterator[tuple[str, bytes]]:
    """N-Triples of the wanted graphs: from the build cache where it has them, else from their
    place in the N-Quads dump (or one pass over it that stops once every wanted graph was
    seen, for a build without an index)."""
    remaining = set(wanted)
    cache = Cache(manifest.get("cache_dir") or folder / CACHE_DIR)
    for source in manifest.get("sources", []):
        name, key = source["graph"], source.get("key")
        if name in remaining and key:
            entry = cache.get(key)
            if entry is not None and entry.content == source.get("content"):
                remaining.discard(name)
                yield name, entry.ntriples
    ranges = graph_ranges(folder) if remaining else None
    if ranges is not None and remaining <= ranges.keys():
        for name in sorted(remaining, key=lambda n: ranges[n]):
            yield name, canonical(read_graph(*ranges[name]))
        return
    if remaining:
        for name, nt in iter_graphs(folder):
            if name in remaining:
                remaining.discard(name)
                yield name, canonical(nt)
                if not remaining:
                    break


def publish(
    build_dir: str | Path,
    endpoint: Endpoint,
    *,
    full: bool = False,
    dry_run: bool = False,
    concurrency: int = 4,
    progress: Progress = SILENT,
    client: StoreClient | None = None,
) -> PublishResult:
    """Send what changed in `build_dir` since the last publish to `endpoint` (everything with
    `full`). Raises StoreRefused (status and body excerpt) when the store refuses; what was
    confirmed before stays recorded, so the publish can simply be re-run. `progress` counts
    the graphs sent and deleted (kg.progress)."""
    started = time.perf_counter()
    folder = Path(build_dir)
    manifest = read_manifest(folder)
    progress.stage("compare with what the store holds")
    todo = plan(folder, endpoint, full=full)
    result = PublishResult(endpoint.identity.split(" ", 1)[1], unchanged=todo.keep,
                           dry_run=dry_run)
    if dry_run:
        result.put, result.deleted = len(todo.put), len(todo.delete)
        result.seconds = time.perf_counter() - started
        return result
    client = client or StoreClient(endpoint)
    state = PublishState(folder / PUBLISH_DIR, endpoint.identity)

    def put(name: str, nt: bytes) -> None:
        client.put_graph(name, nt)
        state.record(name, todo.hashes[name])
        result.put += 1
        result.bytes += len(nt)

    def delete(name: str) -> None:
        client.delete_graph(name)
        state.record(name, None)
        result.deleted += 1

    try:
        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
            pending: set[Future[None]] = set()

            def submit(fn: Callable[..., None], *args: Any) -> None:
                pending.add(pool.submit(fn, *args))
                if len(pending) >= concurrency * 4:  # bounded: graphs are read as they go
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    pending.difference_update(done)
                    for f in done:
                        f.result()
                        progress.advance()

            progress.stage("send", len(todo.put) + len(todo.delete), "graphs")
            for name, nt in _graph_data(folder, manifest, set(todo.put)):
                submit(put, name, nt)
            for name in todo.delete:
                submit(delete, name)
            for f in list(pending):
                f.result()
                progress.advance()
    finally:
        state.close()
    result.seconds = time.perf_counter() - started
    return result
