"""What every command shares: its error exit, its progress display, its common options."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from kg.errors import KgError
from kg.settings import DEFAULT_BASE

if TYPE_CHECKING:
    from kg.progress_display import Display

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_OUT = "out"


def fail(exc: KgError) -> None:
    for line in str(exc).splitlines() or [type(exc).__name__]:
        click.echo(f"error: {line}", err=True)
    sys.exit(exc.exit_code)


def quiet_option(func: F) -> F:
    return click.option("--quiet", "-q", is_flag=True,
                        help="No progress on stderr (by default: a status line in a terminal, "
                             "one line per stage otherwise).")(func)


def shown_as(command: str, quiet: bool) -> Display:
    """Where the command's progress goes (kg.progress_display); close it before an error is
    printed, so that the error starts a line of its own."""
    from kg.progress_display import display

    return display(command, quiet=quiet)


def base_option(func: F) -> F:
    return click.option("--base", default=None, metavar="IRI",
                        help=f"Published base IRI (default {DEFAULT_BASE}).")(func)
