"""The `/sparql` endpoint: protocol in, runner out, nothing evaluated in the event loop.

A bare GET (no `query`) answers with the service description (or, for a browser that prefers
HTML, a redirect to the query page). `SERVICE` is refused before evaluation: federation would let
any visitor make this server fetch arbitrary URLs.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from kg.rdf import formats
from kg.serve import negotiation
from kg.serve.config import BuildInfo, Limits
from kg.serve.describe_service import service_description, to_format
from kg.serve.execute import QueryJob
from kg.serve.guard import MAX_DEPTH, too_deep, uses_service
from kg.serve.pool import Runner
from kg.serve.protocol import ProtocolError, read_query_request
from kg.serve.web import public_root
from kg.serve.xmltext import NotXml, fix_utf8

_SD_OFFERS = (*formats.RDF_FORMATS, formats.HTML)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return PlainTextResponse(message.rstrip() + "\n", status, headers=headers)


class SparqlEndpoint:
    """The ASGI endpoint for `/sparql`."""

    def __init__(self, runner: Runner, info: BuildInfo, limits: Limits) -> None:
        self.runner = runner
        self.info = info
        self.limits = limits

    async def handle(self, request: Request) -> Response:
        """GET/POST /sparql: a query operation, or the service description on a bare GET."""
        try:
            req = await read_query_request(request, self.limits.max_body)
        except ProtocolError as err:
            return _error(err.status, err.message, err.headers)
        if req.query is None:
            return self.describe(request)
        if uses_service(req.query):
            return _error(400, "SERVICE (federated query) is disabled on this endpoint: it "
                               "answers from its own data only.")
        if too_deep(req.query):
            return _error(400, f"The query nests groups, parentheses or operators more than "
                               f"{MAX_DEPTH} deep, the limit here; flatten it.")
        job = QueryJob(
            query=req.query, accept=request.headers.get("accept"), format=req.format,
            default_graphs=req.default_graphs, named_graphs=req.named_graphs,
            max_rows=self.limits.max_rows, base_iri=self.info.base,
            client=request.client.host if request.client else "",
        )
        reply = await self.runner.run(job, self.limits.timeout_s)
        body = reply.body
        if reply.status == 200 and reply.content_type.startswith(formats.RDFXML.media_type):
            try:  # pyoxigraph's RDF/XML writes any character as it is
                body = fix_utf8(body, "RDF/XML", "Turtle (format=turtle), N-Triples or JSON-LD")
            except NotXml as err:
                return _error(406, str(err), {"Vary": "Accept"})
        headers = {"Vary": "Accept", "Cache-Control": "no-store",
                   "Content-Type": reply.content_type, **reply.headers}
        return Response(body, reply.status, headers)

    def describe(self, request: Request) -> Response:
        """The service description, in the negotiated RDF format."""
        fmt = negotiation.negotiate(request.headers.get("accept"), _SD_OFFERS)
        if fmt is formats.HTML:
            return RedirectResponse("/query", 303, headers={"Vary": "Accept"})
        if fmt is None:
            types = ", ".join(f.media_type for f in formats.RDF_FORMATS)
            return _error(406, f"The service description is available as: {types}.")
        endpoint = public_root(request, self.info.base) + "sparql"
        body = to_format(service_description(endpoint, self.info, self.limits), fmt)
        return Response(body, 200, {"Vary": "Accept", "Content-Type": fmt.content_type})

