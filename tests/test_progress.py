"""Progress of long commands: in a terminal (a pseudo-terminal, as a person runs kg) and in a log.

A build of more than 20 sources once crashed in a terminal only (a progress bar used outside its
`with` block), a case no test ran: here the CLI runs under a pty for a fresh build, a rebuild with
some sources changed, and `kg validate`, and without one for the stage lines.
"""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.progress import SILENT, track
from kg.progress_display import Lines, Terminal, display
from tests.support.generate_corpus import generate

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

KG = [sys.executable, "-m", "kg"]
N = 25  # more than the 20 from which the old progress bar was shown (and crashed)


def in_terminal(*args: str, timeout: float = 180) -> tuple[int, str]:
    """Run kg with stdin, stdout and stderr on a pseudo-terminal; its exit status and all it
    wrote there (read as it comes, so the terminal's buffer never fills)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([*KG, *args], stdin=slave, stdout=slave, stderr=slave,
                            close_fds=True)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 1.0)[0]:
                try:
                    data = os.read(master, 1 << 16)
                except OSError:  # EIO: the child's end is closed
                    break
                if not data:
                    break
                chunks.append(data)
        else:
            proc.kill()
            pytest.fail(f"kg {' '.join(args)} did not end in {timeout} s")
        status = proc.wait(timeout=30)
    finally:
        os.close(master)
    return status, b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate(N, folder)
    return folder


def test_build_rebuild_and_validate_in_a_terminal(corpus, tmp_path):
    out = tmp_path / "out"
    status, shown = in_terminal("build", str(corpus), "--out", str(out), "-j", "2")
    assert status == 0, shown
    assert f"Built {N} resolutions" in shown
    assert "\r\x1b[K" in shown  # a status line redrawn in place
    assert f"kg build: parse {N}/{N} sources in " in shown, shown  # the ended stage, its rate
    assert "/s" in shown and "validate" in shown

    changed = sorted(corpus.rglob("*.txt"))[:3]
    for path in changed:
        path.write_text(path.read_text("utf-8") + "\n", "utf-8")
    status, shown = in_terminal("build", str(corpus), "--out", str(out), "-j", "2")
    assert status == 0, shown
    assert f"({N - 3} of {N} sources from cache)" in shown  # the incremental path was taken
    assert "kg build: parse what changed 3/3 sources in " in shown, shown

    status, shown = in_terminal("validate", str(out))
    assert status in (0, 1), shown  # (conforms or not: the report was made)
    # the build validated every graph: `kg validate` asks its cache, and says so
    assert re.search(r"kg validate: validate \((\d+) of \1 graphs from cache\)", shown), shown
    checked = re.search(r"(\d+) graphs checked", shown)
    assert checked and int(checked[1]) >= N, shown  # (lineage graphs too)
    assert f"{checked[1]} graphs checked" in shown


def test_without_a_terminal_one_line_per_stage(corpus, tmp_path):
    done = subprocess.run([*KG, "build", str(corpus), "--out", str(tmp_path / "out"), "-j", "2"],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines and all(line.startswith("kg build: ") for line in lines), lines
    stages = [line.removeprefix("kg build: ").split(" (at ")[0] for line in lines]
    assert len(stages) == len(set(stages)) >= 4, stages  # one line each, each stage once
    assert f"parse {N} sources" in stages and f"validate {N} graphs" in stages
    assert f"Built {N} resolutions" in done.stdout

    quiet = subprocess.run([*KG, "build", str(corpus), "--out", str(tmp_path / "out"), "-q"],
                           capture_output=True, text=True, timeout=180)
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_terminal_line_has_count_rate_and_time_left():
    stream, clock = io.StringIO(), Clock()
    shown = Terminal("build", stream, clock)
    shown.stage("parse", 200, "sources")
    clock.now += 10
    shown.advance(50)
    assert shown.live() == "kg build: parse 50/200 sources 25%  5.0/s  30 s left"
    clock.now += 290
    shown.advance(100)  # 150 done in 300 s: 0.5/s, 50 to go
    assert shown.live().endswith("150/200 sources 75%  0.5/s  1:40 left")
    shown.stage("load the store")
    clock.now += 3
    assert shown.live() == "kg build: load the store ... 3 s"
    shown.close()
    shown.close()  # (ending twice ends once)
    lines = stream.getvalue().split("\n")
    assert lines[0].endswith("\r\x1b[Kkg build: parse 150/200 sources in 300.0 s, 0.5/s")
    assert lines[1].endswith("\r\x1b[Kkg build: load the store in 3.0 s")
    assert lines[2] == ""


def test_lines_and_the_choice_of_display():
    stream, clock = io.StringIO(), Clock()
    shown = Lines("validate", stream, clock)
    shown.stage("read", 1, "files")
    shown.advance()
    clock.now += 2.5
    shown.stage("validate", 30, "graphs")
    assert stream.getvalue() == ("kg validate: read 1 file (at 0.0 s)\n"
                                 "kg validate: validate 30 graphs (at 2.5 s)\n")
    assert isinstance(display("build", stream=io.StringIO()), Lines)  # not a terminal
    quiet = io.StringIO()
    with display("build", quiet=True, stream=quiet) as nothing:
        nothing.stage("parse", 3, "sources")
    assert quiet.getvalue() == ""


def test_track_counts_items_as_they_arrive():
    stream = io.StringIO()
    shown = Terminal("report", stream)
    seen = []
    for item in track(shown, iter("abc"), "read", 3, "sources"):
        seen.append((item, shown.done))
    assert seen == [("a", 1), ("b", 2), ("c", 3)]
    assert list(track(SILENT, [1, 2], "x", 2)) == [1, 2]
