"""Browsing: body -> session or year -> the resolutions, with symbol, date and title."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kg.search import browse

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

ROW = re.compile(r'<tr><td><a href="([^"]+)">([^<]+)</a></td><td class="date">([^<]*)</td>'
                 r'<td>(.*?)</td></tr>')


def listing(client: TestClient, **params: str) -> list[tuple[str, str, str, str]]:
    r = client.get("/browse", params=params)
    assert r.status_code == 200, r.text
    return ROW.findall(r.text)


def test_bodies_with_their_counts(client: TestClient, search_build: Path) -> None:
    page = client.get("/browse").text
    counts = {unescape(b): int(n) for b, n in re.findall(
        r'<h2><a href="[^"]+">([^<]+)</a> <span class="count">(\d+) resolutions', page)}
    assert {"General Assembly", "Security Council", "Human Rights Council"} <= counts.keys()
    built = json.loads((search_build / "build.json").read_text())["resolutions"]
    assert sum(counts.values()) == built


def test_body_then_session_then_a_resolution(client: TestClient) -> None:
    page = client.get("/browse").text
    m = re.search(r'<a href="(/browse\?body=General%20Assembly&amp;session=57)">57</a>', page)
    assert m is not None
    rows = ROW.findall(client.get(unescape(m[1])).text)
    assert [(s, d) for _, s, d, _ in rows] == [("A/RES/57/209", "2002-12-18")]
    resolution = client.get(unescape(rows[0][0]), headers={"Accept": "text/html"})
    assert resolution.status_code == 200 and "A/RES/57/209" in resolution.text
    everything = listing(client, body="General Assembly")
    dates = [d for _, _, d, _ in everything]
    assert dates == sorted(dates, reverse=True) and ("A/RES/57/209" in
                                                     {s for _, s, _, _ in everything})


def test_no_blank_titles(client: TestClient) -> None:
    rows = listing(client, body="Security Council")
    assert rows and all(title.strip() for *_, title in rows)
    assert any('class="opening"' in title for *_, title in rows)  # first words, marked


def test_markup_in_a_title_is_text(client: TestClient) -> None:
    rows = listing(client, body="General Assembly", year="2044")
    assert len(rows) == 1
    assert "&lt;b onmouseover=alert(2)&gt;in&lt;/b&gt;" in rows[0][3]
    assert "<b " not in client.get("/browse", params={"body": "General Assembly"}).text


def test_long_lists_paginate(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = listing(client, body="General Assembly")
    monkeypatch.setattr(browse, "PAGE_SIZE", 3)
    pages, href = [], "/browse?body=General+Assembly"
    while href:
        text = client.get(href).text
        pages.append(ROW.findall(text))
        nxt = re.search(r'<a rel="next" href="([^"]+)">', text)
        href = unescape(nxt[1]) if nxt else ""
    assert len(pages) == -(-len(whole) // 3) and [r for p in pages for r in p] == whole
    assert client.get("/browse", params={"body": "General Assembly", "page": "99"}
                      ).status_code == 400


def test_ways_in_by_phrase_and_drafts(client: TestClient) -> None:
    page = client.get("/browse").text
    phrases = re.findall(r'<a href="(/search\?phrase=[^"]+)">([^<]+)</a> '
                         r'<span class="count">\((\d+) paragraphs\)</span>', page)
    assert len(phrases) > 30  # all of them, not the first few
    href, _, count = phrases[0]
    r = client.get(unescape(href).replace("/search", "/search.json"))
    assert r.json()["total"] == int(count)
    drafts = re.search(r'<a href="(/search\?document=draft)">draft</a>', page)
    assert drafts is not None
    hits = client.get("/search.json?document=draft").json()["results"]
    assert hits and {h["symbol"] for h in hits} == {"S/2016/1061"}
