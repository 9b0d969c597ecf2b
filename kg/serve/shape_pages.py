"""The shapes documented where their IRIs point: `/shapes`.

A validation report names each finding's shape by its IRI, `https://w3id.org/unres/shapes#R05-
resolution-title`; a browser that follows it asks for `/shapes` and lands, through the 303 to
`/shapes.html`, on the element whose id is the shape's local name: its label, what it checks,
the message it reports, its severity and path, and the made-up defects that make it fire
(`shapes/examples/RULE-invalid-NN.ru`, the same the test suite applies to a valid resolution).
`/shapes.ttl` is the shapes files as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg.rdf import formats
from kg.rdf.prefixes import RDF, RDFS
from kg.serve.config import BuildInfo
from kg.serve.pages import Pages
from kg.serve.views import compact as curie
from kg.serve.web import build_document, see_document

SHAPES = "https://w3id.org/unres/shapes"
_SH = "http://www.w3.org/ns/shacl#"
_OFFERS = (formats.HTML, formats.TURTLE)
_LAYERS = {"R": "resolution", "W": "recommended (warnings)", "C": "corpus", "O": "ontology",
           "L": "lineage"}


@dataclass
class Example:
    """A made-up defect: what it breaks (its first comment line) and the SPARQL Update."""

    name: str
    says: str
    update: str


@dataclass
class ShapeEntry:
    id: str
    iri: str
    label: str
    comment: str = ""
    message: str = ""
    severity: str = "Violation"
    rows: list[tuple[str, str]] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


def _literal(store: ox.Store, s: ox.NamedNode, prop: str) -> str:
    for q in store.quads_for_pattern(s, ox.NamedNode(prop), None, None):
        if isinstance(q.object, ox.Literal):
            return q.object.value
    return ""


def _named(store: ox.Store, s: ox.NamedNode, prop: str) -> list[str]:
    return sorted(curie(q.object.value) for q in store.quads_for_pattern(
        s, ox.NamedNode(prop), None, None) if isinstance(q.object, ox.NamedNode))


def examples() -> dict[str, list[Example]]:
    """The packaged defects, by rule (`R05`)."""
    found: dict[str, list[Example]] = {}
    folder = resources.files("kg.shapes") / "examples"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".ru"):
            continue
        text = entry.read_text("utf-8")
        lines = text.splitlines()
        says = next((x.lstrip("# ").strip() for x in lines if x.startswith("#")
                     and not x.startswith("# expect")), "")
        update = "\n".join(x for x in lines if not x.startswith("#")).strip()
        rule = entry.name.split("-", 1)[0]
        found.setdefault(rule, []).append(Example(entry.name, says, update))
    return found


class ShapePages:
    """`/shapes` (a 303) and `/shapes.html`, `/shapes.ttl`."""

    def __init__(self, pages: Pages, info: BuildInfo) -> None:
        self.pages, self.info = pages, info

    @cached_property
    def turtle(self) -> bytes:
        folder = resources.files("kg.shapes")
        return b"\n".join(e.read_bytes() for e in sorted(folder.iterdir(), key=lambda e: e.name)
                          if e.name.endswith(".ttl"))

    @cached_property
    def store(self) -> ox.Store:
        store = ox.Store()
        folder = resources.files("kg.shapes")
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".ttl"):
                store.load(entry.read_bytes(), format=ox.RdfFormat.TURTLE)
        return store

    @cached_property
    def shapes(self) -> list[ShapeEntry]:
        """Every shape with an IRI of ours, in the order of its rule (package data: read once
        per process)."""
        store, defects = self.store, examples()
        out: dict[str, ShapeEntry] = {}
        for kind in ("NodeShape", "PropertyShape", "SPARQLConstraint"):
            for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"),
                                             ox.NamedNode(_SH + kind), None):
                s = q.subject
                if not isinstance(s, ox.NamedNode) or not s.value.startswith(SHAPES + "#"):
                    continue
                local = s.value.removeprefix(SHAPES + "#")
                severity = _named(store, s, _SH + "severity")
                rows = [(name, ", ".join(values)) for name, values in (
                    ("kind", [f"sh:{kind}"]),
                    ("path", _named(store, s, _SH + "path")),
                    ("targets", _named(store, s, _SH + "targetClass")
                     + _named(store, s, _SH + "targetSubjectsOf")),
                    ("datatype", _named(store, s, _SH + "datatype")),
                    ("class", _named(store, s, _SH + "class")),
                    ("layer", [_LAYERS.get(local[:1], "")])) if values and values != [""]]
                out[local] = ShapeEntry(
                    local, s.value, _literal(store, s, RDFS + "label") or local,
                    _literal(store, s, RDFS + "comment"), _literal(store, s, _SH + "message"),
                    severity[0].removeprefix("sh:") if severity else "Violation", rows,
                    defects.get(local.split("-", 1)[0], []))
        return [out[k] for k in sorted(out)]

    def _respond(self, request: Request, key: str, body: bytes | Callable[[], bytes],
                 content_type: str) -> Response:
        return build_document(request, self.info.tag, self.info.modified, key, body,
                              content_type)

    async def shapes_thing(self, request: Request) -> Response:
        """`/shapes`: 303 to the document in the negotiated format (HTML for browsers)."""
        return see_document(request, "/shapes", _OFFERS)

    async def shapes_document(self, request: Request) -> Response:
        ext = request.path_params["ext"]
        if ext == "html":
            return self._respond(request, "shapes.html", lambda: self.pages.render(
                "shapes.html", shapes=self.shapes, iri=SHAPES), "text/html; charset=utf-8")
        if ext == "ttl":
            return self._respond(request, "shapes.ttl", self.turtle, formats.TURTLE.content_type)
        return PlainTextResponse("The shapes are at /shapes.html and /shapes.ttl\n", 404)
