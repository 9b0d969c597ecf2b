"""Shared fixtures: the seed files, reference data, and one build of the bundled corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build, default_corpus
from kg.rdf.resources import reference_data
from kg.settings import DEFAULT_BASE

SEEDS = default_corpus() / "seeds"
WEB_SEED = SEEDS / "000_bccda29d65a91df4.txt"  # A/RES/56/163, OHCHR web page
PDF_SEED = SEEDS / "001_c8e08ed3fe9b88b9.txt"  # A/RES/57/209, PDF text (sidecar metadata)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite golden files from the current output (review the diff!).")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def refdata():
    return reference_data(DEFAULT_BASE)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two seeds built once per test session (the bundled corpus holds more real texts,
    built by tests/test_bundled_corpus.py; the graph tests state facts about the seeds)."""
    out = tmp_path_factory.mktemp("build") / "out"
    build([SEEDS], out)
    return out


@pytest.fixture
def pdf_seed_without_sidecar(tmp_path: Path) -> Path:
    target = tmp_path / PDF_SEED.name
    shutil.copy(PDF_SEED, target)
    return target
