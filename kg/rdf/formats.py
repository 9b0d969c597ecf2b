"""One registry of RDF syntaxes: drives export, dumps, content negotiation and the service
description, so that adding a syntax is one row here."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import UsageError, few


@dataclass(frozen=True)
class Format:
    name: str  # CLI name
    media_type: str
    extension: str
    oxigraph: ox.RdfFormat
    datasets: bool  # can hold named graphs
    w3c: str  # format IRI (http://www.w3.org/ns/formats/...)


FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", "ttl", ox.RdfFormat.TURTLE, False,
           "http://www.w3.org/ns/formats/Turtle"),
    Format("trig", "application/trig", "trig", ox.RdfFormat.TRIG, True,
           "http://www.w3.org/ns/formats/TriG"),
    Format("nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, False,
           "http://www.w3.org/ns/formats/N-Triples"),
    Format("nq", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, True,
           "http://www.w3.org/ns/formats/N-Quads"),
    Format("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, True,
           "http://www.w3.org/ns/formats/JSON-LD"),
    Format("xml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML, False,
           "http://www.w3.org/ns/formats/RDF_XML"),
)


def by_name(name: str) -> Format:
    for fmt in FORMATS:
        if name in (fmt.name, fmt.extension, fmt.media_type):
            return fmt
    known = few([f.name for f in FORMATS], near=name)
    raise UsageError(f"unknown RDF format {name!r} (known: {known})")


def by_extension(path: str) -> Format | None:
    suffix = path.rsplit(".", 1)[-1].lower()
    aliases = {"ttl": "turtle", "rdf": "xml", "owl": "xml", "json": "jsonld"}
    name = aliases.get(suffix, suffix)
    return next((f for f in FORMATS if name in (f.name, f.extension)), None)
