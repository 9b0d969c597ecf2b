"""Map work over processes when there is enough of it to pay for starting them.

Results come back in task order and lazily, so that callers can stream them to disk. Workers
die with the process that started them (kg.lifeline), even when it is killed with SIGKILL, and
are stopped at once when the caller stops (an error, Ctrl-C): a pool left to itself would
finish every task it was given before the error could be reported.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from kg.lifeline import die_with_parent

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_FROM = 16  # below this many tasks, worker start-up costs more than it saves


def ordered_map(func: Callable[[T], R], tasks: Sequence[T], jobs: int | None, *,
                max_chunk: int = 64) -> Iterator[R]:
    """`map(func, tasks)`, in worker processes (all cores unless `jobs`) for long task lists;
    chunks are small enough that progress advances and large enough to amortise pickling."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(tasks) < PARALLEL_FROM:
        yield from map(func, tasks)
        return
    chunksize = max(1, min(max_chunk, len(tasks) // (jobs * 16)))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker, initargs=(os.getpid(),))
    results = pool.map(func, tasks, chunksize=chunksize)
    try:
        for result in results:  # noqa: UP028 (`yield from` would cancel the tasks left first)
            yield result
    except BaseException:  # (GeneratorExit too: the caller stopped reading)
        _stop(pool)
        results.close()
        raise
    pool.shutdown()


def _worker(parent: int) -> None:
    """A worker dies with its parent, and leaves Ctrl-C to it (the whole process group gets
    the signal: one message from the parent, not a traceback from every worker)."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill the workers, then let the pool see them gone (it fails what was left to do) and
    wait for that. (Tasks cancelled before would make the pool's thread fail on them, with a
    traceback: InvalidStateError, Python 3.11.)"""
    processes = list(getattr(pool, "_processes", None) or {})  # (no public way before 3.14)
    for pid in processes:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    pool.shutdown(wait=True)
