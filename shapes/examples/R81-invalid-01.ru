# Invalid: an addressee in no scheme.
# expect: R81 skos:inScheme concept:test-addressee
INSERT DATA { concept:test-addressee a unres:Addressee , skos:Concept ; skos:prefLabel "test addressees"@en }
