"""SHACL-SPARQL text, the same for both engines: a constraint's or target's query as Oxigraph
runs it, and a result message with its `{?var}` / `{$var}` placeholders filled (SHACL §5.2,
§6.2).

Both engines (kg.validation.runner's corpus rules and kg.validation.fast) read `sh:prefixes`
and `sh:select` from a shapes graph; a copy in each drifted apart once already, so they share
this one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from kg.sparql.text import code


def prefix_lines(shapes: Graph, node: Node) -> str:
    """The `PREFIX` lines the node's `sh:prefixes` declare, each ending in a newline."""
    return "".join(f"PREFIX {shapes.value(declare, SH.prefix)}: "
                   f"<{shapes.value(declare, SH.namespace)}>\n"
                   for declarations in shapes.objects(node, SH.prefixes)
                   for declare in shapes.objects(declarations, SH.declare))


def this_as_variable(select: str) -> str:
    """`$this` written `?this` where it is a variable (not in a string, IRI or comment), so
    that the focus node can be bound as an ordinary variable.

    >>> this_as_variable('SELECT $this { $this ?p "$this" }')
    'SELECT ?this { ?this ?p "$this" }'
    """
    if "$this" not in select:
        return select
    words = code(select, variables=True)
    at = [m.start() for m in re.finditer(r"\$this\b", words)]
    out = list(select)
    for i in at:
        out[i] = "?"
    return "".join(out)


def runnable(shapes: Graph, node: Node, select: str) -> str:
    """The query of a SPARQL constraint or target as it runs: its prefixes, then its SELECT with
    `$this` as `?this`."""
    return prefix_lines(shapes, node) + this_as_variable(select)


def fill(message: str, bound: Mapping[str, object]) -> str:
    """A message template with each `{?name}` / `{$name}` replaced by the value bound to it.

    >>> fill("{$this} cites {?value}", {"this": "ex:a", "value": "ex:b"})
    'ex:a cites ex:b'
    """
    for name, value in bound.items():
        message = re.sub("{[?$]" + re.escape(name) + "}", str(value).replace("\\", r"\\"),
                         message)
    return message
