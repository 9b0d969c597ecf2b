"""The change feed (`/feed.atom`, RFC 4287) and the sitemap (`/sitemap.xml`) of a build.

The feed lists the resolutions the last builds added or changed, newest change first, from the
build's record (kg.builddir.feed_state), each with what changed since the previous resolution of its
series (the lineage summary of kg.serve.changes). A build without a record (made by an older
kg) lists every resolution as of the build's date. The sitemap lists the pages a crawler
should read: the home page, the vocabulary and every resolution's page, with the date each
last changed. Both are written with ElementTree, which escapes every text and attribute.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import datetime
from xml.etree import ElementTree as ET

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from kg.builddir import feed_state
from kg.serve import iris
from kg.serve.config import BuildInfo
from kg.serve.pages import Pages
from kg.serve.web import http_date, not_modified, public_root

ATOM = "http://www.w3.org/2005/Atom"
_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_SIZE = 200  # entries: the most recent changes; a consumer polls more often than that
SITEMAP_SIZE = 50_000  # the sitemap protocol's limit per file


class Feeds:
    """`/feed.atom` and `/sitemap.xml` of one build."""

    def __init__(self, pages: Pages, info: BuildInfo,
                 resolutions: Callable[[], list[dict[str, str]]]) -> None:
        self.pages = pages
        self.info = info
        self.resolutions = resolutions
        self.works = feed_state.load(info.build_dir)

    def _entries(self) -> list[dict[str, str]]:
        """The resolutions with the dates of their last change, newest first."""
        built = self.info.modified.replace(microsecond=0).isoformat()
        out = []
        for row in self.resolutions():
            work = self.works.get(row["r"])
            if self.works and work is None:
                continue  # not a resolution this build's sources made (a cited one)
            record = work or {"change": "new", "published": built, "updated": built}
            out.append({**row, **{k: str(record.get(k, built))
                                  for k in ("change", "published", "updated")}})
        out.sort(key=lambda e: (e["updated"], e["r"]), reverse=True)
        return out

    def _respond(self, request: Request, key: str, render: Callable[[str], bytes],
                 media_type: str) -> Response:
        etag = f'"{self.info.tag}-{key}"'
        headers = {"ETag": etag, "Last-Modified": http_date(self.info.modified),
                   "Cache-Control": "public, max-age=300", "Vary": "Host"}
        if not_modified(request.headers, etag, self.info.modified):
            return Response(b"", 304, headers)
        return Response(render(public_root(request, self.info.base)), 200,
                        {**headers, "Content-Type": media_type})

    async def atom(self, request: Request) -> Response:
        entries = await asyncio.to_thread(self._entries)
        return self._respond(request, "feed", lambda root: self._atom(root, entries),
                             "application/atom+xml; charset=utf-8")

    async def sitemap(self, request: Request) -> Response:
        entries = await asyncio.to_thread(self._entries)
        return self._respond(request, "sitemap", lambda root: self._sitemap(root, entries),
                             "application/xml; charset=utf-8")

    def _url(self, root: str, iri: str, ext: str = ".html") -> str:
        local = iris.local_path(self.info.base, iri)
        return root.rstrip("/") + local + ext if local is not None else iri

    def _atom(self, root: str, entries: list[dict[str, str]]) -> bytes:
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed")
        _sub(feed, "title", "UN resolutions: new and changed")
        _sub(feed, "id", self.info.base + "feed.atom")  # where the server listens: no matter
        _sub(feed, "updated", entries[0]["updated"] if entries else _iso(self.info.modified))
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=root + "feed.atom",
                      type="application/atom+xml")
        ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=root, type="text/html")
        author = ET.SubElement(feed, f"{{{ATOM}}}author")
        _sub(author, "name", str(self.info.meta.get("tool_version", "kg")))
        _sub(feed, "generator", "kg")
        for entry in entries[:FEED_SIZE]:
            item = ET.SubElement(feed, f"{{{ATOM}}}entry")
            title = entry["symbol"] + (f": {entry['title']}" if entry["title"] else "")
            _sub(item, "title", title or entry["r"])
            _sub(item, "id", entry["r"])
            _sub(item, "published", entry["published"])
            _sub(item, "updated", entry["updated"])
            ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", type="text/html",
                          href=self._url(root, entry["r"]))
            ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", type="text/turtle",
                          href=self._url(root, entry["r"], ".ttl"))
            _sub(item, "summary", self._summary(entry))
        return ET.tostring(feed, encoding="utf-8", xml_declaration=True)

    def _summary(self, entry: dict[str, str]) -> str:
        what = "New in this build" if entry["change"] == "new" else "Changed in this build"
        dated = f", adopted {entry['date']}" if entry["date"] else ""
        lineage = self.pages.changes.of_resolution(ox.NamedNode(entry["r"]))
        counts = ", ".join(f"{s['count']} {s['name']}" for s in lineage["summary"])
        since = lineage["since"]
        against = f" Since {since['text']}: {counts}." if since and counts else ""
        return f"{what}{dated}.{against}"

    def _sitemap(self, root: str, entries: list[dict[str, str]]) -> bytes:
        ET.register_namespace("", _SITEMAP)
        urlset = ET.Element(f"{{{_SITEMAP}}}urlset")
        day = _iso(self.info.modified)[:10]
        pages = [(root, day), (root + "ontology.html", day), (root + "vocab/", day)]
        pages += [(self._url(root, e["r"]), e["updated"][:10]) for e in entries]
        for loc, lastmod in pages[:SITEMAP_SIZE]:
            url = ET.SubElement(urlset, f"{{{_SITEMAP}}}url")
            _sub(url, "loc", loc, _SITEMAP)
            _sub(url, "lastmod", lastmod, _SITEMAP)
        return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _sub(parent: ET.Element, name: str, text: str, ns: str = ATOM) -> ET.Element:
    """A child with text; characters XML 1.0 cannot hold (ElementTree would write them and
    make the document unreadable) are dropped."""
    element = ET.SubElement(parent, f"{{{ns}}}{name}")
    element.text = _NOT_XML.sub("", text)
    return element


def _iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()
