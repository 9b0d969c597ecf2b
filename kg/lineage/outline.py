"""The little of a built resolution that lineage needs, read from a store with one query.

Lineage is a corpus-level stage: it runs on built graphs, so it works the same on a fresh build,
on a store loaded from dumps, and on two files parsed for `kg diff`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class ParagraphOutline:
    iri: str
    eid: str
    kind: str  # "preambular" | "operative"
    position: int
    text: str
    phrase: str | None  # IRI
    phrase_label: str | None


@dataclass(frozen=True)
class ResolutionOutline:
    iri: str
    symbol: str | None
    title: str | None
    body: str | None  # IRI of the organ
    adopted: str | None  # ISO date
    session: int | None
    consider_at: int | None
    series: str | None
    paragraphs: tuple[ParagraphOutline, ...]

    def of_kind(self, kind: str) -> list[ParagraphOutline]:
        return [p for p in self.paragraphs if p.kind == kind]


def resolutions_query(which: str = "?r a unres:Resolution ; eli:has_part [] .") -> str:
    """What series and lineage need of each built resolution (`which` selects them: all, or
    those of a VALUES list in kg.incremental)."""
    return f"""
PREFIX unres: <https://w3id.org/unres/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?r ?symbol ?title ?body ?adopted ?session ?next ?series WHERE {{
  {which}
  OPTIONAL {{ ?r dcterms:identifier ?symbol }}
  OPTIONAL {{ ?r eli:title ?title }}
  OPTIONAL {{ ?r eli:passed_by ?body }}
  OPTIONAL {{ ?r eli:date_document ?adopted }}
  OPTIONAL {{ ?r unres:session ?session }}
  OPTIONAL {{ ?r unres:considerAtSession ?next }}
  OPTIONAL {{ ?r unres:series ?series }}
}}"""


_RESOLUTIONS = resolutions_query()

PARAGRAPHS = """
PREFIX unres: <https://w3id.org/unres/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?r ?p ?eid ?op ?pos ?text ?phrase ?label WHERE {
  ?p eli:is_part_of ?r ; unres:position ?pos ; unres:text ?text ; eli:id_local ?eid .
  FILTER(LANGMATCHES(LANG(?text), "en"))  # lineage compares the English texts
  BIND(EXISTS { ?p a unres:OperativeParagraph } AS ?op)
  OPTIONAL { ?p unres:openingPhrase ?phrase . OPTIONAL { ?phrase skos:prefLabel ?label } }
}"""


def _value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return term.value if term is not None else None


def outlines(store: ox.Store) -> list[ResolutionOutline]:
    """Every built resolution (one with paragraphs) with its paragraphs in reading order."""
    paragraphs: dict[str, dict[str, ParagraphOutline]] = defaultdict(dict)
    for s in store.query(PARAGRAPHS, use_default_graph_as_union=True):
        p = ParagraphOutline(
            iri=s["p"].value, eid=s["eid"].value,
            kind="operative" if s["op"].value == "true" else "preambular",
            position=int(s["pos"].value), text=s["text"].value,
            phrase=_value(s, "phrase"), phrase_label=_value(s, "label"),
        )
        paragraphs[s["r"].value][p.iri] = p  # dict: a paragraph seen in two graphs counts once
    found: dict[str, ResolutionOutline] = {}
    for s in store.query(_RESOLUTIONS, use_default_graph_as_union=True):
        iri = s["r"].value
        if iri in found:
            continue
        found[iri] = ResolutionOutline(
            iri=iri, symbol=_value(s, "symbol"), title=_value(s, "title"),
            body=_value(s, "body"), adopted=_value(s, "adopted"),
            session=int(s["session"].value) if s["session"] else None,
            consider_at=int(s["next"].value) if s["next"] else None,
            series=_value(s, "series"),
            paragraphs=tuple(sorted(paragraphs[iri].values(), key=lambda p: p.position)),
        )
    return sorted(found.values(), key=lambda r: (r.adopted or "", r.symbol or r.iri))
