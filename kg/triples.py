"""Model: one annotated `Resolution` -> the RDF of its named graph, as N-Triples.

The vocabulary is the contract of DESIGN.md: unres terms for what ELI lacks, ELI for structure
and citation, DCTerms for symbols, PROV for where the graph came from.

The model writes N-Triples lines itself instead of building an rdflib Graph: a corpus of twenty
thousand resolutions is ten million triples, and rdflib's term objects and in-memory store
cost more than all the text stages together (about 11 ms a resolution, against 2 ms for the
lines). Every consumer downstream (cache, dumps, store, validation) wants N-Triples anyway;
`to_graph` parses them into rdflib for the few callers that want a Graph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from kg import TOOL, iris, symbols
from kg.document import Annex, Citation, Footnote, Metadata, Organ, Paragraph, RefData, Resolution
from kg.rdf.prefixes import PREFIX_IRIS

if TYPE_CHECKING:
    from rdflib import Graph

EN = "en"


class _Namespace:
    """Terms of a vocabulary as ready-made N-Triples IRIs: UNRES.text == "<...#text>"."""

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __getattr__(self, name: str) -> str:
        return f"<{self.iri}{name}>"

    __getitem__ = __getattr__


UNRES, ELI, DCTERMS, PROV, RDF, RDFS, FOAF = (
    _Namespace(PREFIX_IRIS[p]) for p in ("unres", "eli", "dcterms", "prov", "rdf", "rdfs", "foaf"))
XSD = PREFIX_IRIS["xsd"]

# Characters that may not appear in an N-Triples IRI; iris.py never makes them, but a symbol
# from a sidecar or a curated IRI might, and one bad line would fail the whole store load.
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


_SDG = "http://metadata.un.org/sdg/"


def iri(value: str) -> str:
    if _NOT_IN_IRI.search(value):
        value = _NOT_IN_IRI.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), value)
    return f"<{value}>"


def literal(text: str, *, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal; the escapes are the four the grammar requires."""
    quoted = (text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
              .replace("\r", "\\r"))
    if lang:
        return f'"{quoted}"@{lang}'
    return f'"{quoted}"^^<{datatype}>' if datatype else f'"{quoted}"'


def _date(day: dt.date) -> str:
    return literal(day.isoformat(), datatype=XSD + "date")


def positive(n: int) -> str:
    return literal(str(n), datatype=XSD + "positiveInteger")


class Triples:
    """One graph's triples as N-Triples lines, each once, in the order they were stated."""

    def __init__(self) -> None:
        self.lines: dict[str, None] = {}

    def add(self, triple: tuple[str, str, str]) -> None:
        s, p, o = triple
        self.lines[f"{s} {p} {o} .\n"] = None

    def __len__(self) -> int:
        return len(self.lines)

    def ntriples(self) -> bytes:
        return "".join(self.lines).encode("utf-8")


def document_ntriples(parts: Sequence[Resolution], *, base: str,
                      refdata: RefData) -> tuple[str, Triples]:
    """The named graph of one source: its resolution, or every lettered part of it (S/RES/161 A
    and B), in one graph named after the document as printed (`.../161-1961`): a graph is
    what one source says, so that a rebuild or a publish replaces it whole."""
    if len(parts) == 1:
        return _in_language(*to_ntriples(parts[0], base=base, refdata=refdata), parts[0], base)
    first = parts[0]
    symbol = iris.without_letter(first.metadata.symbol) if first.metadata.symbol else None
    document = replace(first, metadata=replace(first.metadata, symbol=symbol))
    name = _graph_name(base, _work_iri(document, base, refdata), first.metadata.language or EN)
    g = Triples()
    for part in parts:
        to_ntriples(part, base=base, refdata=refdata, graph=(name, g))
    return _in_language(name, g, first, base)


def _in_language(name: str, g: Triples, res: Resolution, base: str) -> tuple[str, Triples]:
    """Another official text than the English one says only what is its own: its texts and
    titles in its language, and where they come from. The work, its paragraphs and their
    structure are stated once, by the English text's graph, so that a query over all graphs
    sees each statement once (Oxigraph's union of graphs keeps duplicates)."""
    lang = res.metadata.language or EN
    if lang == EN:
        return name, g
    own = f'"@{lang} .\n'
    keep = (iri(name) + " ", iri(iris.source_iri(base, res.source.sha256)) + " ")
    out = Triples()
    out.lines = {line: None for line in g.lines if line.endswith(own) or line.startswith(keep)}
    return name, out


