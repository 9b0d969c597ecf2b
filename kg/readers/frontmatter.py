"""YAML front matter of converted web pages and PDF extractions (`---` / `key: value` / `---`).

Front matter fills what the text lacks and never overrides it: extractors' titles and dates
are their own guesses (a title with a trailing colon, the distribution date).

Only flat `key: value` pairs are read (quoted or bare scalars): that is all such front matter
holds in practice, and it keeps the reader free of a YAML dependency. Known keys become
`Metadata`; the rest are ignored, because front matter is written by other tools for their
own purposes (record ids, extractor versions).
"""

from __future__ import annotations

import json
import re

from kg.document import Metadata
from kg.patterns import parse_date, parse_iso_date

_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\n((?:.*\n)*?)---[ \t]*\n")
_PAIR = re.compile(r"^([A-Za-z_][\w-]*):\s*(.*?)\s*$")

# front matter key -> Metadata field; several spellings are in use
_KEYS = {
    "symbol": "symbol", "document_symbol": "symbol", "title": "title",
    # a bare "date" is the document's date (distribution), not its adoption: the UN Digital
    # Library and extractors date a document by its issue
    "date": "distributed", "adopted": "adopted", "adoption_date": "adopted",
    "meeting": "meeting", "session": "session", "body": "body", "vote": "vote",
}


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front matter pairs, and the text with the block blanked (line numbers are kept)."""
    m = _BLOCK.match(text)
    if not m:
        return {}, text
    pairs: dict[str, str] = {}
    for line in m[1].splitlines():
        if pm := _PAIR.match(line):
            pairs[pm[1].lower()] = _scalar(pm[2])
    return pairs, "\n" * m[0].count("\n") + text[m.end():]


def _scalar(raw: str) -> str:
    if raw.startswith('"') and raw.endswith('"') and len(raw) > 1:
        try:
            return str(json.loads(raw))
        except json.JSONDecodeError:
            return raw[1:-1]
    if raw.startswith("'") and raw.endswith("'") and len(raw) > 1:
        return raw[1:-1].replace("''", "'")
    return raw


def metadata_from(pairs: dict[str, str]) -> Metadata:
    """The Metadata that front matter states; unusable values are ignored, not guessed."""
    values: dict[str, object] = {}
    for key, raw in pairs.items():
        field = _KEYS.get(key)
        if field is None or not raw:
            continue
        if field in ("adopted", "distributed"):
            date = parse_iso_date(raw) or parse_date(raw)
            if date:
                values[field] = date
        elif field in ("meeting", "session"):
            if raw.isdigit() and int(raw) > 0:
                values[field] = int(raw)
        else:
            values[field] = raw.strip()
    return Metadata(**values)  # type: ignore[arg-type]
