"""What changed since the previous resolution, on resolution and paragraph pages (issue 5).

The seeds (A/RES/56/163 and its successor A/RES/57/209) are built for real, so the pages show
the lineage the build computes; a hand-written lineage graph over the serve fixture, with markup
in every string, checks that none of it reaches a page as markup.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from html import unescape

import pyoxigraph as ox
import pytest

with warnings.catch_warnings():  # starlette 1.x asks for httpx2; httpx is what the venv has
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from kg.build import build
from kg.lineage.render import diff_segments, word_diff
from kg.serve import create_app
from kg.serve.changes import eid_label
from tests.conftest import PDF_SEED, WEB_SEED

from .conftest import BASE, FIXTURE, RES, RES2

OLD = RES  # A/RES/56/163
NEW = RES2  # A/RES/57/209


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    out = tmp_path_factory.mktemp("lineage") / "out"
    build([WEB_SEED, PDF_SEED], out, cache=False)
    app = create_app(out, workers=0)
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def _para(page: str, anchor: str) -> str:
    """The markup of one top-level paragraph of a resolution page."""
    start = page.index(f'id="{anchor}"')
    end = page.find('<div class="para', start + 1)
    return page[start:end if end > 0 else None]


def _text(markup: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", markup)).split())


# -- the seeds ----------------------------------------------------------------------------------

def test_new_resolution_follows_old(seeds: TestClient) -> None:
    page = seeds.get(f"/{NEW}.html").text
    series = re.search(r'<p class="series">(.*?)</p>', page, re.S)
    assert series is not None
    assert "Follows A/RES/56/163" in _text(series.group(1))
    assert f'href="/{OLD}"' in series.group(1)
    # it comes before the text
    assert page.index('class="series"') < page.index('class="text"')


def test_old_resolution_is_followed_by_new(seeds: TestClient) -> None:
    page = seeds.get(f"/{OLD}.html").text
    series = re.search(r'<p class="series">(.*?)</p>', page, re.S)
    assert series is not None
    assert "Followed by A/RES/57/209" in _text(series.group(1))
    assert f'href="/{NEW}"' in series.group(1)
    assert 'class="lineage-summary"' not in page  # nothing before it in the build


def test_summary_counts(seeds: TestClient) -> None:
    page = seeds.get(f"/{NEW}.html").text
    summary = re.search(r'<p class="lineage-summary">(.*?)</p>', page, re.S)
    assert summary is not None
    text = _text(summary.group(1))
    assert text.startswith("Since A/RES/56/163:")
    counts = dict((name, int(n)) for n, name in re.findall(r"(\d+) ([a-z]+)", text))
    assert counts["strengthened"] == 1 and counts["dropped"] == 0
    assert counts["new"] >= 1 and counts["unchanged"] >= 1 and counts["reworded"] >= 1
    # every top-level paragraph of the new resolution has a badge
    assert page.count('<p class="badges">') == \
        page.count('class="para preamble"') + page.count('class="para operative"')


def test_op2_strengthened_with_diff(seeds: TestClient) -> None:
    op2 = _para(seeds.get(f"/{NEW}.html").text, "para_2")
    assert "strengthened: takes note with appreciation → welcomes" in _text(op2)
    assert 'class="badge change-strengthened"' in op2
    details = re.search(r'<details class="diff"[^>]*>(.*?)</details>', op2, re.S)
    assert details is not None
    assert "<del>Takes note with appreciation of</del>" in details.group(1)
    assert "<ins>Welcomes</ins>" in details.group(1)
    # unchanged words are neither struck nor inserted
    assert "<del>the reports" not in details.group(1) and "<ins>the reports" not in details.group(1)
    # the previous version is linked
    assert f'href="/{OLD}/!main~para_2"' in details.group(1)


def test_op3_new_without_diff(seeds: TestClient) -> None:
    op3 = _para(seeds.get(f"/{NEW}.html").text, "para_3")
    assert '<span class="badge change-new">new</span>' in op3
    assert "<details" not in op3


def test_unchanged_and_moved(seeds: TestClient) -> None:
    page = seeds.get(f"/{NEW}.html").text
    assert '<span class="badge change-unchanged">unchanged</span>' in _para(page, "para_1")
    op4 = _para(page, "para_4")
    assert "moved from OP6" in _text(op4)
    assert f'href="/{OLD}/!main~para_6"' in op4


def test_badge_is_text_for_screen_readers(seeds: TestClient) -> None:
    op2 = _para(seeds.get(f"/{NEW}.html").text, "para_2")
    assert '<span class="visually-hidden">Change since A/RES/56/163: </span>' in op2


def test_paragraph_page_shows_its_change(seeds: TestClient) -> None:
    page = seeds.get(f"/{NEW}/!main~para_2.html").text
    assert "strengthened: takes note with appreciation → welcomes" in _text(page)
    assert '<details class="diff" open>' in page
    assert "<del>Takes note with appreciation of</del>" in page and "<ins>Welcomes</ins>" in page
    assert "Compared with A/RES/56/163" in _text(page)


def test_old_paragraph_page_points_to_next_version(seeds: TestClient) -> None:
    page = seeds.get(f"/{OLD}/!main~para_2.html").text
    section = re.search(r'<section class="successors">(.*?)</section>', page, re.S)
    assert section is not None
    assert f'href="/{NEW}/!main~para_2"' in section.group(1)
    assert "strengthened" in _text(section.group(1))


def test_jsonld_still_parses(seeds: TestClient) -> None:
    page = seeds.get(f"/{NEW}.html").text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None and json.loads(block.group(1))["legislationIdentifier"]


# -- hostile data -------------------------------------------------------------------------------

_CHANGE = "https://w3id.org/unres/akn/ontology/concept/un/change-"
_HOSTILE = f"""
@base <{BASE}> .
@prefix unres: <https://w3id.org/unres/ontology#> .
@prefix skos:  <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:   <http://www.w3.org/2001/XMLSchema#> .
<graph/lineage/unga/2002-12-18/57-209> {{
    <{NEW}> unres:follows <{OLD}> .
    <{OLD}> unres:followedBy <{NEW}> .
    <lineage/x/preamble__p_1> a unres:ParagraphChange ;
        unres:inResolution <{NEW}> ; unres:comparedWith <{OLD}> ;
        unres:changeType <{_CHANGE}reworded> , <{_CHANGE}weird> , <{_CHANGE}rephrased> ;
        unres:toParagraph <{NEW}/!main~preamble__p_1> ;
        unres:fromParagraph <{OLD}/!main~preamble__p_1> ;
        unres:previousPhrase <akn/ontology/concept/un/evil-phrase> ;
        unres:previousText "Recalling <img src=x onerror=alert(1)> its resolution"@en ;
        unres:similarity 0.5 .
    <{NEW}/!main~preamble__p_1> unres:change <lineage/x/preamble__p_1> .
    <lineage/x/dropped/para_2> a unres:ParagraphChange ;
        unres:inResolution <{NEW}> ; unres:comparedWith <{OLD}> ;
        unres:changeType <{_CHANGE}dropped> ;
        unres:fromParagraph <{OLD}/!main~para_2> ;
        unres:previousText "Requests <script>evil()</script> a report;"@en .
    <{_CHANGE}weird> skos:prefLabel "<i>weird</i>"@en .
    <{_CHANGE}dropped> skos:prefLabel "dropped"@en .
    <akn/ontology/concept/un/evil-phrase> skos:prefLabel "<u>noting</u>"@en .
}}
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    out = tmp_path_factory.mktemp("hostile")
    store = ox.Store(str(out / "store"))
    store.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    store.load(_HOSTILE.encode(), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    (out / "dumps").mkdir(exist_ok=True)
    (out / "dumps" / "00000.trig").write_bytes(FIXTURE.read_bytes())
    (out / "build.json").write_text(json.dumps({"base": BASE, "tool_version": "kg 0.1.0"}))
    with TestClient(create_app(out, workers=0), base_url="http://testserver") as c:
        yield c


def test_markup_in_lineage_cannot_escape(hostile: TestClient) -> None:
    page = hostile.get(f"/{NEW}.html").text
    for raw in ("<img src=x", "<script>evil", "<i>weird", "<u>noting", "<b>bold</b>"):
        assert raw not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;i&gt;weird&lt;/i&gt;" in page  # the odd change type is shown, as text
    assert "rephrased: &lt;u&gt;noting&lt;/u&gt; → recalling" in page
    # the diff marks words, and the words are escaped inside the marks
    assert "<del>&lt;img src=x onerror=alert(1)&gt;</del>" in page
    assert "&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;," in page
    # the dropped paragraph is listed with its previous text, escaped
    dropped = re.search(r'<section class="dropped" id="dropped">(.*?)</section>', page, re.S)
    assert dropped is not None
    assert "&lt;script&gt;evil()&lt;/script&gt;" in dropped.group(1)
    assert f'href="/{OLD}/!main~para_2"' in dropped.group(1)
    assert "1 dropped" in _text(page)


def test_markup_in_lineage_cannot_escape_paragraph_page(hostile: TestClient) -> None:
    page = hostile.get(f"/{NEW}/!main~preamble__p_1.html").text
    for raw in ("<img src=x", "<i>weird", "<u>noting", "<b>bold</b>"):
        assert raw not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    old = hostile.get(f"/{OLD}/!main~para_2.html").text
    assert "dropped" in _text(re.search(r'<section class="successors">(.*?)</section>', old,
                                        re.S).group(1))  # type: ignore[union-attr]


# -- units ----------------------------------------------------------------------------------------

def test_diff_segments_agree_with_word_diff() -> None:
    old = "Takes note with appreciation of the reports;"
    new = "Welcomes the reports and her work;"
    segments = diff_segments(old, new)
    assert segments == [("delete", "Takes note with appreciation of"), ("insert", "Welcomes"),
                        ("equal", "the"), ("delete", "reports;"),
                        ("insert", "reports and her work;")]
    assert word_diff(old, new) == ("[-Takes note with appreciation of-] {+Welcomes+} the "
                                   "[-reports;-] {+reports and her work;+}")
    assert diff_segments("", "") == [] and word_diff("", "") == ""


def test_eid_label() -> None:
    assert eid_label(f"{BASE}{OLD}/!main~para_12") == "OP12"
    assert eid_label(f"{BASE}{OLD}/!main~preamble__p_3") == "PP3"
    assert eid_label(f"{BASE}{OLD}/!main~annex") == "annex"
