"""The ontology, the reference vocabularies and their fit with what the pipeline emits.

FIBO-style hygiene: every unres term is labelled and defined, every term a built graph uses is
declared (here or in a reused vocabulary), every class is covered by a shape, and the curated
reference data is labelled the way the extractors and the shapes expect.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib.namespace as rns
from rdflib import OWL, RDF, RDFS, SH, SKOS, Graph, Literal, URIRef

from kg.extract import extract
from kg.normalise import normalise
from kg.rdf.resources import (
    ontology_graph,
    reference_data,
    reference_graph,
    shapes_graph,
)
from kg.segment import segment
from kg.settings import DEFAULT_BASE
from kg.sources import read_source
from kg.triples import to_graph
from kg.validation.entrypoints import validate_graph

UNRES = "https://w3id.org/unres/ontology#"
ELI = "http://data.europa.eu/eli/ontology#"
SEEDS = Path(__file__).parent.parent / "corpus" / "seeds"
CONCEPTS = DEFAULT_BASE + "akn/ontology/concept/un/"
PHRASE_SCHEMES = {URIRef(CONCEPTS + "preambular-phrases"), URIRef(CONCEPTS + "operative-phrases")}
# ELI terms the model may use: the ELI ontology is imported, not copied, so a typo such as
# eli:isPartOf would otherwise go unnoticed.
ELI_TERMS = {URIRef(ELI + t) for t in (
    "LegalResource", "LegalResourceSubdivision", "is_part_of", "has_part", "cites", "passed_by",
    "date_document", "date_publication", "number", "id_local", "title",
)}
# Reused vocabularies whose terms rdflib knows (closed namespaces): a term outside them is a typo.
CLOSED = (rns.DCTERMS, rns.SKOS, rns.PROV, rns.RDFS, rns.RDF, rns.OWL, rns.XSD, rns.FOAF)


def _declared(kind: URIRef) -> set[URIRef]:
    g = ontology_graph()
    return {s for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef) and s.startswith(UNRES)}


def test_the_ontology_parses_and_has_a_header() -> None:
    g = ontology_graph()
    (ontology,) = g.subjects(RDF.type, OWL.Ontology)
    assert ontology == URIRef("https://w3id.org/unres/ontology")
    assert g.value(ontology, OWL.versionInfo) is not None
    assert len(_declared(OWL.Class)) >= 14


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_every_term_has_an_english_label_and_comment(kind: URIRef) -> None:
    g = ontology_graph()
    for term in _declared(kind):
        for prop in (RDFS.label, RDFS.comment):
            values = list(g.objects(term, prop))
            assert len(values) == 1, f"{term} needs one {prop}"
            assert isinstance(values[0], Literal) and values[0].language == "en", term
            assert str(values[0]).strip(), term


def test_the_ontology_passes_its_hygiene_shapes() -> None:
    report = validate_graph(ontology_graph(), levels=("ontology",))
    assert report.results == [], report.to_text()


def test_every_declared_term_is_typed_once() -> None:
    """A term declared both a class and a property is a modelling error."""
    classes = _declared(OWL.Class)
    properties = _declared(OWL.ObjectProperty) | _declared(OWL.DatatypeProperty)
    assert classes and properties and not classes & properties


# ---------------------------------------------------------------- what the pipeline emits

def _build(path: Path) -> Graph:
    rd = reference_data()
    source = read_source(path)
    _, graph = to_graph(extract(segment(source, normalise(source.text), rd), rd),
                        base=DEFAULT_BASE, refdata=rd)
    return graph


@pytest.fixture(scope="module")
def seed_graphs() -> list[Graph]:
    return [_build(SEEDS / "000_bccda29d65a91df4.txt"), _build(SEEDS / "001_c8e08ed3fe9b88b9.txt")]


def _known(term: URIRef, declared: set[URIRef]) -> bool:
    if term.startswith(UNRES):
        return term in declared
    if term.startswith(ELI):
        return term in ELI_TERMS
    for ns in CLOSED:
        if term.startswith(str(ns)):
            return issubclass(ns, rns.DefinedNamespace) and term in ns
    return False


def test_every_term_the_seeds_use_is_declared(seed_graphs: list[Graph]) -> None:
    declared = set(ontology_graph().subjects(RDF.type, None))
    used = set()
    for graph in seed_graphs:
        used |= set(graph.predicates())
        used |= {o for o in graph.objects(None, RDF.type) if isinstance(o, URIRef)}
    assert {t for t in used if not _known(t, declared)} == set()
    assert URIRef(UNRES + "openingPhrase") in used  # the check looked at real graphs


def test_every_unres_term_in_the_shapes_is_declared() -> None:
    declared = set(ontology_graph().subjects(RDF.type, None))
    used = {t for triple in shapes_graph() for t in triple
            if isinstance(t, URIRef) and t.startswith(UNRES)}
    assert used - declared == set()


def test_every_class_is_targeted_by_a_shape() -> None:
    shapes, ontology = shapes_graph(), ontology_graph()
    targeted = set(shapes.objects(None, SH.targetClass))
    targeted |= {s for s in shapes.subjects(RDF.type, SH.NodeShape)}  # implicit class targets
    for prop in shapes.objects(None, SH.targetSubjectsOf):
        targeted |= set(ontology.objects(prop, RDFS.domain))
    for prop in shapes.objects(None, SH.targetObjectsOf):
        targeted |= set(ontology.objects(prop, RDFS.range))
    assert _declared(OWL.Class) - targeted == set()


# ---------------------------------------------------------------- reference data

@pytest.mark.parametrize("cls", ["Instrument", "Mandate", "Organ"])
def test_every_instrument_mandate_and_organ_is_labelled(cls: str) -> None:
    g = reference_graph()
    nodes = set(g.subjects(RDF.type, URIRef(UNRES + cls)))
    assert nodes, f"no unres:{cls} in the reference data"
    for node in nodes:
        for prop in (RDFS.label, SKOS.prefLabel):
            labels = [x for x in g.objects(node, prop) if isinstance(x, Literal)]
            assert labels and all(x.language == "en" and x.strip() for x in labels), (node, prop)


def test_every_phrase_has_one_lower_case_label_in_a_phrase_scheme() -> None:
    g = reference_graph()
    phrases = set(g.subjects(RDF.type, URIRef(UNRES + "OpeningPhrase")))
    assert len(phrases) > 40
    for phrase in phrases:
        (label,) = g.objects(phrase, SKOS.prefLabel)
        assert label.language == "en" and str(label) == str(label).lower(), phrase
        for alt in g.objects(phrase, SKOS.altLabel):
            assert str(alt) == str(alt).lower(), (phrase, alt)
        assert (phrase, RDF.type, SKOS.Concept) in g
        (scheme,) = g.objects(phrase, SKOS.inScheme)
        assert scheme in PHRASE_SCHEMES, phrase


def test_phrase_labels_are_unique_within_a_scheme() -> None:
    """Two concepts with one label would make the phrase an extractor picks arbitrary."""
    g = reference_graph()
    seen: dict[tuple[URIRef, str], URIRef] = {}
    for phrase in g.subjects(RDF.type, URIRef(UNRES + "OpeningPhrase")):
        scheme = g.value(phrase, SKOS.inScheme)
        for label in [*g.objects(phrase, SKOS.prefLabel), *g.objects(phrase, SKOS.altLabel)]:
            key = (scheme, str(label))
            assert seen.setdefault(key, phrase) == phrase, f"{label!r}: {seen[key]} and {phrase}"


def test_the_reference_data_passes_the_shapes() -> None:
    """An empty graph validated with the reference data reports the reference data's defects."""
    report = validate_graph(Graph())
    assert report.results == [], report.to_text()
