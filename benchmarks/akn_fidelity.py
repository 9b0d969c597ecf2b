"""What kg reads from the UN's own AKN4UN XML, compared with what the XML itself counts.

For every file, the gold is derived from the markup with plain element counts, independently
of kg's reader: preambular paragraphs (`preamble/container`, recitals, and sections'
`crossHeading refersTo="#preamble"`), operative paragraphs and their printed numbers
(`paragraph` of the main body), sub-paragraphs (`point`/`item` of lists, at every depth),
footnotes (`authorialNote`) and annexes (`attachment`). kg's side is its text stages (read,
normalise, segment), which are what the build writes. A file is equal, or listed with what
differs.

    .venv/bin/python benchmarks/akn_fidelity.py ../shared/corpus/UNxml__GAresolutions
    .venv/bin/python benchmarks/akn_fidelity.py --lang English --sample 200 ../shared/corpus

Prints one line per mismatching file and the totals per folder; exits 1 when a file differs.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg import archives
from kg.errors import SourceError
from kg.normalise import normalise
from kg.rdf.resources import reference_data
from kg.segment import segment_parts
from kg.sources import read_source, source_names

Counts = dict[str, object]
_QUOTED = ("quotedStructure", "embeddedStructure", "mod", "components")


def _local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _below(el: etree._Element | None, names: tuple[str, ...]) -> list[etree._Element]:
    return [e for e in el.iter() if _local(e) in names] if el is not None else []


def _quoted(el: etree._Element, top: etree._Element) -> bool:
    for a in el.iterancestors():
        if a is top:
            return False
        if _local(a) in _QUOTED:
            return True
    return False


def gold(path: Path) -> Counts:
    """The counts the markup states, by element name only."""
    inside = archives.split(str(path))
    data = archives.read(*inside) if inside else path.read_bytes()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    # the documents: the file's own, or each lettered component of a collection; a document
    # quoted whole inside a resolution (its components) counts as one of its annexes
    docs = [e for e in root.iter() if _local(e) in ("statement", "act", "doc", "bill")
            and not any(_local(a) in ("attachments", "components") for a in e.iterancestors())]
    if not docs:
        docs = [e for c in _below(root, ("component",)) for e in c
                if _local(e) in ("statement", "act", "doc", "bill")]
    if not docs:
        raise StopIteration("no statement, act or doc element")
    preambles = [c for doc in docs for c in doc if _local(c) == "preamble"]
    bodies = [c for doc in docs for c in doc if _local(c) == "mainBody"]
    recitals = [e for p in preambles for e in p if _local(e) in ("container", "recital")]
    recitals += [e for b in bodies for e in _below(b, ("crossHeading",))
                 if e.get("refersTo") == "#preamble"]
    # a `paragraph` holding only a heading or subheading is a cross-heading, not a paragraph
    paragraphs = [e for b in bodies for e in _below(b, ("paragraph",))
                  if not any(_local(a) == "paragraph" for a in e.iterancestors())
                  and not all(_local(c) in ("heading", "subheading") for c in e)]
    numbers = []
    for p in paragraphs:
        num = next((c for c in p if _local(c) == "num"), None)
        word = re.search(r"\w(?:[\w.]*\w)?", "".join(num.itertext())) if num is not None \
            else None
        numbers.append(word[0] if word else None)  # "1.", "1 -" (Arabic), "(a)"
    within = [*preambles, *bodies]
    # points of text quoted whole (an amended paragraph, a recommended draft) are the quoted
    # text's, not sub-paragraphs of this resolution
    subs = sum(1 for e in within for x in _below(e, ("point", "item")) if not _quoted(x, e))
    notes = sum(len(_below(e, ("authorialNote",))) for e in within)
    annexes = [c for doc in docs for c in doc if _local(c) == "attachments"]
    return {"preambular": len(recitals), "operative": len(paragraphs), "numbers": numbers,
            "subparagraphs": subs, "footnotes": notes,
            "annexes": sum(len(_below(a, ("attachment",))) for a in annexes)
            + sum(1 for doc in docs for c in doc if _local(c) == "components" for _ in c)}


def _subs(paragraphs) -> int:
    return sum(1 + _subs(p.subparagraphs) for p in paragraphs)


def built(path: Path, refdata) -> Counts:
    source = read_source(path)
    parts = segment_parts(source, normalise(source.text), refdata)
    paras = [p for r in parts for p in r.paragraphs]
    return {"preambular": sum(len(r.preamble) for r in parts),
            "operative": sum(len(r.operative) for r in parts),
            "numbers": [p.number for r in parts for p in r.operative],
            "subparagraphs": sum(_subs(p.subparagraphs) for p in paras),
            "footnotes": sum(len(p.footnotes) for p in paras),
            "annexes": sum(len(r.annexes) for r in parts)}


def files(roots: list[str], lang: str | None) -> Iterator[Path]:
    """The XML files under the roots, zip archives' members included (GA session 74 and the
    Security Council's 2000-2019 ship as archives); `lang` is a folder or archive name part."""
    for name in source_names(roots):
        if name.lower().endswith(".xml") and (lang is None or lang in name):
            yield Path(name)


def compare(path: Path, refdata) -> list[str]:
    """What differs, as `field: xml N, kg M`; [] when equal."""
    try:
        want = gold(path)
    except (etree.XMLSyntaxError, StopIteration, archives.ArchiveError) as exc:
        return [f"not readable as AKN ({exc})"]
    try:
        got = built(path, refdata)
    except SourceError as exc:
        return [f"refused: {exc}"]
    out = []
    for key, value in want.items():
        if got[key] != value:
            if key == "numbers":
                wrong = [(w, g) for w, g in zip(value, got[key], strict=False) if w != g]
                out.append(f"numbers: first differing {wrong[:1]}")
            else:
                out.append(f"{key}: xml {value}, kg {got[key]}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("roots", nargs="+")
    parser.add_argument("--lang", default="English", help="folder name of the language "
                        "('' for every language)")
    parser.add_argument("--sample", type=int, default=0, help="check N files chosen at random")
    args = parser.parse_args()
    paths = list(files(args.roots, args.lang or None))
    if args.sample:
        paths = random.Random(1).sample(paths, min(args.sample, len(paths)))
    refdata = reference_data()
    started = time.perf_counter()
    totals: Counter[str] = Counter()
    differing = 0
    for path in paths:
        problems = compare(path, refdata)
        folder = path.parent.parent.name
        totals[folder] += 1
        if problems:
            differing += 1
            totals[folder + " differing"] += 1
            print(f"{path}: " + "; ".join(problems))
    seconds = time.perf_counter() - started
    for key in sorted(totals):
        print(f"  {key}: {totals[key]}")
    print(f"{len(paths) - differing} of {len(paths)} files equal to their XML "
          f"({seconds:.1f} s, {1000 * seconds / max(len(paths), 1):.0f} ms a file)")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
