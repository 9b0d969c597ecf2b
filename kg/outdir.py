"""The build directory as a whole: a build never replaces a folder that is not a build, and
swaps its new output in with renames, so a reader sees the old build or the new one, never
half of either."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from kg.errors import UsageError
from kg.store import MANIFEST


def check_out(out: Path) -> None:
    """Refuse an `out` that exists and is not a kg build directory (nor an empty folder)."""
    foreign = out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).exists()
    if out.exists() and (not out.is_dir() or foreign):
        raise UsageError(f"{out}: exists and is not a kg build directory; refusing to replace it")


def swap_in(tmp: Path, out: Path) -> None:
    """Put the finished build `tmp` in the place of `out`; the old build is removed after."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
