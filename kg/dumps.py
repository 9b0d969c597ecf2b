"""Dumps of a build in every syntax of the format registry.

Dumps are written from the graphs as built, not read back from the store: Oxigraph's store
canonicalises derived datatypes (an `xsd:positiveInteger` comes back as `xsd:integer`), and a
dump must say exactly what the model says. Turtle, N-Triples and RDF/XML hold no named graphs, so
they get the union of all graphs (each triple once); TriG, N-Quads and JSON-LD keep one graph
per resolution.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg.errors import UnusableInput
from kg.formats import FORMATS, Format
from kg.namespaces import PREFIXES

BUILD_DUMPS = ("nq", "trig", "turtle")  # written by every build; others on demand (kg export)
QUADS = "kg.nq"  # the canonical dump the others are made from
INDEX_DIR = "index"  # where each graph is in the dumps (kg.incremental)
SHARED = "shared.nt"  # each graph's shared triples, in INDEX_DIR


def prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


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
    plain = fmt.oxigraph in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
    if fmt.datasets:
        ox.serialize(quads, sink, fmt.oxigraph, prefixes=None if plain else prefixes())
    else:
        triples = dict.fromkeys(q.triple for q in quads)  # union: each triple once, in order
        ox.serialize(triples, sink, fmt.oxigraph, prefixes=None if plain else prefixes())


def dump(quads: list[ox.Quad], fmt: Format, output: Path) -> None:
    """Write `output` under a temporary name, then rename: a reader never sees half a dump."""
    tmp = output.with_name(output.name + ".part")
    with tmp.open("wb") as sink:
        export(quads, fmt, sink)
    tmp.replace(output)


def write_dumps(quads: list[ox.Quad], folder: Path, names: tuple[str, ...] = BUILD_DUMPS) -> None:
    for fmt in FORMATS:
        if fmt.name in names:
            dump(quads, fmt, folder / f"kg.{fmt.extension}")


def read_quads(build_dir: Path) -> list[ox.Quad]:
    """The quads of a build, from its canonical N-Quads dump."""
    path = build_dir / QUADS
    if not path.is_file():
        raise UnusableInput(f"{build_dir}: no {QUADS}; is it a kg build directory?")
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


# ---------------------------------------------------------------- streaming dumps (kg build)
#
# A build of tens of thousands of resolutions never holds all its quads: each graph is turned
# into its pieces of kg.nq, kg.trig and kg.ttl where it was parsed (a worker process), and the
# writer below appends them as they arrive. kg.ttl holds each triple once: a triple about the
# resolution's own nodes (the work, its paragraphs and footnotes, the graph) is in one graph
# only; the few others (cited documents, source files, reference data) are de-duplicated here.


@dataclass(frozen=True)
class Chunks:
    """One graph's share of each build dump."""

    graph: str
    quads: int
    nq: bytes
    trig: bytes  # the graph's TriG block, without @prefix lines
    ttl: bytes  # Turtle of the graph's private triples, without @prefix lines
    shared: tuple[bytes, ...]  # N-Triples lines of triples that other graphs may also state


@functools.cache
def _header(fmt: ox.RdfFormat) -> bytes:
    probe = ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))
    quad = ox.Quad(probe.subject, probe.predicate, probe.object, ox.NamedNode("urn:x:g"))
    items = [quad] if fmt == ox.RdfFormat.TRIG else [probe]
    text = ox.serialize(items, format=fmt, prefixes=prefixes())
    return b"".join(line + b"\n" for line in text.split(b"\n") if line.startswith(b"@prefix "))


def _body(fmt: ox.RdfFormat, items: Iterable[ox.Triple] | Iterable[ox.Quad]) -> bytes:
    text = ox.serialize(items, format=fmt, prefixes=prefixes())
    header = _header(fmt)
    return text[len(header):] if text.startswith(header) else text


def graph_chunks(graph: str, ntriples: bytes, private: str | None = None) -> Chunks:
    """The dump pieces of one graph given as N-Triples; subjects equal to `private` or under
    `private + '/'` (and the graph itself) are known to be stated in this graph only."""
    lines = [line for line in ntriples.splitlines() if line.strip()]
    name = f"<{graph}>".encode()
    nq = b"".join(line[: line.rstrip().rfind(b".")].rstrip() + b" " + name + b" .\n"
                  for line in lines)
    gnode = ox.NamedNode(graph)
    triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    trig = _body(ox.RdfFormat.TRIG,
                 [ox.Quad(t.subject, t.predicate, t.object, gnode) for t in triples])
    own, shared = [], []
    if private is None:
        shared = lines
    else:
        prefixes_ = (f"<{private}>".encode(), f"<{private}/".encode(), name + b" ")
        for line in lines:
            (own if line.startswith(prefixes_) else shared).append(line)
    ttl = _body(ox.RdfFormat.TURTLE, ox.parse(b"\n".join(own), format=ox.RdfFormat.N_TRIPLES))
    return Chunks(graph, len(lines), nq, trig, ttl, tuple(shared))


