"""Search in a real browser (headless Chromium): a search, narrowing by two facets, opening a
result; markup in a source text must not become elements of the page."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
import uvicorn

from kg.serve import create_app
from tests.serve.test_live import free_port

pytestmark = [pytest.mark.external, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("chromium") is None,
                                 reason="chromium not installed")]


@pytest.fixture(scope="module")
def server(search_build: Path) -> Iterator[str]:
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(search_build, workers=0), host="127.0.0.1",
                                        port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def dom(url: str, profile: Path) -> str:
    """The page's DOM once Chromium has loaded it (what a reader's browser made of it)."""
    out = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                          f"--user-data-dir={profile}", "--virtual-time-budget=3000",
                          "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def facet_link(page: str, facet: str) -> tuple[str, str, int]:
    """The first value offered in `facet` that is not chosen yet: its link, value and count."""
    for m in re.finditer(r'<a href="([^"]+)" data-facet="' + facet + r'">([^<]+)</a> '
                         r'<span class="count">(\d+)</span>', page):
        return unescape(m[1]), unescape(m[2]), int(m[3])
    raise AssertionError(f"no value offered in facet {facet}")


def shown_total(page: str) -> int:
    m = re.search(r'<strong id="total">(\d+)</strong>', page)
    assert m is not None
    return int(m[1])


def test_search_narrow_twice_and_open_a_result(server: str, tmp_path: Path) -> None:
    home = dom(server + "/", tmp_path)
    assert 'action="/search"' in home
    page = dom(server + "/search?q=States", tmp_path)
    everything = shown_total(page)
    href, kind, count = facet_link(page, "kind")
    page = dom(server + href, tmp_path)
    assert shown_total(page) == count < everything
    href, body, count = facet_link(page, "body")
    page = dom(server + href, tmp_path)
    assert shown_total(page) == count
    assert f'aria-current="true" title="remove this filter">{kind}</a>' in page
    assert f'aria-current="true" title="remove this filter">{body}</a>' in page
    assert "<mark>States</mark>" in page
    result = re.search(r'<a class="paragraph" href="([^"]+)">', page)
    assert result is not None
    paragraph = dom(server + unescape(result[1]), tmp_path)
    assert "States" in paragraph and "<title>" in paragraph


def test_markup_in_a_source_stays_text_in_the_browser(server: str, tmp_path: Path) -> None:
    page = dom(server + "/search?q=zanzibarian", tmp_path)
    assert shown_total(page) == 2
    assert "<img" not in page and 'alert("preamble")</script>' not in page
    assert "&lt;script&gt;" in page and "onerror=alert('vote')&gt;" in page


def test_browse_body_then_session_then_a_resolution(server: str, tmp_path: Path) -> None:
    page = dom(server + "/browse", tmp_path)
    body = re.search(r'<h2><a href="([^"]+)">General Assembly</a>', page)
    assert body is not None
    page = dom(server + unescape(body[1]), tmp_path)
    assert "A/RES/57/209" in page and "A/RES/56/163" in page
    session = re.search(r'<a href="(/browse\?body=General%20Assembly&amp;session=56)">', dom(
        server + "/browse", tmp_path))
    assert session is not None
    page = dom(server + unescape(session[1]), tmp_path)
    row = re.search(r'<a href="([^"]+)">A/RES/56/163</a>', page)
    assert row is not None and "A/RES/57/209" not in page
    resolution = dom(server + unescape(row[1]), tmp_path)
    assert "A/RES/56/163" in resolution and "<title>" in resolution


def test_a_result_then_its_lineage(server: str, tmp_path: Path) -> None:
    page = dom(server + "/search?q=defenders", tmp_path)
    href, change, count = facet_link(page, "change")
    page = dom(server + href, tmp_path)
    assert shown_total(page) == count
    result = re.search(r'<a class="paragraph" href="([^"]+)">', page)
    assert result is not None
    paragraph = dom(server + unescape(result[1]), tmp_path)
    compared = re.search(r'class="lineage-summary">Compared with <a href="([^"]+)">', paragraph)
    assert compared is not None, change
    previous = dom(server + unescape(compared[1]), tmp_path)
    assert "A/RES/56/163" in previous
