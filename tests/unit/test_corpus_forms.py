"""The printed forms real corpora show, on small synthetic snippets (issue 6)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kg.errors import SourceError
from kg.extract import extract
from kg.pipeline import parse
from kg.rdf.resources import reference_data
from kg.readers.frontmatter import metadata_from, split_front_matter
from kg.readers.markdown import rewrite_footnotes
from kg.readers.sniff import sniff
from kg.sources import read_source
from tests.factories import segmented

OLD_SC = """\
Resolution 999 (1967)
of 22 November 1967

The Security Council,

Emphasizing further that all Member States in their
acceptance of the Charter have undertaken a commitment ;

1. Affirms the following principles:

(1) Withdrawal of armed forces ;

(ii) Termination of all claims, in particular:

2. Requests the Secretary-General to report.

Adopted unanimously at the
1382nd meeting.
"""


def test_old_security_council_header_closing_and_ocr_roman_numerals():
    res = segmented(OLD_SC)
    meta = res.metadata
    assert (meta.symbol, meta.adopted, meta.meeting, meta.vote) == (
        "S/RES/999 (1967)", dt.date(1967, 11, 22), 1382, "unanimously")
    assert [p.number for p in res.operative] == ["1", "2"]
    assert [s.number for s in res.operative[0].subparagraphs] == ["i", "ii"]


def test_unnumbered_operative_paragraph_with_points_and_a_recorded_vote():
    res = segmented("""\
12 (1950). Resolution of 29 September 1950

The Security Council

Having noted the declaration,

Decides:

(a) To defer consideration;

(b) To invite a representative.

Adopted at the 506th meeting
by 7 votes to 3, with 1 abstention (Egypt).
""")
    assert len(res.preamble) == 1 and len(res.operative) == 1
    assert res.operative[0].number is None
    assert [s.number for s in res.operative[0].subparagraphs] == ["a", "b"]
    assert (res.metadata.meeting, res.metadata.vote) == (506, "7-3-1")


def test_no_formula_and_therefore():
    res = segmented("""\
3 (1946) Resolution of 25 January 1946

By Article 47 of the Charter, a committee shall be established ;

Therefore

1. The Security Council requests the members to meet ;

2. The Security Council directs the committee to report.

Adopted at the 2nd meeting.
""")
    assert (res.metadata.body, res.metadata.symbol) == ("Security Council", "S/RES/3 (1946)")
    assert len(res.preamble) == 1 and len(res.operative) == 2
    refdata = reference_data()
    phrases = [p.phrase.rsplit("/", 1)[-1] for p in extract(res, refdata).operative]
    assert phrases == ["requests", "directs"]


MODERN = """\
A/HRC/RES/99/1

United Nations
Distr.: General
16 July 2025

Resolution adopted by the Human Rights Council
on 8 July 2025
99/1.

Human rights and something
The Human Rights Council,
Guided by the Charter of the United Nations,
Recalling that the Agreement2 acknowledges that something is a common
concern,

1
2

See FCCC/CP/2015/10/Add.1, decision 1/CP.21, annex.
Adopted under the Convention; see
FCCC/CP/2016/1.

GE.25-11220 (E)

\fA/HRC/RES/99/1
Acting with resolve,1
1.
Decides to remain seized of the matter.
34th meeting
8 July 2025

[Adopted without a vote.]
"""


def test_modern_header_page_foot_numbers_apart_from_texts_and_bracketed_vote():
    res = segmented(MODERN)
    meta = res.metadata
    assert (meta.symbol, meta.title, meta.adopted, meta.meeting, meta.vote) == (
        "A/HRC/RES/99/1", "Human rights and something", dt.date(2025, 7, 8), 34,
        "without a vote")
    assert [p.text.split()[0] for p in res.preamble] == ["Guided", "Recalling", "Acting"]
    notes = {f.number: f.text for p in res.paragraphs for f in p.footnotes}
    assert notes[1].startswith("See FCCC/CP/2015/10/Add.1")
    assert notes[2] == "Adopted under the Convention; see FCCC/CP/2016/1."
    assert "GE.25" not in " ".join(p.text for p in res.paragraphs)


def test_numbered_operative_part_keeps_a_preambular_slip_in_the_preamble():
    res = segmented("""\
The Security Council,

Noting the report,

Recalls that the force is a step towards peace,

Recalling resolution 2378 (2017),

1. Calls upon the parties to comply;

2. Decides to remain seized of the matter.
""")
    assert len(res.preamble) == 3 and [p.number for p in res.operative] == ["1", "2"]


def test_footnotes_after_the_closing_with_spaced_markers():
    res = segmented("""\
The Security Council,

Having examined the application of the Republic, 17

Recommends that the Republic be admitted.

Adopted unanimously at the
864th meeting.

