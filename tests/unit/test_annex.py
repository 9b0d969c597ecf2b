"""Annexes after the closing: heading, title, text without footnote blocks or furniture."""

from __future__ import annotations

from kg.build import default_corpus
from kg.document import Line
from kg.pipeline import annotate_all
from kg.segment.annex import find_annexes


def _lines(text: str) -> list[Line]:
    return [Line(n, t) for n, t in enumerate(text.split("\n"), start=100)]


def _furniture(text: str) -> bool:
    return text.isdigit() or text.startswith("25-")


TAIL = """
Annex

Declaration on the Rights of Testers

1. We, the Heads of State, met in a city.4
2. We recall our commitments,
which continue here.

____
4 Resolution 79/233, annex.
continued note line

3. We resolve to act.
7
25-12345

Annex II

Programme of work
1. First item.
"""


def test_annexes_keep_their_text_and_drop_notes_and_furniture() -> None:
    first, second = find_annexes(_lines(TAIL), _furniture)
    assert (first.number, first.heading, first.line) == (1, "Annex", 101)
    assert first.title == "Declaration on the Rights of Testers"
    assert first.text.split("\n") == [
        "1. We, the Heads of State, met in a city.4 2. We recall our commitments, "
        "which continue here.",
        "3. We resolve to act.",
    ]
    assert (second.number, second.heading) == (2, "Annex II")
    assert second.text == "Programme of work 1. First item."


def test_no_heading_no_annex() -> None:
    assert find_annexes(_lines("\n1 Resolution 53/144.\n\nAnnex text is not a heading"),
                        _furniture) == ()


def test_a_real_annexed_declaration() -> None:
    (res,) = annotate_all(default_corpus() / "ga" / "A_RES_80_5.md")
    (annex,) = res.annexes
    assert annex.title and annex.title.startswith("Doha Political Declaration")
    assert annex.text.startswith("1. We, Heads of State and Government")
    assert "_____" not in annex.text
    assert annex.citations  # what the declaration cites is extracted like paragraph citations
