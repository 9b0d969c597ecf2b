# Valid: a resolution adopted from a draft (cited by symbol) with a recorded vote.
# expect: nothing
INSERT DATA {
    <56-163> unres:adoptedFromDraft <https://w3id.org/unres/symbol/A/C.3/56/L.66> ;
        unres:voteOutcome "127-14-41" ; unres:votesInFavour "127"^^xsd:nonNegativeInteger ;
        unres:votesAgainst "14"^^xsd:nonNegativeInteger ; unres:abstentions "41"^^xsd:nonNegativeInteger .
    <https://w3id.org/unres/symbol/A/C.3/56/L.66> a unres:Document ; dcterms:identifier "A/C.3/56/L.66" .
}
