"""Small synthetic inputs for unit tests (no seed documents)."""

from __future__ import annotations

from kg.document import Source
from kg.normalise import normalise
from kg.rdf.resources import reference_data
from kg.segment import segment


def source(text: str, name: str = "test.txt") -> Source:
    return Source(path=name, name=name, text=text, sha256="0" * 64, media_type="text/plain")


def segmented(text: str):
    refdata = reference_data()
    return segment(source(text), normalise(text), refdata)
