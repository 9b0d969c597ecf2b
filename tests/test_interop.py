"""The dumps parse in independent implementations: Debian's rapper (Raptor) and pyld."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from rdflib import Dataset, Graph

from kg.builddir.dumps import dump, read_quads
from kg.rdf import formats

rapper = pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) missing")


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    quads = read_quads(built)
    for fmt in formats.EXPORT_FORMATS:
        dump(quads, fmt, folder / f"kg.{fmt.extension}")
    return folder


def union_size(built) -> int:
    return len({q.triple for q in read_quads(built)})


@rapper
@pytest.mark.external
@pytest.mark.parametrize(("ext", "syntax"), [
    ("ttl", "turtle"), ("nt", "ntriples"), ("rdf", "rdfxml"), ("trig", "trig"), ("nq", "nquads")])
def test_rapper_parses_every_dump(built, exported, ext, syntax):
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(exported / f"kg.{ext}")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count = int(done.stderr.split("returned")[1].split()[0])
    quads = len(read_quads(built))
    assert count == (quads if ext in ("trig", "nq") else union_size(built))


def test_jsonld_is_valid_for_a_jsonld_processor(built, exported):
    pyld = pytest.importorskip("pyld")
    document = json.loads((exported / "kg.jsonld").read_text("utf-8"))
    assert isinstance(document["@context"], dict)  # inline: works offline, no fetch
    nquads = pyld.jsonld.to_rdf(document, {"format": "application/n-quads"})
    ds = Dataset()
    ds.parse(data=nquads, format="nquads")
    assert len(list(ds.quads((None, None, None, None)))) == len(read_quads(built))


def test_turtle_round_trips_through_rdflib(built, exported):
    g = Graph().parse(exported / "kg.ttl", format="turtle")
    assert len(g) == union_size(built)
