"""Dumps of a build in every syntax of the format registry.

Dumps are written from the graphs as built, not read back from the store: Oxigraph's store
canonicalises derived datatypes (an `xsd:positiveInteger` comes back as `xsd:integer`), and a
dump must say exactly what the model says. Turtle, N-Triples and RDF/XML hold no named graphs, so
they get the union of all graphs (each triple once); TriG, N-Quads and JSON-LD keep one graph
per resolution.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import UnusableInput
from kg.formats import FORMATS, Format
from kg.namespaces import PREFIXES

BUILD_DUMPS = ("nq", "trig", "turtle")  # written by every build; others on demand (kg export)
QUADS = "kg.nq"  # the canonical dump the others are made from


def prefixes() -> dict[str, str]:
    return {k: str(v) for k, v in PREFIXES.items()}


def jsonld_context() -> dict[str, object]:
    """The published JSON-LD context (also served at BASE/context.jsonld)."""
    text = (resources.files("kg.ontology") / "context.jsonld").read_text("utf-8")
    context: dict[str, object] = json.loads(text)["@context"]
    return context


def export(quads: Iterable[ox.Quad], fmt: Format, sink: BinaryIO) -> None:
    """Write quads to `sink` in `fmt`; JSON-LD is compacted with the published context."""
    if fmt.name == "jsonld":
        from rdflib import Dataset

        ds = Dataset()
        ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
        sink.write(ds.serialize(format="json-ld", context=jsonld_context(), encoding="utf-8",
                                auto_compact=True))
        return
    plain = fmt.oxigraph in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
    if fmt.datasets:
        ox.serialize(quads, sink, fmt.oxigraph, prefixes=None if plain else prefixes())
    else:
        triples = dict.fromkeys(q.triple for q in quads)  # union: each triple once, in order
        ox.serialize(triples, sink, fmt.oxigraph, prefixes=None if plain else prefixes())


def dump(quads: list[ox.Quad], fmt: Format, output: Path) -> None:
    """Write `output` under a temporary name, then rename: a reader never sees half a dump."""
    tmp = output.with_name(output.name + ".part")
    with tmp.open("wb") as sink:
        export(quads, fmt, sink)
    tmp.replace(output)


def write_dumps(quads: list[ox.Quad], folder: Path, names: tuple[str, ...] = BUILD_DUMPS) -> None:
    for fmt in FORMATS:
        if fmt.name in names:
            dump(quads, fmt, folder / f"kg.{fmt.extension}")


def read_quads(build_dir: Path) -> list[ox.Quad]:
    """The quads of a build, from its canonical N-Quads dump."""
    path = build_dir / QUADS
    if not path.is_file():
        raise UnusableInput(f"{build_dir}: no {QUADS}; is it a kg build directory?")
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
