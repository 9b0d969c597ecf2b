# Invalid: an instrument adopted by a string instead of a resolution IRI.
# expect: R66 unres:adoptedBy concept:test-instrument
INSERT DATA { concept:test-instrument a unres:Instrument ; skos:prefLabel "Test Convention"@en ; rdfs:label "Test Convention"@en ; unres:adoptedBy "A/RES/1/1" }
