"""Symbols lead to the resolution however they are typed, and citations lead to what they cite.

Built from the bundled corpus (S/RES/242 (1967) among it) and three real SC texts of
`tests/data/sc/` (258 and 338 cite 242; 462 names only the General Assembly), plus the lettered
S/RES/161 A and B (1961); served by the app as `kg serve` serves it, and `kg diff` run as a user
runs it.
"""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from kg.build import build, default_corpus
from kg.serve import create_app
from tests.unit.test_segment import LETTERED

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

DATA = Path(__file__).parent / "data" / "sc"
WORKS = "/akn/un/statement/deliberation/unsc/"
R242 = WORKS + "1967-11-22/242-1967"
R338 = WORKS + "1973-10-22/338-1973"
R161A = WORKS + "1961-02-21/161A-1961"
R161B = WORKS + "1961-02-21/161B-1961"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    extra = tmp_path_factory.mktemp("extra")
    (extra / "S_RES_0161_1961.txt").write_text(LETTERED, "utf-8")
    out = tmp_path_factory.mktemp("links") / "out"
    build([default_corpus(), DATA, extra], out, jobs=1)
    return out


@pytest.fixture(scope="module")
def client(out: Path) -> Iterator[TestClient]:
    app = create_app(out, timeout_s=10.0, max_rows=50, max_body=10_000, workers=0)
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def get(client: TestClient, path: str, accept: str = "text/html") -> tuple[int, str]:
    r = client.get(path, headers={"Accept": accept}, follow_redirects=False)
    return r.status_code, r.headers.get("location", "").removeprefix("http://testserver")


@pytest.mark.parametrize("typed", [
    "S/RES/242(1967)",  # as minted (what 258 and 338 cite)
    "S/RES/242",  # without the year
    "S/RES/242%20(1967)",  # as printed, percent-encoded
    "S/RES/242 (1967)",
    "s/res/242(1967)",  # any case
    "S/Res/242",
])
def test_every_spelling_of_a_built_symbol_leads_to_it(client: TestClient, typed: str) -> None:
    assert get(client, f"/symbol/{typed}") == (303, R242)


def test_a_symbol_address_with_an_extension_leads_to_that_document(client: TestClient) -> None:
    assert get(client, "/symbol/S/RES/242.ttl") == (303, R242 + ".ttl")


def test_a_lettered_document_offers_its_parts(client: TestClient) -> None:
    for typed in ("S/RES/161(1961)", "S/RES/161", "S/RES/161%20A-B%20(1961)"):
        r = client.get(f"/symbol/{typed}", headers={"Accept": "text/html"},
                       follow_redirects=False)
        assert r.status_code == 300, typed
        assert f'href="{R161A}"' in r.text and f'href="{R161B}"' in r.text
    r = client.get("/symbol/S/RES/161", headers={"Accept": "text/plain"},
                   follow_redirects=False)
    assert r.status_code == 300 and f"http://testserver{R161B}" in r.text
    assert get(client, "/symbol/S/RES/161A(1961)") == (303, R161A)
    assert get(client, "/symbol/S/RES/161%20B") == (303, R161B)


def test_unknown_symbols_are_404(client: TestClient) -> None:
    assert get(client, "/symbol/S/RES/242(1968)")[0] == 404
    assert get(client, "/symbol/S/RES/2420")[0] == 404


def test_another_spelling_of_a_cited_document_moves_to_it(client: TestClient, out: Path) -> None:
    store = ox.Store.read_only(str(out / "store"))
    [row] = list(store.query(  # type: ignore[union-attr]
        "SELECT ?d WHERE { ?p <http://data.europa.eu/eli/ontology#cites> ?d "
        "FILTER(STRSTARTS(STR(?d), 'https://w3id.org/unres/symbol/S/Agenda/')) } LIMIT 1",
        use_default_graph_as_union=True))
    cited = row["d"].value.removeprefix("https://w3id.org/unres")
    assert get(client, cited)[0] == 200  # known only through what cites it
    assert get(client, cited.lower()) == (301, cited)


def test_the_page_of_a_cited_resolution_lists_who_cites_it(client: TestClient) -> None:
    r = client.get(R242 + ".html")
    cited_by = r.text.split("<h2>Cited by</h2>", 1)[1].split("</section>", 1)[0]
    assert "Nothing in this graph cites" not in cited_by
    assert f'href="{R338}/!main~para_2"' in cited_by
    assert "258-1968/!main~para_2" in cited_by
    assert "S/RES/338 (1973)" in cited_by and "1973-10-22" in cited_by


def test_a_resolution_numbered_as_the_council_numbers_is_the_councils(out: Path) -> None:
    store = ox.Store.read_only(str(out / "store"))
    rows = store.query(
        "SELECT ?r ?body WHERE { ?r <http://purl.org/dc/terms/identifier> 'S/RES/462 (1980)' ; "
        "<http://data.europa.eu/eli/ontology#passed_by> ?body }", use_default_graph_as_union=True)
    [(work, body)] = [(r["r"].value, r["body"].value) for r in rows]  # type: ignore[union-attr]
    assert "/unsc/" in work and body.endswith("/organization/un/un-sc")
    assert not store.query("ASK { ?r <http://purl.org/dc/terms/identifier> 'A/RES/462 (1980)' }",
                           use_default_graph_as_union=True)


def test_a_phrase_page_names_the_draft_of_each_paragraph(client: TestClient) -> None:
    page = client.get("/akn/ontology/concept/un/decides.html").text
    items = page.split("has opening phrase", 1)[1].split("</ul>", 1)[0].split("<li>")[1:]
    drafts = [i for i in items if "S/2016/1061" in i]
    assert drafts and all("2016-12-15" in i and "<blockquote>Decides" in i for i in drafts)
    assert all("<blockquote>" in i and "(" in i for i in items)
    draft = client.get("/akn/un/statement/deliberation/unsc/2016-12-15/2016-1061.html").text
    assert "draft of 2016-12-15" in draft and "Decides to extend the mandate" in draft


def kg_diff(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", "diff", *args], capture_output=True,
                          text=True, timeout=60)


def test_kg_diff_takes_council_symbols_as_people_type_them(out: Path) -> None:
    done = kg_diff("S/RES/242", "S/RES/338", "--store", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("S/RES/242 (1967) -> S/RES/338 (1973)")
    done = kg_diff("s/res/242(1967)", "S/RES/338 (1973)", "--store", str(out))
    assert done.returncode == 0, done.stderr
    done = kg_diff("S/RES/161", "S/RES/338", "--store", str(out))
    assert done.returncode == 2
    assert "S/RES/161 A (1961), S/RES/161 B (1961)" in done.stderr
    assert len(done.stderr.splitlines()) <= 2


@pytest.mark.parametrize("old, new", [
    ("un-sc/1967-11-22/242_(1967)", "unsc/1967-11-22/242-1967"),
    ("un-sc/1961-02-21/161_A_(1961)/!main~para_1", "unsc/1961-02-21/161A-1961/!main~para_1"),
    ("un-sc/2016-12-15/S-2016-1061.html", "unsc/2016-12-15/2016-1061.html"),  # a draft
])
def test_the_former_council_forms_answer_301(client: TestClient, old: str, new: str) -> None:
    r = client.get("/akn/un/statement/deliberation/" + old, follow_redirects=False)
    assert r.status_code == 301
    assert r.headers["location"].endswith("/akn/un/statement/deliberation/" + new)
