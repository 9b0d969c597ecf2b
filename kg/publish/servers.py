"""Throwaway SPARQL stores for tests and benchmarks: Virtuoso (Debian's virtuoso-opensource) and
Oxigraph's server (`pip install oxigraph`), each on 127.0.0.1 with a temporary database folder.

    with virtuoso() as store:      # or oxigraph()
        publish("out", store.endpoint)
        run_remote("ASK {?s ?p ?o}", store.endpoint.query)

`available()` says which of them can be started on this machine.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.publish.client import Endpoint

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
O_DIRECT = 0
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 1000
"""


@dataclass
class RunningStore:
    kind: str
    url: str
    endpoint: Endpoint
    process: subprocess.Popen[bytes]
    folder: Path


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def available() -> dict[str, bool]:
    return {"virtuoso": virtuoso_binary() is not None, "oxigraph": oxigraph_binary() is not None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"the store exited with status {process.returncode}: {text}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the store did not answer at {url} within {timeout:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def _folder(folder: str | Path | None) -> Iterator[Path]:
    if folder is not None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        yield Path(folder).resolve()
        return
    with tempfile.TemporaryDirectory(prefix="kg-store-") as tmp:
        yield Path(tmp)


@contextmanager
def virtuoso(folder: str | Path | None = None, *, memory_mb: int = 1500,
             timeout: float = 90) -> Iterator[RunningStore]:
    """Virtuoso with a fresh database; writes through /sparql-graph-crud-auth as dba (digest)."""
    binary = virtuoso_binary()
    if binary is None:
        raise RuntimeError("virtuoso-t not found (apt-get install virtuoso-opensource)")
    with _folder(folder) as where:
        http_port, sql_port = free_port(), free_port()
        buffers = max(10000, memory_mb * 1024 * 1024 // 8192 * 2 // 3)
        ini = where / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=where, sql_port=sql_port, http_port=http_port,
                                           buffers=buffers, dirty=buffers * 3 // 4))
        log = where / "stdout.log"
        with log.open("wb") as sink:
            process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)],
                                       cwd=where, stdout=sink, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{http_port}"
        try:
            _wait(url + "/sparql", process, log, timeout)
            endpoint = Endpoint.preset("virtuoso", url, user="dba", password="dba")
            yield RunningStore("virtuoso", url, endpoint, process, where)
        finally:
            _stop(process)


@contextmanager
def oxigraph(folder: str | Path | None = None, *, timeout: float = 60
             ) -> Iterator[RunningStore]:
    """Oxigraph's server with a fresh database, the union of the graphs as default graph."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("oxigraph not found (pip install oxigraph)")
    with _folder(folder) as where:
        port = free_port()
        log = where / "stdout.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [binary, "serve", "--location", str(where / "db"), "--bind",
                 f"127.0.0.1:{port}", "--union-default-graph"],
                stdout=sink, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            _wait(url + "/query", process, log, timeout)
            yield RunningStore("oxigraph", url, Endpoint.preset("oxigraph", url), process, where)
        finally:
            _stop(process)
