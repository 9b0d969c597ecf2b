"""Namespaces of the vocabularies kg writes, bound once for every serialisation."""

from __future__ import annotations

from rdflib import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, Graph, Namespace

UNRES = Namespace("https://w3id.org/unres/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES = {
    "unres": UNRES,
    "eli": ELI,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "foaf": FOAF,
}


def bind(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph
