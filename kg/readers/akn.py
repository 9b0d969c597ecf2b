"""Akoma Ntoso (AKN4UN) XML: render the structure it marks up as the canonical text form.

The markup already says which element is the enacting formula, a recital or an operative
paragraph, so the reader writes each on its own line in the form `segment` reads without
guessing: the formula, one line per recital, `N. text` per numbered paragraph. A file holding
several documents (a collection) is reported: each document belongs in its own source.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kg.errors import SourceError

_DOCS = ("statement", "act", "bill", "doc")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el: ET.Element) -> str:
    return " ".join("".join(el.itertext()).split())


def akn_text(shown: str, data: bytes) -> str:
    """Canonical text of a single-document AKN file, or SourceError with the reason."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceError(shown, f"invalid XML ({exc})") from None
    docs = [el for el in root.iter() if _local(el.tag) in _DOCS]
    if not docs:
        raise SourceError(shown, "Akoma Ntoso without a statement, act or doc element")
    if len(docs) > 1:
        raise SourceError(shown, f"Akoma Ntoso collection of {len(docs)} documents: split it "
                                 "into one file per document")
    return "\n".join(_render(docs[0]))


def _render(doc: ET.Element) -> list[str]:
    out: list[str] = []
    for el in doc.iter():
        name = _local(el.tag)
        if name == "FRBRnumber" and el.get("showAs"):
            out += [el.get("showAs", ""), ""]
        elif name == "FRBRdate" and el.get("name") == "adoption":
            out += [f"Adopted on {_date(el.get('date', ''))}", ""]
        elif name == "formula":
            out += ["", _text(el), ""]
        elif name == "recital":
            out += [_text(el), ""]
        elif name in ("paragraph", "point") and el.find("./{*}num") is not None:
            num = _text(el.find("./{*}num"))  # type: ignore[arg-type]
            body = " ".join(_text(c) for c in el if _local(c.tag) != "num")
            out += [f"{num} {body}" if num.endswith(".") else f"{num}. {body}", ""]
    return out


def _date(iso: str) -> str:
    import datetime as dt

    from kg.patterns import MONTHS
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
