"""The closing of a resolution: where its paragraphs end, the meeting, the date, the vote.

The printed forms differ by organ and period: "88th plenary meeting / 19 December 2001" (GA,
also on one line), "34th meeting / 8 July 2025 / [Adopted without a vote.]" (HRC), "Adopted
unanimously at the 1382nd meeting." or "Adopted at the 506th meeting / by 7 votes to 3 (...),
/ with 1 abstention (...)." (SC, wrapped anywhere).
"""

from __future__ import annotations

import re

from kg.document import Line, Metadata
from kg.patterns import parse_date

# "(resumed)": a meeting suspended and taken up again, printed "55th (resumed) plenary meeting"
_MEETING = re.compile(r"^(\d+)(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?(?:plenary\s+)?meeting\b",
                      re.IGNORECASE)
_ADOPTED_AT = re.compile(
    r"^Adopted,?\s+(?P<how>(?:(?:unanimously|without\s+(?:a\s+)?vote|by\s+consensus"
    r"|by\s+acclamation),?\s+)*)(?:at\s+the\s+)?(?:resumed\s+)?(?P<meeting>\d+)\s?"
    r"(?:st|nd|rd|th|d)?\s+meet",
)
_BY_VOTES = re.compile(
    r"by\s+(?P<yes>\d+|none)\s+votes?\s+to\s+(?P<no>\d+|none)"
    r"(?:[^.]*?with\s+(?P<abst>\d+|one|two|three|four|five)\s+abstentions?)?",
    re.IGNORECASE,
)
_BRACKETED = re.compile(r"^\[Adopted (without a vote|by consensus|unanimously|by a recorded vote"
                        r"[^\]]*)\.?\]$", re.IGNORECASE)
_WORDS = {"none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}


def find_closing(lines: tuple[Line, ...], start: int) -> tuple[int, Metadata]:
    """The index of the closing line (the body ends there) and what it says."""
    for i in range(start, len(lines)):
        text = lines[i].text
        if (m := _MEETING.match(text)) and _stands_alone(lines, i):
            adopted = parse_date(text)
            vote = None
            for nxt in lines[i + 1 : i + 5]:
                if adopted is None and nxt.text:
                    adopted = parse_date(nxt.text)
                if b := _BRACKETED.match(nxt.text):
                    vote = b[1].lower()
            return i, Metadata(meeting=int(m[1]), adopted=adopted, vote=vote)
        if text.startswith("Adopted"):
            joined = _join(lines[i : i + 5])
            if m := _ADOPTED_AT.match(joined):
                return i, Metadata(meeting=int(m["meeting"]), vote=_vote(m["how"], joined))
        if _LOOSE.match(text) and _after_sentence(lines, i):
            joined = _join(lines[i : i + 5])
            if _LOOSE_MEETING.match(joined):
                number = _OCR_MEETING.search(joined)
                meeting = int(number[1]) if number else None
                how = re.search(r"\b(?:unanimously|without a vote|by consensus)\b", joined)
                return i, Metadata(meeting=meeting, vote=_vote(how[0] if how else None, joined))
    return len(lines), Metadata()


# OCR damages closings ("Adapted unanimously at the", "179Ist meeting", "(closed) meeting"):
# after a finished paragraph, a line that opens like a closing and reaches "meeting" ends the
# body all the same; the meeting number is kept where it can still be read
_LOOSE = re.compile(r"^Ad[ao]pted\b")
_LOOSE_MEETING = re.compile(r"^Ad[ao]pted\b.{0,80}?\bmeet", re.IGNORECASE)
_OCR_MEETING = re.compile(r"\b(\d{2,5})\s?(?:st|nd|rd|th|d)?_?\s+(?:\(closed\)\s+)?meet")


def _stands_alone(lines: tuple[Line, ...], i: int) -> bool:
    """A meeting line closes the resolution only after a finished paragraph and when it is not
    itself part of a sentence: "...expressed by the President at the / 1143rd meeting, on 11
    August 1964;" is the middle of an operative paragraph."""
    return _after_sentence(lines, i) and not lines[i].text.endswith((",", ";"))


def _after_sentence(lines: tuple[Line, ...], i: int) -> bool:
    before = next((x.text for x in reversed(lines[:i]) if x.text), "")
    return _TRAILING_MARKS.sub("", before).endswith((".", ";", ":"))


# footnote references (plain, or superscript as the PDF reader writes them) and closing
# quotes or brackets that may follow a paragraph's full stop
_TRAILING_MARKS = re.compile(r"(?:\[\^?\w+\]|[\d⁰¹²³⁴⁵⁶⁷⁸⁹\s\"'\u201d\u2019*)\]])+$")


def _join(lines: tuple[Line, ...]) -> str:
    """A closing wrapped over lines, with words broken at a line end ("meet-" / "ing") mended;
    it stops at the first blank line after some text."""
    out = ""
    for line in lines:
        if not line.text:
            if out:
                break
            continue
        out = out[:-1] + line.text if out.endswith("-") else f"{out} {line.text}".strip()
    return out


def _vote(how: str | None, text: str) -> str | None:
    """"unanimously", "without a vote", "by consensus", or "yes-no-abstentions"."""
    if how:
        first = how.replace(",", " ").split(" without")[0].split()
        words = " ".join(how.replace(",", " ").split())
        if words.startswith("without"):
            return words.replace("without vote", "without a vote")
        return " ".join(first) if first else None
    if m := _BY_VOTES.search(text):
        yes, no, abst = (_WORDS.get(x) if x and not x.isdigit() else x
                         for x in (m["yes"], m["no"], m["abst"] or "0"))
        return f"{int(yes or 0)}-{int(no or 0)}-{int(abst or 0)}"
    return None
