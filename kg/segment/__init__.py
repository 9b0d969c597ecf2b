"""Segment normalised lines into a `Resolution`: metadata, paragraphs, footnotes.

Steps, in order: find the frame (opener, header, closing); lift page-foot footnote blocks out
of the body; find and strip footnote markers; group lines into paragraphs; split footnote texts
pasted after paragraphs; attach each footnote to the paragraph holding its anchor.
"""

from __future__ import annotations

from kg.document import Footnote, Line, Paragraph, RefData, Resolution, Source
from kg.errors import SourceError
from kg.normalise import join
from kg.phrasing import match_phrase
from kg.segment.body import Block, group
from kg.segment.footnotes import Note, find_markers, lift_blocks, split_inline
from kg.segment.frame import find_frame

__all__ = ["segment"]


def segment(source: Source, lines: tuple[Line, ...], refdata: RefData) -> Resolution:
    """Build the resolution tree, or raise SourceError if the text is not a resolution."""
    frame = find_frame(lines, refdata)
    if frame is None:
        raise SourceError(
            source.path,
            "not a resolution: no preamble opener such as 'The General Assembly,' was found",
        )
    preambular = [p for p in refdata.phrases if p.kind == "preambular"]

    def opens_preamble(text: str) -> bool:
        return match_phrase(text, preambular) is not None

    def starts_paragraph(text: str) -> bool:
        return opens_preamble(text) or bool(text[:1].isdigit() and "." in text[:5])

    body = [line for line in lines[frame.opener + 1 : frame.end]]
    body, notes = lift_blocks(body, starts_paragraph)
    body, anchors = find_markers(body, notes)
    blocks = group(body, opens_preamble)
    if not blocks:
        raise SourceError(source.path, "no paragraphs found after the preamble opener",
                          line=lines[frame.opener].number)
    anchored = _anchor(blocks, body, notes, anchors)
    paragraphs = _paragraphs(blocks, anchored)
    metadata = frame.metadata.overlaid(source.sidecar)
    return Resolution(
        source=source,
        metadata=metadata,
        preamble=tuple(p for p in paragraphs if p.kind == "preambular"),
        operative=tuple(p for p in paragraphs if p.kind == "operative"),
    )


def _anchor(
    blocks: list[Block], body: list[Line], notes: list[Note], anchors: dict[int, int]
) -> dict[int, list[Footnote]]:
    """Footnotes per block index, from the source line that carries each anchor."""
    owner: dict[int, int] = {}
    for index, block in enumerate(blocks):
        for line in [*block.lines, *(x for p in block.points for x in p.lines)]:
            owner[line.number] = index
    out: dict[int, list[Footnote]] = {}
    for note in notes:
        at = body[anchors[note.number]].number if body else 0
        index = owner.get(at, _nearest(owner, at))
        out.setdefault(index, []).append(Footnote(note.number, note.text, note.line))
    return out


def _nearest(owner: dict[int, int], line: int) -> int:
    before = [n for n in owner if n <= line]
    return owner[max(before)] if before else 0


def _paragraphs(blocks: list[Block], anchored: dict[int, list[Footnote]]) -> list[Paragraph]:
    out: list[Paragraph] = []
    next_note = max((f.number for fs in anchored.values() for f in fs), default=0) + 1
    for index, block in enumerate(blocks):
        notes = list(anchored.get(index, []))
        points = []
        for point in block.points:
            text, inline = split_inline(join(x.text for x in point.lines))
            if inline:
                notes.append(Footnote(next_note, inline, point.start))
                next_note += 1
            points.append(Paragraph("sub", text, point.start, number=point.number))
        text, inline = split_inline(join(x.text for x in block.lines))
        if inline:
            notes.append(Footnote(next_note, inline, block.lines[-1].number))
            next_note += 1
        if points:
            text = " ".join([text, *(f"({p.number}) {p.text}" for p in points)])
        out.append(Paragraph(
            kind="operative" if block.kind == "operative" else "preambular",
            text=text,
            line=block.start,
            number=block.number,
            footnotes=tuple(sorted(notes, key=lambda f: f.number)),
            subparagraphs=tuple(points),
        ))
    return out
