"""The UN's AKN4UN markup read as it states its structure (issue #13)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from rdflib.namespace import DCTERMS

from kg.errors import SourceError
from kg.pipeline import annotate_all, parse
from kg.sources import read_source
from tests.support.accuracy import corpus_root

SHARED = corpus_root(Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus")
NS = 'xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"'


def akn(body: str, *, preface: str = "", collection: bool = False) -> bytes:
    meta = """<meta><identification source="#x"><FRBRWork>
      <FRBRthis value="/akn/un/statement/deliberation/unga/2023-12-19/78-999/!main/"/>
      <FRBRdate date="2023-12-19" name="adoption"/></FRBRWork></identification></meta>"""
    cover = '<coverPage><p><docNumber refersTo="#symbol">A/RES/78/999</docNumber></p>' \
            '<p><docAuthority refersTo="#issuingBody">General Assembly</docAuthority></p>' \
            "</coverPage>"
    closing = "<conclusions><p><location>50th plenary meeting</location><eol/>" \
              "<docDate>19 December 2023</docDate></p></conclusions>"
    if collection:
        return (f'<akomaNtoso {NS}><documentCollection name="publication">{meta}{cover}'
                f"<collectionBody/></documentCollection><components>{body}</components>"
                "</akomaNtoso>").encode()
    return (f'<akomaNtoso {NS}><statement name="resolution">{meta}{cover}{preface}'
            f"{body}{closing}</statement></akomaNtoso>").encode()


FORMULA = '<formula name="enactingFormula"><p><i>The General Assembly</i>,</p></formula>'


def recital(phrase: str, rest: str) -> str:
    return f'<container name="{phrase}"><p><i>{phrase}</i> {rest}</p></container>'


def op(num: str, text: str, extra: str = "") -> str:
    return f"<paragraph><num>{num}</num><content><p>{text}</p></content>{extra}</paragraph>"


def built(tmp_path: Path, data: bytes):
    path = tmp_path / "A_RES_78_999.xml"
    path.write_bytes(data)
    res, _name, graph = parse(path)
    return res, graph


def test_every_container_is_a_preambular_paragraph_and_the_closing_is_read(tmp_path):
    body = (f"<preamble>{FORMULA}{recital('Recalling', 'its resolution 53/144,')}"
            f"{recital('Noting', 'the report,')}</preamble>"
            f"<mainBody>{op('1.', '<i>Decides</i> to act;')}{op('2.', 'Requests a report.')}"
            "</mainBody>")
    res, _ = built(tmp_path, akn(body))
    assert [p.text for p in res.preamble] == ["Recalling its resolution 53/144,",
                                              "Noting the report,"]
    assert [p.number for p in res.operative] == ["1", "2"]
    assert (res.metadata.symbol, res.metadata.meeting) == ("A/RES/78/999", 50)
    assert res.metadata.body == "General Assembly"


def test_points_nest_at_every_depth_sublists_beside_their_point(tmp_path):
    points = ("<list><intro><p><i>Requests</i> the Secretary-General:</p></intro>"
              "<point><num>(a)</num><content><p>To act;</p></content></point>"
              "<point><num>(b)</num><content><p>To report on:</p></content></point>"
              "<sublist><point><num>(i)</num><content><p>this;</p></content></point>"
              "<point><num>(ii)</num><content><p>that;</p></content></point></sublist>"
              "<point><num>(c)</num><content><p>To close.</p></content></point></list>")
    body = (f"<preamble>{FORMULA}{recital('Noting', 'x,')}</preamble><mainBody>"
            f"<paragraph><num>1.</num>{points}</paragraph></mainBody>")
    res, _ = built(tmp_path, akn(body))
    para = res.operative[0]
    assert [s.number for s in para.subparagraphs] == ["a", "b", "c"]
    assert [s.number for s in para.subparagraphs[1].subparagraphs] == ["i", "ii"]
    assert para.text.startswith("Requests the Secretary-General: (a) To act; (b) To report on:")


def test_footnotes_stand_where_their_markers_are_and_leave_the_text(tmp_path):
    note = '<authorialNote marker="1" placement="bottom"><p>Resolution 60/1.</p></authorialNote>'
    body = (f"<preamble>{FORMULA}{recital('Recalling', f'the Summit{note} outcome,')}"
            f"</preamble><mainBody>{op('1.', 'Decides.')}</mainBody>")
    res, _ = built(tmp_path, akn(body))
    (para,) = res.preamble
    assert para.text == "Recalling the Summit outcome,"
    assert [(f.number, f.text) for f in para.footnotes] == [(1, "Resolution 60/1.")]


def test_sections_restart_numbering_without_sharing_an_iri(tmp_path):
    section = ('<section><subheading>{}</subheading><crossHeading refersTo="#preamble">'
               "<i>Recalling</i> its decision,</crossHeading>{}{}</section>")
    heading_only = "<paragraph><subheading>II</subheading></paragraph>"
    body = (f"<preamble>{FORMULA}{recital('Noting', 'x,')}</preamble><mainBody>"
            + section.format("I", op("1.", "Decides."), op("2.", "Requests."))
            + heading_only
            + section.format("II", op("1.", "Notes."), op("(a)", "Welcomes."))
            + "</mainBody>")
    res, graph = built(tmp_path, akn(body))
    assert len(res.preamble) == 3  # the recital and each section's own
    assert [p.number for p in res.operative] == ["1", "2", "1", "a"]
    subjects = {str(s).rpartition("~")[2] for s in graph.subjects() if "~" in str(s)}
    assert {"para_1", "para_2", "sec_2__para_1", "sec_2__para_a"} <= subjects


def test_a_collection_of_lettered_resolutions_is_one_resolution_per_part(tmp_path):
    part = ('<component><statement name="resolution"><preface><p><docNumber>{}</docNumber>'
            "</p></preface><preamble>" + FORMULA + recital("Noting", "{},") +
            "</preamble><mainBody>" + op("1.", "Decides.") + "</mainBody></statement>"
            "</component>")
    path = tmp_path / "A_RES_78_999_AB.xml"
    path.write_bytes(akn(part.format("A", "one") + part.format("B", "two"), collection=True))
    source = read_source(path)
    assert [s.letter for s in source.structure] == ["A", "B"]
    parts = annotate_all(path)
    assert [p.metadata.symbol for p in parts] == ["A/RES/78/999 A", "A/RES/78/999 B"]
    assert [p.preamble[0].text for p in parts] == ["Noting one,", "Noting two,"]


def test_a_quoted_draft_is_an_annex_not_paragraphs_of_the_resolution(tmp_path):
    draft = ('<components><component><statement name="draft resolution"><preamble>'
             + FORMULA + recital("Recalling", "y,") + "</preamble><mainBody>"
             + op("1.", "Encourages.") + "</mainBody></statement></component></components>")
    body = (f"<preamble>{FORMULA}</preamble><mainBody>"
            "<paragraph><content><p><i>Recommends</i> the following draft resolution:</p>"
            f"</content></paragraph></mainBody>{draft}")
    res, _ = built(tmp_path, akn(body))
    assert len(res.operative) == 1 and not res.preamble
    assert [a.heading for a in res.annexes] == ["Draft resolution"]
    assert "Encourages." in res.annexes[0].text


def test_classification_keywords_are_subjects_and_a_language_tags_the_texts(tmp_path):
    keywords = ('<classification source="https://metadata.un.org/sdg">'
                '<keyword value="16" href="http://metadata.un.org/sdg/16" showAs="sdg_16"/>'
                '<keyword value="civil_society" href="https://metadata.un.org/thesaurus/1001012"'
                ' showAs="civil_society"/><keyword value="x" href="javascript:alert(1)"/>'
                "</classification>")
    data = akn(f"<preamble>{FORMULA}{recital('Rappelant', 'sa résolution,')}</preamble>"
               f"<mainBody>{op('1 -', 'Décide.')}</mainBody>")
    data = data.replace(b"</FRBRWork>", b"</FRBRWork><FRBRExpression><FRBRlanguage "
                        b'language="fra"/></FRBRExpression>').replace(
        b"<meta>", b"<meta>" + keywords.encode())
    res, graph = built(tmp_path, data)
    assert res.metadata.language == "fr"
    assert res.metadata.subjects == (("http://metadata.un.org/sdg/16", "sdg 16"),
                                     ("http://metadata.un.org/thesaurus/1001012",
                                      "civil society"))
    assert res.operative[0].number == "1"  # the Arabic and French texts' "1 -"
    texts = {(str(o), o.language) for o in graph.objects(None, None)
             if getattr(o, "language", None)}
    assert ("Décide.", "fr") in texts
    # another language's graph states only its own texts: the subjects are the English
    # text's to state (the same file in English states them)
    assert not set(graph.objects(None, DCTERMS.subject))
    assert {o.language for o in graph.objects() if getattr(o, "language", None)} == {"fr"}
    english = tmp_path / "en"
    english.mkdir()
    _, graph = built(english, data.replace(b'language="fra"', b'language="eng"'))
    subjects = {str(o) for o in graph.objects(None, DCTERMS.subject)}
    assert subjects == {"http://metadata.un.org/sdg/16", "http://metadata.un.org/thesaurus/1001012"}


@pytest.mark.parametrize("data, says", [
    (b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'>\n<statement>\n"
     b"<preamble></statement>", "line 3"),
    (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b"<akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'><statement>"
     b"<mainBody><paragraph><num>1.</num><content><p>&x;</p></content></paragraph>"
     b"</mainBody></statement></akomaNtoso>", None),
])
def test_bad_or_hostile_xml(tmp_path, data, says):
    path = tmp_path / "bad.xml"
    path.write_bytes(data)
    if says:
        with pytest.raises(SourceError) as err:
            read_source(path)
        assert "bad.xml" in str(err.value) and says in str(err.value)
        assert "\n" not in str(err.value)
    else:  # an external entity is never read
        source = read_source(path)
        assert "root:" not in source.text
        assert all("root:" not in p.text for s in source.structure for p in s.operative)


@pytest.mark.slow
@pytest.mark.skipif(SHARED is None, reason="the shared corpus is not present")
def test_a_sample_of_the_uns_own_files_equals_what_their_xml_counts():
    """The benchmark's comparison on a sample of every body's English files (the whole set:
    `python benchmarks/akn_fidelity.py ../shared/corpus`, 2,606 of 2,606 equal)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import akn_fidelity

    from kg.rdf.resources import reference_data

    paths = list(akn_fidelity.files([str(SHARED / f"UNxml__{body}resolutions")
                                     for body in ("GA", "SC", "HRC", "ECOSOC")], "English"))
    sample = random.Random(13).sample(paths, min(150, len(paths)))
    refdata = reference_data()
    differing = {str(p): problems for p in sample if (problems := akn_fidelity.compare(p, refdata))}
    assert len(sample) >= 100 and differing == {}
