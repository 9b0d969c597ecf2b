"""Incremental builds: one changed source rebuilt without rewriting the whole build.

Every build leaves an index in `OUT/index/` (graphs.json: which part of the dumps each graph is
in and where, what each part holds, the series heads and lineage pairs). When the previous
build in `--out` was made by the same code (kg.builddir.cache.build_fingerprint) for the same base
and lineage setting, the next build compares cache keys with its manifest and re-parses only the
changed and added sources (a source whose file status, and its sidecar's, is what the previous
build recorded, and was already a second old then, keeps its key unread: see
kg.builddir.cache.source_stats); a part of the dumps whose graphs are all unchanged is linked (a
hard link: nothing is copied), a part with a changed graph is written again with its unchanged
graphs' pieces read from the previous part (kg.builddir.dumps), the store starts from a checkpoint
of the previous one (Store.backup: hard links to its immutable files) in which only the changed
graphs are dropped and loaded, and lineage is recomputed only for pairs of successive resolutions
one of which changed. The result is the same as a build from scratch: same quads, same bytes in the
dumps, same manifest.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pyoxigraph as ox

from kg.build import BuildResult, Built, _Done, _Many, _work, _work_of, admit
from kg.builddir.cache import (
    build_fingerprint,
    content_hash,
    fingerprint,
    source_key,
    source_stats,
)
from kg.builddir.parts import (
    INDEX_DIR,
    INDEX_FORMAT,
    Chunks,
    DumpWriter,
    OldDumps,
    Place,
    graph_chunks,
)
from kg.builddir.store import MANIFEST, STORE_DIR, create
from kg.lineage.outline import (
    PARAGRAPHS,
    ParagraphOutline,
    ResolutionOutline,
    paragraph_outlines,
    resolutions_query,
)
from kg.parallel import ordered_map
from kg.progress import Progress, track

INDEX = "graphs.json"
REBUILD_FROM = 256  # changed sources (and a quarter of all) from which a build starts afresh


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
        manifest = orjson.loads((out / MANIFEST).read_bytes())
        index = orjson.loads((out / INDEX_DIR / INDEX).read_bytes())
    except (OSError, orjson.JSONDecodeError):
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


def write(result: BuildResult, paths: list[str], tmp: Path, prev: Previous,
          folder: Path | None, jobs: int | None, progress: Progress,
          keep_going: bool, lineage: bool) -> tuple[dict[str, str], dict[str, Place]] | None:
    """Build `paths` into `tmp` from the previous build; returns the non-source graphs'
    content hashes (for the manifest) and where every graph is in the N-Quads parts (for the
    validation that may follow), or None, having written nothing, when so many sources
    changed that a build from scratch is faster (dropping and loading graph by graph costs
    far more per graph than the bulk load: at 20,000 sources, 250 s against 60 s)."""
    clock = time.perf_counter()
    progress.stage("compare with the previous build")
    base, ranges = result.base, prev.index["graphs"]
    tool = fingerprint()
    old = {s["path"]: s for s in prev.manifest.get("sources", [])}
    stat_ns, stats = file_status(paths)
    known, quiet = prev.index.get("stats", {}), prev.index.get("stat_ns", 0) - 10**9

    def unchanged(p: str) -> bool:
        s = stats[p]
        if s is not None and known.get(p) == s and max(s[1], s[2], s[5], s[6]) < quiet:
            return True  # as it was, and already then for a while: the key it had
        return old[p]["key"] == source_key(p, base, tool)

    same = {p for p in paths if p in old and old[p].get("key") and old[p]["graph"] in ranges
            and unchanged(p)}
    todo = [p for p in paths if p not in same]
    if len(todo) > max(REBUILD_FROM, len(paths) // 4):
        return None
    tasks = [(p, base, str(folder) if folder else None, tool) for p in todo]
    stream: Iterable[_Done] = ordered_map(_work, tasks, jobs) if todo else []
    stream = track(progress, stream, "parse what changed", len(todo), "sources")
    fresh = dict(zip(todo, stream, strict=True))
    items: list[tuple[Built, Chunks | None]] = []
    seen: dict[str, str] = {}
    for path in paths:
        done = (Built(**old[path], cached=True), None) if path in same else fresh[path]
        if (admitted := admit(result, seen, done)) is not None:  # type: ignore[arg-type]
            items.append(admitted)
    if result.errors and not keep_going:
        errors = result.errors
        raise errors[0] if len(errors) == 1 else _Many(errors)
    result.timings["parse"] = time.perf_counter() - clock
    clock = time.perf_counter()
    progress.stage("dumps")
    extra: dict[str, str] = {}
    writer = DumpWriter(tmp, prev.dumps())
    try:
        for name in (base + "graph/ontology", base + "graph/reference"):
            extra[name] = prev.manifest["graphs"][name]
            writer.copy(name, extra[name])
        for built, chunks in items:
            if chunks is None:
                writer.copy(built.graph, built.content)
            else:
                writer.add(chunks, built.content)
        writer.end_part()
        result.timings["dumps"] = time.perf_counter() - clock
        clock = time.perf_counter()
        progress.stage("update the store")
        checkpoint = ox.Store.read_only(str(prev.folder / STORE_DIR))
        checkpoint.backup(str(tmp / STORE_DIR))
        del checkpoint
        store = create(tmp / STORE_DIR)
        kept = {b.graph for b, c in items if c is None}
        dropped = {s["graph"] for s in old.values()} - kept
        for name in dropped:
            store.remove_graph(ox.NamedNode(name))
        for _, chunks in items:
            if chunks is not None:
                store.load(chunks.nq, format=ox.RdfFormat.N_QUADS)
        result.timings["store_load"] = time.perf_counter() - clock
        clock = time.perf_counter()
        state = None
        if lineage:
            progress.stage("lineage")
            changed = {_work_of(base, g) or g for g in dropped | seen.keys() - kept}
            state = add_lineage(store, writer, base, extra, (prev, changed))
        store.flush()
        del store
        result.timings["lineage"] = time.perf_counter() - clock
        clock = time.perf_counter()
        result.triples = writer.close()
        result.timings["dumps"] += time.perf_counter() - clock
    except BaseException:
        writer.abort()
        raise
    write_index(tmp, writer, base, state, recorded(stat_ns, stats, result.built))
    return extra, writer.places()


# ---------------------------------------------------------------- lineage, pair by pair

_HEADS = resolutions_query(
    "{ SELECT DISTINCT ?r WHERE { VALUES ?r { %s } ?r a unres:Resolution ; eli:has_part ?x } }")


def _restrict(query: str, works: set[str] | None) -> str:
    if works is None:
        return query.replace("VALUES ?r { %s } ", "")
    values = " ".join(ox.NamedNode(w).__str__() for w in sorted(works))
    if "%s" in query:
        return query % values
    return query.replace("WHERE {", f"WHERE {{ VALUES ?r {{ {values} }}", 1)


def _value(term: Any) -> str | None:
    return term.value if term is not None else None


def _heads(store: ox.Store, works: set[str] | None) -> dict[str, list[Any]]:
    """Resolution outlines without paragraphs (what series are made of), as lists."""
    found: dict[str, list[Any]] = {}
    if works is not None and not works:
        return found
    for s in store.query(_restrict(_HEADS, works), use_default_graph_as_union=True):
        iri = s["r"].value
        if iri not in found:  # as kg.lineage.outline: the first solution counts
            found[iri] = [iri, _value(s["symbol"]), _value(s["title"]), _value(s["body"]),
                          _value(s["adopted"]),
                          int(s["session"].value) if s["session"] else None,
                          int(s["next"].value) if s["next"] else None, _value(s["series"])]
    return found


def _paragraphs(store: ox.Store, works: set[str] | None
                ) -> dict[str, tuple[ParagraphOutline, ...]]:
    if works is None:
        return paragraph_outlines(store)
    paragraphs: dict[str, dict[str, ParagraphOutline]] = defaultdict(dict)
    if not works:
        return {}
    for s in store.query(_restrict(PARAGRAPHS, works), use_default_graph_as_union=True):
        p = ParagraphOutline(
            iri=s["p"].value, eid=s["eid"].value,
            kind="operative" if s["op"].value == "true" else "preambular",
            position=int(s["pos"].value), text=s["text"].value,
            phrase=_value(s["phrase"]), phrase_label=_value(s["label"]))
        paragraphs[s["r"].value][p.iri] = p
    return {r: tuple(sorted(ps.values(), key=lambda p: p.position))
            for r, ps in paragraphs.items()}


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
        heads = _heads(store, None)
        prev_pairs: dict[str, list[str]] = {}
        changed: set[str] = set()
    else:
        prev, changed = since
        heads = {i: h for i, h in prev.index.get("heads", {}).items() if i not in changed}
        heads.update(_heads(store, changed))
        prev_pairs = prev.index.get("pairs", {})
    outs = sorted((ResolutionOutline(*h, paragraphs=()) for h in heads.values()),
                  key=lambda r: (r.adopted or "", r.symbol or r.iri))
    pairs = [(graph_name(base, new), old, new) for old, new in successions(outs)]

    def reused(name: str, old: ResolutionOutline, new: ResolutionOutline) -> bool:
        return (prev_pairs.get(name) == [old.iri, new.iri] and old.iri not in changed
                and new.iri not in changed)

    wanted = {r.iri for name, old, new in pairs if not reused(name, old, new)
              for r in (old, new)}
    paragraphs = _paragraphs(store, None if since is None else wanted)
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
        old = ResolutionOutline(*heads[old.iri], paragraphs=paragraphs.get(old.iri, ()))
        new = ResolutionOutline(*heads[new.iri], paragraphs=paragraphs.get(new.iri, ()))
        _, data = lineage_ntriples(old, new, align(old, new, ranks), base=base)
        hashes[name] = content_hash(data)
        private = base + "lineage/" + name.removeprefix(base + "graph/lineage/")
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
