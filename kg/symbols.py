"""One spelling of a UN document symbol, and the matching of the spellings people type.

The same resolution is printed "S/RES/242 (1967)", cited "resolution 242 (1967)", typed
"S/RES/242", "s/res/242(1967)" or "S/RES/242%20(1967)", and its alias IRI is
`BASE/symbol/S/RES/242(1967)`. Extraction, IRI minting, the server's lookup and `kg diff` all
go through this module, so that every spelling leads to the one resolution.

A symbol is read as three parts: the stem ("S/RES/242", "A/RES/60/251"), the letters of
lettered parts ("A", or "A-B" for several), and the bracket after it ("(1967)", "(XXI)"). A
typed symbol matches a known one when the stems agree and each part the person typed agrees;
a part left out matches any (with or without the year, with or without the letter).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from urllib.parse import quote, unquote

_SHAPE = re.compile(
    r"^(?P<stem>.*?\d)(?:\s*(?P<letters>[A-Z](?:\s*(?:-|–|,|and|to)\s*[A-Z])*))?"
    r"\s*(?P<bracket>\(\s*[^()]*?\s*\))?$")
_RANGE = re.compile(r"([A-Z])\s*(-|–|,|and|to)\s*(?=[A-Z])")


@dataclass(frozen=True)
class Parts:
    stem: str
    letters: tuple[str, ...]  # () when no lettered part is named
    bracket: str | None  # "(1967)", "(XXI)"; None when not given


@lru_cache(maxsize=65536)
def canonical(symbol: str) -> str:
    """The spelling kept as `dcterms:identifier`: single spaces, a space before a lettered
    part and before the bracket ("2200A(XXI)" -> "2200 A (XXI)", "242(1967)" ->
    "242 (1967)"), none inside the bracket."""
    symbol = re.sub(r"\s+", " ", unquote(symbol)).strip()
    parts = parse(symbol)
    if parts is None:
        return symbol
    out = parts.stem
    if parts.letters:
        out += " " + _letters_text(parts.letters)
    if parts.bracket:
        out += " " + parts.bracket
    return out


@lru_cache(maxsize=65536)
def parse(symbol: str) -> Parts | None:
    """The stem, letters and bracket of a symbol; None for text that is no symbol."""
    m = _SHAPE.match(re.sub(r"\s+", " ", unquote(symbol)).strip())
    if m is None or "/" not in m["stem"]:
        return None
    bracket = re.sub(r"\(\s*(.*?)\s*\)", r"(\1)", m["bracket"]) if m["bracket"] else None
    return Parts(m["stem"].strip(), letters(m["letters"] or ""), bracket)


def with_letter(symbol: str, letter: str | None) -> str:
    """The symbol of one lettered part, or with `letter` None of the document that prints
    them all: "S/RES/161 (1961)" + A -> "S/RES/161 A (1961)"; "A/RES/69/96 A-B" + B ->
    "A/RES/69/96 B"; "S/RES/161 A (1961)" + None -> "S/RES/161 (1961)"."""
    parts = parse(symbol)
    if parts is None:
        return symbol
    return " ".join(p for p in (parts.stem, letter, parts.bracket) if p)


def letters(text: str) -> tuple[str, ...]:
    """"A" -> (A,), "A-C" -> (A, B, C), "A and B" -> (A, B), "A, B and D" -> (A, B, D)."""
    found: list[str] = []
    pos = 0
    for m in _RANGE.finditer(text):
        if m.start() != pos:
            break
        found.append(m[1])
        pos = m.end()
        if m[2] in ("-", "–", "to"):
            after = text[pos : pos + 1]
            found.extend(chr(c) for c in range(ord(m[1]) + 1, ord(after)))
    tail = text[pos:].strip()
    if len(tail) == 1 and tail.isupper():
        found.append(tail)
    return tuple(dict.fromkeys(found))


def _letters_text(found: tuple[str, ...]) -> str:
    if len(found) == 1:
        return found[0]
    if all(ord(b) - ord(a) == 1 for a, b in pairwise(found)):
        return f"{found[0]}-{found[-1]}"
    return ", ".join(found[:-1]) + " and " + found[-1]


def key(symbol: str) -> str:
    """What two spellings of one symbol share: no spaces, upper case, percent-decoded."""
    return re.sub(r"\s+", "", canonical(symbol)).upper()


def iri_path(symbol: str) -> str:
    """The part of `BASE/symbol/...` after `symbol/`: the canonical spelling without spaces
    (`S/RES/242(1967)`, `A/RES/2200A(XXI)`), readable, the rest percent-encoded."""
    return quote(canonical(symbol).replace(" ", ""), safe="/().-")


class SymbolIndex:
    """Symbols of known documents (each with a value, such as its IRI), found by what people
    type. One symbol may stand for several values (the lettered parts of one document)."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._exact: dict[str, list[str]] = defaultdict(list)
        self._by_stem: dict[str, list[tuple[Parts, str]]] = defaultdict(list)
        self.symbols: dict[str, str] = {}
        for symbol, value in entries:
            spelling = canonical(symbol)
            self._exact[re.sub(r"\s+", "", spelling).upper()].append(value)
            self.symbols.setdefault(value, spelling)
            parts = parse(spelling)
            if parts is not None:
                self._by_stem[parts.stem.upper()].append((parts, value))

    def __len__(self) -> int:
        return len(self.symbols)

    def find(self, typed: str) -> list[str]:
        """The values `typed` names: one for an exact or unambiguous spelling, several for a
        symbol that stands for lettered parts or that is ambiguous without its bracket."""
        typed = unquote(typed).strip().rstrip("/")  # "S/RES/242/" as a path is typed
        exact = self._exact.get(key(typed))
        if exact:
            return list(dict.fromkeys(exact))
        parts = parse(canonical(typed).upper())
        if parts is None:
            return []
        found = []
        for known, value in self._by_stem.get(parts.stem.upper(), []):
            if parts.bracket and (known.bracket or "").upper() != parts.bracket.upper():
                continue
            if parts.letters and not set(known.letters) & set(parts.letters):
                continue
            found.append(value)
        return list(dict.fromkeys(found))
