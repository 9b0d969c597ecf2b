"""What a build made: one record per source, the totals, and how sources are admitted.

Shared by the fresh and the incremental build (kg.build.fresh, kg.build.incremental), which
differ in how they write the build directory, not in what they record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.builddir.parts import Chunks
from kg.errors import KgError, SourceError, few
from kg.faults import Failed

if TYPE_CHECKING:
    from kg.validation.entrypoints import Report

SHOWN_ERRORS = 10  # unusable sources named when a build fails (a line each)

#: A worker's outcome for one source: its record and its pieces of the dumps, or its failure.
Done = tuple["Built", Chunks] | Failed


@dataclass(frozen=True)
class Built:
    """One source's result as recorded in build.json."""

    path: str
    graph: str
    symbol: str | None
    sha256: str  # of the source file
    paragraphs: int
    triples: int
    content: str = ""  # sha256 of the graph's canonical N-Triples (what publish compares)
    cached: bool = False  # taken from the cache, not parsed
    key: str = ""  # cache key


@dataclass(frozen=True)
class OtherSource:
    """A source of a resolution already built from another source (the official XML is read
    first: kg.sources.official_first): reported, not a second work and not an error."""

    path: str
    built_from: str
    graph: str

    def __str__(self) -> str:
        return f"{self.path}: another source of {self.graph}, built from {self.built_from}"


@dataclass
class BuildResult:
    out: Path
    base: str
    built: list[Built]
    errors: list[SourceError] = field(default_factory=list)
    others: list[OtherSource] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    report: Report | None = None  # SHACL validation, when asked for

    @property
    def paragraphs(self) -> int:
        return sum(b.paragraphs for b in self.built)

    @property
    def resolutions(self) -> int:
        """Resolutions built: a source of lettered parts (S/RES/161 A and B) holds several, and
        the six official texts of one resolution are one resolution."""
        return len({s for b in self.built if b.symbol for s in b.symbol.split("; ")}) + sum(
            1 for b in self.built if not b.symbol)

    @property
    def texts(self) -> int:
        return sum(b.symbol.count("; ") + 1 if b.symbol else 1 for b in self.built)

    @property
    def parsed(self) -> int:
        return sum(1 for b in self.built if not b.cached)

    def summary(self) -> str:
        reused = len(self.built) - self.parsed
        cache = f" ({reused} of {len(self.built)} sources from cache)" if reused else ""
        texts = f" in {self.texts} texts" if self.texts != self.resolutions else ""
        others = (f" ({len(self.others)} other sources of resolutions built from another)"
                  if self.others else "")
        return (f"{self.resolutions} resolutions{texts}{cache}{others}, {self.paragraphs} "
                f"paragraphs, {self.triples} triples in {self.seconds:.2f} s -> {self.out}")


def admit(result: BuildResult, seen: dict[str, str],
          done: Done) -> tuple[Built, Chunks] | None:
    """Record one source's outcome in `result`: a failure, another source of a graph already
    built (`seen`: graph -> path), or a built graph, which is returned."""
    if isinstance(done, Failed):
        result.errors.append(done.error())  # (raises instead for a full disk: see Failed)
        return None
    built, chunks = done
    if built.graph in seen:
        result.others.append(OtherSource(built.path, seen[built.graph], built.graph))
        return None
    seen[built.graph] = built.path
    result.built.append(built)
    return built, chunks


class ManyErrors(KgError):
    """Several unusable sources: a line each, for the first few (then how many more)."""

    def __init__(self, errors: list[SourceError]) -> None:
        self.errors = errors
        super().__init__(few(errors, shown=SHOWN_ERRORS, sep="\n")
                         + "\n(--keep-going skips unusable sources and builds the rest)")


def refuse_errors(result: BuildResult, keep_going: bool) -> None:
    """Stop the build at its unusable sources, unless it was asked to skip them."""
    if result.errors and not keep_going:
        errors = result.errors
        raise errors[0] if len(errors) == 1 else ManyErrors(errors)
