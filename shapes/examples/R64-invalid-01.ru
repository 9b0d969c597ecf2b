# Invalid: an ill-typed count of votes in favour (negative).
# expect: R64 unres:votesInFavour <56-163>
INSERT DATA { <56-163> unres:votesInFavour "-3"^^xsd:nonNegativeInteger }
