"""Where SPARQL queries run: a pool of worker processes with a hard deadline per query.

The event loop never evaluates a query. It hands a `QueryJob` to a worker over a socket
(kg.serve.frames: read and written through the loop, never blocking it) and waits for the reply.
If the deadline passes first, the worker is killed (its CPU is freed at once: pyoxigraph queries
cannot be cancelled otherwise), a replacement is started in the background, and the client gets
a 503. A worker that dies on its own is explained by how it died: past its memory cap (507),
out of stack (400), anything else (503, retry); it is replaced in every case. Which query gets
a free worker, and how long one may wait for it, is kg.serve.admission's business; the wait
counts against the same deadline, so a burst of slow queries is refused loudly rather than
queued forever.

`ThreadRunner` is the in-process alternative (`workers=0`): same replies, but a timed-out query
keeps running in its thread until it next checks the deadline.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from typing import Protocol

import pyoxigraph as ox

from kg.serve import frames
from kg.serve.admission import Clients, Lanes, Refused, Ticket
from kg.serve.execute import QueryJob, Reply, execute, memory_reply, timeout_reply
from kg.serve.guard import may_federate

log = logging.getLogger("kg.serve")
_START_TIMEOUT_S = 120.0


class Runner(Protocol):
    """Something that answers query jobs within a time limit."""

    async def start(self) -> None: ...
    async def run(self, job: QueryJob, timeout_s: float) -> Reply: ...
    async def close(self) -> None: ...


class _Worker:
    """One worker process and the parent's end of its socket (non-blocking, read and written
    through the event loop by kg.serve.frames).

    Started as `python -m kg.serve.worker` rather than through multiprocessing's spawn, which
    would re-import the caller's `__main__` (a test runner, a script) in every worker.
    """

    def __init__(self, store_path: str, memory_mb: int) -> None:
        parent, child = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.serve.worker", str(child.fileno()), store_path,
             str(memory_mb)], pass_fds=[child.fileno()], env=env, stdin=subprocess.DEVNULL)
        child.close()
        parent.setblocking(False)
        self.sock = parent

    def kill(self) -> None:
        """Stop the process now, whatever it is doing."""
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(OSError):
            self.sock.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)

    async def exit_code(self) -> int | None:
        """How the process ended, once its end of the socket has closed (None: still alive
        after a second)."""
        for _ in range(100):
            code = self.process.poll()
            if code is not None:
                return code
            await asyncio.sleep(0.01)
        return None


def _death_reply(code: int | None, memory_mb: int) -> Reply:
    """What to tell the client whose query a worker died evaluating: never a bare 500."""
    if code in (-signal.SIGABRT, -signal.SIGKILL):  # allocation past RLIMIT_AS, or OOM killer
        reply = memory_reply(memory_mb)
        reply.elapsed = float("inf")
        return reply
    if code in (-signal.SIGSEGV, -signal.SIGBUS):
        return Reply.error(400, "The query could not be evaluated: it is nested too deeply or "
                                "is too long for this server (its evaluation ran out of stack).")
    reply = Reply.error(503, f"The query worker stopped unexpectedly (exit status {code}); it "
                             "has been replaced. Try again.")
    reply.headers["Retry-After"] = "1"
    return reply


def refused_reply(refusal: Refused) -> Reply:
    """A query turned away by admission: its status, message and Retry-After."""
    reply = Reply.error(refusal.status, refusal.message)
    reply.headers["Retry-After"] = refusal.retry_after
    return reply


class ProcessPool:
    """A fixed number of query worker processes over one read-only store, shared fairly."""

    def __init__(self, store_path: str, size: int = 2, *, memory_mb: int = 1024,
                 queue: int = 32, queue_wait_s: float = 5.0) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self.memory_mb = memory_mb
        self.lanes: Lanes[_Worker] = Lanes(self.size, queue, queue_wait_s)
        self._started = False
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    async def start(self) -> None:
        """Start the workers and wait until at least one is ready (the store opened)."""
        if self._started:
            return
        self._started = True
        results = await asyncio.gather(*(self._spawn() for _ in range(self.size)),
                                       return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if len(errors) == len(results):
            self._started = False
            raise RuntimeError(f"no query worker could start: {errors[0]}")

    async def _spawn(self) -> None:
        """Start one worker and make it available once it has opened the store."""
        w = _Worker(self.store_path, self.memory_mb)
        self._all.add(w)
        try:
            async with asyncio.timeout(_START_TIMEOUT_S):
                status, detail = await frames.receive(w.sock)  # type: ignore[misc]
        except (TimeoutError, EOFError, OSError) as err:
            self._discard(w)
            raise RuntimeError(f"query worker did not start: {err!r}") from err
        if status != "ready":
            self._discard(w)
            raise RuntimeError(f"query worker could not open the store: {detail}")
        if self._closed:
            self._discard(w)
            return
        self.lanes.add(w)

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

    async def run(self, job: QueryJob, timeout_s: float, ticket: Ticket | None = None) -> Reply:
        """Answer `job`, or a 503 if it (with its wait for a worker) outlasts `timeout_s`.

        The `ticket` (who asks, what the query cost before) sets its place in the queue; see
        kg.serve.admission.
        """
        await self.start()
        ticket = ticket or Ticket(job.client)
        start = time.monotonic()
        try:
            w = await self.lanes.take(ticket, timeout_s)
        except Refused as refusal:
            return refused_reply(refusal)
        try:
            return await self._evaluate(w, job, timeout_s - (time.monotonic() - start))
        finally:
            self.lanes.done(ticket)

    async def _evaluate(self, w: _Worker, job: QueryJob, remaining: float) -> Reply:
        job = replace(job, deadline=time.time() + remaining)
        try:
            async with asyncio.timeout(max(remaining, 0.001)):
                await frames.send(w.sock, job)
                reply = await frames.receive(w.sock)
        except TimeoutError:
            log.warning("query timed out; killing its worker")
            self._replace(w)
            reply = timeout_reply(job)
            reply.elapsed = float("inf")
            return reply
        except (EOFError, OSError):
            code = await w.exit_code()
            log.error("a query worker died evaluating a query (exit status %s)", code)
            self._replace(w)
            return _death_reply(code, self.memory_mb)
        except asyncio.CancelledError:
            self._replace(w)  # the client went away mid-query: do not leave the work running
            raise
        assert isinstance(reply, Reply)
        if reply.status == 507:  # MemoryError in the worker: it may be fragmented, renew it
            reply.elapsed = float("inf")
            self._replace(w)
        else:
            self.lanes.add(w)
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
    """The process pool, fairly shared, plus an inline lane for queries already seen to be cheap.

    The store never changes while the server runs, so a query's cost is a property of its text
    and dataset: a query that a worker answered within `inline_budget_s` is answered the next
    times in the event loop itself, skipping two process hops (measured: they cost more than
    the evaluation of a typical named query on two cores). Unknown queries, and any that ever
    ran long, only run in the killable workers, so a runaway never reaches the inline lane. The
    cost also fills the query's ticket for the worker queue: one that took `heavy_s` or more
    (or was stopped) is heavy, one that took less is light (kg.serve.admission). Every query
    counts against its client's limit.
    """

    def __init__(self, pool: ProcessPool, store: ox.Store, inline_budget_s: float = 0.005,
                 memory: int = 4096, *, per_client: int = 4, heavy_s: float = 1.0) -> None:
        self.pool = pool
        self.store = store
        self.budget = inline_budget_s
        self.heavy_s = heavy_s
        self.memory = memory
        self.clients = Clients(per_client)
        self._cost: dict[tuple[object, ...], tuple[float, bool]] = {}

    async def start(self) -> None:
        await self.pool.start()

    async def close(self) -> None:
        await self.pool.close()

    @staticmethod
    def _key(job: QueryJob) -> tuple[object, ...]:
        return (job.query, job.default_graphs, job.named_graphs, job.substitutions)

    async def run(self, job: QueryJob, timeout_s: float) -> Reply:
        try:
            with self.clients.admit(job.client) as busy:
                return await self._run(job, timeout_s, busy)
        except Refused as refusal:
            return refused_reply(refusal)

    async def _run(self, job: QueryJob, timeout_s: float, busy: int) -> Reply:
        key = self._key(job)
        cost, inline = self._cost.get(key, (-1.0, False))
        if inline:
            reply = execute(self.store, replace(job, deadline=time.time() + timeout_s))
            if reply.elapsed > 4 * self.budget:  # slower than promised (a loaded machine)
                self._remember(key, reply.elapsed, False)
            return reply
        ticket = Ticket(job.client, busy, heavy=cost >= self.heavy_s,
                        light=0 <= cost < self.heavy_s, key=key)
        reply = await self.pool.run(job, timeout_s, ticket)
        if reply.status == 200 or reply.elapsed > 0:  # 0 and not 200: refused, not evaluated
            self._remember(key, reply.elapsed, reply.status == 200 and 0 < reply.elapsed <=
                           self.budget and not may_federate(job.query))
        return reply

    def _remember(self, key: tuple[object, ...], cost: float, inline: bool) -> None:
        if cost < self.heavy_s:
            self.pool.lanes.lighten(key)
        self._cost.pop(key, None)
        self._cost[key] = (cost, inline)
        if len(self._cost) > self.memory:
            self._cost.pop(next(iter(self._cost)))
