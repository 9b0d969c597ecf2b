"""Constructs of the PDF text layer that the official-PDF yardstick (benchmarks/pdf_accuracy.py)
found kg reading wrong, each on a small made-up example (issue 14)."""

from __future__ import annotations

from kg.normalise import normalise
from kg.rdf.resources import reference_data
from kg.segment import segment
from kg.sources import read_source
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


Word = tuple[int, str] | tuple[int, str, float, float]  # x, text[, size, rise]


def _pdf(lines: list[tuple[int, list[Word]]], size: float = 11) -> bytes:
    """A one-page PDF with each word set at (x, y), as a justified line sets them; a word may
    have its own size and be raised above the line (a footnote marker)."""
    ops = ["BT"]
    for y, words in lines:
        for word in words:
            x, w = word[0], word[1]
            s, rise = (word[2], word[3]) if len(word) == 4 else (size, 0.0)  # type: ignore[misc]
            ops.append(f"/F1 {s} Tf 1 0 0 1 {x} {y + rise} Tm ({w}) Tj")
    ops.append("ET")
    stream = "\n".join(ops).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)


def test_justified_pdf_lines_keep_their_words_in_order(tmp_path):
    # the wide gaps of a justified line must not cut it into boxes read out of order
    path = tmp_path / "justified.pdf"
    path.write_bytes(_pdf([
        (700, [(72, "The General Assembly,")]),
        (670, [(90, "Acknowledging"), (200, "the"), (235, "significant"), (330, "contribution")]),
        (656, [(72, "made"), (130, "towards"), (240, "realizing"), (330, "the")]),
    ]))
    lines = [line.text for line in normalise(read_source(path).text) if line.text]
    assert lines[1:3] == ["Acknowledging the significant contribution",
                          "made towards realizing the"]


def test_symbol_read_on_one_line_with_the_masthead():
    text = TITLE_APART.replace("United Nations\nGeneral Assembly\n\nA/RES/91/7\n",
                               "United Nations A/RES/91/7\n\nGeneral Assembly\n")
    text = text.replace("91/7. Cooperation", "Cooperation")  # no number line to fall back on
    assert segmented(text).metadata.symbol == "A/RES/91/7"


def test_resumed_meeting_closes_the_resolution():
    text = TITLE_APART.replace("40th plenary meeting", "40th (resumed) plenary meeting")
    meta = segmented(text).metadata
    assert meta.meeting == 40
    assert str(meta.adopted) == "2036-12-02"


MARKED = [  # a made-up resolution whose first footnote marker follows "90/7;"
    (740, [(72, "A/RES/91/8")]),
    (720, [(72, "91/8. Space debris")]),
    (700, [(72, "The General Assembly,")]),
    (680, [(90, "Recalling its resolution 90/7;"), (236, "1", 7, 4)]),
    (666, [(90, "Noting the report of the Committee,")]),
    (652, [(90, "1. Decides to remain seized of the matter.")]),
    (630, [(72, "40th plenary meeting")]),
    (616, [(72, "2 December 2036")]),
    (100, [(72, "__________________")]),
    (86, [(72, "1", 6, 3), (80, "A/91/80.", 9, 0)]),
]


def test_small_raised_digit_is_read_as_a_superscript_marker(tmp_path):
    # a marker is told from the text's own digits by its size and rise, not by guessing; the
    # raised number that opens a footnote's own text at the page foot stays plain
    path = tmp_path / "marked.pdf"
    path.write_bytes(_pdf(MARKED))
    lines = [line.text for line in normalise(read_source(path).text) if line.text]
    assert any(x.startswith("Recalling its resolution 90/7;") and x.endswith("¹") for x in lines)
    assert "1 A/91/80." in lines
    assert "A/RES/91/8" in lines  # digits of the text's own size are left alone


def test_superscript_marker_after_a_number_anchors_its_footnote(tmp_path):
    # "90/7;1" as plain text reads as a symbol and a digit: the note fell to the paragraph
    # printed last before the page foot
    path = tmp_path / "marked.pdf"
    path.write_bytes(_pdf(MARKED))
    source = read_source(path)
    res = segment(source, normalise(source.text), reference_data())
    first, second = res.preamble
    assert [f.text for f in first.footnotes] == ["A/91/80."]
    assert first.text == "Recalling its resolution 90/7;"
    assert not second.footnotes and not res.operative[0].footnotes
    assert res.metadata.meeting == 40


