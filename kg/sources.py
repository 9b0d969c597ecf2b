"""Read a source file and its sidecar: strict decoding, hashing, format detection.

This is the only module of the text stages that touches the file system. Everything it cannot
use becomes a SourceError naming the file (and line, where one exists), before any output is
written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg import archives
from kg.document import Metadata, Source
from kg.errors import SourceError, few
from kg.readers.akn import read_akn
from kg.readers.frontmatter import metadata_from, split_front_matter
from kg.readers.markdown import rewrite_footnotes
from kg.readers.sniff import sniff

TEXT_SUFFIXES = {".txt", ".md", ".text", ".pdf", ".xml"}
_NOT_SOURCES = ("README", "LICENSE", "LICENCE")
SIDECAR_SUFFIX = ".meta.json"
# A source larger than this is refused before it is read: every stage is linear, but at about
# 5 s per MB (benchmarks/large_source.py) a bigger file is a mistake (many resolutions in one
# file, a data dump) more likely than a resolution; the longest real ones are under 1 MB.
MAX_SOURCE_BYTES = 10_000_000
_SIDECAR_FIELDS = {
    "symbol": str,
    "title": str,
    "adopted": "date",
    "distributed": "date",
    "meeting": int,
    "session": int,
    "body": str,
    "report": str,
    "committee": str,
    "vote": str,
    "kind": str,
    "draft": str,
    "became": str,
    "series": str,
}


def read_source(path: str | Path) -> Source:
    """Read one source file and its sidecar (`NAME.meta.json` beside it), or raise SourceError."""
    p = Path(path)
    shown = str(path)
    data = _read_bytes(p, shown)
    if not data.strip():
        raise SourceError(shown, "the file is empty")
    front, structure = Metadata(), ()
    kind = sniff(data)
    if kind == "pdf":
        text, media_type = _pdf_text(shown, data), "application/pdf"
    elif kind == "akn":
        (text, front, structure), media_type = read_akn(shown, data), "application/akn+xml"
    elif kind == "xml":
        raise SourceError(shown, "XML but not Akoma Ntoso: not a resolution text")
    elif kind == "markdown":
        pairs, text = split_front_matter(_decode(shown, data))
        text, media_type = rewrite_footnotes(text), "text/markdown"
        front = metadata_from(pairs)
    else:
        text, media_type = _decode(shown, data), "text/plain"
    _check_size(shown, len(text), "its text")
    sidecar_path = sidecar_for(p)
    sidecar = read_sidecar(sidecar_path) if sidecar_path.exists() else Metadata()
    return Source(
        path=shown,
        name=p.name,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        sidecar=sidecar,
        sidecar_path=str(sidecar_path) if sidecar_path.exists() else None,
        front=front,
        structure=structure,
    )


def _check_size(shown: str, size: int, what: str) -> None:
    if size > MAX_SOURCE_BYTES:
        raise SourceError(shown, f"{what} is {size / 1e6:.1f} MB, more than the "
                                 f"{MAX_SOURCE_BYTES / 1e6:g} MB a source may hold "
                                 f"(kg.sources.MAX_SOURCE_BYTES): one resolution per file")


def _read_bytes(p: Path, shown: str) -> bytes:
    """A file's bytes, or a zip member's (`ARCHIVE.zip/MEMBER`), or SourceError."""
    if not p.exists() and (inside := archives.split(shown)):
        try:
            data = archives.read(*inside)
        except archives.ArchiveError as exc:
            raise SourceError(shown, str(exc)) from None
        _check_size(shown, len(data), "the member")
        return data
    if not p.exists():
        raise SourceError(shown, "no such file")
    if archives.is_archive(shown):
        raise SourceError(shown, "a zip archive holding no resolution text (.xml, .txt, .md, "
                                 ".pdf)")
    if not p.is_file():
        raise SourceError(shown, "not a regular file")
    _check_size(shown, p.stat().st_size, "the file")
    return p.read_bytes()


def sidecar_for(path: Path) -> Path:
    """`000_x.txt` has its metadata in `000_x.meta.json`."""
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def find_sources(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into the source files they hold (sorted, sidecars excluded)."""
    return [Path(name) for name in source_names(paths)]


