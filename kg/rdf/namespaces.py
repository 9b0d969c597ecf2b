"""Namespaces of the vocabularies kg writes, bound once for every serialisation."""

from __future__ import annotations

from rdflib import Graph, Namespace

from kg.rdf.prefixes import PREFIX_IRIS

PREFIXES = {prefix: Namespace(iri) for prefix, iri in PREFIX_IRIS.items()}
UNRES = PREFIXES["unres"]
ELI = PREFIXES["eli"]
SCHEMA = Namespace("https://schema.org/")


def bind(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph
