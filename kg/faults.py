"""Faults that are not the input's: a bug in a stage, a file system that refuses to be written.

A build must never end in a traceback. An unexpected exception while one source goes through
the stages is that source's failure (skipped with --keep-going, named in one line without);
one anywhere else, or an OSError from the output folder (a read-only file system, a full
disk), ends the build with one line naming where. `KG_DEBUG=1` lets the exception through,
with its traceback, for whoever fixes the bug.
"""

from __future__ import annotations

import errno
import functools
import inspect
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from kg.errors import KgError, SourceError
from kg.settings import DEBUG_ENV

P = ParamSpec("P")
R = TypeVar("R")
_HERE = Path(__file__).resolve().parent  # the kg package: frames inside it say where


@dataclass(frozen=True)
class Failed:
    """A source's failure (a SourceError) as it crosses the process boundary (exceptions
    with keyword-only arguments do not unpickle)."""

    path: str
    message: str
    line: int | None
    fatal: bool = False  # the machine's fault (a full disk), not the source's: no use going on

    def error(self) -> SourceError:
        if self.fatal:
            raise OutputError(f"{self.message} (while building {self.path}; the build stopped, "
                              f"its output was not swapped in)")
        return SourceError(self.path, self.message, line=self.line)


class InternalError(KgError):
    """An exception kg did not expect: a bug, said in one line with where it was raised."""


class Interrupted(KgError):
    """Ctrl-C: the build stopped, as a build that fails does."""

    exit_code = 130  # (128 + SIGINT, as a shell reports it)


class OutputError(KgError):
    """The output could not be written (read-only file system, disk full, no permission)."""

    exit_code = 2


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV, "") not in ("", "0")


def where(exc: BaseException) -> str:
    """The innermost frame of kg that the exception passed ("kg/segment/body.py:40")."""
    found = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_relative_to(_HERE):
            found = f"kg/{path.relative_to(_HERE).as_posix()}:{frame.lineno}"
    return found


def unexpected(exc: BaseException) -> str:
    """One line for a bug: what was raised, where, and what to do."""
    at = where(exc)
    text = " ".join(str(exc).split())[:200]
    return (f"unexpected {type(exc).__name__}{f' in {at}' if at else ''}"
            f"{f': {text}' if text else ''} (a bug in kg: please report it; KG_DEBUG=1 shows "
            f"the traceback)")


def failure(path: str, exc: Exception) -> Failed:
    """What went wrong with one source, in one line: its SourceError, or an OSError or a bug
    met on its way through the stages."""
    if isinstance(exc, SourceError):
        return Failed(exc.path, exc.message, exc.line)
    if debugging():
        raise exc
    if isinstance(exc, OSError):
        if exc.errno in _FATAL:
            return Failed(path, os_message(exc), None, fatal=True)
        named = exc.filename is not None and os.fspath(exc.filename) != path
        return Failed(path, os_message(exc) if named else _reason(exc), None)
    return Failed(path, unexpected(exc), None)


_FATAL = {errno.EROFS, errno.ENOSPC, errno.EDQUOT}  # what any other source would meet too
_EXPLAINED = {
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


def os_message(exc: OSError, near: object = None) -> str:
    """An OSError as one line naming the file: "out/store: the file system is read-only"; a
    write to an open file says no name, and then `near` (the output folder) is named."""
    name = exc.filename if exc.filename is not None else near or ""
    return f"{name}: {_reason(exc)}" if name else f"{_reason(exc)} ({type(exc).__name__})"


def _reason(exc: OSError) -> str:
    return _EXPLAINED.get(exc.errno or 0) or exc.strerror or str(exc)


def one_line_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn whatever `func` raises that is not a KgError into a one-line KgError (an OSError
    without a file name names `func`'s argument `out`, if it has one)."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except KgError:
            raise
        except OSError as exc:
            if debugging():
                raise
            out = signature.bind_partial(*args, **kwargs).arguments.get("out")
            raise OutputError(f"{os_message(exc, out)} (the build stopped; its output was not "
                              "swapped in)") from None
        except Exception as exc:
            if debugging():
                raise
            raise InternalError(unexpected(exc)) from None
        except KeyboardInterrupt:
            raise Interrupted("interrupted (the output was not changed)") from None

    return wrapper