def _graph_name(base: str, work: str, lang: str) -> str:
    """A graph is what one source says: the English text's is named after the work, each
    other official text's after the work and its language (`.../78-216/fr`), so that the six
    texts of one resolution are six graphs describing the same work and paragraphs."""
    name = iris.graph_iri(base, work)
    return name if lang == EN else f"{name}/{lang}"


def _work_iri(res: Resolution, base: str, refdata: RefData) -> str:
    """Named by the organ whose resolutions the symbol numbers (A/HRC/RES/: the Council, even
    where the cover page prints "General Assembly", as the UN's files name it), else by the
    organ the text or sidecar names."""
    organ = _symbol_organ(res.metadata.symbol, refdata) or refdata.organ_by_label(
        res.metadata.body or "")
    actor = organ.actor if organ and organ.actor else "un"
    return iris.work_iri(base, res.metadata, actor, res.source.sha256)


def _symbol_organ(symbol: str | None, refdata: RefData) -> Organ | None:
    """The organ with an actor whose resolution symbols begin as `symbol` does (the longest
    such prefix: A/HRC/RES/ before A/RES/ could ever match), or None."""
    if not symbol:
        return None
    spelled = symbols.canonical(symbol)
    found = [o for o in refdata.organs
             if o.actor and o.symbol_prefix and spelled.startswith(o.symbol_prefix)]
    return max(found, key=lambda o: len(o.symbol_prefix or ""), default=None)


def to_ntriples(res: Resolution, *, base: str, refdata: RefData,
                graph: tuple[str, Triples] | None = None) -> tuple[str, Triples]:
    """The named graph of one resolution: its name (an IRI string) and its triples; or, with
    `graph`, its triples added to that graph."""
    meta = res.metadata
    lang = meta.language or EN
    organ = refdata.organ_by_label(meta.body or "")
    work_iri = _work_iri(res, base, refdata)
    name_iri, g = graph if graph else (_graph_name(base, work_iri, lang), Triples())
    work, name = iri(work_iri), iri(name_iri)
    draft = meta.kind == "draft"
    g.add((work, RDF.type, UNRES.DraftResolution if draft else UNRES.Resolution))
    if meta.symbol:  # the IRI keeps the symbol as printed; the identifier is one spelling
        symbol = symbols.canonical(meta.symbol)
        g.add((work, DCTERMS.identifier, literal(symbol)))
        g.add((work, RDFS.label, literal(symbol)))
        g.add((work, RDFS.seeAlso, iri(iris.un_address(symbol))))
    if meta.title:
        g.add((work, ELI.title, literal(meta.title, lang=lang)))
    for subject, label in meta.subjects or ():
        g.add((work, DCTERMS.subject, iri(subject)))
        if label and not subject.startswith(_SDG):  # (the goals' labels are reference data)
            g.add((iri(subject), RDFS.label, literal(label, lang=EN)))
    if meta.adopted:
        g.add((work, ELI.date_document, _date(meta.adopted)))
    if meta.distributed:
        g.add((work, ELI.date_publication, _date(meta.distributed)))
    if organ:
        g.add((work, ELI.passed_by, iri(organ.iri)))
    if meta.session:
        g.add((work, UNRES.session, positive(meta.session)))
    if meta.meeting:
        g.add((work, UNRES.adoptedAtMeeting, positive(meta.meeting)))
    if meta.report:
        g.add((work, UNRES.onReportOf, _cited(g, base, Citation("document", meta.report))))
    if meta.series:
        g.add((work, UNRES.series, literal(meta.series)))
    if meta.committee and (committee := refdata.organ_by_label(meta.committee)):
        g.add((work, UNRES.reportingCommittee, iri(committee.iri)))
    _adoption(g, base, work, meta, draft)
    if res.consider_at_session:
        g.add((work, UNRES.considerAtSession, positive(res.consider_at_session)))
    for earlier in res.earlier_in_series:
        g.add((work, UNRES.earlierInSeries, _cited(g, base, Citation("resolution", earlier))))
    for position, (eid, paragraph) in enumerate(_eids(res), start=1):
        _paragraph(g, base, work, work, eid, paragraph, position, lang)
    for annex in res.annexes:
        _annex(g, base, work, annex, len(res.annexes), lang)
    _provenance(g, base, name, res)
    g.add((name, FOAF.primaryTopic, work))  # which resolution this graph is about
    return name_iri, g


