"""Dumps of a built store in every syntax of the format registry.

Turtle, N-Triples and RDF/XML hold no named graphs, so they get the union of all graphs;
TriG, N-Quads and JSON-LD keep one graph per resolution.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.formats import FORMATS, Format
from kg.namespaces import PREFIXES

BUILD_DUMPS = ("trig", "turtle", "nq")  # written by every build; others on demand (kg export)
_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


def dump(store: ox.Store, fmt: Format, output: Path) -> None:
    """Write the whole store in `fmt` to `output` (a temporary name, then renamed)."""
    tmp = output.with_name(output.name + ".part")
    with tmp.open("wb") as sink:
        export(store, fmt, sink)
    tmp.replace(output)


def write_dumps(store: ox.Store, folder: Path, names: tuple[str, ...] = BUILD_DUMPS) -> None:
    for fmt in FORMATS:
        if fmt.name in names:
            dump(store, fmt, folder / f"kg.{fmt.extension}")


def jsonld_context() -> dict[str, object]:
    """The published JSON-LD context (also served at BASE/context.jsonld)."""
    import json
    from importlib import resources

    text = (resources.files("kg.ontology") / "context.jsonld").read_text("utf-8")
    context: dict[str, object] = json.loads(text)["@context"]
    return context


def export(store: ox.Store, fmt: Format, sink: BinaryIO) -> None:
    """Write the store to `sink` in `fmt`; JSON-LD is compacted with the published context."""
    if fmt.name == "jsonld":
        from rdflib import Dataset

        data = ox.serialize(store.quads_for_pattern(None, None, None, None),
                            format=ox.RdfFormat.N_QUADS)
        ds = Dataset()
        ds.parse(data=data, format="nquads")
        sink.write(ds.serialize(format="json-ld", context=jsonld_context(), encoding="utf-8"))
        return
    if fmt.datasets:
        ox.serialize(store.quads_for_pattern(None, None, None, None), sink, fmt.oxigraph,
                     prefixes=prefixes() if fmt.oxigraph != ox.RdfFormat.N_QUADS else None)
    else:
        ox.serialize(store.query(_UNION), sink, fmt.oxigraph,
                     prefixes=prefixes() if fmt.oxigraph != ox.RdfFormat.N_TRIPLES else None)
