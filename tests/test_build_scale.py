"""Building at scale: parallel workers, streamed dumps, the per-source cache, parallel validation.

Small corpora from tests/support/generate_corpus.py exercise the same code paths as 20,000
resolutions (the worker pool starts at 16 sources); timings are benchmarks, not tests.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg.build import build
from kg.builddir.dumps import dump_parts, iter_graphs, read_dump
from kg.errors import SourceError
from kg.parallel import PARALLEL_FROM
from kg.validation.entrypoints import validate_path
from kg.validation.runner import validate_build
from tests.support.generate_corpus import generate

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

N = PARALLEL_FROM + 4


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate(N, folder)
    return folder


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "out"
    result = build([corpus], out, jobs=2, lineage=False)
    assert len(result.built) == N and result.parsed == N
    return out


def test_generated_corpus_is_realistic(corpus, built):
    manifest = json.loads((built / "build.json").read_text())
    paragraphs = [s["paragraphs"] for s in manifest["sources"]]
    assert min(paragraphs) >= 6 and max(paragraphs) > min(paragraphs)  # lengths vary
    symbols = [s["symbol"] for s in manifest["sources"]]
    assert len(set(symbols)) == N and all(s.startswith("A/RES/") for s in symbols)
    nq = read_dump(built, "nq").decode()
    assert "authorialNote" in nq and "http://data.europa.eu/eli/ontology#cites" in nq


def test_streamed_dumps_hold_the_same_graphs(built):
    nq = {q for q in ox.parse(read_dump(built, "nq"), format=ox.RdfFormat.N_QUADS)}
    trig = {q for q in ox.parse(read_dump(built, "trig"), format=ox.RdfFormat.TRIG)}
    assert nq == trig
    for part in dump_parts(built, "ttl"):  # each triple once in a part
        ttl = list(ox.parse(path=str(part), format=ox.RdfFormat.TURTLE))
        assert len(ttl) == len(set(ttl))
    assert {t.triple for t in nq} == {t.triple for t in ttl}
    store = ox.Store.read_only(str(built / "store"))
    assert len(store) == len(nq)
    # graphs are contiguous in kg.nq (publish and validation read them so)
    names = [name for name, _ in iter_graphs(built)]
    assert len(names) == len(set(names)) == N + 2
    # the dumps keep the model's datatypes, whatever the store does with them
    ds = Dataset()
    ds.parse(data=read_dump(built, "trig"), format="trig")
    assert "positiveInteger" in read_dump(built, "ttl").decode()


def test_rebuild_parses_only_the_changed_source(corpus, built, tmp_path):
    out = tmp_path / "out"
    first = build([corpus], out, jobs=2, lineage=False)
    assert first.parsed == N
    again = build([corpus], out, jobs=2, lineage=False)
    assert again.parsed == 0 and again.triples == first.triples
    assert read_dump(out, "nq") == read_dump(built, "nq")
    victim = sorted(corpus.rglob("*.meta.json"))[4]
    meta = json.loads(victim.read_text())
    victim.write_text(json.dumps({**meta, "title": "Changed by the test"}))
    try:
        changed = build([corpus], out, jobs=2, lineage=False)
    finally:
        victim.write_text(json.dumps(meta))
    assert changed.parsed == 1
    changed_graph = next(b for b in changed.built if not b.cached)
    assert changed_graph.path.endswith(victim.name.replace(".meta.json", ".txt"))
    assert "Changed by the test" in read_dump(out, "ttl").decode()
    entries = list((out / "cache").glob("*/*.nt"))
    assert len(entries) == N  # stale entries pruned


def test_cache_is_keyed_by_base(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, jobs=1, lineage=False)
    other = build([corpus], out, jobs=1, lineage=False, base="https://example.org/un/")
    assert other.parsed == N
    assert "https://example.org/un/akn/" in read_dump(out, "nq").decode()


def test_failed_build_keeps_previous_build_and_cache(corpus, tmp_path):
    out = tmp_path / "out"
    build([corpus], out, jobs=2, lineage=False)
    before = read_dump(out, "nq")
    bad = tmp_path / "bad.txt"
    bad.write_text("")
    with pytest.raises(SourceError):
        build([corpus, bad], out, jobs=2, lineage=False)
    assert read_dump(out, "nq") == before
    assert len(list((out / "cache").glob("*/*.nt"))) == N
    assert not list(tmp_path.glob(".out.*"))


def test_parallel_validation_gives_the_report_of_kg_validate(built):
    parallel = validate_build(built, jobs=2, use_cache=False)
    assert parallel.to_text() == validate_path(built).to_text()
    cached = validate_build(built, jobs=2)
    again = validate_build(built, jobs=2)
    assert cached.to_text() == again.to_text() == parallel.to_text()


def test_revalidation_reads_only_the_graphs_it_has_no_result_for(built, monkeypatch):
    """With the validation cache filled, kg.nq is not read through: only graphs whose content
    hash has no cached result are read, from their place in the build's index."""
    import kg.validation.runner as pv

    full = validate_build(built, jobs=1)
    read: list[int] = []
    original = pv.read_graph

    def spy(path, start, length):
        read.append(start)
        return original(path, start, length)

    def refuse(_path):
        raise AssertionError("kg.nq read through")

    monkeypatch.setattr(pv, "iter_graphs", refuse)
    monkeypatch.setattr(pv, "read_graph", spy)
    assert validate_build(built, jobs=1).to_text() == full.to_text() and read == []
    cache = built / "cache" / "validation.json"
    data = json.loads(cache.read_text())
    del data["graphs"][sorted(data["graphs"])[0]]  # forget one graph's result:
    cache.write_text(json.dumps(data))  # it alone is read and validated again
    assert validate_build(built, jobs=1).to_text() == full.to_text() and len(read) == 1
    assert validate_build(built, jobs=2, use_cache=False).to_text() == full.to_text()


