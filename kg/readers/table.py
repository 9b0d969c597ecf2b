"""Metadata tables: CSV files that say what texts lack (symbol, date, meeting, vote, draft).

Corpora downloaded from the UN Digital Library come with record tables rather than one sidecar
per file. A table is found in two ways:

- a folder-level manifest, `kg-metadata.csv`, in the source's folder or any folder above it,
  and likewise the UN's own `data_extract/*.json` (JSON Lines, kg.readers.data_extract);
- tables named on the command line (`kg build --metadata FILE.csv`), passed to the build's
  worker processes through the `KG_METADATA` environment variable (paths separated by the
  platform's path separator), so that every process sees the same tables.

A roll-call table has one row per resolution and Member State (a `country`/`member state`
column and a `vote` column: yes/no/abstain/absent, or the Voeten UNGA codes 1/3/2/8); its rows
become the resolution's recorded votes, and the counts where no row gives them.

A row applies to a source by its file name (a `file`/`path` column) or, failing that, by the
resolution's symbol (a `symbol`/`resolution` column), compared without spaces and without the
"(1967)" year suffix of Security Council symbols. Column names are matched case-insensitively
against the spellings in `_COLUMNS`; unknown columns are ignored (record tables carry many).
Table values only fill what the text does not say: the text (and a sidecar) wins.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from pathlib import Path

from kg import symbols
from kg.document import Metadata
from kg.patterns import parse_date, parse_iso_date
from kg.readers import data_extract
from kg.settings import METADATA_ENV

MANIFEST_NAME = "kg-metadata.csv"
_COLUMNS = {
    "file": ("file", "filename", "path", "source"),
    "symbol": ("symbol", "resolution", "res_symbol", "document_symbol", "undl_symbol", "unres"),
    "state": ("country", "countryname", "country_name", "member", "member_state",
              "member state", "state"),
    "adopted": ("adopted", "adoption_date", "date", "vote_date"),
    "meeting": ("meeting", "meeting_number"),
    "title": ("title",),
    "vote": ("vote", "vote_outcome"),
    "yes": ("yes", "yes_votes", "in_favour", "votes_yes"),
    "no": ("no", "no_votes", "against", "votes_no"),
    "abstain": ("abstain", "abstentions", "abstention", "votes_abstain"),
    "draft": ("draft", "draft_symbol"),
    "became": ("became", "adopted_as"),
}
_YEAR_SUFFIX = re.compile(r"\(\d{4}\)$")
_MISSING = {"", "na", "n/a", "null", "none", "-"}


# How roll-call tables spell a vote; Voeten's codes: 1 yes, 2 abstain, 3 no, 8 absent (9, not a
# member, is no vote at all).
_VOTES = {"yes": "yes", "y": "yes", "1": "yes", "in favour": "yes", "in favor": "yes",
          "no": "no", "n": "no", "3": "no", "against": "no",
          "abstain": "abstain", "a": "abstain", "2": "abstain", "abstention": "abstain",
          "absent": "absent", "x": "absent", "8": "absent", "non-voting": "absent",
          "did not vote": "absent"}


def symbol_key(symbol: str) -> str:
    """"S/RES/242 (1967)" and "S/RES/242" are one key; case and spaces do not count; the
    "R/70/161" of GA voting datasets is A/RES/70/161."""
    key = symbols.key(symbol)
    if key.startswith("R/"):
        key = "A/RES/" + key[2:]
    return _YEAR_SUFFIX.sub("", key)


class Table:
    """One CSV file's rows as Metadata, by file name and by symbol key."""

    def __init__(self, path: Path) -> None:
        self.by_file: dict[str, Metadata] = {}
        self.by_symbol: dict[str, Metadata] = {}
        self.roll_calls: dict[str, list[tuple[str, str]]] = {}
        if path.suffix == ".json":  # the UN's JSON Lines extract
            for symbol, meta in data_extract.rows(path):
                self.by_symbol.setdefault(symbol_key(symbol), meta)
            return
        with path.open(encoding="utf-8-sig", newline="") as handle:
            sample = handle.read(4096)
            handle.seek(0)
            try:
                dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
            except csv.Error:
                dialect = csv.excel
            for row in csv.DictReader(handle, dialect=dialect):
                self._add({(k or "").strip().lower(): (v or "").strip() for k, v in row.items()})
        for key, votes in self.roll_calls.items():
            self.by_symbol[key] = self.by_symbol.get(key, Metadata()).filled(_roll_call(votes))

    def _add(self, row: dict[str, str]) -> None:
        get = functools.partial(_value, row)
        if (state := get("state")) and (symbol := get("symbol")):
            vote = _VOTES.get((get("vote") or "").lower())
            if vote:  # anything else (not a member, unreadable) is no vote at all
                self.roll_calls.setdefault(symbol_key(symbol), []).append((state, vote))
            return
        values: dict[str, object] = {}
        if symbol := get("symbol"):
            values["symbol"] = symbol
        if (raw := get("adopted")) and (date := parse_iso_date(raw) or parse_date(raw)):
            values["adopted"] = date
        if (raw := get("meeting")) and raw.isdigit() and int(raw) > 0:
            values["meeting"] = int(raw)
        for name in ("title", "draft", "became"):
            if raw := get(name):
                values[name] = raw
        counts = [get(name) for name in ("yes", "no", "abstain")]
        if all(c is not None and c.isdigit() for c in counts):
            values["vote"] = "-".join(str(int(c or 0)) for c in counts)
        elif raw := get("vote"):
            values["vote"] = raw
        meta = Metadata(**values)  # type: ignore[arg-type]
        if file := get("file"):
            self.by_file[Path(file).name] = meta
        if symbol:
            self.by_symbol.setdefault(symbol_key(symbol), meta)


def _roll_call(votes: list[tuple[str, str]]) -> Metadata:
    counts = [sum(1 for _, v in votes if v == value) for value in ("yes", "no", "abstain")]
    return Metadata(votes=tuple(votes), vote="-".join(map(str, counts)))


def _value(row: dict[str, str], name: str) -> str | None:
    for column in _COLUMNS[name]:
        value = row.get(column)
        if value is not None and value.lower() not in _MISSING:
            return value
    return None


@functools.cache
def _table(path: str) -> Table:
    return Table(Path(path))


@functools.cache
def manifests_near(folder: str) -> tuple[str, ...]:
    """Folder-level manifests from `folder` up to the file-system root, nearest first."""
    found = []
    for parent in (Path(folder), *Path(folder).parents):
        candidate = parent / MANIFEST_NAME
        if candidate.is_file():
            found.append(str(candidate))
        found.extend(str(p) for p in data_extract.tables(parent))
    return tuple(found)


def named_tables() -> tuple[str, ...]:
    return tuple(p for p in os.environ.get(METADATA_ENV, "").split(os.pathsep) if p)


def use_tables(paths: list[str | Path]) -> None:
    """Make tables named by the user visible to this process and the workers it starts."""
    os.environ[METADATA_ENV] = os.pathsep.join(str(Path(p).resolve()) for p in paths)


def table_metadata(source_path: str, symbol: str | None) -> Metadata:
    """What the tables say about a source: by file name first, then by symbol; the nearest
    table that knows the source wins."""
    path = Path(source_path).resolve()
    for table_path in (*manifests_near(str(path.parent)), *named_tables()):
        table = _table(table_path)
        if meta := table.by_file.get(path.name):
            return meta
        if symbol and (meta := table.by_symbol.get(symbol_key(symbol))):
            return meta
    return Metadata()
