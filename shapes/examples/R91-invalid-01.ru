# Invalid: a mandate without a display label.
# expect: R91 rdfs:label role:test-mandate
INSERT DATA { role:test-mandate a unres:Mandate ; skos:prefLabel "Test mandate"@en }
