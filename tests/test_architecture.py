"""The pipeline flows one way, and a machine checks it.

Text stages (reading, normalising, segmenting, extracting) must not import RDF, HTTP or CLI
libraries, not even indirectly through another kg module: they run in build workers and are
tested on plain values. Checked on the import statements of the source files.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kg
from kg import import_graph
from kg.builddir.cache import BUILD_ROOT, GRAPH_ROOTS
from kg.validation.runner import VALIDATOR_ROOT

ROOT = Path(kg.__file__).parent
TEXT_STAGES = ("sources", "readers", "normalise", "segment", "extract", "phrasing", "patterns",
               "document", "errors")
FORBIDDEN = ("rdflib", "pyoxigraph", "pyshacl", "click", "starlette", "uvicorn", "SPARQLWrapper")


def _modules() -> dict[str, Path]:
    return import_graph.modules()


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


# Module pairs (user, owner) where one module still reaches into another's private names: the
# list may only shrink (a pair that is gone must leave it, so that it cannot come back unseen).
PRIVATE_BASELINE: set[tuple[str, str]] = set()


def _private_uses(path: Path, module: str | None) -> set[tuple[str, str, str]]:
    """(user, owner, name) for every `from kg.x import _y` and `x._y` on a kg module."""
    known = import_graph.modules()
    user = module or path.relative_to(ROOT.parent).as_posix()
    tree = ast.parse(path.read_bytes())
    aliases: dict[str, str] = {}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            origin = import_graph.absolute(module, node) if module else node.module or ""
            for a in node.names:
                if f"{origin}.{a.name}" in known:
                    aliases[a.asname or a.name] = f"{origin}.{a.name}"
                elif origin in known and origin != module and _private(a.name):
                    found.add((user, origin, a.name))
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name in known:
                    aliases[a.asname or a.name.split(".")[0]] = a.name if a.asname else \
                        a.name.split(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            chain, value = [], node.value
            while isinstance(value, ast.Attribute):
                chain.append(value.attr)
                value = value.value
            if isinstance(value, ast.Name) and value.id in aliases:
                owner = ".".join([aliases[value.id], *reversed(chain)])
                if owner in known and owner != module:
                    found.add((user, owner, node.attr))
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def test_no_module_uses_another_modules_private_names():
    """A private name is free to change with its module; a user elsewhere (package code, a
    test, a benchmark) makes it public in all but name. Make it public or move the code."""
    uses = {use for name, path in import_graph.modules().items()
            for use in _private_uses(path, name)}
    for folder in ("tests", "benchmarks", "scripts"):
        for path in (ROOT.parent / folder).rglob("*.py"):
            uses |= _private_uses(path, None)
    pairs = {(user, owner) for user, owner, _ in uses}
    assert pairs - PRIVATE_BASELINE == set(), sorted(u for u in uses if u[:2] not in
                                                     PRIVATE_BASELINE)
    assert PRIVATE_BASELINE - pairs == set(), "gone: remove from PRIVATE_BASELINE"


def test_the_build_cache_fingerprints_what_shapes_a_graph_and_nothing_else():
    """The source cache's key holds the code of kg.pipeline's import closure: every text
    stage and the model are in it (an edited reader rebuilds), the build, serving, publishing,
    lineage and validation are not (an edited page template keeps the cache)."""
    graph = set(import_graph.closure(*GRAPH_ROOTS))
    stages = {m for m in import_graph.modules() if _is_text_stage(m)} - {"kg.errors"}
    assert stages - graph == set(), "text stages outside the fingerprint"
    assert {"kg.triples", "kg.iris", "kg.rdf.resources", "kg.pipeline"} <= graph
    outside = ("kg.build", "kg.serve", "kg.publish", "kg.lineage", "kg.cli",
               "kg.validation", "kg.builddir.store", "kg.builddir.dumps", "kg.quality.report",
               "kg.quality.parse")
    assert {m for m in graph for o in outside if m == o or m.startswith(o + ".")} == set()


def test_the_build_index_fingerprints_every_module_that_writes_a_build():
    """An incremental build starts only from a build made by the same code: every stage of a
    build (dumps, store, lineage, search index, validation) is in that fingerprint, wherever
    its module lives; what only reads a build (serving, publishing, the CLI) is not. (When the
    cache module moved into kg/builddir, a fingerprint read off its own folder covered that
    folder alone: an edit to lineage would have been served from a stale build's index.)"""
    code = set(import_graph.closure(BUILD_ROOT))
    stages = {"kg.build.run", "kg.build.stages", "kg.build.fresh", "kg.build.incremental",
              "kg.build.lineage",
              "kg.build.workers", "kg.build.manifest", "kg.build.index", "kg.lineage.align",
              "kg.lineage.model", "kg.lineage.outline", "kg.builddir.parts", "kg.search.index",
              "kg.validation.runner", "kg.pipeline"}
    assert stages - code == set()
    assert {m for m in code if m.startswith(("kg.serve", "kg.publish", "kg.cli"))} == set()


def test_an_edit_to_how_findings_are_written_invalidates_findings_not_graphs():
    """(The regression of the structure review, section 2.5: a change to the validator's report
    kept stale findings in the cache.) Every module of kg.validation, both engines included, is
    in the validation cache's fingerprint (but the CI formats, written from the report after
    the cache has answered); none is in the build cache's."""
    validation = {m for m in import_graph.modules()
                  if m.startswith("kg.validation") and not m.startswith("kg.validation.ci")}
    assert validation - set(import_graph.closure(VALIDATOR_ROOT)) == set()
    assert validation & set(import_graph.closure(*GRAPH_ROOTS)) == set()
    assert {"kg.rdf.resources", "kg.rdf.namespaces"} <= set(import_graph.closure(VALIDATOR_ROOT))


def test_namespaces_are_spelled_once():
    """A namespace IRI as a string in code (not in a docstring) lives in kg/rdf/prefixes.py
    only; five copies of `ELI = "http://data.europa.eu/eli/ontology#"` were once the rule."""
    from kg.rdf.prefixes import PREFIX_IRIS

    spelled = []
    for path in ROOT.rglob("*.py"):
        if path == ROOT / "rdf" / "prefixes.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef
                                    | ast.AsyncFunctionDef)
                      and node.body and isinstance(node.body[0], ast.Expr)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and id(node) not in docstrings
                    and any(node.value.startswith(ns) for ns in PREFIX_IRIS.values())):
                spelled.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {node.value}")
    assert spelled == []
