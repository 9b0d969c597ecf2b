"""The UN's data_extract JSON Lines beside its AKN4UN XML: votes by Member State, meeting, draft
(issue #13)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.builddir.cache import source_key
from kg.pipeline import parse
from kg.validation.entrypoints import validate_graph
from tests.unit.test_akn_structure import FORMULA, akn, op, recital

STATES = "https://w3id.org/unres/akn/ontology/organization/un/member-state/"
BODY = (f"<preamble>{FORMULA}{recital('Recalling', 'its resolution 53/144,')}</preamble>"
        f"<mainBody>{op('1.', '<i>Decides</i> to act.')}</mainBody>")


def row(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "symbol": "A/RES/78/999", "adoption_meeting": "51st plenary meeting",
        "adoption_date": "19 December 2023", "originating_document": "A/78/L.9",
        "committee": "Without reference to a Main Committee",
        "adoption_type": "By a recorded vote", "MS_in_favour_count": "2",
        "MS_against_count": "1", "MS_abstaining_count": "1",
        "MS_in_favour": ["FRANCE", "UNITED KINGDOM"], "MS_against": ["COTE D'IVOIRE"],
        "MS_abstaining": ["ATLANTIS"], "agenda_item": "Agenda item 74",
        "sponsors": ["FRANCE"], "additional_sponsors": ["PERU", "FRANCE"]}
    values.update(changes)
    return values


def corpus(tmp_path: Path, *rows: dict[str, object]) -> Path:
    """The UN's layout: `data_extract/` at the top, the XML two folders down."""
    (tmp_path / "data_extract").mkdir()
    lines = [json.dumps(r) for r in rows] + ["not json", json.dumps({"title": "no symbol"})]
    (tmp_path / "data_extract" / "78.json").write_text("\n".join(lines) + "\n", "utf-8")
    folder = tmp_path / "78session" / "English"
    folder.mkdir(parents=True)
    path = folder / "A_RES_78_999-2342424E.xml"
    path.write_bytes(akn(BODY).replace(b"50th plenary meeting", b"").replace(
        b"19 December 2023</docDate>", b"</docDate>"))
    return path


def test_votes_land_as_vote_casts_with_the_state(tmp_path):
    path = corpus(tmp_path, row(symbol="A/RES/78/1", MS_in_favour=["PERU"]), row())
    res, _name, graph = parse(path)
    meta = res.metadata
    assert (meta.meeting, meta.draft, meta.vote, str(meta.adopted)) == (
        51, "A/78/L.9", "2-1-1", "2023-12-19")
    found = {(str(r.name), str(r.value).rsplit("/", 1)[1], str(r.voter) if r.voter else None)
             for r in graph.query("""
        PREFIX unres: <https://w3id.org/unres/ontology#>
        SELECT ?name ?value ?voter WHERE { ?r unres:recordedVote ?cast .
            ?cast unres:memberState ?name ; unres:voteValue ?value
            OPTIONAL { ?cast unres:voter ?voter } }""")}
    assert found == {("FRANCE", "yes", STATES + "fra"), ("UNITED KINGDOM", "yes", STATES + "gbr"),
                     ("COTE D'IVOIRE", "no", STATES + "civ"), ("ATLANTIS", "abstain", None)}


def test_an_unknown_state_is_kept_and_warned_of(tmp_path):
    _res, _name, graph = parse(corpus(tmp_path, row()))
    report = validate_graph(graph)
    assert report.conforms, report.to_text()
    warned = [r for r in report.results if r.shape == "W16"]
    assert [r.focus.rsplit("/", 1)[1] for r in warned] == ["atlantis"], report.to_text()


def test_the_text_wins_and_a_committee_report_is_no_draft(tmp_path):
    path = corpus(tmp_path, row(originating_document="A/78/481, para. 12",
                                committee="Third Committee", adoption_type="Without a vote",
                                MS_in_favour=[], MS_against=[], MS_abstaining=[],
                                MS_in_favour_count="0", MS_against_count="0",
                                MS_abstaining_count="0", adoption_meeting="7th plenary meeting"))
    path.write_bytes(akn(BODY))  # the XML prints its own meeting (50th)
    meta = parse(path)[0].metadata
    assert (meta.meeting, meta.report, meta.draft, meta.committee, meta.vote, meta.votes) == (
        50, "A/78/481", None, "Third Committee", "without a vote", None)


def test_a_changed_extract_changes_the_cache_key(tmp_path):
    path = corpus(tmp_path, row())
    before = source_key(path, "https://w3id.org/unres/", "t")
    code = ("import sys; from kg.builddir.cache import source_key; "
            "print(source_key(sys.argv[1], 'https://w3id.org/unres/', 't'))")

    def key() -> str:
        return subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              text=True, check=True, timeout=60).stdout.strip()

    assert key() == before
    (tmp_path / "data_extract" / "78.json").write_text(json.dumps(row(MS_against=[])) + "\n")
    changed = key()
    assert changed != before
    (tmp_path / "data_extract" / "79.json").write_text("\n")
    assert key() not in (before, changed)  # a new extract file counts too


def test_sponsors_and_the_agenda_item(tmp_path):
    path = corpus(tmp_path, row(sponsors=["SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY"]))
    res, _name, graph = parse(path)
    assert res.metadata.sponsors == ("SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY",
                                     "PERU", "FRANCE")
    text = graph.serialize(format="nt")
    assert f"<{STATES}per>" in text and f"<{STATES}fra>" in text
    assert text.count("ontology#sponsorName") == 3 and text.count("ontology#sponsoredBy") == 2
    assert '"Agenda item 74"' in text


def test_state_names_match_as_the_un_spells_them():
    from kg.states import state_iri

    for name, iso in (("UNITED STATES", "usa"), ("the Niger", "ner"), ("GUINEA BISSAU", "gnb"),
                      ("TÜRKIYE", "tur"), ("Türkiye", "tur"), ("LIBYAN ARAB JAMAHIRIYA", "lby"),
                      ("Côte d’Ivoire", "civ"), ("Франция", "fra"), ("法国", "fra")):
        assert state_iri(name) == STATES + iso, name
    assert state_iri("STATE OF PALESTINE") is None  # an observer State, not a Member State
