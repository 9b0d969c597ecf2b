"""Segment normalised lines into a `Resolution`: metadata, paragraphs, footnotes.

Steps, in order: find the frame (opener, header, closing); lift page-foot footnote blocks out
of the body; find and strip footnote markers; group lines into paragraphs; split footnote texts
pasted after paragraphs; attach each footnote to the paragraph holding its anchor.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from kg.document import (
    Footnote,
    Line,
    Metadata,
    Paragraph,
    RefData,
    Resolution,
    Source,
    Structure,
)
from kg.errors import SourceError, few
from kg.normalise import join
from kg.phrasing import phrase_index
from kg.readers.table import table_metadata
from kg.segment.annex import find_annexes
from kg.segment.body import Block, finished, group, is_furniture, opens_like_preamble
from kg.segment.closing import find_closing
from kg.segment.footnotes import Note, find_markers, lift_blocks, split_inline, tail_notes
from kg.segment.frame import find_frame, lettered, openers, part_letter, with_session

__all__ = ["segment", "segment_parts"]


def segment_parts(source: Source, lines: tuple[Line, ...],
                  refdata: RefData) -> tuple[Resolution, ...]:
    """Every resolution a text holds: one, or each lettered part (S/RES/161 A and B, A/RES/69/96
    A and B are separate resolutions under one number, printed one after the other).

    Each part is segmented on its own view of the text: the shared header, its own lines, and
    the footnotes printed after the last part (a part keeps those whose markers it carries).
    The closing after the last part (meeting, vote) is that part's own."""
    if source.structure:  # the markup says where its paragraphs are, and its parts
        return tuple(_structured(source, lines, refdata, part) for part in source.structure)
    starts = [(letter, i) for i in range(len(lines)) if (letter := part_letter(lines, i, refdata))]
    _one_resolution(source, lines, refdata, len(starts))
    letters = [letter for letter, _ in starts]
    if not starts or letters != [chr(ord(letters[0]) + n) for n in range(len(letters))] \
            or letters[0] not in "AB" or letters == ["A"]:
        return (segment(source, lines, refdata),)
    if letters[0] == "B":  # part A printed without its letter: it starts at the formula
        frame = find_frame(lines, refdata)
        if frame is None:
            return (segment(source, lines, refdata),)
        starts = [("A", frame.opener), *starts]
    header = lines[: starts[0][1]]
    last_end, _ = find_closing(lines, starts[-1][1] + 1)
    notes = _after_closing(lines, last_end)
    parts = []
    for k, (letter, start) in enumerate(starts):
        own = lines[start:] if k == len(starts) - 1 else lines[start : starts[k + 1][1]] + notes
        res = segment(source, header + own, refdata)
        parts.append(replace(res, metadata=lettered(res.metadata, letter)))
    return tuple(parts)


def _one_resolution(source: Source, lines: tuple[Line, ...], refdata: RefData,
                    parts: int) -> None:
    """Refuse a file that holds many resolutions one after the other (an export of a whole
    collection): built as one, it would quietly lose all but the first. A file holds one
    resolution or its lettered parts, and a resolution may quote the draft it recommends."""
    found = openers(lines, refdata)
    if len(found) >= MANY_OPENERS and len(found) > max(parts, 1) + 1:
        first = lines[found[0]].text
        raise SourceError(source.path, f"holds {len(found)} resolutions, not one: the formula "
                          f"that opens a resolution ({first!r}) is on lines "
                          f"{few(lines[i].number for i in found)}; give each resolution a file "
                          f"of its own", line=lines[found[1]].number)


MANY_OPENERS = 3  # openers in a file from which it is taken for many resolutions


def _after_closing(lines: tuple[Line, ...], closing: int) -> tuple[Line, ...]:
    """The lines after the closing block (the closing and its vote lines end at a blank)."""
    blank = next((i for i in range(closing, len(lines)) if not lines[i].text), len(lines))
    return lines[blank:]


