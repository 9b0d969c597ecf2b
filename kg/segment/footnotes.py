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
_OPERATIVE_START = re.compile(r"^\d{1,3}\.(?:\s|$)")
_CITES = re.compile(r"\d+/\d+|\d+ [A-Z] \([IVXL]+\)")


@dataclass(frozen=True)
class Note:
    """A footnote text found in a page-foot block, before it is anchored."""

    number: int
    text: str
    line: int
    block_at: int  # index in the body (blocks removed) where its block stood


def lift_blocks(
    body: list[Line], starts_paragraph: Callable[[str], bool],
    is_furniture: Callable[[str], bool] = lambda _: False,
) -> tuple[list[Line], list[Note]]:
    """Remove page-foot footnote blocks from the body; return the body and the notes in order.

    A block opens at a rule, or (pdftotext drops rules) at a bare number that is the next
    footnote number and is followed by text rather than page furniture. It holds numbered
    notes (`1 See ...`), or bare numbers listed before their texts, and wrapped lines; it closes
    at page furniture, at a line that starts a paragraph (page breaks need not leave a blank
    line), or at a blank line after which no further note follows.
    """
    kept: list[Line] = []
    notes: list[Note] = []
    pending: list[tuple[int, int]] = []  # bare numbers waiting for their text: (number, line)
    in_block = False
    fresh = False  # the last note's text ended a sentence: the next plain line may be a new note

    def expected() -> int:
        done = [n.number for n in notes] + [n for n, _ in pending]
        return max(done, default=0) + 1

    for i, line in enumerate(body):
        text = line.text
        if _RULE.match(text):
            in_block, fresh = True, False
            continue
        if not in_block and _bare(text) == expected() and _text_follows(body, i, is_furniture):
            in_block = True
        if in_block and not text:
            if pending or _note_follows(body, i, expected()):
                continue
            in_block = False
        elif in_block and _bare(text) == expected() and _text_follows(body, i, is_furniture):
            pending.append((expected(), line.number))
            continue
        elif in_block and not starts_paragraph(text) and not is_furniture(text):
            m = _NOTE.match(text)
            if m and int(m[1]) == expected() and not pending:
                notes.append(Note(int(m[1]), m[2], line.number, len(kept)))
                fresh = m[2].endswith(".")
                continue
            if pending and (fresh or not notes or notes[-1].block_at != len(kept)):
                number, at = pending.pop(0)
                notes.append(Note(number, text, at, len(kept)))
                fresh = text.endswith(".")
                continue
            if notes and notes[-1].block_at == len(kept):
                last = notes[-1]
                notes[-1] = Note(last.number, f"{last.text} {text}", last.line, last.block_at)
                fresh = text.endswith(".")
                continue
        elif in_block:
            in_block = False
        for number, at in pending:  # numbers whose text never came: keep them as empty notes
            notes.append(Note(number, "", at, len(kept)))
        pending = []
        kept.append(line)
    return kept, [n for n in notes if n.text]


def _bare(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 3 else None


def _next_text(body: list[Line], i: int) -> str:
    return next((x.text for x in body[i + 1 :] if x.text), "")


def _text_follows(body: list[Line], i: int, is_furniture: Callable[[str], bool]) -> bool:
    """A bare number opens a footnote block only if note text, not furniture, follows it."""
    following = next((x.text for x in body[i + 1 :] if x.text and _bare(x.text) is None), "")
    return bool(following) and not is_furniture(following) and not _OPERATIVE_START.match(
        following)


def _note_follows(body: list[Line], i: int, number: int) -> bool:
    following = _next_text(body, i)
    m = _NOTE.match(following)
    return _bare(following) == number or bool(m and int(m[1]) == number)


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
