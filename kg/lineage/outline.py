"""The little of a built resolution that lineage needs, read from a store with one query.

Lineage is a corpus-level stage: it runs on built graphs, so it works the same on a fresh build,
on a store loaded from dumps, and on two files parsed for `kg diff`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.rdf.prefixes import sparql_prologue


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

    @classmethod
    def of_head(cls, head: list[Any],
                paragraphs: tuple[ParagraphOutline, ...] = ()) -> ResolutionOutline:
        """From a head as a build's index keeps it (every field but the paragraphs, in order)."""
        iri, symbol, title, body, adopted, session, consider_at, series = head
        return cls(iri, symbol, title, body, adopted, session, consider_at, series, paragraphs)

    def of_kind(self, kind: str) -> list[ParagraphOutline]:
        return [p for p in self.paragraphs if p.kind == kind]


def resolutions_query(which: str = "?r a unres:Resolution ; eli:has_part [] .") -> str:
    """What series and lineage need of each built resolution (`which` selects them: all, or
    those of a VALUES list in kg.build.incremental)."""
    return sparql_prologue("unres", "eli", "dcterms") + f"""
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

PARAGRAPHS = sparql_prologue("unres", "eli", "skos") + """
SELECT ?r ?p ?eid ?op ?pos ?text ?phrase ?label WHERE {
  ?p eli:is_part_of ?r ; unres:position ?pos ; unres:text ?text ; eli:id_local ?eid .
  FILTER(LANGMATCHES(LANG(?text), "en"))  # lineage compares the English texts
  BIND(EXISTS { ?p a unres:OperativeParagraph } AS ?op)
  OPTIONAL { ?p unres:openingPhrase ?phrase . OPTIONAL { ?phrase skos:prefLabel ?label } }
}"""


_PREFIXES = sparql_prologue("unres", "eli", "skos", "rdf")


def solutions(store: ox.Store, query: str) -> ox.QuerySolutions:
    """The solutions of a SELECT over the union of the graphs (every graph is one source's)."""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions), query
    return solutions


def _pairs(store: ox.Store, pattern: str) -> Iterator[tuple[str, Any]]:
    """(subject IRI, object) of every triple of `pattern` ("?s predicate ?o") in the union."""
    query = f"{_PREFIXES}SELECT ?s ?o WHERE {{ {pattern} }}"
    for s in solutions(store, query):
        yield s[0].value, s[1]


def _english(term: Any) -> bool:
    """LANGMATCHES(LANG(term), "en")."""
    lang = getattr(term, "language", None) or ""
    return lang.lower() == "en" or lang.lower().startswith("en-")


def paragraph_outlines(store: ox.Store) -> dict[str, tuple[ParagraphOutline, ...]]:
    """Every resolution's paragraphs in reading order: what `_PARAGRAPHS` selects, with the
    join made here. Oxigraph answers that one query at some 50 us a paragraph (4 s at 2,000
    resolutions) and each of its patterns alone at a sixth of it; every paragraph has one
    value of each, and a paragraph seen in two graphs counts once, as in `_PARAGRAPHS`'s."""
    texts = {p: o.value for p, o in _pairs(store, "?s unres:text ?o") if _english(o)}
    positions = {p: int(o.value) for p, o in _pairs(store, "?s unres:position ?o")}
    eids = {p: o.value for p, o in _pairs(store, "?s eli:id_local ?o")}
    operative = {p for p, _ in _pairs(store, "?s a unres:OperativeParagraph BIND(1 AS ?o)")}
    phrases = {p: o.value for p, o in _pairs(store, "?s unres:openingPhrase ?o")}
    labels = {x: o.value for x, o in _pairs(store, "?s skos:prefLabel ?o")}
    paragraphs: dict[str, dict[str, ParagraphOutline]] = defaultdict(dict)
    for p, r in _pairs(store, "?s eli:is_part_of ?o"):
        if p in texts and p in positions and p in eids:
            phrase = phrases.get(p)
            paragraphs[r.value][p] = ParagraphOutline(
                iri=p, eid=eids[p], kind="operative" if p in operative else "preambular",
                position=positions[p], text=texts[p], phrase=phrase,
                phrase_label=labels.get(phrase) if phrase is not None else None)
    return {r: tuple(sorted(ps.values(), key=lambda p: p.position))
            for r, ps in paragraphs.items()}


def _value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return term.value if term is not None else None


def outlines(store: ox.Store) -> list[ResolutionOutline]:
    """Every built resolution (one with paragraphs) with its paragraphs in reading order."""
    paragraphs = paragraph_outlines(store)
    found: dict[str, ResolutionOutline] = {}
    for s in solutions(store, _RESOLUTIONS):
        iri = s["r"].value
        if iri in found:
            continue
        found[iri] = ResolutionOutline(
            iri=iri, symbol=_value(s, "symbol"), title=_value(s, "title"),
            body=_value(s, "body"), adopted=_value(s, "adopted"),
            session=int(s["session"].value) if s["session"] else None,
            consider_at=int(s["next"].value) if s["next"] else None,
            series=_value(s, "series"),
            paragraphs=paragraphs.get(iri, ()),
        )
    return sorted(found.values(), key=lambda r: (r.adopted or "", r.symbol or r.iri))
