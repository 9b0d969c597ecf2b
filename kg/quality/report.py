"""A corpus quality report: what `kg` makes of a folder of real texts, per source folder.

For each folder: documents found, built and skipped (with the one-line reason), paragraphs,
documents with no operative paragraph, opening phrases the scheme does not know yet (the
curation list for `ontology/vocab/phrases.ttl`), citations found, and, where
`kg.validation.entrypoints`
offers `validate_graph`, how many graphs conform. Sources are parsed in worker processes; the
report is built from small per-source summaries, so memory stays flat on large corpora.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import SourceError
from kg.parallel import ordered_map
from kg.progress import SILENT, Progress, track
from kg.settings import DEFAULT_BASE
from kg.sources import source_names

UNKNOWN_WORDS = 3  # words of an unknown opening shown in the report


@dataclass(frozen=True)
class SourceSummary:
    """What one source gave (or why it gave nothing)."""

    path: str
    folder: str
    error: str | None = None
    kind: str = "resolution"
    paragraphs: int = 0
    preambular: int = 0
    operative: int = 0
    citations: int = 0
    unknown: tuple[str, ...] = ()  # openings of paragraphs without a known phrase
    symbol: str | None = None
    dated: bool = False
    conforms: bool | None = None  # None: not validated


@dataclass
class FolderReport:
    folder: str
    documents: int = 0
    built: int = 0
    drafts: int = 0
    paragraphs: int = 0
    no_operative: list[str] = field(default_factory=list)
    no_symbol: int = 0
    no_date: int = 0
    citations: int = 0
    unknown: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    validated: int = 0
    conforming: int = 0

    def add(self, s: SourceSummary) -> None:
        self.documents += 1
        if s.error is not None:
            self.skipped.append((s.path, s.error))
            return
        self.built += 1
        self.drafts += s.kind == "draft"
        self.paragraphs += s.paragraphs
        self.citations += s.citations
        self.no_symbol += s.symbol is None
        self.no_date += not s.dated
        if s.operative == 0:
            self.no_operative.append(s.path)
        self.unknown.update(s.unknown)
        if s.conforms is not None:
            self.validated += 1
            self.conforming += s.conforms


@dataclass
class CorpusReport:
    root: str
    folders: dict[str, FolderReport] = field(default_factory=dict)

    def add(self, s: SourceSummary) -> None:
        self.folders.setdefault(s.folder, FolderReport(s.folder)).add(s)

    def total(self) -> FolderReport:
        total = FolderReport("(all)")
        for f in self.folders.values():
            total.documents += f.documents
            total.built += f.built
            total.drafts += f.drafts
            total.paragraphs += f.paragraphs
            total.no_operative += f.no_operative
            total.no_symbol += f.no_symbol
            total.no_date += f.no_date
            total.citations += f.citations
            total.unknown.update(f.unknown)
            total.skipped += f.skipped
            total.validated += f.validated
            total.conforming += f.conforming
        return total

    def to_text(self, *, top: int = 15) -> str:
        """The report for people: a table per folder, then the curation lists."""
        head = (f"{'folder':<52} {'docs':>5} {'built':>5} {'drafts':>6} {'paras':>6} "
                f"{'no-op':>5} {'no-sym':>6} {'no-date':>7} {'cites':>6} {'valid':>9}")
        rows = [head, "-" * len(head)]
        for f in [*sorted(self.folders.values(), key=lambda f: f.folder), self.total()]:
            valid = f"{f.conforming}/{f.validated}" if f.validated else "-"
            rows.append(f"{_short(f.folder, 52):<52} {f.documents:>5} {f.built:>5} "
                        f"{f.drafts:>6} {f.paragraphs:>6} {len(f.no_operative):>5} "
                        f"{f.no_symbol:>6} {f.no_date:>7} {f.citations:>6} {valid:>9}")
        total = self.total()
        out = rows
        if total.unknown:
            out += ["", f"Unknown opening phrases (top {top} of {len(total.unknown)}; curate in "
                        "ontology/vocab/phrases.ttl):"]
            out += [f"  {n:>5}  {phrase}" for phrase, n in total.unknown.most_common(top)]
        if total.no_operative:
            out += ["", f"Documents with no operative paragraph ({len(total.no_operative)}):"]
            out += [f"  {p}" for p in total.no_operative[:top]]
        if total.skipped:
            out += ["", f"Skipped ({len(total.skipped)}):"]
            out += [f"  {p}: {reason}" for p, reason in total.skipped]
        return "\n".join(out) + "\n"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else "..." + text[-(width - 3):]


def summarise(path: str, root: str, base: str = DEFAULT_BASE,
              validate: bool = False) -> SourceSummary:
    """Parse one source (every lettered part of it) and summarise it; a SourceError becomes
    the summary's reason."""
    from kg.pipeline import source_graph

    folder = _folder(path, root)
    try:
        parts, _name, triples = source_graph(path, base=base)
    except SourceError as exc:
        return SourceSummary(path, folder, error=exc.message)
    paragraphs = [p for part in parts for p in part.paragraphs]
    unknown = tuple(" ".join(p.text.split()[:UNKNOWN_WORDS]) for p in paragraphs
                    if p.phrase is None and p.text)
    citations = sum(len(p.citations) + sum(len(s.citations) for s in p.subparagraphs)
                    for p in paragraphs)
    conforms = None
    if validate:
        from kg.validation.entrypoints import validate_ntriples

        conforms = bool(validate_ntriples(triples.ntriples(), base=base)[0].conforms)
    metas = [part.metadata for part in parts]
    return SourceSummary(
        path=path, folder=folder, kind=metas[0].kind or "resolution",
        paragraphs=len(paragraphs), preambular=sum(len(part.preamble) for part in parts),
        operative=min(len(part.operative) for part in parts), citations=citations,
        unknown=unknown, symbol="; ".join(m.symbol for m in metas if m.symbol) or None,
        dated=all(m.adopted or (m.kind == "draft" and m.distributed) for m in metas),
        conforms=conforms,
    )


def _folder(path: str, root: str) -> str:
    """The source folder a file is counted under: the first folder below the root (one
    folder per collection), or the file's own folder outside the root."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return str(Path(path).parent)
    return parts[0] if len(parts) > 1 else "."


def _summaries(paths: list[str], root: str, base: str, validate: bool,
               jobs: int | None) -> Iterator[SourceSummary]:
    tasks = [(p, root, base, validate) for p in paths]
    yield from ordered_map(_summarise_task, tasks, jobs, max_chunk=32)


def _summarise_task(task: tuple[str, str, str, bool]) -> SourceSummary:
    return summarise(*task)


def corpus_report(sources: Iterable[str | Path], *, base: str = DEFAULT_BASE,
                  validate: bool = True, jobs: int | None = None,
                  progress: Progress = SILENT) -> CorpusReport:
    """The quality report of every source under `sources` (files or folders); `progress`
    counts the sources read (kg.progress)."""
    sources = [Path(s) for s in sources]
    root = str(sources[0] if len(sources) == 1 and sources[0].is_dir() else Path.cwd())
    paths = source_names(sources)
    report = CorpusReport(root)
    for summary in track(progress, _summaries(paths, root, base, validate, jobs),
                         "read and check" if validate else "read", len(paths), "sources"):
        report.add(summary)
    return report
