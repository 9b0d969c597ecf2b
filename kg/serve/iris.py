"""Between request paths and IRIs: the server answers for `BASE + path`, wherever it listens.

A request for `/akn/un/.../56-163` means the IRI `BASE/akn/un/.../56-163` even when the server
runs on 127.0.0.1 while BASE is `https://w3id.org/unres/`; links in pages and `Location` headers
go back the other way, so browsing a local server stays local. Clients may percent-encode `!` and
`~` (and anything else): the ASGI path arrives decoded, and IRIs whose stored form keeps a
percent-encoding are found through the raw path as a second candidate.
"""

from __future__ import annotations

from urllib.parse import quote

from kg.rdf.formats import Format
from kg.serve.negotiation import BY_EXTENSION

# Characters left as they are when a decoded path is turned back into an IRI: RFC 3987's
# unreserved and sub-delims plus ':' '@' '/' and '%' (so nothing gets encoded twice).
_IRI_SAFE = "!$&'()*+,;=:@/~-._%"


def candidates(base: str, path: str, raw_path: bytes | None = None) -> list[str]:
    """The IRIs a request path may stand for, most likely first, without duplicates."""
    rel = path.removeprefix("/")
    found = [base + quote(rel, safe=_IRI_SAFE), base + rel]
    if raw_path is not None:
        raw = raw_path.decode("latin-1").removeprefix("/")
        found.append(base + raw)
    return list(dict.fromkeys(found))


def split_extension(path: str) -> tuple[str, Format] | None:
    """`(/x, Turtle)` for `/x.ttl`: an explicit document address; None otherwise."""
    head, dot, ext = path.rpartition(".")
    if not dot or "/" in ext:
        return None
    fmt = BY_EXTENSION.get(ext.lower())
    return (head, fmt) if fmt else None


def local_path(base: str, iri: str) -> str | None:
    """The path that serves `iri` here (`/akn/...`), or None for an IRI outside BASE."""
    if iri.startswith(base):
        return "/" + iri[len(base):]
    return None


def href(base: str, iri: str) -> str | None:
    """Where a page should link for `iri`: local for our IRIs, as-is for web IRIs, else none.

    An IRI in the data can be anything (`javascript:...`); only http(s) ones become links.
    """
    local = local_path(base, iri)
    if local is not None:
        return local
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def symbol_of(base: str, iri: str) -> str | None:
    """The document symbol of a `BASE/symbol/{symbol}` alias IRI, else None."""
    prefix = base + "symbol/"
    return iri[len(prefix):] if iri.startswith(prefix) and len(iri) > len(prefix) else None
