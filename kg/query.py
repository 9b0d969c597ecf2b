"""Run SPARQL against a build's embedded store or a remote endpoint, and render the answers.

Parameters of named queries are bound with a trailing VALUES clause built from validated RDF
terms, never by pasting strings into the query, and the same mechanism works for both targets.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import UnusableInput, UsageError, few
from kg.resources import queries, query
from kg.store import open_build

_KEYWORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class Answer:
    """A query's answer in one shape for every target."""

    kind: str  # "select" | "ask" | "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    boolean: bool | None = None
    json: str = ""  # SPARQL results JSON (select/ask) as the target produced it
    turtle: str = ""  # for CONSTRUCT/DESCRIBE


def resolve_query(spec: str) -> str:
    """A file path, a named query from queries/, or a query string."""
    path = Path(spec)
    short = len(spec) < 300 and "\n" not in spec
    if spec.endswith((".rq", ".sparql")) or (short and path.is_file()):
        if not path.is_file():
            raise UnusableInput(f"{spec}: no such query file")
        return path.read_text("utf-8")
    if _KEYWORD.search(spec):
        return spec
    names = {q.name for q in queries()}
    if spec in names:
        return query(spec).text
    raise UsageError(f"{spec!r} is not a query file, a named query or a SPARQL query "
                     f"(named queries: {few(sorted(names), near=spec)}; `kg queries` lists "
                     "them)")


def bind(text: str, params: Mapping[str, str]) -> str:
    """Put `VALUES (?a ?b) { (term term) }` first in the query's WHERE group.

    Inside the group (not after the query) so that FILTERs of the group see the values; the
    terms are built and escaped by pyoxigraph, never pasted from user text.
    """
    if not params:
        return text
    names, terms = [], []
    for name, raw in params.items():
        if not _VARIABLE.match(name):
            raise UsageError(f"parameter name {name!r} is not a SPARQL variable name")
        names.append(f"?{name}")
        terms.append(str(term(raw)))
    where = _WHERE.search(_strip_comments(text))
    if where is None:
        raise UsageError("cannot bind parameters: the query has no WHERE { ... } group")
    values = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "
    return text[: where.end()] + values + text[where.end() :]


def _strip_comments(text: str) -> str:
    """Blank out comment lines, keeping offsets, so a '# ... WHERE {' banner is not matched."""
    return re.sub(r"(?m)^\s*#.*$", lambda m: " " * len(m[0]), text)


def term(raw: str) -> ox.NamedNode | ox.Literal:
    """`<iri>` or an http(s) IRI becomes an IRI, an integer an integer, anything else a string."""
    value = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    if raw.startswith("<") or re.match(r"^https?://\S+$", raw):
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            raise UsageError(f"invalid IRI {value!r}: {exc}") from None
    if re.fullmatch(r"-?\d+", raw):
        return ox.Literal(raw, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    return ox.Literal(value.strip('"') if value.startswith('"') and value.endswith('"') else value)


def run_local(text: str, build_dir: Path) -> Answer:
    store, _ = open_build(build_dir)
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise UsageError(f"invalid SPARQL: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", boolean=bool(result),
                      json=result.serialize(format=ox.QueryResultsFormat.JSON).decode())
    if isinstance(result, ox.QueryTriples):
        data = ox.serialize(list(result), format=ox.RdfFormat.TURTLE)
        return Answer("graph", turtle=data.decode())
    variables = [v.value for v in result.variables]
    solutions = [{v: solution[v] for v in variables if solution[v] is not None}
                 for solution in result]
    rows = [{k: t.value for k, t in sol.items()} for sol in solutions]
    return Answer("select", variables, rows, json=_results_json(variables, solutions))


def run_remote(text: str, endpoint: str) -> Answer:
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
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
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
