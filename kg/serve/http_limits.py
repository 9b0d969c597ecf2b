"""uvicorn's httptools protocol with a bound on a request's head, enforced while it is read.

uvicorn limits headers only for its h11 parser; with httptools (the default when installed) a
client could send a 16 MB Accept header and the server would buffer all of it. Here the bytes
received before the headers are complete are counted per request: past the limit the server
answers 431 (headers) or 414 (the request line) and closes the connection, having held at most
the limit plus one read of the socket.

uvicorn also sets no time limit on a request head: a client dripping one header byte every few
seconds (slowloris) held its connection for ever. Here a head must be complete within
`HEAD_TIMEOUT_S` of the connection's opening (or of its first byte, on a kept-alive
connection); past it the server answers 408 (or, if nothing came at all, just closes).
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.serve.front import MAX_HEADER_BYTES

MAX_URL_BYTES = 256 * 1024  # a SPARQL query in a GET; longer ones belong in a POST body
HEAD_TIMEOUT_S = 10.0


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """HttpToolsProtocol that refuses an oversized request head."""

    max_header_bytes = MAX_HEADER_BYTES
    max_url_bytes = MAX_URL_BYTES
    head_timeout_s = HEAD_TIMEOUT_S
    _in_head = True
    _head_bytes = 0
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head_clock()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_clock()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes = True, 0
        if self._head_timer is None:
            self._start_head_clock()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._stop_head_clock()
        super().on_headers_complete()

    def _start_head_clock(self) -> None:
        self._head_timer = self.loop.call_later(self.head_timeout_s, self._head_expired)

    def _stop_head_clock(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_expired(self) -> None:
        self._head_timer = None
        if not self._in_head or self.transport.is_closing():
            return
        if self._head_bytes == 0:
            self.transport.close()  # nothing was asked: nothing to answer
        else:
            self._refuse(408, f"The request head did not arrive within {self.head_timeout_s:g} "
                              "s.")

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if not self._in_head or self.transport.is_closing():
            return
        self._head_bytes += len(data)
        url = len(getattr(self, "url", b""))
        if url > self.max_url_bytes:
            self._refuse(414, f"Request line over the limit of {self.max_url_bytes} bytes; "
                              "send a long query in a POST body.")
        elif self._head_bytes - url > self.max_header_bytes:
            self._refuse(431, f"Request headers over the limit of {self.max_header_bytes} bytes.")

    def _refuse(self, status: int, message: str) -> None:
        reason = {408: b"Request Timeout", 414: b"URI Too Long",
                  431: b"Request Header Fields Too Large"}[status]
        body = (message + "\n").encode()
        self.transport.write(b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
                             b"content-length: %d\r\nconnection: close\r\n\r\n%s"
                             % (status, reason, len(body), body))
        self.transport.close()
