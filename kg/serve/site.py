"""The pages that are not about one IRI: home, query page, VoID and the dumps.

The home and query pages are rendered once per process (the data cannot change under a running
server) and kept as bytes; dumps are streamed from the build directory: a file by starlette's
FileResponse (which handles Range and its own validators), a dump of the build as its parts one
after the other, from files opened with the build (kg.builddir.concat.OpenParts): a download started
before a rebuild ends with the bytes and the length of the build it started on. They go out in
pieces of 64 KB, so a slow reader holds that much of the server's memory, not megabytes.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
from collections.abc import AsyncIterator, Callable
from functools import cached_property

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse

from kg.builddir import feed_state
from kg.builddir.concat import OpenParts
from kg.builddir.dumps import DUMP_FILES, dump_parts
from kg.builddir.gzipped import gz_parts
from kg.builddir.parts import part_header
from kg.rdf import formats
from kg.rdf.prefixes import PREFIX_IRIS
from kg.serve import catalogue, iris, negotiation
from kg.serve.compact import CONTEXT_VERSION, context_document
from kg.serve.config import BuildInfo, DumpFile, Limits
from kg.serve.describe_service import to_format, void_description
from kg.serve.pages import Pages
from kg.serve.ranges import byte_range, unsatisfiable
from kg.serve.web import BodyCache, http_date, not_modified, public_root
from kg.sparql.queries import queries

_DUMP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PAGE_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
             "object-src 'none'; base-uri 'none'")
# The query page runs the vendored YASGUI, which sets inline styles on its widgets.
_QUERY_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
              "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'")


class Site:
    """Home, query page, VoID and dumps."""

    def __init__(self, pages: Pages, info: BuildInfo, limits: Limits) -> None:
        self.pages = pages
        self.info = info
        self.limits = limits
        self.cache = BodyCache(max_entries=256)
        self._rows: list[dict[str, str]] | None = None
        self._stats: catalogue.Statistics | None = None
        self._lock = threading.Lock()
        self.held = _hold_dumps(info)

    def _html(self, request: Request, key: str, render: Callable[[], bytes], csp: str) -> Response:
        etag = f'"{self.info.tag}-{key}"'
        headers = {"ETag": etag, "Last-Modified": http_date(self.info.modified),
                   "Cache-Control": "public, max-age=300", "Content-Security-Policy": csp,
                   "Content-Type": "text/html; charset=utf-8"}
        if not_modified(request.headers, etag, self.info.modified):
            return Response(b"", 304, {k: v for k, v in headers.items() if k != "Content-Type"})
        body = self.cache.get(("html", key))
        if body is None:
            body = render()
            self.cache.put(("html", key), body)
        return Response(body, 200, headers)

    async def home(self, request: Request) -> Response:
        """The resolutions, newest first, in pages of `catalogue.PAGE_SIZE`."""
        try:
            page = max(1, int(request.query_params.get("page", "1")))
        except ValueError:
            return PlainTextResponse("page must be a number\n", 400)
        if self._rows is None:
            await asyncio.to_thread(self._resolutions)
        response = self._html(request, f"home-{page}", lambda: self._home(page), _PAGE_CSP)
        response.headers["Link"] = ('</.well-known/void>; rel="describedby"; type="text/turtle", '
                                    '</sparql>; rel="service"')
        return response

    def _statistics(self) -> catalogue.Statistics:
        """The dataset's partitions, counted once per process (seconds at millions of
        triples; the data cannot change under a running server)."""
        with self._lock:
            if self._stats is None:
                self._stats = catalogue.statistics(self.pages.data)
            return self._stats

    @cached_property
    def _issued(self) -> str | None:
        """When the dataset was first published: its oldest resolution's first build (read
        once per process from the build's feed record)."""
        dates = [str(w.get("published", ""))[:10] for w in feed_state.load(self.info.build_dir)
                 .values()]
        return min((d for d in dates if d), default=None)

    def resolutions(self) -> list[dict[str, str]]:
        """(For the feed and the sitemap.)"""
        return self._resolutions()

    def _resolutions(self) -> list[dict[str, str]]:
        """All resolutions with their links, queried once per process."""
        with self._lock:
            if self._rows is None:
                rows = catalogue.resolutions(self.pages.data, self.info.base)
                for row in rows:
                    row["href"] = iris.href(self.info.base, row["r"]) or ""
                self._rows = rows
            return self._rows

    def _home(self, page: int) -> bytes:
        rows = self._resolutions()
        size = catalogue.PAGE_SIZE
        pages = max(1, -(-len(rows) // size))
        return self.pages.render(
            "home.html", resolutions=rows[(page - 1) * size: page * size], total=len(rows),
            page=page, pages=pages, meta=self.info.meta,
            dumps=[d.name for d in self.info.dumps()],
            modified=self.info.modified.date().isoformat())

    async def query_page(self, request: Request) -> Response:
        """The query page: YASGUI on /sparql, the named queries as examples with a form each."""
        return self._html(request, "query", lambda: self.pages.render(
            "query.html", queries=queries(), limits=self.limits, prefixes=list(PREFIX_IRIS)),
            _QUERY_CSP)

    async def void(self, request: Request) -> Response:
        """VoID/DCAT for the dataset, in the negotiated RDF format (Turtle by default)."""
        fmt = negotiation.negotiate(request.headers.get("accept"), formats.RDF_FORMATS)
        if fmt is None:
            fmt = formats.TURTLE
        root = public_root(request, self.info.base)
        rows = self._rows if self._rows is not None else await asyncio.to_thread(self._resolutions)
        examples = [row["r"] for row in rows[:3]]
        stats = self._stats if self._stats is not None else await asyncio.to_thread(
            self._statistics)
        body = to_format(void_description(root, self.info, examples, stats, self._issued), fmt)
        return Response(body, 200, {"Content-Type": fmt.content_type, "Vary": "Accept",
                                    "Last-Modified": http_date(self.info.modified)})

    async def context(self, request: Request) -> Response:
        """The JSON-LD context the documents name (BASE/context.jsonld), cacheable for a day:
        it changes only with kg's version (`version` in it)."""
        body = context_document()
        etag = f'"context-{CONTEXT_VERSION}-{hashlib.blake2b(body, digest_size=6).hexdigest()}"'
        headers = {"ETag": etag, "Cache-Control": "public, max-age=86400",
                   "Content-Type": "application/ld+json"}
        if request.headers.get("if-none-match") and not_modified(request.headers, etag,
                                                                 self.info.modified):
            return Response(b"", 304, {k: v for k, v in headers.items() if k != "Content-Type"})
        return Response(body, 200, headers)

    async def dump(self, request: Request) -> Response:
        """A dump file of the build directory, its checksum (`NAME.sha256`, `SHA256SUMS`), or
        the list of them."""
        name = request.path_params.get("name", "")
        dumps = {d.name: d for d in self.info.dumps()}
        files = {n: d for n, d in dumps.items() if d.path is not None}
        if not name:
            sums = [f"{n}.sha256" for n, d in dumps.items() if d.sha256]
            listing = "".join(f"{n}\n" for n in sorted({*files, *self.held, *sums}))
            return PlainTextResponse(listing or "No dumps in this build.\n")
        summed = name.removesuffix(".sha256")
        if name == "SHA256SUMS" or (summed != name and dumps.get(summed, _NONE).sha256):
            chosen = [dumps[summed]] if summed != name else list(dumps.values())
            # the format `sha256sum -c` reads
            text = "".join(f"{d.sha256}  {d.name}\n" for d in chosen if d.sha256)
            return PlainTextResponse(text, headers={"Cache-Control": "public, max-age=300"})
        held = self.held.get(name)
        if not _DUMP_NAME.match(name) or (name not in files and held is None):
            return PlainTextResponse(f"No dump named {name!r}; see /dumps/\n", 404)
        if held is None:
            dump = files[name]
            return FileResponse(dump.path, media_type=dump.media_type, filename=name,
                                content_disposition_type="inline")
        return self._held(request, name, held)

    def _held(self, request: Request, name: str, held: OpenParts) -> Response:
        media_type = DumpFile(name, held.size).media_type
        etag = f'"{self.info.tag}-{name}"'  # the build's identity: a rebuild changes it
        headers = {"content-length": str(held.size), "ETag": etag, "Accept-Ranges": "bytes",
                   "Last-Modified": http_date(self.info.modified),
                   "content-disposition": f'inline; filename="{name}"'}
        if not_modified(request.headers, etag, self.info.modified):
            return Response(b"", 304, {k: v for k, v in headers.items() if k != "content-length"})
        status, start, end = 200, 0, held.size
        if_range = request.headers.get("if-range")
        found = byte_range(request.headers.get("range"), held.size) \
            if if_range is None or if_range.strip() == etag else None
        if found is not None and unsatisfiable(found):
            return PlainTextResponse(f"Range not satisfiable: {name} has {held.size} bytes.\n",
                                     416, {"Content-Range": f"bytes */{held.size}",
                                           "Accept-Ranges": "bytes", "ETag": etag})
        if found is not None:
            status, (start, end) = 206, found
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{held.size}"
            headers["content-length"] = str(end - start)
        if request.method == "HEAD":
            return Response(b"", status, media_type=media_type, headers=headers)
        return StreamingResponse(_pieces(held, start, end), status, media_type=media_type,
                                 headers=headers)


_NONE = DumpFile("", 0)


def _hold_dumps(info: BuildInfo) -> dict[str, OpenParts]:
    """The build's own dumps (kg.nq ..., and kg.nq.gz ... where the build compressed them),
    their part files opened now, with the build."""
    held = {}
    for name, kind in DUMP_FILES.items():
        parts = dump_parts(info.build_dir, kind)
        if parts:
            held[name] = OpenParts(parts, skip=len(part_header(kind)))
        members = gz_parts(info.build_dir, kind)
        if members:
            held[name + ".gz"] = OpenParts(members)
    return held


async def _pieces(held: OpenParts, start: int, end: int) -> AsyncIterator[bytes]:
    """The pieces read in the event loop: a positional read of 64 KB from the page cache takes
    microseconds, and a thread per piece would cost each slow reader a thread's stack."""
    for piece in held.chunks(start=start, end=end):
        yield piece
