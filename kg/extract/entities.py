"""Names of instruments, mandates, organs and addressees found in paragraph text.

Full names are found anywhere; short forms ("the Covenant", "the Special Representative") only
after the same resolution has named the entity in full, because a short form means different
things in different resolutions. Overlapping matches keep the longest: "Special Representative
of the Secretary-General on ..." is a mandate, not a mention of the Secretary-General.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.document import Named, RefData


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    iri: str
    category: str  # instrument | mandate | organ | addressee
    short: bool


@dataclass(frozen=True)
class _Entry:
    iri: str
    category: str
    short: bool


class Matcher:
    """One compiled alternation over every label of the reference data."""

    def __init__(self, refdata: RefData) -> None:
        entries: dict[str, list[_Entry]] = {}
        groups: list[tuple[str, tuple[Named, ...]]] = [
            ("instrument", refdata.instruments),
            ("mandate", refdata.mandates),
            ("addressee", refdata.addressees),
        ]
        organs = tuple(Named(o.iri, o.labels, o.short_names) for o in refdata.organs)
        for category, items in [*groups, ("organ", organs)]:
            for item in items:
                for label in item.labels:
                    entries.setdefault(label, []).append(_Entry(item.iri, category, False))
                for label in item.short_names:
                    entries.setdefault(label, []).append(_Entry(item.iri, category, True))
        self._entries = entries
        self._full = _alternation(k for k, es in entries.items() if any(not e.short for e in es))
        self._short = _alternation(k for k, es in entries.items() if any(e.short for e in es))
        self._spaces = re.compile(r"\s+")

    def hits(self, text: str) -> list[Hit]:
        """All label occurrences without overlaps: full names first, then short forms that
        do not fall inside a full name ("the Declaration on the Right ..." is one full name)."""
        out: list[Hit] = []
        # One pattern's matches do not overlap and come in order, so the full names' spans
        # are sorted by start and by end: a short form overlaps one of them only if it overlaps
        # the last that starts before it ends (a search, not a scan: linear in the text).
        starts: list[int] = []
        ends: list[int] = []
        for regex, short in ((self._full, False), (self._short, True)):
            for m in regex.finditer(text):
                if short:
                    before = bisect.bisect_left(starts, m.end()) - 1
                    if before >= 0 and ends[before] > m.start():
                        continue
                else:
                    starts.append(m.start())
                    ends.append(m.end())
                label = self._spaces.sub(" ", m[0])
                for entry in self._entries.get(label, []):
                    if entry.short == short:
                        out.append(Hit(m.start(), m.end(), entry.iri, entry.category, short))
        return sorted(out, key=lambda h: h.start)


def _alternation(labels: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(labels, key=len, reverse=True) or ["(?!)"]
    pattern = "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in ordered)
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])")


class Resolver:
    """Walks a resolution's paragraphs in order, remembering what has been named in full."""

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        self._named: dict[str, int] = {}  # IRIs named in full: when last (a count of names)
        self._count = 0

    def resolve(self, text: str) -> list[Hit]:
        chosen: list[Hit] = []
        by_span: dict[tuple[int, int], list[Hit]] = {}
        for hit in self._matcher.hits(text):
            by_span.setdefault((hit.start, hit.end), []).append(hit)
        for _span, hits in sorted(by_span.items()):
            full = [h for h in hits if not h.short]
            if full:
                chosen.extend(full)
                for h in full:
                    self._count += 1
                    self._named[h.iri] = self._count
                continue
            known = [h for h in hits if h.iri in self._named]
            if known:  # the most recently named entity with this short form
                chosen.append(max(known, key=lambda h: self._named[h.iri]))
        return chosen
