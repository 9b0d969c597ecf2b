# Invalid: an organ whose former AKN4UN actor is not a slug.
# expect: R79 unres:formerActor organization:test-organ
INSERT DATA { organization:test-organ a unres:Organ ; skos:prefLabel "Test Organ"@en ; rdfs:label "Test Organ"@en ; skos:notation "test" ; unres:formerActor "Test Organ" }
