"""Faults during a build end in one line naming the file, never in a traceback: a bug in a stage
(injected here by patching the stage in the process that runs `kg build`), a read-only output
file system, a full disk, the leftovers of a build that was killed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PDF_SEED, SEEDS

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)


def kg_with(patch: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`kg ARGS` in a process where `patch` (Python source) ran first."""
    code = (f"import sys\n{patch}\nfrom kg.cli import main\n"
            f"sys.argv = ['kg', *{list(args)!r}]\nmain()\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)


def build_args(out: Path, *extra: str) -> list[str]:
    return ["build", str(SEEDS), "--out", str(out), "--no-validate", "-q", "-j", "1", *extra]


BUG_IN_SEGMENT = f"""
import kg.pipeline
real = kg.pipeline.segment_parts
def broken(source, lines, refdata):
    if source.path.endswith({PDF_SEED.name!r}):
        [][0]
    return real(source, lines, refdata)
kg.pipeline.segment_parts = broken
"""


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_a_bug_in_a_stage_skips_that_file_with_keep_going(tmp_path):
    out = tmp_path / "out"
    done = kg_with(BUG_IN_SEGMENT, *build_args(out, "--keep-going"))
    assert done.returncode == 0, done.stderr
    line = one_error_line(done.stderr)
    assert line.startswith("skipped: ") and PDF_SEED.name in line
    assert "unexpected IndexError in kg/" in line and "list index out of range" in line
    assert "1 resolutions" in done.stdout
    skipped = json.loads((out / "build.json").read_text())["skipped"]
    assert [Path(s["path"]).name for s in skipped] == [PDF_SEED.name]


def test_a_bug_in_a_stage_fails_the_build_in_one_line_naming_the_file(tmp_path):
    out = tmp_path / "out"
    assert kg_with("", *build_args(out)).returncode == 0
    before = (out / "build.json").read_bytes()
    done = kg_with(BUG_IN_SEGMENT, *build_args(out, "--no-cache"))
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert line.startswith("error: ") and PDF_SEED.name in line and "IndexError" in line
    assert (out / "build.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_bug_outside_the_per_file_stages_is_one_line_too(tmp_path):
    patch = ("import kg.build.fresh\n"
             "def boom(*a, **k):\n    raise RuntimeError('injected')\n"
             "kg.build.fresh.start_bulk_load = boom\n")
    done = kg_with(patch, *build_args(tmp_path / "out"))
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert line.startswith("error: unexpected RuntimeError in kg/build/fresh.py:")
    assert "injected" in line
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_file_system_is_one_line(tmp_path):
    patch = ("import errno, pathlib\n"
             "def mkdir(self, *a, **k):\n"
             "    raise OSError(errno.EROFS, 'Read-only file system', str(self))\n"
             "pathlib.Path.mkdir = mkdir\n")
    done = kg_with(patch, *build_args(tmp_path / "out"))
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert line.startswith("error: ") and ".out.tmp-" in line
    assert "the file system is read-only" in line


def test_a_full_disk_is_one_line_and_the_previous_build_stays(tmp_path):
    out = tmp_path / "out"
    assert kg_with("", *build_args(out, "--no-cache")).returncode == 0
    before = (out / "build.json").read_bytes()
    patch = ("import errno, kg.builddir.parts\n"
             "def add(self, *a, **k):\n"
             "    raise OSError(errno.ENOSPC, 'No space left on device')\n"  # (a write: no name)
             "kg.builddir.parts.DumpWriter.add = add\n")
    done = kg_with(patch, *build_args(out, "--no-cache"))
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert line.startswith(f"error: {out}: no space left on the device")
    assert (out / "build.json").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_leftovers_of_killed_builds_are_removed_by_the_next(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    stale = [tmp_path / f".out.tmp-{pid}", tmp_path / f".out.old-{pid}"]
    alive = tmp_path / f".out.tmp-{os.getpid()}"  # a build still running
    for folder in [*stale, alive]:
        (folder / "dumps").mkdir(parents=True)
    done = kg_with("", *build_args(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out", alive.name])


def test_a_full_disk_in_a_worker_stops_the_build_even_with_keep_going(tmp_path):
    """Not a fault of the source being parsed: skipping every source would swap in an empty
    build."""
    out = tmp_path / "out"
    assert kg_with("", *build_args(out, "--no-cache")).returncode == 0
    before = (out / "build.json").read_bytes()
    patch = ("import errno, kg.builddir.cache\n"
             "def put(self, key, entry):\n"
             "    raise OSError(errno.ENOSPC, 'No space left on device', 'out/cache/' + key)\n"
             "kg.builddir.cache.Cache.put = put\n")
    done = kg_with(patch, *build_args(out, "--keep-going"))
    assert done.returncode == 2
    line = one_error_line(done.stderr)
    assert line.startswith("error: out/cache/") and "no space left on the device" in line
    assert "while building" in line
    assert (out / "build.json").read_bytes() == before


def test_a_cache_file_half_written_by_a_killed_worker_is_removed(tmp_path):
    out = tmp_path / "out"
    assert kg_with("", *build_args(out)).returncode == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    folder = next(p.name for p in (out / "cache").iterdir())
    stale = f"{'0' * 64}.nt.{int(dead.stdout)}.part"
    alive = f"{'1' * 64}.nt.{os.getpid()}.part"  # a worker of a build running now
    for name in (stale, alive):
        (out / "cache" / folder / name).write_bytes(b"#half")
    assert kg_with("", *build_args(out)).returncode == 0  # (incremental: nothing changed)
    assert not (out / "cache" / folder / stale).exists()
    assert (out / "cache" / folder / alive).exists()


def test_a_build_killed_between_the_renames_of_its_swap_is_put_back(tmp_path):
    """`out` renamed aside, the new build not yet in its place: the next build finds the
    previous one where it was (and starts from it)."""
    out = tmp_path / "out"
    assert kg_with("", *build_args(out)).returncode == 0
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    out.rename(tmp_path / f".out.old-{int(dead.stdout)}")
    done = kg_with("", *build_args(out))
    assert done.returncode == 0, done.stderr
    assert "(2 of 2 sources from cache)" in done.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
