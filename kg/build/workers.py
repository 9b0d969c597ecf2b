"""The build's worker: one source to its cache entry and its pieces of the dumps.

Run in worker processes (kg.parallel), so it imports only what a parse needs. Tests that
slow or break a parse patch `build_entry` here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.build.result import Built, Done
from kg.builddir.cache import Cache, Entry, canonical, content_hash, fingerprint, source_key
from kg.builddir.parts import graph_chunks
from kg.faults import failure
from kg.iris import graph_work
from kg.parallel import ordered_map
from kg.pipeline import source_graph

#: path, base, cache folder, tool fingerprint
Task = tuple[str, str, str | None, str]


def build_entry(path: str | Path, base: str) -> Entry:
    """Parse one source into a cache entry (canonical N-Triples and the numbers)."""
    parts, name, triples = source_graph(path, base=base)
    nt = canonical(triples.ntriples())
    symbols = [p.metadata.symbol for p in parts if p.metadata.symbol]
    return Entry(name, "; ".join(symbols) or None, parts[0].source.sha256,
                 sum(len(p.paragraphs) for p in parts), len(triples), content_hash(nt), nt)


def work(task: Task) -> Done:
    """A worker's whole job for one source: cache look-up or parse, then the dump pieces."""
    path, base, folder, tool = task
    try:
        cache = Cache(folder) if folder else None
        key = source_key(path, base, tool) if cache else None
        entry = cache.get(key) if cache and key else None
        cached = entry is not None
        if entry is None:
            entry = build_entry(path, base)
            if cache and key:
                cache.put(key, entry)
        built = Built(path, entry.graph, entry.symbol, entry.sha256, entry.paragraphs,
                      entry.triples, entry.content, cached, key or "")
        return built, graph_chunks(entry.graph, entry.ntriples, graph_work(base, entry.graph))
    except Exception as exc:  # a bug or a fault in a stage is this source's failure
        return failure(path, exc)


def results(paths: list[str], base: str, folder: Path | None, jobs: int | None,
            tool: str | None = None) -> Iterator[Done]:
    """Per-source results in source order, from worker processes when it pays."""
    tasks = [(p, base, str(folder) if folder else None, tool or fingerprint()) for p in paths]
    yield from ordered_map(work, tasks, jobs)
