"""What a build remembers of its validation, so that a rebuild re-validates only what changed.

Per graph content hash: the hash of the graph's corpus summary and its findings (none, for most
graphs). The summaries themselves (what the corpus rules read: symbols, one part, citations) are
in a file of their own, read only when the corpus rules must run again; and the corpus rules'
findings are kept for the set of summaries they were computed from. The corpus rules see
nothing but the summaries, so a rebuild whose changes leave every summary as it was (a
paragraph reworded, added or removed) reuses their findings without reading anything else: at
20,000 resolutions that is 1.3 s and 20 MB of summaries saved on a one-paragraph change.

The summaries file is named by a token recorded in validation.json and written before it, so
the two always agree: a summaries file that is missing makes the whole cache count as empty
(one damaged afterwards is reported, naming the cache, when the corpus rules need it).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import astuple
from pathlib import Path

import orjson

from kg.atomic import write_bytes
from kg.validation.report import Result

VALIDATION_CACHE = "validation.json"
_SUMMARIES = "validation-summaries-{}.json"

Rows = list[list[str]]  # findings as lists of Result's fields


def rows(results: Iterable[Result]) -> Rows:
    return [list(astuple(r)) for r in results]


def results(found: Rows) -> list[Result]:
    return [Result(*row) for row in found]


def summary_hash(summary: str) -> str:
    return hashlib.sha256(summary.encode()).hexdigest()[:32]


def corpus_key(hashes: Iterable[str]) -> str:
    """The identity of a corpus for the corpus rules: its graphs' summaries."""
    return hashlib.sha256("\n".join(sorted(hashes)).encode()).hexdigest()


class ValidationCache:
    """The cache file `path` (None: remember nothing) for validator `stamp`."""

    def __init__(self, path: Path | None, stamp: str) -> None:
        self.path, self.stamp = path, stamp
        self.graphs: dict[str, list] = {}  # content hash -> [summary hash, rows]
        self.corpus: list = ["", []]  # [corpus key, rows]
        self._token = ""
        self._summaries: dict[str, str] | None = None
        if path is None:
            return
        try:
            data = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return
        if not isinstance(data, dict) or data.get("validator") != stamp:
            return
        token = data.get("summaries", "")
        if not token or not (path.parent / _SUMMARIES.format(token)).is_file():
            return
        self.graphs, self.corpus, self._token = data["graphs"], data["corpus"], token

    def summaries(self) -> dict[str, str]:
        """Summary hash -> summary N-Triples, of every graph this cache knows (read once)."""
        if self._summaries is None:
            self._summaries = {}
            if self.path is not None and self._token:
                try:
                    data = orjson.loads(
                        (self.path.parent / _SUMMARIES.format(self._token)).read_bytes())
                    self._summaries = data if isinstance(data, dict) else {}
                except (OSError, orjson.JSONDecodeError):
                    pass
        return self._summaries

    def save(self, graphs: dict[str, list], corpus: list, new: dict[str, str]) -> None:
        """Keep the `graphs` seen this time (only), the corpus findings, and the summaries
        they need; `new` holds the summaries computed this time. The summaries file is
        rewritten only when it lacks one (a graph whose summary changed)."""
        if self.path is None:
            return
        wanted = {entry[0] for entry in graphs.values()}
        known = {entry[0] for entry in self.graphs.values()}
        token = self._token
        if not wanted <= known or not token:
            texts = {**self.summaries(), **new} if wanted - new.keys() else new
            token = secrets.token_hex(8)
            graphs = {k: entry for k, entry in graphs.items() if entry[0] in texts}
            write_bytes(self.path.parent / _SUMMARIES.format(token),
                   orjson.dumps({h: texts[h] for h in wanted if h in texts}))
        write_bytes(self.path, orjson.dumps({"validator": self.stamp, "summaries": token,
                                        "graphs": graphs, "corpus": corpus}))
        for old in self.path.parent.glob(_SUMMARIES.format("*")):
            if old.name != _SUMMARIES.format(token):
                old.unlink(missing_ok=True)

