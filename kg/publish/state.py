"""What a store holds, as far as kg knows: one state per endpoint, in the build directory.

The state maps each named graph to the content hash (kg.builddir.cache.content_hash) the store last
confirmed. It is an append-only log (`publish/<slug>.log`, one JSON line per confirmed PUT or
DELETE, flushed at once) under a compacted snapshot (`publish/<slug>.json`): a publish killed
half-way leaves exactly the graphs the store confirmed recorded, and re-running it sends the
rest. `kg build` carries the `publish/` folder into each new build.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from pathlib import Path

import orjson

from kg.atomic import write_bytes

PUBLISH_DIR = "publish"


def slug(identity: str) -> str:
    readable = re.sub(r"[^A-Za-z0-9]+", "-", identity.split("//", 1)[-1]).strip("-")[:60]
    return f"{readable}-{hashlib.sha256(identity.encode()).hexdigest()[:10]}"


class PublishState:
    def __init__(self, folder: Path, identity: str) -> None:
        self.folder = folder
        self.identity = identity
        name = slug(identity)
        self.snapshot = folder / f"{name}.json"
        self.log = folder / f"{name}.log"
        self.graphs: dict[str, str] = {}
        self._lock = threading.Lock()
        self._sink = None
        self._load()

    def _load(self) -> None:
        try:
            data = orjson.loads(self.snapshot.read_bytes())
            if data.get("endpoint") == self.identity:
                self.graphs = dict(data.get("graphs", {}))
        except (OSError, ValueError):
            self.graphs = {}
        try:
            lines = self.log.read_text("utf-8").splitlines()
        except OSError:
            lines = []
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash: that graph was not confirmed
            if entry.get("hash") is None:
                self.graphs.pop(entry["graph"], None)
            else:
                self.graphs[entry["graph"]] = entry["hash"]

    def record(self, graph: str, content: str | None) -> None:
        """Record what the store confirmed: `content` stored for `graph`, or None: deleted."""
        with self._lock:
            if self._sink is None:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._sink = self.log.open("a", encoding="utf-8")
            self._sink.write(json.dumps({"graph": graph, "hash": content}) + "\n")
            self._sink.flush()
            if content is None:
                self.graphs.pop(graph, None)
            else:
                self.graphs[graph] = content

    def close(self) -> None:
        """Fold the log into the snapshot."""
        with self._lock:
            if self._sink is not None:
                self._sink.close()
                self._sink = None
            if not self.log.exists() and self.snapshot.exists():
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            write_bytes(self.snapshot, orjson.dumps(
                {"endpoint": self.identity, "graphs": self.graphs}, option=orjson.OPT_SORT_KEYS))
            self.log.unlink(missing_ok=True)
