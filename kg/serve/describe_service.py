"""Machine-readable self-descriptions: SPARQL Service Description and VoID/DCAT.

Both are written as Turtle (readable in the source, checked by pyoxigraph's parser) and then
re-serialised into whatever RDF format the client negotiated. Access URLs (endpoint, dumps) are
those the client reached the server by, so a local test server describes itself correctly; the
URI space is the base the data was minted under.
"""

from __future__ import annotations

import functools
from importlib import resources

import pyoxigraph as ox

from kg.rdf import formats
from kg.rdf.prefixes import DCTERMS, PREFIX_IRIS
from kg.serve.catalogue import Statistics
from kg.serve.config import BuildInfo, DumpFile, Limits
from kg.serve.guard import MAX_DEPTH

_PREFIXES = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix spdx: <http://spdx.org/rdf/terms#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


_IANA = "https://www.iana.org/assignments/media-types/"
_ABOUT = ("United Nations resolutions, their paragraphs, footnotes, citations and the mandates "
          "they mention, as linked data.")


def _lit(text: object) -> str:
    """A Turtle string literal for any text."""
    return str(ox.Literal(str(text)))


def _iri(iri: str) -> str:
    return str(ox.NamedNode(iri))


def _memory(limits: Limits) -> str:
    return f"{limits.memory_mb} MB" if limits.memory_mb > 0 else "no cap"


def _per_client(limits: Limits) -> str:
    return str(limits.per_client) if limits.per_client > 0 else "any number of"


def service_description(endpoint: str, info: BuildInfo, limits: Limits) -> str:
    """sd:Service for the endpoint at `endpoint` (the URL the client used)."""
    results = " , ".join(_iri(f.iri) for f in formats.RESULT_FORMATS + formats.RDF_FORMATS)
    triples = info.meta.get("triples")
    size = f"void:triples {int(triples)} ;" if isinstance(triples, int) else ""
    return _PREFIXES + f"""
{_iri(endpoint)} a sd:Service ;
    sd:endpoint {_iri(endpoint)} ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {results} ;
    sd:feature sd:UnionDefaultGraph ;
    dcterms:description {_lit(
        "Read-only SPARQL 1.1 endpoint over the UN resolutions graph. The default graph is the "
        "union of all named graphs. SERVICE (federation) and SPARQL Update are refused. Limits: "
        f"{limits.timeout_s:g} s per query (503 when exceeded), {limits.max_rows} result rows "
        "(header X-KG-Truncated: true when cut), request bodies up to "
        f"{limits.max_body} bytes (413), queries UTF-8 and nested at most {MAX_DEPTH} deep (400), "
        f"{_memory(limits)} of memory per query (507 when exceeded), "
        f"{_per_client(limits)} queries in flight per client address (429 with Retry-After "
        f"beyond), {limits.queue} queries waiting for one of {limits.workers} workers for at most "
        f"{limits.queue_wait_s:g} s (503 with Retry-After beyond).")} ;
    sd:defaultDataset [
        a sd:Dataset ;
        sd:defaultGraph [ a sd:Graph ; {size} dcterms:description {_lit(
            "Union of all named graphs")} ]
    ] .
"""


