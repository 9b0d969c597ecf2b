"""Messages between the server and a query worker, read and written without blocking the loop.

The worker writes with `multiprocessing.connection.Connection` (a blocking socket of its own);
the server reads and writes the same frames (a 4-byte big-endian length, or -1 and an 8-byte
length, then a pickle) through the event loop. It must not use `Connection.recv` on its end:
uvloop (uvicorn's default loop) puts any file descriptor it watches into non-blocking mode, so
a reply larger than one socket buffer (a few hundred KB: a large CONSTRUCT) made `recv` fail
halfway with `BlockingIOError`, which looked like a dead worker and answered 500.
"""

from __future__ import annotations

import asyncio
import pickle
import socket
import struct

_SHORT = struct.Struct("!i")
_LONG = struct.Struct("!Q")


def encode(obj: object) -> bytes:
    """One frame, as `Connection.send` writes it."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    if len(data) > 0x7FFFFFFF:
        return _SHORT.pack(-1) + _LONG.pack(len(data)) + data
    return _SHORT.pack(len(data)) + data


async def _read_exactly(sock: socket.socket, size: int) -> bytes:
    loop = asyncio.get_running_loop()
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        n = await loop.sock_recv_into(sock, view[got:])
        if n == 0:
            raise EOFError("the query worker closed its end")
        got += n
    return bytes(buffer)


async def receive(sock: socket.socket) -> object:
    """The next object the worker sent; EOFError when it has gone."""
    (size,) = _SHORT.unpack(await _read_exactly(sock, _SHORT.size))
    if size == -1:
        (size,) = _LONG.unpack(await _read_exactly(sock, _LONG.size))
    return pickle.loads(await _read_exactly(sock, size))


async def send(sock: socket.socket, obj: object) -> None:
    """Write one frame, however large, waiting for the socket to drain as needed."""
    await asyncio.get_running_loop().sock_sendall(sock, encode(obj))
