"""Akoma Ntoso (AKN4UN) XML: its paragraphs from the markup, its metadata, a text to show.

The markup says which element is a preambular paragraph, an operative paragraph, a
sub-paragraph, a footnote or an annex, so `kg.readers.akn_tree` takes them from it (a
`Structure`) and `segment` does not look for them in text. The text rendered here serves what
reads text: the frame (organ, closing: meeting, date and vote, printed in `<conclusions>`) and
`kg inspect`. The FRBR and cover-page metadata (symbol, adoption date, title, organ) become
Metadata that fills what the text lacks. A file holding several documents (a collection) is
reported: each document belongs in its own source.

The parser resolves no entities and reads nothing from the network: a source is untrusted.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from kg.document import Metadata, Structure
from kg.errors import SourceError
from kg.readers.akn_tree import child, local, structure, text_of

_DOCS = ("statement", "act", "bill", "doc")
# AKN names languages by ISO 639-2 (FRBRlanguage "fra"); RDF tags them by BCP 47 ("fr")
_LANGUAGES = {"eng": "en", "fra": "fr", "fre": "fr", "spa": "es", "ara": "ar", "zho": "zh",
              "chi": "zh", "rus": "ru"}
_PLACE = re.compile(r"\s*\([^)]*\d{4}\)\s*(?=,?$)")
_CONCEPT = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_UN_METADATA = "http://metadata.un.org/"  # the thesaurus' own IRIs are http
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          huge_tree=False, remove_comments=True, remove_pis=True)


def read_akn(shown: str, data: bytes) -> tuple[str, Metadata, tuple[Structure, ...]]:
    """Text, metadata and paragraphs of a single-document AKN file, or SourceError naming the
    file and line."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        message = str(exc.msg or exc).split(", line ")[0]
        raise SourceError(shown, f"invalid XML ({message})", line=line) from None
    docs = [el for el in root.iter() if local(el) in _DOCS
            and not any(local(a) in ("attachments", "components") for a in el.iterancestors())]
    if not docs and (collection := _lettered(root)):
        head, parts = collection
        text = "\n".join(line for _, doc in parts for line in _render(doc)) + "\n"
        return text, _metadata(head), tuple(structure(doc, letter) for letter, doc in parts)
    if not docs:
        raise SourceError(shown, "Akoma Ntoso without a statement, act or doc element")
    if len(docs) > 1:
        raise SourceError(shown, f"Akoma Ntoso collection of {len(docs)} documents: split it "
                                 "into one file per document")
    doc = docs[0]
    return "\n".join(_render(doc)) + "\n", _metadata(doc), (structure(doc),)


def _lettered(root: etree._Element) -> tuple[etree._Element, list[tuple[str, etree._Element]]] \
        | None:
    """A `documentCollection` of resolutions lettered A, B, ... (A/RES/80/84 A-B): the
    collection's cover names the whole, each component's `docNumber` its letter."""
    head = next((e for e in root.iter() if local(e) == "documentCollection"), None)
    holder = next((e for e in root.iter() if local(e) == "components"), None)
    if head is None or holder is None:
        return None
    parts = []
    for component in (c for c in holder if local(c) == "component"):
        doc = next((c for c in component if local(c) in _DOCS), None)
        printed = text_of(next((e for e in doc.iter() if local(e) == "docNumber"), None)) \
            if doc is not None else ""
        # "A", or the letter in the text's own script ("ألف", "Б", "乙"): parts are printed
        # in their order, so the k-th is the k-th letter of the symbol
        if doc is None or not printed or len(printed) > 4 or any(c.isdigit() for c in printed):
            return None
        parts.append((chr(ord("A") + len(parts)), doc))
    return (head, parts) if parts else None


def _marked(doc: etree._Element, refers: str) -> str:
    """The text of the first element that refers to `refers` (`#symbol`, `#issuingBody`)."""
    return next((text_of(e) for e in doc.iter() if e.get("refersTo") == refers), "")


def _metadata(doc: etree._Element) -> Metadata:
    work = next((e for e in doc.iter() if local(e) == "FRBRWork"), None)
    number = next((e for e in work.iter() if local(e) == "FRBRnumber"), None) \
        if work is not None else None
    date = next((e.get("date", "") for e in (work.iter() if work is not None else [])
                 if local(e) == "FRBRdate"), "")
    try:
        adopted = dt.date.fromisoformat(date) if date else None
    except ValueError:
        adopted = None
    doc_type = text_of(next((e for e in doc.iter() if local(e) == "docType"), None))
    doc_number = text_of(next((e for e in doc.iter() if local(e) == "docNumber"), None))
    symbol = _marked(doc, "#symbol") or (
        f"{doc_type.title()} {doc_number}".strip() if doc_number and doc_type
        else (number.get("showAs") or number.get("value")) if number is not None else None)
    preface = child(doc, "preface")
    title = _marked(preface, "#resolutionTitle") if preface is not None else ""
    if not title and preface is not None:
        title = text_of(child(preface, "container"))
    code = next((e.get("language", "") for e in doc.iter() if local(e) == "FRBRlanguage"), "")
    language = _LANGUAGES.get(code.lower(), code.lower() or None)
    return Metadata(symbol=symbol or None, adopted=adopted, title=title or None,
                    body=_marked(doc, "#issuingBody") or None,
                    language=None if language == "en" else language,
                    subjects=_subjects(doc))


def _subjects(doc: etree._Element) -> tuple[tuple[str, str], ...] | None:
    """The `<classification>` keywords that name a concept by IRI (UNBIS, EuroVoc, SDG), in
    the order given, once each, with the label the file shows ("civil_society" reads "civil
    society"); keywords without an http(s) IRI name nothing to link to."""
    found: dict[str, str] = {}
    for keyword in doc.iter():
        if local(keyword) == "keyword" and any(local(a) == "classification"
                                               for a in keyword.iterancestors()):
            href = (keyword.get("href") or "").strip()
            if _CONCEPT.match(href):
                label = (keyword.get("showAs") or keyword.get("value") or "").replace("_", " ")
                found.setdefault(href.replace("https://metadata.un.org/", _UN_METADATA),
                                 " ".join(label.split()))
    return tuple(found.items()) or None


def _render(doc: etree._Element) -> list[str]:
    """The document as plain text: title, formula, paragraphs, conclusions; enough for the
    frame to find the organ and the closing and for a person to read in `kg inspect`."""
    out: list[str] = []
    preface = child(doc, "preface")
    if preface is not None and (title := _marked(preface, "#resolutionTitle")
                                or text_of(child(preface, "container"))):
        out += [title, ""]
    preamble = child(doc, "preamble")
    for part in preamble if preamble is not None else ():
        text = text_of(part)
        if text:
            out += [_PLACE.sub("", text) if local(part) == "formula" else text, ""]
    body = child(doc, "mainBody")
    for part in body if body is not None else ():
        if text := text_of(part):
            out += [text, ""]
    conclusions = child(doc, "conclusions")
    for block in conclusions.iter() if conclusions is not None else ():
        if local(block) == "p" and (text := text_of(block)):
            out.append(text)
    return out
