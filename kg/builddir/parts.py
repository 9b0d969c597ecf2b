"""Writing a build's dumps in parts (OUT/dumps/NNNNN.nq, .trig, .ttl) and linking the parts a
rebuild did not change.

A build of tens of thousands of resolutions never holds all its quads: each graph is turned
into its pieces of the N-Quads, TriG and Turtle dumps where it was parsed (a worker process),
and the writer below gathers them into parts of each dump (OUT/dumps/NNNNN.nq, .trig, .ttl).
A part ends after a graph whose name hashes to a multiple of PART_SPAN, so where parts end
depends on the graphs' names only: a changed, added or removed graph changes its own part, and
a rebuild links every other part of the previous build instead of writing it (one changed
resolution of 20,000 rewrites about PART_SPAN graphs' worth of dumps, not gigabytes). Each part
is a document of its own (TriG and Turtle parts start with the prefixes); the dumps as single
files (kg.nq, kg.trig, kg.ttl) are the parts one after the other (`open_dump`), as the server
offers them. A Turtle part holds each triple once: a triple about a resolution's own nodes (the
work, its paragraphs and footnotes, the graph) is in its graph only; the few others (cited
documents, source files, reference data) are de-duplicated within the part.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.rdf.namespaces import PREFIXES

INDEX_DIR = "index"  # where each graph is in the dumps (kg.build.incremental)
INDEX_FORMAT = 2  # of INDEX_DIR/graphs.json: graphs in parts of the dumps
DUMPS_DIR = "dumps"
PARTS = ("nq", "trig", "ttl")  # file extensions of a part, in the order of a graph's spans
SHARED_EXT = "shared.nt"  # a part's graphs' shared triples, kept in INDEX_DIR for rebuilds
PART_SPAN = 64  # graphs per part, on average


def prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


@dataclass(frozen=True)
class Chunks:
    """One graph's share of each build dump."""

    graph: str
    quads: int
    nq: bytes
    trig: bytes  # the graph's TriG block, without @prefix lines
    ttl: bytes  # Turtle of the graph's private triples, without @prefix lines
    shared: tuple[bytes, ...]  # N-Triples lines of triples that other graphs may also state

    def pieces(self) -> tuple[bytes, bytes, bytes, bytes]:
        return self.nq, self.trig, self.ttl, b"".join(line + b"\n" for line in self.shared)


