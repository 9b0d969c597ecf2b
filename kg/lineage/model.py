"""Lineage as RDF: one named graph per pair of successive resolutions.

    <new> unres:follows <old> .  <old> unres:followedBy <new> .
    <change> a unres:ParagraphChange ; unres:changeType <.../change-strengthened> ;
        unres:toParagraph <new para> ; unres:fromParagraph <old para> ;
        unres:previousText "..."@en ; unres:previousPhrase <phrase> ; unres:similarity 0.57 ;
        unres:inResolution <new> ; unres:comparedWith <old> .
    <new para> unres:change <change> ; unres:revises <old para> .

A change is reified because a paragraph has one change towards its predecessor and another
towards its successor.
"""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal, URIRef

from kg.iris import WORK_ROOT
from kg.lineage.align import Change
from kg.lineage.outline import ResolutionOutline
from kg.rdf.namespaces import UNRES, bind


def change_type_iri(base: str, name: str) -> URIRef:
    return URIRef(f"{base}akn/ontology/concept/un/change-{name}")


def _tail(base: str, work: str) -> str:
    return work[len(base + WORK_ROOT):] if work.startswith(base + WORK_ROOT) else work


def graph_name(base: str, new: ResolutionOutline) -> str:
    return f"{base}graph/lineage/{_tail(base, new.iri)}"


def change_iri(base: str, new: ResolutionOutline, change: Change) -> URIRef:
    root = f"{base}lineage/{_tail(base, new.iri)}/"
    if change.new is not None:
        return URIRef(root + change.new.eid)
    return URIRef(root + "dropped/" + change.old[0].eid)


def lineage_graph(old: ResolutionOutline, new: ResolutionOutline, changes: list[Change], *,
                  base: str) -> tuple[str, Graph]:
    name = graph_name(base, new)
    g = bind(Graph(identifier=URIRef(name)))
    new_work, old_work = URIRef(new.iri), URIRef(old.iri)
    g.add((new_work, UNRES.follows, old_work))
    g.add((old_work, UNRES.followedBy, new_work))
    for change in changes:
        node = change_iri(base, new, change)
        g.add((node, RDF.type, UNRES.ParagraphChange))
        g.add((node, UNRES.inResolution, new_work))
        g.add((node, UNRES.comparedWith, old_work))
        for t in change.types:
            g.add((node, UNRES.changeType, change_type_iri(base, t)))
        if change.old:
            g.add((node, UNRES.previousText,
                   Literal(" ".join(p.text for p in change.old), lang="en")))
        for p in change.old:
            g.add((node, UNRES.fromParagraph, URIRef(p.iri)))
        if change.new is not None:
            target = URIRef(change.new.iri)
            g.add((node, UNRES.toParagraph, target))
            g.add((target, UNRES.change, node))
            for p in change.old:
                g.add((target, UNRES.revises, URIRef(p.iri)))
            previous = change.old[0].phrase if change.old else None
            if previous and previous != change.new.phrase:
                g.add((node, UNRES.previousPhrase, URIRef(previous)))
        if change.old and change.new is not None:
            g.add((node, UNRES.similarity, Literal(f"{change.similarity:.3f}",
                                                   datatype=XSD.decimal)))
    return name, g
