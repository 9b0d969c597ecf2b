"""The frame around the paragraphs: the header above the preamble opener, the closing below.

A resolution's paragraphs sit between the opening formula ("The General Assembly,", "The
Security Council", "Therefore the Security Council,") and the closing ("88th plenary meeting /
19 December 2001", "34th meeting / 8 July 2025 / [Adopted without a vote.]", "Adopted
unanimously at the 1382nd meeting."). What precedes the opener is the header (symbol,
distribution date, adoption line, committee report or draft, title); what follows the closing
(annexes, site navigation, copyright lines) is not part of the resolution's own paragraphs.

Old Security Council texts may have no formula at all ("1 (1946) Resolution of 25 January
1946" followed by numbered paragraphs): then the body starts after the header line that names
the resolution, and the organ is the one the text names most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.document import Line, Metadata, Organ, RefData
from kg.normalise import join
from kg.patterns import DATE, SYMBOL, clean_symbol, parse_date
from kg.segment.closing import find_closing
from kg.symbols import with_letter

_OPENER = re.compile(r"^(?:[A-Z][a-z]+,? )?[Tt]he ([A-Z][\w-]*(?: [\w-]+){0,6}?)\s*,?$")
_TITLE = re.compile(r"^(\d{1,3}|[A-Z]{1,3}-\d{1,2})/(\d{1,4})(?:\s?[A-Z])?\s*[.:]\s*(\S.*)?$")
# the masthead and the symbol beside it, read as one line ("United Nations A/RES/79/9")
_MASTHEAD = re.compile(r"^United Nations\s+(\S+)$")
_REPORT = re.compile(r"on the reports? of the (.+?)\s*\(([^)]+)\)", re.IGNORECASE)
_DRAFT_REF = re.compile(r"without reference to a Main Committee\s*\(([^)]+)\)", re.IGNORECASE)
_SESSION_IN_SYMBOL = re.compile(r"/RES/(\d+)/\d+")
_DATE = DATE.pattern
# "Resolution 242 (1967) of 22 November 1967", "RESOLUTION 827 (1993)",
# "87 (1950). Resolution of 29 September 1950", "1 (1946) Resolution of 25 January 1946"
_NUMBERED = re.compile(
    r"^(?:RESOLUTION|Resolution)\s+(\d{1,5})\s*\((\d{4})\)|^(\d{1,5})\s*\((\d{4})\)\.?\s+Resolution\b"
)
_ADOPTED_ON = re.compile(
    r"(?:Resolution adopted by|Adopted by|adopted by) the [A-Z][\w ]+?"
    r"(?: at its (\d+)(?:st|nd|rd|th) meeting,?)? on (" + _DATE + ")"
)
_AT_MEETING = re.compile(r"[Aa]dopted by the [A-Z][\w ]+? at its (\d+)(?:st|nd|rd|th) meeting")
_OF_DATE = re.compile(
    r"^(?:Resolution\s+\d{1,5}\s*\(\d{4}\)\s+)?(?:Resolution\s+)?of (" + _DATE + ")"
)
_DRAFT = re.compile(r"\bdraft (?:resolution|decision)\b|^Distr\.?: Limited\b", re.IGNORECASE)


@dataclass(frozen=True)
class Frame:
    organ: Organ
    opener: int  # index of the opener line (or of the last header line, without one)
    end: int  # index of the first line after the body (the closing, or len(lines))
    metadata: Metadata


def find_frame(lines: tuple[Line, ...], refdata: RefData) -> Frame | None:
    """Locate the opener and the closing; None when the text has no resolution opener."""
    start, organ = _opener(lines, refdata)
    if organ is None:
        start, organ = _headed(lines, refdata)
    if organ is None:
        return None
    header = _header(lines[:start + 1], organ)
    end, closing = find_closing(lines, start + 1)
    end = min(end, _next_part(lines, start + 1, end, refdata))
    return Frame(organ, start, end, header.overlaid(closing))


def _next_part(lines: tuple[Line, ...], start: int, end: int, refdata: RefData) -> int:
    """Where a lettered part begins: parts of one number are separate resolutions (S/RES/161 A
    and B), so the first part's paragraphs end there rather than swallow the next part's."""
    return next((i for i in range(start, end) if part_letter(lines, i, refdata)), end)


_PART = re.compile(r"^([A-Z])\.?$")


def part_letter(lines: tuple[Line, ...], i: int, refdata: RefData) -> str | None:
    """The letter of a lettered part starting at line `i`: the letter alone on its line, then,
    within the next few lines (a title may come between), the formula ("The Security
    Council,"). A letter heading inside one resolution's operative part (S/RES/687, sections
    A to I) is not followed by the formula and is not a part, nor is a section "V" whose
    title reads like one ("The Area"): the formula names an organ."""
    m = _PART.match(lines[i].text.strip())
    if not m:
        return None
    following = [x.text for x in lines[i + 1 : i + 8] if x.text][:3]
    return m[1] if any(_formula(text, refdata) for text in following) else None


def _formula(text: str, refdata: RefData) -> bool:
    """A line that is the formula opening a resolution of an organ that adopts them."""
    m = _OPENER.match(text)
    organ = refdata.organ_by_label(m[1]) if m else None
    return organ is not None and bool(organ.actor)


def lettered(metadata: Metadata, letter: str) -> Metadata:
    """The metadata of part `letter`: the letter goes after the number, before a year or
    session in brackets (S/RES/161 A (1961), A/RES/2200 A (XXI), A/RES/69/96 A), replacing a
    range the symbol of the whole may carry ("A/RES/69/96 A-B")."""
    if not metadata.symbol:
        return metadata
    return replace(metadata, symbol=with_letter(metadata.symbol, letter))


def openers(lines: tuple[Line, ...], refdata: RefData) -> list[int]:
    """Indexes of every line that opens a resolution with its formula ("The Security
    Council,"): one per resolution, or per lettered part; one more where a resolution
    recommends a draft to another organ ("The General Assembly, ..." quoted)."""
    found = []
    for i, line in enumerate(lines):
        m = _OPENER.match(line.text) if line.text[:1] in _OPENS else None
        organ = refdata.organ_by_label(m[1]) if m else None
        if organ is not None and organ.actor:
            found.append(i)
    return found


_OPENS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZt")  # what a line _OPENER matches can begin with


def _opener(lines: tuple[Line, ...], refdata: RefData) -> tuple[int, Organ | None]:
    for i, line in enumerate(lines):
        m = _OPENER.match(line.text)
        organ = refdata.organ_by_label(m[1]) if m else None
        if organ is not None and organ.actor:
            return i, organ
    return 0, None


def _headed(lines: tuple[Line, ...], refdata: RefData) -> tuple[int, Organ | None]:
    """No opener: a resolution header line ("1 (1946) Resolution of ...") starts the body,
    and the organ is the one whose resolutions are numbered so ("462 (1980)": the Security
    Council, although the text may name only the General Assembly it convenes), or else the
    adopting organ the text names most often."""
    for i, line in enumerate(lines[:40]):
        if m := _NUMBERED.match(line.text):
            number = f"{int(m[1] or m[3])} ({m[2] or m[4]})"
            adopting = [organ for organ in refdata.organs if organ.actor]
            numbering = [organ for organ in adopting if organ.numbers(number)]
            if len(numbering) == 1:
                return _header_end(lines, i), numbering[0]
            text = "\n".join(x.text for x in lines)
            counts = [(text.count(label), organ) for organ in numbering or adopting
                      for label in organ.labels[:1]]
            count, organ = max(counts, key=lambda c: c[0], default=(0, None))
            return _header_end(lines, i), (organ if count else None)
    return 0, None


_HEADER_TAIL = re.compile(
    r"^(?:of \d|on \d|\[[A-Z]+/[^\]]*\]$|Adopted by the |\d{1,2} [A-Z][a-z]+ \d{4}$)"
)


def _header_end(lines: tuple[Line, ...], i: int) -> int:
    """The last line of a header that names the resolution: its date ("of 22 November 1967"),
    its document symbol ("[S/1836]") and adoption line ("Adopted by the Security Council at
    its 3150th meeting, on 18 December 1992") follow the number line."""
    end = i
    for j in range(i + 1, min(len(lines), i + 8)):
        text = lines[j].text
        if not text:
            continue
        if not _HEADER_TAIL.match(text):
            break
        end = j
    return end


def _header(lines: tuple[Line, ...], organ: Organ) -> Metadata:
    symbol = distributed = title = report = committee = adopted = draft = None
    session = meeting = None
    kind = "resolution"
    texts = [line.text for line in lines]
    joined = " ".join(t for t in texts if t)
    for k, text in enumerate(texts):
        beside = m[1] if (m := _MASTHEAD.match(text)) else text
        if symbol is None and SYMBOL.fullmatch(beside) and k < 12:
            symbol = clean_symbol(beside)
        elif symbol is not None and distributed is None and parse_date(text):
            distributed = parse_date(text)
        if m := _REPORT.search(text):
            committee = m[1].strip()
            report = _first_symbol(m[2])
        if title is None and (m := _TITLE.match(text)) and not SYMBOL.fullmatch(text):
            session = int(m[1]) if m[1].isdigit() else session
            rest = [m[3]] if m[3] else []
            title = join([*rest, *_continuation(texts[k + 1 :], bool(rest))]).strip() or None
            if symbol is None and organ.symbol_prefix:
                symbol = f"{organ.symbol_prefix}{m[1]}/{m[2]}"
        if (m := _NUMBERED.match(text)) and organ.symbol_prefix:
            number, year = (m[1], m[2]) if m[1] else (m[3], m[4])
            symbol = symbol or f"{organ.symbol_prefix}{int(number)} ({year})"
        if adopted is None and (m := _OF_DATE.match(text)):
            adopted = parse_date(m[1])
        if _DRAFT.search(text):
            kind = "draft"
    if m := _ADOPTED_ON.search(joined):
        meeting = int(m[1]) if m[1] else None
        adopted = parse_date(m[2])
    if meeting is None and (m := _AT_MEETING.search(joined)):
        meeting = int(m[1])
    if adopted is None and (m := re.search(r"Resolution of (" + _DATE + ")", joined)):
        adopted = parse_date(m[1])
    if m := _DRAFT_REF.search(joined):
        draft = _first_symbol(m[1])
    if m := _REPORT.search(joined):
        committee, report = m[1].strip(), _first_symbol(m[2])
    if symbol and "/RES/" not in symbol and "/L." in symbol:
        kind = "draft"
    if symbol and (m := _SESSION_IN_SYMBOL.search(symbol)):
        session = int(m[1])
    return Metadata(symbol=symbol, title=title, distributed=distributed, session=session,
                    body=organ.labels[0], report=report, committee=committee, adopted=adopted,
                    meeting=meeting, kind=kind, draft=draft)


def _first_symbol(text: str) -> str | None:
    m = SYMBOL.search(text)
    return clean_symbol(m[0]) if m else None


def with_session(metadata: Metadata) -> Metadata:
    """The session a GA-style symbol implies (A/RES/61/121 -> 61) when nothing else gave one,
    so that a symbol known only from a sidecar still yields the session."""
    if metadata.session is None and metadata.symbol and (m := _SESSION_IN_SYMBOL.search(
            metadata.symbol)):
        return replace(metadata, session=int(m[1]))
    return metadata


def _continuation(texts: list[str], started: bool) -> list[str]:
    """A title wraps onto following lines up to the formula (a title printed apart from its
    number, "59/25." / "" / "Human rights and climate change", starts after the blank). A PDF's
    text layer may set a blank between the lines of one title, so a blank ends it only where
    what follows is another part of the header (a date, a symbol, the adoption line)."""
    out: list[str] = []
    gap = False
    for k, text in enumerate(texts):
        if not text:
            gap = bool(out or started)
            continue
        # the formula ends the header; "the Treatment of Offenders" reads like one too
        formula = _OPENER.match(text) and (text.endswith(",") or k == len(texts) - 1)
        if formula or (gap and _not_title(text)):
            break
        out.append(text)
        gap = False
    return out


def _not_title(text: str) -> bool:
    """A header line that is no continuation of a title."""
    return bool(_HEADER_TAIL.match(text) or SYMBOL.fullmatch(text) or parse_date(text)
                or _REPORT.search(text) or _TITLE.match(text) or _NUMBERED.match(text)
                or text.startswith(("Resolution ", "Distr.", "[")) or text.endswith((",", ";")))
