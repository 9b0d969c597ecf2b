"""Child processes of the server do not outlive it.

Kept apart from `kg.serve.worker` so that importing the package never imports the module that
`python -m kg.serve.worker` runs (runpy warns about that, rightly).
"""

from __future__ import annotations

import ctypes
import signal


def die_with_parent() -> None:
    """Ask Linux to kill this process if its parent dies (even by SIGKILL), so no query worker
    or web process outlives the server; elsewhere a worker still stops at its next read of the
    closed pipe."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
