"""Show a source after one pipeline stage, for people debugging a parse (`kg parse`)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from kg.normalise import normalise
from kg.pipeline import parse
from kg.rdf.resources import reference_data
from kg.segment import segment
from kg.sources import read_source


def show(path: Path, stage: str, *, base: str) -> str:
    source = read_source(path)
    if stage == "normalise":
        return "\n".join(f"{line.number:5d}  {line.text}" for line in normalise(source.text))
    if stage == "segment":
        res = segment(source, normalise(source.text), reference_data(base))
        data = {"metadata": asdict(res.metadata),
                "paragraphs": [asdict(p) for p in res.paragraphs]}
        return json.dumps(data, indent=2, default=str)
    _, _, graph = parse(path, base=base)
    return graph.serialize(format="turtle")
