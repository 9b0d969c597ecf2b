"""Atomic replacement of a file: readers see the old file or the new one, never half of one.

Every file kg writes for others to read (cache entries, dumps and their gzip members, the
search index, validation and publish state, `kg export -o`) is written under a temporary name
beside its target and renamed over it; `os.replace` is atomic within one file system. The
temporary name carries the writer's PID (`NAME.PID.part`), so that a clean-up can tell the
part of a killed writer from the part of one still running.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def part_of(target: Path) -> Path:
    """The temporary path this process writes `target` under."""
    return target.with_name(f"{target.name}.{os.getpid()}.part")


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that replaces it when the block ends without an
    error; on an error it is removed and `target` is left as it was.

    For writers that want a path (SQLite); `writing` and `write_bytes` for the rest.
    """
    part = part_of(target)
    part.unlink(missing_ok=True)
    try:
        yield part
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, target)


@contextmanager
def writing(target: Path) -> Iterator[BinaryIO]:
    """A binary file that becomes `target` when the block ends without an error."""
    with replacing(target) as part, part.open("wb") as sink:
        yield sink


def write_bytes(target: Path, data: bytes) -> None:
    """`target.write_bytes(data)`, atomically."""
    with replacing(target) as part:
        part.write_bytes(data)
