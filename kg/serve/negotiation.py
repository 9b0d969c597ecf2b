"""Content negotiation over the format registry (`kg.rdf.formats`).

Negotiation honours q-values and wildcards (RFC 9110 §12.5.1); ties go to the server's order,
so a client that sends `*/*` gets the first offer (Turtle for data, JSON for results).
"""

from __future__ import annotations

import re

from kg.rdf.formats import DOCUMENT_FORMATS, RDF_FORMATS, RESULT_FORMATS, Format, among

BY_EXTENSION: dict[str, Format] = {f.extension: f for f in DOCUMENT_FORMATS}
_OFFER_SETS = (RESULT_FORMATS, RDF_FORMATS)


def requested(values: list[str]) -> str | None:
    """The one format that the `format=`/`output=` values of a request name, or None.

    Real clients repeat themselves: SPARQLWrapper sends `format` and `output` with its short
    name and, for some formats, again with media types (`format=tsv&format=text/tab-separated-
    values`, `format=json-ld&format=application/ld+json,application/x-json+ld`, or an empty
    value). Values that name the same format for every query form agree; empty ones and unknown
    media types beside a known name are ignored. Values naming different formats raise
    ValueError. The first known value is returned (an unknown one when none is known, so that
    the refusal names it).

    >>> requested(["tsv", "text/tab-separated-values", "tsv"])
    'tsv'
    """
    names = [n.strip() for v in values for n in v.split(",") if n.strip()]
    known = [n for n in names if any(among(n, offers) for offers in _OFFER_SETS)]
    if not known:
        return names[0] if names else None
    first = known[0]
    for other in known[1:]:
        for offers in _OFFER_SETS:
            a, b = among(first, offers), among(other, offers)
            if a is not None and b is not None and a is not b:
                raise ValueError(f"The format parameters name different formats ({first!r} and "
                                 f"{other!r}); give one.")
    return first


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """`Accept` as (media range, q) pairs; malformed parts are skipped, not fatal.

    >>> parse_accept("text/html;q=0.5, text/turtle")
    [('text/html', 0.5), ('text/turtle', 1.0)]
    """
    if not header:
        return [("*/*", 1.0)]
    ranges = [(media, q) for media, q in _weighted(header, 64) if "/" in media]
    return ranges or [("*/*", 1.0)]


def _weighted(header: str, most: int) -> list[tuple[str, float]]:
    """The values of a header of q-weighted values (`Accept`, `Accept-Language`), lower-cased,
    each with its q clamped to [0, 1] (a malformed q is 0); only the first `most` count, so a
    hostile header with 10^5 values costs nothing."""
    out: list[tuple[str, float]] = []
    for part in header.split(",")[:most]:
        fields = part.split(";")
        value = fields[0].strip().lower()
        if not value:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, given = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(given.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        out.append((value, q))
    return out


def _quality(media: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The q of the most specific range matching `media`, and that specificity (RFC 9110)."""
    best_q, best_spec = -1.0, -1
    kind = media.split("/", 1)[0]
    for rng, q in ranges:
        if rng == media:
            spec = 2
        elif rng == f"{kind}/*":
            spec = 1
        elif rng == "*/*":
            spec = 0
        else:
            continue
        if spec > best_spec:
            best_q, best_spec = q, spec
    return best_q, best_spec


def _rate(fmt: Format, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """How much the client wants `fmt`: an explicit mention of any of its media types decides
    (so `text/turtle;q=0` is not undone by `*/*` matching a synonym); otherwise wildcards count
    for the canonical media type only."""
    explicit = [q for rng, q in ranges if rng in fmt.media_types]
    if explicit:
        return max(explicit), 2
    return _quality(fmt.media_type, ranges)


def negotiate(header: str | None, offers: tuple[Format, ...]) -> Format | None:
    """The offer the client prefers; None when it accepts none of them (a 406).

    Each offer is rated by its best-rated media type; wildcards lose to explicit mentions at
    equal q so that `text/html, */*;q=0.9` picks HTML and `*/*` alone picks the first offer.

    >>> negotiate("application/rdf+xml;q=0.5, text/turtle;q=0.9", RDF_FORMATS).name
    'turtle'
    >>> negotiate("image/png", RDF_FORMATS) is None
    True
    """
    ranges = parse_accept(header)
    best: Format | None = None
    best_key = (0.0, -1)
    for fmt in offers:
        key = _rate(fmt, ranges)
        if key[0] > 0 and key > best_key:
            best, best_key = fmt, key
    return best


_LANG = re.compile(r"^[a-z]{2,3}$")


def languages(asked: str | None, accept_language: str | None) -> tuple[str, ...]:
    """The languages a page is wanted in, best first: those `?lang=` names (`fr`, or `fr,en`
    for two side by side), else the client's `Accept-Language` by q-value (RFC 9110 §12.5.4;
    `fr-CH` counts as `fr`), else none (the page's default, English). Only primary subtags
    are kept, and at most a few, so a hostile header costs nothing.

    >>> languages("ar,en", None), languages(None, "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5")
    (('ar', 'en'), ('fr', 'en'))
    """
    if asked:
        named = [part.strip().lower() for part in asked.split(",")[:4]]
        return tuple(dict.fromkeys(lang for lang in named if _LANG.match(lang)))[:2]
    ranked = sorted((-q, i, tag.split("-")[0])
                    for i, (tag, q) in enumerate(_weighted(accept_language or "", 16)) if q > 0)
    return tuple(dict.fromkeys(lang for _, _, lang in ranked if _LANG.match(lang)))[:4]
