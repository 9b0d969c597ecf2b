"""Every IRI the data uses answers, and every citation of a built resolution leads to it.

A real multi-body sample: the bundled corpus plus a few dozen texts of the shared corpus
(Security Council texts of 1950-1980 that cite one another, SC, GA and HRC resolutions of 2025
as the UN's AKN XML). Runs where the shared corpus is present (`KG_CORPUS`, or
`../shared/corpus` beside the repository) and is skipped elsewhere.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from starlette.types import ASGIApp

from kg.build import build, default_corpus
from kg.serve import create_app
from kg.settings import DEFAULT_BASE as BASE
from tests.support.accuracy import corpus_root

ROOT = corpus_root(Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(ROOT is None, reason="the shared corpus is not present")]

# Chosen so that they cite one another: SC texts of 1950-1980 (gold OCR text) and of 2022-2024
# (AKN), GA resolutions of session 80 and the session-79 ones they cite, HRC ones likewise.
GOLD_SC = ["0082_1950", "0083_1950", "0084_1950", "0161_1961", "0258_1968", "0338_1973",
           "0344_1973", "0425_1978", "0426_1978", "0446_1979", "0452_1979", "0462_1980",
           "0465_1980", "0476_1980", "0478_1980"]
AKN = {"UNxml__SCresolutions/*/English/S_RES[-_]{}[-_ ]*.xml":
       ["2628", "2687", "2705", "2710", "2719", "2741", "2747", "2748"],
       "UNxml__GAresolutions/8?session/English/A_RES_{}-*.xml":
       ["80_4", "80_6", "80_8", "80_16", "80_17", "80_18", "80_19", "80_21"],
       "UNxml__GAresolutions/79session/English/A_RES_{}-*.xml":
       ["79_6", "79_7", "79_8", "79_16", "79_17", "79_19", "79_21", "79_237"],
       "UNxml__HRCresolutions/5?session/English/A_HRC_RES_{}[E_]*.xml":
       ["57_2", "57_3", "54_1", "54_2", "58_12", "58_17", "55_6", "55_21"]}
CITES = ox.NamedNode("http://data.europa.eu/eli/ontology#cites")
IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
RESOLUTION = ox.NamedNode("https://w3id.org/unres/ontology#Resolution")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _sample(root: Path, folder: Path) -> Path:
    """Links to the chosen shared texts in one folder."""
    folder.mkdir()
    chosen = [root / "SeanFobbe__cr-unsc/data/res_en_gold" / f"S_RES_{n}_EN_GOLD.txt"
              for n in GOLD_SC]
    for pattern, numbers in AKN.items():
        for number in numbers:
            found = sorted(root.glob(pattern.format(number)))
            assert found, pattern.format(number)
            chosen.append(found[0])
    for path in chosen:
        (folder / path.name).symlink_to(path)
    return folder


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert ROOT is not None
    sample = _sample(ROOT, tmp_path_factory.mktemp("sample") / "texts")
    out = tmp_path_factory.mktemp("crawl") / "out"
    result = build([default_corpus(), sample], out)
    assert result.resolutions >= 50
    return out


@pytest.fixture(scope="module")
def app(out: Path) -> ASGIApp:
    """The app `kg serve` runs (dereferencing needs no query workers, hence no lifespan)."""
    return create_app(out, timeout_s=10.0, max_rows=50, max_body=10_000, workers=0)


def fetch(app: ASGIApp, paths: Iterable[str]) -> dict[str, httpx.Response]:
    """GET each path, redirects not followed; in one event loop (the TestClient's thread hop
    per request would make a crawl ten times slower)."""
    async def run() -> dict[str, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            return {path: await c.get(path) for path in paths}

    return asyncio.run(run())


@pytest.fixture(scope="module")
def store(out: Path) -> ox.Store:
    return ox.Store.read_only(str(out / "store"))


def _path(iri: str) -> str:
    return "/" + iri[len(BASE):].partition("#")[0]


def _key(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).upper()


def _built(store: ox.Store) -> dict[str, str]:
    """Built resolutions by symbol key: their work IRIs (not the symbol IRIs of citations)."""
    found: dict[str, list[str]] = defaultdict(list)
    for q in store.quads_for_pattern(None, TYPE, RESOLUTION, None):
        work = q.subject.value
        if work.startswith(BASE + "symbol/"):
            continue
        for s in store.quads_for_pattern(q.subject, IDENTIFIER, None, None):
            found[_key(s.object.value)].append(work)
    return {k: v[0] for k, v in found.items() if len(set(v)) == 1}


def test_every_iri_in_the_data_answers(app: ASGIApp, store: ox.Store) -> None:
    iris: set[str] = set()
    for q in store.quads_for_pattern(None, None, None, None):
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
                iris.add(term.value)
    assert len(iris) > 1500
    answers = fetch(app, sorted({_path(iri) for iri in iris}))  # `ontology#X`: one address
    bad = {path: r.status_code for path, r in answers.items()
           if r.status_code not in (200, 301, 303)}
    assert bad == {}


def test_every_citation_of_a_built_resolution_leads_to_it(app: ASGIApp,
                                                          store: ox.Store) -> None:
    built = _built(store)
    cited: dict[str, str] = {}
    for q in store.quads_for_pattern(None, CITES, None, None):
        target = q.object
        if not isinstance(target, ox.NamedNode) or target.value in built.values():
            continue
        for s in store.quads_for_pattern(target, IDENTIFIER, None, None):
            if (work := built.get(_key(s.object.value))) is not None:
                cited[target.value] = work
    councils = [c for c in cited if "/symbol/S/RES/" in c]
    assert len(cited) >= 20 and len(councils) >= 10  # the sample has SC, GA and HRC citations
    wrong = {}
    answers = fetch(app, [_path(target) for target in cited])
    for target, work in cited.items():
        r = answers[_path(target)]
        location = r.headers.get("location", "").removeprefix("http://testserver")
        if r.status_code not in (301, 303) or location != _path(work):
            wrong[target] = (r.status_code, location)
    assert wrong == {}


def test_cited_by_is_right_for_every_built_resolution(app: ASGIApp,
                                                      store: ox.Store) -> None:
    built = _built(store)
    citers: dict[str, set[str]] = defaultdict(set)
    for q in store.quads_for_pattern(None, CITES, None, None):
        if not isinstance(q.object, ox.NamedNode) or not isinstance(q.subject, ox.NamedNode):
            continue
        if q.object.value in built.values():
            citers[q.object.value].add(q.subject.value)
        for s in store.quads_for_pattern(q.object, IDENTIFIER, None, None):
            if (work := built.get(_key(s.object.value))) is not None:
                citers[work].add(q.subject.value)
    assert sum(len(v) for v in citers.values()) >= 30
    missing = {}
    pages = fetch(app, [_path(work) + ".html" for work in set(built.values())])
    for work in set(built.values()):
        page = pages[_path(work) + ".html"].text
        section = page.split("<h2>Cited by</h2>", 1)[1].split("</section>", 1)[0]
        lost = [p for p in citers.get(work, ()) if f'href="{_path(p)}"' not in section]
        if lost or (not citers.get(work) and "Nothing in this graph cites" not in section):
            missing[work] = lost
    assert missing == {}


def test_every_paragraph_a_phrase_page_lists_names_its_resolution_date_and_text(
        app: ASGIApp, store: ox.Store) -> None:
    phrase = ox.NamedNode("https://w3id.org/unres/ontology#openingPhrase")
    dated = ox.NamedNode("http://data.europa.eu/eli/ontology#date_document")
    published = ox.NamedNode("http://data.europa.eu/eli/ontology#date_publication")
    phrases = {q.object.value for q in store.quads_for_pattern(None, phrase, None, None)}
    undated = [q.object.value for q in store.quads_for_pattern(None, IDENTIFIER, None, None)
               if not q.subject.value.startswith(BASE + "symbol/")
               and not any(store.quads_for_pattern(q.subject, dated, None, None))
               and not any(store.quads_for_pattern(q.subject, published, None, None))]
    pages = fetch(app, [_path(p) + ".html" for p in sorted(phrases)])
    bare = []
    for path, r in pages.items():
        section = r.text.split("has opening phrase", 1)[1].split("</ul>", 1)[0]
        for item in section.split("<li>")[1:]:
            named = re.match(r'<a href="/akn/un/[^"]+" title="[^"]+">([^<]+)</a>', item)
            has_date = '<span class="date">' in item or (named and named[1] in undated)
            if not (named and has_date and "<blockquote>" in item):
                bare.append((path, item[:120]))
    assert len(pages) > 40 and bare == []
