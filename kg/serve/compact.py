"""Compact JSON-LD of a resource's triples, with the published context by reference.

A consumer reads `{"text": {"en": ...}, "partOf": ...}` instead of the expanded form's
`[{"https://w3id.org/unres/ontology#text": [{"@value": ...}]}]`, and fetches the context once
from its stable address (`BASE/context.jsonld`; a local server names its own copy, as it does
in `Location` headers, so a client of it need not reach the public host). The compaction is
done here rather than by a JSON-LD processor at serve time: a term is used only when every
value of the property fits its definition (its `@type`, or its language map), otherwise the
property keeps a compact IRI and values that say their own type, so expanding the document
gives back exactly the triples (tests/serve/test_jsonld.py checks that with pyld, against the
Turtle).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
import pyoxigraph as ox

from kg.builddir.dumps import jsonld_context
from kg.rdf.prefixes import RDF, XSD

#: The version of the published context; bump it when a term changes meaning (a term added is
#: not a change: documents that do not use it read the same).
CONTEXT_VERSION = "1"
_XSD_STRING = XSD + "string"
_RDF_TYPE = RDF + "type"


@dataclass(frozen=True)
class Term:
    """One term of the context: the property it names and what its values must be."""

    name: str
    iri: str
    type: str | None = None  # "@id", or a datatype IRI
    container: str | None = None  # "@language"


class Context:
    """The published context, read for compaction: prefixes and terms by property IRI."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.prefixes: dict[str, str] = {k: v for k, v in context.items()
                                         if isinstance(v, str) and v.endswith(("#", "/"))}
        self.terms: dict[str, list[Term]] = {}
        for name, value in context.items():
            if name.startswith("@") or name in self.prefixes:
                continue
            spec = value if isinstance(value, dict) else {"@id": value}
            typ = spec.get("@type")
            term = Term(name, self.expand(spec["@id"]),
                        typ if typ == "@id" or typ is None else self.expand(typ),
                        spec.get("@container"))
            self.terms.setdefault(term.iri, []).append(term)

    def expand(self, curie: str) -> str:
        prefix, colon, local = curie.partition(":")
        if colon and prefix in self.prefixes:
            return self.prefixes[prefix] + local
        return curie

    def iri(self, iri: str) -> str:
        """A compact IRI (`eli:cites`) where a prefix fits, else the IRI itself."""
        for prefix, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("/"):
                return f"{prefix}:{iri[len(ns):]}"
        return iri


@lru_cache(maxsize=1)
def published() -> Context:
    return Context(jsonld_context())


def context_document() -> bytes:
    """The context as served: the file of the package, with its version beside it."""
    return orjson.dumps({"@context": jsonld_context(), "version": CONTEXT_VERSION},
                        option=orjson.OPT_INDENT_2)


def _id(ctx: Context, node: ox.NamedNode | ox.BlankNode) -> str:
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    return ctx.iri(node.value)


def _fits(term: Term, values: list[ox.Term]) -> bool:
    if term.container == "@language":
        return all(isinstance(v, ox.Literal) and v.language for v in values)
    if term.type == "@id":
        return all(isinstance(v, ox.NamedNode | ox.BlankNode) for v in values)
    if term.type is not None:
        return all(isinstance(v, ox.Literal) and not v.language and v.datatype.value == term.type
                   for v in values)
    return True


def _value(ctx: Context, term: Term | None, value: ox.Term) -> Any:
    """One value, as short as the term allows and no shorter."""
    if isinstance(value, ox.NamedNode | ox.BlankNode):
        return _id(ctx, value) if term is not None and term.type == "@id" \
            else {"@id": _id(ctx, value)}
    assert isinstance(value, ox.Literal)
    if value.language:
        return {"@value": value.value, "@language": value.language}
    if term is not None and term.type is not None:
        return value.value  # the term's datatype
    if value.datatype.value == _XSD_STRING:
        return value.value
    return {"@value": value.value, "@type": ctx.iri(value.datatype.value)}


def _property(ctx: Context, predicate: str, values: list[ox.Term]) -> tuple[str, Any]:
    term = next((t for t in ctx.terms.get(predicate, []) if _fits(t, values)), None)
    key = term.name if term is not None else ctx.iri(predicate)
    if term is not None and term.container == "@language":
        langs: dict[str, list[str]] = {}
        for v in values:
            assert isinstance(v, ox.Literal) and v.language
            langs.setdefault(v.language, []).append(v.value)
        return key, {lang: texts[0] if len(texts) == 1 else texts for lang, texts in langs.items()}
    out = [_value(ctx, term, v) for v in values]
    return key, out[0] if len(out) == 1 else out


def compact(triples: list[ox.Triple], context_iri: str) -> bytes:
    """The triples as one compact JSON-LD document: a node object per subject, in the order
    of their first triple, under `@graph`."""
    ctx = published()
    nodes: dict[ox.NamedNode | ox.BlankNode, dict[str, list[ox.Term]]] = {}
    for t in triples:
        subject = t.subject
        if not isinstance(subject, ox.NamedNode | ox.BlankNode):
            continue  # RDF-star triple terms: not in this data
        nodes.setdefault(subject, {}).setdefault(t.predicate.value, []).append(t.object)
    graph = []
    for subject, props in nodes.items():
        node: dict[str, Any] = {"@id": _id(ctx, subject)}
        types = props.pop(_RDF_TYPE, [])
        if all(isinstance(v, ox.NamedNode) for v in types):
            if types:
                ids = [ctx.iri(v.value) for v in types]
                node["@type"] = ids[0] if len(ids) == 1 else ids
        else:  # a literal as rdf:type: legal RDF, but not sayable with @type
            props[_RDF_TYPE] = types
        for predicate, values in props.items():
            key, value = _property(ctx, predicate, values)
            node[key] = value
        graph.append(node)
    return orjson.dumps({"@context": context_iri, "@graph": graph}, option=orjson.OPT_INDENT_2)
