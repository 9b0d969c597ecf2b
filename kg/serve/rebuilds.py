"""A running server follows its build directory: a rebuild is served without a restart.

`kg build` swaps a finished build in by renaming directories (kg.builddir.swap.swap_in), so a new
build is a new inode of the build directory (and of its build.json). The server looks at those at
most once per `interval_s`, on the back of a request; when they change it opens the new build beside
the old one (store read-only, query workers started) and then switches every route to it in one
assignment, so a request is answered wholly from one build. Requests in flight finish on the old
build: a dump download reads file handles opened before the swap (they survive the rename and the
removal of the old directory), and the old query workers are stopped only after a grace period
longer than any query may run.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from kg.builddir.store import MANIFEST
from kg.serve.config import BuildInfo
from kg.serve.pool import Runner

log = logging.getLogger("kg.serve")

Stamp = tuple[int, ...]


@dataclass
class Served:
    """One build as the app serves it: what it is, the runner of its queries, its routes."""

    info: BuildInfo
    runner: Runner
    routes: list[BaseRoute]
    store: Any = None  # kept referenced while its routes may still be in use


def stamp(build_dir: Path) -> Stamp | None:
    """What identifies the build now in `build_dir` (None while it is being swapped)."""
    try:
        top = os.stat(build_dir)
        meta = os.stat(build_dir / MANIFEST)
    except OSError:
        return None
    return (top.st_dev, top.st_ino, meta.st_ino, meta.st_mtime_ns, meta.st_size)


class Rebuilds:
    """Switches `app` to a new build when its directory changes (see the module docstring)."""

    def __init__(self, app: Starlette, served: Served, seen: Stamp | None,
                 open_build: Callable[[], Served], *, interval_s: float = 1.0,
                 grace_s: float = 15.0) -> None:
        self.app, self.served, self.seen = app, served, seen
        self.open_build = open_build
        self.interval_s, self.grace_s = interval_s, grace_s
        self._next = time.monotonic() + interval_s
        self._switching: asyncio.Task[None] | None = None
        self._retiring: set[asyncio.Task[None]] = set()
        self.install(served)

    def install(self, served: Served) -> None:
        """Route every new request to `served` (one assignment: no request sees half)."""
        self.served = served
        self.app.router.routes = served.routes
        self.app.state.info = served.info
        self.app.state.runner = served.runner

    def poll(self) -> None:
        """Called on each request: at most once per interval, look for a new build and start
        switching to it in the background (the request itself is answered at once)."""
        now = time.monotonic()
        if now < self._next or self._switching is not None:
            return
        self._next = now + self.interval_s
        current = stamp(self.served.info.build_dir)
        if current is None or current == self.seen:
            return
        self._switching = asyncio.get_running_loop().create_task(self._switch(current))

    async def _switch(self, current: Stamp) -> None:
        new: Served | None = None
        try:
            new = await asyncio.to_thread(self.open_build)
            await new.runner.start()
        except asyncio.CancelledError:  # the server is stopping
            if new is not None:
                await new.runner.close()
            raise
        except Exception as err:  # a half-written or unusable build: keep serving the old one
            log.warning("a new build in %s could not be opened (%s); still serving the previous "
                        "one", self.served.info.build_dir, err)
            self._switching = None
            return
        old = self.served
        self.seen = current
        self.install(new)
        log.info("now serving the new build in %s", new.info.build_dir)
        task = asyncio.get_running_loop().create_task(self._retire(old))
        self._retiring.add(task)
        task.add_done_callback(self._retiring.discard)
        self._switching = None

    async def _retire(self, old: Served) -> None:
        """Stop the old build's query workers once its queries in flight have had their time."""
        try:
            await asyncio.sleep(self.grace_s)
        finally:
            await old.runner.close()

    async def close(self) -> None:
        """Stop every runner, the current one and those still retiring."""
        if self._switching is not None:
            self._switching.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._switching
        for task in list(self._retiring):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self.served.runner.close()


class WatchBuild:
    """ASGI middleware: each HTTP request gives `Rebuilds` a chance to look for a new build."""

    def __init__(self, app: ASGIApp, rebuilds: Rebuilds) -> None:
        self.app = app
        self.rebuilds = rebuilds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.rebuilds.poll()
        await self.app(scope, receive, send)
