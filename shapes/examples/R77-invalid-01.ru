# Invalid: an organ whose AKN4UN actor is not a slug.
# expect: R77 skos:notation organization:test-organ
INSERT DATA { organization:test-organ a unres:Organ ; skos:prefLabel "Test Organ"@en ; rdfs:label "Test Organ"@en ; skos:notation "Test Organ" }