def void_description(root: str, info: BuildInfo, examples: list[str] | None = None,
                     stats: Statistics | None = None, issued: str | None = None) -> str:
    """void:Dataset + dcat:Dataset: endpoint, dumps, URI space, counts, partitions, examples,
    and the curated licence, rights and publisher (`ontology/dataset.ttl`).

    The dataset's IRI is under the published base, not the host the request came by, so that
    every mirror and every test server describes the same dataset; access URLs (endpoint,
    dumps) are the ones the client can reach.
    """
    meta = info.meta
    described = f"{info.base}.well-known/void"
    dataset = described + "#dataset"
    lines = [
        f"{_iri(dataset)} a void:Dataset , dcat:Dataset ;",
        f"    dcterms:title {_lit('UN resolutions knowledge graph')} ;",
        f"    dcterms:description {_lit(_ABOUT)} ;",
        f"    void:uriSpace {_lit(info.base)} ;",
        f"    void:sparqlEndpoint {_iri(root + 'sparql')} ;",
        f"    dcterms:modified {_lit(info.modified.date().isoformat())}^^xsd:date ;",
        f"    dcat:landingPage {_iri(root)} ;",
        "    void:vocabulary " + " , ".join(_iri(PREFIX_IRIS[p]) for p in _VOCABULARIES) + " ;",
    ]
    if issued:
        lines.append(f"    dcterms:issued {_lit(issued)}^^xsd:date ;")
    for example in examples or []:
        lines.append(f"    void:exampleResource {_iri(example)} ;")
    if isinstance(meta.get("triples"), int):
        lines.append(f"    void:triples {meta['triples']} ;")
    if isinstance(meta.get("resolutions"), int):
        lines.append(f"    void:documents {meta['resolutions']} ;")
    if isinstance(tool := meta.get("tool_version"), str):  # (the software that made it)
        lines.append(f"    prov:wasGeneratedBy [ a prov:Activity ; rdfs:label "
                     f"{_lit('built by ' + tool)} ] ;")
    if stats is not None:
        lines.append(f"    void:entities {stats.entities} ;")
        lines.append(f"    void:classes {len(stats.classes)} ;")
        lines.append(f"    void:properties {len(stats.properties)} ;")
        for cls, n in sorted(stats.classes.items()):
            lines.append(f"    void:classPartition [ void:class {_iri(cls)} ; "
                         f"void:entities {n} ] ;")
        for prop, n in sorted(stats.properties.items()):
            lines.append(f"    void:propertyPartition [ void:property {_iri(prop)} ; "
                         f"void:triples {n} ] ;")
    dumps = info.dumps()
    for dump in dumps:
        lines.append(f"    void:dataDump {_iri(root + 'dumps/' + dump.name)} ;")
        distribution = root + "dumps/" + dump.name + "#distribution"
        lines.append(f"    dcat:distribution {_iri(distribution)} ;")
    lines[-1] = lines[-1][:-1] + "."
    for dump in dumps:
        lines.append(_distribution(root, dump))
    return _PREFIXES + "\n".join(lines) + "\n" + dataset_terms(described)


_VOCABULARIES = ("unres", "eli", "dcterms", "skos", "prov")


@functools.cache
def dataset_terms(described: str) -> str:
    """The curated description of the dataset (`ontology/dataset.ttl`, whose `<#dataset>` is
    relative to the VoID document), as N-Triples lines (which are Turtle too)."""
    text = resources.files("kg.ontology").joinpath("dataset.ttl").read_bytes()
    triples = ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=described)
    return bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode()


def _distribution(root: str, dump: DumpFile) -> str:
    """DCAT 3: the media type of the contents, the compression apart, the SHA-256 as SPDX."""
    url = root + "dumps/" + dump.name
    lines = [f"{_iri(url + '#distribution')} a dcat:Distribution ;",
             f"    dcat:downloadURL {_iri(url)} ;",
             f"    dcat:mediaType {_iri(_IANA + dump.content_type)} ;",
             f"    dcat:byteSize {dump.size} ;"]
    if dump.name.endswith(".gz"):
        lines.append(f"    dcat:compressFormat {_iri(_IANA + 'application/gzip')} ;")
    if dump.sha256:
        lines.append(f"    spdx:checksum [ a spdx:Checksum ; spdx:algorithm "
                     f"spdx:checksumAlgorithm_sha256 ; spdx:checksumValue "
                     f"{_lit(dump.sha256)}^^xsd:hexBinary ] ;")
    lines[-1] = lines[-1][:-1] + "."
    return "\n".join(lines)


def to_format(turtle: str, fmt: formats.Format) -> bytes:
    """Re-serialise a description written in Turtle (kept as written when Turtle is asked)."""
    triples = [q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#",
                "void": "http://rdfs.org/ns/void#", "dcat": "http://www.w3.org/ns/dcat#",
                "dcterms": DCTERMS, "spdx": "http://spdx.org/rdf/terms#",
                "foaf": PREFIX_IRIS["foaf"]}
    if fmt is formats.TURTLE:
        return turtle.encode()  # parsed above, so known to be valid
    return ox.serialize(triples, format=fmt.rdf, prefixes=prefixes)
