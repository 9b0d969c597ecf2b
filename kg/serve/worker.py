"""The query worker process: open the store read-only, answer jobs until told to stop.

pyoxigraph releases the GIL while it evaluates, but it offers no way to cancel a query, so a
query that runs past its deadline would keep a core busy forever inside the server. Running
queries in separate processes lets the server kill exactly the runaway and start a fresh worker.
"""

from __future__ import annotations

import signal
import sys
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.serve.execute import QueryJob, Reply, execute
from kg.serve.lifeline import die_with_parent
from kg.serve.sandbox import restrict_network


def main(conn: Connection, store_path: str) -> None:
    """Worker entry point: say `ready` (or why not), then serve jobs until EOF or `None`."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us
    why_not = restrict_network()  # before the store opens: no query ever runs with the network
    if why_not:
        print(f"kg serve: query workers can reach the network ({why_not}); only the query "
              "check keeps SERVICE out", file=sys.stderr)
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