def test_parallel_validation_reports_duplicate_symbols(corpus, tmp_path):
    folder = tmp_path / "dup"
    generate(3, folder)
    twin = sorted(folder.rglob("*.meta.json"))
    meta = json.loads(twin[1].read_text())
    meta["symbol"] = json.loads(twin[0].read_text())["symbol"]
    meta["adopted"] = "1999-01-01"  # another work IRI, the same symbol
    twin[1].write_text(json.dumps(meta))
    out = tmp_path / "out"
    build([folder], out, lineage=False)
    report = validate_build(out, use_cache=False)
    assert report.to_text() == validate_path(out).to_text()
    assert any(r.shape == "C01" for r in report.results) and not report.conforms


def test_chunks_from_one_graph_are_valid_alone():
    from kg.builddir.parts import graph_chunks

    nt = (b'<https://w3id.org/unres/w> <http://purl.org/dc/terms/identifier> "x" .\n'
          b'<https://w3id.org/unres/symbol/A/1> <http://purl.org/dc/terms/identifier> "A/1" .\n')
    chunks = graph_chunks("https://w3id.org/unres/g", nt, "https://w3id.org/unres/w")
    assert chunks.quads == 2 and len(chunks.shared) == 1
    assert len(list(ox.parse(chunks.nq, format=ox.RdfFormat.N_QUADS))) == 2
    trig = b"".join(_prefixes()) + chunks.trig
    assert len(Dataset().parse(data=trig, format="trig").graph(chunks.graph)) == 2


def _prefixes() -> list[bytes]:
    from kg.builddir.dumps import prefixes

    return [f"@prefix {p}: <{ns}> .\n".encode() for p, ns in prefixes().items()]


