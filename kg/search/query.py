"""Searching a build's index: matches, facet counts over them, a page of highlighted results.

FTS5 finds the matching hit ids (and their bm25 scores when ranking by relevance); everything
else is done on bitsets of hit ids (kg.search.bits): the filters are ANDs, the total and every
facet value's count a popcount, the newest-first page a walk down a precomputed order, so a
word matching a third of the corpus costs about what a rare one does. Only the page's rows
are read from the table. Values within one facet are alternatives (OR), facets narrow each
other (AND). Highlights come from FTS5's snippet() with control characters as markers, which
no indexed text contains (kg.search.rows): the text is HTML-escaped first and only then are
the markers turned into <mark>, so markup in a source text shows as text.
"""

from __future__ import annotations

import heapq
import html
import sqlite3
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.search.bits import Bitsets, Members, bitset
from kg.search.index import FACET_COLUMNS, FORMAT, INDEX_FILE
from kg.search.syntax import PREFIX, QueryError, to_fts

FACETS = ("kind", "document", "body", "session", "year", "phrase", "strength", "subject", "sdg",
          "committee", "vote", "change", "lang")
SORTS = ("relevance", "newest")
PAGE_SIZE = 20
MAX_PAGE = 500
FACET_VALUES = 30  # values listed per facet, most frequent first
MAX_VALUES = 20  # values asked for per facet
_OPEN, _CLOSE = "\x02", "\x03"
_SNIPPET_TOKENS = 64


@dataclass(frozen=True)
class Request:
    """A search as the URL gives it: the query, facet values wanted, order and page."""

    q: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    expand: tuple[str, ...] = ()  # facets listed with all their values, not the first few

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
        expand = tuple(every("all"))
        if unknown := [f for f in expand if f not in FACETS]:
            raise QueryError(f"all= names a facet ({', '.join(FACETS)}), not {unknown[0]!r}")
        filters = {f: every(f) for f in FACETS if every(f)}
        for name, values in filters.items():
            if len(values) > MAX_VALUES:
                raise QueryError(f"at most {MAX_VALUES} values of {name}")
        return cls(q, filters, sort, page, expand)


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
        self._bits: Bitsets | None = None
        self._lock = threading.Lock()

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

    def bitsets(self) -> Bitsets:
        with self._lock:
            if self._bits is None:
                self._bits = Bitsets(self.connection().db)
            return self._bits

    def search(self, request: Request) -> dict[str, Any]:
        """{total, page, pages, results, facets} for one search; QueryError for a query that
        cannot be read."""
        match = to_fts(request.q) if request.q.strip() else None
        conn = self.connection()
        bits = self.bitsets()
        newest = request.sort == "newest" or match is None
        scored: list[tuple[int, float]] = []
        if match is None:
            matches = bits.all
        else:
            # bm25 is most of the cost of a common word's matches: only when ranking by it
            table = _english(match)
            en, other = ("0", "0") if newest else (f"bm25({table})", "bm25(fts_other)")
            try:
                scored = conn.db.execute(
                    f"SELECT rowid, {en} FROM {table} WHERE {table} MATCH ? UNION ALL "
                    f"SELECT rowid, {other} FROM fts_other WHERE fts_other MATCH ?",
                    (match, match)).fetchall()
            except sqlite3.OperationalError as exc:  # (the parser should leave none: say it)
                raise QueryError(f"the search engine could not read the query: {exc}") from None
            matches = bitset((i for i, _ in scored), bits.size)
        for name, values in request.filters.items():
            matches &= bits.any_of(conn.code(name, v) for v in values)
        total = matches.bit_count()
        wanted = request.page * PAGE_SIZE
        if newest:
            ordered = bits.first_newest(matches, wanted)
        else:
            member = Members(matches, bits.size) if request.filters else None
            rank = bits.rank
            ordered = [i for _, _, i in heapq.nsmallest(wanted, (
                (score, rank[i], i) for i, score in scored if member is None or i in member))]
        ids = ordered[(request.page - 1) * PAGE_SIZE:]
        marks = ", ".join("?" * len(ids))
        rows = {r[0]: r for r in conn.db.execute(
            "SELECT id, iri, resolution, symbol, date, title, position, text, "
            f"{', '.join(FACET_COLUMNS)} FROM hits WHERE id IN ({marks})", ids)}
        snippets = _snippets(conn.db, match, ids)
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
                "results": results,
                **_facets(conn, bits.counts(matches), request.filters, request.expand)}


def _english(match: str) -> str:
    """The English table to match in: stemmed, or word for word when a word is a prefix."""
    return "fts_en_words" if PREFIX in match else "fts_en"


def _short(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _snippets(db: sqlite3.Connection, match: str | None, ids: list[int]) -> dict[int, str]:
    if match is None or not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    found: dict[int, str] = {}
    for table in (_english(match), "fts_other"):
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


def _facets(conn: _Connection, found: Iterable[tuple[int, int]],
            filters: Mapping[str, Sequence[str]], expand: Sequence[str]) -> dict[str, Any]:
    """{facets: every facet's values with their counts among the matches (the first
    FACET_VALUES unless the facet is in `expand`; a value asked for is listed even when it has
    no match), more: facet -> how many values were left out}."""
    counts: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for code, n in found:
        facet, value = conn.values[code]
        counts.setdefault(facet, {})[value] = n
    facets: dict[str, list[dict[str, Any]]] = {}
    more: dict[str, int] = {}
    for name in FACETS:
        ranked = _ranked(counts[name], numeric=name in ("year", "session"),
                         scale=name == "strength")
        if len(ranked) > FACET_VALUES and name not in expand:
            more[name] = len(ranked) - FACET_VALUES
            ranked = ranked[:FACET_VALUES]
        chosen = filters.get(name, ())
        ranked += [v for v in chosen if v not in ranked]
        if ranked:
            facets[name] = [{"value": v, "count": counts[name].get(v, 0),
                             "selected": v in chosen} for v in ranked]
    return {"facets": facets, "more": more}


def _ranked(counts: dict[str, int], *, numeric: bool, scale: bool = False) -> list[str]:
    """Values in the order a facet lists them: years and sessions newest first, the levels of
    a strength scale strongest first, anything else most frequent first."""
    def key(value: str) -> tuple[object, ...]:
        if numeric:
            return (-int(value) if value.isdigit() else 1, value)
        if scale:
            name, _, level = value.rpartition(" ")
            return (name, -int(level) if level.isdigit() else 0)
        return (-counts[value], value)

    return sorted(counts, key=key)
