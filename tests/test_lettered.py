"""Lettered resolutions: one source, one named graph, a work per part."""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.build import build
from kg.validation.entrypoints import validate_path
from tests.unit.test_segment import LETTERED


def test_each_lettered_part_is_built_as_a_resolution_of_one_source_graph(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "S_RES_0161_1961.txt").write_text(LETTERED, "utf-8")
    out = tmp_path / "out"
    result = build([tmp_path / "src"], out)
    manifest = json.loads((out / "build.json").read_text())
    [source] = manifest["sources"]
    assert source["graph"].endswith("/graph/unsc/1961-02-21/161-1961")
    assert source["symbol"] == "S/RES/161 A (1961); S/RES/161 B (1961)"
    assert result.paragraphs == 5
    assert result.resolutions == manifest["resolutions"] == 2  # one source, two resolutions
    assert result.summary().startswith("2 resolutions, 5 paragraphs")
    store = ox.Store.read_only(str(out / "store"))
    rows = store.query(
        "PREFIX dcterms: <http://purl.org/dc/terms/> "
        "PREFIX unres: <https://w3id.org/unres/ontology#> "
        "SELECT ?g ?r ?s WHERE { GRAPH ?g { ?r a unres:Resolution ; dcterms:identifier ?s ; "
        "unres:adoptedAtMeeting ?m } }")
    [(graph, work, symbol)] = [(r["g"].value, r["r"].value, r["s"].value) for r in rows]
    assert graph == source["graph"] and symbol == "S/RES/161 B (1961)"
    assert work.endswith("/unsc/1961-02-21/161B-1961")
    assert validate_path(out).conforms
