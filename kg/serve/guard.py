"""What a query may not do here, decided before any store sees it.

pyoxigraph's Python API exposes no query algebra, so this reads the query's code the way
Oxigraph's parser reads it (`kg.sparql.text`, where the two facts about that parser that decide
the design are set out), and errs on the side of refusing: a query whose code contains the
letters `service` in any case is refused, whether they stand alone, in a prefix name or glued to
another keyword. A false refusal (a prefix called `service:`) costs a rename; a false acceptance
would let a visitor make this server fetch an address of their choosing. The query workers are
also barred from opening network sockets (`kg.serve.sandbox`), so that this check is not the
only line.
"""

from __future__ import annotations

import re

from kg.sparql.text import code, keywords

_BRACKETS = re.compile(r"[{}()\[\]]")
_UNARY_RUN = re.compile(r"(?:[!^+\-]\s*){2,}")
_SPACE = re.compile(r"\s+")

#: How deeply a query may nest groups, parentheses, brackets and unary operators (`!`, `^`, `-`):
#: far beyond any written query, far below what would exhaust a query worker's stack.
MAX_DEPTH = 128

_UPDATE_VERBS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)
_QUERY_FORMS = frozenset({"select", "construct", "describe", "ask"})


def uses_service(query: str) -> bool:
    """True when the query may ask for federation (`SERVICE <...> { }`), in any spelling that
    Oxigraph accepts; also true for a prefix name containing `service`.

    >>> uses_service('SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('PREFIX ex: <x:> SELECT * { ?s ?p ex:o\\\\# . } SERVICE <http://x/> {} }')
    True
    >>> uses_service('SELECT ?service { ?service a <x:Service> } # SERVICE')
    False
    """
    if not may_federate(query):  # the common case, without scanning
        return False
    return "service" in code(query).lower()


def may_federate(query: str) -> bool:
    """True when the text holds the letters `service` anywhere, even in a string or a comment.

    Such a query is evaluated only in a query worker, which cannot reach the network, never in
    the web process: the last line, should `uses_service` ever read a query wrongly.
    """
    return "service" in query.lower()


def looks_like_update(query: str) -> bool:
    """True when the text reads as a SPARQL Update request rather than a query.

    Used only to explain a parse error: the store is opened read-only, so an update could not
    run even if it reached it.

    >>> looks_like_update('PREFIX x: <y:> INSERT DATA { x:a x:b x:c }')
    True
    >>> looks_like_update('SELECT * { ?s ?p ?o }')
    False
    """
    for word in keywords(query):
        if word in _QUERY_FORMS:
            return False
        if word in _UPDATE_VERBS:
            return True
    return False


def declares_dataset(query: str) -> bool:
    """True when the query names its own dataset (`FROM` / `FROM NAMED`), which must then win
    over the server's union default graph (pyoxigraph's union flag would otherwise ignore it).

    >>> declares_dataset('SELECT * FROM <http://x/g> { ?s ?p ?o }')
    True
    >>> declares_dataset('SELECT ?from { ?from ?p "from" }')
    False
    """
    if "from" not in query.lower():
        return False
    return any("from" in word for word in keywords(query))  # keywords may be glued


def too_deep(query: str) -> bool:
    """True when the query nests past MAX_DEPTH; counts characters first, since almost every
    query has too few brackets to come near it."""
    if sum(query.count(c) for c in "{([!^-+") <= MAX_DEPTH:
        return False
    return nesting_depth(query) > MAX_DEPTH


def nesting_depth(query: str) -> int:
    """How deeply the query's code nests `{ }`, `( )` and `[ ]`, or the longest run of unary
    operators, whichever is more (strings, IRIs and comments do not count).

    >>> nesting_depth('SELECT * { ?s ?p ?o FILTER(!(?o = "((((")) }')
    3
    >>> nesting_depth('ASK { FILTER(! ! !!true) }')
    4
    """
    text = code(query)
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):
        depth += 1 if bracket in "{([" else -1
        deepest = max(deepest, depth)
    runs = (len(_SPACE.sub("", run.group())) for run in _UNARY_RUN.finditer(text))
    return max(deepest, max(runs, default=0))
