"""SIGKILL of `kg build` at random moments, fresh and incremental: the previous build stays
intact and servable, the workers die with the build, and the next build succeeds and leaves no
temporary folder behind.

The corpus is generated (tests/support/generate_corpus.py) with more sources than the worker
pool's threshold, so that the builds have worker processes to leave behind."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from kg.parallel import PARALLEL_FROM
from kg.serve import create_app

with warnings.catch_warnings():  # starlette 1.x asks for httpx2; httpx is what the venv has
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from tests.support.generate_corpus import generate

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

KILLS = 3  # kill points per kind of build
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def build_command(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-j", "2",
            "--no-validate", "-q", *extra]


def children(pid: int) -> set[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines()
                          if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.add(int(status.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:\t", 1)[1][:1]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")  # (a zombie has stopped: only its exit status is left)


def running_with(marker: str) -> list[int]:
    """Processes alive whose command line holds `marker`."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if marker.encode() in cmdline.read_bytes() and alive(int(cmdline.parent.name)):
                found.append(int(cmdline.parent.name))
        except (OSError, ValueError):
            continue
    return found


def served_count(out: Path) -> int:
    """What the server, opening the build as it does, counts in the store."""
    app = create_app(out, workers=0, watch_s=3600)
    with TestClient(app, base_url="http://testserver") as client:
        answer = client.get("/sparql", params={"query": COUNT},
                            headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def intact(out: Path) -> dict[str, object]:
    manifest = json.loads((out / "build.json").read_text())
    assert served_count(out) == manifest["triples"]
    return manifest


SLOW_PARSE = """
import time, kg.build.workers
kg.build.workers.build_entry = lambda path, base: time.sleep(120)
"""


def test_workers_busy_parsing_die_with_a_killed_build(tmp_path):
    """Workers in the middle of a long parse would otherwise finish their chunk first (the
    pool's pipes tell them of their parent's death only between tasks)."""
    corpus = tmp_path / "corpus"
    generate(PARALLEL_FROM, corpus)
    code = (f"import sys\n{SLOW_PARSE}\nfrom kg.cli import main\n"
            f"sys.argv = ['kg', *{build_command(corpus, tmp_path / 'out')[3:]!r}]\nmain()\n")
    build = subprocess.Popen([sys.executable, "-c", code])
    workers: set[int] = set()
    give_up = time.perf_counter() + 30
    while len(workers) < 2 and time.perf_counter() < give_up:
        workers |= children(build.pid)
        time.sleep(0.05)
    time.sleep(0.5)  # (they are parsing now)
    build.kill()
    build.wait()
    give_up = time.perf_counter() + 5
    while any(alive(w) for w in workers) and time.perf_counter() < give_up:
        time.sleep(0.05)
    assert len(workers) == 2
    assert not [w for w in workers if alive(w)]


def test_an_error_while_workers_parse_stops_them_at_once(tmp_path):
    """The main process fails (a full disk while it writes the dumps) while the workers are
    in the middle of long tasks: the build ends in one line at once, not when they are done."""
    corpus = tmp_path / "corpus"
    generate(PARALLEL_FROM * 2, corpus)
    patch = """
import errno, time, kg.build.workers, kg.builddir.parts
real = kg.build.workers.build_entry
def slow(path, base):  # (the first source fast: its graph is the first to be written)
    time.sleep(0 if path.endswith(FIRST) else 60)
    return real(path, base)
kg.build.workers.build_entry = slow
real_add = kg.builddir.parts.DumpWriter.add
def add(self, chunks, content):
    if "/graph/ontology" in chunks.graph or "/graph/reference" in chunks.graph:
        return real_add(self, chunks, content)
    raise OSError(errno.ENOSPC, 'No space left on device')  # (at the first resolution)
kg.builddir.parts.DumpWriter.add = add
"""
    out = tmp_path / "out"
    first = sorted(corpus.rglob("*.txt"))[0].name
    code = (f"import sys\nFIRST = {first!r}\n{patch}\nfrom kg.cli import main\n"
            f"sys.argv = ['kg', *{build_command(corpus, out, '--no-cache')[3:]!r}]\nmain()\n")
    started = time.perf_counter()
    build = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=120)
    took = time.perf_counter() - started
    assert build.returncode == 2
    assert build.stderr.splitlines() == [f"error: {out}: no space left on the device (the "
                                         "build stopped; its output was not swapped in)"]
    assert took < 30  # (not when the tasks running end: 60 s or more)
    assert running_with(str(corpus)) == []  # (workers run the build's command line)
    assert list(tmp_path.iterdir()) == [corpus]


def change(source: Path, kind: str, n: int) -> None:
    """An incremental build has one source to parse again: a paragraph added to it."""
    if kind == "incremental":
        with source.open("a", encoding="utf-8") as f:
            f.write(f"\n{n + 2}. Decides to remain seized of the matter ({n});\n")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_sigkill_at_random_moments(tmp_path):
    corpus = tmp_path / "corpus"
    generate(PARALLEL_FROM + 4, corpus)
    out = tmp_path / "out"
    subprocess.run(build_command(corpus, out), check=True, capture_output=True, timeout=120)
    rng = random.Random(19)
    source = sorted(corpus.rglob("*.txt"))[3]
    for kind in ("fresh", "incremental"):
        extra = ("--no-cache",) if kind == "fresh" else ()
        change(source, kind, -1)
        started = time.perf_counter()  # (how long one takes: where to kill it)
        subprocess.run(build_command(corpus, out, *extra), check=True, capture_output=True,
                       timeout=120)
        took = time.perf_counter() - started
        for n in range(KILLS):
            before = intact(out)
            change(source, kind, n)
            build = subprocess.Popen(build_command(corpus, out, *extra),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.perf_counter() + rng.uniform(0.2, 0.9) * took
            workers: set[int] = set()
            while time.perf_counter() < deadline and build.poll() is None:
                workers |= children(build.pid)
                time.sleep(0.02)
            build.kill()
            build.wait()
            give_up = time.perf_counter() + 5
            while any(alive(w) for w in workers) and time.perf_counter() < give_up:
                time.sleep(0.05)
            assert not [w for w in workers if alive(w)], f"{kind} {n}: workers outlived the build"
            after = intact(out)  # the previous build, or the new one if the kill came late
            if after != before:  # (killed after the swap): then it is the whole new build
                assert len(after["sources"]) == len(before["sources"])
                sha = hashlib.sha256(source.read_bytes()).hexdigest()
                assert sha in {s["sha256"] for s in after["sources"]}, f"{kind} {n}"
        done = subprocess.run(build_command(corpus, out, *extra), capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        intact(out)
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    shutil.rmtree(corpus)
