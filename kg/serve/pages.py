"""HTML pages: which template a resource gets, its view model, and schema.org JSON-LD.

A resolution gets its full text in order with citations both ways; a paragraph its text in the
context of its resolution; both say what changed since the previous resolution of the series
(`kg.serve.changes`: badges, word diffs, dropped paragraphs). Anything else (mandates, phrases,
organs, cited documents) gets a page of its statements and of every paragraph that points at it.
Rendering is jinja2 with autoescaping on for every template; the embedded JSON-LD is escaped for
a `<script>` element separately.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from kg.iris import un_address
from kg.serve import iris
from kg.serve.aliases import Aliases
from kg.serve.changes import Changes
from kg.serve.data import NS, Data
from kg.serve.views import View, Views, direction

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}
_RES_SKIP = frozenset({NS.HAS_PART.value})
_UN_ORDER = ("en", "fr", "es", "ru", "ar", "zh")
_RECORDED_VOTE = ox.NamedNode(NS.UNRES + "recordedVote")
_MEMBER_STATE = ox.NamedNode(NS.UNRES + "memberState")
_VOTER = ox.NamedNode(NS.UNRES + "voter")
_VOTE_VALUE = ox.NamedNode(NS.UNRES + "voteValue")
_VOTE_ORDER = ("yes", "no", "abstain", "absent", "non-voting")
#: The official languages by their own names, for the language switcher.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ru": "Русский",
                  "ar": "العربية", "zh": "中文"}


def script_json(data: object) -> Markup:
    """JSON safe inside `<script>`: no `</script>`, `<!--` or line separators can break out.

    >>> str(script_json({"t": "</script><b>"}))
    '{"t": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def undocs(symbol: str | None) -> str | None:
    """The UN's own address of a document (`kg.iris.un_address`: spaces percent-encoded)."""
    return un_address(symbol) if symbol else None


