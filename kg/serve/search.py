"""`/search` (the HTML page) and `/search.json` (the same search for scripts), over the build's
search index (kg.search).

The page is a GET form, so every search, facet choice and page is a URL that can be bookmarked
and shared. Each facet value is a link to the same search with that value added (or, when
chosen, removed). Highlighted texts arrive from kg.search.query already escaped, with only
<mark> added; every other value goes through the templates' autoescaping.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any
from urllib.parse import urlencode

import orjson
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from kg.search import browse
from kg.search.query import FACETS, SORTS, Index, QueryError
from kg.search.query import Request as Search
from kg.serve import iris
from kg.serve.config import BuildInfo
from kg.serve.pages import Pages

_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'")
LABELS = {"kind": "Paragraph kind", "document": "Resolution or draft", "body": "Body",
          "session": "Session", "year": "Year", "phrase": "Opening phrase",
          "strength": "Strength of the phrase", "subject": "Subject",
          "sdg": "SDG",
          "committee": "Committee", "vote": "Adopted", "change": "Change since the last one",
          "lang": "Language"}
_NO_INDEX = ("This build has no search index this version of kg can read: "
             "rebuild it with `kg build`.")


class SearchPages:
    """The two search routes of one served build."""

    def __init__(self, info: BuildInfo, pages: Pages) -> None:
        self.info = info
        self.pages = pages
        self.index = Index(info.build_dir)
        # the facet bitsets take a fraction of a second: made now, not in a reader's search
        threading.Thread(target=self._warm, name="kg-search-warm", daemon=True).start()

    def _warm(self) -> None:
        if self.index.available():
            self.index.bitsets()

    async def _run(self, request: Request
                   ) -> tuple[Search | None, dict[str, Any] | str | None]:
        """The search asked for and its results, or an error message; no results when nothing
        was asked (matching every paragraph of the build helps no one and costs the most)."""
        if not self.index.available():
            return None, _NO_INDEX
        try:
            search = Search.from_params(request.query_params)
            if not search.q.strip() and not search.filters:
                return search, None
            return search, await asyncio.to_thread(self.index.search, search)
        except QueryError as exc:
            return None, str(exc)

    async def json(self, request: Request) -> Response:
        """{total, page, pages, results: [{iri, resolution, symbol, text, facets ...}], facets}"""
        _, found = await self._run(request)
        if found is None:
            found = "give a query (q) or a facet value (kind, body, year ...)"
        status = 200 if isinstance(found, dict) else 503 if found == _NO_INDEX else 400
        body = found if isinstance(found, dict) else {"error": found}
        return Response(orjson.dumps(body), status, media_type="application/json",
                        headers={"Cache-Control": "public, max-age=300"})

    async def page(self, request: Request) -> Response:
        """The search form, facets with counts, a page of results."""
        search, found = await self._run(request)
        headers = {"Content-Security-Policy": _CSP, "Cache-Control": "public, max-age=300"}
        if not isinstance(found, dict):
            status = 200 if found is None else 503 if found == _NO_INDEX else 400
            body = self.pages.render("search.html", error=found, q=request.query_params.get(
                "q", ""), found=None, facets=[], hidden=[], pager={}, labels=LABELS)
            return Response(body, status, media_type="text/html", headers=headers)
        assert search is not None
        body = self.pages.render("search.html", error=None, q=search.q, found=found,
                                 results=[self._result(r) for r in found["results"]],
                                 facets=self._facets(search, found), labels=LABELS,
                                 hidden=[(k, v) for k, vs in search.filters.items() for v in vs],
                                 sort=search.sort, pager=self._pager(search, found),
                                 sorts={s: _url(search, sort=s, page=1) for s in SORTS})
        return Response(body, 200, media_type="text/html", headers=headers)

    async def browse(self, request: Request) -> Response:
        """Bodies with their sessions and years; a body's (session's, year's) resolutions."""
        params = request.query_params
        if not self.index.available():
            return self._browse_page(503, error=_NO_INDEX)
        try:
            if not params.get("body"):
                everything = Search(expand=("phrase",))
                found = await asyncio.to_thread(self.index.search, everything)
                ways = [f for f in self._facets(Search(), found)
                        if f["name"] in ("document", "phrase", "vote", "change")]
                return self._browse_page(200, bodies=await asyncio.to_thread(
                    browse.bodies, self.index), ways=ways)
            page = params.get("page", "1")
            if not page.isdigit():
                raise QueryError("page must be a number")
            listing = await asyncio.to_thread(
                browse.resolutions, self.index, params["body"], session=params.get("session"),
                year=params.get("year"), page=int(page))
        except QueryError as exc:
            return self._browse_page(400, error=str(exc))
        for r in listing["resolutions"]:
            r["href"] = iris.href(self.info.base, r["resolution"])
        here = [(k, listing[k]) for k in ("body", "session", "year") if listing[k]]

        def at(n: int) -> str:
            return "/browse?" + urlencode([*here, ("page", str(n))])

        pager = {"previous": at(listing["page"] - 1) if listing["page"] > 1 else None,
                 "next": at(listing["page"] + 1) if listing["page"] < listing["pages"] else None}
        return self._browse_page(200, listing=listing, pager=pager,
                                 search="/search?" + urlencode(here),
                                 all_of_body="/browse?" + urlencode([("body", listing["body"])]))

    def _browse_page(self, status: int, **context: Any) -> Response:
        context = {"error": None, "listing": None, "bodies": [], "ways": [], **context}
        return Response(self.pages.render("browse.html", **context), status,
                        media_type="text/html",
                        headers={"Content-Security-Policy": _CSP,
                                 "Cache-Control": "public, max-age=300"})

    def _result(self, result: dict[str, Any]) -> dict[str, Any]:
        base = self.info.base
        return {**result, "text": Markup(result["text"]),  # escaped in kg.search.query
                "href": iris.href(base, result["iri"]),
                "resolution_href": iris.href(base, result["resolution"])}

    def _facets(self, search: Search, found: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for name in FACETS:
            values = found["facets"].get(name)
            if not values:
                continue
            items = []
            for v in values:
                chosen = list(search.filters.get(name, ()))
                chosen = [c for c in chosen if c != v["value"]] if v["selected"] \
                    else [*chosen, v["value"]]
                items.append({**v, "href": _url(search, filters={**search.filters,
                                                                 name: chosen}, page=1)})
            more = found["more"].get(name, 0)
            out.append({"name": name, "label": LABELS.get(name, name), "values": items,
                        "more": more, "all": _url(search, expand=(*search.expand, name))
                        if more else None})
        return out

    def _pager(self, search: Search, found: dict[str, Any]) -> dict[str, str | None]:
        page, pages = found["page"], found["pages"]
        return {"previous": _url(search, page=page - 1) if page > 1 else None,
                "next": _url(search, page=page + 1) if page < pages else None}


def _url(search: Search, *, filters: dict[str, Any] | None = None, sort: str | None = None,
         page: int | None = None, expand: tuple[str, ...] | None = None) -> str:
    """The address of `search` with some of its parts changed."""
    pairs: list[tuple[str, str]] = [("q", search.q)] if search.q else []
    for name, values in (filters if filters is not None else search.filters).items():
        pairs.extend((name, v) for v in values)
    if (sort or search.sort) != "relevance":
        pairs.append(("sort", sort or search.sort))
    pairs.extend(("all", name) for name in (search.expand if expand is None else expand))
    if (page := page if page is not None else search.page) > 1:
        pairs.append(("page", str(page)))
    return "/search" + ("?" + urlencode(pairs) if pairs else "")
