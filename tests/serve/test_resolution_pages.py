"""A resolution's page for people: in the language the reader chooses (a switcher with every
language the text is given in, `Accept-Language` honoured, two languages side by side, Arabic
right to left; built from the UN's own six XML files of one resolution, the bundled corpus's
`akn/`), and its recorded vote by Member State."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from kg.build import build, default_corpus
from kg.serve import create_app

pytestmark = pytest.mark.slow
PAGE = "/akn/un/statement/deliberation/unga/2023-12-19/78-216.html"


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    out = tmp_path_factory.mktemp("six") / "out"
    build([Path(default_corpus()) / "akn"], out, jobs=1, lineage=False)
    with TestClient(create_app(out, workers=0)) as c:
        yield c


def _h1(html: str) -> str:
    m = re.search(r"<h1([^>]*)>([^<]*)", html)
    assert m is not None
    return m[1] + " " + m[2]


def test_the_switcher_names_every_language_in_its_own_name(client) -> None:
    html = client.get(PAGE).text
    nav = html.split('<nav class="languages"', 1)[1].split("</nav>", 1)[0]
    for lang, name in (("fr", "Français"), ("es", "Español"), ("ru", "Русский"),
                       ("ar", "العربية"), ("zh", "中文")):
        assert f'href="?lang={lang}" lang="{lang}" hreflang="{lang}"' in nav and name in nav
    assert '<strong lang="en">English</strong>' in nav
    assert 'lang="en"' in _h1(html)


def test_accept_language_and_lang_choose_the_text_and_vary_says_so(client) -> None:
    french = client.get(PAGE, headers={"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5"})
    assert "Accept-Language" in french.headers["vary"]
    assert 'lang="fr"' in _h1(french.text) and "Déclaration" in _h1(french.text)
    assert '<p lang="fr" dir="ltr">' in french.text
    english = client.get(PAGE, headers={"Accept-Language": "en"})
    assert english.headers["etag"] != french.headers["etag"]  # (caches keep them apart)
    spanish = client.get(PAGE + "?lang=es", headers={"Accept-Language": "fr"})
    assert 'lang="es"' in _h1(spanish.text)
    unknown = client.get(PAGE + "?lang=xx")
    assert unknown.status_code == 200 and 'lang="en"' in _h1(unknown.text)


def test_arabic_beside_english_reads_right_to_left(client) -> None:
    html = client.get(PAGE + "?lang=ar,en").text
    assert 'dir="rtl"' in _h1(html)
    versions = html.split('<div class="versions">')
    assert len(versions) > 20  # every paragraph in both
    first = versions[1].split("</div>", 1)[0]
    assert first.index('<p lang="ar" dir="rtl">') < first.index('<p lang="en" dir="ltr">')


def test_a_recorded_vote_is_a_chart_and_a_table_by_state(tmp_path) -> None:
    """The vote by Member State from the UN's data_extract: the counts as bars (SVG, no inline
    style under the page's CSP) and a row per State, linked to the State where it is known."""
    from tests.unit.test_data_extract import corpus, row

    source = corpus(tmp_path, row())
    out = tmp_path / "out"
    build([source.parent.parent.parent], out, jobs=1, lineage=False)
    with TestClient(create_app(out, workers=0)) as c:
        page = c.get("/symbol/A/RES/78/999", headers={"Accept": "text/html"})
    assert page.status_code == 200
    votes = page.text.split('<section class="votes"', 1)[1].split("</section>", 1)[0]
    assert 'aria-label="yes 2, no 1, abstain 1"' in votes
    assert votes.count('<rect class="bar-') == 3 and "style=" not in votes
    states = re.findall(r"<tr><td>(.*?)</td><td class=\"vote-(\w+)\">", votes)
    assert [s[1] for s in states] == ["abstain", "no", "yes", "yes"]  # by name: ATLANTIS first
    assert "member-state/fra" in votes and "ATLANTIS" in votes
