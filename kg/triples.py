"""Model: one annotated `Resolution` -> the RDF of its named graph.

The vocabulary is the contract of DESIGN.md: unres terms for what ELI lacks, ELI for structure
and citation, DCTerms for symbols, PROV for where the graph came from.
"""

from __future__ import annotations

from rdflib import DCTERMS, FOAF, PROV, RDF, RDFS, XSD, Graph, Literal, URIRef

from kg import TOOL, iris
from kg.document import Citation, Footnote, Metadata, Paragraph, RefData, Resolution
from kg.namespaces import ELI, UNRES, bind

EN = "en"


def positive(n: int) -> Literal:
    return Literal(n, datatype=XSD.positiveInteger)


def to_graph(res: Resolution, *, base: str, refdata: RefData) -> tuple[URIRef, Graph]:
    """The named graph of one resolution: its name and its triples."""
    meta = res.metadata
    organ = refdata.organ_by_label(meta.body or "")
    actor = organ.actor if organ and organ.actor else "un"
    work = URIRef(iris.work_iri(base, meta, actor, res.source.sha256))
    name = URIRef(iris.graph_iri(base, str(work)))
    g = bind(Graph(identifier=name))
    draft = meta.kind == "draft"
    g.add((work, RDF.type, UNRES.DraftResolution if draft else UNRES.Resolution))
    if meta.symbol:
        g.add((work, DCTERMS.identifier, Literal(meta.symbol)))
        g.add((work, RDFS.label, Literal(meta.symbol)))
        g.add((work, RDFS.seeAlso, URIRef(iris.un_address(meta.symbol))))
    if meta.title:
        g.add((work, ELI.title, Literal(meta.title, lang=EN)))
    if meta.adopted:
        g.add((work, ELI.date_document, Literal(meta.adopted, datatype=XSD.date)))
    if meta.distributed:
        g.add((work, ELI.date_publication, Literal(meta.distributed, datatype=XSD.date)))
    if organ:
        g.add((work, ELI.passed_by, URIRef(organ.iri)))
    if meta.session:
        g.add((work, UNRES.session, positive(meta.session)))
    if meta.meeting:
        g.add((work, UNRES.adoptedAtMeeting, positive(meta.meeting)))
    if meta.report:
        g.add((work, UNRES.onReportOf, _cited(g, base, Citation("document", meta.report))))
    if meta.series:
        g.add((work, UNRES.series, Literal(meta.series)))
    if meta.committee and (committee := refdata.organ_by_label(meta.committee)):
        g.add((work, UNRES.reportingCommittee, URIRef(committee.iri)))
    _adoption(g, base, work, meta, draft)
    if res.consider_at_session:
        g.add((work, UNRES.considerAtSession, positive(res.consider_at_session)))
    for position, (eid, paragraph) in enumerate(_eids(res), start=1):
        _paragraph(g, base, work, work, eid, paragraph, position)
    _provenance(g, base, name, res)
    g.add((name, FOAF.primaryTopic, work))  # which resolution this graph is about
    return name, g


def _adoption(g: Graph, base: str, work: URIRef, meta: Metadata, draft: bool) -> None:
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
        g.add((work, UNRES.voteOutcome, Literal(meta.vote)))
        counts = meta.vote.split("-")
        if len(counts) == 3 and all(c.isdigit() for c in counts):
            for prop, n in zip((UNRES.votesInFavour, UNRES.votesAgainst, UNRES.abstentions),
                               counts, strict=True):
                g.add((work, prop, Literal(int(n), datatype=XSD.nonNegativeInteger)))


def _eids(res: Resolution) -> list[tuple[str, Paragraph]]:
    pre = [(iris.preamble_eid(n), p) for n, p in enumerate(res.preamble, start=1)]
    ops = [(iris.operative_eid(p.number or str(n)), p) for n, p in enumerate(res.operative, 1)]
    return pre + ops


_CLASSES = {
    "preambular": UNRES.PreambularParagraph,
    "operative": UNRES.OperativeParagraph,
    "sub": UNRES.SubParagraph,
}


def _paragraph(g: Graph, base: str, work: URIRef, parent: URIRef, eid: str, p: Paragraph,
               position: int | None) -> None:
    node = URIRef(iris.portion(str(work), eid))
    g.add((node, RDF.type, _CLASSES[p.kind]))
    g.add((node, RDF.type, UNRES.Paragraph))
    g.add((node, ELI.is_part_of, parent))
    g.add((parent, ELI.has_part, node))
    g.add((node, ELI.id_local, Literal(eid)))
    if p.number:
        g.add((node, ELI.number, Literal(p.number)))
    if position is not None:
        g.add((node, UNRES.position, positive(position)))
    g.add((node, UNRES.text, Literal(p.text, lang=EN)))
    g.add((node, UNRES.sourceLine, positive(p.line)))
    if p.phrase:
        g.add((node, UNRES.openingPhrase, URIRef(p.phrase)))
    for citation in p.citations:
        g.add((node, ELI.cites, _cited(g, base, citation)))
    for iri in p.mentions:
        g.add((node, UNRES.mentions, URIRef(iri)))
    for footnote in p.footnotes:
        g.add((node, UNRES.footnote, _footnote(g, base, work, eid, footnote)))
    for sub_eid, sub in _point_eids(eid, p.subparagraphs):
        _paragraph(g, base, work, node, sub_eid, sub, None)


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


def _footnote(g: Graph, base: str, work: URIRef, eid: str, f: Footnote) -> URIRef:
    node = URIRef(iris.portion(str(work), iris.footnote_eid(eid, f.number)))
    g.add((node, RDF.type, UNRES.Footnote))
    g.add((node, ELI.number, Literal(str(f.number))))
    g.add((node, UNRES.text, Literal(f.text, lang=EN)))
    g.add((node, UNRES.sourceLine, positive(f.line)))
    for citation in f.citations:
        g.add((node, ELI.cites, _cited(g, base, citation)))
    return node


def _cited(g: Graph, base: str, c: Citation) -> URIRef:
    """The node a citation points at; documents and resolutions are described by their symbol
    so that a citation never points at nothing."""
    if c.kind == "instrument":
        return URIRef(c.key)
    node = URIRef(iris.symbol_iri(base, c.key))
    g.add((node, RDF.type, UNRES.Resolution if c.kind == "resolution" else UNRES.Document))
    g.add((node, DCTERMS.identifier, Literal(c.key)))
    return node


def _provenance(g: Graph, base: str, name: URIRef, res: Resolution) -> None:
    source = URIRef(iris.source_iri(base, res.source.sha256))
    g.add((name, RDF.type, PROV.Entity))
    g.add((name, PROV.wasDerivedFrom, source))
    g.add((name, UNRES.toolVersion, Literal(TOOL)))
    g.add((source, RDF.type, UNRES.SourceFile))
    g.add((source, RDF.type, PROV.Entity))
    g.add((source, RDFS.label, Literal(res.source.name)))
    g.add((source, UNRES.sha256, Literal(res.source.sha256)))
    g.add((source, DCTERMS["format"], Literal(res.source.media_type)))
