"""Sources inside zip archives, the way the UN ships its XML (a session's resolutions in one
`GA resolutions_74session_English.zip`), read in place without unpacking.

A member is named by the archive's path followed by the member's path inside it, as if the
archive were a folder (`…/English.zip/English/74_1.xml`), so that messages, provenance and the
build's cache name it the way a person finds it. A member larger than `MAX_MEMBER` bytes
unpacked, or one that unpacks to more than its header says, is refused: a few kilobytes of
zip can claim gigabytes.
"""

from __future__ import annotations

import functools
import os
import zipfile
from collections.abc import Iterator

MAX_MEMBER = 64 * 1024 * 1024
SUFFIX = ".zip"


class ArchiveError(Exception):
    """A member that cannot be read: the message says why, in a few words."""


def split(name: str) -> tuple[str, str] | None:
    """(archive, member) when `name` names a file inside a zip archive, else None."""
    lowered = name.lower()
    at = lowered.find(SUFFIX + os.sep)
    while at != -1:
        archive = name[: at + len(SUFFIX)]
        if os.path.isfile(archive):
            return archive, name[at + len(SUFFIX) + 1 :].replace(os.sep, "/")
        at = lowered.find(SUFFIX + os.sep, at + 1)
    return None


def is_archive(name: str) -> bool:
    return name.lower().endswith(SUFFIX) and os.path.isfile(name)


def members(archive: str, suffixes: set[str]) -> Iterator[str]:
    """The names of the archive's files with one of `suffixes` (hidden files and macOS
    resource forks skipped), sorted as a folder's files are: by their parts."""
    try:
        infos = _infos(archive)
    except ArchiveError:
        yield archive  # reported by read_source, with its reason
        return
    for info in sorted(infos.values(), key=lambda i: i.filename.split("/")):
        parts = info.filename.split("/")
        if info.is_dir() or any(p.startswith(".") or p == "__MACOSX" for p in parts):
            continue
        if os.path.splitext(info.filename)[1].lower() in suffixes:
            yield archive + os.sep + info.filename.replace("/", os.sep)


def read(archive: str, member: str) -> bytes:
    """The member's bytes, or ArchiveError."""
    info = _infos(archive).get(member)
    if info is None:
        raise ArchiveError(f"no member {member!r} in the archive")
    if info.file_size > MAX_MEMBER:
        raise ArchiveError(f"member of {info.file_size:,} bytes unpacked, more than the "
                           f"limit of {MAX_MEMBER:,}")
    try:
        with zipfile.ZipFile(archive) as z, z.open(info) as f:
            data = f.read(MAX_MEMBER + 1)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
        raise ArchiveError(f"unreadable zip member ({exc})") from None
    if len(data) > MAX_MEMBER:
        raise ArchiveError(f"member unpacks past the limit of {MAX_MEMBER:,} bytes")
    return data


def stamp(archive: str, member: str) -> list[int | str] | None:
    """What identifies the member's content without reading it: the archive's file system
    stamp and the member's CRC and size (for the build's cache)."""
    try:
        st = os.stat(archive)
        info = _infos(archive).get(member)
    except (OSError, ArchiveError):
        return None
    if info is None:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, info.file_size, info.CRC,
            0, 0]


def _infos(archive: str) -> dict[str, zipfile.ZipInfo]:
    try:
        st = os.stat(archive)
    except OSError as exc:
        raise ArchiveError(f"unreadable archive ({exc.strerror})") from None
    return _listing(archive, st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _listing(archive: str, _size: int, _mtime: int) -> dict[str, zipfile.ZipInfo]:
    """The central directory, read once per archive and version."""
    try:
        with zipfile.ZipFile(archive) as z:
            return {info.filename: info for info in z.infolist()}
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"not a readable zip archive ({exc})") from None
