# Invalid: an opening phrase that is not a skos:Concept.
# expect: R85 - concept:test-phrase
INSERT DATA { concept:test-phrase a unres:OpeningPhrase ; skos:prefLabel "test phrase"@en ; skos:inScheme concept:operative-phrases }
