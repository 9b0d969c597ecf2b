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

# "1. Decides", "26." alone, and the OCR misreading "1, Requests"
_OPERATIVE = re.compile(r"^(\d{1,5})\s?(?:\.|,(?=\s+[A-Z]))(?:\s+(.*))?$")
# a paragraph of an unknown phrase opens with a word ("Acknowledging"), not with a citation
# that continues a paragraph across a page ("S-29/1 of 12 February 2021, ...")
_WORD = re.compile(r"^[A-Z][a-z]")
_UNSTOPPED = re.compile(r"^(\d{1,3})\s+([A-Z].*)$")  # "26 Condemns": see _bare_number
_POINT = re.compile(r"^\(([a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)\s*(.*)$")
_PAGE_NUMBER = re.compile(  # also the recycling mark at the foot of UN pages
    r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Page \d+(?:\s*of\s*\d+)?$|^\d{1,3}/\d{1,3}$|^Please recycle$"
)
# "18-16895 (E)", "GE.25-11220 (E)", "25-00616 (E) 090625", barcodes "*2500616*", date stamps
_JOB_NUMBER = re.compile(r"^(?:[A-Z]{2}\.)?\d{2}-\d{5}\b|^\*?\d{6,8}\*?$")
_BARE_SYMBOL = re.compile(r"^[A-Z]{1,4}(?:/[A-Za-z0-9.\-]+){1,}(?: \(\d{4}\))?$")
# "II" alone on its line after a finished paragraph: a part or section heading, its title next
_HEADING = re.compile(r"^[IVX]{1,5}$")
_ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x|xi{1,3}|xiv|xv)$")
_TRAILING_NOISE = re.compile(r"[\d⁰¹²³⁴⁵⁶⁷⁸⁹\s\"')\]]+$")  # markers (superscript from PDF)


@dataclass
class Block:
    """A paragraph being assembled: its kind, printed number, lines, and sub-paragraph blocks."""

    kind: str
    number: str | None
    lines: list[Line] = field(default_factory=list)
    points: list[Block] = field(default_factory=list)
    at: int = 0  # the line it opens on (a number printed alone may never get its text)
    stacked: bool = False  # its number was printed in a column with the next ones (_fill)

    @property
    def start(self) -> int:
        return self.lines[0].number if self.lines else self.at

    def empty(self) -> bool:
        return not self.lines and not self.points

    def last_text(self) -> str:
        return self.deepest().lines[-1].text if self.deepest().lines else ""

    def quoting(self) -> bool:
        """Inside a quotation that is still open (a quoted title can span lines that end
        with commas and begin with a participle: "..., Taking into Particular Account ...")."""
        target = self.deepest()
        return sum(line.text.count('"') for line in target.lines) % 2 == 1

    def deepest(self) -> Block:
        return self.points[-1].deepest() if self.points else self

    def add(self, line: Line) -> None:
        self.deepest().lines.append(line)


# "Therefore" alone on its line between the recitals and the decisions of old texts: a link
# between paragraphs, not a paragraph
_CONNECTIVE = re.compile(r"^(?:Therefore|Accordingly|Now,? therefore|Consequently),?$")
_PARTICIPLE = re.compile(r"^(?:[A-Z][a-z]+ly\s+)?([A-Z][a-z]{2,}(?:ing|ed))\s+[a-z]")


def opens_like_preamble(text: str) -> bool:
    """A line that opens as preambular paragraphs do, with a participle ("Acting under",
    "Appalled by", "Deeply disturbed by"), even when the phrase is not in the scheme yet: the
    scheme grows from what the corpus shows, the paragraph must not wait for it."""
    return bool(_PARTICIPLE.match(text))


def is_furniture(text: str) -> bool:
    """Page numbers, job numbers and running symbols that PDF text scatters through the body."""
    return bool(_PAGE_NUMBER.match(text) or _JOB_NUMBER.match(text) or _BARE_SYMBOL.match(text))


def finished(text: str) -> bool:
    """Whether a paragraph's text so far ends as a paragraph ends (a footnote marker may trail)."""
    core = _TRAILING_NOISE.sub("", text) if not text.endswith((",", ";", ":", ".")) else text
    return core.endswith((",", ";", ":", "."))


