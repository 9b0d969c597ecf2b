"""The text of a SPARQL query read the way Oxigraph's parser reads it: its code, its keywords,
and where its WHERE group opens.

Three readers of query text need this (the server's guard against SERVICE and updates, the
parameters `kg query` binds for a remote endpoint, and the fast validation engine deciding
whether a SHACL query can run once for many focus nodes); one reading serves all three, so that
a word in a comment, a string, an IRI or a local name is never taken for a keyword by one of
them and not by another. Two facts about Oxigraph's parser (checked against pyoxigraph by
tests/serve/test_guard.py) decide the design:

- Keywords need no word boundary: `SERVICESILENT<x:>{}`, `1e5SERVICE<x:>{}` and, with
  `PREFIX service: <...>` declared, `service:x{}` all parse as a SERVICE clause.
- What is *not* code is unambiguous: comments, IRIs (`<...>`), strings, variables, blank node
  labels and the local part of a prefixed name are read greedily, and a backslash outside a
  string or IRI only ever escapes the next character of a local name (`ex:o\\#`, `ex:o\\'`).
  Where Oxigraph reads `<` as "less than" but this reads an IRI (`FILTER(?a<1&&2>?b)`), the
  span holds no `{`, so no graph pattern can hide in it.
"""

from __future__ import annotations

import re

_COMMENTS_IRIS_STRINGS = r"""
      \#[^\n\r]*                                              # comment, to the end of the line
    | <(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>     # IRIREF
    | '''(?:(?:'|'')?(?:[^'\\]|\\.))*'''                     # long strings
    | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'                                   # short strings
    | "(?:[^"\\\n\r]|\\.)*"
"""
_NAMES = r"""
    | _:[\w\-.\u00b7]*                                        # blank node labels
    | :(?:[\w\-.:\u00b7]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*     # local part of a name
    | \\.                                                     # an escape outside a name
"""
_VARIABLES = r"""
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)      # variables
"""
_NOT_CODE = re.compile(_COMMENTS_IRIS_STRINGS + _VARIABLES + _NAMES, re.VERBOSE | re.DOTALL)
_WORDS = re.compile(r"[A-Za-z]+")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def code(query: str, *, variables: bool = False) -> str:
    """The query with comments, IRIs, strings, blank node labels, local names and (unless
    `variables`) variables blanked out by as many spaces, so that offsets into the code are
    offsets into the query. The prefix of a prefixed name stays: Oxigraph may read it as a
    keyword.

    >>> code('PREFIX ex: <http://x/> SELECT ?s { ?s ex:p "SERVICE" } # SERVICE').split()
    ['PREFIX', 'ex', 'SELECT', '{', 'ex', '}']
    >>> code('SELECT ?this { ?this ex:p "?that" }', variables=True).split()
    ['SELECT', '?this', '{', '?this', 'ex', '}']
    """
    if variables:
        return _NOT_CODE.sub(lambda m: m[0] if m["var"] else " " * len(m[0]), query)
    return _NOT_CODE.sub(lambda m: " " * len(m[0]), query)


def keywords(query: str) -> list[str]:
    """The runs of letters in the query's code, lower-cased, in order."""
    return [word.lower() for word in _WORDS.findall(code(query))]


def where_groups(query: str) -> list[int]:
    """The offset just inside the brace of each `WHERE {` of the query's code (a `WHERE {` in
    a comment, string or IRI is not one).

    >>> where_groups('# WHERE { in a banner\\nSELECT * WHERE { ?s ?p "WHERE {" }')
    [38]
    """
    return [m.end() for m in _WHERE.finditer(code(query))]