def test_a_validating_build_checks_its_graphs_while_the_store_loads(corpus, built, tmp_path,
                                                                    monkeypatch):
    """`build(validate=True)` (what `kg build` does) gives the report of `kg validate`, with
    the store bulk-loaded by a process of its own meanwhile, into the same store."""
    import kg.builddir.store as ks

    monkeypatch.setattr(ks, "LOAD_APART_FROM", 0)  # even this small corpus loads apart
    out = tmp_path / "out"
    result = build([corpus], out, jobs=2, lineage=False, validate=True)
    assert result.report is not None
    assert result.report.to_text() == validate_build(built, use_cache=False).to_text()
    assert (set(ox.Store.read_only(str(out / "store")))
            == set(ox.Store.read_only(str(built / "store"))))
    assert json.loads((out / "cache" / "validation.json").read_text())["graphs"]


def test_dumps_in_parts_are_served_as_single_files(corpus, tmp_path, monkeypatch):
    """Many parts make one N-Quads, TriG and Turtle document each, as /dumps/ serves them (the
    length announced, the prefixes once), holding the graphs of the build."""
    import kg.builddir.parts as dw
    from kg.serve import create_app
    from tests.serve.conftest import TestClient  # (imported there without starlette's warning)

    monkeypatch.setattr(dw, "PART_SPAN", 2)
    out = tmp_path / "out"
    build([corpus], out, jobs=2, lineage=False)
    assert len(dump_parts(out, "trig")) > 3
    quads = set(ox.parse(read_dump(out, "nq"), format=ox.RdfFormat.N_QUADS))
    with TestClient(create_app(out, workers=0), base_url="http://testserver") as client:
        listing = client.get("/dumps/").text.split()
        assert [n for n in listing if not n.endswith((".gz", ".sha256"))] == \
            ["kg.nq", "kg.trig", "kg.ttl"]
        for name in ("kg.nq", "kg.trig", "kg.ttl"):  # one gzip member per part, in order
            assert f"{name}.gz" in listing
            packed = client.get(f"/dumps/{name}.gz").content
            assert gzip.decompress(packed) == client.get(f"/dumps/{name}").content
        for name, fmt in (("kg.trig", ox.RdfFormat.TRIG), ("kg.ttl", ox.RdfFormat.TURTLE)):
            served = client.get(f"/dumps/{name}")
            assert served.status_code == 200
            assert int(served.headers["content-length"]) == len(served.content)
            assert served.content.count(b"@prefix unres:") == 1
            again = client.get(f"/dumps/{name}",
                               headers={"If-None-Match": served.headers["etag"]})
            assert again.status_code == 304 and not again.content
            parsed = set(ox.parse(served.content, format=fmt))
            if fmt == ox.RdfFormat.TRIG:
                assert parsed == quads
            else:
                assert {q.triple for q in parsed} == {q.triple for q in quads}


def test_a_failed_store_load_fails_the_build_and_keeps_the_previous_one(corpus, tmp_path,
                                                                          monkeypatch):
    """The store's loader is a process of its own: its failure is the build's, named, and
    nothing of the half-made build is left."""
    import subprocess

    import kg.build.fresh as kb
    from kg.errors import UnusableInput

    out = tmp_path / "out"
    build([corpus], out, jobs=2, lineage=False)
    before = read_dump(out, "nq")

    def failing(store, nquads, *, apart):
        return subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])

    monkeypatch.setattr(kb, "start_bulk_load", failing)
    with pytest.raises(UnusableInput, match=r"bulk load failed \(exit code 3"):
        build([corpus], out, jobs=2, lineage=False, validate=True, cache=False)
    assert read_dump(out, "nq") == before and not list(tmp_path.glob(".out.*"))


def test_a_build_directory_from_before_the_parts_is_named_as_such(tmp_path):
    from kg.errors import UnusableInput

    old = tmp_path / "old"
    old.mkdir()
    (old / "build.json").write_text("{}")
    (old / "kg.nq").write_text("")
    with pytest.raises(UnusableInput, match="build it again"):
        validate_build(old)
