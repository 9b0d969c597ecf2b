"""Run one SPARQL query against a store and turn its result into an HTTP reply.

This is the whole of query evaluation, written as a pure function of (store, job) so that it runs
the same in a worker process (the default: a runaway query can be killed) and in a thread (tests,
`workers=0`). Jobs and replies are small picklable records; the reply carries finished bytes so
the web process only copies them to the socket.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox

from kg.rdf import formats
from kg.rdf.prefixes import PREFIX_IRIS
from kg.serve import negotiation
from kg.serve.guard import declares_dataset, looks_like_update
from kg.serve.results import WRITERS

#: Prefixes every query may use without declaring them, and that Turtle output is written with.
PREFIXES: dict[str, str] = dict(PREFIX_IRIS)

TRUNCATED_HEADER = "X-KG-Truncated"
ROW_LIMIT_HEADER = "X-KG-Row-Limit"
_CHECK_EVERY = 512  # rows between deadline checks while draining an iterator


class QueryTimeout(Exception):
    """The deadline passed while results were still being read."""


@dataclass(frozen=True)
class QueryJob:
    """Everything needed to answer one query, decided by the web process."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    max_rows: int = 10_000
    base_iri: str | None = None
    #: (variable, term) pairs bound through pyoxigraph's `substitutions` (a named query's
    #: parameters); their constant columns are left out of a SELECT answer.
    substitutions: tuple[tuple[str, ox.NamedNode | ox.Literal], ...] = ()
    deadline: float = float("inf")  # time.time() value; wall clock so it crosses processes
    client: str = ""  # who asked (the remote address), for the per-client limit


@dataclass
class Reply:
    """A finished HTTP answer: status, body and the headers that depend on the result."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: CPU seconds spent in `execute`, for the runner's cost memory (inf: stopped for memory)
    elapsed: float = 0.0

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        """A plain-text error whose message a person can act on."""
        return cls(status, (message.rstrip() + "\n").encode())


def _dataset(job: QueryJob) -> dict[str, object]:
    """The query's RDF dataset: the protocol parameters if given, else the query's own FROM
    clauses, else the union of all named graphs."""
    if job.default_graphs is None and job.named_graphs is None:
        if declares_dataset(job.query):
            return {}  # the query's FROM / FROM NAMED define the dataset
        return {"use_default_graph_as_union": True}
    return {
        "default_graph": [ox.NamedNode(g) for g in job.default_graphs or ()],
        "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()],
    }


def _choose(job: QueryJob, offers: tuple[formats.Format, ...], kind: str) -> formats.Format | Reply:
    """The output format: `format=` wins over `Accept`; a refusal explains what is possible."""
    names = ", ".join(f.name for f in offers)
    if job.format:
        chosen = formats.among(job.format, offers)
        if chosen is None:
            return Reply.error(400, f"format={job.format!r} is not available for {kind}; "
                                    f"use one of: {names}")
        return chosen
    chosen = negotiation.negotiate(job.accept, offers)
    if chosen is None:
        types = ", ".join(f.media_type for f in offers)
        return Reply.error(406, f"None of the types in Accept: {job.accept} can express {kind}. "
                                f"Available: {types} (or format={names.replace(', ', '|')}).")
    return chosen


def _drain(iterator: object, limit: int, deadline: float) -> tuple[list, bool]:
    """Up to `limit` items and whether more existed, checking the deadline as it goes."""
    items: list = []
    it = iter(iterator)  # type: ignore[call-overload]
    while True:
        chunk = list(islice(it, _CHECK_EVERY))
        items.extend(chunk)
        if len(items) > limit:
            return items[:limit], True
        if len(chunk) < _CHECK_EVERY:
            return items, False
        if time.time() > deadline:
            raise QueryTimeout


def _limited(reply: Reply, truncated: bool, max_rows: int) -> Reply:
    """Mark a reply whose rows were cut at the limit: never a silent partial result."""
    reply.headers[ROW_LIMIT_HEADER] = str(max_rows)
    if truncated:
        reply.headers[TRUNCATED_HEADER] = "true"
    return reply


def execute(store: ox.Store, job: QueryJob) -> Reply:
    """Evaluate `job` on `store`; every failure becomes a reply with the right status."""
    start = time.thread_time()  # CPU time: what the query costs, not how busy the machine is
    reply = _execute(store, job)
    reply.elapsed = time.thread_time() - start
    return reply


def _execute(store: ox.Store, job: QueryJob) -> Reply:
    try:
        substitutions = {ox.Variable(name): term for name, term in job.substitutions}
        result = store.query(job.query, base_iri=job.base_iri, prefixes=PREFIXES,
                             substitutions=substitutions or None,
                             **_dataset(job))  # type: ignore[arg-type]
        if isinstance(result, ox.QueryBoolean):
            fmt = _choose(job, formats.RESULT_FORMATS, "ASK results")
            if isinstance(fmt, Reply):
                return fmt
            return Reply(200, result.serialize(format=fmt.results), fmt.content_type)
        if isinstance(result, ox.QuerySolutions):
            fmt = _choose(job, formats.RESULT_FORMATS, "SELECT results")
            if isinstance(fmt, Reply):
                return fmt
            bound = {name for name, _ in job.substitutions}
            keep = [i for i, v in enumerate(result.variables) if v.value not in bound]
            variables = [result.variables[i].value for i in keep]
            rows, truncated = _drain((tuple(s[i] for i in keep) for s in result), job.max_rows,
                                     job.deadline)
            body = WRITERS[fmt.name](variables, rows)
            return _limited(Reply(200, body, fmt.content_type), truncated, job.max_rows)
        fmt = _choose(job, formats.RDF_FORMATS, "CONSTRUCT/DESCRIBE results")
        if isinstance(fmt, Reply):
            return fmt
        triples, truncated = _drain(result, job.max_rows, job.deadline)
        body = ox.serialize(triples, format=fmt.rdf, prefixes=PREFIXES)
        return _limited(Reply(200, body, fmt.content_type), truncated, job.max_rows)
    except SyntaxError as err:
        if looks_like_update(job.query):
            return Reply.error(400, "This endpoint is read-only: SPARQL Update is not accepted.")
        return Reply.error(400, f"Malformed query: {err}")
    except QueryTimeout:
        return timeout_reply(job)
    except (OSError, ValueError, TypeError, RuntimeError) as err:
        # Evaluation errors from the store (e.g. an unsupported feature) are the query's fault.
        return Reply.error(400, f"The query could not be evaluated: {err}")


def timeout_reply(job: QueryJob) -> Reply:
    """The loud failure for a query that ran out of time (503, never an empty 200)."""
    return Reply.error(503, "Query timed out: it did not finish within the server's time limit. "
                            "Make it more selective (LIMIT, fewer OPTIONALs, narrower patterns).")


def memory_reply(memory_mb: int) -> Reply:
    """The answer for a query stopped for using too much memory."""
    return Reply.error(507, f"The query was stopped: it needed more than the {memory_mb} MB of "
                            "memory a query may use here. Make it more selective (LIMIT, "
                            "narrower patterns, no ORDER BY over large results).")
