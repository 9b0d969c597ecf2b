"""Footnotes: page-foot blocks lifted out, markers found and removed, inline texts split off.

PDF text puts footnotes at the foot of the page, after a rule (`_______`), in the middle of the
body; their markers are glued to the word they annotate (`Political Rights1`). Web conversions
paste the footnote text after the paragraph instead (`...Freedoms; Resolution 53/144, annex.`).
Both end up as `Footnote` values anchored in a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.document import Line
from kg.patterns import SYMBOL

_RULE = re.compile(r"^_{3,}$")
_NOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# A footnote pasted after a paragraph: a short sentence that cites, after the paragraph's own
# final ";" or ",". It must start like a citation and end with a full stop.
_INLINE = re.compile(
    r"^(?P<text>.*[;,])\s+(?P<note>(?:See |Resolution |Decision |Official Records|[A-Z]{1,2}/\S)"
    r"[^;]{0,300}\.)$"
)
_CITES = re.compile(r"\d+/\d+|\d+ [A-Z] \([IVXL]+\)")


@dataclass(frozen=True)
class Note:
    """A footnote text found in a page-foot block, before it is anchored."""

    number: int
    text: str
    line: int
    block_at: int  # index in the body (blocks removed) where its block stood


def lift_blocks(
    body: list[Line], starts_paragraph: Callable[[str], bool]
) -> tuple[list[Line], list[Note]]:
    """Remove page-foot footnote blocks from the body; return the body and the notes in order.

    A block opens at a rule and holds numbered notes and their wrapped lines; it closes at a
    blank line or at a line that starts a paragraph (page breaks need not leave a blank line).
    """
    kept: list[Line] = []
    notes: list[Note] = []
    in_block = False
    for line in body:
        text = line.text
        if _RULE.match(text):
            in_block = True
            continue
        if in_block and text and not starts_paragraph(text):
            if m := _NOTE.match(text):
                notes.append(Note(int(m[1]), m[2], line.number, len(kept)))
                continue
            if notes and notes[-1].block_at == len(kept):
                last = notes[-1]
                notes[-1] = Note(last.number, f"{last.text} {text}", last.line, last.block_at)
                continue
        in_block = False
        kept.append(line)
    return kept, notes


def find_markers(body: list[Line], notes: list[Note]) -> tuple[list[Line], dict[int, int]]:
    """Find each note's marker (in order, before its block), strip it; map note -> body index.

    A note whose marker cannot be found is anchored on the last line before its block, the
    closest the layout tells us.
    """
    lines = list(body)
    anchors: dict[int, int] = {}
    pos = 0
    for note in notes:
        marker = re.compile(rf"(?<=[^\W\d_]|[)\]\"'])({note.number})(?=[\s,.;:)]|$)")
        found = None
        for i in range(pos, max(note.block_at, pos)):
            m = marker.search(lines[i].text)
            if m:
                text = lines[i].text
                lines[i] = Line(lines[i].number, text[: m.start()] + text[m.end() :])
                found = i
                break
        anchors[note.number] = found if found is not None else max(note.block_at - 1, 0)
        pos = anchors[note.number]
    return lines, anchors


def split_inline(text: str) -> tuple[str, str | None]:
    """Split a footnote text pasted after the paragraph's final punctuation, if there is one."""
    m = _INLINE.match(text)
    if m and (_CITES.search(m["note"]) or SYMBOL.search(m["note"])):
        return m["text"], m["note"]
    return text, None
