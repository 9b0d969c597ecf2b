"""The one registry of formats the server speaks, and content negotiation over it.

A `Format` record drives everything that varies by format: which media types an `Accept` header
may name, the extension of an explicit document address (`X.ttl`), the `format=` parameter of the
SPARQL endpoint, the W3C format IRI in the service description, and the pyoxigraph serializer.
Negotiation honours q-values and wildcards (RFC 9110 §12.5.1); ties go to the server's order,
so a client that sends `*/*` gets the first offer (Turtle for data, JSON for results).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One serialisation: its names on the wire and the serializer behind them."""

    name: str
    media_type: str
    extension: str
    iri: str
    aliases: tuple[str, ...] = ()
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


_NS = "http://www.w3.org/ns/formats/"

TURTLE = Format("turtle", "text/turtle", "ttl", _NS + "Turtle",
                ("ttl", "n3", "application/x-turtle", "application/turtle", "text/n3",
                 "text/rdf+n3", "application/n3"), rdf=ox.RdfFormat.TURTLE)
JSONLD = Format("jsonld", "application/ld+json", "jsonld", _NS + "JSON-LD",
                ("json-ld", "json", "application/json", "application/x-json+ld"),
                rdf=ox.RdfFormat.JSON_LD)
NTRIPLES = Format("ntriples", "application/n-triples", "nt", _NS + "N-Triples",
                  ("nt", "n-triples", "text/plain"), rdf=ox.RdfFormat.N_TRIPLES)
RDFXML = Format("rdfxml", "application/rdf+xml", "rdf", _NS + "RDF_XML",
                ("rdf", "xml", "rdf/xml", "rdf+xml", "application/xml", "text/xml"),
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

#: Documents about a resource, in the order used when the client has no preference. HTML is not
#: first: a client that sends no Accept (or `*/*`) is a program and gets data.
DOCUMENT_FORMATS: tuple[Format, ...] = (TURTLE, HTML, JSONLD, NTRIPLES, RDFXML)
#: Graphs from CONSTRUCT/DESCRIBE, and the service description.
RDF_FORMATS: tuple[Format, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)
#: SELECT/ASK results.
RESULT_FORMATS: tuple[Format, ...] = (RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV)

BY_EXTENSION: dict[str, Format] = {f.extension: f for f in DOCUMENT_FORMATS}
_OFFER_SETS = (RESULT_FORMATS, RDF_FORMATS)


def by_name(name: str, offers: tuple[Format, ...]) -> Format | None:
    """The offer a `format=` parameter names (short name, alias or media type), or None."""
    key = name.strip().lower()
    for fmt in offers:
        if key in (fmt.name, fmt.extension, fmt.media_type, *fmt.aliases):
            return fmt
    return None


def requested(values: list[str]) -> str | None:
    """The one format that the `format=`/`output=` values of a request name, or None.

    Real clients repeat themselves: SPARQLWrapper sends `format` and `output` with its short
    name and, for some formats, again with media types (`format=tsv&format=text/tab-separated-
    values`, `format=json-ld&format=application/ld+json,application/x-json+ld`, or an empty
    value). Values that name the same format for every query form agree; empty ones and unknown
    media types beside a known name are ignored. Values naming different formats raise
    ValueError. The first known value is returned (an unknown one when none is known, so that
    the refusal names it).

    >>> requested(["tsv", "text/tab-separated-values", "tsv"])
    'tsv'
    """
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    known = [n for n in names if any(by_name(n, offers) for offers in _OFFER_SETS)]
    if not known:
        return names[0] if names else None
    first = known[0]
    for other in known[1:]:
        for offers in _OFFER_SETS:
            a, b = by_name(first, offers), by_name(other, offers)
            if a is not None and b is not None and a is not b:
                raise ValueError(f"The format parameters name different formats ({first!r} and "
                                 f"{other!r}); give one.")
    return first


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """`Accept` as (media range, q) pairs; malformed parts are skipped, not fatal.

    >>> parse_accept("text/html;q=0.5, text/turtle")
    [('text/html', 0.5), ('text/turtle', 1.0)]
    """
    if not header:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float]] = []
    for part in header.split(",")[:64]:  # a hostile header with 10^5 ranges costs nothing
        fields = part.split(";")
        media = fields[0].strip().lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges or [("*/*", 1.0)]


def _quality(media: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The q of the most specific range matching `media`, and that specificity (RFC 9110)."""
    best_q, best_spec = -1.0, -1
    kind = media.split("/", 1)[0]
    for rng, q in ranges:
        if rng == media:
            spec = 2
        elif rng == f"{kind}/*":
            spec = 1
        elif rng == "*/*":
            spec = 0
        else:
            continue
        if spec > best_spec:
            best_q, best_spec = q, spec
    return best_q, best_spec


def _rate(fmt: Format, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """How much the client wants `fmt`: an explicit mention of any of its media types decides
    (so `text/turtle;q=0` is not undone by `*/*` matching a synonym); otherwise wildcards count
    for the canonical media type only."""
    explicit = [q for rng, q in ranges if rng in fmt.media_types]
    if explicit:
        return max(explicit), 2
    return _quality(fmt.media_type, ranges)


def negotiate(header: str | None, offers: tuple[Format, ...]) -> Format | None:
    """The offer the client prefers; None when it accepts none of them (a 406).

    Each offer is rated by its best-rated media type; wildcards lose to explicit mentions at
    equal q so that `text/html, */*;q=0.9` picks HTML and `*/*` alone picks the first offer.

    >>> negotiate("application/rdf+xml;q=0.5, text/turtle;q=0.9", RDF_FORMATS).name
    'turtle'
    >>> negotiate("image/png", RDF_FORMATS) is None
    True
    """
    ranges = parse_accept(header)
    best: Format | None = None
    best_key = (0.0, -1)
    for fmt in offers:
        key = _rate(fmt, ranges)
        if key[0] > 0 and key > best_key:
            best, best_key = fmt, key
    return best
