import datetime as dt

import pytest

from kg.errors import SourceError
from kg.normalise import normalise
from kg.rdf.resources import reference_data
from kg.segment import segment_parts
from tests.factories import segmented, source

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


LETTERED = """\
161 (1961). Resolution of 21 February 1961

A

The Security Council,

Having considered the situation,

1. Urges that measures be taken;

2. Decides to remain seized of the matter.

B

The Security Council,

Gravely concerned at the situation,1

1. Urges the convening of the Parliament;

Adopted at the 942nd meeting
by 9 votes to none, with 2 abstentions.

1 Official Records of the Security Council, document S/4691.
"""


def test_lettered_parts_are_resolutions_of_their_own():
    a, b = segment_parts(source(LETTERED), normalise(LETTERED), reference_data())
    assert (a.metadata.symbol, b.metadata.symbol) == ("S/RES/161 A (1961)", "S/RES/161 B (1961)")
    assert a.metadata.adopted == b.metadata.adopted == dt.date(1961, 2, 21)
    assert [len(a.preamble), len(a.operative), len(b.preamble), len(b.operative)] == [1, 2, 1, 1]
    assert a.metadata.meeting is None and b.metadata.meeting == 942  # the closing is B's
    assert b.preamble[0].footnotes[0].text.startswith("Official Records")
    assert not any(p.footnotes for p in a.paragraphs)


def test_letter_headings_inside_one_resolution_are_not_parts():
    text = LETTERED.replace("B\n\nThe Security Council,\n\n", "B\n\n")
    (one,) = segment_parts(source(text), normalise(text), reference_data())
    assert one.metadata.symbol == "S/RES/161 (1961)"
