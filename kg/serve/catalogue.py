"""The lists a visitor starts from: resolutions (home page) and named queries (query page).

Named queries are the `*.rq` files of the `kg.queries` package, each opening with `# title:` and
`# description:` comment lines; the same files the CLI runs, so the examples on the query page
are the queries the project tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

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


@dataclass(frozen=True)
class NamedQuery:
    """One example query: its file name (without .rq), header fields, and text."""

    name: str
    title: str
    description: str
    text: str


def named_queries() -> list[NamedQuery]:
    """Every `*.rq` in `kg.queries`, by file name; an absent package gives an empty list."""
    try:
        folder = resources.files("kg.queries")
    except ModuleNotFoundError:
        return []
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq") or not entry.is_file():
            continue
        text = entry.read_text(encoding="utf-8")
        header: dict[str, str] = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, sep, value = line.lstrip("# ").partition(":")
            if sep and key.strip().lower() in ("title", "description"):
                header[key.strip().lower()] = value.strip()
        name = entry.name.removesuffix(".rq")
        found.append(NamedQuery(name, header.get("title", name),
                                header.get("description", ""), text))
    return found


def resolutions(data: Data, base: str) -> list[dict[str, str]]:
    """Every resolution built (not the symbol aliases of cited ones), newest first."""
    query = _RESOLUTIONS.replace("?aliases", str(ox.Literal(base + "symbol/")))  # escaped
    rows = data.store.query(query, use_default_graph_as_union=True)
    out = []
    for row in rows:  # type: ignore[union-attr]
        out.append({key: row[key].value if row[key] is not None else ""
                    for key in ("r", "symbol", "date", "title")})
    return out
