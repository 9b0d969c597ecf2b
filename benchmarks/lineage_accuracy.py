"""Alignment quality of paragraph lineage against hand-checked alignments.

    python benchmarks/lineage_accuracy.py [--corpus PATH]

Reads tests/gold/lineage.json (pairs of successive resolutions, each paragraph's counterpart
checked by reading both texts), aligns each pair with kg.lineage, and reports precision and
recall of the predicted links (new paragraph -> previous paragraph), and of "dropped" calls.
The shared corpus is looked for in $KG_CORPUS, then ../shared/corpus beside the repository;
pairs whose files are missing are skipped and listed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kg.build import default_corpus
from kg.lineage import align, strengths
from kg.lineage.compare import outlines_of_files
from kg.lineage.render import label
from kg.settings import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]


def corpus_root(given: str | None) -> Path:
    candidates = [given, os.environ.get("KG_CORPUS"), str(ROOT.parent / "shared" / "corpus")]
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    return ROOT / "missing-corpus"


def resolve(name: str, corpus: Path) -> Path:
    if name.startswith("seed:"):
        return default_corpus() / "seeds" / name.removeprefix("seed:")
    return corpus / name


def links_of(changes) -> tuple[set[tuple[str, str]], set[str]]:
    links, dropped = set(), set()
    for c in changes:
        if c.new is None:
            dropped.update(label(p) for p in c.old)
        else:
            links.update((label(c.new), label(p)) for p in c.old)
    return links, dropped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus")
    args = parser.parse_args()
    corpus = corpus_root(args.corpus)
    gold = json.loads((ROOT / "tests" / "gold" / "lineage.json").read_text("utf-8"))
    ranks = strengths(DEFAULT_BASE)
    tp = fp = fn = 0
    dtp = dfp = dfn = 0
    for pair in gold["pairs"]:
        old, new = resolve(pair["old"], corpus), resolve(pair["new"], corpus)
        if not (old.is_file() and new.is_file()):
            print(f"skipped (missing): {pair['old']} -> {pair['new']}")
            continue
        a, b = outlines_of_files([old, new], DEFAULT_BASE)
        links, dropped = links_of(align(a, b, ranks))
        expected = {(n, o) for n, olds in pair["alignment"].items() for o in olds}
        want_dropped = set(pair["dropped"])
        tp += len(links & expected)
        fp += len(links - expected)
        fn += len(expected - links)
        dtp += len(dropped & want_dropped)
        dfp += len(dropped - want_dropped)
        dfn += len(want_dropped - dropped)
        wrong = sorted(links ^ expected)
        print(f"{a.symbol} -> {b.symbol}: {len(links & expected)}/{len(expected)} links"
              + (f"; differences (predicted XOR gold): {wrong}" if wrong else ""))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"links:   precision {precision:.3f}  recall {recall:.3f}  (tp {tp}, fp {fp}, fn {fn})")
    dp = dtp / (dtp + dfp) if dtp + dfp else 1.0
    dr = dtp / (dtp + dfn) if dtp + dfn else 1.0
    print(f"dropped: precision {dp:.3f}  recall {dr:.3f}  (tp {dtp}, fp {dfp}, fn {dfn})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
