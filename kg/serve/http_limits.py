"""uvicorn's httptools protocol with a bound on a request's head, enforced while it is read.

uvicorn limits headers only for its h11 parser; with httptools (the default when installed) a
client could send a 16 MB Accept header and the server would buffer all of it. Here the bytes
received before the headers are complete are counted per request: past the limit the server
answers 431 (headers) or 414 (the request line) and closes the connection, having held at most
the limit plus one read of the socket.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from kg.serve.front import MAX_HEADER_BYTES

MAX_URL_BYTES = 256 * 1024  # a SPARQL query in a GET; longer ones belong in a POST body


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """HttpToolsProtocol that refuses an oversized request head."""

    max_header_bytes = MAX_HEADER_BYTES
    max_url_bytes = MAX_URL_BYTES
    _in_head = True
    _head_bytes = 0

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_bytes = True, 0

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

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
        reason = {414: b"URI Too Long", 431: b"Request Header Fields Too Large"}[status]
        body = (message + "\n").encode()
        self.transport.write(b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
                             b"content-length: %d\r\nconnection: close\r\n\r\n%s"
                             % (status, reason, len(body), body))
        self.transport.close()
