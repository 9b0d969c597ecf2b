"""Paragraph lineage across a series, checked on the seeds (56/163 -> 57/209)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.builddir.dumps import read_dump
from kg.lineage import align, strengths
from kg.lineage.align import body, containment, similarity
from kg.lineage.compare import diff, outlines_of_files
from kg.lineage.outline import ParagraphOutline, ResolutionOutline
from kg.lineage.render import word_diff
from kg.lineage.series import announced, successions
from kg.settings import DEFAULT_BASE
from tests.conftest import PDF_SEED, WEB_SEED


@pytest.fixture(scope="module")
def seeds():
    return outlines_of_files([WEB_SEED, PDF_SEED], DEFAULT_BASE)


@pytest.fixture(scope="module")
def changes(seeds):
    old, new = seeds
    by_label = {}
    for c in align(old, new, strengths(DEFAULT_BASE)):
        key = c.new.eid if c.new else "dropped:" + c.old[0].eid
        by_label[key] = c
    return by_label


def test_series_and_announcement(seeds):
    old, new = seeds
    assert successions([new, old]) == [(old, new)]
    assert announced(old, new) is True  # "at its fifty-seventh session" -> 57/209 is session 57


def test_a_gap_in_the_series_is_stated_on_the_lineage_and_checked(seeds):
    """A member announced for a session before the next member's (others of the series are
    missing from the corpus) is stated (unres:afterGap); consecutive members state nothing; a
    malformed statement is a finding of L07."""
    import pyshacl
    from rdflib import Graph, Literal, URIRef

    from kg.lineage.model import lineage_graph
    from kg.lineage.series import gap_between
    from kg.rdf.namespaces import UNRES

    old, new = seeds
    later = replace(new, session=(old.consider_at or 0) + 5, adopted="2099-12-18")
    assert not gap_between(old, new) and gap_between(old, later)
    _, next_one = lineage_graph(old, new, [], base="https://w3id.org/unres/")
    assert not list(next_one.objects(None, UNRES.afterGap))
    _, gap = lineage_graph(old, later, [], base="https://w3id.org/unres/")
    assert [bool(o.toPython()) for o in gap.objects(URIRef(later.iri), UNRES.afterGap)] == [True]
    conforms, _, text = pyshacl.validate(gap, shacl_graph=_lineage_shapes(), inference="none")
    assert conforms, text
    broken = Graph() + gap
    broken.set((URIRef(later.iri), UNRES.afterGap, Literal(False)))
    conforms, _, text = pyshacl.validate(broken, shacl_graph=_lineage_shapes(),
                                         inference="none")
    assert not conforms and "gap in the series" in text


def test_parts_adopted_the_same_day_do_not_revise_each_other(seeds):
    old, new = seeds
    part_a = replace(new, iri=new.iri + "A", symbol="A/RES/57/209 A")
    part_b = replace(new, iri=new.iri + "B", symbol="A/RES/57/209 B")
    assert successions([part_b, old, part_a]) == [(old, part_a)]


def test_operative_1_unchanged(changes):
    c = changes["para_1"]
    assert c.types == ("unchanged",) and [p.eid for p in c.old] == ["para_1"]


def test_operative_2_strengthened(changes):
    c = changes["para_2"]
    assert "strengthened" in c.types and [p.eid for p in c.old] == ["para_2"]
    assert c.old[0].phrase_label == "takes note with appreciation"
    assert c.new.phrase_label == "welcomes"


@pytest.mark.parametrize("eid", ["para_3", "para_7", "para_8", "para_9", "para_11"])
def test_new_operative_paragraphs(changes, eid):
    assert changes[eid].types == ("new",) and changes[eid].old == ()


def test_covenant_preambular_paragraph_is_new(changes):
    c = changes["preamble__p_9"]
    assert "International Covenant" in c.new.text and c.types == ("new",)


def test_reordered_paragraph_is_moved_not_new(changes):
    c = changes["para_4"]  # 57/209 OP4 was 56/163 OP6
    assert c.types == ("moved",) and [p.eid for p in c.old] == ["para_6"]


def test_dropped_filler_word_is_a_rewording(changes):
    c = changes["preamble__p_7"]  # "Noting further with deep concern" -> "Noting with deep concern"
    assert c.types == ("reworded",)


def test_nothing_dropped_between_the_seeds(changes):
    assert not [k for k in changes if k.startswith("dropped:")]


def _p(eid, kind, position, text, phrase=None, label=None):
    return ParagraphOutline(f"x:{eid}", eid, kind, position, text, phrase, label)


def _r(iri, paragraphs, title="T", adopted="2001-01-01"):
    return ResolutionOutline(iri, iri, title, "x:ga", adopted, None, None, None, tuple(paragraphs))


def test_split_merge_and_weakened():
    ranks = {"x:urges": ("x:scale", 5), "x:encourages": ("x:scale", 2)}
    old = _r("old", [
        _p("para_1", "operative", 1, "Urges States to protect defenders and to investigate "
           "attacks against them promptly and impartially;", "x:urges", "urges"),
        _p("para_2", "operative", 2, "Requests the Secretary-General to report on the matter;"),
        _p("para_3", "operative", 3, "Also requests the Secretary-General to include "
           "recommendations in that report;"),
        _p("para_4", "operative", 4, "Decides to remain seized of the matter;"),
    ])
    new = _r("new", [
        _p("para_1", "operative", 1, "Encourages States to protect defenders;", "x:encourages",
           "encourages"),
        _p("para_2", "operative", 2, "Urges States to investigate attacks against them promptly "
           "and impartially;", "x:urges", "urges"),
        _p("para_3", "operative", 3, "Requests the Secretary-General to report on the matter and "
           "to include recommendations in that report;"),
    ], adopted="2002-01-01")
    got = {c.new.eid if c.new else "dropped:" + c.old[0].eid: c for c in align(old, new, ranks)}
    # the larger part continues old OP1; the smaller was split off it, with a weaker verb
    assert got["para_2"].types == ("reworded",) and got["para_2"].old[0].eid == "para_1"
    assert got["para_1"].types == ("split", "weakened") and got["para_1"].old[0].eid == "para_1"
    assert got["para_3"].types[0] == "merged"
    assert {p.eid for p in got["para_3"].old} == {"para_2", "para_3"}
    assert got["dropped:para_4"].types == ("dropped",)


def test_similarity_helpers():
    assert similarity(["a", "b"], ["a", "b"]) == 1.0
    assert containment(["b", "c"], ["a", "b", "c", "d"]) == 1.0
    p = _p("preamble__p_1", "preambular", 1, "Noting also with deep concern the number",
           "x:n", "noting with deep concern")
    assert body(p) == ["the", "number"]


def test_word_diff():
    assert word_diff("takes note of the reports;", "welcomes the reports;") == (
        "[-takes note of-] {+welcomes+} the reports;")


def test_diff_output_reads(seeds):
    text = diff(str(WEB_SEED), str(PDF_SEED))
    assert text.startswith("A/RES/56/163 -> A/RES/57/209")
    assert "OP2  strengthened, reworded (was OP2" in text
    assert ": takes note with appreciation -> welcomes" in text
    assert "[-Takes note with appreciation of-] {+Welcomes+} the reports" in text
    assert "OP3  new" in text


def _lineage_shapes():
    from importlib import resources

    from rdflib import Graph

    return Graph().parse(data=(resources.files("kg.shapes") / "lineage.ttl").read_text("utf-8"),
                         format="turtle")


def test_lineage_graph_conforms_and_a_broken_change_does_not(built):
    import pyshacl
    from rdflib import Graph, URIRef

    from kg.rdf.namespaces import UNRES

    data = Graph().parse(data=read_dump(built, "ttl"), format="turtle")  # lineage is built
    changes = list(data.subjects(predicate=UNRES.changeType))
    assert changes, "the build has no lineage graph"
    conforms, _, text = pyshacl.validate(data, shacl_graph=_lineage_shapes(), inference="none")
    assert conforms, text
    data.remove((changes[0], UNRES.changeType, None))
    data.add((changes[0], UNRES.similarity, URIRef("x:not-a-number")))
    conforms, report, _ = pyshacl.validate(data, shacl_graph=_lineage_shapes(), inference="none")
    assert not conforms
    message = URIRef("http://www.w3.org/ns/shacl#resultMessage")
    messages = {str(m) for m in report.objects(None, message)}
    assert any("no change type" in m for m in messages)
    assert any("similarity" in m for m in messages)


SERIES_FIRST = """Resolution adopted by the General Assembly on 10 December 2091

