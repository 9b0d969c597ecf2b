"""The query pool over real worker processes: large replies arrive whole under uvloop, and a
worker that dies mid-query is explained by how it died and replaced."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest
import uvloop

from kg.serve.execute import QueryJob
from kg.serve.pool import ProcessPool

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ALL = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def test_large_replies_arrive_whole_under_uvloop(build_dir: Path) -> None:
    """uvloop makes a watched socket non-blocking: a reply larger than the socket's buffer
    once failed halfway and was reported as a dead worker (500)."""
    async def scenario() -> list[tuple[int, int]]:
        pool = ProcessPool(str(build_dir / "store"), 2)
        try:
            big = "SELECT ?x { VALUES ?x { " + " ".join(f'"{"v" * 200}{i}"' for i in range(
                3000)) + " } }"  # the query (~600 KB) is large too: the send must not block
            jobs = [QueryJob(big, format="json"), QueryJob(ALL, format="ntriples")] * 4
            replies = await asyncio.gather(*(pool.run(job, 30) for job in jobs))
            return [(r.status, len(r.body)) for r in replies]
        finally:
            await pool.close()

    answers = uvloop.run(scenario())
    assert {status for status, _ in answers} == {200}, answers
    assert answers[0][1] > 600_000


@pytest.mark.parametrize(("sig", "status", "words"), [
    (signal.SIGABRT, 507, "memory"),
    (signal.SIGSEGV, 400, "nested too deeply"),
    (signal.SIGTERM, 503, "replaced"),
])
def test_a_dead_worker_is_explained_and_replaced(build_dir: Path, sig: int, status: int,
                                                 words: str) -> None:
    async def scenario() -> tuple[int, str, dict[str, str], int]:
        pool = ProcessPool(str(build_dir / "store"), 1)
        try:
            await pool.start()
            (worker,) = pool._all
            answer = asyncio.ensure_future(pool.run(QueryJob(SLOW, format="json"), 30))
            await asyncio.sleep(0.5)
            os.kill(worker.process.pid, sig)
            reply = await answer
            after = await pool.run(QueryJob("ASK { ?s ?p ?o }", format="json"), 30)
            return reply.status, reply.body.decode(), reply.headers, after.status
        finally:
            await pool.close()

    got, text, headers, after = uvloop.run(scenario())
    assert got == status and words in text, text
    assert status != 503 or headers.get("Retry-After")
    assert after == 200  # its successor answers
