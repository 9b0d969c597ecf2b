"""Compare two resolutions named by source file or by symbol (the library side of `kg diff`)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError, few
from kg.iris import reference_graph_iri
from kg.lineage import align, outlines, strengths
from kg.lineage.outline import ResolutionOutline
from kg.lineage.render import render
from kg.rdf.resources import reference_graph
from kg.settings import DEFAULT_BASE
from kg.symbols import SymbolIndex


def outlines_of_files(paths: list[Path], base: str) -> list[ResolutionOutline]:
    from kg.pipeline import source_graph

    store = ox.Store()
    store.load(reference_graph(base).serialize(format="nt", encoding="utf-8"),
               format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(reference_graph_iri(base)))
    found = []
    for path in paths:
        _, name, triples = source_graph(path, base=base)
        store.load(triples.ntriples(), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
        found.append(next(r for r in outlines(store) if r not in found))
    return found


def _by_symbol(symbols: list[str], build_dir: Path) -> list[ResolutionOutline]:
    """The resolutions named by symbols however typed ("S/RES/242", "s/res/242(1967)"); a
    symbol that names several (the lettered parts of one document) is an error listing them."""
    from kg.builddir.store import open_build

    store, _ = open_build(build_dir)
    known = [r for r in outlines(store) if r.symbol]
    index = SymbolIndex((r.symbol or "", str(n)) for n, r in enumerate(known))
    found, missing = [], []
    for symbol in symbols:
        matches = [known[int(n)] for n in index.find(symbol)]
        if len(matches) > 1:
            raise UsageError(f"{symbol} names {len(matches)} resolutions in {build_dir}: "
                             f"{few(r.symbol for r in matches)}; give one of them")
        if matches:
            found.append(matches[0])
        else:
            missing.append(symbol)
    if missing:
        symbols_ = sorted(r.symbol or "" for r in known)
        raise UsageError(f"not in {build_dir}: {', '.join(missing)} (its {len(symbols_)} "
                         f"symbols include {few(symbols_, near=missing[0])})")
    return found


def diff(old: str, new: str, *, build_dir: Path = Path("out"), base: str = DEFAULT_BASE,
         colour: bool = False, show_unchanged: bool = False) -> str:
    """A readable diff of two resolutions: two source files, or two symbols of a build."""
    if Path(old).is_file() and Path(new).is_file():
        a, b = outlines_of_files([Path(old), Path(new)], base)
    else:
        a, b = _by_symbol([old, new], build_dir)
    changes = align(a, b, strengths(base))
    return render(a, b, changes, colour=colour, show_unchanged=show_unchanged)
