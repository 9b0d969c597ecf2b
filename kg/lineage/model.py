"""Lineage as RDF: one named graph per pair of successive resolutions.

    <new> unres:follows <old> .  <old> unres:followedBy <new> .
    <change> a unres:ParagraphChange ; unres:changeType <.../change-strengthened> ;
        unres:toParagraph <new para> ; unres:fromParagraph <old para> ;
        unres:previousText "..."@en ; unres:previousPhrase <phrase> ; unres:similarity 0.57 ;
        unres:inResolution <new> ; unres:comparedWith <old> .
    <new para> unres:change <change> ; unres:revises <old para> .

A change is reified because a paragraph has one change towards its predecessor and another
towards its successor. The graph is written as N-Triples lines (kg.triples' terms), as the
resolutions' graphs are: at twenty thousand resolutions there are some five million lineage
triples, and rdflib's term objects and store cost more than the alignment that finds them.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from kg.builddir.cache import canonical
from kg.iris import lineage_graph_iri, lineage_iri
from kg.lineage.align import Change
from kg.lineage.outline import ResolutionOutline
from kg.lineage.series import gap_between
from kg.rdf.namespaces import bind
from kg.triples import RDF, UNRES, XSD, iri, literal


def change_type_iri(base: str, name: str) -> URIRef:
    return URIRef(f"{base}akn/ontology/concept/un/change-{name}")


def graph_name(base: str, new: ResolutionOutline) -> str:
    return lineage_graph_iri(base, new.iri)


def change_iri(base: str, new: ResolutionOutline, change: Change) -> URIRef:
    root = lineage_iri(base, new.iri) + "/"
    if change.new is not None:
        return URIRef(root + change.new.eid)
    return URIRef(root + "dropped/" + change.old[0].eid)


def lineage_ntriples(old: ResolutionOutline, new: ResolutionOutline, changes: list[Change], *,
                     base: str) -> tuple[str, bytes]:
    """The graph's name and its canonical N-Triples (sorted lines, each once: kg.builddir.cache)."""
    new_work, old_work = iri(new.iri), iri(old.iri)
    lines = [f"{new_work} {UNRES.follows} {old_work} .",
             f"{old_work} {UNRES.followedBy} {new_work} ."]
    add = lines.append
    if gap_between(old, new):  # (the changes span several sessions, not one)
        add(f'{new_work} {UNRES.afterGap} "true"^^<{XSD}boolean> .')
    kind = f"{RDF.type} {UNRES.ParagraphChange} ."
    for change in changes:
        node = iri(change_iri(base, new, change))
        add(f"{node} {kind}")
        add(f"{node} {UNRES.inResolution} {new_work} .")
        add(f"{node} {UNRES.comparedWith} {old_work} .")
        for t in change.types:
            add(f"{node} {UNRES.changeType} {iri(change_type_iri(base, t))} .")
        if change.old:
            text = literal(" ".join(p.text for p in change.old), lang="en")
            add(f"{node} {UNRES.previousText} {text} .")
        olds = [iri(p.iri) for p in change.old]
        for p in olds:
            add(f"{node} {UNRES.fromParagraph} {p} .")
        if change.new is not None:
            target = iri(change.new.iri)
            add(f"{node} {UNRES.toParagraph} {target} .")
            add(f"{target} {UNRES.change} {node} .")
            for p in olds:
                add(f"{target} {UNRES.revises} {p} .")
            previous = change.old[0].phrase if change.old else None
            if previous and previous != change.new.phrase:
                add(f"{node} {UNRES.previousPhrase} {iri(previous)} .")
        if change.old and change.new is not None:
            score = literal(f"{change.similarity:.3f}", datatype=XSD + "decimal")
            add(f"{node} {UNRES.similarity} {score} .")
    return graph_name(base, new), canonical("\n".join(lines).encode("utf-8"))


def lineage_graph(old: ResolutionOutline, new: ResolutionOutline, changes: list[Change], *,
                  base: str) -> tuple[str, Graph]:
    """The same graph in rdflib, with the project's prefixes bound (for library callers)."""
    name, data = lineage_ntriples(old, new, changes, base=base)
    graph = bind(Graph(identifier=URIRef(name)))
    graph.parse(data=data, format="nt")
    return name, graph