def test_superscript_marker_wins_over_a_guessed_one():
    # a plain digit that could be a marker ("the report 1 of") is passed over for the raised one
    text = TITLE_APART.replace(
        "Recalling its resolution 90/7,",
        "Noting the report 1 of the Committee,\n\nRecalling its resolution 90/7;¹\n\n"
        "__________________\n1 A/91/80.\n")
    res = segmented(text)
    assert [len(p.footnotes) for p in res.preamble] == [0, 1]
    assert res.preamble[0].text == "Noting the report 1 of the Committee,"


def test_superscript_marker_at_the_end_of_the_last_paragraph_keeps_the_closing():
    # the closing follows a finished paragraph: a raised marker after its full stop is no text
    text = TITLE_APART.replace(
        "1. Decides to remain seized of the matter.",
        "1. Decides to remain seized of the matter.¹").replace(
        "2 December 2036\n", "2 December 2036\n\n__________________\n1 A/91/80.\n")
    res = segmented(text)
    assert res.metadata.meeting == 40
    assert res.operative[0].text == "Decides to remain seized of the matter."
    assert [f.text for f in res.operative[0].footnotes] == ["A/91/80."]


def test_running_head_keeps_the_page_break_that_ends_a_footnote_block():
    # the title printed at the top of the next page is dropped as a running head; the page
    # break it opened still ends the footnote block above it, so the rest of the paragraph cut
    # by the break (with its marker) is not read as the end of the last footnote
    text = TITLE_APART.replace("91/7. Cooperation between the United Nations and the Institute "
                               "for the Study of Crime and\n\nthe Treatment of Offenders and of "
                               "Non-Lunar-\n\nOrbit Debris\n", "91/7. Orbital debris\n")
    text = text.replace(
        "Recalling its resolution 90/7,",
        "Recalling its resolution 90/7,¹\n\nNoting the report of the Committee on its\n\n"
        "__________________\n\n1 A/91/80.\n\n2/3\n\n\fOrbital debris\n\nA/RES/91/7\n\n"
        "sixtieth session² and the plan annexed to it,\n\n"
        "Welcoming the work of the Committee,\n")
    text = text.replace("2 December 2036\n", "2 December 2036\n\n__________________\n\n"
                        "2 A/91/20.\n")
    res = segmented(text)
    assert [p.text for p in res.preamble] == [
        "Recalling its resolution 90/7,",
        "Noting the report of the Committee on its sixtieth session and the plan annexed to it,",
        "Welcoming the work of the Committee,"]
    assert [[f.text for f in p.footnotes] for p in res.preamble] == [
        ["A/91/80."], ["A/91/20."], []]


def _with_notes(count: int, wrapped: str = "") -> str:
    """TITLE_APART with `count` preambular paragraphs, each with one footnote, all printed at
    the foot of the first page (`wrapped`: a line that continues the last note)."""
    paras = "\n\n".join(f"Recalling its resolution 90/{n},{str(n).translate(_SUPER)}"
                        for n in range(1, count + 1))
    notes = "\n".join(f"{n} A/91/{100 + n}." for n in range(1, count + 1))
    return TITLE_APART.replace(
        "Recalling its resolution 90/7,",
        f"{paras}\n\n__________________\n{notes}\n{wrapped}\n1/2\n\f")


_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def test_more_than_eleven_footnotes_at_one_page_foot_stay_apart():
    # the notes of a foot are numbered within ten of the last one read, not of the first
    res = segmented(_with_notes(14))
    assert [[f.number for f in p.footnotes] for p in res.preamble] == [[n] for n in range(1, 15)]
    assert res.preamble[13].footnotes[0].text == "A/91/114."


def test_a_wrapped_note_line_opening_with_a_date_is_no_note():
    res = segmented(_with_notes(3, wrapped="12 March-2 April 2036, annex.\n"))
    assert [f.text for p in res.preamble for f in p.footnotes] == [
        "A/91/101.", "A/91/102.", "A/91/103. 12 March-2 April 2036, annex."]


def test_a_wrapped_note_line_opening_with_a_lower_number_is_no_note():
    # "3 – 14 June 2036" (a day range) and "2 volumes" continue the note above them: the notes
    # of one foot are numbered upwards
    res = segmented(_with_notes(4, wrapped="3 – 14 June 2036, chap. I.\n2 volumes.\n"))
    assert [f.text for p in res.preamble for f in p.footnotes] == [
        "A/91/101.", "A/91/102.", "A/91/103.", "A/91/104. 3 – 14 June 2036, chap. I. 2 volumes."]


def test_running_head_wrapped_onto_a_short_line_is_dropped_whole():
    # the title repeated at the top of a page wraps as it does under the number; its second
    # line is too short to be known as a piece of the title on its own
    text = TITLE_APART.replace(
        "Recalling its resolution 90/7,",
        "Recalling its resolution 90/7,\n\n2/3\n\n\fA/RES/91/7\n\n"
        "Cooperation between the United Nations and the Institute for the Study of Crime and "
        "the Treatment of Offenders and of Non-Lunar-Orbit\n\nDebris\n\n"
        "Noting the report of the Committee,")
    res = segmented(text)
    assert [p.text for p in res.preamble] == ["Recalling its resolution 90/7,",
                                              "Noting the report of the Committee,"]


