"""Golden tests: the exact paragraphs, phrases, footnotes and citations of both seeds.

The expected files in tests/golden/ were reviewed by hand against the source texts; refresh them
only with `pytest tests/test_golden.py --update-golden` (or `make golden`) and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.pipeline import parse
from tests.conftest import PDF_SEED, WEB_SEED

GOLDEN = Path(__file__).parent / "golden"


def summary(path: Path) -> dict:
    resolution, name, _ = parse(path)
    meta = resolution.metadata

    def para(p):
        return {
            "kind": p.kind,
            "number": p.number,
            "phrase": p.phrase.rsplit("/", 1)[-1] if p.phrase else None,
            "text": p.text,
            "footnotes": [{"number": f.number, "text": f.text,
                           "cites": [c.key.rsplit("/", 1)[-1] if c.kind == "instrument" else c.key
                                     for c in f.citations]} for f in p.footnotes],
            "cites": [c.key.rsplit("/", 1)[-1] if c.kind == "instrument" else c.key
                      for c in p.citations],
            "mentions": [m.rsplit("/", 1)[-1] for m in p.mentions],
        }

    return {
        "graph": name,
        "metadata": {k: str(v) if v is not None else None for k, v in vars(meta).items()},
        "consider_at_session": resolution.consider_at_session,
        "preambular": len(resolution.preamble),
        "operative": len(resolution.operative),
        "paragraphs": [para(p) for p in resolution.paragraphs],
    }


@pytest.mark.parametrize(("seed", "golden"), [
    (WEB_SEED, "a-res-56-163.json"),
    (PDF_SEED, "a-res-57-209.json"),
])
def test_seed_matches_golden(seed, golden, update_golden):
    actual = summary(seed)
    path = GOLDEN / golden
    if update_golden:
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", "utf-8")
    expected = json.loads(path.read_text("utf-8"))
    # metadata fields added after the golden files were reviewed (vote, kind, draft ...) are
    # checked by their own tests; the reviewed fields must not change
    actual["metadata"] = {k: v for k, v in actual["metadata"].items() if k in expected["metadata"]}
    assert actual["metadata"] == expected["metadata"]
    assert (actual["preambular"], actual["operative"]) == (expected["preambular"],
                                                           expected["operative"])
    for got, want in zip(actual["paragraphs"], expected["paragraphs"], strict=True):
        assert got == want
    assert actual == expected
