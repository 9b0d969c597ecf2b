"""Gzip copies of a build's dumps (kg.nq.gz, kg.trig.gz, kg.ttl.gz) and their checksums.

A gzip file may hold several members one after the other, and decompresses to their contents
one after the other (RFC 1952 §2.2; gzip, zcat, Python's gzip and rapper through gzip read it
so). So each part of a dump gets a gzip member of its own (`compressed/NNNNN.nq.gz`: the part,
less the prefix lines that only the first part keeps), and `kg.nq.gz` is the members in order: a
rebuild compresses only the parts it wrote and links the others' members from the previous
build. Members are written with a fixed timestamp, so equal parts compress to equal bytes.
`compressed/checksums.json` holds the byte size and SHA-256 of every single-file dump, plain and
compressed, for the server to publish beside the dumps and in VoID/DCAT.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from kg.atomic import write_bytes
from kg.builddir.dumps import DUMP_FILES, dump_parts, open_dump
from kg.builddir.parts import DUMPS_DIR, part_header

GZ_FILES = {f"{name}.gz": kind for name, kind in DUMP_FILES.items()}  # kg.nq.gz -> "nq"
GZ_DIR = "compressed"  # beside dumps/, whose every file is a part
CHECKSUMS = "checksums.json"
_LEVEL = 6


def gz_parts(build_dir: Path, kind: str) -> list[Path]:
    """The gzip members of one kind of dump, in order; [] when any is missing (an older
    build, or one written without them)."""
    members = [_member(build_dir, p) for p in dump_parts(build_dir, kind)]
    return members if members and all(m.is_file() for m in members) else []


def write(build_dir: Path, previous: Path | None = None) -> dict[str, dict[str, object]]:
    """Compress each part of `build_dir`'s dumps (linking the member of `previous`'s part
    where the part is the same file), then write and return the checksums."""
    (build_dir / GZ_DIR).mkdir(exist_ok=True)
    for kind in DUMP_FILES.values():
        skip = len(part_header(kind))
        for n, part in enumerate(dump_parts(build_dir, kind)):
            member = _member(build_dir, part)
            if previous is not None and _reuse(previous, part, member):
                continue
            data = part.read_bytes()
            write_bytes(member, gzip.compress(data if n == 0 else data[skip:], _LEVEL, mtime=0))
    sums: dict[str, dict[str, object]] = {}
    for name, kind in DUMP_FILES.items():
        if not dump_parts(build_dir, kind):
            continue
        with open_dump(build_dir, kind) as stream:
            sums[name] = _digest(iter(lambda: stream.read(1 << 20), b""))
        sums[name + ".gz"] = _digest(_read(gz_parts(build_dir, kind)))
    (build_dir / GZ_DIR / CHECKSUMS).write_text(json.dumps(sums, indent=1) + "\n")
    return sums


def checksums(build_dir: Path) -> dict[str, dict[str, object]]:
    """The checksums a build recorded ({} for a build without them)."""
    try:
        loaded = json.loads((Path(build_dir) / GZ_DIR / CHECKSUMS).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _member(build_dir: Path, part: Path) -> Path:
    return Path(build_dir) / GZ_DIR / (part.name + ".gz")


def _reuse(previous: Path, part: Path, member: Path) -> bool:
    """Link the previous build's member when the part is the very file it was made from."""
    old_part = previous / DUMPS_DIR / part.name
    old_member = _member(previous, part)
    try:
        if not (old_member.is_file() and os.path.samefile(old_part, part)):
            return False
        os.link(old_member, member)
    except OSError:
        return False
    return True


def _read(paths: list[Path]) -> Iterable[bytes]:
    for path in paths:
        with path.open("rb") as source:
            yield from iter(lambda s=source: s.read(1 << 20), b"")


def _digest(pieces: Iterable[bytes]) -> dict[str, object]:
    sha, size = hashlib.sha256(), 0
    for piece in pieces:
        sha.update(piece)
        size += len(piece)
    return {"size": size, "sha256": sha.hexdigest()}
