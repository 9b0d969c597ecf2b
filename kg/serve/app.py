"""The application: routes, the query runner's lifetime, and `run` for the CLI.

Route order matters: fixed addresses first, then the catch-all that dereferences every other
path as `BASE + path`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from kg import errors
from kg.lifeline import die_with_parent
from kg.serve.config import BuildInfo, Limits, load_build, parse_limits
from kg.serve.data import Data
from kg.serve.deref import Dereferencer
from kg.serve.feeds import Feeds
from kg.serve.front import FrontCheck, default_hosts
from kg.serve.http_limits import BoundedHttpToolsProtocol
from kg.serve.named import NamedQueries
from kg.serve.ontology_pages import OntologyPages
from kg.serve.pages import Pages
from kg.serve.pool import AdaptiveRunner, ProcessPool, Runner, ThreadRunner
from kg.serve.rebuilds import Rebuilds, Served, WatchBuild, stamp
from kg.serve.search import SearchPages
from kg.serve.shape_pages import ShapePages
from kg.serve.site import Site
from kg.serve.sparql import SparqlEndpoint
from kg.serve.web import CORSMiddleware
from kg.settings import SERVE_CONFIG_ENV

log = logging.getLogger("kg.serve")


def open_store(info: BuildInfo) -> ox.Store:
    """The build's store, read-only: the server can never change the data it publishes."""
    if not info.store_path.is_dir():
        raise errors.UsageError(f"{info.store_path}: no store here; run `kg build --out "
                                f"{info.build_dir}` first")
    return ox.Store.read_only(str(info.store_path))


def open_build(build_dir: Path, base: str | None, limits: Limits) -> Served:
    """Everything that serves one build: its store, the runner of its queries (not started
    yet) and the routes over them."""
    info = load_build(Path(build_dir), base)
    store = open_store(info)
    data = Data(store)
    site_meta: dict[str, Any] = {"base": info.base, "tool": info.meta.get("tool_version", "kg")}
    pages = Pages(data, info.base, site_meta)
    pool = ProcessPool(str(info.store_path), limits.workers, memory_mb=limits.memory_mb,
                       queue=limits.queue, queue_wait_s=limits.queue_wait_s)
    runner: Runner = (AdaptiveRunner(pool, store, per_client=limits.per_client)
                      if limits.workers > 0 else ThreadRunner(store))
    site = Site(pages, info, limits)
    routes = _routes(SparqlEndpoint(runner, info, limits), site,
                     Dereferencer(data, pages, info), NamedQueries(runner, pages, info, limits),
                     SearchPages(info, pages), OntologyPages(pages, info),
                     ShapePages(pages, info), Feeds(pages, info, site.resolutions))
    return Served(info, runner, routes, store)


def create_app(build_dir: Path, *, base: str | None = None, timeout_s: float = 10.0,
               max_rows: int = 10_000, max_body: int = 1_000_000, workers: int = 2,
               allowed_hosts: Sequence[str] | None = None, watch_s: float = 1.0,
               **more_limits: Any) -> Starlette:
    """The ASGI app serving the build in `build_dir`, and every build later swapped in there.

    `base` overrides the base IRI recorded in build.json; `workers` query processes evaluate
    SPARQL with a hard `timeout_s` deadline (0 runs queries in threads, with soft deadlines).
    `allowed_hosts` are the Host values answered (None: any; see kg.serve.front); the build
    directory is looked at for a new build at most every `watch_s` seconds; `more_limits` are
    the other fields of `Limits` (memory cap, per-client limit, queue).
    """
    limits = Limits(timeout_s=timeout_s, max_rows=max_rows, max_body=max_body, workers=workers,
                    **more_limits)
    seen = stamp(Path(build_dir))  # before opening: a swap during the opening is seen later
    served = open_build(Path(build_dir), base, limits)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        """Query workers live as long as the app."""
        await rebuilds.served.runner.start()
        try:
            yield
        finally:
            await rebuilds.close()

    app = Starlette(routes=served.routes, lifespan=lifespan)
    rebuilds = Rebuilds(app, served, seen, lambda: open_build(Path(build_dir), base, limits),
                        interval_s=watch_s, grace_s=timeout_s + 5.0)
    app.add_middleware(WatchBuild, rebuilds=rebuilds)
    app.add_middleware(CORSMiddleware)
    app.add_middleware(FrontCheck, allowed_hosts=allowed_hosts)
    app.state.limits = limits
    app.state.rebuilds = rebuilds
    return app


