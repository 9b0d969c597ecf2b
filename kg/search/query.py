"""Searching a build's index: matches, facet counts over them, a page of highlighted results.

One search is a handful of SQL statements on one connection: the matching hit ids (FTS5 on
both tables, the facet filters applied) go into a temporary table once, and the total, the
page and every facet's counts are read from it; re-running the MATCH per facet would cost the
FTS5 look-up a dozen times. Values within one facet are alternatives (OR), facets narrow
each other (AND). Highlights come from FTS5's snippet() with control characters as markers,
which no indexed text contains (kg.search.rows): the text is HTML-escaped first and only then
are the markers turned into <mark>, so markup in a source text shows as text.
"""

from __future__ import annotations

import html
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.search.index import FACET_COLUMNS, FORMAT, INDEX_FILE, TAG_FACETS
from kg.search.syntax import QueryError, to_fts

FACETS = ("kind", "document", "body", "session", "year", "phrase", "subject", "sdg", "committee",
          "vote", "change", "lang")
SORTS = ("relevance", "newest")
PAGE_SIZE = 20
MAX_PAGE = 500
FACET_VALUES = 30  # values listed per facet, most frequent first
MAX_VALUES = 20  # values asked for per facet
_OPEN, _CLOSE = "\x02", "\x03"
_SNIPPET_TOKENS = 64
# The matches of a search, with what their order and facet counts need (kg.search.index)
_COLUMNS = ", ".join(("date", "resolution", "position", *FACET_COLUMNS))
_COPIED = ", ".join(f"h.{c}" for c in ("id", "date", "resolution", "position", *FACET_COLUMNS))


@dataclass(frozen=True)
class Request:
    """A search as the URL gives it: the query, facet values wanted, order and page."""

    q: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_params(cls, params: Any) -> Request:
        """From query parameters (a starlette QueryParams or a dict of lists)."""
        def every(name: str) -> list[str]:
            got = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
            return [v for v in ([got] if isinstance(got, str) else got) if v]

        q = (every("q") or [""])[0]
        sort = (every("sort") or ["relevance"])[0]
        if sort not in SORTS:
            raise QueryError(f"sort is one of {', '.join(SORTS)}, not {sort!r}")
        try:
            page = int((every("page") or ["1"])[0])
        except ValueError:
            raise QueryError("page must be a number") from None
        if not 1 <= page <= MAX_PAGE:
            raise QueryError(f"page is between 1 and {MAX_PAGE}")
        filters = {f: every(f) for f in FACETS if every(f)}
        for name, values in filters.items():
            if len(values) > MAX_VALUES:
                raise QueryError(f"at most {MAX_VALUES} values of {name}")
        return cls(q, filters, sort, page)


def highlighted(snippet: str) -> str:
    """Escaped HTML with the matched words in <mark>.

    >>> highlighted('<b> \\x02defenders\\x03 "x"')
    '&lt;b&gt; <mark>defenders</mark> &quot;x&quot;'
    """
    return html.escape(snippet).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


