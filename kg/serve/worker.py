"""The query worker process: open the store read-only, answer jobs until told to stop.

pyoxigraph releases the GIL while it evaluates, but it offers no way to cancel a query, so a
query that runs past its deadline would keep a core busy forever inside the server. Running
queries in separate processes lets the server kill exactly the runaway and start a fresh worker.

Two limits make the worker's death predictable and explainable to the server:

- queries run on one thread with a large stack (`STACK_MB`, reserved, not used): Oxigraph
  parses and evaluates recursively, and a long query (10,000 FILTERs, `1+1+...`) would
  overflow the 8 MB main stack. A query that still overflows it kills the worker by SIGSEGV;
- the address space may grow by `memory_mb` past what the worker uses once ready
  (RLIMIT_AS); an allocation past it aborts the worker (SIGABRT) or raises MemoryError here.

The server tells these apart by the exit signal and answers 400 or 507 (see kg.serve.pool).
"""

from __future__ import annotations

import resource
import signal
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.lifeline import die_with_parent
from kg.serve.execute import QueryJob, Reply, execute, memory_reply
from kg.serve.sandbox import restrict_network

STACK_MB = 256


def _address_space() -> int:
    """This process's virtual size in bytes (what RLIMIT_AS limits)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * resource.getpagesize()


def _cap_memory(memory_mb: int) -> None:
    """Let the address space grow by at most `memory_mb` from now on (Linux; else no cap)."""
    if memory_mb <= 0:
        return
    try:
        limit = _address_space() + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError) as err:
        print(f"kg serve: query workers have no memory cap ({err})", file=sys.stderr)


def _answer(store: ox.Store, job: QueryJob, memory_mb: int) -> Reply:
    try:
        return execute(store, job)
    except MemoryError:
        return memory_reply(memory_mb)
    except Exception as err:  # a bug of ours: report it, keep the worker alive
        return Reply.error(500, f"Internal error while evaluating the query: {err!r}")


def main(conn: Connection, store_path: str, memory_mb: int) -> None:
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
    threading.stack_size(STACK_MB * 2**20)
    lane = ThreadPoolExecutor(1, thread_name_prefix="query")
    warm = QueryJob("ASK { ?s ?p ?o }", format="json")
    lane.submit(execute, store, warm).result()  # the thread and its malloc arena exist now
    _cap_memory(memory_mb)
    conn.send(("ready", None))
    while True:
        try:
            job: QueryJob | None = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        reply = lane.submit(_answer, store, job, memory_mb).result()
        try:
            conn.send(reply)
        except MemoryError:
            conn.send(memory_reply(memory_mb))


if __name__ == "__main__":
    main(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]))
