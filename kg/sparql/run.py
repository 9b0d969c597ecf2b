"""Run SPARQL against a build's embedded store or a remote endpoint, and render the answers.

Parameters are bound as RDF terms: on the embedded store through pyoxigraph's `substitutions`
(the query text is never touched), on a remote endpoint, which has no such protocol, by a VALUES
clause of terms serialised by pyoxigraph. Named queries check their parameters first
(kg.sparql.queries), so a missing or misspelt one is an error rather than an empty answer.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.builddir.store import open_build
from kg.errors import UnusableInput, UsageError, few
from kg.rdf.prefixes import PREFIX_IRIS, XSD
from kg.sparql.queries import NamedQuery, named_query, parse, queries
from kg.sparql.text import where_groups

_KEYWORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


@dataclass
class Answer:
    """A query's answer in one shape for every target."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    boolean: bool | None = None
    json: str = ""  # SPARQL results JSON (select/ask) as the target produced it
    turtle: str = ""  # for CONSTRUCT/DESCRIBE


Terms = Mapping[str, ox.NamedNode | ox.Literal]


def resolve_query(spec: str) -> NamedQuery:
    """A file path, a named query from queries/, or a query string, with its banner read (a
    file or string may declare parameters as the named queries do)."""
    path = Path(spec)
    short = len(spec) < 300 and "\n" not in spec
    if spec.endswith((".rq", ".sparql")) or (short and path.is_file()):
        if not path.is_file():
            raise UnusableInput(f"{spec}: no such query file")
        return parse(path.stem, path.read_text("utf-8"), origin=spec)
    if _KEYWORD.search(spec):
        return parse("query", spec)
    names = {q.name for q in queries()}
    if spec in names:
        return named_query(spec)
    raise UsageError(f"{spec!r} is not a query file, a named query or a SPARQL query "
                     f"(named queries: {few(sorted(names), near=spec)}; `kg queries` lists "
                     "them)")


def bind(text: str, terms: Terms) -> str:
    """For a remote endpoint: `VALUES (?a ?b) { (term term) }` first in the WHERE group.

    Inside the group (not after the query) so that FILTERs of the group see the values; the
    terms are serialised by pyoxigraph, never pasted from user text.
    """
    if not terms:
        return text
    names = " ".join(f"?{name}" for name in terms)
    values = " ".join(str(t) for t in terms.values())
    groups = where_groups(text)
    if not groups:
        raise UsageError("cannot bind parameters: the query has no WHERE { ... } group")
    clause = f" VALUES ({names}) {{ ({values}) }} "
    return text[: groups[0]] + clause + text[groups[0] :]


def run_local(text: str, build_dir: Path, terms: Terms | None = None) -> Answer:
    """The answer of the embedded store, with kg's prefixes predeclared (as on /sparql) and
    `terms` substituted for their variables; the bound columns are left out of the answer."""
    store, _ = open_build(build_dir)
    substitutions = {ox.Variable(name): term for name, term in (terms or {}).items()}
    try:
        result = store.query(text, use_default_graph_as_union=True, prefixes=PREFIX_IRIS,
                             substitutions=substitutions or None)
    except SyntaxError as exc:
        raise UsageError(syntax_message(exc, text)) from None
    except RuntimeError as exc:
        if m := re.search(r"variable (\?\w+) in its SELECT projection", str(exc)):
            raise UsageError(f"cannot bind {m[1]}: a parameter must be a variable of the "
                             f"query's SELECT clause") from None
        raise UsageError(f"the query could not be evaluated: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", boolean=bool(result),
                      json=result.serialize(format=ox.QueryResultsFormat.JSON).decode())
    if isinstance(result, ox.QueryTriples):
        data = ox.serialize(list(result), format=ox.RdfFormat.TURTLE)
        return Answer("graph", turtle=data.decode())
    variables = [v.value for v in result.variables if v.value not in (terms or {})]
    solutions = [{v: solution[v] for v in variables if solution[v] is not None}
                 for solution in result]
    rows = [{k: t.value for k, t in sol.items()} for sol in solutions]
    return Answer("select", variables, rows, json=_results_json(variables, solutions))


