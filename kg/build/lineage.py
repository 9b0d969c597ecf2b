"""The build's lineage stage: series and paragraph lineage (kg.lineage) into the new store
and the dumps, for a whole corpus or, from a previous build, for the pairs that changed.

Lineage only needs consecutive members of a series, so the work is linear in the corpus; its
quads are written as dump pieces like a source's and loaded in a few large bulk loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.builddir.cache import content_hash
from kg.builddir.parts import DumpWriter, graph_chunks
from kg.iris import lineage_of_graph
from kg.lineage.outline import ResolutionOutline, paragraph_outlines
from kg.lineage.outline import heads as heads_of

if TYPE_CHECKING:
    from kg.build.index import Previous

def add_lineage(store: ox.Store, writer: DumpWriter, base: str, hashes: dict[str, str],
                since: tuple[Previous, set[str]] | None = None
                ) -> dict[str, Any]:
    """Series and paragraph lineage (kg.lineage) into the store and the dumps: every pair of
    successive resolutions, or, `since` a previous build (with its open files and the works
    that changed), only the pairs one of whose members changed, the others being copied.
    Returns what the index keeps of it (series heads and pairs)."""
    from kg.lineage import strengths
    from kg.lineage.align import align
    from kg.lineage.model import graph_name, lineage_ntriples
    from kg.lineage.series import successions

    if since is None:
        heads = heads_of(store)
        prev_pairs: dict[str, list[str]] = {}
        changed: set[str] = set()
    else:
        prev, changed = since
        heads = {i: h for i, h in prev.index.get("heads", {}).items() if i not in changed}
        heads.update(heads_of(store, changed))
        prev_pairs = prev.index.get("pairs", {})
    outs = sorted((ResolutionOutline.of_head(h) for h in heads.values()),
                  key=lambda r: (r.adopted or "", r.symbol or r.iri))
    pairs = [(graph_name(base, new), old, new) for old, new in successions(outs)]

    def reused(name: str, old: ResolutionOutline, new: ResolutionOutline) -> bool:
        return (prev_pairs.get(name) == [old.iri, new.iri] and old.iri not in changed
                and new.iri not in changed)

    wanted = {r.iri for name, old, new in pairs if not reused(name, old, new)
              for r in (old, new)}
    paragraphs = paragraph_outlines(store, None if since is None else wanted)
    ranks = strengths(base) if wanted else {}
    names = {name for name, _, _ in pairs}
    for name in prev_pairs.keys() - names:
        store.remove_graph(ox.NamedNode(name))
    batch = _Batch(store)
    for name, old, new in pairs:
        if since is not None and reused(name, old, new):
            hashes[name] = since[0].manifest["graphs"][name]
            writer.copy(name, hashes[name])
            continue
        old = ResolutionOutline.of_head(heads[old.iri], paragraphs.get(old.iri, ()))
        new = ResolutionOutline.of_head(heads[new.iri], paragraphs.get(new.iri, ()))
        _, data = lineage_ntriples(old, new, align(old, new, ranks), base=base)
        hashes[name] = content_hash(data)
        private = lineage_of_graph(base, name)
        chunks = graph_chunks(name, data, private)
        writer.add(chunks, hashes[name])
        if name in prev_pairs:
            store.remove_graph(ox.NamedNode(name))
        batch.add(chunks.nq)
    batch.flush()
    return {"heads": heads, "pairs": {name: [old.iri, new.iri] for name, old, new in pairs}}


class _Batch:
    """Lineage quads gathered into a few large loads: a store load has a cost of its own
    (a transaction, and more so as the store grows), which one load per pair of resolutions
    paid some twenty thousand times."""

    SIZE = 1 << 25  # bytes of N-Quads per load

    def __init__(self, store: ox.Store) -> None:
        self.store, self.size = store, 0
        self.parts: list[bytes] = []

    def add(self, nquads: bytes) -> None:
        self.parts.append(nquads)
        self.size += len(nquads)
        if self.size >= self.SIZE:
            self.flush()

    def flush(self) -> None:
        """Load what was gathered (the bulk loader: no transaction, as the store's first
        load; the store is the new build's, swapped in only once the build has ended)."""
        if self.parts:
            self.store.bulk_load(b"".join(self.parts), format=ox.RdfFormat.N_QUADS)
            self.parts, self.size = [], 0
