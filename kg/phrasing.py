"""Match a paragraph's opening words against the phrase scheme.

Shared by segment (a known phrase at a line start, after a finished paragraph, begins a new
paragraph even without a blank line) and extract (which concept opens the paragraph).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.document import Phrase, RefData

# Adverbs that the UN inserts into a standard phrase without changing it: "Noting also with
# deep concern", "Further requests", "Recalling once again", "Calls once more upon". They are
# skipped while matching.
FILLERS = frozenset({"also", "further", "again", "once", "moreover", "furthermore", "and",
                     "hereby", "therefore", "accordingly", "now", "more",
                     # the same adverbs in the other official languages ("Rappelant également",
                     # "Recordando también", "ссылаясь также", "وإذ تشير أيضا")
                     "également", "aussi", "en", "outre", "nouveau", "de", "encore",
                     "también", "además", "asimismo", "nuevamente", "igualmente",
                     "также", "вновь", "далее", "еще", "ещё", "أيضا", "كذلك"})


def _filler(token: str) -> bool:
    """Listed fillers, "being" ("Being deeply concerned") and adverbs in -ly ("Strongly
    deplores", "Urgently calls upon"): a curated phrase that includes the adverb ("strongly
    condemns") still wins, because the longest phrase is chosen."""
    return token in FILLERS or token == "being" or (len(token) > 4 and token.endswith("ly"))


# A word in any of the six official languages; Chinese is written without spaces, so each of its
# characters is a token (a label "回顾" is the tokens 回, 顾, matched the same way)
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK}]|[^\\W\\d_{_CJK}][^\\W_{_CJK}'\u2019-]*")


# Arabic short vowels, shadda and tatweel: printed in some texts and not in others ("تسلّم")
_ARABIC_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640])


def words(text: str, limit: int = 12) -> list[str]:
    """The first words of `text`, lower-cased.

    >>> words("Recalling its resolution"), words("Rappelant également"), words("回顾其决议")
    (['recalling', 'its', 'resolution'], ['rappelant', 'également'], ['回', '顾', '其', '决', '议'])
    """
    head = text[:200]
    if any("\u0600" <= c <= "\u06ff" for c in head[:8]):
        head = head.translate(_ARABIC_MARKS)
    return [w.lower() for w in _WORD.findall(head)[:limit]]


def _consumes(tokens: list[str], label: list[str]) -> bool:
    i = 0
    for want in label:
        while i < len(tokens) and tokens[i] != want and _filler(tokens[i]):
            i += 1
        if i >= len(tokens) or tokens[i] != want:
            return False
        i += 1
    return True


class PhraseIndex:
    """Phrases by their first word, longest first: a paragraph start is compared with the few
    phrases that can open it instead of the whole scheme (segment asks for every line)."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self.by_first: dict[str, list[tuple[list[str], Phrase]]] = {}
        for phrase in phrases:
            label = words(phrase.label)
            if label:
                self.by_first.setdefault(label[0], []).append((label, phrase))
        for candidates in self.by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))  # stable: ties keep the scheme's order

    def match(self, text: str) -> Phrase | None:
        """The longest phrase that opens `text` (fillers skipped), or None.

        The text must not begin with a lower-case letter: a phrase word in lower case at a line
        start is the middle of a wrapped sentence, not an opening (Arabic and Chinese have no
        case: their openings are taken as they come).
        """
        stripped = text.lstrip("\"'(")
        if not stripped[:1] or stripped[:1].islower() or not stripped[:1].isalpha():
            return None
        tokens = words(stripped)
        best: Phrase | None = None
        best_len = 0
        for token in tokens:  # a phrase may begin at any token reached by skipping fillers
            for label, phrase in self.by_first.get(token, ()):
                if len(label) <= best_len:
                    break
                if _consumes(tokens, label):
                    best, best_len = phrase, len(label)
                    break
            if not _filler(token):
                break
        return best


def match_phrase(text: str, phrases: Iterable[Phrase]) -> Phrase | None:
    """The longest phrase that opens `text` (fillers skipped), or None."""
    return PhraseIndex(phrases).match(text)


_INDEXES: dict[tuple[int, str], tuple[RefData, PhraseIndex]] = {}


def phrase_index(refdata: RefData, kind: str, *, other: bool = False) -> PhraseIndex:
    """The index of the scheme's phrases of `kind` (or, with `other`, of every other kind),
    built once per reference data."""
    key = (id(refdata), f"{'!' if other else ''}{kind}")
    hit = _INDEXES.get(key)
    if hit is None or hit[0] is not refdata:
        chosen = [p for p in refdata.phrases if (p.kind != kind if other else p.kind == kind)]
        hit = _INDEXES[key] = (refdata, PhraseIndex(chosen))
    return hit[1]
