"""Align the paragraphs of a resolution with those of the previous one in its series.

Resolutions re-use last year's paragraphs, reordered, reworded, split or merged, and the PDF and
web versions differ in artefacts. So paragraphs are compared as word sequences without their
opening phrase (which is what changes when a paragraph is strengthened), pairs are chosen
greedily by similarity (best first, one-to-one), and what is left is checked for containment
(a split or a merge) before it is called new or dropped. Pairs that break the order of the
longest run of kept pairs are "moved".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from kg.lineage.outline import ParagraphOutline, ResolutionOutline
from kg.phrasing import FILLERS

MATCH = 0.5  # below this a pair is not the same paragraph
CONTAINED = 0.8  # share of a paragraph's words found in order inside another (split/merge)
SAME_VERB_MATCH = 0.35  # enough when both paragraphs open with the same word
_WORD = re.compile(r"[a-z0-9]+")

Strengths = dict[str, tuple[str, int]]  # phrase IRI -> (scale IRI, rank)


@dataclass(frozen=True)
class Change:
    types: tuple[str, ...]  # unchanged | reworded | strengthened | weakened | rephrased | moved
    #                         | new | dropped | split | merged
    new: ParagraphOutline | None
    old: tuple[ParagraphOutline, ...]
    similarity: float


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def body(p: ParagraphOutline) -> list[str]:
    """The paragraph's words after its opening phrase (fillers such as "also" included)."""
    tokens = words(p.text)
    if not p.phrase_label:
        return tokens
    i = 0
    for want in p.phrase_label.split():
        while i < len(tokens) and tokens[i] != want and tokens[i] in FILLERS:
            i += 1
        if i < len(tokens) and tokens[i] == want:
            i += 1
    return tokens[i:]


def similarity(a: list[str], b: list[str], floor: float = 0.0) -> float:
    """Word-sequence similarity; below `floor` the cheap upper bounds answer 0 without the full
    comparison, which is what keeps a long series of long resolutions fast."""
    if not a and not b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if floor and (matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor):
        return 0.0
    return matcher.ratio()


