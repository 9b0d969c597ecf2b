"""The bundled corpus (`kg build` without sources): the seeds and eleven real texts in the forms
users download (Markdown with front matter, pdftotext plain and -layout, hand-revised OCR)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import build, default_corpus
from kg.validation.entrypoints import validate_path

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)


def test_every_bundled_text_builds_and_conforms(tmp_path):
    out = tmp_path / "out"
    result = build([], out)
    assert not result.errors
    manifest = json.loads((out / "build.json").read_text())
    symbols = {s["symbol"] for s in manifest["sources"]}
    assert {"A/RES/56/163", "A/RES/57/209", "S/RES/242 (1967)", "A/HRC/RES/59/25",
            "A/RES/80/20", "S/2016/1061"} <= symbols
    assert len(manifest["sources"]) == 19 and len(symbols) == 14  # 78/216 in six languages
    assert manifest["resolutions"] == 14
    assert validate_path(out).conforms
    store = ox.Store.read_only(str(out / "store"))
    annexed = store.query(
        "PREFIX unres: <https://w3id.org/unres/ontology#> "
        "PREFIX eli: <http://data.europa.eu/eli/ontology#> "
        "SELECT ?annex ?title WHERE { ?r eli:has_part ?annex . ?annex a unres:Annex ; "
        "eli:title ?title ; eli:is_part_of ?r ; unres:text ?text }",
        use_default_graph_as_union=True)
    [(annex, title)] = [(row["annex"].value, row["title"].value) for row in annexed]
    assert annex.endswith("/80-5/!annex") and title.startswith("Doha Political Declaration")
    languages = store.query(
        "PREFIX unres: <https://w3id.org/unres/ontology#> SELECT DISTINCT (LANG(?t) AS ?l) "
        "WHERE { ?p unres:text ?t FILTER(CONTAINS(STR(?p), '78-216/!main~para_1')) }",
        use_default_graph_as_union=True)
    assert {row["l"].value for row in languages} == {"en", "fr", "es", "ar", "zh", "ru"}
    # six graphs, one description: the union sees the work and its paragraphs once
    typed = store.query(
        "PREFIX unres: <https://w3id.org/unres/ontology#> SELECT ?p WHERE { ?p a unres:Paragraph "
        "FILTER(CONTAINS(STR(?p), '78-216/!main~')) }", use_default_graph_as_union=True)
    rows = [row["p"].value for row in typed]
    assert rows and len(rows) == len(set(rows))


def test_bundled_corpus_names_its_sources_and_licences():
    readme = (default_corpus() / "README.md").read_text("utf-8")
    for name in ("SeanFobbe/cr-unsc", "wannli/railcar", "littlehifive/ai-un-report",
                 "CC0", "MIT"):
        assert name in readme


def test_one_verdict_whichever_way_the_data_is_validated(tmp_path):
    """The build, and its export as one Turtle graph (lineage and all resolutions together),
    get the same findings: lineage links on paragraphs are allowed, and a citation counts for
    the resolution whose paragraph makes it, not for every resolution of the graph."""
    from kg.cli import main

    out = tmp_path / "out"
    build([], out)
    exported = tmp_path / "kg.ttl"
    CliRunner().invoke(main, ["export", str(out), "-o", str(exported)], catch_exceptions=False)

    def findings(report):
        return sorted((r.severity, r.shape, r.focus, r.value) for r in report.results)

    of_build = findings(validate_path(out))
    assert any(shape == "C02" for _, shape, _, _ in of_build)  # the corpus rules ran
    assert findings(validate_path(exported)) == of_build
    assert findings(validate_path(exported, engine="pyshacl")) == of_build