async def _refuse(request: Request) -> Response:
    """Writes of any kind: the site is read-only."""
    allow = "GET, HEAD, POST, OPTIONS" if request.url.path == "/sparql" else "GET, HEAD, OPTIONS"
    return PlainTextResponse(f"{request.method} is not allowed: this site is read-only.\n", 405,
                             {"Allow": allow})


def _routes(sparql: SparqlEndpoint, site: Site, deref: Dereferencer,
            named: NamedQueries, search: SearchPages, onto: OntologyPages,
            shapes: ShapePages, feeds: Feeds) -> list[BaseRoute]:
    """Fixed addresses first; everything else is dereferenced as BASE + path."""
    return [
        Route("/", site.home, methods=["GET"]),
        Route("/sparql", sparql.handle, methods=["GET", "POST"]),
        Route("/query", site.query_page, methods=["GET"]),
        Route("/query/{name}", named.handle, methods=["GET"]),
        Route("/search", search.page, methods=["GET"]),
        Route("/search.json", search.json, methods=["GET"]),
        Route("/browse", search.browse, methods=["GET"]),
        Route("/.well-known/void", site.void, methods=["GET"]),
        Route("/context.jsonld", site.context, methods=["GET"]),
        Route("/feed.atom", feeds.atom, methods=["GET"]),
        Route("/sitemap.xml", feeds.sitemap, methods=["GET"]),
        Route("/ontology", onto.ontology_thing, methods=["GET"]),
        Route("/ontology.{ext}", onto.ontology_document, methods=["GET"]),
        Route("/shapes", shapes.shapes_thing, methods=["GET"]),
        Route("/shapes.{ext}", shapes.shapes_document, methods=["GET"]),
        Route("/vocab/", onto.scheme, methods=["GET"]),
        Route("/vocab/{name}", onto.scheme, methods=["GET"]),
        Route("/dumps/", site.dump, methods=["GET"]),
        Route("/dumps/{name}", site.dump, methods=["GET"]),
        Mount("/static", StaticFiles(packages=[("kg.serve", "static")]), name="static"),
        Route("/{path:path}", deref.handle, methods=["GET"]),
        Route("/{path:path}", _refuse, methods=["POST", "PUT", "DELETE", "PATCH"]),
    ]




def app_from_env() -> Starlette:
    """The app for one of several web processes: its settings come from the environment,
    because uvicorn starts each process from an import string."""
    die_with_parent()
    settings = json.loads(os.environ[SERVE_CONFIG_ENV])
    return create_app(Path(settings.pop("build_dir")), **settings)


def run(build_dir: Path, *, host: str = "127.0.0.1", port: int = 8000, base: str | None = None,
        timeout_s: float = 10.0, max_rows: int = 10_000, max_body: int = 1_000_000,
        workers: int = 2, processes: int = 2, allowed_hosts: Sequence[str] = (),
        log_level: str = "info", limits: Sequence[str] = ()) -> None:
    """Serve `build_dir` with uvicorn until interrupted (what `kg serve` calls).

    `processes` web processes share the port (each with its own `workers` query processes),
    so that HTTP handling and the queries answered inline use more than one core. Requests
    naming another Host than `allowed_hosts` (default: the address listened on and the
    loopback names, with the port) are refused; a request head over 64 KB gets a 431.
    """
    import uvicorn

    from kg.serve.listen import check_listen

    try:
        more_limits = parse_limits(limits)  # `--limit NAME=N`: the other fields of Limits
    except ValueError as err:
        raise errors.UsageError(str(err)) from None
    check_listen(host, port)  # (uvicorn would say only "[Errno 98]")
    hosts = list(allowed_hosts) or list(default_hosts(host, port))
    log.info("answering for Host: %s", ", ".join(hosts))
    options = {"host": host, "port": port, "log_level": log_level, "access_log": False,
               "http": BoundedHttpToolsProtocol,
               "h11_max_incomplete_event_size": 64 * 1024}
    settings = {"base": base, "timeout_s": timeout_s, "max_rows": max_rows,
                "max_body": max_body, "workers": workers, "allowed_hosts": hosts, **more_limits}
    if processes <= 1:
        app = create_app(build_dir, **settings)
        log.info("serving %s as %s on http://%s:%d/", build_dir, app.state.info.base, host, port)
        uvicorn.run(app, **options)
        return
    del_store = open_store(load_build(Path(build_dir), base))  # fail here, once, if unusable
    del del_store
    os.environ[SERVE_CONFIG_ENV] = json.dumps({"build_dir": str(build_dir), **settings})
    uvicorn.run("kg.serve.app:app_from_env", factory=True, workers=processes, **options)
