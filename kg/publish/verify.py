"""Check a publish: the named queries of queries/ give the same answers from the external store
as from the build's embedded store (as sets of distinct rows: stores differ in order and in
how often the union default graph repeats a triple stated in several graphs)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.sparql.queries import queries
from kg.sparql.run import Answer, bind, run_local, without


@dataclass
class Comparison:
    query: str
    local_rows: int
    remote_rows: int
    same: bool
    only_local: list[tuple[tuple[str, str], ...]]
    only_remote: list[tuple[tuple[str, str], ...]]


def normalised(answer: Answer) -> set[tuple[tuple[str, str], ...]]:
    """Distinct rows; the parts of a GROUP_CONCAT (", "-separated) sorted, as SPARQL leaves
    their order to the store."""
    if answer.kind == "ask":
        return {(("boolean", str(answer.boolean)),)}
    return {tuple(sorted((k, ", ".join(sorted(v.split(", ")))) for k, v in row.items()))
            for row in answer.rows}


def compare_queries(build_dir: str | Path, query_url: str) -> list[Comparison]:
    out = []
    for q in queries():
        terms = q.bindings(q.example_values())  # each parameter at its documented example
        local = normalised(run_local(q.text, Path(build_dir), terms))
        remote = normalised(without(remote_query(bind(q.text, terms), query_url), terms))
        out.append(Comparison(q.name, len(local), len(remote), local == remote,
                              sorted(local - remote)[:5], sorted(remote - local)[:5]))
    return out


def remote_query(text: str, query_url: str, timeout: float = 300) -> Answer:
    """SELECT or ASK through the SPARQL 1.1 Protocol (POST, form-encoded), JSON results."""
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(query_url, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        data = json.loads(response.read())
    if "boolean" in data:
        return Answer("ask", boolean=data["boolean"])
    rows = [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]
    return Answer("select", data["head"]["vars"], rows)
