"""Compare two resolutions named by source file or by symbol (the library side of `kg diff`)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError, few
from kg.lineage import align, outlines, strengths
from kg.lineage.outline import ResolutionOutline
from kg.lineage.render import render
from kg.resources import DEFAULT_BASE, reference_graph


def _from_files(paths: list[Path], base: str) -> list[ResolutionOutline]:
    from kg.build import source_graph

    store = ox.Store()
    store.load(reference_graph(base).serialize(format="nt", encoding="utf-8"),
               format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(base + "graph/reference"))
    found = []
    for path in paths:
        _, name, triples = source_graph(path, base=base)
        store.load(triples.ntriples(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        found.append(next(r for r in outlines(store) if r not in found))
    return found


def _by_symbol(symbols: list[str], build_dir: Path) -> list[ResolutionOutline]:
    from kg.store import open_build

    store, _ = open_build(build_dir)
    known = {r.symbol: r for r in outlines(store)}
    missing = [s for s in symbols if s not in known]
    if missing:
        symbols_ = sorted(k for k in known if k)
        raise UsageError(f"not in {build_dir}: {', '.join(missing)} (its {len(symbols_)} "
                         f"symbols include {few(symbols_, near=missing[0])})")
    return [known[s] for s in symbols]


def diff(old: str, new: str, *, build_dir: Path = Path("out"), base: str = DEFAULT_BASE,
         colour: bool = False, show_unchanged: bool = False) -> str:
    """A readable diff of two resolutions: two source files, or two symbols of a build."""
    if Path(old).is_file() and Path(new).is_file():
        a, b = _from_files([Path(old), Path(new)], base)
    else:
        a, b = _by_symbol([old, new], build_dir)
    changes = align(a, b, strengths(base))
    return render(a, b, changes, colour=colour, show_unchanged=show_unchanged)
