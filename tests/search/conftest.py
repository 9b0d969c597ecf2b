"""One `kg build` of the bundled corpus and a hostile source (markup in its texts), and a
client of the server on it."""

from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette 1.x asks for httpx2; httpx is what the venv has
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from kg.build import default_corpus
from kg.serve import create_app

HOSTILE = Path(__file__).with_name("hostile.md")


def kg_build(*sources: Path, out: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "kg", "build", *map(str, sources), "--out",
                           str(out), "--no-validate", "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def search_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "out"
    kg_build(default_corpus(), HOSTILE, out=out)
    return out


@pytest.fixture(scope="session")
def client(search_build: Path) -> Iterator[TestClient]:
    with TestClient(create_app(search_build, workers=0), base_url="http://testserver") as c:
        yield c
