# Invalid: a mandate without its preferred label.
# expect: R90 skos:prefLabel role:test-mandate
INSERT DATA { role:test-mandate a unres:Mandate ; rdfs:label "Test mandate"@en }
