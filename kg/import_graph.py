"""kg's own import graph, read from the source files (no module is imported to read it).

The caches fingerprint "the code that can change this result": the build cache the modules a
source's graph goes through (the closure of kg.pipeline), the validation cache those of the
validator (kg.validation.runner). Reading that set off the imports, rather than from a list of
file names kept by hand, means a module that is moved, added or split is fingerprinted where it
now belongs. The architecture tests read the same graph for the layering rules.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).parent


@functools.cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        found[".".join(p for p in parts if p != "__init__")] = path
    return found


def absolute(module: str, node: ast.ImportFrom) -> str:
    """The module a `from ... import` names, relative imports resolved."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if modules()[module].name == "__init__.py" else \
        module.split(".")[:-1]
    package = package[:len(package) - node.level + 1]
    return ".".join([*package, *([node.module] if node.module else [])])


@functools.cache
def imports(module: str) -> frozenset[str]:
    """The kg modules `module` imports, at its top or inside a function (a lazy import is an
    import all the same: its code runs when the function does)."""
    known = modules()
    found: set[str] = set()
    for node in ast.walk(ast.parse(known[module].read_bytes())):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            origin = absolute(module, node)
            names = [origin, *(f"{origin}.{a.name}" for a in node.names)]
        else:
            continue
        for name in names:
            # `import kg.a.b` runs kg/__init__, kg/a/__init__ and kg/a/b
            parts = name.split(".")
            found.update(p for p in (".".join(parts[:i]) for i in range(1, len(parts) + 1))
                         if p in known)
    found.discard(module)
    return frozenset(found)


@functools.cache
def closure(*roots: str) -> tuple[str, ...]:
    """The modules `roots` import, directly or not, with the roots themselves: sorted."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(imports(current) - seen)
    return tuple(sorted(seen))


def files(*roots: str) -> list[tuple[str, bytes]]:
    """(path relative to the package, bytes) of every module of the closure of `roots`."""
    known = modules()
    return [(known[m].relative_to(ROOT).as_posix(), known[m].read_bytes())
            for m in closure(*roots)]
