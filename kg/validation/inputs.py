"""Reading what `kg validate` is given: build directories, RDF files and `-` (standard input),
into one dataset, remembering where each named graph came from so that CI reports can point
at the source file (and line) of a finding.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Dataset

from kg.builddir.dumps import dump_parts
from kg.builddir.store import MANIFEST, read_manifest
from kg.errors import UnusableInput
from kg.progress import SILENT, Progress

FORMATS = {  # file extension -> rdflib parser
    ".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
    ".json": "json-ld", ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".n3": "n3",
}
STDIN = "-"


@dataclass
class Inputs:
    """The data read, the base of the first build directory (None: guess from the data), the
    source file each built graph was made from (graph IRI -> path, from build.json) and the RDF
    file each input came from (for data that was not built by kg)."""

    dataset: Dataset = field(default_factory=Dataset)
    base: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


def is_build(path: Path) -> bool:
    """A kg build directory whose dumps come in parts (what the parallel validation reads)."""
    return path.is_dir() and (path / MANIFEST).is_file() and bool(dump_parts(path, "nq"))


def read_inputs(paths: list[str], *, input_format: str | None = None,
                progress: Progress = SILENT) -> Inputs:
    """Parse every path (a build directory, an RDF file, or "-" for standard input) into one
    dataset. Raises UnusableInput naming the file that cannot be read."""
    inputs = Inputs()
    for path in paths:
        if path == STDIN:
            _parse_stdin(inputs, input_format)
        else:
            _parse_path(inputs, Path(path), input_format, progress)
    if not any(True for _ in inputs.dataset.quads((None, None, None, None))):
        raise UnusableInput(f"{', '.join(paths)}: no triples")
    return inputs


def _parse_path(inputs: Inputs, p: Path, input_format: str | None,
                progress: Progress) -> None:
    if not p.exists():
        raise UnusableInput(f"{p}: no such file or directory")
    if p.is_dir():
        if not (files := dump_parts(p, "trig")):
            raise UnusableInput(f"{p}: not a build directory (no dumps/*.trig in it)")
        fmt = "trig"
        base, sources = _build_meta(read_manifest(p, required=False))
        inputs.base = inputs.base or base
        inputs.sources.update(sources)
    else:
        files, fmt = [p], input_format or FORMATS.get(p.suffix.lower(), "")
        if not fmt:
            known = " ".join(sorted(FORMATS))
            raise UnusableInput(f"{p}: unknown RDF format {p.suffix!r} (known extensions: "
                                f"{known}; or say --input-format)")
    progress.stage("read", len(files), "files")
    for file in files:
        try:
            inputs.dataset.parse(file, format=fmt)
        except Exception as exc:  # rdflib's parsers raise many unrelated types on bad input
            raise UnusableInput(f"{file}: not readable as {fmt}: {first_line(exc)}") from None
        inputs.files.append(str(file))
        progress.advance()


def _parse_stdin(inputs: Inputs, input_format: str | None) -> None:
    data = sys.stdin.buffer.read()
    fmt = input_format or sniff(data)
    try:
        inputs.dataset.parse(data=data, format=fmt)
    except Exception as exc:  # as above
        raise UnusableInput(f"<stdin>: not readable as {fmt}: {first_line(exc)} "
                            "(say --input-format)") from None
    inputs.files.append(STDIN)


def sniff(data: bytes) -> str:
    """The RDF syntax of a text by its first characters: JSON-LD, RDF/XML, N-Quads or N-Triples
    (a line of IRIs ending in " ."), else TriG (which reads Turtle too)."""
    head = data.lstrip()[:4096].decode("utf-8", "replace")
    if head.startswith(("{", "[")):
        return "json-ld"
    if head.startswith("<?xml") or head.startswith("<rdf:"):
        return "xml"
    first = next((line for line in head.splitlines() if line and not line.startswith("#")), "")
    if re.match(r"^(<[^>]*>|_:\S+)\s+<[^>]*>\s+.*\s\.\s*$", first):
        terms = re.findall(r"<[^>]*>|\"(?:[^\"\\]|\\.)*\"\S*|_:\S+", first)
        return "nquads" if len(terms) == 4 else "nt"
    return "trig"


def _build_meta(meta: dict[str, Any]) -> tuple[str | None, dict[str, str]]:
    """The base and the sources (graph IRI -> source path) that build.json records."""
    base = meta.get("base")
    sources = {s["graph"]: s["path"] for s in meta.get("sources") or []
               if isinstance(s, dict) and isinstance(s.get("graph"), str)
               and isinstance(s.get("path"), str)}
    return (base if isinstance(base, str) and base else None), sources


def first_line(exc: Exception) -> str:
    """The parser's message on one line; Turtle's is "at line N of <>:" then the reason."""
    lines = (str(exc).strip() or type(exc).__name__).splitlines()
    if (m := re.match(r"at line (\d+)", lines[0])) and len(lines) > 1:
        return f"line {m[1]}: {lines[1].split(' at ^')[0]}"
    return lines[0]
