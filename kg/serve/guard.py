"""What a query may not do here, decided before any store sees it.

pyoxigraph's Python API exposes no query algebra, so this reads the query's *tokens*: comments,
string literals and IRIs are removed first, and what is left is split into words. A bare word is
a keyword (prefixed names contain `:`, variables start with `?`/`$`), so `SERVICE` as a bare word
is the federated-query keyword and nothing else; the same holds for the update verbs that open an
update request. A query that hides such a keyword cannot parse as SPARQL anyway.
"""

from __future__ import annotations

import re

_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<lang>@[A-Za-z][A-Za-z0-9\-]*)
    | (?P<word>[?$]?[A-Za-z_][\w\-.]*(?::[\w\-.%]*)?|:[\w\-.%]*)
    """,
    re.VERBOSE,
)

_UPDATE_VERBS = frozenset(
    {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
)
_QUERY_FORMS = frozenset({"select", "construct", "describe", "ask"})


def keywords(query: str) -> list[str]:
    """The bare words of a query, lower-cased, in order (no prefixed names, no variables)."""
    words: list[str] = []
    for match in _TOKENS.finditer(query):
        word = match.group("word")
        if word and word[0] not in "?$:" and ":" not in word:
            words.append(word.lower())
    return words


def uses_service(query: str) -> bool:
    """True when the query asks for federation (`SERVICE <...> { }`).

    >>> uses_service('SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT ?service { ?service a <x:y> } # SERVICE')
    False
    """
    if "service" not in query.lower():  # the common case, without tokenising
        return False
    return "service" in keywords(query)


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
    return "from" in keywords(query)
