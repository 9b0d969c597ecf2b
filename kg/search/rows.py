"""What the search index holds, read from the built store: one hit per text and its facets.

Everything is read with `quads_for_pattern` one predicate at a time and joined in Python: a
single SPARQL query with the dozen OPTIONALs this needs took 3.4 s at 2,000 resolutions, the
pattern look-ups a fraction of that. A hit is a paragraph, sub-paragraph, footnote, annex or a
resolution's title; its facets are those of its resolution (body, session, year, vote,
committee, subject) and its own (kind, opening phrase, language, lineage change).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.rdf.prefixes import DCTERMS, ELI, RDF, RDFS, SKOS, UNRES

RDF_TYPE = RDF + "type"
PREF_LABEL = SKOS + "prefLabel"
RDFS_LABEL = RDFS + "label"
# Predicates whose objects name a subject heading (UNBIS, EuroVoc) or an SDG, where a reader
# gives them; the facet is empty in builds whose sources carry none.
SUBJECTS = (DCTERMS + "subject", ELI + "is_about")
SDG_ROOT = "http://metadata.un.org/sdg/"

KINDS = {UNRES + "PreambularParagraph": "preambular", UNRES + "OperativeParagraph": "operative",
         UNRES + "SubParagraph": "subparagraph", UNRES + "Annex": "annex",
         UNRES + "Footnote": "footnote"}
MARKS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # never in a text: highlight markers use them
STRENGTH = "strength "  # (its key in the labels table: prefixed, so no IRI can clash)
DOCUMENTS = {UNRES + "Resolution": "resolution", UNRES + "DraftResolution": "draft"}
_COUNTS = re.compile(r"^\d+\s*-\s*\d+\s*-\s*\d+$")


@dataclass
class Hit:
    """One searchable text with what the results page shows and the facets it is counted in."""

    iri: str
    graph: str
    resolution: str
    symbol: str
    date: str
    title: str
    kind: str
    position: int
    lang: str
    text: str
    facets: dict[str, str] = field(default_factory=dict)  # single-valued: body, session, ...
    tags: list[tuple[str, str]] = field(default_factory=list)  # many-valued: subject, change


def _objects(store: ox.Store, predicate: str, graph: ox.NamedNode | None
             ) -> Iterator[ox.Quad]:
    yield from store.quads_for_pattern(None, ox.NamedNode(predicate), None, graph)


def _map(store: ox.Store, predicate: str, graph: ox.NamedNode | None) -> dict[str, ox.Term]:
    """subject IRI -> first object of `predicate` (first English literal when there are more)."""
    found: dict[str, ox.Term] = {}
    for q in _objects(store, predicate, graph):
        key = q.subject.value
        obj = q.object
        if key not in found or (isinstance(obj, ox.Literal) and obj.language == "en"):
            found[key] = obj
    return found


def _labels(store: ox.Store) -> dict[str, str]:
    """IRI -> label (prefLabel, else rdfs:label; English first), over the whole store: labels
    live in the reference graph, not in a resolution's."""
    labels: dict[str, str] = {}
    for predicate in (RDFS_LABEL, PREF_LABEL):  # prefLabel read last wins
        for iri, obj in _map(store, predicate, None).items():
            labels[iri] = obj.value
    return labels


def vote_kind(outcome: str) -> str:
    """The vote facet: how a resolution was adopted, not the figures.

    >>> vote_kind("127-14-41"), vote_kind("without a vote"), vote_kind("Unanimously")
    ('recorded vote', 'without a vote', 'unanimously')
    """
    text = outcome.strip().lower()
    return "recorded vote" if _COUNTS.match(text) else text


def read_hits(store: ox.Store, graphs: Iterable[str] | None = None) -> Iterator[Hit]:
    """Every hit of the store, or of the given named graphs only (an incremental rebuild)."""
    labels = _labels(store)
    lineage = changes(store, labels)
    labels.update({STRENGTH + iri: s for iri, s in strengths(store, labels).items()})
    if graphs is None:
        yield from _hits(store, None, labels, lineage)
        return
    for name in graphs:
        yield from _hits(store, ox.NamedNode(name), labels, lineage)


def strengths(store: ox.Store, labels: dict[str, str]) -> dict[str, str]:
    """opening phrase IRI -> its place on its strength scale ("exhortation 3"), from the
    reference data."""
    scales = _map(store, UNRES + "strengthScale", None)
    found = {}
    for iri, level in _map(store, UNRES + "strength", None).items():
        scale = scales.get(iri)
        name = (labels.get(scale.value) or scale.value.rsplit("-", 1)[-1]) if scale else ""
        found[iri] = f"{name.split(':')[0].lower()} {level.value}".strip()
    return found


def changes(store: ox.Store, labels: dict[str, str] | None = None) -> dict[str, list[str]]:
    """paragraph IRI -> lineage change types (new, strengthened ...) since the last resolution
    of its series."""
    labels = _labels(store) if labels is None else labels
    to_para = _map(store, UNRES + "toParagraph", None)
    found: dict[str, list[str]] = defaultdict(list)
    for q in _objects(store, UNRES + "changeType", None):
        para = to_para.get(q.subject.value)
        if para is not None:
            label = labels.get(q.object.value) or q.object.value.rsplit("-", 1)[-1]
            if label not in found[para.value]:
                found[para.value].append(label)
    return found


