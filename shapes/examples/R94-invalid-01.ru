# Invalid: a vote value in no scheme.
# expect: R94 skos:inScheme <https://w3id.org/unres/akn/ontology/concept/un/vote/maybe>
INSERT DATA { <https://w3id.org/unres/akn/ontology/concept/un/vote/maybe> a unres:VoteValue , skos:Concept ; skos:prefLabel "maybe"@en }
