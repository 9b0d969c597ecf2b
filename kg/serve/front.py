"""What is checked about a request before any route sees it: the Host it names and the size of
its header block.

The Host header ends up in what the server writes (the Service Description's endpoint, VoID's
access URLs, the Location of every 303), and those answers are cacheable: a client that could
choose the Host could plant its own address in a shared cache. So the server only answers for
the hosts it was told it is reachable as; any other Host gets a 400 that never echoes it.
The header limit here is the app's own (431); `kg.serve.http_limits` enforces the same limit
while the request is still being read, so a huge header costs the server little memory.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

MAX_HEADER_BYTES = 64 * 1024
_LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


def default_hosts(host: str, port: int) -> tuple[str, ...]:
    """The Host values a server listening on `host`:`port` answers for when not told more:
    that address and the loopback names, with the port."""
    names = [host if ":" not in host else f"[{host.strip('[]')}]", *_LOOPBACK]
    if host in ("0.0.0.0", "::", "[::]"):
        names = list(_LOOPBACK)  # the names the machine is reached by are not knowable here
    return tuple(dict.fromkeys(f"{n}:{port}".lower() for n in names))


def _normal(host: str) -> str:
    """A Host value as compared: lower case, without the default port of http."""
    return host.strip().lower().removesuffix(":80")


class FrontCheck:
    """Refuse, before routing, a Host the server does not answer for (400) and a header block
    over `max_header_bytes` (431).

    `allowed_hosts` None accepts every Host (a library or test use of the app); `"*"` in it
    does the same explicitly. A request without Host (HTTP/1.0) is let through: starlette then
    uses the listening address, which is not client input.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None = None,
                 max_header_bytes: int = MAX_HEADER_BYTES) -> None:
        self.app = app
        hosts = None if allowed_hosts is None else {_normal(h) for h in allowed_hosts}
        self.hosts = None if hosts is None or "*" in hosts else hosts
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers") or []
        if sum(len(k) + len(v) + 4 for k, v in headers) > self.max_header_bytes:
            await _plain(send, 431, f"Request headers over the limit of {self.max_header_bytes} "
                                    "bytes.")
            return
        if self.hosts is not None:
            host = next((v for k, v in headers if k == b"host"), None)
            normal = _normal(host.decode("latin-1")) if host is not None else None
            if normal is not None and normal not in self.hosts:
                shown = ", ".join(sorted(self.hosts)[:4])
                more = f" and {len(self.hosts) - 4} more" if len(self.hosts) > 4 else ""
                await _plain(send, 400, "This server does not answer for the host named in the "
                                        f"request's Host header; it answers as {shown}{more} "
                                        "(kg serve --allowed-host adds names).")
                return
            if normal is not None and normal.encode() != host:  # written as it was allowed
                scope = {**scope, "headers": [(k, normal.encode() if k == b"host" else v)
                                              for k, v in headers]}
        await self.app(scope, receive, send)


async def _plain(send: Send, status: int, message: str) -> None:
    body = (message + "\n").encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
    ]})
    await send({"type": "http.response.body", "body": body})
