"""The frame around the paragraphs: the header above the preamble opener, the closing below.

A resolution's paragraphs sit between "The General Assembly," (or another organ) and the
closing meeting line ("88th plenary meeting" / "19 December 2001"). What precedes the opener is
the header (symbol, distribution date, committee report, title); what follows the closing
(site navigation, copyright lines) is not part of the resolution and is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.document import Line, Metadata, Organ, RefData
from kg.patterns import SYMBOL, clean_symbol, parse_date

_OPENER = re.compile(r"^The ([A-Z][\w-]*(?: [\w-]+){0,6}) ?,$")
_TITLE = re.compile(r"^(\d{1,3})/(\d{1,4})\s*[.:]\s+(\S.*)$")
_REPORT = re.compile(r"on the reports? of the (.+?)\s*\(([^)]+)\)", re.IGNORECASE)
_MEETING = re.compile(r"^(\d+)(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b", re.IGNORECASE)
_SESSION_IN_SYMBOL = re.compile(r"/RES/(\d+)/\d+")


@dataclass(frozen=True)
class Frame:
    organ: Organ
    opener: int  # index of the opener line
    end: int  # index of the first line after the body (the closing, or len(lines))
    metadata: Metadata


def find_frame(lines: tuple[Line, ...], refdata: RefData) -> Frame | None:
    """Locate the opener and the closing; None when the text has no resolution opener."""
    for i, line in enumerate(lines):
        m = _OPENER.match(line.text)
        organ = refdata.organ_by_label(m[1]) if m else None
        if organ is not None:
            header = _header(lines[:i], organ)
            end, closing = _closing(lines, i + 1)
            return Frame(organ, i, end, header.overlaid(closing))
    return None


def _header(lines: tuple[Line, ...], organ: Organ) -> Metadata:
    symbol = distributed = title = report = committee = None
    session = None
    texts = [line.text for line in lines]
    for k, text in enumerate(texts):
        if symbol is None and "/RES/" in text and SYMBOL.fullmatch(text):
            symbol = clean_symbol(text)
        elif symbol is not None and distributed is None and parse_date(text):
            distributed = parse_date(text)
        if m := _REPORT.search(text):
            committee, report = m[1].strip(), clean_symbol(m[2].strip())
        if title is None and (m := _TITLE.match(text)):
            session = int(m[1])
            title = " ".join([m[3], *_continuation(texts[k + 1 :])]).strip()
    if symbol and (m := _SESSION_IN_SYMBOL.search(symbol)):
        session = int(m[1])
    return Metadata(symbol=symbol, title=title, distributed=distributed, session=session,
                    body=organ.labels[0], report=report, committee=committee)


def _continuation(texts: list[str]) -> list[str]:
    """A title wraps onto following lines until a blank line."""
    out = []
    for text in texts:
        if not text:
            break
        out.append(text)
    return out


def _closing(lines: tuple[Line, ...], start: int) -> tuple[int, Metadata]:
    """The closing meeting line and date; the body ends there."""
    for i in range(start, len(lines)):
        m = _MEETING.match(lines[i].text)
        if not m:
            continue
        adopted = parse_date(lines[i].text)
        for nxt in lines[i + 1 : i + 4]:
            if adopted is None and nxt.text:
                adopted = parse_date(nxt.text)
        return i, Metadata(meeting=int(m[1]), adopted=adopted)
    return len(lines), Metadata()
