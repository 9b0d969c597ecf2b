"""Full-text search over the paragraphs of a build, with facets (SQLite FTS5)."""

from __future__ import annotations

from pathlib import Path


def write_index(build: Path, previous: Path | None = None) -> Path:
    """The build's search index (kg.search.index), imported only when a build writes one."""
    from kg.search.index import write_index as write

    return write(build, previous)
