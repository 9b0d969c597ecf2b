"""Markdown footnotes (`text[^3]`, `[^3]: note`) rewritten to the page-foot form of PDF text.

After this, a Markdown source looks to `segment` like PDF text: a glued marker after the word
and, at the end, a rule followed by numbered notes, so one footnote mechanism serves both.
"""

from __future__ import annotations

import re

_MARKER = re.compile(r"\s?\[\^(\d{1,3})\]")
_DEFINITION = re.compile(r"^\[\^([^\]]+)\]:\s*(.*)$")
_RULE = "__________"


def rewrite_footnotes(text: str) -> str:
    """Markers become glued digits; the first definition is preceded by a rule; definitions
    with a label that is not a number (conversion errors such as `[^2013]` from a wrapped date
    are numbers too, but are kept as notes and simply never anchored) become `N text` lines."""
    out: list[str] = []
    ruled = False
    for line in text.split("\n"):
        if m := _DEFINITION.match(line):
            if not ruled:
                out.append(_RULE)
                ruled = True
            out.append(f"{m[1]} {m[2]}" if m[1].isdigit() else m[2])
            continue
        if ruled and line.startswith("    "):
            out.append(line.strip())  # continuation of a definition
            continue
        out.append(_MARKER.sub(r"\1", line))
    return "\n".join(out)