def segment(source: Source, lines: tuple[Line, ...], refdata: RefData) -> Resolution:
    """Build the resolution tree, or raise SourceError if the text is not a resolution."""
    if source.structure:
        return _structured(source, lines, refdata, source.structure[0])
    frame = find_frame(lines, refdata)
    if frame is None:
        kind = _other_kind(lines)
        raise SourceError(source.path, (
            f"not a resolution: it says it is {kind} (kg models resolutions and draft "
            "resolutions)" if kind else
            "not a resolution: no preamble opener such as 'The General Assembly,' was found"))
    preambular = phrase_index(refdata, "preambular")
    operative = phrase_index(refdata, "operative")

    def known_preamble(text: str) -> bool:
        return preambular.match(text) is not None

    def opens_preamble(text: str) -> bool:
        return known_preamble(text) or opens_like_preamble(text)

    def opens_operative(text: str) -> bool:
        return operative.match(text) is not None

    def starts_paragraph(text: str) -> bool:
        return known_preamble(text) or bool(text[:1].isdigit() and "." in text[:5])

    body = _without_title_heads(lines[frame.opener + 1 : frame.end], frame.metadata.title)
    body, notes = lift_blocks(body, starts_paragraph, is_furniture)
    last = max((n.number for n in notes), default=0)
    tail, annexed = tail_notes(list(lines[frame.end + 1 :]), last, len(body), is_furniture)
    body, anchors = find_markers(body, [*notes, *tail], annexed)
    notes = [n for n in [*notes, *tail] if n.number in anchors]
    blocks = group(body, opens_preamble, opens_operative, known_preamble)
    if not blocks:
        raise SourceError(source.path, "no paragraphs found after the preamble opener",
                          line=lines[frame.opener].number)
    anchored = _anchor(blocks, body, notes, anchors)
    paragraphs = _paragraphs(blocks, anchored)
    return Resolution(
        source=source,
        metadata=_completed(source, frame.metadata),
        preamble=tuple(p for p in paragraphs if p.kind == "preambular"),
        operative=tuple(p for p in paragraphs if p.kind == "operative"),
        annexes=find_annexes(list(lines[frame.end + 1 :]), is_furniture),
    )


def _structured(source: Source, lines: tuple[Line, ...], refdata: RefData,
                structure: Structure) -> Resolution:
    """A resolution whose markup states its paragraphs: the frame still reads the organ and
    the closing from the rendered text, where it finds them (a text in a language whose
    opening formula kg does not know has only the markup's metadata)."""
    if not structure.preamble and not structure.operative:
        raise SourceError(source.path, "the markup holds no preambular or operative paragraph")
    frame = find_frame(lines, refdata)
    found = (frame.metadata if frame else Metadata()).overlaid(source.front)
    metadata = _completed(source, found)  # the markup's metadata wins over the text's
    return Resolution(
        source=source,
        metadata=lettered(metadata, structure.letter) if structure.letter else metadata,
        preamble=structure.preamble,
        operative=structure.operative,
        annexes=structure.annexes,
    )


def _completed(source: Source, found: Metadata) -> Metadata:
    """What the text says, filled by front matter and the metadata tables, overridden by the
    sidecar."""
    metadata = found.filled(source.front)
    symbol = source.sidecar.symbol or metadata.symbol
    metadata = metadata.filled(table_metadata(source.path, symbol)).overlaid(source.sidecar)
    return with_session(metadata)


# What else UN documents announce themselves as near their top, so a skipped file says what it
# is: a draft decision (one sentence, "The Council, recalling ...: (a) Decides ..."), a report.
_OTHER_KINDS = re.compile(r"^(draft decision|decision|report|note by|letter dated|working paper)\b",
                          re.IGNORECASE)


def _other_kind(lines: tuple[Line, ...]) -> str | None:
    for line in lines[:40]:
        m = _OTHER_KINDS.match(line.text.strip())
        if m:
            return "a " + m[1].lower().removesuffix(" by").removesuffix(" dated")
    return None


def _anchor(
    blocks: list[Block], body: list[Line], notes: list[Note], anchors: dict[int, int]
) -> dict[int, list[Footnote]]:
    """Footnotes per block index, from the source line that carries each anchor."""
    owner: dict[int, int] = {}
    for index, block in enumerate(blocks):
        for line in _all_lines(block):
            owner[line.number] = index
    out: dict[int, list[Footnote]] = {}
    numbers = sorted(owner)
    for note in notes:
        at = body[anchors[note.number]].number if body else 0
        index = owner[at] if at in owner else _nearest(owner, at, numbers)
        out.setdefault(index, []).append(Footnote(note.number, note.text, note.line))
    return out


def _without_title_heads(lines: tuple[Line, ...], title: str | None) -> list[Line]:
    """The body without the title repeated as a running head at the top of each page (no part
    of a paragraph).

    A head stands at the top of a page: after a page break or page furniture (page number,
    job number, symbol), before any text of the page. There its lines are dropped as long as
    they read on as a piece of the title, however short a line or whatever it ends with (the
    head wraps like the title: "... of the Use," / "Stockpiling ..." / "on Their
    Destruction"); elsewhere only a long piece of the title after a finished paragraph is
    (a paragraph may quote the title's words). The page break a head opened moves to the next
    line kept: a footnote block at the foot of the page before ends there, instead of
    swallowing the new page's first lines (the rest of a paragraph cut by the break)."""
    body = list(lines)
    recurring = _recurring_heads(body)
    if not title and not recurring:
        return body
    out: list[Line] = []
    broken = False  # a page break was on a running head just dropped
    top = False  # no text of this page read yet
    head = ""  # the running head read so far
    ended = True  # the last text kept ends a paragraph
    for i, line in enumerate(body):
        text = line.text
        top = top or line.page_start
        if text and is_furniture(text):
            top = True
        elif text:
            bare = _unsymbolled(text) if top else text
            joined = f"{head} {bare}" if head else bare
            if (i in recurring) or (title and (
                    (top and joined in title and (head or len(bare) >= _SHORTEST_HEAD
                                                  or bare == title))
                    or (not top and ended and _title_head(text, title)))):
                broken = broken or line.page_start
                head = joined if top else ""
                continue
            top, head, ended = False, "", finished(text)
        if broken and not line.page_start:
            line = replace(line, page_start=True)
        broken = False
        out.append(line)
    return out


