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
from kg.patterns import MONTHS, SYMBOL

_RULE = re.compile(r"^_{3,}$")
_NOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
# A footnote pasted after a paragraph: a short sentence that cites, after the paragraph's own
# final ";" or ",". It must start like a citation and end with a full stop.
_INLINE = re.compile(
    r"^(?P<text>.*[;,])\s+(?P<note>(?:See |Resolution |Decision |Official Records|[A-Z]{1,2}/\S)"
    r"[^;]{0,300}\.)$"
)
_DATED = re.compile(r"^\d{1,2}(?:\s?[–-]\s?\d{1,2})?\s+(?:" + "|".join(MONTHS) + r")\b")
_OPERATIVE_START = re.compile(r"^\d{1,5}\.(?:\s|$)")  # (numbers as kg.segment.body has them)
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
    footnote number and is followed by note text rather than page furniture. It closes at the
    next page (a form feed), at a line that starts a paragraph, or, in text without pages, at
    a blank line after which no further note follows. Inside, notes are `N text` lines, or
    bare numbers listed apart from their texts (in any order: PDF text scrambles the foot of
    a page), paired with the texts in order.
    """
    paged = any(line.page_start for line in body)
    kept: list[Line] = []
    notes: list[Note] = []
    continued: dict[int, list[str]] = {}  # more text of a note, by its index in `notes`
    i = 0
    expected = 1  # the number the next note must have: one more than the highest so far
    while i < len(body):
        line = body[i]
        ruled = bool(_RULE.match(line.text))
        if not ruled and not (_bare(line.text) == expected
                              and _text_follows(body, i, is_furniture)):
            kept.append(line)
            i += 1
            continue
        j = i + 1 if ruled else i
        block: list[Line] = []
        while j < len(body):
            text = body[j].text
            if j > i and body[j].page_start:
                break
            if text and starts_paragraph(text) and _bare(text) is None:
                break
            if not text and not paged and not _note_follows(body, j, expected, block):
                break
            block.append(body[j])
            j += 1
        found = _notes_in(block, expected, is_furniture, len(kept))
        if found or ruled:
            notes.extend(found)
            expected = max([expected, *(n.number + 1 for n in found)])
            if not found and notes and block:  # a note continued from the previous page
                more = " ".join(x.text for x in block if x.text and not is_furniture(x.text))
                if more:  # (joined at the end: text added to text each time is quadratic)
                    continued.setdefault(len(notes) - 1, []).append(more)
            i = j
        else:
            kept.append(line)
            i += 1
    for k, more in continued.items():
        note = notes[k]
        notes[k] = Note(note.number, " ".join([note.text, *more]), note.line, note.block_at)
    return kept, notes


def _notes_in(block: list[Line], expected: int, is_furniture: Callable[[str], bool],
              at: int) -> list[Note]:
    """The notes of one block: `N text` lines with their wrapped lines, and bare numbers
    paired in ascending order with the texts that stand apart (a text ends with a full stop
    and the next begins with a capital). The numbered notes of a foot ascend, and a line that
    opens with a day and a month (`26 August–4 September`, `3 – 14 June`) is a note's text
    wrapped, never a note of its own."""
    numbered: list[Note] = []
    bare: list[tuple[int, int]] = []
    loose: list[list[str]] = []
    lines: list[int] = []
    current: str | None = None  # "numbered" or "loose": where a wrapped line belongs
    # a note's number is at most ten past the last one seen (a foot scrambled by the PDF
    # text, a continued note): the window moves with the notes found, as a page may hold many
    highest = expected + 10
    for line in block:
        text = line.text
        if not text:
            continue
        number = _bare(text)
        if number is not None:
            if expected <= number <= highest:
                bare.append((number, line.number))
                highest = max(highest, number + 10)
            continue
        if is_furniture(text) and not SYMBOL.match(text):
            continue
        m = _NOTE.match(text)
        if (m and expected <= int(m[1]) <= highest and not _DATED.match(text)
                and (not numbered or int(m[1]) > numbered[-1].number)):
            numbered.append(Note(int(m[1]), m[2], line.number, at))
            highest = max(highest, int(m[1]) + 10)
            current = "numbered"
            continue
        ends = (numbered[-1].text if current == "numbered" else " ".join(loose[-1])
                if loose else "")
        new_text = not loose or (ends.endswith(".") and text[:1].isupper())
        if current == "numbered" and not (ends.endswith(".") and text[:1].isupper()
                                          and len(bare) > len(loose)):
            last = numbered[-1]
            numbered[-1] = Note(last.number, f"{last.text} {text}", last.line, at)
        elif current == "loose" and not new_text:
            loose[-1].append(text)
        else:
            loose.append([text])
            lines.append(line.number)
            current = "loose"
    taken = {n.number for n in numbered}
    numbers = sorted({n for n, _ in bare if n not in taken})
    if loose and numbers and len(loose) > len(numbers):  # more texts than numbers: the rest
        loose[len(numbers) - 1 :] = [[" ".join(" ".join(x) for x in loose[len(numbers) - 1 :])]]
    paired = [Note(n, " ".join(t), line, at) for n, t, line in zip(numbers, loose, lines,
                                                                    strict=False)]
    return sorted([*numbered, *paired], key=lambda n: n.number)


def _bare(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 3 else None


def _next_text(body: list[Line], i: int) -> str:
    """The next line with text after line `i` (looked for in place: a copy of the rest of
    the body for every line made the segmentation quadratic in the size of a source)."""
    return next((body[j].text for j in range(i + 1, len(body)) if body[j].text), "")


def _text_follows(body: list[Line], i: int, is_furniture: Callable[[str], bool]) -> bool:
    """A bare number opens a footnote block only if note text, not furniture, follows it."""
    number = _bare(body[i].text)
    nxt = _next_text(body, i)
    if number is not None and _bare(nxt) == number + 1:
        return True  # "5" / "6": numbers listed before their texts
    following = next((body[j].text for j in range(i + 1, len(body))
                      if body[j].text and _bare(body[j].text) is None), "")
    return bool(following) and not is_furniture(following) and not _OPERATIVE_START.match(
        following)


def _note_follows(body: list[Line], i: int, expected: int, block: list[Line]) -> bool:
    """In text without pages, a blank line inside a footnote block is followed by a note."""
    following = _next_text(body, i)
    m = _NOTE.match(following)
    numbers = [int(x) for x in (_bare(following), m[1] if m else None) if x is not None]
    return any(expected <= n <= expected + 10 for n in numbers) and bool(block)


def find_markers(body: list[Line], notes: list[Note],
                 required: frozenset[int] = frozenset()) -> tuple[list[Line], dict[int, int]]:
    """Find each note's marker (in order, before its block), strip it; map note -> body index.

    Markers are glued to a word or a closing quote/bracket (`Rights1`), or, in OCR text, set
    off by a space after punctuation (`Pakistan, 3 on`) or at the end of a line (`Africa 8`).
    A note whose marker cannot be found is anchored on the last line before its block, the
    closest the layout tells us, unless it is `required` to have one (notes found after the
    closing may belong to an annex): then it is left out of the map.
    """
    lines = list(body)
    anchors: dict[int, int] = {}
    pos = 0
    for note in notes:
        found = None
        end = max(note.block_at, pos)
        for find in (_raised, _marker):  # a raised marker anywhere before a guessed one
            for i in range(pos, end):
                span = find(lines[i].text, note.number)
                if span:
                    text = lines[i].text
                    lines[i] = Line(lines[i].number, text[: span[0]] + text[span[1] :])
                    found = i
                    break
            if found is not None:
                break
        if found is None and note.number in required:
            continue
        anchors[note.number] = found if found is not None else max(note.block_at - 1, 0)
        pos = anchors[note.number]
    return lines, anchors


# words after which a number is a reference ("paragraph 7 of"), never a footnote marker
_COUNTED = frozenset({"paragraph", "paragraphs", "article", "articles", "resolution",
                      "resolutions", "chapter", "annex", "rule", "rules", "section", "item",
                      "items", "page", "pages", "para", "paras", "no", "vol", "volume", "and",
                      "of", "to", "principle", "goal", "target", "decision", "part", "step"})


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPTS_SET = frozenset(_SUPERSCRIPTS)
_SUPERSCRIPT = str.maketrans("0123456789", _SUPERSCRIPTS)


def _raised(text: str, n: int) -> tuple[int, int] | None:
    """Where note `n`'s marker is set as superscript digits, with the space before it when
    a space or the line end follows (`Anguilla ² and`: the PDF reader sees the gap a raised
    digit leaves as a space)."""
    if not _SUPERSCRIPTS_SET.intersection(text):
        return None
    digits = str(n).translate(_SUPERSCRIPT)
    m = re.search(rf"(?<![{_SUPERSCRIPTS}]){digits}(?![{_SUPERSCRIPTS}])", text)
    if not m:
        return None
    start, end = m.span()
    if start and text[start - 1] == " " and (end == len(text) or text[end] == " "):
        start -= 1
    return start, end


def _marker(text: str, n: int) -> tuple[int, int] | None:
    """Where note `n`'s marker is in a line: set as superscript digits (as kg.readers.pdf
    writes a marker it saw printed small and raised), glued (`Rights1`), after punctuation and
    a space (`Pakistan, 3 on`), after a word at the line end (`Africa 8`), or after a word and
    before a lower-case word (`the report 7 of`), unless the word counts things
    (`paragraph 7 of`)."""
    raised = _raised(text, n)
    if raised:
        return raised
    glued = re.search(rf"(?<=[^\W\d_]|[)\]\"'])({n})(?=[\s,.;:)]|$)"
                      rf"|(?<=[^\W\d_][,.;:])({n})(?=\s|$)", text)
    if glued:
        return glued.span()
    spaced = re.search(rf"(?<=[,.;:)\]\"'])\s{n}(?=\s|$)|(?<=[^\W\d_])\s{n}$", text)
    if spaced:
        return spaced.span()
    for m in re.finditer(rf"([^\W\d_]+|\d{{4}})\s({n})(?=\s+[a-z])", text):
        if m[1].lower() not in _COUNTED:
            return m.start(2) - 1, m.end(2)
    return None


_TAIL_NOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_ANNEX = re.compile(r"^(?:Annex|ANNEX|Appendix|APPENDIX)\b")


def tail_notes(tail: list[Line], after: int, block_at: int,
               is_furniture: Callable[[str], bool]) -> tuple[list[Note], frozenset[int]]:
    """Footnotes printed after the closing (OCR texts put the footnotes of the resolution at
    its end; Markdown conversions list them last): they start after the blank line that ends
    the closing, are numbered in sequence (from any number above `after`: printed volumes
    number notes per page) and may wrap. An annex heading suspends them until the next rule:
    notes found there may be the annex's own, so their numbers are returned apart, to be kept
    only where the resolution's text carries their marker."""
    notes: list[Note] = []
    annexed: set[int] = set()
    expected = after + 1
    started = False
    in_annex = False
    for line in tail:
        text = line.text
        if not started:
            started = not text
            continue
        if _ANNEX.match(text):
            in_annex = True
            continue
        if _RULE.match(text):
            if in_annex:
                in_annex = False
                annexed.add(-1)  # marks that later notes follow an annex
            continue
        if in_annex or not text or (is_furniture(text) and not SYMBOL.match(text)):
            continue  # a symbol alone on a line is a note's wrapped end, not a running head
        m = _TAIL_NOTE.match(text)
        first = not notes and int(m[1]) >= expected if m else False
        if m and (first or (notes and expected <= int(m[1]) <= expected + 3)):
            notes.append(Note(int(m[1]), m[2], line.number, block_at))
            expected = int(m[1]) + 1
            if annexed:
                annexed.add(int(m[1]))
        elif notes:
            last = notes[-1]
            notes[-1] = Note(last.number, f"{last.text} {text}", last.line, last.block_at)
    return notes, frozenset(n for n in annexed if n >= 0)


def split_inline(text: str) -> tuple[str, str | None]:
    """Split a footnote text pasted after the paragraph's final punctuation, if there is one."""
    m = _INLINE.match(text)
    if m and (_CITES.search(m["note"]) or SYMBOL.search(m["note"])):
        return m["text"], m["note"]
    return text, None