@functools.cache
def _header(fmt: ox.RdfFormat) -> bytes:
    probe = ox.Triple(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o"))
    quad = ox.Quad(probe.subject, probe.predicate, probe.object, ox.NamedNode("urn:x:g"))
    items = [quad] if fmt == ox.RdfFormat.TRIG else [probe]
    text = ox.serialize(items, format=fmt, prefixes=prefixes())
    return b"".join(line + b"\n" for line in text.split(b"\n") if line.startswith(b"@prefix "))


_HEADERS = {"nq": b"", "trig": ox.RdfFormat.TRIG, "ttl": ox.RdfFormat.TURTLE}


def part_header(kind: str) -> bytes:
    """The prefix lines every part of a kind of dump starts with."""
    fmt = _HEADERS[kind]
    return _header(fmt) if isinstance(fmt, ox.RdfFormat) else b""


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
    trig = _body(ox.RdfFormat.TRIG, ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    own, shared = [], []
    if private is None:
        shared = lines
    else:
        prefixes_ = (f"<{private}>".encode(), f"<{private}/".encode(), name + b" ")
        for line in lines:
            (own if line.startswith(prefixes_) else shared).append(line)
    ttl = _body(ox.RdfFormat.TURTLE, ox.parse(b"\n".join(own), format=ox.RdfFormat.N_TRIPLES))
    return Chunks(graph, len(lines), nq, trig, ttl, tuple(shared))


FILES = (*PARTS, SHARED_EXT)  # every file of a part
Place = tuple[str, int, int]  # a graph in the N-Quads parts: file, start, length


def part_path(build_dir: str | Path, number: int, ext: str) -> Path:
    """Part `number`'s file of kind `ext` in a build: dumps/00042.nq, index/00042.shared.nt."""
    folder = INDEX_DIR if ext == SHARED_EXT else DUMPS_DIR
    return Path(build_dir, folder, f"{number:05d}.{ext}")


def _ends_part(graph: str) -> bool:
    digest = hashlib.sha256(graph.encode()).digest()
    return int.from_bytes(digest[:4], "big") % PART_SPAN == 0


class OldDumps:
    """The parts of a previous build, for a rebuild to link or copy from: `index` is its
    index (graph -> spans, part records)."""

    def __init__(self, folder: Path, index: dict[str, Any]) -> None:
        self.folder, self.ranges = folder, index["graphs"]
        self.parts: list[dict[str, Any]] = index["parts"]
        self.by_key = {p["key"]: n for n, p in enumerate(self.parts)}
        self._open: tuple[int, list[int]] | None = None

    def usable(self) -> bool:
        """Every part file is there with the size the index recorded."""
        try:
            return all(part_path(self.folder, n, ext).stat().st_size == size
                       for n, part in enumerate(self.parts)
                       for ext, size in zip(FILES, part["sizes"], strict=True))
        except OSError:
            return False

    def pieces(self, graph: str) -> tuple[bytes, bytes, bytes, bytes]:
        """A graph's pieces of each part file, read from the previous build."""
        spans = self.ranges[graph]
        number = spans[1]
        if self._open is None or self._open[0] != number:
            self.close()
            self._open = (number, [os.open(part_path(self.folder, number, ext), os.O_RDONLY)
                                   for ext in FILES])
        fds = self._open[1]
        return tuple(os.pread(fd, spans[3 + 2 * i], spans[2 + 2 * i])  # type: ignore[return-value]
                     for i, fd in enumerate(fds))

    def close(self) -> None:
        if self._open is not None:
            for fd in self._open[1]:
                os.close(fd)
            self._open = None


class DumpWriter:
    """Gathers graphs into the parts of the dumps under `folder`, in the order they are given,
    and keeps an index of where each graph's pieces are (`ranges`: graph -> quads, part number,
    then start and length in each part file and in its shared triples) and what each part holds
    (`parts`), so that the next build can link unchanged parts and read unchanged graphs from
    them (kg.build.incremental) instead of recomputing them."""

    def __init__(self, folder: Path, old: OldDumps | None = None) -> None:
        self.folder, self.old = folder, old
        (folder / DUMPS_DIR).mkdir(exist_ok=True)
        (folder / INDEX_DIR).mkdir(exist_ok=True)
        self.parts: list[dict[str, Any]] = []
        self.ranges: dict[str, list[int]] = {}  # graph -> quads, part, (start, length) x 4
        self.quads = 0
        self._graphs: list[tuple[str, str, Chunks | None]] = []

    def add(self, chunks: Chunks, content: str) -> None:
        """A graph made now; `content` is its content hash (what says two parts are equal)."""
        self._take(chunks.graph, content, chunks)

    def copy(self, graph: str, content: str) -> None:
        """A graph of the previous build, unchanged."""
        self._take(graph, content, None)

    def _take(self, graph: str, content: str, chunks: Chunks | None) -> None:
        self._graphs.append((graph, content, chunks))
        if _ends_part(graph):
            self.end_part()

    def places(self, skip: Iterable[str] = ()) -> dict[str, Place]:
        """Where each graph written so far is in the N-Quads parts (file, start, length)."""
        skipped = set(skip)
        parts = [str(part_path(self.folder, n, "nq")) for n in range(len(self.parts))]
        return {g: (parts[spans[1]], spans[2], spans[3])
                for g, spans in self.ranges.items() if g not in skipped}

    def nquads(self) -> list[Path]:
        """The N-Quads parts written so far, in order (a part being gathered is not there)."""
        return [part_path(self.folder, n, "nq") for n in range(len(self.parts))]

    def end_part(self) -> None:
        """Write the part being gathered: where a graph's name says, and where a build's
        resolutions end and its lineage graphs begin, whatever the graph's name. A part the
        previous build has (the same graphs with the same contents) is linked from it."""
        graphs, self._graphs = self._graphs, []
        if not graphs:
            return
        key = hashlib.sha256("".join(f"{g} {c}\n" for g, c, _ in graphs).encode()).hexdigest()
        number = len(self.parts)
        was = self.old.by_key.get(key) if self.old is not None else None
        if was is not None and self.old is not None:  # as in the previous build: link it
            for ext in FILES:
                _link(part_path(self.old.folder, was, ext), part_path(self.folder, number, ext))
            for graph, _, _ in graphs:
                spans = list(self.old.ranges[graph])
                spans[1] = number
                self.ranges[graph] = spans
                self.quads += spans[0]
            self.parts.append(self.old.parts[was])
            return
        files: list[list[bytes]] = [[part_header(kind)] for kind in PARTS] + [[]]
        sizes = [sum(map(len, f)) for f in files]
        shared: dict[bytes, None] = {}
        for graph, _, chunks in graphs:
            if chunks is None:
                quads = self.old.ranges[graph][0]  # type: ignore[union-attr]
                pieces = self.old.pieces(graph)  # type: ignore[union-attr]
            else:
                quads, pieces = chunks.quads, chunks.pieces()
            spans = [quads, number]
            for i, piece in enumerate(pieces):
                spans += [sizes[i], len(piece)]
                files[i].append(piece)
                sizes[i] += len(piece)
            shared.update(dict.fromkeys(pieces[3].splitlines()))
            self.ranges[graph] = spans
            self.quads += quads
        if shared:
            triples = ox.parse(b"\n".join(shared), format=ox.RdfFormat.N_TRIPLES)
            tail = _body(ox.RdfFormat.TURTLE, triples)
            files[2].append(tail)
            sizes[2] += len(tail)
        for ext, data in zip(FILES, files, strict=True):
            with part_path(self.folder, number, ext).open("wb") as sink:
                sink.writelines(data)
        self.parts.append({"key": key, "graphs": len(graphs), "sizes": sizes})

    def close(self) -> int:
        """Finish the last part; returns the number of quads."""
        self.end_part()
        if self.old is not None:
            self.old.close()
        return self.quads

    def abort(self) -> None:
        if self.old is not None:
            self.old.close()


def _link(old: Path, new: Path) -> None:
    """A hard link where the file system has them (nothing copied), else a copy."""
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)
