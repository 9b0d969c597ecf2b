"""What the built graph must say about both seeds, asked as a consumer would: with SPARQL."""

from __future__ import annotations

import pytest

from kg.builddir.dumps import read_dump
from kg.builddir.store import open_build

PREFIXES = """
PREFIX unres: <https://w3id.org/unres/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
BASE = "https://w3id.org/unres/"
W56 = BASE + "akn/un/statement/deliberation/unga/2001-12-19/56-163"
W57 = BASE + "akn/un/statement/deliberation/unga/2002-12-18/57-209"


@pytest.fixture(scope="module")
def ask(built):
    store, _ = open_build(built)

    def run(query: str):
        result = store.query(PREFIXES + query, use_default_graph_as_union=True)
        if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
            return bool(result)
        return [{v.value: (s[v].value if s[v] is not None else None) for v in result.variables}
                for s in result]

    return run


def test_resolution_metadata_56_163(ask):
    rows = ask(f"""SELECT * WHERE {{ <{W56}> a unres:Resolution ; dcterms:identifier ?symbol ;
        eli:title ?title ; eli:date_document ?adopted ; eli:date_publication ?distributed ;
        unres:adoptedAtMeeting ?meeting ; unres:session ?session ;
        unres:onReportOf [ dcterms:identifier ?report ] ; unres:considerAtSession ?next ;
        eli:passed_by [ skos:prefLabel ?organ ] }}""")
    assert len(rows) == 1
    row = rows[0]
    assert row["symbol"] == "A/RES/56/163"
    assert row["title"].startswith("Declaration on the Right and Responsibility")
    assert (row["adopted"], row["distributed"]) == ("2001-12-19", "2002-02-20")
    assert (row["meeting"], row["session"], row["next"]) == ("88", "56", "57")
    assert (row["report"], row["organ"]) == ("A/56/583/Add.2", "General Assembly")


def test_dates_and_numbers_are_typed(ask, built):
    assert ask(f"""ASK {{ <{W56}> eli:date_document "2001-12-19"^^xsd:date }}""")
    # The store canonicalises xsd:positiveInteger to xsd:integer; the dumps keep the model's type.
    from rdflib import Dataset, Literal, URIRef
    from rdflib.namespace import XSD

    ds = Dataset()
    ds.parse(data=read_dump(built, "trig"), format="trig")
    meeting = URIRef("https://w3id.org/unres/ontology#adoptedAtMeeting")
    assert (URIRef(W57), meeting, Literal("77", datatype=XSD.positiveInteger)) in ds.graph(
        URIRef(BASE + "graph/unga/2002-12-18/57-209"))


@pytest.mark.parametrize(("work", "counts"), [(W56, (9, 7)), (W57, (13, 12))])
def test_paragraph_counts(ask, work, counts):
    rows = ask(f"""SELECT ?kind (COUNT(?p) AS ?n) WHERE {{ ?p eli:is_part_of <{work}> ; a ?kind .
        FILTER(?kind IN (unres:PreambularParagraph, unres:OperativeParagraph)) }} GROUP BY ?kind""")
    found = {r["kind"].rsplit("#", 1)[1]: int(r["n"]) for r in rows}
    assert (found["PreambularParagraph"], found["OperativeParagraph"]) == counts


def test_operative_phrases_56_163_in_order(ask):
    rows = ask(f"""SELECT ?label WHERE {{ ?p eli:is_part_of <{W56}> ; a unres:OperativeParagraph ;
        unres:position ?pos ; unres:openingPhrase/skos:prefLabel ?label }} ORDER BY ?pos""")
    assert [r["label"] for r in rows] == ["calls upon", "takes note with appreciation",
                                          "emphasizes", "urges", "requests", "calls upon",
                                          "decides"]


def test_positions_are_reading_order(ask):
    rows = ask(f"""SELECT ?id ?pos WHERE {{ ?p eli:is_part_of <{W56}> ; eli:id_local ?id ;
        unres:position ?pos }} ORDER BY ?pos""")
    assert [r["id"] for r in rows][:2] == ["preamble__p_1", "preamble__p_2"]
    assert [r["id"] for r in rows][9] == "para_1"
    assert [int(r["pos"]) for r in rows] == list(range(1, 17))


def test_paragraph_iris_follow_akn4un(ask):
    assert ask(f"""ASK {{ <{W56}/!main~preamble__p_1> a unres:PreambularParagraph .
                         <{W56}/!main~para_7> a unres:OperativeParagraph ; eli:number "7" }}""")


def test_inline_footnotes_56_163(ask):
    rows = ask(f"""SELECT ?n ?text ?ptext WHERE {{ ?p eli:is_part_of <{W56}> ; unres:text ?ptext ;
        unres:footnote [ eli:number ?n ; unres:text ?text ] }} ORDER BY ?n""")
    assert [(r["n"], r["text"]) for r in rows] == [("1", "Resolution 53/144, annex."),
                                                   ("2", "A/56/341 and E/CN.4/2001/94.")]
    assert all("annex." not in r["ptext"] and "E/CN.4" not in r["ptext"] for r in rows)


def test_citations_56_163(ask):
    rows = ask(f"""SELECT DISTINCT ?id WHERE {{ ?p eli:is_part_of <{W56}> ; eli:cites ?c .
        ?c dcterms:identifier ?id }}""")
    assert {r["id"] for r in rows} == {"A/RES/53/144", "A/56/341", "E/CN.4/2001/94"}


def test_boilerplate_is_dropped(ask):
    assert not ask("""ASK { ?p unres:text ?t . FILTER(CONTAINS(?t, "Copyright")
                          || CONTAINS(?t, "SITE MAP") || CONTAINS(?t, "plenary meeting")) }""")


def test_footnotes_57_209(ask):
    rows = ask(f"""SELECT ?id ?n WHERE {{ ?p eli:is_part_of <{W57}> ; eli:id_local ?id ;
        unres:footnote [ eli:number ?n ] }} ORDER BY ?n""")
    assert [(r["id"], r["n"]) for r in rows] == [("preamble__p_9", "1"), ("para_2", "2")]
    rows = ask(f"""SELECT ?t WHERE {{ <{W57}/!main~para_2> unres:text ?t }}""")
    assert ("Secretary-General on human rights defenders and her contribution" in rows[0]["t"])


def test_footnote_2_of_57_209_cites_six_documents(ask):
    rows = ask(f"""SELECT DISTINCT ?id WHERE {{ <{W57}/!main~para_2__authorialNote_2> eli:cites ?d .
        ?d a unres:Document ; dcterms:identifier ?id }}""")
    assert sorted(r["id"] for r in rows) == sorted([
        "E/CN.4/2001/94", "A/56/341", "E/CN.4/2002/106", "E/CN.4/2002/106/Add.1",
        "E/CN.4/2002/106/Add.2", "A/57/182"])


def test_footnote_1_of_57_209_cites_resolution_and_iccpr(ask):
    rows = ask(f"""SELECT ?c ?id ?label WHERE {{ <{W57}/!main~preamble__p_9__authorialNote_1>
        eli:cites ?c . OPTIONAL {{ ?c dcterms:identifier ?id }}
        OPTIONAL {{ ?c skos:prefLabel ?label }} }}""")
    assert {r["id"] for r in rows} - {None} == {"A/RES/2200 A (XXI)"}
    assert "International Covenant on Civil and Political Rights" in {r["label"] for r in rows}


def test_short_names_resolve_to_instruments(ask):
    # "article 4 of the Covenant" and "the Declaration" (57/209 PP9, OP9)
    rows = ask(f"""SELECT ?label WHERE {{ <{W57}/!main~para_9> eli:cites [ a unres:Instrument ;
        rdfs:label ?label ] }}""")
    assert [r["label"] for r in rows] == ["Declaration on Human Rights Defenders"]


def test_one_mandate_shared_by_both_resolutions(ask):
    rows = ask("""SELECT ?m (COUNT(DISTINCT ?r) AS ?n) WHERE { ?p unres:mentions ?m ;
        eli:is_part_of ?r . ?m a unres:Mandate } GROUP BY ?m""")
    assert len(rows) == 1 and rows[0]["n"] == "2"
    assert rows[0]["m"].endswith("/akn/ontology/role/un/srsg-human-rights-defenders")


def test_phrases_are_skos_concepts_in_schemes(ask):
    assert not ask("""ASK { ?p unres:openingPhrase ?c .
        FILTER NOT EXISTS { ?c a skos:Concept ; skos:inScheme ?s ; skos:prefLabel ?l } }""")


def test_provenance_per_graph(ask):
    rows = ask("""SELECT ?g ?file ?sha ?tool WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?src ;
        unres:toolVersion ?tool . ?src rdfs:label ?file ; unres:sha256 ?sha } } ORDER BY ?file""")
    assert [r["file"] for r in rows] == ["000_bccda29d65a91df4.txt", "001_c8e08ed3fe9b88b9.txt"]
    assert all(len(r["sha"]) == 64 and r["tool"].startswith("kg ") for r in rows)
