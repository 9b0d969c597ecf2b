"""IRIs once published keep answering (issue #13, #16): kg's former actor and number forms and
the IRIs of works that moved between builds answer 301 to where they are now, from an
incremental rebuild and from a build from scratch into the same output directory alike; a
paragraph's official AKN eId answers 303 to the paragraph."""

from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette 1.x asks for httpx2; httpx is what the venv has
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from kg.build import build, default_corpus
from kg.builddir.published import IRI_MAP
from kg.serve import create_app

pytestmark = pytest.mark.slow  # (whole builds and servers)

WORKS = "/akn/un/statement/deliberation/"
SEED = default_corpus() / "seeds" / "001_c8e08ed3fe9b88b9"  # A/RES/57/209, its sidecar
AKN = default_corpus() / "akn" / "A_RES_78_216-2326002"


@contextmanager
def served(out: Path) -> Iterator[TestClient]:
    app = create_app(out, workers=0)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        yield client


def _source(folder: Path, dated: bool) -> None:
    """57/209 with a sidecar that knows its adoption date, or only its symbol."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED.with_suffix(".txt"), folder)
    meta = json.loads(SEED.with_suffix(".meta.json").read_text("utf-8"))
    if not dated:
        meta.pop("adopted")
    (folder / SEED.with_suffix(".meta.json").name).write_text(json.dumps(meta), "utf-8")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    out = tmp_path_factory.mktemp("seeds") / "out"
    build([SEED.with_suffix(".txt"), AKN.with_name(AKN.name + "E.xml"),
           AKN.with_name(AKN.name + "A.xml")], out, jobs=1)
    with served(out) as client:
        yield client


@pytest.mark.parametrize("old, new", [
    ("un-ga/2002-12-18/57-209", "unga/2002-12-18/57-209"),
    ("un-ga/2002-12-18/57-209/!main~para_3", "unga/2002-12-18/57-209/!main~para_3"),
    ("un-ga/2002-12-18/57-209.ttl", "unga/2002-12-18/57-209.ttl"),
    ("un-ga/2023-12-19/78-216/!main~preamble__p_2.html",
     "unga/2023-12-19/78-216/!main~preamble__p_2.html"),
])
def test_the_former_actor_form_answers_301_to_the_current_one(seeds: TestClient, old: str,
                                                               new: str) -> None:
    r = seeds.get(WORKS + old)
    assert r.status_code == 301 and r.headers["location"] == "http://testserver" + WORKS + new
    assert seeds.get(WORKS + new).status_code in (200, 303)


def test_a_former_form_of_nothing_built_is_still_404(seeds: TestClient) -> None:
    assert seeds.get(WORKS + "un-ga/2002-12-18/57-210").status_code == 404


@pytest.mark.parametrize("official, paragraph", [
    ("eng@/!main~para_30", "!main~para_1"),  # the English file's eIds are not printed numbers
    ("eng@/!main~para_33", "!main~para_3"),
    ("ara@/!main~para_32", "!main~para_3"),  # the Arabic file numbers its eIds otherwise
    ("eng@/!main~container_2", "!main~preamble__p_1"),
    ("eng@/!main~para_33.ttl", "!main~para_3.ttl"),
])
def test_an_official_eid_answers_303_to_its_paragraph(seeds: TestClient, official: str,
                                                       paragraph: str) -> None:
    work = WORKS + "unga/2023-12-19/78-216/"
    r = seeds.get(work + official)
    assert r.status_code == 303 and r.headers["location"] == "http://testserver" + work + paragraph
    old = seeds.get(WORKS + "un-ga/2023-12-19/78-216/" + official)  # under the former form too
    assert old.status_code == 303 and old.headers["location"] == r.headers["location"]


def test_an_official_eid_is_recorded_on_its_paragraph_in_its_language(seeds: TestClient) -> None:
    para = "http://testserver" + WORKS + "unga/2023-12-19/78-216/!main~para_3.nt"
    body = seeds.get(para).text
    assert '<https://w3id.org/unres/ontology#eId> "para_33"@en' in body
    assert '<https://w3id.org/unres/ontology#eId> "para_32"@ar' in body


def test_an_eid_no_file_gives_and_a_language_not_built_are_404(seeds: TestClient) -> None:
    work = WORKS + "unga/2023-12-19/78-216/"
    assert seeds.get(work + "eng@/!main~para_32").status_code == 404  # (an Arabic eId)
    assert seeds.get(work + "fra@/!main~para_30").status_code == 404  # (no French text built)


@pytest.mark.parametrize("incremental", [True, False])
def test_an_undated_work_answers_301_once_its_date_is_known(tmp_path: Path,
                                                           incremental: bool) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    _source(src, dated=False)
    build([src], out, jobs=1)
    undated = WORKS + "unga/undated/57-209"
    with served(out) as client:
        assert client.get(undated).status_code == 303
    first = json.loads((out / "feed.json").read_text())["works"]
    _source(src, dated=True)
    again = build([src], out, jobs=1, cache=incremental)
    feed = json.loads((out / "feed.json").read_text())["works"]  # the same work, not a new one
    (entry,) = feed.values()
    assert entry["change"] == "changed" and entry["published"] == first[
        "https://w3id.org/unres" + undated]["published"]
    assert ("dumps" in again.timings) is incremental  # (an incremental build times its dumps)
    dated = "http://testserver" + WORKS + "unga/2002-12-18/57-209"
    with served(out) as client:
        for tail in ("", "/!main~para_3", ".ttl"):
            r = client.get(undated + tail)
            assert r.status_code == 301 and r.headers["location"] == dated + tail
        graph = client.get("/graph/unga/undated/57-209.ttl")  # named after the work: moves too
        assert graph.headers["location"] == "http://testserver/graph/unga/2002-12-18/57-209.ttl"
        former = client.get(WORKS + "un-ga/undated/57-209/!main~para_3")  # rule, then record
        assert former.status_code == 301 and former.headers["location"] == dated + "/!main~para_3"
    build([src], out, jobs=1)  # a rebuild that changes nothing keeps the record
    assert json.loads((out / IRI_MAP).read_text())["moved"] == {
        "https://w3id.org/unres" + undated: dated.replace("http://testserver",
                                                          "https://w3id.org/unres")}


def test_graphs_and_lineage_named_after_a_work_move_with_it(seeds: TestClient) -> None:
    r = seeds.get("/graph/un-ga/2002-12-18/57-209.ttl")
    assert r.status_code == 301
    assert r.headers["location"] == "http://testserver/graph/unga/2002-12-18/57-209.ttl"
    assert seeds.get(r.headers["location"]).status_code == 200