17 Ibid., document
S/4318.
""")
    assert res.preamble[0].text == "Having examined the application of the Republic,"
    assert [(f.number, f.text) for f in res.preamble[0].footnotes] == [
        (17, "Ibid., document S/4318.")]


def test_running_title_and_job_numbers_are_not_text():
    res = segmented("""\
80/99. Convening of the fourth special session

The General Assembly,

Recalling its resolutions,
Convening of the fourth special session
Reiterating its conviction,

*2515779*
25-15779 (E)
1. Decides to act.
""")
    assert [p.text for p in res.preamble] == ["Recalling its resolutions,",
                                             "Reiterating its conviction,"]


def test_sniffing_is_by_content():
    assert sniff(b"%PDF-1.7 ...") == "pdf"
    assert sniff(b'<?xml version="1.0"?><akomaNtoso xmlns="x"/>') == "akn"
    assert sniff(b"<record/>") == "xml"
    assert sniff(b"---\nsymbol: A/RES/1/1\n---\nThe General Assembly,\n") == "markdown"
    assert sniff(b"The General Assembly,\n") == "text"


def test_front_matter_fills_what_the_text_lacks():
    pairs, text = split_front_matter('---\nsymbol: A/RES/80/9\ntitle: "T :"\n'
                                     'date: "2025-12-03"\nrecord_id: "1"\n---\nbody\n')
    assert text == "\n" * 6 + "body\n"  # line numbers are kept
    meta = metadata_from(pairs)
    assert (meta.symbol, meta.distributed, meta.adopted) == ("A/RES/80/9", dt.date(2025, 12, 3),
                                                             None)


def test_markdown_footnotes_become_page_foot_notes():
    text = rewrite_footnotes("the report[^4] adopted\n\n---\n\n[^4]: A/79/364.\n\n"
                             "[^5]: See\n    CD/1839.\n")
    assert "report4 adopted" in text
    assert "__________\n4 A/79/364." in text and "5 See\nCD/1839." in text


def test_markdown_source_end_to_end(tmp_path):
    path = tmp_path / "A_RES_80_99.txt"  # the content decides, not the extension
    path.write_text("---\nsymbol: A/RES/80/99\ndate: \"2025-12-03\"\n---\n\n80/99. Title\n\n"
                    "The General Assembly\n\nAdopts the declaration annexed to the present "
                    "resolution.[^1]\n\n51st plenary meeting 1 December 2025\n\nAnnex\n\n"
                    "1. We commit.\n\n---\n\n[^1]: See resolution 70/1.\n", "utf-8")
    source = read_source(path)
    assert source.media_type == "text/markdown"
    res, _name, _graph = parse(path)
    assert (res.metadata.symbol, res.metadata.adopted, res.metadata.meeting) == (
        "A/RES/80/99", dt.date(2025, 12, 1), 51)
    assert len(res.operative) == 1 and not res.preamble  # the annex is not the resolution's
    assert [c.key for c in res.operative[0].citations] == ["A/RES/70/1"]


def test_metadata_table_fills_by_symbol(tmp_path):
    (tmp_path / "kg-metadata.csv").write_text(
        '"";"Resolution";"Date";"Meeting"\n"1";"S/RES/5";"1946-05-08";"40"\n', "utf-8")
    path = tmp_path / "five.txt"
    path.write_text("5 (1946). Resolution\n\nThe Security Council,\n\nDecides to act.\n", "utf-8")
    res, _name, _graph = parse(path)
    assert (res.metadata.symbol, res.metadata.adopted, res.metadata.meeting) == (
        "S/RES/5 (1946)", dt.date(1946, 5, 8), 40)


def test_roll_call_table_gives_each_member_state_vote(tmp_path):
    """One row per Member State (Voeten codes or words); "R/5/12" is A/RES/5/12; a state that
    was not a member (9) cast no vote; the counts follow from the rows."""
    (tmp_path / "kg-metadata.csv").write_text(
        "unres,Country,vote\nR/5/12,France,1\nR/5/12,Côte d'Ivoire,3\nR/5/12,Peru,2\n"
        "R/5/12,Chad,8\nR/5/12,Nauru,9\nR/5/13,France,no\n", "utf-8")
    path = tmp_path / "twelve.txt"
    path.write_text("A/RES/5/12\n\nThe General Assembly,\n\n1. Decides to act.\n", "utf-8")
    res, _name, graph = parse(path)
    assert res.metadata.votes == (("France", "yes"), ("Côte d'Ivoire", "no"),
                                  ("Peru", "abstain"), ("Chad", "absent"))
    assert res.metadata.vote == "1-1-1"
    rows = graph.query("""
        PREFIX unres: <https://w3id.org/unres/ontology#>
        SELECT ?cast ?state ?value WHERE {
            ?r unres:recordedVote ?cast . ?cast unres:memberState ?state ; unres:voteValue ?value
        } ORDER BY ?state""")
    found = {(str(r.state), str(r.value).rsplit("/", 1)[1], str(r.cast).rsplit("/", 1)[1])
             for r in rows}
    assert ("Côte d'Ivoire", "no", "cote-d-ivoire") in found and len(found) == 4


def test_drafts_are_documents_of_their_own_kind(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_text("S/2099/1\n\nUnited Nations\nSecurity Council\nDistr.: General\n"
                    "1 May 2099\n\nX: draft resolution\n\nThe Security Council,\n\n"
                    "Recalling its resolutions,\n\n1. Decides to act.\n", "utf-8")
    sidecar = path.with_name("draft.meta.json")
    sidecar.write_text(json.dumps({"became": "S/RES/9999 (2099)"}), "utf-8")
    res, _name, graph = parse(path)
    assert (res.metadata.kind, res.metadata.symbol) == ("draft", "S/2099/1")
    text = graph.serialize(format="nt")
    assert "ontology#DraftResolution" in text and "ontology#becameResolution" in text
    assert "ontology#Resolution>" not in text.split("becameResolution")[0].split("\n")[-1]


AKN = b"""<?xml version='1.0' encoding='UTF-8'?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta><identification source="#x"><FRBRWork>
      <FRBRthis value="/akn/un/statement/deliberation/itu-pp/2018-11-15/res-9/!main"/>
      <FRBRdate date="2018-11-15" name="adoption"/>
      <FRBRnumber value="res-9" showAs="RESOLUTION 9 (DUBAI, 2018)"/>
    </FRBRWork></identification></meta>
    <preface><longTitle><p><docType>RESOLUTION</docType> <docNumber>9 (DUBAI, 2018)</docNumber>
    </p></longTitle><container name="title"><p>A title</p></container></preface>
    <preamble>
      <formula name="enactingFormula"><p>The Plenipotentiary Conference of the
        International Telecommunication Union (Dubai, 2018),</p></formula>
      <recitals><intro><p>considering</p></intro>
        <recital><p>a) that one thing;</p></recital>
        <recital><num>b)</num><p>that another,</p></recital></recitals>
    </preamble>
    <mainBody>
      <hcontainer><heading>resolves</heading>
        <paragraph><content><p>1 to act;</p></content></paragraph>
        <paragraph><num>2</num><content><p>to act again,</p></content></paragraph>
      </hcontainer>
      <hcontainer><heading>instructs the Secretary-General</heading>
        <paragraph><content><p>to report.</p></content></paragraph>
      </hcontainer>
    </mainBody>
  </statement>
