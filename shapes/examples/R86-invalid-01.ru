# Invalid: an opening phrase whose label is not lower case.
# expect: R86 skos:prefLabel concept:test-phrase
INSERT DATA { concept:test-phrase a unres:OpeningPhrase , skos:Concept ; skos:prefLabel "Test Phrase"@en ; skos:inScheme concept:operative-phrases }
