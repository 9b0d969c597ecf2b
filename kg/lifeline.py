"""Child processes die with the process that started them.

A build killed with SIGKILL cannot stop its workers: they would go on for minutes, parsing and
writing into the cache of the build that was killed. On Linux the kernel is asked to kill the
child when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere, or if that cannot be had, a
thread watches for the parent to go (the child is then adopted: its parent pid changes).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
WATCH_EVERY = 0.5  # seconds between looks at the parent, where the kernel does not do it


def die_with_parent(parent: int | None = None) -> None:
    """Make this process end when `parent` (the pid it was started by) ends. Called first
    thing in a worker (the initializer of a process pool, the main of a loader process)."""
    parent = os.getppid() if parent is None else parent
    if not _ask_the_kernel():
        threading.Thread(target=_watch, args=(parent,), name="kg-lifeline", daemon=True).start()
    if os.getppid() != parent:  # the parent died before we asked
        os._exit(1)


def _ask_the_kernel() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_EVERY)
    os._exit(1)


def running(pid: int) -> bool:
    """Whether a process `pid` exists (as another user's, too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # (EPERM: it runs, as another user)
        return True
    return True
