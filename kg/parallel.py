"""Map work over processes when there is enough of it to pay for starting them.

Results come back in task order and lazily, so that callers can stream them to disk. Workers
die with the process that started them (kg.lifeline), even when it is killed with SIGKILL.
"""

from __future__ import annotations

import os
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
    with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        yield from pool.map(func, tasks, chunksize=chunksize)