def test_running_head_line_ending_in_a_comma_is_dropped_and_quoted_title_words_kept():
    # at a page top the head's lines are dropped while they read on as the title, whatever
    # they end with; mid-paragraph, a line that the title happens to hold is the paragraph's
    title = "Use of the Moon, Mars and Other Celestial Bodies for Peaceful Purposes"
    text = TITLE_APART.replace(
        "91/7. Cooperation between the United Nations and the Institute for the Study of Crime"
        " and\n\nthe Treatment of Offenders and of Non-Lunar-\n\nOrbit Debris\n",
        f"91/7. {title}\n").replace(
        "Recalling its resolution 90/7,",
        "Recalling the treaty on the use of the\n"
        "Moon, Mars and Other Celestial Bodies for Peaceful\n\n"
        "2/3\n\n\fA/RES/91/7\n\nUse of the Moon,\n\nMars and Other Celestial Bodies for\n\n"
        "Peaceful Purposes\n\nPurposes and its protocol,")
    res = segmented(text)
    assert res.metadata.title == title
    assert [p.text for p in res.preamble] == [
        "Recalling the treaty on the use of the Moon, Mars and Other Celestial Bodies for "
        "Peaceful Purposes and its protocol,"]
HEADED = """\
United Nations
General Assembly

A/RES/91/12

Resolution adopted by the General Assembly

on 2 December 2036

91/12. Protection of lunar heritage sites against the effects of mining
operations

The General Assembly,

Recalling its resolution 90/12,

Noting that heritage sites on the Moon are of interest to all, that they are
fragile and that{note} once damaged they cannot be restored, and noting also the
___

1 Resolution 90/12.

2/4

36-01234
\f
Protection of lunar heritage sites against the effects of mining
operations

A/RES/91/12

work of the Committee on the matter,

Recognizing that mining operations are planned for the coming decade,

1. Decides to remain seized of the matter.

40th plenary meeting
2 December 2036
"""


def _openings(text: str) -> list[str]:
    res = segmented(text)
    return [" ".join(p.text.split()[:3]) for p in res.paragraphs]


def test_running_head_wrapped_onto_a_short_line_is_not_a_paragraph_start():
    # the head wraps, and its last piece ("operations") is too short to tell alone; the page
    # break it stood on still ends the footnote block at the foot of the previous page
    res = segmented(HEADED.format(note="1"))
    assert [" ".join(p.text.split()[:2]) for p in res.paragraphs] == [
        "Recalling its", "Noting that", "Recognizing that", "Decides to"]
    noting = res.preamble[1]
    assert noting.text.endswith("noting also the work of the Committee on the matter,")
    assert [f.text for f in noting.footnotes] == ["Resolution 90/12."]


def test_running_head_that_is_not_the_title_is_known_by_recurring_at_page_tops():
    # a head that shortens the title (or a title kg did not find) recurs at the top of pages
    page = ("\f\nLunar heritage sites\n\nA/RES/91/12\n\n"
            "work of the Committee on the matter,\n\n")
    text = HEADED.format(note="").replace(
        "\f\nProtection of lunar heritage sites against the effects of mining\noperations\n\n"
        "A/RES/91/12\n\nwork of the Committee on the matter,\n\n",
        page + "Recognizing that mining operations are planned for the coming decade,\n\n"
        + page.replace("work of the Committee on the matter,", "Welcoming the work of the "
                       "Committee on the matter,"))
    text = text.replace("\nRecognizing that mining operations are planned for the coming decade,"
                        "\n\n1.", "\n1.")
    assert _openings(text) == ["Recalling its resolution", "Noting that heritage",
                               "Recognizing that mining", "Welcoming the work", "Decides to remain"]


SECTIONED = """\
A/RES/91/30

Resolution adopted by the General Assembly on 2 December 2036

91/30. Lunar affairs

The General Assembly,

Recalling its resolution 90/30,

I
Managing lunar dust

1. Notes the report on lunar dust;

2. Requests a further report;

II
Improving habitats on the

far side of the Moon

3. Welcomes the progress made;

V
The Ridge

4. Decides to remain seized of the matter.

40th plenary meeting
2 December 2036
"""


