"""Detect a source's format from its first bytes: PDF, Akoma Ntoso XML, other XML, Markdown
with YAML front matter, or plain text.

The extension is a hint at best (a `.txt` may hold Markdown, a `.md` plain text), so the
content decides.
"""

from __future__ import annotations

import re
from typing import Literal

Format = Literal["pdf", "akn", "xml", "markdown", "text"]

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:[A-Za-z_][\w-]*:.*\r?\n)+?---[ \t]*\r?\n")
_AKN = re.compile(rb"<(?:\w+:)?akomaNtoso\b")


def sniff(data: bytes) -> Format:
    """The format of a file's content."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return "akn" if _AKN.search(data[:65536]) else "xml"
    try:
        text = data[:8192].decode("utf-8", errors="ignore")
    except Exception:  # pragma: no cover - decode with errors="ignore" does not raise
        return "text"
    if _FRONT_MATTER.match(text):
        return "markdown"
    return "text"
