"""Readable paragraph-by-paragraph diffs with word-level changes (`kg diff`).

Words removed are shown as [-...-] and words added as {+...+}, as `git diff --word-diff` does,
so the output reads in a terminal, a log or an e-mail; colour is added only for terminals.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from kg.iris import paragraph_label
from kg.lineage.align import Change
from kg.lineage.outline import ParagraphOutline, ResolutionOutline

RED, GREEN, DIM, RESET = "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[0m"


def label(p: ParagraphOutline) -> str:
    """PP3 for the third preambular paragraph, OP2 for operative paragraph 2."""
    return paragraph_label(p.eid)


def diff_segments(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level diff as ("equal" | "delete" | "insert", words) segments in reading order.

    Words are compared split on whitespace and re-joined with single spaces; a replacement is a
    "delete" followed by an "insert". The same segments `word_diff` prints, for HTML.

    >>> diff_segments("takes note of the reports;", "welcomes the reports;")
    [('delete', 'takes note of'), ('insert', 'welcomes'), ('equal', 'the reports;')]
    """
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("equal", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("insert", " ".join(b[j1:j2])))
    return out


def word_diff(old: str, new: str, *, colour: bool = False) -> str:
    out: list[str] = []
    for op, text in diff_segments(old, new):
        if op == "equal":
            out.append(text)
        elif op == "delete":
            out.append(f"{RED}[-{text}-]{RESET}" if colour else f"[-{text}-]")
        else:
            out.append(f"{GREEN}{{+{text}+}}{RESET}" if colour else f"{{+{text}+}}")
    return " ".join(out)


def render(old: ResolutionOutline, new: ResolutionOutline, changes: list[Change], *,
           colour: bool = False, show_unchanged: bool = False) -> str:
    counts = Counter(t for c in changes for t in c.types)
    summary = ", ".join(f"{n} {t}" for t, n in sorted(counts.items()))
    lines = [f"{old.symbol or old.iri} -> {new.symbol or new.iri}  ({summary})", ""]
    for change in changes:
        lines.extend(_change(change, colour=colour, show_unchanged=show_unchanged))
    return "\n".join(lines).rstrip() + "\n"


def _change(c: Change, *, colour: bool, show_unchanged: bool) -> list[str]:
    types = ", ".join(c.types)
    was = ", ".join(label(p) for p in c.old)
    if c.new is None:
        return [f"{label(c.old[0])}  dropped", "  " + word_diff(c.old[0].text, "", colour=colour),
                ""]
    head = f"{label(c.new)}  {types}"
    if c.old:
        head += f" (was {was}, similarity {c.similarity:.2f})"
    old_phrase = c.old[0].phrase_label if c.old else None
    if old_phrase and c.new.phrase_label and old_phrase != c.new.phrase_label:
        head += f": {old_phrase} -> {c.new.phrase_label}"
    if c.types == ("unchanged",):
        return [f"{DIM}{head}{RESET}" if colour else head] + (
            ["  " + c.new.text, ""] if show_unchanged else [])
    before = " ".join(p.text for p in c.old)
    return [head, "  " + word_diff(before, c.new.text, colour=colour), ""]
