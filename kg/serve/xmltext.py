"""Text in XML 1.0 documents: what can be written faithfully, and the refusal for what cannot.

XML 1.0 has no way at all to carry most C0 controls (U+000C, U+0001 ...), U+FFFE, U+FFFF or a
lone surrogate, not even as character references, and a raw carriage return is read back as a
line feed (attribute values: as a space). A literal may hold any of these (Turtle and N-Triples
escape them), so an XML answer either writes `\\r` as `&#13;` or, for a character XML cannot
hold, is refused with a message pointing at a format that can: never an ill-formed document.
"""

from __future__ import annotations

import re

_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_FORBIDDEN_TEXT = re.compile(f"[{_FORBIDDEN}]")
# The same characters as UTF-8 (a surrogate cannot be encoded, so it cannot be in the bytes).
_FORBIDDEN_UTF8 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


class NotXml(ValueError):
    """A result holding a character XML 1.0 cannot represent."""


def refusal(char: str, kind: str, other: str) -> NotXml:
    """The error for `char` found while writing `kind`; `other` names formats that can."""
    return NotXml(f"{kind} cannot represent the character U+{ord(char):04X} that the result "
                  f"holds (XML 1.0 forbids it); ask for {other} instead.")


def check_text(text: str, kind: str, other: str) -> None:
    """Raise NotXml if `text` holds a character XML 1.0 cannot carry."""
    found = _FORBIDDEN_TEXT.search(text)
    if found:
        raise refusal(found.group(), kind, other)


def fix_utf8(body: bytes, kind: str, other: str) -> bytes:
    """An XML document from another serializer (pyoxigraph's RDF/XML) made faithful: raw
    carriage returns (pyoxigraph writes them only inside values) as `&#13;`; NotXml for a
    character that XML cannot carry."""
    found = _FORBIDDEN_UTF8.search(body)
    if found:
        raise refusal(found.group().decode("utf-8"), kind, other)
    return body.replace(b"\r", b"&#13;") if b"\r" in body else body