def syntax_message(exc: SyntaxError, text: str) -> str:
    """pyoxigraph's parse error in two lines: where, what was expected (without the Unicode
    ranges of its character classes), and the text there."""
    message = str(exc)
    m = re.match(r"error at (\d+):(\d+): expected (?:one of )?(.*)", message, re.S)
    if not m:
        return f"invalid SPARQL: {message.splitlines()[0] if message else exc!r}"
    line, column, expected = int(m[1]), int(m[2]), m[3]
    items = _top_level(expected)
    sentences = [i for i in items if re.match(r"^[A-Z][a-z]+ .*[a-z]$", i)]
    if sentences:
        what = sentences[0][0].lower() + sentences[0][1:]
        if "prefix" in what.lower():
            what += f" (predeclared: {', '.join(PREFIX_IRIS)})"
    else:
        words = [i for i in items if not i.startswith("[")]
        what = "expected " + (", ".join(words[:6]) if words else "something else here")
    lines = text.splitlines()
    near = lines[line - 1] if 0 < line <= len(lines) else ""
    snippet = near[max(0, column - 40): column + 20].strip()
    return f"invalid SPARQL at line {line}, column {column}: {what}\n  near: {snippet}"


def _top_level(expected: str) -> list[str]:
    """The comma-separated items of an "expected one of" list, brackets kept whole."""
    items, depth, current = [], 0, ""
    for char in expected.replace("\n", " "):
        depth += (char == "[") - (char == "]")
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return [i for i in [*items, current.strip()] if i]


def run_remote(text: str, endpoint: str, terms: Terms | None = None) -> Answer:
    """The answer of a SPARQL endpoint, `terms` bound by VALUES; bound columns left out."""
    return without(_remote(bind(text, terms or {}), endpoint), terms or {})


def without(answer: Answer, names: Iterable[str]) -> Answer:
    """The answer without the columns of bound parameters (constant, and given by the user)."""
    drop = set(names)
    if answer.kind != "select" or not drop & set(answer.variables):
        return answer
    variables = [v for v in answer.variables if v not in drop]
    rows = [{k: v for k, v in row.items() if k not in drop} for row in answer.rows]
    data = json.loads(answer.json) if answer.json else None
    if data is not None:
        data["head"]["vars"] = variables
        for binding in data["results"]["bindings"]:
            for name in drop:
                binding.pop(name, None)
    return Answer("select", variables, rows, json=json.dumps(data, indent=2) if data else "")


def _remote(text: str, endpoint: str) -> Answer:
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setQuery(text)
    is_graph = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(TURTLE if is_graph else JSON)
    try:
        response = client.query()
        if is_graph:
            return Answer("graph", turtle=response.response.read().decode("utf-8"))
        data = response.convert()
    except (SPARQLWrapperException, OSError) as exc:
        raise UnusableInput(f"{endpoint}: {exc}") from None
    if "boolean" in data:
        return Answer("ask", boolean=data["boolean"], json=json.dumps(data))
    variables = data["head"]["vars"]
    rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    return Answer("select", variables, rows, json=json.dumps(data, indent=2))



def _results_json(variables: list[str], solutions: list[dict[str, Any]]) -> str:
    """SPARQL 1.1 Query Results JSON, with term types, languages and datatypes."""
    def encode(t: Any) -> dict[str, str]:
        if isinstance(t, ox.NamedNode):
            return {"type": "uri", "value": t.value}
        if isinstance(t, ox.BlankNode):
            return {"type": "bnode", "value": t.value}
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD + "string":
            out["datatype"] = t.datatype.value
        return out

    bindings = [{k: encode(t) for k, t in sol.items()} for sol in solutions]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, indent=2)


def render(answer: Answer, fmt: str) -> str:
    """table | json | csv."""
    if answer.kind == "graph":
        return answer.turtle
    if answer.kind == "ask":
        return answer.json if fmt == "json" else ("true" if answer.boolean else "false")
    if fmt == "json":
        return answer.json
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=answer.variables, lineterminator="\n")
        writer.writeheader()
        writer.writerows(answer.rows)
        return buf.getvalue()
    return _table(answer)


def _table(answer: Answer, width: int = 60) -> str:
    cols = answer.variables
    cells = [[_clip(row.get(c, ""), width) for c in cols] for row in answer.rows]
    sizes = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(cols)]
    line = "  ".join(c.ljust(sizes[i]) for i, c in enumerate(cols))
    rule = "  ".join("-" * s for s in sizes)
    body = ["  ".join(v.ljust(sizes[i]) for i, v in enumerate(r)) for r in cells]
    return "\n".join([line, rule, *body, f"({len(cells)} rows)"])


def _clip(value: str, width: int) -> str:
    value = value.replace("\n", " ")
    return value if len(value) <= width else value[: width - 1] + "…"