def to_graph(res: Resolution, *, base: str, refdata: RefData) -> tuple[str, Graph]:
    """The same as an rdflib Graph (for inspection and tests; the build never needs one)."""
    name, triples = to_ntriples(res, base=base, refdata=refdata)
    return name, rdflib_graph(name, triples)


def rdflib_graph(name: str, triples: Triples) -> Graph:
    """A named graph's triples parsed into rdflib, with the project's prefixes bound."""
    from rdflib import Graph, URIRef

    from kg.rdf.namespaces import bind

    graph = bind(Graph(identifier=URIRef(name)))
    graph.parse(data=triples.ntriples(), format="nt")
    return graph


def _adoption(g: Triples, base: str, work: str, meta: Metadata, draft: bool) -> None:
    """Vote, and the link between a draft and the resolution it became (both directions are
    stated, so that either graph answers the question alone)."""
    if draft:
        if meta.became:
            target = _cited(g, base, Citation("resolution", meta.became))
            g.add((work, UNRES.becameResolution, target))
            g.add((target, UNRES.adoptedFromDraft, work))
        return
    if meta.draft:
        g.add((work, UNRES.adoptedFromDraft, _cited(g, base, Citation("document", meta.draft))))
    if meta.vote:
        g.add((work, UNRES.voteOutcome, literal(meta.vote)))
        counts = meta.vote.split("-")
        if len(counts) == 3 and all(c.isdigit() for c in counts):
            for prop, n in zip((UNRES.votesInFavour, UNRES.votesAgainst, UNRES.abstentions),
                               counts, strict=True):
                g.add((work, prop, literal(str(int(n)), datatype=XSD + "nonNegativeInteger")))
    if meta.agenda_item:
        g.add((work, UNRES.agendaItem, literal(meta.agenda_item)))
    if not meta.votes and not meta.sponsors:
        return
    from kg.states import state_iri  # the vocabulary is read only by builds that name States

    for name in meta.sponsors or ():
        g.add((work, UNRES.sponsorName, literal(name)))
        if sponsor := state_iri(name, base):
            g.add((work, UNRES.sponsoredBy, iri(sponsor)))
    for state, value in meta.votes or ():
        cast = iri(f"{work[1:-1]}/vote/{iris.slug(state)}")
        g.add((work, UNRES.recordedVote, cast))
        g.add((cast, RDF.type, UNRES.VoteCast))
        g.add((cast, UNRES.memberState, literal(state)))
        if voter := state_iri(state, base):
            g.add((cast, UNRES.voter, iri(voter)))
        g.add((cast, UNRES.voteValue, iri(f"{base}akn/ontology/concept/un/vote/{value}")))


def _eids(res: Resolution) -> list[tuple[str, Paragraph]]:
    """Operative paragraphs are named by printed number. Where numbering restarts (each
    section of a budget resolution counts from 1), the paragraphs from the k-th restart on are
    named in their run, `sec_k__para_1` (AKN's form for a paragraph in a section), so that no
    two paragraphs share an IRI and the first run keeps the names it always had."""
    pre = [(iris.preamble_eid(n), p) for n, p in enumerate(res.preamble, start=1)]
    run, seen = 1, set()
    ops = []
    for n, p in enumerate(res.operative, 1):
        eid = iris.operative_eid(p.number or str(n))
        if eid in seen:  # a number seen in this run: a new run (section) starts here
            run, seen = run + 1, set()
        seen.add(eid)
        ops.append((eid if run == 1 else f"sec_{run}__{eid}", p))
    return pre + ops


_CLASSES = {
    "preambular": UNRES.PreambularParagraph,
    "operative": UNRES.OperativeParagraph,
    "sub": UNRES.SubParagraph,
}


