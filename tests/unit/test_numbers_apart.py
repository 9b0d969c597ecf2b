"""Operative numbers that PDF text separates from their paragraphs, and long resolutions."""

from __future__ import annotations

from tests.factories import segmented

HEAD = """\
The General Assembly,

Recalling its earlier resolutions on the matter,

"""
CLOSING = "\n\n45th plenary meeting\n2 December 2024\n"


def test_numbers_printed_in_a_column_before_their_texts():
    text = HEAD + """1.

2.

Takes note of the report of the Secretary-General;

Strongly encourages Member States:

(a) To consider the matter;

(b) To report on it;

3. Decides to remain seized of the matter.""" + CLOSING
    res = segmented(text)
    assert [(p.number, p.text) for p in res.operative] == [
        ("1", "Takes note of the report of the Secretary-General;"),
        ("2", "Strongly encourages Member States: (a) To consider the matter; "
              "(b) To report on it;"),
        ("3", "Decides to remain seized of the matter.")]


def test_a_text_that_runs_on_fills_one_number_before_the_next():
    text = HEAD + """1.

2.

Takes note of the report of the Secretary-General
on the matter;

Decides to remain seized of the matter.""" + CLOSING
    res = segmented(text)
    assert [p.text for p in res.operative] == [
        "Takes note of the report of the Secretary-General on the matter;",
        "Decides to remain seized of the matter."]


def test_a_number_that_never_gets_its_text_is_kept_empty():
    res = segmented(HEAD + "1. Takes note of the report;\n\n2." + CLOSING)
    assert [(p.number, p.text) for p in res.operative] == [("1", "Takes note of the report;"),
                                                           ("2", "")]
    assert res.operative[1].line > res.operative[0].line


def test_operative_numbering_goes_past_999():
    body = "\n\n".join(f"{n}. Decides on item {n};" for n in range(1, 1201))
    res = segmented(HEAD + body + CLOSING)
    assert len(res.operative) == 1200
    assert res.operative[-1].number == "1200"
    assert res.operative[999].text == "Decides on item 1000;"
