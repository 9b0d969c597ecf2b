"""Named queries state their parameters; a missing or misspelt one is an error, never `(0 rows)`."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import UsageError
from kg.sparql.queries import KINDS, ParameterError, parse, queries, spaced_symbol
from kg.sparql.run import run_local

KG = [sys.executable, "-m", "kg"]


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG, *args], capture_output=True, text=True, timeout=120)


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def test_every_query_file_has_a_well_formed_banner():
    files = [e for e in resources.files("kg.queries").iterdir() if e.name.endswith(".rq")]
    assert len(files) == len(queries()) >= 10
    for q in queries():
        banner = [line for line in q.text.splitlines() if line.startswith("# param:")]
        assert len(banner) == len(q.params), q.name  # every param line was read
        assert q.title != q.name and q.description, q.name
        body = _body(q.text)
        select = re.search(r"\bSELECT\b(.*?)\bWHERE\b", body, re.S)
        for p in q.params:
            assert p.kind in KINDS and p.example and p.description, (q.name, p.name)
            assert re.search(rf"\?{p.name}\b", body), f"{q.name}: ?{p.name} is not in the query"
            # pyoxigraph substitutes only projected variables
            assert select and re.search(rf"\?{p.name}\b", select[1]), f"{q.name}: project ?{p.name}"
        # a variable the description names is one the caller gives: it must be declared
        named = set(re.findall(r"\?(\w+)", q.description))
        assert named <= {p.name for p in q.params}, q.name


def test_every_named_query_runs_with_its_documented_example(built: Path):
    for q in queries():
        answer = run_local(q.text, built, q.bindings(q.example_values()))
        assert answer.kind == "select", q.name
        assert not {p.name for p in q.params} & set(answer.variables), q.name  # bound: left out
    cited = next(q for q in queries() if q.name == "cited-by")
    assert run_local(cited.text, built, cited.bindings(cited.example_values())).rows


@pytest.mark.parametrize(("line", "message"), [
    ("# param: label | required | literal | urges", "five fields"),
    ("# param: la-bel | required | literal | urges | a label", "not a SPARQL variable name"),
    ("# param: label | needed | literal | urges | a label", "'required' or 'optional'"),
    ("# param: label | required | string | urges | a label", "literal, symbol, iri"),
])
def test_a_malformed_parameter_line_names_the_file_and_line(line, message):
    text = f"# title: T\n{line}\nSELECT ?label WHERE {{ ?s ?p ?label }}"
    with pytest.raises(UsageError, match=re.escape(message)) as err:
        parse("t", text, origin="queries/t.rq")
    assert str(err.value).startswith("queries/t.rq:2: ")


QUERY = parse("q", "# title: T\n"
                   "# param: doc | required | iri | https://example.org/d | the document\n"
                   "# param: symbol | optional | symbol | S/RES/242 (1967) | a symbol\n"
                   "SELECT ?doc ?symbol WHERE { ?doc ?p ?symbol }")


def test_missing_and_unknown_parameters_name_the_expected_ones():
    with pytest.raises(ParameterError) as err:
        QUERY.bindings({"dco": "https://example.org/x"})
    first, second = str(err.value).splitlines()
    assert first == "q: missing required parameter doc; unknown parameter dco"
    assert second.startswith("q takes: doc (required iri: the document; e.g. doc=https://")
    assert "symbol (optional symbol" in second


def test_values_become_terms_of_the_declared_kind():
    terms = QUERY.bindings({"doc": "<https://example.org/d>", "symbol": "S/RES/242(1967)"})
    assert terms == {"doc": ox.NamedNode("https://example.org/d"),
                     "symbol": ox.Literal("S/RES/242 (1967)")}
    assert QUERY.bindings({"doc": "https://example.org/d", "symbol": " "}).keys() == {"doc"}
    with pytest.raises(ParameterError, match="takes an absolute IRI"):
        QUERY.bindings({"doc": "not an iri"})
    assert spaced_symbol("A/RES/56/163") == "A/RES/56/163"


def test_a_query_without_banner_binds_any_variable():
    free = parse("query", "SELECT ?x WHERE { ?x ?p ?o }")
    assert free.bindings({"x": "<https://example.org/a>", "n": "3"}) == {
        "x": ox.NamedNode("https://example.org/a"),
        "n": ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))}


# ---------------------------------------------------------------- the command line

@pytest.mark.parametrize("params", [(), ("-p", "lable=urges")])
def test_cli_missing_or_misspelt_parameter_exits_2_naming_it(built: Path, params):
    done = kg("query", "paragraphs-by-phrase", *params, "--store", str(built))
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and "missing required parameter label" in lines[0]
    assert lines[1].startswith("error: paragraphs-by-phrase takes: label (required literal")
    if params:
        assert "unknown parameter lable" in lines[0]


def test_cli_parameter_is_bound_and_matched_in_any_case(built: Path):
    done = kg("query", "paragraphs-by-phrase", "-p", "label=Calls Upon", "--store", str(built),
              "--format", "csv")
    assert done.returncode == 0, done.stderr
    header, *rows = [r for r in csv.reader(io.StringIO(done.stdout)) if r]
    assert header == ["symbol", "adopted", "paragraph", "text"] and rows
    assert all(text.lower().startswith("calls upon") for *_, text in rows)


def test_cli_lists_each_query_with_its_parameters():
    done = kg("queries")
    assert done.returncode == 0
    assert re.search(r"^cited-by: Who cites a document\n\s+-p cited=\.\.\.\s+required symbol: ",
                     done.stdout, re.M)
    assert "(e.g. -p label=\"calls upon\")" in done.stdout


def test_cli_predeclares_the_endpoint_prefixes(built: Path):
    done = kg("query", "SELECT (COUNT(?r) AS ?n) WHERE { ?r a unres:Resolution ; "
              "dcterms:identifier ?s }", "--store", str(built), "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.splitlines()[1]) > 0


def test_cli_malformed_query_is_two_lines_with_the_position(built: Path):
    done = kg("query", "SELECT ?x WHERE { ?x a nope:Thing }", "--store", str(built))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and "\\u{" not in done.stderr
    assert lines[0].startswith("error: invalid SPARQL at line 1, column ")
    assert "prefix not found (predeclared: unres, eli" in lines[0] and "nope:Thing" in lines[1]
