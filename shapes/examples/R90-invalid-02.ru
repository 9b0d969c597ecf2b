# Invalid: a concept scheme without a label.
# expect: R90 skos:prefLabel concept:test-scheme
INSERT DATA { concept:test-scheme a skos:ConceptScheme }
