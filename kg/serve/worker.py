"""The query worker process: open the store read-only, answer jobs until told to stop.

pyoxigraph releases the GIL while it evaluates, but it offers no way to cancel a query, so a
query that runs past its deadline would keep a core busy forever inside the server. Running
queries in separate processes lets the server kill exactly the runaway and start a fresh worker.
"""

from __future__ import annotations

import ctypes
import signal
import sys
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.serve.execute import QueryJob, Reply, execute


def _die_with_parent() -> None:
    """Ask Linux to kill this worker if the server dies (even by SIGKILL), so a runaway query
    cannot outlive it; elsewhere the worker still stops at its next read of the closed pipe."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main(conn: Connection, store_path: str) -> None:
    """Worker entry point: say `ready` (or why not), then serve jobs until EOF or `None`."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us
    try:
        store = ox.Store.read_only(store_path)
    except OSError as err:
        conn.send(("failed", str(err)))
        return
    conn.send(("ready", None))
    while True:
        try:
            job: QueryJob | None = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            reply = execute(store, job)
        except Exception as err:  # a bug of ours: report it as a 500, keep the worker alive
            reply = Reply.error(500, f"Internal error while evaluating the query: {err!r}")
        conn.send(reply)


if __name__ == "__main__":
    main(Connection(int(sys.argv[1])), sys.argv[2])
