"""What changed since the previous resolution of a series, as view models for pages.

The lineage stage (kg.lineage.model) states `<new> unres:follows <old>` and, per paragraph, a
reified `unres:ParagraphChange`. A page reads those with one SPARQL query (all the changes of a
resolution, or those of one paragraph) and turns each into text a template prints: badges such as
"strengthened: takes note with appreciation → welcomes" or "moved from OP6", and a word-level diff
as (op, words) segments that the template wraps in `<del>` / `<ins>` with autoescaping, so no
paragraph text ever reaches a page as markup.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pyoxigraph as ox

from kg.iris import paragraph_label
from kg.lineage.render import diff_segments
from kg.serve import iris
from kg.serve.data import NS, Data

View = dict[str, Any]

FOLLOWS = ox.NamedNode(NS.UNRES + "follows")
AFTER_GAP = ox.NamedNode(NS.UNRES + "afterGap")
FOLLOWED_BY = ox.NamedNode(NS.UNRES + "followedBy")

#: Badge order: what a reader looks for first (the opening phrase moved), then where the
#: paragraph came from, then how its words changed.
TYPE_ORDER = ("strengthened", "weakened", "rephrased", "moved", "split", "merged", "reworded",
              "unchanged", "new", "dropped")
#: Summary order, as a reader tallies: kept, edited, reinforced or softened, rearranged, added,
#: removed.
SUMMARY_ORDER = ("unchanged", "reworded", "strengthened", "weakened", "rephrased", "moved",
                 "split", "merged", "new", "dropped")
#: Counted in the summary even when zero.
ALWAYS_COUNTED = frozenset({"unchanged", "reworded", "new", "dropped"})
_PHRASE_TYPES = frozenset({"strengthened", "weakened", "rephrased"})
_FROM_TYPES = frozenset({"moved", "split", "merged"})
_SLUG = re.compile(r"^[a-z][a-z-]{0,30}$")

_QUERY = """
PREFIX unres: <https://w3id.org/unres/ontology#>
SELECT ?c ?to ?type ?from ?prev ?phrase ?sim ?res ?old WHERE {
  %s
  OPTIONAL { ?c unres:inResolution ?res }
  OPTIONAL { ?c unres:comparedWith ?old }
  OPTIONAL { ?c unres:toParagraph ?to }
  OPTIONAL { ?c unres:changeType ?type }
  OPTIONAL { ?c unres:fromParagraph ?from }
  OPTIONAL { ?c unres:previousText ?prev }
  OPTIONAL { ?c unres:previousPhrase ?phrase }
  OPTIONAL { ?c unres:similarity ?sim }
}"""
#: Which changes: those of a resolution, the one of a paragraph, those from an old paragraph.
#: `{self}` is the resource's IRI, written into the text: Oxigraph plans a query with a constant
#: far better than one whose variable is bound by `substitutions=` (5 ms against 538 ms for a
#: resolution page at 5,000 resolutions), and a `NamedNode` prints as a valid IRI or not at all.
_OF_RESOLUTION = _QUERY % "?c unres:inResolution {self} ; a unres:ParagraphChange ."
_OF_PARAGRAPH = _QUERY % "{self} unres:change ?c . ?c a unres:ParagraphChange ."
_FROM_PARAGRAPH = _QUERY % "?c unres:fromParagraph {self} ; a unres:ParagraphChange ."


def eid_label(iri: str) -> str:
    """OP6 for operative paragraph 6, PP3 for preambular paragraph 3, from the IRI's local id.

    >>> eid_label("https://w3id.org/unres/akn/un/x/!main~para_6")
    'OP6'
    >>> eid_label("https://w3id.org/unres/akn/un/x/!main~preamble__p_3")
    'PP3'
    """
    return paragraph_label(iri.rpartition("~")[2] if "~" in iri else iri.rpartition("/")[2])


class Changes:
    """Series links and paragraph changes of resolutions and paragraphs."""

    def __init__(self, data: Data, base: str) -> None:
        self.data = data
        self.base = base

    # -- series --------------------------------------------------------------------------------

    def series(self, resolution: ox.NamedNode) -> View:
        """{"follows": [...], "followed_by": [...]} as links to the neighbouring resolutions,
        and whether resolutions of the series between this one and the one it follows are
        missing from the corpus (unres:afterGap)."""
        gap = any(isinstance(o, ox.Literal) and o.value == "true"
                  for o in self.data.objects(resolution, AFTER_GAP))
        return {"follows": [self._link(o) for o in self.data.objects(resolution, FOLLOWS)
                            if isinstance(o, ox.NamedNode)],
                "gap": gap,
                "followed_by": [self._link(o) for o in self.data.objects(resolution, FOLLOWED_BY)
                                if isinstance(o, ox.NamedNode)]}

    # -- changes -------------------------------------------------------------------------------

    def of_resolution(self, resolution: ox.NamedNode) -> View:
        """Changes by new paragraph IRI, the dropped paragraphs, and a summary of counts."""
        changes = self._query(_OF_RESOLUTION, resolution)
        by_paragraph = {c["to"]: c for c in changes if c["to"]}
        dropped = sorted((c for c in changes if not c["to"]),
                         key=lambda c: _order_key(c["from"][0]["iri"] if c["from"] else ""))
        compared = Counter(c["compared"]["iri"] for c in changes if c["compared"])
        since = None  # the previous resolution: all changes of a build compare with one
        if compared:
            top = compared.most_common(1)[0][0]
            since = next(c["compared"] for c in changes
                         if c["compared"] and c["compared"]["iri"] == top)
        counts = Counter(t["name"] for c in changes for t in c["types"])
        summary = [{"name": name, "count": counts.get(name, 0)} for name in SUMMARY_ORDER
                   if name in ALWAYS_COUNTED or counts.get(name)]
        summary += [{"name": name, "count": n} for name, n in sorted(counts.items())
                    if name not in SUMMARY_ORDER]
        return {"by_paragraph": by_paragraph, "dropped": dropped, "since": since,
                "summary": summary if changes else [], "count": len(changes)}

    def of_paragraph(self, paragraph: ox.NamedNode) -> list[View]:
        """The change(s) of a paragraph towards its predecessor (usually one)."""
        return self._query(_OF_PARAGRAPH, paragraph)

    def successors(self, paragraph: ox.NamedNode) -> list[View]:
        """What became of a paragraph in the next resolution of its series."""
        return self._query(_FROM_PARAGRAPH, paragraph)

    def _query(self, query: str, node: ox.NamedNode) -> list[View]:
        rows: dict[ox.NamedNode | ox.BlankNode, dict[str, Any]] = {}
        solutions = self.data.store.query(query.replace("{self}", str(node)),
                                          use_default_graph_as_union=True)
        for s in solutions:  # type: ignore[union-attr]
            c = s["c"]
            row = rows.setdefault(c, {"types": {}, "from": {}, "to": None, "prev": None,
                                      "phrase": None, "sim": None, "res": None, "old": None})
            for key in ("to", "prev", "phrase", "sim", "res", "old"):
                if row[key] is None and s[key] is not None:
                    row[key] = s[key]
            if isinstance(s["type"], ox.NamedNode):
                row["types"][s["type"]] = None
            if isinstance(s["from"], ox.NamedNode):
                row["from"][s["from"]] = None
        views = [self._view(c, row) for c, row in rows.items()]
        views.sort(key=lambda v: _order_key(v["to"] or ""))
        return views

    def _view(self, node: ox.NamedNode | ox.BlankNode, row: dict[str, Any]) -> View:
        to = row["to"] if isinstance(row["to"], ox.NamedNode) else None
        sources = sorted(row["from"], key=lambda n: _order_key(n.value))
        source_views = [{"iri": n.value, "href": iris.href(self.base, n.value),
                         "label": eid_label(n.value)} for n in sources]
        previous = row["prev"].value if isinstance(row["prev"], ox.Literal) else None
        text = ""
        new_phrase = None
        if to is not None:
            value = self.data.value(to, NS.TEXT)
            text = value.value if isinstance(value, ox.Literal) else ""
            phrase = self.data.value(to, NS.PHRASE)
            new_phrase = self.data.label(phrase) if phrase is not None else None
        old_phrase = self.data.label(row["phrase"]) if row["phrase"] is not None else None
        names = [self._type_name(t) for t in row["types"]]
        names.sort(key=lambda n: (TYPE_ORDER.index(n) if n in TYPE_ORDER else len(TYPE_ORDER), n))
        was = " + ".join(s["label"] for s in source_views)
        types = []
        for name in names:
            detail = ""
            if name in _PHRASE_TYPES and old_phrase and new_phrase:
                detail = f"{old_phrase} → {new_phrase}"
            elif name in _FROM_TYPES and was:
                detail = f"from {was}"
            types.append({"name": name, "slug": name if _SLUG.match(name) else "other",
                          "detail": detail,
                          "text": f"{name}: {detail}" if name in _PHRASE_TYPES and detail
                          else f"{name} {detail}" if detail else name})
        segments: list[tuple[str, str]] = []
        if previous is not None and to is not None and names != ["unchanged"]:
            segments = diff_segments(previous, text)
        elif previous is not None and to is None:
            segments = [("delete", " ".join(previous.split()))]
        similarity = None
        if isinstance(row["sim"], ox.Literal):
            try:
                similarity = float(row["sim"].value)
            except ValueError:
                similarity = None
        return {
            "iri": node.value if isinstance(node, ox.NamedNode) else "",
            "to": to.value if to is not None else None,
            "to_link": self._link(to) if to is not None else None,
            "to_label": eid_label(to.value) if to is not None else None,
            "types": types, "names": names,
            "from": source_views, "previous_text": previous,
            "old_phrase": old_phrase, "new_phrase": new_phrase,
            "similarity": similarity,
            "diff": [{"op": op, "text": t} for op, t in segments],
            "has_diff": any(op != "equal" for op, _ in segments),
            "resolution": self._link(row["res"]) if isinstance(row["res"], ox.NamedNode)
            else None,
            "compared": self._link(row["old"]) if isinstance(row["old"], ox.NamedNode)
            else None,
        }

    def _type_name(self, concept: ox.NamedNode) -> str:
        label = self.data.label(concept)
        if label:
            return label
        tail = concept.value.rpartition("/")[2]
        return tail.removeprefix("change-") or concept.value

    def _link(self, node: ox.NamedNode) -> View:
        return {"iri": node.value, "href": iris.href(self.base, node.value),
                "text": self.data.label(node) or iris.symbol_of(self.base, node.value)
                or node.value}


def _order_key(iri: str) -> tuple[int, int, str]:
    """Preamble before operative paragraphs, each by number; anything else last."""
    label = eid_label(iri)
    kind = {"PP": 0, "OP": 1}.get(label[:2], 2)
    number = label[2:]
    return (kind, int(number) if number.isdigit() else 10**6, iri)
