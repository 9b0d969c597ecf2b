"""Read access to the built graph for dereferencing and pages.

Everything here is a direct pattern lookup (`quads_for_pattern`) over the union of all named
graphs; no SPARQL parsing on the hot path of a resource GET. The store is opened read-only and
never changes while the server runs, so labels and "what resolution is this part of" answers are
memoised without invalidation.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

import pyoxigraph as ox

from kg.rdf.prefixes import DCTERMS, ELI, OWL, RDF, RDFS, SKOS, UNRES

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class NS:
    """The IRIs of the vocabulary contract that the server reads."""

    UNRES = UNRES
    ELI = ELI
    RDF_TYPE = ox.NamedNode(RDF + "type")
    RDFS_LABEL = ox.NamedNode(RDFS + "label")
    SKOS_PREF = ox.NamedNode(SKOS + "prefLabel")
    IDENTIFIER = ox.NamedNode(DCTERMS + "identifier")
    OWL_ONTOLOGY = ox.NamedNode(OWL + "Ontology")
    TITLE = ox.NamedNode(ELI + "title")
    HAS_PART = ox.NamedNode(ELI + "has_part")
    IS_PART_OF = ox.NamedNode(ELI + "is_part_of")
    CITES = ox.NamedNode(ELI + "cites")
    NUMBER = ox.NamedNode(ELI + "number")
    DATE = ox.NamedNode(ELI + "date_document")
    PASSED_BY = ox.NamedNode(ELI + "passed_by")
    RESOLUTION = ox.NamedNode(UNRES + "Resolution")
    DRAFT = ox.NamedNode(UNRES + "DraftResolution")
    PUBLISHED = ox.NamedNode(ELI + "date_publication")
    PARAGRAPH = ox.NamedNode(UNRES + "Paragraph")
    PREAMBULAR = ox.NamedNode(UNRES + "PreambularParagraph")
    OPERATIVE = ox.NamedNode(UNRES + "OperativeParagraph")
    SUBPARAGRAPH = ox.NamedNode(UNRES + "SubParagraph")
    ANNEX = ox.NamedNode(UNRES + "Annex")
    FOOTNOTE_CLASS = ox.NamedNode(UNRES + "Footnote")
    DOCUMENT = ox.NamedNode(UNRES + "Document")
    FOOTNOTE = ox.NamedNode(UNRES + "footnote")
    POSITION = ox.NamedNode(UNRES + "position")
    TEXT = ox.NamedNode(UNRES + "text")
    PHRASE = ox.NamedNode(UNRES + "openingPhrase")
    MENTIONS = ox.NamedNode(UNRES + "mentions")


#: Properties that name a thing, best first; used for labels of objects and page titles.
LABEL_PROPERTIES = (NS.SKOS_PREF, NS.RDFS_LABEL, NS.IDENTIFIER, NS.TITLE)


class Data:
    """The read-only store and the lookups pages and documents are built from."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        # Bound methods cached per instance (lru_cache on methods would pin every instance).
        self.label = lru_cache(maxsize=65536)(self._label)
        self.types = lru_cache(maxsize=65536)(self._types)
        self.resolution_of = lru_cache(maxsize=65536)(self._resolution_of)
        self.reading_order = lru_cache(maxsize=4096)(self._reading_order)

    # -- raw lookups -------------------------------------------------------------------------

    def triples(self, subject: ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
        """Every triple with `subject`, from all named graphs, without duplicates."""
        seen: dict[ox.Triple, None] = {}
        for q in self.store.quads_for_pattern(subject, None, None, None):
            seen.setdefault(q.triple, None)
        return list(seen)

    # Lookups go by (subject, property): pyoxigraph answers one in ~0.04 ms, while a scan of
    # all a subject's statements costs ~0.3 ms (measured on the built stores), so pages ask
    # for the few properties they show rather than fetch everything and pick.

    def objects(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> list[Term]:
        """Distinct objects of (subject, predicate), in store order."""
        seen: dict[Term, None] = {}
        for q in self.store.quads_for_pattern(subject, predicate, None, None):
            seen.setdefault(q.object, None)
        return list(seen)

    def value(self, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> Term | None:
        """One object of (subject, predicate), or None: the English one where a text is given
        in several official languages (each language's source gives its own)."""
        found = None
        for q in self.store.quads_for_pattern(subject, predicate, None, None):
            term = q.object
            if not isinstance(term, ox.Literal) or term.language in (None, "", "en"):
                return term
            found = found or term
        return found

    def subjects(self, predicate: ox.NamedNode | None, obj: Term,
                 limit: int) -> list[tuple[ox.NamedNode, ox.NamedNode | ox.BlankNode]]:
        """Up to `limit` distinct (predicate, subject) pairs pointing at `obj`."""
        seen: dict[tuple[ox.NamedNode, ox.NamedNode | ox.BlankNode], None] = {}
        for q in self.store.quads_for_pattern(None, predicate, obj, None):
            seen.setdefault((q.predicate, q.subject), None)
            if len(seen) >= limit:
                break
        return list(seen)

    def is_subject(self, node: ox.NamedNode) -> bool:
        """True when some graph says something about `node`."""
        return any(True for _ in self.store.quads_for_pattern(node, None, None, None))

    def is_object(self, node: ox.NamedNode) -> bool:
        """True when some graph points at `node`."""
        return any(True for _ in self.store.quads_for_pattern(None, None, node, None))

    def is_graph(self, node: ox.NamedNode) -> bool:
        """True when `node` names a graph of the store."""
        return self.store.contains_named_graph(node)

    def known(self, node: ox.NamedNode) -> bool:
        """True when the store knows `node` in any role: it dereferences."""
        return self.is_subject(node) or self.is_graph(node) or self.is_object(node)

    def graph_triples(self, graph: ox.NamedNode) -> list[ox.Triple]:
        """The contents of one named graph."""
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, graph)]

    # -- memoised facts ----------------------------------------------------------------------

    def _label(self, node: Term) -> str | None:
        """A human label for `node` (prefLabel, label, identifier, title), English first."""
        if not isinstance(node, ox.NamedNode | ox.BlankNode):
            return None
        for prop in LABEL_PROPERTIES:
            best: str | None = None
            # Iterate quads, not distinct objects: a cited document's label is repeated in the
            # graph of every resolution citing it, and the first English one will do.
            for q in self.store.quads_for_pattern(node, prop, None, None):
                obj = q.object
                if isinstance(obj, ox.Literal):
                    if obj.language in (None, "en") or obj.language.startswith("en-"):
                        return obj.value
                    best = best or obj.value
            if best:
                return best
        return None

    def _types(self, node: ox.NamedNode | ox.BlankNode) -> frozenset[str]:
        return frozenset(t.value for t in self.objects(node, NS.RDF_TYPE)
                         if isinstance(t, ox.NamedNode))

    def _resolution_of(self, node: ox.NamedNode | ox.BlankNode) -> ox.NamedNode | None:
        """The resolution (or draft) a paragraph, sub-paragraph, annex or footnote belongs to."""
        current: ox.NamedNode | ox.BlankNode = node
        for _ in range(16):  # bounded: a cycle in bad data must not hang a request
            if self.types(current) & {NS.RESOLUTION.value, NS.DRAFT.value}:
                return current if isinstance(current, ox.NamedNode) else None
            parent = self.value(current, NS.IS_PART_OF)
            if parent is None:
                holders = self.subjects(NS.FOOTNOTE, current, 1)
                parent = holders[0][1] if holders else None
            if not isinstance(parent, ox.NamedNode | ox.BlankNode):
                return None
            current = parent
        return None

    def _reading_order(self, resolution: ox.NamedNode) -> tuple[ox.NamedNode | ox.BlankNode, ...]:
        """The paragraphs and sub-paragraphs of a resolution by `unres:position`."""
        found = []
        for part in self.parts(resolution):
            if NS.PARAGRAPH.value in self.types(part):
                position = self.value(part, NS.POSITION)
                rank = int(position.value) if isinstance(position, ox.Literal) \
                    and position.value.isdigit() else 10**9
                found.append((rank, str(part), part))
        return tuple(part for _, _, part in sorted(found))

    # -- descriptions ------------------------------------------------------------------------

    def parts(self, node: ox.NamedNode) -> list[ox.NamedNode | ox.BlankNode]:
        """Paragraphs, sub-paragraphs, annexes and footnotes below `node`, each once."""
        found: dict[ox.NamedNode | ox.BlankNode, None] = {}
        todo: list[ox.NamedNode | ox.BlankNode] = [node]
        while todo and len(found) < 100_000:
            current = todo.pop()
            children: Iterable[Term] = [
                *self.objects(current, NS.HAS_PART),
                *(s for _, s in self.subjects(NS.IS_PART_OF, current, 100_000)),
                *self.objects(current, NS.FOOTNOTE),
            ]
            for child in children:
                if isinstance(child, ox.NamedNode | ox.BlankNode) and child not in found \
                        and child != node:
                    found[child] = None
                    todo.append(child)
        return list(found)

    def describe(self, node: ox.NamedNode) -> list[ox.Triple]:
        """The RDF document about `node`, from all graphs.

        Its own triples (blank-node objects followed, as in a CBD); for a resolution also its
        paragraphs and footnotes, so one document holds the whole text; for an ontology the graph
        that holds it; then a label for every IRI object so a reader need not fetch each one.
        A named graph's document is what the graph holds.
        """
        out: dict[ox.Triple, None] = dict.fromkeys(self.triples(node))
        if self.is_graph(node):  # a named graph's document is its contents
            out.update(dict.fromkeys(self.graph_triples(node)))
            return list(out)
        if NS.OWL_ONTOLOGY.value in self.types(node):
            for q in self.store.quads_for_pattern(node, NS.RDF_TYPE, NS.OWL_ONTOLOGY, None):
                if isinstance(q.graph_name, ox.NamedNode):
                    out.update(dict.fromkeys(self.graph_triples(q.graph_name)))
        elif NS.RESOLUTION.value in self.types(node):
            for part in self.parts(node):
                out.update(dict.fromkeys(self.triples(part)))
        self._follow_blank_nodes(out)
        self._add_labels(out)
        return list(out)

    def _follow_blank_nodes(self, out: dict[ox.Triple, None]) -> None:
        seen: set[ox.BlankNode] = set()
        todo = [t.object for t in out if isinstance(t.object, ox.BlankNode)]
        while todo and len(seen) < 10_000:
            bnode = todo.pop()
            if bnode in seen or not isinstance(bnode, ox.BlankNode):
                continue
            seen.add(bnode)
            for t in self.triples(bnode):
                out.setdefault(t, None)
                todo.append(t.object)

    def _add_labels(self, out: dict[ox.Triple, None]) -> None:
        subjects = {t.subject for t in out}
        objects = {t.object for t in out if isinstance(t.object, ox.NamedNode)} - subjects
        for obj in objects:
            for prop in LABEL_PROPERTIES[:3]:
                # A few quads are enough: the same label is stated once per citing graph.
                for q in islice(self.store.quads_for_pattern(obj, prop, None, None), 8):
                    out.setdefault(q.triple, None)