_SHORTEST_HEAD = 12  # characters: a shorter line at a page top that the title holds is text


def _recurring_heads(body: list[Line]) -> set[int]:
    """The lines of groups (between blanks) that stand at the top of two pages or more, page
    furniture apart: a running head that is not the title (the title was not found, or the
    head shortens it)."""
    tops = _page_tops(body)
    seen: dict[str, int] = {}
    for runs in tops.values():
        for text in {text for _, text in runs}:
            seen[text] = seen.get(text, 0) + 1
    found: set[int] = set()
    for runs in tops.values():
        for indexes, text in runs:
            if seen[text] >= _RECURS:
                found.update(indexes)
            elif not is_furniture(text):
                break
    return found


_RECURS = 2  # pages whose top carries the same lines, from which they are a running head
_TOP_RUNS = 4  # groups of lines between blanks at the top of a page where a head may stand


# the symbol printed beside the running head, on its line in text laid out as the page is
# ("A/RES/91/12      Lunar heritage sites")
_SYMBOL_WORD = r"[A-Z]{1,4}(?:/[A-Za-z0-9.\-]+)+"
_BESIDE = re.compile(rf"^{_SYMBOL_WORD}\s+(?=\S)|(?<=\S)\s+{_SYMBOL_WORD}$")


def _unsymbolled(text: str) -> str:
    """A line of a page top without the document symbol set beside the running head."""
    return _BESIDE.sub("", text)


def _page_tops(body: list[Line]) -> dict[int, list[tuple[list[int], str]]]:
    """Per page (the index of its first line), its first groups of lines between blanks: the
    indexes of each group's lines and their text joined."""
    tops: dict[int, list[tuple[list[int], str]]] = {}
    for start in (i for i, line in enumerate(body) if line.page_start):
        runs: list[tuple[list[int], str]] = []
        group: list[int] = []
        for i in range(start, len(body)):
            if i > start and body[i].page_start:
                break
            if body[i].text:
                group.append(i)
                continue
            if group:
                runs.append((group, join(_unsymbolled(body[k].text) for k in group)))
                group = []
                if len(runs) == _TOP_RUNS:
                    break
        if group and len(runs) < _TOP_RUNS:
            runs.append((group, join(_unsymbolled(body[k].text) for k in group)))
        tops[start] = runs
    return tops




def _title_head(text: str, title: str) -> bool:
    """A line of the running head: the title, or a long piece of it where it wraps."""
    if not text or text.endswith((",", ";")):
        return False
    return text == title or (len(text) >= 25 and text in title)


def _all_lines(block: Block) -> list[Line]:
    return [*block.lines, *(x for p in block.points for x in _all_lines(p))]


def _nearest(owner: dict[int, int], line: int, numbers: list[int]) -> int:
    """The owner of the last line at or before `line` (`numbers`: the lines owned, sorted)."""
    at = bisect.bisect_right(numbers, line)
    return owner[numbers[at - 1]] if at else 0


def _paragraphs(blocks: list[Block], anchored: dict[int, list[Footnote]]) -> list[Paragraph]:
    out: list[Paragraph] = []
    next_note = max((f.number for fs in anchored.values() for f in fs), default=0) + 1
    for index, block in enumerate(blocks):
        notes = list(anchored.get(index, []))
        points, next_note = _points(block.points, notes, next_note)
        text, inline = split_inline(join(x.text for x in block.lines))
        if inline:
            notes.append(Footnote(next_note, inline, block.lines[-1].number))
            next_note += 1
        if points:
            text = " ".join([text, *(_flat(p) for p in points)]).strip()
        out.append(Paragraph(
            kind="operative" if block.kind == "operative" else "preambular",
            text=text,
            line=block.start,
            number=block.number,
            footnotes=tuple(sorted(notes, key=lambda f: f.number)),
            subparagraphs=tuple(points),
        ))
    return out


def _points(blocks: list[Block], notes: list[Footnote],
            next_note: int) -> tuple[list[Paragraph], int]:
    """Sub-paragraphs (and theirs), with footnote texts pasted after them split off."""
    out = []
    for point in blocks:
        inner, next_note = _points(point.points, notes, next_note)
        text, inline = split_inline(join(x.text for x in point.lines))
        if inline:
            notes.append(Footnote(next_note, inline, point.start))
            next_note += 1
        out.append(Paragraph("sub", text, point.start, number=point.number,
                             subparagraphs=tuple(inner)))
    return out, next_note


def _flat(p: Paragraph) -> str:
    """A sub-paragraph as printed, with its own sub-paragraphs: "(a) text (i) text"."""
    return " ".join([f"({p.number}) {p.text}".rstrip(), *(_flat(s) for s in p.subparagraphs)])
