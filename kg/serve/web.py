"""HTTP plumbing shared by every route: CORS, cache validators, an LRU of finished bodies.

CORS is a small pure-ASGI middleware (no per-request task like BaseHTTPMiddleware): every
response gets `Access-Control-Allow-Origin: *` and the headers a script may read, and any
`OPTIONS` is answered here, preflight or not, because the whole site is public and read-only.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

import pyoxigraph as ox
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.rdf.formats import HTML, Format
from kg.serve.negotiation import negotiate

ALLOW_METHODS = "GET, HEAD, POST, OPTIONS"
EXPOSE = ("X-KG-Truncated, X-KG-Row-Limit, ETag, Last-Modified, Location, Content-Location, "
          "Link, Vary")
_CORS = [
    (b"access-control-allow-origin", b"*"),
    (b"access-control-expose-headers", EXPOSE.encode()),
    (b"x-content-type-options", b"nosniff"),
]


class CORSMiddleware:
    """Open the site to every origin (public data, no credentials) and answer OPTIONS."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            requested = Headers(scope=scope).get("access-control-request-headers", "")
            headers = [
                *_CORS,
                (b"allow", ALLOW_METHODS.encode()),
                (b"access-control-allow-methods", ALLOW_METHODS.encode()),
                (b"access-control-max-age", b"86400"),
                (b"content-length", b"0"),
            ]
            if requested:
                headers.append((b"access-control-allow-headers", requested.encode("latin-1")))
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_CORS]
            await send(message)

        await self.app(scope, receive, send_with_cors)


def http_date(moment: datetime) -> str:
    """An RFC 9110 date (`Last-Modified`)."""
    return format_datetime(moment, usegmt=True)


def not_modified(headers: Headers, etag: str, modified: datetime) -> bool:
    """Whether a conditional GET may be answered 304 (If-None-Match wins over the date)."""
    inm = headers.get("if-none-match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = headers.get("if-modified-since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            return False
        return modified <= since
    return False


class BodyCache:
    """A thread-safe LRU of rendered bodies, bounded in entries and in bytes."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 64 * 2**20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> bytes | None:
        """The body stored under `key`, now the most recently used."""
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: tuple[str, str], body: bytes) -> None:
        """Store a body, evicting the least recently used beyond the bounds."""
        if len(body) > self.max_bytes // 8:
            return  # one huge document must not evict everything else
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= len(old)
            self._items[key] = body
            self._bytes += len(body)
            while len(self._items) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped)


def public_root(request: Request, base: str) -> str:
    """The root URL the client used (`http://127.0.0.1:8000/`), for access URLs in
    descriptions; the base IRI when the Host header does not make a valid IRI (it is client
    input and ends up inside RDF)."""
    root = str(request.base_url)
    try:
        ox.NamedNode(root + "sparql")
    except ValueError:
        return base
    return root


def see_document(request: Request, stem: str, offers: tuple[Format, ...]) -> Response:
    """303 from a thing (`/ontology`, `/shapes`) to its document in the negotiated format,
    HTML when the client names none of `offers`."""
    fmt = negotiate(request.headers.get("accept"), offers) or HTML
    return RedirectResponse(f"{stem}.{fmt.extension}", 303, {"Vary": "Accept"})


#: The Content-Security-Policy of pages without scripts.
PAGE_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
            "object-src 'none'; base-uri 'none'")


def build_document(request: Request, tag: str, modified: datetime, key: str,
                   body: bytes | Callable[[], bytes], content_type: str) -> Response:
    """A document that changes only with the build (`tag`): its validators, a 304 when the
    client has it, else the body (made only then, when `body` is a function)."""
    etag = f'"{tag}-{key}"'
    headers = {"ETag": etag, "Last-Modified": http_date(modified),
               "Cache-Control": "public, max-age=300"}
    if not_modified(request.headers, etag, modified):
        return Response(b"", 304, headers)
    headers["Content-Type"] = content_type
    if content_type.startswith("text/html"):
        headers["Content-Security-Policy"] = PAGE_CSP
    return Response(body() if callable(body) else body, 200, headers)
