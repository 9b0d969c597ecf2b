"""Frozen values that flow through the text stages: a source, its metadata, the resolution tree.

They carry no RDF: the text stages (sources, normalise, segment, extract) know nothing of rdflib,
so a corpus can be parsed in parallel workers and each stage tested on plain values.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Literal

ParagraphKind = Literal["preambular", "operative", "sub"]


@dataclass(frozen=True)
class Metadata:
    """What is known about a resolution apart from its paragraphs (header, closing or sidecar)."""

    symbol: str | None = None
    title: str | None = None
    adopted: dt.date | None = None
    distributed: dt.date | None = None
    meeting: int | None = None
    session: int | None = None
    body: str | None = None  # organ label as printed ("General Assembly")
    report: str | None = None  # symbol of the committee report it was adopted on
    committee: str | None = None  # "Third Committee"
    vote: str | None = None  # "without a vote", "unanimously", "127-14-41" (yes-no-abstain)
    kind: str | None = None  # "resolution" or "draft" (a draft is a document of its own kind)
    draft: str | None = None  # symbol of the draft a resolution was adopted from
    became: str | None = None  # symbol of the resolution a draft became
    series: str | None = None  # names the series explicitly when titles change between sessions
    # a recorded vote per Member State, from a roll-call table: (state, "yes"|"no"|"abstain"|
    # "absent"), in the table's order
    votes: tuple[tuple[str, str], ...] | None = None
    language: str | None = None  # BCP 47 tag of the text ("fr"); None: English
    # what it is about, as its publisher classified it: (IRI, English label) of UNBIS
    # Thesaurus concepts, EuroVoc concepts, Sustainable Development Goals
    subjects: tuple[tuple[str, str], ...] | None = None
    # who put the draft forward, as the publisher's extract names them (Member States in upper
    # case, or "SUBMITTED BY THE PRESIDENT OF THE GENERAL ASSEMBLY"), sponsors then additional
    sponsors: tuple[str, ...] | None = None
    agenda_item: str | None = None  # as printed: "Agenda item 74", "Agenda items 13 and 117"

    def overlaid(self, other: Metadata) -> Metadata:
        """Values of `other` win where they are set: a sidecar overrides the text."""
        changes = {k: v for k, v in vars(other).items() if v is not None}
        return replace(self, **changes)

    def filled(self, other: Metadata) -> Metadata:
        """Values of `other` only where this has none: a metadata table fills what the text
        lacks, never overrides it."""
        return other.overlaid(self)


@dataclass(frozen=True)
class Structure:
    """A resolution's paragraphs as its markup states them (Akoma Ntoso), so that `segment`
    takes them as they are instead of finding them in text."""

    preamble: tuple[Paragraph, ...]
    operative: tuple[Paragraph, ...]
    annexes: tuple[Annex, ...] = ()
    letter: str | None = None  # the part's letter in a collection ("A", "B")


@dataclass(frozen=True)
class Source:
    """A decoded input file with the metadata of its sidecar, if any."""

    path: str  # as given by the user, for messages
    name: str  # file name, for provenance
    text: str
    sha256: str
    media_type: str
    sidecar: Metadata = field(default_factory=Metadata)
    sidecar_path: str | None = None
    front: Metadata = field(default_factory=Metadata)  # front matter: fills what text lacks
    # the paragraphs, where the markup says what they are: one structure, or one per lettered
    # part; empty for text, whose paragraphs `segment` finds
    structure: tuple[Structure, ...] = ()


@dataclass(frozen=True)
class Line:
    """A line of normalised text with the 1-based number of the source line it came from."""

    number: int
    text: str
    page_start: bool = False  # the first line of a new page (a form feed preceded it)


@dataclass(frozen=True)
class Citation:
    """Something a paragraph or footnote cites: a resolution or document by symbol, or an
    instrument by its reference-data IRI."""

    kind: Literal["resolution", "document", "instrument"]
    key: str  # the symbol ("A/RES/53/144") or the instrument IRI
    printed: str = ""  # the text that produced it, for debugging and tests


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    line: int
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    kind: ParagraphKind
    text: str
    line: int
    number: str | None = None  # printed number of an operative paragraph or sub-paragraph label
    footnotes: tuple[Footnote, ...] = ()
    subparagraphs: tuple[Paragraph, ...] = ()
    phrase: str | None = None  # IRI of the opening-phrase concept
    citations: tuple[Citation, ...] = ()
    mentions: tuple[str, ...] = ()  # IRIs of mandates, organs, addressees
    # the eId an official Akoma Ntoso file gives it ("para_30"), not kg's (by printed number)
    eid: str | None = None


@dataclass(frozen=True)
class Annex:
    """Text annexed to a resolution after its closing, under an "Annex" heading."""

    number: int  # 1, 2, ... in the order printed
    heading: str  # as printed: "Annex", "Annex II"
    title: str | None
    text: str  # its paragraphs, one per line
    line: int  # source line of the heading
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Resolution:
    """A segmented (and, after extract, annotated) resolution."""

    source: Source
    metadata: Metadata
    preamble: tuple[Paragraph, ...]
    operative: tuple[Paragraph, ...]
    consider_at_session: int | None = None
    annexes: tuple[Annex, ...] = ()
    earlier_in_series: tuple[str, ...] = ()  # symbols of those it names as earlier ones

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.preamble + self.operative


@dataclass(frozen=True)
class Named:
    """A reference-data entity: its IRI and the labels that name it in text."""

    iri: str
    labels: tuple[str, ...]  # full names, matched anywhere
    short_names: tuple[str, ...] = ()  # matched only after a full mention in the same resolution
    adopted_by: str | None = None  # symbol of the adopting resolution (instruments)


@dataclass(frozen=True)
class Phrase:
    iri: str
    label: str  # lower-case English
    kind: Literal["preambular", "operative"]


@dataclass(frozen=True)
class Organ:
    iri: str
    labels: tuple[str, ...]
    actor: str | None  # AKN4UN actor ("unga") for organs that adopt resolutions
    symbol_prefix: str | None  # prefix of its resolution symbols ("A/RES/")
    short_names: tuple[str, ...] = ()
    number_pattern: str | None = None  # form of its resolution numbers, a regular expression
    former_actors: tuple[str, ...] = ()  # actors kg named its works by before ("un-ga")

    def numbers(self, number: str) -> bool:
        """True when `number` ("462 (1980)") has the form of this organ's resolution numbers."""
        return bool(self.number_pattern and re.fullmatch(self.number_pattern, number))


@dataclass(frozen=True)
class RefData:
    """Curated reference data as plain values, so that extract never touches RDF."""

    phrases: tuple[Phrase, ...]
    instruments: tuple[Named, ...]
    mandates: tuple[Named, ...]
    organs: tuple[Organ, ...]
    addressees: tuple[Named, ...]

    def organ_by_label(self, label: str) -> Organ | None:
        folded = label.casefold()
        for organ in self.organs:
            if any(x.casefold() == folded for x in organ.labels):
                return organ
        return None
