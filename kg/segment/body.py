"""Group the body's lines into preambular and operative paragraphs and their sub-paragraphs.

Blank lines are not trusted: PDF text loses them at page breaks and gains them inside
paragraphs. A paragraph begins where the previous one is finished (ends with `,` `;` `:` or
`.`) and the line opens with a known phrase, or with the next operative number in sequence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.document import Line

_OPERATIVE = re.compile(r"^(\d{1,3})\s?\.(?:\s+(.*))?$")
_POINT = re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,6})\)\s+(.*)$")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Page \d+$")
_JOB_NUMBER = re.compile(r"^\d{2}-\d{5}\b")
_BARE_SYMBOL = re.compile(r"^[A-Z]{1,4}(?:/[A-Za-z0-9.\-]+){2,}$")
_TRAILING_NOISE = re.compile(r"[\d\s\"')\]]+$")


@dataclass
class Block:
    """A paragraph being assembled: its kind, printed number, lines, and sub-paragraph blocks."""

    kind: str
    number: str | None
    lines: list[Line] = field(default_factory=list)
    points: list[Block] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.lines[0].number

    def last_text(self) -> str:
        target = self.points[-1] if self.points else self
        return target.lines[-1].text if target.lines else ""

    def add(self, line: Line) -> None:
        (self.points[-1] if self.points else self).lines.append(line)


def is_furniture(text: str) -> bool:
    """Page numbers, job numbers and running symbols that PDF text scatters through the body."""
    return bool(_PAGE_NUMBER.match(text) or _JOB_NUMBER.match(text) or _BARE_SYMBOL.match(text))


def finished(text: str) -> bool:
    """Whether a paragraph's text so far ends as a paragraph ends (a footnote marker may trail)."""
    core = _TRAILING_NOISE.sub("", text) if not text.endswith((",", ";", ":", ".")) else text
    return core.endswith((",", ";", ":", "."))


def group(body: list[Line], opens_preamble: Callable[[str], bool]) -> list[Block]:
    """Paragraph blocks in reading order; line numbers stay attached for provenance."""
    blocks: list[Block] = []
    expected = 1
    blank_before = False
    for line in body:
        text = line.text
        if not text:
            blank_before = True
            continue
        if is_furniture(text):
            continue
        current = blocks[-1] if blocks else None
        done = current is None or finished(current.last_text())
        op = _OPERATIVE.match(text)
        point = _POINT.match(text)
        if op and int(op[1]) == expected and done:
            expected += 1
            blocks.append(Block("operative", op[1]))
            if op[2]:
                blocks[-1].lines.append(Line(line.number, op[2]))
        elif current is not None and current.kind == "operative" and point and done:
            current.points.append(Block("sub", point[1], [Line(line.number, point[2])]))
        elif expected == 1 and done and (
            opens_preamble(text) or (blank_before and text[:1].isupper()) or current is None
        ):
            blocks.append(Block("preambular", None, [line]))
        elif current is not None and current.kind == "operative" and not current.lines:
            current.lines.append(line)  # "1." alone on its line, text on the next
        elif current is not None:
            current.add(line)
        blank_before = False
    return blocks
