"""View models: what a page shows, as plain dicts of strings, built from `Data`.

Templates receive only strings, numbers and lists (never RDF terms), and only through jinja2's
autoescaping, so nothing in the data reaches a page as markup. Which IRIs become links is decided
here, by `iris.href` (local for our own IRIs, http(s) for the web, no link otherwise).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from kg.serve import iris
from kg.serve.data import NS, Data, Term
from kg.serve.execute import PREFIXES

View = dict[str, Any]
INBOUND_LIMIT = 1000  # links listed per page section; more is reported, not hidden
_PROP_ORDER = [NS.RDF_TYPE.value, NS.IDENTIFIER.value, NS.TITLE.value, NS.DATE.value]


def compact(iri: str) -> str:
    """`eli:cites` for a known namespace, the IRI otherwise."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


#: Languages written right to left, of the six official ones.
RTL = frozenset({"ar"})


def direction(lang: str) -> str:
    """The `dir` of a text in `lang` (Arabic is written right to left).

    >>> direction("ar"), direction("fr")
    ('rtl', 'ltr')
    """
    return "rtl" if lang.split("-")[0] in RTL else "ltr"


class Views:
    """Builds the view model of each kind of page."""

    def __init__(self, data: Data, base: str) -> None:
        self.data = data
        self.base = base

    # -- terms --------------------------------------------------------------------------------

    def link(self, node: Term) -> View:
        """A term as something a template can print: text, optional href, its IRI."""
        if isinstance(node, ox.NamedNode):
            label = self.data.label(node) or self.part_name(node)
            text = label or iris.symbol_of(self.base, node.value) or compact(node.value)
            return {"kind": "iri", "text": text, "iri": node.value,
                    "href": iris.href(self.base, node.value), "labelled": label is not None}
        if isinstance(node, ox.BlankNode):
            return {"kind": "bnode", "text": self.data.label(node) or f"_:{node.value}"}
        if isinstance(node, ox.Literal):
            dt = node.datatype.value
            return {"kind": "literal", "text": node.value, "lang": node.language,
                    "datatype": None if node.language or dt.endswith("#string") else compact(dt)}
        return {"kind": "literal", "text": str(node)}

    def part_name(self, node: ox.NamedNode | ox.BlankNode) -> str | None:
        """How a citation names a part of a resolution: "para. 2", "para. 1 (a)", "preamble,
        para. 4", "footnote 1"; None for anything else."""
        types = self.data.types(node)
        number = self._first(node, NS.NUMBER)
        if NS.FOOTNOTE_CLASS.value in types:
            return f"footnote {number or ''}".strip()
        if NS.SUBPARAGRAPH.value in types:
            parent = self.data.value(node, NS.IS_PART_OF)
            head = self.part_name(parent) if isinstance(parent, ox.NamedNode) else None
            return f"{head or 'para.'} ({number or '?'})"
        if NS.OPERATIVE.value in types:  # an only paragraph may be printed without number
            return f"para. {number}" if number else "operative paragraph"
        if NS.PREAMBULAR.value in types:
            local = self._first(node, ox.NamedNode(NS.ELI + "id_local")) or ""
            return f"preamble, para. {local.rpartition('_')[2] or '?'}"
        if NS.ANNEX.value in types:
            return "annex"
        return None

    def _first(self, node: ox.NamedNode | ox.BlankNode, prop: ox.NamedNode) -> str | None:
        value = self.data.value(node, prop)
        return value.value if isinstance(value, ox.Literal | ox.NamedNode) else None

    def properties(self, node: ox.NamedNode | ox.BlankNode,
                   skip: frozenset[str] = frozenset()) -> list[View]:
        """The node's own statements grouped by property, common properties first."""
        groups: dict[str, list[Term]] = defaultdict(list)
        for t in self.data.triples(node):
            if t.predicate.value not in skip:
                groups[t.predicate.value].append(t.object)

        def order(p: str) -> tuple[int, str]:
            return (_PROP_ORDER.index(p) if p in _PROP_ORDER else len(_PROP_ORDER), compact(p))

        return [{"property": self.link(ox.NamedNode(p)), "objects": [self.link(o) for o in vals]}
                for p, vals in sorted(groups.items(), key=lambda kv: order(kv[0]))]

    # -- paragraphs ----------------------------------------------------------------------------

    def texts(self, node: ox.NamedNode | ox.BlankNode) -> dict[str, str]:
        """The node's text in each language it is given in (an untagged one as "")."""
        return {o.language or "": o.value for o in self.data.objects(node, NS.TEXT)
                if isinstance(o, ox.Literal)}

    def paragraph(self, node: ox.NamedNode | ox.BlankNode,
                  langs: tuple[str, ...] = ("en",)) -> View:
        """One paragraph as printed: number, opening phrase set apart, footnotes, links; its
        text in the first of `langs` it is given in (then English, then any), and in each of
        `langs` it is given in as `versions`, for pages that show two side by side."""
        types = self.data.types(node)
        texts = self.texts(node)
        given = [lang for lang in langs if lang in texts]
        primary = given[0] if given else "en" if "en" in texts else next(iter(texts), "")
        text = texts.get(primary, "")
        phrase = self.data.value(node, NS.PHRASE)
        label = self.data.label(phrase) if phrase is not None else None

        def split(lang: str) -> tuple[str, str]:
            said = texts.get(lang, "")
            # (the phrase's label is English: other languages are shown without the lead)
            if lang in ("en", "") and label and said.lower().startswith(label.lower()):
                return said[:len(label)], said[len(label):]
            return "", said

        lead, rest = split(primary)
        versions = [{"lang": lang, "dir": direction(lang), "lead": lead_of, "rest": rest_of}
                    for lang in (given or [primary]) for lead_of, rest_of in [split(lang)]]
        if NS.SUBPARAGRAPH.value in types:
            kind = "sub"
        elif NS.OPERATIVE.value in types:
            kind = "operative"
        elif NS.PREAMBULAR.value in types:
            kind = "preamble"
        elif NS.ANNEX.value in types:
            kind = "annex"
        else:
            kind = "other"
        iri = node.value if isinstance(node, ox.NamedNode) else ""
        local_id = self._first(node, ox.NamedNode(NS.ELI + "id_local"))
        position = self._first(node, NS.POSITION)
        return {
            "iri": iri, "href": iris.href(self.base, iri) if iri else None,
            "anchor": local_id or iri.rpartition("~")[2] or iri.rpartition("/")[2],
            "kind": kind, "number": self._first(node, NS.NUMBER), "lead": lead, "rest": rest,
            "name": self.part_name(node),
            "title": self._first(node, ox.NamedNode(NS.ELI + "title")) if kind == "annex" else None,
            "text": text, "lang": primary, "dir": direction(primary), "versions": versions,
            "position": int(position) if position and position.isdigit() else None,
            "phrase": self.link(phrase) if phrase is not None else None,
            "footnotes": [self.footnote(f, langs) for f in self.data.objects(node, NS.FOOTNOTE)
                          if isinstance(f, ox.NamedNode | ox.BlankNode)],
            "cites": [self.link(o) for o in self.data.objects(node, NS.CITES)],
            "mentions": [self.link(o) for o in self.data.objects(node, NS.MENTIONS)],
            "children": [],
        }

    def footnote(self, node: ox.NamedNode | ox.BlankNode,
                 langs: tuple[str, ...] = ("en",)) -> View:
        """A footnote: number, anchor, text (in the first of `langs` given) and what it cites."""
        iri = node.value if isinstance(node, ox.NamedNode) else ""
        number = self._first(node, NS.NUMBER) or "*"
        texts = self.texts(node)
        lang = next((lang for lang in langs if lang in texts),
                    "en" if "en" in texts else next(iter(texts), ""))
        return {"iri": iri, "href": iris.href(self.base, iri) if iri else None,
                "number": number, "anchor": "fn-" + (iri.rpartition("~")[2] or number),
                "text": texts.get(lang, ""), "lang": lang, "dir": direction(lang),
                "cites": [self.link(o) for o in self.data.objects(node, NS.CITES)]}

    def _ordered_parts(self, resolution: ox.NamedNode, langs: tuple[str, ...] = ("en",)
                       ) -> tuple[list[View], list[View]]:
        """(paragraph tree in order, annexes): sub-paragraphs nested under their parent."""
        nodes = [p for p in self.data.parts(resolution)
                 if NS.FOOTNOTE_CLASS.value not in self.data.types(p)]
        views = {p: self.paragraph(p, langs) for p in nodes}

        def key(p: ox.NamedNode | ox.BlankNode) -> tuple[int, str]:
            return (views[p]["position"] or 10**9, views[p]["anchor"])

        top: list[View] = []
        annexes: list[View] = []
        for p in sorted(nodes, key=key):
            parent = self.data.value(p, NS.IS_PART_OF)
            if parent in views and parent != resolution:
                views[parent]["children"].append(views[p])  # type: ignore[index]
            elif views[p]["kind"] == "annex":
                annexes.append(views[p])
            else:
                top.append(views[p])
        return top, annexes

    # -- inbound links ---------------------------------------------------------------------------

    def context(self, node: ox.NamedNode | ox.BlankNode) -> View:
        """A subject pointing here, with the resolution it belongs to and its text, if any."""
        view = self.link(node)
        resolution = self.data.resolution_of(node)
        if resolution is not None and resolution != node:
            view["resolution"] = self.link(resolution)
            # a draft has no adoption date, only the date it was published
            view["date"] = (self._first(resolution, NS.DATE)
                            or self._first(resolution, NS.PUBLISHED) or "")
            position = self._first(node, NS.POSITION)
            view["position"] = int(position) if position and position.isdigit() else 0
            text = self._first(node, NS.TEXT)
            view["snippet"] = text if text is None or len(text) < 400 else text[:397] + "..."
        else:
            view["date"] = self._first(node, NS.DATE) or ""
        return view

    def inbound(self, targets: list[ox.NamedNode],
                skip: frozenset[str] = frozenset()) -> list[View]:
        """What points at any of `targets`, grouped by property, oldest resolution first."""
        groups: dict[str, list[ox.NamedNode | ox.BlankNode]] = defaultdict(list)
        truncated: set[str] = set()
        for target in targets:
            pairs = self.data.subjects(None, target, INBOUND_LIMIT + 1)
            for predicate, subject in pairs:
                if predicate.value in skip:
                    continue
                if len(groups[predicate.value]) >= INBOUND_LIMIT:
                    truncated.add(predicate.value)
                    continue
                if subject not in groups[predicate.value]:
                    groups[predicate.value].append(subject)
            if len(pairs) > INBOUND_LIMIT:
                truncated.update(groups)
        sections = []
        for predicate, subjects in sorted(groups.items(), key=lambda kv: compact(kv[0])):
            items = [self.context(s) for s in subjects]
            items.sort(key=lambda v: (v["date"], v.get("resolution", {}).get("text", ""),
                                      v.get("position", 0), v["text"]))
            sections.append({"property": self.link(ox.NamedNode(predicate)), "items": items,
                             "truncated": predicate in truncated, "limit": INBOUND_LIMIT})
        return sections
