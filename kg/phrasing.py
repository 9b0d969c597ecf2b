"""Match a paragraph's opening words against the phrase scheme.

Shared by segment (a known phrase at a line start, after a finished paragraph, begins a new
paragraph even without a blank line) and extract (which concept opens the paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.document import Phrase

# Adverbs that the UN inserts into a standard phrase without changing it: "Noting also with
# deep concern", "Further requests", "Recalling once again". They are skipped while matching.
FILLERS = frozenset({"also", "further", "again", "once", "moreover", "furthermore", "and",
                     "hereby", "therefore", "accordingly", "now"})


def _filler(token: str) -> bool:
    """Listed fillers, "being" ("Being deeply concerned") and adverbs in -ly ("Strongly
    deplores", "Urgently calls upon"): a curated phrase that includes the adverb ("strongly
    condemns") still wins, because the longest phrase is chosen."""
    return token in FILLERS or token == "being" or (len(token) > 4 and token.endswith("ly"))


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def words(text: str, limit: int = 12) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[:200])[:limit]]


def _consumes(tokens: list[str], label: list[str]) -> bool:
    i = 0
    for want in label:
        while i < len(tokens) and tokens[i] != want and _filler(tokens[i]):
            i += 1
        if i >= len(tokens) or tokens[i] != want:
            return False
        i += 1
    return True


def match_phrase(text: str, phrases: Iterable[Phrase]) -> Phrase | None:
    """The longest phrase that opens `text` (fillers skipped), or None.

    The text must begin with a capital letter: a phrase word in lower case at a line start is
    the middle of a wrapped sentence, not an opening.
    """
    stripped = text.lstrip("\"'(")
    if not stripped[:1].isupper():
        return None
    tokens = words(stripped)
    best: Phrase | None = None
    best_len = 0
    for phrase in phrases:
        label = phrase.label.split()
        if len(label) > best_len and _consumes(tokens, label):
            best, best_len = phrase, len(label)
    return best
