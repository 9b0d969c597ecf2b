"""The list a visitor starts from: the resolutions of the home page.

(The query page's examples are the named queries of kg.sparql.queries, the ones the CLI runs.)
"""

from __future__ import annotations

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