def group(body: list[Line], opens_preamble: Callable[[str], bool],
          opens_operative: Callable[[str], bool] = lambda _: False,
          known_preamble: Callable[[str], bool] | None = None) -> list[Block]:
    """Paragraph blocks in reading order; line numbers stay attached for provenance.

    Operative paragraphs are numbered, except in short or old resolutions ("Decides:" / "(a)
    ..."), where an operative phrase after a finished paragraph opens one; once the operative
    part has begun, no preambular paragraph follows.
    """
    blocks: list[Block] = []
    expected = 1
    blank_before = False
    titling = False  # a heading's title is being read (up to the next paragraph)
    part = False  # after a heading, before the next numbered paragraph: a part may restart
    for line in body:
        text = line.text
        if not text:
            blank_before = True
            continue
        if is_furniture(text) or _CONNECTIVE.match(text):
            continue
        current = blocks[-1] if blocks else None
        done = current is None or current.kind == "heading" or finished(current.last_text())
        operative = current is not None and current.kind == "operative"
        op = _OPERATIVE.match(text) or _bare_number(text, opens_operative)
        point = _POINT.match(text)
        numbered = op is not None and (int(op[1]) == expected or (part and int(op[1]) == 1))
        # the title's first line may read like a recital ("Achieving sustainable fisheries"):
        # only a phrase of the scheme opens a paragraph there
        opener = (known_preamble or opens_preamble) if titling and blocks[-1].empty() \
            else opens_preamble
        if titling and not numbered and not point and not opener(text):
            blocks[-1].lines.append(line)  # the heading's title, on one line or several
            blank_before = False
            continue
        titling = False
        if done and _HEADING.match(text):
            blocks.append(Block("heading", None, [line]))
            blocks.append(Block("heading", None, at=line.number))
            titling = part = True
        elif op and numbered and (done or blank_before):
            expected = int(op[1]) + 1
            part = False
            if current is not None and _unnumbered_heading(current, opens_preamble,
                                                           opens_operative):
                current.kind = "heading"
            blocks.append(Block("operative", op[1], at=line.number))
            if op[2]:
                blocks[-1].lines.append(Line(line.number, op[2]))
        elif current is not None and current.lines and point and (done or blank_before):
            _add_point(current, Block("sub", point[1], [Line(line.number, point[2])]))
        elif expected == 1 and done and not opens_preamble(text) and opens_operative(text):
            blocks.append(Block("operative", None, [line]))
        elif (expected == 1 or part) and done and (
            _opens(text, current, opens_preamble, known_preamble)
            or (blank_before and _WORD.match(text) is not None) or current is None
        ):
            kind = "operative" if operative and not opens_preamble(text) else "preambular"
            blocks.append(Block(kind, None, [line]))
        elif current is not None and current.kind == "operative" and current.empty():
            _fill(blocks, line)  # "1." alone on its line, text on the next
        elif current is not None:
            current.add(line)
        blank_before = False
    for block in blocks:
        _inline(block)
        _relabel(block.points)
    return _settle(blocks)


def _inline(block: Block) -> None:
    """An enumeration run into a sentence ("... on: (i) modalities ...; (ii) thematic groups;
    and (iii) ...") whose first item happens to start a line is text, not a sub-paragraph:
    the item carries the next label inline and no item of that label follows it."""
    for point in block.points:
        _inline(point)
    for k, point in enumerate(block.points):
        after = _NEXT_LABEL.get(point.number or "")
        text = " ".join(x.text for x in point.lines)
        following = block.points[k + 1].number if k + 1 < len(block.points) else None
        if after and f"({after}) " in text and following != after and not point.points:
            first, *rest = point.lines
            owner = block.points[k - 1].deepest() if k else block
            owner.lines.extend([Line(first.number, f"({point.number}) {first.text}"), *rest])
            del block.points[k]
            return


_NEXT_LABEL = {"a": "b", "i": "ii", "1": "2"}  # the first label of a list, and the second


