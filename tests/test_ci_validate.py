"""`kg validate` as a CI tool, tested as a pipeline uses it: the command line, its exit status and
its reports read by parsers that know the formats (junitparser, the stdlib XML and JSON
parsers), and the pre-commit hook and GitHub Action definitions run on a tiny input."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from rdflib import Dataset, Literal

from kg.rdf.namespaces import UNRES

pytestmark = pytest.mark.slow  # (whole builds, servers or subprocesses)

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FOREIGN = "@prefix ex: <http://example.org/> .\nex:b ex:name \"B\" .\nex:b ex:knows ex:a .\n"
SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:NamedShape a sh:NodeShape ; sh:targetSubjectsOf ex:knows ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:severity sh:Warning ;
                sh:message "A person who knows someone has a name" ] .
"""
# A Security Council text with its date and no meeting number: one warning (W03), no violation.
WARNED = ("Resolution 1234 (2099)\n\nAdopted by the Security Council on 1 January 2099\n\n"
          "The Security Council,\n\n1. Decides to remain seized of the matter.\n")


def kg(*args: str, cwd: Path = ROOT, stdin: str | None = None,
       seed: str = "random") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          cwd=cwd, input=stdin, timeout=120,
                          env={**os.environ, "PYTHONHASHSEED": seed})


