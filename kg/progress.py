"""How a long library call tells its caller how far it has come, without printing.

Build, validate, report and publish take a `Progress` (default `SILENT`): they announce each
stage as it begins, with its size when it is known, and advance it as the work gets done. What
the person at the other end sees is the caller's choice (the command line's is
kg.progress_display: a status line redrawn in a terminal, one line per stage in a log), so the
library stays silent and a program calling it can show progress its own way or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")


class Progress(Protocol):
    """What a long call reports; both methods are called from the calling thread only."""

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        """A stage begins (the one before it has ended); `total` units of work, if known."""

    def advance(self, n: int = 1) -> None:
        """`n` more units of the current stage are done."""


class Silent:
    """Progress that nobody watches."""

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


SILENT = Silent()


def track(progress: Progress, items: Iterable[T], name: str, total: int,
          unit: str = "") -> Iterator[T]:
    """`items`, as a stage of `total` units that advances by one as each item arrives (an item
    counts as done when it is produced, not when the consumer is through with it)."""
    progress.stage(name, total, unit)
    for item in items:
        progress.advance()
        yield item
