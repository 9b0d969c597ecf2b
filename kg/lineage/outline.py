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
    earlier: tuple[str, ...] = ()  # symbols of the resolutions it names as earlier in its series

    @classmethod
    def of_head(cls, head: list[Any],
                paragraphs: tuple[ParagraphOutline, ...] = ()) -> ResolutionOutline:
        """From a head as a build's index keeps it (every field but the paragraphs, in order)."""
        iri, symbol, title, body, adopted, session, consider_at, series, earlier = head
        return cls(iri, symbol, title, body, adopted, session, consider_at, series, paragraphs,
                   tuple(earlier))

    def of_kind(self, kind: str) -> list[ParagraphOutline]:
        return [p for p in self.paragraphs if p.kind == kind]


#: What series and lineage need of each built resolution (one with paragraphs). Each query has
#: a %s where `_among` puts the VALUES block of the works a rebuild asks for, or nothing.
_VALUES_R = "VALUES ?r { %s } "
_HEADS = sparql_prologue("unres", "eli", "dcterms") + """
SELECT ?r ?symbol ?title ?body ?adopted ?session ?next ?series ?earlier WHERE {
  { SELECT DISTINCT ?r WHERE { %s?r a unres:Resolution ; eli:has_part ?x } }
  OPTIONAL { ?r dcterms:identifier ?symbol }
  OPTIONAL { ?r eli:title ?title }
  OPTIONAL { ?r eli:passed_by ?body }
  OPTIONAL { ?r eli:date_document ?adopted }
  OPTIONAL { ?r unres:session ?session }
  OPTIONAL { ?r unres:considerAtSession ?next }
  OPTIONAL { ?r unres:series ?series }
  OPTIONAL { SELECT ?r (GROUP_CONCAT(?e; separator="|") AS ?earlier) WHERE {
    ?r unres:earlierInSeries/dcterms:identifier ?e } GROUP BY ?r }
}"""

_PARAGRAPHS = sparql_prologue("unres", "eli", "skos") + """
SELECT ?r ?p ?eid ?op ?pos ?text ?phrase ?label WHERE {
  %s?p eli:is_part_of ?r ; unres:position ?pos ; unres:text ?text ; eli:id_local ?eid .
  FILTER(LANGMATCHES(LANG(?text), "en"))  # lineage compares the English texts
  BIND(EXISTS { ?p a unres:OperativeParagraph } AS ?op)
  OPTIONAL { ?p unres:openingPhrase ?phrase . OPTIONAL { ?phrase skos:prefLabel ?label } }
}"""


_PREFIXES = sparql_prologue("unres", "eli", "skos", "rdf")


def _among(query: str, works: set[str] | None) -> str:
    """`query` for the given works only (a VALUES block), or for all of them."""
    values = "" if works is None else _VALUES_R % " ".join(str(ox.NamedNode(w)) for w in
                                                           sorted(works))
    return query % values


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


def paragraph_outlines(store: ox.Store, works: set[str] | None = None
                       ) -> dict[str, tuple[ParagraphOutline, ...]]:
    """Every resolution's paragraphs in reading order, or those of `works` only (a rebuild's
    changed pairs). For all of them, what `_PARAGRAPHS` selects with the join made here:
    Oxigraph answers that one query at some 50 us a paragraph (4 s at 2,000 resolutions) and
    each of its patterns alone at a sixth of it; every paragraph has one value of each, and a
    paragraph seen in two graphs counts once, as in `_PARAGRAPHS`'s."""
    if works is not None:
        return _paragraphs_of(store, works)
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


def _paragraphs_of(store: ox.Store, works: set[str]) -> dict[str, tuple[ParagraphOutline, ...]]:
    """The paragraphs of a few works: the joined query, restricted, costs less than reading
    every paragraph of the store pattern by pattern."""
    paragraphs: dict[str, dict[str, ParagraphOutline]] = defaultdict(dict)
    for s in solutions(store, _among(_PARAGRAPHS, works)) if works else ():
        p = ParagraphOutline(
            iri=s["p"].value, eid=s["eid"].value,
            kind="operative" if s["op"].value == "true" else "preambular",
            position=int(s["pos"].value), text=s["text"].value,
            phrase=_value(s, "phrase"), phrase_label=_value(s, "label"))
        paragraphs[s["r"].value][p.iri] = p  # dict: a paragraph seen in two graphs counts once
    return {r: tuple(sorted(ps.values(), key=lambda p: p.position))
            for r, ps in paragraphs.items()}


def _value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return term.value if term is not None else None


def heads(store: ox.Store, works: set[str] | None = None) -> dict[str, list[Any]]:
    """Every built resolution (one with paragraphs), or those of `works`, without its
    paragraphs, as the list ResolutionOutline.of_head takes (what a build's index keeps of
    series); the first solution of a resolution counts."""
    found: dict[str, list[Any]] = {}
    for s in solutions(store, _among(_HEADS, works)) if works is None or works else ():
        iri = s["r"].value
        if iri not in found:
            found[iri] = [iri, _value(s, "symbol"), _value(s, "title"), _value(s, "body"),
                          _value(s, "adopted"),
                          int(s["session"].value) if s["session"] else None,
                          int(s["next"].value) if s["next"] else None, _value(s, "series"),
                          sorted(s["earlier"].value.split("|")) if s["earlier"] else []]
    return found


def outlines(store: ox.Store) -> list[ResolutionOutline]:
    """Every built resolution (one with paragraphs) with its paragraphs in reading order."""
    paragraphs = paragraph_outlines(store)
    found = [ResolutionOutline.of_head(head, paragraphs.get(iri, ()))
             for iri, head in heads(store).items()]
    return sorted(found, key=lambda r: (r.adopted or "", r.symbol or r.iri))
