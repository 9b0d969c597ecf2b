"""SIGKILL of `kg serve` at random moments (idle, and while queries run in its workers): no
process of it is left behind, the build it served is unchanged, and the next `kg serve` on the
same build answers (issue #19's fault test, the server's half; tests/test_kill_build.py is the
build's)."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kg.build import build

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

SLOW = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> set[int]:
    """The process and every descendant still running (from /proc)."""
    parents: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)
        if fields.get("State", "")[:1] not in ("Z", "X"):
            parents[int(status.parent.name)] = int(fields.get("PPid", "0").strip() or 0)
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        if p in parents and p not in found:
            found.add(p)
            todo.extend(c for c, parent in parents.items() if parent == p)
    return found


def fingerprint(out: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(out)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def serve(out: Path, port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", "serve", str(out), "--port", str(port),
                             "--workers", "2"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def wait_up(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, "kg serve ended"
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    pytest.fail(f"nothing answered on {url}")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kill-serve") / "out"
    build([], out)
    return out


@pytest.mark.parametrize("moment", ["idle", "querying"])
def test_sigkill_of_kg_serve_leaves_nothing_and_the_build_serves_again(built, moment):
    before = fingerprint(built)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = serve(built, port)
    try:
        wait_up(url, proc)
        pids = tree(proc.pid)
        assert len(pids) > 1  # the server and its query workers
        if moment == "querying":
            pool = cf.ThreadPoolExecutor(4)
            for _ in range(4):
                pool.submit(httpx.get, f"{url}sparql", params={"query": SLOW}, timeout=10)
            time.sleep(random.uniform(0.3, 1.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 15
        while (left := {p for p in pids if p in tree(p)}) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not left, f"processes of the killed kg serve still run: {sorted(left)}"
        if moment == "querying":
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert fingerprint(built) == before  # a server never writes into the build it serves
    again = serve(built, port := free_port())
    try:
        wait_up(f"http://127.0.0.1:{port}/", again)
        r = httpx.get(f"http://127.0.0.1:{port}/sparql",
                      params={"query": "ASK { ?s ?p ?o }"},
                      headers={"accept": "application/sparql-results+json"}, timeout=10)
        assert r.status_code == 200 and r.json()["boolean"] is True
    finally:
        again.send_signal(signal.SIGTERM)
        try:
            again.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(again.pid, signal.SIGKILL)