def containment(part: list[str], whole: list[str]) -> float:
    """Share of `part`'s words found, in order, inside `whole`; 0 when a cheap upper bound
    (the words the two share, in any order) is already below CONTAINED."""
    if not part:
        return 0.0
    if sum((Counter(part) & Counter(whole)).values()) / len(part) < CONTAINED:
        return 0.0
    blocks = SequenceMatcher(None, part, whole, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(part)


def align(old: ResolutionOutline, new: ResolutionOutline, strengths: Strengths) -> list[Change]:
    """Changes for every paragraph of `new` (in order), then the dropped paragraphs of `old`."""
    changes: list[Change] = []
    for kind in ("preambular", "operative"):
        changes.extend(_align_kind(old.of_kind(kind), new.of_kind(kind), strengths))
    ordered = [c for c in changes if c.new is not None]
    ordered.sort(key=lambda c: c.new.position if c.new else 0)
    return ordered + [c for c in changes if c.new is None]


class _Texts:
    """The bodies of one kind of paragraph of a pair of resolutions, compared as `similarity`
    and `containment` do (the same numbers), but each comparison once: a body that recurs is
    one text (an unchanged paragraph is one text in both resolutions, and equal texts are
    alike without comparing them), the words they share are counted once per two texts, and
    difflib's index of a text (SequenceMatcher's second sequence) is built once per text
    instead of once per comparison. This is what makes a pair cost milliseconds."""

    def __init__(self, old_bodies: list[list[str]], new_bodies: list[list[str]]) -> None:
        ids: dict[tuple[str, ...], int] = {}
        self.old = [ids.setdefault(tuple(b), len(ids)) for b in old_bodies]
        self.new = [ids.setdefault(tuple(b), len(ids)) for b in new_bodies]
        self.seqs = list(ids)
        self._counts: dict[int, Counter[str]] = {}
        self._common: dict[tuple[int, int], int] = {}
        self._matches: dict[tuple[int, int], int] = {}
        self._matchers: dict[int, SequenceMatcher[str]] = {}

    def common(self, x: int, y: int) -> int:
        """Words the two texts share, in any order (difflib's quick_ratio count)."""
        key = (x, y) if x <= y else (y, x)
        found = self._common.get(key)
        if found is None:
            for t in key:
                if t not in self._counts:
                    self._counts[t] = Counter(self.seqs[t])
            found = sum((self._counts[x] & self._counts[y]).values())
            self._common[key] = found
        return found

    def matches(self, x: int, y: int) -> int:
        """Words of the matching blocks of text x against text y (difflib: a=x, b=y)."""
        found = self._matches.get((x, y))
        if found is None:
            matcher = self._matchers.get(y)
            if matcher is None:
                matcher = SequenceMatcher(None, (), self.seqs[y], autojunk=False)
                self._matchers[y] = matcher
            matcher.set_seq1(self.seqs[x])
            found = sum(b.size for b in matcher.get_matching_blocks())
            self._matches[(x, y)] = found
        return found

    def similarity(self, x: int, y: int, floor: float = 0.0) -> float:
        """`similarity(texts x, y, floor)`."""
        total = len(self.seqs[x]) + len(self.seqs[y])
        if x == y:
            return 1.0  # (2M = T: difflib's ratio of equal sequences, empty ones included)
        if floor and 2.0 * self.common(x, y) / total < floor:
            return 0.0  # (the quick bound: real_quick_ratio is never below it)
        return 2.0 * self.matches(x, y) / total

    def containment(self, part: int, whole: int) -> float:
        """`containment(text part, text whole)`."""
        size = len(self.seqs[part])
        if not size or self.common(part, whole) / size < CONTAINED:
            return 0.0
        return self.matches(part, whole) / size


def _align_kind(olds: list[ParagraphOutline], news: list[ParagraphOutline],
                strengths: Strengths) -> list[Change]:
    old_bodies = [body(p) for p in olds]
    new_bodies = [body(p) for p in news]
    texts = _Texts(old_bodies, new_bodies)
    pair: dict[int, int] = {}  # new index -> old index
    taken: set[int] = set()
    score: dict[int, float] = {}
    # Greedy, best first (ties: the later old paragraph, then the later new one): equal texts
    # (similarity 1.0, and only they) first, then what is left, compared.
    same = sorted(((i, j) for i, x in enumerate(texts.old) for j, y in enumerate(texts.new)
                   if x == y), reverse=True)
    for i, j in same:
        if j not in pair and i not in taken:
            pair[j], score[j] = i, 1.0
            taken.add(i)
    scores = sorted(
        ((texts.similarity(x, y, MATCH), i, j) for i, x in enumerate(texts.old) if i not in taken
         for j, y in enumerate(texts.new) if j not in pair),
        reverse=True,
    )
    for s, i, j in scores:
        if s < MATCH:
            break
        if j not in pair and i not in taken:
            pair[j], score[j] = i, s
            taken.add(i)
    _second_pass(olds, news, texts, pair, taken, score)
    moved = _moved(pair)
    extra_old: dict[int, list[int]] = {}  # new index -> further old paragraphs merged into it
    split_from: dict[int, int] = {}  # unmatched new index -> old index it was split from
    for i in (i for i in range(len(olds)) if i not in taken):
        host = _host(texts, texts.old[i], texts.new, pair.keys())
        if host is not None:
            extra_old.setdefault(host, []).append(i)
            taken.add(i)
    for j in (j for j in range(len(news)) if j not in pair):
        host = _host(texts, texts.new[j], texts.old, set(range(len(olds))))
        if host is not None:
            split_from[j] = host
    changes = []
    for j, p in enumerate(news):
        if j in pair:
            i = pair[j]
            types = _types(olds[i], p, old_bodies[i], new_bodies[j], strengths)
            if j in moved:
                types = (*[t for t in types if t != "unchanged"], "moved")
            if j in extra_old:
                types = ("merged", *[t for t in types if t != "unchanged"])
            sources = (olds[i], *(olds[k] for k in extra_old.get(j, [])))
            changes.append(Change(types, p, sources, round(score[j], 3)))
        elif j in split_from:
            i = split_from[j]
            s = texts.containment(texts.new[j], texts.old[i])
            phrase = [t for t in _types(olds[i], p, [], [], strengths)
                      if t not in ("unchanged", "reworded")]
            changes.append(Change(("split", *phrase), p, (olds[i],), round(s, 3)))
        else:
            changes.append(Change(("new",), p, (), 0.0))
    changes.extend(Change(("dropped",), None, (olds[i],), 0.0)
                   for i in range(len(olds)) if i not in taken)
    return changes


def _second_pass(olds: list[ParagraphOutline], news: list[ParagraphOutline], texts: _Texts,
                 pair: dict[int, int], taken: set[int], score: dict[int, float]) -> None:
    """Pair what is left when one text contains the other (a list of resolutions that grew),
    or when both open with the same word and are still fairly alike (a reworded extension)."""
    candidates = []
    first_new = [words(p.text)[:1] for p in news]
    for i, x in enumerate(texts.old):
        if i in taken:
            continue
        first = words(olds[i].text)[:1]
        for j, y in enumerate(texts.new):
            if j in pair:
                continue
            s = texts.similarity(x, y, SAME_VERB_MATCH)
            contained = max(texts.containment(x, y), texts.containment(y, x))
            same_verb = first == first_new[j]
            if contained >= CONTAINED or (same_verb and s >= SAME_VERB_MATCH):
                candidates.append((max(s, contained), i, j))
    for s, i, j in sorted(candidates, reverse=True):
        if j not in pair and i not in taken:
            pair[j], score[j] = i, s
            taken.add(i)


def _host(texts: _Texts, part: int, candidates: list[int], allowed: object) -> int | None:
    best, best_score = None, CONTAINED
    size = len(texts.seqs[part])
    for k, whole in enumerate(candidates):
        if k in allowed and len(texts.seqs[whole]) > size:  # type: ignore[operator]
            s = texts.containment(part, whole)
            if s >= best_score:
                best, best_score = k, s
    return best


def _types(old: ParagraphOutline, new: ParagraphOutline, ob: list[str], nb: list[str],
           strengths: Strengths) -> tuple[str, ...]:
    types: list[str] = []
    if old.phrase != new.phrase:
        a, b = strengths.get(old.phrase or ""), strengths.get(new.phrase or "")
        if a and b and a[0] == b[0] and a[1] != b[1]:
            types.append("strengthened" if b[1] > a[1] else "weakened")
        elif a and b and a[0] == b[0]:
            pass  # equal rank on one scale ("notes with appreciation" / "takes note with ...")
        else:
            types.append("rephrased")
    if ob != nb or (not types and words(old.text) != words(new.text)):
        types.append("reworded")  # the second test catches a dropped "also" or "further"
    return tuple(types) or ("unchanged",)


def _moved(pair: dict[int, int]) -> set[int]:
    """New indices whose old index breaks the longest increasing run of kept pairs."""
    items = sorted(pair.items())
    if not items:
        return set()
    olds = [i for _, i in items]
    best = [1] * len(olds)
    prev = [-1] * len(olds)
    for k in range(len(olds)):
        for m in range(k):
            if olds[m] < olds[k] and best[m] + 1 > best[k]:
                best[k], prev[k] = best[m] + 1, m
    k = max(range(len(olds)), key=lambda x: best[x])
    keep = set()
    while k != -1:
        keep.add(items[k][0])
        k = prev[k]
    return {j for j, _ in items if j not in keep}
