"""Fair admission as a unit: the per-client limit, the bounded queue, and who goes first."""

from __future__ import annotations

import asyncio

import pytest

from kg.serve.admission import Clients, Lanes, Refused, Ticket
from kg.serve.config import parse_limits


def test_a_client_past_its_limit_gets_429_with_retry_after() -> None:
    clients = Clients(per_client=2)
    with clients.admit("a") as first, clients.admit("a") as second, clients.admit("b"):
        assert (first, second) == (0, 1)
        with pytest.raises(Refused) as refused, clients.admit("a"):
            pass
        assert refused.value.status == 429 and int(refused.value.retry_after) >= 1
    assert not clients.active  # every slot given back, also after the refusal
    with clients.admit("a"):
        pass


def _run(coroutine):  # type: ignore[no-untyped-def]
    return asyncio.run(asyncio.wait_for(coroutine, 10))


def test_the_queue_is_bounded_in_length_and_time() -> None:
    async def scenario() -> list[int]:
        lanes: Lanes[str] = Lanes(size=1, queue=2, queue_wait_s=0.2)
        lanes.add("w")
        held = await lanes.take(Ticket("a"), 5)
        waiting = [asyncio.ensure_future(lanes.take(Ticket(c), 5)) for c in "bc"]
        await asyncio.sleep(0)
        statuses = []
        try:
            await lanes.take(Ticket("d"), 5)
        except Refused as refused:
            statuses.append(refused.status)  # the queue is full
        for task in waiting:
            try:
                await task
            except Refused as refused:
                statuses.append(refused.status)  # waited queue_wait_s
        lanes.add(held)
        lanes.done(Ticket("a"))
        assert await lanes.take(Ticket("e"), 5) == "w"  # and the worker is free again
        return statuses

    assert _run(scenario()) == [503, 503, 503]


def test_one_client_leaves_a_worker_for_others_unless_its_queries_are_light() -> None:
    async def scenario() -> tuple[str, bool, str]:
        lanes: Lanes[str] = Lanes(size=2, queue=8, queue_wait_s=1.0)
        lanes.add("w1")
        lanes.add("w2")
        await lanes.take(Ticket("a"), 5)
        second = asyncio.ensure_future(lanes.take(Ticket("a", busy=1, key="q"), 5))
        await asyncio.sleep(0.05)
        blocked = not second.done()  # a's unknown second query may not take the last worker
        other = await lanes.take(Ticket("b"), 5)  # ... which b gets at once
        lanes.add(other)
        lanes.done(Ticket("b"))
        lanes.lighten("q")  # a copy of a's query finished quickly: let it go
        return other, blocked, await second

    other, blocked, got = _run(scenario())
    assert blocked and other in ("w1", "w2") and got in ("w1", "w2")


def test_heavy_queries_wait_behind_others_and_never_hold_every_worker() -> None:
    async def scenario() -> list[str]:
        lanes: Lanes[str] = Lanes(size=2, queue=8, queue_wait_s=1.0)
        lanes.add("w1")
        lanes.add("w2")
        order: list[str] = []
        heavy = Ticket("a", heavy=True)
        await lanes.take(heavy, 5)
        second_heavy = asyncio.ensure_future(lanes.take(Ticket("c", heavy=True), 0.3))
        await asyncio.sleep(0.05)
        cheap = await lanes.take(Ticket("b"), 5)
        order.append("cheap served")
        lanes.add(cheap)
        lanes.done(Ticket("b"))
        try:
            await second_heavy
        except Refused:
            order.append("second heavy refused")  # the one worker left stayed for others
        return order

    assert _run(scenario()) == ["cheap served", "second heavy refused"]


def test_limit_options() -> None:
    assert parse_limits(["query-memory-mb=2048", "queue-wait-s=2.5", "per-client=0"]) == \
        {"memory_mb": 2048, "queue_wait_s": 2.5, "per_client": 0}
    for bad in ("memory=1", "queue=-1", "queue", "per-client=many"):
        with pytest.raises(ValueError, match="query-memory-mb, per-client, queue, queue-wait-s"):
            parse_limits([bad])
