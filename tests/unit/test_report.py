"""`kg report`: per-folder counts, unknown openings and skipped files with their reason."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import main
from kg.quality.report import corpus_report

GOOD = """The General Assembly,

Recalling its resolution 53/144,

Ponders the question at length;

1. Decides to remain seized of the matter.
"""


def test_report_counts_per_folder(tmp_path):
    (tmp_path / "ga").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "ga" / "one.txt").write_text(GOOD, "utf-8")
    (tmp_path / "ga" / "README.md").write_text("not a source", "utf-8")
    (tmp_path / "notes" / "memo.txt").write_text("A memo, not a resolution.\n", "utf-8")
    report = corpus_report([tmp_path], validate=False, jobs=1)
    ga, notes = report.folders["ga"], report.folders["notes"]
    assert (ga.documents, ga.built, ga.paragraphs, ga.citations) == (1, 1, 3, 1)
    assert (notes.documents, notes.built, len(notes.skipped)) == (1, 0, 1)
    assert "not a resolution" in notes.skipped[0][1]
    assert report.total().unknown == {"Ponders the question": 1}
    text = report.to_text()
    assert "Ponders the question" in text and "memo.txt: not a resolution" in text


def test_report_command(tmp_path):
    (tmp_path / "one.txt").write_text(GOOD, "utf-8")
    done = CliRunner().invoke(main, ["report", str(tmp_path), "--no-validate"])
    assert done.exit_code == 0, done.output
    assert "(all)" in done.output and "Unknown opening phrases" in done.output
