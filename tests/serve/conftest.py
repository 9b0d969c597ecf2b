"""A build directory made from the hand-written fixture, and clients on it.

The fixture (two resolutions, paragraphs, a footnote, a mandate both mention, cited documents)
follows the vocabulary contract, so these tests do not depend on the parser.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

with warnings.catch_warnings():  # starlette 1.x asks for httpx2; httpx is what the venv has
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from kg.build import build, default_corpus
from kg.serve import create_app

FIXTURE = Path(__file__).with_name("fixture.trig")
BASE = "https://w3id.org/unres/"
RES = "akn/un/statement/deliberation/unga/2001-12-19/56-163"
RES2 = "akn/un/statement/deliberation/unga/2002-12-18/57-209"
MANDATE = "akn/ontology/role/un/srsg-human-rights-defenders"


def make_build(out: Path) -> Path:
    """A build directory like `kg build --out` makes: store/, build.json, dumps."""
    out.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(out / "store"))
    store.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    count = len(store)
    store.flush()
    del store  # closes RocksDB so the server can open it read-only
    (out / "dumps").mkdir(exist_ok=True)
    (out / "dumps" / "00000.trig").write_bytes(FIXTURE.read_bytes())
    (out / "build.json").write_text(json.dumps(
        {"base": BASE, "tool_version": "kg 0.1.0", "resolutions": 2, "triples": count}))
    return out


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_build(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus built once (unvalidated) for the tests that serve it from a process of
    its own: `kg serve` answering over HTTP, its dumps."""
    out = tmp_path_factory.mktemp("bundled") / "out"
    build([default_corpus()], out, jobs=1, validate=False)
    return out


@pytest.fixture(scope="session")
def client(build_dir: Path) -> Iterator[TestClient]:
    """One app with query worker processes for the whole session (they take ~1 s to start)."""
    app = create_app(build_dir, timeout_s=10.0, max_rows=50, max_body=10_000, workers=1)
    with TestClient(app, base_url="http://testserver") as c:
        yield c


@pytest.fixture(scope="session")
def thread_client(build_dir: Path) -> Iterator[TestClient]:
    """The same app with queries in threads (workers=0)."""
    app = create_app(build_dir, timeout_s=10.0, max_rows=50, max_body=10_000, workers=0)
    with TestClient(app, base_url="http://testserver") as c:
        yield c
