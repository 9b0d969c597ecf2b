import datetime as dt

import pytest

from kg.patterns import ORDINAL, SYMBOL, clean_symbol, ordinal_value, parse_date


@pytest.mark.parametrize(("text", "value"), [
    ("fifty-seventh", 57), ("fifty-eighth", 58), ("sixtieth", 60), ("twenty first", 21),
    ("third", 3), ("88th", 88), ("101st", 101),
])
def test_ordinals(text, value):
    assert ordinal_value(ORDINAL.fullmatch(text)) == value


def test_dates():
    assert parse_date("19 December 2001*") == dt.date(2001, 12, 19)
    assert parse_date("31 February 2001") is None
    assert parse_date("no date") is None


@pytest.mark.parametrize(("text", "symbols"), [
    ("A/56/341 and E/CN.4/2001/94.", ["A/56/341", "E/CN.4/2001/94"]),
    ("(A/56/583/Add.2)]", ["A/56/583/Add.2"]),
    ("and A/57/182.", ["A/57/182"]),
    ("S/RES/242 (1967) of", ["S/RES/242 (1967)"]),
    ("and/or the UN/DESA office", []),
])
def test_symbols(text, symbols):
    found = [clean_symbol(m[0]) for m in SYMBOL.finditer(text)]
    assert [s for s in found if s] == symbols
