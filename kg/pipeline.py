"""The one path from a source file to its graph: read, normalise, segment, extract, model.

`kg build` (in its workers), `kg parse`, `kg report`, `kg diff` and the gold tests all go
through here, so what one shows is what the other builds. The modules this one imports, and
theirs, are what shapes a resolution's graph: the build cache's fingerprint is their code
(kg.builddir.cache), found from this module's imports, not from a list kept by hand.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.document import Resolution
from kg.extract import extract
from kg.normalise import normalise
from kg.rdf.resources import reference_data
from kg.segment import segment_parts
from kg.settings import DEFAULT_BASE
from kg.sources import read_source
from kg.triples import Triples, document_ntriples, rdflib_graph


def annotate_all(path: str | Path, *, base: str = DEFAULT_BASE) -> tuple[Resolution, ...]:
    """Every resolution of one source file (several for lettered parts), annotated."""
    refdata = reference_data(base)
    source = read_source(path)
    return tuple(extract(part, refdata)
                 for part in segment_parts(source, normalise(source.text), refdata))


def source_graph(path: str | Path, *,
                 base: str = DEFAULT_BASE) -> tuple[tuple[Resolution, ...], str, Triples]:
    """One source file through every text stage and the model: its resolutions, and the name
    and triples of its named graph. The one path from a file to RDF (build, parse, kg diff)."""
    parts = annotate_all(path, base=base)
    name, triples = document_ntriples(parts, base=base, refdata=reference_data(base))
    return parts, name, triples


def parse(path: str | Path, *, base: str = DEFAULT_BASE) -> tuple[Resolution, str, Graph]:
    """The same as an rdflib Graph, with the source's first resolution (for inspection)."""
    parts, name, triples = source_graph(path, base=base)
    return parts[0], name, rdflib_graph(name, triples)
