"""SELECT results written with a row limit.

pyoxigraph serialises a result set only whole (`QuerySolutions.serialize` drains the iterator),
so an honest row limit means taking at most `max_rows` solutions and writing them here. The four
writers follow the W3C result formats (JSON, XML, CSV, TSV); a test parses their output back with
pyoxigraph's own parser. A result XML 1.0 cannot hold (a U+000C in a literal) is refused by the
XML writer (kg.serve.xmltext) rather than written ill-formed. Term conversions are memoised per
response because result sets repeat terms (the same resolution on every row).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape as _sax_escape

import pyoxigraph as ox

from kg.rdf.prefixes import RDF, XSD
from kg.serve.xmltext import check_text

Row = tuple["ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None", ...]

_XSD_STRING = XSD + "string"
_RDF_LANG_STRING = RDF + "langString"
_RDF_DIR_LANG_STRING = RDF + "dirLangString"


def _json_term(term: object) -> dict[str, object]:
    """One term as a SPARQL JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        }}
    raise TypeError(f"not an RDF term: {term!r}")


def write_json(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    """application/sparql-results+json."""
    cache: dict[object, dict[str, object]] = {}
    bindings = []
    for row in rows:
        binding = {}
        for name, term in zip(variables, row, strict=True):
            if term is not None:
                value = cache.get(term)
                if value is None:
                    value = cache[term] = _json_term(term)
                binding[name] = value
        bindings.append(binding)
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_escape(text: str, entities: dict[str, str] | None = None) -> str:
    """Text for an XML element or attribute value: markup escaped, `\r` as `&#13;` (a raw one
    is read back as a line feed), a character XML 1.0 cannot hold refused (NotXml)."""
    check_text(text, "SPARQL XML results", "JSON (format=json), CSV or TSV")
    return _sax_escape(text, {"\r": "&#13;", **(entities or {})})


def _xml_term(term: object) -> str:
    """One term as a SPARQL XML results element."""
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        value = _xml_escape(term.value)
        if term.language:
            return f'<literal xml:lang="{_xml_escape(term.language)}">{value}</literal>'
        if term.datatype.value != _XSD_STRING:
            dt = _xml_escape(term.datatype.value, {'"': "&quot;"})
            return f'<literal datatype="{dt}">{value}</literal>'
        return f"<literal>{value}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject>"
                f"<predicate>{_xml_term(term.predicate)}</predicate>"
                f"<object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def write_xml(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    """application/sparql-results+xml."""
    names = [_xml_escape(v, {'"': "&quot;"}) for v in variables]
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
           "<head>", *(f'<variable name="{n}"/>' for n in names), "</head><results>"]
    cache: dict[object, str] = {}
    for row in rows:
        out.append("<result>")
        for name, term in zip(names, row, strict=True):
            if term is not None:
                value = cache.get(term)
                if value is None:
                    value = cache[term] = _xml_term(term)
                out.append(f'<binding name="{name}">{value}</binding>')
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode()


def _csv_field(term: object) -> str:
    """A CSV cell: the bare value (IRI, lexical form, `_:label`), quoted when needed."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    """text/csv (lossy by design of the format: no datatypes or languages)."""
    lines = [",".join(variables)]
    lines.extend(",".join(_csv_field(t) for t in row) for row in rows)
    return ("\r\n".join(lines) + "\r\n").encode()


def _tsv_field(term: object) -> str:
    """A TSV cell: the term in N-Triples/Turtle syntax, tabs and newlines escaped."""
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def write_tsv(variables: Sequence[str], rows: Iterable[Row]) -> bytes:
    """text/tab-separated-values."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join(_tsv_field(t) for t in row) for row in rows)
    return ("\n".join(lines) + "\n").encode()


WRITERS: dict[str, Callable[[Sequence[str], Iterable[Row]], bytes]] = {
    "json": write_json,
    "xml": write_xml,
    "csv": write_csv,
    "tsv": write_tsv,
}
