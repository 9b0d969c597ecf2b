"""The fast SHACL engine (kg.validation.fast) gives pyshacl's report, result for result.

pyshacl is the reference implementation: every graph of a build of the bundled corpus (with its
lineage graph), intact and with a fifth of its triples removed (which breaks most rules: counts,
classes, closed shapes, sh:equals, SPARQL constraints), is validated by both engines and the
reports must be identical in every field. tests/test_shapes.py does the same for every defect
example. A shape feature the engine does not implement is refused, never skipped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.build import build
from kg.builddir.dumps import iter_graphs
from kg.rdf.resources import shapes_graph
from kg.validation.entrypoints import validate_graph, validate_ntriples, validate_path
from kg.validation.fast import Unsupported, compile_shapes
from kg.validation.runner import validate_build

SKIPPED = ("graph/reference", "graph/ontology")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shacl") / "out"
    result = build([], out, lineage=True, jobs=1)
    assert not result.errors
    return out


@pytest.fixture(scope="module")
def graphs(bundled: Path) -> list[tuple[str, bytes]]:
    found = [(name, nt) for name, nt in iter_graphs(bundled) if not name.endswith(SKIPPED)]
    assert len(found) >= 14 and any("/lineage/" in name for name, _ in found)
    return found


def _broken(graph: Graph) -> Graph:
    """The graph without every fifth triple (in a fixed order)."""
    broken = Graph(identifier=graph.identifier)
    for i, triple in enumerate(sorted(graph)):
        if i % 5:
            broken.add(triple)
    return broken


@pytest.mark.slow
def test_both_engines_report_the_same_on_every_graph_of_a_build(graphs) -> None:
    fired: set[str] = set()
    for name, nt in graphs:
        graph = Graph(identifier=URIRef(name)).parse(data=nt, format="nt")
        for variant in (graph, _broken(graph)):
            reference = validate_graph(variant, engine="pyshacl")
            fast = validate_graph(variant, engine="fast")
            assert fast.results == reference.results, name
            fired |= {r.shape for r in reference.results}
        from_bytes, _ = validate_ntriples(nt)  # the workers' path: N-Triples, no rdflib
        assert from_bytes.results == validate_graph(graph, engine="fast").results, name
    assert len(fired) >= 25, sorted(fired)  # the broken copies exercise most rules


def test_a_build_validates_the_same_in_parallel_and_in_one_dataset(bundled: Path) -> None:
    parallel = validate_build(bundled, jobs=1, use_cache=False)
    assert parallel.to_text() == validate_path(bundled).to_text()
    assert parallel.conforms and parallel.graphs >= 14


# ---------------------------------------------------------------- refusing what it cannot do

SHAPES_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.mark.parametrize("shape, parameter", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ;"
     ' sh:xone ( [ sh:class ex:A ] [ sh:class ex:B ] ) ; sh:message "m" .', "xone"),
    ("ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:hasValue 1 ;"
     ' sh:message "m" .', "hasValue"),
    ('ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ( ex:p ex:q ) ; sh:minCount 1 ;'
     ' sh:message "m" .', "sh:path"),
    ('ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:qualifiedMinCount 1 ;'
     ' sh:qualifiedValueShape [ sh:class ex:A ] ; sh:message "m" .', "qualified"),
    ("ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:minCount 1 .",
     "sh:message"),
    ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "m" ;'
     ' sh:sparql [ sh:ask "ASK {}" ] .', "ask"),
    ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:minCount 1 ] ;'
     ' sh:message "m" .', "no sh:path"),
    ('ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "m" ; sh:sparql [ sh:select'
     ' "SELECT $this WHERE { $this ex:p ?v FILTER (DATATYPE(?v) = xsd:positiveInteger) }" ] .',
     "derived integer"),
])
def test_an_unsupported_feature_is_refused_naming_the_shape(shape: str, parameter: str) -> None:
    shapes = Graph().parse(data=SHAPES_PREFIXES + shape, format="turtle")
    with pytest.raises(Unsupported) as info:
        compile_shapes(shapes)
    assert "https://example.org/S" in str(info.value) and parameter in str(info.value)


def test_an_unsupported_feature_is_refused_even_in_an_untargeted_shape() -> None:
    shapes = Graph().parse(data=SHAPES_PREFIXES + (
        'ex:S a sh:NodeShape ; sh:in ( 1 2 ) ; sh:message "m" .'), format="turtle")
    with pytest.raises(Unsupported, match=r"example.org/S.*shacl#in\b"):
        compile_shapes(shapes)


def test_our_shapes_compile() -> None:
    targeted = compile_shapes(shapes_graph())
    assert len(targeted) > 20


@pytest.mark.slow
def test_parallel_validation_with_either_engine(built: Path) -> None:
    """The worker path of each engine (N-Triples straight into kg.validation.fast, or an rdflib
    graph
    for pyshacl) gives the same report; the result cache keeps them apart."""
    from kg.validation.runner import validator_fingerprint

    fast = validate_build(built, jobs=1, use_cache=False)
    reference = validate_build(built, jobs=1, use_cache=False, engine="pyshacl")
    assert fast.to_text() == reference.to_text() and fast.graphs == reference.graphs >= 2
    levels = ("resolution", "recommended")
    assert (validator_fingerprint("https://w3id.org/unres/", levels, "fast")
            != validator_fingerprint("https://w3id.org/unres/", levels, "pyshacl"))
    with pytest.raises(ValueError, match="unknown validation engine"):
        validate_build(built, engine="jena")


# ---------------------------------------------------------------- features our data rarely shows

FEATURES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix t: <https://w3id.org/unres/shapes#> .
@prefix ex: <https://example.org/> .

t:T01-Thing a sh:NodeShape ; sh:targetClass ex:Thing ; sh:message "thing"@en ;
    sh:closed true ; sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;
    sh:property t:T02-size , t:T03-label , t:T04-part , t:T05-kind , t:T06-same ;
    sh:sparql t:T07-union , t:T08-plain .
t:T02-size a sh:PropertyShape ; sh:path ex:size ; sh:message "size"@en ; sh:maxCount 1 ;
    sh:datatype xsd:integer ; sh:minInclusive 1 ; sh:maxInclusive 9 .
t:T03-label a sh:PropertyShape ; sh:path ex:label ; sh:message "label"@en ; sh:minCount 1 ;
    sh:languageIn ( "en" "fr" ) ; sh:pattern "^a" ; sh:flags "i" ; sh:minLength 2 ;
    sh:maxLength 5 .
t:T04-part a sh:PropertyShape ; sh:path [ sh:inversePath ex:has ] ; sh:message "part"@en ;
    sh:class ex:Whole ; sh:nodeKind sh:IRI ; sh:node t:T09-Named .
t:T05-kind a sh:PropertyShape ; sh:path ex:kind ; sh:message "kind"@en ;
    sh:or ( [ sh:class ex:A ] [ sh:datatype xsd:string ] ) ; sh:not [ sh:class ex:Bad ] .
t:T06-same a sh:PropertyShape ; sh:path ex:left ; sh:message "same"@en ; sh:equals ex:right .
t:T07-union a sh:SPARQLConstraint ; sh:message "union {?value} of {$this}"@en ;
    sh:select \"\"\"SELECT $this ?value WHERE {
        { $this <https://example.org/twin> ?value }
        UNION { ?value <https://example.org/twin> $this }
    }\"\"\" .
t:T08-plain a sh:SPARQLConstraint ; sh:message "plain {?n}"@en ;
    sh:select \"\"\"SELECT $this ?path (COUNT(?x) AS ?n) WHERE {
        $this <https://example.org/left> ?x . BIND (<https://example.org/left> AS ?path)
    } GROUP BY $this ?path HAVING (COUNT(?x) > 1)\"\"\" .
t:T09-Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
"""

