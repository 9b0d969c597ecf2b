"""Citations of resolutions by number: organ prefixes, lists, and lettered parts."""

from __future__ import annotations

import pytest

from kg.extract import citations
from kg.rdf.resources import reference_data


@pytest.mark.parametrize(("organ", "text", "keys"), [
    ("General Assembly", "its resolution 2200 A (XXI) of 16 December 1966",
     ["A/RES/2200 A (XXI)"]),
    ("General Assembly", "resolutions 69/96 A and B of 10 December 2014",
     ["A/RES/69/96 A", "A/RES/69/96 B"]),
    ("General Assembly", "resolutions 50/72 A to D and 51/47 B",
     ["A/RES/50/72 A", "A/RES/50/72 B", "A/RES/50/72 C", "A/RES/50/72 D", "A/RES/51/47 B"]),
    ("General Assembly", "resolution 36/87 B of 9 December 1981, 37/75 of 9 December 1982",
     ["A/RES/36/87 B", "A/RES/37/75"]),
    ("General Assembly", "resolution 57/209 and A/RES/58/1", ["A/RES/57/209"]),
    ("Security Council", "its resolution 161 A (1961)", ["S/RES/161 A (1961)"]),
    ("Security Council", "resolutions 1325 (2000) and 1820 (2008)",
     ["S/RES/1325 (2000)", "S/RES/1820 (2008)"]),
])
def test_resolution_numbers(organ: str, text: str, keys: list[str]) -> None:
    refdata = reference_data()
    found = citations.resolutions(text, refdata, refdata.organ_by_label(organ))
    assert [c.key for c in found] == keys
