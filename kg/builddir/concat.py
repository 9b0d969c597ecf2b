"""Files read one after the other as one binary stream: a build's dump parts as the single file
they make (kg.builddir.dumps), the N-Quads parts as one input of the store's bulk loader
(kg.builddir.store), and held open for the server's downloads (`OpenParts`)."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO


class _Concatenated(io.RawIOBase):
    def __init__(self, files: list[Path], skip: int) -> None:
        self.files, self.skip = list(files), skip
        self.first, self.current = True, None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self.current is None:
                if not self.files:
                    return 0
                self.current = open(self.files.pop(0), "rb", buffering=0)  # noqa: SIM115
                if not self.first:
                    self.current.seek(self.skip)
                self.first = False
            n = self.current.readinto(buffer)
            if n:
                return n
            self.current.close()
            self.current = None

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
        super().close()


def concatenated(files: list[Path], *, skip: int = 0) -> BinaryIO:
    """`files` as one stream, each file after the first read from byte `skip` on (the prefix
    lines every dump part starts with, said once)."""
    return io.BufferedReader(_Concatenated(files, skip), 1 << 20)  # type: ignore[return-value]


CHUNK = 64 * 1024  # what a streamed download holds per reader (measured: see kg.serve.site)


class OpenParts:
    """Files held open as one file: its size and its bytes stay those of the moment it was
    opened, whatever later renames or removals do to the paths (a rebuild swapping a new build
    in while a download of the old one is in flight).

    Reads are positional (`os.pread`), so any number of concurrent readers share the one
    descriptor per file; the descriptors are closed by `close`, or when the last reader lets
    go of the object.
    """

    def __init__(self, files: list[Path], skip: int = 0) -> None:
        self._fds: list[int] = []
        self.spans: list[tuple[int, int, int]] = []  # (fd, start, length) of each file's part
        try:
            for n, path in enumerate(files):
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
                self._fds.append(fd)
                start = 0 if n == 0 else skip
                self.spans.append((fd, start, max(0, os.fstat(fd).st_size - start)))
        except OSError:
            self.close()
            raise
        self.size = sum(length for _, _, length in self.spans)

    def chunks(self, size: int = CHUNK, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """The bytes from `start` to `end` (exclusive; default: all) in pieces of at most
        `size`: a slow reader holds one piece, not a file; a Range request reads its range only.

        A file that shrank since it was opened (it was rewritten in place, which kg never does)
        ends the stream short rather than with bytes of another build."""
        stop = self.size if end is None else min(end, self.size)
        at = 0  # where the current file's part begins in the whole
        for fd, first, length in self.spans:
            lo, hi = max(start, at), min(stop, at + length)
            offset, last = first + lo - at, first + hi - at
            at += length
            while offset < last:
                piece = os.pread(fd, min(size, last - offset), offset)
                if not piece:
                    return
                offset += len(piece)
                yield piece
            if at >= stop:
                return

    def close(self) -> None:
        fds, self._fds = self._fds, []
        for fd in fds:
            with contextlib.suppress(OSError):
                os.close(fd)

    def __del__(self) -> None:
        self.close()