def official_first(paths: list[str]) -> list[str]:
    """The sources with the UN's own AKN XML first, the others after, each in their order: a
    resolution given as XML and as PDF or text is built from the XML, and the others are
    reported as other sources of the same work (kg.build.result.OtherSource).

    >>> official_first(["a/79_1.pdf", "b/79_1.xml", "c.zip/79_2.xml", "d/79_3.md"])
    ['b/79_1.xml', 'c.zip/79_2.xml', 'a/79_1.pdf', 'd/79_3.md']
    """
    return sorted(paths, key=lambda p: not p.lower().endswith(".xml"))


def source_names(paths: Iterable[str | Path]) -> list[str]:
    """`find_sources` as strings, in the same order (a folder's files sorted as paths are: by
    their parts), without making a Path of each of tens of thousands of files."""
    found: list[str] = []
    for path in paths:
        name = os.path.normpath(os.fspath(path))  # as Path(path) would say it
        if os.path.isdir(name):
            found.extend(path for _, path in sorted(_files_in(name)))
        elif archives.is_archive(name):
            found.extend(archives.members(name, TEXT_SUFFIXES))
        else:
            found.append(name)  # a missing file is reported by read_source, with its name
    return found


def _files_in(folder: str) -> Iterator[tuple[tuple[str, ...], str]]:
    """Source files below `folder` with their path's parts (the sort key); hidden files and
    folders are skipped. os.walk lists each folder once (scandir) instead of a stat per file:
    20,000 sources in 0.1 s, not 2 s. Links to folders are followed, each folder once: a link
    back to a folder above it (a cycle) or to one seen already is not walked again."""
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        try:
            status = os.stat(root)
        except OSError:
            dirs[:] = []
            continue
        if (status.st_dev, status.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((status.st_dev, status.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        parts = tuple(root.split(os.sep))
        for name in files:
            stem, _, suffix = name.rpartition(".")
            if not stem or name[0] == "." or "." + suffix.lower() not in TEXT_SUFFIXES:
                continue
            if name[:7].upper().startswith(_NOT_SOURCES):
                continue  # a folder's own notes, not sources
            yield (*parts, name), f"{root}{os.sep}{name}"
        for name in files:  # archives shipped the UN's way: their members are sources
            if name.lower().endswith(archives.SUFFIX) and name[0] != ".":
                for member in archives.members(f"{root}{os.sep}{name}", TEXT_SUFFIXES):
                    yield tuple(member.split(os.sep)), member


def _decode(shown: str, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise SourceError(shown, "binary file (NUL bytes): not a text or PDF resolution")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            shown, f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line=line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _pdf_text(shown: str, data: bytes) -> str:
    """Text of a PDF in reading order; pages are separated by form feeds, as pdftotext does;
    footnote markers are superscript digits (kg.readers.pdf)."""
    try:
        from kg.readers.pdf import pdf_text
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise SourceError(shown, "reading PDF needs pdfminer.six") from exc
    try:
        text = pdf_text(data)
    except Exception as exc:  # pdfminer raises many unrelated types on broken files
        raise SourceError(shown, f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    if not text.strip():
        raise SourceError(shown, "the PDF has no extractable text (scanned image?)")
    return text


def read_sidecar(path: Path) -> Metadata:
    """Parse and check a sidecar; unknown keys and wrong types are errors, not silently ignored."""
    shown = str(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise SourceError(shown, "sidecar is not valid UTF-8") from None
    except json.JSONDecodeError as exc:
        raise SourceError(shown, f"invalid JSON in sidecar: {exc.msg}", line=exc.lineno) from None
    if not isinstance(raw, dict):
        raise SourceError(shown, "sidecar must be a JSON object")
    return Metadata(**{key: _sidecar_value(shown, key, value) for key, value in raw.items()})


def _sidecar_value(shown: str, key: str, value: Any) -> Any:
    kind = _SIDECAR_FIELDS.get(key)
    if kind is None:
        known = few(sorted(_SIDECAR_FIELDS), near=key)
        raise SourceError(shown, f"unknown sidecar key {key!r} (known keys: {known})")
    if kind == "date":
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            message = f"sidecar {key!r} must be a date YYYY-MM-DD, not {value!r}"
            raise SourceError(shown, message) from None
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise SourceError(shown, f"sidecar {key!r} must be a positive integer, not {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise SourceError(shown, f"sidecar {key!r} must be a non-empty string, not {value!r}")
    return value.strip()
