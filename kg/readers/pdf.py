"""The text layer of a PDF in reading order, with footnote markers told apart from numbers.

pdfminer's plain text loses what tells a footnote marker from a number of the text: a marker
is printed smaller and raised above the line (`resolution 78/7;¹`), and as plain text it is
`78/7;1`, which reads as a symbol, a date or a paragraph number as readily as a marker. This
reader lays the page out exactly as `pdfminer.high_level.extract_text` does (same boxes, same
order, a form feed after each page) and writes a digit set small and raised after other text
of its line as a Unicode superscript digit, so that `kg.segment.footnotes` finds the marker
without guessing. A raised digit that opens its line is left plain: it numbers a footnote's
own text at the foot of the page (`¹ A/79/80.` is read as `1 A/79/80.`, as it always was).
"""

from __future__ import annotations

import io
from typing import TextIO

from pdfminer.converter import PDFConverter
from pdfminer.layout import (
    LAParams,
    LTChar,
    LTContainer,
    LTItem,
    LTPage,
    LTText,
    LTTextBox,
    LTTextLine,
)
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

# UN documents are justified: the widest gaps between words of one line exceed pdfminer's
# default char_margin (2), which cuts a line into boxes read out of order (a word of a
# paragraph printed at the start of the next); measured on the 150 official PDFs of
# benchmarks/pdf_accuracy.py
CHAR_MARGIN = 20.0
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# a marker is set at about two thirds of the text's size (6.5 pt in 10 pt text, 5.5 in 8.5)
# and its foot well above the line's baseline; a digit of the text is neither
_SMALLER = 0.8
_RAISED = 0.15


def pdf_text(data: bytes) -> str:
    """The text of a PDF, pages separated by form feeds, markers as superscript digits."""
    manager = PDFResourceManager(caching=True)
    out = io.StringIO()
    device = _MarkedText(manager, out, laparams=LAParams(char_margin=CHAR_MARGIN))
    interpreter = PDFPageInterpreter(manager, device)
    for page in PDFPage.get_pages(io.BytesIO(data), caching=True):
        interpreter.process_page(page)
    return out.getvalue()


class _MarkedText(PDFConverter[TextIO]):
    """pdfminer's TextConverter, except that each text line is written by `line_text`."""

    def __init__(self, manager: PDFResourceManager, out: io.StringIO,
                 laparams: LAParams) -> None:
        super().__init__(manager, out, codec="utf-8", pageno=1, laparams=laparams)
        self.out = out

    def receive_layout(self, ltpage: LTPage) -> None:
        def render(item: LTItem) -> None:
            if isinstance(item, LTTextLine):
                self.out.write(line_text(item))
            elif isinstance(item, LTContainer):
                for child in item:
                    render(child)
            elif isinstance(item, LTText):
                self.out.write(item.get_text())
            if isinstance(item, LTTextBox):
                self.out.write("\n")

        render(ltpage)
        self.out.write("\f")

    def render_image(self, name: str, stream: object) -> None:  # type: ignore[override]
        """Images carry no text."""

    def paint_path(self, *args: object) -> None:  # type: ignore[override]
        """Drawings carry no text (the rule above the footnotes is printed as underscores)."""


def line_text(line: LTTextLine) -> str:
    """A line's text, its small raised digits after other text as superscript digits.

    A digit is measured against the character it follows (spaces and the digits of the same
    marker skipped), not against the line: a marker is glued to the word it annotates, while
    a line may mix sizes (the symbol beside the large masthead, two short footnotes side by
    side at the foot of a page, each opened by its small raised number)."""
    parts: list[str] = []
    before: LTChar | None = None  # the last character of the text, markers skipped
    for item in line:
        text = item.get_text()
        if isinstance(item, LTChar) and text.strip():
            if (before is not None and text.isdigit() and item.size < _SMALLER * before.size
                    and item.y0 > before.y0 + _RAISED * before.size):
                text = text.translate(SUPERSCRIPT)
            else:
                before = item
        parts.append(text)
    return "".join(parts)
