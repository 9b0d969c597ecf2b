"""How well kg reads official PDFs, scored against the UN's own XML of the same resolutions.

The 150 PDFs of GA session 79 (`wannli__mandate-pipeline/data/pdfs/`, corpus MANIFEST §10)
each have an AKN4UN counterpart in `UNxml__GAresolutions/79session/English/` (matched by
symbol: `A_RES_79_100.pdf` ↔ `A_RES_79_100-<job>E.xml`). kg reads that XML exactly
(benchmarks/akn_fidelity.py checks its counts against the markup's own), so the gold is kg's
parse of the XML, and the PDF's parse is scored against it field by field: preambular and
operative counts, operative numbers, sub-paragraphs per paragraph, the first five words of
every paragraph in reading order, footnotes (count and the paragraph each is anchored in),
annexes, symbol, title, adoption date and meeting. Where poppler's `pdftotext` is installed,
the same PDF as plain and `-layout` text is scored too (kg reads it as a .txt file).

    .venv/bin/python benchmarks/pdf_accuracy.py                # all 150, every reader
    .venv/bin/python benchmarks/pdf_accuracy.py --sample 5 --readers pdf
    .venv/bin/python benchmarks/pdf_accuracy.py --quiet --min-exact 0.3

Prints each document's mismatches, then per reader the share of resolutions exactly right
(every field), with exactly the right structure (counts, numbers, sub-paragraphs, footnotes,
annexes), and each field's accuracy. Exits 0 (it is a measure) unless `--min-exact` is given
and a reader's share of exactly right resolutions is below it.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.document import Paragraph, RefData, Resolution
from kg.errors import SourceError
from kg.normalise import normalise
from kg.rdf.resources import reference_data
from kg.segment import segment_parts
from kg.sources import read_source
from tests.support.accuracy import corpus_root

PDFS = "wannli__mandate-pipeline/data/pdfs"
XMLS = "UNxml__GAresolutions/79session/English"
STRUCTURE = ("parts", "preambular", "operative", "numbers", "subparagraphs", "footnotes",
             "anchors", "annexes")
FIELDS = (*STRUCTURE, "openings", "symbol", "title", "adopted", "meeting")
READERS = ("pdf", "pdftotext", "pdftotext-layout")
Fields = dict[str, object]


def pairs(root: Path) -> list[tuple[Path, Path]]:
    """(PDF, XML) of the same resolution, by the symbol in both file names."""
    xmls = {p.name.split("-")[0]: p for p in (root / XMLS).glob("A_RES_79_*.xml")}
    return [(pdf, xmls[pdf.stem]) for pdf in sorted((root / PDFS).glob("A_RES_79_*.pdf"),
                                                     key=_order) if pdf.stem in xmls]


def _order(path: Path) -> tuple[int, str]:
    tail = path.stem.rsplit("_", 1)[-1]
    return (int(tail) if tail.isdigit() else 0, path.stem)


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+(?:['-]\w+)*", text.translate(_SAME).casefold())[:5])


def _subs(p: Paragraph) -> int:
    return sum(1 + _subs(s) for s in p.subparagraphs)


def _plain(text: str | None) -> str | None:
    """A title as printed: the XML keeps the non-breaking hyphen and curly quotes, which look
    the same on the page as the plain ones kg's text stages make of them."""
    if not text:
        return text
    return " ".join(text.translate(_SAME).split())


_SAME = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u2011": "-", "\u2010": "-"})


def fields(parts: tuple[Resolution, ...]) -> Fields:
    """What is scored of a parse: lists run over the parts in order (a lettered resolution)."""
    paras = [p for r in parts for p in r.paragraphs]
    anchors = sorted((f.number, i) for i, p in enumerate(paras) for f in p.footnotes)
    meta = [r.metadata for r in parts]
    return {
        "parts": len(parts),
        "preambular": sum(len(r.preamble) for r in parts),
        "operative": sum(len(r.operative) for r in parts),
        "numbers": [p.number for r in parts for p in r.operative],
        "subparagraphs": [_subs(p) for p in paras],
        "footnotes": len(anchors),
        "anchors": [i for _, i in anchors],
        "annexes": sum(len(r.annexes) for r in parts),
        "openings": [_words(p.text) for p in paras],
        "symbol": [m.symbol for m in meta],
        "title": [_plain(m.title) for m in meta],
        "adopted": [str(m.adopted) if m.adopted else None for m in meta],
        "meeting": [m.meeting for m in meta],
    }


def parse(path: Path, refdata: RefData) -> tuple[Resolution, ...]:
    source = read_source(path)
    return segment_parts(source, normalise(source.text), refdata)


def _pdftotext(pdf: Path, out: Path, layout: bool) -> Path:
    """The PDF as poppler's text, in a .txt file of the same stem (kg reads it as text)."""
    target = out / f"{pdf.stem}.txt"
    cmd = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), str(target)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)
    return target


