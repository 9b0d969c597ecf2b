"""Query workers that cannot reach the network, whatever query they are given.

pyoxigraph evaluates `SERVICE` by fetching the address the query names, and offers no switch to
turn that off. `kg.serve.guard` refuses such queries by reading them, but a reading can be wrong;
this makes the answer not depend on it. A worker installs a seccomp filter before it opens the
store: from then on `socket(AF_INET, ...)` and `socket(AF_INET6, ...)` fail with EACCES in every
thread of the process, so no code path in it (Oxigraph's HTTP client, a DNS look-up) can open a
connection. The worker talks to the server over a pipe it inherited, which the filter leaves alone;
`io_uring_setup` is refused too, since io_uring can create sockets without the `socket` call.

The filter needs Linux on x86-64 or AArch64 and no privileges (`PR_SET_NO_NEW_PRIVS`). Where it
cannot be installed, `restrict_network` says why and the guard is the only line, which the server
reports at start-up.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import socket
import sys

# <linux/audit.h>, <asm/unistd.h>: (audit arch, socket, io_uring_setup, seccomp) per machine.
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425, 317),
    "aarch64": (0xC00000B7, 198, 425, 277),
}
_X32_SYSCALL_BIT = 0x40000000

_BPF_LD_W_ABS = 0x20
_BPF_JEQ_K = 0x15
_BPF_JGE_K = 0x35
_BPF_RET_K = 0x06
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000 | errno.EACCES
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1

# Offsets in struct seccomp_data: int nr; __u32 arch; __u64 ip; __u64 args[6].
_NR, _ARCH, _ARG0 = 0, 4, 16


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                ("k", ctypes.c_uint)]


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _program(arch: int, nr_socket: int, nr_io_uring: int) -> list[tuple[int, int, int, int]]:
    """The BPF program: deny what the filter is for, allow everything else.

    Jumps are relative (0 = the next instruction); the last two instructions are ALLOW, DENY.
    """
    return [
        (_BPF_LD_W_ABS, 0, 0, _ARCH),
        (_BPF_JEQ_K, 0, 8, arch),                  # another ABI (i386 on x86-64): deny
        (_BPF_LD_W_ABS, 0, 0, _NR),
        (_BPF_JGE_K, 6, 0, _X32_SYSCALL_BIT),      # x32 calls: deny
        (_BPF_JEQ_K, 5, 0, nr_io_uring),
        (_BPF_JEQ_K, 0, 3, nr_socket),             # not socket(): allow
        (_BPF_LD_W_ABS, 0, 0, _ARG0),              # the address family
        (_BPF_JEQ_K, 2, 0, socket.AF_INET),
        (_BPF_JEQ_K, 1, 0, socket.AF_INET6),
        (_BPF_RET_K, 0, 0, _RET_ALLOW),
        (_BPF_RET_K, 0, 0, _RET_ERRNO),
    ]


def restrict_network() -> str | None:
    """Forbid this process (all its threads) to open IPv4/IPv6 sockets, for good.

    Returns None when the filter is in place, else the reason it could not be installed.
    """
    if not sys.platform.startswith("linux"):
        return f"no seccomp on {sys.platform}"
    numbers = _ARCHES.get(platform.machine())
    if numbers is None:
        return f"no seccomp filter written for {platform.machine()}"
    arch, nr_socket, nr_io_uring, nr_seccomp = numbers
    instructions = _program(arch, nr_socket, nr_io_uring)
    filters = (_Filter * len(instructions))(*(_Filter(*i) for i in instructions))
    program = _Program(len(instructions), filters)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as err:
        return f"libc not found: {err}"
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"prctl(PR_SET_NO_NEW_PRIVS) failed: {errno.errorcode.get(ctypes.get_errno())}"
    libc.syscall.restype = ctypes.c_long
    result = libc.syscall(ctypes.c_long(nr_seccomp), ctypes.c_long(_SECCOMP_SET_MODE_FILTER),
                          ctypes.c_long(_SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(program))
    if result != 0:
        return f"seccomp() failed: {errno.errorcode.get(ctypes.get_errno(), result)}"
    return None


def network_restricted() -> bool:
    """True when this process can no longer open an IPv4 socket (for tests and start-up)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False

