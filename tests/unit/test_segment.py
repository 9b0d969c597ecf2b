import datetime as dt

import pytest

from kg.errors import SourceError
from tests.factories import segmented

PDF_LIKE = """\
  The Security Council,

 Recalling its resolution 1325 (2000) and the report of the Secretary-General
on women and peace and security,
 Deeply concerned by the continuing violence against civilians in armed
conflict1 in many regions,

 Welcoming the efforts of Member States,

 1. Urges Member States to ensure
increased representation of women;

 2.
Requests the Secretary-General:

(a) To submit a report;

(b) To include information on progress;

_______________
1 See S/2004/814,
annex I.
 3. Decides to remain seized of the matter.

4385th meeting
"""

WEB_LIKE = """\
**General
Assembly**

Distr.
GENERAL

A/RES/60/1
24 October 2005

Resolution adopted by the General Assembly

[without reference to a Main Committee (A/60/L.1)]

60/1. 2005 World Summit
Outcome

The General Assembly,

Adopts the following outcome document; See A/60/L.1.

*8th plenary meeting
16 September 2005*

[HOME](#) | [SITE MAP](#)
Copyright
"""


def test_paragraphs_follow_phrases_not_blank_lines():
    res = segmented(PDF_LIKE)
    assert [p.text.split()[0] for p in res.preamble] == ["Recalling", "Deeply", "Welcoming"]
    assert [p.number for p in res.operative] == ["1", "2", "3"]


def test_footnote_block_is_lifted_and_anchored():
    res = segmented(PDF_LIKE)
    concerned = res.preamble[1]
    assert concerned.text == ("Deeply concerned by the continuing violence against civilians in "
                              "armed conflict in many regions,")
    assert [(f.number, f.text) for f in concerned.footnotes] == [(1, "See S/2004/814, annex I.")]
    assert res.operative[2].text == "Decides to remain seized of the matter."


def test_number_alone_on_its_line_and_subparagraphs():
    op2 = segmented(PDF_LIKE).operative[1]
    assert op2.text.startswith("Requests the Secretary-General: (a) To submit a report;")
    assert [(s.number, s.text) for s in op2.subparagraphs] == [
        ("a", "To submit a report;"), ("b", "To include information on progress;")]


def test_closing_gives_meeting_and_body():
    meta = segmented(PDF_LIKE).metadata
    assert (meta.meeting, meta.body, meta.adopted) == (4385, "Security Council", None)


def test_web_header_title_closing_and_boilerplate():
    res = segmented(WEB_LIKE)
    meta = res.metadata
    assert meta.symbol == "A/RES/60/1"
    assert meta.distributed == dt.date(2005, 10, 24)
    assert meta.title == "2005 World Summit Outcome"
    assert (meta.session, meta.meeting, meta.adopted) == (60, 8, dt.date(2005, 9, 16))
    assert meta.report is None  # a draft without a Main Committee is not a committee report
    # an unnumbered single paragraph that opens with an operative phrase is operative
    assert len(res.operative) == 1 and len(res.preamble) == 0
    assert res.operative[0].text == "Adopts the following outcome document;"
    assert res.operative[0].footnotes[0].text == "See A/60/L.1."
    assert meta.draft == "A/60/L.1"  # "[without reference to a Main Committee (A/60/L.1)]"
    assert all("HOME" not in p.text for p in res.paragraphs)


def test_not_a_resolution():
    with pytest.raises(SourceError, match="not a resolution"):
        segmented("Minutes of the meeting.\nNothing here.\n")


def test_a_skipped_document_says_what_it_is():
    text = ("E/2025/L.17\nEconomic and Social Council\nDraft decision submitted by the President\n"
            "The Economic and Social Council, recalling its resolutions:\n(a) Decides to meet;\n")
    with pytest.raises(SourceError, match="it says it is a draft decision"):
        segmented(text)
