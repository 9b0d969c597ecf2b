# Invalid: an addressee that is not a skos:Concept.
# expect: R80 - concept:test-addressee
INSERT DATA { concept:test-addressee a unres:Addressee ; skos:prefLabel "test addressees"@en ; skos:inScheme concept:addressees }
