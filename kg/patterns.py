"""Regular expressions for the printed forms UN documents share: dates, ordinals, symbols.

Shared by segment (headers, closings) and extract (citations, sessions); they describe the UN's
editorial conventions, never a particular document.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b")

# A document symbol: series letters, then slash-separated parts, at least one with a digit.
# "A/58/380", "E/CN.4/2004/94/Add.1", "A/RES/60/161", "A/C.3/78/L.30", "S/RES/242 (1967)".
SYMBOL = re.compile(
    r"(?<![\w/.])[A-Z][A-Z0-9]{0,5}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+(?:\s\(\d{4}\))?"
)


def clean_symbol(raw: str) -> str | None:
    """A SYMBOL match without sentence punctuation, or None if it is no symbol (no digit)."""
    symbol = raw.rstrip(".-")
    return symbol if any(c.isdigit() for c in symbol) else None

_UNITS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
          "seventh": 7, "eighth": 8, "ninth": 9}
_TEENS = {"tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
          "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_TENS_ORD = {"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
             "seventieth": 70, "eightieth": 80, "ninetieth": 90}
ORDINAL = re.compile(
    r"\b(?:(" + "|".join(_TENS) + r")[-\s]?(" + "|".join(_UNITS) + r")|("
    + "|".join([*_UNITS, *_TEENS, *_TENS_ORD]) + r")|(\d+)(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)


def parse_date(text: str) -> dt.date | None:
    """The first "19 December 2001" in `text`, or None (also for impossible dates)."""
    m = DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m[3]), MONTHS.index(m[2]) + 1, int(m[1]))
    except ValueError:
        return None


def ordinal_value(match: re.Match[str]) -> int:
    """The number an ORDINAL match spells: "fifty-seventh" -> 57, "88th" -> 88."""
    tens, unit, single, digits = match.groups()
    if digits:
        return int(digits)
    if tens:
        return _TENS[tens.lower()] + _UNITS[unit.lower()]
    word = single.lower()
    return _UNITS.get(word) or _TEENS.get(word) or _TENS_ORD[word]


def parse_iso_date(text: str) -> dt.date | None:
    """A `YYYY-MM-DD` date (front matter, metadata tables), or None."""
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None
