"""The named queries of `queries/`: their banners, their parameters, and the checking of values.

One definition for the CLI, the publisher's check and the server's query page. A query file opens
with comment lines that a person and a program both read:

    # title: Who cites a document
    # description: The paragraphs that cite the document with symbol ?cited.
    # param: cited | required | symbol | S/RES/242 (1967) | the cited document's symbol

A parameter line has five `|`-separated fields: the variable's name, `required` or `optional`, the
kind of RDF term it takes (`literal`: a string; `symbol`: a document symbol, spaced as printed;
`iri`), an example value, and what it means. A parameter is bound as an RDF term (pyoxigraph's
`substitutions`), so a SELECT must project it; the answer leaves the bound columns out.
Free of rdflib, so that the server's processes can import it cheaply.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox

from kg.errors import UsageError, few
from kg.rdf.prefixes import XSD
from kg.symbols import canonical

KINDS = ("literal", "symbol", "iri")
_FIELD = re.compile(r"^#\s*(\w+):\s*(.*)$")
_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAM_FORM = "name | required|optional | literal|symbol|iri | example | description"


class ParameterError(UsageError):
    """A named query called with a missing, unknown or unusable parameter (exit status 2, 400)."""


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    required: bool
    kind: str  # one of KINDS
    example: str
    description: str

    def term(self, raw: str) -> ox.NamedNode | ox.Literal:
        """The RDF term for a value typed by a person, checked against the declared kind."""
        value = raw.strip()
        if not value:
            raise ParameterError(f"parameter {self.name} is empty (e.g. {self.example_arg()})")
        if self.kind == "iri":
            iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
            if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", iri):
                raise ParameterError(f"parameter {self.name} takes an absolute IRI, not {raw!r} "
                                     f"(e.g. {self.example_arg()})")
            try:
                return ox.NamedNode(iri)
            except ValueError as exc:
                raise ParameterError(f"parameter {self.name}: invalid IRI {iri!r}: {exc}") from None
        if self.kind == "symbol":
            return ox.Literal(spaced_symbol(value))
        return ox.Literal(value)

    def summary(self) -> str:
        """`label (required literal: what it means; e.g. label="calls upon")`."""
        need = "required" if self.required else "optional"
        return f"{self.name} ({need} {self.kind}: {self.description}; e.g. {self.example_arg()})"

    def example_arg(self) -> str:
        """The example as typed in a shell: `name=value`, quoted when
        the value has a space."""
        value = f'"{self.example}"' if re.search(r"[\s\"'()]", self.example) else self.example
        return f"{self.name}={value}"


def spaced_symbol(value: str) -> str:
    """A symbol as the data spells it (`kg.symbols.canonical`): one space between parts, one
    before a year in brackets ("S/RES/242(1967)" and "S/RES/242  (1967)" are "S/RES/242 (1967)")."""
    return canonical(value)


@dataclass(frozen=True)
class NamedQuery:
    """A query with its banner: a file of `queries/`, or any query text with a banner."""

    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str
    packaged: bool = False  # one of kg's own named queries

    @property
    def strict(self) -> bool:
        """Whether only the declared parameters may be given (a query without a banner and not
        one of kg's own takes any variable)."""
        return self.packaged or bool(self.params)

    def expected(self) -> str:
        """The parameters this query takes, for error messages and listings."""
        if not self.params:
            return f"{self.name} takes no parameters"
        shown = "; ".join(p.summary() for p in self.params[:4])
        more = f"; and {len(self.params) - 4} more" if len(self.params) > 4 else ""
        return f"{self.name} takes: {shown}{more}"

    def example_values(self) -> dict[str, str]:
        """The documented example of every parameter (what the page's form starts with)."""
        return {p.name: p.example for p in self.params}

    def bindings(self, given: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
        """The checked RDF term of each given parameter; a missing required or an unknown name
        is an error that names the expected parameters."""
        declared = {p.name: p for p in self.params}
        if not self.strict:
            return {name: guess_term(name, raw) for name, raw in given.items()}
        unknown = [n for n in given if n not in declared]
        missing = [p.name for p in self.params if p.required and not given.get(p.name, "").strip()]
        problems = []
        if missing:
            problems.append(f"missing required parameter{'s' * (len(missing) > 1)} "
                            f"{', '.join(missing)}")
        if unknown:
            problems.append(f"unknown parameter{'s' * (len(unknown) > 1)} "
                            f"{few(unknown)}")
        if problems:
            raise ParameterError(f"{self.name}: {'; '.join(problems)}\n{self.expected()}")
        return {name: declared[name].term(raw) for name, raw in given.items() if raw.strip()}


def guess_term(name: str, raw: str) -> ox.NamedNode | ox.Literal:
    """For a query that declares nothing: `<iri>` or an http(s) IRI is an IRI, an integer an
    integer, anything else a string."""
    if not _VARIABLE.match(name):
        raise ParameterError(f"parameter name {name!r} is not a SPARQL variable name")
    if raw.startswith("<") or re.match(r"^https?://\S+$", raw):
        iri = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
        try:
            return ox.NamedNode(iri)
        except ValueError as exc:
            raise ParameterError(f"invalid IRI {iri!r}: {exc}") from None
    if re.fullmatch(r"-?\d+", raw):
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(raw[1:-1] if len(raw) > 1 and raw[0] == raw[-1] == '"' else raw)


def parse(name: str, text: str, *, origin: str | None = None, packaged: bool = False) -> NamedQuery:
    """A query's banner (the comment lines it opens with) read into a NamedQuery; a malformed
    `# param:` line is an error naming the file and line."""
    fields: dict[str, list[str]] = {}
    params: list[Param] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        if not (m := _FIELD.match(line)):
            continue
        key, value = m[1].lower(), m[2].strip()
        if key == "param":
            params.append(_param(value, f"{origin or name}:{number}"))
        else:
            fields.setdefault(key, []).append(value)
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise UsageError(f"{origin or name}: a parameter is declared twice ({', '.join(names)})")
    return NamedQuery(name=name, title=(fields.get("title") or [name])[0],
                      description=" ".join(fields.get("description", [])),
                      params=tuple(params), text=text, packaged=packaged)


def _param(value: str, where: str) -> Param:
    parts = [p.strip() for p in value.split("|", 4)]
    if len(parts) != 5 or not all(parts):
        raise UsageError(f"{where}: a parameter line has five fields: {_PARAM_FORM}")
    name, need, kind, example, description = parts
    if not _VARIABLE.match(name):
        raise UsageError(f"{where}: {name!r} is not a SPARQL variable name")
    if need not in ("required", "optional"):
        raise UsageError(f"{where}: {need!r} must be 'required' or 'optional'")
    if kind not in KINDS:
        raise UsageError(f"{where}: kind {kind!r} must be one of {', '.join(KINDS)}")
    return Param(name, need == "required", kind, example, description)


@functools.cache
def queries() -> tuple[NamedQuery, ...]:
    """kg's named queries (the `*.rq` files of the `kg.queries` package), sorted by name."""
    found = []
    for entry in resources.files("kg.queries").iterdir():
        if entry.name.endswith(".rq") and entry.is_file():
            name = entry.name[:-3]
            found.append(parse(name, entry.read_text("utf-8"), origin=f"queries/{entry.name}",
                               packaged=True))
    return tuple(sorted(found, key=lambda q: q.name))


def named_query(name: str) -> NamedQuery:
    """A named query by name, or a UsageError listing the names that exist."""
    for q in queries():
        if q.name == name:
            return q
    names = few([q.name for q in queries()], near=name)
    raise UsageError(f"no named query {name!r} (known: {names}; `kg queries` lists them)")
