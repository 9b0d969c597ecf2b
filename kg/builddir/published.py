"""The IRIs a build directory has published, carried from build to build: an IRI once
published keeps answering.

A work's IRI depends on what is known about it: `.../undated/57-209` until a sidecar gives the
adoption date, `.../2002-12-18/57-209` after it; `.../source-0123456789ab` (a hash of the
source) until its symbol is known. Each build records per source the works its graph names
(`iris.json`) and compares them with the record of the build it replaces in the same output
directory, whether the new build is incremental or from scratch: a work of the same source
(by path, or by content for a file that was moved) under another IRI now has moved, and the
record keeps `old -> new` for good. Chains are collapsed (an IRI moved twice answers with one
redirect to where it is now), and an old IRI that names something again is live, not moved.
The server answers 301 from old to new for the work and everything under it (paragraphs,
annexes, their documents): kg.serve.moved.

kg's former actors and number spellings (`un-ga`, `2674_(2023)`) are a rule
(kg.iris.current_forms), not entries here: every IRI of that scheme is answered, recorded or
not. The record starts with the first build that writes it; it lives in the build directory,
so an output directory that is deleted loses it (keep it, or copy `iris.json` into the new
one before building).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.builddir.store import STORE_DIR
from kg.iris import current_forms
from kg.rdf.prefixes import PREFIX_IRIS, SKOS, UNRES

IRI_MAP = "iris.json"

_TOPICS = f"""SELECT ?g ?w WHERE {{
  GRAPH ?g {{ ?g <{PREFIX_IRIS["foaf"]}primaryTopic> ?w }} }}"""
_ACTORS = f"""SELECT ?old ?new WHERE {{
  ?organ <{UNRES}formerActor> ?old ; <{SKOS}notation> ?new }}"""


def load(build_dir: Path) -> dict[str, Any]:
    """The record of a build ({} for a build without one, or an unreadable one)."""
    try:
        loaded = json.loads((Path(build_dir) / IRI_MAP).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def moved(build_dir: Path) -> dict[str, str]:
    """Old IRI -> the IRI it moved to, as the build in `build_dir` recorded it."""
    found = load(build_dir).get("moved")
    if not isinstance(found, dict):
        return {}
    return {str(k): str(v) for k, v in found.items()}


def works_by_graph(store: ox.Store) -> dict[str, list[str]]:
    """The works each source graph is about (foaf:primaryTopic: one, or every lettered part)."""
    found: dict[str, list[str]] = {}
    for row in store.query(_TOPICS):  # type: ignore[union-attr]
        graph, work = row["g"], row["w"]  # type: ignore[index]
        if isinstance(graph, ox.NamedNode) and isinstance(work, ox.NamedNode):
            found.setdefault(graph.value, []).append(work.value)
    return {g: sorted(set(ws)) for g, ws in found.items()}


def actor_renames(store: ox.Store) -> dict[str, str]:
    """Former AKN4UN actor -> current, from the reference data in the store (the organs'
    unres:formerActor and skos:notation), for kg.iris.current_forms."""
    rows = store.query(_ACTORS, use_default_graph_as_union=True)
    return {row["old"].value: row["new"].value for row in rows}  # type: ignore[index,union-attr]


def write(tmp: Path, previous: Path, sources: Iterable[Mapping[str, Any]],
          base: str) -> Callable[[str], list[str]]:
    """`record` with the works and actors read from the store the build just wrote; returns
    what a work IRI of the previous build may be called now, most likely first (for the change
    feed's record, whose entries must not turn new because their IRIs moved)."""
    store = ox.Store.read_only(str(tmp / STORE_DIR))
    try:
        works, actors = works_by_graph(store), actor_renames(store)
    finally:
        del store
    moves = record(tmp, previous, sources, works, base, actors)

    def now(iri: str) -> list[str]:
        return [moves.get(c, c) for c in (*current_forms(base, iri, actors), iri)]

    return now


def record(tmp: Path, previous: Path, sources: Iterable[Mapping[str, Any]],
           works: Mapping[str, list[str]], base: str,
           actors: Mapping[str, str]) -> dict[str, str]:
    """Write `tmp/iris.json` from the sources built (`works`: graph -> its works) and the
    record of the build in `previous`; returns the moves (old -> new)."""
    before = load(previous)
    if before.get("base") != base:  # IRIs under another base are not this build's to keep
        before = {}
    old_sources: dict[str, dict[str, Any]] = before.get("sources") or {}
    by_content = {str(s.get("sha256")): path for path, s in old_sources.items()}
    now: dict[str, dict[str, Any]] = {}
    for source in sources:
        named = works.get(str(source.get("graph")), [])
        path = str(source["path"])
        if named:  # (several texts of one work each name it: each source keeps its own)
            now[path] = {"sha256": source.get("sha256"), "works": named}
    live = {w for s in now.values() for w in s["works"]}
    moves = {str(k): str(v) for k, v in (before.get("moved") or {}).items()}
    for path, source in now.items():
        old_path = path if path in old_sources else by_content.get(str(source["sha256"]))
        if old_path is None or old_path not in old_sources:
            continue
        was = [(current_forms(base, w, actors) or [w])[0] for w in old_sources[old_path]["works"]]
        moves.update(_pairs(was, source["works"]))
    (tmp / IRI_MAP).write_text(json.dumps(
        {"base": base, "moved": _collapsed(moves, live), "sources": now},
        indent=1, sort_keys=True) + "\n", "utf-8")
    return _collapsed(moves, live)


def _pairs(was: list[str], now: list[str]) -> dict[str, str]:
    """Which of a source's former works became which of its works now: the same number under
    another date (`undated/57-209` -> `2002-12-18/57-209`), else, when the source names one
    work now, that one (a work named by its source's hash, then by its symbol)."""
    gone = [w for w in was if w not in now]
    added = [w for w in now if w not in was]
    pairs: dict[str, str] = {}
    for old in gone:
        same = [w for w in added if w.rsplit("/", 1)[-1] == old.rsplit("/", 1)[-1]]
        if len(same) == 1:
            pairs[old] = same[0]
        elif len(now) == 1:
            pairs[old] = now[0]
    return pairs


def _collapsed(moves: Mapping[str, str], live: set[str]) -> dict[str, str]:
    """Each old IRI to where it is now (one redirect, never a loop); IRIs that name something
    in this build again are not moved."""
    out: dict[str, str] = {}
    for old, new in moves.items():
        if old in live:
            continue
        seen = {old}
        while new in moves and new not in seen and new not in live:
            seen.add(new)
            new = moves[new]
        if new != old:
            out[old] = new
    return dict(sorted(out.items()))
