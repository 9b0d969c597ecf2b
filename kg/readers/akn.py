"""Akoma Ntoso (AKN4UN) XML: the structure it marks up, written in the form `segment` reads.

The markup already says which element is the enacting formula, a group of recitals, an
operative block or paragraph, so the reader writes each where `segment` finds it without
guessing: the formula on its own line; each group of recitals as one preambular paragraph
opened by its intro ("considering:") with the recitals as lettered sub-paragraphs; each
operative block (`hcontainer` with a heading such as "resolves", "instructs the
Secretary-General") as one operative paragraph with its numbered paragraphs as
sub-paragraphs; numbered paragraphs directly in the main body as numbered operative
paragraphs. The FRBR metadata (number, adoption date, title) becomes Metadata that fills
what the text lacks. A file holding several documents (a collection) is reported: each
document belongs in its own source.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from kg.document import Metadata
from kg.errors import SourceError

_DOCS = ("statement", "act", "bill", "doc")
_LABEL = re.compile(r"^(?:\(?([a-z]{1,2}|[ivx]{1,5})\)|(\d{1,3})[).]?)\s+(?=\S)")
_PLACE = re.compile(r"\s*\([^)]*\d{4}\)\s*(?=,?$)")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el: ET.Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _child(el: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in el if _local(c.tag) == name), None)


def _first(el: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in el.iter() if _local(c.tag) == name), None)


def akn_text(shown: str, data: bytes) -> tuple[str, Metadata]:
    """Canonical text and FRBR metadata of a single-document AKN file, or SourceError."""
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
    doc = docs[0]
    return "\n".join(_render(doc)) + "\n", _metadata(doc)


def _metadata(doc: ET.Element) -> Metadata:
    work = _first(doc, "FRBRWork")
    number = _first(work, "FRBRnumber") if work is not None else None
    date = next((e.get("date", "") for e in (work.iter() if work is not None else [])
                 if _local(e.tag) == "FRBRdate"), "")
    adopted = None
    try:
        adopted = dt.date.fromisoformat(date) if date else None
    except ValueError:
        adopted = None
    doc_type, doc_number = _text(_first(doc, "docType")), _text(_first(doc, "docNumber"))
    symbol = (f"{doc_type.title()} {doc_number}".strip() if doc_number
              else (number.get("showAs") or number.get("value")) if number is not None else None)
    preface = _child(doc, "preface")
    title = _text(_first(preface, "container")) if preface is not None else ""
    return Metadata(symbol=symbol or None, adopted=adopted, title=title or None)


def _render(doc: ET.Element) -> list[str]:
    out: list[str] = []
    preface = _child(doc, "preface")
    if preface is not None:
        title = _first(preface, "container")
        if title is not None and _text(title):
            out += [_text(title), ""]
    preamble = _child(doc, "preamble")
    if preamble is not None:
        for part in preamble:
            name = _local(part.tag)
            if name == "formula":
                out += [_PLACE.sub("", _text(part)), ""]
            elif name == "recitals":
                out += [*_group(_text(_child(part, "intro")),
                                [r for r in part if _local(r.tag) == "recital"]), ""]
            elif name == "recital":
                out += [_text(part), ""]
    body = _child(doc, "mainBody")
    if body is not None:
        for part in body:
            name = _local(part.tag)
            if name in ("hcontainer", "container", "blockContainer"):
                heading = _text(_child(part, "heading"))
                items = [c for c in part if _local(c.tag) in ("paragraph", "point", "item")]
                out += [*_group(heading, items), ""]
            elif name == "paragraph":
                num = _text(_child(part, "num")).rstrip(".")
                body_text = " ".join(_text(c) for c in part if _local(c.tag) != "num")
                out += [f"{num}. {body_text}" if num else body_text, ""]
    return out


def _group(intro: str, items: list[ET.Element]) -> list[str]:
    """An intro phrase and its lettered or numbered items, as a paragraph with points."""
    lines = [intro[:1].upper() + intro[1:] + ":" if intro else ""]
    seen: set[str] = set()
    for n, item in enumerate(items, start=1):
        num = _text(_child(item, "num")).strip("().")
        text = " ".join(_text(c) for c in item if _local(c.tag) != "num")
        if not num and (m := _LABEL.match(text)):  # a label left inside the text
            num, text = m[1] or m[2], text[m.end():]
        if not num or num in seen:  # unlabelled, or labels restarting inside the block
            num = str(n)
        seen.add(num)
        lines.append(f"({num}) {text}")
    return [line for line in lines if line]

