"""Whether the server can listen where it was asked to, said before uvicorn tries.

uvicorn reports a port in use as a bare `[Errno 98] error while attempting to bind on address
...` and exits; kg says which port on which host, and what to do about it. The check binds the
address as uvicorn will (its address family, SO_REUSEADDR) and lets it go at once: a port
taken in the instant between the two is still reported by uvicorn.
"""

from __future__ import annotations

import errno
import socket

from kg.errors import KgError


class CannotListen(KgError):
    """The server's address is in use, not one of this machine's, or not permitted."""


def check_listen(host: str, port: int) -> None:
    """Raise CannotListen, saying what to change, when `host:port` cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except socket.gaierror as exc:
        raise CannotListen(f"cannot listen on host {host!r} ({exc.strerror}); "
                           "choose another with --host") from None
    except OverflowError:
        raise CannotListen(f"port {port} is not a port number (0 to 65535); "
                           "choose another with --port") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise CannotListen(f"port {port} on {host} is in use; "
                               "choose another with --port") from None
        if exc.errno == errno.EACCES:
            raise CannotListen(f"port {port} on {host} needs privileges kg does not have; "
                               "choose a port above 1023 with --port") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise CannotListen(f"{host} is not an address of this machine; "
                               "choose another with --host") from None
        raise CannotListen(f"cannot listen on {host} port {port}: {exc.strerror}") from None
