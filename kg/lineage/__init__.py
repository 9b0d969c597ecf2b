"""Series and paragraph lineage: how each resolution changed since the previous one.

A corpus-level stage that runs on built graphs: outline every resolution from the store, find
series, align each pair, and model the changes as one named graph per pair.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from kg.lineage.align import Change, Strengths, align
from kg.lineage.model import lineage_graph
from kg.lineage.outline import ResolutionOutline, outlines
from kg.lineage.series import successions
from kg.rdf.namespaces import UNRES
from kg.rdf.resources import reference_graph

__all__ = ["Change", "ResolutionOutline", "align", "lineage_graphs", "outlines", "strengths"]


def strengths(base: str) -> Strengths:
    """Phrase IRI -> (scale IRI, rank), from the curated strength order."""
    g = reference_graph(base)
    return {str(s): (str(g.value(s, UNRES.strengthScale)), int(o))
            for s, o in g.subject_objects(UNRES.strength)}


def lineage_graphs(store: ox.Store, *, base: str) -> list[tuple[str, Graph]]:
    """One named graph per pair of successive resolutions in the store."""
    ranks = strengths(base)
    return [lineage_graph(old, new, align(old, new, ranks), base=base)
            for old, new in successions(outlines(store))]
