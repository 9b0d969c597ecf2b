"""Dumps of a build in every syntax of the format registry.

Dumps are written from the graphs as built, not read back from the store: Oxigraph's store
canonicalises derived datatypes (an `xsd:positiveInteger` comes back as `xsd:integer`), and a
dump must say exactly what the model says. Turtle, N-Triples and RDF/XML hold no named graphs, so
they get the union of all graphs (each triple once); TriG, N-Quads and JSON-LD keep one graph
per resolution. A build's own dumps are written in parts (kg.builddir.parts); they are read here as
the single files they make (`open_dump`), or graph by graph from the build's index.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import BinaryIO

import orjson
import pyoxigraph as ox

from kg.atomic import writing
from kg.builddir.concat import concatenated
from kg.builddir.parts import DUMPS_DIR, INDEX_DIR, INDEX_FORMAT, part_header, part_path, prefixes
from kg.errors import UnusableInput
from kg.rdf.formats import Format


def jsonld_context() -> dict[str, object]:
    """The published JSON-LD context (also served at BASE/context.jsonld)."""
    text = (resources.files("kg.ontology") / "context.jsonld").read_text("utf-8")
    context: dict[str, object] = json.loads(text)["@context"]
    return context


def export(quads: Iterable[ox.Quad], fmt: Format, sink: BinaryIO) -> None:
    """Write quads to `sink` in `fmt`; JSON-LD is compacted with the published context."""
    if fmt.name == "jsonld":
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
        sink.write(ds.serialize(format="json-ld", context=jsonld_context(), encoding="utf-8",
                                auto_compact=True))
        return
    plain = fmt.rdf in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
    if fmt.datasets:
        ox.serialize(quads, sink, fmt.rdf, prefixes=None if plain else prefixes())
    else:
        triples = dict.fromkeys(q.triple for q in quads)  # union: each triple once, in order
        ox.serialize(triples, sink, fmt.rdf, prefixes=None if plain else prefixes())


def dump(quads: list[ox.Quad], fmt: Format, output: Path) -> None:
    """Write `output` under a temporary name, then rename: a reader never sees half a dump."""
    with writing(output) as sink:
        export(quads, fmt, sink)


def read_quads(build_dir: Path) -> list[ox.Quad]:
    """The quads of a build, from its canonical N-Quads dump."""
    with open_dump(build_dir, "nq") as stream:
        return list(ox.parse(stream, format=ox.RdfFormat.N_QUADS))


DUMP_FILES = {"kg.nq": "nq", "kg.trig": "trig", "kg.ttl": "ttl"}  # single-file names


def dump_parts(build_dir: Path, kind: str) -> list[Path]:
    """The part files of one kind of dump ("nq", "trig" or "ttl") of a build, in order."""
    folder = Path(build_dir) / DUMPS_DIR
    return sorted(folder.glob(f"[0-9]*.{kind}"), key=lambda p: int(p.name.split(".")[0]))


def open_dump(build_dir: Path, kind: str) -> BinaryIO:
    """A build's dump of one kind as one stream (what the server offers as kg.nq ...)."""
    parts = dump_parts(build_dir, kind)
    if not parts:
        raise UnusableInput(f"{build_dir}: no {DUMPS_DIR}/*.{kind}; is it a kg build directory?")
    return concatenated(parts, skip=len(part_header(kind)))


def dump_size(build_dir: Path, kind: str) -> int:
    """The size in bytes of the single-file dump the parts make."""
    parts = dump_parts(build_dir, kind)
    header = len(part_header(kind))
    return sum(p.stat().st_size for p in parts) - header * max(0, len(parts) - 1)


def graph_ranges(build_dir: Path) -> dict[str, tuple[str, int, int]] | None:
    """Where each named graph of a build's N-Quads is (part file, start, length), from the
    build's index (None without one): a re-validation reads only the graphs it needs, each in
    its worker."""
    index_file = Path(build_dir) / INDEX_DIR / "graphs.json"
    if not index_file.is_file():
        return None
    index = orjson.loads(index_file.read_bytes())
    if index.get("format") != INDEX_FORMAT:
        return None  # (an index of another layout: the graphs are found by reading the dump)
    graphs = index["graphs"]
    parts = [str(part_path(build_dir, n, "nq")) for n in range(len(index["parts"]))]
    return {name: (parts[spans[1]], spans[2], spans[3]) for name, spans in graphs.items()}


def read_graph(nquads: Path | str, start: int, length: int) -> bytes:
    """One named graph's N-Triples, read from its range of an N-Quads dump."""
    with open(nquads, "rb") as source:
        source.seek(start)
        lines = source.read(length).splitlines(keepends=True)
    return b"".join(_triple(line) for line in lines if line.strip())


def _triple(line: bytes) -> bytes:
    """An N-Quads line of a named graph as an N-Triples line."""
    head = line.rstrip()[:-1].rstrip()
    return head[: head.rfind(b" <")] + b" .\n"


def iter_graphs(build_dir: Path) -> Iterator[tuple[str, bytes]]:
    """(graph IRI, N-Triples) of each named graph of a build's N-Quads, whose graphs are
    contiguous (as kg build writes them); triples of the default graph are skipped."""
    current: str | None = None
    lines: list[bytes] = []
    with open_dump(build_dir, "nq") as source:
        for line in source:
            body = line.rstrip()
            if not body or body.startswith(b"#"):
                continue
            head = body[:-1].rstrip()  # without the final "."
            if not head.endswith(b">"):
                continue
            start = head.rfind(b" <")
            graph = head[start + 2:-1].decode()
            triple = head[:start] + b" .\n"
            if graph != current:
                if current is not None and lines:
                    yield current, b"".join(lines)
                current, lines = graph, []
            lines.append(triple)
    if current is not None and lines:
        yield current, b"".join(lines)


def read_dump(build_dir: Path, kind: str) -> bytes:
    """A build's whole dump of one kind ("nq", "trig", "ttl") as bytes (for small builds)."""
    with open_dump(build_dir, kind) as stream:
        return stream.read()
