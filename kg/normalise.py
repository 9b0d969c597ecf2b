"""Undo the artefacts of extraction, line by line, keeping each line's source line number.

Each step is a small named `str -> str` function whose docstring states what is true after it.
Lines are not joined here: where paragraphs begin is decided by `segment`, which needs the line
structure; `join` gives it the one rule for gluing lines back together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from kg.document import Line

Step = Callable[[str], str]

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_STRAY_STARS = re.compile(r"^\*+|\*+$")
_QUOTES = str.maketrans({"\u2011": "-", "\u2010": "-",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'",
                         "\u2019": "'", "\u00a0": " ", "\t": " ", "\u2009": " ", "\u202f": " ",
                         "\u00ad": None, "\u200b": None, "\ufeff": None})
_SPACES = re.compile(r" {2,}")


def drop_markdown(line: str) -> str:
    """No Markdown links or emphasis remain (`*Calls upon*` -> `Calls upon`, `[HOME](#)` -> `HOME`).

    Web conversions mark operative verbs and the closing with emphasis that may open on one line
    and close on the next, so unmatched stars at either end of a line are dropped too.
    """
    if "[" in line:  # the checks skip the regular expressions on the many lines without marks
        line = _LINK.sub(r"\1", line)
    if "*" in line or "__" in line:
        line = _EMPHASIS.sub(r"\2", line)
    line = line.strip()
    return _STRAY_STARS.sub("", line) if "*" in line else line


def straighten(line: str) -> str:
    """Quotes are ASCII, spaces are plain spaces, soft hyphens and zero-width marks are gone,
    so that the same paragraph reads the same from a PDF and from a web page."""
    return line.translate(_QUOTES)


def squeeze(line: str) -> str:
    """No leading, trailing or repeated spaces (indentation carries no meaning we rely on)."""
    return _SPACES.sub(" ", line.strip())


_BROKEN_SYMBOL = re.compile(r"\b([A-Z]{1,2}/) (?=\d)|\b(Add|Corr|Rev|Amend)\. (?=\d)")
_SPACED_HYPHEN = re.compile(r"(?<=[a-z]) -(?=[a-z])")
_SPACE_BEFORE = re.compile(r"(?<=\w) +(?=[;:,](?:\s|$))")
_APOSTROPHE = re.compile(r"(?<=\w) '(?=s\b)")


def mend(line: str) -> str:
    """Extraction and OCR damage that no reader wants is undone: symbols broken by a space
    (`S/ 13369`, `Add. 1`), words split before a hyphen (`high -level`), a space before a
    semicolon, colon or comma (`conflict ;`), and before a possessive (`Women 's`)."""
    line = _BROKEN_SYMBOL.sub(lambda m: m[1] or f"{m[2]}.", line)
    if " -" in line:
        line = _SPACED_HYPHEN.sub("-", line)
    if " ;" in line or " :" in line or " ," in line:
        line = _SPACE_BEFORE.sub("", line)
    return _APOSTROPHE.sub("'", line) if " '" in line else line


DEFAULT_STEPS: tuple[Step, ...] = (straighten, drop_markdown, squeeze, mend)


def normalise(text: str, steps: Iterable[Step] = DEFAULT_STEPS) -> tuple[Line, ...]:
    """Split into lines, apply each step to each line; blank lines are kept as empty strings;
    the line after a form feed (a page break) is marked, because page-foot footnotes end
    there."""
    chosen = tuple(steps)
    out: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        page_start = "\f" in raw
        if page_start:  # pdftotext and pdfminer put the form feed before a page's first line
            before, _, raw = raw.rpartition("\f")
            if before.strip():
                out.append(Line(number, _apply(before, chosen)))
        out.append(Line(number, _apply(raw, chosen), page_start))
    return tuple(out)


def _apply(line: str, steps: tuple[Step, ...]) -> str:
    for step in steps:
        line = step(line)
    return line


def join(parts: Iterable[str]) -> str:
    """Join the lines of one paragraph.

    A line ending in a hyphen is glued to the next without a space and keeps its hyphen: UN
    documents are set ragged-right, so a hyphen at a line end is a real one (Secretary-General,
    non-State), not a word broken by the typesetter.
    """
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not text or (text.endswith("-") and not text.endswith(" -")):
            text += part
        else:
            text += " " + part
    return text
