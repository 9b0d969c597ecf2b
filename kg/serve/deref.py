"""Dereferencing: every IRI under BASE answers, with 303s from things to their documents.

The scheme (documented in the README):

* `X` (a resolution, paragraph, mandate, ... : not a document) -> `303 See Other` to `X.html`,
  `X.ttl`, `X.jsonld`, `X.nt` or `X.rdf`, chosen from `Accept` (q-values; no preference gives
  Turtle). `Vary: Accept`.
* `X.ext` -> `200`, the document about `X` in that format (JSON-LD compact, with the context
  of `/context.jsonld` on the host the client used, by reference: kg.serve.compact), with
  `ETag`, `Last-Modified`, `Link` to the other formats, and `304` for a matching
  `If-None-Match`/`If-Modified-Since`.
* `BASE/symbol/{symbol}` -> `303` to the resolution the symbol names (`kg.serve.aliases`: with
  or without the space before the year, the year, a lettered part; any case; percent-encoded),
  where the store has one; `300` with links when it names several (lettered parts); otherwise
  the symbol stands for a UN document the store only knows by citation: `200` with what is
  known (negotiated, `Vary: Accept`) and a link to undocs.org, `301` to it from another
  spelling.
* an IRI that kg published before under another form or that moved between builds -> `301`
  to where it is now; a paragraph by an official file's eId (`{work}/eng@/!main~para_30`) ->
  `303` to the paragraph (kg.serve.moved).
* anything else -> `404`, an HTML page for browsers.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg.rdf import formats
from kg.serve import iris, negotiation
from kg.serve.compact import compact
from kg.serve.config import BuildInfo
from kg.serve.data import Data
from kg.serve.execute import PREFIXES
from kg.serve.moved import Moved
from kg.serve.pages import Pages, undocs
from kg.serve.web import BodyCache, http_date, not_modified, public_root
from kg.serve.xmltext import NotXml, fix_utf8
from kg.symbols import canonical

_CACHE_CONTROL = "public, max-age=300"
_HTML_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
             "object-src 'none'; base-uri 'none'; frame-ancestors 'self'")


class Dereferencer:
    """The catch-all route: maps a path to an IRI and answers for it."""

    def __init__(self, data: Data, pages: Pages, info: BuildInfo) -> None:
        self.data = data
        self.pages = pages
        self.info = info
        self.base = info.base
        self.aliases = pages.aliases
        self.moved = Moved(data, info.base, info.build_dir)
        self.cache = BodyCache()

    # -- lookups -------------------------------------------------------------------------------

    def _find(self, path: str, raw: bytes | None) -> ox.NamedNode | None:
        """The known IRI a path stands for, trying each spelling of it."""
        for iri in iris.candidates(self.base, path, raw):
            try:
                node = ox.NamedNode(iri)
            except ValueError:
                continue
            if self.data.known(node):
                return node
        return None

    def _symbol(self, request: Request, path: str, raw: bytes | None,
                extension: str = "") -> Response | None:
        """A symbol path that no statement uses as spelled ("S/RES/242", "S/RES/242%20(1967)",
        "s/res/242(1967)"): 303 to the resolution it names, 300 when it names several (the
        lettered parts of one document), 301 to the cited symbol IRI it is another spelling of.
        """
        for iri in iris.candidates(self.base, path, raw):
            symbol = iris.symbol_of(self.base, iri)
            if symbol is None:
                continue
            targets = self.aliases.resolve(symbol)
            if len(targets) == 1:
                return _see_other(self._location(request, targets[0].value + extension))
            if targets:
                return self._choices(request, symbol, targets, extension)
            cited = self.aliases.cited(symbol)
            if cited is not None and cited.value != iri:
                return _moved(self._location(request, cited.value + extension))
        return None

    def canonical(self, node: ox.NamedNode) -> ox.NamedNode | None:
        """For a symbol alias: the one built resolution carrying that symbol, if any."""
        symbol = iris.symbol_of(self.base, node.value)
        if symbol is None:
            return None
        targets = self.aliases.resolve(symbol)
        return targets[0] if len(targets) == 1 else None

    def _choices(self, request: Request, symbol: str, targets: list[ox.NamedNode],
                 extension: str) -> Response:
        """300 Multiple Choices: the resolutions one symbol names, as links."""
        symbol = canonical(symbol)  # as typed, but readable: "S/RES/161 (1961)", not %20
        locations = [self._location(request, t.value + extension) for t in targets]
        headers = {"Vary": "Accept", "Cache-Control": _CACHE_CONTROL}
        fmt = negotiation.negotiate(request.headers.get("accept"),
                                (formats.Format("text", "text/plain", "txt", ""), formats.HTML))
        if fmt is formats.HTML:
            headers["Content-Security-Policy"] = _HTML_CSP
            body = self.pages.choices(symbol, targets)
            return Response(body, 300, headers, media_type="text/html")
        lines = "".join(f"{loc}\n" for loc in locations)
        return PlainTextResponse(f"{symbol} names {len(targets)} resolutions:\n{lines}", 300,
                                 headers)

    # -- the route -----------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        """GET/HEAD of any path not served by another route."""
        path = request.scope["path"]
        raw = request.scope.get("raw_path")
        node = self._find(path, raw)
        if node is not None:
            return await self._thing(request, node)
        answer = self._symbol(request, path, raw)
        if answer is not None:  # another spelling of a symbol
            return answer
        split = iris.split_extension(path)
        if split is not None:
            head, fmt = split
            raw_head = raw[: len(raw) - len(fmt.extension) - 1] if raw else None
            node = self._find(head, raw_head)
            if node is not None:
                return await self._document(request, node, fmt, negotiated=False)
            answer = self._symbol(request, head, raw_head, "." + fmt.extension)
            if answer is not None:
                return answer
        answer = self._elsewhere(request, path, raw)
        if answer is not None:
            return answer
        return self._not_found(request, path)

    def _elsewhere(self, request: Request, path: str, raw: bytes | None) -> Response | None:
        """An IRI that is no name here but leads to one: 303 from a paragraph's official
        eId, 301 from a form kg published before (kg.serve.moved)."""
        for iri in iris.candidates(self.base, path, raw):
            paragraph = self.moved.official(iri)
            if paragraph is not None:
                return _see_other(self._location(request, paragraph))
            new = self.moved.target(iri)
            if new is not None:
                return _moved(self._location(request, new))
        return None

    async def _thing(self, request: Request, node: ox.NamedNode) -> Response:
        """A request for the IRI itself: 303 to a document, or the symbol page."""
        target = self.canonical(node)
        if target is not None:
            return _see_other(self._location(request, target.value))
        offers = formats.DOCUMENT_FORMATS
        fmt = negotiation.negotiate(request.headers.get("accept"), offers)
        if fmt is None:
            return _not_acceptable(offers)
        if iris.symbol_of(self.base, node.value) is not None:
            return await self._document(request, node, fmt, negotiated=True)
        return _see_other(self._location(request, f"{node.value}.{fmt.extension}"))

    def _location(self, request: Request, iri: str) -> str:
        """Where to send the client for `iri`: this server for our IRIs."""
        local = iris.local_path(self.base, iri)
        if local is None:
            return iri
        return str(request.base_url).rstrip("/") + local

    async def _document(self, request: Request, node: ox.NamedNode, fmt: formats.Format,
                        negotiated: bool) -> Response:
        # an HTML page is in the languages asked for (?lang=fr, or Accept-Language)
        multilingual = fmt is formats.HTML and self.pages.multilingual(node)
        langs = negotiation.languages(request.query_params.get("lang"),
                                      request.headers.get("accept-language")
                                      ) if multilingual else ()
        etag = self._etag(node, fmt, langs)
        if not_modified(request.headers, etag, self.info.modified):
            return self._not_modified(etag, negotiated)
        # JSON-LD names its context where this client reached the server (as Location does)
        context = public_root(request, self.base) + "context.jsonld"
        key = (node.value, fmt.name, context if fmt is formats.JSONLD else ",".join(langs))
        body = self.cache.get(key)
        if body is None:
            # Rendered in the event loop, not a thread: it takes well under a millisecond for
            # most resources, and pyoxigraph releases the GIL on every lookup, so a render
            # thread would wait for the GIL again after each of its ~20 lookups while the loop
            # holds it (measured: 4x lower throughput under load).
            try:
                body = self._render(node, fmt, context, langs)
            except NotXml as err:
                return PlainTextResponse(f"{err}\n", 406, {"Vary": "Accept"})
            self.cache.put(key, body)
        response = self._ok(node, fmt, body, etag, negotiated)
        if multilingual:  # (its language follows Accept-Language, unless ?lang= says)
            vary = response.headers.get("vary")
            response.headers["Vary"] = f"{vary}, Accept-Language" if vary else "Accept-Language"
        return response

    def _render(self, node: ox.NamedNode, fmt: formats.Format, context: str,
                langs: tuple[str, ...] = ()) -> bytes:
        if fmt is formats.HTML:
            return self.pages.resource(node, langs or ("en",))
        triples = sorted(self.data.describe(node),
                         key=lambda t: (t.subject != node, str(t.subject), str(t.predicate)))
        if fmt is formats.JSONLD:
            return compact(triples, context)
        body = ox.serialize(triples, format=fmt.rdf, prefixes=PREFIXES)
        if fmt is formats.RDFXML:  # pyoxigraph's RDF/XML writes any character as it is
            local = iris.local_path(self.base, node.value) or node.value
            body = fix_utf8(body, "RDF/XML", f"Turtle ({local}.ttl), N-Triples or JSON-LD")
        return body

    def _etag(self, node: ox.NamedNode, fmt: formats.Format, langs: tuple[str, ...] = ()) -> str:
        digest = hashlib.blake2b(" ".join((node.value, *langs)).encode(),
                                 digest_size=6).hexdigest()
        return f'"{self.info.tag}-{fmt.extension}-{digest}"'

    def _headers(self, node: ox.NamedNode, fmt: formats.Format, etag: str,
                 negotiated: bool) -> dict[str, str]:
        headers = {"ETag": etag, "Last-Modified": http_date(self.info.modified),
                   "Cache-Control": _CACHE_CONTROL}
        local = iris.local_path(self.base, node.value)
        if local is not None:
            headers["Link"] = ", ".join(
                f'<{local}.{f.extension}>; rel="alternate"; type="{f.media_type}"'
                for f in formats.DOCUMENT_FORMATS if f is not fmt)
            if negotiated:
                headers["Content-Location"] = f"{local}.{fmt.extension}"
        if negotiated:
            headers["Vary"] = "Accept"
        return headers

    def _ok(self, node: ox.NamedNode, fmt: formats.Format, body: bytes, etag: str,
            negotiated: bool) -> Response:
        headers = self._headers(node, fmt, etag, negotiated)
        headers["Content-Type"] = fmt.content_type
        if fmt is formats.HTML:
            headers["Content-Security-Policy"] = _HTML_CSP
        return Response(body, 200, headers)

    def _not_modified(self, etag: str, negotiated: bool = False) -> Response:
        headers = {"ETag": etag, "Last-Modified": http_date(self.info.modified),
                   "Cache-Control": _CACHE_CONTROL}
        if negotiated:
            headers["Vary"] = "Accept"
        return Response(b"", 304, headers)

    def _not_found(self, request: Request, path: str) -> Response:
        iri = iris.candidates(self.base, path)[0]
        symbol = iris.symbol_of(self.base, iri)
        headers = {"Vary": "Accept", "Cache-Control": "public, max-age=60"}
        fmt = negotiation.negotiate(request.headers.get("accept"),
                                (formats.Format("text", "text/plain", "txt", ""), formats.HTML))
        if fmt is formats.HTML:
            headers["Content-Security-Policy"] = _HTML_CSP
            return Response(self.pages.not_found(iri, symbol), 404, headers,
                            media_type="text/html")
        hint = f" See {undocs(symbol)} for the document itself." if symbol else ""
        return PlainTextResponse(f"Not found: <{iri}> is not in this graph.{hint}\n", 404,
                                 headers)


def _see_other(location: str) -> Response:
    return Response(b"", 303, {"Location": location, "Vary": "Accept",
                               "Cache-Control": _CACHE_CONTROL})


def _moved(location: str) -> Response:
    return Response(b"", 301, {"Location": location, "Cache-Control": _CACHE_CONTROL})


def _not_acceptable(offers: tuple[formats.Format, ...]) -> Response:
    types = ", ".join(f.media_type for f in offers)
    return PlainTextResponse(f"Not acceptable. This resource is available as: {types}; or add "
                             "the extension .html, .ttl, .jsonld, .nt or .rdf to its address.\n",
                             406, {"Vary": "Accept"})