class _Connection:
    """One thread's read-only connection, its table of matches and the facet value codes."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.db.execute("PRAGMA temp_store=MEMORY")
        self.db.execute(f"CREATE TEMP TABLE m(id INTEGER PRIMARY KEY, {_COLUMNS}, score REAL)")
        self.values = {c: (f, v) for c, f, v in self.db.execute(
            "SELECT code, facet, value FROM vals")}
        self.codes = {fv: c for c, fv in self.values.items()}

    def code(self, facet: str, value: str) -> int:
        return self.codes.get((facet, value), -1)  # (-1: a value no hit has)


class Index:
    """A build's search index, opened read-only, a connection per thread."""

    def __init__(self, build_dir: Path) -> None:
        self.path = Path(build_dir) / INDEX_FILE
        self._local = threading.local()
        self._usable: bool | None = None

    def available(self) -> bool:
        """Whether the build has an index this code can read (one written by another version
        of kg has other tables: the build must be made again)."""
        if self._usable is None:
            try:
                with sqlite3.connect(f"file:{self.path}?mode=ro", uri=True) as db:
                    found = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
                db.close()
                self._usable = found == (FORMAT,)
            except sqlite3.Error:
                self._usable = False
        return self._usable

    def connection(self) -> _Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = _Connection(self.path)
        return conn

    def search(self, request: Request) -> dict[str, Any]:
        """{total, page, pages, results, facets} for one search; QueryError for a query that
        cannot be read."""
        match = to_fts(request.q) if request.q.strip() else None
        conn = self.connection()
        db = conn.db
        db.execute("DELETE FROM m")
        where, args = _filters(conn, request.filters)
        newest = request.sort == "newest" or match is None
        # bm25 is most of the cost of a common word's matches: only when ranking by it
        en, other = ("0", "0") if newest else ("bm25(fts_en)", "bm25(fts_other)")
        try:
            if match is None:
                db.execute(f"INSERT INTO m SELECT {_COPIED}, 0 FROM hits h WHERE {where}", args)
            else:  # CROSS JOIN: the matches first, then their rows (not all rows, then a probe)
                db.execute(
                    f"INSERT OR IGNORE INTO m SELECT {_COPIED}, s.score FROM ("
                    f"SELECT rowid AS id, {en} AS score FROM fts_en WHERE fts_en MATCH ?"
                    f" UNION ALL SELECT rowid, {other} FROM fts_other"
                    f" WHERE fts_other MATCH ?) s CROSS JOIN hits h ON h.id = s.id WHERE "
                    + where, [match, match, *args])
        except sqlite3.OperationalError as exc:  # (the parser should leave none: say it)
            raise QueryError(f"the search engine could not read the query: {exc}") from None
        total = db.execute("SELECT count(*) FROM m").fetchone()[0]
        order = "date DESC, resolution, position" if newest else "score, date DESC, position"
        ids = [i for (i,) in db.execute(f"SELECT id FROM m ORDER BY {order} LIMIT ? OFFSET ?",
                                        (PAGE_SIZE, (request.page - 1) * PAGE_SIZE))]
        marks = ", ".join("?" * len(ids))
        rows = {r[0]: r for r in db.execute(
            "SELECT id, iri, resolution, symbol, date, title, position, text, "
            f"{', '.join(FACET_COLUMNS)} FROM hits WHERE id IN ({marks})", ids)}
        snippets = _snippets(db, match, ids)
        tags = _tags(conn, ids)
        results = []
        for row in (rows[i] for i in ids):
            facets = {c: conn.values[v][1] for c, v in zip(FACET_COLUMNS, row[8:], strict=True)
                      if v is not None}
            results.append({
                "iri": row[1], "resolution": row[2], "symbol": row[3], "date": row[4],
                "title": row[5], "kind": facets.get("kind"), "position": row[6],
                "text": snippets.get(row[0]) or highlighted(_short(row[7])), "plain": row[7],
                "facets": {**facets, **tags.get(row[0], {})}})
        return {"q": request.q, "total": total, "page": request.page,
                "pages": max(1, -(-total // PAGE_SIZE)), "sort": request.sort,
                "filters": {k: list(v) for k, v in request.filters.items()},
                "results": results, "facets": _facets(conn, request.filters)}


def _filters(conn: _Connection, filters: Mapping[str, Sequence[str]]) -> tuple[str, list[int]]:
    clauses, args = ["1"], []
    for name, values in filters.items():
        marks = ", ".join("?" * len(values))
        if name in FACET_COLUMNS:
            clauses.append(f"h.{name} IN ({marks})")
        elif name in TAG_FACETS:
            clauses.append(f"h.id IN (SELECT hit FROM tags WHERE code IN ({marks}))")
        else:
            continue
        args.extend(conn.code(name, v) for v in values)
    return " AND ".join(clauses), args


def _short(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _snippets(db: sqlite3.Connection, match: str | None, ids: list[int]) -> dict[int, str]:
    if match is None or not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    found: dict[int, str] = {}
    for table in ("fts_en", "fts_other"):
        for row_id, snippet in db.execute(
                f"SELECT rowid, snippet({table}, 0, ?, ?, '…', {_SNIPPET_TOKENS}) FROM {table} "
                f"WHERE {table} MATCH ? AND rowid IN ({marks})", [_OPEN, _CLOSE, match, *ids]):
            found[row_id] = highlighted(snippet)
    return found


def _tags(conn: _Connection, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    found: dict[int, dict[str, list[str]]] = {}
    if ids:
        marks = ", ".join("?" * len(ids))
        for hit, code in conn.db.execute(
                f"SELECT hit, code FROM tags WHERE hit IN ({marks}) ORDER BY rowid", ids):
            facet, value = conn.values[code]
            found.setdefault(hit, {}).setdefault(facet, []).append(value)
    return found


def _facets(conn: _Connection, filters: Mapping[str, Sequence[str]]
            ) -> dict[str, list[dict[str, Any]]]:
    """Every facet's values with their counts among the matches, most frequent first (years
    and sessions newest first); a value asked for is listed even when it has no match."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for name in FACET_COLUMNS:
        for code, n in conn.db.execute(f"SELECT {name}, count(*) FROM m "
                                       f"WHERE {name} IS NOT NULL GROUP BY 1"):
            counts[name][conn.values[code][1]] = n
    for code, n in conn.db.execute("SELECT t.code, count(DISTINCT t.hit) FROM m "
                                   "CROSS JOIN tags t ON t.hit = m.id GROUP BY 1"):
        facet, value = conn.values[code]
        counts[facet][value] = n
    facets: dict[str, list[dict[str, Any]]] = {}
    for name in FACETS:
        ranked = _ranked(counts[name], numeric=name in ("year", "session"))
        chosen = filters.get(name, ())
        ranked += [v for v in chosen if v not in ranked]
        if ranked:
            facets[name] = [{"value": v, "count": counts[name].get(v, 0),
                             "selected": v in chosen} for v in ranked]
    return facets


def _ranked(counts: dict[str, int], *, numeric: bool) -> list[str]:
    def key(value: str) -> tuple[int, str]:
        if numeric:
            return (-int(value) if value.isdigit() else 1, value)
        return (-counts[value], value)

    return sorted(counts, key=key)[:FACET_VALUES]
