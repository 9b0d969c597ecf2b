"""Write docs/cli.md, the command-line reference, from every command's own `--help`.

The reference is generated, never written by hand, so that it cannot say something the
commands do not: `tests/test_docs.py` regenerates it and compares it with the committed file
(the check sqlite-utils and datasette make with cog, without the dependency).

    python scripts/cli_docs.py > docs/cli.md     # or: make docs
    python scripts/cli_docs.py --check           # exit 1 when docs/cli.md is out of date

The help is rendered at a fixed width, so the file does not depend on the terminal it is
generated in.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

WIDTH = 100  # characters; fixed so that the output is the same in every terminal
CLI_MD = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
HEADER = """\
# Command-line reference

Generated from each command's `--help` by `scripts/cli_docs.py`; do not edit by hand: run
`make docs` (or `python scripts/cli_docs.py > docs/cli.md`) after changing a command, and
`tests/test_docs.py` checks that this file is up to date. The topics behind the options are in
the other pages of [docs/](README.md).
"""


def commands(group: click.Command, ctx: click.Context) -> Iterator[click.Context]:
    """Every command under `group`, depth first in name order, each with its context."""
    yield ctx
    if isinstance(group, click.Group):
        for name in sorted(group.list_commands(ctx)):
            sub = group.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from commands(sub, _context(sub, name, ctx))


def command_names(root: click.Command | None = None) -> list[str]:
    """The full names of every command, `kg` first (`kg build`, `kg validate` ...)."""
    return [ctx.command_path for ctx in _contexts(root)]


def _contexts(root: click.Command | None) -> Iterator[click.Context]:
    if root is None:
        from kg.cli import main as root
    return commands(root, _context(root, "kg", None))


def _context(command: click.Command, name: str, parent: click.Context | None) -> click.Context:
    """The context `kg NAME --help` would have (the command's own context settings, such as
    `-h`), at the fixed width; resilient, so that required options need no value."""
    return command.make_context(name, [], parent=parent, resilient_parsing=True,
                                terminal_width=WIDTH, max_content_width=WIDTH)


def render(root: click.Command | None = None) -> str:
    """The whole of docs/cli.md: a list of the commands, then each command's help."""
    contexts = list(_contexts(root))
    lines = [HEADER]
    for ctx in contexts[1:]:
        summary = ctx.command.get_short_help_str(limit=WIDTH - len(ctx.command_path) - 8)
        lines.append(f"- [`{ctx.command_path}`](#{anchor(ctx.command_path)}): {summary}")
    for ctx in contexts:
        lines += ["", f"## {ctx.command_path}", "", "```", ctx.get_help(), "```"]
    return "\n".join(lines) + "\n"


def anchor(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, spaces as hyphens."""
    return title.lower().replace(" ", "-")


def main(argv: list[str]) -> int:
    text = render()
    if argv == ["--check"]:
        if CLI_MD.exists() and CLI_MD.read_text("utf-8") == text:
            return 0
        print(f"{CLI_MD} is out of date: run `make docs` "
              "(python scripts/cli_docs.py > docs/cli.md)", file=sys.stderr)
        return 1
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