def _hits(store: ox.Store, graph: ox.NamedNode | None, labels: dict[str, str],
          changes: dict[str, list[str]]) -> Iterator[Hit]:
    kinds: dict[str, str] = {}
    resolutions: dict[str, str] = {}
    for q in _objects(store, RDF_TYPE, graph):
        if q.object.value in KINDS:
            kinds.setdefault(q.subject.value, KINDS[q.object.value])
        elif q.object.value in DOCUMENTS:
            resolutions.setdefault(q.subject.value, DOCUMENTS[q.object.value])
    parent = {k: v.value for k, v in _map(store, ELI + "is_part_of", graph).items()}
    for q in _objects(store, UNRES + "footnote", graph):
        parent.setdefault(q.object.value, q.subject.value)
    position = _map(store, UNRES + "position", graph)
    phrase = _map(store, UNRES + "openingPhrase", graph)
    res = _Resolutions(store, graph, labels, resolutions)

    def resolution_of(iri: str) -> str | None:
        for _ in range(16):  # bounded: a cycle in bad data must not hang a build
            iri_parent = parent.get(iri)
            if iri_parent is None:
                return None
            if iri_parent in resolutions:
                return iri_parent
            iri = iri_parent
        return None

    seen: set[tuple[str, str]] = set()  # a paragraph once in each official language
    for q in _objects(store, UNRES + "text", graph):
        iri = q.subject.value
        owner = resolution_of(iri)
        if owner is None or not isinstance(q.object, ox.Literal):
            continue
        if (iri, q.object.language) in seen:
            continue
        seen.add((iri, q.object.language))
        pos = position.get(iri)
        hit = res.hit(owner, iri, q.graph_name, kinds.get(iri, "paragraph"),
                      int(pos.value) if pos is not None else 0, q.object)
        if (p := phrase.get(iri)) is not None:
            hit.facets["phrase"] = labels.get(p.value) or p.value.rsplit("/", 1)[-1]
            if (strength := labels.get(STRENGTH + p.value)) is not None:
                hit.facets["strength"] = strength
        hit.tags.extend(("change", c) for c in changes.get(iri, ()))
        yield hit
    for iri, title in res.titles.items():
        if iri in res.known:
            yield res.hit(iri, iri, res.graphs.get(iri), "title", -1, title)


class _Resolutions:
    """The resolution-level fields and facets, looked up once per graph read."""

    def __init__(self, store: ox.Store, graph: ox.NamedNode | None,
                 labels: dict[str, str], documents: dict[str, str]) -> None:
        self.labels = labels
        self.documents = documents
        self.symbol = _map(store, DCTERMS + "identifier", graph)
        # a draft has the date it was issued, a resolution the date it was adopted
        self.date = {**_map(store, ELI + "date_publication", graph),
                     **_map(store, ELI + "date_document", graph)}
        self.titles = {k: v for k, v in _map(store, ELI + "title", graph).items()
                       if isinstance(v, ox.Literal)}
        self.body = _map(store, ELI + "passed_by", graph)
        self.session = _map(store, UNRES + "session", graph)
        self.vote = _map(store, UNRES + "voteOutcome", graph)
        self.committee = _map(store, UNRES + "reportingCommittee", graph)
        self.many: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for predicate in SUBJECTS:
            for q in _objects(store, predicate, graph):
                value = labels.get(q.object.value) or q.object.value
                # a goal is a subject like any other in the data; a facet of its own here
                facet = "sdg" if q.object.value.startswith(SDG_ROOT) else "subject"
                self.many[q.subject.value].append((facet, value))
        self.graphs: dict[str, ox.NamedNode | ox.DefaultGraph | None] = {}
        for q in _objects(store, ELI + "has_part", graph):
            self.graphs.setdefault(q.subject.value, q.graph_name)
        self.known = set(self.graphs)

    def _text(self, table: dict[str, ox.Term], iri: str) -> str:
        term = table.get(iri)
        return term.value if term is not None else ""

    def hit(self, resolution: str, iri: str, graph: object, kind: str, position: int,
            text: ox.Literal) -> Hit:
        date = self._text(self.date, resolution)
        graph_name = graph.value if isinstance(graph, ox.NamedNode) else ""
        hit = Hit(iri, graph_name, resolution, self._text(self.symbol, resolution), date,
                  self._text(self.titles, resolution), kind, position,
                  (text.language or "und").lower(), MARKS.sub(" ", text.value))
        facets = hit.facets
        facets["kind"] = kind
        facets["document"] = self.documents.get(resolution, "resolution")
        facets["lang"] = hit.lang
        if date[:4].isdigit():
            facets["year"] = date[:4]
        if (session := self._text(self.session, resolution)):
            facets["session"] = session
        if (vote := self._text(self.vote, resolution)):
            facets["vote"] = vote_kind(vote)
        for name, table in (("body", self.body), ("committee", self.committee)):
            node = table.get(resolution)
            if node is not None:
                facets[name] = self.labels.get(node.value) or node.value.rsplit("/", 1)[-1]
        hit.tags.extend(self.many.get(resolution, ()))
        return hit
