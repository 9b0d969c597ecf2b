"""The README's first section, tried word for word on a fresh clone, in a terminal.

What a new user does first is what "The two commands" says: `make serve`, then open `/` and
`/sparql`. This test clones the repository (its committed state) into a temporary folder, checks
that the section still says what is tried here, runs `make serve` there under a pseudo-terminal
(the terminal is where kg build once crashed, unseen by tests run through pipes), fetches `/`
and a SPARQL query, and stops the server. The environment is the one already set up: `make`
is given a VENV whose `kg` runs the clone's own code with this checkout's Python (nothing is
installed; the install step is never run: `-o` marks it done).
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

ROOT = Path(__file__).resolve().parent.parent
START_S = 60  # for the build of the bundled corpus and the server to answer


def first_section(readme: str) -> str:
    """From "## The two commands" up to "## Command line"."""
    start, end = readme.index("## The two commands"), readme.index("## Command line")
    return readme[start:end]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    if shutil.which("git") is None or shutil.which("make") is None or not (
            ROOT / ".git").exists():
        pytest.skip("needs git, make and a git checkout")
    target = tmp_path / "kg"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True,
                   timeout=60)
    return target


@pytest.fixture
def venv(tmp_path: Path, clone: Path) -> Path:
    """A VENV for the Makefile whose kg is the clone's code run by this test's Python."""
    folder = tmp_path / "venv"
    (folder / "bin").mkdir(parents=True)
    kg = folder / "bin" / "kg"
    kg.write_text(f'#!/bin/sh\ncd "{clone}" || exit 2\nexec "{sys.executable}" -m kg "$@"\n')
    kg.chmod(0o755)
    for tool in ("ruff", "pytest"):
        (folder / "bin" / tool).symlink_to(Path(sys.executable).parent / tool)
    return folder


def outside_make() -> dict[str, str]:
    """The environment without what an enclosing make passes down (CI runs the tests from
    `make test`): a nested make would otherwise print "Entering directory" and take the
    outer make's flags, which a user typing `make serve` does not see."""
    inherited = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES", "MAKE_TERMOUT",
                 "MAKE_TERMERR"}
    return {k: v for k, v in os.environ.items() if k not in inherited}


class Terminal:
    """A command on a pseudo-terminal, in a session of its own, read as it writes."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(args, cwd=cwd, stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True, close_fds=True, env=outside_make())
        os.close(slave)
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 1 << 16)
            except OSError:  # EIO: every writer has gone
                return
            if not data:
                return
            self.chunks.append(data)

    @property
    def text(self) -> str:
        return b"".join(self.chunks).decode("utf-8", "replace")

    def stop(self) -> None:
        """SIGTERM to the session's processes (make, kg serve and its workers), then SIGKILL."""
        for sig, wait_s in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait_s)
                break
            except subprocess.TimeoutExpired:
                continue
        self.reader.join(timeout=5)
        os.close(self.master)


def get(url: str, accept: str) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=10) as response:
        return (response.status, response.headers.get("Content-Type", ""),
                response.read().decode("utf-8"))


@pytest.fixture
def serving(clone: Path, venv: Path) -> Iterator[tuple[Terminal, str]]:
    port = free_port()
    make = ["make", "serve", f"VENV={venv}", f"PORT={port}", "-o", f"{venv}/bin/kg"]
    term = Terminal(make, clone)
    root = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_S
    try:
        while True:
            if term.proc.poll() is not None:
                pytest.fail(f"make serve ended (status {term.proc.returncode}):\n{term.text}")
            try:
                get(root, "text/html")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"nothing answered on {root} in {START_S} s:\n{term.text}")
                time.sleep(0.3)
        yield term, root
    finally:
        term.stop()


def test_the_readme_section_says_what_is_tried_here(clone, venv):
    section = first_section((clone / "README.md").read_text("utf-8"))
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the first section has lost its shell block"
    commands = [line.split("#")[0].strip() for line in block[1].splitlines()]
    assert commands == ["make serve", "make test"], commands
    assert "http://127.0.0.1:8000/" in section and "/sparql" in section
    said = re.search(r"`make serve` is `(kg build [^`]+)` followed by `(kg serve [^`]+)`", section)
    assert said, "the section no longer says what `make serve` runs"
    dry = subprocess.run(["make", "-n", "serve", f"VENV={venv}", "-o", f"{venv}/bin/kg"],
                         cwd=clone, capture_output=True, text=True, timeout=30, check=True,
                         env=outside_make())
    ran = [line.split("/bin/", 1)[-1] for line in dry.stdout.splitlines()]
    assert ran == [said[1], said[2] + " --port 8000"], dry.stdout  # (PORT's default)
    dry = subprocess.run(["make", "-n", "test", f"VENV={venv}", "-o", f"{venv}/bin/kg"],
                         cwd=clone, capture_output=True, text=True, timeout=30, check=True,
                         env=outside_make())
    assert "pytest" in dry.stdout and "ruff check" in dry.stdout, dry.stdout


def test_make_serve_on_a_fresh_clone_in_a_terminal(clone, serving):
    term, root = serving
    manifest = json.loads((clone / "out" / "build.json").read_text("utf-8"))
    symbols = [symbol for s in manifest["sources"] for symbol in (s.get("symbol") or "").split(
        "; ") if "/RES/" in symbol]  # (not the draft)
    assert manifest["resolutions"] >= 10 and symbols  # the bundled corpus, built into out/
    assert "Built " in term.text and "Traceback" not in term.text, term.text

    status, kind, page = get(root, "text/html")
    assert status == 200 and kind.startswith("text/html")
    assert [s for s in symbols if s not in page] == []  # "the list of resolutions"

    query = ('SELECT ?r WHERE { ?r <http://purl.org/dc/terms/identifier> '
             f'"{symbols[0]}" }}')
    status, kind, body = get(f"{root}sparql?query={urllib.parse.quote(query)}",
                             "application/sparql-results+json")
    assert status == 200 and "json" in kind
    assert json.loads(body)["results"]["bindings"], body

    status, kind, page = get(f"{root}sparql", "text/html")  # "and a query page for people"
    assert status == 200 and kind.startswith("text/html") and "<form" in page
