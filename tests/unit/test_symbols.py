"""One spelling of a symbol, and the spellings people type matched to it."""

from __future__ import annotations

import pytest

from kg.iris import symbol_iri
from kg.symbols import SymbolIndex, canonical, iri_path, key, letters

BASE = "https://w3id.org/unres/"


@pytest.mark.parametrize(("typed", "spelling"), [
    ("S/RES/242 (1967)", "S/RES/242 (1967)"),
    ("S/RES/242(1967)", "S/RES/242 (1967)"),
    ("S/RES/242%20(1967)", "S/RES/242 (1967)"),
    ("S/RES/242  ( 1967 )", "S/RES/242 (1967)"),
    ("A/RES/2200A(XXI)", "A/RES/2200 A (XXI)"),
    ("A/RES/2200 A (XXI)", "A/RES/2200 A (XXI)"),
    ("S/RES/161 A and B (1961)", "S/RES/161 A-B (1961)"),
    ("A/RES/60/251", "A/RES/60/251"),
    ("E/CN.4/2002/106/Add.1", "E/CN.4/2002/106/Add.1"),
    ("A/RES/ES-11/1", "A/RES/ES-11/1"),
])
def test_canonical_spelling(typed: str, spelling: str) -> None:
    assert canonical(typed) == spelling


def test_the_iri_and_the_key_do_not_depend_on_the_spelling() -> None:
    spellings = ["S/RES/242 (1967)", "S/RES/242(1967)", "s/res/242 (1967)", "S/RES/242%20(1967)"]
    assert {key(s) for s in spellings} == {"S/RES/242(1967)"}
    assert {iri_path(s) for s in spellings[:2] + spellings[3:]} == {"S/RES/242(1967)"}
    assert symbol_iri(BASE, "A/RES/2200 A (XXI)") == BASE + "symbol/A/RES/2200A(XXI)"


@pytest.mark.parametrize(("text", "found"), [
    ("A", ("A",)), ("A-B", ("A", "B")), ("A to D", ("A", "B", "C", "D")),
    ("A and C", ("A", "C")), ("A, B and D", ("A", "B", "D")), ("", ()),
])
def test_letters(text: str, found: tuple[str, ...]) -> None:
    assert letters(text) == found


@pytest.fixture
def index() -> SymbolIndex:
    return SymbolIndex([("S/RES/242 (1967)", "r242"), ("S/RES/161 A (1961)", "r161a"),
                        ("S/RES/161 B (1961)", "r161b"), ("A/RES/60/251", "ga"),
                        ("A/RES/69/96 A", "g96a"), ("A/RES/69/96 B", "g96b")])


@pytest.mark.parametrize(("typed", "found"), [
    ("S/RES/242 (1967)", ["r242"]),
    ("S/RES/242(1967)", ["r242"]),
    ("S/RES/242", ["r242"]),  # without the year: one resolution has that number
    ("s/res/242%20(1967)", ["r242"]),
    ("S/RES/242/", ["r242"]),
    ("S/RES/242 (1968)", []),  # a wrong year names nothing
    ("S/RES/24", []),
    ("S/RES/161 (1961)", ["r161a", "r161b"]),  # the document of two lettered parts
    ("S/RES/161", ["r161a", "r161b"]),
    ("S/RES/161A(1961)", ["r161a"]),
    ("s/res/161 b", ["r161b"]),
    ("A/RES/69/96 A-B", ["g96a", "g96b"]),
    ("A/RES/69/96 A and B", ["g96a", "g96b"]),
    ("a/res/60/251", ["ga"]),
    ("A/RES/60/251 A", []),  # no such part
])
def test_index_finds_what_people_type(index: SymbolIndex, typed: str, found: list[str]) -> None:
    assert index.find(typed) == found