@pytest.fixture(scope="module")
def bad_build(built: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A copy of the seeds' build where one paragraph has two source lines (R25 violation);
    with the line the build recorded for it."""
    out = tmp_path_factory.mktemp("bad") / "out"
    (out / "dumps").mkdir(parents=True)
    shutil.copy(built / "build.json", out)
    for part in (built / "dumps").glob("*.trig"):
        ds = Dataset()
        ds.parse(part, format="trig")
        lines = [(g, s, o) for g in ds.graphs() for s, o in g.subject_objects(UNRES.sourceLine)]
        if lines and not (out / "line").exists():
            g, s, o = lines[0]
            g.add((s, UNRES.sourceLine, Literal("99999", datatype=o.datatype)))
            (out / "line").write_text(str(o))
        ds.serialize(out / "dumps" / part.name, format="trig")
    return out, int((out / "line").read_text())


def test_junit_read_by_junitparser(bad_build: tuple[Path, int]) -> None:
    junitparser = pytest.importorskip("junitparser")
    out, _ = bad_build
    done = kg("validate", str(out), "-q", "--format", "junit")
    assert done.returncode == 1, done.stderr
    root = ET.fromstring(done.stdout)
    assert root.tag == "testsuites" and root.get("failures") == "1"
    xml = junitparser.JUnitXml.fromstring(done.stdout.encode("utf-8"))
    cases = [case for suite in xml for case in suite]
    failed = [case for case in cases if not case.is_passed]
    assert len(failed) == 1 and failed[0].result[0].type == "R25"


def test_sarif_points_at_the_source_file_and_line(bad_build: tuple[Path, int]) -> None:
    out, line = bad_build
    done = kg("validate", str(out), "-q", "--format", "sarif")
    assert done.returncode == 1, done.stderr
    log = json.loads(done.stdout)
    assert log["version"] == "2.1.0" and "sarif" in log["$schema"]
    run = log["runs"][0]
    [result] = run["results"]
    assert result["ruleId"] == "R25" and result["level"] == "error"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "R25"
    where = result["locations"][0]["physicalLocation"]
    uri = where["artifactLocation"]["uri"]
    assert uri.startswith("corpus/seeds/") and (ROOT / uri).is_file()  # relative to the cwd
    assert where["region"]["startLine"] == line


def test_github_commands_and_gitlab_code_quality(bad_build: tuple[Path, int]) -> None:
    out, line = bad_build
    for seed in ("1", "2", "3"):  # the order of a dataset's graphs varies with the hash seed
        done = kg("validate", str(out), "-q", "--format", "github", seed=seed)
        assert done.returncode == 1
        command = done.stdout.splitlines()[0]
        assert re.fullmatch(rf"::error file=corpus/seeds/[^,:]+\.txt,line={line},title=R25::.+",
                            command), command
    done = kg("validate", str(out), "-q", "--format", "gitlab")
    [issue] = json.loads(done.stdout)
    assert issue["check_name"] == "R25" and issue["severity"] == "major"
    assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"]) and "R25" in issue["description"]
    assert issue["location"]["path"].startswith("corpus/seeds/")
    assert issue["location"]["lines"]["begin"] == line


def test_several_inputs_and_standard_input(built: Path, bad_build: tuple[Path, int],
                                           tmp_path: Path) -> None:
    out, _ = bad_build
    part = next((out / "dumps").glob("*.trig"))
    done = kg("validate", str(built), str(out), "-q", "--format", "json")
    assert done.returncode == 1 and json.loads(done.stdout)["violations"] == 1
    text = (built / "dumps" / "00000.nq").read_text("utf-8")
    assert kg("validate", "-", "-q", stdin=text).returncode == 0
    done = kg("validate", "-", "-q", "--input-format", "trig", stdin=part.read_text("utf-8"))
    assert done.returncode in (0, 1) and "graph" in done.stdout


def test_foreign_data_is_not_a_silent_conforms(tmp_path: Path) -> None:
    data = tmp_path / "people.ttl"
    data.write_text(FOREIGN)
    for done in (kg("validate", str(data), "-q"), kg("validate", "-", "-q", stdin=FOREIGN)):
        assert done.returncode == 2
        assert "0 focus nodes checked" in done.stderr
        assert "conforms" not in done.stdout + done.stderr
        assert "sidecar" not in done.stdout + done.stderr


def test_own_shapes_and_severity(tmp_path: Path) -> None:
    data, shapes = tmp_path / "people.ttl", tmp_path / "shapes.ttl"
    data.write_text(FOREIGN.replace('ex:b ex:name "B" .\n', ""))
    shapes.write_text(SHAPES)
    done = kg("validate", str(data), "--shapes", str(shapes), "--shapes-only", "-q")
    assert done.returncode == 0 and "NamedShape" in done.stdout
    assert "1 graph checked: 0 violations, 1 warning" in done.stdout
    done = kg("validate", str(data), "--shapes", str(shapes), "--shapes-only", "-q",
              "--severity", "warning", "--format", "sarif")
    assert done.returncode == 1
    [result] = json.loads(done.stdout)["runs"][0]["results"]
    assert result["level"] == "warning" and result["ruleId"] == "NamedShape"
    data.write_text(FOREIGN)
    assert kg("validate", str(data), "--shapes", str(shapes), "--shapes-only", "-q",
              "--severity", "warning").returncode == 0


def test_build_fail_on(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "r.txt").write_text(WARNED)
    out = str(tmp_path / "out")
    done = kg("build", str(tmp_path / "src"), "--out", out, "-q")
    assert done.returncode == 0 and "1 warning" in done.stdout  # the default: never
    assert kg("build", str(tmp_path / "src"), "--out", out, "-q",
              "--fail-on", "violation").returncode == 0
    done = kg("build", str(tmp_path / "src"), "--out", out, "-q", "--fail-on", "warning")
    assert done.returncode == 1
    assert kg("build", str(tmp_path / "src"), "--out", out, "-q", "--no-validate",
              "--fail-on", "warning").returncode == 2


def _yaml(path: Path) -> object:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(path.read_text("utf-8"))


def _env() -> dict[str, str]:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def test_pre_commit_hook_runs(built: Path, tmp_path: Path) -> None:
    [hook] = _yaml(ROOT / ".pre-commit-hooks.yaml")  # type: ignore[misc]
    assert hook["id"] == "kg-validate" and hook["language"] == "python"
    good = tmp_path / "good.nq"
    shutil.copy(built / "dumps" / "00000.nq", good)
    assert re.search(hook["files"], good.name)
    foreign = tmp_path / "people.ttl"
    foreign.write_text(FOREIGN)
    argv = shlex.split(hook["entry"])
    done = subprocess.run([*argv, str(good)], capture_output=True, text=True, env=_env())
    assert done.returncode == 0, done.stderr
    done = subprocess.run([*argv, str(good), str(foreign)], capture_output=True, text=True,
                          env=_env())
    assert done.returncode == 0  # one of them is of kg's vocabulary
    done = subprocess.run([*argv, str(foreign)], capture_output=True, text=True, env=_env())
    assert done.returncode == 2


def test_github_action_command_runs(bad_build: tuple[Path, int], tmp_path: Path) -> None:
    action = _yaml(ROOT / "action.yml")
    assert isinstance(action, dict) and action["runs"]["using"] == "composite"
    step = action["runs"]["steps"][-1]
    env = {k: str(v["default"]) for k, v in action["inputs"].items()}
    env = {f"KG_{k.upper()}": v for k, v in env.items()}
    assert set(env) <= set(step["env"])
    out, _ = bad_build
    env["KG_PATHS"] = str(out)
    done = subprocess.run(["bash", "-c", step["run"]], capture_output=True, text=True,
                          cwd=ROOT, env={**_env(), **env})
    assert done.returncode == 1 and done.stdout.startswith("::error file=corpus/seeds/")
    env.update(KG_FORMAT="sarif", KG_OUTPUT=str(tmp_path / "kg.sarif"))
    done = subprocess.run(["bash", "-c", step["run"]], capture_output=True, text=True,
                          cwd=ROOT, env={**_env(), **env})
    assert done.returncode == 1
    assert json.loads((tmp_path / "kg.sarif").read_text())["version"] == "2.1.0"


def test_a_build_directory_is_validated_on_the_builds_own_path(tmp_path, monkeypatch):
    """`kg validate DIR` runs the parallel, cached validation `kg build` runs (no rdflib
    Dataset of the whole dump), with the report the dataset path gives."""
    from kg.build import build
    from kg.validation import ci as ci_validate
    from kg.validation.entrypoints import validate_path

    out = tmp_path / "out"
    build([], out)
    slow = validate_path(out)

    def refuse(*args, **kwargs):
        raise AssertionError("the dump was read into rdflib")

    monkeypatch.setattr(ci_validate, "read_inputs", refuse)
    checked = ci_validate.check([str(out)])
    key = [(r.severity, r.shape, r.focus, r.message, r.value) for r in checked.report.results]
    assert key == [(r.severity, r.shape, r.focus, r.message, r.value) for r in slow.results]
    assert checked.report.graphs == slow.graphs and checked.exit_code == 0
