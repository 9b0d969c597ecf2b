"""The record of published IRIs (kg.builddir.published), without a build: which former works
of a source became which, chains collapsed, live IRIs never redirected."""

from __future__ import annotations

import json
from pathlib import Path

from kg.builddir.published import IRI_MAP, load, record

BASE = "https://x/"
ROOT = BASE + "akn/un/statement/deliberation/"


def _build(folder: Path, previous: Path, works: dict[str, list[str]],
           sha: dict[str, str] | None = None) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    sources = [{"path": path, "graph": f"g:{path}", "sha256": (sha or {}).get(path, path)}
               for path in works]
    return record(folder, previous, sources, {f"g:{p}": w for p, w in works.items()}, BASE,
                  {"un-ga": "unga"})


def test_a_work_that_gets_its_date_moves_and_chains_collapse(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    _build(a, tmp_path / "none", {"s.txt": [ROOT + "unga/undated/source-0123"]})
    assert _build(b, a, {"s.txt": [ROOT + "unga/undated/57-209"]}) == {
        ROOT + "unga/undated/source-0123": ROOT + "unga/undated/57-209"}
    assert _build(c, b, {"s.txt": [ROOT + "unga/2002-12-18/57-209"]}) == {
        ROOT + "unga/undated/source-0123": ROOT + "unga/2002-12-18/57-209",
        ROOT + "unga/undated/57-209": ROOT + "unga/2002-12-18/57-209"}
    assert json.loads((c / IRI_MAP).read_text())["base"] == BASE


def test_former_actor_forms_are_a_rule_not_entries(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _build(a, tmp_path / "none", {"s.txt": [ROOT + "un-ga/2002-12-18/57-209"]})
    assert _build(b, a, {"s.txt": [ROOT + "unga/2002-12-18/57-209"]}) == {}


def test_a_moved_file_is_followed_by_its_content(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _build(a, tmp_path / "none", {"old/s.txt": [ROOT + "unga/undated/57-209"]}, {"old/s.txt": "h"})
    assert _build(b, a, {"new/s.txt": [ROOT + "unga/2002-12-18/57-209"]}, {"new/s.txt": "h"}) == {
        ROOT + "unga/undated/57-209": ROOT + "unga/2002-12-18/57-209"}


def test_an_iri_that_names_something_again_is_live_not_moved(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    _build(a, tmp_path / "none", {"s.txt": [ROOT + "unga/undated/57-209"]})
    _build(b, a, {"s.txt": [ROOT + "unga/2002-12-18/57-209"]})
    assert _build(c, b, {"s.txt": [ROOT + "unga/2002-12-18/57-209"],
                         "t.txt": [ROOT + "unga/undated/57-209"]}) == {}


def test_lettered_parts_keep_their_letters(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _build(a, tmp_path / "none", {"s.txt": [ROOT + "unsc/undated/161A-1961",
                                            ROOT + "unsc/undated/161B-1961"]})
    assert _build(b, a, {"s.txt": [ROOT + "unsc/1961-02-21/161A-1961",
                                   ROOT + "unsc/1961-02-21/161B-1961"]}) == {
        ROOT + "unsc/undated/161A-1961": ROOT + "unsc/1961-02-21/161A-1961",
        ROOT + "unsc/undated/161B-1961": ROOT + "unsc/1961-02-21/161B-1961"}


def test_a_record_under_another_base_or_unreadable_is_not_carried(tmp_path: Path) -> None:
    (tmp_path / IRI_MAP).write_text("not json")
    assert load(tmp_path) == {}
    (tmp_path / IRI_MAP).write_text(json.dumps({"base": "https://other/", "moved": {"a": "b"}}))
    assert _build(tmp_path / "b", tmp_path, {"s.txt": [ROOT + "unga/undated/1-1"]}) == {}