class DumpWriter:
    """Appends graphs' chunks to `folder`/kg.nq, kg.trig and kg.ttl (under `.part` names until
    `close`), and keeps an index of where each graph's pieces are (`ranges`), with its shared
    triples in `folder`/index/shared.nt, so that the next build can copy unchanged graphs'
    pieces from these files (`copy`) instead of recomputing them (kg.incremental)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        (folder / INDEX_DIR).mkdir(exist_ok=True)
        self.paths = {name: folder / f"kg.{name}" for name in ("nq", "trig", "ttl")}
        self.paths[SHARED] = folder / INDEX_DIR / SHARED
        self.files = {name: path.with_name(path.name + ".part").open("wb", buffering=0)
                      for name, path in self.paths.items()}
        self.pos = dict.fromkeys(self.files, 0)
        self.pending: dict[str, list[Any]] = {}  # file -> [source, start, length] to copy
        self._write("trig", _header(ox.RdfFormat.TRIG))
        self._write("ttl", _header(ox.RdfFormat.TURTLE))
        self.shared: dict[bytes, None] = {}
        self.quads = 0
        self.ranges: dict[str, list[int]] = {}  # graph -> quads, then (start, length) per file
        self.tail: tuple[str, BinaryIO, int, int] | None = None  # previous shared tail
        self.old_shared: bytes | None = None
        self.ttl_tail: dict[str, object] = {}

    def _write(self, name: str, data: bytes) -> None:
        self._flush(name)
        sink = self.files[name]
        view = memoryview(data)
        while view:
            view = view[sink.write(view):]
        self.pos[name] += len(data)

    def add(self, chunks: Chunks) -> None:
        spans = [chunks.quads]
        shared = b"".join(line + b"\n" for line in chunks.shared)
        for name, data in (("nq", chunks.nq), ("trig", chunks.trig), ("ttl", chunks.ttl),
                           (SHARED, shared)):
            spans += [self.pos[name], len(data)]
            self._write(name, data)
        self.ranges[chunks.graph] = spans
        self.shared.update(dict.fromkeys(chunks.shared))
        self.quads += chunks.quads

    def copy(self, graph: str, spans: list[int], old: dict[str, BinaryIO]) -> None:
        """Copy a graph's pieces from the previous build's files (`spans` as in `ranges`)."""
        new = [spans[0]]
        for i, name in enumerate(("nq", "trig", "ttl", SHARED)):
            start, length = spans[1 + 2 * i], spans[2 + 2 * i]
            new += [self.pos[name], length]
            self.pos[name] += length
            run = self.pending.get(name)
            if run and run[0] is old[name] and run[1] + run[2] == start:
                run[2] += length  # contiguous with the previous copy: one copy for both
            else:
                self._flush(name)
                self.pending[name] = [old[name], start, length]
        if self.old_shared is None:
            old[SHARED].seek(0)
            self.old_shared = old[SHARED].read()
        start, length = spans[7], spans[8]
        self.shared.update(dict.fromkeys(self.old_shared[start:start + length].splitlines()))
        self.ranges[graph] = new
        self.quads += spans[0]

    def _flush(self, name: str) -> None:
        run = self.pending.pop(name, None)
        if run:
            _copy_range(run[0], self.files[name], run[1], run[2])

    def close(self) -> int:
        """Finish the files (shared triples last in kg.ttl); returns the number of quads."""
        lines = b"\n".join(self.shared)
        digest = hashlib.sha256(lines).hexdigest()
        start = self.pos["ttl"]
        for name in self.files:
            self._flush(name)
        if self.tail is not None and self.tail[0] == digest:
            _, old, at, length = self.tail
            _copy_range(old, self.files["ttl"], at, length)
            self.pos["ttl"] += length
        elif self.shared:
            triples = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
            self._write("ttl", _body(ox.RdfFormat.TURTLE, triples))
        self.ttl_tail = {"sha256": digest, "range": [start, self.pos["ttl"] - start]}
        for name, sink in self.files.items():
            sink.close()
            path = self.paths[name]
            path.with_name(path.name + ".part").replace(path)
        return self.quads

    def abort(self) -> None:
        for sink in self.files.values():
            sink.close()


def _copy_range(source: BinaryIO, sink: BinaryIO, start: int, length: int) -> None:
    """Copy `length` bytes of `source` from `start` to the end of `sink` (both unbuffered or
    flushed), in the kernel where it can."""
    done = 0
    while done < length:
        try:
            n = os.copy_file_range(source.fileno(), sink.fileno(), length - done, start + done)
        except (AttributeError, OSError):
            source.seek(start + done)
            data = source.read(min(length - done, 1 << 24))
            sink.write(data)  # a FileIO: an unbuffered sink writes everything to a file
            n = len(data)
        if n <= 0:
            raise OSError(f"short copy from {source.name}")
        done += n


def graph_ranges(build_dir: Path) -> dict[str, tuple[int, int]] | None:
    """Where each named graph of a build's kg.nq is (start, length), from the build's index
    (None without one): a re-validation reads only the graphs it needs, each in its worker."""
    index = build_dir / INDEX_DIR / "graphs.json"
    if not index.is_file():
        return None
    graphs = json.loads(index.read_text("utf-8"))["graphs"]
    return {name: (spans[1], spans[2]) for name, spans in graphs.items()}


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


def iter_graphs(nquads: Path) -> Iterator[tuple[str, bytes]]:
    """(graph IRI, N-Triples) of each named graph of an N-Quads file whose graphs are contiguous
    (as kg build writes them); triples of the default graph are skipped."""
    current: str | None = None
    lines: list[bytes] = []
    with nquads.open("rb") as source:
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
