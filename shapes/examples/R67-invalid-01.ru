# Invalid: votes against typed xsd:integer, not xsd:nonNegativeInteger.
# expect: R67 unres:votesAgainst <56-163>
INSERT DATA { <56-163> unres:votesAgainst "14"^^xsd:integer }
