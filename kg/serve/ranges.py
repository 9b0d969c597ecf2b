"""HTTP Range requests on dumps (RFC 9110 §14): a 50 MB download that broke can resume.

One range per request is honoured (`bytes=a-b`, `bytes=a-`, `bytes=-n`); a request for several
ranges gets the whole body, which the RFC allows and which spares the server multipart bodies.
"""

from __future__ import annotations

_UNSATISFIABLE = (-1, -1)


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, end exclusive) of the range asked for; None to send the whole body;
    (-1, -1) when the range cannot be satisfied (a 416).

    >>> byte_range("bytes=0-99", 1000), byte_range("bytes=-10", 1000), byte_range("bytes=5-", 8)
    ((0, 100), (990, 1000), (5, 8))
    >>> byte_range("bytes=2000-", 1000)
    (-1, -1)
    """
    if not header:
        return None
    unit, _, spec = header.strip().partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return None
    first, last = first.strip(), last.strip()
    if not (first.isdigit() or first == "") or not (last.isdigit() or last == ""):
        return None
    if not first:
        if not last:
            return None
        n = int(last)
        return (max(0, size - n), size) if n > 0 and size > 0 else _UNSATISFIABLE
    start = int(first)
    end = size if not last else min(size, int(last) + 1)
    if last and int(last) < start:
        return None  # invalid: ignored, the whole body
    if start >= size:
        return _UNSATISFIABLE
    return start, end


def unsatisfiable(found: tuple[int, int]) -> bool:
    return found == _UNSATISFIABLE
