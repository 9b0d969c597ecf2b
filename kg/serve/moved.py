"""IRIs that name nothing in this build by themselves but that kg published or that the UN's
files use: where each leads now.

* kg's former forms of work IRIs (actor `un-ga`, number `2674_(2023)`): a rule,
  kg.iris.current_forms, with the organs' former actors read from the build's reference data.
* The same for what is named after a work: its graph (`BASE/graph/un-ga/...`), its lineage
  graph and its lineage.
* Works that changed their IRI between builds (`undated/57-209` -> `2002-12-18/57-209`,
  `source-0123456789ab` -> `57-209`): the build directory's record (kg.builddir.published).
  Both are the same thing under another name: `301 Moved Permanently`, for the work and for
  everything under it (`{old work}/!main~para_3`, `{old work}.ttl`).
* A paragraph by the eId of an official AKN file, `{work}/eng@/!main~para_30`
  (kg.iris.official_portion): `303 See Other` to the paragraph. It names the paragraph in one
  official text (an expression's portion, in AKN4UN's terms), which kg describes as one
  paragraph with its text in every language: related, not the same resource.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox

from kg import iris
from kg.builddir import published
from kg.rdf.prefixes import UNRES
from kg.serve.data import Data
from kg.serve.iris import split_extension

_EID = """SELECT DISTINCT ?p WHERE {
  ?p <""" + UNRES + """eId> %s .
  FILTER(STRSTARTS(STR(?p), %s))
} LIMIT 2"""


class Moved:
    """Permanent redirects and official eIds of one build (read once, on first use: the build
    never changes under a running server)."""

    def __init__(self, data: Data, base: str, build_dir: Path) -> None:
        self.data = data
        self.base = base
        self.build_dir = build_dir
        self._lock = threading.Lock()
        self._loaded: tuple[dict[str, str], dict[str, str]] | None = None

    def _tables(self) -> tuple[dict[str, str], dict[str, str]]:
        with self._lock:
            if self._loaded is None:
                self._loaded = (published.moved(self.build_dir),
                                published.actor_renames(self.data.store))
            return self._loaded

    def target(self, iri: str) -> str | None:
        """Where an IRI kg published before is now (a work and what is under it, or what is
        named after a work: its graph, its lineage), or None when it leads to nothing here."""
        root = self.base + iris.WORK_ROOT
        prefix = next((self.base + named for named in iris.NAMED_AFTER_WORK
                       if iri.startswith(self.base + named)), root)
        if not iri.startswith(prefix):
            return None
        as_work = root + iri[len(prefix):]
        moves, actors = self._tables()
        for current in (*iris.current_forms(self.base, as_work, actors), as_work):
            new = _recorded(moves, current) or current
            if not new.startswith(root):
                continue
            new = prefix + new[len(root):]
            if new != iri and self.answers(new):
                return new
        return None

    def answers(self, iri: str) -> bool:
        """True when `iri` names something here or a document of it (`X.ttl`), or is the
        official eId IRI of a paragraph here."""
        split = split_extension(iri)
        for name in (iri, split[0] if split else None):
            if name is None:
                continue
            try:
                if self.data.known(ox.NamedNode(name)):
                    return True
            except ValueError:
                continue
        return self.official(iri) is not None

    def official(self, iri: str) -> str | None:
        """The paragraph that `{work}/{lang}@/!main~{eId}` (or its document `.ttl`, ...)
        names, with the same extension, or None."""
        split = split_extension(iri)
        for head, ext in ((iri, ""), *([(split[0], "." + split[1].extension)] if split else [])):
            found = iris.parse_official_portion(head)
            if found is None:
                continue
            work, language, eid = found
            work = self.target(work) or work
            literal = ox.Literal(eid, language=language)
            prefix = ox.Literal(work + "/!main~")
            rows = list(self.data.store.query(_EID % (literal, prefix),  # type: ignore[arg-type]
                                              use_default_graph_as_union=True))
            if len(rows) == 1:
                return rows[0]["p"].value + ext  # type: ignore[index,union-attr]
        return None


def _recorded(moves: dict[str, str], iri: str) -> str | None:
    """The recorded move of `iri`, or of the work it is part of or a document of (the longest
    recorded IRI it continues with `/` or `.`)."""
    if iri in moves:
        return moves[iri]
    for cut in range(len(iri) - 1, 0, -1):
        if iri[cut] in "/." and iri[:cut] in moves:
            return moves[iri[:cut]] + iri[cut:]
    return None
