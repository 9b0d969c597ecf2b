"""Input that used to take forever or build wrong without a word: a source far too large, a
folder whose links make a cycle, a file holding many resolutions one after the other."""

from __future__ import annotations

import os
import subprocess
import sys

from kg.sources import MAX_SOURCE_BYTES
from tests.conftest import PDF_SEED, WEB_SEED

KG = [sys.executable, "-m", "kg"]


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=60)


def test_a_source_above_the_size_limit_is_refused_at_once(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:  # (sparse: the limit is checked before a byte is read)
        f.truncate(MAX_SOURCE_BYTES + 1)
    done = kg("build", str(big), "--out", str(tmp_path / "out"), "-q")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"error: {big}: the file is 10.0 MB, more than the 10 MB a source may hold "
        "(kg.sources.MAX_SOURCE_BYTES): one resolution per file"]


def test_links_that_make_cycles_are_walked_once(tmp_path):
    folder = tmp_path / "sources"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / WEB_SEED.name).write_bytes(WEB_SEED.read_bytes())
    os.symlink("..", folder / "a" / "b" / "up")  # a cycle
    os.symlink(folder, folder / "a" / "top")  # another, to the top
    done = kg("build", str(folder), "--out", str(tmp_path / "out"), "-q", "--no-validate")
    assert done.returncode == 0, done.stderr
    assert "Built 1 resolutions" in done.stdout


def test_a_file_of_many_resolutions_is_refused_naming_how_many(tmp_path):
    one = WEB_SEED.read_text(encoding="utf-8")
    many = tmp_path / "many.txt"
    many.write_text("\n\n".join([one] * 5), encoding="utf-8")
    done = kg("build", str(many), str(PDF_SEED), "--out", str(tmp_path / "out"), "-q",
              "--keep-going", "--no-validate")
    assert done.returncode == 0, done.stderr
    line, = done.stderr.strip().splitlines()
    assert line.startswith(f"skipped: {many}:") and "holds 5 resolutions, not one" in line
    assert "Built 1 resolutions" in done.stdout


def test_a_resolution_that_recommends_a_draft_is_one_resolution(tmp_path):
    text = """The Economic and Social Council,

Recalling its earlier resolutions,

1. Recommends to the General Assembly the adoption of the following draft resolution:

The General Assembly,

Recalling its earlier resolutions,

1. Decides to remain seized of the matter.

45th plenary meeting
2 December 2024
"""
    source = tmp_path / "ecosoc.txt"
    source.write_text(text, encoding="utf-8")
    done = kg("build", str(source), "--out", str(tmp_path / "out"), "-q", "--no-validate")
    assert done.returncode == 0, done.stderr
