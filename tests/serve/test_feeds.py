"""`/feed.atom` and `/sitemap.xml`, read by the standard library's XML parser and feedparser."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from starlette.testclient import TestClient

from kg.build import build
from kg.serve import create_app

from .test_kg_serve import SEEDS

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_feed_of_the_fixture_build(client: TestClient) -> None:
    """A build without a record (as older kg made them): every resolution, at the build date."""
    r = client.get("/feed.atom")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(r.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    ids = {e.findtext(f"{ATOM}id") for e in entries}
    assert "https://w3id.org/unres/akn/un/statement/deliberation/unga/2001-12-19/56-163" in ids
    links = [link.get("href") for e in entries for link in e.findall(f"{ATOM}link")]
    for href in links:
        assert client.get(str(href).removeprefix("http://testserver")).status_code == 200


def test_sitemap(client: TestClient) -> None:
    r = client.get("/sitemap.xml")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    urls = ET.fromstring(r.content).findall(f"{SITEMAP}url")
    locs = [u.findtext(f"{SITEMAP}loc") for u in urls]
    assert "http://testserver/" in locs and "http://testserver/ontology.html" in locs
    assert len(locs) == 3 + 2
    assert all(len(u.findtext(f"{SITEMAP}lastmod") or "") == 10 for u in urls)
    for loc in locs:
        assert client.get(str(loc).removeprefix("http://testserver")).status_code == 200


def test_new_and_changed_resolutions(tmp_path: Path) -> None:
    """The record says what each build added and changed; feedparser reads the feed."""
    feedparser = pytest.importorskip("feedparser")
    out = tmp_path / "out"
    seeds = sorted(SEEDS.glob("*.txt"))
    build(seeds[:1], out, jobs=1, validate=False)
    first = json.loads((out / "feed.json").read_text())["works"]
    assert [w["change"] for w in first.values()] == ["new"]
    build(seeds, out, jobs=1, validate=False)  # one more resolution, the first unchanged
    works = json.loads((out / "feed.json").read_text())["works"]
    assert len(works) == len(seeds) and all(w["change"] == "new" for w in works.values())
    kept = next(iter(first))
    assert works[kept]["updated"] == first[kept]["updated"]  # unchanged: same date
    with TestClient(create_app(out, workers=0)) as c:
        parsed = feedparser.parse(c.get("/feed.atom").content)
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == len(seeds)
    assert parsed.entries[0].updated >= parsed.entries[-1].updated  # newest change first
    assert all(e.summary.startswith("New in this build") for e in parsed.entries)
    assert parsed.feed.title and parsed.entries[0].link.endswith(".html")


def test_a_changed_resolution_is_in_the_feed_as_changed(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    shutil.copytree(SEEDS, sources, ignore=shutil.ignore_patterns("__init__.py"))
    out = tmp_path / "out"
    build([sources], out, jobs=1, validate=False)
    text = sorted(sources.glob("*.txt"))[0]
    words = text.read_text("utf-8")
    assert "threats, harassment" in words
    text.write_text(words.replace("threats, harassment", "threats, reprisals", 1), "utf-8")
    build([sources], out, jobs=1, validate=False)
    works = json.loads((out / "feed.json").read_text())["works"]
    assert sorted(w["change"] for w in works.values()) == ["changed", "new"]
    with TestClient(create_app(out, workers=0)) as c:
        feed = ET.fromstring(c.get("/feed.atom").content)
    summaries = [e.findtext(f"{ATOM}summary") or "" for e in feed.findall(f"{ATOM}entry")]
    assert sum(s.startswith("Changed in this build") for s in summaries) == 1
