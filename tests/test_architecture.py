"""The pipeline flows one way, and a machine checks it.

Text stages (reading, normalising, segmenting, extracting) must not import RDF, HTTP or CLI
libraries, not even indirectly through another kg module: they run in build workers and are
tested on plain values. Checked on the import statements of the source files.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kg

ROOT = Path(kg.__file__).parent
TEXT_STAGES = ("sources", "readers", "normalise", "segment", "extract", "phrasing", "patterns",
               "document", "errors")
FORBIDDEN = ("rdflib", "pyoxigraph", "pyshacl", "click", "starlette", "uvicorn", "SPARQLWrapper")


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__")
        found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _is_text_stage(module: str) -> bool:
    return any(module == f"kg.{s}" or module.startswith(f"kg.{s}.") for s in TEXT_STAGES)


def test_text_stages_know_nothing_of_rdf_http_or_cli():
    modules = _modules()
    problems = []
    for name in modules:
        if not _is_text_stage(name):
            continue
        seen, todo = set(), [name]
        while todo:  # follow kg imports transitively
            current = todo.pop()
            if current in seen or current not in modules:
                continue
            seen.add(current)
            for imported in _imports(modules[current]):
                if imported.split(".")[0] in FORBIDDEN:
                    problems.append(f"{name} -> {current} imports {imported}")
                if imported.startswith("kg."):
                    todo.extend(m for m in (imported, imported.rsplit(".", 1)[0]) if m in modules)
    assert not problems, "\n".join(problems)


def test_no_document_symbols_in_the_parser():
    """The parser must work on resolutions nobody has shown it: no seed symbols in code."""
    for path in ROOT.rglob("*.py"):
        text = path.read_text("utf-8")
        for symbol in ("56/163", "57/209", "A/56/341", "E/CN.4/2001/94", "A/57/182"):
            assert symbol not in text, f"{path.name} mentions {symbol}"


def test_every_package_is_in_the_wheel():
    """setuptools is given an explicit package list: a new subpackage must be added to it, or
    it works in the editable checkout and is missing from an installed wheel."""
    import tomllib

    config = tomllib.loads((ROOT.parent / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT.parent).parts) for p in ROOT.rglob("__init__.py")}
    assert found - listed == set()


def test_modules_stay_small():
    """Small modules with one job: a module past 400 lines is two modules waiting to be split."""
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text("utf-8").splitlines())
             for p in ROOT.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 400} == {}
