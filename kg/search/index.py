"""The search index of a build: `OUT/search.sqlite`, SQLite FTS5 from Python's standard library.

`kg build` writes it from the finished store (kg.search.rows), into a temporary file renamed
into place, so a reader never opens half an index. When the previous build in `--out` has an
index of the same format, the new one starts from a copy of it and only the graphs whose
content changed (their hashes in build.json) are deleted and read again; lineage change types,
which depend on the neighbours of a changed resolution, are recomputed for every paragraph
(one pattern look-up). English texts go in an FTS5 table with the Porter stemmer, the other
languages in one without stemming that folds diacritics (FTS5 has no stemmers for them).
English is also indexed word for word, for prefix queries: the stemmer indexes "cooperation"
as "cooper", which "cooperat*" would not match.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import orjson
import pyoxigraph as ox

from kg.atomic import replacing
from kg.builddir.cache import build_fingerprint, content_hash
from kg.builddir.store import read_manifest
from kg.search.rows import Hit, changes, read_hits

INDEX_FILE = "search.sqlite"
FORMAT = "kg-search-8"  # change when the schema or what goes into it changes
FACET_COLUMNS = ("kind", "document", "body", "session", "year", "phrase", "strength", "lang",
                 "vote", "committee")
TAG_FACETS = ("subject", "sdg", "change")
FULL_FROM = 0.25  # share of changed graphs from which the index is written afresh

# What a search reads for every match (the facets, the order) comes first in a row, the texts
# last: SQLite then reads a match's facets without the overflow pages of a long text. Facet
# values are codes (table `vals`), made into bitsets by a server (kg.search.bits): no index
# on them is needed.
_SCHEMA = f"""
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE graphs(graph TEXT PRIMARY KEY, content TEXT);
CREATE TABLE hits(id INTEGER PRIMARY KEY, graph TEXT, resolution TEXT, date TEXT,
  position INTEGER, {", ".join(f"{c} INTEGER" for c in FACET_COLUMNS)},
  fts TEXT, symbol TEXT, title TEXT, iri TEXT, text TEXT);
CREATE TABLE vals(code INTEGER PRIMARY KEY, facet TEXT, value TEXT, UNIQUE(facet, value));
CREATE INDEX hits_graph ON hits(graph);
CREATE INDEX hits_date ON hits(date DESC, resolution, position);
CREATE TABLE resolutions(resolution TEXT PRIMARY KEY, symbol TEXT, date TEXT, title TEXT,
  opening TEXT, document INTEGER, body INTEGER, session INTEGER, year INTEGER,
  paragraphs INTEGER);
CREATE INDEX resolutions_body ON resolutions(body, date DESC);
CREATE TABLE tags(hit INTEGER, code INTEGER);
CREATE INDEX tags_hit ON tags(hit);
CREATE VIRTUAL TABLE fts_en USING fts5(text, content='hits', content_rowid='id',
  tokenize='porter unicode61');
CREATE VIRTUAL TABLE fts_en_words USING fts5(text, content='hits', content_rowid='id',
  tokenize='unicode61');
