"""The SPARQL 1.1 Protocol's request side: from an HTTP request to a query and its dataset.

Three ways to send a query (GET `?query=`, POST form-encoded, POST `application/sparql-query`),
the dataset parameters `default-graph-uri`/`named-graph-uri`, and the refusals the protocol asks
for: 400 for a malformed request or any update, 405 for other methods, 413 for a body over the
limit, 415 for other media types. The body is read with its limit enforced while streaming, so a
huge upload costs at most `max_body` bytes of memory, and within `BODY_TIMEOUT_S` (408 past it).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request

from kg.serve import negotiation

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
READ_ONLY = "This endpoint is read-only: SPARQL Update is not accepted."
BODY_TIMEOUT_S = 30.0


class ProtocolError(Exception):
    """A request the protocol says to refuse, with its status and a readable reason."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class QueryRequest:
    """A protocol query operation, before any evaluation."""

    query: str | None  # None: a bare GET, answered with the service description
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    format: str | None


async def read_body(request: Request, max_body: int) -> bytes:
    """The request body, refusing with 413 as soon as it passes `max_body` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > max_body:
                raise ProtocolError(413, f"Request body over the limit of {max_body} bytes.")
        except ValueError:
            raise ProtocolError(400, "Invalid Content-Length.") from None
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(BODY_TIMEOUT_S):  # a body dripped in holds a request open
            async for chunk in request.stream():
                size += len(chunk)
                if size > max_body:
                    raise ProtocolError(413, f"Request body over the limit of {max_body} bytes.")
                chunks.append(chunk)
    except TimeoutError:
        raise ProtocolError(408, f"The request body did not arrive within {BODY_TIMEOUT_S:g} "
                                 "s.") from None
    return b"".join(chunks)


def _decode(data: bytes, charset: str, where: str) -> str:
    """UTF-8 text, the only encoding the protocol allows for a query; anything else is refused
    rather than decoded, so that what is evaluated is exactly what the client meant."""
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise ProtocolError(400, f"The {where} is declared as charset={charset}; SPARQL queries "
                                 "must be sent as UTF-8 (charset=utf-8).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ProtocolError(400, f"The {where} is not valid UTF-8 (byte {err.start}); SPARQL "
                                 "queries must be sent as UTF-8.") from None


def _pairs(encoded: str, where: str) -> list[tuple[str, str]]:
    """Form-encoded pairs, refusing percent-escapes that are not UTF-8 (a query is text; a
    replacement character in it would silently change what is asked)."""
    try:
        return parse_qsl(encoded, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"The {where} holds percent-encoded bytes that are not UTF-8 "
                                 "text; encode the query as UTF-8.") from None


def _graphs(params: list[tuple[str, str]], name: str) -> tuple[str, ...] | None:
    """The IRIs given for one dataset parameter, each checked to be an absolute IRI."""
    values = tuple(v for k, v in params if k == name)
    for iri in values:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise ProtocolError(400, f"{name}={iri!r} is not an absolute IRI.") from None
    return values or None


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise ProtocolError(400, f"Exactly one '{name}' parameter is allowed, got {len(values)}.")
    return values[0] if values else None


def _from_params(params: list[tuple[str, str]], query: str | None) -> QueryRequest:
    if any(k == "update" for k, _ in params):
        raise ProtocolError(400, READ_ONLY)
    if query is None:
        query = _one(params, "query")
    elif any(k == "query" for k, _ in params):
        raise ProtocolError(400, "The query is in the body; do not also pass a 'query' parameter.")
    if query is not None and not query.strip():
        raise ProtocolError(400, "The 'query' parameter is empty.")
    default, named = _graphs(params, "default-graph-uri"), _graphs(params, "named-graph-uri")
    try:
        fmt = negotiation.requested([v for k, v in params if k in ("format", "output")])
    except ValueError as err:
        raise ProtocolError(400, str(err)) from None
    return QueryRequest(query, default, named, fmt)


async def read_query_request(request: Request, max_body: int) -> QueryRequest:
    """Parse a GET or POST to the endpoint into a `QueryRequest` or raise `ProtocolError`."""
    params = _pairs(_decode(request.scope.get("query_string", b""), "", "URL"), "URL")
    if request.method in ("GET", "HEAD"):
        return _from_params(params, None)
    if request.method != "POST":
        raise ProtocolError(405, f"{request.method} is not allowed here; use GET or POST.",
                            {"Allow": "GET, HEAD, POST, OPTIONS"})
    media, _, rest = request.headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    charset = ""
    for param in rest.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"')
    if media == UPDATE:
        raise ProtocolError(400, READ_ONLY)
    if media not in (FORM, QUERY):
        raise ProtocolError(415, f"POST needs Content-Type {QUERY} or {FORM}; got "
                                 f"{media or 'none'}.", {"Accept-Post": f"{QUERY}, {FORM}"})
    body = await read_body(request, max_body)
    if media == QUERY:
        req = _from_params(params, _decode(body, charset, "request body"))
        if not req.query or not req.query.strip():
            raise ProtocolError(400, "The request body is empty: it should hold the query.")
        return req
    form = _pairs(_decode(body, charset, "form body"), "form body")
    if any(k == "query" for k, _ in params):
        raise ProtocolError(400, "With a form POST the query goes in the body, not the URL.")
    req = _from_params(params + form, None)
    if req.query is None:
        raise ProtocolError(400, "The form has no 'query' field.")
    return req
