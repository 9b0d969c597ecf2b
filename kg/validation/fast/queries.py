"""What the text of a SHACL-SPARQL query allows: one run for many focus nodes.

SHACL pre-binds $this to each focus node in turn; kg.validation.fast.sparql runs a query once for
many
focus nodes where that gives the same solutions: with the focus nodes in a VALUES block opening
its WHERE clause (`batched`), or, at thousands of focus nodes, once without ?this bound
(`this_required`). Both are decided on the query's code: not on words in its comments, strings
or IRIs.
"""

from __future__ import annotations

import re

from kg.sparql.text import code, where_groups

_AGGREGATE = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.I)
_GROUP_BY_THIS = re.compile(r"\bGROUP\s+BY\s+(\S+\s+)*?\?this\b", re.I)
_SELECT_THIS = re.compile(r"\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?([?$]\w+\s+|\([^)]*\)\s*)*?"
                          r"\?this\b", re.I)


def batched(text: str) -> tuple[str, str] | None:
    """The query with a `VALUES ?this {...}` slot opening its WHERE clause, so that one run
    answers for every focus node at once. Equivalent to pre-binding ?this only for a flat
    query (one SELECT, no MINUS/VALUES/SERVICE/GRAPH) that projects ?this and groups by it when
    it aggregates; other queries are run once per focus node, with ?this substituted."""
    words = code(text, variables=True)  # no comments, strings, IRIs or local names
    one_select = len(re.findall(r"\bSELECT\b", words, re.I)) == 1
    forbidden = re.search(r"(?<![?$\w])(MINUS|VALUES|SERVICE|GRAPH|LIMIT|OFFSET)\b", words, re.I)
    groups = where_groups(text)
    if not one_select or forbidden or len(groups) != 1 or not _SELECT_THIS.search(words):
        return None
    if _AGGREGATE.search(words) and not _GROUP_BY_THIS.search(words):
        return None
    at = groups[0]
    if not _this_in_scope(words, at):
        return None
    return text[:at], text[at:]


def this_required(text: str) -> bool:
    """Whether every solution of a batched query binds ?this from a triple pattern at the top
    level of its WHERE clause (not in a FILTER, BIND, OPTIONAL, collection or nested group).
    Then pre-binding ?this to a focus node keeps exactly the solutions of the unbound query in
    which ?this is that node, and one run of the unbound query answers for every focus node: at
    20,000 focus nodes (the corpus rules) that is cheaper than 50 runs with VALUES blocks."""
    groups = where_groups(text)
    if not groups:
        return False
    braces = parens = 0
    for m in re.finditer(r"[{}()]|[?$]this\b", code(text, variables=True)[groups[0]:]):
        token = m[0]
        if token == "{":
            braces += 1
        elif token == "}":
            if braces == 0:
                return False  # the end of the WHERE clause
            braces -= 1
        elif token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif braces == 0 and parens == 0:
            return True
    return False


_TOKEN = re.compile(r"[{}]|[?$]this\b|[A-Za-z_]+")  # in code: no comments, strings or IRIs


def _this_in_scope(words: str, start: int) -> bool:
    """Whether every ?this of the WHERE clause (from `start`, just inside its brace) sees the
    VALUES block that opens it as pre-binding would: at the top level of the clause, directly
    in a top-level OPTIONAL, or anywhere in a FILTER (NOT) EXISTS (which sees the solution).
    A ?this in another nested group (a UNION branch, a group with its own FILTER) is evaluated
    before the join, where pre-binding would have bound it."""
    stack: list[str] = []
    previous = ""
    for m in _TOKEN.finditer(words, start):
        token = m[0]
        if token == "{":
            stack.append("exists" if previous.upper() == "EXISTS"
                         else "optional" if previous.upper() == "OPTIONAL" else "group")
        elif token == "}":
            if not stack:
                return True  # the end of the WHERE clause
            stack.pop()
        elif token[1:] == "this" and stack and stack[0] != "exists" and stack != ["optional"]:
            return False
        previous = token
    return True
