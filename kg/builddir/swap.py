"""The build directory as a whole: a build never replaces a folder that is not a build, and
swaps its new output in with renames, so a reader sees the old build or the new one, never
half of either."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

from kg.builddir.store import MANIFEST
from kg.errors import UsageError
from kg.lifeline import running


def check_out(out: Path) -> None:
    """Refuse an `out` that exists and is not a kg build directory (nor an empty folder)."""
    foreign = out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).exists()
    if out.exists() and (not out.is_dir() or foreign):
        raise UsageError(f"{out}: exists and is not a kg build directory; refusing to replace it")


def fresh_tmp(out: Path) -> Path:
    """The folder this build assembles its output in, beside `out`; first the leftovers of
    builds that were killed (their process is gone) are removed, or put back where a kill
    fell between the two renames of `swap_in`."""
    clean_stale(out)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    return tmp


def clean_stale(out: Path) -> list[Path]:
    """Remove `.OUT.tmp-PID` and `.OUT.old-PID` folders whose process no longer runs (a build
    killed with SIGKILL has no chance to remove its own); returns what was removed."""
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(tmp|old)-(\d+)$")
    removed: list[Path] = []
    try:
        names = os.listdir(out.parent if str(out.parent) else ".")
    except OSError:
        return removed
    for name in sorted(names):
        m = pattern.match(name)
        if m is None or int(m[2]) == os.getpid() or running(int(m[2])):
            continue
        stale = out.parent / name
        if m[1] == "old" and not out.exists() and (stale / MANIFEST).is_file():
            with contextlib.suppress(OSError):  # (if it cannot be put back, it is kept)
                stale.rename(out)  # killed between the renames: the previous build is back
            continue
        shutil.rmtree(stale, ignore_errors=True)
        removed.append(stale)
    return removed


def swap_in(tmp: Path, out: Path) -> None:
    """Put the finished build `tmp` in the place of `out`; the old build is removed after."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    shutil.rmtree(old, ignore_errors=True)
