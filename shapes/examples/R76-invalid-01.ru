# Invalid: an organ's resolution symbol prefix without its final slash.
# expect: R76 unres:resolutionSymbolPrefix organization:test-organ
INSERT DATA { organization:test-organ a unres:Organ ; skos:prefLabel "Test Organ"@en ; rdfs:label "Test Organ"@en ; unres:resolutionSymbolPrefix "T/RES" }
