"""Annexes: the text a resolution carries after its closing under an "Annex" heading (the
declaration or programme of action it adopts).

An annex is kept as one unit of text with its heading and title, not split into paragraphs:
annexed declarations number their paragraphs in their own scheme ("1. We, the Heads of
State ..."), interleave section headings and wrap irregularly, and a wrong paragraph split would
be worse than none. Footnote blocks (after a rule) and page furniture are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.document import Annex, Line

_HEADING = re.compile(r"^(?:Annex|ANNEX)(?:\s+(?P<n>[IVXLC]+|\d+))?\s*[.*]?$")
_RULE = re.compile(r"^(?:_{3,}|-{3,})$")
_NOTE = re.compile(r"^(?:\d{1,3}\s+\S|\[\^\d+\]:)")
_TITLE_MAX = 160


def find_annexes(tail: list[Line], is_furniture: Callable[[str], bool]) -> tuple[Annex, ...]:
    """The annexes in the lines after a resolution's closing, in order."""
    starts = [i for i, line in enumerate(tail) if _HEADING.match(line.text.strip())]
    annexes = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(tail)
        heading = tail[start].text.strip()
        annex = _annex(len(annexes) + 1, heading, tail[start + 1 : end], tail[start].number,
                       is_furniture)
        if annex is not None:
            annexes.append(annex)
    return tuple(annexes)


def _annex(number: int, heading: str, lines: list[Line], line: int,
           is_furniture: Callable[[str], bool]) -> Annex | None:
    paragraphs: list[list[str]] = [[]]
    in_notes = after_blank = False
    for current in lines:
        text = current.text.strip()
        if _RULE.match(text):
            in_notes, after_blank = True, False
            continue
        if not text:
            after_blank = True
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        if in_notes and (_NOTE.match(text) or not after_blank):
            after_blank = False
            continue  # a footnote or its wrapped continuation
        in_notes = after_blank = False
        if is_furniture(text) and not text.endswith((".", ";", ",")):
            continue
        paragraphs[-1].append(text)
    blocks = [" ".join(p) for p in paragraphs if p]
    if not blocks:
        return None
    title = None
    if len(blocks) > 1 and len(blocks[0]) <= _TITLE_MAX and not blocks[0][:1].isdigit() \
            and not blocks[0].endswith((".", ";", ",")):
        title, blocks = blocks[0], blocks[1:]
    return Annex(number, heading, title, "\n".join(blocks), line)
