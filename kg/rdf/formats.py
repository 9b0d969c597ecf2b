"""The one registry of formats kg writes: RDF syntaxes, SPARQL result formats and HTML.

A `Format` record drives everything that varies by format: the `--format` name of `kg export`,
the dumps of a build, the media types an `Accept` header may name (`kg.serve.negotiation`), the
extension of an explicit document address (`X.ttl`), the `format=` parameter of the SPARQL
endpoint, the W3C format IRI in the service description and VoID, and the pyoxigraph
serializer; adding a syntax is one row here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import UsageError, few


@dataclass(frozen=True)
class Format:
    """One serialisation: its names on the wire and on the command line, and its serializer."""

    name: str
    media_type: str
    extension: str
    iri: str  # http://www.w3.org/ns/formats/...
    aliases: tuple[str, ...] = ()  # other names and media types clients use for it
    rdf: ox.RdfFormat | None = None
    results: ox.QueryResultsFormat | None = None

    @property
    def media_types(self) -> tuple[str, ...]:
        """The canonical media type first, then the accepted synonyms."""
        return (self.media_type, *(a for a in self.aliases if "/" in a))

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text formats say their charset)."""
        if self.media_type.startswith("text/") or self.media_type.endswith(("+xml", "+json")):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type

    @property
    def datasets(self) -> bool:
        """Whether the syntax holds named graphs (a dump of the whole build needs them)."""
        return self.rdf is not None and self.rdf.supports_datasets

    def named(self, key: str) -> bool:
        """Whether `key` (a short name, extension, media type or alias, any case) names it."""
        key = key.strip().lower()
        return key in (self.name, self.extension, self.media_type, *self.aliases)


_NS = "http://www.w3.org/ns/formats/"

TURTLE = Format("turtle", "text/turtle", "ttl", _NS + "Turtle",
                ("ttl", "n3", "application/x-turtle", "application/turtle", "text/n3",
                 "text/rdf+n3", "application/n3"), rdf=ox.RdfFormat.TURTLE)
TRIG = Format("trig", "application/trig", "trig", _NS + "TriG", (), rdf=ox.RdfFormat.TRIG)
NTRIPLES = Format("nt", "application/n-triples", "nt", _NS + "N-Triples",
                  ("ntriples", "n-triples", "text/plain"), rdf=ox.RdfFormat.N_TRIPLES)
NQUADS = Format("nq", "application/n-quads", "nq", _NS + "N-Quads", ("nquads", "n-quads"),
                rdf=ox.RdfFormat.N_QUADS)
JSONLD = Format("jsonld", "application/ld+json", "jsonld", _NS + "JSON-LD",
                ("json-ld", "json", "application/json", "application/x-json+ld"),
                rdf=ox.RdfFormat.JSON_LD)
RDFXML = Format("xml", "application/rdf+xml", "rdf", _NS + "RDF_XML",
                ("rdfxml", "owl", "rdf/xml", "rdf+xml", "application/xml", "text/xml"),
                rdf=ox.RdfFormat.RDF_XML)
HTML = Format("html", "text/html", "html", "http://www.w3.org/1999/xhtml",
              ("htm", "application/xhtml+xml"))

RESULTS_JSON = Format("json", "application/sparql-results+json", "srj", _NS + "SPARQL_Results_JSON",
                      ("srj", "application/json"), results=ox.QueryResultsFormat.JSON)
RESULTS_XML = Format("xml", "application/sparql-results+xml", "srx", _NS + "SPARQL_Results_XML",
                     ("srx", "application/xml", "text/xml"), results=ox.QueryResultsFormat.XML)
RESULTS_CSV = Format("csv", "text/csv", "csv", _NS + "SPARQL_Results_CSV",
                     (), results=ox.QueryResultsFormat.CSV)
RESULTS_TSV = Format("tsv", "text/tab-separated-values", "tsv", _NS + "SPARQL_Results_TSV",
                     (), results=ox.QueryResultsFormat.TSV)

#: What `kg export` and the dumps can write.
EXPORT_FORMATS: tuple[Format, ...] = (TURTLE, TRIG, NTRIPLES, NQUADS, JSONLD, RDFXML)
#: Documents about a resource, in the order used when the client has no preference. HTML is not
#: first: a client that sends no Accept (or `*/*`) is a program and gets data.
DOCUMENT_FORMATS: tuple[Format, ...] = (TURTLE, HTML, JSONLD, NTRIPLES, RDFXML)
#: Graphs from CONSTRUCT/DESCRIBE, and the service description.
RDF_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)
#: SELECT/ASK results.
RESULT_FORMATS: tuple[Format, ...] = (RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV)


def among(name: str, offers: tuple[Format, ...]) -> Format | None:
    """The offer that `name` (short name, extension, alias or media type) names, or None.

    >>> among("TTL", RDF_FORMATS) is TURTLE, among("csv", RDF_FORMATS)
    (True, None)
    """
    return next((fmt for fmt in offers if fmt.named(name)), None)


def by_name(name: str) -> Format:
    """The export syntax a command line names; an unknown name is a UsageError listing them."""
    if found := among(name, EXPORT_FORMATS):
        return found
    known = few([f.name for f in EXPORT_FORMATS], near=name)
    raise UsageError(f"unknown RDF format {name!r} (known: {known})")


def by_extension(path: str) -> Format | None:
    """The export syntax a file name's extension says (`.ttl`, `.rdf`, `.owl`, `.json` ...).

    >>> by_extension("kg.owl") is RDFXML, by_extension("notes.txt")
    (True, None)
    """
    suffix = path.rsplit(".", 1)[-1].lower()
    return next((f for f in EXPORT_FORMATS if suffix in (f.extension, f.name, *f.aliases)
                 and "/" not in suffix), None)
