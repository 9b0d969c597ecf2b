"""Accuracy of the parser against a hand-checked gold set of real texts.

The gold file (tests/gold/corpus.json) lists documents by their path below a corpus root with
what a person read in them: paragraph counts, the opening phrase of each paragraph, the
symbols they cite and the metadata. This module scores a parse against it, for the benchmark
script and for the test that guards against regressions.

- segmentation: a document counts only if both its preambular and operative counts are exact;
- phrases: per gold paragraph, compared by position within the preamble and within the
  operative part (a paragraph the parser missed counts as wrong);
- citations: per document sets of symbols (spaces and case ignored), micro-averaged
  precision, recall and F1;
- metadata: per field (symbol, adoption date, meeting, body, kind) the share that is right.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import SourceError

METADATA_FIELDS = ("symbol", "adopted", "meeting", "body", "kind")


def corpus_root(default: Path | None = None) -> Path | None:
    """The shared corpus: `KG_CORPUS`, else `default`; None unless the folder exists."""
    env = os.environ.get("KG_CORPUS")
    chosen = Path(env) if env else default
    return chosen if chosen is not None and chosen.is_dir() else None


@dataclass
class DocumentScore:
    path: str
    segmented: bool
    phrases_right: int
    phrases_total: int
    cited_right: int
    cited_found: int
    cited_gold: int
    metadata_right: dict[str, bool]
    problems: list[str] = field(default_factory=list)


@dataclass
class Score:
    documents: list[DocumentScore]

    @property
    def segmentation(self) -> float:
        return _ratio(sum(d.segmented for d in self.documents), len(self.documents))

    @property
    def phrase_accuracy(self) -> float:
        return _ratio(sum(d.phrases_right for d in self.documents),
                      sum(d.phrases_total for d in self.documents))

    @property
    def citation_precision(self) -> float:
        return _ratio(sum(d.cited_right for d in self.documents),
                      sum(d.cited_found for d in self.documents))

    @property
    def citation_recall(self) -> float:
        return _ratio(sum(d.cited_right for d in self.documents),
                      sum(d.cited_gold for d in self.documents))

    @property
    def citation_f1(self) -> float:
        p, r = self.citation_precision, self.citation_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def metadata_accuracy(self, name: str) -> float:
        return _ratio(sum(d.metadata_right[name] for d in self.documents), len(self.documents))

    def summary(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            "segmentation": round(self.segmentation, 4),
            "phrase_accuracy": round(self.phrase_accuracy, 4),
            "phrases": sum(d.phrases_total for d in self.documents),
            "citation_precision": round(self.citation_precision, 4),
            "citation_recall": round(self.citation_recall, 4),
            "citation_f1": round(self.citation_f1, 4),
            "citations": sum(d.cited_gold for d in self.documents),
            "metadata": {n: round(self.metadata_accuracy(n), 4) for n in METADATA_FIELDS},
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def load_gold(path: Path) -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["documents"]
    return documents


def _key(symbol: str) -> str:
    return "".join(symbol.split()).upper()


def score_document(gold: dict[str, Any], root: Path) -> DocumentScore:
    """Parse one gold document below `root` and compare."""
    from kg.pipeline import parse
    from kg.rdf.resources import reference_graph

    try:
        resolution, _name, _graph = parse(root / gold["path"])
    except SourceError as exc:
        n = gold["preambular"] + gold["operative"]
        return DocumentScore(gold["path"], False, 0, n, 0, 0, len(gold["citations"]),
                             dict.fromkeys(METADATA_FIELDS, False), [f"not built: {exc}"])
    labels = _labels(reference_graph())
    problems = []
    got_pre = [labels.get(p.phrase or "") for p in resolution.preamble]
    got_ops = [labels.get(p.phrase or "") for p in resolution.operative]
    segmented = (len(got_pre), len(got_ops)) == (gold["preambular"], gold["operative"])
    if not segmented:
        problems.append(f"paragraphs {len(got_pre)}+{len(got_ops)}, "
                        f"gold {gold['preambular']}+{gold['operative']}")
    want_pre = gold["phrases"][: gold["preambular"]]
    want_ops = gold["phrases"][gold["preambular"]:]
    right = 0
    for want, got in ((want_pre, got_pre), (want_ops, got_ops)):
        for i, w in enumerate(want):
            g = got[i] if i < len(got) else "<missing>"
            if g == w:
                right += 1
            else:
                problems.append(f"phrase {i + 1}: {g!r}, gold {w!r}")
    found = {_key(c.key) for p in resolution.paragraphs
             for c in (*p.citations, *(c for s in p.subparagraphs for c in s.citations),
                       *(c for f in p.footnotes for c in f.citations))
             if c.kind != "instrument"}
    own = _key(resolution.metadata.symbol or "")
    found.discard(own)
    wanted = {_key(s) for s in gold["citations"]}
    if found - wanted:
        problems.append(f"extra citations {sorted(found - wanted)}")
    if wanted - found:
        problems.append(f"missed citations {sorted(wanted - found)}")
    meta = resolution.metadata
    actual = {"symbol": meta.symbol, "adopted": meta.adopted.isoformat() if meta.adopted else None,
              "meeting": meta.meeting, "body": meta.body, "kind": meta.kind}
    metadata_right = {n: actual[n] == gold.get(n) for n in METADATA_FIELDS}
    problems += [f"{n}: {actual[n]!r}, gold {gold.get(n)!r}"
                 for n, ok in metadata_right.items() if not ok]
    return DocumentScore(gold["path"], segmented, right, len(gold["phrases"]),
                         len(found & wanted), len(found), len(wanted), metadata_right, problems)


def _labels(graph: Any) -> dict[str, str]:
    from rdflib import SKOS

    return {str(s): str(o) for s, o in graph.subject_objects(SKOS.prefLabel)}


def score(gold_path: Path, root: Path) -> Score:
    return Score([score_document(g, root) for g in load_gold(gold_path)])
