"""The one reader of package data: the ontology, reference vocabularies and shapes.

Data files are found through importlib.resources, so they work from a wheel, an editable install
or a source checkout alike. Reference data IRIs are relative in the Turtle files and resolved
against the published base here, so one build can mint IRIs under any base. (The named queries
have their own reader, kg.sparql.queries.)
"""

from __future__ import annotations

import functools
from importlib import resources
from importlib.resources.abc import Traversable

from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.document import Named, Organ, Phrase, RefData
from kg.rdf.namespaces import UNRES
from kg.settings import DEFAULT_BASE

VOCABULARIES = ("phrases", "phrases-i18n", "strength", "changes", "instruments", "mandates",
                "organs", "addressees", "votes", "sdgs", "member-states")


def _files(package: str) -> Traversable:
    return resources.files(package)


@functools.cache
def ontology_graph() -> Graph:
    """The unres ontology (OWL in Turtle)."""
    graph = Graph()
    graph.parse(data=(_files("kg.ontology") / "unres.ttl").read_text("utf-8"), format="turtle")
    return graph


@functools.cache
def reference_graph(base: str = DEFAULT_BASE) -> Graph:
    """The curated vocabularies (phrases, instruments, mandates, organs, addressees)."""
    graph = Graph()
    folder = _files("kg.ontology") / "vocab"
    for name in VOCABULARIES:
        text = (folder / f"{name}.ttl").read_text("utf-8")
        graph.parse(data=text, format="turtle", publicID=base)
    return graph


@functools.cache
def shapes_graph() -> Graph:
    """Every shapes file in `shapes/`, merged."""
    graph = Graph()
    for entry in sorted(_files("kg.shapes").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ttl"):
            graph.parse(data=entry.read_text("utf-8"), format="turtle")
    return graph


@functools.cache
def reference_data(base: str = DEFAULT_BASE) -> RefData:
    """The vocabularies as plain values for the text stages."""
    g = reference_graph(base)

    def texts(node: URIRef, *props: URIRef) -> tuple[str, ...]:
        return tuple(str(o) for p in props for o in g.objects(node, p) if isinstance(o, Literal))

    def first(node: URIRef, prop: URIRef) -> str | None:
        value = g.value(node, prop)
        return str(value) if value is not None else None

    phrases = []
    for concept in g.subjects(RDF.type, UNRES.OpeningPhrase):
        scheme = str(g.value(concept, SKOS.inScheme))
        kind = "preambular" if scheme.endswith("preambular-phrases") else "operative"
        for label in texts(concept, SKOS.prefLabel, SKOS.altLabel):
            phrases.append(Phrase(str(concept), label, kind))

    def named(cls: URIRef) -> tuple[Named, ...]:
        out = []
        for node in sorted(g.subjects(RDF.type, cls)):
            adopted = g.value(node, UNRES.adoptedBy)
            out.append(Named(
                iri=str(node),
                labels=texts(node, SKOS.prefLabel, SKOS.altLabel),
                short_names=texts(node, UNRES.shortName),
                adopted_by=symbol_of(str(adopted), base) if adopted else None,
            ))
        return tuple(out)

    organs = tuple(
        Organ(
            iri=str(node),
            labels=texts(node, SKOS.prefLabel, SKOS.altLabel, RDFS.label),
            actor=first(node, SKOS.notation),
            symbol_prefix=first(node, UNRES.resolutionSymbolPrefix),
            short_names=texts(node, UNRES.shortName),
            number_pattern=first(node, UNRES.resolutionNumberPattern),
            former_actors=texts(node, UNRES.formerActor),
        )
        for node in sorted(URIRef(str(s)) for s in g.subjects(RDF.type, UNRES.Organ))
    )
    return RefData(
        phrases=tuple(sorted(phrases, key=lambda p: (p.kind, p.label))),
        instruments=named(UNRES.Instrument),
        mandates=named(UNRES.Mandate),
        organs=organs,
        addressees=named(UNRES.Addressee),
    )


def symbol_of(iri: str, base: str) -> str:
    """The symbol behind a `BASE/symbol/...` IRI (reference data points at cited resolutions so)."""
    prefix = base + "symbol/"
    return iri[len(prefix):] if iri.startswith(prefix) else iri
