"""Search as a reader and a script use it: /search and /search.json on a `kg build`."""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient


def found(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/search.json", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def total(client: TestClient, q: str, **params: Any) -> int:
    return found(client, q=q, **params)["total"]


def every_result(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    first = found(client, **params)
    results = list(first["results"])
    for page in range(2, first["pages"] + 1):
        results += found(client, page=page, **params)["results"]
    assert len(results) == first["total"]
    return results


def test_kg_build_writes_the_index(search_build: Path) -> None:
    assert (search_build / "search.sqlite").is_file()
    assert not list(search_build.glob("*.part"))


def test_json_shape(client: TestClient) -> None:
    body = found(client, q="human rights")
    assert body["total"] > 20 and body["pages"] == -(-body["total"] // 20)
    assert len(body["results"]) == 20
    hit = body["results"][0]
    assert hit["iri"].startswith("https://w3id.org/unres/akn/")
    assert hit["resolution"].startswith("https://w3id.org/unres/akn/")
    assert hit["symbol"].startswith("A/") and re.fullmatch(r"\d{4}-\d\d-\d\d", hit["date"])
    assert "<mark>" in hit["text"] and "<mark>" not in hit["plain"]
    assert hit["facets"]["body"] and hit["facets"]["kind"] == hit["kind"]
    assert {"kind", "body", "year", "session", "phrase", "lang"} <= body["facets"].keys()
    second = found(client, q="human rights", page=2)["results"]
    assert {h["iri"] for h in second}.isdisjoint(h["iri"] for h in body["results"])


def test_phrase_prefix_and_stemming(client: TestClient) -> None:
    phrase = every_result(client, q='"human rights defenders"')
    assert phrase and all("human rights defenders" in h["plain"].lower() for h in phrase)
    assert len(phrase) < total(client, "human rights defenders")  # the words anywhere
    # stemmed (in English: the Spanish texts of A/RES/78/216 say "defender", to defend)
    assert total(client, "defender", lang="en") == total(client, "defenders", lang="en")
    prefix = every_result(client, q="defend*")
    assert len(prefix) > len(phrase)
    # (accents folded: the French texts' "défendre" is found too)
    assert all(re.search(r"\bdefend", _folded(h["plain"]), re.I) for h in prefix)


def test_and_or_not(client: TestClient) -> None:
    both = total(client, "defenders women")
    assert total(client, "defenders AND women") == both
    assert total(client, "defenders OR women") == (
        total(client, "defenders") + total(client, "women") - both)
    without = every_result(client, q="defenders NOT women")
    assert len(without) == total(client, "defenders") - both
    assert not any("women" in h["plain"].lower() for h in without)
    assert total(client, "defenders -women") == len(without)


def test_facets_narrow_and_their_counts_are_right(client: TestClient) -> None:
    body = found(client, q="States")
    kinds = {v["value"]: v["count"] for v in body["facets"]["kind"]}
    assert kinds["operative"] > 0 and kinds["preambular"] > 0
    assert sum(kinds.values()) == body["total"]
    operative = found(client, q="States", kind="operative")
    assert operative["total"] == kinds["operative"]
    bodies = {v["value"]: v["count"] for v in operative["facets"]["body"]}
    assert len(bodies) > 1
    name, count = min(bodies.items(), key=lambda item: item[1])
    narrowed = every_result(client, q="States", kind="operative", body=name)
    assert len(narrowed) == count
    assert all(h["kind"] == "operative" and h["facets"]["body"] == name for h in narrowed)
    years = {v["value"] for v in found(client, q="States", kind="operative", body=name)
             ["facets"]["year"]}
    assert years == {h["facets"]["year"] for h in narrowed}
    # values of one facet are alternatives
    assert total(client, "States", kind=["operative", "preambular"]) == (
        kinds["operative"] + kinds["preambular"])


def test_facet_links_narrow_in_the_html_page(client: TestClient) -> None:
    page = client.get("/search", params={"q": "defenders"}).text
    link = re.search(r'<a href="([^"]+)" data-facet="kind">operative</a> '
                     r'<span class="count">(\d+)</span>', page)
    assert link is not None
    narrowed = client.get(unescape(link[1])).text
    assert f'<strong id="total">{link[2]}</strong>' in narrowed
    assert 'aria-current="true"' in narrowed  # shown as chosen: its link removes it


def test_newest_first(client: TestClient) -> None:
    dates = [h["date"] for h in every_result(client, q="Council", sort="newest")]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 2


def test_markup_in_a_source_shows_as_text(client: TestClient) -> None:
    page = client.get("/search", params={"q": "zanzibarian"})
    assert page.status_code == 200
    html = page.text
    assert "<script>alert" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;preamble&#34;)&lt;/script&gt;" in html or \
        "&lt;script&gt;alert(&quot;preamble&quot;)&lt;/script&gt;" in html
    assert "<mark>zanzibarian</mark>" in html
    assert "onerror=alert(&#39;vote&#39;)&gt;" in html  # the vote facet's value, as text
    hits = found(client, q="zanzibarian")["results"]
    assert len(hits) == 2
    assert all("<script" not in h["text"] and "<img" not in h["text"] for h in hits)
    assert any("&lt;script&gt;" in h["text"] for h in hits)
    assert any("<script>" in h["plain"] for h in hits)  # the JSON keeps the text as it is


def test_queries_that_cannot_be_read_are_a_400(client: TestClient) -> None:
    for q, says in (('"human rights', "quotation mark"), ("NOT women", "NOT"),
                    ("rights AND", "AND"), ("(rights", "parenthesis"), ("rights)", "parenthesis"),
                    ("-women", "besides")):
        r = client.get("/search.json", params={"q": q})
        assert r.status_code == 400 and says in r.json()["error"], (q, r.text)
        page = client.get("/search", params={"q": q})
        assert page.status_code == 400 and 'role="alert"' in page.text
    for params in ({"page": "x"}, {"page": "0"}, {"sort": "oldest"}):
        assert client.get("/search.json", params={"q": "rights", **params}).status_code == 400
    # FTS5's own syntax is not passed through: these are words, not errors
    for q in ("rights:women", "NEAR(rights women)", "^rights", "rights + - *", '"" x'):
        assert client.get("/search.json", params={"q": q}).status_code == 200, q


def test_search_box_on_the_home_page(client: TestClient) -> None:
    home = client.get("/").text
    assert '<form class="search" role="search" action="/search"' in home
    empty = client.get("/search")
    assert empty.status_code == 200 and 'name="q"' in empty.text and "result" not in empty.text
    assert client.get("/search.json").status_code == 400
    assert found(client, phrase="urges")["total"] > 0  # a facet alone narrows everything


def test_a_build_without_an_index_says_so(tmp_path: Path) -> None:
    from kg.serve import create_app
    from tests.serve.conftest import make_build

    with TestClient(create_app(make_build(tmp_path / "out"), workers=0)) as old:
        r = old.get("/search.json", params={"q": "rights"})
        assert r.status_code == 503 and "kg build" in r.json()["error"]
        assert old.get("/search", params={"q": "rights"}).status_code == 503


def test_an_index_of_another_format_says_so(search_build: Path, tmp_path: Path) -> None:
    import shutil
    import sqlite3

    from kg.serve import create_app

    copy = tmp_path / "out"
    shutil.copytree(search_build, copy)
    with sqlite3.connect(copy / "search.sqlite") as db:
        db.execute("UPDATE meta SET value = 'kg-search-0' WHERE key = 'format'")
    db.close()
    with TestClient(create_app(copy, workers=0)) as old:
        r = old.get("/search.json", params={"q": "rights"})
        assert r.status_code == 503 and "kg build" in r.json()["error"]
        assert old.get("/browse").status_code == 503


def test_strength_of_the_opening_phrase(client: TestClient) -> None:
    levels = [v["value"] for v in found(client, q="States")["facets"]["strength"]]
    exhortation = [int(v.split()[-1]) for v in levels if v.startswith("exhortation ")]
    assert len(exhortation) > 2 and exhortation == sorted(exhortation, reverse=True)
    strongest = f"exhortation {exhortation[0]}"
    hits = every_result(client, q="States", strength=strongest)
    assert hits and all(h["facets"]["strength"] == strongest for h in hits)
    assert len({h["facets"]["phrase"] for h in hits}) >= 1


def test_a_prefix_finds_the_words_the_stemmer_shortens(client: TestClient) -> None:
    # the stemmer keeps "cooperation" as "cooper": a prefix is looked for word for word
    assert total(client, "cooperat*") >= total(client, "cooperation") > 0
    both = every_result(client, q='"calls upon" cooperat*')
    assert both and all(re.search(r"\bcooperat", h["plain"], re.I) for h in both)


def test_no_facet_is_silently_cut(client: TestClient) -> None:
    body = found(client, kind="operative")
    more = body["more"]["phrase"]
    assert more > 0 and len(body["facets"]["phrase"]) == 30
    whole = found(client, kind="operative", all="phrase")
    assert "phrase" not in whole["more"] and len(whole["facets"]["phrase"]) == 30 + more
    assert sum(v["count"] for v in whole["facets"]["phrase"]) <= whole["total"]
    page = client.get("/search", params={"kind": "operative"}).text
    link = re.search(r'<p class="more"><a href="([^"]+)">all (\d+) values</a>', page)
    assert link is not None and int(link[2]) == 30 + more
    assert page.count('data-facet="phrase"') == 30
    assert client.get(unescape(link[1])).text.count('data-facet="phrase"') == 30 + more
    assert client.get("/search.json", params={"q": "x", "all": "colour"}).status_code == 400