CREATE VIRTUAL TABLE fts_other USING fts5(text, content='hits', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2');
"""


def fts_table(lang: str) -> str:
    """The FTS5 table a text of language `lang` is indexed in."""
    return "fts_en" if lang == "en" or lang.startswith("en-") else "fts_other"


def write_index(build: Path, previous: Path | None = None) -> Path:
    """Write `build/search.sqlite` from `build/store` and `build/build.json`; start from
    `previous/search.sqlite` when it is usable. Returns the index's path."""
    target = build / INDEX_FILE
    contents = _contents(build)
    old = previous / INDEX_FILE if previous is not None else None
    store = ox.Store.read_only(str(build / "store"))
    try:
        with replacing(target) as part:
            if old is None or not _update(old, part, store, contents):
                part.unlink(missing_ok=True)
                db = _create(part)
                _insert(db, read_hits(store))
                _finish(db, contents)
    finally:
        del store
    return target


def _contents(build: Path) -> dict[str, str]:
    """graph -> content hash of every source graph of the build (from build.json), and under
    "" what every hit depends on besides its own graph: the code, the reference data (labels
    of phrases and organs) and the lineage graphs."""
    manifest = read_manifest(build)
    shared = {"code": build_fingerprint(), "base": manifest.get("base"),
              "graphs": {g: c for g, c in manifest.get("graphs", {}).items()
                         if "/graph/lineage/" not in g}}
    return {"": content_hash(orjson.dumps(shared, option=orjson.OPT_SORT_KEYS)),
            **{s["graph"]: s.get("content", "") for s in manifest.get("sources", [])}}


def _create(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.executescript(_SCHEMA)
    db.execute("BEGIN")
    return db


def _insert(db: sqlite3.Connection, hits: Iterable[Hit]) -> int:
    cols = ", ".join(FACET_COLUMNS)
    marks = ", ".join("?" * len(FACET_COLUMNS))
    start = db.execute("SELECT coalesce(max(id), 0) FROM hits").fetchone()[0]
    rows, tags, en, other = [], [], [], []
    code = _Codes(db)
    for n, hit in enumerate(hits, start + 1):
        table = fts_table(hit.lang)
        rows.append((n, hit.iri, hit.graph, hit.resolution, hit.symbol, hit.date, hit.title,
                     hit.position, hit.text, table,
                     *(code(c, hit.facets.get(c)) for c in FACET_COLUMNS)))
        tags.extend((n, code(facet, value)) for facet, value in hit.tags)
        (en if table == "fts_en" else other).append((n, hit.text))
    db.executemany(f"INSERT INTO hits(id, iri, graph, resolution, symbol, date, title, "
                   f"position, text, fts, {cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {marks})",
                   rows)
    code.save()
    db.executemany("INSERT INTO tags VALUES (?, ?)", tags)
    db.executemany("INSERT INTO fts_en(rowid, text) VALUES (?, ?)", en)
    db.executemany("INSERT INTO fts_en_words(rowid, text) VALUES (?, ?)", en)
    db.executemany("INSERT INTO fts_other(rowid, text) VALUES (?, ?)", other)
    return len(rows)


def _finish(db: sqlite3.Connection, contents: dict[str, str]) -> None:
    db.execute("DELETE FROM graphs")
    db.executemany("INSERT INTO graphs VALUES (?, ?)", contents.items())
    db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
    _resolutions(db)
    db.execute("COMMIT")
    for table in ("fts_en", "fts_en_words", "fts_other"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    db.execute("ANALYZE")
    db.close()


def _resolutions(db: sqlite3.Connection) -> None:
    """One row per resolution for the lists that browse them (kg.search.browse), with the
    first words of its first paragraph for the many resolutions printed without a title.
    (SQLite gives the other columns of the row holding the min() of a group.)"""
    kinds = [c for (c,) in db.execute(
        "SELECT code FROM vals WHERE facet = 'kind' AND value IN ('preambular', 'operative')")]
    marks = ", ".join("?" * len(kinds)) or "NULL"
    db.execute("DELETE FROM resolutions")
    db.execute(
        "INSERT INTO resolutions SELECT r.resolution, r.symbol, r.date, r.title, f.text,"
        " r.document, r.body, r.session, r.year, r.n FROM (SELECT resolution, max(symbol) AS"
        " symbol, max(date) AS date, max(title) AS title, max(document) AS document, max(body)"
        " AS body, max(session) AS session, max(year) AS year, count(*) AS n FROM hits"
        " GROUP BY resolution) r LEFT JOIN (SELECT resolution,"
        f" min(position), text FROM hits WHERE kind IN ({marks}) GROUP BY resolution) f"
        " ON f.resolution = r.resolution", kinds)


def _update(old: Path, part: Path, store: ox.Store, contents: dict[str, str]) -> bool:
    """Bring a copy of the previous index up to date graph by graph; False (having written
    nothing usable) when there is no usable previous index or most of it changed."""
    try:
        with sqlite3.connect(f"file:{old}?mode=ro", uri=True) as db:
            if db.execute("SELECT value FROM meta WHERE key='format'").fetchone() != (FORMAT,):
                return False
            before = dict(db.execute("SELECT graph, content FROM graphs"))
        db.close()
    except sqlite3.Error:
        return False
    if before.get("") != contents[""]:
        return False
    stale = {g for g, c in before.items() if contents.get(g) != c}
    fresh = [g for g, c in contents.items() if before.get(g) != c]
    if len(stale) + len(fresh) > FULL_FROM * max(len(contents), 1):
        return False
    shutil.copyfile(old, part)
    db = sqlite3.connect(part, isolation_level=None)
    db.execute("PRAGMA synchronous=OFF")
    db.execute("BEGIN")
    gone = stale | {g for g in fresh if g in before}
    _delete(db, "graph IN (SELECT value FROM json_each(?))", orjson.dumps(sorted(gone)).decode())
    _insert(db, read_hits(store, fresh))
    # Lineage: a change of one resolution changes the pairs it is in; recompute them all.
    db.execute("DELETE FROM tags WHERE code IN (SELECT code FROM vals WHERE facet = 'change')")
    ids: dict[str, list[int]] = {}  # (a paragraph has a hit per language it is given in)
    for iri, hit in db.execute("SELECT iri, id FROM hits"):
        ids.setdefault(iri, []).append(hit)
    code = _Codes(db)
    db.executemany("INSERT INTO tags VALUES (?, ?)",
                   [(hit, code("change", v)) for iri, values in changes(store).items()
                    for hit in ids.get(iri, ()) for v in values])
    code.save()
    _finish(db, contents)
    return True


def _delete(db: sqlite3.Connection, where: str, *args: object) -> None:
    """Delete hits and their FTS5 entries (an external-content table is told the old text)."""
    for row_id, text, table in db.execute(
            f"SELECT id, text, fts FROM hits WHERE {where}", args).fetchall():
        for name in (table, "fts_en_words") if table == "fts_en" else (table,):
            db.execute(f"INSERT INTO {name}({name}, rowid, text) VALUES ('delete', ?, ?)",
                       (row_id, text))
    db.execute(f"DELETE FROM tags WHERE hit IN (SELECT id FROM hits WHERE {where})", args)
    db.execute(f"DELETE FROM hits WHERE {where}", args)


class _Codes:
    """(facet, value) -> the integer that stands for it in hits and tags; new ones saved."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.codes = {(f, v): c for c, f, v in db.execute("SELECT code, facet, value FROM vals")}
        self.next = max(self.codes.values(), default=0) + 1
        self.new: list[tuple[int, str, str]] = []

    def __call__(self, facet: str, value: str | None) -> int | None:
        if value is None:
            return None
        code = self.codes.get((facet, value))
        if code is None:
            code = self.codes[facet, value] = self.next
            self.next += 1
            self.new.append((code, facet, value))
        return code

    def save(self) -> None:
        self.db.executemany("INSERT INTO vals VALUES (?, ?, ?)", self.new)
        self.new = []
