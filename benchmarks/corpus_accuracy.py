"""Accuracy of kg on the hand-checked gold set of real UN texts (tests/gold/corpus.json).

    .venv/bin/python benchmarks/corpus_accuracy.py [--corpus DIR] [--gold FILE] [-v]

The corpus root is --corpus, else $KG_CORPUS, else ../shared/corpus beside the repository.
Prints segmentation (documents with exactly the right paragraphs), phrase accuracy, citation
precision/recall/F1 and metadata accuracy; -v lists every discrepancy per document.
Targets: segmentation 0.99, phrases 0.99, citation F1 0.97.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.accuracy import Score, corpus_root, load_gold, score  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "corpus.json")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    root = args.corpus or corpus_root(ROOT / ".." / "shared" / "corpus")
    if root is None or not root.is_dir():
        print("no corpus: give --corpus DIR or set KG_CORPUS", file=sys.stderr)
        return 2
    result = score(args.gold, root)
    if args.verbose:
        for doc in result.documents:
            if doc.problems:
                print(doc.path)
                for problem in doc.problems:
                    print(f"    {problem}")
    summary = result.summary()
    holdout = {g["path"] for g in load_gold(args.gold) if g.get("holdout")}
    if holdout:  # documents added after the parser was last tuned on the others
        part = Score([d for d in result.documents if d.path in holdout])
        summary["holdout"] = {k: v for k, v in part.summary().items() if k != "metadata"}
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
