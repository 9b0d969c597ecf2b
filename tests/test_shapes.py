"""The SHACL shapes and kg.validation.entrypoints: every rule fires on its defect, and only there.

Each `shapes/examples/RNN-*.ru` is a SPARQL Update applied to a copy of
`shapes/examples/valid.ttl`
(which has no finding at all). Its header says what must then be reported, as precisely as a
DASH expected result: `# expect: RULE PATH FOCUS` lines, compared as a set with what the
validator reports, so an example that fails for another reason, or on another node, fails.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
from rdflib import RDF, RDFS, SH, Dataset, Graph, Literal, URIRef

from kg.errors import UnusableInput
from kg.extract import extract
from kg.normalise import normalise
from kg.rdf.prefixes import PREFIX_IRIS
from kg.rdf.resources import (
    ontology_graph,
    reference_data,
    reference_graph,
    shapes_graph,
)
from kg.segment import segment
from kg.settings import DEFAULT_BASE
from kg.sources import read_source
from kg.triples import to_graph
from kg.validation.entrypoints import (
    ENGINES,
    Report,
    Result,
    validate_dataset,
    validate_graph,
    validate_path,
)

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "shapes" / "examples"  # package data: the shape pages show them
SEEDS = HERE.parent / "corpus" / "seeds"
WEB_SEED = SEEDS / "000_bccda29d65a91df4.txt"  # A/RES/56/163
PDF_SEED = SEEDS / "001_c8e08ed3fe9b88b9.txt"  # A/RES/57/209, symbol and date only in its sidecar
SHAPES = "https://w3id.org/unres/shapes#"
OURS = "RWCO"  # the layers of resolution.ttl, recommended.ttl, corpus.ttl, ontology.ttl
EXAMPLE_BASE = "https://w3id.org/unres/akn/un/statement/deliberation/unga/2001-12-19/"
PREFIXES = {
    **PREFIX_IRIS,  # the project's own table, plus the reference-data folders for short examples
    "concept": "https://w3id.org/unres/akn/ontology/concept/un/",
    "organization": "https://w3id.org/unres/akn/ontology/organization/un/",
    "role": "https://w3id.org/unres/akn/ontology/role/un/",
}
PRELUDE = f"BASE <{EXAMPLE_BASE}>\n" + "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())


def build(path: Path, base: str = DEFAULT_BASE) -> Graph:
    rd = reference_data(base)
    source = read_source(path)
    _, graph = to_graph(extract(segment(source, normalise(source.text), rd), rd), base=base,
                        refdata=rd)
    return graph


def findings(report: Report) -> set[tuple[str, str, str]]:
    return {(r.shape, r.path or "-", r.focus) for r in report.results}


# ---------------------------------------------------------------- the examples, both ways

@dataclass(frozen=True)
class Case:
    name: str
    title: str
    base: str  # "resolution" (valid.ttl) or "ontology" (ontology/unres.ttl)
    expected: frozenset[tuple[str, str, str]]
    update: str


def _term(token: str) -> str:
    if token == "-":
        return "-"
    if token.startswith("<"):
        return urljoin(EXAMPLE_BASE, token[1:-1])
    prefix, local = token.split(":", 1)
    return PREFIXES[prefix] + local


def _case(path: Path) -> Case:
    text = path.read_text("utf-8")
    header = [line[1:].strip() for line in text.splitlines() if line.startswith("#")]
    meta = [h.split(":", 1) for h in header[1:]]
    expected = set()
    for key, value in meta:
        if key == "expect" and value.strip() != "nothing":
            rule, path_, focus = value.split()
            expected.add((rule, path_, _term(focus)))
    base = next((v.strip() for k, v in meta if k == "base"), "resolution")
    return Case(path.stem, header[0], base, frozenset(expected), text)


CASES = [_case(p) for p in sorted(EXAMPLES.glob("*.ru"))]


@pytest.fixture(scope="module")
def valid() -> Graph:
    return Graph().parse(EXAMPLES / "valid.ttl", format="turtle")


def test_the_valid_example_has_no_finding_at_all(valid: Graph) -> None:
    report = validate_graph(valid)
    assert report.results == [], report.to_text()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_example(case: Case, valid: Graph) -> None:
    """Each example with both engines: the rule fires on its defect with pyshacl (the reference
    implementation) and the fast engine (kg.validation.fast) reports exactly the same results."""
    assert case.title.startswith(("Valid", "Invalid")), f"{case.name}: say why in line 1"
    graph = Graph()
    graph += valid if case.base == "resolution" else ontology_graph()
    graph.update(PRELUDE + case.update)
    levels = ("ontology",) if case.base == "ontology" else ("resolution", "recommended")
    report = validate_graph(graph, levels=levels, engine="pyshacl")
    assert findings(report) == case.expected, report.to_text()
    fast = validate_graph(graph, levels=levels, engine="fast")
    assert fast.results == report.results, fast.to_text()
    if case.name.startswith("W"):
        assert report.conforms, "warnings must not break conformance"
    elif case.expected:
        assert not report.conforms


def _firing_rules() -> set[str]:
    """IDs of shapes whose own constraints report results (not the grouping node shapes, nor
    R95/R96, whose findings are reported by the property shapes that use them)."""
    g = shapes_graph()
    own = {SH.closed, SH["not"], SH["class"], SH["or"], SH.datatype, SH.nodeKind}
    targets = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
    rules = set()
    for s in set(g.subjects()):
        if not (isinstance(s, URIRef) and s.startswith(SHAPES)):
            continue
        preds = set(g.predicates(s))
        fires = (SH.path in preds or (RDF.type, SH.SPARQLConstraint) in g.predicate_objects(s)
                 or (own & preds and targets & preds))
        if fires and s[len(SHAPES):][0] in OURS:
            rules.add(s[len(SHAPES):][:3])
    return rules


def test_every_rule_has_an_invalid_example() -> None:
    covered = {c.name[:3] for c in CASES if c.expected} | {"C01", "C02"}  # see the corpus tests
    assert _firing_rules() - covered == set()


def test_every_shape_has_an_id_a_label_a_comment_and_a_message() -> None:
    g = shapes_graph()
    kinds = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
    named = {s for k in kinds for s in g.subjects(RDF.type, k) if isinstance(s, URIRef)}
    ours = {s for s in named if s.startswith(SHAPES) and s[len(SHAPES):][0] in OURS}
    assert len(ours) > 60
    for shape in named:
        assert shape.startswith(SHAPES) and re.match(r"^[A-Z]\d\d-\w", shape[len(SHAPES):])
    for shape in ours:
        local = shape[len(SHAPES):]
        rule = local[:3]
        assert str(g.value(shape, RDFS.label)).startswith(rule + " "), shape
        assert g.value(shape, RDFS.comment) is not None, shape
        message = g.value(shape, SH.message)
        assert isinstance(message, Literal) and message.language == "en", shape
        severity = g.value(shape, SH.severity)
        if not rule.startswith("C"):  # corpus rules (C..) are either, as each rule says
            assert (severity == SH.Warning) == rule.startswith("W"), shape
    for s in g.subjects(SH.targetClass, None):
        assert isinstance(s, URIRef) and s.startswith(SHAPES), f"anonymous targeted shape {s}"


# ---------------------------------------------------------------- the seeds

@pytest.fixture(scope="module")
def seeds() -> list[Graph]:
    return [build(WEB_SEED), build(PDF_SEED)]


def test_both_seeds_conform_without_a_finding(seeds: list[Graph]) -> None:
    assert (SEEDS / "001_c8e08ed3fe9b88b9.meta.json").is_file()
    for graph in seeds:
        report = validate_graph(graph)
        assert report.conforms and report.exit_code == 0, report.to_text()
        assert report.results == [], report.to_text()


def test_a_pdf_seed_without_its_sidecar_says_what_is_missing(tmp_path: Path) -> None:
    shutil.copy(PDF_SEED, tmp_path)  # no NAME.meta.json beside it
    report = validate_graph(build(tmp_path / PDF_SEED.name))
    assert not report.conforms and report.exit_code == 1
    work = next(r.focus for r in report.results if r.shape == "R02")
    assert {("R02", "dcterms:identifier", work), ("R03", "eli:date_document", work)} <= findings(
        report)
    assert {r.shape for r in report.results if r.severity == "Violation"} == {"R02", "R03"}
    text = report.to_text()
    assert "has no symbol (dcterms:identifier)" in text
    assert "has no adoption date (eli:date_document)" in text
    assert "sidecar 001_c8e08ed3fe9b88b9.meta.json" in text
    assert re.fullmatch(r"1 graph checked: 2 violations, \d+ warnings?; does not conform",
                        text.splitlines()[-1])
    assert all(r.resolution == work for r in report.results)  # no symbol: named by its IRI


# ---------------------------------------------------------------- the report

def _broken(valid: Graph, update: str) -> Graph:
    graph = Graph()
    graph += valid
    graph.update(PRELUDE + update)
    return graph


def test_results_name_the_resolution_the_focus_belongs_to(valid: Graph) -> None:
    graph = _broken(valid, """
        DELETE WHERE { <56-163/!main~para_1__authorialNote_1> unres:text ?t } ;
        DELETE WHERE { <https://w3id.org/unres/symbol/A/56/341> dcterms:identifier ?s }""")
    reference = Graph()
    reference += reference_graph()
    reference.update(PRELUDE + 'INSERT DATA { role:x a unres:Mandate ; rdfs:label "T"@en }')
    by_rule = {r.shape: r for r in validate_graph(graph, reference=reference).results}
    assert set(by_rule) == {"R46", "R18", "R27", "R90"}
    assert by_rule["R18"].resolution == "A/RES/56/163"  # a cited document, described in the graph
    assert by_rule["R46"].resolution == "A/RES/56/163"  # a footnote, via its paragraph
    assert by_rule["R46"].focus == EXAMPLE_BASE + "56-163/!main~para_1__authorialNote_1"
    assert by_rule["R90"].resolution == ""  # reference data belongs to no resolution
    assert "(reference data)" in Report([by_rule["R90"]]).to_text()


def test_the_value_is_reported_in_n3(valid: Graph) -> None:
    graph = _broken(valid, """
        DELETE WHERE { <56-163> eli:date_document ?d } ;
        INSERT DATA { <56-163> eli:date_document "2001-13-45"^^xsd:date }""")
    (result,) = validate_graph(graph).results
    assert result.value == '"2001-13-45"^^xsd:date'
    assert result.component == "sh:DatatypeConstraintComponent"
    assert result.shape_iri == SHAPES + "R04-resolution-date-form"
    assert '[value: "2001-13-45"^^xsd:date]' in Report([result]).to_text()


def test_json_and_turtle_carry_every_result(valid: Graph) -> None:
    graph = _broken(valid, """
        DELETE WHERE { <56-163/!main~para_1> unres:text ?t } ;
        DELETE WHERE { <56-163/!main~para_1__authorialNote_1> unres:text ?u } ;
        DELETE WHERE { <56-163/!main~para_1> unres:openingPhrase ?p }""")
    report = validate_graph(graph)
    assert (report.count("Violation"), report.count("Warning")) == (2, 1)
    data = json.loads(report.to_json())
    assert data["conforms"] is False and data["violations"] == 2 and data["warnings"] == 1
    assert {r["shape"] for r in data["results"]} == {"R21", "R46", "W11"}
    turtle = Graph().parse(data=report.to_turtle(), format="turtle")
    (node,) = turtle.subjects(RDF.type, SH.ValidationReport)
    assert turtle.value(node, SH.conforms) == Literal(False)
    results = list(turtle.objects(node, SH.result))
    assert len(results) == 3
    paths = {turtle.value(r, SH.resultPath) for r in results}
    assert URIRef(PREFIXES["unres"] + "text") in paths
    severities = {turtle.value(r, SH.resultSeverity) for r in results}
    assert severities == {SH.Violation, SH.Warning}


def test_inverse_paths_survive_the_turtle_rendering(valid: Graph) -> None:
    graph = _broken(valid, "DELETE WHERE { <56-163/!main~para_1> unres:footnote ?f }")
    report = validate_graph(graph)
    assert [r.path for r in report.results] == ["^unres:footnote"]
    turtle = Graph().parse(data=report.to_turtle(), format="turtle")
    (path,) = turtle.objects(None, SH.resultPath)
    assert turtle.value(path, SH.inversePath) == URIRef(PREFIXES["unres"] + "footnote")


def test_merge_sums_graphs_and_keeps_identical_results_once() -> None:
    a = Result("Warning", "https://x/1", "A/RES/1/1", "eli:title", "no title", "", "W01")
    b = Result("Violation", "https://x/2", "A/RES/1/2", "unres:text", "no text", "", "R21")
    merged = Report.merge([Report([a]), Report([a, b]), Report([], graphs=3)])
    assert merged.graphs == 5
    assert merged.results == [a, b]  # by resolution
    assert not merged.conforms and merged.exit_code == 1
    assert merged.to_text().splitlines()[-1] == (
        "5 graphs checked: 1 violation, 1 warning; does not conform")
    assert Report.merge([Report([a])]).conforms  # warnings do not break conformance


# ---------------------------------------------------------------- datasets and paths

def _dataset(*graphs: tuple[str, Graph], base: str = DEFAULT_BASE) -> Dataset:
    ds = Dataset()
    for name, graph in graphs:
        named = ds.graph(URIRef(name))
        for triple in graph:
            named.add(triple)
    ds.graph(URIRef(base + "graph/reference")).__iadd__(reference_graph(base))
    ds.graph(URIRef(base + "graph/ontology")).__iadd__(ontology_graph())
    return ds


def test_a_dataset_is_validated_graph_by_graph(seeds: list[Graph]) -> None:
    ds = _dataset(("urn:g:web", seeds[0]), ("urn:g:pdf", seeds[1]))
    report = validate_dataset(ds)
    assert report.conforms and report.graphs == 2, report.to_text()  # not reference, ontology


@pytest.mark.parametrize("engine", ENGINES)
def test_a_dataset_reports_each_graph_and_the_corpus(valid: Graph, engine: str) -> None:
    text = (EXAMPLES / "valid.ttl").read_text("utf-8")
    twin = Graph().parse(data=text.replace("unga/2001-12-19/", "unga/2001-12-20/"),
                         format="turtle")  # another source of the same symbol, another IRI
    broken = _broken(valid, "DELETE WHERE { <56-163/!main~para_2> unres:text ?t }")
    ds = _dataset(("urn:g:1", broken), ("urn:g:2", twin))
    report = validate_dataset(ds, engine=engine)
    works = {EXAMPLE_BASE + "56-163", EXAMPLE_BASE.replace("12-19", "12-20") + "56-163"}
    assert findings(report) == {
        ("R21", "unres:text", EXAMPLE_BASE + "56-163/!main~para_2"),
        *{("C01", "dcterms:identifier", work) for work in works},
    }
    c01 = next(r for r in report.results if r.shape == "C01")
    assert c01.resolution == "A/RES/56/163" and "also the symbol of" in c01.message
    assert report.graphs == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_a_citation_of_the_own_series_must_resolve_in_the_corpus(valid: Graph,
                                                                 engine: str) -> None:
    """C02: 56/163 cites 56/999 (same session, built by no source) and 53/144 (another
    session, not checked); the twin 56/164 is cited and built, so it resolves; 56/165 is
    built only as its lettered part 56/165 A, which an unlettered citation names too."""
    text = (EXAMPLES / "valid.ttl").read_text("utf-8")
    twin = Graph().parse(data=text.replace("56-163", "56-164").replace("56/163", "56/164"),
                         format="turtle")
    part = Graph().parse(data=text.replace("56-163", "56-165A")
                         .replace('"A/RES/56/163"', '"A/RES/56/165 A"'), format="turtle")
    citing = _broken(valid, """INSERT DATA {
        <56-163/!main~para_1> eli:cites <https://w3id.org/unres/symbol/A/RES/56/999> ,
            <https://w3id.org/unres/symbol/A/RES/56/164> ,
            <https://w3id.org/unres/symbol/A/RES/56/165> .
        <https://w3id.org/unres/symbol/A/RES/56/165> a unres:Resolution ;
            dcterms:identifier "A/RES/56/165" .
        <https://w3id.org/unres/symbol/A/RES/56/999> a unres:Resolution ;
            dcterms:identifier "A/RES/56/999" .
        <https://w3id.org/unres/symbol/A/RES/56/164> a unres:Resolution ;
            dcterms:identifier "A/RES/56/164" . }""")
    report = validate_dataset(_dataset(("urn:g:1", citing), ("urn:g:2", twin), ("urn:g:3", part)),
                              engine=engine)
    assert findings(report) == {("C02", "eli:cites", EXAMPLE_BASE + "56-163")}
    (c02,) = report.results
    assert c02.severity == "Warning" and "A/RES/56/999" in c02.message
    assert report.conforms


def test_validate_path_reads_a_build_directory_with_its_base(tmp_path: Path) -> None:
    base = "https://example.org/un/"
    graph = build(WEB_SEED, base=base)
    ds = Dataset()
    named = ds.graph(graph.identifier)
    for triple in graph:
        named.add(triple)
    (tmp_path / "dumps").mkdir()
    ds.serialize(tmp_path / "dumps" / "00000.trig", format="trig")
    (tmp_path / "build.json").write_text(json.dumps({"base": base}), "utf-8")
    assert validate_path(tmp_path).conforms  # phrases and organs are found under that base
    (tmp_path / "build.json").unlink()
    wrong = validate_path(tmp_path)  # the default base has other phrase and organ IRIs
    assert not wrong.conforms and {"R08", "R26"} <= {r.shape for r in wrong.results}


@pytest.mark.parametrize("fmt, suffix", [("turtle", ".ttl"), ("nt", ".nt"), ("xml", ".rdf"),
                                         ("json-ld", ".jsonld")])
def test_validate_path_reads_rdf_files_by_extension(tmp_path: Path, valid: Graph, fmt: str,
                                                    suffix: str) -> None:
    broken = _broken(valid, "DELETE WHERE { <56-163> eli:date_document ?d }")
    file = tmp_path / f"broken{suffix}"
    broken.serialize(file, format=fmt, encoding="utf-8")
    report = validate_path(file)
    assert [r.shape for r in report.results] == ["R03"] and report.exit_code == 1


@pytest.mark.parametrize("name, content, message", [
    ("missing.ttl", None, "no such file or directory"),
    ("broken.ttl", "<a> <b> .", "not readable as turtle: line 1: Bad syntax"),
    ("empty.nt", "", "no triples"),
    ("data.csv", "a,b\n", "unknown RDF format '.csv'"),
    ("folder", "", "not a build directory (no dumps/*.trig in it)"),
])
def test_validate_path_names_the_file_it_cannot_use(tmp_path: Path, name: str,
                                                    content: str | None, message: str) -> None:
    path = tmp_path / name
    if name == "folder":
        path.mkdir()
    elif content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(UnusableInput) as info:
        validate_path(path)
    assert str(info.value).startswith(str(path)) and message in str(info.value)
    assert info.value.exit_code == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_reference_data_is_checked_once_per_dataset(valid: Graph, engine: str) -> None:
    reference = Graph()
    reference += reference_graph()
    reference.update(PRELUDE + 'INSERT DATA { role:x a unres:Mandate ; rdfs:label "X"@en }')
    twin = Graph().parse(data=(EXAMPLES / "valid.ttl").read_text("utf-8").replace(
        "unga/2001-12-19/", "unga/2001-12-20/").replace("56/163", "56/164"), format="turtle")
    ds = Dataset()
    for name, graph in (("urn:g:1", valid), ("urn:g:2", twin),
                        (DEFAULT_BASE + "graph/reference", reference)):
        target = ds.graph(URIRef(name))
        for triple in graph:
            target.add(triple)
    report = validate_dataset(ds, engine=engine)  # the published reference graph
    assert [(r.shape, r.resolution, r.focus) for r in report.results] == [
        ("R90", "", PREFIXES["role"] + "x")]
    assert report.graphs == 2


def test_two_lists_in_one_paragraph_have_distinct_iris_and_conform():
    """(a), (b), then (a), (b) again: the second list gets its own eIds, and R31 compares
    numbers within a list only."""
    from kg.rdf.namespaces import ELI
    from tests.factories import segmented

    text = ("The General Assembly,\n\nRecalling its earlier resolutions,\n\n"
            "1. Requests the Secretary-General:\n\n(a) To report;\n\n(b) To consult;\n\n"
            "and also:\n\n(a) To publish;\n\n(b) To translate;\n\n"
            "2. Decides to remain seized of the matter.\n\n10th plenary meeting\n1 May 2001\n")
    res = extract(segmented(text), reference_data())
    points = res.operative[0].subparagraphs
    assert [p.number for p in points] == ["a", "b", "a", "b"]
    _, graph = to_graph(res, base=DEFAULT_BASE, refdata=reference_data())
    eids = sorted(str(o) for o in graph.objects(None, ELI.id_local) if "__point_" in str(o))
    assert eids == ["para_1__list_1__point_a", "para_1__list_1__point_b",
                    "para_1__list_2__point_a", "para_1__list_2__point_b"]
    report = validate_graph(graph)
    assert not [r for r in report.results if r.shape in ("R31", "R21", "R25")], report.to_text()
