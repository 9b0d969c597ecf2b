"""Curate the opening phrases in the five other official languages from what the UN's own
six-language XML shows: `ontology/vocab/phrases-i18n.ttl`.

    .venv/bin/python scripts/phrase_labels.py [../shared/corpus/UNxml__GAresolutions/74session]

The six files of one resolution have the same paragraphs in the same order, so the concept kg
recognises at the start of an English paragraph is the concept of the same paragraph in French,
Spanish, Russian, Arabic and Chinese. For each concept and language, the label is the shortest
opening (one to four words; characters for Chinese) that starts at least half of that concept's
paragraphs in that language and opens paragraphs of that concept more often than of any other (60%
of the time it is seen: a longer label of another concept still wins where it fits, as the
longest phrase is matched); openings seen fewer than three times are not trusted. The file is data,
reviewed before it is committed, never code: run it again when the corpus grows.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.errors import KgError  # noqa: E402
from kg.phrasing import FILLERS, words  # noqa: E402
from kg.pipeline import annotate_all  # noqa: E402
from kg.sources import source_names  # noqa: E402

LANGUAGES = {"French": "fr", "Spanish": "es", "Russian": "ru", "Arabic": "ar", "Chinese": "zh"}
NUMBER = re.compile(r"_(\d+)(?:_[A-Z])?\.xml$")
MIN_SEEN, COVER, PURE, LONGEST = 3, 0.5, 0.6, 4
OUT = ROOT / "ontology" / "vocab" / "phrases-i18n.ttl"


def paragraphs(path: str) -> list[tuple[str, str | None]]:
    """(text, phrase IRI) of the top-level paragraphs of a source, in order."""
    try:
        parts = annotate_all(path)
    except KgError:
        return []
    return [(p.text, p.phrase) for r in parts for p in r.preamble + r.operative]


def openings(text: str, lang: str) -> list[str]:
    """The candidate openings of a paragraph: its first one to LONGEST words (characters for
    Chinese), joined as a label would be written."""
    tokens = words(text.lstrip("\"'(«“"), limit=LONGEST * (3 if lang == "zh" else 1))
    sep = "" if lang == "zh" else " "
    longest = LONGEST * 2 if lang == "zh" else LONGEST
    return [sep.join(tokens[:n]) for n in range(1, min(longest, len(tokens)) + 1)]


def main(folder: Path) -> int:
    english = {m[1]: name for name in source_names(sorted(folder.glob("*English*.zip")))
               if (m := NUMBER.search(name))}
    seen: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)  # lang -> (opening, iri)
    by_concept: dict[str, Counter[str]] = defaultdict(Counter)  # lang -> concept counts
    for language, lang in LANGUAGES.items():
        for name in source_names(sorted(folder.glob(f"*{language}*.zip"))):
            m = NUMBER.search(name)
            if not m or m[1] not in english:
                continue
            ours, theirs = paragraphs(english[m[1]]), paragraphs(name)
            if len(ours) != len(theirs):
                continue  # (not the same paragraphs: do not guess)
            for (_, concept), (text, _) in zip(ours, theirs, strict=True):
                if concept is None:
                    continue
                by_concept[lang][concept] += 1
                for opening in openings(text, lang):
                    seen[lang][opening, concept] += 1
    labels: dict[str, list[tuple[str, str]]] = defaultdict(list)  # concept -> (label, lang)
    for lang, counts in seen.items():
        totals: Counter[str] = Counter()
        for (opening, _), n in counts.items():
            totals[opening] += n
        for concept, n_concept in by_concept[lang].items():
            found = sorted(((o, n) for (o, c), n in counts.items() if c == concept
                            and n >= MIN_SEEN and n >= COVER * n_concept
                            and n >= PURE * totals[o] and o.split()[-1] not in FILLERS
                            and (lang != "zh" or len(o) >= 2)),
                           key=lambda item: (len(item[0]), -item[1]))
            if found:
                labels[concept].append((found[0][0], lang))
    write(labels)
    print(f"{sum(map(len, labels.values()))} labels for {len(labels)} concepts -> {OUT}")
    return 0


def write(labels: dict[str, list[tuple[str, str]]]) -> None:
    from kg.rdf.resources import reference_graph
    from kg.settings import DEFAULT_BASE

    base = DEFAULT_BASE
    known = {str(s) for s in reference_graph(base).subjects()}
    lines = ["# Opening phrases in French, Spanish, Russian, Arabic and Chinese, as the UN's",
             "# six-language XML shows them (made by scripts/phrase_labels.py: see there how;",
             "# reviewed, then committed). IRIs relative to the published base, as phrases.ttl.",
             "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .", ""]
    for concept in sorted(labels):
        if concept not in known or not concept.startswith(base):
            continue
        quoted = " ,\n    ".join(f'"{label}"@{lang}' for label, lang in sorted(
            labels[concept], key=lambda item: item[1]))
        lines.append(f"<{concept[len(base):]}> skos:altLabel {quoted} .")
    OUT.write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "corpus" / "UNxml__GAresolutions" / "74session"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
