"""A rebuild updates the index graph by graph, and ends with the index a fresh build makes."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kg.build import default_corpus

from .conftest import HOSTILE, kg_build

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)


def rows(out: Path) -> set[tuple[object, ...]]:
    """What the index says of every hit and its tags, without the row ids."""
    with sqlite3.connect(out / "search.sqlite") as db:
        values = dict(db.execute("SELECT code, facet || '=' || value FROM vals"))
        hits = db.execute("SELECT h.id, h.iri, h.text, h.kind, h.body, h.year, h.phrase, "
                          "h.vote, h.lang FROM hits h").fetchall()
        tags: dict[int, list[str]] = {}
        for hit, code in db.execute("SELECT hit, code FROM tags"):
            tags.setdefault(hit, []).append(values[code])
    db.close()
    return {(*(values.get(v, v) for v in row[1:]), tuple(sorted(tags.get(row[0], []))))
            for row in hits}


def matches(out: Path, word: str) -> int:
    with sqlite3.connect(out / "search.sqlite") as db:
        n = db.execute("SELECT count(*) FROM fts_en WHERE fts_en MATCH ?", (word,)).fetchone()[0]
    db.close()
    return n


def test_a_changed_source_is_reindexed_alone(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    hostile = sources / HOSTILE.name
    shutil.copy(HOSTILE, hostile)
    out = tmp_path / "out"
    kg_build(default_corpus(), sources, out=out)
    with sqlite3.connect(out / "search.sqlite") as db:
        before = db.execute("SELECT max(id) FROM hits").fetchone()[0]
    db.close()
    assert matches(out, "zanzibarian") == 2 and matches(out, "ruritanian") == 0

    hostile.write_text(HOSTILE.read_text("utf-8").replace("zanzibarian", "ruritanian"), "utf-8")
    kg_build(default_corpus(), sources, out=out)
    assert matches(out, "zanzibarian") == 0 and matches(out, "ruritanian") == 2
    with sqlite3.connect(out / "search.sqlite") as db:
        new_ids = [i for (i,) in db.execute("SELECT id FROM hits WHERE symbol = 'A/RES/99/1'")]
    db.close()
    assert min(new_ids) > before  # appended: the other graphs' rows were kept, not rewritten

    fresh = tmp_path / "fresh"
    kg_build(default_corpus(), sources, out=fresh)
    assert rows(out) == rows(fresh)

    hostile.unlink()
    kg_build(default_corpus(), sources, out=out)
    assert matches(out, "ruritanian") == 0
    assert not any(r[0].endswith("99-1") or "/99-1/" in r[0] for r in rows(out))