[on the report of the Third Committee (A/91/500)]

91/7. Lunar heritage sites

The General Assembly,

Recalling its resolution 89/3,

1. Decides to protect lunar heritage sites;

2. Decides to consider the question at its ninety-third session.

60th plenary meeting
10 December 2091
"""

SERIES_LATER = """Resolution adopted by the General Assembly on 12 December 2095

[on the report of the Third Committee (A/95/500)]

95/2. Protecting cultural heritage on the Moon and beyond

The General Assembly,

Recalling all its previous resolutions on the subject, including its resolution 93/4 and
resolution 91/7,

1. Decides to protect lunar heritage sites everywhere;

58th plenary meeting
12 December 2095
"""


@pytest.mark.slow
def test_a_resolution_that_names_its_predecessor_is_in_its_series_whatever_its_title(
        tmp_path):
    """The titles differ, so they are two series by title; the later one recalls "its previous
    resolutions on the subject, including 93/4" and 91/7 (93/4 is not in the corpus): it
    follows 91/7, after a gap (91/7 announced session 93)."""
    from kg.build import build
    from kg.sparql.run import run_local

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SERIES_FIRST)
    (corpus / "b.txt").write_text(SERIES_LATER)
    build([corpus], tmp_path / "out", jobs=1)
    answer = run_local(
        "PREFIX unres: <https://w3id.org/unres/ontology#> "
        "PREFIX dcterms: <http://purl.org/dc/terms/> "
        "SELECT ?new ?old ?gap (GROUP_CONCAT(?e) AS ?earlier) { ?r unres:follows ?o ; "
        "dcterms:identifier ?new ; unres:earlierInSeries/dcterms:identifier ?e . "
        "?o dcterms:identifier ?old OPTIONAL { ?r unres:afterGap ?gap } } "
        "GROUP BY ?new ?old ?gap", tmp_path / "out")
    assert [(row["new"], row["old"], sorted(row["earlier"].split()), row["gap"])
            for row in answer.rows] == [
        ("A/RES/95/2", "A/RES/91/7", ["A/RES/91/7", "A/RES/93/4"], "true")]
