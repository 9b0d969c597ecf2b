"""The metadata the UN ships beside its AKN4UN XML: `data_extract/*.json`, JSON Lines.

Each line is one resolution (`symbol`, `adoption_meeting`, `adoption_date`,
`originating_document` or `draft_resolution`, `committee`, `adoption_type`, the counts and the
`MS_in_favour` / `MS_against` / `MS_abstaining` lists, `sponsors`, `additional_sponsors`,
`agenda_item`...). The XML prints the meeting and the date but not how each Member State voted,
nor the draft: these rows fill what the source lacks, as the metadata tables of kg.readers.table
do (a folder holding `data_extract/` is a manifest for every source below it).

A line that is not JSON, or not an object with a symbol, is skipped and counted: the UN's
extract is the publisher's, not the user's, and one bad line must not hide the others.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from kg.document import Metadata
from kg.patterns import parse_date, parse_iso_date

FOLDER = "data_extract"
_MEETING = re.compile(r"^(\d+)(?:st|nd|rd|th)\b")
_REPORT = re.compile(r"^(?P<symbol>[^,]+),\s*para")
# how the lists name each vote, in kg's vote values (kg/ontology/vocab/votes.ttl)
_LISTS = (("MS_in_favour", "yes"), ("MS_against", "no"), ("MS_abstaining", "abstain"))


def tables(folder: Path) -> list[Path]:
    """The extract files a folder holds, in name order (empty when it has none)."""
    extract = folder / FOLDER
    try:
        return sorted(p for p in extract.iterdir() if p.suffix == ".json" and p.is_file())
    except OSError:
        return []


def rows(path: Path) -> Iterator[tuple[str, Metadata]]:
    """(symbol, Metadata) for each readable line of an extract file."""
    with path.open(encoding="utf-8-sig") as handle:
        for line in handle:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict) and isinstance(symbol := row.get("symbol"), str) and symbol:
                yield symbol, metadata(row)


def metadata(row: dict[str, object]) -> Metadata:
    """One line as Metadata: only what it states, so that the source's own values stand."""
    values: dict[str, object] = {}
    text = {k: v.strip() for k, v in row.items() if isinstance(v, str) and v.strip()}
    if (raw := text.get("adoption_date")) and (date := parse_date(raw) or parse_iso_date(raw)):
        values["adopted"] = date
    if (m := _MEETING.match(text.get("adoption_meeting", ""))) and int(m[1]) > 0:
        values["meeting"] = int(m[1])
    committee = text.get("committee", "")
    if committee and "without reference" not in committee.lower():
        values["committee"] = committee
    origin = text.get("originating_document") or text.get("draft_resolution") or ""
    if m := _REPORT.match(origin):  # "A/78/383, para. 7": a committee report, not a draft
        values["report"] = m["symbol"].strip()
    elif origin and origin.upper() not in ("N.A.", "NA"):
        values["draft"] = origin
    votes = tuple((state.strip(), value)
                  for column, value in _LISTS
                  for state in _strings(row.get(column)) if state.strip())
    counts = [_count(text.get(f"{column}_count")) for column, _ in _LISTS]
    if votes:
        values["votes"] = votes
        counts = [sum(1 for _, v in votes if v == value) for _, value in _LISTS]
    sponsors = [s.strip() for column in ("sponsors", "additional_sponsors")
                for s in _strings(row.get(column)) if s.strip()]
    if sponsors:
        values["sponsors"] = tuple(dict.fromkeys(sponsors))
    if agenda := text.get("agenda_item"):
        values["agenda_item"] = agenda
    how = text.get("adoption_type", "").lower()
    if any(counts):
        values["vote"] = "-".join(map(str, counts))
    elif "without a vote" in how:
        values["vote"] = "without a vote"
    elif "unanimous" in how:
        values["vote"] = "unanimously"
    return Metadata(**values)  # type: ignore[arg-type]


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _count(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() else 0
