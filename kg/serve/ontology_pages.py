"""The vocabulary documented where its IRIs point: `/ontology` and the SKOS schemes.

Every `unres:` term is `https://w3id.org/unres/ontology#local`; a browser that follows it asks
for `/ontology` and lands, through the 303 to `/ontology.html`, on the element whose id is the
term's local name. The page is made from the package's own `ontology/unres.ttl` (not the store),
so it documents the vocabulary kg writes even for a build that did not load it; the schemes of
`ontology/vocab/*.ttl` (phrases, change types, votes, SDGs; the strength scales as collections)
get a page each at `/vocab/{last segment of the scheme IRI}`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from typing import Any

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg.rdf import formats
from kg.rdf.prefixes import OWL, RDF, RDFS, SKOS
from kg.rdf.resources import VOCABULARIES
from kg.serve import iris
from kg.serve.compact import compact
from kg.serve.config import BuildInfo
from kg.serve.pages import Pages
from kg.serve.views import compact as curie
from kg.serve.web import build_document, public_root, see_document

ONTOLOGY = "https://w3id.org/unres/ontology"
_KINDS = {OWL + "Class": "class", OWL + "ObjectProperty": "object property",
          OWL + "DatatypeProperty": "datatype property",
          OWL + "FunctionalProperty": "functional", RDF + "Property": "property"}
#: Statements of other vocabularies a term is aligned with, as the page names them.
_ALIGNMENTS = {OWL + "equivalentClass": "equivalent class",
               OWL + "equivalentProperty": "equivalent property",
               SKOS + "exactMatch": "exact match", SKOS + "closeMatch": "close match",
               SKOS + "broadMatch": "broader match", SKOS + "narrowMatch": "narrower match",
               SKOS + "relatedMatch": "related match", OWL + "inverseOf": "inverse of",
               OWL + "disjointWith": "disjoint with"}
_OFFERS = (formats.HTML, formats.TURTLE, formats.JSONLD)


@dataclass
class Entry:
    """One class, property or concept as a page shows it."""

    id: str
    iri: str
    label: str
    comment: str = ""
    kinds: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[dict[str, str | None]]]] = field(default_factory=list)


def _graph(text: str, base: str | None = None) -> ox.Store:
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.TURTLE, base_iri=base)
    return store


def _values(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, prop: str) -> list[ox.Term]:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(prop), None, None)]


def _text(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, *props: str) -> str:
    for prop in props:
        for value in _values(store, subject, prop):
            if isinstance(value, ox.Literal):
                return value.value
    return ""


class OntologyPages:
    """`/ontology` (HTML, Turtle, JSON-LD) and `/vocab/`, `/vocab/{name}`."""

    def __init__(self, pages: Pages, info: BuildInfo) -> None:
        self.pages = pages
        self.info = info
        self.turtle = (resources.files("kg.ontology") / "unres.ttl").read_bytes()

    @cached_property
    def ontology(self) -> ox.Store:
        return _graph(self.turtle.decode("utf-8"))

    @cached_property
    def vocab(self) -> ox.Store:
        store = ox.Store()
        folder = resources.files("kg.ontology") / "vocab"
        for name in VOCABULARIES:
            store.load((folder / f"{name}.ttl").read_bytes(), format=ox.RdfFormat.TURTLE,
                       base_iri=self.info.base)
        return store

    def _link(self, term: ox.Term) -> dict[str, str | None]:
        if not isinstance(term, ox.NamedNode):
            return {"text": str(term), "href": None}
        if term.value.startswith(ONTOLOGY + "#"):
            local = term.value.removeprefix(ONTOLOGY + "#")
            return {"text": f"unres:{local}", "href": f"#{local}"}
        return {"text": curie(term.value), "href": iris.href(self.info.base, term.value)}

    def terms(self) -> list[Entry]:
        """Classes first, then properties, each in the order of their labels."""
        store = self.ontology
        found: dict[str, Entry] = {}
        for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), None, None):
            s = q.subject
            if not isinstance(s, ox.NamedNode) or not s.value.startswith(ONTOLOGY + "#"):
                continue
            kind = _KINDS.get(q.object.value)
            entry = found.get(s.value)
            if entry is None:
                entry = found[s.value] = self._entry(store, s)
            if kind:
                entry.kinds.append(kind)
        def order(e: Entry) -> tuple[int, str]:
            return ("class" not in e.kinds, e.id.lower())
        entries = sorted(found.values(), key=order)
        for e in entries:
            e.kinds.sort(key=lambda k: k == "functional")
        return entries

    def _entry(self, store: ox.Store, s: ox.NamedNode) -> Entry:
        rows = []
        for name, prop in (("super-classes", RDFS + "subClassOf"),
                           ("super-properties", RDFS + "subPropertyOf"),
                           ("domain", RDFS + "domain"), ("range", RDFS + "range"),
                           *((label, prop) for prop, label in _ALIGNMENTS.items())):
            links = [self._link(v) for v in _values(store, s, prop)]
            if links:
                rows.append((name, sorted(links, key=lambda link: str(link["text"]))))
        local = s.value.removeprefix(ONTOLOGY + "#")
        return Entry(local, s.value, _text(store, s, RDFS + "label") or local,
                     _text(store, s, RDFS + "comment"), [], rows)

    def schemes(self) -> list[dict[str, Any]]:
        """Concept schemes and collections of the curated vocabularies, with their members."""
        store = self.vocab
        out = []
        for kind, member_of in ((SKOS + "ConceptScheme", None), (SKOS + "Collection", True)):
            for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"),
                                             ox.NamedNode(kind), None):
                s = q.subject
                if not isinstance(s, ox.NamedNode):
                    continue
                if member_of:
                    members = _values(store, s, SKOS + "member")
                else:
                    members = [m.subject for m in store.quads_for_pattern(
                        None, ox.NamedNode(SKOS + "inScheme"), s, None)]
                out.append({"name": s.value.rstrip("/").rsplit("/", 1)[-1], "iri": s.value,
                            "label": _text(store, s, SKOS + "prefLabel", RDFS + "label"),
                            "comment": _text(store, s, RDFS + "comment", SKOS + "definition"),
                            "kind": "collection" if member_of else "concept scheme",
                            "members": members})
        return sorted(out, key=lambda d: d["name"])

    def _concepts(self, members: list[ox.Term]) -> list[Entry]:
        store = self.vocab
        entries = []
        for m in members:
            if not isinstance(m, ox.NamedNode):
                continue
            label = _text(store, m, SKOS + "prefLabel", RDFS + "label") or m.value
            rows = []
            for name, prop in (("notation", SKOS + "notation"),
                               ("also called", SKOS + "altLabel")):
                values = [{"text": v.value, "href": None} for v in _values(store, m, prop)
                          if isinstance(v, ox.Literal)]
                if values:
                    rows.append((name, values))
            entry = Entry(m.value.rstrip("/").rsplit("/", 1)[-1], m.value, label,
                          _text(store, m, SKOS + "definition", RDFS + "comment"), [], rows)
            entries.append(entry)
        return sorted(entries, key=lambda e: (e.label.lower(), e.iri))

    # -- routes ------------------------------------------------------------------------------

    def _respond(self, request: Request, key: str, body: bytes | Callable[[], bytes],
                 content_type: str) -> Response:
        return build_document(request, self.info.tag, self.info.modified, key, body,
                              content_type)

    async def ontology_thing(self, request: Request) -> Response:
        """`/ontology`: 303 to the document in the negotiated format (HTML for browsers)."""
        return see_document(request, "/ontology", _OFFERS)

    async def ontology_document(self, request: Request) -> Response:
        ext = request.path_params["ext"]
        if ext == "html":
            return self._respond(request, "ontology.html", lambda: self.pages.render(
                "ontology.html", terms=self.terms(), schemes=self.schemes(),
                label=_text(self.ontology, ox.NamedNode(ONTOLOGY), RDFS + "label"),
                comment=_text(self.ontology, ox.NamedNode(ONTOLOGY), RDFS + "comment"),
                version=_text(self.ontology, ox.NamedNode(ONTOLOGY), OWL + "versionInfo"),
                iri=ONTOLOGY), "text/html; charset=utf-8")
        if ext == "ttl":
            return self._respond(request, "ontology.ttl", self.turtle, formats.TURTLE.content_type)
        if ext == "jsonld":  # (its context where the client reached the server)
            return self._respond(request, "ontology.jsonld", lambda: compact(
                [q.triple for q in self.ontology],
                public_root(request, self.info.base) + "context.jsonld"),
                formats.JSONLD.content_type)
        if ext == "nt":
            return self._respond(request, "ontology.nt", lambda: bytes(ox.serialize(
                [q.triple for q in self.ontology], format=ox.RdfFormat.N_TRIPLES) or b""),
                formats.NTRIPLES.content_type)
        return PlainTextResponse("The ontology is at /ontology.html, .ttl, .jsonld and .nt\n", 404)

    async def scheme(self, request: Request) -> Response:
        """`/vocab/`: the schemes; `/vocab/{name}`: one scheme's concepts, or 404."""
        name = request.path_params.get("name", "")
        schemes = self.schemes()
        if not name:
            return self._respond(request, "vocab", lambda: self.pages.render(
                "scheme.html", scheme=None, schemes=schemes), "text/html; charset=utf-8")
        scheme = next((s for s in schemes if s["name"] == name), None)
        if scheme is None:
            return PlainTextResponse(f"No scheme named {name!r}; see /vocab/\n", 404)
        concepts = self._concepts(scheme["members"])
        return self._respond(request, f"vocab-{name}", lambda: self.pages.render(
            "scheme.html", scheme=scheme, concepts=concepts, schemes=schemes,
            link=lambda iri: iris.href(self.info.base, iri)), "text/html; charset=utf-8")

