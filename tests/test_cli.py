"""End to end through the command line, as a user runs it (a subprocess, real files)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.builddir.dumps import read_dump
from tests.conftest import PDF_SEED, WEB_SEED

KG = [sys.executable, "-m", "kg"]


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.slow
def test_build_query_export_end_to_end(tmp_path):
    out = tmp_path / "out"
    done = kg("build", str(WEB_SEED), str(PDF_SEED), "--out", str(out), "--no-validate")
    assert done.returncode == 0, done.stderr
    assert "2 resolutions, 41 paragraphs" in done.stdout
    assert {p.name for p in out.iterdir()} >= {"dumps", "store", "build.json"}
    assert {p.suffix for p in (out / "dumps").iterdir()} == {".nq", ".trig", ".ttl"}
    manifest = json.loads((out / "build.json").read_text())
    assert sorted(s["symbol"] for s in manifest["sources"]) == ["A/RES/56/163", "A/RES/57/209"]

    done = kg("query", "paragraphs", "-p", "symbol=A/RES/57/209", "--store", str(out),
              "--format", "csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "position,kind,number,phrase,text,paragraph"
    assert len(lines) == 1 + 25 and lines[-1].startswith("25,operative,12,decides,")

    done = kg("query", "ASK { ?s ?p ?o }", "--store", str(out), "--format", "json")
    assert json.loads(done.stdout) == {"head": {}, "boolean": True}

    for fmt, probe in [("turtle", "@prefix"), ("nt", "> ."), ("nq", "> ."), ("trig", "> {"),
                       ("xml", "<rdf:RDF"), ("jsonld", '"@context"')]:
        done = kg("export", str(out), "--format", fmt)
        assert done.returncode == 0 and probe in done.stdout, (fmt, done.stderr)


def test_named_query_file_and_unknown_query(built, tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE "
                     "{ ?p a <https://w3id.org/unres/ontology#Paragraph> }")
    done = kg("query", str(query), "--store", str(built), "--format", "json")
    assert json.loads(done.stdout)["results"]["bindings"][0]["n"]["value"] == "41"
    done = kg("query", "no-such-query", "--store", str(built))
    assert done.returncode == 2 and "named queries:" in done.stderr


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "the file is empty"),
    ("binary.txt", b"\x00\x01\x02PK", "binary file"),
    ("latin1.txt", b"The General Assembly,\ncaf\xe9\n", "invalid UTF-8"),
    ("minutes.txt", b"Summary record of the 5th meeting\n", "not a resolution"),
])
@pytest.mark.slow
def test_bad_input_fails_cleanly_without_output(tmp_path, name, data, message):
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out"
    done = kg("build", str(source), "--out", str(out), "--no-validate")
    assert done.returncode == 1
    lines = [line for line in done.stderr.strip().splitlines()
             if not line.startswith("kg build: ")]  # (the stage lines of a log)
    assert len(lines) == 1 and str(source) in lines[0] and message in lines[0]
    assert not out.exists()
    assert not list(tmp_path.glob(".out.*"))  # no temporary leftovers either


@pytest.mark.slow
def test_missing_file_and_invalid_sidecar(tmp_path):
    done = kg("build", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and "missing.txt: no such file" in done.stderr
    source = tmp_path / PDF_SEED.name
    shutil.copy(PDF_SEED, source)
    source.with_name(source.stem + ".meta.json").write_text('{"adopted": "18 December 2002"}')
    done = kg("build", str(source), "--out", str(tmp_path / "out"))
    assert done.returncode == 1 and ".meta.json" in done.stderr and "YYYY-MM-DD" in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_failed_rebuild_keeps_the_previous_build(tmp_path):
    out = tmp_path / "out"
    assert kg("build", str(WEB_SEED), "--out", str(out), "--no-validate").returncode == 0
    before = read_dump(out, "nq")
    bad = tmp_path / "bad.txt"
    bad.write_text("")
    assert kg("build", str(WEB_SEED), str(bad), "--out", str(out)).returncode == 1
    assert read_dump(out, "nq") == before


def test_refuses_to_overwrite_a_foreign_directory(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    done = kg("build", str(WEB_SEED), "--out", str(tmp_path))
    assert done.returncode == 2 and "refusing" in done.stderr
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def test_every_command_has_help_with_an_example():
    from click.testing import CliRunner

    from kg.cli import main

    for name, command in main.commands.items():
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in (command.help or ""), name


def test_export_offers_every_export_syntax_of_the_registry():
    # the choice list is spelled in the CLI so that `kg --help` does not import pyoxigraph;
    # it must stay the registry's
    from kg.cli import main
    from kg.rdf.formats import EXPORT_FORMATS

    fmt = next(p for p in main.commands["export"].params if p.name == "fmt")
    assert list(fmt.type.choices) == [f.name for f in EXPORT_FORMATS]
