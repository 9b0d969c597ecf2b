"""The lists and counts of the whole dataset: the resolutions of the home page, the partitions
of the VoID description.

(The query page's examples are the named queries of kg.sparql.queries, the ones the CLI runs.)
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.serve.data import Data

PAGE_SIZE = 500

_RESOLUTIONS = """
PREFIX unres: <https://w3id.org/unres/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?r ?symbol ?date ?title WHERE {
  ?r a unres:Resolution .
  FILTER(!STRSTARTS(STR(?r), ?aliases))
  OPTIONAL { ?r dcterms:identifier ?symbol }
  OPTIONAL { ?r eli:date_document ?date }
  OPTIONAL { ?r eli:title ?title }
} ORDER BY DESC(?date) ?symbol
"""


def resolutions(data: Data, base: str) -> list[dict[str, str]]:
    """Every resolution built (not the symbol aliases of cited ones), newest first."""
    query = _RESOLUTIONS.replace("?aliases", str(ox.Literal(base + "symbol/")))  # escaped
    rows = data.store.query(query, use_default_graph_as_union=True)
    out = []
    for row in rows:  # type: ignore[union-attr]
        out.append({key: row[key].value if row[key] is not None else ""
                    for key in ("r", "symbol", "date", "title")})
    return out


@dataclass(frozen=True)
class Statistics:
    """The counts VoID states about the whole dataset (its class and property partitions)."""

    entities: int
    classes: dict[str, int]  # instances per class
    properties: dict[str, int]  # triples per predicate


_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c"
_PROPERTIES = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
_ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"


def statistics(data: Data) -> Statistics:
    """The partitions of the union graph: seconds at millions of triples, so a server asks
    once per build it opens (kg.serve.site)."""

    def counts(query: str) -> dict[str, int]:
        rows = data.store.query(query, use_default_graph_as_union=True)
        return {row[0].value: int(row[1].value) for row in rows}  # type: ignore[union-attr]

    (entities,) = [int(row[0].value) for row in data.store.query(  # type: ignore[union-attr]
        _ENTITIES, use_default_graph_as_union=True)]
    return Statistics(entities, counts(_CLASSES), counts(_PROPERTIES))