def _unnumbered_heading(block: Block, opens_preamble: Callable[[str], bool],
                        opens_operative: Callable[[str], bool]) -> bool:
    """A section heading without a numeral ("Role of the Assembly" before "1."): a short
    unnumbered block, unfinished (a paragraph ends with its punctuation), that opens with no
    phrase, and is followed at once by a numbered paragraph (the caller's case)."""
    if block.number or block.points or not block.lines or len(block.lines) > _HEADING_LINES:
        return False
    text = " ".join(x.text for x in block.lines)
    return (len(text) <= _HEADING_CHARS and not finished(text) and not opens_preamble(text)
            and not opens_operative(text))


_HEADING_LINES = 2  # lines a heading's title takes at most
_HEADING_CHARS = 120


def _bare_number(text: str, opens_operative: Callable[[str], bool]) -> re.Match[str] | None:
    """"26 Condemns ...": an operative number printed without its full stop, known by the
    operative phrase that follows it (otherwise a line may well begin with a number: "2 June
    2036", "15 Member States"); the caller still wants it to be the next number, after a
    finished paragraph."""
    m = _UNSTOPPED.match(text)
    return m if m and opens_operative(m[2]) else None


def _fill(blocks: list[Block], line: Line) -> None:
    """Give `line` to the first of the numbered paragraphs still without text at the end of
    `blocks`. PDF text of a page laid out in columns gives the numbers first ("1.", "2.") and
    then their texts: each text fills the next number once the one before it is finished."""
    j = len(blocks)
    while j > 0 and blocks[j - 1].kind == "operative" and blocks[j - 1].empty():
        j -= 1
    filling = blocks[j - 1] if j > 0 and blocks[j - 1].stacked else None
    if filling is not None and not finished(filling.last_text()):
        filling.add(line)
        return
    blocks[j].lines.append(line)
    blocks[j].stacked = j < len(blocks) - 1


def _settle(blocks: list[Block]) -> list[Block]:
    """Where the operative part is numbered, everything before "1." is preamble (a preambular
    paragraph may open with an operative verb by a drafting slip: "Recalls that ..."); where
    it is not, it begins at the first paragraph that opens with an operative phrase.

    Headings ("II" / "Capacity-building") divide a resolution into sections or parts and are
    no paragraph of their own (the UN's markup makes them `subheading`s). A part may have a
    preamble of its own (budget resolutions in parts I, II ... whose numbering restarts): its
    recitals, after its heading and before its "1.", stay preambular."""
    first = next((i for i, b in enumerate(blocks) if b.kind == "operative" and b.number), None)
    if first is None:
        first = next((i for i, b in enumerate(blocks) if b.kind == "operative"), len(blocks))
    out: list[Block] = []
    recitals = False  # inside a part's own preamble, after its heading
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            recitals = True
            continue
        if block.number:
            recitals = False
        block.kind = "preambular" if i < first or (recitals and block.kind == "preambular") \
            else "operative"
        out.append(block)
    return out


def _opens(text: str, current: Block | None, opens_preamble: Callable[[str], bool],
           known_preamble: Callable[[str], bool] | None) -> bool:
    """A preambular paragraph opens here: a known phrase always; a guess (a participle) not
    while a quotation is open (a quoted title wraps onto "Taking into Particular Account")."""
    if not opens_preamble(text):
        return False
    if known_preamble is None or current is None or not current.quoting():
        return True
    return known_preamble(text)


def _add_point(block: Block, point: Block) -> None:
    """Sub-paragraphs nest: (i), (ii) after a lettered point other than (h) belong to it."""
    last = block.points[-1] if block.points else None
    label = point.number or ""
    roman = bool(_ROMAN.match(label)) or label.isdigit()
    nested = last is not None and bool(last.points)
    if last is not None and roman and (nested or (
        label in ("i", "1") and not _ROMAN.match(last.number or "") and last.number != "h"
        and not (last.number or "").isdigit()
    )):
        last.points.append(point)
    else:
        block.points.append(point)


def _relabel(points: list[Block]) -> None:
    """OCR reads "(i)" as "(1)": in a list that is otherwise roman, digits are roman numerals."""
    labels = [p.number or "" for p in points]
    if any(_ROMAN.match(x) and x not in ("i", "v", "x") for x in labels):
        numerals = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]
        for p in points:
            if (p.number or "").isdigit() and 0 < int(p.number or 0) <= len(numerals):
                p.number = numerals[int(p.number or 0) - 1]
    for p in points:
        _relabel(p.points)