FEATURE_DATA = """
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Special rdfs:subClassOf ex:Thing .  ex:Whole2 rdfs:subClassOf ex:Whole .
ex:B rdfs:subClassOf ex:A .
ex:one a ex:Thing ; ex:size 3 ; ex:label "abc"@en ; ex:kind ex:b1 , "text" ; ex:left ex:x ;
    ex:right ex:x .
ex:w1 a ex:Whole2 ; ex:has ex:one ; ex:name "w" .
ex:b1 a ex:B .
ex:two a ex:Special ; ex:size "x"^^xsd:integer , 12 ; ex:label "Abcdefg"@de , "b"@fr ;
    ex:kind 5 , ex:bad ; ex:left ex:x , ex:y ; ex:right ex:z ; ex:twin ex:one ; ex:other 1 .
ex:bad a ex:Bad , ex:A .
ex:w2 a ex:Part ; ex:has ex:two .
_:b ex:has ex:two .
"""


def test_features_beyond_our_data_agree_with_pyshacl() -> None:
    """Subclasses in targets and sh:class, closed shapes, inverse paths, sh:or/not/node,
    ranges, lengths, flags, and SPARQL constraints run per focus node (a UNION: no batch) or
    batched (an aggregate grouped by $this), against pyshacl on the same shapes."""
    from kg.validation import entrypoints as v
    from kg.validation.fast import Index, Reference, validate

    shapes = Graph().parse(data=FEATURES, format="turtle")
    data = Graph().parse(data=FEATURE_DATA, format="turtle")
    compiled = compile_shapes(shapes)
    union = next(c for s in compiled for c in s.sparql if "T07" in str(c.node))
    assert union.batch is None  # ?this in a UNION branch: run once per focus node
    copy = Graph()
    copy += data
    reference = v.run_pyshacl(copy, data, shapes).results
    fast = validate(compiled, Index.from_graph(data), Reference(Index()))
    assert fast == reference
    assert {r.shape for r in fast} >= {"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08"}


def test_a_word_in_a_comment_does_not_stop_batching() -> None:
    """A query is run once for all focus nodes unless its code (not a comment, not an IRI)
    has a form where that differs from pre-binding ?this."""
    from kg.validation.fast.queries import batched

    plain = ("SELECT ?this ?v WHERE {\n ?this <urn:p> ?v . # not MINUS, not VALUES\n"
             " FILTER (?v != <http://example.org/a#VALUES>)\n}")
    assert batched(plain) is not None
    assert batched("SELECT ?this ?v WHERE { ?this <urn:p> ?v MINUS { ?this <urn:q> ?v } }") \
        is None
