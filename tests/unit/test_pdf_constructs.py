"""Constructs of the PDF text layer that the official-PDF yardstick (benchmarks/pdf_accuracy.py)
found kg reading wrong, each on a small made-up example (issue 14)."""

from __future__ import annotations

from tests.factories import segmented

TITLE_APART = """\
United Nations
General Assembly

A/RES/91/7

Distr.: General
9 December 2036

Resolution adopted by the General Assembly

on 2 December 2036

[on the report of the First Committee (A/91/400, para. 10)]

91/7. Cooperation between the United Nations and the Institute for the Study of Crime and

the Treatment of Offenders and of Non-Lunar-

Orbit Debris

The General Assembly,

Recalling its resolution 90/7,

1. Decides to remain seized of the matter.

40th plenary meeting
2 December 2036
"""


def test_title_lines_set_apart_by_blanks_are_one_title():
    # pdfminer sets a blank between the lines of a long title; a line of it may read like the
    # formula ("the Treatment of ..."), and a line-end hyphen is a real one
    meta = segmented(TITLE_APART).metadata
    assert meta.title == ("Cooperation between the United Nations and the Institute for the "
                          "Study of Crime and the Treatment of Offenders and of "
                          "Non-Lunar-Orbit Debris")
    assert meta.symbol == "A/RES/91/7"


def test_title_on_its_number_line_ends_at_the_next_header_line():
    text = TITLE_APART.replace(
        "91/7. Cooperation between the United Nations and the Institute for the Study of Crime"
        " and\n\nthe Treatment of Offenders and of Non-Lunar-\n\nOrbit Debris\n",
        "91/7. Space debris\n\n[adopted without a vote]\n")
    assert segmented(text).metadata.title == "Space debris"
