"""`/query/NAME`: run one named query with its parameters from the query string.

The parameters are checked against the query's banner by the same code as `kg query` (a missing
required or an unknown one is a 400 naming the expected ones, never an empty answer), then bound
as RDF terms through pyoxigraph's `substitutions`, so a value can never change the query. A
browser gets an HTML page with the form and a table; any other client the negotiated SPARQL
results format (`format=` wins over `Accept`, as on /sparql).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from kg.errors import UsageError
from kg.rdf import formats
from kg.serve import iris, negotiation
from kg.serve.config import BuildInfo, Limits
from kg.serve.execute import QueryJob, Reply
from kg.serve.pages import Pages
from kg.serve.pool import Runner
from kg.sparql.queries import NamedQuery, queries

_RESERVED = ("format",)
_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        "object-src 'none'; base-uri 'none'")


def _text(status: int, message: str) -> Response:
    return PlainTextResponse(message.rstrip() + "\n", status, {"Cache-Control": "no-store"})


class NamedQueries:
    """The ASGI endpoint for `/query/{name}`."""

    def __init__(self, runner: Runner, pages: Pages, info: BuildInfo, limits: Limits) -> None:
        self.runner = runner
        self.pages = pages
        self.info = info
        self.limits = limits
        self.by_name = {q.name: q for q in queries()}

    async def handle(self, request: Request) -> Response:
        """GET /query/NAME?param=value[&format=json|xml|csv|tsv|html]."""
        name = request.path_params["name"]
        q = self.by_name.get(name)
        if q is None:
            return _text(404, f"No named query {name!r}; known: {', '.join(self.by_name)} "
                              f"(see /query)")
        given = {k: v for k, v in request.query_params.multi_items() if k not in _RESERVED}
        fmt = request.query_params.get("format")
        html = fmt == "html" or (fmt is None and negotiation.negotiate(
            request.headers.get("accept"), (*formats.RESULT_FORMATS, formats.HTML))
            is formats.HTML)
        try:
            terms = q.bindings(given)
        except UsageError as err:
            if html and not given:  # a browser opening the address: show the form, run nothing
                return self._page(q, given, None, None)
            return _text(400, str(err))
        job = QueryJob(query=q.text, accept=request.headers.get("accept"),
                       format="json" if html else fmt, max_rows=self.limits.max_rows,
                       base_iri=self.info.base, substitutions=tuple(terms.items()),
                       client=request.client.host if request.client else "")
        reply = await self.runner.run(job, self.limits.timeout_s)
        if not html or reply.status != 200:
            headers = {"Vary": "Accept", "Cache-Control": "no-store",
                       "Content-Type": reply.content_type, **reply.headers}
            return Response(reply.body, reply.status, headers)
        return self._page(q, given, reply, terms)

    def _page(self, q: NamedQuery, given: dict[str, str], reply: Reply | None,
              terms: dict[str, Any] | None) -> Response:
        """The form with the values given (escaped by the template) and the answer's table."""
        result = _table(reply.body, self.info.base) if reply is not None else None
        truncated = reply is not None and reply.headers.get("X-KG-Truncated") == "true"
        body = self.pages.render("named_query.html", q=q, values={**q.example_values(), **given},
                                 result=result, truncated=truncated, limits=self.limits)
        return Response(body, 200, {"Content-Type": "text/html; charset=utf-8",
                                    "Cache-Control": "no-store", "Vary": "Accept",
                                    "Content-Security-Policy": _CSP})


def _table(body: bytes, base: str) -> dict[str, Any]:
    """SPARQL JSON results as columns and rows of (text, link or None) cells."""
    data = json.loads(body)
    if "boolean" in data:
        return {"columns": ["answer"], "rows": [[("true" if data["boolean"] else "false", None)]]}
    columns = data["head"]["vars"]
    rows = []
    for binding in data["results"]["bindings"]:
        row = []
        for column in columns:
            cell = binding.get(column)
            if cell is None:
                row.append(("", None))
            else:
                link = iris.href(base, cell["value"]) if cell["type"] == "uri" else None
                row.append((cell["value"], link))
        rows.append(row)
    return {"columns": columns, "rows": rows}
