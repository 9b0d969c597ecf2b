"""Who gets a query worker next: a per-client limit, a bounded queue, and a lane for the cheap.

A few workers serve every SPARQL client, so without rules six expensive queries from one
client make everyone else wait out the queue. The rules, each answered loudly:

- a client (a remote address) may have `per_client` queries in flight; one more gets 429 with
  `Retry-After` (as Wikidata's query service does), before it takes a place in the queue;
- at most `queue` queries wait for a worker, each for at most `queue_wait_s`; past either,
  503 with `Retry-After`;
- a waiting query is served before another if its client has fewer queries in flight, then in
  arrival order; a query already seen to be expensive waits behind all others;
- one client, and the expensive queries of all clients together, hold at most all workers but
  one (queries known to be light excepted), so another client's query always finds a worker
  within the time of a light query.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

T = TypeVar("T")


class Refused(Exception):
    """A query turned away before evaluation, with the status and the wait to suggest."""

    def __init__(self, status: int, message: str, retry_after_s: float) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = str(max(1, math.ceil(retry_after_s)))


class Clients:
    """Queries in flight per client."""

    def __init__(self, per_client: int) -> None:
        self.per_client = per_client
        self.active: Counter[str] = Counter()

    @contextmanager
    def admit(self, client: str) -> Iterator[int]:
        """Count one more query for `client` while the block runs (yields how many it had
        before), or raise Refused (429) when it already has `per_client`."""
        before = self.active[client]
        if self.per_client > 0 and before >= self.per_client:
            raise Refused(429, f"Too many queries at once from your address: at most "
                               f"{self.per_client} may run together; wait for one to finish.", 1)
        self.active[client] += 1
        try:
            yield before
        finally:
            self.active[client] -= 1
            if self.active[client] <= 0:
                del self.active[client]


@dataclass(frozen=True)
class Ticket:
    """What decides a query's place: who asks, how many others they have in flight, and what
    it cost before (`light`: answered within time; `heavy`: slow or stopped; neither: never
    seen, so it might be either)."""

    client: str = ""
    busy: int = 0
    heavy: bool = False
    light: bool = False
    key: object = None  # the query, so that one learnt to be light while it waits is let go


class Lanes(Generic[T]):
    """Idle workers handed to waiting queries by priority, with the queue bounded.

    With more than one worker, one client holds at most all workers but one, and so do the
    heavy queries of all clients together, except for queries known to be light: a worker
    always comes free for someone else within the time of a light query.
    """

    def __init__(self, size: int, queue: int, queue_wait_s: float) -> None:
        self.size = size
        self.queue = queue
        self.queue_wait_s = queue_wait_s
        self.share = max(1, size - 1)
        self.heavy_busy = 0
        self.held: Counter[str] = Counter()
        self._idle: list[T] = []
        self._waiting: list[tuple[tuple[int, int, int], asyncio.Future[T], Ticket]] = []
        self._order = itertools.count()

    def add(self, worker: T) -> None:
        """A worker that is free (new, or done with its query)."""
        self._idle.append(worker)
        self._dispatch()

    def done(self, ticket: Ticket) -> None:
        """A query taken with `take` finished (its worker is given back or replaced apart)."""
        self.heavy_busy -= ticket.heavy
        self.held[ticket.client] -= 1
        if self.held[ticket.client] <= 0:
            del self.held[ticket.client]
        self._dispatch()

    def lighten(self, key: object) -> None:
        """Queries waiting with `key` are now known to be light (a copy of one just finished)."""
        self._waiting = [(order, future, replace(t, light=True) if t.key == key else t)
                         for order, future, t in self._waiting]
        self._dispatch()

    def _may(self, ticket: Ticket) -> bool:
        if ticket.light:
            return True
        return (self.held[ticket.client] < self.share and
                (not ticket.heavy or self.heavy_busy < self.share))

    def _hand(self, ticket: Ticket) -> T:
        self.heavy_busy += ticket.heavy
        self.held[ticket.client] += 1
        return self._idle.pop()

    def _dispatch(self) -> None:
        """Give idle workers to the best waiters that may have one."""
        self._waiting = [w for w in self._waiting if not w[1].done()]
        heapq.heapify(self._waiting)
        kept = []
        while self._idle and self._waiting:
            entry = heapq.heappop(self._waiting)
            if self._may(entry[2]):
                entry[1].set_result(self._hand(entry[2]))
            else:
                kept.append(entry)
        for entry in kept:
            heapq.heappush(self._waiting, entry)

    async def take(self, ticket: Ticket, wait_s: float) -> T:
        """A worker for one query; Refused (503) when the queue is full or no worker came
        within `wait_s` (capped at `queue_wait_s`). Call `done` once the query is over."""
        self._waiting = [w for w in self._waiting if not w[1].done()]
        heapq.heapify(self._waiting)
        if self._idle and not self._waiting and self._may(ticket):
            return self._hand(ticket)
        if len(self._waiting) >= self.queue:
            raise Refused(503, f"The query queue is full ({self.queue} waiting for "
                               f"{self.size} workers); try again shortly.", self.queue_wait_s)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting,
                       ((int(ticket.heavy), ticket.busy, next(self._order)), future, ticket))
        self._dispatch()
        wait = min(wait_s, self.queue_wait_s)
        try:
            async with asyncio.timeout(wait):
                return await future
        except TimeoutError:
            if future.done() and not future.cancelled():  # a worker came as time ran out
                return future.result()
            future.cancel()
            raise Refused(503, f"All {self.size} query workers stayed busy for {wait:g} s; "
                               "try again later.", self.queue_wait_s) from None
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():  # got a worker just as we left
                self.add(future.result())
                self.done(ticket)
            else:
                future.cancel()
            raise
