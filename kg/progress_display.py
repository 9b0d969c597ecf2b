"""Showing a long command's progress (kg.progress) on stderr, as the stream allows.

In a terminal a person watches: one status line, redrawn at most ten times a second, with the
count, the rate and the time left, and left behind as a summary line when its stage ends. In a
log (CI, a pipe, a file) nobody sees a redrawn line and every write is kept: one line per stage,
written as the stage begins, with its size and the time since the command started, so a log says
what a slow command was doing and since when.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from kg.progress import Silent

REDRAW_S = 0.1  # the fastest a terminal line is redrawn


class Display:
    """The common part: which command, where to, and the clock; a context manager that ends
    the last stage on the way out."""

    def __init__(self, command: str, stream: TextIO,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.prefix, self.stream, self.clock = f"kg {command}", stream, clock
        self.started = clock()

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        raise NotImplementedError

    def advance(self, n: int = 1) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """End the last stage (again: nothing)."""

    def __enter__(self) -> Display:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class Lines(Display):
    """One line per stage, as it begins."""

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        size = f" {total} {_units(total, unit)}".rstrip() if total is not None else ""
        self.stream.write(f"{self.prefix}: {name}{size} (at {self.clock() - self.started:.1f} s)\n")
        self.stream.flush()

    def advance(self, n: int = 1) -> None:
        pass


class Terminal(Display):
    """A status line redrawn in place; each ended stage stays as a line of its own."""

    def __init__(self, command: str, stream: TextIO,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(command, stream, clock)
        self.name: str | None = None
        self.total: int | None = None
        self.unit = ""
        self.done = 0
        self.since = self.drawn = 0.0

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        self.close()
        self.name, self.total, self.unit, self.done = name, total, unit, 0
        self.since = self.clock()
        self._draw(self.live())

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.clock() - self.drawn >= REDRAW_S:
            self._draw(self.live())

    def close(self) -> None:
        if self.name is not None:
            self._draw(self.ended())
            self.stream.write("\n")
            self.stream.flush()
            self.name = None

    def live(self) -> str:
        """The current stage: count, share, rate and time left (or, with no total known, the
        time it has taken so far)."""
        elapsed = self.clock() - self.since
        if self.total is None:
            return f"{self.prefix}: {self.name} ... {elapsed:.0f} s"
        share = f"{100 * self.done // self.total}%" if self.total else "100%"
        unit = _units(self.total, self.unit)
        line = f"{self.prefix}: {self.name} {self.done}/{self.total} {unit} {share}"
        if self.done and elapsed > 0:
            rate = self.done / elapsed
            left = (self.total - self.done) / rate
            line += f"  {_rate(rate)}/s  {_duration(left)} left"
        return line

    def ended(self) -> str:
        elapsed = self.clock() - self.since
        count = (f" {self.done}/{self.total} {_units(self.total, self.unit)}".rstrip()
                 if self.total is not None else "")
        rate = f", {_rate(self.done / elapsed)}/s" if self.done and elapsed > 0 else ""
        return f"{self.prefix}: {self.name}{count} in {elapsed:.1f} s{rate}"

    def _draw(self, text: str) -> None:
        width = shutil.get_terminal_size().columns - 1
        self.stream.write("\r\x1b[K" + text[:max(width, 20)])
        self.stream.flush()
        self.drawn = self.clock()


def _units(count: int, unit: str) -> str:
    """"1 file", "2 files": units are named in the plural."""
    return unit[:-1] if count == 1 and unit.endswith("s") else unit


def _rate(per_second: float) -> str:
    return f"{per_second:.1f}" if per_second < 100 else f"{per_second:.0f}"


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"


class _Quiet(Silent, Display):
    def close(self) -> None:
        pass


def display(command: str, *, quiet: bool = False, stream: TextIO | None = None) -> Display:
    """The display for `kg COMMAND` on `stream` (stderr): a status line when it is a terminal,
    stage lines when it is not, nothing when `quiet`."""
    out = stream if stream is not None else sys.stderr
    if quiet:
        return _Quiet(command, out)
    return Terminal(command, out) if out.isatty() else Lines(command, out)
