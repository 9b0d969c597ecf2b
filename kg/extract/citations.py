"""Citations of resolutions and documents by number or symbol.

"its resolution 53/144" and "Commission on Human Rights resolution 2000/61" become symbols by the
issuing organ's symbol prefix (reference data); "E/CN.4/2002/106 and Add.1 and 2" is three
documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.document import Citation, Organ, RefData
from kg.patterns import SYMBOL, clean_symbol
from kg.symbols import canonical

_KEYWORD = re.compile(r"\b[Rr]esolutions?\s+")
_NUMBER = re.compile(
    r"((?:E?S-)?\d{1,4}/\d{1,4}(?:\s(?:([A-Z])\2?)(?![\w/]))?|\d{1,4}\s?[A-Z]?\s?\((?:ES-|S-)?[IVXLC]+\)"
    r"|\d{1,4}(?:\s[A-Z])?\s\(\d{4}\))"
)
# further parts of a lettered resolution: "69/96 A and B", "161 A and B (1961)", "50/72 A-D"
_MORE_LETTERS = re.compile(r"(\s*(?:,\s*and|,|and|to|-)\s*)([A-Z])(?![\w/])")
_LETTER = re.compile(r"(?<=[\d\s])[A-Z](?=\s?\(|$)")
_SEPARATOR = re.compile(r"\s*(?:,\s*and|,|and)\s+")
_ADDENDA = re.compile(r"\s+and\s+((?:Add|Corr|Rev)\.)(\d+)((?:\s*(?:,|and)\s*\d+)*)")
# "of 14 March 1950", "of 20 July" (the year given once for a list), "of 4 and 14 July 1967"
_DATE_TAIL = re.compile(r",?\s+of\s+\d{1,2}(?:\s+and\s+\d{1,2})?\s+[A-Z][a-z]+(?:\s+\d{4})?")


def resolutions(text: str, refdata: RefData, own: Organ | None) -> Iterator[Citation]:
    """Resolutions cited by number after the word "resolution(s)"."""
    for keyword in _KEYWORD.finditer(text):
        issuer = _issuer(text[max(0, keyword.start() - 80) : keyword.start()], refdata) or own
        prefix = issuer.symbol_prefix if issuer and issuer.symbol_prefix else None
        pos = keyword.end()
        while m := _NUMBER.match(text, pos):
            numbers, pos = _lettered(text, m[1], m.end())
            if prefix:
                for number in numbers:
                    symbol = canonical(prefix + number)
                    yield Citation("resolution", symbol, text[keyword.start() : pos])
            if tail := _DATE_TAIL.match(text, pos):
                pos = tail.end()
            sep = _SEPARATOR.match(text, pos)
            if not sep or not _NUMBER.match(text, sep.end()):
                break
            pos = sep.end()


def _lettered(text: str, number: str, pos: int) -> tuple[list[str], int]:
    """The number and the further parts printed after it ("69/96 A and B" is two resolutions,
    "50/72 A to D" four), and where the citation ends."""
    letter = _LETTER.search(number)
    numbers = [number]
    if letter is None:
        return numbers, pos
    last = letter[0]
    while (more := _MORE_LETTERS.match(text, pos)) and more[2] > last:
        ranged = more[1].strip() in ("to", "-")
        for code in range(ord(last) + 1 if ranged else ord(more[2]), ord(more[2]) + 1):
            numbers.append(number[: letter.start()] + chr(code) + number[letter.end() :])
        last, pos = more[2], more.end()
    return numbers, pos


def _issuer(before: str, refdata: RefData) -> Organ | None:
    """The organ named just before "resolution" ("Commission on Human Rights resolution")."""
    before = before.rstrip()
    best: Organ | None = None
    best_len = 0
    for organ in refdata.organs:
        for label in (*organ.labels, *(s.removeprefix("the ") for s in organ.short_names)):
            if len(label) > best_len and before.endswith(label):
                best, best_len = organ, len(label)
    return best


def documents(text: str) -> Iterator[Citation]:
    """Documents cited by symbol, with "and Add.1 and 2" expanded to each addendum."""
    for m in SYMBOL.finditer(text):
        symbol = clean_symbol(m[0])
        if symbol is None:
            continue
        kind = "resolution" if "/RES/" in symbol else "document"
        yield Citation(kind, canonical(symbol), m[0])
        if extra := _ADDENDA.match(text, m.end()):
            label, first, rest = extra.groups()
            # "S/7930/Add.64 and Add.65": the addendum of S/7930, not of its addendum 64
            base = re.sub(rf"/{re.escape(label)}\d+$", "", symbol)
            for n in [first, *re.findall(r"\d+", rest)]:
                yield Citation(kind, f"{base}/{label}{n}", extra[0].strip())
