"""Annotate a segmented resolution: opening phrases, citations, mentions, the next session.

Reference data arrives as a plain `RefData` value, so this stage never touches RDF and runs in
any worker process.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.document import Citation, Footnote, Organ, Paragraph, RefData, Resolution
from kg.extract import citations
from kg.extract.entities import Hit, Matcher, Resolver
from kg.patterns import ORDINAL, ordinal_value
from kg.phrasing import phrase_index

__all__ = ["extract"]

_NEXT_SESSION = re.compile(
    r"\b(?:consider|include|continue (?:its )?consideration of)\b[^.;]{0,160}?\bat its\s+"
    r"(?P<ordinal>[\w-]+(?:\s[\w-]+)?)\s+session",
    re.IGNORECASE,
)
# "Recalling all its previous resolutions on the subject, including resolution 76/174": the
# organ names the previous resolution of the series itself, whatever the titles became
_PREVIOUS = re.compile(
    r"\bprevious resolutions?\b[^.;]{0,80}?\bon (?:this|the|that) (?:subject|question|"
    r"matter|issue|topic)\b", re.IGNORECASE)
_NUMBERS = re.compile(r"\d+")
_MATCHERS: dict[int, tuple[RefData, Matcher]] = {}


def _matcher(refdata: RefData) -> Matcher:
    key = id(refdata)
    if key not in _MATCHERS or _MATCHERS[key][0] is not refdata:
        _MATCHERS[key] = (refdata, Matcher(refdata))
    return _MATCHERS[key][1]


def extract(resolution: Resolution, refdata: RefData) -> Resolution:
    """The same resolution with phrases, citations and mentions filled in."""
    own = refdata.organ_by_label(resolution.metadata.body or "")
    resolver = Resolver(_matcher(refdata))
    preamble = tuple(_paragraph(p, refdata, own, resolver) for p in resolution.preamble)
    operative = tuple(_paragraph(p, refdata, own, resolver) for p in resolution.operative)
    annexes = tuple(replace(a, citations=_unique([
        *_cites(a.text, refdata, own),
        *(Citation("instrument", h.iri, a.text[h.start : h.end])
          for h in resolver.resolve(a.text) if h.category == "instrument")]))
        for a in resolution.annexes)
    return replace(
        resolution,
        preamble=preamble,
        operative=operative,
        consider_at_session=_next_session(operative),
        annexes=annexes,
        earlier_in_series=_earlier_in_series(preamble, resolution.metadata.symbol),
    )


def _paragraph(p: Paragraph, refdata: RefData, own: Organ | None, resolver: Resolver) -> Paragraph:
    kind = "operative" if p.kind in ("operative", "sub") else "preambular"
    opening = _without_subject(p.text, refdata)
    phrase = phrase_index(refdata, kind).match(opening)
    if phrase is None:  # "Recalls that ..." in a preamble: the phrase it opens with, all the same
        phrase = phrase_index(refdata, kind, other=True).match(opening)
    hits = resolver.resolve(p.text)
    instruments = [Citation("instrument", h.iri, p.text[h.start : h.end])
                   for h in hits if h.category == "instrument"]
    footnotes = tuple(_footnote(f, refdata, own, hits) for f in p.footnotes)
    cited = [*_cites(p.text, refdata, own), *instruments,
             *(c for f in footnotes for c in f.citations)]
    subs = tuple(_sub(s, refdata, own) for s in p.subparagraphs)
    return replace(
        p,
        phrase=phrase.iri if phrase else None,
        citations=_unique(cited),
        mentions=tuple(dict.fromkeys(h.iri for h in hits if h.category != "instrument")),
        footnotes=footnotes,
        subparagraphs=subs,
    )


def _without_subject(text: str, refdata: RefData) -> str:
    """Old texts repeat the organ as the subject of each paragraph ("1. The Security Council
    requests ..."): the opening phrase is what follows the organ's name."""
    if not text.startswith(("The ", "the ")):
        return text
    for organ in refdata.organs:
        for label in organ.labels:
            if text[4:].startswith(label + " "):
                rest = text[4 + len(label) + 1 :]
                return rest[:1].upper() + rest[1:]
    return text


def _sub(p: Paragraph, refdata: RefData, own: Organ | None) -> Paragraph:
    return replace(p, citations=_unique(list(_cites(p.text, refdata, own))))


def _footnote(f: Footnote, refdata: RefData, own: Organ | None, anchor_hits: list[Hit]) -> Footnote:
    """A footnote cites what its text names, and the instruments named in its paragraph that the
    resolutions it cites adopted ("International Covenant ...1" / "1 See resolution 2200 A (XXI),
    annex.")."""
    cited = list(_cites(f.text, refdata, own))
    symbols = {_key(c.key) for c in cited if c.kind == "resolution"}
    by_iri = {i.iri: i for i in refdata.instruments}
    for hit in anchor_hits:
        instrument = by_iri.get(hit.iri)
        if instrument and instrument.adopted_by and _key(instrument.adopted_by) in symbols:
            cited.append(Citation("instrument", instrument.iri, f.text))
    return replace(f, citations=_unique(cited))


def _cites(text: str, refdata: RefData, own: Organ | None) -> list[Citation]:
    return [*citations.resolutions(text, refdata, own), *citations.documents(text)]


def _key(symbol: str) -> str:
    return symbol.replace(" ", "")


def _unique(items: list[Citation]) -> tuple[Citation, ...]:
    seen: dict[tuple[str, str], Citation] = {}
    for c in items:
        seen.setdefault((c.kind, _key(c.key)), c)
    return tuple(seen.values())


def _next_session(operative: tuple[Paragraph, ...]) -> int | None:
    """The session named by "Decides to consider this question at its fifty-seventh session"."""
    for p in reversed(operative):
        m = _NEXT_SESSION.search(p.text)
        if m and (o := ORDINAL.fullmatch(m["ordinal"])):
            return ordinal_value(o)
    return None


def _earlier_in_series(preamble: tuple[Paragraph, ...], own: str | None) -> tuple[str, ...]:
    """The earlier resolutions of the same organ that a paragraph recalling "its previous
    resolutions on the subject" cites: the organ's own word for the series, latest first.

    >>> from kg.document import Paragraph
    >>> p = Paragraph("preambular", "Recalling its previous resolutions on the subject, "
    ...               "including resolutions 88/10 and 90/12", 1,
    ...               citations=(Citation("resolution", "A/RES/88/10"),
    ...                          Citation("resolution", "A/RES/90/12"),
    ...                          Citation("resolution", "A/HRC/RES/52/3")))
    >>> _earlier_in_series((p,), "A/RES/92/7")
    ('A/RES/90/12', 'A/RES/88/10')
    """
    if not own or not (at := _NUMBERS.search(own)):
        return ()
    organ, order = own[: at.start()], _order(own)
    found = {c.key for p in preamble if _PREVIOUS.search(p.text) for c in p.citations
             if c.kind == "resolution" and c.key[: at.start()] == organ
             and c.key[at.start() : at.start() + 1].isdigit() and _order(c.key) < order}
    return tuple(sorted(found, key=_order, reverse=True))


def _order(symbol: str) -> tuple[int, ...]:
    """A symbol's numbers in order (session and number, or number and year)."""
    return tuple(int(n) for n in _NUMBERS.findall(symbol))
