"""The prefixes kg writes and predeclares, as plain strings.

One table for every serialisation and for the SPARQL endpoint; free of rdflib so that the
server's query workers can import it without loading an RDF library they do not use.
"""

from __future__ import annotations

PREFIX_IRIS: dict[str, str] = {
    "unres": "https://w3id.org/unres/ontology#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

#: The namespaces as strings, for code that builds IRIs without rdflib (the server, the search
#: index, the fast validation engine).
UNRES = PREFIX_IRIS["unres"]
ELI = PREFIX_IRIS["eli"]
DCTERMS = PREFIX_IRIS["dcterms"]
SKOS = PREFIX_IRIS["skos"]
RDF = PREFIX_IRIS["rdf"]
RDFS = PREFIX_IRIS["rdfs"]
OWL = PREFIX_IRIS["owl"]
XSD = PREFIX_IRIS["xsd"]


def sparql_prologue(*names: str) -> str:
    """The PREFIX lines of a query, from the one table, so that no query spells a namespace.

    >>> sparql_prologue("eli")
    'PREFIX eli: <http://data.europa.eu/eli/ontology#>\\n'
    """
    return "".join(f"PREFIX {name}: <{PREFIX_IRIS[name]}>\n" for name in names or PREFIX_IRIS)
