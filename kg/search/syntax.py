"""The query language of the search box, turned into an FTS5 MATCH expression.

What a person types is never handed to FTS5 as it is: FTS5 reads `-`, `:`, `^`, `+` and bare
punctuation as syntax, and a stray one is an error from inside SQLite. Words and phrases are
re-emitted as FTS5 strings (quoted, made of word characters only), so the only syntax FTS5
sees is the one written here: `"phrases"`, `prefix*`, AND, OR, NOT (upper case, as in most
search engines), `-word` for NOT, parentheses, and bare words ANDed. A query that cannot be
read raises QueryError with a message for the person who typed it.
"""

from __future__ import annotations

import re

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*"\*?)|(?P<open>\()|(?P<close>\))|(?P<neg>-(?=[\w"(]))'
                    r'|(?P<word>[^\s"()]+))')
_WORD = re.compile(r"\w+")
_OPERATORS = ("AND", "OR", "NOT")
PREFIX = '" *'  # how a prefix term ends in the expression made here
MAX_LENGTH = 500  # characters of a query
MAX_TERMS = 32


class QueryError(ValueError):
    """A query the search cannot read; the message says why, for the person who typed it."""


def _tokens(query: str) -> list[tuple[str, str]]:
    if query.count('"') % 2:
        raise QueryError('a quotation mark is not closed: write phrases as "human rights"')
    found: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if m is None or m.end() == pos:  # only trailing blanks are left
            break
        pos = m.end()
        kind = m.lastgroup or ""
        text = m.group(kind)
        if kind == "word" and text in _OPERATORS:
            kind = text
        found.append((kind, text))
    return found


def _string(text: str) -> str | None:
    """An FTS5 string of the words of `text` (a phrase when there are several), `*` kept."""
    prefix = text.endswith("*")
    words = _WORD.findall(text)
    if not words:
        return None
    return '"' + " ".join(words) + (PREFIX if prefix else '"')


class _Parser:
    """expr := and (OR and)* ; and := unary ((AND)? unary)* ; unary := primary (NOT primary)*
    | -primary ; primary := word | "phrase" | ( expr )."""

    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0
        self.terms = 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expr(self) -> str | None:
        parts = [self.conjunction()]
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, "close", "OR", "AND"):
                raise QueryError("OR needs a word after it")
            parts.append(self.conjunction())
        kept = [p for p in parts if p]
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else "(" + " OR ".join(kept) + ")"

    def conjunction(self) -> str | None:
        wanted: list[str] = []
        unwanted: list[str] = []
        while self.peek() not in (None, "close", "OR"):
            if self.peek() == "AND":
                self.take()
                if self.peek() in (None, "close", "OR", "AND"):
                    raise QueryError("AND needs a word after it")
                continue
            if self.peek() == "NOT":
                if not wanted:
                    raise QueryError("NOT needs a word before it (as in: rights NOT women)")
                self.take()
                unwanted.append(self.primary("NOT"))
                continue
            if self.peek() == "neg":
                self.take()
                unwanted.append(self.primary("-"))
                continue
            if term := self.primary():
                wanted.append(term)
        unwanted = [u for u in unwanted if u]
        if unwanted and not wanted:
            raise QueryError("a query needs a word to look for besides the excluded ones")
        if not wanted:
            return None
        expr = wanted[0] if len(wanted) == 1 else "(" + " AND ".join(wanted) + ")"
        for u in unwanted:
            expr = f"({expr} NOT {u})"
        return expr

    def primary(self, after: str = "") -> str:
        kind = self.peek()
        if kind is None or kind in ("close", *_OPERATORS):
            raise QueryError(f"{after} needs a word after it" if after
                             else "a word is missing in the query")
        _, text = self.take()
        if kind == "open":
            inner = self.expr()
            if self.peek() != "close":
                raise QueryError("a parenthesis is not closed")
            self.take()
            return inner or ""
        if kind == "neg":
            raise QueryError("write one minus sign before a word to exclude it")
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"a query has at most {MAX_TERMS} words and phrases")
        return _string(text[1:-1] + "*" if kind == "phrase" and text.endswith("*")
                       else text.strip('"')) or ""


def to_fts(query: str) -> str | None:
    """The FTS5 MATCH expression for `query`, or None when it has no word to look for.

    >>> to_fts('"human rights defenders" ratif* NOT death-penalty')
    '(("human rights defenders" AND "ratif" *) NOT "death penalty")'
    >>> to_fts('women OR girls')
    '("women" OR "girls")'
    """
    if len(query) > MAX_LENGTH:
        raise QueryError(f"a query has at most {MAX_LENGTH} characters")
    parser = _Parser(_tokens(query))
    expr = parser.expr()
    if parser.peek() == "close":
        raise QueryError("a closing parenthesis has no opening one")
    return expr