def environment() -> Environment:
    """The template environment: autoescape everywhere, whatever the file name."""
    env = Environment(loader=PackageLoader("kg.serve", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True,
                      auto_reload=False)  # package data does not change under a running server
    return env


class Pages:
    """Renders the HTML page of any IRI the store knows, and the home page."""

    def __init__(self, data: Data, base: str, site: dict[str, Any]) -> None:
        self.data = data
        self.base = base
        self.views = Views(data, base)
        self.aliases = Aliases(data, base)
        self.changes = Changes(data, base)
        self.env = environment()
        self.site = site
        self._languages: dict[str, list[str]] = {}
        for name in self.env.list_templates(extensions=["html"]):
            self.env.get_template(name)  # compile now, not on some visitor's first request

    def render(self, template: str, **context: Any) -> bytes:
        """A template rendered with the site's context, as UTF-8."""
        return self.env.get_template(template).render(site=self.site, **context).encode()

    # -- dispatch ----------------------------------------------------------------------------

    def resource(self, node: ox.NamedNode, langs: tuple[str, ...] = ("en",)) -> bytes:
        """The page for `node`, chosen by what it is; a resolution's text in `langs` (the
        first, or the first two side by side)."""
        types = self.data.types(node)
        if types & {NS.RESOLUTION.value, NS.DRAFT.value} \
                and self.data.value(node, NS.HAS_PART) is not None:  # a draft reads the same
            return self.resolution(node, langs)
        if NS.PARAGRAPH.value in types or NS.ANNEX.value in types \
                or NS.FOOTNOTE_CLASS.value in types:
            return self.paragraph(node)
        return self.entity(node)

    def _targets(self, node: ox.NamedNode) -> list[ox.NamedNode]:
        """The IRIs citations may use for `node`: itself and the symbol IRIs naming it."""
        return [node, *(a for a in self.aliases.aliases(node) if a != node)]

    # -- resolution --------------------------------------------------------------------------

    def multilingual(self, node: ox.NamedNode) -> bool:
        """Whether `node`'s page is a resolution's text given in more than one language."""
        types = self.data.types(node)
        return bool(types & {NS.RESOLUTION.value, NS.DRAFT.value}) and len(
            self.languages(node)) > 1

    def languages(self, node: ox.NamedNode) -> list[str]:
        """The languages a resolution's text is given in (those of its titles and of its
        first paragraph), English first, then in the UN's order."""
        known = self._languages.get(node.value)
        if known is not None:  # (asked on every request for a page, before its body cache)
            return known
        found = {o.language for o in self.data.objects(node, NS.TITLE)
                 if isinstance(o, ox.Literal) and o.language}
        first = self.data.value(node, NS.HAS_PART)  # (one part, not the whole tree)
        if isinstance(first, ox.NamedNode | ox.BlankNode):
            found |= {lang for lang in self.views.texts(first) if lang}
        known = sorted(found, key=lambda lang: (_UN_ORDER.index(lang) if lang in _UN_ORDER
                                                else len(_UN_ORDER), lang))
        self._languages[node.value] = known  # (the data cannot change under a running server)
        return known

    def resolution(self, node: ox.NamedNode, langs: tuple[str, ...] = ("en",)) -> bytes:
        """The full text in reading order, footnotes, what it cites and what cites it; the
        text in the first of `langs`, or in the first two side by side."""
        v = self.views
        available = self.languages(node)
        langs = tuple(lang for lang in langs if lang in available)[:2] or (
            ("en",) if "en" in available or not available else (available[0],))
        paragraphs, annexes = v._ordered_parts(node, langs)
        flat = _flatten(paragraphs) + annexes
        footnotes = [f for p in flat for f in p["footnotes"]]
        cites: dict[str, View] = {}
        for p in flat:  # a footnote's citations count for the paragraph it is anchored in
            for c in p["cites"] + [c for f in p["footnotes"] for c in f["cites"]]:
                entry = cites.setdefault(c.get("iri", c["text"]), {"target": c, "from": []})
                if all(q is not p for q in entry["from"]):
                    entry["from"].append(p)
        symbol = v._first(node, NS.IDENTIFIER)
        inbound = v.inbound(self._targets(node),
                            frozenset({NS.HAS_PART.value, NS.IS_PART_OF.value}))
        lineage = self.changes.of_resolution(node)
        for p in flat:
            p["change"] = lineage["by_paragraph"].get(p["iri"])
        page = {
            "series": self.changes.series(node), "lineage": lineage,
            "iri": node.value, "symbol": symbol, "title": self._title(node, langs[0]),
            "langs": [{"lang": lang, "dir": direction(lang), "name": LANGUAGE_NAMES.get(
                lang, lang)} for lang in langs],
            "available": [{"lang": lang, "name": LANGUAGE_NAMES.get(lang, lang)}
                          for lang in available],
            "date": v._first(node, NS.DATE),
            "noun": "draft" if NS.DRAFT.value in self.data.types(node) else "resolution",
            "published": v._first(node, NS.PUBLISHED),
            "properties": v.properties(node, _RES_SKIP),
            "paragraphs": paragraphs, "annexes": annexes, "footnotes": footnotes,
            "cites": sorted(cites.values(), key=lambda e: e["target"]["text"]),
            "cited_by": [s for s in inbound if s["property"]["iri"] == NS.CITES.value],
            "linked_from": [s for s in inbound if s["property"]["iri"] != NS.CITES.value],
            "undocs": undocs(symbol),
            "votes": self._votes(node),
        }
        return self.render("resolution.html", page=page, jsonld=script_json(
            self._legislation(node, page, flat)), alternates=self._alternates(node))

    def _votes(self, node: ox.NamedNode) -> View | None:
        """The recorded vote by Member State: one row per State (by name), and the count of
        each value with its share of the largest, for the bars."""
        rows: list[View] = []
        votes: list[str] = []
        for cast in self.data.objects(node, _RECORDED_VOTE):
            if not isinstance(cast, ox.NamedNode | ox.BlankNode):
                continue
            named = self.data.value(cast, _MEMBER_STATE)
            name = named.value if isinstance(named, ox.Literal) else ""
            voter = self.data.value(cast, _VOTER)
            value = self.data.value(cast, _VOTE_VALUE)
            vote = (self.data.label(value) if isinstance(value, ox.NamedNode) else None) or "?"
            votes.append(vote)
            rows.append({"state": self.views.link(voter) if voter is not None else {
                "kind": "literal", "text": name or "?"}, "name": name, "vote": vote})
        if not rows:
            return None
        counts = Counter(votes)
        order = [v for v in _VOTE_ORDER if v in counts] + sorted(set(counts) - set(_VOTE_ORDER))
        top = max(counts.values())
        return {"rows": sorted(rows, key=lambda r: str(r["name"]).casefold()),
                "counts": [{"vote": v, "n": counts[v], "width": round(300 * counts[v] / top)}
                           for v in order]}

    def _title(self, node: ox.NamedNode, lang: str) -> str | None:
        titles = {o.language: o.value for o in self.data.objects(node, NS.TITLE)
                  if isinstance(o, ox.Literal)}
        return titles.get(lang) or titles.get("en") or next(iter(titles.values()), None)

    def _legislation(self, node: ox.NamedNode, page: View, flat: list[View]) -> dict[str, Any]:
        """schema.org Legislation for search engines and citation tools."""
        doc: dict[str, Any] = {"@context": "https://schema.org", "@type": "Legislation",
                               "@id": node.value, "url": node.value, "inLanguage": "en"}
        if page["title"]:
            doc["name"] = page["title"]
        if page["symbol"]:
            doc["legislationIdentifier"] = page["symbol"]
            doc["sameAs"] = page["undocs"]
        if page["date"]:
            doc["legislationDate"] = page["date"]
        body = self.data.value(node, NS.PASSED_BY)
        if isinstance(body, ox.NamedNode):
            doc["legislationPassedBy"] = {"@type": "Organization", "@id": body.value,
                                          "name": self.data.label(body) or body.value}
        doc["hasPart"] = [{"@type": "Legislation", "@id": p["iri"], "text": p["text"],
                           **({"position": p["position"]} if p["position"] else {})}
                          for p in flat if p["iri"]]
        return doc

    # -- paragraph -----------------------------------------------------------------------------

    def paragraph(self, node: ox.NamedNode) -> bytes:
        """One paragraph (or footnote, annex) with its resolution and neighbours."""
        v = self.views
        para = v.paragraph(node)
        if NS.FOOTNOTE_CLASS.value in self.data.types(node):
            para = {**para, **v.footnote(node), "kind": "footnote", "lead": "",
                    "rest": para["text"], "children": []}
        else:
            para["children"] = [v.paragraph(c) for _, c in self.data.subjects(
                NS.IS_PART_OF, node, 1000)]
        changes = self.changes.of_paragraph(node) if isinstance(node, ox.NamedNode) else []
        para["change"] = changes[0] if changes else None
        successors = self.changes.successors(node) if isinstance(node, ox.NamedNode) else []
        resolution = self.data.resolution_of(node)
        res_view = v.link(resolution) if resolution is not None else None
        siblings = self._siblings(resolution, node) if resolution is not None else (None, None)
        doc: dict[str, Any] = {"@context": "https://schema.org", "@type": "Legislation",
                               "@id": node.value, "url": node.value, "text": para["text"]}
        if resolution is not None:
            doc["isPartOf"] = {"@type": "Legislation", "@id": resolution.value,
                               "legislationIdentifier": res_view["text"] if res_view else None}
        return self.render("paragraph.html", para=para, resolution=res_view,
                           changes=changes, successors=successors,
                           prev=siblings[0], next=siblings[1],
                           statements=v.properties(node),
                           cited_by=v.inbound([node], frozenset({NS.HAS_PART.value})),
                           jsonld=script_json(doc), alternates=self._alternates(node))

    def _siblings(self, resolution: ox.NamedNode, node: ox.NamedNode) -> tuple[View | None, ...]:
        """The paragraphs before and after `node` in reading order."""
        order = self.data.reading_order(resolution)
        if node not in order:
            return (None, None)
        i = order.index(node)
        return (self.views.paragraph(order[i - 1]) if i > 0 else None,
                self.views.paragraph(order[i + 1]) if i + 1 < len(order) else None)

    # -- everything else -----------------------------------------------------------------------

    def entity(self, node: ox.NamedNode) -> bytes:
        """Mandates, phrases, organs, documents, sources, graphs: statements and backlinks."""
        v = self.views
        symbol = iris.symbol_of(self.base, node.value)
        if symbol is not None or NS.DOCUMENT.value in self.data.types(node):
            symbol = v._first(node, NS.IDENTIFIER) or symbol  # as printed, with its spaces
        page = {
            "iri": node.value, "label": self.data.label(node) or node.value,
            "types": [v.link(ox.NamedNode(t)) for t in sorted(self.data.types(node))],
            "properties": v.properties(node),
            "inbound": v.inbound(self._targets(node)),
            "symbol": symbol,
            "undocs": undocs(symbol),
            "graph": self.data.is_graph(node),
            "names": [v.link(r) for r in self.aliases.resolve(symbol) if r != node]
            if symbol else [],
        }
        return self.render("entity.html", page=page, alternates=self._alternates(node))

    def _alternates(self, node: ox.NamedNode) -> list[View]:
        local = iris.local_path(self.base, node.value)
        if local is None:
            return []
        return [{"name": name, "href": f"{local}.{ext}"}
                for name, ext in (("Turtle", "ttl"), ("JSON-LD", "jsonld"),
                                  ("N-Triples", "nt"), ("RDF/XML", "rdf"))]

    def choices(self, symbol: str, targets: list[ox.NamedNode]) -> bytes:
        """The 300 page of a symbol that names several resolutions (lettered parts)."""
        return self.render("choices.html", symbol=symbol,
                           targets=[self.views.context(t) for t in targets])

    def not_found(self, iri: str, symbol: str | None) -> bytes:
        """The 404 page; for a symbol, where the UN publishes the document."""
        return self.render("not_found.html", iri=iri, symbol=symbol,
                           undocs=undocs(symbol))


def _flatten(paragraphs: list[View]) -> list[View]:
    """Paragraphs and their sub-paragraphs in reading order."""
    out: list[View] = []
    for p in paragraphs:
        out.append(p)
        out.extend(_flatten(p["children"]))
    return out