def test_section_headings_in_the_operative_part_are_no_paragraphs():
    # "II" and its title (wrapped, a blank between its lines) neither glue onto paragraph 2
    # nor start one; a section "V" whose title reads like a formula ("The Ridge") is no
    # lettered part that would end the resolution there
    res = segmented(SECTIONED)
    assert [p.text for p in res.preamble] == ["Recalling its resolution 90/30,"]
    assert [(p.number, p.text) for p in res.operative] == [
        ("1", "Notes the report on lunar dust;"), ("2", "Requests a further report;"),
        ("3", "Welcomes the progress made;"), ("4", "Decides to remain seized of the matter.")]


def test_heading_title_that_reads_like_a_recital_is_a_title():
    # a participle ("Managing", "Improving") opens a recital only where it is in the scheme
    res = segmented(SECTIONED)
    assert len(res.preamble) == 1 and res.operative[0].text.startswith("Notes")


PARTS = """\
A/RES/91/40

Resolution adopted by the General Assembly on 2 December 2036

91/40. Financing of lunar stations

The General Assembly,

I
Support account for lunar stations

Recalling its resolution 90/40,

Mindful of the needs of the stations,

1. Takes note of the report;

2. Approves the budget;

II
Lunar station reserve

Recalling its resolution 90/41,

1. Decides to keep the reserve;

2. Also decides to review it.

40th plenary meeting
2 December 2036
"""


def test_parts_with_own_preambles_restart_their_numbering():
    res = segmented(PARTS)
    assert [p.text for p in res.preamble] == [
        "Recalling its resolution 90/40,", "Mindful of the needs of the stations,",
        "Recalling its resolution 90/41,"]
    assert [(p.number, p.text.split()[0]) for p in res.operative] == [
        ("1", "Takes"), ("2", "Approves"), ("1", "Decides"), ("2", "Also")]


def test_operative_number_printed_without_its_full_stop():
    # "2 Requests" is number 2 (the next number, an operative phrase after it); a line that
    # merely begins with a number ("15 Member States") continues its paragraph
    text = SECTIONED.replace("2. Requests a further report;",
                             "2 Requests a further report from\n15 Member States;")
    ops = segmented(text).operative
    assert [(p.number, p.text) for p in ops][:2] == [
        ("1", "Notes the report on lunar dust;"),
        ("2", "Requests a further report from 15 Member States;")]
    assert [p.number for p in ops] == ["1", "2", "3", "4"]


def test_section_heading_without_a_numeral_before_a_numbered_paragraph():
    text = SECTIONED.replace("I\nManaging lunar dust\n", "Lunar dust and its removal\n")
    res = segmented(text)
    assert [p.text for p in res.preamble] == ["Recalling its resolution 90/30,"]
    assert res.operative[0].text == "Notes the report on lunar dust;"


def test_citation_continuing_a_paragraph_across_a_page_starts_no_paragraph():
    # the paragraph is cut after a comma; the next page goes on with a citation
    text = SECTIONED.replace(
        "Recalling its resolution 90/30,\n",
        "Recalling its resolutions 90/30 of 1 May 2035,\n\f\nA/RES/91/30\n\n"
        "S-3/1 of 2 June 2035 and 89/30,\n")
    assert [p.text for p in segmented(text).preamble] == [
        "Recalling its resolutions 90/30 of 1 May 2035, S-3/1 of 2 June 2035 and 89/30,"]


def test_inline_enumeration_that_starts_a_line_is_no_sub_paragraph():
    text = SECTIONED.replace(
        "2. Requests a further report;",
        "2. Requests a further report:\n\n(a) On the removal of dust, covering:\n"
        "(i) its sources and spread; (ii) its effects on\nhabitats; and (iii) its removal;\n\n"
        "(b) On the costs;")
    op = segmented(text).operative[1]
    assert [p.number for p in op.subparagraphs] == ["a", "b"]
    assert op.subparagraphs[0].subparagraphs == ()
    assert op.subparagraphs[0].text == ("On the removal of dust, covering: (i) its sources and "
                                        "spread; (ii) its effects on habitats; and (iii) its "
                                        "removal;")


def test_running_head_with_the_symbol_beside_it_on_one_line():
    # text laid out as the page is (pdftotext -layout) sets the symbol on the head's line
    text = HEADED.format(note="1").replace(
        "Protection of lunar heritage sites against the effects of mining\noperations\n\n"
        "A/RES/91/12\n\nwork",
        "Protection of lunar heritage sites against the effects of mining\n"
        "A/RES/91/12        operations\n\nwork")
    res = segmented(text)
    assert [" ".join(p.text.split()[:2]) for p in res.paragraphs] == [
        "Recalling its", "Noting that", "Recognizing that", "Decides to"]
    assert res.preamble[1].text.endswith("noting also the work of the Committee on the matter,")