def diff(want: Fields, got: Fields) -> dict[str, str]:
    """Per differing field, a short account of the first difference."""
    out = {}
    for key in FIELDS:
        w, g = want[key], got[key]
        if w == g:
            continue
        if isinstance(w, list) and isinstance(g, list):
            at = next((i for i, (a, b) in enumerate(zip(w, g, strict=False)) if a != b),
                      min(len(w), len(g)))
            a = w[at] if at < len(w) else "(none)"
            b = g[at] if at < len(g) else "(none)"
            if key == "openings":
                a, b = " ".join(a) if isinstance(a, tuple) else a, \
                    " ".join(b) if isinstance(b, tuple) else b
            out[key] = f"[{at}] xml {a!r}, kg {b!r} (xml {len(w)}, kg {len(g)})"
        else:
            out[key] = f"xml {w!r}, kg {g!r}"
    return out


def opening_share(want: Fields, got: Fields) -> tuple[int, int]:
    """Gold paragraphs whose first words kg has, in order (aligned, so that one merged or
    split paragraph costs that paragraph, not every later one)."""
    w, g = want["openings"], got["openings"]
    assert isinstance(w, list) and isinstance(g, list)
    matcher = difflib.SequenceMatcher(None, w, g, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()), len(w)


class Tally:
    """Per reader: documents, fields right, exact documents, aligned opening phrases."""

    def __init__(self) -> None:
        self.docs = 0
        self.exact = 0
        self.structure = 0
        self.right: Counter[str] = Counter()
        self.openings = [0, 0]
        self.seconds = 0.0

    def add(self, problems: dict[str, str], share: tuple[int, int]) -> None:
        self.docs += 1
        self.exact += not problems
        self.structure += not any(k in problems for k in STRUCTURE)
        for key in FIELDS:
            self.right[key] += key not in problems
        self.openings[0] += share[0]
        self.openings[1] += share[1]

    def summary(self) -> dict[str, object]:
        n = max(self.docs, 1)
        return {"documents": self.docs, "exact": round(self.exact / n, 3),
                "structure": round(self.structure / n, 3),
                "opening phrases (aligned)": round(self.openings[0] / max(self.openings[1], 1),
                                                   3),
                "fields": {k: round(self.right[k] / n, 3) for k in FIELDS},
                "ms a document": round(1000 * self.seconds / n)}


def score(chosen: list[tuple[Path, Path]], readers: list[str], refdata: RefData,
          show: Callable[[str], None]) -> dict[str, Tally]:
    tallies = {r: Tally() for r in readers}
    with tempfile.TemporaryDirectory() as tmp:
        for pdf, xml in chosen:
            want = fields(parse(xml, refdata))
            for reader in readers:
                started = time.perf_counter()
                try:
                    path = pdf if reader == "pdf" else _pdftotext(pdf, Path(tmp),
                                                                  reader.endswith("layout"))
                    got = fields(parse(path, refdata))
                except SourceError as exc:
                    got = {k: None for k in FIELDS}
                    show(f"{pdf.name} [{reader}]: refused: {exc}")
                tallies[reader].seconds += time.perf_counter() - started
                problems = diff(want, got)
                share = opening_share(want, got) if got["openings"] is not None \
                    else (0, len(want["openings"]))  # type: ignore[arg-type]
                tallies[reader].add(problems, share)
                for key, text in problems.items():
                    show(f"{pdf.name} [{reader}] {key}: {text}")
    return tallies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", help="the shared corpus (default: KG_CORPUS, or "
                        "../shared/corpus beside the repository)")
    parser.add_argument("--sample", type=int, default=0, help="score N resolutions at random")
    parser.add_argument("--readers", default=",".join(READERS),
                        help=f"comma-separated, of {', '.join(READERS)}")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    parser.add_argument("--json", action="store_true", help="totals as JSON")
    parser.add_argument("--min-exact", type=float, help="exit 1 when a reader's share of "
                        "exactly right resolutions is below this")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent.parent / ".." / "shared" / "corpus"
    root = Path(args.corpus) if args.corpus else corpus_root(here)
    if root is None or not (root / PDFS).is_dir():
        print(f"pdf_accuracy: no corpus with {PDFS} (give --corpus or KG_CORPUS)",
              file=sys.stderr)
        return 2
    readers = [r for r in args.readers.split(",") if r]
    if any(r.startswith("pdftotext") for r in readers) and not shutil.which("pdftotext"):
        print("pdf_accuracy: pdftotext is not installed; scoring kg's PDF reader only",
              file=sys.stderr)
        readers = [r for r in readers if not r.startswith("pdftotext")]
    chosen = pairs(root)
    if args.sample:
        chosen = sorted(random.Random(1).sample(chosen, min(args.sample, len(chosen))),
                        key=lambda p: _order(p[0]))
    tallies = score(chosen, readers, reference_data(),
                    (lambda _: None) if args.quiet or args.json else print)
    totals = {r: t.summary() for r, t in tallies.items()}
    if args.json:
        print(json.dumps(totals, indent=1))
    else:
        for reader, s in totals.items():
            print(f"{reader}: {s['documents']} resolutions, exact {s['exact']:.3f}, structure "
                  f"{s['structure']:.3f}, opening phrases {s['opening phrases (aligned)']:.3f}, "
                  f"{s['ms a document']} ms a document")
            fs = s["fields"]
            assert isinstance(fs, dict)
            print("  " + ", ".join(f"{k} {v:.3f}" for k, v in fs.items()))
    if args.min_exact is not None and any(t.exact < args.min_exact * t.docs
                                          for t in tallies.values()):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
