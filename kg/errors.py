"""The exception hierarchy: every error a user can cause names where it happened.

Errors are raised deep in the pipeline with their location and translated once, at the edge
(the CLI turns a KgError into a one-line message and an exit code).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class KgError(Exception):
    """Base class for errors caused by input or environment, never by a bug in kg."""

    exit_code = 1


class SourceError(KgError):
    """A source file (or its sidecar) cannot be used; says which file and, where known, line."""

    def __init__(self, path: str, message: str, *, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class UsageError(KgError):
    """The user asked for something that cannot be done (unknown query name, missing store)."""

    exit_code = 2


class ValidationFailed(KgError):
    """A graph does not conform to the shapes; carries the report for rendering."""

    def __init__(self, report: object) -> None:
        self.report = report
        super().__init__("the graph does not conform to the shapes")


class UnusableInput(KgError):
    """Input that cannot be read at all (not RDF, no such build directory): exit status 2,
    distinct from 1, which means the input was read and found wanting."""

    exit_code = 2


def few(items: Iterable[object], *, near: str | None = None, shown: int = 5,
        sep: str = ", ") -> str:
    """Items for an error message, cut to `shown` with a count of the rest ("a, b, c, ... and
    412 more"), so that the message stays a line or two however long the list it draws from
    (the symbols of a build, the sources of a failed build). With `near` (what the person
    typed), the items most like it come first: the one they meant is likely among them."""
    texts = [str(item) for item in items]
    if near is not None and len(texts) > shown:
        close = difflib.get_close_matches(near, texts, n=shown, cutoff=0.5)
        first = set(close)
        texts = close + [t for t in texts if t not in first]
    if len(texts) <= shown + 1:  # ("... and 1 more" would be as long as the item)
        return sep.join(texts)
    return sep.join(texts[:shown]) + f"{sep}... and {len(texts) - shown} more"
