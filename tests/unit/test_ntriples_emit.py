"""The model writes N-Triples by hand: every line must parse, and parse to the term it means."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.triples import RDFS, XSD, Triples, iri, literal, positive


@pytest.mark.parametrize("text", [
    'He said "no"', "back\\slash", "two\nlines", "cr\rhere", "tab\tand émigré ✓", "",
    "ends with backslash\\",
])
def test_literals_round_trip(text: str) -> None:
    g = Triples()
    g.add((iri("urn:x:s"), RDFS.label, literal(text, lang="en")))
    g.add((iri("urn:x:s"), RDFS.comment, literal(text)))
    parsed = list(ox.parse(g.ntriples(), format=ox.RdfFormat.N_TRIPLES))
    assert [t.object.value for t in parsed] == [text, text]
    assert parsed[0].object.language == "en"


def test_typed_literals() -> None:
    (t,) = ox.parse(f"<urn:x:s> <urn:x:p> {positive(3)} .\n".encode(),
                    format=ox.RdfFormat.N_TRIPLES)
    assert t.object.datatype == ox.NamedNode(XSD + "positiveInteger")
    assert t.object.value == "3"


def test_unsafe_iri_characters_are_percent_encoded() -> None:
    term = iri('https://example.org/symbol/A/RES/69/96 A"<x>')
    assert term == "<https://example.org/symbol/A/RES/69/96%20A%22%3Cx%3E>"
    ox.parse(f"{term} <urn:x:p> <urn:x:o> .\n".encode(), format=ox.RdfFormat.N_TRIPLES)


def test_each_triple_once_in_order() -> None:
    g = Triples()
    for o in ("b", "a", "b"):
        g.add((iri("urn:x:s"), RDFS.label, literal(o)))
    assert len(g) == 2
    assert g.ntriples().decode().splitlines()[0].endswith('"b" .')
