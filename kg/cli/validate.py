"""The `kg validate` command (kept out of kg/cli.py, which holds the other commands): options
in, `kg.validation.ci.check` called, the report written in the format asked for."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.common import DEFAULT_OUT, fail, quiet_option, shown_as
from kg.errors import KgError
from kg.validation.ci_formats import FORMATS as CI_FORMATS
from kg.validation.ci_formats import WRITERS
from kg.validation.inputs import FORMATS as RDF_FORMATS

NO_FOCUS = ("0 focus nodes checked: no shape targets any node of {inputs} (data of another "
            "vocabulary? give shapes for it with --shapes FILE)")


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH|-]...")
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "turtle", *CI_FORMATS]),
              help="junit: JUnit XML; sarif: SARIF 2.1.0; github: Actions workflow commands; "
                   "gitlab: Code Quality JSON.")
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast",
              show_default=True,
              help="fast: kg.validation.fast (same report, milliseconds a graph); "
                   "pyshacl: the reference.")
@click.option("--shapes", "shapes", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A SHACL shapes file to check too (repeatable; checked with pyshacl).")
@click.option("--shapes-only", is_flag=True,
              help="Check only the --shapes given, not kg's own shapes.")
@click.option("--severity", type=click.Choice(["violation", "warning"]), default="violation",
              show_default=True, help="The least severe finding that fails (exit status 1).")
@click.option("--input-format", default=None, type=click.Choice(sorted(set(RDF_FORMATS.values()))),
              help="RDF syntax of the inputs (default: by extension; sniffed for -).")
@quiet_option
def validate(paths: tuple[str, ...], fmt: str, engine: str = "fast",
             shapes: tuple[Path, ...] = (), shapes_only: bool = False,
             severity: str = "violation", input_format: str | None = None,
             quiet: bool = False) -> None:
    """SHACL-validate build directories, RDF files or standard input (-) with the shapes in
    shapes/ (and --shapes of one's own).

    Exit status: 0 conforms, 1 findings of --severity or worse, 2 unusable input (or no shape
    targets any node of it).

    Example: kg validate out --format sarif > kg.sarif
    """
    from kg.validation.ci import check

    with shown_as("validate", quiet) as shown:
        try:
            checked = check(paths or (DEFAULT_OUT,), shapes=shapes, shapes_only=shapes_only,
                            severity=severity, input_format=input_format, engine=engine,
                            progress=shown)
        except KgError as exc:
            shown.close()
            fail(exc)
            return
    if checked.focus_nodes == 0:
        click.echo("error: " + NO_FOCUS.format(inputs=", ".join(paths or (DEFAULT_OUT,))),
                   err=True)
        sys.exit(2)
    report = checked.report
    if fmt in WRITERS:
        click.echo(WRITERS[fmt](report, checked.locator, checked.failing), nl=False)
    else:
        click.echo({"text": report.to_text, "json": report.to_json,
                    "turtle": report.to_turtle}[fmt]())
    if checked.exit_code and report.conforms:
        click.echo(f"fails with --severity {severity}: warnings count", err=True)
    sys.exit(checked.exit_code)
