"""Orchestration: sources -> graphs -> store and dumps, atomically, in parallel, incrementally.

Output is assembled in a temporary folder beside `--out` and swapped in at the end, so a failed
build never leaves half-written output. At scale (tens of thousands of resolutions) nothing holds
the whole corpus: worker processes parse sources (chunked, in order) and hand back each graph
already cut into its pieces of the dumps, which are appended to disk as they arrive; the store is
then bulk-loaded from kg.nq. A per-source cache (`OUT/cache/`, see kg.builddir.cache) makes a
rebuild re-parse only the sources whose bytes, sidecar, base or tool changed, and when the previous
build in `--out` was made by the same code, a rebuild starts from it and redoes only the changed
graphs in the dumps, the store and lineage (kg.build.incremental).

The package, in the order a build runs: run (the entry point, atomic swap), stages (the one
stage sequence of every build), fresh or incremental (the plan: how each stage is done, from
scratch or from the previous build), workers (one source to its graph and dump pieces, in worker
processes), lineage (the corpus-level stage), index and manifest (what the next build and every
reader find), result (what was made).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.build.result import SHOWN_ERRORS, BuildResult, Built
    from kg.build.run import build, default_corpus
    from kg.build.workers import build_entry

# Loaded when first asked for (PEP 562): a worker process imports kg.build.workers, and with
# it this package, and should not pay for the orchestration's imports it never runs.
_NAMES = {"SHOWN_ERRORS": "result", "BuildResult": "result", "Built": "result",
          "build": "run", "default_corpus": "run", "build_entry": "workers"}
__all__ = ["SHOWN_ERRORS", "BuildResult", "Built", "build", "build_entry", "default_corpus"]


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(importlib.import_module(f"kg.build.{_NAMES[name]}"), name)
    raise AttributeError(f"module 'kg.build' has no attribute {name!r}")