</akomaNtoso>
"""


def test_akoma_ntoso_structure_is_imported(tmp_path):
    path = tmp_path / "res_9.xml"
    path.write_bytes(AKN)
    res, _name, _graph = parse(path)
    meta = res.metadata
    assert (meta.symbol, meta.adopted, meta.title) == ("Resolution 9 (DUBAI, 2018)",
                                                       dt.date(2018, 11, 15), "A title")
    assert meta.body == "Plenipotentiary Conference of the International Telecommunication Union"
    assert [[s.number for s in p.subparagraphs] for p in res.paragraphs] == [
        ["a", "b"], ["1", "2"], ["1"]]
    assert [p.phrase.rsplit("/", 1)[-1] for p in res.paragraphs] == [
        "considering", "resolves", "instructs"]


def test_akoma_ntoso_collection_is_reported(tmp_path):
    path = tmp_path / "acts.xml"
    path.write_bytes(AKN.replace(b"</statement>", b"</statement><statement name='decision'/>"))
    with pytest.raises(SourceError, match="collection of 2 documents"):
        read_source(path)


def test_a_lettered_part_does_not_swallow_the_next():
    res = segmented("""\
A

The Security Council,

Noting the report,

1. Urges restraint.

B

The Security Council,

Deeply concerned,

1. Condemns the attack.

Adopted at the 942nd meeting.
""")
    assert len(res.preamble) == 1 and res.operative[0].text == "Urges restraint."
    assert res.metadata.meeting == 942


def test_header_without_formula_keeps_its_adoption_line():
    res = segmented("""\
RESOLUTION 798 (1992)

Adopted by the Security Council at its 3150th meeting, on 18 December 1992

Recalling its resolutions 770 (1992),

1. Demands that all camps be closed.
""")
    meta = res.metadata
    assert (meta.symbol, meta.adopted, meta.meeting) == ("S/RES/798 (1992)",
                                                        dt.date(1992, 12, 18), 3150)
    assert [p.text.split()[0] for p in res.paragraphs] == ["Recalling", "Demands"]


def test_ocr_damaged_closing_still_ends_the_body():
    res = segmented("""\
The Security Council,

Recalling its resolutions,

1. Decides to remain seized of the matter.

Adapted unanimously at the
179Ist meeting.
""")
    assert res.operative[-1].text == "Decides to remain seized of the matter."
    assert res.metadata.vote == "unanimously"