def _paragraph(g: Triples, base: str, work: str, parent: str, eid: str, p: Paragraph,
               position: int | None, lang: str) -> None:
    node = iri(iris.portion(work[1:-1], eid))
    g.add((node, RDF.type, _CLASSES[p.kind]))
    g.add((node, RDF.type, UNRES.Paragraph))
    g.add((node, ELI.is_part_of, parent))
    g.add((parent, ELI.has_part, node))
    g.add((node, ELI.id_local, literal(eid)))
    if p.eid:  # (in the language of its file: each official text numbers its eIds itself)
        g.add((node, UNRES.eId, literal(p.eid, lang=lang)))
    if p.number:
        g.add((node, ELI.number, literal(p.number)))
    if position is not None:
        g.add((node, UNRES.position, positive(position)))
    g.add((node, UNRES.text, literal(p.text, lang=lang)))
    g.add((node, UNRES.sourceLine, positive(p.line)))
    if p.phrase:
        g.add((node, UNRES.openingPhrase, iri(p.phrase)))
    for citation in p.citations:
        g.add((node, ELI.cites, _cited(g, base, citation)))
    for mentioned in p.mentions:
        g.add((node, UNRES.mentions, iri(mentioned)))
    for footnote in p.footnotes:
        g.add((node, UNRES.footnote, _footnote(g, base, work, eid, footnote, lang)))
    for sub_eid, sub in _point_eids(eid, p.subparagraphs):
        _paragraph(g, base, work, node, sub_eid, sub, None, lang)


def _annex(g: Triples, base: str, work: str, annex: Annex, count: int, lang: str) -> None:
    eid = iris.annex_eid(annex.number, count)
    node = iri(iris.annex(work[1:-1], eid))
    g.add((node, RDF.type, UNRES.Annex))
    g.add((node, ELI.is_part_of, work))
    g.add((work, ELI.has_part, node))
    g.add((node, ELI.id_local, literal(eid)))
    if annex.title:
        g.add((node, ELI.title, literal(annex.title, lang=lang)))
    g.add((node, UNRES.text, literal(annex.text, lang=lang)))
    g.add((node, UNRES.sourceLine, positive(annex.line)))
    for citation in annex.citations:
        g.add((node, ELI.cites, _cited(g, base, citation)))


def _point_eids(parent: str, points: tuple[Paragraph, ...]) -> list[tuple[str, Paragraph]]:
    """AKN eIds of sub-paragraphs: a label seen again ("(a)" of a second list) starts the next
    list, so that two lists in one paragraph never share an IRI."""
    out, seen, lists = [], set(), 1
    for n, point in enumerate(points, start=1):
        label = point.number or str(n)
        if label in seen:
            lists, seen = lists + 1, set()
        seen.add(label)
        out.append((iris.point_eid(parent, label, lists), point))
    return out


def _footnote(g: Triples, base: str, work: str, eid: str, f: Footnote, lang: str) -> str:
    node = iri(iris.portion(work[1:-1], iris.footnote_eid(eid, f.number)))
    g.add((node, RDF.type, UNRES.Footnote))
    g.add((node, ELI.number, literal(str(f.number))))
    g.add((node, UNRES.text, literal(f.text, lang=lang)))
    g.add((node, UNRES.sourceLine, positive(f.line)))
    for citation in f.citations:
        g.add((node, ELI.cites, _cited(g, base, citation)))
    return node


def _cited(g: Triples, base: str, c: Citation) -> str:
    """The node a citation points at; documents and resolutions are described by their symbol
    so that a citation never points at nothing."""
    if c.kind == "instrument":
        return iri(c.key)
    node = iri(iris.symbol_iri(base, c.key))
    g.add((node, RDF.type, UNRES.Resolution if c.kind == "resolution" else UNRES.Document))
    g.add((node, DCTERMS.identifier, literal(symbols.canonical(c.key))))
    return node


def _provenance(g: Triples, base: str, name: str, res: Resolution) -> None:
    source = iri(iris.source_iri(base, res.source.sha256))
    g.add((name, RDF.type, PROV.Entity))
    g.add((name, PROV.wasDerivedFrom, source))
    g.add((name, UNRES.toolVersion, literal(TOOL)))
    g.add((source, RDF.type, UNRES.SourceFile))
    g.add((source, RDF.type, PROV.Entity))
    g.add((source, RDFS.label, literal(res.source.name)))
    g.add((source, UNRES.sha256, literal(res.source.sha256)))
    g.add((source, DCTERMS["format"], literal(res.source.media_type)))
