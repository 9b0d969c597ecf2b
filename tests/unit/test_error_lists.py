"""Lists in errors are cut to a few items with a count (kg.errors.few), wherever they come from."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kg.errors import KgError, UsageError, few


def test_few_cuts_long_lists_and_puts_the_likely_ones_first():
    assert few(["a", "b", "c"]) == "a, b, c"
    assert few(map(str, range(6))) == "0, 1, 2, 3, 4, 5"  # (not "... and 1 more")
    assert few(map(str, range(417))) == "0, 1, 2, 3, 4, ... and 412 more"
    symbols = [f"A/RES/{n}/1" for n in range(40, 80)] + ["S/RES/242 (1967)"]
    assert few(symbols, near="S/RES/242(1967)", shown=3).startswith("S/RES/242 (1967), ")
    assert few(["x", "y", "z"], shown=1, sep="\n") == "x\n... and 2 more"


def test_diff_with_an_unknown_symbol_names_a_few_symbols(monkeypatch, tmp_path):
    import kg.builddir.store
    import kg.lineage.compare as compare

    known = [SimpleNamespace(symbol=f"A/RES/{s}/{n}") for s in range(50, 70) for n in range(300)]
    monkeypatch.setattr(kg.builddir.store, "open_build", lambda folder: (None, {}))
    monkeypatch.setattr(compare, "outlines", lambda store: known)
    with pytest.raises(UsageError) as caught:
        compare.diff("A/RES/60/12", "A/RES/99/1", build_dir=tmp_path)
    message = str(caught.value)
    assert len(message) < 300 and "\n" not in message, message
    assert "A/RES/99/1" in message and "6000 symbols" in message
    assert "... and 5995 more" in message


def test_a_failed_build_names_the_first_sources_and_counts_the_rest(tmp_path):
    from kg.build import SHOWN_ERRORS, build

    for i in range(SHOWN_ERRORS + 5):
        (tmp_path / f"empty{i:02d}.txt").write_text("")
    with pytest.raises(KgError) as caught:
        build([tmp_path], tmp_path / "out", jobs=1, validate=False)
    lines = str(caught.value).splitlines()
    assert len(lines) == SHOWN_ERRORS + 2, lines
    assert all("the file is empty" in line for line in lines[:SHOWN_ERRORS])
    assert lines[SHOWN_ERRORS] == "... and 5 more" and "--keep-going" in lines[-1]


def test_unknown_names_list_a_few_known_ones():
    from kg.rdf.formats import by_name
    from kg.sparql.run import resolve_query

    with pytest.raises(UsageError, match="turtle"):
        by_name("turtel")
    with pytest.raises(UsageError) as caught:
        resolve_query("paragrahs")
    assert "paragraphs" in str(caught.value).split("(named queries: ")[1][:40]
    assert "more" in str(caught.value) and "kg queries" in str(caught.value)
