"""What each build added and changed, carried from build to build: the change feed's source.

A build compares each resolution's content hash (kg.builddir.cache: what determines its graph) with
the previous build's record in `feed.json` and keeps, per resolution, when it was first published
and when it last changed. The server turns the record into `/feed.atom` and the sitemap's
`lastmod` (kg.serve.feeds); a rebuild that changes nothing changes no date.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.iris import graph_work

FEED = "feed.json"


def load(build_dir: Path) -> dict[str, dict[str, Any]]:
    """The record of a build, by work IRI ({} for a build without one)."""
    try:
        loaded = json.loads((Path(build_dir) / FEED).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    works = loaded.get("works") if isinstance(loaded, dict) else None
    return works if isinstance(works, dict) else {}


def record(tmp: Path, previous: Path, sources: Iterable[dict[str, Any]], base: str,
           now: datetime | None = None,
           renamed: Callable[[str], list[str]] | None = None) -> dict[str, dict[str, Any]]:
    """Write `tmp/feed.json` from the sources built and the previous build's record, whose
    work IRIs are first given their current names (`renamed`: what each may be called now,
    kg.builddir.published), so that a work whose IRI moved is not announced as new."""
    stamp = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    sources = list(sources)
    before = load(previous)
    if renamed is not None:
        current = {graph_work(base, str(s.get("graph") or "")) for s in sources}
        before = {next((n for n in renamed(work) if n in current), work): entry
                  for work, entry in before.items()}
    works: dict[str, dict[str, Any]] = {}
    for source in sources:
        work = graph_work(base, str(source.get("graph") or ""))
        if work is None:
            continue
        content = str(source.get("content") or "")
        old = before.get(work)
        if old is None:
            entry = {"change": "new", "published": stamp, "updated": stamp}
        elif old.get("content") != content:
            entry = {"change": "changed", "published": old.get("published", stamp),
                     "updated": stamp}
        else:
            entry = {k: old[k] for k in ("change", "published", "updated") if k in old}
        works[work] = {**entry, "symbol": source.get("symbol") or "", "content": content}
    (tmp / FEED).write_text(json.dumps({"works": works}, indent=1, sort_keys=True) + "\n")
    return works
