"""Where SPARQL queries run: a pool of worker processes with a hard deadline per query.

The event loop never evaluates a query. It hands a `QueryJob` to an idle worker over a pipe and
waits on the pipe's file descriptor (no thread per query). If the deadline passes first, the
worker is killed (its CPU is freed at once: pyoxigraph queries cannot be cancelled otherwise), a
replacement is started in the background, and the client gets a 503. Time spent waiting for a
free worker counts against the same deadline, so a burst of slow queries is refused loudly
rather than queued forever.

`ThreadRunner` is the in-process alternative (`workers=0`): same replies, but a timed-out query
keeps running in its thread until it next checks the deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
from dataclasses import replace
from multiprocessing.connection import Connection
from typing import Protocol

import pyoxigraph as ox

from kg.serve.execute import QueryJob, Reply, execute, timeout_reply
from kg.serve.guard import may_federate

log = logging.getLogger("kg.serve")
_START_TIMEOUT_S = 120.0


class Runner(Protocol):
    """Something that answers query jobs within a time limit."""

    async def start(self) -> None: ...
    async def run(self, job: QueryJob, timeout_s: float) -> Reply: ...
    async def close(self) -> None: ...


class _Worker:
    """One worker process and the parent's end of its socket.

    Started as `python -m kg.serve.worker` rather than through multiprocessing's spawn, which
    would re-import the caller's `__main__` (a test runner, a script) in every worker.
    """

    def __init__(self, store_path: str) -> None:
        parent, child = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.serve.worker", str(child.fileno()), store_path],
            pass_fds=[child.fileno()], env=env, stdin=subprocess.DEVNULL)
        child.close()
        self.conn = Connection(parent.detach())

    def kill(self) -> None:
        """Stop the process now, whatever it is doing."""
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(OSError):
            self.conn.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


async def _receive(conn: Connection, timeout_s: float | None = None) -> object:
    """The next message on `conn`, awaited through the event loop's reader callbacks.

    One future, one reader callback and one timer per message: no task per query, so a cheap
    query costs the web process only a few microseconds of bookkeeping.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[None] = loop.create_future()
    fd = conn.fileno()

    def readable() -> None:
        if not future.done():
            future.set_result(None)

    def expired() -> None:
        if not future.done():
            future.set_exception(TimeoutError())

    loop.add_reader(fd, readable)
    timer = loop.call_later(timeout_s, expired) if timeout_s is not None else None
    try:
        await future
    finally:
        loop.remove_reader(fd)
        if timer is not None:
            timer.cancel()
    return conn.recv()


class ProcessPool:
    """A fixed number of query worker processes over one read-only store."""

    def __init__(self, store_path: str, size: int = 2) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    async def start(self) -> None:
        """Start the workers and wait until at least one is ready (the store opened)."""
        if self._idle is not None:
            return
        self._idle = asyncio.Queue()
        results = await asyncio.gather(*(self._spawn() for _ in range(self.size)),
                                       return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if len(errors) == len(results):
            raise RuntimeError(f"no query worker could start: {errors[0]}")

    async def _spawn(self) -> None:
        """Start one worker and put it in the idle queue once it has opened the store."""
        w = _Worker(self.store_path)
        self._all.add(w)
        try:
            status, detail = await _receive(w.conn, _START_TIMEOUT_S)  # type: ignore[misc]
        except (TimeoutError, EOFError, OSError) as err:
            self._discard(w)
            raise RuntimeError(f"query worker did not start: {err!r}") from err
        if status != "ready":
            self._discard(w)
            raise RuntimeError(f"query worker could not open the store: {detail}")
        if self._closed:
            self._discard(w)
            return
        assert self._idle is not None
        self._idle.put_nowait(w)

    def _discard(self, w: _Worker) -> None:
        self._all.discard(w)
        w.kill()

    def _replace(self, w: _Worker) -> None:
        """Kill a worker and start its successor without making anyone wait for it."""
        self._discard(w)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self) -> None:
        try:
            await self._spawn()
        except RuntimeError:
            log.exception("could not replace a query worker")

    async def run(self, job: QueryJob, timeout_s: float) -> Reply:
        """Answer `job`, or a 503 if it (with its wait for a worker) outlasts `timeout_s`."""
        await self.start()
        assert self._idle is not None
        start = time.monotonic()
        try:
            if self._idle.empty():
                w = await asyncio.wait_for(self._idle.get(), timeout_s)
            else:
                w = self._idle.get_nowait()
        except TimeoutError:
            return Reply.error(503, f"All {self.size} query workers stayed busy for "
                                    f"{timeout_s:g} s; try again later.")
        remaining = timeout_s - (time.monotonic() - start)
        job = replace(job, deadline=time.time() + remaining)
        try:
            w.conn.send(job)
            reply = await _receive(w.conn, max(remaining, 0.001))
        except TimeoutError:
            log.warning("query timed out after %.1f s; killing its worker", timeout_s)
            self._replace(w)
            return timeout_reply(job)
        except (EOFError, OSError, BrokenPipeError):
            log.error("a query worker died while evaluating a query")
            self._replace(w)
            return Reply.error(500, "The query worker stopped unexpectedly (out of memory?).")
        except asyncio.CancelledError:
            self._replace(w)  # the client went away mid-query: do not leave the work running
            raise
        self._idle.put_nowait(w)
        assert isinstance(reply, Reply)
        return reply

    async def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for w in list(self._all):
            self._discard(w)


class ThreadRunner:
    """Queries in threads of this process: fast to start, but timeouts are only soft."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    async def start(self) -> None:
        return None

    async def run(self, job: QueryJob, timeout_s: float) -> Reply:
        job = replace(job, deadline=time.time() + timeout_s)
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(
                loop.run_in_executor(None, execute, self.store, job), timeout_s)
        except TimeoutError:
            return timeout_reply(job)

    async def close(self) -> None:
        return None


class AdaptiveRunner:
    """The process pool, plus an inline lane for queries already seen to be cheap.

    The store never changes while the server runs, so a query's cost is a property of its text
    and dataset: a query that a worker answered within `inline_budget_s` is answered the next
    times in the event loop itself, skipping two process hops (measured: they cost more than
    the evaluation of a typical named query on two cores). Unknown queries, and any that ever
    ran long, only run in the killable workers, so a runaway never reaches the inline lane.
    """

    def __init__(self, pool: ProcessPool, store: ox.Store, inline_budget_s: float = 0.005,
                 memory: int = 4096) -> None:
        self.pool = pool
        self.store = store
        self.budget = inline_budget_s
        self.memory = memory
        self._cheap: dict[tuple[object, ...], None] = {}

    async def start(self) -> None:
        await self.pool.start()

    async def close(self) -> None:
        await self.pool.close()

    @staticmethod
    def _key(job: QueryJob) -> tuple[object, ...]:
        return (job.query, job.default_graphs, job.named_graphs, job.substitutions)

    async def run(self, job: QueryJob, timeout_s: float) -> Reply:
        key = self._key(job)
        if key in self._cheap and not may_federate(job.query):
            reply = execute(self.store, replace(job, deadline=time.time() + timeout_s))
            if reply.elapsed > 4 * self.budget:
                self._cheap.pop(key, None)  # slower than promised (a loaded machine): demote
            return reply
        reply = await self.pool.run(job, timeout_s)
        if reply.status == 200 and 0 < reply.elapsed <= self.budget and not may_federate(job.query):
            self._cheap[key] = None
            if len(self._cheap) > self.memory:
                self._cheap.pop(next(iter(self._cheap)))
        return reply
