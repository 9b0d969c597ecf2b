"""Files read one after the other as one binary stream: a build's dump parts as the single file
they make (kg.dumps), the N-Quads parts as one input of the store's bulk loader (kg.store)."""

from __future__ import annotations

import io
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
