"""The search and browse pages are well-formed HTML with a title and landmarks, whatever the
data holds (the hostile source's markup included)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}
OPTIONAL_END = {"p", "li"}  # (the templates close them anyway)


class Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.seen: set[str] = set()
        self.problems: list[str] = []
        self.title = ""
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        for name, value in attrs:
            if name == "role" and value:
                self.seen.add(f"role={value}")
        if tag not in VOID:
            self.open.append(tag)
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
            return
        self.open.pop()
        self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


@pytest.mark.parametrize("url", [
    "/search", "/search?q=zanzibarian", "/search?q=States&kind=operative&sort=newest&page=2",
    "/search?q=%22open", "/browse", "/browse?body=General+Assembly",
    "/browse?body=General+Assembly&year=2044", "/"])
def test_well_formed_with_title_and_landmarks(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code in (200, 400)
    checker = Balance()
    checker.feed(page.text)
    checker.close()
    assert not checker.problems and not checker.open, (checker.problems, checker.open)
    assert checker.title.strip()
    assert {"header", "main", "nav", "footer"} <= checker.seen
    assert "img" not in checker.seen and "script" not in checker.seen
